/**
 * What kube-apiserver serves about itself, as it is now rather than at boot:
 *  - discovery from a pod (the secure port): /apis lists what is served when asked (a CRD's group once it is
 *    established), in the aggregator's order (kube-aggregator handler_apis.go: apiregistration.k8s.io first, then the
 *    APIServices' groupPriorityMinimum, highest first, ties by APIService name; kube-apiserver's apiVersionPriorities,
 *    the crdregistration controller's 1000 for a CRD's group, metrics-server's 100);
 *  - the bootstrap FlowSchemas, PriorityLevelConfigurations and APIServices are stored objects a client can write:
 *    flowcontrol validation (pkg/apis/flowcontrol/validation: the mandatory objects' spec is fixed), the config
 *    producer's pass every minute (pkg/registry/flowcontrol/ensurer: a missing bootstrap object comes back, a
 *    mandatory one's autoupdate annotation goes back to "true", a suggested one's spec is restored while its annotation
 *    says "true"), the config consumer's Dangling condition (apf_controller.go), kube-aggregator's APIService
 *    validation and availability (ServiceNotFound);
 *  - componentstatuses cannot be watched (its storage is no Watcher): `kubectl get cs -w` prints the list, then the
 *    list handler's NewMethodNotSupported.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
`;

const CURL = 'curl -sS --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt -H "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)" https://kubernetes.default.svc';

describe('discovery through the secure port answers from what is served now', () => {
  it("lists a CRD's group once it is served, every group in the aggregator's order, and answers its group and version paths", async () => {
    const { run } = await interactiveSession();
    await run('kubectl run c --image=curlimages/curl --command -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/c --timeout=120s');
    await run(`kubectl apply -f - <<EOF\n${CRD}EOF`);
    await run('kubectl wait --for=condition=Established crd/crontabs.stable.example.com');
    const apis = JSON.parse((await run(`kubectl exec c -- sh -c '${CURL}/apis'`)).out) as { kind: string; groups: { name: string; preferredVersion: { groupVersion: string } }[] };
    expect(apis.kind).toBe('APIGroupList');
    expect(apis.groups.map((g) => g.name)).toEqual([
      'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch',
      'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'admissionregistration.k8s.io',
      'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'resource.k8s.io',
      'flowcontrol.apiserver.k8s.io', 'stable.example.com', 'metrics.k8s.io',
    ]);
    // autoscaling: v2 (versionPriority 30) before v1 (15), and preferred.
    expect(apis.groups.find((g) => g.name === 'autoscaling')!.preferredVersion.groupVersion).toBe('autoscaling/v2');
    const group = JSON.parse((await run(`kubectl exec c -- sh -c '${CURL}/apis/stable.example.com'`)).out);
    expect(group).toEqual({ kind: 'APIGroup', apiVersion: 'v1', name: 'stable.example.com', versions: [{ groupVersion: 'stable.example.com/v1', version: 'v1' }], preferredVersion: { groupVersion: 'stable.example.com/v1', version: 'v1' } });
    const resources = JSON.parse((await run(`kubectl exec c -- sh -c '${CURL}/apis/stable.example.com/v1'`)).out);
    expect(resources.kind).toBe('APIResourceList');
    expect(resources.resources.map((r: { name: string }) => r.name)).toEqual(['crontabs']);
    // The same documents kubectl's own discovery reads.
    expect(JSON.parse((await run('kubectl get --raw /apis')).out).groups.map((g: { name: string }) => g.name)).toEqual(apis.groups.map((g) => g.name));
    // The lazily served groups answer too (a pod's kubectl or curl sees what the terminal's kubectl sees).
    expect(JSON.parse((await run(`kubectl exec c -- sh -c '${CURL}/apis/flowcontrol.apiserver.k8s.io/v1'`)).out).groupVersion).toBe('flowcontrol.apiserver.k8s.io/v1');
  });
});

describe("the bootstrap objects kube-apiserver stores: API Priority and Fairness' configuration and APIServices", () => {
  it('keeps the mandatory objects as they are, brings back a deleted suggested one, and restores an auto-updated spec', async () => {
    const { run } = await interactiveSession();
    // The mandatory FlowSchemas and PriorityLevelConfigurations' spec is fixed (ValidateFlowSchema, ValidatePriorityLevelConfiguration).
    const fixed = await run(`kubectl patch flowschema exempt --type=merge -p '{"spec":{"matchingPrecedence":5}}'`);
    expect(fixed.status).toBe(1);
    expect(fixed.out).toBe('The FlowSchema "exempt" is invalid: spec: Invalid value: {"PriorityLevelConfiguration":{"Name":"exempt"},"MatchingPrecedence":5,"DistinguisherMethod":null,'
      + '"Rules":[{"Subjects":[{"Kind":"Group","User":null,"Group":{"Name":"system:masters"},"ServiceAccount":null}],"ResourceRules":[{"Verbs":["*"],"APIGroups":["*"],"Resources":["*"],"ClusterScope":true,"Namespaces":["*"]}],'
      + '"NonResourceRules":[{"Verbs":["*"],"NonResourceURLs":["*"]}]}]}: spec of \'exempt\' must equal the fixed value\n');
    const plc = await run(`kubectl patch prioritylevelconfiguration catch-all --type=merge -p '{"spec":{"limited":{"lendablePercent":5}}}'`);
    expect(plc.out).toBe('The PriorityLevelConfiguration "catch-all" is invalid: spec: Invalid value: {"Type":"Limited","Limited":{"NominalConcurrencyShares":5,"LimitResponse":{"Type":"Reject","Queuing":null},"LendablePercent":5,"BorrowingLimitPercent":null},"Exempt":null}: spec of \'catch-all\' must equal the fixed value\n');
    // Its annotation can change, until the producer's next pass sets it back; a suggested object can go, and comes back.
    expect((await run('kubectl annotate flowschema exempt apf.kubernetes.io/autoupdate-spec=false --overwrite')).out).toBe('flowschema.flowcontrol.apiserver.k8s.io/exempt annotated\n');
    expect((await run('kubectl delete flowschema global-default')).out).toBe('flowschema.flowcontrol.apiserver.k8s.io "global-default" deleted\n');
    expect((await run('kubectl get flowschema global-default')).out).toBe('Error from server (NotFound): flowschemas.flowcontrol.apiserver.k8s.io "global-default" not found\n');
    // A suggested object's spec changed with autoupdate-spec "true" goes back; with "false" it stays.
    await run(`kubectl patch flowschema service-accounts --type=merge -p '{"spec":{"matchingPrecedence":8000}}'`);
    await run('kubectl annotate flowschema kube-scheduler apf.kubernetes.io/autoupdate-spec=false --overwrite');
    await run(`kubectl patch flowschema kube-scheduler --type=merge -p '{"spec":{"matchingPrecedence":700}}'`);
    expect((await run('kubectl get flowschema service-accounts -o jsonpath={.metadata.generation}')).out).toBe('2');
    await run('sleep 60');
    const jp = `'{range .items[*]}{.metadata.name} {.metadata.annotations.apf\\.kubernetes\\.io/autoupdate-spec} {.spec.matchingPrecedence} {.metadata.generation}{"\\n"}{end}'`;
    expect((await run(`kubectl get flowschema exempt global-default service-accounts kube-scheduler -o jsonpath=${jp}`)).out).toBe([
      'exempt true 1 1', 'global-default true 9900 1', 'service-accounts true 9000 3', 'kube-scheduler false 700 2', '',
    ].join('\n'));
  });

  it('marks a new FlowSchema whose priority level does not exist Dangling, and defaults its matchingPrecedence', async () => {
    const { run } = await interactiveSession();
    const fs = 'apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: FlowSchema\nmetadata:\n  name: alice\nspec:\n  priorityLevelConfiguration:\n    name: nosuch\n  rules:\n  - subjects:\n    - kind: User\n      user:\n        name: alice\n    nonResourceRules:\n    - verbs: [get]\n      nonResourceURLs: [/healthz]\n';
    expect((await run(`kubectl create -f - <<EOF\n${fs}EOF`)).out).toBe('flowschema.flowcontrol.apiserver.k8s.io/alice created\n');
    const got = JSON.parse((await run('kubectl get flowschema alice -o json')).out);
    expect(got.metadata.generation).toBe(1);
    expect(got.spec.matchingPrecedence).toBe(1000);
    expect(got.status.conditions).toEqual([{
      lastTransitionTime: got.metadata.creationTimestamp, type: 'Dangling', status: 'True', reason: 'NotFound',
      message: 'This FlowSchema references the PriorityLevelConfiguration object named "nosuch" but there is no such object',
    }]);
    expect((await run('kubectl get flowschema alice')).out).toMatch(/^NAME +PRIORITYLEVEL +MATCHINGPRECEDENCE +DISTINGUISHERMETHOD +AGE +MISSINGPL\nalice +nosuch +1000 +<none> +\d+s +True\n$/);
    // ValidateFlowSchemaSpec: precedence 1 is exempt's, and a subject needs its kind's member.
    const bad = fs.replace('name: alice\nspec:', 'name: bad\nspec:\n  matchingPrecedence: 1').replace('      user:\n        name: alice\n', '');
    expect((await run(`kubectl create -f - <<EOF\n${bad}EOF`)).out).toBe('The FlowSchema "bad" is invalid: \n'
      + '* spec.matchingPrecedence: Invalid value: 1: only the schema named \'exempt\' may have matchingPrecedence 1\n'
      + '* spec.rules[0].subjects[0].user: Required value: user is required when subject kind is \'User\'\n');
    // The generic describer (describe.go has none of its own for flowcontrol).
    const described = (await run('kubectl describe flowschema alice')).out;
    expect(described).toMatch(/^Name:         alice\nNamespace:    \nLabels:       <none>\nAnnotations:  <none>\nAPI Version:  flowcontrol.apiserver.k8s.io\/v1\nKind:         FlowSchema\nMetadata:\n/);
    expect(described).toContain('\n  Rules:\n    Non Resource Rules:\n      Non Resource Ur Ls:\n        /healthz\n      Verbs:\n        get\n');
  });

  it("validates an APIService as kube-aggregator does and reports one whose Service is missing unavailable", async () => {
    const { run } = await interactiveSession();
    const svc = (name: string, extra: string) => `apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata:\n  name: ${name}\nspec:\n  group: example.com\n  version: v1alpha1\n  groupPriorityMinimum: 1000\n  versionPriority: 15\n  insecureSkipTLSVerify: true\n${extra}`;
    expect((await run(`kubectl create -f - <<EOF\n${svc('v1alpha1.wrong.example.com', '')}EOF`)).out).toBe('The APIService "v1alpha1.wrong.example.com" is invalid: \n'
      + '* metadata.name: Invalid value: "v1alpha1.wrong.example.com": must be `spec.version+"."+spec.group`: "v1alpha1.example.com"\n'
      + '* spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify\n');
    expect((await run(`kubectl create -f - <<EOF\n${svc('v1alpha1.example.com', '  service:\n    name: api\n    namespace: default\n')}EOF`)).out)
      .toBe('apiservice.apiregistration.k8s.io/v1alpha1.example.com created\n');
    expect((await run('kubectl get apiservice v1alpha1.example.com -o jsonpath={.spec.service.port}')).out).toBe('443');
    expect((await run('kubectl get apiservices v1alpha1.example.com v1.apps')).out).toMatch(
      /^NAME +SERVICE +AVAILABLE +AGE\nv1alpha1\.example\.com +default\/api +False \(ServiceNotFound\) +0s\nv1\.apps +Local +True +\d+m\n$/);
  });

  it('streams the producer re-creating a deleted FlowSchema, then the consumer writing its Dangling condition', async () => {
    const { run } = await interactiveSession();
    await run('kubectl delete flowschema probes');
    // printers.go printFlowSchema: MISSINGPL is "?" until the Dangling condition is there.
    expect((await run('kubectl get flowschemas --request-timeout=70s -w --watch-only')).out).toBe([
      'NAME     PRIORITYLEVEL   MATCHINGPRECEDENCE   DISTINGUISHERMETHOD   AGE   MISSINGPL',
      'probes   exempt          2                    <none>                0s    ?',
      'probes   exempt          2                    <none>                0s    False',
      '',
    ].join('\n'));
  });

  it('answers a watch of componentstatuses with the list, then MethodNotAllowed', async () => {
    const { run } = await interactiveSession();
    const r = await run('kubectl get cs -w');
    expect(r.status).toBe(1);
    expect(r.out.split('\n').slice(-2)).toEqual(['Error from server (MethodNotAllowed): watch is not supported on resources of kind "componentstatuses"', '']);
    expect(r.out).toContain('\netcd-0               Healthy   ok        \n');
  });
});
