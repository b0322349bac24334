/** The pods and claims a StatefulSet makes (stateful_set_utils.go: newStatefulSetPod, getPersistentVolumeClaims, updateStorage). */
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/meta.js';
import { claimsFor, maxUnavailable, newStatefulSetPod, parentAndOrdinal } from './stateful-set-utils.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const set = (extra: any = {}): KObject => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: {
    serviceName: 'nginx', replicas: 3, selector: { matchLabels: { app: 'nginx' } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }], volumes: [{ name: 'www', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }] } },
    volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }],
    ...extra,
  },
} as KObject);

describe('a StatefulSet pod and its claims', () => {
  it('claims <template>-<set>-<ordinal>, the selector\'s labels added to the template\'s, without the template status', () => {
    const withLabels: any = set();
    withLabels.spec.volumeClaimTemplates[0].metadata.labels = { tier: 'db', app: 'other' };
    expect(claimsFor(withLabels, 0)[0].metadata.labels).toEqual({ tier: 'db', app: 'nginx' });
    expect(claimsFor(set(), 2)).toEqual([{
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: { name: 'www-web-2', namespace: 'default', labels: { app: 'nginx' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
    }]);
  });
  it('the pod mounts its claims in place of same-named volumes, with its identity', () => {
    const p: any = newStatefulSetPod(set(), 1, 'web-abc');
    expect(p.metadata.name).toBe('web-1');
    expect(p.metadata.labels).toEqual({ app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': 'web-abc' });
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u1', controller: true, blockOwnerDeletion: true }]);
    expect(p.spec.hostname).toBe('web-1');
    expect(p.spec.subdomain).toBe('nginx');
    expect(p.spec.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } }, { name: 'cfg', configMap: { name: 'c' } }]);
  });
  it('ordinals from names, maxUnavailable as a number or a percent rounded down, at least 1', () => {
    expect(parentAndOrdinal('web-12')).toEqual({ parent: 'web', ordinal: 12 });
    expect(parentAndOrdinal('web')).toEqual({ parent: '', ordinal: -1 });
    expect(maxUnavailable(set({ replicas: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%' } } }))).toBe(2);
    expect(maxUnavailable(set({ replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } } }))).toBe(1);
    expect(maxUnavailable(set({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } }))).toBe(2);
  });
});
