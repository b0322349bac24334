/**
 * client-go's flowcontrol.Backoff as the kubelet uses it for crashing
 * containers and failing pulls: 10 s doubling to 300 s, and an entry that has
 * not been touched for twice the maximum (10 min) starts again at 10 s.
 */
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

interface Entry {
  backoff: number;
  lastUpdate: number;
}

export class Backoff {
  /** Made with the first failure: most kubelets never see one (two back-offs each). */
  private entries?: Map<string, Entry>;
  constructor(readonly initialMs = INITIAL_BACKOFF_MS, readonly maxMs = MAX_BACKOFF_MS) {}

  private expired(eventTime: number, e: Entry): boolean {
    return eventTime - e.lastUpdate > 2 * this.maxMs;
  }

  /** Records a failure at `now` (eventTime: when the failed thing ended); the wait doubles. */
  next(key: string, eventTime: number, now: number): void {
    const e = this.entries?.get(key);
    if (!e || this.expired(eventTime, e)) (this.entries ??= new Map()).set(key, { backoff: this.initialMs, lastUpdate: now });
    else {
      e.backoff = Math.min(e.backoff * 2, this.maxMs);
      e.lastUpdate = now;
    }
  }

  /** Whether, at `now`, we are still waiting after a failure that happened at `eventTime`. */
  inBackoffSince(key: string, eventTime: number, now: number): boolean {
    const e = this.entries?.get(key);
    if (!e || this.expired(eventTime, e)) return false;
    return now - eventTime < e.backoff;
  }

  /** For image pulls: in back-off since the last recorded failure. */
  inBackoffSinceUpdate(key: string, now: number): boolean {
    const e = this.entries?.get(key);
    if (!e || now - e.lastUpdate > 2 * this.maxMs) return false;
    return now - e.lastUpdate < e.backoff;
  }

  get(key: string): number {
    return this.entries?.get(key)?.backoff ?? 0;
  }

  lastUpdate(key: string): number | undefined {
    return this.entries?.get(key)?.lastUpdate;
  }

  reset(key: string): void {
    this.entries?.delete(key);
  }

  clearPrefix(prefix: string): void {
    const entries = this.entries;
    if (!entries) return;
    for (const k of [...entries.keys()]) if (k.startsWith(prefix)) entries.delete(k);
  }
}
