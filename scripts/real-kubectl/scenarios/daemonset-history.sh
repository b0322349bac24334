# kubelab script --seed 7
kubectl get controllerrevisions -n kube-system
kubectl get controllerrevisions -A
kubectl get controllerrevision -n kube-system -o wide
kubectl get controllerrevisions -n kube-system -o yaml
kubectl describe controllerrevisions -n kube-system
kubectl api-resources --api-group=apps
kubectl rollout history ds/kube-proxy -n kube-system
kubectl rollout history ds/kube-proxy -n kube-system --revision=1
kubectl rollout history ds/kube-proxy -n kube-system --revision=2
kubectl rollout history daemonset kube-proxy -n kube-system -o name
kubectl rollout history ds/kube-proxy -n kube-system -o jsonpath='{.metadata.name} {.spec.template.spec.containers[0].image}{"\n"}'
kubectl rollout undo ds/kube-proxy -n kube-system --dry-run=client
kubectl rollout undo ds/kube-proxy -n kube-system --to-revision=1
kubectl rollout undo ds/kube-proxy -n kube-system --to-revision=-1
cat > web.yaml <<YAML
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
YAML
kubectl create -f web.yaml
sleep 20
kubectl annotate ds/web kubernetes.io/change-cause="image 1.28"
kubectl set image ds/web nginx=nginx:1.28
sleep 30
kubectl set image ds/web nginx=nginx:1.29
sleep 30
kubectl get controllerrevisions
kubectl get controllerrevisions -l app=web --show-labels
kubectl get ds web -o wide
kubectl rollout history ds/web
kubectl rollout history ds/web --revision=2
kubectl rollout history ds/web --revision=9
kubectl rollout undo ds/web --dry-run=client
kubectl rollout undo ds/web --to-revision=1 --dry-run=client
kubectl rollout undo ds/web --to-revision=5 --dry-run=client
kubectl rollout undo ds/web --to-revision=3
kubectl rollout undo ds/web --to-revision=1
sleep 30
kubectl get controllerrevisions
kubectl rollout history ds/web
kubectl rollout undo ds/web --to-revision=4
kubectl rollout undo ds/web
sleep 30
kubectl get controllerrevisions
kubectl rollout history ds/web
kubectl get pods -l app=web -L controller-revision-hash
kubectl delete ds web
sleep 5
kubectl get controllerrevisions
