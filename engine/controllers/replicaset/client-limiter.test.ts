import { describe, expect, it } from 'vitest';
import { TokenBucket } from './client-limiter.js';

describe('TokenBucket (kube-controller-manager --kube-api-qps 20, --kube-api-burst 30)', () => {
  it('allows the burst at once, then refills at QPS up to the burst', () => {
    const b = new TokenBucket(20, 30, 0);
    expect(b.available(0)).toBe(30);
    for (let i = 0; i < 30; i++) b.take(0);
    expect(b.available(0)).toBe(0);
    // 20 a second: one token every 50 ms.
    expect(b.available(49)).toBe(0);
    expect(b.available(50)).toBe(1);
    expect(b.available(1000)).toBe(20);
    expect(b.available(60_000)).toBe(30);
  });

  it('says how long until n requests may go, capped at the burst', () => {
    const b = new TokenBucket(20, 30, 0);
    expect(b.delayFor(5, 0)).toBe(0);
    for (let i = 0; i < 30; i++) b.take(0);
    expect(b.delayFor(1, 0)).toBe(50);
    expect(b.delayFor(10, 0)).toBe(500);
    // Asking for more than the bucket holds waits only for a full bucket.
    expect(b.delayFor(1000, 0)).toBe(1500);
  });

  it('QPS 0 or less does not throttle', () => {
    const b = new TokenBucket(0, 0, 0);
    for (let i = 0; i < 1000; i++) b.take(0);
    expect(b.available(0)).toBeGreaterThan(1_000_000);
    expect(b.delayFor(10, 0)).toBe(0);
  });
});
