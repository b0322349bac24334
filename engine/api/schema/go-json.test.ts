/**
 * The Go types' round trip, field family by field family. Each expectation is what encoding/json does with the
 * k8s.io/api v1.35 field whose tag the test names (omit.json is generated from those tags).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { loadBatchControllers } from '../../controllers/job/loader.js';
import { clone, deepEqual, type KObject } from '../meta.js';
import { lookupResource } from '../resources.js';
import table from './omit.json';
import lazyTypes from './types-lazy.json';
import { SCHEMA } from './index.js';
// The lazily served kinds' types (policy/v1, storage, StatefulSets...) are in types-lazy.json; omit.json covers them too.
import { roundTrip } from './go-json.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'p' }): Any => ({ apiVersion: 'v1', kind: 'Pod', metadata, spec });

describe('decode: what a Go struct cannot tell from absent is dropped', () => {
  it('omitempty scalars at their zero value: `bool json:"hostNetwork,omitempty"`, `string json:"subdomain,omitempty"`, `int32 json:"minReadySeconds,omitempty"`', () => {
    const p = roundTrip('Pod', pod({ hostNetwork: false, hostPID: true, subdomain: '', hostname: 'h', containers: [{ name: 'c', image: 'i', stdin: false, tty: false }] }), false);
    // Decoded, a struct that is not a pointer exists (`ResourceRequirements json:"resources,omitempty"`).
    expect(p.spec).toEqual({ hostPID: true, hostname: 'h', containers: [{ name: 'c', image: 'i', resources: {} }] });
    const d = roundTrip('Deployment', { spec: { minReadySeconds: 0, paused: false, revisionHistoryLimit: 0 } }, false);
    // revisionHistoryLimit is a pointer (`*int32 json:"revisionHistoryLimit,omitempty"`): its 0 stays.
    expect(d.spec.revisionHistoryLimit).toBe(0);
    expect(d.spec).not.toHaveProperty('minReadySeconds');
    expect(d.spec).not.toHaveProperty('paused');
  });

  it('pointers keep their zero value and lose null: `*bool json:"automountServiceAccountToken,omitempty"`, `*int64 json:"terminationGracePeriodSeconds,omitempty"`, `*int32 json:"replicas,omitempty"`', () => {
    const p = roundTrip('Pod', pod({ automountServiceAccountToken: false, terminationGracePeriodSeconds: 0, activeDeadlineSeconds: null, containers: [{ name: 'c', resources: {} }] }), false);
    expect(p.spec).toEqual({ automountServiceAccountToken: false, terminationGracePeriodSeconds: 0, containers: [{ name: 'c', resources: {} }] });
    expect(roundTrip('Deployment', { spec: { replicas: 0 } }, false).spec.replicas).toBe(0);
  });

  it('empty lists and maps under omitempty: `[]string json:"args,omitempty"`, `map[string]string json:"nodeSelector,omitempty"`, `map[string]string json:"labels,omitempty"`', () => {
    const p = roundTrip('Pod', pod({ nodeSelector: {}, containers: [{ name: 'c', args: [], command: [], env: [], ports: [] }] }, { name: 'p', labels: {}, annotations: {}, finalizers: [] }), false);
    expect(p).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: {} }] }, status: {} });
  });

  it('`string json:"value,omitempty"` of an EnvVar: an empty value is no value', () => {
    const p = roundTrip('Pod', pod({ containers: [{ name: 'c', env: [{ name: 'A', value: '' }, { name: 'B', value: 'b' }] }] }), false);
    expect(p.spec.containers[0].env).toEqual([{ name: 'A' }, { name: 'B', value: 'b' }]);
  });

  it('`Time json:"creationTimestamp,omitempty,omitzero"` (v1.35): a template\'s creationTimestamp: null vanishes', () => {
    const d = roundTrip('Deployment', { spec: { template: { metadata: { creationTimestamp: null, labels: { a: 'b' } } } } }, false);
    expect(d.spec.template.metadata).toEqual({ labels: { a: 'b' } });
  });

  it('a field the Go type does not have is dropped (fieldValidation=Ignore lets it reach the decoder)', () => {
    const d = roundTrip('Deployment', { spec: { replica: 2, replicas: 2 } }, false);
    expect(d.spec.replicas).toBe(2);
    expect(d.spec).not.toHaveProperty('replica');
  });

  it('leaves what it does not change untouched, and copies a frozen object rather than changing it', () => {
    const clean = Object.freeze({ containers: Object.freeze([Object.freeze({ name: 'c', image: 'i', resources: Object.freeze({}) })]) });
    const p = { ...pod(clean), status: {} };
    expect(roundTrip('Pod', p, false).spec).toBe(clean);
    const dirty = Object.freeze({ hostNetwork: false, containers: clean.containers });
    const q = roundTrip('Pod', pod(dirty), false);
    expect(q.spec).not.toBe(dirty);
    expect(q.spec).toEqual({ containers: [{ name: 'c', image: 'i', resources: {} }] });
    expect(q.spec.containers).toBe(clean.containers);
    expect(dirty).toEqual({ hostNetwork: false, containers: [{ name: 'c', image: 'i', resources: {} }] });
  });
});

describe('encode: what encoding/json always writes', () => {
  it('a struct that is not a pointer is at least {}: `ResourceRequirements json:"resources,omitempty"` (omitempty does nothing to a struct), even from null', () => {
    const p = roundTrip('Pod', pod({ containers: [{ name: 'c', image: 'i', resources: null }, { name: 'd', image: 'i' }] }), true);
    expect(p.spec.containers).toEqual([{ name: 'c', image: 'i', resources: {} }, { name: 'd', image: 'i', resources: {} }]);
    // `ServiceStatus json:"status,omitempty"` holds `LoadBalancerStatus json:"loadBalancer,omitempty"`.
    expect(roundTrip('Service', { apiVersion: 'v1', kind: 'Service', metadata: {}, spec: {} } as Any, true).status).toEqual({ loadBalancer: {} });
  });

  it('fields without omitempty: `string json:"reportingComponent"`, metav1.Time and MicroTime as null, `EventSource json:"source,omitempty"` as {}', () => {
    const e = roundTrip('Event', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'x' }, reason: 'R', message: 'm' }, true);
    expect(e).toEqual({
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'x' }, reason: 'R', message: 'm',
      eventTime: null, firstTimestamp: null, lastTimestamp: null, reportingComponent: '', reportingInstance: '', source: {},
    });
  });

  it('`int32 json:"restartCount"` and `bool json:"ready"` of a ContainerStatus stay at zero; `*bool json:"started,omitempty"` too', () => {
    const status = { containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} }] };
    expect(roundTrip('Pod', clone(status), true, 'status')).toEqual(status);
  });

  it('`[]Endpoint json:"endpoints"`: an empty list comes back from etcd\'s protobuf as nil, written null', () => {
    const s = roundTrip('EndpointSlice', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's' }, addressType: 'IPv4', endpoints: [] }, true);
    expect(s).toEqual({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's' }, addressType: 'IPv4', endpoints: null, ports: null });
  });

  it('`resource.Quantity json:"divisor,omitempty"` (a struct): an unset divisor is "0"', () => {
    const p = roundTrip('Pod', pod({ containers: [{ name: 'c', env: [{ name: 'M', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } }] }] }), true);
    expect(p.spec.containers[0].env[0].valueFrom.resourceFieldRef).toEqual({ resource: 'limits.memory', divisor: '0' });
  });

  it('every resource.Quantity is parsed and written back canonical; a ResourceList (SetDefaults_ResourceList) rounded up to milli units', () => {
    // apimachinery pkg/api/resource quantity_test.go TestQuantityParseEmit: ".000000000001Ki" is "2n", ".001Ki" "1024m".
    const spec = {
      overhead: { cpu: 0.25 },
      resources: { requests: { cpu: '.000000000001Ki' } },
      volumes: [{ name: 'v', emptyDir: { sizeLimit: '.000000000001Ki' } }, { name: 'w', emptyDir: { sizeLimit: '.001Ki' } }],
      containers: [{ name: 'c', resources: { requests: { cpu: 0.5, memory: 1000000000 }, limits: { cpu: '1.0', memory: '1024Mi', 'ephemeral-storage': '1536Mi' } } }],
    };
    for (const encode of [false, true]) {
      const d = roundTrip('Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: clone(spec) } } } as Any, encode).spec.template.spec;
      expect(d.overhead).toEqual({ cpu: '250m' });
      expect(d.resources).toEqual({ requests: { cpu: '1m' } });
      expect(d.volumes.map((v: Any) => v.emptyDir.sizeLimit)).toEqual(['2n', '1024m']);
      expect(d.containers[0].resources).toEqual({ requests: { cpu: '500m', memory: '1G' }, limits: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '1536Mi' } });
    }
  });

  it('`*metav1.LabelSelector json:"selector"` (a pointer without omitempty): absent is null', () => {
    expect(roundTrip('ReplicaSet', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {}, spec: { replicas: 1 } } as Any, true).spec.selector).toBeNull();
  });
});

describe('the table', () => {
  it('names only fields of the OpenAPI schema, under modes the round trip knows', async () => {
    // The types of kinds whose code loads on first use are merged in by that code; the table covers them too, and
    // those of the two kinds that bring their own (CustomResourceDefinition, autoscaling/v1 HorizontalPodAutoscaler).
    await Promise.all([import('../registry/crd/decode.js'), import('../registry/hpa-v1.js')]);
    const types = { ...SCHEMA.types, ...(lazyTypes as unknown as typeof SCHEMA).types };
    for (const [key, modes] of Object.entries(table as Record<string, Record<string, string[]>>)) {
      const s = types[key];
      expect(s, key).toBeDefined();
      for (const [mode, fields] of Object.entries(modes)) {
        expect('PKSZN').toContain(mode);
        for (const f of fields) expect(s.f, `${key}.${f}`).toHaveProperty(f);
      }
    }
  });
});

/** Where a stored version differs from its Go round trip: "Kind.path: stored X, Go Y". */
function differences(kind: string, obj: KObject): string[] {
  const go = roundTrip(kind, clone(obj), true);
  const out: string[] = [];
  const walk = (a: Any, b: Any, path: string) => {
    if (deepEqual(a, b)) return;
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], `${path}.${k}`);
      return;
    }
    out.push(`${path}: stored ${JSON.stringify(a)}, Go ${JSON.stringify(b)}`);
  };
  walk(obj, go, kind);
  return out;
}

