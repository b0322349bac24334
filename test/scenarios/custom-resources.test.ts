/**
 * CustomResourceDefinitions and the custom resources they serve, as the kubernetes.io task "Extend the Kubernetes
 * API with CustomResourceDefinitions" walks them (kubernetes/website content/en/docs/tasks/extend-kubernetes/
 * custom-resources/custom-resource-definitions.md). Expected texts come from that page's samples and from
 * apiextensions-apiserver v1.35 (pkg/apis/apiextensions/validation, pkg/controller/status naming_controller.go,
 * pkg/controller/establish, pkg/controller/finalizer, pkg/registry/customresourcedefinition/etcd.go), kube-openapi's
 * validation messages (pkg/validation/errors) as kubeOpenAPIResultToFieldErrors reports them, client-go's
 * NewGenericServerResponse and cli-runtime's EnhanceListError, and kubectl v1.35's patch command.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  # name must match the spec fields below, and be in the form: <plural>.<group>
  name: crontabs.stable.example.com
spec:
  # group name to use for REST API: /apis/<group>/<version>
  group: stable.example.com
  # list of versions supported by this CustomResourceDefinition
  versions:
    - name: v1
      # Each version can be enabled/disabled by Served flag.
      served: true
      # One and only one version must be marked as the storage version.
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                cronSpec:
                  type: string
                image:
                  type: string
                replicas:
                  type: integer
  # either Namespaced or Cluster
  scope: Namespaced
  names:
    # plural name to be used in the URL: /apis/<group>/<version>/<plural>
    plural: crontabs
    # singular name to be used as an alias on the CLI and for display
    singular: crontab
    # kind is normally the CamelCased singular type. Your resource manifests use this.
    kind: CronTab
    # shortNames allow shorter string to match your resource on the CLI
    shortNames:
    - ct
`;

const MY_CRONTAB = `apiVersion: "stable.example.com/v1"
kind: CronTab
metadata:
  name: my-new-cron-object
spec:
  cronSpec: "* * * * */5"
  image: my-awesome-cron-image
