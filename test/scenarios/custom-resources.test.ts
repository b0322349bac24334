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

/** kubectl's warning prefix on a terminal (yellow, bold). */
const WARNING = '\u001b[33;1mWarning:\u001b[0m ';

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
    expect((await run('kubectl get crontab my-new-cron-object')).out).toBe(
      'Error from server (NotFound): the server could not find the requested resource (get crontabs.stable.example.com my-new-cron-object)\n');
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
      `${WARNING}unknown field "spec.someRandomField"\ncrontab.stable.example.com/my-new-cron-object created\n`);
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

/** The page's CRD with its schema's spec properties, version extras (subresources, columns) and names replaced. */
function crdWith(props: string, versionExtra = '', rootExtra = '', names = '    shortNames:\n    - ct\n') {
  return `apiVersion: apiextensions.k8s.io/v1
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
          properties:
            spec:
              type: object
              properties:
${props}${rootExtra}${versionExtra}  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
${names}`;
}

const VALIDATED = `                cronSpec:
                  type: string
                  pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
                image:
                  type: string
                replicas:
                  type: integer
                  minimum: 1
                  maximum: 10
`;

describe('CustomResourceDefinition validation', () => {
  it('refuses a name that is not <plural>.<group>, a schema without types, and anything but one storage version', async () => {
    const { run } = await interactiveSession();
    await write(run, 'wrong-name.yaml', CRD.replace('name: crontabs.stable.example.com', 'name: crontab.stable.example.com'));
    expect((await run('kubectl apply -f wrong-name.yaml')).out).toBe(
      'The CustomResourceDefinition "crontab.stable.example.com" is invalid: metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group\n');
    // One version's schema is the top-level validation of apiextensions' internal version: its errors say so.
    await write(run, 'no-type.yaml', crdWith('                cronSpec:\n                  description: no type\n'));
    expect((await run('kubectl apply -f no-type.yaml')).out).toBe(
      'The CustomResourceDefinition "crontabs.stable.example.com" is invalid: spec.validation.openAPIV3Schema.properties[spec].properties[cronSpec].type: Required value: must not be empty for specified object fields\n');
    await write(run, 'no-schema.yaml', CRD.replace(/      schema:\n[\s\S]*?  # either/, '  # either'));
    expect((await run('kubectl apply -f no-schema.yaml')).out).toBe(
      'The CustomResourceDefinition "crontabs.stable.example.com" is invalid: spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required\n');
    await write(run, 'no-storage.yaml', CRD.replace('storage: true', 'storage: false'));
    const noStorage = (await run('kubectl apply -f no-storage.yaml')).out;
    expect(noStorage).toContain('* spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{apiextensions.CustomResourceDefinitionVersion{Name:"v1", Served:true, Storage:false,');
    expect(noStorage).toContain(': must have exactly one version marked as storage version\n* status.storedVersions: Invalid value: []string(nil): must have at least one stored version\n');
    await write(run, 'bad-scope.yaml', CRD.replace('scope: Namespaced', 'scope: namespaced'));
    expect((await run('kubectl apply -f bad-scope.yaml')).out).toBe(
      'The CustomResourceDefinition "crontabs.stable.example.com" is invalid: spec.scope: Unsupported value: "namespaced": supported values: "Cluster", "Namespaced"\n');
    await write(run, 'preserve-false.yaml', crdWith('                cronSpec:\n                  type: string\n                  x-kubernetes-preserve-unknown-fields: false\n'));
    expect((await run('kubectl apply -f preserve-false.yaml')).out).toBe(
      'The CustomResourceDefinition "crontabs.stable.example.com" is invalid: spec.validation.openAPIV3Schema.properties[spec].properties[cronSpec].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined\n');
    // The strict decoder knows the CRD's Go types: a misspelt field is an error, not a missing schema.
    await write(run, 'typo.yaml', CRD.replace('openAPIV3Schema:', 'openAPIV3schema:').replace('                cronSpec:\n                  type: string', '                cronSpec:\n                  typ: string'));
    expect((await run('kubectl apply -f typo.yaml')).out).toBe(
      'Error from server (BadRequest): error when creating "typo.yaml": CustomResourceDefinition in version "v1" cannot be handled as a CustomResourceDefinition: strict decoding error: unknown field "spec.versions[0].schema.openAPIV3schema"\n');
    await write(run, 'typo.yaml', CRD.replace('                cronSpec:\n                  type: string', '                cronSpec:\n                  typ: string'));
    expect((await run('kubectl apply -f typo.yaml')).out).toBe(
      'Error from server (BadRequest): error when creating "typo.yaml": CustomResourceDefinition in version "v1" cannot be handled as a CustomResourceDefinition: strict decoding error: unknown field "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[cronSpec].typ"\n');
    await write(run, 'served.yaml', CRD.replace('served: true', 'served: "yes"'));
    expect((await run('kubectl apply -f served.yaml')).out).toBe(
      'Error from server (BadRequest): error when creating "served.yaml": CustomResourceDefinition in version "v1" cannot be handled as a CustomResourceDefinition: json: cannot unmarshal string into Go struct field CustomResourceDefinitionVersion.spec.versions.served of type bool\n');
    expect((await run('kubectl get crd')).out).toBe('No resources found\n');
  });

  it('keeps group and plural, and once Established the kind and scope', async () => {
    const { run } = await withCronTabs();
    await write(run, 'renamed.yaml', CRD.replace('kind: CronTab', 'kind: CronTable'));
    expect((await run('kubectl apply -f renamed.yaml')).out).toBe(
      'The CustomResourceDefinition "crontabs.stable.example.com" is invalid: spec.names.kind: Invalid value: "CronTable": field is immutable\n');
    // A short name may change: the naming controller accepts the new names.
    await write(run, 'short.yaml', CRD.replace('- ct', '- cront'));
    expect((await run('kubectl apply -f short.yaml')).out).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com configured\n');
    await run('sleep 1');
    expect((await run(`kubectl get crd crontabs.stable.example.com -o jsonpath='{.status.acceptedNames.shortNames}'`)).out).toBe('["cront"]');
    expect((await run('kubectl get cront')).out).toBe('No resources found in default namespace.\n');
  });
});

describe('custom resources by their schema', () => {
  it('validates pattern, minimum and maximum as kube-openapi words them, and defaults what is missing', async () => {
    const { run } = await withCronTabs(crdWith(VALIDATED));
    await write(run, 'my-crontab.yaml', `apiVersion: "stable.example.com/v1"
kind: CronTab
metadata:
  name: my-new-cron-object
spec:
  cronSpec: "* * * *"
  image: my-awesome-cron-image
  replicas: 15
`);
    expect((await run('kubectl apply -f my-crontab.yaml')).out).toBe(
      'The CronTab "my-new-cron-object" is invalid: \n'
      + '* spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match \'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$\'\n'
      + '* spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10\n');
    expect((await run(`kubectl patch ct x --type=merge -p '{}' 2>&1; kubectl create -f my-crontab.yaml --dry-run=server 2>&1 | head -1`)).out).toContain('The CronTab "my-new-cron-object" is invalid');

    const defaulted = crdWith(VALIDATED.replace("{4}$'\n", () => "{4}$'\n                  default: \"5 0 * * *\"\n").replace('maximum: 10\n', 'maximum: 10\n                  default: 1\n'));
    await write(run, 'resourcedefinition.yaml', defaulted);
    expect((await run('kubectl apply -f resourcedefinition.yaml')).out).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com configured\n');
    await run('sleep 1');
    await write(run, 'my-crontab.yaml', 'apiVersion: "stable.example.com/v1"\nkind: CronTab\nmetadata:\n  name: my-new-cron-object\nspec:\n  image: my-awesome-cron-image\n');
    await run('kubectl apply -f my-crontab.yaml');
    expect((await run(`kubectl get ct my-new-cron-object -o jsonpath='{.spec}'`)).out).toBe('{"cronSpec":"5 0 * * *","image":"my-awesome-cron-image","replicas":1}');
    await write(run, 'zero.yaml', 'apiVersion: "stable.example.com/v1"\nkind: CronTab\nmetadata:\n  name: zero\nspec:\n  replicas: 0\n');
    expect((await run('kubectl apply -f zero.yaml')).out).toBe(
      'The CronTab "zero" is invalid: spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1\n');
  });

  it('prunes nulls the schema does not allow before defaulting, keeps nullable ones, and checks enum and required', async () => {
    const { run } = await withCronTabs(crdWith(`                foo:
                  type: string
                  default: "default"
                bar:
                  type: string
                  nullable: true
                baz:
                  type: string
                mode:
                  type: string
                  enum: ["Fast", "Slow"]
              required: ["mode"]
`));
    await write(run, 'nulls.yaml', 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: nulls\nspec:\n  foo: null\n  bar: null\n  baz: null\n  mode: Fast\n');
    await run('kubectl apply -f nulls.yaml');
    expect((await run(`kubectl get ct nulls -o jsonpath='{.spec}'`)).out).toBe('{"bar":null,"foo":"default","mode":"Fast"}');
    await write(run, 'enum.yaml', 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: e\nspec:\n  mode: Medium\n');
    expect((await run('kubectl apply -f enum.yaml')).out).toBe('The CronTab "e" is invalid: spec.mode: Unsupported value: "Medium": supported values: "Fast", "Slow"\n');
    await write(run, 'required.yaml', 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: r\nspec:\n  foo: x\n');
    expect((await run('kubectl apply -f required.yaml')).out).toBe('The CronTab "r" is invalid: spec.mode: Required value\n');
  });

  it('keeps what x-kubernetes-preserve-unknown-fields covers, takes ints or strings, and checks embedded resources', async () => {
    const { run } = await withCronTabs(crdWith(`                json:
                  x-kubernetes-preserve-unknown-fields: true
                  type: object
                  properties:
                    spec:
                      type: object
                      properties:
                        foo:
                          type: string
                port:
                  x-kubernetes-int-or-string: true
                template:
                  type: object
                  x-kubernetes-embedded-resource: true
                  x-kubernetes-preserve-unknown-fields: true
`));
    await write(run, 'json.yaml', 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: j\nspec:\n  port: http\n  json:\n    spec:\n      foo: abc\n      something: x\n    status:\n      something: x\n');
    expect((await run('kubectl create --validate=ignore -f json.yaml')).out).toBe('crontab.stable.example.com/j created\n');
    expect((await run(`kubectl get ct j -o jsonpath='{.spec.json}'`)).out).toBe('{"spec":{"foo":"abc"},"status":{"something":"x"}}');
    await write(run, 'port.yaml', 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: p\nspec:\n  port: 1.5\n');
    expect((await run('kubectl apply -f port.yaml')).out).toBe('The CronTab "p" is invalid: spec.port: Invalid value: "number": spec.port in body must be of type integer,string: "number"\n');
    await write(run, 'embedded.yaml', 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: t\nspec:\n  template:\n    spec: {}\n');
    expect((await run('kubectl apply -f embedded.yaml')).out).toBe(
      'The CronTab "t" is invalid: \n* spec.template.apiVersion: Required value: must not be empty\n* spec.template.kind: Required value: must not be empty\n');
  });
});

describe('custom resources: printing, subresources and lifecycle', () => {
  const COLUMNS = `      additionalPrinterColumns:
      - name: Spec
        type: string
        description: The cron spec defining the interval a CronJob is run
        jsonPath: .spec.cronSpec
      - name: Replicas
        type: integer
        description: The number of jobs launched by the CronJob
        jsonPath: .spec.replicas
      - name: Age
        type: date
        jsonPath: .metadata.creationTimestamp
      - name: Image
        type: string
        priority: 1
        jsonPath: .spec.image
`;
  const SUBRESOURCES = `      subresources:
        status: {}
        scale:
          specReplicasPath: .spec.replicas
          statusReplicasPath: .status.replicas
          labelSelectorPath: .status.labelSelector
`;
  const STATUS = `            status:
              type: object
              properties:
                replicas:
                  type: integer
                labelSelector:
                  type: string
`;
  const PROPS = '                cronSpec:\n                  type: string\n                image:\n                  type: string\n                replicas:\n                  type: integer\n';
  const MY = 'apiVersion: "stable.example.com/v1"\nkind: CronTab\nmetadata:\n  name: my-new-cron-object\nspec:\n  cronSpec: "* * * * */5"\n  image: my-awesome-cron-image\n  replicas: 3\n';

  it('prints the additionalPrinterColumns (priority 1 only with -o wide) and explains the schema', async () => {
    const { run } = await withCronTabs(crdWith(PROPS, COLUMNS));
    await write(run, 'my-crontab.yaml', MY);
    await run('kubectl apply -f my-crontab.yaml');
    expect((await run('kubectl get crontab my-new-cron-object')).out).toMatch(/^NAME +SPEC +REPLICAS +AGE\nmy-new-cron-object +\* \* \* \* \*\/5 +3 +\d+s\n$/);
    expect((await run('kubectl get ct -o wide')).out).toMatch(/^NAME +SPEC +REPLICAS +AGE +IMAGE\nmy-new-cron-object +\* \* \* \* \*\/5 +3 +\d+s +my-awesome-cron-image\n$/);
    expect((await run('kubectl explain crontab.spec')).out).toBe(`GROUP:      stable.example.com
KIND:       CronTab
VERSION:    v1

FIELD: spec <Object>


DESCRIPTION:
    <empty>
FIELDS:
  cronSpec\t<string>
    <no description>

  image\t<string>
    <no description>

  replicas\t<integer>
    <no description>


`);
    expect((await run('kubectl explain crontab')).out).toContain('FIELDS:\n  apiVersion\t<string>\n    APIVersion defines the versioned schema of this representation of an object.\n');
    expect((await run('kubectl explain crontab')).out).toContain('  metadata\t<ObjectMeta>\n    Standard object\'s metadata. More info:\n');
  });

  it('scales through the scale subresource and splits spec from status', async () => {
    const { run } = await withCronTabs(crdWith(PROPS, SUBRESOURCES, STATUS));
    await write(run, 'my-crontab.yaml', MY);
    await run('kubectl apply -f my-crontab.yaml');
    expect((await run('kubectl scale --replicas=5 crontabs/my-new-cron-object')).out).toBe('crontab.stable.example.com/my-new-cron-object scaled\n');
    expect((await run(`kubectl get crontabs my-new-cron-object -o jsonpath='{.spec.replicas}'`)).out).toBe('5');
    // The main resource ignores status; the status subresource takes only status.
    expect((await run(`kubectl patch ct my-new-cron-object --type=merge -p '{"status":{"replicas":7}}'`)).out).toBe('crontab.stable.example.com/my-new-cron-object patched (no change)\n');
    expect((await run(`kubectl patch ct my-new-cron-object --subresource=status --type=merge -p '{"spec":{"replicas":1},"status":{"replicas":5,"labelSelector":"app=cron"}}'`)).out).toBe('crontab.stable.example.com/my-new-cron-object patched\n');
    expect((await run(`kubectl get ct my-new-cron-object -o jsonpath='{.spec.replicas} {.status.replicas} {.metadata.generation}'`)).out).toBe('5 5 2');
    expect(JSON.parse((await run('kubectl get --raw /apis/stable.example.com/v1/namespaces/default/crontabs/my-new-cron-object/scale')).out)).toMatchObject({
      kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 5 }, status: { replicas: 5, selector: 'app=cron' },
    });
    const discovery = JSON.parse((await run('kubectl get --raw /apis/stable.example.com/v1')).out);
    expect(discovery.resources.map((r: { name: string; verbs: string[] }) => [r.name, r.verbs.join(',')])).toEqual([
      ['crontabs', 'delete,deletecollection,get,list,patch,create,update,watch'],
      ['crontabs/scale', 'get,patch,update'],
      ['crontabs/status', 'get,patch,update'],
    ]);
  });

  it('goes with its namespace, is collected with its owner, and takes RBAC rules for its group', async () => {
    const { run } = await withCronTabs(CRD.replace('    - ct\n', '    - ct\n    categories:\n    - all\n'));
    await run('kubectl create ns team');
    await write(run, 'a.yaml', 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: a\n  namespace: team\nspec:\n  image: x\n');
    await run('kubectl apply -f a.yaml');
    // The all category takes it in.
    expect((await run('kubectl get all -n team')).out).toMatch(/^NAME +AGE\ncrontab\.stable\.example\.com\/a +\d+s\n$/);
    await run('kubectl delete ns team');
    expect((await run('kubectl get ct -A')).out).toBe('No resources found\n');

    await run('kubectl create deployment web --image=nginx');
    const uid = (await run(`kubectl get deploy web -o jsonpath='{.metadata.uid}'`)).out;
    await write(run, 'owned.yaml', `apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: owned\n  ownerReferences:\n  - apiVersion: apps/v1\n    kind: Deployment\n    name: web\n    uid: ${uid}\nspec:\n  image: x\n`);
    await run('kubectl apply -f owned.yaml');
    await run('kubectl delete deployment web');
    // The garbage collector watches the new resource from its next sync with discovery (30s).
    await run('sleep 35');
    expect((await run('kubectl get ct')).out).toBe('No resources found in default namespace.\n');

    expect((await run('kubectl create clusterrole crontab-reader --verb=get,list --resource=crontabs.stable.example.com')).out).toBe('clusterrole.rbac.authorization.k8s.io/crontab-reader created\n');
    expect((await run(`kubectl get clusterrole crontab-reader -o jsonpath='{.rules[0].apiGroups} {.rules[0].resources}'`)).out).toBe('["stable.example.com"] ["crontabs"]');
    await run('kubectl create sa reader');
    await run('kubectl create clusterrolebinding crontab-reader --clusterrole=crontab-reader --serviceaccount=default:reader');
    expect((await run('kubectl auth can-i list crontabs --as=system:serviceaccount:default:reader')).out).toBe('yes\n');
    expect((await run('kubectl auth can-i delete ct --as=system:serviceaccount:default:reader')).out).toBe('no\n');
  });
});

describe('a CRD with several versions (conversion None)', () => {
  it('prefers the highest version, serves the others by apiVersion alone, and warns about a deprecated one', async () => {
    const { run } = await interactiveSession();
    const schema = '    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          host:\n            type: string\n          port:\n            type: string\n';
    await write(run, 'crd.yaml', `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.example.com
spec:
  group: example.com
  versions:
  - name: v1beta1
    served: true
    storage: false
    deprecated: true
${schema}  - name: v1
    served: true
    storage: true
${schema}  conversion:
    strategy: None
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
`);
    await run('kubectl apply -f crd.yaml');
    await run('sleep 1');
    expect((await run('kubectl api-resources --api-group=example.com')).out).toBe(
      'NAME       SHORTNAMES   APIVERSION       NAMESPACED   KIND\ncrontabs   ct           example.com/v1   true         CronTab\n');
    expect((await run('kubectl api-versions | grep example')).out).toBe('example.com/v1\nexample.com/v1beta1\n');
    await write(run, 'old.yaml', 'apiVersion: example.com/v1beta1\nkind: CronTab\nmetadata:\n  name: old\nhost: a\nport: "1"\n');
    const warning = `${WARNING}example.com/v1beta1 CronTab is deprecated; use example.com/v1 CronTab\n`;
    expect((await run('kubectl apply -f old.yaml')).out).toBe(`${warning}crontab.example.com/old created\n`);
    expect((await run(`kubectl get crontabs old -o jsonpath='{.apiVersion} {.host}'`)).out).toBe('example.com/v1 a');
    expect((await run(`kubectl get crontabs.v1beta1.example.com old -o jsonpath='{.apiVersion} {.host}'`)).out).toBe(`${warning}example.com/v1beta1 a`);
    expect((await run(`kubectl patch crontabs.v1beta1.example.com old --type=merge -p '{"host":"b"}'`)).out).toBe(`${warning}crontab.example.com/old patched\n`);
    expect((await run(`kubectl get ct old -o jsonpath='{.host}'`)).out).toBe('b');
    expect((await run(`kubectl get crd crontabs.example.com -o jsonpath='{.status.storedVersions}'`)).out).toBe('["v1"]');
    // A new storage version joins storedVersions; the old one stays until a migration removes it.
    await run("sed -i -e 's/storage: false/storage: X/' -e 's/storage: true/storage: false/' -e 's/storage: X/storage: true/' crd.yaml");
    expect((await run('kubectl apply -f crd.yaml')).out).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.example.com configured\n');
    expect((await run(`kubectl get crd crontabs.example.com -o jsonpath='{.status.storedVersions}'`)).out).toBe('["v1","v1beta1"]');
  });
});
