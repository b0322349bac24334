/**
 * A CRD's x-kubernetes-validations (the "Validation rules" section of kubernetes/website
 * content/en/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions.md) and validation ratcheting.
 * Expected texts come from apiextensions-apiserver v0.35.2 (Kubernetes v1.35): pkg/apiserver/schema/cel/validation.go
 * (an object's or a list's value left out of the error since v1.35, field.OmitValueType; "failed rule: ..."; the
 * reasons; fieldPath; transition rules and optionalOldSelf; ratcheted errors as warnings), compilation.go ("compilation
 * failed: " + cel-go's issues, "cel expression must evaluate to a bool"), pkg/apis/apiextensions/validation (the
 * rule's internal ValidationRule as the bad value, printed as Go's JSON), pkg/registry/customresource/strategy.go
 * (hasBlockingErr) and pkg/apiserver/validation/ratcheting.go; cel-go's checker texts (undefined field, no matching
 * overload, invalid argument to has() macro) as the page quotes them.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

type Run = (line: string) => Promise<{ out: string; status: number }>;
const write = (run: Run, file: string, text: string) => run(`cat > ${file} <<'EOF'\n${text}EOF`);

/** kubectl's warning prefix on a terminal (yellow, bold). */
const WARNING = '\u001b[33;1mWarning:\u001b[0m ';

/** The page's CronTab CRD with the root schema's properties (and rules) given. */
const crd = (properties: string, root = '') => `apiVersion: apiextensions.k8s.io/v1
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
${root.replace(/^(?=.)/gm, '          ')}          properties:
${properties.replace(/^(?=.)/gm, '            ')}
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
`;

/** The page's first example: the three replica counts, ordered by two rules on spec. */
const REPLICAS = `spec:
  type: object
  x-kubernetes-validations:
    - rule: "self.minReplicas <= self.replicas"
      message: "replicas should be greater than or equal to minReplicas."
    - rule: "self.replicas <= self.maxReplicas"
      message: "replicas should be smaller than or equal to maxReplicas."
  properties:
    minReplicas:
      type: integer
    replicas:
      type: integer
    maxReplicas:
      type: integer
  required:
    - minReplicas
    - replicas
    - maxReplicas
`;

const cronTab = (spec: string) => `apiVersion: "stable.example.com/v1"
kind: CronTab
metadata:
  name: my-new-cron-object
spec:
${spec.replace(/^(?=.)/gm, '  ')}`;

async function withCRD(text: string) {
  const s = await interactiveSession();
  await write(s.run, 'crd.yaml', text);
  expect((await s.run('kubectl apply -f crd.yaml')).out).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
  await s.run('sleep 1');
  return s;
}

async function apply(run: Run, text: string) {
  await write(run, 'ct.yaml', text);
  return (await run('kubectl apply -f ct.yaml')).out;
}

