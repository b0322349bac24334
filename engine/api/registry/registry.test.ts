import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { rejected } from '../test-helpers.js';
import { podSpecDiffCode } from '../validation/pod.js';
import type { KObject } from '../meta.js';
import { StatusError } from '../errors.js';
import { loadGoJSON } from '../schema/go-json-loader.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function boot() {
  const c = new Cluster({ seed: 11 }).boot();
  return { c, cl: c.client() };
}

/** Runs a write that must fail and checks that the store did not move. */

const deployment = (name: string, extra: Any = {}): KObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } }, ...extra },
});

describe('Deployment as a v1.35 API server returns it', () => {
  it('fills every default of SetDefaults_Deployment and SetDefaults_PodSpec/Container', async () => {
    // A learner's write goes through the Go types (kubectl loads them first): encoding/json writes `resources: {}`.
    await loadGoJSON();
    const { c, cl } = boot();
    const d = cl.create('deployments.apps', 'default', deployment('web')) as Any;
    // Expected object built from pkg/apis/apps/v1/defaults.go and pkg/apis/core/v1/defaults.go (release-1.35).
    expect(d.spec).toEqual({
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{
            name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', resources: {},
            terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
          }],
          restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst',
          securityContext: {}, schedulerName: 'default-scheduler',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(d.metadata.generation).toBe(1);
    expect(d.status).toEqual({});
    expect(c.clock.errors).toEqual([]);
  });

  it('bumps generation on spec changes only', () => {
    const { cl } = boot();
    const d = cl.create('deployments.apps', 'default', deployment('web')) as Any;
    const scaled = cl.update('deployments.apps', { ...d, spec: { ...d.spec, replicas: 3 } }) as Any;
    expect(scaled.metadata.generation).toBe(2);
    const relabeled = cl.update('deployments.apps', { ...scaled, metadata: { ...scaled.metadata, labels: { a: 'b' } } }) as Any;
    expect(relabeled.metadata.generation).toBe(2);
  });
});

describe('Deployment validation (pkg/apis/apps/validation/validation.go)', () => {
  it('reports a missing selector and the template mismatch together', () => {
    const { c, cl } = boot();
    const bad = deployment('web');
    delete (bad.spec as Any).selector;
    const e = rejected(c, () => cl.create('deployments.apps', 'default', bad));
    expect(e.message).toBe('Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`]');
    expect(e.code).toBe(422);
  });

  it('rejects negative replicas, both surge and unavailable 0, and an unknown strategy', () => {
    const { c, cl } = boot();
    expect(rejected(c, () => cl.create('deployments.apps', 'default', deployment('a', { replicas: -1 }))).message)
      .toBe('Deployment.apps "a" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(rejected(c, () => cl.create('deployments.apps', 'default', deployment('b', { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }))).message)
      .toBe('Deployment.apps "b" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0');
    expect(rejected(c, () => cl.create('deployments.apps', 'default', deployment('c', { strategy: { type: 'Blue' } }))).message)
      .toBe('Deployment.apps "c" is invalid: spec.strategy.type: Unsupported value: "Blue": supported values: "Recreate", "RollingUpdate"');
    expect(rejected(c, () => cl.create('deployments.apps', 'default', deployment('d', { strategy: { type: 'Recreate', rollingUpdate: {} } }))).message)
      .toBe("Deployment.apps \"d\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'");
    expect(rejected(c, () => cl.create('deployments.apps', 'default', deployment('e', { strategy: { rollingUpdate: { maxUnavailable: '120%' } } }))).message)
      .toBe('Deployment.apps "e" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "120%": must not be greater than 100%');
    // Numbers written as strings are not percents, but IntValue() reads "1" as 1 (strconv.Atoi), so only "0" and "0"
    // (or a string Atoi cannot read) are both zero as well (validation.go's getIntOrPercentValue).
    const PERCENT = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
    expect(rejected(c, () => cl.create('deployments.apps', 'default', deployment('f', { strategy: { rollingUpdate: { maxSurge: '1', maxUnavailable: '0' } } }))).message)
      .toBe(`Deployment.apps "f" is invalid: [spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0": ${PERCENT}, spec.strategy.rollingUpdate.maxSurge: Invalid value: "1": ${PERCENT}]`);
    expect(rejected(c, () => cl.create('deployments.apps', 'default', deployment('g', { strategy: { rollingUpdate: { maxSurge: 'one', maxUnavailable: '0' } } }))).message)
      .toBe(`Deployment.apps "g" is invalid: [spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0": ${PERCENT}, spec.strategy.rollingUpdate.maxSurge: Invalid value: "one": ${PERCENT}, spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0": may not be 0 when \`maxSurge\` is 0]`);
  });

  it('keeps the selector immutable', () => {
    const { c, cl } = boot();
    const d = cl.create('deployments.apps', 'default', deployment('web')) as Any;
    const changed = JSON.parse(JSON.stringify(d));
    changed.spec.selector = { matchLabels: { app: 'web', tier: 'x' } };
    changed.spec.template.metadata.labels.tier = 'x';
    expect(rejected(c, () => cl.update('deployments.apps', changed)).message)
      .toBe('Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable');
  });

  it('names an uppercase name with the RFC 1123 message', () => {
    const { c, cl } = boot();
    // IsDNS1123Subdomain in apimachinery pkg/util/validation/validation.go.
    expect(rejected(c, () => cl.create('deployments.apps', 'default', deployment('Web'))).message).toBe(
      'Deployment.apps "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    );
  });
});

describe('strict decoding and wrong types', () => {
  it('lists unknown fields and type errors with the decoder texts', () => {
    const { c, cl } = boot();
    expect(rejected(c, () => cl.create('deployments.apps', 'default', deployment('a', { replica: 3, foo: 1 }))).message)
      .toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "spec.replica"');
    expect(rejected(c, () => cl.create('deployments.apps', 'default', deployment('b', { replicas: 'three' }))).message)
      .toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(rejected(c, () => cl.create('deployments.apps', 'default', deployment('c', { replicas: 3000000000 }))).message)
      .toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32');
    const typo = deployment('d');
    (typo.spec as Any).template.spec.containers[0].imagee = 'x';
    expect(rejected(c, () => cl.create('deployments.apps', 'default', typo)).message)
      .toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagee"');
    const port = deployment('e');
    (port.spec as Any).template.spec.containers[0].ports = [{ containerPort: '80' }];
    expect(rejected(c, () => cl.create('deployments.apps', 'default', port)).message)
      .toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32');
  });

  it('rejects a Secret whose data is not base64 and a bad quantity', () => {
    const { c, cl } = boot();
    expect(rejected(c, () => cl.create('secrets', 'default', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'hello' } })).message)
      .toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4');
    expect(rejected(c, () => cl.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: 'lots' } } }] } })).message)
      .toBe("Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });
});

