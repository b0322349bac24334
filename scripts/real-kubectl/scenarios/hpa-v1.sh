# kubelab script --seed 7
kubectl api-versions
kubectl api-resources --api-group=autoscaling
kubectl get --raw /apis/autoscaling
kubectl get --raw /apis/autoscaling/v1
curl -sLO https://k8s.io/examples/controllers/frontend.yaml
kubectl apply -f frontend.yaml
curl -sLO https://k8s.io/examples/controllers/hpa-rs.yaml
kubectl apply -f hpa-rs.yaml
kubectl get hpa
kubectl get horizontalpodautoscalers.v1.autoscaling frontend-scaler -o yaml
kubectl get hpa.v1.autoscaling frontend-scaler -o jsonpath='{.apiVersion}'
kubectl get hpa.v2.autoscaling frontend-scaler -o yaml
kubectl get horizontalpodautoscalers.v1.autoscaling
kubectl get --raw /apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/frontend-scaler
kubectl describe hpa frontend-scaler
kubectl apply -f - <<< '{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"bad"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"frontend"},"maxReplicas":5,"targetCPUUtilizationPercentage":0}}'
kubectl apply -f - <<< '{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"plain"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"frontend"},"maxReplicas":5}}'
kubectl get hpa plain -o yaml
kubectl apply -f - <<< '{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"mem"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"frontend"},"maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}},{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}}],"behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}}}'
kubectl get horizontalpodautoscalers.v1.autoscaling mem -o yaml
sleep 60
kubectl get horizontalpodautoscaler.v1.autoscaling frontend-scaler -o jsonpath='{.status}'
kubectl get horizontalpodautoscaler.v1.autoscaling frontend-scaler -o jsonpath='{.metadata.annotations.autoscaling\.alpha\.kubernetes\.io/current-metrics}'
kubectl get hpa
