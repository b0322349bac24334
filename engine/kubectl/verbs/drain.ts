/**
 * `kubectl drain NODE`: cordons, then evicts every pod on the node that the
 * filters allow (pkg/drain/filters.go): DaemonSet-managed pods need
 * --ignore-daemonsets, pods with emptyDir need --delete-emptydir-data, pods
 * without a controller need --force; mirror pods are skipped. Each eviction is
 * followed until the pod is gone (`pod/x evicted`), on the virtual clock; one a
 * PodDisruptionBudget refuses (429) is retried every 5 s until --timeout, as
 * pkg/drain does. --disable-eviction deletes instead, which no budget checks.
 */
import type { KObject } from '../../api/meta.js';
import { controllerRef } from '../../api/meta.js';
import { evictPod } from '../../api/eviction.js';
import { isNotFound, isStatusError } from '../../api/errors.js';
import { NestedAggregate } from '../framework/errors.js';
import type { DeleteOptions } from '../../api/apiserver.js';
import { formatGoDuration } from '../framework/flags.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { cordonNode, nodeInfos } from './cordon.js';
import { dryRunStrategy, verb } from './mutate.js';

export const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
export const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
export const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
export const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
// v1.35's text starts with "cannot delete" and the error list prefixes it again ("cannot delete cannot delete Pods
// that declare no controller"), as the real v1.35.2 prints; later releases dropped the first one.
export const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
export const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

export interface DrainFlags { ignoreDaemonSets: boolean; deleteEmptyDirData: boolean; force: boolean }
export type PodVerdict = { delete: boolean; reason: 'Okay' | 'Skip' | 'Warning' | 'Error'; message?: string };

