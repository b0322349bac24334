# kubelab script --seed 7
timeout 15 kubectl get pods -w
kubectl create deployment web --image=nginx:1.26 --replicas=3
timeout 20 kubectl get pods -w
kubectl rollout status deployment/web
kubectl set image deployment/web nginx=nginx:1.27
timeout 40 kubectl get pods -o wide -w
kubectl rollout status deployment/web
kubectl set image deployment/web nginx=nginx:1.28
kubectl rollout status deployment/web --timeout=60s
kubectl scale deployment web --replicas=5
timeout 10 kubectl get pods --watch-only
kubectl scale deployment web --replicas=2
timeout 30 kubectl get pods --output-watch-events -w
kubectl create deployment api --image=httpd:2.4 --replicas=2
timeout 10 kubectl get pods -l app=api -w
timeout 10 kubectl get pods -o name -w -l app=api
kubectl label pods -l app=api tier=backend
timeout 5 kubectl get deploy -w
kubectl scale deployment api --replicas=1
timeout 20 kubectl get deploy api -w
kubectl scale deployment api --replicas=3
timeout 20 kubectl get pods -l app=api -o jsonpath='{.metadata.name}{" "}{.status.phase}{"\n"}' -w
kubectl scale deployment api --replicas=1
timeout 20 kubectl get pods -l app=api -o custom-columns=NAME:.metadata.name,PHASE:.status.phase -w
kubectl expose deployment web --name=web-lb --type=LoadBalancer --port=80
timeout 20 kubectl get svc -w
kubectl run one --image=busybox:1.36 --restart=Never -- sleep 3600
timeout 10 kubectl get pod one -o json -w
kubectl wait --for=condition=Ready pod/one --timeout=30s
kubectl wait --for=jsonpath='{.status.phase}'=Running pod/one
kubectl delete pod one --wait=false
kubectl wait --for=delete pod/one --timeout=60s
kubectl wait --for=condition=Available deployment/web --timeout=60s
kubectl wait pods -l app=web --for=condition=Ready -o name
kubectl wait pods -l app=web --for=condition=Ready -o jsonpath='{.metadata.name}{"\n"}'
kubectl get ns -w
kubectl create deployment broken --image=nginx:no-such-tag
kubectl rollout status deployment/broken --timeout=5s
kubectl wait --for=condition=Available deployment/broken --timeout=3s
sim node stop worker-1
timeout 60 kubectl get nodes -w
