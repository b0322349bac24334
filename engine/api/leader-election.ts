/**
 * client-go's tools/leaderelection over a LeaseLock (v0.35), as kube-controller-manager and kube-scheduler run
 * it: a process takes the identity `<hostname>_<uuid>`, tries to acquire the Lease kube-system/<name> every
 * retry period (2 s, jittered by up to 1.2×), and once it holds it renews it every 2 s; its work starts only
 * then (OnStartedLeading). A renewal that keeps failing for renewDeadline (10 s) loses the lease: the process
 * exits and its kubelet starts a new one, with a new identity (ElectedProcess).
 *
 * Whether someone else's Lease has expired is judged from when this process last saw it change (observedTime),
 * never from the renewTime written by another clock: a process that finds a Lease held by a predecessor that
 * died waits a whole leaseDuration (15 s) after first seeing it. A holder that steps down (ReleaseOnCancel,
 * which kube-scheduler sets and kube-controller-manager does not) writes an empty holderIdentity and a
 * 1-second duration, and the next process takes the Lease at once.
 */
import type { WriteOptions } from './apiserver.js';
import type { Client } from './client.js';
import { EventRecorder } from './events.js';
import type { KObject } from './meta.js';
import type { VirtualClock } from '../util/clock.js';
import type { Random } from '../util/random.js';
import { parseTime, rfc3339Micro } from '../util/time.js';

/** component-base's LeaderElectionConfiguration defaults (leaseDuration, renewDeadline, retryPeriod). */
export const LEASE_DURATION_MS = 15_000;
export const RENEW_DEADLINE_MS = 10_000;
export const RETRY_PERIOD_MS = 2_000;
/** leaderelection.JitterFactor: an acquire attempt waits retryPeriod × (1 + rand × 1.2). */
const JITTER_FACTOR = 1.2;

const LEASES = 'leases.coordination.k8s.io';
const NAMESPACE = 'kube-system';
/** The elector builds each Lease afresh: the server may keep what it is handed without a copy. */
const HANDED_OVER: WriteOptions = Object.freeze({ owned: true });
/** Acquire attempts are work the cluster waits for; renewals are housekeeping. */
const DAEMON = Object.freeze({ daemon: true });

/** resourcelock.LeaderElectionRecord, times in ms. */
interface ElectionRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: number;
  renewTime: number;
  leaderTransitions: number;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
  strategy?: string;
  preferredHolder?: string;
}

export interface LeaderElectionConfig {
  /** The Lease's name in kube-system (the component's name). */
  name: string;
  /** os.Hostname() of the process: the control-plane node's name. */
  hostname: string;
  releaseOnCancel: boolean;
  /** The component's core/v1 recorder: LeaderElection Events name the Lease. */
  recorder: EventRecorder;
  onStartedLeading(): void;
  /** The lease was lost while leading: the component stops its work (the process exits). */
  onStoppedLeading(): void;
}

/** Where a component's process runs, for its leader election (`--leader-elect`, kubeadm's default). */
export interface LeaderElectionHost {
  hostname: string;
  /** The process's own randomness (its identity's UUID, the retry jitter), apart from the component's. */
  random: Random;
  /**
   * The process ends by itself with exit code 1, having lost `lost`: its static pod's container logs the lines and
   * exits, and the kubelet restarts it as it restarts any container, the new process starting with it. False when no
   * container runs it (cloud-controller-manager, which no static pod runs): a new process starts at once.
   */
  exit?(lost: LostLease): boolean;
}

/** The Lease `name` (the component's), lost at `at`. */
export interface LostLease { name: string; at: number }

export interface ElectedLease {
  /** The Lease's name in kube-system (the component's name). */
  name: string;
  eventSource: string;
  releaseOnCancel: boolean;
}

/**
 * A control-plane process run with `--leader-elect` (or without, when it has no host): its work (`run`) starts once it
 * leads and stops (`halt`) when the process ends. Losing the Lease ends the process: it logs client-go's renewal
 * failure and the component's "leaderelection lost" (kubelet/lease-lost.ts), exits 1 (klog.FlushAndExit), and its
 * kubelet starts a new one, a new candidate that must wait out the old Lease (kube-controller-manager does not
 * release it).
 */