describe("the cluster's own components write what their Go structs would encode", () => {
  // The round trip is not loaded for the API server here (loadGoJSON is never called in this file): what kubeadm
  // writes at boot is checked too, since a fresh lab stores it before the module loads. The test's own objects are
  // written as the Go types would leave them (containers with `resources: {}`, a CronJob's templates with metadata).
  it('every version every component stores through a busy quarter of an hour is its own round trip', async () => {
    await loadBatchControllers();
    const c = new Cluster({ seed: 3 });
    const found = new Set<string>();
    c.store.onChange((e) => {
      if (e.type === 'DELETED') return;
      const info = lookupResource(e.resource)!;
      // The kubelet registers its Node and writes its status in the same instant; a real kubelet sends
      // both in the create (initialNode). Only that first version lacks the status.
      if (e.type === 'ADDED' && info.kind === 'Node' && e.object.status === undefined) return;
      for (const d of differences(info.kind, e.object)) found.add(d.replace(/\d+/g, 'N'));
    });
    c.boot();
    const k = c.client();
    const tpl = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m' } } }] } });
    const job = (name: string, command: string[], extra: Record<string, unknown> = {}) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { ...extra, template: { metadata: {}, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command, resources: {} }] } } } });
    const create = (resource: string, obj: Any, ns: string | undefined = 'default') => k.create(resource, ns, obj);
    create('deployments.apps', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: tpl({ app: 'web' }) } });
    create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] } });
    create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] } });
    create('jobs.batch', job('ok', ['sh', '-c', 'echo hi']));
    create('jobs.batch', job('bad', ['sh', '-c', 'exit 1'], { backoffLimit: 1 }));
    create('cronjobs.batch', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { schedule: '* * * * *', jobTemplate: { metadata: {}, spec: { template: { metadata: {}, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox', command: ['true'], resources: {} }] } } } } } });
    create('daemonsets.apps', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { selector: { matchLabels: { app: 'ds' } }, template: tpl({ app: 'ds' }) } });
    create('pods', pod({ containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 3'], resources: {} }] }, { name: 'crash' }));
    create('pods', pod({ containers: [{ name: 'c', image: 'nosuchimage:1', resources: {} }] }, { name: 'pull' }));
    create('pods', pod({ containers: [{ name: 'c', image: 'nginx', readinessProbe: { httpGet: { path: '/nope', port: 80 } }, livenessProbe: { tcpSocket: { port: 81 } }, resources: {} }] }, { name: 'probe' }));
    create('horizontalpodautoscalers.autoscaling', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] } });
    c.advance(150_000);
    const d = clone(k.get('deployments.apps', 'default', 'web'));
    (d.spec as Any).template.spec.containers[0].image = 'nginx:1.27';
    k.update('deployments.apps', d);
    c.advance(100_000);
    k.delete('pods', 'default', 'crash');
    create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tmp' } }, undefined);
    create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } }, 'tmp');
    const s = clone(k.get('deployments.apps', 'default', 'web'));
    (s.spec as Any).replicas = 1;
    k.update('deployments.apps', s);
    c.advance(1_000);
    k.delete('namespaces', undefined, 'tmp');
    c.stopComponent('worker-2');
    c.advance(400_000);
    expect([...found]).toEqual([]);
    // The scenario went where it was meant to: finished and failed Jobs, CronJob runs, a node gone NotReady.
    expect(k.list('jobs.batch', 'default').items.length).toBeGreaterThan(3);
    expect(k.list('pods', 'default').items.some((p) => (p.status as Any).phase === 'Failed')).toBe(true);
    expect((k.get('nodes', undefined, 'worker-2').status as Any).conditions.find((x: Any) => x.type === 'Ready').status).toBe('Unknown');
    expect(c.clock.errors).toEqual([]);
  }, 60_000);
});
