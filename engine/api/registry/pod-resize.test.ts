/**
 * pods/resize against pkg/registry/core/pod strategy.go (podResizeStrategy's dropNonResizeUpdates) and
 * pkg/apis/core/validation ValidatePodResize (release-1.35): the texts below are the function's, and the ones
 * seen on real clusters (the QoS refusal, the pod-level refusal) are quoted as they were printed there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { StatusError } from '../errors.js';
import { podResizeModule } from './pod-resize-loader.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

beforeAll(async () => { await podResizeModule.load(); });

const GUARANTEED = { requests: { cpu: '700m', memory: '200Mi' }, limits: { cpu: '700m', memory: '200Mi' } };

function boot(resources: Any = GUARANTEED, extra: Any = {}) {
  const c = new Cluster({ seed: 5 }).boot();
  const cl = c.client();
  cl.create('pods', 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.8', resources, resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }, { resourceName: 'memory', restartPolicy: 'RestartContainer' }] }], ...extra },
  });
  return { c, cl };
}

const resize = (cl: ReturnType<Cluster['client']>, patch: Any) => cl.patch('pods', 'default', 'p', 'strategic', patch, { subresource: 'resize' }) as Any;
const containers = (c: Any) => ({ spec: { containers: [{ name: 'c', ...c }] } });

function refusal(c: Cluster, fn: () => unknown): string {
  const before = c.store.currentRevision();
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(StatusError);
  expect((err as StatusError).status.code).toBe(422);
  expect(c.store.currentRevision()).toBe(before);
  return (err as StatusError).status.message;
}

describe('pods/resize', () => {
  it('changes the resources, and nothing but the resources, with a new generation', () => {
    const { cl } = boot();
    const before = cl.get('pods', 'default', 'p') as Any;
    const after = resize(cl, { metadata: { labels: { a: 'b' } }, spec: { activeDeadlineSeconds: 5, containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '800m' }, limits: { cpu: '800m' } } }] } });
    expect(after.spec.containers[0].resources).toEqual({ requests: { cpu: '800m', memory: '200Mi' }, limits: { cpu: '800m', memory: '200Mi' } });
    expect(after.spec.containers[0].image).toBe('registry.k8s.io/pause:3.8');
    expect(after.spec.activeDeadlineSeconds).toBeUndefined();
    expect(after.metadata.labels).toBeUndefined();
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
  });

  it('refuses a change of QoS class with the field the stored class', () => {
    const { c, cl } = boot();
    // As printed by a real cluster for a Guaranteed pod whose requests alone were resized.
    expect(refusal(c, () => resize(cl, containers({ resources: { requests: { cpu: '500m' } } }))))
      .toBe('Pod "p" is invalid: spec: Invalid value: "Guaranteed": Pod QOS Class may not change as a result of resizing');
  });

  it('refuses removing a request or a limit', () => {
    const { c, cl } = boot({ requests: { cpu: '100m', memory: '50Mi' }, limits: { memory: '100Mi' } });
    expect(refusal(c, () => resize(cl, containers({ resources: { limits: { memory: null } } }))))
      .toBe('Pod "p" is invalid: spec.containers[0].resources.limits: Forbidden: resource limits cannot be removed');
    expect(refusal(c, () => resize(cl, containers({ resources: { requests: { cpu: null } } }))))
      .toBe('Pod "p" is invalid: spec.containers[0].resources.requests: Forbidden: resource requests cannot be removed');
  });

  it('lets a memory limit go down (v1.34 on): the kubelet, not the API server, guards the usage', () => {
    const { cl } = boot({ requests: { cpu: '100m', memory: '50Mi' }, limits: { memory: '100Mi' } });
    expect(resize(cl, containers({ resources: { limits: { memory: '60Mi' } } })).spec.containers[0].resources.limits).toEqual({ memory: '60Mi' });
  });

  it('refuses anything but cpu and memory, and a new resizePolicy', () => {
    const { c, cl } = boot();
    expect(refusal(c, () => resize(cl, containers({ resources: { requests: { 'ephemeral-storage': '1Gi' }, limits: { 'ephemeral-storage': '1Gi' } } }))))
      .toBe('Pod "p" is invalid: spec: Forbidden: only cpu and memory resources are mutable');
    expect(refusal(c, () => cl.patch('pods', 'default', 'p', 'json', [{ op: 'replace', path: '/spec/containers/0/resizePolicy/1/restartPolicy', value: 'NotRequired' }], { subresource: 'resize' })))
      .toBe('Pod "p" is invalid: spec: Forbidden: only cpu and memory resources are mutable');
  });

  it('refuses renaming or reordering containers', () => {
    const { c, cl } = boot();
    expect(refusal(c, () => cl.patch('pods', 'default', 'p', 'json', [{ op: 'replace', path: '/spec/containers/0/name', value: 'd' }], { subresource: 'resize' })))
      .toBe('Pod "p" is invalid: spec.containers[0].name: Forbidden: containers may not be renamed or reordered on resize');
  });

  it('refuses pods with pod-level resources (InPlacePodLevelResourcesVerticalScaling is alpha, off, in v1.35)', () => {
    const { c, cl } = boot({ requests: { cpu: '100m' } }, { resources: { requests: { cpu: '200m' }, limits: { cpu: '200m' } } });
    // As printed by a v1.35 cluster.
    expect(refusal(c, () => resize(cl, containers({ resources: { requests: { cpu: '150m' } } }))))
      .toBe('Pod "p" is invalid: []: Forbidden: pods with pod-level resources cannot be resized');
  });

  it('refuses static pods', () => {
    const { c, cl } = boot();
    cl.patch('pods', 'default', 'p', 'merge', { metadata: { annotations: { 'kubernetes.io/config.mirror': 'x' } } });
    expect(refusal(c, () => resize(cl, containers({ resources: { requests: { cpu: '800m' }, limits: { cpu: '800m' } } }))))
      .toBe('Pod "p" is invalid: []: Forbidden: static pods cannot be resized');
  });

  it('is not a subresource of anything but pods; a plain pod update still may not change resources', () => {
    const { c, cl } = boot();
    let err: unknown;
    try { cl.patch('deployments.apps', 'default', 'p', 'merge', {}, { subresource: 'resize' }); } catch (e) { err = e; }
    expect((err as StatusError).status).toMatchObject({ code: 404, message: 'the server could not find the requested resource' });
    expect(refusal(c, () => cl.patch('pods', 'default', 'p', 'strategic', containers({ resources: { requests: { cpu: '800m' }, limits: { cpu: '800m' } } }))))
      .toMatch(/^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than /);
  });
});
