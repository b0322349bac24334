/**
 * pods/ephemeralcontainers against the texts of pkg/apis/core/validation
 * (release-1.35): validateEphemeralContainers' allow list and name checks,
 * ValidatePodEphemeralContainersUpdate, ValidatePodCreate's "cannot be set on
 * create", and the defaults SetDefaults_EphemeralContainer-style fields get.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../meta.js';
import { StatusError } from '../errors.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function boot() {
  const c = new Cluster({ seed: 11 }).boot();
  const cl = c.client();
  cl.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
  return { c, cl };
}

/** As kubectl debug sends it (CreateTwoWayMergePatch): with the whole new list's order once the list has items. */
function addEphemeral(cl: ReturnType<Cluster['client']>, ec: Any, name = 'web', ns = 'default'): KObject {
  const current: Any[] = ((cl.get('pods', ns, name).spec as Any).ephemeralContainers ?? []);
  const order = current.length ? { '$setElementOrder/ephemeralContainers': [...current, ec].map((c: Any) => ({ name: c.name })) } : {};
  return cl.patch('pods', ns, name, 'strategic', { spec: { ...order, ephemeralContainers: [ec] } }, { subresource: 'ephemeralcontainers' });
}

function rejected(c: Cluster, fn: () => unknown): string {
  const before = c.store.currentRevision();
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(StatusError);
  expect((err as StatusError).status.code).toBe(422);
  expect(c.store.currentRevision()).toBe(before);
  return (err as StatusError).status.message;
}

describe('pods/ephemeralcontainers', () => {
  it('adds a container with the container defaults and a new generation, changing nothing else', () => {
    const { cl } = boot();
    const before = cl.get('pods', 'default', 'web') as Any;
    const after = addEphemeral(cl, { name: 'dbg', image: 'busybox', stdin: true, targetContainerName: 'web', resources: {} }) as Any;
    expect(after.spec.ephemeralContainers).toEqual([{
      name: 'dbg', image: 'busybox', stdin: true, targetContainerName: 'web', resources: {},
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'Always',
    }]);
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    const { ephemeralContainers: _e, ...rest } = after.spec;
    expect(rest).toEqual(before.spec);
  });

  it('takes only spec.ephemeralContainers from the request', () => {
    const { cl } = boot();
    const pod = JSON.parse(JSON.stringify(cl.get('pods', 'default', 'web')));
    pod.metadata.labels = { sneaky: 'yes' };
    pod.spec.activeDeadlineSeconds = 5;
    pod.spec.ephemeralContainers = [{ name: 'dbg', image: 'busybox:1.28' }];
    const out = cl.update('pods', pod, { subresource: 'ephemeralcontainers' }) as Any;
    expect(out.metadata.labels).toBeUndefined();
    expect(out.spec.activeDeadlineSeconds).toBeUndefined();
    expect(out.spec.ephemeralContainers.map((c: Any) => c.imagePullPolicy)).toEqual(['IfNotPresent']);
  });

  it('forbids the fields outside allowedEphemeralContainerFields', () => {
    const { c, cl } = boot();
    const msg = rejected(c, () => addEphemeral(cl, {
      name: 'dbg', image: 'busybox', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1' } },
      readinessProbe: { tcpSocket: { port: 80 } }, lifecycle: { preStop: { sleep: { seconds: 1 } } },
    }));
    expect(msg).toBe('Pod "web" is invalid: [spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container, '
      + 'spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container, '
      + 'spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container, '
      + 'spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container]');
  });

  it('requires an image, a name unique across all containers, and a target that names a container', () => {
    const { c, cl } = boot();
    expect(rejected(c, () => addEphemeral(cl, { name: 'dbg' }))).toBe('Pod "web" is invalid: spec.ephemeralContainers[0].image: Required value');
    expect(rejected(c, () => addEphemeral(cl, { name: 'web', image: 'busybox' }))).toBe('Pod "web" is invalid: spec.ephemeralContainers[0].name: Duplicate value: "web"');
    expect(rejected(c, () => addEphemeral(cl, { name: 'dbg', image: 'busybox', targetContainerName: 'nope' }))).toBe('Pod "web" is invalid: spec.ephemeralContainers[0].targetContainerName: Not found: "nope"');
    expect(rejected(c, () => addEphemeral(cl, { name: 'Bad_Name', image: 'busybox' }))).toMatch(/^Pod "web" is invalid: spec\.ephemeralContainers\[0\]\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of/);
  });

  it('never removes or changes an existing one', () => {
    const { c, cl } = boot();
    addEphemeral(cl, { name: 'a', image: 'busybox' });
    addEphemeral(cl, { name: 'b', image: 'busybox' });
    const pod = JSON.parse(JSON.stringify(cl.get('pods', 'default', 'web')));
    expect(pod.spec.ephemeralContainers.map((x: Any) => x.name)).toEqual(['a', 'b']);
    const removed = { ...pod, spec: { ...pod.spec, ephemeralContainers: [pod.spec.ephemeralContainers[1]] } };
    expect(rejected(c, () => cl.update('pods', removed, { subresource: 'ephemeralcontainers' })))
      .toBe('Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "a" may not be removed\n');
    const changed = JSON.parse(JSON.stringify(pod));
    changed.spec.ephemeralContainers[0].image = 'busybox:1.36';
    expect(rejected(c, () => cl.update('pods', changed, { subresource: 'ephemeralcontainers' })))
      .toMatch(/^Pod "web" is invalid: spec\.ephemeralContainers: Forbidden: existing ephemeral containers "a" may not be changed\n/);
  });

  it('cannot be set on create, and static pods do not support them', () => {
    const { c, cl } = boot();
    expect(rejected(c, () => cl.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'c', image: 'nginx' }], ephemeralContainers: [{ name: 'd', image: 'busybox' }] } })))
      .toBe('Pod "x" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create');
    c.advance(30_000);
    const mirror = cl.list('pods', 'kube-system').items.find((p) => p.metadata.annotations?.['kubernetes.io/config.mirror'])!;
    expect(rejected(c, () => addEphemeral(cl, { name: 'd', image: 'busybox' }, mirror.metadata.name!, 'kube-system')))
      .toBe(`Pod "${mirror.metadata.name}" is invalid: []: Forbidden: static pods do not support ephemeral containers`);
  });
});
