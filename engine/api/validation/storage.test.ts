import { describe, expect, it } from 'vitest';
import { fieldErrorText } from '../errors.js';
import type { KObject } from '../meta.js';
import { validatePersistentVolume, validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate, validateStorageClass, validateStorageClassUpdate } from './storage.js';

const texts = (errs: ReturnType<typeof validatePersistentVolume>) => errs.map(fieldErrorText);
const pvc = (spec: Record<string, unknown>, status: Record<string, unknown> = { phase: 'Pending' }): KObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'default' }, spec, status });

describe('PersistentVolume validation (ValidatePersistentVolumeSpec)', () => {
  it('requires access modes, a storage capacity and exactly one source', () => {
    expect(texts(validatePersistentVolume({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' }, spec: { capacity: { storage: '1Gi' }, hostPath: { path: '/a' }, nfs: { server: 's', path: '/b' } } }))).toEqual([
      'spec.accessModes: Required value',
      'spec.nfs: Forbidden: may not specify more than 1 volume type',
    ]);
    expect(texts(validatePersistentVolume({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' }, spec: { accessModes: ['ReadWriteOnce'] } }))).toEqual([
      'spec.capacity: Required value',
      'spec.capacity: Unsupported value: null: supported values: "storage"',
      'spec: Required value: must specify a volume type',
    ]);
    expect(texts(validatePersistentVolume({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' }, spec: { accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'], capacity: { storage: '0' }, persistentVolumeReclaimPolicy: 'Keep', local: { path: '/d' } } }))).toEqual([
      'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
      'spec.capacity[storage]: Invalid value: "0": must be greater than zero',
      'spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"',
      'spec.nodeAffinity: Required value: Local volume requires node affinity',
    ]);
  });
});

describe('PersistentVolumeClaim validation', () => {
  it('requires access modes and a storage request', () => {
    expect(texts(validatePersistentVolumeClaim(pvc({ resources: {} })))).toEqual([
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
  });

  it('freezes the spec, but lets a bound claim grow and the controller set the volume once', () => {
    const old = pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' });
    expect(texts(validatePersistentVolumeClaimUpdate(pvc({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' }), old))).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ]);
    expect(validatePersistentVolumeClaimUpdate(pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem', volumeName: 'v' }), old)).toEqual([]);
    const bound = pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem', volumeName: 'v' }, { phase: 'Bound', capacity: { storage: '1Gi' } });
    const grown = pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } }, volumeMode: 'Filesystem', volumeName: 'v' }, { phase: 'Bound', capacity: { storage: '1Gi' } });
    expect(validatePersistentVolumeClaimUpdate(grown, bound)).toEqual([]);
    // An unbound claim cannot change its request.
    expect(texts(validatePersistentVolumeClaimUpdate(pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } }, volumeMode: 'Filesystem' }), old))).toHaveLength(1);
  });
});

describe('StorageClass validation', () => {
  const sc = (o: Record<string, unknown>): KObject => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's' }, ...o });
  it('requires a provisioner and a supported policy and binding mode', () => {
    expect(texts(validateStorageClass(sc({ reclaimPolicy: 'Recycle', volumeBindingMode: 'Later' })))).toEqual([
      'provisioner: Required value',
      'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
      'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    ]);
  });
  it('forbids changing parameters, provisioner and reclaim policy', () => {
    const old = sc({ provisioner: 'a.io/x', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    expect(texts(validateStorageClassUpdate(sc({ provisioner: 'b.io/x', reclaimPolicy: 'Retain', volumeBindingMode: 'Immediate', parameters: { k: 'v' } }), old))).toEqual([
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
    ]);
  });
});
