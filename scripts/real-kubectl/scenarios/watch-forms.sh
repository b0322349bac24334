# kubelab script --seed 11
kubectl create deployment web --image=nginx:1.26 --replicas=2
timeout 10 kubectl get pods -A -w -l app=web
timeout 10 kubectl get pods -w --no-headers
timeout 10 kubectl get pods -w --show-labels
timeout 10 kubectl get pods -w -L app -L pod-template-hash
kubectl scale deployment web --replicas=3
timeout 10 kubectl get pods -w -o yaml -l app=web --output-watch-events
kubectl scale deployment web --replicas=1
timeout 10 kubectl get pods -w -o json --output-watch-events
kubectl scale deployment web --replicas=2
timeout 10 kubectl get pods --watch-only -o name
timeout 10 kubectl get pods -w --sort-by=.metadata.name
timeout 10 kubectl get deploy,rs -w
timeout 10 kubectl get deploy/web rs -w
kubectl set image deployment/web nginx=nginx:1.27
timeout 30 kubectl get rs -w -o wide
timeout 5 kubectl get deploy web -w -o jsonpath='{.status.updatedReplicas}{"\n"}'
kubectl rollout status deployment/web --watch=false
kubectl rollout status deployment/web --revision=2
kubectl create job calc --image=busybox:1.36 -- sh -c 'sleep 5'
timeout 20 kubectl get job calc -w
kubectl create job calc2 --image=busybox:1.36 -- sh -c 'sleep 3'
kubectl wait --for=condition=complete job/calc2 --timeout=30s
timeout 20 kubectl get pods -w --field-selector=status.phase=Running
kubectl run sleeper --image=busybox:1.36 -- sleep 3600
timeout 10 kubectl get pod sleeper -w
kubectl delete pod sleeper --wait=false
timeout 40 kubectl get pod sleeper -w
kubectl run napper --image=busybox:1.36 -- sleep 3600
sleep 5
kubectl delete pod napper --wait=false
kubectl wait --for=delete pod/napper --timeout=60s
kubectl wait --for=condition=Ready pods --all --timeout=10s
timeout 10 kubectl get events -w --field-selector involvedObject.kind=Deployment
timeout 5 kubectl get pods -w nosuch
timeout 5 kubectl get pods -w nosuch --ignore-not-found
timeout 5 kubectl get ns -w -o custom-columns=NAME:.metadata.name --no-headers
cat <<EOF > ds.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: ["sleep", "3600"]
EOF
kubectl apply -f ds.yaml
kubectl rollout status ds/agent
kubectl set image ds/agent agent=busybox:1.37
kubectl rollout status daemonset/agent --timeout=120s
kubectl set image ds/agent agent=busybox:1.36
timeout 30 kubectl get ds -w