describe('Validation rules: x-kubernetes-validations on a custom resource', () => {
  it('refuses an object a rule fails, with the rule\'s message or "failed rule: <rule>", the object\'s value left out', async () => {
    const { run } = await withCRD(crd(REPLICAS));
    expect(await apply(run, cronTab('minReplicas: 0\nreplicas: 20\nmaxReplicas: 10\n'))).toBe(
      'The CronTab "my-new-cron-object" is invalid: spec: Invalid value: replicas should be smaller than or equal to maxReplicas.\n');
    // Every failing rule is reported, in order.
    expect(await apply(run, cronTab('minReplicas: 30\nreplicas: 20\nmaxReplicas: 10\n'))).toBe('The CronTab "my-new-cron-object" is invalid: \n'
      + '* spec: Invalid value: replicas should be greater than or equal to minReplicas.\n'
      + '* spec: Invalid value: replicas should be smaller than or equal to maxReplicas.\n');
    expect(await apply(run, cronTab('minReplicas: 0\nreplicas: 5\nmaxReplicas: 10\n'))).toBe('crontab.stable.example.com/my-new-cron-object created\n');

    // Without a message, the rule itself.
    const { run: run2 } = await withCRD(crd(REPLICAS.replace(/\n      message: "replicas should be smaller than or equal to maxReplicas."/, '')));
    expect(await apply(run2, cronTab('minReplicas: 0\nreplicas: 20\nmaxReplicas: 10\n'))).toBe(
      'The CronTab "my-new-cron-object" is invalid: spec: Invalid value: failed rule: self.replicas <= self.maxReplicas\n');
  });

  it('a rule at the root sees spec and status; its errors have no field path (<nil>); a scalar\'s value is shown', async () => {
    const { run } = await withCRD(crd(`spec:
  type: object
  properties:
    minReplicas:
      type: integer
    image:
      type: string
      x-kubernetes-validations:
      - rule: "self.startsWith('registry.example.com/')"
status:
  type: object
  properties:
    availableReplicas:
      type: integer
`, `x-kubernetes-validations:
  - rule: "self.status.availableReplicas >= self.spec.minReplicas"
`));
    expect(await apply(run, cronTab('minReplicas: 2\nimage: nginx\n') + 'status:\n  availableReplicas: 1\n')).toBe('The CronTab "my-new-cron-object" is invalid: \n'
      + '* <nil>: Invalid value: failed rule: self.status.availableReplicas >= self.spec.minReplicas\n'
      + '* spec.image: Invalid value: "nginx": failed rule: self.startsWith(\'registry.example.com/\')\n');
    // A field the object leaves out is an evaluation error ("no such key"), reported with the node's type.
    expect(await apply(run, cronTab('minReplicas: 2\nimage: registry.example.com/nginx\n'))).toBe(
      'The CronTab "my-new-cron-object" is invalid: <nil>: Invalid value: "object": no such key: status evaluating rule: self.status.availableReplicas >= self.spec.minReplicas\n');
  });

  it('messageExpression, reason and fieldPath shape the error', async () => {
    const { run } = await withCRD(crd(`spec:
  type: object
  x-kubernetes-validations:
    - rule: "self.x <= self.maxLimit"
      messageExpression: "'x exceeded max limit of ' + string(self.maxLimit)"
    - rule: "self.x != 13"
      reason: FieldValueForbidden
      fieldPath: ".x"
      message: "13 is unlucky"
    - rule: "has(self.owner)"
      reason: FieldValueRequired
      fieldPath: ".owner"
      message: "an owner is needed"
  properties:
    x:
      type: integer
    maxLimit:
      type: integer
    owner:
      type: string
    tags:
      type: array
      items:
        type: string
      x-kubernetes-validations:
      - rule: "self.all(t, self.exists_one(u, u == t))"
        reason: FieldValueDuplicate
`));
    expect(await apply(run, cronTab('x: 13\nmaxLimit: 10\ntags: [a, a]\n'))).toBe('The CronTab "my-new-cron-object" is invalid: \n'
      + '* spec: Invalid value: x exceeded max limit of 10\n'
      + '* spec.x: Forbidden: 13 is unlucky\n'
      + '* spec.owner: Required value: an owner is needed\n'
      + '* spec.tags: Duplicate value\n');
  });

  it('transition rules: oldSelf only on update, where the old value is there; optionalOldSelf also on create', async () => {
    const { run } = await withCRD(crd(`spec:
  type: object
  properties:
    name:
      type: string
      x-kubernetes-validations:
      - rule: "self == oldSelf"
        message: "Value is immutable"
    replicas:
      type: integer
      x-kubernetes-validations:
      - rule: "self >= oldSelf"
        message: "replicas may only grow"
    size:
      type: string
      x-kubernetes-validations:
      - rule: "oldSelf.hasValue() ? self == oldSelf.value() : self == 'small'"
        optionalOldSelf: true
        message: "starts small and stays"
`));
    expect(await apply(run, cronTab('name: a\nreplicas: 3\nsize: big\n'))).toBe(
      'The CronTab "my-new-cron-object" is invalid: spec.size: Invalid value: "big": starts small and stays\n');
    expect(await apply(run, cronTab('name: a\nreplicas: 3\nsize: small\n'))).toBe('crontab.stable.example.com/my-new-cron-object created\n');
    expect(await apply(run, cronTab('name: b\nreplicas: 2\nsize: big\n'))).toBe('The CronTab "my-new-cron-object" is invalid: \n'
      + '* spec.name: Invalid value: "b": Value is immutable\n'
      + '* spec.replicas: Invalid value: 2: replicas may only grow\n'
      + '* spec.size: Invalid value: "big": starts small and stays\n');
    expect(await apply(run, cronTab('name: a\nreplicas: 4\nsize: small\n'))).toBe('crontab.stable.example.com/my-new-cron-object configured\n');
  });

  it('the page\'s rule examples: maps, lists, int-or-string, metadata.name at the root, escaped names, library functions', async () => {
    const { run } = await withCRD(crd(`spec:
  type: object
  x-kubernetes-validations:
  - rule: "'Available' in self.stateCounts"
  - rule: "(size(self.list1) == 0) != (size(self.list2) == 0)"
  - rule: "self.x__dash__prop > 0"
  - rule: "self.ports.isSorted() && self.ports.min() > 1024"
  - rule: "size(format.dns1123Label().validate(self.host).orValue([])) == 0"
    messageExpression: "'host: ' + format.dns1123Label().validate(self.host).value()[0]"
  - rule: "cidr('10.0.0.0/8').containsIP(self.address)"
  properties:
    prefix:
      type: string
    stateCounts:
      type: object
      additionalProperties:
        type: integer
    list1:
      type: array
      items:
        type: string
    list2:
      type: array
      items:
        type: string
    x-prop:
      type: integer
    ports:
      type: array
      items:
        type: integer
    host:
      type: string
    address:
      type: string
    value:
      x-kubernetes-int-or-string: true
      x-kubernetes-validations:
      - rule: "type(self) == string ? self == '100%' : self == 1000"
`, `x-kubernetes-validations:
  - rule: "self.metadata.name.startsWith(self.spec.prefix)"
`));
    const good = 'prefix: my-\nstateCounts: {Available: 1}\nlist1: [a]\nlist2: []\nx-prop: 1\nports: [2000, 3000]\nhost: web\naddress: 10.1.2.3\nvalue: 100%\n';
    expect(await apply(run, cronTab(good))).toBe('crontab.stable.example.com/my-new-cron-object created\n');
    expect(await apply(run, cronTab('prefix: x-\nstateCounts: {Ready: 1}\nlist1: [a]\nlist2: [b]\nx-prop: 0\nports: [3000, 80]\nhost: Web_1\naddress: 11.0.0.1\nvalue: 1001\n'))).toBe(
      'The CronTab "my-new-cron-object" is invalid: \n'
      + '* <nil>: Invalid value: failed rule: self.metadata.name.startsWith(self.spec.prefix)\n'
      + '* spec: Invalid value: failed rule: \'Available\' in self.stateCounts\n'
      + '* spec: Invalid value: failed rule: (size(self.list1) == 0) != (size(self.list2) == 0)\n'
      + '* spec: Invalid value: failed rule: self.x__dash__prop > 0\n'
      + '* spec: Invalid value: failed rule: self.ports.isSorted() && self.ports.min() > 1024\n'
      + "* spec: Invalid value: host: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n"
      + "* spec: Invalid value: failed rule: cidr('10.0.0.0/8').containsIP(self.address)\n"
      + "* spec.value: Invalid value: 1001: failed rule: type(self) == string ? self == '100%' : self == 1000\n");
  });

  it('a rule on status runs on status writes: the main resource\'s writes keep the old status', async () => {
    const text = crd(`spec:
  type: object
  properties:
    replicas:
      type: integer
status:
  type: object
  properties:
    ready:
      type: integer
      x-kubernetes-validations:
      - rule: "self >= 0"
        message: "ready cannot be negative"
`).replace('      schema:', '      subresources:\n        status: {}\n      schema:');
    const { run } = await withCRD(text);
    // The status a create sends is dropped (the status subresource owns it): nothing to check.
    expect(await apply(run, cronTab('replicas: 1\n') + 'status:\n  ready: -1\n')).toBe('crontab.stable.example.com/my-new-cron-object created\n');
    expect((await run(`kubectl patch ct my-new-cron-object --subresource=status --type=merge -p '{"status":{"ready":-1}}'`)).out).toBe(
      'The CronTab "my-new-cron-object" is invalid: status.ready: Invalid value: -1: ready cannot be negative\n');
    expect((await run(`kubectl patch ct my-new-cron-object --subresource=status --type=merge -p '{"status":{"ready":2}}'`)).out).toBe(
      'crontab.stable.example.com/my-new-cron-object patched\n');
  });

  it('a rule under allOf sees the node it sits beside', async () => {
    const { run } = await withCRD(crd(`spec:
  type: object
  allOf:
  - x-kubernetes-validations:
    - rule: "self.min <= self.max"
      message: "min must not exceed max"
  properties:
    min:
      type: integer
    max:
      type: integer
`));
    expect(await apply(run, cronTab('min: 5\nmax: 1\n'))).toBe('The CronTab "my-new-cron-object" is invalid: spec: Invalid value: min must not exceed max\n');
  });

  it('rules are not run when the object has errors their types depend on', async () => {
    const { run } = await withCRD(crd(REPLICAS));
    expect(await apply(run, cronTab('minReplicas: 0\nreplicas: "20"\nmaxReplicas: 10\n'))).toBe('The CronTab "my-new-cron-object" is invalid: \n'
      + '* spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n'
      + '* <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation\n');
  });
});

