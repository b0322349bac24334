import { describe, expect, it } from 'vitest';
import { distributeLoad, loadChanges } from './load';

describe('distributeLoad', () => {
  it('spreads a Service’s requests evenly over its ready endpoints and sums Services sharing a pod', () => {
    const eps = new Map([['default/a', ['default/p1', 'default/p2']], ['default/b', ['default/p2']], ['default/empty', []]]);
    const d = distributeLoad(new Map([['default/a', 100], ['default/b', 10], ['default/empty', 5]]), eps);
    expect([...d.entries()].sort()).toEqual([['default/p1', 50], ['default/p2', 60]]);
  });

  it('lists pods that gained, changed or lost load', () => {
    const before = new Map([['ns/x', 10], ['ns/y', 5]]);
    const after = new Map([['ns/y', 5], ['ns/z', 3]]);
    expect(loadChanges(before, after)).toEqual([['ns/x', 0], ['ns/z', 3]]);
  });
});
