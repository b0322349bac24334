/**
 * The API server's cheaper write paths must not change what a client sees:
 * typed (component) clients skip only the decoder's schema walk, and a status
 * write shares the unchanged parts of the stored object instead of copying them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cluster } from '../cluster.js';
import { apiServerOnly } from './test-helpers.js';
import { StatusError } from './errors.js';
import { EventRecorder, eventNameSuffix } from './events.js';
import { clone, type KObject } from './meta.js';
import { inspect } from './schema/index.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const pod = (name: string, extra: Any = {}): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27', ...extra }] },
});

function errorOf(fn: () => unknown): StatusError {
  try { fn(); } catch (e) { return e as StatusError; }
  throw new Error('expected the write to fail');
}

describe('typed component clients', () => {
  it('kubectl and test clients keep the strict decoder', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const err = errorOf(() => c.client().create('pods', 'default', pod('p', { imagee: 'x' })));
    // kube-apiserver's text for a strict decoding error (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json).
    expect(err.message).toBe('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"');
    const typeErr = errorOf(() => c.client('bench').update('pods', { ...pod('q'), spec: { hostNetwork: 'yes' } } as KObject));
    expect(typeErr.message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool');
    expect(c.client().typed).toBe(false);
  });

  it('a typed client still gets validation errors and changes nothing', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const typed = c.client('kube-controller-manager', { typed: true });
    const before = c.store.currentRevision();
    const err = errorOf(() => typed.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [] } } as KObject));
    expect(err.status.reason).toBe('Invalid');
    expect(err.message).toContain('metadata.name: Invalid value: "Bad_Name"');
    expect(c.store.currentRevision()).toBe(before);
  });

  it('every object the components write is one the strict decoder accepts', () => {
    // The schema walk is skipped only because component objects cannot carry unknown or mistyped
    // fields: check every version written while a Deployment, a Service and a crashing pod run.
    const c = new Cluster({ seed: 5 }).boot();
    const findings: string[] = [];
    c.store.onChange((e) => {
      if (e.type === 'DELETED') return;
      const f = inspect(e.object.kind ?? '', e.object);
      if (f.error || f.unknown.length) findings.push(`${e.resource} ${e.object.metadata.name}: ${f.error ?? ''} ${f.unknown.join(',')}`);
    });
    const admin = c.client();
    admin.create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } },
    } as KObject);
    admin.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } as KObject);
    admin.create('pods', 'default', { ...pod('crash'), spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] } } as KObject);
    c.advance(60_000);
    admin.delete('deployments.apps', 'default', 'web');
    c.advance(60_000);
    expect(c.store.currentRevision()).toBeGreaterThan(100);
    expect(findings).toEqual([]);
    expect(c.clock.errors).toEqual([]);
  });
});

describe('status writes', () => {
  it('replace only status; the rest is the stored object, in its key order', () => {
    const c = new Cluster({ seed: 7 }).boot();
    const created = c.client().create('pods', 'default', pod('s'));
    const typed = c.client('kubelet/x', { typed: true });
    const next = clone(created) as Any;
    next.status = { ...next.status, phase: 'Running', message: 'hello' };
    next.spec.containers[0].image = 'ignored:1';
    next.metadata.labels = { ignored: 'yes' };
    const stored = typed.updateStatus('pods', next) as Any;
    expect(Object.keys(stored)).toEqual(Object.keys(created));
    expect(stored.status).toEqual({ ...(created.status as object), phase: 'Running', message: 'hello' });
    expect(stored.spec).toEqual(created.spec);
    expect(stored.metadata).toEqual({ ...created.metadata, resourceVersion: String(Number(created.metadata.resourceVersion) + 1) });
    // The stored status is the server's own copy, not the caller's object.
    next.status.phase = 'Failed';
    expect(stored.status.phase).toBe('Running');
    expect(Object.isFrozen(stored.status)).toBe(true);
    expect(c.client().get('pods', 'default', 's')).toBe(stored);
  });

  it('an unchanged status is no write, and a stale resourceVersion a conflict', () => {
    const c = new Cluster({ seed: 7 }).boot();
    const created = c.client().create('pods', 'default', pod('s'));
    const rv = c.store.currentRevision();
    expect(c.client('kubelet/x', { typed: true }).updateStatus('pods', clone(created))).toBe(created);
    expect(c.store.currentRevision()).toBe(rv);
    c.client().updateStatus('pods', { ...clone(created), status: { phase: 'Running' } });
    const err = errorOf(() => c.client().updateStatus('pods', { ...clone(created), status: { phase: 'Failed' } }));
    expect(err.message).toBe('Operation cannot be fulfilled on pods "s": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('apps status writes take the caller\'s annotations (Deployment revision)', () => {
    const c = new Cluster({ seed: 7 }).boot();
    c.controllerManager.stop();
    const d = c.client().create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
      spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    } as KObject);
    const next = clone(d) as Any;
    next.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
    next.status = { observedGeneration: 1 };
    const stored = c.client('kube-controller-manager', { typed: true }).updateStatus('deployments.apps', next) as Any;
    expect(stored.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(stored.status).toEqual({ observedGeneration: 1 });
    expect(stored.metadata.generation).toBe(1);
  });
});

describe('Events from the recorder', () => {
  it('name suffix is the hex of ms × 10^6 + n, as the BigInt sum', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 0, max: 999_999 }), (ms, n) => {
      expect(eventNameSuffix(ms, n)).toBe((BigInt(ms) * 1_000_000n + BigInt(n)).toString(16));
    }));
    expect(eventNameSuffix(0, 0)).toBe('0');
    expect(eventNameSuffix(1, 0)).toBe('f4240');
  });

  it('a typed recorder stores the same Events, byte for byte, as one going through the full decoder', () => {
    const run = (typed: boolean) => {
      const c = new Cluster({ seed: 9, nodes: [], recordHistory: false });
      c.startComponent('etcd');
      c.startComponent('kube-apiserver');
      const client = c.client('test', { typed });
      client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
      const withHost = new EventRecorder(client, c.clock, { component: 'kubelet', host: 'node-1' });
      const noHost = new EventRecorder(client, c.clock, { component: 'default-scheduler' });
      const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: '7' } } as KObject;
      noHost.event(p, 'Normal', 'Scheduled', 'Successfully assigned default/p to node-1');
      c.advance(1000);
      withHost.event(p, 'Normal', 'Pulled', 'Container image "nginx" already present on machine', 'spec.containers{c}');
      c.advance(1000);
      withHost.event(p, 'Normal', 'Pulled', 'Container image "nginx" already present on machine', 'spec.containers{c}');
      withHost.event({ kind: 'Node', name: 'node-1', uid: 'node-1' }, 'Normal', 'Starting', 'Starting kubelet.');
      return JSON.stringify(client.list('events', undefined).items);
    };
    const typed = run(true);
    expect(typed).toBe(run(false));
    const events = JSON.parse(typed) as Any[];
    expect(events.map((e) => [e.reason, e.count, e.source])).toEqual([
      ['Starting', 1, { component: 'kubelet', host: 'node-1' }],
      ['Scheduled', 1, { component: 'default-scheduler' }],
      ['Pulled', 2, { component: 'kubelet', host: 'node-1' }],
    ]);
  });
});

describe('pods by node', () => {
  it('a spec.nodeName list and watch follow binds and deletes', () => {
    const c = apiServerOnly(4);
    const admin = c.client();
    const seen: string[] = [];
    admin.watch('pods', undefined, { fieldSelector: 'spec.nodeName=n1' }, (e) => seen.push(`${e.type} ${e.object.metadata.name} ${e.key}`));
    const names = (node: string) => admin.list('pods', undefined, { fieldSelector: `spec.nodeName=${node}` }).items.map((p) => p.metadata.name);
    for (const n of ['a', 'b', 'c']) admin.create('pods', 'default', pod(n));
    expect(names('')).toEqual(['a', 'b', 'c']);
    admin.bind('default', 'b', 'n1');
    admin.bind('default', 'a', 'n1');
    // Bound in the same second: one frozen PodScheduled condition for both.
    const scheduled = (name: string) => (c.store.get('pods', `default/${name}`)!.status as Any).conditions[0];
    expect(JSON.stringify(scheduled('a'))).toBe('{"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:00Z"}');
    expect(scheduled('a')).toBe(scheduled('b'));
    expect(Object.isFrozen(scheduled('a'))).toBe(true);
    admin.updateStatus('pods', { ...clone(admin.get('pods', 'default', 'a')), status: { phase: 'Running' } });
    expect(names('n1')).toEqual(['a', 'b']);
    expect(names('')).toEqual(['c']);
    expect((admin.list('pods', undefined, { fieldSelector: 'spec.nodeName=n1' }).items[0].status as Any).phase).toBe('Running');
    admin.delete('pods', 'default', 'b', { gracePeriodSeconds: 0 });
    expect(names('n1')).toEqual(['a']);
    c.advance(1000);
    // Each event names the object's key in the store, which informers keep instead of making their own.
    expect(seen).toEqual(['ADDED b default/b', 'ADDED a default/a', 'MODIFIED a default/a', 'DELETED b default/b']);
  });
});

describe('pod field selectors', () => {
  const FIELDS = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'];

  it('a selector read field by field agrees with the record of every selectable field', () => {
    const c = new Cluster({ seed: 5, nodes: [], recordHistory: false });
    const info = c.apiserver.info('pods');
    const value = fc.constantFrom('', 'a', 'n1', 'Running', 'Always', 'true', 'false', 'default');
    const podArb = fc.record({
      name: fc.constantFrom('a', 'b'), namespace: fc.option(fc.constantFrom('default', 'a'), { nil: undefined }),
      nodeName: fc.option(fc.constantFrom('n1', 'a'), { nil: undefined }), restartPolicy: fc.option(fc.constantFrom('Always', 'Never'), { nil: undefined }),
      hostNetwork: fc.option(fc.boolean(), { nil: undefined }), phase: fc.option(fc.constantFrom('Running', 'Pending'), { nil: undefined }),
      podIP: fc.option(fc.constantFrom('10.0.0.1', 'a'), { nil: undefined }), withStatus: fc.boolean(),
    });
    const reqArb = fc.array(fc.record({ field: fc.constantFrom(...FIELDS), op: fc.constantFrom('=', '!='), value }), { minLength: 1, maxLength: 3 });
    fc.assert(fc.property(podArb, reqArb, (p, reqs) => {
      const obj: Any = { apiVersion: 'v1', kind: 'Pod', metadata: { name: p.name, namespace: p.namespace },
        spec: { nodeName: p.nodeName, restartPolicy: p.restartPolicy, hostNetwork: p.hostNetwork },
        status: p.withStatus ? { phase: p.phase, podIP: p.podIP } : undefined };
      const sel = (c.apiserver as Any).fieldSelector(info, reqs.map((r) => `${r.field}${r.op}${r.value}`).join(','));
      expect(c.apiserver.fieldsMatch(info, sel, obj)).toBe(sel.matches(c.apiserver.fieldsOf(info, obj)));
    }), { numRuns: 500 });
  });

  it('a watch on status.phase sees pods enter and leave its selection', () => {
    const c = apiServerOnly(4);
    const admin = c.client();
    const seen: string[] = [];
    admin.watch('pods', undefined, { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed,metadata.namespace=default' }, (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    for (const n of ['a', 'b']) admin.create('pods', 'default', pod(n));
    admin.updateStatus('pods', { ...clone(admin.get('pods', 'default', 'a')), status: { phase: 'Running' } });
    admin.updateStatus('pods', { ...clone(admin.get('pods', 'default', 'b')), status: { phase: 'Succeeded' } });
    admin.updateStatus('pods', { ...clone(admin.get('pods', 'default', 'a')), status: { phase: 'Failed' } });
    admin.updateStatus('pods', { ...clone(admin.get('pods', 'default', 'b')), status: { phase: 'Succeeded', podIP: '10.0.0.9' } });
    c.advance(1000);
    expect(seen).toEqual(['ADDED a', 'ADDED b', 'MODIFIED a', 'DELETED b', 'DELETED a']);
    expect(admin.list('pods', undefined, { fieldSelector: 'status.phase=Succeeded' }).items.map((p) => p.metadata.name)).toEqual(['b']);
  });
});
