# kubelab script --seed 7
kubectl create deployment web --image=nginx --replicas=3
kubectl create pdb web --selector=app=web --min-available=2
kubectl get pdb
kubectl create poddisruptionbudget all --selector=app=web --max-unavailable=0 --dry-run=server -o yaml
kubectl create pdb half --selector='app in (web)' --max-unavailable=50%
kubectl create pdb none --selector=app=none --min-available=50%
kubectl create pdb bad --selector=app=web --min-available=101%
kubectl apply -f - <<< '{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"both"},"spec":{"minAvailable":1,"maxUnavailable":"10%","selector":{"matchLabels":{"app":"web"}}}}'
kubectl apply -f - <<< '{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"neg"},"spec":{"minAvailable":-1,"selector":{"matchLabels":{"app":"web"}},"unhealthyPodEvictionPolicy":"Sometimes"}}'
kubectl apply -f - <<< '{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"typo"},"spec":{"minAvailabel":1,"selector":{"matchLabels":{"app":"web"}}}}'
sleep 30
kubectl get pdb
kubectl get pdb -o wide
kubectl get pdb web -o yaml
kubectl get pdb none -o yaml
kubectl describe pdb web
kubectl describe pdb none
kubectl delete pdb half none
kubectl get pods -o wide
kubectl drain worker-1 --pod-selector=app=web --grace-period=0
kubectl get pdb web -o yaml
sleep 10
kubectl get pdb
kubectl describe pdb web
kubectl uncordon worker-1