describe('Pod create: defaults, admission, status', () => {
  it('adds the service account token, default tolerations and priority', () => {
    const { c, cl } = boot();
    const p = cl.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '0.5', memory: '128Mi' } } }] } }) as Any;
    const vol = p.spec.volumes[0];
    expect(vol.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(vol.projected.sources[0]).toEqual({ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } });
    expect(p.spec.containers[0].volumeMounts).toEqual([{ name: vol.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    expect(p.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } });
    expect(p.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(p.spec.serviceAccountName).toBe('default');
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(p.spec.priority).toBe(0);
    expect(p.spec.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(p.spec.enableServiceLinks).toBe(true);
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
    expect(c.clock.errors).toEqual([]);
  });

  it('appends what admission adds after the volumes, mounts and tolerations a pod brings; an empty securityContext is one shared object', () => {
    const { c, cl } = boot();
    const own = { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' };
    const a = cl.create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' },
      spec: { securityContext: {}, tolerations: [own], volumes: [{ name: 'data', emptyDir: {} }], containers: [{ name: 'c', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
    }) as Any;
    const token = a.spec.volumes[1].name;
    expect(a.spec.volumes.map((v: Any) => v.name)).toEqual(['data', token]);
    expect(a.spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }, { name: token, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    expect(a.spec.tolerations.map((t: Any) => t.key)).toEqual(['dedicated', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
    cl.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    cl.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'd' }, spec: { securityContext: { runAsUser: 1000 }, containers: [{ name: 'c', image: 'nginx' }] } });
    const stored = (name: string) => c.store.get('pods', `default/${name}`)!.spec as Any;
    expect(stored('a').securityContext).toEqual({});
    expect(stored('b').securityContext).toBe(stored('a').securityContext);
    expect(Object.isFrozen(stored('b').securityContext)).toBe(true);
    expect(stored('d').securityContext).toEqual({ runAsUser: 1000 });
    expect(c.clock.errors).toEqual([]);
  });

  it('DefaultTolerationSeconds admits updates too: an update that drops the default tolerations gets them back', () => {
    const { cl } = boot();
    const created = cl.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) as Any;
    expect(created.spec.tolerations).toHaveLength(2);
    const next = JSON.parse(JSON.stringify(created));
    delete next.spec.tolerations;
    expect((cl.update('pods', next) as Any).spec.tolerations).toEqual(created.spec.tolerations);
  });

  it('forbids changing anything but images', async () => {
    await podSpecDiffCode.load();
    const { c, cl } = boot();
    const p = cl.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) as Any;
    const img = JSON.parse(JSON.stringify(p));
    img.spec.containers[0].image = 'nginx:1.27';
    expect((cl.update('pods', img) as Any).spec.containers[0].image).toBe('nginx:1.27');
    const fresh = cl.get('pods', 'default', 'p') as Any;
    const bad = JSON.parse(JSON.stringify(fresh));
    bad.spec.containers[0].ports = [{ containerPort: 81 }];
    const message = rejected(c, () => cl.update('pods', bad)).message;
    expect(message.startsWith(
      'Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n  core.PodSpec{\n',
    )).toBe(true);
    expect(message).toContain('  \t\t\tWorkingDir: "",\n- \t\t\tPorts:      nil,\n+ \t\t\tPorts:      []core.ContainerPort{{ContainerPort: 81, Protocol: "TCP"}},\n');
  });

  it('validates containers with the core texts', () => {
    const { c, cl } = boot();
    const pod = (spec: Any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
    expect(rejected(c, () => cl.create('pods', 'default', pod({ containers: [] }))).message).toBe('Pod "p" is invalid: spec.containers: Required value');
    expect(rejected(c, () => cl.create('pods', 'default', pod({ containers: [{ name: 'c' }] }))).message).toBe('Pod "p" is invalid: spec.containers[0].image: Required value');
    expect(rejected(c, () => cl.create('pods', 'default', pod({ containers: [{ name: 'c', image: 'a' }, { name: 'c', image: 'b' }] }))).message)
      .toBe('Pod "p" is invalid: spec.containers[1].name: Duplicate value: "c"');
    expect(rejected(c, () => cl.create('pods', 'default', pod({ restartPolicy: 'Sometimes', containers: [{ name: 'c', image: 'a' }] }))).message)
      .toBe('Pod "p" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"');
    expect(rejected(c, () => cl.create('pods', 'default', pod({ containers: [{ name: 'c', image: 'a', ports: [{ containerPort: 70000 }] }] }))).message)
      .toBe('Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive');
    expect(rejected(c, () => cl.create('pods', 'default', pod({ containers: [{ name: 'c', image: 'a', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] }))).message)
      .toBe('Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1');
    expect(rejected(c, () => cl.create('pods', 'default', pod({ containers: [{ name: 'c', image: 'a', readinessProbe: { periodSeconds: 5 } }] }))).message)
      .toBe('Pod "p" is invalid: spec.containers[0].readinessProbe: Required value: must specify a handler type');
  });
});

describe('Service allocation (pkg/registry/core/service/ipallocator, portallocator)', () => {
  const svc = (name: string, spec: Any): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...spec } });

  it('defaults, honours requested IPs and ports, and rejects taken ones', () => {
    const { c, cl } = boot();
    const a = cl.create('services', 'default', svc('a', { type: 'NodePort', clusterIP: '10.96.0.50', ports: [{ port: 80, nodePort: 30080 }] })) as Any;
    expect(a.spec).toMatchObject({
      type: 'NodePort', clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.50'], sessionAffinity: 'None',
      ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', externalTrafficPolicy: 'Cluster',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 }],
    });
    expect(a.status).toEqual({ loadBalancer: {} });
    expect(rejected(c, () => cl.create('services', 'default', svc('b', { clusterIP: '10.96.0.50' }))).message)
      .toBe('Service "b" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.50"]: failed to allocate IP 10.96.0.50: provided IP is already allocated');
    expect(rejected(c, () => cl.create('services', 'default', svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).message)
      .toBe('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    expect(rejected(c, () => cl.create('services', 'default', svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }))).message)
      .toBe('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767');
    // Released on delete: the same IP and port can be taken again.
    cl.delete('services', 'default', 'a');
    const again = cl.create('services', 'default', svc('b', { type: 'NodePort', clusterIP: '10.96.0.50', ports: [{ port: 80, nodePort: 30080 }] })) as Any;
    expect(again.spec.clusterIP).toBe('10.96.0.50');
  });

  it('allocates dynamically inside 10.96.0.0/12 and NodePorts inside 30000-32767, deterministically', () => {
    const ips = [1, 2].map(() => {
      const { cl } = boot();
      const s = cl.create('services', 'default', svc('d', { type: 'LoadBalancer' })) as Any;
      return [s.spec.clusterIP, s.spec.ports[0].nodePort, s.spec.allocateLoadBalancerNodePorts];
    });
    expect(ips[0]).toEqual(ips[1]);
    const [ip, port, alloc] = ips[0];
    const n = ip.split('.').map(Number);
    expect(n[0]).toBe(10);
    expect(n[1]).toBeGreaterThanOrEqual(96);
    expect(n[1]).toBeLessThanOrEqual(111);
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
    expect(alloc).toBe(true);
  });

  it('releases NodePorts when the type changes back to ClusterIP', () => {
    const { cl } = boot();
    const s = cl.create('services', 'default', svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30100 }] })) as Any;
    const back = JSON.parse(JSON.stringify(s));
    back.spec.type = 'ClusterIP';
    delete back.spec.ports[0].nodePort;
    delete back.spec.externalTrafficPolicy;
    cl.update('services', back);
    const other = cl.create('services', 'default', svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30100 }] })) as Any;
    expect(other.spec.ports[0].nodePort).toBe(30100);
  });

  it('names Services as DNS-1035 labels', () => {
    const { c, cl } = boot();
    expect(rejected(c, () => cl.create('services', 'default', svc('1web', {}))).message).toBe(
      "Service \"1web\" is invalid: metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  });
});

describe('other kinds', () => {
  it('Secret: type Opaque, stringData folded into data', () => {
    const { cl } = boot();
    const s = cl.create('secrets', 'default', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { user: 'admin', pw: 'héllo' } }) as Any;
    expect(s.type).toBe('Opaque');
    expect(s.data).toEqual({ user: 'YWRtaW4=', pw: 'aMOpbGxv' });
    expect(s.stringData).toBeUndefined();
    expect(cl.list('secrets', 'default', { fieldSelector: 'type=Opaque' }).items.map((x) => x.metadata.name)).toContain('s');
  });

  it('Namespace: finalizer, phase, name label', () => {
    const { cl } = boot();
    const ns = cl.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }) as Any;
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team' });
    expect(cl.list('namespaces', undefined, { fieldSelector: 'status.phase=Active' }).items.length).toBeGreaterThan(1);
  });

  it('DaemonSet and HPA defaults', () => {
    const { cl } = boot();
    const ds = cl.create('daemonsets.apps', 'default', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } } }) as Any;
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
    const hpa = cl.create('horizontalpodautoscalers.autoscaling', 'default', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, behavior: {} } }) as Any;
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    expect(hpa.spec.behavior.scaleUp).toEqual({ stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] });
    expect(hpa.spec.behavior.scaleDown).toEqual({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
  });

  it('HPA validation', () => {
    const { c, cl } = boot();
    expect(rejected(c, () => cl.create('horizontalpodautoscalers.autoscaling', 'default', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 5, maxReplicas: 2 } })).message)
      .toBe('HorizontalPodAutoscaler.autoscaling "h" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
  });
});

describe('strategic merge patch through the API server', () => {
  it('merges containers by name and env by name', () => {
    const { cl } = boot();
    cl.create('deployments.apps', 'default', deployment('web'));
    const p = cl.patch('deployments.apps', 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 'busybox' }] } } } }) as Any;
    const cs = p.spec.template.spec.containers;
    expect(cs.map((x: Any) => [x.name, x.image])).toEqual([['nginx', 'nginx:1.28'], ['side', 'busybox']]);
    expect(cs[0].imagePullPolicy).toBe('IfNotPresent');
    // No tag means :latest, so Always (SetDefaults_Container).
    expect(cs[1].imagePullPolicy).toBe('Always');
    expect(cs[0].env).toEqual([{ name: 'A', value: '1' }]);
    expect(p.metadata.generation).toBe(2);
  });
});
