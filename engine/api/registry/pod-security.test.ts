/**
 * The PodSecurity admission plugin as kube-apiserver v1.35 runs it with the default configuration: the rules of
 * k8s.io/pod-security-admission v0.35 api/helpers.go (PolicyToEvaluate) and admission/admission.go (namespaces,
 * pods, workloads with pod templates), and its place among the validating plugins.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServerOnly, rejected } from '../test-helpers.js';
import type { KObject } from '../meta.js';
import type { Cluster } from '../../cluster.js';
import { policyToEvaluate, NAMESPACE_MAX_PODS_TO_CHECK } from './pod-security.js';
import { loadLazyKinds } from './lazy-kinds.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

beforeAll(() => loadLazyKinds());

const NGINX_RESTRICTED = 'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

const pod = (name: string, spec: Any = {}, meta: Any = {}): KObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...meta }, spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...spec } });

/** A namespace `name` with `labels` and its default ServiceAccount. */
function namespace(c: Cluster, name: string, labels: Record<string, string>): void {
  const cl = c.client();
  cl.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  cl.create('serviceaccounts', name, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
}

/** Runs `write` and returns the warnings of its request. */
function warnings(c: Cluster, write: () => unknown): string[] {
  c.apiserver.takeWarnings();
  write();
  return c.apiserver.takeWarnings();
}

describe('namespace labels (PolicyToEvaluate)', () => {
  it('defaults to privileged:latest everywhere; warn follows an enforce level it is below, with its version', () => {
    expect(policyToEvaluate(undefined).policy).toEqual({ enforce: { level: 'privileged', version: undefined }, audit: { level: 'privileged', version: undefined }, warn: { level: 'privileged', version: undefined } });
    const p = policyToEvaluate({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.30' }).policy;
    expect(p.warn).toEqual({ level: 'baseline', version: 30 });
    // An explicit warn level, even a lower one, stays.
    expect(policyToEvaluate({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'privileged' }).policy.warn.level).toBe('privileged');
    // A warn version alone keeps the warn version.
    expect(policyToEvaluate({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.30', 'pod-security.kubernetes.io/warn-version': 'v1.25' }).policy.warn).toEqual({ level: 'restricted', version: 25 });
  });

  it('bad values: enforce fails closed (restricted), audit and warn fail open (privileged), a bad version is latest', () => {
    const r = policyToEvaluate({
      'pod-security.kubernetes.io/enforce': 'Baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.030',
      'pod-security.kubernetes.io/warn': 'strict',
      'pod-security.kubernetes.io/audit-version': 'v2.0',
    });
    expect(r.policy).toEqual({ enforce: { level: 'restricted', version: undefined }, audit: { level: 'privileged', version: undefined }, warn: { level: 'privileged', version: undefined } });
    expect(r.errors.map((e) => `${e.field}: ${e.value}: ${e.detail}`)).toEqual([
      'metadata.labels[pod-security.kubernetes.io/enforce]: "Baseline": must be one of privileged, baseline, restricted',
      'metadata.labels[pod-security.kubernetes.io/enforce-version]: "v1.030": must be "latest" or "v1.x"',
      'metadata.labels[pod-security.kubernetes.io/audit-version]: "v2.0": must be "latest" or "v1.x"',
      'metadata.labels[pod-security.kubernetes.io/warn]: "strict": must be one of privileged, baseline, restricted',
    ]);
    expect(policyToEvaluate({ 'pod-security.kubernetes.io/enforce-version': 'v1.0' }).errors).toEqual([]);
  });

  it('a namespace with a bad label is refused, on create and on update', () => {
    const c = apiServerOnly(1);
    const cl = c.client();
    const bad = { name: 'bad', labels: { 'pod-security.kubernetes.io/enforce': 'strict' } };
    expect(rejected(c, () => cl.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: bad })).message)
      .toBe('Namespace "bad" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted');
    namespace(c, 'ns', {});
    expect(rejected(c, () => cl.patch('namespaces', undefined, 'ns', 'merge', { metadata: { labels: { 'pod-security.kubernetes.io/audit-version': 'latest1' } } })).message)
      .toBe('Namespace "ns" is invalid: metadata.labels[pod-security.kubernetes.io/audit-version]: Invalid value: "latest1": must be "latest" or "v1.x"');
  });
});

describe('pods', () => {
  it('enforce refuses with the whole detail; warn says `would violate`; the enforced pod gets no warning', () => {
    const c = apiServerOnly(1);
    namespace(c, 'r', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    namespace(c, 'w', { 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'v1.35' });
    const cl = c.client();
    c.apiserver.takeWarnings();
    const err = rejected(c, () => cl.create('pods', 'r', pod('nginx')));
    expect(err.status.code).toBe(403);
    expect(err.message).toBe(`pods "nginx" is forbidden: violates PodSecurity "restricted:latest": ${NGINX_RESTRICTED}`);
    expect(c.apiserver.takeWarnings()).toEqual([]);
    expect(warnings(c, () => cl.create('pods', 'w', pod('nginx')))).toEqual([`would violate PodSecurity "restricted:v1.35": ${NGINX_RESTRICTED}`]);
    // No labels: nothing at all.
    expect(warnings(c, () => cl.create('pods', 'default', pod('nginx')))).toEqual([]);
  });

  it('a generated name is in the refusal; validation errors come before PodSecurity; a dry run is checked too', () => {
    const c = apiServerOnly(1);
    namespace(c, 'r', { 'pod-security.kubernetes.io/enforce': 'baseline' });
    const cl = c.client();
    const host = { hostNetwork: true };
    expect(rejected(c, () => cl.create('pods', 'r', { ...pod('', host), metadata: { generateName: 'web-' } })).message)
      .toMatch(/^pods "web-[a-z0-9]{5}" is forbidden: violates PodSecurity "baseline:latest": host namespaces \(hostNetwork=true\)$/);
    expect(rejected(c, () => cl.create('pods', 'r', pod('p', { ...host, restartPolicy: 'Sometimes' }))).status.code).toBe(422);
    expect(rejected(c, () => cl.create('pods', 'r', pod('p', host), { dryRun: true })).status.code).toBe(403);
  });

  it('updates: only a changed image or a new ephemeral container is checked; status is never', () => {
    const c = apiServerOnly(1);
    namespace(c, 'r', {});
    const cl = c.client();
    cl.create('pods', 'r', pod('p'));
    cl.patch('namespaces', undefined, 'r', 'merge', { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    // Labels, annotations, activeDeadlineSeconds: allowed although the pod violates the level.
    cl.patch('pods', 'r', 'p', 'merge', { metadata: { labels: { a: 'b' } }, spec: { activeDeadlineSeconds: 100 } });
    cl.patch('pods', 'r', 'p', 'merge', { status: { message: 'x' } }, { subresource: 'status' });
    expect(rejected(c, () => cl.patch('pods', 'r', 'p', 'json', [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.27' }])).message)
      .toBe(`pods "p" is forbidden: violates PodSecurity "restricted:latest": ${NGINX_RESTRICTED}`);
    expect(rejected(c, () => cl.patch('pods', 'r', 'p', 'strategic', { spec: { ephemeralContainers: [{ name: 'dbg', image: 'busybox' }] } }, { subresource: 'ephemeralcontainers' })).message)
      .toBe('pods "p" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (containers "nginx", "dbg" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (containers "nginx", "dbg" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or containers "nginx", "dbg" must set securityContext.runAsNonRoot=true), seccompProfile (pod or containers "nginx", "dbg" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")');
  });
});

describe('workloads with a pod template', () => {
  const template = { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
  const workloads: [string, KObject][] = [
    ['deployments.apps', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { selector: { matchLabels: { app: 'w' } }, template } } as KObject],
    ['replicasets.apps', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'w' }, spec: { selector: { matchLabels: { app: 'w' } }, template } } as KObject],
    ['daemonsets.apps', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'w' }, spec: { selector: { matchLabels: { app: 'w' } }, template } } as KObject],
    ['statefulsets.apps', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'w' }, spec: { selector: { matchLabels: { app: 'w' } }, template } } as KObject],
    ['jobs.batch', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'w' }, spec: { template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } } } } as KObject],
    ['cronjobs.batch', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'w' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } } } } } } as KObject],
  ];

  it('are warned about at the warn level and never refused, even in an enforcing namespace', () => {
    const c = apiServerOnly(1);
    namespace(c, 'r', { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'baseline' });
    namespace(c, 'w', { 'pod-security.kubernetes.io/warn': 'restricted' });
    const cl = c.client();
    for (const [resource, obj] of workloads) {
      expect(warnings(c, () => cl.create(resource, 'w', structuredClone(obj)))).toEqual([`would violate PodSecurity "restricted:latest": ${NGINX_RESTRICTED}`]);
      // Enforce is for pods only: the nginx template passes the warn level (baseline) here.
      expect(warnings(c, () => cl.create(resource, 'r', structuredClone(obj)))).toEqual([]);
    }
    // Their subresources are not checked.
    expect(warnings(c, () => cl.patch('deployments.apps', 'w', 'w', 'merge', { spec: { replicas: 2 } }, { subresource: 'scale' }))).toEqual([]);
    expect(warnings(c, () => cl.patch('deployments.apps', 'w', 'w', 'merge', { metadata: { labels: { x: 'y' } } }))).toHaveLength(1);
  });
});

