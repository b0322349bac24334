/**
 * The namespace controller (pkg/controller/namespace): a namespace being
 * deleted is marked Terminating, emptied (pods first, as OrderedNamespaceDeletion
 * does, then every other namespaced kind), and once nothing is left its
 * `kubernetes` finalizer is removed through the finalize subresource, which lets
 * the API server remove it. While content remains, its conditions say why.
 */
import type { NamespaceCondition } from 'kubernetes-types/core/v1';
import { isNotFound } from '../../api/errors.js';
import { clone, type KObject } from '../../api/meta.js';
import { RESOURCES, resourceKey, type ResourceInfo } from '../../api/resources.js';
import { rfc3339 } from '../../util/time.js';
import { WorkQueue } from '../framework.js';
import type { Controller, ControllerContext } from '../manager.js';
import { failureConditions, updateConditions, type ContentReport } from './conditions.js';

export const NAMESPACE_CONTROLLER = 'namespace-controller';
export const FINALIZER_KUBERNETES = 'kubernetes';
/** finalizerEstimateSeconds: how long to wait for objects held by finalizers. */
export const FINALIZER_ESTIMATE_SECONDS = 15;
/** The namespace controller's rate limiter: 5 ms doubling, at most 60 s. */
const MAX_BACKOFF_MS = 60_000;

/** Every namespaced kind we store that can be deleted (discovery's deletable resources). */
export function deletableNamespacedResources(): ResourceInfo[] {
  return RESOURCES.filter((r) => r.namespaced && !r.virtual && !r.computed && r.verbs.includes('delete') && r.verbs.includes('list'));
}

/** GroupVersionResource.String(): "/v1, Resource=pods", "apps/v1, Resource=replicasets". */
export function gvrString(r: ResourceInfo): string {
  return `${r.group}/${r.version}, Resource=${r.resource}`;
}

