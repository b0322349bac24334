# kubelab script --seed 5
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl run solo --image=nginx:1.27 --labels=app=solo
cat <<EOF2 | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: duo
  labels:
    app: duo
spec:
  containers:
  - name: app
    image: nginx:1.27
  - name: side
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
EOF2
sleep 90
kubectl get
kubectl get pod solo nope
kubectl get pods/solo
kubectl get pod pod/solo
kubectl get pod/solo deploy
kubectl get pod/solo/x
kubectl get /solo
kubectl get pod/
kubectl get pod,svc/solo
kubectl get pods,svc solo
kubectl get podz
kubectl get podz.apps
kubectl get pods.apps
kubectl get pods.v2
kubectl get foo,pods
kubectl get pods -o foo
kubectl get pods -o
kubectl get pods -o jsonpath
kubectl get pods -o jsonpath=
kubectl get pods -o 'jsonpath={.items[0'
kubectl get pods -o custom-columns
kubectl get pods -o custom-columns=
kubectl get pods -o custom-columns=NAME
kubectl get pods -o go-template
kubectl get pods -o go-template='{{.foo'
kubectl get pods -o name --show-kind
kubectl get pods --sort-by=.metadata.nam
kubectl get pods --sort-by=
kubectl get pods -l 'a in (b'
kubectl get pods -l '=x'
kubectl get pods -l 'a=b=c'
kubectl get pods -l '!'
kubectl get pods --field-selector foo=bar
kubectl get pods --field-selector 'x'
kubectl get pods --field-selector spec.nodeName!=x,status.phase=Running
kubectl get pods --field-selector metadata.name==solo
kubectl get pod solo -A
kubectl get pods -A solo
kubectl get pods solo -l app=solo
kubectl get pods solo --field-selector metadata.name=solo
kubectl get pods --show-kind
kubectl get pods --no-headers
kubectl get pods --no-headers -o wide
kubectl get pods -w -o foo
kubectl get pods,svc -w
kubectl get pods --watch-only --sort-by=.metadata.name -o foo
kubectl get nodes -A solo
kubectl get node solo -n default
kubectl get pods --chunk-size=-1
kubectl get pods --chunk-size=abc
kubectl get pods --raw /api
kubectl get --raw /api pods
kubectl get pods --subresource=status
kubectl get pod solo --subresource=foo
kubectl get pods -L
kubectl get pods --template
kubectl get pods -o yaml --template='{{.x}}'
kubectl get pods --all-namespaces=foo
kubectl get pods --ignore-not-found nope
kubectl get pod nope --ignore-not-found
kubectl get pod "" 
kubectl get ""
kubectl get pods -o wide -o name
kubectl get pods --output=json --sort-by=.foo
kubectl get all solo
kubectl get all -l app=solo
kubectl get pods --selector=
kubectl get pods -l app=solo -o name
kubectl get -f nope.yaml
kubectl get -f nope.yaml pods
kubectl get deployment/web,pods
kubectl get deploy web web
kubectl get pods -o kyaml
kubectl get pods -o jsonpath-as-json='{.items[0].metadata.name}'
kubectl get pods -o jsonpath-file=/nope
kubectl get pods -o custom-columns-file=/nope
kubectl get pods -o template
kubectl get pods -o templatefile
kubectl get pods -n
kubectl get pods -n NOPE
kubectl get pods --server-print=false
kubectl describe
kubectl describe podz
kubectl describe pod nope
kubectl describe pod solo nope
kubectl describe pods -l 'a in (b'
kubectl describe pod solo -l app=solo
kubectl describe pod/solo pod
kubectl describe pod solo -A
kubectl describe pods,svc solo
kubectl describe pod ""
kubectl describe nodes -l 'x=='
kubectl describe pod solo --show-events=foo
kubectl describe pod solo --chunk-size=x
kubectl describe -f nope.yaml
kubectl logs
kubectl logs nope
kubectl logs duo -c nope
kubectl logs solo -c nope
kubectl logs solo extra more
kubectl logs solo --tail=abc
kubectl logs solo --since=abc
kubectl logs solo --since=1h --since-time=2024-01-01T00:00:00Z
kubectl logs solo --since-time=abc
kubectl logs solo --since=-1s
kubectl logs solo --limit-bytes=-1
kubectl logs solo --tail=-2
kubectl logs deployment/nope
kubectl logs deploy/web -c nope
kubectl logs svc/nope
kubectl logs node/x
kubectl logs -l app=solo solo
kubectl logs -l 'a in (b'
kubectl logs solo --all-containers -c app
kubectl logs -f
kubectl logs solo --max-log-requests=0 -l app=solo
kubectl logs solo app extra
kubectl logs pod/solo app
kubectl exec
kubectl exec web
kubectl exec solo
kubectl exec solo ls
kubectl exec solo -- 
kubectl exec nope -- ls
kubectl exec solo -c nope -- ls
kubectl exec duo -c nope -- ls
kubectl exec -it solo
kubectl exec -it nope -- sh
kubectl exec deploy/nope -- ls
kubectl exec svc/nope -- ls
kubectl exec -p solo -- ls
kubectl exec solo -i -t -- sh
kubectl exec "" -- ls
kubectl attach
kubectl attach nope
kubectl attach solo -c nope
kubectl attach solo extra
kubectl attach deploy/nope
kubectl cp
kubectl cp a
kubectl cp a b c
kubectl cp a b
kubectl cp :/x /tmp/x
kubectl port-forward
kubectl port-forward solo
kubectl port-forward nope 8080
kubectl port-forward solo abc
kubectl port-forward solo 8080:abc
kubectl port-forward solo 99999
kubectl port-forward svc/nope 80
kubectl port-forward deploy/nope 80
kubectl port-forward solo :
kubectl port-forward solo 0
kubectl top
kubectl top pod
kubectl top pods solo
kubectl top pod nope
kubectl top pod --sort-by=foo
kubectl top pod --sort-by=cpu
kubectl top pod --containers
kubectl top pod -l 'a in (b'
kubectl top pod solo -l app=solo
kubectl top pod -A solo
kubectl top node
kubectl top node nope
kubectl top node --sort-by=foo
kubectl top node -l 'x=='
kubectl top node a b
kubectl top pod a b
kubectl top nodes --show-capacity
kubectl top pod --use-protocol-buffers=false
kubectl events --for
kubectl events --for=foo
kubectl events --for=pod/nope
kubectl events --for=podz/x
kubectl events --for=pod/solo/x
kubectl events --types=Foo
kubectl events --types=warning
kubectl events --types=Normal,Foo
kubectl events extra
kubectl events -o foo
kubectl events -A --for=pod/solo
kubectl wait
kubectl wait pod/solo
kubectl wait pod/solo --for=foo
kubectl wait pod/solo --for=condition
kubectl wait pod/solo --for=jsonpath
kubectl wait pod/solo --for=jsonpath=
kubectl wait pod/solo --for=jsonpath='{.status.phase}'
kubectl wait pod/solo --for=jsonpath='{.status.phase'=Running
kubectl wait pod/solo --for=jsonpath='{.status.phase}=Running' --timeout=abc
kubectl wait pod/solo --for=condition=Ready --timeout=-1s
kubectl wait pod/nope --for=condition=Ready --timeout=1s
kubectl wait pods --for=condition=Ready
kubectl wait --for=condition=Ready
kubectl wait --for=create pod/nope --timeout=1s
kubectl wait --for=delete pod/nope --timeout=1s
kubectl wait --for=Delete pod/nope
kubectl wait pod/solo --for=condition=Ready --all
kubectl wait pod -l 'a in (b' --for=condition=Ready
kubectl wait pod/solo --for=condition=Ready -o foo
kubectl explain
kubectl explain podz
kubectl explain pods.spec.nope
kubectl explain pods.spec.containers.nope
kubectl explain pods..spec
kubectl explain pods --recursive=foo
kubectl explain pods --api-version=v2
kubectl explain pods --api-version=foo/v1
kubectl explain pods deploy
kubectl explain pods -o foo
kubectl explain deployments.v1.apps
kubectl explain deploy.spec.template.spec.containers.name
kubectl explain pod.spec.containers.name.foo
kubectl api-resources extra
kubectl api-resources -o foo
kubectl api-resources --api-group=foo
kubectl api-resources --namespaced=foo
kubectl api-resources --verbs=foo
kubectl api-resources --sort-by=foo
kubectl api-resources --sort-by=kind
kubectl api-resources --categories=foo
kubectl api-resources --cached
kubectl api-resources -o name --no-headers --api-group=apps
kubectl api-versions extra
kubectl get pods,
kubectl get PODZ
kubectl get pod nope1 nope2 -o yaml
kubectl get pod nope1 nope2 -o name
kubectl get pod ..
kubectl get pod solo% 
kubectl get pod solo -n ..
kubectl get pods --show-labels -o yaml
kubectl get pods --output-watch-events
kubectl get --raw api
kubectl get --raw /healthz -o json
kubectl get pods -l app=solo --ignore-not-found -o yaml
kubectl get pod nope --ignore-not-found -o yaml
kubectl get all/solo
kubectl get pod/solo,svc
kubectl get deploy,rs -l 'a in (b'
kubectl describe all -l app=solo
kubectl port-forward solo 80:
kubectl port-forward solo 8080 --address=foo --address=localhost
kubectl logs solo --since-time=2024-01-01
kubectl logs solo --since-time=2024-01-01T00:00:00
kubectl logs solo -c app app
kubectl logs -l app=solo -c nope
kubectl logs node/control-plane
kubectl logs cm/kube-root-ca.crt
kubectl top pod -l '=x'
kubectl top node -l 'a in (b'
kubectl top pod --field-selector=x solo
kubectl wait --for=jsonpath='{.status.phase}'==Running pod/solo --timeout=1s
kubectl wait --for=jsonpath='{.status.phase}=Running=x' pod/solo
kubectl wait --for=jsonpath=Running pod/solo --timeout=0
kubectl wait --for=jsonpath="{.status.phase}=''" pod/solo
kubectl events --for=pod
kubectl events --for=deploy.apps/web
kubectl events --for=podz.apps/x
kubectl events --types=Normal,Foo -o foo
kubectl api-resources -o json --api-group=apps
kubectl api-resources -o yaml --api-group=coordination.k8s.io
kubectl delete pod solo --all
kubectl delete pods -l app=solo solo
kubectl get pods --namespace=
kubectl get pods -n "" -o name
kubectl get pods -n kube-system -o name -l k8s-app=kube-dns
