# kubelab script --seed 7
export NO_COLOR=1
kubectl get clusterroles | wc -l
kubectl get clusterrolebindings | wc -l
kubectl get clusterroles | head -5
kubectl get clusterrolebinding kubeadm:cluster-admins -o wide
kubectl get roles -n kube-system
kubectl get rolebindings -n kube-public -o wide
kubectl describe clusterrole cluster-admin
kubectl describe clusterrole system:basic-user
kubectl describe clusterrolebinding system:coredns
kubectl describe role kube-proxy -n kube-system
kubectl create namespace dev
kubectl create serviceaccount app -n dev
kubectl create role pod-reader --verb=get,list,watch --resource=pods,pods/log -n dev
kubectl create role cm-one --verb=get --resource=configmaps --resource-name=settings -n dev
kubectl create rolebinding read-pods --role=pod-reader --user=jane --serviceaccount=dev:app -n dev
kubectl create clusterrole node-viewer --verb=get,list --resource=nodes
kubectl create clusterrole health --verb=get --non-resource-url=/healthz --non-resource-url=/logs/*
kubectl create clusterrolebinding jane-nodes --clusterrole=node-viewer --user=jane --group=ops
kubectl get roles -n dev
kubectl get rolebinding read-pods -n dev -o wide
kubectl get clusterrolebinding jane-nodes -o wide
kubectl describe role pod-reader -n dev
kubectl describe role cm-one -n dev
kubectl describe rolebinding read-pods -n dev
kubectl describe clusterrole health
kubectl get role pod-reader -n dev -o yaml
kubectl get rolebinding read-pods -n dev -o json
kubectl auth can-i list pods -n dev --as=jane
kubectl auth can-i get pods --subresource=log -n dev --as=jane
kubectl auth can-i delete pods -n dev --as=jane
kubectl auth can-i list pods --as=jane
kubectl auth can-i list nodes --as=jane
kubectl auth can-i list nodes --as=bob --as-group=ops
kubectl auth can-i get configmaps/settings -n dev --as=system:serviceaccount:dev:app
kubectl auth can-i get /healthz --as=jane
kubectl auth can-i list pods -n dev --as=system:serviceaccount:dev:app
kubectl auth can-i create deployments.apps -n dev --as=system:serviceaccount:dev:app
kubectl auth can-i list pods -n dev --as=jane --quiet
kubectl auth can-i delete pods -n dev --as=jane -q
kubectl auth can-i '*' '*'
kubectl auth can-i list secrets -A
kubectl auth can-i get widgets
kubectl auth can-i get widgets.example.com --as=jane
kubectl auth can-i fly pods -n dev --as=jane
kubectl auth can-i list pods/log -n dev --as=jane
kubectl auth can-i get pods/nosuch -n dev --as=jane
kubectl auth can-i --list -n dev --as=jane
kubectl auth can-i --list --as=system:serviceaccount:dev:app -n dev --no-headers
kubectl get pods -n dev --as=jane
kubectl get pods --as=jane
kubectl get deployments -n dev --as=jane
kubectl get nodes --as=jane
kubectl get namespaces --as=jane
kubectl get pod nosuch -n dev --as=jane
kubectl delete pod nosuch -n dev --as=jane
kubectl create configmap c1 -n dev --as=jane
kubectl get configmaps -n dev --as=system:serviceaccount:dev:app
kubectl auth whoami
kubectl auth whoami --as=jane --as-group=ops
kubectl auth whoami --as=system:serviceaccount:dev:app -o yaml
kubectl create rolebinding broken --role=missing --user=ann -n dev
kubectl auth can-i list pods -n dev --as=ann
kubectl create token app -n dev | cut -d. -f1
kubectl create token app -n dev --duration=1m
kubectl create token nosuch -n dev
kubectl create role bad --verb=get --resource=foos
kubectl create role bad --verb=fly --resource=pods -n dev
kubectl create rolebinding rb-edit --clusterrole=edit --user=jane -n dev --as=jane
kubectl create role rb-maker --verb=create --resource=rolebindings,roles -n dev
kubectl create rolebinding jane-rb-maker --role=rb-maker --user=jane -n dev
kubectl create rolebinding rb-edit --clusterrole=edit --user=jane -n dev --as=jane
kubectl create role r3 --verb=delete,create --resource=pods,secrets -n dev --as=jane
kubectl create role r4 --verb=get --resource=pods -n dev --as=jane
kubectl create rolebinding rb-view --role=pod-reader --user=kim -n dev --as=jane
kubectl create rolebinding rb-none --role=nothing --user=kim -n dev --as=jane
kubectl get rolebindings -n dev
kubectl delete rolebinding read-pods -n dev
kubectl auth can-i list pods -n dev --as=jane
kubectl delete clusterrole node-viewer
kubectl auth can-i list nodes --as=jane
kubectl create rolebinding sa-view --clusterrole=view --serviceaccount=default:default
kubectl get pods --as=system:serviceaccount:default:default
kubectl get pods -A --as=system:serviceaccount:default:default
kubectl get deployments --all-namespaces --as=system:serviceaccount:default:default
