/**
 * `kubectl logs`: a pod's container log from its node's kubelet (pod name,
 * TYPE/NAME picks a pod of the workload, -l for several pods), with -c,
 * --all-containers, --previous, --tail, --since, --timestamps, --prefix and
 * -f following new lines on the virtual clock until the containers end or Ctrl-C.
 */
import { requestTimeoutMs } from '../framework/flags.js';
import { badRequest, notFound } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { podLogs } from '../../kubelet/pod-logs.js';
import { kubeletHostOf } from '../../kubelet/kubelet-server.js';
import { buildInfos, parseResourceArgs, type Info } from '../framework/builder.js';
import { isNotFound } from '../../api/errors.js';
import { goQuote } from '../printers/gofmt.js';
import { UsageError, type Command, type Invocation } from '../framework/command.js';
import { verb } from './mutate.js';
import { containerNames, podsOf } from './pod-for-object.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** DefaultConsumeRequest with --prefix: each line read from the stream, the prefix in front of it. */
function writePrefixed(inv: Invocation, text: string, prefix: string): void {
  if (!text) return;
  if (!prefix) { inv.out(text); return; }
  inv.out(text.replace(/[^\n]*\n|[^\n]+$/g, (line) => prefix + line));
}

async function runLogs(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const selector = f.string('selector');
  const args = inv.args;
  checkLogsOptions(inv);
  const sinceTime = f.string('since-time') ? parseRFC3339(f.string('since-time')) : undefined;
  const pods = await logsObjects(inv, args[0] ?? '', selector);
  const container = args.length === 2 ? args[1] : f.string('container');
  validateLogsOptions(inv, container);
  const all = f.bool('all-containers');
  const previous = f.bool('previous');
  const timestamps = f.bool('timestamps');
  const tail = f.changed('tail') ? f.int('tail') : (selector ? 10 : -1);
  const sinceMs = f.durationMs('since');
  const follow = f.bool('follow');
  const prefixFlag = f.bool('prefix') || (!!selector && pods.length > 1 && f.changed('prefix') ? f.bool('prefix') : false);
  const streams: { pod: Any; container: string; prefix: string }[] = [];
  for (const pod of pods as Any[]) {
    const names = all ? containerNames(pod, true) : [logsContainer(inv, pod, container)];
    for (const c of names) streams.push({ pod, container: c, prefix: prefixFlag ? `[pod/${pod.metadata.name}/${c}] ` : '' });
  }
  if (follow && streams.length > 1 && streams.length > f.int('max-log-requests')) {
    throw new Error(`you are attempting to follow ${streams.length} log streams, but maximum allowed concurrency is ${f.int('max-log-requests')}, use --max-log-requests to increase the limit`);
  }
  const subs: (() => void)[] = [];
  // The command ends when the last followed container does (or at Ctrl-C, or past --request-timeout).
  let following = 0;
  let allEnded: (() => void) | undefined;
  const host = kubeletHostOf(inv.ctx.cluster);
  const limitBytes = f.int('limit-bytes');
  for (const s of streams) {
    // GET pods/{name}/log for each stream, in turn: a failing one ends the command, as DefaultConsumeRequest's error does.
    // RBAC judges the log subresource apart from the pod: `get pods` alone does not give it.
    inv.client().connect('pods', s.pod.metadata.namespace, s.pod.metadata.name, 'log', 'get');
    const stream = podLogs(host, s.pod as KObject, {
      container: s.container, previous, follow, timestamps,
      sinceSeconds: sinceMs > 0 ? Math.round(sinceMs / 1000) : undefined,
      sinceTime,
      tailLines: tail >= 0 ? tail : undefined,
      limitBytes: limitBytes > 0 ? limitBytes : undefined,
    }, inv.now());
    writePrefixed(inv, stream.text, s.prefix);
    if (stream.follow) {
      following++;
      subs.push(stream.follow((t) => writePrefixed(inv, t, s.prefix), () => { if (--following === 0) allEnded?.(); }));
    }
  }
  // Every stream already ended (their containers have exited): nothing is left to follow.
  if (!follow || previous || subs.length === 0) return 0;
  // --request-timeout is the HTTP client's deadline for the whole log request: reading the stream past it fails,
  // and DefaultConsumeRequest returns that error (kubectl v1.35.2 prints "context deadline exceeded").
  const timeout = requestTimeoutMs(f.string('request-timeout'));
  let timedOut = false;
  await new Promise<void>((resolve) => {
    const unsub = inv.ctx.signal.onAbort(() => { unsub(); resolve(); });
    allEnded = () => { unsub(); resolve(); };
    if (inv.ctx.signal.aborted) resolve();
    if (timeout > 0) void inv.ctx.sleep(timeout).then(() => { timedOut = !inv.ctx.signal.aborted; unsub(); resolve(); });
  });
  for (const u of subs) u();
  if (timedOut) throw new Error(LOG_STREAM_DEADLINE);
  return 0;
}

export const LOG_STREAM_DEADLINE = 'context deadline exceeded';

