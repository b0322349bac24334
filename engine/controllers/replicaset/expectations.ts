/**
 * ControllerExpectations (UIDTrackingControllerExpectations in
 * pkg/controller/controller_utils.go): what a controller has asked for and not
 * yet seen in its cache. Until the informer has observed every create and
 * delete it made, the controller does not act on the key again — otherwise a
 * stale cache would make it create the same pods twice.
 */

/** ExpectationsTimeout: after 5 minutes a lost watch event stops blocking the controller. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  timestamp: number;
  /** pod keys whose deletion this controller requested and has not yet observed */
  deleting: Set<string>;
}

export class ControllerExpectations {
  private readonly items = new Map<string, Expectation>();

  constructor(private readonly now: () => number) {}

  /** True when the controller may act: nothing outstanding, or the record is older than the timeout. */
  satisfied(key: string): boolean {
    const e = this.items.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.now() - e.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, n: number): void {
    this.items.set(key, { add: n, del: 0, timestamp: this.now(), deleting: new Set() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.items.set(key, { add: 0, del: podKeys.length, timestamp: this.now(), deleting: new Set(podKeys) });
  }

  creationObserved(key: string): void {
    const e = this.items.get(key);
    if (e) e.add--;
  }

  /** Counts only deletions this controller asked for (a pod deleted by kubectl is not one). */
  deletionObserved(key: string, podKey: string): void {
    const e = this.items.get(key);
    if (e && e.deleting.delete(podKey)) e.del--;
  }

  delete(key: string): void {
    this.items.delete(key);
  }

  /** For tests and the UI: outstanding creations and deletions. */
  pending(key: string): { add: number; del: number } | undefined {
    const e = this.items.get(key);
    return e ? { add: e.add, del: e.del } : undefined;
  }
}
