/**
 * kube-apiserver's identity Lease (APIServerIdentity, on by default): the post-start hook
 * `start-kube-apiserver-identity-lease-controller` keeps kube-system/apiserver-<hash> with holderIdentity
 * `apiserver-<hash>_<uuid>`, a 3600-second duration, renewed every 10 s (jittered by up to 4 %), through
 * component-helpers' lease controller, which since v1.35 deletes the Lease when the server starts (a
 * predecessor's stale one) and again when it shuts down gracefully. The hook
 * `start-kube-apiserver-identity-lease-garbage-collector` deletes expired identity Leases once an hour.
 */
import type { WriteOptions } from '../apiserver.js';
import type { Client } from '../client.js';
import type { KObject } from '../meta.js';
import type { VirtualClock } from '../../util/clock.js';
import type { Random } from '../../util/random.js';
import { base32Hex } from '../../util/base64.js';
import { sha256Bytes } from '../../util/sha256.js';
import { parseTime, rfc3339Micro } from '../../util/time.js';
import { utf8Bytes } from '../../util/utf8.js';

const LEASES = 'leases.coordination.k8s.io';
const NAMESPACE = 'kube-system';
/** pkg/controlplane/apiserver: IdentityLeaseDurationSeconds, IdentityLeaseRenewIntervalPeriod, IdentityLeaseGCPeriod. */
export const IDENTITY_LEASE_DURATION_SECONDS = 3600;
export const IDENTITY_LEASE_RENEW_INTERVAL_MS = 10_000;
const IDENTITY_LEASE_GC_PERIOD_MS = 3_600_000;
/** wait.JitterUntil's factor in the lease controller's Run. */
const RENEW_JITTER = 0.04;
export const IDENTITY_LABEL = 'apiserver.kubernetes.io/identity';
const HOSTNAME_LABEL = 'kubernetes.io/hostname';
const KUBE_APISERVER = 'kube-apiserver';
const HANDED_OVER: WriteOptions = Object.freeze({ owned: true });
const DAEMON = Object.freeze({ daemon: true });

/**
 * apiserver's NewConfig: "apiserver-" + lowercase unpadded base32 of the first 16 bytes of SHA-256 over the
 * hostname and "kube-apiserver", each behind a 2-byte big-endian length (cryptobyte's AddUint16LengthPrefixed).
 */
export function apiserverID(hostname: string): string {
  const bytes: number[] = [];
  for (const part of [hostname, KUBE_APISERVER]) {
    const b = utf8Bytes(part);
    bytes.push(b.length >> 8, b.length & 0xff, ...b);
  }
  return `apiserver-${base32Hex(sha256Bytes(bytes).slice(0, 32)).toLowerCase()}`;
}

/** The identity Lease's controller and garbage collector, started and stopped with the kube-apiserver process. */
export class APIServerIdentity {
  readonly leaseName: string;
  private holderIdentity = '';
  private latest?: KObject;
  private renewTimer?: number;
  private stopGC?: () => void;

  constructor(private readonly client: Client, private readonly clock: VirtualClock, private readonly random: Random, private readonly hostname: string) {
    this.leaseName = apiserverID(hostname);
  }

  /** The post-start hooks: a new holder identity, the predecessor's Lease deleted, then a sync at once. */
  start(): void {
    this.stopTimers();
    this.holderIdentity = `${this.leaseName}_${this.random.uuid()}`;
    this.latest = undefined;
    this.delete();
    this.sync();
    this.stopGC = this.clock.every(IDENTITY_LEASE_GC_PERIOD_MS, () => this.gc(), { daemon: true, firstDelayMs: 0 });
  }

  /** The pre-shutdown hook of a graceful stop: the Lease goes with the server. */
  stop(): void {
    this.stopTimers();
    this.delete();
  }

  private stopTimers(): void {
    if (this.renewTimer !== undefined) this.clock.cancel(this.renewTimer);
    this.renewTimer = undefined;
    this.stopGC?.();
    this.stopGC = undefined;
  }

  private delete(): void {
    try { this.client.delete(LEASES, NAMESPACE, this.leaseName); } catch { /* gone already, or etcd down */ }
  }

  /** The lease controller's sync: renew from the Lease last written; else read it (or create it) and renew. */
  private sync(): void {
    const now = this.clock.now();
    if (!this.latest || !this.update(this.latest, now)) {
      try {
        const cur = this.client.tryGet(LEASES, NAMESPACE, this.leaseName);
        if (!cur) this.latest = this.client.create(LEASES, NAMESPACE, this.newLease(now), HANDED_OVER);
        else this.update(cur, now);
      } catch {
        this.latest = undefined;
      }
    }
    this.renewTimer = this.clock.schedule(Math.round(IDENTITY_LEASE_RENEW_INTERVAL_MS * (1 + this.random.next() * RENEW_JITTER)), () => this.sync(), DAEMON);
  }

  private labels(): Record<string, string> {
    return { [IDENTITY_LABEL]: KUBE_APISERVER, [HOSTNAME_LABEL]: this.hostname };
  }

  private newLease(now: number): KObject {
    return {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: this.leaseName, namespace: NAMESPACE, labels: this.labels() },
      spec: { holderIdentity: this.holderIdentity, leaseDurationSeconds: IDENTITY_LEASE_DURATION_SECONDS, renewTime: rfc3339Micro(now) },
    };
  }

  /** newLease(base): the duration and renewTime asserted, the labels put back (labelAPIServerHeartbeatFunc). */
  private update(base: KObject, now: number): boolean {
    try {
      this.latest = this.client.update(LEASES, {
        ...base,
        metadata: { ...base.metadata, labels: { ...base.metadata.labels, ...this.labels() } },
        spec: { ...(base.spec as object), leaseDurationSeconds: IDENTITY_LEASE_DURATION_SECONDS, renewTime: rfc3339Micro(now) },
      }, HANDED_OVER);
      return true;
    } catch {
      this.latest = undefined;
      return false;
    }
  }

  /** apiserverleasegc: identity Leases of kube-apiserver past renewTime + leaseDurationSeconds (or lacking either) go. */
  private gc(): void {
    try {
      const now = this.clock.now();
      for (const lease of this.client.list(LEASES, NAMESPACE, { labelSelector: `${IDENTITY_LABEL}=${KUBE_APISERVER}` }).items) {
        const spec = (lease.spec ?? {}) as { renewTime?: string; leaseDurationSeconds?: number };
        const renewed = parseTime(spec.renewTime);
        if (renewed !== undefined && spec.leaseDurationSeconds !== undefined && renewed + spec.leaseDurationSeconds * 1000 >= now) continue;
        try { this.client.delete(LEASES, NAMESPACE, lease.metadata.name!); } catch { /* gone meanwhile */ }
      }
    } catch {
      // API server or etcd down: the next period tries again.
    }
  }
}
