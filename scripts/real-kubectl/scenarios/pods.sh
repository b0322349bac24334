# kubelab script --seed 3
kubectl run ok --image=nginx:1.27 --labels=app=ok,tier=web
kubectl run pull --image=nginx:does-not-exist
kubectl run crash --image=busybox:1.36 -- sh -c 'exit 1'
kubectl run done --image=busybox:1.36 --restart=Never -- sh -c 'echo hi'
kubectl run fail --image=busybox:1.36 --restart=Never -- sh -c 'exit 2'
cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: huge
  labels:
    app: huge
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: "64"
---
apiVersion: v1
kind: Pod
metadata:
  name: init
spec:
  initContainers:
  - name: wait
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
  containers:
  - name: app
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: hog
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        memory: 32Mi
      limits:
        memory: 64Mi
---
apiVersion: v1
kind: Pod
metadata:
  name: slowstop
  labels:
    app: slowstop
spec:
  terminationGracePeriodSeconds: 120
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
EOF
kubectl get pods
sleep 40
sim leak hog 20Mi
sleep 5
kubectl get pod hog
kubectl describe pod hog
sleep 15
kubectl delete pod slowstop --wait=false
kubectl run fresh --image=httpd:2.4
kubectl get pods
sleep 1
kubectl get pod fresh
kubectl describe pod fresh
kubectl get pods -o wide
kubectl get pods --show-labels
kubectl get pods -L app,tier
kubectl get pods --sort-by=.metadata.name --no-headers
kubectl get pods --sort-by=.status.phase
kubectl get pods -l app=ok
kubectl get pods -l 'app in (ok,huge)' -o name
kubectl get pods --field-selector status.phase=Running
kubectl get pods --field-selector status.phase=Pending,metadata.name=huge -o wide
kubectl get pods -o jsonpath='{.items[*].metadata.name}'
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}'
kubectl get pod ok -o jsonpath='{.spec.containers[0].image}{"\n"}'
kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IP:.status.podIP
kubectl get pod ok -o yaml
kubectl get pod crash -o json
kubectl get pod hog -o yaml
kubectl get pod nope
kubectl get pods ok nope
kubectl describe pod ok
kubectl describe pod pull
kubectl describe pod crash
kubectl describe pod done
kubectl describe pod fail
kubectl describe pod huge
kubectl describe pod init
kubectl describe pod hog
kubectl describe pod slowstop
kubectl describe pod nope
kubectl get po,svc
kubectl get pods -A
kubectl get pods -n kube-system -o wide
