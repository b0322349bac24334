/**
 * The simulation's time. Every component reads `now()` from here and waits by
 * scheduling an event; nothing in the engine reads the wall clock. Events run in
 * order of time, then of scheduling, so the same inputs replay identically.
 *
 * Daemon timers are housekeeping that would otherwise keep the queue busy forever
 * (heartbeats, periodic resyncs): `runUntilIdle` stops when only they remain.
 */
export interface TimerOptions {
  daemon?: boolean;
}

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  daemon: boolean;
  cancelled: boolean;
  /** A periodic timer (every): queued again under the same id after each run, so it stays in `live`. */
  repeating: boolean;
  /** A periodic timer's period: `step` queues it again before running it (no closure of its own per timer). */
  period: number;
  /** A kept timer (keptTimer): its owner queues it again and again; it is never in `live`. */
  kept: boolean;
}

/** A timer made once by its owner and queued again after each run (VirtualClock.keptTimer, queueNow). */
export interface KeptTimer {
  readonly kept: true;
}

/**
 * The timers due at one instant, in the order they were scheduled. Thousands of kubelets tick at the same
 * instants, so the heap orders instants, not timers: a timer joins its instant's list in O(1).
 */
interface Instant {
  at: number;
  timers: Timer[];
  /** The next timer of `timers` to run. */
  head: number;
  /** Every timer has run (or was dropped): later timers at the same time start a new instant. */
  done: boolean;
}

/** Ids per page of the timer index (2^10). */
const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;

interface Page {
  slots: (Timer | undefined)[];
  /** Timers of the page still queued. */
  live: number;
}

/**
 * The queued timers by id, for cancel: a Map of every queued timer took a hash insertion and a deletion per
 * timer (a large scale-up queues some 17 per pod) and rehashed its table as they churned. Ids are handed out in
 * order and most timers run soon after, so they go in pages of 1,024 slots indexed by id: a page fills, empties as
 * its timers run, and is dropped once its last id was handed out and its last timer ran.
 */
class TimerIndex {
  private readonly pages = new Map<number, Page>();
  /** The page ids are being handed out from, kept at hand. */
  private current?: Page;
  private currentNo = -1;
  size = 0;

  get(id: number): Timer | undefined {
    const no = id >>> PAGE_BITS;
    const page = no === this.currentNo ? this.current : this.pages.get(no);
    return page?.slots[id & (PAGE_SIZE - 1)];
  }

  /** Adds a timer with a new id, higher than any before. */
  add(timer: Timer): void {
    const no = timer.id >>> PAGE_BITS;
    let page = this.current;
    if (no !== this.currentNo) {
      // The page before is complete now: gone already if its timers all ran.
      if (page !== undefined && page.live === 0) this.pages.delete(this.currentNo);
      page = { slots: new Array<Timer | undefined>(PAGE_SIZE), live: 0 };
      this.pages.set(no, page);
      this.current = page;
      this.currentNo = no;
    }
    page!.slots[timer.id & (PAGE_SIZE - 1)] = timer;
    page!.live++;
    this.size++;
  }

  delete(id: number): void {
    const no = id >>> PAGE_BITS;
    const page = no === this.currentNo ? this.current : this.pages.get(no);
    const i = id & (PAGE_SIZE - 1);
    if (page === undefined || page.slots[i] === undefined) return;
    page.slots[i] = undefined;
    this.size--;
    if (--page.live === 0 && no !== this.currentNo) this.pages.delete(no);
  }
}

/** The options of a timer scheduled without any: one shared object, not a fresh `{}` for each of millions of timers. */
const NO_OPTIONS: TimerOptions = Object.freeze({});

/** 2026-01-01T00:00:00Z: a fixed origin so timestamps are reproducible. */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

