# kubelab script --seed 5
export NO_COLOR=1
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
cat > cm.yaml <<EOF2
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  labels:
    app: x
data:
  a: "<b>"
EOF2
cat > cm2.yaml <<EOF2
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  a: c
EOF2
cat > solo.yaml <<EOF2
apiVersion: v1
kind: Pod
metadata:
  name: solo
spec:
  containers:
  - name: solo
    image: nginx:1.27
EOF2
kubectl apply -f cm.yaml
kubectl apply view-last-applied pod/solo; echo rc=$?
kubectl apply view-last-applied -f solo.yaml; echo rc=$?
kubectl apply view-last-applied configmap/cfg
kubectl apply view-last-applied configmap/cfg -o json
kubectl apply view-last-applied configmap/cfg -o wide
kubectl apply view-last-applied pod/solo -o wide
kubectl apply view-last-applied cm -l app=x
kubectl apply view-last-applied cm --all -o json
kubectl apply view-last-applied -f cm.yaml
kubectl apply view-last-applied
kubectl apply view-last-applied cm/nope
kubectl apply set-last-applied
kubectl apply set-last-applied -f solo.yaml
kubectl apply set-last-applied -f solo.yaml --create-annotation --dry-run=client
kubectl apply set-last-applied -f solo.yaml --create-annotation --dry-run=client -o name
kubectl apply set-last-applied -f cm.yaml
kubectl apply set-last-applied -f cm2.yaml --dry-run=client
kubectl apply set-last-applied -f cm2.yaml --dry-run=client -o yaml
kubectl apply set-last-applied -f cm2.yaml -o foo
kubectl apply set-last-applied -f nope.yaml
kubectl apply set-last-applied -f cm2.yaml
kubectl apply view-last-applied configmap/cfg -o json
kubectl apply view-last-applied configmap/cfg
kubectl apply set-last-applied -f solo.yaml --create-annotation
kubectl apply view-last-applied pod/solo
kubectl apply edit-last-applied cm/nope
kubectl apply edit-last-applied
kubectl apply edit-last-applied --help
kubectl apply --help
KUBE_EDITOR="sed -i s/c/yy/" kubectl apply edit-last-applied cm/cfg
kubectl apply view-last-applied cm/cfg -o json
KUBE_EDITOR="true" kubectl apply edit-last-applied cm/cfg
kubectl alpha kuberc set
kubectl alpha kuberc set --section defaults
kubectl alpha kuberc set --kuberc rc.yaml --section defaults --command get
kubectl alpha kuberc view --kuberc rc.yaml
KUBERC=off kubectl alpha kuberc view
KUBERC=off kubectl alpha kuberc view --kuberc rc.yaml
KUBERC=off kubectl alpha kuberc set --section defaults --command get
touch rc.yaml
kubectl alpha kuberc set --kuberc rc.yaml --section defaults --command get --option output=wide --option -o=x
cat rc.yaml
kubectl alpha kuberc set --kuberc rc.yaml --section defaults --command get
kubectl alpha kuberc set --kuberc rc.yaml --section aliases --name getn --command get --prependarg nodes --appendarg x --option output=wide
kubectl alpha kuberc set --kuberc rc.yaml --section foo --command get
kubectl alpha kuberc set --kuberc rc.yaml --section aliases --command get
kubectl alpha kuberc set --kuberc rc.yaml --section defaults --name x --command get
kubectl alpha kuberc set --kuberc rc.yaml --section defaults --command get --appendarg x
kubectl alpha kuberc set --kuberc rc.yaml --section defaults --command get --option bad --overwrite
kubectl alpha kuberc set --kuberc rc.yaml --section defaults --command "set env" --overwrite
kubectl alpha kuberc set --kuberc rc.yaml --section aliases --name getn --command get
kubectl alpha kuberc set --kuberc rc.yaml --section aliases --name getn --command get --overwrite
cat rc.yaml
kubectl alpha kuberc view --kuberc rc.yaml
kubectl alpha kuberc view --kuberc rc.yaml -o json
kubectl alpha kuberc view --kuberc rc.yaml -o name
kubectl alpha kuberc view --kuberc rc.yaml -o jsonpath='{.defaults[0].command}'
KUBERC=rc.yaml kubectl alpha kuberc view extra
echo 'kind: Preference' > rc2.yaml
kubectl alpha kuberc view --kuberc rc2.yaml
kubectl alpha kuberc set --kuberc rc2.yaml --section defaults --command get
cat rc2.yaml
echo '' > rc3.yaml
kubectl alpha kuberc set --kuberc rc3.yaml --section defaults --command get
cat rc3.yaml
printf 'apiVersion: kubectl.config.k8s.io/v1beta1\nkind: Preference\nfoo: 1\nbar: 2\n' > rc4.yaml
kubectl alpha kuberc view --kuberc rc4.yaml
printf 'a: [\n' > rc5.yaml
kubectl alpha kuberc view --kuberc rc5.yaml
printf -- '---\nkind: Foo\n---\napiVersion: kubectl.config.k8s.io/v1alpha1\nkind: Preference\ndefaults:\n- command: get\n' > rc6.yaml
kubectl alpha kuberc view --kuberc rc6.yaml
kubectl alpha kuberc view --kuberc rc6.yaml -o yaml --show-managed-fields
kubectl scale deploy web --current-replicas=3 --replicas=1
kubectl scale deploy web --current-replicas=2 --replicas=1 --dry-run=client
kubectl scale rs --all --current-replicas=5 --replicas=1
kubectl scale deploy web --resource-version=1 --replicas=1
kubectl scale svc web --replicas=1
kubectl scale svc web --current-replicas=1 --replicas=1
kubectl scale deploy/web svc/web --current-replicas=7 --replicas=1
kubectl autoscale deploy web --max=3 --dry-run=client -o yaml
kubectl autoscale deploy web --min=2 --max=5 --cpu-percent=50 --dry-run=client -o yaml
kubectl autoscale deploy web --max=3 --cpu=60% --memory=1Gi --dry-run=client -o yaml
kubectl autoscale svc web --max=3 --dry-run=client
kubectl autoscale rs --all --max=3 --dry-run=client
kubectl autoscale deploy web --max=3 --dry-run=client -o name
kubectl api-resources --api-group=apps
kubectl get --raw /api/v1/namespaces/default/services/web/scale
kubectl get --raw /apis/apps/v1/namespaces/default/deployments/web
kubectl get --raw /api/v1/namespaces/default/pods/nope
kubectl run x --image=nginx --dry-run=client -o yaml --overrides='{"spec":{"foo":1,"containers":[{"name":"x","bar":2}]},"baz":3}'
kubectl run x --image=nginx --dry-run=client -o yaml --overrides='{"spec":{"restartPolicy":5}}'
kubectl run x --image=nginx --dry-run=client -o yaml --overrides='{"apiVersion":"v2"}'
kubectl run x --image=nginx --dry-run=client -o yaml --overrides='[1]'
kubectl run x --image=nginx --dry-run=client -o yaml --overrides='{bad'
kubectl run x --image=nginx --dry-run=client -o yaml --overrides='{"metadata":{"labels":{"a":"b"}},"status":{"phase":"Running"}}'
kubectl run x --image=nginx --dry-run=client -o yaml --overrides='{"spec":{"containers":[{"name":"y","image":"busybox"}]}}'
kubectl run x --image=nginx --dry-run=client -o json --overrides='{"spec":{"nodeName":"n1","foo":{"x":1}}}'
kubectl config set preferences.foo v
kubectl config set preferences.colors.x v
kubectl config set foo.bar v
kubectl config set current-context.x v
kubectl config set clusters.kubernetes.server.x v
kubectl config set users.nobody.token x --kubeconfig=empty.yaml
kubectl config set foo x
kubectl config view --kubeconfig=nope
kubectl config get-contexts --kubeconfig=nope
kubectl config current-context --kubeconfig=nope
kubectl config get-clusters --kubeconfig=nope
kubectl config get-users --kubeconfig=nope
kubectl config use-context x --kubeconfig=nope
kubectl config delete-context x --kubeconfig=nope
kubectl config view --kubeconfig=nope --minify
kubectl config set users.nobody.foo x --kubeconfig=nope
kubectl get pods --kubeconfig=nope
kubectl config set-cluster c --server=https://a --kubeconfig=nope3
cat nope3
kubectl run duo --image=nginx:1.27 --labels=app=duo,tier=fe
sleep 40
kubectl certificate
kubectl certificate approve
kubectl certificate approve x
kubectl certificate deny
kubectl certificate approve x --force -o name
kubectl certificate approve -f nope.yaml
kubectl auth can-i
kubectl auth can-i get
kubectl auth can-i get pods
kubectl auth can-i get pods --list
kubectl auth can-i --list
kubectl auth can-i get pods -A --quiet
kubectl auth can-i get /logs
kubectl auth can-i get pods --subresource=log
kubectl auth can-i frobnicate pods
kubectl auth can-i get podz
kubectl auth whoami
kubectl auth whoami -o yaml
kubectl debug
kubectl debug solo
kubectl debug solo --image=busybox --target=nope --dry-run=client -o yaml
kubectl debug solo --image=busybox --copy-to=solo-dbg --dry-run=client -o yaml
kubectl debug node/nope --image=busybox
kubectl debug solo --profile=foo --image=busybox
kubectl debug solo -it
kubectl debug solo --image=busybox --share-processes --dry-run=client
kubectl debug solo --image=busybox --container=app --copy-to=x --set-image=app=y --dry-run=client -o yaml
kubectl debug -f nope.yaml --image=busybox
kubectl events --for pod/solo
kubectl events --for pod/nope
kubectl events --for solo
kubectl events --for=deployment/web --types=Normal
kubectl events --types=Warning
kubectl events --types=Foo
kubectl events -A --types=Normal,Warning -o name
kubectl events --for pod/solo -o yaml --no-headers
kubectl events --watch --for pod/solo --types=Warning -o wide --chunk-size=1
kubectl get --raw /api/v1/namespaces/default/pods/solo -o yaml
kubectl get --raw /api/v1/namespaces/default/pods/solo pods
kubectl get --raw api/v1
kubectl get --raw /version
kubectl get --raw /healthz
kubectl get --raw /nope
kubectl get --raw /api/v1/namespaces/default/services
kubectl get --raw /api/
kubectl get --raw /api
kubectl get --raw /api/v1/namespaces/default/pods/solo/log
kubectl get --raw '/api/v1/namespaces/default/pods/solo/log?tailLines=1'
kubectl get --raw /api/v1/namespaces/default/pods/nope/log
kubectl get --raw /api/v1/namespaces/default/pods/solo/status
kubectl get --raw /api/v1/namespaces/default/configmaps/kube-root-ca.crt/status
kubectl get pods --show-kind
kubectl get pods -L app -L tier
kubectl get pods --label-columns=app,tier --no-headers
kubectl get pods,svc --no-headers -o wide
kubectl get pods --output-watch-events
kubectl get pods -o name --show-kind
kubectl get pods --show-kind -A --no-headers
kubectl get svc,deploy --show-kind -L app
kubectl version --client
kubectl version --client -o yaml
kubectl version --client -o json
kubectl version -o foo
kubectl version --short
kubectl version --client --output=yaml
kubectl plugin list
kubectl plugin
kubectl plugin list --name-only
kubectl plugin foo
kubectl completion
kubectl completion foo
kubectl completion bash | head -3
kubectl completion zsh | head -3
kubectl completion fish | head -3
kubectl completion powershell | head -3
kubectl completion bash zsh
cat > pod.yaml <<EOF2
apiVersion: v1
kind: Pod
metadata:
  name: solo
