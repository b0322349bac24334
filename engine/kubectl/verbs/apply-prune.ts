/**
 * `kubectl apply --prune` without an ApplySet (pkg/cmd/apply/prune.go, pkg/util/prune): after every object was
 * applied, each allowlisted kind is listed, with the selector, in each namespace apply visited (cluster-scoped kinds
 * once), and the objects that carry the last-applied annotation but were not among those applied are deleted.
 */
import type { KObject } from '../../api/meta.js';
import { lookupKind, type ResourceInfo } from '../../api/resources.js';
import type { Invocation } from '../framework/command.js';
import { isStatusError } from '../../api/errors.js';
import { cascadePolicy } from './delete.js';
import { LAST_APPLIED, klogLine, outputSpec, printResult, resourceKey, type DryRun } from './mutate.js';

/** prune.go's default allowlist, in its order: the namespaced kinds, then Namespace and PersistentVolume. */
const DEFAULT_ALLOWLIST: [string, string][] = [
  ['v1', 'ConfigMap'], ['v1', 'Endpoints'], ['v1', 'PersistentVolumeClaim'], ['v1', 'Pod'], ['v1', 'ReplicationController'], ['v1', 'Secret'], ['v1', 'Service'],
  ['batch/v1', 'Job'], ['batch/v1', 'CronJob'], ['networking.k8s.io/v1', 'Ingress'],
  ['apps/v1', 'DaemonSet'], ['apps/v1', 'Deployment'], ['apps/v1', 'ReplicaSet'], ['apps/v1', 'StatefulSet'],
  ['v1', 'Namespace'], ['v1', 'PersistentVolume'],
];

/** prune.ParseResources: `group/version/kind`, with `core` for the core group. */
export function parsePruneAllowlist(entries: string[]): ResourceInfo[] {
  return entries.map((entry) => {
    const gvk = entry.split('/');
    if (gvk.length !== 3) throw new Error(`invalid GroupVersionKind format: ${entry}, please follow <group/version/kind>`);
    const group = gvk[0] === 'core' ? '' : gvk[0];
    const info = lookupKind(group ? `${group}/${gvk[1]}` : gvk[1], gvk[2]);
    if (!info) throw new Error(`no matches for kind "${gvk[2]}" in version "${group ? `${group}/${gvk[1]}` : gvk[1]}"`);
    return info;
  });
}

export function pruneAll(inv: Invocation, opts: { visitedUids: Set<string>; visitedNamespaces: Set<string>; selector: string; dryRun: DryRun; allowlist: ResourceInfo[] }): void {
  let resources = opts.allowlist;
  if (resources.length === 0) {
    resources = DEFAULT_ALLOWLIST.map(([v, k]) => lookupKind(v, k)).filter((r): r is ResourceInfo => !!r);
    // GetRESTMappings is told whether a namespace is set, and the kubeconfig's always is ("default").
    inv.err(klogLine(inv, 'W', 'prune.go:71', 'Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.'));
  }
  const client = inv.client();
  const spec = outputSpec(inv);
  const f = inv.flags;
  const grace = f.int('grace-period');
  const propagationPolicy = cascadePolicy(f.string('cascade'));
  const pruneIn = (info: ResourceInfo, ns: string | undefined) => {
    const key = resourceKey(info);
    for (const obj of client.list(key, ns, { labelSelector: opts.selector || undefined }).items as KObject[]) {
      if (obj.metadata.annotations?.[LAST_APPLIED] === undefined) continue;
      if (opts.visitedUids.has(obj.metadata.uid ?? '')) continue;
      if (opts.dryRun !== 'client') {
        client.delete(key, ns, obj.metadata.name ?? '', { dryRun: opts.dryRun === 'server', propagationPolicy, ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}) });
      }
      printResult(inv, spec, info, obj, 'pruned', opts.dryRun);
    }
  };
  const gvk = (r: ResourceInfo) => `${r.group ? `${r.group}/` : '/'}${r.version}, Kind=${r.kind}`;
  const namespaced = resources.filter((r) => r.namespaced);
  for (const ns of opts.visitedNamespaces) {
    for (const info of namespaced) {
      try {
        pruneIn(info, ns);
      } catch (e) {
        throw new Error(`error pruning namespaced object ${gvk(info)}: ${errorMessage(e)}`);
      }
    }
  }
  for (const info of resources.filter((r) => !r.namespaced)) {
    try {
      pruneIn(info, undefined);
    } catch (e) {
      throw new Error(`error pruning nonNamespaced object ${gvk(info)}: ${errorMessage(e)}`);
    }
  }
}

function errorMessage(e: unknown): string {
  return isStatusError(e) ? e.status.message : (e as Error).message;
}
