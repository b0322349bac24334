# kubelab script --seed 7
cat <<EOF > indent.yaml
apiVersion: v1
kind: Pod
metadata:
  name: indent
 spec:
  containers:
  - name: web
    image: nginx
EOF
kubectl apply -f indent.yaml
kubectl create -f indent.yaml
kubectl replace -f indent.yaml
kubectl delete -f indent.yaml
kubectl diff -f indent.yaml
kubectl apply -f indent.yaml --dry-run=client -o yaml
cat <<EOF > indent2.yaml
apiVersion: v1
kind: Pod
metadata:
  name: indent2
spec:
  containers:
  - name: web
     image: nginx
EOF
kubectl apply -f indent2.yaml
cat <<EOF > indent3.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: indent3
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
      image: nginx
EOF
kubectl apply -f indent3.yaml
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tab\n' > tab.yaml
kubectl apply -f tab.yaml
kubectl create -f tab.yaml
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: tab2\nspec:\n  containers:\n  - name: web\n\t  image: nginx\n' > tab2.yaml
kubectl apply -f tab2.yaml
cat <<EOF > quote.yaml
apiVersion: v1
kind: Pod
metadata:
  name: "quote
spec:
  containers:
  - name: web
    image: nginx
EOF
kubectl apply -f quote.yaml
cat <<EOF > quote2.yaml
apiVersion: v1
kind: Pod
metadata:
  name: 'quote2
EOF
kubectl create -f quote2.yaml
cat <<EOF > listmeta.yaml
apiVersion: v1
kind: Pod
metadata:
- name: listmeta
spec:
  containers:
  - name: web
    image: nginx
EOF
kubectl apply -f listmeta.yaml
kubectl create -f listmeta.yaml
cat <<EOF > listspec.yaml
apiVersion: v1
kind: Pod
metadata:
  name: listspec
spec:
- containers:
  - name: web
    image: nginx
EOF
kubectl apply -f listspec.yaml --dry-run=client -o yaml
kubectl create -f listspec.yaml --dry-run=client -o yaml
cat <<EOF > colon.yaml
apiVersion: v1
kind: Pod
metadata:
  name: colon
spec:
  containers:
  - name: web
    image: nginx
    command: echo: hi
EOF
kubectl apply -f colon.yaml
cat <<EOF > dup.yaml
apiVersion: v1
kind: Pod
metadata:
  name: dup
  name: dup2
