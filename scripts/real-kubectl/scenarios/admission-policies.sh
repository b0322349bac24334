# kubelab script --seed 7
export NO_COLOR=1
kubectl api-resources --api-group=admissionregistration.k8s.io
kubectl apply -f - <<< '{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"demo-policy.example.com"},"spec":{"failurePolicy":"Fail","matchConstraints":{"resourceRules":[{"apiGroups":["apps"],"apiVersions":["v1"],"operations":["CREATE","UPDATE"],"resources":["deployments"]}]},"validations":[{"expression":"object.spec.replicas <= 5"}]}}'
kubectl apply -f - <<< '{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"demo-binding-test.example.com"},"spec":{"policyName":"demo-policy.example.com","validationActions":["Deny"],"matchResources":{"namespaceSelector":{"matchLabels":{"environment":"test"}}}}}'
kubectl label namespace default environment=test
kubectl create deployment nginx --image=nginx --replicas=6
kubectl create deployment ok --image=nginx --replicas=2
kubectl patch deployment ok -p '{"spec":{"replicas":7}}'
kubectl apply -f - <<< '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"big"},"spec":{"replicas":8,"selector":{"matchLabels":{"app":"big"}},"template":{"metadata":{"labels":{"app":"big"}},"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}}'
sleep 2
kubectl get validatingadmissionpolicies
kubectl get validatingadmissionpolicybindings
kubectl get validatingadmissionpolicy demo-policy.example.com -o yaml
kubectl describe validatingadmissionpolicy demo-policy.example.com
kubectl describe validatingadmissionpolicybinding demo-binding-test.example.com
kubectl get validatingadmissionpolicies -o wide
kubectl get api-extensions
kubectl apply -f - <<< '{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"bad.example.com"},"spec":{"matchConstraints":{"resourceRules":[{"apiGroups":[""],"apiVersions":["v1"],"operations":["CREATE"],"resources":["pods"]}]},"validations":[{"expression":"foo.bar == 1"},{"expression":"1 + 1u == 2"}]}}'
kubectl apply -f - <<< '{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"bad-binding"},"spec":{"policyName":"demo-policy.example.com","validationActions":["Deny","Warn"],"paramRef":{"namespace":"default"}}}'
kubectl apply -f - <<< '{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"typo"},"spec":{"policyName":"demo-policy.example.com","validationAction":["Deny"]}}'
kubectl apply -f - <<< '{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"demo-binding-test.example.com"},"spec":{"policyName":"demo-policy.example.com","validationActions":["Warn","Audit"],"matchResources":{"namespaceSelector":{"matchLabels":{"environment":"test"}}}}}'
kubectl create deployment warned --image=nginx --replicas=6
kubectl apply -f - <<< '{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingWebhookConfiguration","metadata":{"name":"demo-webhook"},"webhooks":[{"name":"deny","clientConfig":{"url":"http://example.com/validate?x=1"},"timeoutSeconds":60}]}'
kubectl apply -f - <<< '{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingWebhookConfiguration","metadata":{"name":"demo-webhook"},"webhooks":[{"name":"deny.example.com","admissionReviewVersions":["v1"],"sideEffects":"None","rules":[{"apiGroups":[""],"apiVersions":["v1"],"operations":["CREATE"],"resources":["configmaps"]}],"clientConfig":{"service":{"namespace":"default","name":"webhook","path":"/validate"}}}]}'
kubectl create configmap x --from-literal=a=b
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"y"},"data":{"a":"b"}}'
kubectl get validatingwebhookconfigurations
kubectl get mutatingwebhookconfigurations
kubectl describe validatingwebhookconfiguration demo-webhook
kubectl explain validatingadmissionpolicybinding.spec.validationActions
kubectl apply -f - <<< '{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"protect.example.com"},"spec":{"matchConstraints":{"resourceRules":[{"apiGroups":[""],"apiVersions":["v1"],"operations":["DELETE"],"resources":["secrets"]}]},"validations":[{"expression":"!has(oldObject.metadata.labels) || !(\"protected\" in oldObject.metadata.labels)","message":"protected secrets cannot be deleted","reason":"Forbidden"}]}}'
kubectl apply -f - <<< '{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"protect.example.com"},"spec":{"policyName":"protect.example.com","validationActions":["Deny"]}}'
kubectl create secret generic keep --from-literal=a=b
kubectl label secret keep protected=yes
kubectl create secret generic drop --from-literal=a=b
kubectl delete secret keep drop
kubectl get secrets
