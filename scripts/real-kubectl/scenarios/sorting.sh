kubectl create deployment web --image=nginx:1.25 --replicas=3
kubectl rollout status deployment/web
kubectl set image deployment/web nginx=nginx:1.26
kubectl rollout status deployment/web
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl scale deployment web --replicas=12
sleep 5
kubectl get events --sort-by=.lastTimestamp
kubectl get events --sort-by=.metadata.creationTimestamp
kubectl describe deployment web
kubectl describe rs
kubectl get events -o wide
kubectl events
for i in 1 2 3 9 10 11 12 100; do kubectl run p$i --image=busybox:1.36 -- sleep 3600 >/dev/null; done
sleep 10
kubectl get pods --sort-by=.metadata.name
kubectl get pods --sort-by=.metadata.name -o name
kubectl get pods,rs --sort-by=.metadata.name
kubectl get pods --sort-by=.metadata.resourceVersion -o custom-columns=NAME:.metadata.name
kubectl get pods --sort-by=.spec.nodeName -o wide
kubectl get pods --sort-by=.nope
kubectl get pod p1 --sort-by=.nope
kubectl get pods --sort-by=.nope -o name
kubectl get pods -A --sort-by=.nope
kubectl get pods,deploy --sort-by=.metadata.name -o name
kubectl get deploy,pods --sort-by=.metadata.name
kubectl get events --sort-by=.count -o custom-columns=C:.count,R:.reason
