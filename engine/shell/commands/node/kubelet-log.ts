/**
 * The kubelet's own lines in the journal while containerd is away, made when
 * journalctl reads them (nothing is formatted, or kept, until then). Each CRI
 * call that fails is logged by cri-client (v0.35.0 pkg/internal/log.go:32,
 * logger.Error): the runtime status check every 5 s (updateRuntimeUp →
 * "Status from runtime service failed") and the node status update's version
 * call every 10 s ("Version from runtime service failed"), with gRPC's dial
 * error as err=. So are the calls the pod workers and probes make: a new
 * pod's RunPodSandbox, and each exec probe's ExecSync (three tries a period).
 *
 * Left out, because their kubelet v1.35.0 file:line could not be read here:
 * the kubelet's own line after each of them ("Container runtime sanity check
 * failed", kubelet.go), "Skipping pod synchronization", PLEG's relist errors,
 * and the pod sync errors.
 */
import { criUnavailable, failedCallsOf, KUBELET_CRI_SOCKET, RUNTIME_STATUS_PERIOD_MS, type FailedCall } from '../../../kubelet/runtime-state.js';
import type { NodeHost } from './host.js';
import { JOURNAL_MAX_ENTRIES, type JournalEntry } from './journal.js';
import { klogLine } from './klog.js';

/** kubelet.go nodeStatusUpdateFrequency's default: the node status update (and its Version call). */
const NODE_STATUS_UPDATE_PERIOD_MS = 10_000;
/** cri-client v0.35.0 pkg/internal/log.go: LogErr's logger.Error call. */
const CRI_CLIENT_LOG_SOURCE = 'log.go:32';

/** remote_runtime.go's messages for the calls the kubelet makes of its own accord during an outage. */
const CALL_MESSAGES: Record<FailedCall['call'], string> = {
  RunPodSandbox: 'RunPodSandbox from runtime service failed',
  ExecSync: 'ExecSync cmd from runtime service failed',
};

/** ExecSync's keys: containerID="…" cmd=["cat","/tmp/healthy"] (klog writes a string slice as JSON). */
function callKeys(c: FailedCall): [string, string][] | undefined {
  if (c.call !== 'ExecSync') return undefined;
  return [['containerID', JSON.stringify(c.containerID ?? '')], ['cmd', JSON.stringify(c.cmd ?? [])]];
}

/** One stretch of a running kubelet (PID `pid`, its periodic work on a grid from `origin`) without containerd. */
export interface KubeletOutageLog {
  origin: number;
  pid: number;
  downAt: number;
  /** containerd back, or the kubelet stopped: whichever came first. */
  endAt?: number;
}

function ticksBetween(origin: number, period: number, after: number, before: number): number[] {
  const out: number[] = [];
  // The check at the instant containerd stopped still succeeded; the one at the instant it came back succeeds.
  for (let t = origin + (Math.floor((after - origin) / period) + 1) * period; t < before; t += period) out.push(t);
  return out;
}

/** The kubelet's failed-call lines of `h`'s outages up to `now`, oldest first, at most the journal's bound. */
export function kubeletOutageEntries(h: NodeHost, now: number): JournalEntry[] {
  const logs = h.kubeletOutages;
  if (!logs?.length) return [];
  const out: JournalEntry[] = [];
  for (const o of logs) {
    const end = Math.min(o.endAt ?? Infinity, now + 1);
    const err = criUnavailable(KUBELET_CRI_SOCKET);
    const ident = `kubelet[${o.pid}]`;
    const status = ticksBetween(o.origin, RUNTIME_STATUS_PERIOD_MS, o.downAt, end).map((t) => ({ t, msg: 'Status from runtime service failed' }));
    const version = ticksBetween(o.origin, NODE_STATUS_UPDATE_PERIOD_MS, o.downAt, end).map((t) => ({ t, msg: 'Version from runtime service failed' }));
    const calls = failedCallsOf(h.kubelet).filter((c) => c.at >= o.downAt && c.at < end).map((c) => ({ t: c.at, msg: CALL_MESSAGES[c.call], kv: callKeys(c) }));
    // Stable: at one instant, the periodic checks before the pod workers' and probes' calls.
    const all = [...status, ...version, ...calls].sort((a, b) => a.t - b.t);
    for (const { t, msg, kv } of all.slice(-JOURNAL_MAX_ENTRIES) as { t: number; msg: string; kv?: [string, string][] }[]) {
      out.push({ time: t, unit: 'kubelet', ident, message: klogLine('E', t, o.pid, CRI_CLIENT_LOG_SOURCE, msg, [['err', err]], kv) });
    }
  }
  return out.slice(-JOURNAL_MAX_ENTRIES);
}

/** containerd stopped under a running kubelet: its calls start failing. */
export function kubeletOutageBegins(h: NodeHost, origin: number, pid: number, at: number): void {
  const logs = (h.kubeletOutages ??= []);
  const last = logs[logs.length - 1];
  if (last && last.endAt === undefined) return;
  logs.push({ origin, pid, downAt: at });
}

/** containerd back, or the kubelet stopped. */
export function kubeletOutageEnds(h: NodeHost, at: number): void {
  const last = h.kubeletOutages?.[h.kubeletOutages.length - 1];
  if (last && last.endAt === undefined) last.endAt = at;
}

/** The journal with the kubelet's lines merged in by time (systemd's entries first at the same instant). */
export function journalWithKubelet(h: NodeHost, now: number): JournalEntry[] {
  const extra = kubeletOutageEntries(h, now);
  if (!extra.length) return h.journal;
  const out: JournalEntry[] = [];
  let i = 0;
  for (const e of h.journal) {
    while (i < extra.length && extra[i].time < e.time) out.push(extra[i++]);
    out.push(e);
  }
  while (i < extra.length) out.push(extra[i++]);
  return out.slice(-JOURNAL_MAX_ENTRIES);
}
