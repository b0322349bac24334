# kubelab script --seed 7
# The kubectl patch, declarative/imperative object management and stateless-application task pages.
curl -sLO https://k8s.io/examples/application/deployment-patch.yaml
curl -sLO https://k8s.io/examples/application/deployment-retainkeys.yaml
curl -sLO https://k8s.io/examples/application/simple_deployment.yaml
curl -sLO https://k8s.io/examples/application/update_deployment.yaml
kubectl apply -f deployment-patch.yaml
sleep 30
printf 'spec:\n  template:\n    spec:\n      containers:\n      - name: patch-demo-ctr-2\n        image: redis\n' > patch-file.yaml
kubectl patch deployment patch-demo --patch-file patch-file.yaml
kubectl get deployment patch-demo -o jsonpath='{.spec.template.spec.containers[*].name}'
printf 'spec:\n  template:\n    spec:\n      tolerations:\n      - effect: NoSchedule\n        key: disktype\n        value: ssd\n' > patch-file-tolerations.yaml
kubectl patch deployment patch-demo --patch-file patch-file-tolerations.yaml
printf 'spec:\n  template:\n    spec:\n      containers:\n      - name: patch-demo-ctr-3\n        image: gcr.io/google-samples/node-hello:1.0\n' > patch-file-2.yaml
kubectl patch deployment patch-demo --type merge --patch-file patch-file-2.yaml
kubectl get deployment patch-demo -o yaml
kubectl apply -f deployment-retainkeys.yaml
printf 'spec:\n  strategy:\n    type: Recreate\n' > patch-file-no-retainkeys.yaml
kubectl patch deployment retainkeys-demo --type merge --patch-file patch-file-no-retainkeys.yaml
printf 'spec:\n  strategy:\n    $retainKeys:\n    - type\n    type: Recreate\n' > patch-file-retainkeys.yaml
kubectl patch deployment retainkeys-demo --patch-file patch-file-retainkeys.yaml
kubectl get deployment retainkeys-demo -o yaml
kubectl patch deployment patch-demo --patch 'spec:\n template:\n  spec:\n   containers:\n   - name: patch-demo-ctr-2\n     image: redis'
kubectl patch deployment patch-demo --subresource='scale' --type='merge' -p '{"spec":{"replicas":3}}'
kubectl apply -f simple_deployment.yaml
kubectl get -f simple_deployment.yaml -o yaml
kubectl scale deployment/nginx-deployment --replicas=2
kubectl apply -f update_deployment.yaml
kubectl get -f update_deployment.yaml -o yaml
kubectl apply view-last-applied deployment/nginx-deployment
kubectl apply -f update_deployment.yaml --server-side
kubectl get deployment nginx-deployment -o yaml --show-managed-fields
kubectl get deployment nginx-deployment -o jsonpath='{range .metadata.managedFields[*]}{.manager}/{.operation}{"\n"}{end}'
kubectl apply -f simple_deployment.yaml --server-side
kubectl delete -f simple_deployment.yaml
kubectl create service clusterip my-svc --clusterip="None" -o yaml --dry-run=client > srv.yaml
kubectl create -f srv.yaml
kubectl replace --force -f srv.yaml
kubectl get service my-svc -o yaml
kubectl replace -f srv.yaml
mkdir cfg
kubectl create deployment web --image=nginx --dry-run=client -o yaml > cfg/web.yaml
kubectl create configmap conf --from-literal=a=b --dry-run=client -o yaml > cfg/conf.yaml
kubectl apply -f cfg/
rm cfg/conf.yaml
kubectl apply -f cfg/ --prune
kubectl apply -f cfg/ --prune -l app=nope
kubectl apply -f cfg/ --prune --all --prune-allowlist=core/v1/ConfigMap
kubectl apply -f cfg/ --prune --all --prune-allowlist=ConfigMap
kubectl get configmaps
kubectl diff -f update_deployment.yaml
kubectl apply -f update_deployment.yaml
kubectl diff -f simple_deployment.yaml
