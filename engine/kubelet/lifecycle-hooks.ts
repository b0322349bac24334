/**
 * The kubelet's lifecycle hook runner (pkg/kubelet/lifecycle/handlers.go handlerRunner.Run, release-1.35), loaded
 * with the first container that has a postStart or preStop hook: an exec hook runs its command in the container
 * (ExecSync, no timeout), an httpGet hook sends one GET to the container (only a failed request is a failure: the
 * answer's status is not looked at), a sleep hook waits. A tcpSocket handler passes validation (kept for old
 * objects) but the runner has no case for it: it fails at once.
 *
 * The texts are Run's error messages: the kubelet logs them and keeps a failed postStart's in the reason cache
 * (the container's waiting message); its events say only "PostStartHook failed" / "PreStopHook failed".
 */
import type { Container as ContainerSpec, LifecycleHandler } from 'kubernetes-types/core/v1';
import type { Container, ContainerRuntime, ExecResult } from './runtime.js';
import { httpGetAction } from './probes.js';
import * as M from './messages.js';
import { goQuote } from '../kubectl/printers/gofmt.js';

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