/** estimateGracefulTerminationForPods, less the time already passed since the namespace deletion began. */
export function estimatePodsSeconds(pods: KObject[], deletedAtMs: number, now: number): number {
  let estimate = 0;
  for (const p of pods) {
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const grace = (p.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
    if (grace !== undefined && grace > estimate) estimate = grace;
  }
  return now - deletedAtMs >= estimate * 1000 ? 0 : estimate;
}

export class NamespaceController implements Controller {
  readonly name = NAMESPACE_CONTROLLER;
  private ctx?: ControllerContext;
  private queue?: WorkQueue;
  private failures = new Map<string, number>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (n) => this.sync(n), 'namespace');
    ctx.informers.for('namespaces').addEventHandler({
      add: (ns) => { if (ns.metadata.deletionTimestamp) this.queue!.add(ns.metadata.name!); },
      update: (_o, ns) => { if (ns.metadata.deletionTimestamp) this.queue!.add(ns.metadata.name!); },
    });
  }

  stop(): void {
    this.queue?.stop();
  }

  private retryLater(name: string): void {
    const n = this.failures.get(name) ?? 0;
    this.failures.set(name, n + 1);
    this.queue!.addAfter(name, Math.min(5 * 2 ** n, MAX_BACKOFF_MS));
  }

  private sync(name: string): void {
    try {
      const wait = this.deleteNamespace(name);
      if (wait === undefined) {
        this.failures.delete(name);
      } else if (wait < 0) {
        this.retryLater(name);
      } else {
        this.failures.delete(name);
        // ResourcesRemainingError: check again after half the estimate.
        this.queue!.addAfter(name, (Math.floor(wait / 2) + 1) * 1000);
      }
    } catch {
      this.retryLater(name);
    }
  }

  /** One pass. Returns undefined when done, a number of seconds to wait for content, or -1 after an error. */
  private deleteNamespace(name: string): number | undefined {
    const client = this.ctx!.client;
    let ns = client.tryGet('namespaces', undefined, name);
    if (!ns || !ns.metadata.deletionTimestamp) return undefined;
    if ((ns.status as { phase?: string } | undefined)?.phase !== 'Terminating') {
      const next = clone(ns);
      next.status = { ...((ns.status as object) ?? {}), phase: 'Terminating' };
      ns = client.updateStatus('namespaces', next);
    }
    const finalizers = (ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
    if (!finalizers.includes(FINALIZER_KUBERNETES)) return undefined;

    const { estimate, report } = this.deleteAllContent(ns);
    this.writeConditions(ns, report);
    if (report.errors.length) return -1;
    if (estimate > 0) return estimate;

    const fresh = client.get('namespaces', undefined, name);
    const next = clone(fresh);
    const spec = (next.spec ??= {}) as { finalizers?: string[] };
    spec.finalizers = (spec.finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES);
    client.update('namespaces', next, { subresource: 'finalize' });
    return undefined;
  }

  private deleteAllContent(ns: KObject): { estimate: number; report: ContentReport } {
    const name = ns.metadata.name!;
    const deletedAt = Date.parse(ns.metadata.deletionTimestamp!);
    const report: ContentReport = { errors: [], remaining: new Map(), finalizers: new Map() };
    let estimate = 0;
    const all = deletableNamespacedResources();
    const pods = all.filter((r) => resourceKey(r) === 'pods');
    // Pods go first and alone, so nothing they depend on (Secrets, ConfigMaps, Services) disappears under running workloads.
    for (const phase of [pods, all.filter((r) => resourceKey(r) !== 'pods')]) {
      for (const r of phase) {
        const res = this.deleteAllOf(r, name, deletedAt, report);
        if (res > estimate) estimate = res;
      }
      if (phase === pods && (estimate > 0 || report.errors.length || report.remaining!.size)) {
        // The early return of ordered deletion reports only errors, not the totals.
        return { estimate, report: { errors: report.errors } };
      }
    }
    return { estimate, report };
  }

  /** deleteAllContentForGroupVersionResource: delete every object of a kind, then see what is left. */
  private deleteAllOf(r: ResourceInfo, namespace: string, deletedAt: number, report: ContentReport): number {
    const client = this.ctx!.client;
    const key = resourceKey(r);
    const items = client.list(key, namespace).items;
    if (items.length === 0) return 0;
    const estimate = key === 'pods' ? estimatePodsSeconds(items, deletedAt, this.ctx!.clock.now()) : 0;
    for (const item of items) {
      if (item.metadata.deletionTimestamp) continue;
      try {
        client.delete(key, namespace, item.metadata.name!, { propagationPolicy: 'Background' });
      } catch (e) {
        if (!isNotFound(e)) {
          report.errors.push(String((e as Error).message));
          return estimate;
        }
      }
    }
    const left = client.list(key, namespace).items;
    if (left.length === 0) return 0;
    report.remaining!.set(`${r.resource}.${r.group}`, left.length);
    let withFinalizers = false;
    for (const item of left) {
      for (const f of item.metadata.finalizers ?? []) {
        withFinalizers = true;
        report.finalizers!.set(f, (report.finalizers!.get(f) ?? 0) + 1);
      }
    }
    if (estimate !== 0) return estimate;
    if (withFinalizers) return FINALIZER_ESTIMATE_SECONDS;
    report.errors.push(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(r)}`);
    return 0;
  }

  private writeConditions(ns: KObject, report: ContentReport): void {
    const current = (ns.status as { conditions?: NamespaceCondition[] } | undefined)?.conditions;
    const next = updateConditions(current, failureConditions(report), rfc3339(this.ctx!.clock.now()));
    if (!next) return;
    const obj = clone(ns);
    obj.status = { ...((ns.status as object) ?? {}), conditions: next };
    try {
      this.ctx!.client.updateStatus('namespaces', obj);
    } catch {
      // The next pass writes them again.
    }
  }
}
