# kubelab script --seed 11
curl -sLO https://k8s.io/examples/pods/pod-with-scheduling-gates.yaml
curl -sLO https://k8s.io/examples/pods/pod-without-scheduling-gates.yaml
kubectl apply -f pod-with-scheduling-gates.yaml
kubectl get pod test-pod
kubectl get pod test-pod -o jsonpath='{.spec.schedulingGates}'
sleep 30
kubectl get pod test-pod -o wide
kubectl describe pod test-pod
kubectl get pod test-pod -o yaml
kubectl get events --field-selector involvedObject.name=test-pod
kubectl patch pod test-pod --type=json -p '[{"op":"add","path":"/spec/schedulingGates/-","value":{"name":"example.com/baz"}}]'
kubectl patch pod test-pod -p '{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"}}}'
kubectl patch pod test-pod -p '{"spec":{"nodeSelector":{"kubernetes.io/os":"windows"}}}'
kubectl patch pod test-pod --type=json -p '[{"op":"remove","path":"/spec/schedulingGates/0"}]'
kubectl get pod test-pod -o jsonpath='{.spec.schedulingGates}'
kubectl get pod test-pod
kubectl apply -f pod-without-scheduling-gates.yaml
sleep 5
kubectl get pod test-pod -o wide
kubectl get pod test-pod -o jsonpath='{.status.conditions[?(@.type=="PodScheduled")]}'
cat > bad-gates.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: bad-gates
spec:
  schedulingGates:
  - name: example.com/foo
  - name: example.com/foo
  - name: "-bad-"
  containers:
  - name: pause
    image: registry.k8s.io/pause:3.6
EOF
kubectl apply -f bad-gates.yaml
echo '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bound-gated"},"spec":{"nodeName":"worker-1","schedulingGates":[{"name":"example.com/foo"}],"containers":[{"name":"pause","image":"registry.k8s.io/pause:3.6"}]}}' > bound-gated.json
kubectl create -f bound-gated.json
cat > affine.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: affine
spec:
  schedulingGates:
  - name: example.com/foo
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: kubernetes.io/os
            operator: In
            values: ["linux"]
  tolerations:
  - key: example.com/t
    operator: Exists
    effect: NoSchedule
  containers:
  - name: pause
    image: registry.k8s.io/pause:3.6
EOF
kubectl apply -f affine.yaml
kubectl patch pod affine --type=json -p '[{"op":"add","path":"/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/-","value":{"key":"kubernetes.io/arch","operator":"Exists"}}]'
kubectl patch pod affine --type=json -p '[{"op":"replace","path":"/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/values","value":["windows"]}]'
kubectl patch pod affine --type=json -p '[{"op":"add","path":"/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/-","value":{"matchExpressions":[{"key":"a","operator":"Exists"}]}}]'
kubectl patch pod affine --type=json -p '[{"op":"add","path":"/spec/tolerations/-","value":{"key":"example.com/u","operator":"Exists","effect":"NoSchedule"}}]'
kubectl patch pod affine --type=json -p '[{"op":"replace","path":"/spec/tolerations/0/effect","value":"NoExecute"}]'
kubectl get pod affine -o jsonpath='{.spec.affinity}'
kubectl delete pod affine
kubectl create deployment gated --image=nginx:1.27 --replicas=2 --dry-run=client -o yaml > gated.yaml
sed -i 's/    spec:/    spec:\n      schedulingGates:\n      - name: example.com\/hold/' gated.yaml
kubectl apply -f gated.yaml
sleep 10
kubectl get deploy,rs,pods -l app=gated
kubectl describe deployment gated
