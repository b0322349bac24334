/**
 * The ResourceQuota admission plugin (plugin/pkg/admission/resourcequota,
 * release-1.35), on create and on the updates its evaluators handle: each
 * quota of the namespace whose status.hard names something the object uses is
 * checked (a pod quota on cpu or memory needs every container to state it; a
 * quota the controller has not counted yet refuses), and the object's usage
 * (an update's growth) is charged to status.used at once, so the next write
 * sees it before the quota controller recounts. Last of the admission plugins.
 * Loaded on first use.
 */
import { forbidden } from '../errors.js';
import { clone, type KObject } from '../meta.js';
import type { StrategyContext } from '../strategy.js';
import { add, exceeded, isZero, mask, matchingResources, podConstraintsError, prettyPrint, sameList, scopesMatch, subtractNonNegative, toList, usage, fromList } from './quota-usage.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export function quotasIn(ctx: StrategyContext, namespace: string): KObject[] {
  const out: KObject[] = [];
  for (const q of ctx.listAll('resourcequotas')) if (q.metadata.namespace === namespace) out.push(q);
  return out.sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
}

/**
 * The evaluators' Handles for an update: a Service's (its type can change what it uses, subresource or not), a
 * claim's and its status's (RequiresQuotaReplenish, true for every claim: see the controller); pods only through
 * pods/resize, which this API server does not serve; the object count evaluator only on create.
 */
function handlesUpdate(resourceKey: string, subresource: string | undefined): boolean {
  if (resourceKey === 'services') return true;
  if (resourceKey === 'persistentvolumeclaims') return subresource === undefined || subresource === 'status';
  return false;
}

export function admitResourceQuotaUpdate(obj: KObject, old: KObject, subresource: string | undefined, resourceKey: string, ctx: StrategyContext): void {
  if (handlesUpdate(resourceKey, subresource)) admitResourceQuota(obj, resourceKey, ctx, old);
}

/** `old`: an update, charged what it adds to what the object used (quota.SubtractWithNonNegativeResult). */
export function admitResourceQuota(obj: KObject, resourceKey: string, ctx: StrategyContext, old?: KObject): void {
  const namespace = obj.metadata.namespace;
  // Events are among the quota plugin's ignored resources (pkg/quota/v1/install).
  if (!namespace || resourceKey === 'events') return;
  const quotas = quotasIn(ctx, namespace);
  if (!quotas.length) return;
  const deny = (why: string) => forbidden(ctx.info.resource, ctx.info.group, obj.metadata.name ?? '', why);
  const interesting: KObject[] = [];
  for (const q of quotas) {
    const hard = toList((q.status as Any)?.hard);
    const restricted = matchingResources(resourceKey, hard.keys());
    if (!restricted.length || !scopesMatch(q, resourceKey, obj)) continue;
    if (resourceKey === 'pods') {
      const err = podConstraintsError(obj, restricted);
      if (err) throw deny(`failed quota: ${q.metadata.name}: ${err}`);
    }
    const used = (q.status as Any)?.used ?? {};
    if (restricted.some((r) => hard.has(r) && !(r in used))) throw deny(`status unknown for quota: ${q.metadata.name}, resources: ${[...restricted].sort().join(',')}`);
    interesting.push(q);
  }
  const delta = old ? subtractNonNegative(usage(resourceKey, obj, ctx.now), usage(resourceKey, old, ctx.now)) : usage(resourceKey, obj, ctx.now);
  if (isZero(delta) || !interesting.length) return;
  const updates: KObject[] = [];
  for (const q of interesting) {
    const hard = toList((q.status as Any)?.hard);
    const used = toList((q.status as Any)?.used);
    const requested = mask(delta, hard.keys());
    const next = add(used, requested);
    const over = exceeded(mask(next, requested.keys()), hard);
    if (over.length) {
      throw deny(`exceeded quota: ${q.metadata.name}, requested: ${prettyPrint(mask(requested, over))}, used: ${prettyPrint(mask(used, over))}, limited: ${prettyPrint(mask(hard, over))}`);
    }
    if (sameList(used, next)) continue;
    const updated = clone(q);
    (updated.status as Any).used = fromList(next);
    updates.push(updated);
  }
  if (ctx.dryRun) return;
  for (const u of updates) ctx.writeStatus?.('resourcequotas', u);
}
