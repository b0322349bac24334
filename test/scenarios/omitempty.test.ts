/**
 * What `kubectl get -o yaml` shows after a learner writes zero values, seen through kubectl as on a real
 * cluster: kube-apiserver decodes every body into the k8s.io/api v1.35 Go types and encodes them back with
 * encoding/json, so each expectation follows from the Go tag the test names (the tables in
 * engine/api/schema/omit.json come from those tags: scripts/go-types/generate.ts).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Cluster } from '../../engine/cluster.js';
import { kubectlRunner, type Runner } from '../../engine/kubectl/test-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

async function lab(): Promise<{ c: Cluster; k: Runner; run: (...args: string[]) => Promise<string>; yaml: (...args: string[]) => Promise<Any> }> {
  const c = new Cluster({ seed: 5 }).boot();
  const k = kubectlRunner(c);
  const run = async (...args: string[]) => {
    const r = await k.run(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };
  return { c, k, run, yaml: async (...args: string[]) => parse(await run('get', ...args, '-o', 'yaml')) };
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: {}
  annotations: {}
spec:
  hostNetwork: false
  subdomain: ""
  nodeSelector: {}
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 0
  containers:
  - name: c
    image: nginx
    args: []
    env:
    - name: A
      value: ""
    - name: B
      value: b
    ports: []
    resources: null
    stdin: false
    tty: false
`;

describe('kubectl get -o yaml shows what the Go types keep of a manifest', () => {
  it('apply: omitempty scalars, lists and maps at their zero value vanish, pointers keep theirs, a null struct is {}', async () => {
    const { c, k, run, yaml } = await lab();
    k.fs.writeFile('/root/p.yaml', POD);
    expect(await run('apply', '-f', 'p.yaml')).toBe('pod/p created\n');
    const p = await yaml('pod', 'p');
    // `map[string]string json:"labels,omitempty"`: the empty map is gone; only the apply annotation remains.
    expect(p.metadata.labels).toBeUndefined();
    expect(Object.keys(p.metadata.annotations)).toEqual(['kubectl.kubernetes.io/last-applied-configuration']);
    // `bool json:"hostNetwork,omitempty"`, `string json:"subdomain,omitempty"`, `map[string]string json:"nodeSelector,omitempty"`.
    expect(p.spec).not.toHaveProperty('hostNetwork');
    expect(p.spec).not.toHaveProperty('subdomain');
    expect(p.spec).not.toHaveProperty('nodeSelector');
    // `*bool json:"automountServiceAccountToken,omitempty"`, `*int64 json:"terminationGracePeriodSeconds,omitempty"`: pointers keep a zero.
    expect(p.spec.automountServiceAccountToken).toBe(false);
    expect(p.spec.terminationGracePeriodSeconds).toBe(0);
    // `[]string json:"args,omitempty"`, `[]ContainerPort json:"ports,omitempty"`, `bool json:"stdin,omitempty"`/`tty`,
    // EnvVar `string json:"value,omitempty"`, and `ResourceRequirements json:"resources,omitempty"` (a struct: null is {}).
    expect(p.spec.containers).toEqual([{
      name: 'c', image: 'nginx', env: [{ name: 'A' }, { name: 'B', value: 'b' }], resources: {},
      imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    }]);
    // The live object lacks what the manifest says, so apply's three-way patch is never empty: it reports "configured".
    expect(await run('apply', '-f', 'p.yaml')).toBe('pod/p configured\n');
    expect((await yaml('pod', 'p')).metadata.resourceVersion).toBe(p.metadata.resourceVersion);
    expect(c.clock.errors).toEqual([]);
  });

  it('apply: `Time json:"creationTimestamp,omitempty,omitzero"` (v1.35) drops a template\'s creationTimestamp: null, and `int32 json:"minReadySeconds,omitempty"` its 0', async () => {
    const { c, k, run, yaml } = await lab();
    k.fs.writeFile('/root/d.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 0
  minReadySeconds: 0
  paused: false
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - name: c
        image: nginx
`);
    await run('apply', '-f', 'd.yaml');
    c.advance(5_000);
    const d = await yaml('deploy', 'web');
    // `*int32 json:"replicas,omitempty"` keeps 0; `bool json:"paused,omitempty"` and minReadySeconds go.
    expect(d.spec.replicas).toBe(0);
    expect(d.spec).not.toHaveProperty('minReadySeconds');
    expect(d.spec).not.toHaveProperty('paused');
    expect(d.spec.template.metadata).toEqual({ labels: { app: 'web' } });
    expect(d.spec.template.spec.containers[0].resources).toEqual({});
    const rs = (await yaml('rs', '-l', 'app=web')).items[0];
    expect(rs.spec.template.metadata).toEqual({ labels: { app: 'web', 'pod-template-hash': rs.metadata.labels['pod-template-hash'] } });
    expect(c.clock.errors).toEqual([]);
  });

  it('create: `string json:"reportingComponent"` (no omitempty) is written empty; metav1.Time fields without omitzero are null', async () => {
    const { k, run, yaml } = await lab();
    k.fs.writeFile('/root/e.yaml', `apiVersion: v1
kind: Event
metadata:
  name: e1
involvedObject:
  kind: Pod
  name: x
  namespace: default
reason: Test
message: hello
count: 0
`);
    await run('create', '-f', 'e.yaml');
    const e = await yaml('event', 'e1');
    expect(e).toMatchObject({ eventTime: null, firstTimestamp: null, lastTimestamp: null, reportingComponent: '', reportingInstance: '', source: {} });
    // `int32 json:"count,omitempty"`.
    expect(e).not.toHaveProperty('count');
  });

  it('apply: `[]Endpoint json:"endpoints"` and `[]EndpointPort json:"ports"` (no omitempty) come back from etcd as null', async () => {
    const { k, run, yaml } = await lab();
    k.fs.writeFile('/root/s.yaml', `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: es1
addressType: IPv4
endpoints: []
ports: []
`);
    await run('apply', '-f', 's.yaml');
    const s = await yaml('endpointslice', 'es1');
    expect(s.endpoints).toBeNull();
    expect(s.ports).toBeNull();
  });

  it('replace: `map[string]string json:"data,omitempty"` goes, `*bool json:"immutable,omitempty"` stays false', async () => {
    const { k, run, yaml } = await lab();
    await run('create', 'configmap', 'cm', '--from-literal=a=b');
    k.fs.writeFile('/root/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata: {}\nbinaryData: {}\nimmutable: false\n');
    expect(await run('replace', '-f', 'cm.yaml')).toBe('configmap/cm replaced\n');
    const cm = await yaml('cm', 'cm');
    expect(cm).not.toHaveProperty('data');
    expect(cm).not.toHaveProperty('binaryData');
    expect(cm.immutable).toBe(false);
  });

  it('patch: a merge patch\'s zeros vanish under omitempty and stay in pointers; a JSON patch adding `hostNetwork: false` changes nothing', async () => {
    const { c, run, yaml } = await lab();
    await run('create', 'deployment', 'web', '--image=nginx');
    c.advance(5_000);
    const before = await yaml('deploy', 'web');
    await run('patch', 'deploy', 'web', '--type=json', '-p', '[{"op":"add","path":"/spec/template/spec/hostNetwork","value":false}]');
    const same = await yaml('deploy', 'web');
    expect(same.spec.template.spec).not.toHaveProperty('hostNetwork');
    expect(same.metadata.generation).toBe(before.metadata.generation);
    // `bool json:"paused,omitempty"`, `int32 json:"minReadySeconds,omitempty"`, `*int32 json:"revisionHistoryLimit,omitempty"`.
    await run('patch', 'deploy', 'web', '-p', '{"spec":{"paused":false,"minReadySeconds":0,"revisionHistoryLimit":0}}');
    const d = await yaml('deploy', 'web');
    expect(d.spec).not.toHaveProperty('paused');
    expect(d.spec).not.toHaveProperty('minReadySeconds');
    expect(d.spec.revisionHistoryLimit).toBe(0);
    expect(c.clock.errors).toEqual([]);
  });

  it('patch --subresource=status: `[]PortStatus json:"ports,omitempty"` of a load-balancer ingress vanishes when empty', async () => {
    const { run, yaml } = await lab();
    await run('create', 'service', 'clusterip', 's', '--tcp=80');
    await run('patch', 'svc', 's', '--subresource=status', '--type=merge', '-p', '{"status":{"loadBalancer":{"ingress":[{"ip":"10.0.0.9","hostname":"","ports":[]}]}}}');
    const ingress = (await yaml('svc', 's')).status.loadBalancer.ingress;
    expect(ingress).toHaveLength(1);
    expect(ingress[0].ip).toBe('10.0.0.9');
    expect(ingress[0]).not.toHaveProperty('ports');
    expect(ingress[0]).not.toHaveProperty('hostname');
  });

  it('apply --validate=false: a field the Go type lacks is not stored (the decoder has nowhere to put it)', async () => {
    const { k, run, yaml } = await lab();
    k.fs.writeFile('/root/d.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replica: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        imagee: x\n');
    await run('apply', '--validate=false', '-f', 'd.yaml');
    const d = await yaml('deploy', 'web');
    expect(d.spec).not.toHaveProperty('replica');
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.template.spec.containers[0]).not.toHaveProperty('imagee');
  });
});
