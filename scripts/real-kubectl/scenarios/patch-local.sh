# kubelab script --seed 7
kubectl create deployment web --image=nginx:1.25 --dry-run=client -o yaml > web.yaml
kubectl patch --local -f web.yaml -p '{"spec":{"replicas":3}}' -o yaml
kubectl patch --local -f web.yaml -p '{"spec":{"replicas":3}}'
kubectl patch --local -f web.yaml --type=merge -p '{"metadata":{"labels":{"tier":"front"}}}' -o jsonpath='{.metadata}'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"replace","path":"/spec/replicas","value":2}]' -o jsonpath='{.spec.replicas}'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"remove","path":"/spec/zz"}]'
kubectl patch --local -f web.yaml -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}' -o yaml
kubectl patch --local -n kube-system -f web.yaml -p '{}' -o name
kubectl patch --local deployment web -p '{}'
kubectl patch --local -f web.yaml -p '{}' --dry-run=server
kubectl patch --local -p '{}'
kubectl get deployments
cat > cm.yaml <<YAML
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  namespace: other
data:
  a: "1"
YAML
kubectl patch --local -f cm.yaml -p '{"data":{"a":"1"}}'
kubectl patch --local -f cm.yaml -p '{"data":{"b":"2"}}' -o yaml
kubectl patch --local -f web.yaml --type=json -p '[{"op":"remove","path":"/spec/a/b"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"add","path":"/spec/a/b","value":1}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/5","value":{}}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/x","value":{}}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/-","value":{"name":"b","image":"busybox"}}]' -o jsonpath='{.spec.template.spec.containers[*].name}'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/-1","value":{"name":"c"}}]' -o jsonpath='{.spec.template.spec.containers[*].name}'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"replace","path":"/spec/nope","value":1}]' -o jsonpath='{.spec.nope}'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"replace","path":"/spec/a/b","value":1}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/3","value":1}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"remove","path":"/spec/template/spec/containers/3"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"remove","path":"/spec/template/spec/containers/x"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"test","path":"/spec/replicas","value":2}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"test","path":"/spec/replicas","value":1}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"test","path":"/spec/a/b","value":1}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"test","path":"/spec/nope","value":null}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"move","from":"/spec/nope","path":"/spec/x"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"move","from":"/spec/a/b","path":"/spec/x"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"move","from":"/spec/replicas","path":"/spec/a/b"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"move","from":"/spec/replicas","path":"/metadata/annotations/r"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"copy","from":"/spec/replicas","path":"/spec/x"}]' -o jsonpath='{.spec.x}'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"copy","from":"/spec/a/b","path":"/spec/x"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"copy","from":"/spec/template/spec/containers/4","path":"/spec/x"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"frob","path":"/spec"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"path":"/spec"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"add","value":1}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"replace","value":1}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"move","path":"/x"}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"copy","from":"/spec","value":1}]'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"replace","path":5,"value":1}]'
kubectl patch --local -f web.yaml --type=json -p '[1]'
kubectl patch --local -f web.yaml --type=json -p '{"op":"add"}'
kubectl patch --local -f web.yaml --type=json -p '[{"op":"add","path":"spec/replicas","value":7}]' -o jsonpath='{.replicas} {.spec.replicas}'
kubectl patch --local -f web.yaml --type=merge -p '{"spec":{"replicas":null}}' -o jsonpath='{.spec}'
kubectl run p --image=nginx --dry-run=client -o jsonpath='{.spec.containers[0].name}' --override-type=json --overrides='[{"op":"remove","path":"/spec/nope"}]'
kubectl apply -f web.yaml
kubectl patch deployment web --type=json -p '[{"op":"remove","path":"/spec/nope"}]'
kubectl patch deployment web --type=json -p '[{"op":"test","path":"/spec/replicas","value":9}]'
kubectl patch deployment web --type=json -p '[{"op":"frob","path":"/spec"}]'
kubectl patch deployment web --type=json -p '[{"op":"remove","path":"/spec/nope"}]' --dry-run=client
kubectl scale deployment web --replicas=2
kubectl patch deployment web --subresource=scale --type=json -p '[{"op":"remove","path":"/spec/nope"}]'
