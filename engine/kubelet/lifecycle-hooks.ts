/**
 * Container lifecycle hooks, loaded with the first container that has one (release-1.35):
 * - the handler runner (pkg/kubelet/lifecycle/handlers.go handlerRunner.Run): an exec hook runs its command in the
 *   container (ExecSync, no timeout), an httpGet hook sends one GET to the container (only a failed request is a
 *   failure: the answer's status is not looked at), a sleep hook waits. A tcpSocket handler passes validation
 *   (kept for old objects) but the runner has no case for it: it fails at once. Its texts are Run's error
 *   messages: the kubelet logs them and keeps a failed postStart's in the reason cache (the container's waiting
 *   message); its events say only "PostStartHook failed" / "PreStopHook failed".
 * - what kuberuntime does around it (kuberuntime_container.go startContainer's last step, executePreStopHook and
 *   killContainer).
 */
import type { Container as ContainerSpec, LifecycleHandler } from 'kubernetes-types/core/v1';
import type { Container, ContainerRuntime, ExecResult } from './runtime.js';
import type { ContainerRecord, Kubelet, PodRecord } from './kubelet.js';
import { httpGetAction } from './probes.js';
import { nextTick } from './pod-worker.js';
import * as M from './messages.js';
import { goQuote } from '../kubectl/printers/gofmt.js';

// Event reasons (events.FailedPostStartHook, FailedPreStopHook) and texts: a hook's failure is recorded without its
// message, which may hold secrets. ErrPostStartHook is the reason cache's reason after a failed postStart.
const REASON_FAILED_POST_START_HOOK = 'FailedPostStartHook';
const REASON_FAILED_PRE_STOP_HOOK = 'FailedPreStopHook';
const MSG_POST_START_HOOK_FAILED = 'PostStartHook failed';
const MSG_PRE_STOP_HOOK_FAILED = 'PreStopHook failed';
const POST_START_HOOK_ERROR = 'PostStartHookError';

/** killContainer's minimumGracePeriodInSeconds: no container gets less than 2 s between SIGTERM and SIGKILL. */
const MINIMUM_GRACE_PERIOD_MS = 2000;

/**
 * startContainer's last step: the worker waits for the postStart hook (the kubelet set rec.hook), so the status it
 * wrote (ContainerCreating, or the last exit's reason) stays until the hook is over, and the pod's other containers
 * start after it. A failed hook is an event without its text (it may hold secrets), the container is killed (its
 * preStop hook runs, with the pod's grace period), and the hook's message becomes the reason cache's
 * PostStartHookError once the container has stopped, if the kubelet restarts it (ShouldContainerBeRestarted).
 */
export function runPostStart(k: Kubelet, rec: PodRecord, cr: ContainerRecord, c: Container, h: LifecycleHandler): void {
  const from = k.clock.now();
  outcome(k, rec, cr, c, h, (o) => {
    if (o.durationMs === Infinity) return;
    k.clock.schedule(o.durationMs, () => {
      if (rec.hook !== cr || cr.current !== c || !rec.live || !k.running()) return;
      if (o.failure === undefined && c.state === 'running') {
        rec.hook = undefined;
        k.containerStarted(rec, cr, c);
        // A relist during the hook saw the start already: its sync runs as soon as the worker is free.
        if (!cr.init) k.syncSoon(rec, Math.max(0, nextTick(k.startedAt(), from, true) - k.clock.now()), true);
        // The sync goes on with the containers after this one.
        k.syncSoon(rec, 0);
        k.workerFree(rec);
        return;
      }
      k.event(rec, cr, 'Warning', REASON_FAILED_POST_START_HOOK, MSG_POST_START_HOOK_FAILED);
      const free = () => {
        rec.hook = undefined;
        const policy = cr.spec.restartPolicy ?? rec.pod.spec?.restartPolicy;
        if (policy === 'Always' || (policy === 'OnFailure' && c.exitCode !== 0)) cr.waiting = { reason: POST_START_HOOK_ERROR, message: o.failure ?? '' };
        k.workerFree(rec);
        k.reportAtEnd(rec);
      };
      const running = c.state === 'running';
      if (running) whenStopped(cr, free);
      const graceS = rec.pod.metadata.deletionGracePeriodSeconds ?? rec.pod.spec?.terminationGracePeriodSeconds ?? MINIMUM_GRACE_PERIOD_MS / 1000;
      k.killContainerGracefully(rec, cr, c, graceS * 1000, REASON_FAILED_POST_START_HOOK);
      if (!running) free();
    });
  });
}

/**
 * killContainer's preStop step (executePreStopHook): the hook is waited for at most the grace period, which then
 * loses the whole seconds waited; StopContainer gets what is left, never under 2 s. A failed hook is an event when
 * it ends, even after the stop went on; an exec still running when the container dies fails with it.
 */