describe('Validation rules: compiled when the CRD is written', () => {
  it('refuses rules that do not compile against the schema\'s types, with cel-go\'s texts', async () => {
    const s = await interactiveSession();
    await write(s.run, 'crd.yaml', crd(`spec:
  type: object
  x-kubernetes-validations:
  - rule: "self.nonExistingField > 0"
  properties:
    replicas:
      type: integer
      x-kubernetes-validations:
      - rule: "self == true"
    name:
      type: string
      x-kubernetes-validations:
      - rule: "has(self)"
      - rule: "self.size()"
`));
    // Go's JSON of the internal ValidationRule: its field names, in order, and <, >, & escaped.
    const rule = (r: string) => `{"Rule":${JSON.stringify(r).replace(/>/g, '\\u003e')},"Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}`;
    const at = 'spec.validation.openAPIV3Schema.properties[spec]';
    // A node's rules are checked after the nodes under it.
    expect((await s.run('kubectl apply -f crd.yaml')).out).toBe('The CustomResourceDefinition "crontabs.stable.example.com" is invalid: \n'
      + `* ${at}.properties[name].x-kubernetes-validations[0].rule: Invalid value: ${rule('has(self)')}: compilation failed: ERROR: <input>:1:4: invalid argument to has() macro\n | has(self)\n | ...^\n`
      + `* ${at}.properties[name].x-kubernetes-validations[1].rule: Invalid value: ${rule('self.size()')}: cel expression must evaluate to a bool\n`
      + `* ${at}.properties[replicas].x-kubernetes-validations[0].rule: Invalid value: ${rule('self == true')}: compilation failed: ERROR: <input>:1:6: found no matching overload for '_==_' applied to '(int, bool)'\n | self == true\n | .....^\n`
      + `* ${at}.x-kubernetes-validations[0].rule: Invalid value: ${rule('self.nonExistingField > 0')}: compilation failed: ERROR: <input>:1:5: undefined field 'nonExistingField'\n | self.nonExistingField > 0\n | ....^\n`);
    expect((await s.run('kubectl get crd')).out).toBe('No resources found\n');
  });

  it('checks each rule\'s fields: rule, message, reason, fieldPath, optionalOldSelf', async () => {
    const s = await interactiveSession();
    await write(s.run, 'crd.yaml', crd(`spec:
  type: object
  x-kubernetes-validations:
  - rule: ""
  - rule: "self.a > 0"
    reason: Bad
  - rule: "self.a > 0"
    fieldPath: ".b"
  - rule: "self.a > 0"
    optionalOldSelf: true
  properties:
    a:
      type: integer
`));
    const at = 'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations';
    expect((await s.run('kubectl apply -f crd.yaml')).out).toBe('The CustomResourceDefinition "crontabs.stable.example.com" is invalid: \n'
      + `* ${at}[0].rule: Required value: rule is not specified\n`
      + `* ${at}[1].reason: Unsupported value: "Bad": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"\n`
      + `* ${at}[2].fieldPath: Invalid value: ".b": must be a valid path\n`);
    await write(s.run, 'crd.yaml', crd(`spec:
  type: object
  x-kubernetes-validations:
  - rule: "self.a > 0"
    optionalOldSelf: true
  properties:
    a:
      type: integer
    list:
      type: array
      items:
        type: string
        x-kubernetes-validations:
        - rule: "self == oldSelf"
`));
    // An atomic list's items have no old value to pair with: no transition rule under it.
    expect((await s.run('kubectl apply -f crd.yaml')).out).toBe('The CustomResourceDefinition "crontabs.stable.example.com" is invalid: \n'
      + '* spec.validation.openAPIV3Schema.properties[spec].properties[list].items.x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within spec.validation.openAPIV3Schema.properties[spec].properties[list]\n'
      + `* ${at}[0].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule\n`);
  });
});

