# kubelab script --seed 5
kubectl create deployment web --image=nginx:1.26 --replicas=3 --port=80
kubectl create deployment api --image=httpd:2.4 --replicas=2
kubectl set resources deployment api --requests=cpu=100m,memory=64Mi --limits=cpu=200m,memory=128Mi
sleep 30
kubectl autoscale deployment api --min=2 --max=5 --cpu-percent=60
kubectl autoscale deployment web --min=3 --max=6 --cpu-percent=50
kubectl get hpa
sleep 60
kubectl set image deployment/web nginx=nginx:1.27
sleep 2
kubectl get deploy
kubectl get rs
kubectl get rs -o wide
kubectl get pods -l app=web
kubectl describe deploy web
kubectl rollout status deployment/web
kubectl get deploy,rs -o wide
kubectl get hpa
kubectl get hpa -o wide
kubectl describe hpa api
kubectl describe hpa web
kubectl get ds -A
kubectl get ds -n kube-system -o wide
kubectl describe ds -n kube-system kube-proxy
kubectl describe rs -l app=api
kubectl get all
kubectl get all -A
kubectl get deploy web -o yaml
kubectl get deploy -o json
kubectl get rs -o custom-columns=NAME:.metadata.name,DESIRED:.spec.replicas,OWNER:.metadata.ownerReferences[0].name
kubectl get deploy --sort-by=.spec.replicas
kubectl get deploy -L app --show-labels
kubectl get deployments.apps api -o name
kubectl get deployment/api replicaset
kubectl describe deploy nope
kubectl top nodes
kubectl top pods
kubectl top pods -A --sort-by=memory
