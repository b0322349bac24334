import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/meta.js';
import { orphanMayBeAdopted } from './daemonset.js';

const pod = (labels: Record<string, string> | undefined, owner?: string, phase = 'Running'): KObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', labels, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `uid-${owner}`, controller: true }] } : {}) },
  status: { phase },
});

describe('DaemonSet controller: which pod updates make it look for an orphan to adopt (daemon_controller.go updatePod)', () => {
  it('a status write to an orphan changes neither labels nor controller: nothing to sync', () => {
    expect(orphanMayBeAdopted(pod({ app: 'agent' }, undefined, 'Pending'), pod({ app: 'agent' }))).toBe(false);
    // Same labels in another order are the same labels (reflect.DeepEqual of maps).
    expect(orphanMayBeAdopted(pod({ a: '1', b: '2' }), pod({ b: '2', a: '1' }))).toBe(false);
    expect(orphanMayBeAdopted(pod(undefined), pod(undefined))).toBe(false);
  });

  it('relabelled or released orphans are looked at', () => {
    expect(orphanMayBeAdopted(pod({ app: 'other' }), pod({ app: 'agent' }))).toBe(true);
    expect(orphanMayBeAdopted(pod(undefined), pod({ app: 'agent' }))).toBe(true);
    expect(orphanMayBeAdopted(pod({ app: 'agent' }, 'web-1'), pod({ app: 'agent' }))).toBe(true);
  });

  it('a pod with a controller is its controller\'s business', () => {
    expect(orphanMayBeAdopted(pod({ app: 'other' }), pod({ app: 'agent' }, 'web-1'))).toBe(false);
  });
});
