import { describe, expect, it } from 'vitest';
import { ERR_REASON_POD, fits, pinnedNodeNames, preferredScore } from './index.js';

describe('NodeAffinity', () => {
  it('reason text', () => expect(ERR_REASON_POD).toBe("node(s) didn't match Pod's node affinity/selector"));
  it('nodeSelector must match every label', () => {
    expect(fits({ disk: 'ssd' }, undefined, { disk: 'ssd', zone: 'a' }, 'n1')).toBe(true);
    expect(fits({ disk: 'ssd' }, undefined, { disk: 'hdd' }, 'n1')).toBe(false);
  });
  it('required terms are ORed, expressions ANDed, matchFields metadata.name supported', () => {
    const terms = [
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'gpu', operator: 'Exists' }] },
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] },
    ];
    expect(fits(undefined, terms, { zone: 'a', gpu: '1' }, 'n1')).toBe(true);
    expect(fits(undefined, terms, { zone: 'a' }, 'n1')).toBe(false);
    expect(fits(undefined, terms, {}, 'n2')).toBe(true);
    expect(fits(undefined, [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }], { cores: '8' }, 'n')).toBe(true);
    expect(fits(undefined, [{}], { a: 'b' }, 'n')).toBe(false);
  });
  it('pins node names for DaemonSet-style affinity', () => {
    expect(pinnedNodeNames([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }])).toEqual(new Set(['n1']));
    expect(pinnedNodeNames([{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }])).toBeUndefined();
  });
  it('preferred terms add their weights', () => {
    const terms = [{ weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }, { weight: 5, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } }];
    expect(preferredScore(terms, { disk: 'ssd', zone: 'a' }, 'n')).toBe(15);
    expect(preferredScore(terms, { zone: 'a' }, 'n')).toBe(5);
  });
});
