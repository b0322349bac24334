# kubelab script --seed 5
openssl genrsa -out myuser.key 2048
openssl req -new -key myuser.key -out myuser.csr -subj "/CN=myuser/O=dev"
printf 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: myuser\nspec:\n  request: %s\n  signerName: kubernetes.io/kube-apiserver-client\n  expirationSeconds: 86400\n  usages:\n  - client auth\n' $(base64 -w0 myuser.csr) > csr.yaml
kubectl create -f csr.yaml --dry-run=client -o yaml
kubectl create -f csr.yaml
kubectl get csr
kubectl get csr -o wide
kubectl describe csr myuser
kubectl certificate approve myuser
kubectl certificate approve myuser
kubectl certificate deny myuser
kubectl certificate approve myuser nope -o name
sleep 2
kubectl get csr
kubectl describe csr myuser
kubectl get csr myuser -o jsonpath='{.status.conditions}'
kubectl api-resources --api-group=certificates.k8s.io
kubectl explain csr.spec.usages
kubectl get csr nope
printf 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: bad\nspec:\n  request: aGVsbG8=\n  signerName: example\n  expirationSeconds: 30\n  usages:\n  - client auth\n  - foo\n' > bad.yaml
kubectl create -f bad.yaml
openssl req -new -key myuser.key -out masters.csr -subj "/CN=root/O=system:masters"
printf 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: m\nspec:\n  request: %s\n  signerName: kubernetes.io/kube-apiserver-client\n  usages:\n  - client auth\n' $(base64 -w0 masters.csr) > m.yaml
kubectl apply -f m.yaml
printf 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: e\nspec:\n  request: %s\n  signerName: example.com/e\n  usages:\n  - server auth\n' $(base64 -w0 myuser.csr) > e.yaml
kubectl apply -f e.yaml
kubectl certificate deny -f e.yaml
kubectl certificate approve -f e.yaml --force
kubectl label csr e a=b
kubectl get csr e -o yaml
kubectl get csr --show-labels
kubectl delete csr e
kubectl certificate approve
