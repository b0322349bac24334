import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../api/meta.js';
import { deleteOutcome, findMatchingVolume, volumeUnsatisfied } from './binder.js';

const pv = (name: string, storage: string, extra: Record<string, unknown> = {}, status = 'Available'): KObject => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, labels: { tier: name.startsWith('fast') ? 'fast' : 'slow' } },
  spec: { capacity: { storage }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], hostPath: { path: `/mnt/${name}` }, ...extra }, status: { phase: status },
});
const claim = (storage: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'default', uid: 'u1' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra },
});

describe('findMatchingVolume', () => {
  it('picks the smallest Available volume big enough, of the same class and access modes', () => {
    const vols = [pv('big', '10Gi'), pv('small', '2Gi'), pv('tiny', '500Mi'), pv('used', '2Gi', {}, 'Bound'), pv('classy', '2Gi', { storageClassName: 'manual' })];
    expect(findMatchingVolume(claim('1Gi'), vols, false)?.metadata.name).toBe('small');
    expect(findMatchingVolume(claim('1Gi', { storageClassName: 'manual' }), vols, false)?.metadata.name).toBe('classy');
    expect(findMatchingVolume(claim('20Gi'), vols, false)).toBeUndefined();
    expect(findMatchingVolume(claim('1Gi', { accessModes: ['ReadWriteMany'] }), vols, false)).toBeUndefined();
  });

  it('honours the selector and the volume mode, and takes a volume pre-bound to the claim first', () => {
    const vols = [pv('fast-1', '5Gi'), pv('slow-1', '1Gi'), pv('block', '1Gi', { volumeMode: 'Block' })];
    expect(findMatchingVolume(claim('1Gi', { selector: { matchLabels: { tier: 'fast' } } }), vols, false)?.metadata.name).toBe('fast-1');
    expect(findMatchingVolume(claim('1Gi', { volumeMode: 'Block' }), vols, false)?.metadata.name).toBe('block');
    const reserved = pv('reserved', '8Gi', { claimRef: { namespace: 'default', name: 'c' } });
    expect(findMatchingVolume(claim('1Gi'), [...vols, reserved], false)?.metadata.name).toBe('reserved');
    // WaitForFirstConsumer: only the pre-bound one.
    expect(findMatchingVolume(claim('1Gi'), vols, true)).toBeUndefined();
    expect(findMatchingVolume(claim('1Gi'), [...vols, reserved], true)?.metadata.name).toBe('reserved');
  });
});

describe('checkVolumeSatisfyClaim and the Delete policy', () => {
  it('says why a named volume does not fit, in the controller\'s words', () => {
    expect(volumeUnsatisfied(pv('a', '1Gi'), claim('2Gi'))).toBe('requested PV is too small');
    expect(volumeUnsatisfied(pv('a', '1Gi'), claim('1Gi', { storageClassName: 'x' }))).toBe('storageClassName does not match');
    expect(volumeUnsatisfied(pv('a', '1Gi'), claim('1Gi', { accessModes: ['ReadWriteMany'] }))).toBe('incompatible accessMode');
    expect(volumeUnsatisfied(pv('a', '1Gi'), claim('1Gi'))).toBeUndefined();
  });

  it('deletes hostPath volumes only under /tmp, waits for external provisioners and fails the rest', () => {
    expect(deleteOutcome(pv('a', '1Gi', { hostPath: { path: '/tmp/x' } }))).toEqual({ kind: 'delete' });
    expect(deleteOutcome(pv('a', '1Gi'))).toEqual({ kind: 'fail', message: 'host_path deleter only supports /tmp/.+ but received provided /mnt/a' });
    expect(deleteOutcome({ ...pv('n', '1Gi', { hostPath: undefined, nfs: { server: 's', path: '/' } }) })).toEqual({ kind: 'fail', message: 'error getting deleter volume plugin for volume "n": no deletable volume plugin matched' });
    const provisioned = pv('p', '1Gi', { hostPath: undefined, csi: { driver: 'd', volumeHandle: 'h' } });
    provisioned.metadata.annotations = { 'pv.kubernetes.io/provisioned-by': 'ebs.csi.aws.com' };
    expect(deleteOutcome(provisioned)).toEqual({ kind: 'external' });
  });
});
