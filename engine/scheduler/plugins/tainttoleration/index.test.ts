import { describe, expect, it } from 'vitest';
import { countIntolerablePreferNoSchedule, ERR_REASON_UNTOLERATED, untoleratedTaint } from './index.js';

const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const };

describe('TaintToleration', () => {
  it('uses the v1.35 reason text, which no longer names the taint', () => {
    expect(ERR_REASON_UNTOLERATED).toBe('node(s) had untolerated taint(s)');
  });
  it('finds the control-plane taint untolerated, and tolerated with Exists', () => {
    expect(untoleratedTaint([cp], [])).toEqual(cp);
    expect(untoleratedTaint([cp], [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }])).toBeUndefined();
    expect(untoleratedTaint([cp], [{ operator: 'Exists' }])).toBeUndefined();
  });
  it('Equal needs the same value; PreferNoSchedule never filters', () => {
    const t = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const };
    expect(untoleratedTaint([t], [{ key: 'dedicated', value: 'cpu' }])).toEqual(t);
    expect(untoleratedTaint([t], [{ key: 'dedicated', value: 'gpu' }])).toBeUndefined();
    expect(untoleratedTaint([{ key: 'x', effect: 'PreferNoSchedule' }], [])).toBeUndefined();
  });
  it('counts only untolerated PreferNoSchedule taints for scoring', () => {
    const taints = [{ key: 'a', effect: 'PreferNoSchedule' as const }, { key: 'b', effect: 'PreferNoSchedule' as const }, cp];
    expect(countIntolerablePreferNoSchedule(taints, [])).toBe(2);
    expect(countIntolerablePreferNoSchedule(taints, [{ key: 'a', operator: 'Exists' }])).toBe(1);
    // A NoSchedule-only toleration does not cover PreferNoSchedule.
    expect(countIntolerablePreferNoSchedule(taints, [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }])).toBe(2);
  });
});
