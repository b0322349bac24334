# kubelab script --seed 8
export NO_COLOR=1
kubectl create deployment web --image=nginx:1.26 --replicas=2 --port=80
kubectl create deployment web --image=nginx:1.26
kubectl get deploy web -o yaml
kubectl expose deployment web --port=80 --target-port=80
kubectl expose deployment web --port=8080 --name=web-np --type=NodePort
kubectl expose deployment web --port=80 --name=web-lb --type=LoadBalancer
kubectl create deployment bare --image=busybox:1.36 -- sleep 3600
kubectl expose deployment bare
kubectl scale deployment web --replicas=3
kubectl scale deployment web --replicas=-1
kubectl scale deployment nope --replicas=2
kubectl set image deployment/web nginx=nginx:1.27
kubectl set image deployment/web app=nginx:1.27
kubectl set resources deployment web --limits=cpu=200m,memory=256Mi --requests=cpu=100m
kubectl rollout history deployment/web
kubectl rollout undo deployment/web
kubectl rollout undo deployment/web --to-revision=1
kubectl rollout undo deployment/web --to-revision=9
kubectl rollout pause deployment/web
kubectl rollout pause deployment/web
kubectl rollout resume deployment/web
kubectl rollout restart deployment/web
kubectl label deployment web tier=front
kubectl label deployment web tier=back
kubectl label deployment web tier=back --overwrite
kubectl label deployment web tier-
kubectl label deployment web tier-
kubectl annotate deployment web owner=team-a
kubectl annotate deployment web owner=team-b
kubectl annotate deployment web owner=team-b --overwrite
kubectl annotate deployment web owner-
kubectl patch deployment web -p '{"spec":{"replicas":2}}'
kubectl patch deployment web -p '{"spec":{"replicas":2}}'
kubectl patch deployment web --type=merge -p '{"metadata":{"labels":{"env":"dev"}}}'
kubectl patch deployment web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":1}]'
kubectl patch deployment web --type=json -p '[{"op":"remove","path":"/spec/nope"}]'
kubectl patch deployment web -p '{"spec":{"replicas":}'
kubectl patch deployment web -p '{"spec":{"replicas":"two"}}'
kubectl patch deployment web --type=merge -p '{"spec":{"replicas":2}'
kubectl patch deployment web --type=merge -p '{"spec":{"replicas":2}} x'
kubectl patch deployment web -p '{"spec":{"replica":2}}'
kubectl patch deployment web -p 'spec: {replicas: [}'
EDITOR=true kubectl edit deployment web
EDITOR='sed -i s/replicas:\ 1/replicas:\ 3/' kubectl edit deployment web
EDITOR='sed -i s/replicas:\ 3/replicas:\ -3/' kubectl edit deployment web
EDITOR='sed -i s/imagePullPolicy:\ IfNotPresent/imagePolicy:\ Always/' kubectl edit deployment web
kubectl get deploy web
kubectl run one --image=nginx:1.26
kubectl run one --image=nginx:1.26
kubectl run two --image=busybox:1.36 --restart=Never -- sleep 3600
kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=70
kubectl autoscale deployment web --min=2 --max=5
cat <<'YAML' > cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
YAML
kubectl apply -f cm.yaml
kubectl apply -f cm.yaml
sed -i 's/fast/slow/' cm.yaml
kubectl apply -f cm.yaml
kubectl get cm settings -o yaml
kubectl create -f cm.yaml
kubectl replace -f cm.yaml
cat <<'YAML' > ssa.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: ssa
data:
  a: "1"
YAML
kubectl apply --server-side -f ssa.yaml
kubectl apply --server-side -f ssa.yaml
kubectl get cm ssa -o yaml
cat <<'YAML' > typo.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: typo
spec:
  replica: 2
  selector:
    matchLabels:
      app: typo
  template:
    metadata:
      labels:
        app: typo
    spec:
      containers:
      - name: app
        image: nginx:1.26
YAML
kubectl apply -f typo.yaml
kubectl apply -f typo.yaml --validate=false
kubectl get deploy typo -o yaml
cat <<'YAML' > bad.yaml
apiVersion: v1
kind: Pod
metadata:
  name: bad
spec:
  containers:
  - name: app
YAML
kubectl apply -f bad.yaml
kubectl cordon worker-1
kubectl cordon worker-1
kubectl uncordon worker-1
kubectl taint nodes worker-2 dedicated=gpu:NoSchedule
kubectl taint nodes worker-2 dedicated=gpu:NoSchedule
kubectl taint nodes worker-2 dedicated:NoSchedule-
kubectl delete pod missing
kubectl delete deployment bare
kubectl delete pod two --grace-period=0 --force
kubectl delete pod one --now
kubectl delete svc -l app=web
kubectl delete -f cm.yaml
kubectl delete hpa --all
kubectl get all