export function runPreStop(k: Kubelet, rec: PodRecord, cr: ContainerRecord, c: Container, graceMs: number): void {
  const pre = cr.spec.lifecycle!.preStop!;
  outcome(k, rec, cr, c, pre, (o) => {
    const failed = () => k.event(rec, cr, 'Warning', REASON_FAILED_PRE_STOP_HOOK, MSG_PRE_STOP_HOOK_FAILED);
    if (o.failure !== undefined && o.durationMs <= graceMs) k.clock.schedule(o.durationMs, failed);
    else if (pre.exec && o.durationMs > graceMs) whenStopped(cr, failed);
    const waited = Math.min(o.durationMs, graceMs);
    const stop = () => k.runtime.stop(c, Math.max(MINIMUM_GRACE_PERIOD_MS, graceMs - Math.floor(waited / 1000) * 1000));
    if (waited > 0) c.timers.push(k.clock.schedule(waited, stop));
    else stop();
  });
}

/** Calls `fn` once the current container of `cr` has stopped (the kubelet's exit handling calls cr.onStopped). */
function whenStopped(cr: ContainerRecord, fn: () => void): void {
  const before = cr.onStopped;
  cr.onStopped = before ? () => { before(); fn(); } : fn;
}

/** The handler's outcome, to `done` at the instant it starts (an exec whose command had to load: once it has). */
function outcome(k: Kubelet, rec: PodRecord, cr: ContainerRecord, c: Container, h: LifecycleHandler, done: (o: HookOutcome) => void): void {
  const r = runHook(h, cr.spec, c, k.runtime, k.podFull(rec), k.bridgeIP);
  if (r instanceof Promise) void r.then(done).catch((e: unknown) => k.clock.errors.push(e));
  else done(r);
}

export interface HookOutcome {
  /** Simulated time the handler ran; Infinity for a request the container never answers. */
  durationMs: number;
  /** Run's message when the handler failed. */
  failure?: string;
}

/** What the handler does in `c`: the outcome at once, or a promise of it when an exec's command had to load first. */
export function runHook(h: LifecycleHandler, spec: ContainerSpec, c: Container, runtime: ContainerRuntime, podFull: string, bridgeIP: string): HookOutcome | Promise<HookOutcome> {
  const where = `for Container ${goQuote(spec.name)} in Pod ${goQuote(podFull)} failed - error: `;
  if (h.exec) {
    const cmd = h.exec.command ?? [];
    const judge = (r: ExecResult): HookOutcome => {
      // RunInContainer: a command that could not start is the CRI call's error; one that exited non-zero is
      // ExecSync's CodeExitError with its stderr, and the output (stdout then stderr) follows quoted.
      const err = r.error !== undefined ? `rpc error: code = Unknown desc = ${r.error}` : r.exitCode !== 0 ? `command '${cmd.join(' ')}' exited with ${r.exitCode}: ${r.stderr}` : undefined;
      return err === undefined ? { durationMs: r.durationMs } : { durationMs: r.durationMs, failure: `Exec lifecycle hook ([${cmd.join(' ')}]) ${where}${err}, message: ${goQuote(r.error !== undefined ? '' : r.stdout + r.stderr)}` };
    };
    const r = runtime.exec(c, cmd);
    return r instanceof Promise ? r.then(judge) : judge(r);
  }
  if (h.httpGet) {
    // The kubelet's HTTP client for hooks has no timeout: a container that never answers holds the hook.
    const r = httpGetAction(h.httpGet, spec, c, runtime, bridgeIP, 'kube-lifecycle/1.35');
    if (r.error === 'timeout') return { durationMs: Infinity };
    return r.error ? { durationMs: 0, failure: `HTTP lifecycle hook (${h.httpGet.path ?? ''}) ${where}${M.probeHTTPRefused(r.url, r.hostPort)}` } : { durationMs: 0 };
  }
  if (h.sleep) return { durationMs: h.sleep.seconds * 1000 };
  return { durationMs: 0, failure: `Cannot run handler: invalid handler: ${handlerString(h)}` };
}

/** The generated String() of a *LifecycleHandler (gogo-protobuf's `&Type{Field:value,}`), as %v prints it. */
function handlerString(h: LifecycleHandler): string {
  const port = h.tcpSocket?.port;
  // intstr.IntOrString printed as a struct value: {Type IntVal StrVal}.
  const intOrString = typeof port === 'string' ? `{1 0 ${port}}` : `{0 ${port ?? 0} }`;
  const tcp = h.tcpSocket ? `&TCPSocketAction{Port:${intOrString},Host:${h.tcpSocket.host ?? ''},}` : 'nil';
  return `&LifecycleHandler{Exec:nil,HTTPGet:nil,TCPSocket:${tcp},Sleep:nil,}`;
}
