/**
 * Drives the virtual clock from the wall clock for the page and `kubelab
 * shell`: every tick, simulated time moves by the wall time elapsed times the
 * speed (1×, 10×, 60×; 0 pauses). Only setInterval is used (browsers and Node
 * both have it); the wall time source is passed in (performance.now in the
 * page, Date.now in Node), so the engine itself never reads the wall clock.
 */
import type { VirtualClock } from './clock.js';

export interface RealtimeOptions {
  /** Wall-clock milliseconds; without it, each tick counts as `tickMs`. */
  now?: () => number;
  tickMs?: number;
  speed?: number;
  /** Cap on simulated time per tick so a sleeping tab that wakes up does not replay hours at once. */
  maxStepMs?: number;
}

type TimerHandle = unknown;
interface TimerHost {
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(h: TimerHandle): void;
}

export class RealtimeDriver {
  speed: number;
  private handle: TimerHandle | undefined;
  private last = 0;
  private carry = 0;
  private readonly tickMs: number;
  private readonly maxStepMs: number;

  constructor(private readonly clock: VirtualClock, private readonly opts: RealtimeOptions = {}) {
    this.speed = opts.speed ?? 1;
    this.tickMs = opts.tickMs ?? 50;
    this.maxStepMs = opts.maxStepMs ?? 60_000;
  }

  get running(): boolean {
    return this.handle !== undefined;
  }

  start(): void {
    if (this.handle !== undefined) return;
    const host = globalThis as unknown as TimerHost;
    this.last = this.wallNow();
    this.handle = host.setInterval(() => this.tick(), this.tickMs);
  }

  stop(): void {
    if (this.handle === undefined) return;
    (globalThis as unknown as TimerHost).clearInterval(this.handle);
    this.handle = undefined;
  }

  /** 0 pauses; 1 is real time; 60 runs a minute per second. */
  setSpeed(speed: number): void {
    this.speed = Math.max(0, speed);
  }

  /** One step: exposed so tests can drive it without timers. */
  tick(): void {
    const now = this.wallNow();
    const wall = now - this.last;
    this.last = now;
    if (this.speed <= 0 || wall <= 0) return;
    // Integer clock: keep the fraction for the next tick so 1× does not drift.
    const exact = wall * this.speed + this.carry;
    const step = Math.min(this.maxStepMs, Math.floor(exact));
    this.carry = step < this.maxStepMs ? exact - step : 0;
    if (step > 0) this.clock.advance(step);
  }

  private ticks = 0;
  private wallNow(): number {
    if (this.opts.now) return this.opts.now();
    return ++this.ticks * this.tickMs;
  }
}
