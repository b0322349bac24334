# kubelab script --seed 7
curl -sLO https://k8s.io/examples/pods/simple-pod.yaml
kubectl apply -f simple-pod.yaml
curl -sLO https://k8s.io/examples/application/deployment.yaml
kubectl apply -f deployment.yaml
wget -q https://k8s.io/examples/configmap/configmaps.yaml
kubectl apply -f configmaps.yaml
curl -sLO https://k8s.io/examples/pods/pod-single-configmap-env-variable.yaml
kubectl create -f pod-single-configmap-env-variable.yaml
curl -sLO https://k8s.io/examples/pods/inject/secret.yaml
curl -sLO https://k8s.io/examples/pods/inject/secret-envars-pod.yaml
kubectl apply -f secret.yaml -f secret-envars-pod.yaml
curl -sLO https://k8s.io/examples/pods/inject/dapi-envars-pod.yaml
kubectl apply -f dapi-envars-pod.yaml
curl -sLO https://k8s.io/examples/pods/inject/envars.yaml
kubectl apply -f envars.yaml
curl -sLO https://k8s.io/examples/application/php-apache.yaml
kubectl apply -f php-apache.yaml
curl -sL https://k8s.io/examples/application/hpa/php-apache.yaml -o hpa.yaml
kubectl apply -f hpa.yaml
curl -sLO https://k8s.io/examples/controllers/job.yaml
kubectl apply -f job.yaml
curl -sLO https://k8s.io/examples/application/job/cronjob.yaml
kubectl apply -f cronjob.yaml
kubectl create namespace default-cpu-example
curl -sLO https://k8s.io/examples/admin/resource/cpu-defaults.yaml
kubectl apply -f cpu-defaults.yaml --namespace=default-cpu-example
curl -sLO https://k8s.io/examples/admin/resource/cpu-defaults-pod.yaml
kubectl apply -f cpu-defaults-pod.yaml --namespace=default-cpu-example
curl -sLO https://k8s.io/examples/application/web/web.yaml
kubectl apply -f web.yaml
curl -sLO https://k8s.io/examples/pods/pod-with-toleration.yaml
kubectl apply -f pod-with-toleration.yaml --dry-run=server -o yaml
sleep 60
kubectl get pods -A -o wide
kubectl get deploy,rs,svc,hpa,cj,sts,cm,secret,limitrange -A
kubectl get pod default-cpu-demo -n default-cpu-example -o yaml
kubectl describe pod dapi-envars-fieldref
kubectl logs dapi-envars-fieldref
kubectl logs envar-demo