describe('Validation ratcheting', () => {
  it('an update may keep a value that newer validations refuse; a changed value must pass them', async () => {
    const { run } = await withCRD(crd(`spec:
  type: object
  properties:
    image:
      type: string
    replicas:
      type: integer
`));
    expect(await apply(run, cronTab('image: nginx\nreplicas: 1\n'))).toBe('crontab.stable.example.com/my-new-cron-object created\n');
    // The CRD grows a pattern, a maximum and a rule that the stored object breaks.
    await write(run, 'crd.yaml', crd(`spec:
  type: object
  properties:
    image:
      type: string
      maxLength: 3
      x-kubernetes-validations:
      - rule: "self.startsWith('registry.example.com/')"
    replicas:
      type: integer
`));
    expect((await run('kubectl apply -f crd.yaml')).out).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com configured\n');
    await run('sleep 1');
    // Unchanged, the image passes: the rule's error is a warning, the maxLength error is dropped.
    expect(await apply(run, cronTab('image: nginx\nreplicas: 2\n'))).toBe(
      `${WARNING}spec.image: Invalid value: "nginx": failed rule: self.startsWith('registry.example.com/')\ncrontab.stable.example.com/my-new-cron-object configured\n`);
    expect(await apply(run, cronTab('image: httpd\nreplicas: 2\n'))).toBe('The CronTab "my-new-cron-object" is invalid: \n'
      + '* spec.image: Too long: may not be more than 3 bytes\n'
      + '* <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation\n');
  });
});

