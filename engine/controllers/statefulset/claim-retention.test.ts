/**
 * The retention policy's owner references, case by case as stateful_set_utils.go (release-1.35) decides them
 * (isClaimOwnerUpToDate, updateClaimOwnerRefForSetAndPod, PodClaimIsStale), and over virtual time: claims of a
 * set with `whenScaled: Delete` go with their scaled-away pods, those of `whenDeleted: Delete` with the set.
 */
import { describe, expect, it } from 'vitest';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KObject } from '../../api/meta.js';
import { Cluster } from '../../cluster.js';
import { statefulSetCode } from '../../api/registry/statefulsets.js';
import { loadVolumeControllers } from '../volume/loader.js';
import { claimIsStale, claimOwnerRefs, hasUnexpectedController, isClaimOwnerUpToDate } from './claim-retention.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const set = (replicas: number, whenScaled: string, whenDeleted: string): KObject => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', uid: 'set-uid' },
  spec: { replicas, persistentVolumeClaimRetentionPolicy: { whenScaled, whenDeleted } },
} as KObject);
const pod = (ordinal: number, uid = `pod-${ordinal}-uid`): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${ordinal}`, namespace: 'default', uid } } as KObject);
const claim = (...ownerReferences: OwnerReference[]): KObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www-web-0', ...(ownerReferences.length ? { ownerReferences } : {}) } } as KObject);
const setRef = (uid = 'set-uid', controller = true): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid, controller, blockOwnerDeletion: true });
const podRef = (ordinal: number, uid = `pod-${ordinal}-uid`): OwnerReference => ({ apiVersion: 'v1', kind: 'Pod', name: `web-${ordinal}`, uid, controller: true, blockOwnerDeletion: true });
const owners = (refs: OwnerReference[]) => refs.map((r) => `${r.kind}/${r.uid}`);

describe('claim owner references under each retention policy', () => {
  it('Retain/Retain wants no reference to the set or the pod, and removes one', () => {
    const s = set(2, 'Retain', 'Retain');
    expect(isClaimOwnerUpToDate(claim(), s, pod(0))).toBe(true);
    expect(isClaimOwnerUpToDate(claim(setRef()), s, pod(0))).toBe(false);
    expect(claimOwnerRefs(claim(setRef()), s, pod(0))).toEqual([]);
  });

  it('whenDeleted: Delete wants the set as controller, in range or not', () => {
    const s = set(1, 'Retain', 'Delete');
    expect(isClaimOwnerUpToDate(claim(), s, pod(0))).toBe(false);
    expect(owners(claimOwnerRefs(claim(), s, pod(0)))).toEqual(['StatefulSet/set-uid']);
    expect(owners(claimOwnerRefs(claim(), s, pod(3)))).toEqual(['StatefulSet/set-uid']);
    expect(isClaimOwnerUpToDate(claim(setRef()), s, pod(0))).toBe(true);
    expect(isClaimOwnerUpToDate(claim(setRef(), podRef(0)), s, pod(0))).toBe(false);
  });

  it('whenScaled: Delete wants the pod as controller only once it is scaled away', () => {
    const s = set(1, 'Delete', 'Retain');
    expect(isClaimOwnerUpToDate(claim(), s, pod(0))).toBe(true);
    expect(isClaimOwnerUpToDate(claim(), s, pod(1))).toBe(false);
    expect(owners(claimOwnerRefs(claim(), s, pod(1)))).toEqual(['Pod/pod-1-uid']);
    expect(claimOwnerRefs(claim(podRef(0)), s, pod(0))).toEqual([]);
  });

  it('Delete/Delete moves the claim from the set to the pod when the pod is scaled away', () => {
    const s = set(1, 'Delete', 'Delete');
    expect(owners(claimOwnerRefs(claim(), s, pod(0)))).toEqual(['StatefulSet/set-uid']);
    expect(isClaimOwnerUpToDate(claim(setRef()), s, pod(1))).toBe(false);
    expect(owners(claimOwnerRefs(claim(setRef()), s, pod(1)))).toEqual(['Pod/pod-1-uid']);
    expect(isClaimOwnerUpToDate(claim(podRef(1)), s, pod(1))).toBe(true);
  });

  it('a non-controller reference to the set is made a controller one', () => {
    const s = set(1, 'Retain', 'Delete');
    expect(isClaimOwnerUpToDate(claim(setRef('set-uid', false)), s, pod(0))).toBe(false);
    expect(claimOwnerRefs(claim(setRef('set-uid', false)), s, pod(0))).toEqual([setRef()]);
  });

  it('another controller of the claim: the policy is ignored and only our own references are scrubbed', () => {
    const s = set(1, 'Retain', 'Delete');
    const other: OwnerReference = { apiVersion: 'example.com/v1', kind: 'Keeper', name: 'k', uid: 'k-uid', controller: true };
    expect(hasUnexpectedController(claim(other), s, pod(0))).toBe(true);
    expect(isClaimOwnerUpToDate(claim(other), s, pod(0))).toBe(true);
    expect(isClaimOwnerUpToDate(claim(other, setRef()), s, pod(0))).toBe(false);
    expect(claimOwnerRefs(claim(other, setRef()), s, pod(0))).toEqual([other]);
    // Under Retain/Retain another controller is nobody's concern.
    expect(hasUnexpectedController(claim(other), set(1, 'Retain', 'Retain'), pod(0))).toBe(false);
  });

  it('a reference to an earlier set or pod of the same name is stale: the claim is left alone, and under whenScaled: Delete it blocks the new pod', () => {
    const s = set(1, 'Delete', 'Retain');
    const c = claim(podRef(0, 'old-pod-uid'));
    expect(isClaimOwnerUpToDate(c, s, pod(0))).toBe(true);
    expect(claimIsStale(s, pod(0, ''), c)).toBe(true);
    expect(claimIsStale(set(1, 'Retain', 'Delete'), pod(0, ''), c)).toBe(false);
    expect(claimIsStale(s, pod(0, ''), claim())).toBe(false);
    expect(claimIsStale(s, pod(0, ''), undefined)).toBe(false);
  });
});

function web(replicas: number, whenScaled: string, whenDeleted: string): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx', replicas, selector: { matchLabels: { app: 'nginx' } },
      persistentVolumeClaimRetentionPolicy: { whenScaled, whenDeleted },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { storageClassName: 'manual', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  } as KObject;
}

async function clusterWithVolumes(n: number): Promise<Cluster> {
  await statefulSetCode.load();
  await loadVolumeControllers();
  const c = new Cluster({ seed: 5 }).boot();
  for (let i = 0; i < n; i++) {
    c.client().create('persistentvolumes', undefined, {
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pv-${i}` },
      spec: { storageClassName: 'manual', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: `/mnt/pv-${i}` } },
    } as KObject);
  }
  return c;
}

