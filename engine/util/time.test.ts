import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rfc3339, rfc3339Micro } from './time.js';

describe('metav1 time texts', () => {
  it('MicroTime is the instant to the millisecond with three more zeros, as Go formats RFC3339Micro', () => {
    expect(rfc3339Micro(Date.UTC(2026, 0, 1, 0, 0, 5, 7))).toBe('2026-01-01T00:00:05.007000Z');
    expect(rfc3339Micro(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00.000000Z');
    expect(rfc3339Micro(Date.UTC(2026, 0, 1, 23, 59, 59, 999))).toBe('2026-01-01T23:59:59.999000Z');
    // Against Date's own text, over whole and fractional milliseconds, in any order (the second's text is reused).
    const ms = fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.double({ min: 0, max: 4_102_444_800_000, noNaN: true }));
    fc.assert(fc.property(fc.array(ms, { minLength: 1, maxLength: 5 }), (times) => {
      for (const t of times) expect(rfc3339Micro(t)).toBe(new Date(t).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'));
    }), { numRuns: 2000 });
  });

  it('Time is the instant to the second, whatever seconds were formatted before', () => {
    expect(rfc3339(Date.UTC(2026, 0, 1, 0, 0, 5, 999))).toBe('2026-01-01T00:00:05Z');
    // Seconds 64 apart share a slot of the cache: alternating between them must not mix their texts.
    const t = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 4; i++) {
      expect(rfc3339(t)).toBe('2026-01-01T00:00:00Z');
      expect(rfc3339(t + 64_000)).toBe('2026-01-01T00:01:04Z');
    }
    const ms = fc.integer({ min: 0, max: 4_102_444_800_000 });
    fc.assert(fc.property(fc.array(ms, { minLength: 1, maxLength: 8 }), (times) => {
      for (const x of times) expect(rfc3339(x)).toBe(new Date(Math.floor(x / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    }), { numRuns: 2000 });
  });
});
