import { describe, expect, it } from 'vitest';
import { estimatePodsSeconds, gvrString } from './namespace.js';
import { failureConditions, updateConditions } from './conditions.js';
import { lookupResource } from '../../api/resources.js';

describe('namespace deletion conditions', () => {
  it('reports remaining content and finalizers with the real texts', () => {
    const f = failureConditions({
      errors: ['unexpected items still remain in namespace: x for gvr: /v1, Resource=pods'],
      remaining: new Map([['pods.', 2], ['replicasets.apps', 1]]),
      finalizers: new Map([['example.com/keep', 1]]),
    });
    expect(f.get('NamespaceDeletionContentFailure')).toEqual({ reason: 'ContentDeletionFailed', message: 'Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: x for gvr: /v1, Resource=pods' });
    expect(f.get('NamespaceContentRemaining')).toEqual({ reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 2 resource instances, replicasets.apps has 1 resource instances' });
    expect(f.get('NamespaceFinalizersRemaining')).toEqual({ reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances' });
  });
  it('writes the ok variants, and moves lastTransitionTime only when a status flips', () => {
    const first = updateConditions(undefined, new Map(), 'T1')!;
    expect(first.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
      ['NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
    ]);
    expect(updateConditions(first, new Map(), 'T2')).toBeUndefined();
    const second = updateConditions(first, failureConditions({ errors: [], remaining: new Map([['pods.', 1]]) }), 'T3')!;
    expect(second.find((c) => c.type === 'NamespaceContentRemaining')).toMatchObject({ status: 'True', lastTransitionTime: 'T3' });
    expect(second.find((c) => c.type === 'NamespaceDeletionDiscoveryFailure')!.lastTransitionTime).toBe('T1');
  });
  it('names resources as GroupVersionResource.String() and estimates pod termination', () => {
    expect(gvrString(lookupResource('pods')!)).toBe('/v1, Resource=pods');
    expect(gvrString(lookupResource('replicasets.apps')!)).toBe('apps/v1, Resource=replicasets');
    const p = (grace: number, phase = 'Running') => ({ metadata: {}, spec: { terminationGracePeriodSeconds: grace }, status: { phase } });
    expect(estimatePodsSeconds([p(30), p(60), p(90, 'Succeeded')], 0, 10_000)).toBe(60);
    expect(estimatePodsSeconds([p(30)], 0, 30_000)).toBe(0);
  });
});
