/**
 * One probe attempt against the simulated application (pkg/probe/http, tcp,
 * exec, grpc): the result and the output text the kubelet puts in the
 * Unhealthy event.
 */
import type { Container as ContainerSpec, HTTPGetAction, Probe } from 'kubernetes-types/core/v1';
import type { Container, ContainerRuntime, ExecResult } from './runtime.js';
import * as M from './messages.js';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export interface ProbeResult {
  ok: boolean;
  output: string;
}

export const PROBE_DEFAULTS = { periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3, initialDelaySeconds: 0 };

/**
 * How long after its container started a probe first runs (ms). The prober manager's workers start with the pod (AddPod)
 * and tick every periodSeconds from then, container restarts or not (prober/worker.go); a liveness probe runs on those
 * ticks only, so its first comes within a period after the start, on the pod's phase: a pod added at 0 s with a 5 s
 * period and its container started at 3.2 s is first probed at 5 s, when nginx has long been listening (probing at the
 * start itself failed every new nginx once, and a failureThreshold of 1 restarted it for ever). A readiness probe is also
 * run at once when the pod's status is generated with the container not yet known ready (UpdatePodStatus' manual
 * trigger): at the start here, or once initialDelaySeconds is over. A startup probe ticks like liveness on a real
 * kubelet, but here it still runs as readiness does: the control plane's static pods become Started by it while the
 * cluster boots, and the recorded transcripts' resourceVersions depend on when (a known difference, left for now).
 */
export function firstProbeDelay(kind: ProbeKind, workerStart: number, startedAt: number, periodMs: number, initialMs: number): number {
  if (kind !== 'liveness') return initialMs;
  const ticks = Math.floor((startedAt - workerStart) / periodMs) + 1;
  return workerStart + ticks * periodMs - startedAt;
}

function resolvePort(spec: ContainerSpec, port: number | string | undefined): number {
  if (typeof port === 'number') return port;
  const named = spec.ports?.find((p) => p.name === port);
  if (named) return named.containerPort;
  const n = Number(port);
  return Number.isFinite(n) ? n : 0;
}

/**
 * One HTTP GET of a probe or lifecycle hook to its container (NewRequestForHTTPGetAction): the URL, and the answer's
 * status or why none came. `bridgeIP` is the node's cni0 address: where the kubelet's request to a pod's own address
 * comes from. `injectedStatus`: the answer a simulation control puts in the application's place.
 */
export function httpGetAction(a: HTTPGetAction, spec: ContainerSpec, c: Container, runtime: ContainerRuntime, bridgeIP: string, userAgent: string, injectedStatus?: number): { url: string; hostPort: string; status?: number; error?: 'refused' | 'timeout' } {
  const port = resolvePort(spec, a.port as number | string);
  const host = a.host || c.podIP;
  const path = a.path ?? '/';
  const hostPort = `${host}:${port}`;
  const url = `${(a.scheme ?? 'HTTP').toLowerCase()}://${hostPort}${path.startsWith('/') ? path : `/${path}`}`;
  // serveHTTP refuses a port nobody listens on and times out a hung container before an injected answer applies.
  const r: { response?: { status: number }; error?: 'refused' | 'timeout' } = injectedStatus && c.listening(port) && !c.inj.hang ? { response: { status: injectedStatus } } : runtime.serveHTTP(c, port, { method: 'GET', path, remote: `${c.podIP === host ? bridgeIP : host}:0`, userAgent });
  return { url, hostPort, status: r.response?.status, error: r.response ? undefined : r.error ?? 'refused' };
}

/** The result, or a promise of it from an exec probe whose command's code had to load first (runtime.exec). */
export function runProbe(kind: ProbeKind, probe: Probe, spec: ContainerSpec, c: Container, runtime: ContainerRuntime, bridgeIP: string): ProbeResult | Promise<ProbeResult> {
  const timeoutS = probe.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds;
  const injectedFail = (kind === 'liveness' && c.inj.failLiveness) || (kind === 'readiness' && c.inj.failReadiness);
  if (probe.httpGet) {
    const r = httpGetAction(probe.httpGet, spec, c, runtime, bridgeIP, 'kube-probe/1.35', injectedFail ? 500 : undefined);
    if (r.error === 'timeout') return { ok: false, output: M.probeHTTPTimeout(r.url) };
    if (r.error) return { ok: false, output: M.probeHTTPRefused(r.url, r.hostPort) };
    if (r.status! >= 200 && r.status! < 400) return { ok: true, output: '' };
    return { ok: false, output: M.probeHTTPStatus(r.status!) };
  }
  if (probe.tcpSocket) {
    const port = resolvePort(spec, probe.tcpSocket.port as number | string);
    const hostPort = `${probe.tcpSocket.host || c.podIP}:${port}`;
    if (!c.listening(port) || injectedFail) return { ok: false, output: M.probeTCPRefused(hostPort) };
    return { ok: true, output: '' };
  }
  if (probe.grpc) {
    const hostPort = `${c.podIP}:${probe.grpc.port}`;
    if (!c.listening(probe.grpc.port) || c.inj.hang) return { ok: false, output: M.probeGRPCRefused(hostPort, timeoutS) };
    if (injectedFail) return { ok: false, output: M.probeGRPCUnhealthy('NOT_SERVING') };
    return { ok: true, output: '' };
  }
  if (probe.exec) {
    const cmd = probe.exec.command ?? [];
    if (injectedFail) return { ok: false, output: '' };
    const r = runtime.exec(c, cmd);
    const judge = (x: ExecResult): ProbeResult => {
      if (x.error) return { ok: false, output: x.error };
      if (x.durationMs > timeoutS * 1000) return { ok: false, output: M.probeExecTimeout(cmd, timeoutS) };
      return { ok: x.exitCode === 0, output: x.stdout + x.stderr };
    };
    return r instanceof Promise ? r.then(judge) : judge(r);
  }
  return { ok: true, output: '' };
}
