/**
 * `kubectl drain NODE`: cordons, then evicts every pod on the node that the
 * filters allow (pkg/drain/filters.go): DaemonSet-managed pods need
 * --ignore-daemonsets, pods with emptyDir need --delete-emptydir-data, pods
 * without a controller need --force; mirror pods are skipped. Each eviction is
 * followed until the pod is gone (`pod/x evicted`), on the virtual clock.
 */
import type { KObject } from '../../api/meta.js';
import { controllerRef } from '../../api/meta.js';
import { evictPod } from '../../api/eviction.js';
import { lookupResource } from '../../api/resources.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { cordonNode, nodeInfos } from './cordon.js';
import { waitForDeletion } from './delete.js';
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

async function runDrain(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  const flags: DrainFlags = { ignoreDaemonSets: f.bool('ignore-daemonsets'), deleteEmptyDirData: f.bool('delete-emptydir-data'), force: f.bool('force') };
  const nodes = await nodeInfos(inv);
  const client = inv.client();
  const podInfo = lookupResource('pods')!;
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
      fatal.push(...errs);
      remaining.push(n.name);
      continue;
    }
    const warnings = grouped(items, 'Warning').map(([msg, list]) => `${msg}: ${list.join(', ')}`).join('; ');
    if (warnings) inv.err(`Warning: ${warnings}\n`);
    const toDelete = items.filter((i) => i.v.delete).map((i) => i.pod);
    if (dryRun === 'client') {
      for (const p of toDelete) inv.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`);
      inv.out(`node/${n.name} drained (dry run)\n`);
      continue;
    }
    const grace = f.int('grace-period');
    const evicted: { pod: KObject }[] = [];
    for (const p of toDelete) {
      inv.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name}${dryRun === 'server' ? ' (server dry run)' : ''}\n`);
      try {
        // POST pods/NAME/eviction: the API server marks the pod DisruptionTarget, then deletes it.
        evictPod(client, p.metadata.namespace!, p.metadata.name!, { dryRun: dryRun === 'server', ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}) }, inv.now());
        evicted.push({ pod: p });
      } catch (e) {
        fatal.push(new Error(`error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}": ${String((e as Error).message)}`));
      }
    }
    if (dryRun === 'server') {
      inv.out(`node/${n.name} drained (server dry run)\n`);
      continue;
    }
    const timeout = f.durationMs('timeout') || 168 * 3_600_000;
    const pending = new Set(evicted.map((e) => e.pod));
    const deadline = inv.now() + timeout;
    while (pending.size && !inv.ctx.signal.aborted) {
      for (const p of [...pending]) {
        const live = client.tryGet('pods', p.metadata.namespace, p.metadata.name!);
        if (!live || live.metadata.uid !== p.metadata.uid) {
          pending.delete(p);
          inv.out(`pod/${p.metadata.name} evicted\n`);
        }
      }
      if (!pending.size) break;
      if (inv.now() >= deadline) {
        const p = [...pending][0];
        fatal.push(new Error(`error when waiting for pod "${p.metadata.name}" in namespace "${p.metadata.namespace}" to terminate: global timeout reached: ${Math.round(timeout / 1000)}s`));
        break;
      }
      await inv.ctx.sleep(Math.min(250, deadline - inv.now()));
    }
    if (!fatal.length) inv.out(`node/${n.name} drained\n`);
    void podInfo;
    void waitForDeletion;
  }
  if (remaining.length) inv.err(`There are pending nodes to be drained:\n${remaining.map((r) => ` ${r}\n`).join('')}`);
  // An aggregate even for one error: CheckErr prints its lines without `error: `.
  if (fatal.length) throw new AggregateError(fatal);
  return 0;
}

export const drain: Command = verb('drain', { run: runDrain });
