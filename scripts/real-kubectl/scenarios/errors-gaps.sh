# kubelab script --seed 5
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl run solo --image=nginx:1.27 --labels=app=solo
kubectl create service clusterip web --tcp=80
sleep 30
cat > noname.yaml <<EOF2
apiVersion: v1
kind: ConfigMap
data:
  a: b
EOF2
cat > two.yaml <<EOF2
apiVersion: v1
kind: ConfigMap
data:
  a: b
---
apiVersion: v1
kind: Pod
metadata:
  name: solo
EOF2
kubectl get -f noname.yaml
kubectl get -f noname.yaml -o name
kubectl get -f noname.yaml -o yaml
kubectl get -f noname.yaml -o json
kubectl get -f noname.yaml -n kube-system
kubectl get -f noname.yaml --show-labels
kubectl get -f two.yaml -o name
kubectl get pods --sort-by='{.metadata.name'
kubectl get pods --sort-by='{.metadata.name}}'
kubectl get pods --sort-by='.metadata.name}'
kubectl get pods --sort-by='{.metadata.name' -o name
kubectl get pods,svc --sort-by='{.metadata.name'
kubectl get pods --sort-by='{.spec.containers[0'
kubectl get pods --sort-by='x{.metadata.name}'
