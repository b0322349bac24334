kubectl get leases -n kube-system
kubectl get lease kube-controller-manager -n kube-system -o yaml
kubectl describe lease kube-scheduler -n kube-system
kubectl get lease -n kube-system -l apiserver.kubernetes.io/identity=kube-apiserver --show-labels
kubectl get events -n kube-system --field-selector reason=LeaderElection
kubectl get events -n kube-system --field-selector involvedObject.kind=Lease -o wide
sim component stop kube-scheduler
kubectl get lease kube-scheduler -n kube-system -o yaml
kubectl describe lease kube-scheduler -n kube-system
sim component start kube-scheduler
kubectl get lease kube-scheduler -n kube-system -o jsonpath='{.spec.holderIdentity} {.spec.leaseTransitions}{"\n"}'
sim component stop kube-controller-manager
kubectl create deployment web --image=nginx --replicas=2
sleep 20
kubectl get deploy web
kubectl get lease kube-controller-manager -n kube-system
sim component start kube-controller-manager
sleep 5
kubectl get deploy web
kubectl get lease kube-controller-manager -n kube-system -o jsonpath='{.spec.leaseTransitions}{"\n"}'
sleep 20
kubectl get deploy web
kubectl describe lease kube-controller-manager -n kube-system
kubectl get events -n kube-system --field-selector reason=LeaderElection --sort-by=.lastTimestamp
sim component stop kube-apiserver
sim component start kube-apiserver
kubectl get leases -n kube-system