/** The drain filters, in kubectl's order; the first that does not say Okay decides. */
export function podVerdict(pod: KObject, flags: DrainFlags): PodVerdict {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const ref = controllerRef(pod);
  if (ref?.kind === 'DaemonSet') {
    if (!flags.ignoreDaemonSets) return { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
    return { delete: false, reason: 'Warning', message: DAEMONSET_WARNING };
  }
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return { delete: false, reason: 'Skip' };
  const volumes = ((pod.spec as { volumes?: { emptyDir?: unknown }[] } | undefined)?.volumes ?? []);
  if (!finished && volumes.some((v) => v.emptyDir !== undefined)) {
    if (!flags.deleteEmptyDirData) return { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
    return { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING };
  }
  if (!finished && !ref) {
    if (!flags.force) return { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
    return { delete: true, reason: 'Warning', message: UNMANAGED_WARNING };
  }
  return { delete: true, reason: 'Okay' };
}

function grouped(items: { pod: KObject; v: PodVerdict }[], reason: 'Warning' | 'Error'): [string, string[]][] {
  const m = new Map<string, string[]>();
  for (const i of items) {
    if (i.v.reason !== reason) continue;
    const list = m.get(i.v.message!) ?? [];
    list.push(`${i.pod.metadata.namespace}/${i.pod.metadata.name}`);
    m.set(i.v.message!, list);
  }
  return [...m.entries()];
}

/** EvictErrorRetryDelay: a refused eviction (429) is tried again after this. */
export const EVICT_ERROR_RETRY_DELAY_MS = 5000;
/** waitForDelete's poll interval. */
const WAIT_INTERVAL_MS = 1000;

/**
 * waitForDelete for one pod: every second (the first check at once) until it is gone or replaced; "pod/NAME <verb>".
 * False when the drain's deadline passes first: wait.PollUntilContextTimeout then answers the context's error.
 */
async function waitForDelete(inv: Invocation, p: KObject, verb: string, deadline: number): Promise<boolean> {
  const client = inv.client();
  for (;;) {
    const live = client.tryGet('pods', p.metadata.namespace, p.metadata.name!);
    if (!live || live.metadata.uid !== p.metadata.uid) {
      inv.out(`pod/${p.metadata.name} ${verb}\n`);
      return true;
    }
    if (inv.ctx.signal.aborted) return true;
    if (inv.now() >= deadline) return false;
    await inv.ctx.sleep(Math.min(WAIT_INTERVAL_MS, deadline - inv.now()));
  }
}

/** context.DeadlineExceeded's text. */
const CONTEXT_DEADLINE_EXCEEDED = 'context deadline exceeded';

/**
 * One pod's eviction (pkg/drain evictPods' goroutine): "evicting pod" at every attempt; a 429 (a disruption
 * budget allows no disruption now) is reported and tried again 5 s later until the global timeout; a pod
 * already gone counts as evicted without a word. Then the wait for its deletion.
 */
async function evictAndWait(inv: Invocation, p: KObject, options: DeleteOptions, serverDryRun: boolean, deadline: number, timeout: number): Promise<Error | undefined> {
  const client = inv.client();
  const ns = p.metadata.namespace!;
  const name = p.metadata.name!;
  for (;;) {
    inv.out(`evicting pod ${ns}/${name}${serverDryRun ? ' (server dry run)' : ''}\n`);
    if (inv.now() >= deadline) return new Error(`error when evicting pods/"${name}" -n "${ns}": global timeout reached: ${formatGoDuration(timeout)}`);
    try {
      // POST pods/NAME/eviction: the API server checks the pod's disruption budget, marks the pod DisruptionTarget, then deletes it.
      evictPod(client, ns, name, options, inv.now());
      break;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      if (!(isStatusError(e) && e.code === 429)) return new Error(`error when evicting pods/"${name}" -n "${ns}": ${String((e as Error).message)}`);
      inv.err(`error when evicting pods/"${name}" -n "${ns}" (will retry after ${formatGoDuration(EVICT_ERROR_RETRY_DELAY_MS)}): ${e.message}\n`);
      await inv.ctx.sleep(EVICT_ERROR_RETRY_DELAY_MS);
      if (inv.ctx.signal.aborted) return undefined;
    }
  }
  if (serverDryRun) return undefined;
  // The other goroutines send their evictions meanwhile: every "evicting pod" comes before the first check.
  await Promise.resolve();
  if (await waitForDelete(inv, p, 'evicted', deadline)) return undefined;
  return new Error(`error when waiting for pod "${name}" in namespace "${ns}" to terminate: ${CONTEXT_DEADLINE_EXCEEDED}`);
}

/** --disable-eviction (deletePods): plain deletes, which no disruption budget checks, then the wait for them all. */
async function deletePods(inv: Invocation, pods: KObject[], options: DeleteOptions, deadline: number): Promise<(Error | undefined)[]> {
  const client = inv.client();
  for (const p of pods) {
    try {
      client.delete('pods', p.metadata.namespace, p.metadata.name!, options);
    } catch (e) {
      if (!isNotFound(e)) return [e as Error];
    }
  }
  if (options.dryRun) return [];
  // One wait for them all: its timeout is the one error.
  const done = await Promise.all(pods.map((p) => waitForDelete(inv, p, 'deleted', deadline)));
  return done.every(Boolean) ? [] : [new Error(CONTEXT_DEADLINE_EXCEEDED)];
}

async function runDrain(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  const flags: DrainFlags = { ignoreDaemonSets: f.bool('ignore-daemonsets'), deleteEmptyDirData: f.bool('delete-emptydir-data'), force: f.bool('force') };
  const nodes = await nodeInfos(inv);
  const client = inv.client();
  const fatal: unknown[] = [];
  const remaining: string[] = [];
  for (const n of nodes) {
    cordonNode(inv, n, true, dryRun);
    const pods = client.list('pods', undefined, { fieldSelector: `spec.nodeName=${n.name}`, labelSelector: f.string('pod-selector') || undefined }).items;
    const items = pods.map((pod) => ({ pod, v: podVerdict(pod, flags) }));
    const errs = grouped(items, 'Error').map(([msg, list]) => new Error(`cannot delete ${msg}: ${list.join(', ')}`));
    if (errs.length) {
      const text = errs.length === 1 ? errs[0].message : `[${errs.map((e) => e.message).join(', ')}]`;
      inv.err(`error: unable to drain node "${n.name}" due to error: ${text}, continuing command...\n`);
      fatal.push(new NestedAggregate(errs));
      remaining.push(n.name);
      continue;
    }
    const warnings = grouped(items, 'Warning').map(([msg, list]) => `${msg}: ${list.join(', ')}`).join('; ');
    if (warnings) inv.warn(warnings);
    const toDelete = items.filter((i) => i.v.delete).map((i) => i.pod);
    if (dryRun === 'client') {
      for (const p of toDelete) inv.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`);
      inv.out(`node/${n.name} drained (dry run)\n`);
      continue;
    }
    const grace = f.int('grace-period');
    const options = { dryRun: dryRun === 'server', ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}) };
    const timeout = f.durationMs('timeout');
    const deadline = timeout > 0 ? inv.now() + timeout : Infinity;
    const disableEviction = f.bool('disable-eviction');
    const results = disableEviction
      ? await deletePods(inv, toDelete, options, deadline)
      // Every pod's eviction runs on its own (a goroutine each), retrying while a disruption budget refuses it.
      : await Promise.all(toDelete.map((p) => evictAndWait(inv, p, options, dryRun === 'server', deadline, timeout)));
    const failed = results.filter((e): e is Error => e !== undefined);
    if (failed.length) {
      // utilerrors.NewAggregate: one error reads as itself, several as "[a, b]".
      const err = failed.length === 1 ? failed[0] : new Error(`[${failed.map((e) => e.message).join(', ')}]`);
      const pending = client.list('pods', undefined, { fieldSelector: `spec.nodeName=${n.name}`, labelSelector: f.string('pod-selector') || undefined }).items
        .filter((pod) => podVerdict(pod, flags).delete);
      if (pending.length) inv.err(`There are pending pods in node "${n.name}" when an error occurred: ${err.message}\n${pending.map((pod) => `pod/${pod.metadata.name}\n`).join('')}`);
      inv.err(`error: unable to drain node "${n.name}" due to error: ${err.message}, continuing command...\n`);
      // evictPods answers the aggregate of its goroutines' errors, deletePods its one error as it is.
      fatal.push(disableEviction ? failed[0] : new NestedAggregate(failed));
      remaining.push(n.name);
      continue;
    }
    inv.out(`node/${n.name} drained${dryRun === 'server' ? ' (server dry run)' : ''}\n`);
  }
  if (remaining.length) inv.err(`There are pending nodes to be drained:\n${remaining.map((r) => ` ${r}\n`).join('')}`);
  // NewAggregate(fatal) of each node's aggregate: CheckErr unwraps the outer one when one node failed and prints the
  // node's errors without `error: `; with several nodes each prints as its aggregate's one line.
  if (fatal.length) throw new AggregateError(fatal);
  return 0;
}

export const drain: Command = verb('drain', { run: runDrain });
