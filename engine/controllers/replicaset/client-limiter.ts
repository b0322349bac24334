/**
 * The request budget of the ReplicaSet controller's API client. In
 * kube-controller-manager every controller gets its own clientset, and each
 * clientset throttles itself with a token bucket of --kube-api-qps (20) refilled
 * per second, holding at most --kube-api-burst (30) (client-go's
 * flowcontrol.NewTokenBucketRateLimiter). That is what paces pod creation in a
 * real cluster: `kubectl scale --replicas=1000` makes 30 pods at once, then 20 a
 * second. Without it, simulated API calls cost no time and a ReplicaSet of two
 * billion replicas would create pods forever at one simulated instant.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(readonly qps: number, readonly burst: number, now: number) {
    this.tokens = burst;
    this.at = now;
  }

  private refill(now: number): void {
    if (now > this.at) this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.qps) / 1000);
    this.at = Math.max(this.at, now);
  }

  /** Whole requests that may be sent at `now` without waiting. */
  available(now: number): number {
    if (!(this.qps > 0)) return Number.MAX_SAFE_INTEGER;
    this.refill(now);
    return Math.max(0, Math.floor(this.tokens));
  }

  take(now: number): void {
    if (!(this.qps > 0)) return;
    this.refill(now);
    this.tokens -= 1;
  }

  /** Milliseconds until `n` requests may be sent (at least 1 ms when any must wait). */
  delayFor(n: number, now: number): number {
    if (!(this.qps > 0)) return 0;
    this.refill(now);
    const missing = Math.min(n, this.burst) - this.tokens;
    return missing <= 0 ? 0 : Math.max(1, Math.ceil((missing * 1000) / this.qps));
  }
}