export class VirtualClock {
  private t: number;
  private seq = 0;
  /** Instants with timers, earliest first (a binary heap). */
  private heap: Instant[] = [];
  private instants = new Map<number, Instant>();
  private live = new TimerIndex();
  /** Kept timers queued (they are not in `live`). */
  private keptQueued = 0;
  /** The instant a timer last joined: the next one is often due at the same time (thousands of kubelets tick together). */
  private lastInstant?: Instant;
  private readonly origin: number;
  private foreground = 0;
  private holds = 0;
  /** Errors raised by event handlers; the clock keeps running so one bad handler cannot stop the cluster. */
  readonly errors: unknown[] = [];

  constructor(startMs: number = DEFAULT_EPOCH_MS) {
    this.t = startMs;
    this.origin = startMs;
  }

  now(): number {
    return this.t;
  }

  /**
   * Marks real (wall-clock) work that simulated time must wait for, such as
   * loading a module: a driver that jumps time (scripts, tests) does not step
   * while the clock is held, or a slow load would look like minutes passing.
   * Returns the release function.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
    };
  }

  held(): boolean {
    return this.holds > 0;
  }

  schedule(delayMs: number, fn: () => void, opts: TimerOptions = NO_OPTIONS): number {
    return this.push(this.t + delayOf(delayMs), fn, opts);
  }

  at(timeMs: number, fn: () => void, opts: TimerOptions = NO_OPTIONS): number {
    return this.push(Math.max(this.t, Math.round(timeMs)), fn, opts);
  }

  /** Runs `fn` every `periodMs`, first after `firstDelayMs` (default one period). Returns a cancel function. */
  every(periodMs: number, fn: () => void, opts: TimerOptions & { firstDelayMs?: number } = {}): () => void {
    const timer = this.live.get(this.schedule(opts.firstDelayMs ?? periodMs, fn, { daemon: opts.daemon ?? true }))!;
    timer.repeating = true;
    timer.period = delayOf(periodMs);
    return () => this.cancel(timer.id);
  }

  cancel(id: number): void {
    const timer = this.live.get(id);
    if (!timer) return;
    timer.cancelled = true;
    this.live.delete(id);
    if (!timer.daemon) this.foreground--;
  }

  /**
   * A timer for what its owner asks to run again and again at the instant it asks, each time after what is already
   * due then: a watcher's delivery, a work queue's drain, most of the ~17 timers a pod queues on its way to Running.
   * Queued with queueNow, never twice at a time and never cancelled, it costs no object and no index entry per run.
   */
  keptTimer(fn: () => void): KeptTimer {
    const timer: Timer = { id: 0, at: 0, fn, daemon: false, cancelled: false, repeating: false, period: 0, kept: true };
    return timer as unknown as KeptTimer;
  }

  /** Queues a kept timer at this instant, as schedule(0, fn) would its function. */
  queueNow(kept: KeptTimer): void {
    const timer = kept as unknown as Timer;
    timer.id = ++this.seq;
    this.foreground++;
    this.keptQueued++;
    this.insert(timer, this.t);
  }

  pending(): number {
    return this.live.size + this.keptQueued;
  }

  pendingForeground(): number {
    return this.foreground;
  }

  /** Time of the next event, or undefined when none is queued. */
  nextAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Runs the single next event, moving time to it. Returns false if nothing was queued. */
  step(): boolean {
    this.dropCancelled();
    const timer = this.pop();
    if (!timer) return false;
    this.t = timer.at;
    if (timer.kept) this.keptQueued--;
    else if (!timer.repeating) this.live.delete(timer.id);
    if (!timer.daemon) this.foreground--;
    // A periodic timer is queued for its next run first, so that its function can cancel it.
    if (timer.repeating) this.repeat(timer, this.t + timer.period);
    try {
      timer.fn();
    } catch (err) {
      this.errors.push(err);
    }
    return true;
  }

  /** Runs every event up to and including `now + ms`, then sets the time to that instant. */
  advance(ms: number): void {
    this.runUntilTime(this.t + Math.max(0, Math.round(ms)));
  }

