# kubelab script --seed 11
cat > web.yaml <<YAML
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
          name: web
YAML
kubectl apply -f web.yaml
kubectl get statefulset web
kubectl get pods -l app=nginx
kubectl rollout status sts/web
kubectl get sts
kubectl get sts -o wide
kubectl get sts web -o yaml
kubectl get pods -l app=nginx -o wide
kubectl get pod web-0 -o yaml
kubectl describe sts web
kubectl get all
kubectl get controllerrevisions
kubectl api-resources --api-group=apps
kubectl scale sts web --replicas=4
kubectl rollout status sts/web
kubectl get pods -l app=nginx
kubectl scale statefulset web --replicas=2
sleep 30
kubectl get pods -l app=nginx
kubectl set image sts/web nginx=nginx:1.28
kubectl rollout status statefulset/web
kubectl get pods -l app=nginx -L controller-revision-hash
kubectl rollout history sts/web
kubectl rollout history sts/web --revision=1
kubectl rollout history sts/web --revision=2
kubectl rollout history sts/web -o name
kubectl patch sts web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":1}}}}'
kubectl rollout undo sts/web --dry-run=client
kubectl rollout undo sts/web
kubectl rollout status sts/web
kubectl get pods -l app=nginx -L controller-revision-hash
kubectl get sts web -o jsonpath='{.status}{"\n"}'
kubectl rollout undo sts/web --to-revision=7
kubectl rollout pause sts/web
kubectl rollout resume sts/web
kubectl delete pod web-0
kubectl get pods -l app=nginx
sleep 20
kubectl get pods -l app=nginx
kubectl patch sts web -p '{"spec":{"serviceName":"other"}}'
kubectl patch sts web --type=merge -p '{"spec":{"podManagementPolicy":"Sideways"}}'
kubectl scale sts web --replicas=-1
kubectl describe statefulsets
kubectl get events --field-selector involvedObject.kind=StatefulSet --sort-by=.metadata.creationTimestamp
kubectl delete statefulset web --cascade=orphan
kubectl get pods -l app=nginx
kubectl get sts
kubectl apply -f web.yaml
sleep 5
kubectl get pods -l app=nginx
kubectl get sts web
kubectl explain statefulset.spec.podManagementPolicy
kubectl explain sts.spec.updateStrategy.rollingUpdate
cat > par.yaml <<YAML
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: par
spec:
  serviceName: par
  podManagementPolicy: Parallel
  replicas: 3
  selector:
    matchLabels: {app: par}
  template:
    metadata:
      labels: {app: par}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
YAML
kubectl apply -f par.yaml
kubectl get pods -l app=par
sleep 20
kubectl get pods -l app=par
kubectl patch sts par --type=json -p '[{"op":"replace","path":"/spec/updateStrategy","value":{"type":"OnDelete"}}]'
kubectl set image sts/par nginx=nginx:1.28
kubectl rollout status sts/par
sleep 10
kubectl get pods -l app=par -L controller-revision-hash
kubectl delete pod par-1
sleep 10
kubectl get pods -l app=par -L controller-revision-hash
kubectl describe sts par
cat > bad.yaml <<YAML
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: bad.one
spec:
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: web}
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: nginx
YAML
kubectl apply -f bad.yaml
kubectl create -f bad.yaml --dry-run=server
kubectl delete sts par
kubectl delete sts web
sleep 40
kubectl get pods
kubectl get controllerrevisions
