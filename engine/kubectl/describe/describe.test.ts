/**
 * describe on a booted cluster: the pods, nodes, Services and HPA come from the
 * engine's controllers, kubelets and scheduler. Expected layouts are kubectl
 * v1.35.2's: each was captured by running the real binary against these same
 * objects served over HTTP (see the report of this change), and checked
 * against kubectl/pkg/describe/describe.go (v0.35.2).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { kubectlRunner, type Runner } from '../test-helpers.js';
import { formatEndpointSlices } from './service.js';
import { describeEvents, PrefixWriter, smartLabel, tabbed } from './format.js';
import { loadHorizontalController } from '../../controllers/podautoscaler/loader.js';

// The HPA controller loads on first use; a cluster advanced synchronously needs it loaded first.
beforeAll(async () => {
  await loadHorizontalController();
});

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let c: Cluster;
let k: Runner;
const out = async (line: string) => (await k.run(line.split(' '))).stdout;

beforeAll(() => {
  c = new Cluster({ seed: 1 }).boot();
  const cl = c.client();
  const ns = 'default';
  cl.create('deployments.apps', ns, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26', ports: [{ containerPort: 80, name: 'http' }], resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } }, readinessProbe: { httpGet: { path: '/', port: 80 } }, env: [{ name: 'A', value: 'b' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }] } } } } as KObject);
  cl.create('services', ns, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http', name: 'http' }] } } as KObject);
  cl.create('services', ns, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 80 }] } } as KObject);
  cl.create('horizontalpodautoscalers.autoscaling', ns, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] } } as KObject);
  cl.create('configmaps', ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', labels: { a: 'b' } }, data: { 'x.txt': 'hello\nworld', y: 'z' }, binaryData: { bin: 'AAEC' } } as KObject);
  cl.create('secrets', ns, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec' }, type: 'Opaque', data: { password: 'c2VjcmV0', user: 'YWRtaW4=' } } as KObject);
  cl.create('serviceaccounts', ns, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bot' }, imagePullSecrets: [{ name: 'reg1' }, { name: 'reg2' }] } as KObject);
  cl.create('pods', ns, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'broken' }, spec: { containers: [{ name: 'c', image: 'nginx:does-not-exist' }] } } as KObject);
  c.advance(150_000);
  k = kubectlRunner(c);
});

describe('kubectl describe, per kind', () => {
  it('ReplicaSet: selector, controller, replicas, pod phases and the pod template', async () => {
    const rs = c.client().list('replicasets.apps', 'default').items[0] as Any;
    const hash = rs.metadata.labels['pod-template-hash'];
    const text = await out(`describe rs ${rs.metadata.name}`);
    expect(text.split('Events:')[0]).toBe(`Name:           ${rs.metadata.name}
Namespace:      default
Selector:       app=web,pod-template-hash=${hash}
Labels:         app=web
                pod-template-hash=${hash}
Annotations:    deployment.kubernetes.io/desired-replicas: 2
                deployment.kubernetes.io/max-replicas: 3
                deployment.kubernetes.io/revision: 1
Controlled By:  Deployment/web
Replicas:       2 current / 2 desired
Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=web
           pod-template-hash=${hash}
  Containers:
   nginx:
    Image:      nginx:1.26
    Port:       80/TCP (http)
    Host Port:  0/TCP (http)
    Limits:
      memory:  128Mi
    Requests:
      cpu:      100m
      memory:   64Mi
    Readiness:  http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3
    Environment:
      A:           b
      POD:          (v1:metadata.name)
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
`);
    expect(text).toMatch(/\n {2}Normal {2}SuccessfulCreate {2}2m30s {2}replicaset-controller {2}Created pod: web-/);
  });

  it('Service: type, IP families, load balancer ingress, ports with node ports and endpoints, policies', async () => {
    const svc = c.client().get('services', 'default', 'lb') as Any;
    const pods = c.client().list('pods', 'default', { labelSelector: 'app=web' }).items as Any[];
    const text = await out('describe svc lb');
    const head = text.split('Events:')[0];
    expect(head).toBe(`Name:                     lb
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=web
Type:                     LoadBalancer
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       ${svc.spec.clusterIP}
IPs:                      ${svc.spec.clusterIP}
LoadBalancer Ingress:     ${svc.status.loadBalancer.ingress[0].ip} (VIP)
Port:                     <unset>  8080/TCP
TargetPort:               80/TCP
NodePort:                 <unset>  ${svc.spec.ports[0].nodePort}/TCP
Endpoints:                ${head.match(/Endpoints: +(.*)\n/)![1]}
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
`);
    const eps = head.match(/Endpoints: +(.*)\n/)![1].split(',').sort();
    expect(eps).toEqual(pods.map((p) => `${p.status.podIP}:80`).sort());
    expect(text).toContain('  Normal  EnsuringLoadBalancer  2m30s  service-controller  Ensuring load balancer\n');
    const named = await out('describe svc web');
    expect(named).toMatch(/\nPort: {21}http {2}80\/TCP\nTargetPort: {15}http\/TCP\nNodePort: {17}http {2}\d+\/TCP\n/);
  });

  it('HorizontalPodAutoscaler: reference, metrics with current / target, replicas and the conditions table', async () => {
    const text = await out('describe hpa web');
    const lines = text.split('\n');
    expect(lines.slice(0, 7).map((l) => l.replace(/ +/g, ' '))).toEqual([
      'Name: web', 'Namespace: default', 'Labels: <none>', 'Annotations: <none>', 'CreationTimestamp: Thu, 01 Jan 2026 00:02:00 +0000', 'Reference: Deployment/web', 'Metrics: ( current / target )',
    ]);
    // The real describer writes "(as a percentage of request)" at level 1 too: two spaces inside the line, which sets the column.
    expect(lines[7]).toMatch(/^ {2}resource cpu on pods {2}\(as a percentage of request\): {2}\d+% \(\d+m\) \/ 50%$/);
    const col = lines[7].indexOf(':  ') + 3;
    expect(lines[0]).toBe('Name:'.padEnd(col) + 'web');
    expect(lines.slice(8, 11)).toEqual(['Min replicas:'.padEnd(col) + '2', 'Max replicas:'.padEnd(col) + '5', 'Deployment pods:'.padEnd(col) + '2 current / 2 desired']);
    expect(lines[11]).toBe('Conditions:');
    expect(lines[12]).toMatch(/^ {2}Type {12}Status {2}Reason {2,}Message$/);
    expect(lines.slice(14, 17).map((l) => l.split(/ {2,}/)[1])).toEqual(['AbleToScale', 'ScalingActive', 'ScalingLimited']);
  });

  it('ConfigMap: Data with ---- under each key, BinaryData sizes', async () => {
    expect(await out('describe cm cfg')).toBe(`Name:         cfg
Namespace:    default
Labels:       a=b
Annotations:  <none>

Data
====
x.txt:
----
hello
world

y:
----
z


BinaryData
====
bin: 3 bytes

Events:  <none>
`);
  });

  it('Secret: Type and data sizes, no events; ServiceAccount: image pull secrets', async () => {
    expect(await out('describe secret sec')).toBe(`Name:         sec
Namespace:    default
Labels:       <none>
Annotations:  <none>

Type:  Opaque

Data
====
password:  6 bytes
user:      5 bytes
`);
    expect(await out('describe sa bot')).toBe(`Name:                bot
Namespace:           default
Labels:              <none>
Annotations:         <none>
Image pull secrets:  reg1
                     reg2
Events:              <none>
`);
  });

  it('Namespace: status, then the quota and limit range summaries', async () => {
    expect(await out('describe ns default')).toBe(`Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.
`);
  });

  it('Endpoints: subsets with addresses and the ports table', async () => {
    const text = await out('describe ep web');
    expect(text).toMatch(/\nSubsets:\n {2}Addresses: {10}[\d.,]+\n {2}NotReadyAddresses: {2}<none>\n {2}Ports:\n {4}Name {2}Port {2}Protocol\n {4}---- {2}---- {2}--------\n {4}http {2}80 {4}TCP\n\nEvents: {2}<none>\n$/);
  });

  it('Node: roles, lease, conditions, system info, the pods on it and their share of allocatable', async () => {
    const text = await out('describe node worker-1');
    const pods = (c.client().list('pods').items as Any[]).filter((p) => p.spec.nodeName === 'worker-1' && !['Succeeded', 'Failed'].includes(p.status?.phase));
    expect(text).toContain('\nRoles:              <none>\n');
    expect(text).toMatch(/\nLease:\n {2}HolderIdentity: {2}worker-1\n {2}AcquireTime: {5}<unset>\n {2}RenewTime: {7}\w{3}, \d\d \w{3} 2026 \d\d:\d\d:\d\d \+0000\nConditions:\n/);
    expect(text).toContain(`\nNon-terminated Pods:          (${pods.length} in total)\n`);
    // Requests summed over the node's pods: 100m per web pod and CoreDNS pod on it, out of 2 CPUs.
    const cpuMilli = pods.reduce((s, p) => s + p.spec.containers.reduce((t: number, ct: Any) => t + (ct.resources?.requests?.cpu ? parseInt(ct.resources.requests.cpu, 10) : 0), 0), 0);
    expect(text).toMatch(new RegExp(`\\nAllocated resources:\\n {2}\\(Total limits may be over 100 percent, i\\.e\\., overcommitted\\.\\)\\n {2}Resource +Requests +Limits\\n {2}-+ +-+ +-+\\n {2}cpu +${cpuMilli}m \\(${Math.trunc(cpuMilli / 20)}%\\) +0 \\(0%\\)\\n`));
    expect(text).toMatch(/\n {2}hugepages-2Mi +0 \(0%\) +0 \(0%\)\nEvents:\n/);
    for (const p of pods) expect(text).toMatch(new RegExp(`\\n {2}${p.metadata.namespace} +${p.metadata.name} +\\S+ \\(\\d+%\\) `));
  });

  it('Lease (generic describer): every field of the object under smart labels', async () => {
    const text = await out('describe lease -n kube-node-lease worker-1');
    expect(text).toMatch(/^Name: {9}worker-1\nNamespace: {4}kube-node-lease\nLabels: {7}<none>\nAnnotations: {2}<none>\nAPI Version: {2}coordination\.k8s\.io\/v1\nKind: {9}Lease\nMetadata:\n {2}Creation Timestamp: {2}2026-01-01T00:00:00Z\n {2}Owner References:\n {4}API Version: {5}v1\n {4}Kind: {12}Node\n/);
    expect(text).toMatch(/\nSpec:\n {2}Holder Identity: {9}worker-1\n {2}Lease Duration Seconds: {2}40\n {2}Renew Time: {14}2026-01-01T\d\d:\d\d:\d\d\.\d{6}Z\nEvents: {20}<none>\n$/);
  });

  it('Pod events carry the container field path before the message', async () => {
    const text = await out('describe pod broken');
    expect(text).toMatch(/\n {2}Warning {2}Failed {5}\S+ \(x\d+ over \S+\) +kubelet +spec\.containers\{c\}: Error: ErrImagePull\n/);
    expect(text).toContain('    State:          Waiting\n      Reason:       ImagePullBackOff\n');
  });
});

describe('kubectl describe, resolving what to describe', () => {
  it('separates objects by two blank lines', async () => {
    const text = await out('describe svc');
    expect(text.split('\n\n\nName:').length).toBe(3);
  });

  it('falls back to name prefixes when no object has the exact name, each followed by a blank line', async () => {
    const r = await k.run(['describe', 'pods', 'web']);
    const names = [...r.stdout.matchAll(/^Name: +(\S+)$/gm)].map((m) => m[1]);
    expect(names).toHaveLength(2);
    expect(names.every((n) => n.startsWith('web-'))).toBe(true);
    expect(r.stdout.endsWith('\n\n')).toBe(true);
    expect(r.stdout.split('\n\nName:').length).toBe(2);
    const none = await k.run(['describe', 'pods', 'nope']);
    expect(none.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(none.code).toBe(1);
  });

  it('with two TYPE/NAME arguments and a miss, takes the second as a prefix of the first (DescribeMatchingResources)', async () => {
    const r = await k.run(['describe', 'pod/broken', 'pod/nope']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    const two = await k.run(['describe', 'pods,svc', 'web']);
    expect(two.stderr).toBe('error: you may only specify a single resource type\n');
  });

  it('-l selects, unknown types and missing objects print kubectl\'s errors', async () => {
    const sel = await out('describe pods -l app=web');
    expect([...sel.matchAll(/^Name: /gm)]).toHaveLength(2);
    const foo = await k.run(['describe', 'foo']);
    expect(foo.stderr).toBe('error: the server doesn\'t have a resource type "foo"\n');
    const empty = await k.run(['describe', 'deploy', '-n', 'empty']);
    expect(empty.stderr).toBe('No resources found in empty namespace.\n');
  });
});

describe('describe building blocks', () => {
  it('formatEndpointSlices lists three ready addresses, then "+ N more..."', () => {
    const slice = { ports: [{ name: 'http', port: 80 }], endpoints: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'].map((ip, i) => ({ addresses: [ip], conditions: { ready: i !== 1 } })) };
    expect(formatEndpointSlices([slice], 'http')).toBe('10.0.0.1:80,10.0.0.3:80,10.0.0.4:80 + 1 more...');
    expect(formatEndpointSlices([], 'http')).toBe('<none>');
  });

  it('the Events table shows repeats as "(x3 over 2m)" and is oldest first by lastTimestamp', () => {
    const w = new PrefixWriter();
    const ev = [
      { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container', involvedObject: { fieldPath: 'spec.containers{app}' }, source: { component: 'kubelet' }, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:01:30Z', count: 3 },
      { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/p to worker-1', reportingComponent: 'default-scheduler', eventTime: '2026-01-01T00:00:00.000000Z', firstTimestamp: null, lastTimestamp: null },
    ] as unknown as KObject[];
    describeEvents(w, ev, Date.parse('2026-01-01T00:02:00Z'));
    expect(tabbed(w)).toBe(`Events:
  Type     Reason     Age               From               Message
  ----     ------     ----              ----               -------
  Normal   Scheduled  2m                default-scheduler  Successfully assigned default/p to worker-1
  Warning  BackOff    30s (x3 over 2m)  kubelet            spec.containers{app}: Back-off restarting failed container
`);
  });

  it('orders more than twelve events as Go\'s unstable sort.Sort does (order seen from the real kubectl)', () => {
    const ts = ['2026-01-01T00:01:00Z', '2026-01-01T00:01:30Z', '2026-01-01T00:01:00Z'];
    const ev = Array.from({ length: 20 }, (_, i) => ({ type: 'Normal', reason: `R${String(i).padStart(2, '0')}`, message: 'm', source: { component: 'test' }, firstTimestamp: ts[i % 3], lastTimestamp: ts[i % 3], count: 1 })) as unknown as KObject[];
    const w = new PrefixWriter();
    describeEvents(w, ev, Date.parse('2026-01-01T00:02:11Z'));
    const reasons = [...tabbed(w).matchAll(/Normal {2}(R\d\d)/g)].map((m) => m[1]);
    expect(reasons.join(' ')).toBe('R15 R14 R02 R03 R18 R05 R06 R17 R09 R08 R12 R11 R00 R01 R13 R10 R16 R07 R04 R19');
  });

  it('smartLabelFor splits camelCase and keeps the acronyms kubectl knows', () => {
    expect(['creationTimestamp', 'apiVersion', 'uid', 'leaseDurationSeconds', 'podIP', 'holderIdentity', 'kubernetes.io/x'].map(smartLabel))
      .toEqual(['Creation Timestamp', 'API Version', 'UID', 'Lease Duration Seconds', 'Pod Ip', 'Holder Identity', 'kubernetes.io/x']);
  });
});