describe('namespace updates: the existing pods against a new enforce level', () => {
  function withPods(names: string[], spec: Any = {}) {
    const c = apiServerOnly(1);
    namespace(c, 'ns', {});
    for (const n of names) c.client().create('pods', 'ns', pod(n, spec));
    return c;
  }
  const label = (c: Cluster, labels: Record<string, string | null>, dryRun = false) =>
    warnings(c, () => c.client().patch('namespaces', undefined, 'ns', 'merge', { metadata: { labels } }, { dryRun }));

  it('groups pods by their reasons, names each group by its first pod, and counts the others', () => {
    const c = withPods(['b', 'a', 'c']);
    c.client().create('pods', 'ns', pod('host', { hostPID: true }));
    c.client().create('pods', 'ns', pod('zz', { hostPID: true }));
    c.client().create('pods', 'ns', pod('solo', { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } }));
    expect(label(c, { 'pod-security.kubernetes.io/enforce': 'restricted' }, true)).toEqual([
      'existing pods in namespace "ns" violate the new PodSecurity enforce level "restricted:latest"',
      'a (and 2 other pods): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
      'host (and 1 other pod): host namespaces, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
      'solo: allowPrivilegeEscalation != false, unrestricted capabilities',
    ]);
    // The dry run left the namespace as it was.
    expect(c.client().get('namespaces', undefined, 'ns').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBeUndefined();
  });

  it('only a stricter level, or another version, is checked; privileged and loosening never are', () => {
    const c = withPods(['a'], { hostPID: true });
    expect(label(c, { 'pod-security.kubernetes.io/enforce': 'privileged' })).toEqual([]);
    expect(label(c, { 'pod-security.kubernetes.io/warn': 'restricted' })).toEqual([]);
    expect(label(c, { 'pod-security.kubernetes.io/enforce': 'restricted' })).toHaveLength(2);
    expect(label(c, { 'pod-security.kubernetes.io/enforce': 'baseline' })).toEqual([]);
    expect(label(c, { 'pod-security.kubernetes.io/enforce-version': 'v1.30' })).toEqual([
      'existing pods in namespace "ns" violate the new PodSecurity enforce level "baseline:v1.30"',
      'a: host namespaces',
    ]);
    // A namespace create has no pods yet: no warnings.
    expect(warnings(c, () => namespace(c, 'other', { 'pod-security.kubernetes.io/enforce': 'restricted' }))).toEqual([]);
  });

  it(`checks at most ${NAMESPACE_MAX_PODS_TO_CHECK} pods, one of each controller first`, () => {
    const c = apiServerOnly(1);
    namespace(c, 'ns', {});
    const owner = (uid: string) => ({ ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid, controller: true }] });
    // 3000 pods of one ReplicaSet, then one host pod of another: it is still among the first 3000 checked.
    for (let i = 0; i < NAMESPACE_MAX_PODS_TO_CHECK; i++) c.client().create('pods', 'ns', pod(`a${String(i).padStart(4, '0')}`, {}, owner('rs1')));
    c.client().create('pods', 'ns', pod('zhost', { hostIPC: true }, owner('rs2')));
    expect(label(c, { 'pod-security.kubernetes.io/enforce': 'baseline' })).toEqual([
      `new PodSecurity enforce level only checked against the first ${NAMESPACE_MAX_PODS_TO_CHECK} of ${NAMESPACE_MAX_PODS_TO_CHECK + 1} existing pods`,
      'existing pods in namespace "ns" violate the new PodSecurity enforce level "baseline:latest"',
      'zhost: host namespaces',
    ]);
  });
});
