import { describe, expect, it } from 'vitest';
import { Random } from './random.js';
import { VirtualClock } from './clock.js';

describe('VirtualClock', () => {
  it('runs events in order of time, then of scheduling, including events scheduled at the current instant', () => {
    const c = new VirtualClock(0);
    const ran: string[] = [];
    c.schedule(20, () => ran.push('b20'));
    c.schedule(10, () => {
      ran.push('a10');
      c.schedule(0, () => ran.push('c10'));
      c.schedule(10, () => ran.push('d20'));
    });
    c.schedule(10, () => ran.push('e10'));
    c.at(5, () => ran.push('f5'));
    c.advance(100);
    expect(ran).toEqual(['f5', 'a10', 'e10', 'c10', 'b20', 'd20']);
    expect(c.now()).toBe(100);
  });

  it('keeps that order for thousands of random timers, periodic ones and cancellations (against a sort)', () => {
    const c = new VirtualClock(1_000_000);
    const random = new Random(42);
    const expected: { at: number; seq: number; name: number }[] = [];
    const ran: number[] = [];
    let seq = 0;
    const ids: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const delay = random.int(50) * 10;
      const at = c.now() + delay;
      const name = i;
      ids.push(c.schedule(delay, () => ran.push(name)));
      expected.push({ at, seq: seq++, name });
    }
    const cancelled = new Set<number>();
    for (let i = 0; i < 3000; i += 7) {
      c.cancel(ids[i]);
      cancelled.add(i);
    }
    c.advance(1000);
    const want = expected.filter((e) => !cancelled.has(e.name)).sort((a, b) => a.at - b.at || a.seq - b.seq).map((e) => e.name);
    expect(ran).toEqual(want);
    expect(c.pending()).toBe(0);
  });

  it('repeats a periodic timer every period until cancelled, and counts it as pending between its runs', () => {
    const c = new VirtualClock(0);
    const ticks: number[] = [];
    const other: number[] = [];
    const stop = c.every(10, () => ticks.push(c.now()));
    c.every(10, () => other.push(c.now()), { firstDelayMs: 5 });
    c.advance(35);
    expect(ticks).toEqual([10, 20, 30]);
    stop();
    c.advance(30);
    expect(ticks).toEqual([10, 20, 30]);
    expect(other).toEqual([5, 15, 25, 35, 45, 55, 65]);
    expect(c.pending()).toBe(1);
  });

  it('counts foreground timers apart from daemon ones for runUntilIdle', () => {
    const c = new VirtualClock(0);
    c.every(10, () => {});
    let done = false;
    const id = c.schedule(500, () => { done = true; }, { daemon: false });
    c.schedule(50, () => {}, { daemon: false });
    expect(c.pendingForeground()).toBe(2);
    c.cancel(id);
    c.cancel(id);
    expect(c.pendingForeground()).toBe(1);
    expect(c.runUntilIdle()).toBe(true);
    expect(done).toBe(false);
    expect(c.now()).toBe(50);
    // The heartbeat due at 50 was scheduled after the foreground timer (at 40): it is still queued.
    expect(c.nextAt()).toBe(50);
  });

  it('runDue runs what is due now, one event at a time, stops at a hold and leaves time where it is', () => {
    const c = new VirtualClock(100);
    const ran: string[] = [];
    let release: (() => void) | undefined;
    c.schedule(0, () => { ran.push('a'); c.schedule(0, () => ran.push('c')); });
    c.schedule(0, () => { ran.push('b'); release = c.hold(); });
    c.schedule(5, () => ran.push('later'));
    c.runDue();
    expect(ran).toEqual(['a', 'b']);
    release!();
    c.runDue();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(c.now()).toBe(100);
    expect(c.nextAt()).toBe(105);
  });

  it('keeps running after a handler throws and records the error', () => {
    const c = new VirtualClock(0);
    const ran: number[] = [];
    c.schedule(1, () => { throw new Error('boom'); });
    c.schedule(1, () => ran.push(1));
    c.advance(2);
    expect(ran).toEqual([1]);
    expect(c.errors).toHaveLength(1);
  });

  it('cancels timers across many pages of ids, long-lived ones among short ones, and counts what is queued', () => {
    const c = new VirtualClock(0);
    const ran: number[] = [];
    // A timer due late keeps its page of ids while thousands of later ones come and go.
    const late = c.schedule(100_000, () => ran.push(-1));
    const kept = c.schedule(90_000, () => ran.push(-2));
    for (let i = 0; i < 5000; i++) c.schedule(i % 7, () => ran.push(i));
    expect(c.pending()).toBe(5002);
    c.advance(10);
    expect(ran).toHaveLength(5000);
    expect(c.pending()).toBe(2);
    const ids: number[] = [];
    for (let i = 0; i < 3000; i++) ids.push(c.schedule(5, () => ran.push(10_000 + i)));
    for (let i = 0; i < 3000; i += 2) c.cancel(ids[i]);
    c.cancel(late);
    c.cancel(late);
    expect(c.pending()).toBe(1501);
    c.advance(100_000);
    expect(ran.slice(5000)).toEqual([...Array.from({ length: 1500 }, (_, j) => 10_000 + 2 * j + 1), -2]);
    c.cancel(kept);
    expect(c.pending()).toBe(0);
    expect(c.pendingForeground()).toBe(0);
  });

  it('runs a kept timer where schedule(0) would, again after each run, and counts it as foreground while queued', () => {
    const c = new VirtualClock(0);
    const ran: string[] = [];
    let again = 2;
    const kept = c.keptTimer(() => {
      ran.push(`kept@${c.now()}`);
      if (again-- > 0) {
        c.schedule(0, () => ran.push('after'));
        c.queueNow(kept);
      }
    });
    c.schedule(0, () => ran.push('first'));
    c.queueNow(kept);
    c.schedule(0, () => ran.push('second'));
    expect(c.pending()).toBe(3);
    expect(c.pendingForeground()).toBe(3);
    c.advance(0);
    expect(ran).toEqual(['first', 'kept@0', 'second', 'after', 'kept@0', 'after', 'kept@0']);
    c.schedule(5, () => c.queueNow(kept));
    expect(c.runUntilIdle()).toBe(true);
    expect(ran.at(-1)).toBe('kept@5');
    expect(c.pending()).toBe(0);
  });
});
