kubectl get pods --context=nope
kubectl get pods -n default --context=nope
kubectl describe pods --context=nope
kubectl logs x --context=nope
kubectl delete pod x --context=nope
kubectl create deployment x --image=nginx --dry-run=client --context=nope
kubectl run x --image=nginx --context=nope
kubectl explain pods --context=nope
kubectl api-resources --context=nope
kubectl top pods --context=nope
kubectl top node --context=nope
kubectl scale deploy x --replicas=1 --context=nope
kubectl rollout status deploy/x --context=nope
kubectl expose deploy x --port=80 --context=nope
kubectl label pod x a=b --context=nope
kubectl set image deploy/x a=b --context=nope
kubectl events --context=nope
kubectl cordon n1 --context=nope
kubectl taint nodes n1 a=b:NoSchedule --context=nope
kubectl auth can-i get pods --context=nope
kubectl wait --for=delete pod/x --context=nope
kubectl version --client --context=nope
kubectl get pods --cluster=nope
kubectl get pods -n default --cluster=nope
kubectl describe pods --cluster=nope
kubectl logs x --cluster=nope
kubectl delete pod x --cluster=nope
kubectl create deployment x --image=nginx --dry-run=client --cluster=nope
kubectl run x --image=nginx --cluster=nope
kubectl explain pods --cluster=nope
kubectl api-resources --cluster=nope
kubectl top pods --cluster=nope
kubectl top node --cluster=nope
kubectl scale deploy x --replicas=1 --cluster=nope
kubectl rollout status deploy/x --cluster=nope
kubectl expose deploy x --port=80 --cluster=nope
kubectl label pod x a=b --cluster=nope
kubectl set image deploy/x a=b --cluster=nope
kubectl events --cluster=nope
kubectl cordon n1 --cluster=nope
kubectl taint nodes n1 a=b:NoSchedule --cluster=nope
kubectl auth can-i get pods --cluster=nope
kubectl wait --for=delete pod/x --cluster=nope
kubectl version --client --cluster=nope
kubectl get pods --user=nope
kubectl get pods -n default --user=nope
kubectl describe pods --user=nope
kubectl logs x --user=nope
kubectl delete pod x --user=nope
kubectl create deployment x --image=nginx --dry-run=client --user=nope
kubectl run x --image=nginx --user=nope
kubectl explain pods --user=nope
kubectl api-resources --user=nope
kubectl top pods --user=nope
kubectl top node --user=nope
kubectl scale deploy x --replicas=1 --user=nope
kubectl rollout status deploy/x --user=nope
kubectl expose deploy x --port=80 --user=nope
kubectl label pod x a=b --user=nope
kubectl set image deploy/x a=b --user=nope
kubectl events --user=nope
kubectl cordon n1 --user=nope
kubectl taint nodes n1 a=b:NoSchedule --user=nope
kubectl auth can-i get pods --user=nope
kubectl wait --for=delete pod/x --user=nope
kubectl version --client --user=nope
kubectl get pods --context=nope --cluster=nope
kubectl get pods -n default --context=nope --cluster=nope
kubectl describe pods --context=nope --cluster=nope
kubectl logs x --context=nope --cluster=nope
kubectl delete pod x --context=nope --cluster=nope
kubectl create deployment x --image=nginx --dry-run=client --context=nope --cluster=nope
kubectl run x --image=nginx --context=nope --cluster=nope
kubectl explain pods --context=nope --cluster=nope
kubectl api-resources --context=nope --cluster=nope
kubectl top pods --context=nope --cluster=nope
kubectl top node --context=nope --cluster=nope
kubectl scale deploy x --replicas=1 --context=nope --cluster=nope
kubectl rollout status deploy/x --context=nope --cluster=nope
kubectl expose deploy x --port=80 --context=nope --cluster=nope
kubectl label pod x a=b --context=nope --cluster=nope
kubectl set image deploy/x a=b --context=nope --cluster=nope
kubectl events --context=nope --cluster=nope
kubectl cordon n1 --context=nope --cluster=nope
kubectl taint nodes n1 a=b:NoSchedule --context=nope --cluster=nope
kubectl auth can-i get pods --context=nope --cluster=nope
kubectl wait --for=delete pod/x --context=nope --cluster=nope
kubectl version --client --context=nope --cluster=nope
kubectl get pods --cluster=nope --user=nope
kubectl get pods -n default --cluster=nope --user=nope
kubectl describe pods --cluster=nope --user=nope
kubectl logs x --cluster=nope --user=nope
kubectl delete pod x --cluster=nope --user=nope
kubectl create deployment x --image=nginx --dry-run=client --cluster=nope --user=nope
kubectl run x --image=nginx --cluster=nope --user=nope
kubectl explain pods --cluster=nope --user=nope
kubectl api-resources --cluster=nope --user=nope
kubectl top pods --cluster=nope --user=nope
kubectl top node --cluster=nope --user=nope
kubectl scale deploy x --replicas=1 --cluster=nope --user=nope
kubectl rollout status deploy/x --cluster=nope --user=nope
kubectl expose deploy x --port=80 --cluster=nope --user=nope
kubectl label pod x a=b --cluster=nope --user=nope
kubectl set image deploy/x a=b --cluster=nope --user=nope
kubectl events --cluster=nope --user=nope
kubectl cordon n1 --cluster=nope --user=nope
kubectl taint nodes n1 a=b:NoSchedule --cluster=nope --user=nope
kubectl auth can-i get pods --cluster=nope --user=nope
kubectl wait --for=delete pod/x --cluster=nope --user=nope
kubectl version --client --cluster=nope --user=nope
kubectl get pods --context=nope --user=nope
kubectl get pods -n default --context=nope --user=nope
kubectl describe pods --context=nope --user=nope
kubectl logs x --context=nope --user=nope
kubectl delete pod x --context=nope --user=nope
kubectl create deployment x --image=nginx --dry-run=client --context=nope --user=nope
kubectl run x --image=nginx --context=nope --user=nope
kubectl explain pods --context=nope --user=nope
kubectl api-resources --context=nope --user=nope
kubectl top pods --context=nope --user=nope
kubectl top node --context=nope --user=nope
kubectl scale deploy x --replicas=1 --context=nope --user=nope
kubectl rollout status deploy/x --context=nope --user=nope
kubectl expose deploy x --port=80 --context=nope --user=nope
kubectl label pod x a=b --context=nope --user=nope
kubectl set image deploy/x a=b --context=nope --user=nope
kubectl events --context=nope --user=nope
kubectl cordon n1 --context=nope --user=nope
kubectl taint nodes n1 a=b:NoSchedule --context=nope --user=nope
kubectl auth can-i get pods --context=nope --user=nope
kubectl wait --for=delete pod/x --context=nope --user=nope
kubectl version --client --context=nope --user=nope