  /**
   * Runs the events due at this instant one at a time, as the script and page drivers step, and stops at one that
   * holds the clock (a load): the rest of the instant runs once it is released. Time does not move.
   */
  runDue(): void {
    const now = this.t;
    while (!this.held() && (this.nextAt() ?? Infinity) <= now) this.step();
  }

  runUntilTime(target: number): void {
    for (;;) {
      const next = this.nextAt();
      if (next === undefined || next > target) break;
      this.step();
    }
    if (target > this.t) this.t = target;
  }

  /**
   * Runs events until only daemon timers are left or `maxMs` of simulated time has passed.
   * Returns true if it went idle.
   */
  runUntilIdle(maxMs = 3_600_000, maxEvents = 50_000_000): boolean {
    const limit = this.t + maxMs;
    let n = 0;
    while (this.foreground > 0) {
      const next = this.nextAt();
      if (next === undefined || next > limit || n++ >= maxEvents) return false;
      this.step();
    }
    return true;
  }

  /** Runs events until `pred()` holds (checked after each event) or `maxMs` pass. */
  runUntil(pred: () => boolean, maxMs = 3_600_000): boolean {
    const limit = this.t + maxMs;
    if (pred()) return true;
    for (;;) {
      const next = this.nextAt();
      if (next === undefined || next > limit) {
        if (limit > this.t) this.t = limit;
        return pred();
      }
      this.step();
      if (pred()) return true;
    }
  }

  private push(at: number, fn: () => void, opts: TimerOptions): number {
    const timer: Timer = { id: ++this.seq, at, fn, daemon: !!opts.daemon, cancelled: false, repeating: false, period: 0, kept: false };
    this.live.add(timer);
    if (!timer.daemon) this.foreground++;
    this.insert(timer, at);
    return timer.id;
  }

  /**
   * Queues a periodic timer that has just run for its next run. It keeps its id and its entry in `live`
   * (two map operations less per tick of 10,000 kubelets); the sequence still advances, as for a new timer,
   * so other timers get the ids they always had.
   */
  private repeat(timer: Timer, at: number): void {
    ++this.seq;
    if (!timer.daemon) this.foreground++;
    this.insert(timer, at);
  }

  /** Puts `timer` at the end of the timers due at `at`. */
  private insert(timer: Timer, at: number): void {
    timer.at = at;
    const last = this.lastInstant;
    if (last !== undefined && last.at === at && !last.done) {
      last.timers.push(timer);
      return;
    }
    // Keyed by the offset from the start (a small integer for V8, where epoch milliseconds are boxed doubles).
    const offset = at - this.origin;
    const instant = this.instants.get(offset);
    if (instant) {
      this.lastInstant = instant;
      instant.timers.push(timer);
      return;
    }
    const added: Instant = { at, timers: [timer], head: 0, done: false };
    this.lastInstant = added;
    this.instants.set(offset, added);
    const h = this.heap;
    h.push(added);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].at < at) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = added;
  }

  /** Takes the earliest timer off the queue (cancelled or not). */
  private pop(): Timer | undefined {
    const top = this.heap[0];
    if (!top) return undefined;
    const timer = top.timers[top.head++];
    if (top.head === top.timers.length) this.popInstant();
    return timer;
  }

  private popInstant(): void {
    const h = this.heap;
    const top = h[0];
    top.done = true;
    this.instants.delete(top.at - this.origin);
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && h[r].at < h[l].at ? r : l;
      if (last.at < h[c].at) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
  }

  private dropCancelled(): void {
    for (;;) {
      const top = this.heap[0];
      if (!top || !top.timers[top.head].cancelled) return;
      this.pop();
    }
  }
}

function delayOf(delayMs: number): number {
  return Number.isFinite(delayMs) && delayMs > 0 ? Math.round(delayMs) : 0;
}