EOF2
cat > csr.yaml <<EOF2
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: c
EOF2
kubectl certificate approve -f nope.yaml
kubectl certificate approve -f pod.yaml
kubectl certificate approve x -f pod.yaml
kubectl certificate deny -f csr.yaml
kubectl certificate approve -f nope.yaml x
kubectl get --raw /version
kubectl get --raw /healthz
kubectl get --raw /livez
kubectl get --raw /readyz
kubectl get --raw /api/v1/namespaces/default/pods
kubectl events --for pod/duo -o json
kubectl events --for pod/duo -o yaml
kubectl events --for pod/nope -o json
kubectl events --for pod/duo -o jsonpath='{.kind} {.metadata}'
kubectl events --for pod/duo -o name
EOF2
kubectl apply view-last-applied -f noname.yaml
kubectl apply set-last-applied -f noname.yaml
kubectl apply edit-last-applied -f noname.yaml
kubectl describe -f noname.yaml
kubectl label -f noname.yaml a=b
kubectl annotate -f noname.yaml a=b
kubectl create configmap cfg2 --from-literal=a.b=1 --from-literal=C=2
kubectl create secret generic sec2 --from-literal=token=x
kubectl set env deploy/web --from=cm/nope --dry-run=client
kubectl set env deploy/web --from=cm/cfg2 --keys=a.b --dry-run=client -o yaml
kubectl set env deploy/web --from=secret/sec2 --prefix=P_ --dry-run=client -o yaml
kubectl set env deploy/web --from=cm/cfg2 --keys=C X=1 --prefix=Q_ --dry-run=client -o yaml
kubectl set env deploy/web --from=pod/solo --dry-run=client
kubectl set env deploy/web --from=cm --dry-run=client
kubectl rollout history deploy/web -o name
kubectl rollout history deploy/web -o jsonpath='{.metadata.name}' --revision=2
kubectl rollout history pod/solo
kubectl rollout undo pod/solo
kubectl rollout status deploy/web --revision=-1
cat > kc2 <<EOF2
apiVersion: v1
clusters:
- cluster:
    insecure-skip-tls-verify: true
    server: https://x
  name: c