export class ElectedProcess {
  readonly elector?: LeaderElector;
  private up = false;

  constructor(client: Client, clock: VirtualClock, private readonly host: LeaderElectionHost | undefined, private readonly lease: ElectedLease, private readonly run: () => void, private readonly halt: () => void) {
    if (!host) return;
    this.elector = new LeaderElector(client, clock, host.random, {
      name: lease.name, hostname: host.hostname, releaseOnCancel: lease.releaseOnCancel,
      recorder: new EventRecorder(client, clock, { component: lease.eventSource }),
      onStartedLeading: run,
      onStoppedLeading: () => this.lost(clock.now()),
    });
  }

  running(): boolean {
    return this.up;
  }

  start(): void {
    if (this.up) return;
    this.up = true;
    if (this.elector) this.elector.start();
    else this.run();
  }

  /** The process is stopped (SIGTERM: its manifest moved out, `sim component stop`). */
  stop(): void {
    if (!this.up) return;
    this.up = false;
    this.elector?.stop();
    this.halt();
  }

  private lost(at: number): void {
    this.halt();
    this.up = false;
    if (this.host?.exit?.({ name: this.lease.name, at })) return;
    this.start();
  }
}

export class LeaderElector {
  /** `<hostname>_<uuid>`, new for each process. */
  identity = '';
  private observed?: ElectionRecord;
  /** The stored spec last observed, as text (client-go compares the record's JSON). */
  private observedRaw = '';
  private observedTime = 0;
  /** The Lease as last read or written (LeaseLock.lease). */
  private lease?: KObject;
  private timer?: number;
  private leading = false;
  /** When the current renewal poll began (wait.Until's iteration), for the renew deadline. */
  private pollStart = 0;

  constructor(private readonly client: Client, private readonly clock: VirtualClock, private readonly random: Random, private readonly config: LeaderElectionConfig) {}

  isLeading(): boolean {
    return this.leading;
  }

  /** A new process: a new identity, nothing observed, and a first attempt at once (wait.JitterUntil runs immediately). */
  start(): void {
    this.stopTimer();
    this.identity = `${this.config.hostname}_${this.random.uuid()}`;
    this.observed = undefined;
    this.observedRaw = '';
    this.lease = undefined;
    this.leading = false;
    this.acquireStep();
  }

  /** The process ends (SIGTERM): a leader that releases on cancel steps down first. */
  stop(): void {
    this.stopTimer();
    if (this.leading && this.config.releaseOnCancel) this.release();
    this.leading = false;
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.clock.cancel(this.timer);
    this.timer = undefined;
  }

  private acquireStep(): void {
    this.timer = undefined;
    if (!this.tryAcquireOrRenew()) {
      this.timer = this.clock.schedule(Math.round(RETRY_PERIOD_MS * (1 + this.random.next() * JITTER_FACTOR)), () => this.acquireStep());
      return;
    }
    this.leading = true;
    this.recordEvent('became leader');
    this.pollStart = this.clock.now() + RETRY_PERIOD_MS;
    this.timer = this.clock.schedule(RETRY_PERIOD_MS, () => this.renewStep(), DAEMON);
    this.config.onStartedLeading();
  }

  /**
   * renew(): wait.Until(PollUntilContextTimeout(retryPeriod, renewDeadline)): after a success the next poll
   * starts a retry period later; a poll that finds no success within renewDeadline loses the lease.
   */
  private renewStep(): void {
    this.timer = undefined;
    const now = this.clock.now();
    if (now - this.pollStart >= RENEW_DEADLINE_MS) {
      this.leading = false;
      this.config.onStoppedLeading();
      return;
    }
    if (this.tryAcquireOrRenew()) this.pollStart = now + RETRY_PERIOD_MS;
    this.timer = this.clock.schedule(RETRY_PERIOD_MS, () => this.renewStep(), DAEMON);
  }

  private isLeader(): boolean {
    return this.observed?.holderIdentity === this.identity;
  }

