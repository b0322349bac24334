/**
 * Interruption of the foreground line (Ctrl-C, `timeout`, a budget running
 * out). A child signal aborts with its parent, never the other way round, so
 * `timeout 5 kubectl get pods -w` stops only its own command.
 */
import type { InterruptSignal } from './process.js';

export class Interrupted extends Error {
  constructor(readonly reason: 'interrupt' | 'timeout' | 'budget' = 'interrupt') {
    super('interrupted');
  }
}

export class LineSignal implements InterruptSignal {
  private listeners = new Set<() => void>();
  private _aborted = false;
  reason: Interrupted['reason'] = 'interrupt';

  constructor(parent?: InterruptSignal) {
    if (parent) {
      if (parent.aborted) this._aborted = true;
      else parent.onAbort(() => this.abort((parent as LineSignal).reason ?? 'interrupt'));
    }
  }

  get aborted(): boolean {
    return this._aborted;
  }

  abort(reason: Interrupted['reason'] = 'interrupt'): void {
    if (this._aborted) return;
    this._aborted = true;
    this.reason = reason;
    const ls = [...this.listeners];
    this.listeners.clear();
    for (const fn of ls) {
      try {
        fn();
      } catch {
        // A listener's failure must not keep the others from stopping.
      }
    }
  }

  onAbort(fn: () => void): () => void {
    if (this._aborted) {
      fn();
      return () => {};
    }
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Resolves `p`, or rejects with Interrupted as soon as this signal aborts, whether or not `p` listens. */
  race<T>(p: Promise<T>): Promise<T> {
    if (this._aborted) return Promise.reject(new Interrupted(this.reason));
    return new Promise<T>((resolve, reject) => {
      const off = this.onAbort(() => reject(new Interrupted(this.reason)));
      p.then(
        (v) => { off(); resolve(v); },
        (e) => { off(); reject(e); },
      );
    });
  }
}
