/**
 * The resource quota controller in a booted cluster: status.hard and
 * status.used are filled for a new quota, charged by admission as pods come,
 * given back when a pod goes; and what kube-apiserver and kubeadm set up for
 * priorities (the two system PriorityClasses, the control plane's and CoreDNS's
 * priorityClassName and priority).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { loadQuotaController } from './loader.js';
import { calculateUsed, countedResource, RESOURCE_QUOTA_SYNC_PERIOD_MS } from './resourcequota.js';
import { StatusError } from '../../api/errors.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

beforeAll(async () => {
  await loadQuotaController();
});

const pod = (name: string, cpu?: string): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx', ...(cpu ? { resources: { requests: { cpu }, limits: { cpu } } } : {}) }] },
});

describe('resource quota controller', () => {
  it('counts, is charged on admission, and gives back on delete', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const admin = c.client();
    admin.create('resourcequotas', 'default', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '3', 'requests.cpu': '1', 'count/configmaps': '10' } } } as KObject);
    c.advance(1000);
    const status = () => admin.get('resourcequotas', 'default', 'q').status as Any;
    // kube-root-ca.crt is already in the namespace.
    expect(status()).toEqual({ hard: { pods: '3', 'requests.cpu': '1', 'count/configmaps': '10' }, used: { 'count/configmaps': '1', pods: '0', 'requests.cpu': '0' } });
    admin.create('pods', 'default', pod('a', '300m'));
    admin.create('pods', 'default', pod('b', '300m'));
    expect(status().used).toEqual({ 'count/configmaps': '1', pods: '2', 'requests.cpu': '600m' });
    c.advance(5000);
    admin.delete('pods', 'default', 'a', { gracePeriodSeconds: 0 });
    c.advance(5000);
    expect(status().used).toEqual({ 'count/configmaps': '1', pods: '1', 'requests.cpu': '300m' });
    expect(c.clock.errors).toEqual([]);
  });

  it('maps quota names to what they count', () => {
    // The claim evaluator's names (persistent_volume_claims.go MatchingResources): its own two, count/persistentvolumeclaims,
    // and either of the two by storage class; requests.example.com/dongle is an extended resource of pods.
    expect(['pods', 'limits.memory', 'count/pods', 'services.nodeports', 'secrets', 'count/deployments.apps', 'requests.storage', 'persistentvolumeclaims',
      'count/persistentvolumeclaims', 'gold.storageclass.storage.k8s.io/requests.storage', 'gold.storageclass.storage.k8s.io/persistentvolumeclaims', 'requests.example.com/dongle', 'storage'].map(countedResource))
      .toEqual(['pods', 'pods', 'pods', 'services', 'secrets', 'deployments.apps', 'persistentvolumeclaims', 'persistentvolumeclaims',
        'persistentvolumeclaims', 'persistentvolumeclaims', 'persistentvolumeclaims', 'pods', undefined]);
    const used = calculateUsed({ metadata: {}, spec: {} } as KObject, { pods: '2', memory: '1Gi' }, (r) => (r === 'pods' ? [
      { metadata: {}, spec: { containers: [{ resources: { requests: { memory: '128Mi' } } }] }, status: { phase: 'Running' } },
      { metadata: {}, spec: { containers: [{ resources: { requests: { memory: '128Mi' } } }] }, status: { phase: 'Succeeded' } },
    ] as KObject[] : []), 0);
    expect(used).toEqual({ memory: '128Mi', pods: '1' });
  });
});

const quota = (hard: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard } } as KObject);
const configMap = (name: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } } as KObject);
const claim = (name: string, storage: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra },
} as KObject);
const failure = (fn: () => unknown): StatusError => {
  try { fn(); } catch (e) { if (e instanceof StatusError) return e; throw e; }
  throw new Error('the write succeeded');
};

describe('quota charged by admission, recounted by the controller', () => {
  // kube-apiserver runs validating admission (ResourceQuota charges status.used: apiserver
  // pkg/admission/plugin/resourcequota/controller.go) inside the store's create, before the store writes
  // (registry/generic/registry/store.go create: BeforeCreate, createValidation, then storage Create, which
  // fails AlreadyExists): the charge of a create that fails there stays until the controller recounts.
  it('keeps the charge of a create that failed AlreadyExists until the full resync, every 5 minutes from the manager\'s start', () => {
    const c = new Cluster({ seed: 3 });
    const managerStart = c.clock.now();
    c.boot();
    const admin = c.client();
    admin.create('resourcequotas', 'default', quota({ 'count/configmaps': '10' }));
    c.advance(1000);
    const used = () => (admin.get('resourcequotas', 'default', 'q').status as Any).used;
    admin.create('configmaps', 'default', configMap('a'));
    expect(failure(() => admin.create('configmaps', 'default', configMap('a'))).message).toBe('configmaps "a" already exists');
    // kube-root-ca.crt, a, and the charge for the second a.
    expect(used()).toEqual({ 'count/configmaps': '3' });
    // Nothing that was created or failed is a replenishment event: the next recount is enqueueAll's.
    const next = managerStart + Math.ceil((c.clock.now() - managerStart) / RESOURCE_QUOTA_SYNC_PERIOD_MS) * RESOURCE_QUOTA_SYNC_PERIOD_MS;
    c.advance(next - c.clock.now() - 1000);
    expect(used()).toEqual({ 'count/configmaps': '3' });
    c.advance(2000);
    expect(used()).toEqual({ 'count/configmaps': '2' });
    expect(c.clock.errors).toEqual([]);
  });

  it('recounts at once when something it counts is deleted, of any resource (the quota monitor of each)', () => {
    const c = new Cluster({ seed: 4 }).boot();
    const admin = c.client();
    admin.create('resourcequotas', 'default', quota({ 'count/deployments.apps': '2', 'count/configmaps': '10' }));
    c.advance(1000);
    const used = () => (admin.get('resourcequotas', 'default', 'q').status as Any).used;
    admin.create('configmaps', 'default', configMap('a'));
    failure(() => admin.create('configmaps', 'default', configMap('a')));
    admin.create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    } as KObject);
    expect(used()).toEqual({ 'count/configmaps': '3', 'count/deployments.apps': '1' });
    admin.delete('deployments.apps', 'default', 'web');
    c.advance(1000);
    // replenishQuota recounts the whole quota: the charge for the failed configmap goes too.
    expect(used()).toEqual({ 'count/configmaps': '2', 'count/deployments.apps': '0' });
    expect(c.clock.errors).toEqual([]);
  });

  // pkg/quota/v1/evaluator/core/persistent_volume_claims.go: persistentvolumeclaims, count/persistentvolumeclaims,
  // requests.storage, and <class>.storageclass.storage.k8s.io/{persistentvolumeclaims,requests.storage}.
  it('charges claims their storage, by storage class too, and gives it back when they go', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const admin = c.client();
    admin.create('resourcequotas', 'default', quota({
      'requests.storage': '5Gi', persistentvolumeclaims: '3', 'count/persistentvolumeclaims': '3',
      'gold.storageclass.storage.k8s.io/requests.storage': '2Gi', 'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '1',
    }));
    c.advance(1000);
    const used = () => (admin.get('resourcequotas', 'default', 'q').status as Any).used;
    expect(used()).toEqual({
      'count/persistentvolumeclaims': '0', 'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '0', 'gold.storageclass.storage.k8s.io/requests.storage': '0',
      persistentvolumeclaims: '0', 'requests.storage': '0',
    });
    admin.create('persistentvolumeclaims', 'default', claim('a', '1Gi', { storageClassName: 'gold' }));
    expect(used()).toEqual({
      'count/persistentvolumeclaims': '1', 'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '1', 'gold.storageclass.storage.k8s.io/requests.storage': '1Gi',
      persistentvolumeclaims: '1', 'requests.storage': '1Gi',
    });
    expect(failure(() => admin.create('persistentvolumeclaims', 'default', claim('b', '1536Mi', { storageClassName: 'gold' }))).message).toBe(
      'persistentvolumeclaims "b" is forbidden: exceeded quota: q, requested: gold.storageclass.storage.k8s.io/persistentvolumeclaims=1,gold.storageclass.storage.k8s.io/requests.storage=1536Mi, used: gold.storageclass.storage.k8s.io/persistentvolumeclaims=1,gold.storageclass.storage.k8s.io/requests.storage=1Gi, limited: gold.storageclass.storage.k8s.io/persistentvolumeclaims=1,gold.storageclass.storage.k8s.io/requests.storage=2Gi');
    expect(failure(() => admin.create('persistentvolumeclaims', 'default', claim('c', '4608Mi', { storageClassName: 'silver' }))).message).toBe(
      'persistentvolumeclaims "c" is forbidden: exceeded quota: q, requested: requests.storage=4608Mi, used: requests.storage=1Gi, limited: requests.storage=5Gi');
    admin.delete('persistentvolumeclaims', 'default', 'a');
    c.advance(1000);
    expect(used()).toEqual({
      'count/persistentvolumeclaims': '0', 'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '0', 'gold.storageclass.storage.k8s.io/requests.storage': '0',
      persistentvolumeclaims: '0', 'requests.storage': '0',
    });
    expect(c.clock.errors).toEqual([]);
  });
});

describe('the claim evaluator', () => {
  const pvc = (storage: string, spec: Record<string, unknown> = {}, status: Record<string, unknown> = {}): KObject =>
    ({ metadata: {}, spec: { resources: { requests: { storage } }, ...spec }, status } as KObject);
  const claims = [
    pvc('1Gi', { volumeAttributesClassName: 'gold' }),
    pvc('2Gi', { volumeAttributesClassName: 'silver' }),
    // A modification to gold under way counts for gold; storage is counted in whole bytes (RoundUp(0)).
    pvc('1500m', { volumeAttributesClassName: 'silver' }, { modifyVolumeStatus: { targetVolumeAttributesClassName: 'gold' } }),
    // An expansion under way: what was allocated, when it is more than the request.
    pvc('1Gi', {}, { allocatedResources: { storage: '3Gi' } }),
  ];
  const list = (r: string) => (r === 'persistentvolumeclaims' ? claims : []);
  const hard = { 'requests.storage': '100Gi', persistentvolumeclaims: '10' };
  const scoped = (operator: string, values?: string[]) => ({ metadata: {}, spec: { scopeSelector: { matchExpressions: [{ scopeName: 'VolumeAttributesClass', operator, ...(values ? { values } : {}) }] } } } as KObject);

  it('counts storage, rounded up to whole bytes and raised to what was allocated', () => {
    expect(calculateUsed({ metadata: {}, spec: {} } as KObject, hard, list, 0)).toEqual({ persistentvolumeclaims: '4', 'requests.storage': '6442450946' });
  });

  it('matches a VolumeAttributesClass scope against every class a claim names, none being an empty label set', () => {
    expect(calculateUsed(scoped('In', ['gold']), hard, list, 0)).toEqual({ persistentvolumeclaims: '2', 'requests.storage': '1073741826' });
    // The claim moving from silver to gold names silver too, which is not gold.
    expect(calculateUsed(scoped('NotIn', ['gold']), hard, list, 0)).toEqual({ persistentvolumeclaims: '3', 'requests.storage': '5368709122' });
    expect(calculateUsed(scoped('DoesNotExist'), hard, list, 0)).toEqual({ persistentvolumeclaims: '1', 'requests.storage': '3Gi' });
    // A pod scope matches no claim (pvcMatchesScopeFunc knows only VolumeAttributesClass).
    expect(calculateUsed({ metadata: {}, spec: { scopes: ['NotBestEffort'] } } as KObject, hard, list, 0)).toEqual({ persistentvolumeclaims: '0', 'requests.storage': '0' });
  });
});

describe('system priority classes', () => {
  it('are created at start, and kubeadm\'s pods keep their priorities', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const admin = c.client();
    const pcs = admin.list('priorityclasses.scheduling.k8s.io').items as Any[];
    expect(pcs.map((p) => [p.metadata.name, p.value, p.preemptionPolicy])).toEqual([
      ['system-cluster-critical', 2000000000, 'PreemptLowerPriority'],
      ['system-node-critical', 2000001000, 'PreemptLowerPriority'],
    ]);
    const pods = admin.list('pods', 'kube-system').items as Any[];
    const of = (prefix: string) => pods.filter((p) => p.metadata.name.startsWith(prefix)).map((p) => [p.spec.priorityClassName, p.spec.priority]);
    expect(of('coredns-')).toEqual([['system-cluster-critical', 2000000000], ['system-cluster-critical', 2000000000]]);
    expect(of('kube-apiserver-')).toEqual([['system-node-critical', 2000001000]]);
    expect(of('etcd-')).toEqual([['system-node-critical', 2000001000]]);
    expect(of('kube-proxy-').every(([cls, p]) => cls === 'system-node-critical' && p === 2000001000)).toBe(true);
  });
});