  private isLeaseValid(now: number): boolean {
    return this.observed !== undefined && this.observedTime + this.observed.leaseDurationSeconds * 1000 > now;
  }

  private setObserved(record: ElectionRecord): void {
    this.observed = record;
    this.observedTime = this.clock.now();
  }

  /** leaderelection.tryAcquireOrRenew (the uncoordinated path). */
  private tryAcquireOrRenew(): boolean {
    const now = this.clock.now();
    const record: ElectionRecord = { holderIdentity: this.identity, leaseDurationSeconds: LEASE_DURATION_MS / 1000, acquireTime: now, renewTime: now, leaderTransitions: 0 };
    // 1. The leader's fast path: update from the Lease it last wrote, without reading it.
    if (this.isLeader() && this.isLeaseValid(now) && this.lease) {
      record.acquireTime = this.observed!.acquireTime;
      record.leaderTransitions = this.observed!.leaderTransitions;
      if (this.update(record)) return true;
    }
    // 2. Read the Lease, or create it.
    let lease: KObject | undefined;
    try {
      lease = this.client.tryGet(LEASES, NAMESPACE, this.config.name);
      if (!lease) {
        this.lease = this.client.create(LEASES, NAMESPACE, {
          apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
          metadata: { name: this.config.name, namespace: NAMESPACE },
          spec: leaseSpec(record),
        }, HANDED_OVER);
        this.setObserved(record);
        return true;
      }
    } catch {
      return false;
    }
    this.lease = lease;
    // 3. A record that changed since last seen restarts the expiry count.
    const spec = (lease.spec ?? {}) as LeaseSpec;
    const raw = JSON.stringify(spec);
    const old = recordOf(spec);
    if (raw !== this.observedRaw) {
      this.setObserved(old);
      this.observedRaw = raw;
    }
    if (old.holderIdentity !== '' && this.isLeaseValid(now) && !this.isLeader()) return false;
    // 4. Take it over (a new transition) or renew it.
    if (this.isLeader()) {
      record.acquireTime = old.acquireTime;
      record.leaderTransitions = old.leaderTransitions;
    } else {
      record.leaderTransitions = old.leaderTransitions + 1;
    }
    return this.update(record);
  }

  /** LeaseLock.Update: the spec replaced whole, from the Lease last read or written. */
  private update(record: ElectionRecord): boolean {
    const lease = this.lease!;
    try {
      this.lease = this.client.update(LEASES, { ...lease, metadata: { ...lease.metadata }, spec: leaseSpec(record) }, HANDED_OVER);
    } catch {
      return false;
    }
    this.setObserved(record);
    return true;
  }

  /** leaderelection.release: an empty holder, a 1-second duration, the transitions kept. */
  private release(): void {
    let lease: KObject | undefined;
    try {
      lease = this.client.tryGet(LEASES, NAMESPACE, this.config.name);
    } catch {
      return;
    }
    if (!lease || !this.isLeader()) return;
    this.lease = lease;
    const now = this.clock.now();
    this.update({ holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaderTransitions: recordOf((lease.spec ?? {}) as LeaseSpec).leaderTransitions });
  }

  /** LeaseLock.RecordEvent: `<identity> <what>`, reason LeaderElection, about the Lease as last written. */
  private recordEvent(what: string): void {
    if (this.lease) this.config.recorder.event(this.lease, 'Normal', 'LeaderElection', `${this.identity} ${what}`);
  }
}

/** resourcelock.LeaderElectionRecordToLeaseSpec (no strategy or preferred holder outside coordinated election). */
function leaseSpec(r: ElectionRecord): LeaseSpec {
  return {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    acquireTime: rfc3339Micro(r.acquireTime),
    renewTime: rfc3339Micro(r.renewTime),
    leaseTransitions: r.leaderTransitions,
  };
}

/** resourcelock.LeaseSpecToLeaderElectionRecord: absent fields read as zero. */
function recordOf(spec: LeaseSpec): ElectionRecord {
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: parseTime(spec.acquireTime) ?? 0,
    renewTime: parseTime(spec.renewTime) ?? 0,
    leaderTransitions: spec.leaseTransitions ?? 0,
  };
}