`;

type Run = (line: string) => Promise<{ out: string; status: number }>;
const write = (run: Run, file: string, text: string) => run(`cat > ${file} <<'EOF'\n${text}EOF`);

/** A session with the page's CRD created and Established (a learner's next command comes a moment later). */
async function withCronTabs(crd = CRD) {
  const s = await interactiveSession();
  await write(s.run, 'resourcedefinition.yaml', crd);
  expect((await s.run('kubectl apply -f resourcedefinition.yaml')).out).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
  await s.run('sleep 1');
  return s;
}

describe('Extend the Kubernetes API with CustomResourceDefinitions', () => {
  it('creates the CRD, serves CronTabs by plural, singular and short name, and deletes them with the CRD', async () => {
    const { run } = await withCronTabs();
    const crd = await run('kubectl get crd');
    expect(crd.out).toMatch(/^NAME +CREATED AT\ncrontabs\.stable\.example\.com +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    // The naming and establishing controllers' conditions, the accepted names and the stored version.
    const status = JSON.parse((await run(`kubectl get crd crontabs.stable.example.com -o jsonpath='{.status}'`)).out);
    expect(status.acceptedNames).toEqual({ kind: 'CronTab', listKind: 'CronTabList', plural: 'crontabs', shortNames: ['ct'], singular: 'crontab' });
    expect(status.storedVersions).toEqual(['v1']);
    expect(status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NamesAccepted', 'True', 'NoConflicts', 'no conflicts found'],
      ['Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted'],
    ]);
    // v1's defaults: the list kind and the conversion strategy.
    expect((await run(`kubectl get crd crontabs.stable.example.com -o jsonpath='{.spec.names.listKind} {.spec.conversion.strategy}'`)).out).toBe('CronTabList None');
    expect((await run('kubectl api-resources --api-group=stable.example.com')).out).toBe(
      'NAME       SHORTNAMES   APIVERSION              NAMESPACED   KIND\ncrontabs   ct           stable.example.com/v1   true         CronTab\n');

    await write(run, 'my-crontab.yaml', MY_CRONTAB);
    expect((await run('kubectl apply -f my-crontab.yaml')).out).toBe('crontab.stable.example.com/my-new-cron-object created\n');
    expect((await run('kubectl get crontab')).out).toMatch(/^NAME +AGE\nmy-new-cron-object +\d+s\n$/);
    expect((await run('kubectl get crontabs.stable.example.com my-new-cron-object -o name')).out).toBe('crontab.stable.example.com/my-new-cron-object\n');
    const yaml = (await run('kubectl get ct -o yaml')).out;
    expect(yaml).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: stable\.example\.com\/v1\n  kind: CronTab\n  metadata:\n    annotations:\n      kubectl\.kubernetes\.io\/last-applied-configuration: \|\n/);
    expect(yaml).toContain('        {"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"annotations":{},"name":"my-new-cron-object","namespace":"default"},"spec":{"cronSpec":"* * * * */5","image":"my-awesome-cron-image"}}\n');
    expect(yaml).toMatch(/    generation: 1\n    name: my-new-cron-object\n    namespace: default\n    resourceVersion: "\d+"\n    uid: [0-9a-f-]{36}\n  spec:\n    cronSpec: '\* \* \* \* \*\/5'\n    image: my-awesome-cron-image\nkind: List\nmetadata:\n  resourceVersion: ""\n$/);

    expect((await run('kubectl delete -f resourcedefinition.yaml')).out).toBe('customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n');
    // kubectl's discovery cache still maps crontabs (for six hours): the server no longer serves the path.
    expect((await run('kubectl get crontabs')).out).toBe(
      'Error from server (NotFound): Unable to list "stable.example.com/v1, Resource=crontabs": the server could not find the requested resource (get crontabs.stable.example.com)\n');
    expect((await run('kubectl get crd')).out).toBe('No resources found\n');
    // Re-reading discovery forgets it; a CRD made again starts out empty.
    await run('kubectl api-resources');
    expect((await run('kubectl get crontabs')).out).toBe('error: the server doesn\'t have a resource type "crontabs"\n');
    await run('kubectl apply -f resourcedefinition.yaml');
    await run('sleep 1');
    expect((await run('kubectl get crontabs')).out).toBe('No resources found in default namespace.\n');
  });

  it('deleting the CRD marks it Terminating with the cleanup finalizer, deletes its objects, then removes it', async () => {
    const { run, cluster } = await withCronTabs();
    await write(run, 'my-crontab.yaml', MY_CRONTAB);
    await run('kubectl apply -f my-crontab.yaml');
    await run('kubectl create ns other');
    await run('kubectl apply -f my-crontab.yaml -n other');
    // A finalizer of its own holds one object: the CRD waits for it.
    await run(`kubectl patch ct my-new-cron-object -n other --type=merge -p '{"metadata":{"finalizers":["stable.example.com/finalizer"]}}'`);
    expect((await run('kubectl delete crd crontabs.stable.example.com --wait=false')).out).toBe('customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n');
    await run('sleep 1');
    const crd = cluster.apiserver.get('customresourcedefinitions.apiextensions.k8s.io', undefined, 'crontabs.stable.example.com');
    expect(crd.metadata.finalizers).toEqual(['customresourcecleanup.apiextensions.k8s.io']);
    const terminating = (crd.status as { conditions: Record<string, string>[] }).conditions.find((c) => c.type === 'Terminating')!;
    expect([terminating.status, terminating.reason, terminating.message]).toEqual(['True', 'InstanceDeletionCheck', 'could not confirm zero CustomResources remaining: 1']);
    expect(cluster.apiserver.list('crontabs.stable.example.com', undefined).items.map((o) => o.metadata.namespace)).toEqual(['other']);
    await run(`kubectl patch ct my-new-cron-object -n other --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'`);
    await run('sleep 6');
    expect((await run('kubectl get crd')).out).toBe('No resources found\n');
  });

  it('prunes unknown fields, refuses them under strict field validation, and validates by the schema', async () => {
    const { run } = await withCronTabs();
    await write(run, 'my-crontab.yaml', `${MY_CRONTAB}  someRandomField: 42\n`);
    expect((await run('kubectl create -f my-crontab.yaml')).out).toBe(
      'Error from server (BadRequest): error when creating "my-crontab.yaml": CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.someRandomField"\n');
    const created = (await run('kubectl create --validate=false -f my-crontab.yaml -o yaml')).out;
    expect(created).toMatch(/\nspec:\n  cronSpec: '\* \* \* \* \*\/5'\n  image: my-awesome-cron-image\n$/);
    expect((await run('kubectl delete ct my-new-cron-object')).out).toBe('crontab.stable.example.com "my-new-cron-object" deleted from default namespace\n');
    expect((await run('kubectl create --validate=warn -f my-crontab.yaml')).out).toBe(
      'Warning: unknown field "spec.someRandomField"\ncrontab.stable.example.com/my-new-cron-object created\n');
    // kube-openapi's type check, as field.TypeInvalid.
    expect((await run(`kubectl patch ct my-new-cron-object --type=merge -p '{"spec":{"replicas":"three"}}'`)).out).toBe(
      'The CronTab "my-new-cron-object" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n');
    // A custom resource has no strategic merge patch (415 from the server, worded by kubectl patch).
    expect((await run(`kubectl patch ct my-new-cron-object -p '{"spec":{"replicas":3}}'`)).out).toBe(
      'error: application/strategic-merge-patch+json is not supported by stable.example.com/v1, Kind=CronTab: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n');
    expect((await run(`kubectl patch ct my-new-cron-object --type=json -p '[{"op":"replace","path":"/spec/image","value":"other"}]'`)).out).toBe('crontab.stable.example.com/my-new-cron-object patched\n');
    expect((await run(`kubectl get ct my-new-cron-object -o jsonpath='{.spec.image} {.metadata.generation}'`)).out).toBe('other 2');
  });
});
