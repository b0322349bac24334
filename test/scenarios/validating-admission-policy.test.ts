/**
 * The kubernetes.io concept page "Validating Admission Policy" (content/en/docs/reference/access-authn-authz/
 * validating-admission-policy.md, examples validatingadmissionpolicy/*) and "Dynamic Admission Control", walked as a
 * learner types them. Expected texts from kube-apiserver release-1.35: the denial of
 * policy/validating/dispatcher.go (`ValidatingAdmissionPolicy '%s' with binding '%s' denied request: %s` through
 * admission.NewForbidden with reason Invalid, printed by kubectl as `The deployments "x" is invalid: : ...`), the Warn
 * warning (`Validation failed for ValidatingAdmissionPolicy '%s' with binding '%s': %s`), validator.go's fallback
 * message (`failed expression: %v`), CollectParams' `no params found for policy binding with \`Deny\`
 * parameterNotFoundAction`, pkg/apis/admissionregistration/validation (compile errors as `compilation failed: ` and
 * cel-go's issue text), the webhook client's `failed calling webhook "%s": failed to call webhook: Post "%s": %v`
 * under apierrors.NewInternalError, and printers.go's columns.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession, WARNING } from '../../engine/shell/interactive-test-helpers.js';

const POLICY = `kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "demo-policy.example.com"
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  validations:
    - expression: "object.spec.replicas <= 5"
EOF`;

const binding = (actions: string) => `kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "demo-binding-test.example.com"
spec:
  policyName: "demo-policy.example.com"
  validationActions: [${actions}]
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: test
EOF`;

const DENIED = "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5";

describe('Validating Admission Policy (kubernetes.io concept page)', () => {
  it('the basic example denies a Deployment of more than 5 replicas in a namespace labelled environment=test', async () => {
    const { run } = await interactiveSession();
    expect((await run(POLICY)).out).toBe('validatingadmissionpolicy.admissionregistration.k8s.io/demo-policy.example.com created\n');
    expect((await run(binding('Deny'))).out).toBe('validatingadmissionpolicybinding.admissionregistration.k8s.io/demo-binding-test.example.com created\n');
    // The binding selects namespaces by label: default has none, so nothing is checked there yet.
    expect((await run('kubectl create deployment nginx --image=nginx --replicas=6')).out).toBe('deployment.apps/nginx created\n');
    await run('kubectl label namespace default environment=test');
    const r = await run('kubectl create deployment nginx2 --image=nginx --replicas=6');
    expect(r.out).toBe(`error: failed to create deployment: deployments.apps "nginx2" is forbidden: ${DENIED}\n`);
    expect(r.status).toBe(1);
    // An update is checked too: kubectl scale goes through deployments/scale, which the rule does not name.
    const edit = await run(`kubectl patch deployment nginx -p '{"spec":{"replicas":7}}'`);
    expect(edit.out).toBe(`The deployments "nginx" is invalid: : ${DENIED}\n`);
    expect((await run('kubectl create deployment ok --image=nginx --replicas=5')).out).toBe('deployment.apps/ok created\n');
    expect((await run('kubectl get validatingadmissionpolicies')).out).toBe(
      'NAME                      VALIDATIONS   PARAMKIND   AGE\n'
      + 'demo-policy.example.com   1             <unset>     0s\n');
  });

  it('validationActions [Warn, Audit] admit the Deployment with a warning', async () => {
    const { run } = await interactiveSession();
    await run(POLICY);
    await run(binding('Warn, Audit'));
    await run('kubectl label namespace default environment=test');
    expect((await run('kubectl create deployment nginx --image=nginx --replicas=6')).out).toBe(
      `${WARNING} Validation failed for ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com': failed expression: object.spec.replicas <= 5\n`
      + 'deployment.apps/nginx created\n');
  });

  it('expressions are compiled at create: cel-go\'s issues under "compilation failed", and the policy is not stored', async () => {
    const { run } = await interactiveSession();
    const r = await run(`kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: bad.example.com
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: [""]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["pods"]
  validations:
  - expression: "foo.bar == 1"
  - expression: "1 + 1u == 2"
  - expression: "object.spec.replicas <= '5' + 1"
  - expression: "'abc'"
EOF`);
    expect(r.out).toBe('The ValidatingAdmissionPolicy "bad.example.com" is invalid: \n'
      + "* spec.validations[0].expression: Invalid value: \"foo.bar == 1\": compilation failed: ERROR: <input>:1:1: undeclared reference to 'foo' (in container '')\n | foo.bar == 1\n | ^\n"
      + "* spec.validations[1].expression: Invalid value: \"1 + 1u == 2\": compilation failed: ERROR: <input>:1:3: found no matching overload for '_+_' applied to '(int, uint)'\n | 1 + 1u == 2\n | ..^\n"
      + "* spec.validations[2].expression: Invalid value: \"object.spec.replicas <= '5' + 1\": compilation failed: ERROR: <input>:1:29: found no matching overload for '_+_' applied to '(string, int)'\n | object.spec.replicas <= '5' + 1\n | ............................^\n"
      + '* spec.validations[3].expression: Invalid value: "\'abc\'": must evaluate to bool\n');
    expect(r.status).toBe(1);
    expect((await run('kubectl get validatingadmissionpolicies')).out).toBe('No resources found\n');
  });

  it('a binding is validated: paramRef needs a name or selector and parameterNotFoundAction; Deny and Warn exclude each other', async () => {
    const { run } = await interactiveSession();
    const r = await run(`kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: bad-binding
spec:
  policyName: demo-policy.example.com
  validationActions: [Deny, Warn]
  paramRef:
    namespace: default
EOF`);
    expect(r.out).toBe('The ValidatingAdmissionPolicyBinding "bad-binding" is invalid: \n'
      + '* spec.paramRef: Required value: one of name or selector must be specified\n'
      + '* spec.paramRef.parameterNotFoundAction: Required value\n'
      + '* spec.validationActions: Invalid value: ["Deny","Warn"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)\n');
    const none = await run(`kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: no-actions
spec:
  policyName: demo-policy.example.com
EOF`);
    expect(none.out).toBe('The ValidatingAdmissionPolicyBinding "no-actions" is invalid: spec.validationActions: Required value: at least one validation action is required\n');
    // A misspelt field is refused by the strict decoder before validation.
    const typo = await run(`kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: typo
spec:
  policyName: demo-policy.example.com
  validationAction: [Deny]
EOF`);
    expect(typo.out).toBe('Error from server (BadRequest): error when creating "STDIN": ValidatingAdmissionPolicyBinding in version "v1" cannot be handled as a ValidatingAdmissionPolicyBinding: strict decoding error: unknown field "spec.validationAction"\n');
  });

  it('a ConfigMap as the parameter resource: missing with parameterNotFoundAction Deny, then its limit, a messageExpression and reason Forbidden', async () => {
    const { run } = await interactiveSession();
    expect((await run(`kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replicalimit-policy.example.com
spec:
  failurePolicy: Fail
  paramKind:
    apiVersion: v1
    kind: ConfigMap
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  variables:
  - name: limit
    expression: "int(params.data.maxReplicas)"
  validations:
  - expression: "object.spec.replicas <= variables.limit"
    messageExpression: "'replicas must be no greater than ' + string(variables.limit)"
    reason: Forbidden
EOF`)).out).toBe('validatingadmissionpolicy.admissionregistration.k8s.io/replicalimit-policy.example.com created\n');
    expect((await run(`kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: replicalimit-binding.example.com
spec:
  policyName: replicalimit-policy.example.com
  validationActions: [Deny]
  paramRef:
    name: replica-limit
    parameterNotFoundAction: Deny
EOF`)).out).toBe('validatingadmissionpolicybinding.admissionregistration.k8s.io/replicalimit-binding.example.com created\n');
    expect((await run('kubectl get validatingadmissionpolicies,validatingadmissionpolicybindings')).out).toBe(
      'NAME                                                                                     VALIDATIONS   PARAMKIND      AGE\n'
      + 'validatingadmissionpolicy.admissionregistration.k8s.io/replicalimit-policy.example.com   1             v1/ConfigMap   0s\n\n'
      + 'NAME                                                                                             POLICYNAME                        PARAMREF          AGE\n'
      + 'validatingadmissionpolicybinding.admissionregistration.k8s.io/replicalimit-binding.example.com   replicalimit-policy.example.com   */replica-limit   0s\n');
    // No namespace in paramRef: the ConfigMap is looked up in the request's namespace.
    const missing = await run(`kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx
EOF`);
    expect(missing.out).toBe('The deployments "web" is invalid: : ValidatingAdmissionPolicy \'replicalimit-policy.example.com\' with binding \'replicalimit-binding.example.com\' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction\n');
    await run('kubectl create configmap replica-limit --from-literal=maxReplicas=3');
    expect((await run('kubectl create deployment web --image=nginx --replicas=3')).out).toBe('deployment.apps/web created\n');
    const over = await run('kubectl create deployment big --image=nginx --replicas=4');
    expect(over.out).toBe('error: failed to create deployment: deployments.apps "big" is forbidden: ValidatingAdmissionPolicy \'replicalimit-policy.example.com\' with binding \'replicalimit-binding.example.com\' denied request: replicas must be no greater than 3\n');
  });

  it('the page\'s ReplicaLimit parameter without its CRD: the policy cannot be configured, so every matched request is denied', async () => {
    const { run } = await interactiveSession();
    expect((await run(`kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "replicalimit-policy.example.com"
spec:
  failurePolicy: Fail
  paramKind:
    apiVersion: rules.example.com/v1
    kind: ReplicaLimit
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  validations:
    - expression: "object.spec.replicas <= params.maxReplicas"
      reason: Invalid
EOF`)).out).toBe('validatingadmissionpolicy.admissionregistration.k8s.io/replicalimit-policy.example.com created\n');
    // Without a binding the policy is not in effect.
    expect((await run('kubectl create deployment before --image=nginx')).out).toBe('deployment.apps/before created\n');
    await run(`kubectl apply -f - <<EOF
{
  apiVersion: "admissionregistration.k8s.io/v1",
  kind: "ValidatingAdmissionPolicyBinding",
  metadata: {
    name: "replicalimit-binding-test.example.com",
  },
  spec: {
    policyName: "replicalimit-policy.example.com",
    validationActions: [
      "Deny",
    ],
    paramRef: {
      name: "replica-limit-test.example.com",
      namespace: "default",
      parameterNotFoundAction: "Deny",
    },
    matchResources: {
      namespaceSelector: {
        matchLabels: {
          environment: "test",
        },
      },
    },
  },
}
EOF`);
    // The policy's configuration error comes before any binding is matched: namespace labels do not matter.
    expect((await run('kubectl create deployment web --image=nginx')).out).toBe(
      "error: failed to create deployment: deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'replicalimit-policy.example.com' denied request: failed to configure policy: failed to find resource referenced by paramKind: 'rules.example.com/v1, Kind=ReplicaLimit'\n");
  });

  it('the page\'s examples from https://k8s.io/examples/validatingadmissionpolicy/: the binding without parameterNotFoundAction and the ReplicaLimit objects are refused', async () => {
    const { run } = await interactiveSession();
    const apply = (f: string) => run(`kubectl apply -f https://k8s.io/examples/validatingadmissionpolicy/${f}.yaml`);
    expect((await apply('basic-example-policy')).out).toBe('validatingadmissionpolicy.admissionregistration.k8s.io/demo-policy.example.com created\n');
    expect((await apply('basic-example-binding')).out).toBe('validatingadmissionpolicybinding.admissionregistration.k8s.io/demo-binding-test.example.com created\n');
    expect((await apply('policy-with-param')).out).toBe('validatingadmissionpolicy.admissionregistration.k8s.io/replicalimit-policy.example.com created\n');
    expect((await apply('binding-with-param')).out).toBe('validatingadmissionpolicybinding.admissionregistration.k8s.io/replicalimit-binding-test.example.com created\n');
    expect((await apply('replicalimit-param')).out).toBe('error: resource mapping not found for name: "replica-limit-test.example.com" namespace: "" from "https://k8s.io/examples/validatingadmissionpolicy/replicalimit-param.yaml": no matches for kind "ReplicaLimit" in version "rules.example.com/v1"\nensure CRDs are installed first\n');
    expect((await apply('binding-with-param-prod')).out).toBe('The ValidatingAdmissionPolicyBinding "replicalimit-binding-nontest" is invalid: spec.paramRef.parameterNotFoundAction: Required value\n');
    await run('kubectl label namespace default environment=test');
    // Two replicas pass the basic policy; the ReplicaLimit policy, bound but without its kind, denies.
    expect((await run('kubectl create deployment nginx --image=nginx --replicas=2')).out).toBe(
      "error: failed to create deployment: deployments.apps \"nginx\" is forbidden: ValidatingAdmissionPolicy 'replicalimit-policy.example.com' denied request: failed to configure policy: failed to find resource referenced by paramKind: 'rules.example.com/v1, Kind=ReplicaLimit'\n");
  });

  it('a DELETE rule sees the object about to go as oldObject (object is null), and a Forbidden reason is a 403', async () => {
    const { run } = await interactiveSession();
    await run(`kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: protect.example.com
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: [""]
      apiVersions: ["v1"]
      operations: ["DELETE"]
      resources: ["configmaps"]
  validations:
  - expression: "object == null && !('protected' in oldObject.metadata.?labels.orValue({}))"
    message: protected configmaps cannot be deleted
    reason: Forbidden
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: protect.example.com
spec:
  policyName: protect.example.com
  validationActions: [Deny]
EOF`);
    await run('kubectl create configmap keep --from-literal=a=b');
    await run('kubectl label configmap keep protected=yes');
    await run('kubectl create configmap drop --from-literal=a=b');
    const r = await run('kubectl delete configmap keep drop');
    expect(r.out).toBe('configmap "drop" deleted from default namespace\n'
      + "Error from server (Forbidden): configmaps \"keep\" is forbidden: ValidatingAdmissionPolicy 'protect.example.com' with binding 'protect.example.com' denied request: protected configmaps cannot be deleted\n");
    expect(r.status).toBe(1);
    expect((await run('kubectl get configmap keep -o name')).out).toBe('configmap/keep\n');
  });

  it('matchConditions narrow a policy; an expression that fails to evaluate denies under Fail and is skipped under Ignore', async () => {
    const { run } = await interactiveSession();
    const policy = (name: string, failurePolicy: string) => `kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: ${name}
spec:
  failurePolicy: ${failurePolicy}
  matchConstraints:
    resourceRules:
    - apiGroups: [""]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["configmaps"]
  matchConditions:
  - name: not-kube-root
    expression: "object.metadata.name != 'kube-root-ca.crt'"
  validations:
  - expression: "object.data.owner.endsWith('.example.com')"
    message: "owner must end in .example.com"
EOF`;
    const bind = (name: string) => `kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: ${name}
spec:
  policyName: ${name}
  validationActions: [Deny]
EOF`;
    await run(policy('owner.example.com', 'Fail'));
    await run(bind('owner.example.com'));
    expect((await run('kubectl create configmap a --from-literal=owner=me.example.com')).out).toBe('configmap/a created\n');
    expect((await run('kubectl create configmap b --from-literal=owner=me')).out).toBe(
      "error: failed to create configmap: configmaps \"b\" is forbidden: ValidatingAdmissionPolicy 'owner.example.com' with binding 'owner.example.com' denied request: owner must end in .example.com\n");
    expect((await run('kubectl create configmap c --from-literal=team=x')).out).toBe(
      "error: failed to create configmap: configmaps \"c\" is forbidden: ValidatingAdmissionPolicy 'owner.example.com' with binding 'owner.example.com' denied request: expression 'object.data.owner.endsWith('.example.com')' resulted in error: no such key: owner\n");
    // A new namespace's kube-root-ca.crt is skipped by the match condition: the namespace comes up.
    await run('kubectl create namespace other');
    await run('sleep 2');
    expect((await run('kubectl get configmap kube-root-ca.crt -n other -o name')).out).toBe('configmap/kube-root-ca.crt\n');
    await run('kubectl delete validatingadmissionpolicy owner.example.com');
    await run(policy('owner.example.com', 'Ignore'));
    expect((await run('kubectl create configmap c --from-literal=team=x')).out).toBe('configmap/c created\n');
  });
});