contexts:
- context:
    cluster: c
    namespace: "n"
    user: u
  name: k
current-context: k
kind: Config
preferences:
  colors: true
users:
- name: u
  user:
    token: t
EOF2
kubectl config view --kubeconfig=kc2 -o json
kubectl config view --kubeconfig=kc2 -o json --raw
kubectl config view --kubeconfig=kc2 -o yaml --minify
kubectl config view --kubeconfig=kc2 -o name
kubectl config view --kubeconfig=nope -o json
kubectl proxy --port=-1
kubectl proxy --unix-socket=x --port=1
kubectl proxy --port=70000
kubectl wait
kubectl wait pod/solo
kubectl wait pod/solo --for=foo
kubectl wait pod/solo --for=condition
kubectl wait pod/solo --for=jsonpath='{.status.phase}'=Running
kubectl wait pod/solo --for=jsonpath='{.status.phase'=Running
kubectl wait pod/solo --for=jsonpath='{.status.containerStatuses[*].ready}'=true
kubectl wait pod/solo --for=create
kubectl wait pod/nope --for=create --timeout=1s
kubectl wait pod/solo --for=condition=Ready --timeout=-1s
kubectl wait pod/solo --for=condition=Ready --timeout=foo
kubectl wait pods --all --for=condition=Ready -o name
kubectl wait pod/solo --for=condition=Ready=false --timeout=0
kubectl wait pod/solo --for=delete --timeout=0
kubectl rollout
kubectl rollout history
kubectl rollout history deploy/web
kubectl rollout history deploy/web --revision=1
kubectl rollout history deploy/web --revision=9
kubectl rollout history pod/solo
kubectl rollout undo pod/solo
kubectl rollout undo deploy/web --to-revision=9 --dry-run=client
kubectl rollout pause pod/solo
kubectl rollout resume deploy/web
kubectl rollout restart pod/solo
kubectl rollout status pod/solo
kubectl rollout status deploy/web --revision=-1
kubectl rollout status deploy/web --timeout=foo
kubectl rollout status deploy/web -w=false
kubectl taint
kubectl taint nodes
kubectl taint nodes worker-1
kubectl taint nodes worker-1 foo
kubectl taint nodes worker-1 foo=bar:Nope
kubectl taint nodes worker-1 foo-
kubectl taint nodes worker-1 foo=bar:NoSchedule foo=baz:NoSchedule
kubectl taint pods solo foo=bar:NoSchedule
kubectl taint nodes --all foo=bar:NoSchedule --dry-run=client -o name
kubectl drain
kubectl drain worker-1 --grace-period=-2
kubectl drain worker-1 --delete-local-data --dry-run=client
kubectl drain worker-1 --timeout=foo
kubectl drain nope
kubectl exec
kubectl exec solo
kubectl exec solo -- 
kubectl exec nope -- ls
kubectl exec solo -c nope -- ls
kubectl exec deploy/web -c x -- ls
kubectl port-forward
kubectl port-forward solo
kubectl port-forward solo foo
kubectl port-forward solo 80:foo
kubectl port-forward solo 70000
kubectl port-forward nope 80
kubectl port-forward svc/nope 80
kubectl port-forward solo 80 --address=foo
kubectl patch
kubectl patch pod solo
kubectl patch pod solo -p '{bad'
kubectl patch pod solo -p '{}' --type=foo
kubectl patch pod solo -p '{}' --type=json
kubectl patch pod solo -p '[]' --type=json --dry-run=client
kubectl patch pod nope -p '{}'
kubectl patch pod solo --patch-file=nope.json
kubectl replace
kubectl replace -f nope.yaml
kubectl replace --force --grace-period=1 --dry-run=client -f nope.yaml
kubectl set env
kubectl set env pod/solo --list
kubectl set env deploy/web --list
kubectl set env deploy/web --list --resolve
kubectl set env deploy/web A=1 --dry-run=client -o yaml
kubectl set env deploy/web A
kubectl set env deploy/web --from=cm/nope --dry-run=client
kubectl set resources deploy/web --limits=cpu=foo
kubectl set resources deploy/web
kubectl set image deploy/web
kubectl set image deploy/web foo=bar --dry-run=client
kubectl label pods solo --list
kubectl label pods solo app=x
kubectl label pods solo app- app=x
kubectl label pods solo 'bad key=x'
kubectl label pods solo app=solo --overwrite --dry-run=client
kubectl annotate pods solo --list
kubectl annotate pods solo a=b --resource-version=1 --dry-run=client
kubectl config view --flatten --minify -o name
kubectl config view -o wide
kubectl config get-contexts -o wide
kubectl config get-contexts nope
kubectl api-resources -o name --namespaced=false
kubectl api-resources -o wide --api-group=apps
kubectl api-resources -o foo
kubectl api-resources --sort-by=kind --no-headers
kubectl api-resources --sort-by=foo
kubectl api-versions extra
kubectl top
kubectl top pod --sort-by=foo
kubectl top node --selector='a in (b'
kubectl kustomize nope
kubectl diff
kubectl diff -f nope.yaml
kubectl proxy --port=-1
kubectl proxy --unix-socket=x --port=1 --www=y --www-prefix=z --reject-paths=a