describe('Structural schemas: the rest of the checks', () => {
  it('refuses metadata beyond name and generateName at the root, additionalProperties at the root, types in a junctor, and bad list types', async () => {
    const s = await interactiveSession();
    await write(s.run, 'crd.yaml', crd(`metadata:
  type: object
  properties:
    labels:
      type: object
spec:
  type: object
  anyOf:
  - type: object
    required: [a]
  properties:
    a:
      type: string
    ports:
      type: array
      x-kubernetes-list-type: map
      items:
        type: object
        properties:
          name:
            type: string
    tags:
      type: string
      x-kubernetes-list-type: set
`));
    const at = 'spec.validation.openAPIV3Schema';
    // ValidateStructural's errors sorted by their text, then the OpenAPI schema checks.
    expect((await s.run('kubectl apply -f crd.yaml')).out).toBe('The CustomResourceDefinition "crontabs.stable.example.com" is invalid: \n'
      + `* ${at}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified\n`
      + `* ${at}.properties[spec].anyOf[0].type: Forbidden: must be empty to be structural\n`
      + `* ${at}.properties[spec].properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map\n`
      + `* ${at}.properties[spec].properties[tags].type: Invalid value: "string": must be array if x-kubernetes-list-type is specified\n`);
    await write(s.run, 'crd.yaml', crd(`metadata:
  type: object
  properties:
    name:
      type: string
      maxLength: 20
spec:
  type: object
  properties:
    ports:
      type: array
      x-kubernetes-list-type: map
      x-kubernetes-list-map-keys: [name, protocol]
      items:
        type: object
        required: [name]
        properties:
          name:
            type: string
          protocol:
            type: string
`));
    expect((await s.run('kubectl apply -f crd.yaml')).out).toBe('The CustomResourceDefinition "crontabs.stable.example.com" is invalid: '
      + `${at}.properties[spec].properties[ports].items.properties[protocol].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property\n`);
  });

  it('checks sets\' and map-lists\' uniqueness, and anyOf, oneOf, allOf and not, with kube-openapi\'s texts', async () => {
    const { run } = await withCRD(crd(`spec:
  type: object
  oneOf:
  - required: [cronSpec]
  - required: [schedule]
  properties:
    cronSpec:
      type: string
    schedule:
      type: string
    tags:
      type: array
      x-kubernetes-list-type: set
      items:
        type: string
    ports:
      type: array
      x-kubernetes-list-type: map
      x-kubernetes-list-map-keys: [name]
      items:
        type: object
        required: [name]
        properties:
          name:
            type: string
          port:
            type: integer
    size:
      type: string
      not:
        enum: [huge]
      anyOf:
      - pattern: '^[a-z]+$'
      - maxLength: 2
`));
    expect(await apply(run, cronTab('cronSpec: "* * * * *"\ntags: [a, b, a, a]\nports: [{name: web, port: 80}, {name: web, port: 81}]\n'))).toBe('The CronTab "my-new-cron-object" is invalid: \n'
      + '* spec.tags[2]: Duplicate value: "a"\n'
      + '* spec.ports[1]: Duplicate value: {"name":"web"}\n');
    expect(await apply(run, cronTab('cronSpec: "* * * * *"\nschedule: daily\nsize: huge\n'))).toBe('The CronTab "my-new-cron-object" is invalid: \n'
      + '* <nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives\n'
      + '* <nil>: Invalid value: "": "spec.size" must not validate the schema (not)\n');
    expect(await apply(run, cronTab('size: Big-1\n'))).toBe('The CronTab "my-new-cron-object" is invalid: \n'
      + '* <nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid\n'
      + '* spec.cronSpec: Required value\n'
      + '* <nil>: Invalid value: "": "spec.size" must validate at least one schema (anyOf)\n'
      + '* spec.size: Invalid value: "Big-1": spec.size in body should match \'^[a-z]+$\'\n');
    expect(await apply(run, cronTab('schedule: daily\nsize: ok\ntags: [a, b]\n'))).toBe('crontab.stable.example.com/my-new-cron-object created\n');
  });

  it('counts items, properties and characters as kube-openapi reports them', async () => {
    const { run } = await withCRD(crd(`spec:
  type: object
  properties:
    tags:
      type: array
      minItems: 2
      maxItems: 3
      items:
        type: string
    labels:
      type: object
      minProperties: 2
      maxProperties: 1
      additionalProperties:
        type: string
    code:
      type: string
      maxLength: 1
`));
    expect(await apply(run, cronTab('tags: [a]\nlabels: {}\ncode: ab\n'))).toBe('The CronTab "my-new-cron-object" is invalid: \n'
      + '* spec.code: Too long: may not be more than 1 byte\n'
      + '* spec.labels: Invalid value: 0: spec.labels in body should have at least 2 properties\n'
      + '* spec.tags: Invalid value: 1: spec.tags in body should have at least 2 items\n');
    expect(await apply(run, cronTab('tags: [a, b, c, d]\nlabels: {a: x, b: y}\n'))).toBe('The CronTab "my-new-cron-object" is invalid: \n'
      + '* spec.labels: Too many: 2: must have at most 1 item\n'
      + '* spec.tags: Too many: 4: must have at most 3 items\n');
  });

  it('a root metadata schema narrows the name', async () => {
    const { run } = await withCRD(crd(`metadata:
  type: object
  properties:
    name:
      type: string
      maxLength: 10
spec:
  type: object
`));
    expect(await apply(run, cronTab('{}\n'))).toBe('The CronTab "my-new-cron-object" is invalid: metadata.name: Too long: may not be more than 10 bytes\n');
  });
});