const WEBHOOK = (failurePolicy: string, clientConfig: string) => `kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: demo-webhook
webhooks:
- name: deny.example.com
  admissionReviewVersions: ["v1"]
  sideEffects: None
  failurePolicy: ${failurePolicy}
  rules:
  - apiGroups: [""]
    apiVersions: ["v1"]
    operations: ["CREATE"]
    resources: ["configmaps"]
  clientConfig:
${clientConfig}
EOF`;

describe('Dynamic Admission Control: webhook configurations', () => {
  it('are validated: sideEffects and admissionReviewVersions are required, the url must be https, the name fully qualified', async () => {
    const { run } = await interactiveSession();
    const r = await run(`kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: bad
webhooks:
- name: deny
  clientConfig:
    url: http://example.com/validate?x=1
  timeoutSeconds: 60
EOF`);
    expect(r.out).toBe('The ValidatingWebhookConfiguration "bad" is invalid: \n'
      + '* webhooks[0].name: Invalid value: "deny": should be a domain with at least three segments separated by dots\n'
      + '* webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun\n'
      + '* webhooks[0].timeoutSeconds: Invalid value: 60: the timeout value must be between 1 and 30 seconds\n'
      + "* webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]\n"
      + '* webhooks[0].clientConfig.url: Invalid value: "x=1": query parameters are not permitted in the URL\n'
      + '* webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1\n');
  });

  it('a webhook whose Service is missing or has no ready endpoint fails the request under Fail, and is ignored under Ignore', async () => {
    const { run } = await interactiveSession();
    const service = '    service:\n      namespace: default\n      name: webhook\n      path: /validate';
    expect((await run(WEBHOOK('Fail', service))).out).toBe('validatingwebhookconfiguration.admissionregistration.k8s.io/demo-webhook created\n');
    expect((await run('kubectl get validatingwebhookconfigurations')).out).toBe('NAME           WEBHOOKS   AGE\ndemo-webhook   1          0s\n');
    expect((await run('kubectl create configmap x --from-literal=a=b')).out).toBe(
      'error: failed to create configmap: Internal error occurred: failed calling webhook "deny.example.com": failed to call webhook: Post "https://webhook.default.svc:443/validate?timeout=10s": service "webhook" not found\n');
    await run('kubectl create service clusterip webhook --tcp=443:8443');
    const ip = (await run(`kubectl get service webhook -o jsonpath='{.spec.clusterIP}'`)).out;
    const r = await run(`kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: y
data:
  a: b
EOF`);
    expect(r.out).toBe(`Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed calling webhook "deny.example.com": failed to call webhook: Post "https://webhook.default.svc:443/validate?timeout=10s": dial tcp ${ip}:443: connect: connection refused\n`);
    expect(r.status).toBe(1);
    // Other resources are not matched by the rules.
    expect((await run('kubectl create secret generic s --from-literal=a=b')).out).toBe('secret/s created\n');
    await run(WEBHOOK('Ignore', service));
    expect((await run('kubectl create configmap x --from-literal=a=b')).out).toBe('configmap/x created\n');
  });

  it('a url whose host does not resolve fails the call', async () => {
    const { run } = await interactiveSession();
    await run(WEBHOOK('Fail', '    url: https://webhook.example.invalid/validate'));
    expect((await run('kubectl create configmap x --from-literal=a=b')).out).toBe(
      'error: failed to create configmap: Internal error occurred: failed calling webhook "deny.example.com": failed to call webhook: Post "https://webhook.example.invalid/validate?timeout=10s": dial tcp: lookup webhook.example.invalid on 127.0.0.53:53: no such host\n');
  });
});
