import { describe, expect, it } from 'vitest';
import { EVERYTHING, NOTHING, labelSelectorAsSelector, parseLabelSelector, sameLabels, selectorFromSet } from './selectors.js';

describe('label selectors', () => {
  it('match, print and report emptiness as k8s.io/apimachinery/pkg/labels does', () => {
    // Keys in sorted order, as labels.Parse leaves them (it sorts requirements ByKey); Requirement.String() writes each one.
    const s = parseLabelSelector('app=web,!canary,env in (a,b),tier!=db');
    expect(s.toString()).toBe('app=web,!canary,env in (a,b),tier!=db');
    expect(`${s}`).toBe('app=web,!canary,env in (a,b),tier!=db');
    expect(s.empty()).toBe(false);
    expect(s.matches({ app: 'web', env: 'a' })).toBe(true);
    expect(s.matches({ app: 'web', env: 'a', tier: 'db' })).toBe(false);
    expect(s.matches({ app: 'web', env: 'a', canary: '' })).toBe(false);
    expect(s.matches(undefined)).toBe(false);
    expect(EVERYTHING.matches(undefined)).toBe(true);
    expect(EVERYTHING.empty()).toBe(true);
    expect(NOTHING.matches({})).toBe(false);
    expect(NOTHING.empty()).toBe(false);
  });

  it('turn a LabelSelector and a selector set into the same requirements', () => {
    const ls = labelSelectorAsSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'NotIn', values: ['x'] }, { key: 'd', operator: 'Exists' }] });
    expect(ls.toString()).toBe('a=1,b=2,c notin (x),d');
    expect(ls.matches({ a: '1', b: '2', d: '' })).toBe(true);
    expect(ls.matches({ a: '1', b: '2', c: 'x', d: '' })).toBe(false);
    expect(labelSelectorAsSelector(undefined).matches({})).toBe(false);
    expect(labelSelectorAsSelector({}).matches({})).toBe(true);
    expect(selectorFromSet({ b: '2', a: '1' }).toString()).toBe('a=1,b=2');
    expect(selectorFromSet({}).empty()).toBe(true);
  });
});

describe('sameLabels', () => {
  it('compares keys and values, not their order, and treats a missing set as empty', () => {
    expect(sameLabels({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true);
    expect(sameLabels({ a: '1' }, { a: '2' })).toBe(false);
    expect(sameLabels({ a: '1' }, { b: '1' })).toBe(false);
    expect(sameLabels({ a: '1' }, { a: '1', b: '2' })).toBe(false);
    expect(sameLabels(undefined, {})).toBe(true);
    expect(sameLabels(undefined, { a: '' })).toBe(false);
  });
});
