# kubelab script --seed 7
curl -sLO https://k8s.io/examples/controllers/replication.yaml
kubectl create -f replication.yaml --dry-run=client -o yaml
kubectl apply -f replication.yaml
kubectl describe replicationcontrollers/nginx
sleep 20
kubectl get rc
kubectl get rc -o wide
kubectl describe replicationcontrollers/nginx
kubectl get pods --selector=app=nginx --output=jsonpath={.items..metadata.name}
kubectl get all
kubectl get rc nginx -o yaml
kubectl get pods -l app=nginx -o jsonpath='{.items[0].metadata.ownerReferences}'
kubectl scale rc nginx --replicas=5
sleep 10
kubectl get rc nginx
kubectl get rc nginx -o jsonpath='{.status}'
kubectl scale rc nginx --replicas=1
sleep 40
kubectl get rc
kubectl describe rc nginx
kubectl api-resources --api-group=''
kubectl explain rc
kubectl explain rc.spec
kubectl explain rc.status
kubectl explain podtemplates
kubectl get --raw /apis/autoscaling/v1/namespaces/default/replicationcontrollers/nginx/scale
kubectl get --raw /api/v1/namespaces/default/replicationcontrollers/nginx/scale
kubectl rollout status rc/nginx
kubectl rollout history rc/nginx
kubectl get podtemplates
kubectl get rc,pods --show-labels
kubectl expose rc nginx --port=80 --target-port=8000
kubectl get svc nginx -o jsonpath='{.spec.selector}'
kubectl delete rc nginx --cascade=orphan
kubectl get pods -l app=nginx