/** logsUsageErrStr: the usage error for a wrong number of arguments. */
export const LOGS_USAGE_ERROR = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/** Kinds SelectorsForObject finds pods for. */
const POD_SELECTING_KINDS = new Set(['ReplicaSet', 'ReplicationController', 'Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'Service']);

/**
 * LogsOptions.Complete's builder (ResourceNames("pods", arg), or pods by -l),
 * then logsForObject's step from a workload to its first pod, with "Found N
 * pods" when there is a choice.
 */
async function logsObjects(inv: Invocation, arg: string, selector: string): Promise<KObject[]> {
  let infos: Info[];
  try {
    const res = await buildInfos(inv, selector
      ? { args: ['pods'], labelSelector: selector, singleResourceType: true }
      : { args: [arg], namesOfType: 'pods', singleResourceType: true });
    infos = res.infos;
  } catch (e) {
    if (isNotFound(e)) throw new Error(`error from server (NotFound): ${(e as Error).message} in namespace "${inv.namespace}"`);
    throw e;
  }
  if (selector) {
    if (!infos.length) inv.err(`No resources found in ${inv.namespace} namespace.\n`);
    return infos.map((i) => i.object);
  }
  const obj = infos[0].object as Any;
  if (obj.kind === 'Pod') return [infos[0].object];
  if (!POD_SELECTING_KINDS.has(obj.kind)) throw new Error(`cannot get the logs from *${goTypePackage(infos[0].resource)}.${obj.kind}: selector for *${goTypePackage(infos[0].resource)}.${obj.kind} not implemented`);
  const pods = podsOf(inv, obj);
  if (pods.length > 1) inv.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`);
  return [pods[0]];
}

/** The Go package of a kind's type as %T prints it (v1.Node, v1.ConfigMap). */
function goTypePackage(r: Info['resource']): string {
  return r.version;
}

/** logsForObject's choice of container: -c, the default-container annotation, or the first (with the note). */
function logsContainer(inv: Invocation, pod: Any, requested: string): string {
  let name = requested;
  const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (!name && def) {
    if (allContainers(pod).includes(def)) name = def;
    else inv.err(`Default container name "${def}" not found in pod ${pod.metadata.name}\n`);
  }
  if (!name) {
    name = pod.spec.containers[0].name;
    if (pod.spec.containers.length > 1 || pod.spec.initContainers?.length || pod.spec.ephemeralContainers?.length) {
      inv.err(`Defaulted container "${name}" out of: ${allContainerNames(pod)}\n`);
    }
  }
  if (!allContainers(pod).includes(name)) throw new Error(`container ${name} is not valid for pod ${pod.metadata.name}`);
  return name;
}

function allContainers(pod: Any): string[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: Any) => c.name);
}

/** podcmd.AllContainerNames. */
function allContainerNames(pod: Any): string {
  return [
    ...(pod.spec?.containers ?? []).map((c: Any) => c.name),
    ...(pod.spec?.ephemeralContainers ?? []).map((c: Any) => `${c.name} (ephem)`),
    ...(pod.spec?.initContainers ?? []).map((c: Any) => `${c.name} (init)`),
  ].join(', ');
}

/** LogsOptions.Complete (its arguments, the RFC 3339 --since-time) and Validate, in their order. */
function checkLogsOptions(inv: Invocation): void {
  const f = inv.flags;
  const args = inv.args;
  const selector = f.string('selector');
  if (args.length === 0 && !selector) throw new UsageError(LOGS_USAGE_ERROR);
  if (args.length === 1 && selector) throw new UsageError('only a selector (-l) or a POD name is allowed');
  if (args.length > 2) throw new UsageError(LOGS_USAGE_ERROR);
}

function validateLogsOptions(inv: Invocation, container: string): void {
  const f = inv.flags;
  const sinceTime = f.string('since-time');
  if (sinceTime) parseRFC3339(sinceTime);
  if (sinceTime && f.durationMs('since') !== 0) throw new Error('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (f.bool('all-containers') && container) throw new Error(`--all-containers=true should not be specified with container name ${container}`);
  if (f.changed('container') && inv.args.length === 2) throw new Error('only one of -c or an inline [CONTAINER] arg is allowed');
  if (f.int('limit-bytes') < 0) throw new Error('--limit-bytes must be greater than 0');
  if (Math.round(f.durationMs('since') / 1000) < 0) throw new Error('--since must be greater than 0');
  if (f.changed('tail') && f.int('tail') < -1) throw new Error('--tail must be greater than or equal to -1');
}

/** time.Parse(time.RFC3339, s) as util.ParseRFC3339 calls it, with Go's error texts. */
export function parseRFC3339(s: string): number {
  const layout = '"2006-01-02T15:04:05Z07:00"';
  const fail = (rest: string, elem: string) => new Error(`parsing time ${goQuote(s)} as ${layout}: cannot parse ${goQuote(rest)} as ${goQuote(elem)}`);
  const steps: [string, RegExp][] = [
    ['2006', /^\d{4}/], ['-', /^-/], ['01', /^\d{2}/], ['-', /^-/], ['02', /^\d{2}/], ['T', /^T/],
    ['15', /^\d{2}/], [':', /^:/], ['04', /^\d{2}/], [':', /^:/], ['05', /^\d{2}(\.\d+)?/], ['Z07:00', /^(Z|[+-]\d{2}:\d{2})/],
  ];
  let rest = s;
  for (const [elem, re] of steps) {
    const m = re.exec(rest);
    if (!m) throw fail(rest, elem);
    rest = rest.slice(m[0].length);
  }
  if (rest) throw new Error(`parsing time ${goQuote(s)}: extra text: ${goQuote(rest)}`);
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new Error(`parsing time ${goQuote(s)}: month out of range`);
  return t;
}

export const logs: Command = verb('logs', { run: runLogs });
export { notFound };
