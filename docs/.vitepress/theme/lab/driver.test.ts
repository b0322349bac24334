import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../engine/util/clock';
import { MAX_LAG_MS, RealtimeDriver } from './driver';

describe('RealtimeDriver', () => {
  it('moves virtual time at the chosen speed', () => {
    const clock = new VirtualClock(0);
    const d = new RealtimeDriver(clock, 1000, 10);
    let wall = 1000;
    d.slice(() => wall);
    expect(clock.now()).toBe(0);
    wall = 1500;
    d.slice(() => wall);
    expect(clock.now()).toBe(5000);
  });

  it('stands still when paused and resumes from where it stopped', () => {
    const clock = new VirtualClock(0);
    const d = new RealtimeDriver(clock, 0, 1);
    d.slice(() => 100);
    expect(clock.now()).toBe(100);
    d.setSpeed(0, 100);
    d.slice(() => 5000);
    expect(clock.now()).toBe(100);
    d.setSpeed(60, 5000);
    d.slice(() => 5001);
    expect(clock.now()).toBe(160);
  });

  it('fast-forwards by the requested amount even when paused, running the events in between', () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    for (const t of [10_000, 30_000, 61_000]) clock.at(t, () => fired.push(t));
    const d = new RealtimeDriver(clock, 0, 0);
    d.forward(60_000);
    expect(d.slice(() => 0)).toBe(true);
    expect(clock.now()).toBe(60_000);
    expect(fired).toEqual([10_000, 30_000]);
  });

  it('stops a slice when its real-time budget is spent and forgives lag beyond MAX_LAG_MS', () => {
    const clock = new VirtualClock(0);
    let wall = 0;
    // Each event costs 5 ms of real time; 100 events are due.
    for (let i = 1; i <= 100; i++) clock.at(i, () => { wall += 5; });
    const d = new RealtimeDriver(clock, 0, 60);
    wall = 10_000;
    expect(d.slice(() => wall, 12)).toBe(false);
    expect(clock.now()).toBe(3);
    // 10 s of real time behind at 60x: the target is pulled in to MAX_LAG_MS ahead.
    expect(d.target(wall)).toBe(3 + MAX_LAG_MS * 60);
  });
});
