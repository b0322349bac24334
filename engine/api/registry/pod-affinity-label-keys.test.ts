import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../meta.js';

describe('pod creation merges matchLabelKeys / mismatchLabelKeys into the affinity selectors (strategy.go)', () => {
  it('adds key In (value) / key NotIn (value) for the keys the pod carries, in required and preferred terms', () => {
    const c = new Cluster({ seed: 1 }).boot();
    const term = (extra: object) => ({ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname', ...extra });
    const pod: KObject = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web', 'pod-template-hash': '5d8f', tenant: 't1' } },
      spec: {
        containers: [{ name: 'c', image: 'nginx' }],
        affinity: {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ matchLabelKeys: ['pod-template-hash', 'absent'], mismatchLabelKeys: ['tenant'] })] },
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term({ matchLabelKeys: ['tenant'] }) }],
            // No labelSelector: left as it is.
            requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', matchLabelKeys: ['tenant'] }],
          },
        },
      },
    };
    const stored = c.client().create('pods', 'default', pod) as KObject & { spec: { affinity: Record<string, Record<string, unknown[]>> } };
    const anti = stored.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0] as { labelSelector: unknown };
    expect(anti.labelSelector).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'pod-template-hash', operator: 'In', values: ['5d8f'] }, { key: 'tenant', operator: 'NotIn', values: ['t1'] }],
    });
    const pref = stored.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0] as { podAffinityTerm: { labelSelector: unknown } };
    expect(pref.podAffinityTerm.labelSelector).toEqual({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tenant', operator: 'In', values: ['t1'] }] });
    expect(stored.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]).toEqual({ topologyKey: 'kubernetes.io/hostname', matchLabelKeys: ['tenant'] });
  });
});
