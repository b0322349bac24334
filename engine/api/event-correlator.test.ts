import { describe, expect, it } from 'vitest';
import { COMBINED_PREFIX, EventCorrelator, SPAM_REFILL_MS, type CorrelatedEvent } from './event-correlator.js';

const base: CorrelatedEvent = {
  component: 'replicaset-controller', host: '', kind: 'ReplicaSet', namespace: 'default', name: 'web-5d8c7f9b6',
  uid: 'u1', apiVersion: 'apps/v1', fieldPath: '', type: 'Normal', reason: 'SuccessfulCreate', message: '',
};

describe('EventCorrelator (client-go tools/record/events_cache.go)', () => {
  it('writes nine distinct messages as they are, then folds the rest into one combined Event', () => {
    const c = new EventCorrelator();
    const out = Array.from({ length: 14 }, (_, i) => c.correlate({ ...base, message: `Created pod: web-${i}` }, 1000 + i, `ev-${i}`));
    expect(out.slice(0, 9).map((d) => [d.skip, d.skip ? '' : d.message, d.skip ? 0 : d.count, d.skip ? '' : d.existing])).toEqual(
      Array.from({ length: 9 }, (_, i) => [false, `Created pod: web-${i}`, 1, undefined]));
    // The 10th starts the combined Event under its own name; later ones update it.
    expect(out[9]).toMatchObject({ skip: false, message: `${COMBINED_PREFIX}Created pod: web-9`, count: 1, existing: undefined, aggregated: true, name: 'ev-9' });
    expect(out[13]).toMatchObject({ skip: false, message: `${COMBINED_PREFIX}Created pod: web-13`, count: 5, existing: 'ev-9', firstTimestamp: 1009 });
  });

  it('counts exact repeats on the first Event, and lets a source burst 25 writes about an object, then one per 5 minutes', () => {
    const c = new EventCorrelator();
    const ev = { ...base, kind: 'Pod', name: 'crash', reason: 'BackOff', type: 'Warning', message: 'Back-off restarting failed container app in pod crash_default(u1)' };
    // All at one instant, so no token comes back during the burst.
    const burst = Array.from({ length: 30 }, (_, i) => c.correlate(ev, 10_000, `n${i}`));
    expect(burst.filter((d) => !d.skip)).toHaveLength(25);
    expect(burst[24]).toMatchObject({ skip: false, count: 25, existing: 'n0' });
    expect(burst.slice(25).every((d) => d.skip)).toBe(true);
    // The bucket refills continuously: one token 5 minutes after it ran dry, and the write carries every repeat since.
    expect(c.correlate(ev, 10_000 + SPAM_REFILL_MS - 1, 'x').skip).toBe(true);
    expect(c.correlate(ev, 10_000 + SPAM_REFILL_MS, 'y')).toMatchObject({ skip: false, count: 32, existing: 'n0', firstTimestamp: 10_000 });
  });

  it('starts a group again after 10 quiet minutes, and keys the spam filter on type and reason when asked', () => {
    const c = new EventCorrelator();
    for (let i = 0; i < 9; i++) c.correlate({ ...base, message: `m${i}` }, 0, `a${i}`);
    expect(c.correlate({ ...base, message: 'late' }, 600_001, 'b')).toMatchObject({ skip: false, message: 'late', aggregated: false });
    const byObject = new EventCorrelator();
    const byReason = new EventCorrelator({ spamKeyByReason: true });
    for (let i = 0; i < 25; i++) for (const k of [byObject, byReason]) k.correlate({ ...base, kind: 'Service', reason: 'EnsuringLoadBalancer', message: `e${i % 3}` }, i, `s${i}`);
    const other = { ...base, kind: 'Service', reason: 'EnsuredLoadBalancer', message: 'Ensured load balancer' };
    expect(byObject.correlate(other, 30, 'o').skip).toBe(true);
    expect(byReason.correlate(other, 30, 'o').skip).toBe(false);
  });

  it('reports clock times as given, however far apart the events are', () => {
    const c = new EventCorrelator();
    const t0 = Date.UTC(2026, 0, 1);
    const ev = { ...base, kind: 'Pod', name: 'p', reason: 'Pulled', message: 'Container image "nginx" already present on machine' };
    expect(c.correlate(ev, t0 + 1, 'a')).toMatchObject({ skip: false, count: 1, firstTimestamp: t0 + 1 });
    expect(c.correlate(ev, t0 + 2, 'b')).toMatchObject({ skip: false, count: 2, firstTimestamp: t0 + 1, existing: 'a' });
    // 40 days later (more ms than an int32 holds): the same Event, counted on.
    const later = t0 + 40 * 86_400_000 + 0.5;
    expect(c.correlate(ev, later, 'c')).toMatchObject({ skip: false, count: 3, firstTimestamp: t0 + 1, existing: 'a' });
    const other = { ...ev, reason: 'Created', message: 'Container created' };
    expect(c.correlate(other, later, 'd')).toMatchObject({ skip: false, count: 1, firstTimestamp: later, existing: undefined });
  });

  it('folds a repeat by its text alone, however many different reasons and messages came between', () => {
    const c = new EventCorrelator();
    const ev = (i: number) => ({ ...base, kind: 'Pod', name: `p${i}`, uid: `u${i}`, reason: `Reason${i}`, message: `message ${i}` });
    for (let i = 0; i < 5000; i++) expect(c.correlate(ev(i), i, `e${i}`)).toMatchObject({ skip: false, count: 1 });
    expect(c.correlate(ev(4500), 6000, 'x')).toMatchObject({ skip: false, count: 2, existing: 'e4500', firstTimestamp: 4500 });
    expect(c.correlate({ ...ev(1000), message: 'message 1000' }, 6001, 'y')).toMatchObject({ skip: false, count: 2, existing: 'e1000' });
    // Beyond the 4096 most recent: forgotten, as client-go's LRU forgets it.
    expect(c.correlate(ev(10), 6002, 'z')).toMatchObject({ skip: false, count: 1, existing: undefined });
  });

  it('forgets the least recently used entry while older entries keep being used again (long runs of evictions)', () => {
    const c = new EventCorrelator();
    // A plain model of client-go's LRU: an array in order of use, the front evicted past 4096.
    const model: number[] = [];
    const counts = new Map<number, number>();
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let t = 0; t < 20_000; t++) {
      // Mostly new objects, often one of the last ~6,000 again (some still remembered, some already forgotten).
      const i = next() % 3 === 0 ? t - 1 - (next() % 6000) : t;
      const at = model.indexOf(i);
      if (at >= 0) model.splice(at, 1);
      else counts.set(i, 0);
      model.push(i);
      if (model.length > 4096) counts.delete(model.shift()!);
      const count = (counts.get(i) ?? 0) + 1;
      counts.set(i, count);
      const d = c.correlate({ ...base, kind: 'Pod', name: `p${i}`, uid: `u${i}`, reason: 'Pulled', message: 'm' }, t * SPAM_REFILL_MS, `e${t}`);
      if (d.skip || d.count !== count) expect({ t, i, d }).toEqual({ t, i, d: { count } });
    }
  });
});
