# kubelab script --seed 9
export NO_COLOR=1
kubectl get nodes
kubectl get nodes -o wide
kubectl get nodes --show-labels
kubectl get nodes -L kubernetes.io/arch,node-role.kubernetes.io/control-plane
kubectl describe node worker-1
kubectl describe node control-plane
kubectl cordon worker-2
sim node stop worker-1
sleep 60
kubectl get nodes
kubectl describe node worker-1
kubectl describe node worker-2
kubectl get ns
kubectl describe ns kube-system
kubectl create namespace team-a
kubectl create configmap app --from-literal=MODE=prod --from-literal=LEVEL=debug -n team-a
kubectl create secret generic creds --from-literal=user=admin --from-literal=password=s3cret -n team-a
kubectl create secret docker-registry reg --docker-server=registry.example.com --docker-username=u --docker-password=p -n team-a
kubectl create serviceaccount bot -n team-a
kubectl get cm,secret,sa -n team-a
kubectl get cm -A
kubectl get secrets -A
kubectl get sa -A --no-headers
kubectl describe cm app -n team-a
kubectl describe secret creds -n team-a
kubectl describe secret reg -n team-a
kubectl describe sa bot -n team-a
kubectl get secret creds -n team-a -o yaml
kubectl get cm app -n team-a -o json
kubectl get cm -n team-a -o jsonpath='{.items[0].data.MODE}'
kubectl get leases -A
kubectl get leases -n kube-node-lease -o wide
kubectl describe lease -n kube-node-lease worker-2
kubectl get events -n team-a
kubectl get events -A --field-selector type=Warning
kubectl get ev -n default --sort-by=.lastTimestamp
kubectl describe ns team-a
kubectl get nodes nope
kubectl get foo
kubectl get cm -n team-a --field-selector metadata.name=app -o name
kubectl get pods -n team-a
kubectl describe pods -n team-a
kubectl api-resources
kubectl api-resources --namespaced=false -o wide
kubectl api-versions
kubectl explain deployment.spec.strategy
kubectl explain svc.spec.type