const claims = (c: Cluster) => c.client().list('persistentvolumeclaims', 'default').items.map((p) => p.metadata.name).sort();
const readyReplicas = (c: Cluster) => (c.client().get('statefulsets.apps', 'default', 'web').status as Any)?.readyReplicas ?? 0;

describe('the StatefulSet controller keeps claims by the retention policy', () => {
  it('whenScaled: Delete: scaling down deletes the scaled-away pods\' claims; the others stay, owned by the set under whenDeleted: Delete', async () => {
    const c = await clusterWithVolumes(3);
    c.client().create('statefulsets.apps', 'default', web(3, 'Delete', 'Delete'));
    expect(c.clock.runUntil(() => readyReplicas(c) === 3, 300_000)).toBe(true);
    const sts = c.client().get('statefulsets.apps', 'default', 'web');
    for (const n of ['www-web-0', 'www-web-1', 'www-web-2']) {
      const refs = c.client().get('persistentvolumeclaims', 'default', n).metadata.ownerReferences ?? [];
      expect(refs).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: sts.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    c.client().patch('statefulsets.apps', 'default', 'web', 'merge', { spec: { replicas: 1 } });
    await c.clock.runUntil(() => claims(c).length === 1, 300_000);
    expect(claims(c)).toEqual(['www-web-0']);
    expect(c.client().list('pods', 'default').items.map((p) => p.metadata.name)).toEqual(['web-0']);
    c.client().delete('statefulsets.apps', 'default', 'web');
    await c.clock.runUntil(() => claims(c).length === 0, 300_000);
    expect(claims(c)).toEqual([]);
    expect(c.clock.errors).toEqual([]);
  });

  it('Retain/Retain (the default) keeps every claim, without owner references, through scale-down and deletion', async () => {
    const c = await clusterWithVolumes(2);
    c.client().create('statefulsets.apps', 'default', web(2, 'Retain', 'Retain'));
    expect(c.clock.runUntil(() => readyReplicas(c) === 2, 300_000)).toBe(true);
    c.client().patch('statefulsets.apps', 'default', 'web', 'merge', { spec: { replicas: 1 } });
    await c.clock.runUntil(() => c.client().list('pods', 'default').items.length === 1, 300_000);
    c.client().delete('statefulsets.apps', 'default', 'web');
    await c.clock.runUntil(() => c.client().list('pods', 'default').items.length === 0, 300_000);
    c.advance(60_000);
    expect(claims(c)).toEqual(['www-web-0', 'www-web-1']);
    expect(c.client().list('persistentvolumeclaims', 'default').items.every((p) => !p.metadata.ownerReferences)).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });
});
