/**
 * `kubectl logs`: a pod's container log from its node's kubelet (pod name,
 * TYPE/NAME picks a pod of the workload, -l for several pods), with -c,
 * --all-containers, --previous, --tail, --since, --timestamps, --prefix and
 * -f following new lines on the virtual clock until Ctrl-C.
 */
import { badRequest, notFound } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import type { LogLine } from '../../kubelet/runtime.js';
import { rfc3339Micro } from '../../util/time.js';
import { parseResourceArgs } from '../framework/builder.js';
import { UsageError, type Command, type Invocation } from '../framework/command.js';
import { verb } from './mutate.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** AttachablePodForObject: the pod itself, or the first (oldest active) pod the workload selects. */
export function podForObject(inv: Invocation, arg: string): KObject {
  const client = inv.client();
  if (!arg.includes('/')) return client.get('pods', inv.namespace, arg);
  const { tuples } = parseResourceArgs([arg]);
  const t = tuples[0];
  const key = t.resource.group ? `${t.resource.resource}.${t.resource.group}` : t.resource.resource;
  const obj = client.get(key, inv.namespace, t.name) as Any;
  if (key === 'pods') return obj as KObject;
  let selector: Record<string, string> | undefined;
  if (key === 'services') selector = obj.spec?.selector;
  else selector = obj.spec?.selector?.matchLabels ?? obj.spec?.selector;
  if (!selector || !Object.keys(selector).length) throw new Error(`cannot attach to ${obj.kind}: selector for ${obj.kind} is empty`);
  const sel = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = client.list('pods', inv.namespace, { labelSelector: sel }).items.filter((p) => !p.metadata.deletionTimestamp);
  if (!pods.length) throw new Error(`timed out waiting for the condition`);
  // kubectl sorts by podutils.ActivePods: running and ready pods first, then the oldest.
  const rank = (p: Any) => (p.status?.phase === 'Running' ? 0 : 1);
  pods.sort((a, b) => rank(a) - rank(b) || String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
  return pods[0];
}

function containerNames(pod: Any, all: boolean): string[] {
  const main = (pod.spec?.containers ?? []).map((c: Any) => c.name);
  return all ? [...(pod.spec?.initContainers ?? []).map((c: Any) => c.name), ...main] : main;
}

/** Which container: -c, the default-container annotation, or the only/first one (with kubectl's note). */
export function pickContainer(inv: Invocation, pod: Any, requested: string): string {
  if (requested) {
    const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: Any) => c.name);
    if (!all.includes(requested)) {
      throw badRequest(`container ${requested} is not valid for pod ${pod.metadata.name}`);
    }
    return requested;
  }
  const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const names = containerNames(pod, false);
  if (def && names.includes(def)) return def;
  if (names.length > 1) inv.err(`Defaulted container "${names[0]}" out of: ${[...names, ...(pod.spec?.initContainers ?? []).map((c: Any) => `${c.name} (init)`)].join(', ')}\n`);
  return names[0];
}

function statusOf(pod: Any, container: string): Any | undefined {
  return [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: Any) => s.name === container);
}

function formatLine(l: LogLine, timestamps: boolean, prefix: string): string {
  return `${prefix}${timestamps ? rfc3339Micro(l.time).replace(/(\.\d{6})Z$/, '$1000Z') + ' ' : ''}${l.text}\n`;
}

async function runLogs(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const selector = f.string('selector');
  const args = inv.args;
  if (args.length === 0 && !selector) throw new UsageError('expected POD or TYPE/NAME is a required argument for the logs command');
  if (args.length > 2) throw new UsageError('expected POD or TYPE/NAME is a required argument for the logs command');
  const client = inv.client();
  let pods: KObject[];
  if (selector) {
    if (args.length) throw new Error('only a selector (-l) or a POD name is allowed');
    pods = client.list('pods', inv.namespace, { labelSelector: selector }).items;
    if (!pods.length) {
      inv.err(`No resources found in ${inv.namespace} namespace.\n`);
      return 0;
    }
  } else pods = [podForObject(inv, args[0])];
  const container = f.string('container') || (args.length === 2 ? args[1] : '');
  const all = f.bool('all-containers');
  const previous = f.bool('previous');
  const timestamps = f.bool('timestamps');
  const tail = f.changed('tail') ? f.int('tail') : (selector ? 10 : -1);
  const sinceMs = f.durationMs('since');
  const follow = f.bool('follow');
  const prefixFlag = f.bool('prefix') || (!!selector && pods.length > 1 && f.changed('prefix') ? f.bool('prefix') : false);
  const streams: { pod: Any; container: string; prefix: string }[] = [];
  for (const pod of pods as Any[]) {
    const names = all ? containerNames(pod, true) : [pickContainer(inv, pod, container)];
    for (const c of names) streams.push({ pod, container: c, prefix: prefixFlag ? `[pod/${pod.metadata.name}/${c}] ` : '' });
  }
  const subs: (() => void)[] = [];
  for (const s of streams) {
    const node = s.pod.spec?.nodeName;
    const kubelet = node ? inv.ctx.cluster.kubelets.get(node) : undefined;
    const st = statusOf(s.pod, s.container);
    const rec = kubelet?.container(s.pod.metadata.namespace, s.pod.metadata.name, s.container);
    const inst = previous ? rec?.previous : rec?.current;
    if (!inst) {
      if (previous) throw badRequest(`previous terminated container "${s.container}" in pod "${s.pod.metadata.name}" not found`);
      const waiting = st?.state?.waiting?.reason ?? 'ContainerCreating';
      throw badRequest(`container "${s.container}" in pod "${s.pod.metadata.name}" is waiting to start: ${waiting}`);
    }
    let lines = inst.logs;
    if (sinceMs > 0) lines = lines.filter((l) => l.time >= inv.now() - sinceMs);
    if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
    for (const l of lines) inv.out(formatLine(l, timestamps, s.prefix));
    if (follow && !previous) subs.push(inst.subscribe((l) => inv.out(formatLine(l, timestamps, s.prefix))));
  }
  if (!follow || previous) return 0;
  await new Promise<void>((resolve) => {
    const unsub = inv.ctx.signal.onAbort(() => { unsub(); resolve(); });
    if (inv.ctx.signal.aborted) resolve();
  });
  for (const u of subs) u();
  return 0;
}

export const logs: Command = verb('logs', { run: runLogs });
export { notFound };
