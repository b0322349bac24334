/**
 * Drives the virtual clock from the wall clock: at speed 10, one real second
 * is ten simulated seconds. The engine's own events may take real time to run;
 * the driver works in slices (at most `sliceMs` of real time each) so messages
 * from the page (Ctrl-C, a new line, a speed change) are handled in between.
 */
import type { Speed } from './protocol';

export interface SteppableClock {
  now(): number;
  nextAt(): number | undefined;
  step(): boolean;
  runUntilTime(target: number): void;
}

/** Real time spent on engine events before yielding to incoming messages. */
export const SLICE_MS = 12;
/**
 * When the engine falls behind (a 2,000-pod burst at 60x), the debt is
 * forgiven beyond this many real milliseconds instead of running flat out to
 * catch up: the learner sees the simulation slow down, never the page freeze.
 */
export const MAX_LAG_MS = 250;

export class RealtimeDriver {
  speed: Speed;
  /** Wall time and virtual time at the last speed change (or lag forgiveness). */
  private wallAnchor: number;
  private virtualAnchor: number;
  /** Fast-forward: run up to this virtual time as fast as slices allow. */
  private forwardTo = 0;

  constructor(private readonly clock: SteppableClock, wallNow: number, speed: Speed = 1) {
    this.speed = speed;
    this.wallAnchor = wallNow;
    this.virtualAnchor = clock.now();
  }

  setSpeed(speed: Speed, wallNow: number): void {
    this.reanchor(wallNow);
    this.speed = speed;
  }

  /** `+1 min`: adds to any fast-forward still running. */
  forward(ms: number): void {
    this.forwardTo = Math.max(this.forwardTo, this.clock.now()) + ms;
  }

  get forwarding(): boolean {
    return this.forwardTo > this.clock.now();
  }

  /** Where virtual time should be at `wallNow`. */
  target(wallNow: number): number {
    const realtime = this.virtualAnchor + Math.floor((wallNow - this.wallAnchor) * this.speed);
    return Math.max(realtime, this.forwardTo, this.clock.now());
  }

  /**
   * Runs events due by the target until the slice's budget is spent. `realNow`
   * reads the wall clock (performance.now in the page, a fake in tests).
   * Returns true when the clock reached its target (nothing left to do now).
   */
  slice(realNow: () => number, budgetMs = SLICE_MS): boolean {
    const start = realNow();
    const goal = this.target(start);
    for (;;) {
      const next = this.clock.nextAt();
      if (next === undefined || next > goal) {
        this.clock.runUntilTime(goal);
        if (!this.forwarding) this.forwardTo = 0;
        return true;
      }
      this.clock.step();
      if (realNow() - start >= budgetMs) break;
    }
    const behindMs = this.speed > 0 ? (goal - this.clock.now()) / this.speed : 0;
    if (behindMs > MAX_LAG_MS && !this.forwarding) this.reanchor(realNow(), this.clock.now() + MAX_LAG_MS * this.speed);
    return false;
  }

  private reanchor(wallNow: number, virtualNow?: number): void {
    this.virtualAnchor = virtualNow ?? this.target(wallNow);
    this.wallAnchor = wallNow;
  }
}
