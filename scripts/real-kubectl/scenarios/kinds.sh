# kubelab script --seed 11
kubectl api-resources --api-group=networking.k8s.io
kubectl api-resources --api-group=scheduling.k8s.io
kubectl api-resources --namespaced=true --api-group=''
kubectl get priorityclasses
kubectl describe pc system-node-critical
kubectl get pc system-cluster-critical -o yaml
kubectl create priorityclass high --value=1000 --description="high priority" --dry-run=client -o yaml
kubectl create priorityclass high --value=1000 --description="high priority"
kubectl create priorityclass low --value=10 --global-default --preemption-policy=Never
kubectl create priorityclass other --value=5 --global-default
kubectl create priorityclass system-mine --value=5
kubectl create priorityclass huge --value=2000000000
kubectl get pc
kubectl patch pc high -p '{"value":7}'
kubectl run p1 --image=nginx --overrides='{"spec":{"priorityClassName":"high"}}'
kubectl run p2 --image=nginx --overrides='{"spec":{"priorityClassName":"foo"}}'
kubectl run p3 --image=nginx
kubectl get pod p1 p3 -o custom-columns=NAME:.metadata.name,CLASS:.spec.priorityClassName,PRIORITY:.spec.priority,POLICY:.spec.preemptionPolicy
kubectl delete pc low
kubectl delete pc system-node-critical
kubectl run p4 --image=nginx --overrides='{"spec":{"preemptionPolicy":"Never"}}'
kubectl get pods -n kube-system -o custom-columns=NAME:.metadata.name,CLASS:.spec.priorityClassName,PRIORITY:.spec.priority --sort-by=.metadata.name
kubectl create deployment web --image=nginx --port=80
kubectl expose deployment web
kubectl create ingress web --class=nginx --rule="web.example.com/=web:80" --rule="web.example.com/api*=web:80"
kubectl create ingress minimal --default-backend=web:80
kubectl create ingress bad --rule="/path=web:80" --dry-run=server
kubectl apply -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"broken"},"spec":{"rules":[{"host":"10.0.0.1","http":{"paths":[{"path":"api","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}},{"path":"/x","backend":{"service":{"name":"web"}}}]}}]}}'
kubectl apply -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"empty"},"spec":{}}'
kubectl apply -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"IngressClass","metadata":{"name":"nginx"},"spec":{"controller":"k8s.io/ingress-nginx","parameters":{"apiGroup":"k8s.example.com","kind":"IngressParameters","name":"external-lb","scope":"Cluster"}}}'
kubectl apply -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"IngressClass","metadata":{"name":"bad"},"spec":{"controller":"nginx"}}'
sleep 5
kubectl get ingress
kubectl get ing web -o yaml
kubectl describe ingress web
kubectl describe ingress minimal
kubectl get ingressclass
kubectl describe ingressclass nginx
kubectl apply -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"deny-all"},"spec":{"podSelector":{}}}'
kubectl apply -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"web-allow"},"spec":{"podSelector":{"matchLabels":{"app":"web"}},"ingress":[{"from":[{"podSelector":{"matchLabels":{"role":"client"}}},{"ipBlock":{"cidr":"10.0.0.0/16","except":["10.0.1.0/24"]}}],"ports":[{"port":80},{"port":8000,"endPort":8080,"protocol":"UDP"}]}],"egress":[{}]}}'
kubectl apply -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"bad"},"spec":{"podSelector":{},"ingress":[{"from":[{}],"ports":[{"protocol":"ICMP","port":99999}]}],"policyTypes":["Ingress","Sideways"]}}'
kubectl get netpol
kubectl get netpol web-allow -o yaml
kubectl describe netpol deny-all
kubectl describe netpol web-allow
kubectl create namespace team
kubectl create quota q --hard=pods=2,cpu=1,memory=1Gi,limits.cpu=2 -n team
kubectl create quota bad --hard=pod=1,cpu=-1 -n team
sleep 1
kubectl get quota -n team
kubectl describe quota q -n team
kubectl run nolimits --image=nginx -n team
kubectl apply -n team -f - <<< '{"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"defaults"},"spec":{"limits":[{"type":"Container","default":{"cpu":"500m","memory":"256Mi"},"defaultRequest":{"cpu":"100m","memory":"128Mi"},"max":{"cpu":"1"},"min":{"cpu":"50m"}}]}}'
kubectl apply -n team -f - <<< '{"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"bad"},"spec":{"limits":[{"type":"Container","min":{"cpu":"2"},"max":{"cpu":"1"}},{"type":"Pod","default":{"cpu":"1"}},{"type":"Node"}]}}'
kubectl get limits -n team
kubectl get limitrange defaults -n team -o yaml
kubectl describe limits defaults -n team
kubectl run a --image=nginx -n team
kubectl get pod a -n team -o jsonpath='{.metadata.annotations}{"\n"}{.spec.containers[0].resources}{"\n"}{.status.qosClass}{"\n"}'
kubectl run toobig --image=nginx -n team --overrides='{"spec":{"containers":[{"name":"toobig","image":"nginx","resources":{"limits":{"cpu":"2"}}}]}}'
kubectl run tiny --image=nginx -n team --overrides='{"spec":{"containers":[{"name":"tiny","image":"nginx","resources":{"requests":{"cpu":"10m"}}}]}}'
kubectl run b --image=nginx -n team
kubectl run c --image=nginx -n team
kubectl get quota -n team
kubectl describe quota q -n team
kubectl describe namespace team
kubectl delete pod a -n team
sleep 5
kubectl get quota -n team
kubectl create deployment api --image=nginx --replicas=3 -n team
sleep 5
kubectl get deploy,rs -n team
kubectl get events -n team --field-selector reason=FailedCreate -o custom-columns=MESSAGE:.message
