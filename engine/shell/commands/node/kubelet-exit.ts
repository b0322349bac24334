/**
 * The kubelet started while containerd is away. Before it does anything with
 * the API server, the kubelet (PreInitRuntimeService) connects to the CRI and
 * asks for its version; cri-client's NewRemoteRuntimeService fails with
 * "validate service connection: validate CRI v1 runtime API for endpoint …",
 * cmd/kubelet's Run adds "failed to run Kubelet: ", and component-base's
 * cli.Run logs it (klog.ErrorS(err, "command failed"), run.go:72 at v0.35.0)
 * and exits 1.
 *
 * kubeadm's kubelet.service has Restart=always and RestartSec=10 (and
 * StartLimitInterval=0: systemd never gives up): the unit waits 10 s in
 * "activating (auto-restart)" and starts the kubelet again, until containerd
 * is back and a start succeeds. The node's Lease is not renewed meanwhile, so
 * the node lifecycle controller marks the node NotReady as for any stopped kubelet.
 */
import type { Cluster } from '../../../cluster.js';
import { criUnavailable, KUBELET_CRI_ENDPOINT, KUBELET_CRI_SOCKET } from '../../../kubelet/runtime-state.js';
import { allocatePid, setUnitActive, type NodeHost } from './host.js';
import { journalWrite, msgDeactivated, msgFailedWithResult, msgMainProcessExited, msgMainProcessKilled, msgScheduledRestart, msgStarted, msgStopped, nextJobId } from './journal.js';
import { kubeletOutageEnds } from './kubelet-log.js';
import { klogLine } from './klog.js';

/** kubelet.service's RestartSec=10. */
export const KUBELET_RESTART_SEC_MS = 10_000;
/** component-base/cli/run.go at v0.35.0: where Run logs the command's error. */
const CLI_RUN_SOURCE = 'run.go:72';

/** The error cli.Run logs for a kubelet that cannot reach its runtime. */
export function kubeletRunError(endpoint: string, socket: string): string {
  return `failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint "${endpoint}": ${criUnavailable(socket)}`;
}

function kubeletRunPid(h: NodeHost): number {
  // The same numbering as setUnitActive's: each run of the kubelet is a new process.
  const runs = [...h.pids.keys()].filter((k) => k.startsWith('kubelet#')).length;
  return allocatePid(h, `kubelet#${runs}`);
}

/**
 * The start job `job` runs the kubelet at `at`. With containerd up it runs (true); without it the process logs
 * its error and exits 1, and the unit waits for its automatic restart. `restarts`: systemd's restart counter.
 */
export function startKubeletProcess(cluster: Cluster, h: NodeHost, at: number, job: number, restarts = 0): boolean {
  const u = h.units.kubelet;
  cancelAutoRestart(cluster, h);
  if (h.units.containerd.active) {
    u.result = undefined;
    h.kubelet.start();
    setUnitActive(h, 'kubelet', true, at, job);
    return true;
  }
  const pid = kubeletRunPid(h);
  journalWrite(h, at, [
    msgStarted('kubelet', job),
    { unit: 'kubelet', ident: `kubelet[${pid}]`, message: klogLine('E', at, pid, CLI_RUN_SOURCE, 'command failed', [['err', kubeletRunError(KUBELET_CRI_ENDPOINT, KUBELET_CRI_SOCKET)]]) },
    msgMainProcessExited('kubelet', 1, 'FAILURE'),
    msgFailedWithResult('kubelet', 'exit-code'),
  ]);
  u.active = false;
  u.since = at;
  u.mainPID = pid;
  u.result = 'exit-code';
  u.lastRun = { pid, startedAt: at, stoppedAt: at, status: 1 };
  scheduleAutoRestart(cluster, h, at, restarts);
  return false;
}

/** Restart=always: RestartSec after the main process ended, systemd starts the kubelet again. */
function scheduleAutoRestart(cluster: Cluster, h: NodeHost, at: number, restarts: number): void {
  const u = h.units.kubelet;
  const timer = cluster.clock.at(at + KUBELET_RESTART_SEC_MS, () => {
    if (u.autoRestart?.timer !== timer) return;
    u.autoRestart = undefined;
    const now = cluster.clock.now();
    // Since systemd 254 the automatic restart is a start job (JOB_RESTART_DEPENDENCIES): no "Stopped" line.
    journalWrite(h, now, [msgScheduledRestart('kubelet', restarts + 1)]);
    startKubeletProcess(cluster, h, now, nextJobId(h), restarts + 1);
  }, { daemon: true });
  u.autoRestart = { timer, restarts, at: at + KUBELET_RESTART_SEC_MS };
}

/**
 * The kubelet's process ended by a signal sent on the node (`sudo pkill kubelet`, `sudo kill PID`): SIGTERM and
 * SIGINT reach its signal handler and it exits 0 ("Deactivated successfully"); SIGKILL, or another signal whose
 * default action ends a process, kills it ("code=killed", result 'signal'). Either way Restart=always starts it
 * again RestartSec later; meanwhile the node's Lease is not renewed.
 */
export function kubeletKilled(cluster: Cluster, h: NodeHost, signo: number, name: string): void {
  const u = h.units.kubelet;
  const at = cluster.clock.now();
  cancelAutoRestart(cluster, h);
  h.kubelet.stop();
  kubeletOutageEnds(h, at);
  const clean = signo === 15 || signo === 2;
  journalWrite(h, at, clean ? [msgDeactivated('kubelet')] : [msgMainProcessKilled('kubelet', signo, name), msgFailedWithResult('kubelet', 'signal')]);
  u.lastRun = { pid: u.mainPID, startedAt: u.since, stoppedAt: at, ...(clean ? {} : { signal: name }) };
  u.result = clean ? undefined : 'signal';
  u.active = false;
  u.since = at;
  scheduleAutoRestart(cluster, h, at, 0);
}

/** A pending automatic restart is dropped (the unit is started or stopped by hand). */
export function cancelAutoRestart(cluster: Cluster, h: NodeHost): boolean {
  const ar = h.units.kubelet.autoRestart;
  if (!ar) return false;
  cluster.clock.cancel(ar.timer);
  h.units.kubelet.autoRestart = undefined;
  return true;
}

/** `systemctl stop` of a unit waiting to restart: it goes straight to dead (no process to stop), logging "Stopped". */
export function stopAutoRestart(cluster: Cluster, h: NodeHost, at: number, job: number): boolean {
  if (!cancelAutoRestart(cluster, h)) return false;
  journalWrite(h, at, [msgStopped('kubelet', job)]);
  h.units.kubelet.since = at;
  return true;
}
