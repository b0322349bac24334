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
cat > rb.yaml <<EOF2
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: rb
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: r
EOF2
kubectl set subject
kubectl set subject rolebinding x --user=a
kubectl set subject rolebinding x
kubectl set subject pod solo
kubectl set subject pod solo --user=a
kubectl set subject pod solo --serviceaccount=a
kubectl set subject pod solo --serviceaccount=:a --user=b
kubectl set subject pod solo --user=a -o foo
kubectl set subject pod solo --user=a --dry-run=bad
kubectl set subject pod/solo pod/solo --user=a
kubectl set subject pods --all --user=a
kubectl set subject pods --all -l app=solo --user=a
kubectl set subject --local pod solo --user=a
kubectl set subject --local -f rb.yaml --user=a
kubectl set subject --local -f rb.yaml --user=a --dry-run=server
kubectl set subject -f rb.yaml --user=a
kubectl set subject pod nope --user=a
kubectl set subject --help
kubectl set --help
kubectl set subject --local -f rb.yaml --user=a --dry-run=client
kubectl set subject --local -f rb.yaml --user=b --user=a --group=g --serviceaccount=:sa --serviceaccount=kube-system:x -o yaml
kubectl set subject --local -f rb.yaml --user=a -o json
kubectl set subject --local -f rb.yaml --user=a -o name
cat > crb.yaml <<EOF2
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: crb
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: r
subjects:
- kind: User
  apiGroup: rbac.authorization.k8s.io
  name: a
EOF2
kubectl set subject --local -f crb.yaml --serviceaccount=:sa
kubectl set subject --local -f crb.yaml --user=a
kubectl set subject --local -f crb.yaml --user=a --user=c -o yaml
