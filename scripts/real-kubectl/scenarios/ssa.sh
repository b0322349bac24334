# kubelab script --seed 11
export NO_COLOR=1
kubectl create deployment web --image=nginx:1.26 --replicas=2
kubectl get deploy web -o yaml --show-managed-fields
kubectl scale deployment web --replicas=3
kubectl set image deployment/web nginx=nginx:1.27
kubectl label deployment web tier=front
kubectl annotate deployment web owner=team-a
EDITOR="sed -i s/nginx:1.27/nginx:1.28/" kubectl edit deployment web
sleep 10
kubectl get deploy web -o yaml --show-managed-fields
cat <<'YAML' > web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
YAML
kubectl apply --server-side -f web.yaml
kubectl apply --server-side -f web.yaml --force-conflicts
kubectl get deploy web -o yaml --show-managed-fields
cat <<'YAML' > cfg.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  labels:
    team: a
data:
  a: "1"
  b: "2"
YAML
kubectl apply --server-side -f cfg.yaml
cat <<'YAML' > cfg2.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  a: "1"
YAML
kubectl apply --server-side -f cfg2.yaml
kubectl get cm cfg -o yaml --show-managed-fields
cat <<'YAML' > cfg3.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  a: "9"
  c: "3"
YAML
kubectl apply --server-side --field-manager=team-b -f cfg3.yaml
kubectl apply --server-side --field-manager=team-b -f cfg2.yaml
kubectl apply --server-side --field-manager=team-b --dry-run=server -f cfg3.yaml --force-conflicts
kubectl get cm cfg -o yaml --show-managed-fields
kubectl patch cm cfg -p '{"data":{"d":"4"}}'
kubectl get cm cfg -o yaml --show-managed-fields
kubectl create deployment one --image=nginx:1.26
sleep 20
kubectl get pods -l app=one -o yaml --show-managed-fields
kubectl get rs -l app=one -o yaml --show-managed-fields
kubectl expose deployment one --port=80
kubectl get svc one -o yaml --show-managed-fields
kubectl get node -o yaml --show-managed-fields | head -40
cat <<'YAML' > web-status.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
status:
  conditions:
  - type: Reviewed
    status: "True"
    reason: Audit
YAML
kubectl apply --server-side --subresource=status -f web-status.yaml --field-manager=auditor
kubectl get deploy web -o yaml --show-managed-fields
cat <<'YAML' > dns.yaml
apiVersion: v1
kind: Service
metadata:
  name: dns
spec:
  selector:
    app: dns
  ports:
  - name: dns
    port: 53
    protocol: UDP
  - name: dns-tcp
    port: 53
    protocol: TCP
YAML
kubectl apply --server-side -f dns.yaml
sed -i s/dns-tcp/dnstcp/ dns.yaml
kubectl apply --server-side -f dns.yaml
kubectl get svc dns -o yaml --show-managed-fields
cat <<'YAML' > dup.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dup.ports
spec:
  selector:
    matchLabels:
      app: dup
  template:
    metadata:
      labels:
        app: dup
    spec:
      containers:
      - name: serve
        image: nginx:1.27
        ports:
        - containerPort: 93
          name: p
        - containerPort: 93
          name: q
YAML
kubectl apply --server-side -f dup.yaml
kubectl create -f dup.yaml
kubectl apply --server-side -f dup.yaml
