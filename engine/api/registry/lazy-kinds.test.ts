/**
 * The lazily served kinds' API code and field types load through one gate, kindReady (lazy-kinds.ts). This file
 * runs in a module graph of its own where nothing has loaded them: a client other than kubectl that waits for the
 * gate gets what kube-apiserver gives every client. Defaults: pkg/apis/core/v1/defaults.go
 * (SetDefaults_PersistentVolume, SetDefaults_PersistentVolumeClaim{,Spec}) and pkg/apis/storage/v1/defaults.go
 * (SetDefaults_StorageClass); the claim's finalizer: the StorageObjectInUseProtection admission plugin; the
 * unknown-field text: the apiserver's strict decoding error.
 */
import { describe, expect, it } from 'vitest';
import { apiServerOnly, rejected } from '../test-helpers.js';
import { kindReady, lazyKindsLoaded, loadLazyKinds } from './lazy-kinds.js';
import { settleLazyModules } from '../../util/lazy-module.js';
import { storageLoaded } from './storage.js';
import { lazyTypesLoaded } from '../schema/lazy.js';
import { rootOf, SCHEMA } from '../schema/index.js';
import type { KObject } from '../meta.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const pvc = (name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec } as KObject);
const claimSpec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

describe('one gate for the lazily served kinds', () => {
  it('a storage kind written by a client other than kubectl before any lazy code loaded gets its defaults and unknown-field errors', async () => {
    const c = apiServerOnly(3);
    const client = c.client('curl/8.5.0');
    expect(storageLoaded()).toBe(false);
    expect(lazyTypesLoaded()).toBe(false);
    expect(rootOf('PersistentVolumeClaim')).toBeUndefined();

    const ready = kindReady('persistentvolumeclaims');
    expect(ready).toBeInstanceOf(Promise);
    await ready;
    expect(kindReady('persistentvolumeclaims')).toBeUndefined();
    expect(kindReady('persistentvolumes')).toBeUndefined();

    const e = rejected(c, () => client.create('persistentvolumeclaims', 'default', pvc('typo', { ...claimSpec, storageClassNam: 'x' })));
    expect(e.message).toBe('PersistentVolumeClaim in version "v1" cannot be handled as a PersistentVolumeClaim: strict decoding error: unknown field "spec.storageClassNam"');
    const claim = client.create('persistentvolumeclaims', 'default', pvc('data', claimSpec)) as Any;
    expect(claim.spec.volumeMode).toBe('Filesystem');
    expect(claim.status).toEqual({ phase: 'Pending' });
    expect(claim.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);

    // The other storage kinds came with the same load.
    const pv = client.create('persistentvolumes', undefined, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } } as KObject) as Any;
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(pv.spec.volumeMode).toBe('Filesystem');
    expect(pv.status.phase).toBe('Pending');
    const sc = client.create('storageclasses.storage.k8s.io', undefined, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'slow' }, provisioner: 'example.com/x' } as KObject) as Any;
    expect(sc.reclaimPolicy).toBe('Delete');
    expect(sc.volumeBindingMode).toBe('Immediate');
    expect(c.clock.errors).toEqual([]);
  });

  it('a component\'s own write of a namespace with pod-security labels starts the PodSecurity plugin\'s load', async () => {
    const c = apiServerOnly(2);
    const client = c.client();
    const hostPod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'nginx' }] } } as KObject);
    client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } });
    client.create('serviceaccounts', 'x', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
    // Not loaded yet: what comes before the load is not checked (kubectl waits for it before writing a namespace).
    client.create('pods', 'x', hostPod('early'));
    await settleLazyModules();
    expect(rejected(c, () => client.create('pods', 'x', hostPod('late'))).message).toBe('pods "late" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)');
  });

  it('names every lazily served kind in types.json, and loads all of their types and code at once', async () => {
    // The kinds generate.ts LAZY_ROOTS lists: their struct types are not in the entry's schema.
    expect(SCHEMA.lazy).toContain('PodDisruptionBudget');
    expect(SCHEMA.lazy).toContain('StatefulSet');
    await loadLazyKinds();
    expect(lazyKindsLoaded()).toBe(true);
    for (const kind of SCHEMA.lazy) expect(rootOf(kind), kind).toBeDefined();
    // Kinds served from the entry have nothing to wait for.
    expect(kindReady('pods')).toBeUndefined();
    expect(kindReady('jobs.batch')).toBeUndefined();
  });
});
