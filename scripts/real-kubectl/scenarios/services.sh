# kubelab script --seed 7
export NO_COLOR=1
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl expose deployment web --port=80 --name=web
kubectl expose deployment web --port=8080 --target-port=80 --type=NodePort --name=web-np
kubectl expose deployment web --port=80 --type=LoadBalancer --name=web-lb
kubectl create service clusterip headless --clusterip=None --tcp=80:80
kubectl create service externalname ext --external-name=example.com
kubectl create service nodeport fixed --tcp=443:8443 --node-port=30443
kubectl get svc
sleep 30
sim component stop cloud-controller-manager
kubectl expose deployment web --port=80 --type=LoadBalancer --name=web-lb2
sleep 5
kubectl get svc
kubectl get svc -o wide
kubectl get svc -A
kubectl get svc web-lb -o yaml
kubectl get svc web-np -o jsonpath='{.spec.ports[0].nodePort}{"\n"}'
kubectl describe svc web
kubectl describe svc web-np
kubectl describe svc web-lb
kubectl describe svc web-lb2
kubectl describe svc headless
kubectl describe svc ext
kubectl describe svc fixed
kubectl get endpoints
kubectl get ep web -o yaml
kubectl describe ep web
kubectl get endpointslices
kubectl get endpointslices -o wide
kubectl get endpointslices -l kubernetes.io/service-name=web -o yaml
kubectl describe endpointslices -l kubernetes.io/service-name=web
kubectl get svc,ep
kubectl describe svc nope
kubectl create service nodeport fixed --tcp=80 --node-port=30443
kubectl create service nodeport taken --tcp=80 --node-port=30443
kubectl create service clusterip outside --tcp=80 --clusterip=192.168.0.10
kubectl create service nodeport dry --tcp=80:8080 --dry-run=server -o yaml
kubectl expose deployment web --port=80 --type=LoadBalancer --name=web-dry --dry-run=server -o yaml
kubectl get svc dry web-dry
kubectl patch svc web -p '{"spec":{"type":"NodePort"}}' --dry-run=server -o jsonpath='{.spec.ports[0].nodePort}{"\n"}'
kubectl get ipaddress
kubectl describe ipaddress 10.96.0.1
kubectl create -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"IPAddress","metadata":{"name":"10.96.0.200"},"spec":{"parentRef":{"resource":"services","namespace":"default","name":"reserved"}}}'
kubectl create -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"IPAddress","metadata":{"name":"10.96.0.010"},"spec":{"parentRef":{"resource":"services","name":"x"}}}'
kubectl create -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"IPAddress","metadata":{"name":"10.96.0.201"},"spec":{}}'
kubectl create service clusterip taken --tcp=80 --clusterip=10.96.0.200
kubectl get ipaddress 10.96.0.200 -o yaml
kubectl get ip -l ipaddress.kubernetes.io/managed-by=ipallocator.k8s.io
kubectl patch ipaddress 10.96.0.200 --type=merge -p '{"spec":{"parentRef":{"name":"other"}}}'
kubectl delete ipaddress 10.96.0.200
kubectl create service clusterip taken --tcp=80 --clusterip=10.96.0.200
kubectl get ipaddress 10.96.0.200
kubectl describe ipaddress 10.96.0.200
kubectl get servicecidr
kubectl describe servicecidr kubernetes
