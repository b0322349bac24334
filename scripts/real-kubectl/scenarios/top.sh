# kubelab script --seed 11
kubectl create deployment web --image=nginx --replicas=2
kubectl run multi --image=busybox --overrides='{"spec":{"containers":[{"name":"zeta","image":"busybox","command":["sleep","3600"]},{"name":"alpha","image":"nginx"},{"name":"mid","image":"redis"}]}}'
sleep 90
kubectl top pods
kubectl top nodes
kubectl top pods -A --sum
kubectl top pods -A --sum --no-headers
kubectl top pods --sum --no-headers --containers
kubectl top pod --containers
kubectl top pod --containers --sort-by=memory
kubectl top pod --containers -A --sum
kubectl top pod multi --containers --sort-by=cpu
kubectl top pod --containers -n kube-system
kubectl top pods -A --sort-by=cpu --sum
