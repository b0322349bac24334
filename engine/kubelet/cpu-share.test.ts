import { describe, expect, it } from 'vitest';
import { MIN_SHARES, milliCPUToShares, shareCPU } from './cpu-share.js';

describe('milliCPUToShares', () => {
  it('is the request × 1024 / 1000, at least the kernel minimum of 2', () => {
    expect(milliCPUToShares(1000)).toBe(1024);
    expect(milliCPUToShares(200)).toBe(204);
    expect(milliCPUToShares(1)).toBe(MIN_SHARES);
    expect(milliCPUToShares(undefined)).toBe(MIN_SHARES);
  });
});

describe('shareCPU', () => {
  it('gives every container what it asks while the node has enough', () => {
    const demands = [500, 300, 100];
    expect(shareCPU(1955, demands, (i) => [204, 204, 2][i])).toBe(demands);
  });

  it('splits a saturated node equally among equal requests', () => {
    const use = shareCPU(1955, [500, 500, 500, 500, 500], (i) => [204, 204, 204, 204, 204][i]);
    for (const u of use) expect(u).toBeCloseTo(391, 6);
  });

  it('lets small consumers keep what they ask and splits the rest by weight', () => {
    // 100m for a CoreDNS-sized ask, then 1,900m left for two hogs weighted 1:3 (requests 250m and 750m).
    const use = shareCPU(2000, [100, 2000, 2000], (i) => [102, 256, 768][i]);
    expect(use[0]).toBe(100);
    expect(use[1]).toBeCloseTo(475, 6);
    expect(use[2]).toBeCloseTo(1425, 6);
    expect(use.reduce((a, b) => a + b, 0)).toBeCloseTo(2000, 6);
  });

  it('satisfies a container whose demand is below its weighted part, found only after others are capped', () => {
    // Equal weights: 1,000 each at first; the 800 ask fits, leaving 1,200 for the other.
    const use = shareCPU(2000, [800, 1500], (i) => [1024, 1024][i]);
    expect(use).toEqual([800, 1200]);
  });

  it('leaves a BestEffort container almost nothing against containers with requests', () => {
    const use = shareCPU(1000, [1000, 1000], (i) => [1024, MIN_SHARES][i]);
    expect(use[1]).toBeLessThan(2);
    expect(use[0] + use[1]).toBeCloseTo(1000, 6);
  });
});