EOF
kubectl apply -f dup.yaml
cat <<EOF > bad.json
{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"},}
EOF
kubectl apply -f bad.json
cat <<EOF > bad2.json
{
  "apiVersion": "v1",
  "kind": "Pod"
  "metadata": {"name": "j2"}
}
EOF
kubectl apply -f bad2.json
kubectl create -f bad2.json
cat <<EOF > bad3.json
{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j3"}
EOF
kubectl apply -f bad3.json
cat <<EOF > bad4.json
[{"apiVersion": "v1"}]
EOF
kubectl apply -f bad4.json
touch empty.yaml
kubectl apply -f empty.yaml
kubectl create -f empty.yaml
kubectl replace -f empty.yaml
kubectl delete -f empty.yaml
kubectl diff -f empty.yaml
printf -- '---\n' > dashes.yaml
kubectl apply -f dashes.yaml
kubectl create -f dashes.yaml
kubectl delete -f dashes.yaml
printf -- '---\n---\n# only a comment\n' > comments.yaml
kubectl apply -f comments.yaml
cat <<EOF > nokind.yaml
apiVersion: v1
metadata:
  name: nokind
spec:
  containers:
  - name: web
    image: nginx
EOF
kubectl apply -f nokind.yaml
kubectl create -f nokind.yaml
kubectl replace -f nokind.yaml
kubectl delete -f nokind.yaml
kubectl diff -f nokind.yaml
kubectl apply -f nokind.yaml --validate=false
cat <<EOF > noversion.yaml
kind: Pod
metadata:
  name: noversion
spec:
  containers:
  - name: web
    image: nginx
EOF
kubectl apply -f noversion.yaml
kubectl create -f noversion.yaml
kubectl delete -f noversion.yaml
kubectl apply -f noversion.yaml --validate=false
cat <<EOF > nokind.json
{"apiVersion": "v1", "metadata": {"name": "nk"}}
EOF
kubectl apply -f nokind.json
kubectl create -f nokind.json --validate=false
cat <<EOF > unknown.yaml
apiVersion: v1
kind: Pood
metadata:
  name: unknown
EOF
kubectl apply -f unknown.yaml
kubectl create -f unknown.yaml
kubectl replace -f unknown.yaml
kubectl delete -f unknown.yaml
kubectl diff -f unknown.yaml
kubectl apply -f unknown.yaml --dry-run=client -o yaml
cat <<EOF > crd.yaml
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w1
EOF
kubectl apply -f crd.yaml
kubectl create -f crd.yaml
cat <<EOF > v1beta1.yaml
apiVersion: apps/v1beta1
kind: Deployment
metadata:
  name: old
spec:
  replicas: 1
EOF
kubectl apply -f v1beta1.yaml
kubectl create -f v1beta1.yaml
kubectl delete -f v1beta1.yaml
cat <<EOF > extensions.yaml
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: ext
EOF
kubectl apply -f extensions.yaml
cat <<EOF > wrongversion.yaml
apiVersion: v1
kind: Deployment
metadata:
  name: wrong
EOF
kubectl apply -f wrongversion.yaml
cat <<EOF > lower.yaml
apiVersion: v1
kind: pod
metadata:
  name: lower
EOF
kubectl apply -f lower.yaml
kubectl apply -f missing.yaml
kubectl create -f missing.yaml
kubectl replace -f missing.yaml
kubectl delete -f missing.yaml
kubectl diff -f missing.yaml
kubectl apply -f missing.yaml -f indent.yaml
kubectl apply -f
kubectl apply
kubectl create
kubectl replace
kubectl delete
kubectl diff
kubectl apply -f indent.yaml pod/x
kubectl delete -f indent.yaml pod/x
kubectl apply -f indent.yaml -k .
kubectl apply -k .
kubectl apply -k missingdir
kubectl create -k .
kubectl delete -k .
kubectl diff -k .
kubectl apply -f '*.json'
cat <<EOF > good.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  a: "1"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: second
data:
  b: "2"
EOF
kubectl apply -f good.yaml
kubectl apply -f good.yaml
kubectl apply -f good.yaml --dry-run=client
kubectl apply -f good.yaml --dry-run=client -o yaml
kubectl create -f good.yaml --dry-run=client -o yaml
kubectl create -f good.yaml --dry-run=client -o json
kubectl replace -f good.yaml --dry-run=client -o yaml
kubectl delete -f good.yaml --dry-run=client
kubectl apply -f good.yaml --dry-run=client -o name
kubectl apply -f good.yaml -o wide
kubectl apply -f good.yaml --dry-run=bogus
cat <<EOF > multi.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  a: "1"
---
apiVersion: v1
kind: Widget
metadata:
  name: middle
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: second
data:
  b: "2"
EOF
kubectl apply -f multi.yaml
kubectl apply -f multi.yaml --dry-run=client
kubectl create -f multi.yaml --dry-run=client -o name
kubectl delete -f multi.yaml --dry-run=client
cat <<EOF > multi2.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  a: "1"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
 data:
  b: "2"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: second
data:
  b: "2"
EOF
kubectl apply -f multi2.yaml
kubectl apply -f multi2.yaml --dry-run=client
kubectl create -f multi2.yaml --dry-run=client -o name
kubectl delete -f multi2.yaml --dry-run=client
cat <<EOF > multi3.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  a: "1"
---
metadata:
  name: nokind
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: second
data:
  b: "2"
EOF
kubectl apply -f multi3.yaml
kubectl apply -f multi3.yaml --dry-run=client
kubectl create -f multi3.yaml --dry-run=client -o name
cat <<EOF > multi4.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  a: "1"
---
apiVersion: v1
kind: ConfigMap
metadata: [x]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: second
data:
  b: "2"
EOF
kubectl apply -f multi4.yaml
kubectl create -f multi4.yaml --dry-run=client -o name
mkdir manifests
cp good.yaml manifests/a.yaml
cp unknown.yaml manifests/b.yaml
echo 'not yaml at all: [' > manifests/notes.txt
kubectl apply -f manifests
kubectl apply -f manifests/
kubectl create -f manifests --dry-run=client -o name
kubectl delete -f manifests --dry-run=client
kubectl apply -f manifests -R
mkdir emptydir
kubectl apply -f emptydir
kubectl create -f emptydir
kubectl delete -f emptydir
kubectl apply -f - < good.yaml
kubectl apply -f - < indent.yaml
kubectl apply -f - < unknown.yaml
kubectl apply -f - < empty.yaml
kubectl create -f - --dry-run=client -o yaml < good.yaml
kubectl apply -f - -f - < good.yaml
kubectl apply -f good.yaml -f good.yaml
cat <<EOF > kustomization.yaml
resources:
- good.yaml
EOF
kubectl apply -k .
kubectl apply -k . --dry-run=client
kubectl apply -k . --dry-run=client -o yaml
kubectl create -k . --dry-run=client -o name
kubectl delete -k . --dry-run=client
kubectl apply -k . -f good.yaml
kubectl apply -k . -R
kubectl apply -k good.yaml
kubectl apply -k emptydir
rm kustomization.yaml
cat <<EOF > kustomization.yaml
resources:
- missing.yaml
EOF
kubectl apply -k .
rm kustomization.yaml
cat <<EOF > pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: other
spec:
  containers:
  - name: web
    image: nginx
EOF
kubectl apply -f pod.yaml -n default
kubectl create -f pod.yaml -n default --dry-run=client
kubectl apply -f pod.yaml --dry-run=client -o yaml
kubectl create -f pod.yaml --dry-run=client -o yaml
cat <<EOF > list.yaml
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: first
  data:
    a: "1"
- apiVersion: v1
  kind: Pood
  metadata:
    name: bad
EOF
kubectl apply -f list.yaml
kubectl create -f list.yaml --dry-run=client -o name
cat <<EOF > noname.yaml
apiVersion: v1
kind: ConfigMap
data:
  a: "1"
EOF
kubectl apply -f noname.yaml
kubectl create -f noname.yaml --dry-run=client -o yaml
kubectl replace -f noname.yaml
cat <<EOF > scalar.yaml
just a string
EOF
kubectl apply -f scalar.yaml
kubectl create -f scalar.yaml
cat <<EOF > toplist.yaml
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: x
EOF
kubectl apply -f toplist.yaml
cat <<EOF > kindnum.yaml
apiVersion: v1
kind: 5
metadata:
  name: x
EOF
kubectl apply -f kindnum.yaml
cat <<EOF > apinum.yaml
apiVersion: 1
kind: ConfigMap
metadata:
  name: x
EOF
kubectl apply -f apinum.yaml
kubectl apply --server-side -f unknown.yaml
kubectl apply --server-side -f nokind.yaml
kubectl apply --server-side --force -f good.yaml
kubectl apply -f good.yaml --prune
kubectl apply -f good.yaml --prune --all -l app=x
kubectl apply -f good.yaml --validate=bogus
kubectl create -f good.yaml --validate=bogus
kubectl apply -f good.yaml --validate=false --dry-run=client
kubectl apply -f good.yaml -o bogus
kubectl create -f good.yaml --dry-run=client -o bogus
kubectl replace -f good.yaml --force --dry-run=client
kubectl replace -f good.yaml --grace-period=5 --dry-run=client
kubectl delete -f good.yaml --all
kubectl delete -f good.yaml -l app=x --dry-run=client
kubectl diff -f good.yaml -f missing.yaml
kubectl diff -f unknown.yaml
kubectl diff -f nokind.yaml
kubectl diff -f good.yaml extra
kubectl diff -f good.yaml --server-side --force-conflicts=false --dry-run=client
kubectl diff --prune -f good.yaml
kubectl diff -f good.yaml --concurrency=0
kubectl edit -f missing.yaml
kubectl edit -f unknown.yaml
kubectl edit -f indent.yaml
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    app: web\n   tier: fe\n' > y1.yaml
kubectl create -f y1.yaml --dry-run=client -o name
printf 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n     image: nginx\n' > y2.yaml
kubectl create -f y2.yaml --dry-run=client -o name
printf 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: web\n    image: nginx\n   - name: b\n' > y3.yaml
kubectl create -f y3.yaml --dry-run=client -o name
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n\tlabels:\n    app: web\n' > y4.yaml
kubectl create -f y4.yaml --dry-run=client -o name
printf 'apiVersion: v1\nkind Pod\nmetadata:\n  name: x\n' > y5.yaml
kubectl create -f y5.yaml --dry-run=client -o name
printf 'apiVersion: v1\nkind: Pod\nspec:\n  args: [a,\n    b\n  x: 1\n' > y6.yaml
kubectl create -f y6.yaml --dry-run=client -o name
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    a: "bad \\q escape"\n' > y7.yaml
kubectl create -f y7.yaml --dry-run=client -o name
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n----\napiVersion: v1\n' > y8.yaml
kubectl create -f y8.yaml --dry-run=client -o name
printf '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"},}\n' > j1.json
kubectl create -f j1.json --dry-run=client -o name
printf '{"apiVersion": "v1", "kind": "ConfigMap"}}\n' > j2.json
kubectl create -f j2.json --dry-run=client -o name
printf '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}\n{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "y"}}\n{"x": tru}\n' > j3.json
kubectl create -f j3.json --dry-run=client -o name
kubectl create -f dup.yaml --dry-run=client -o yaml
kubectl delete -f scalar.yaml
kubectl create -f scalar.yaml --validate=false
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    a: b\ndata:\n  x: "1"\n' > noname.yaml
kubectl delete -f noname.yaml
# noversion.yaml is still the one written above.
kubectl apply -f noversion.yaml --validate=false
kubectl create -f noversion.yaml --validate=false
kubectl replace -f noversion.yaml --validate=false
kubectl delete -f noversion.yaml
kubectl get -f noversion.yaml
kubectl apply -f noversion.yaml --validate=false --server-side
printf 'kind: Deployment\nmetadata:\n  name: nv\nspec:\n  selector:\n    matchLabels:\n      a: b\n  template:\n    metadata:\n      labels:\n        a: b\n    spec:\n      containers:\n      - name: c\n        image: nginx\n' > nvd.yaml
kubectl apply -f nvd.yaml --validate=false
kubectl create -f nvd.yaml --validate=false
kubectl get -f nvd.yaml
printf 'kind: ConfigMap\nmetadata:\n  name: nvc\n' > nvc.yaml
kubectl create -f nvc.yaml --validate=false --dry-run=client
kubectl create -f nvc.yaml --validate=false --dry-run=server
kubectl label -f nvc.yaml a=b
kubectl annotate -f nvc.yaml a=b
kubectl patch -f nvc.yaml -p '{}'
kubectl diff -f nvc.yaml
kubectl describe -f nvc.yaml
kubectl scale -f nvc.yaml --replicas=2
kubectl set env -f nvc.yaml A=b
kubectl replace --force -f nvc.yaml --validate=false
kubectl wait --for=delete -f nvc.yaml --timeout=1s
kubectl get -f nvc.yaml -o name
kubectl delete -f nvc.yaml
kubectl rollout status -f nvc.yaml
kubectl expose -f nvc.yaml --port=80
kubectl set image -f nvc.yaml a=b
kubectl apply -f nvc.yaml --validate=false
kubectl create -f nvc.yaml --validate=false -o yaml --dry-run=client
kubectl get -f unknown.yaml
kubectl describe -f unknown.yaml
