/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger,
 * release-1.35): on a pod's create, each LimitRange of its namespace first
 * fills the containers' missing requests and limits from its Container item's
 * defaults (recording what it set in an annotation), then every LimitRange's
 * min, max and maxLimitRequestRatio are enforced per container and per pod;
 * on a claim's create and update, its PersistentVolumeClaim items' min and max
 * are enforced on what it requests (claims get no defaults). Loaded on first use.
 */
import { forbidden } from '../errors.js';
import type { KObject } from '../meta.js';
import type { StrategyContext } from '../strategy.js';
import { formatQuantity } from '../validation/quantity.js';
import { podResources, quantity, toList, type ResourceList } from './quota-usage.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** The namespace's LimitRanges, by name. */
export function limitRangesIn(ctx: StrategyContext, namespace: string): KObject[] {
  const out: KObject[] = [];
  for (const lr of ctx.listAll('limitranges')) if (lr.metadata.namespace === namespace) out.push(lr);
  return out.sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
}

/** mergePodResourceRequirements: fills what the containers leave out; returns the annotation's parts. */
export function applyDefaults(pod: KObject, lr: KObject): string[] {
  const requests: Record<string, unknown> = {};
  const limits: Record<string, unknown> = {};
  for (const item of ((lr.spec as Any)?.limits ?? []) as Any[]) {
    if (item?.type !== 'Container') continue;
    Object.assign(requests, item.defaultRequest ?? {});
    Object.assign(limits, item.default ?? {});
  }
  const notes: string[] = [];
  const spec = pod.spec as Any;
  const merge = (c: Any, prefix: string) => {
    const res = (c.resources ??= {});
    const setLimits: string[] = [];
    const setRequests: string[] = [];
    for (const [k, v] of Object.entries(limits)) if (!(k in (res.limits ?? {}))) { (res.limits ??= {})[k] = v; setLimits.push(k); }
    for (const [k, v] of Object.entries(requests)) if (!(k in (res.requests ?? {}))) { (res.requests ??= {})[k] = v; setRequests.push(k); }
    if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${c.name}`);
    if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${c.name}`);
  };
  for (const c of spec?.containers ?? []) merge(c, 'container');
  for (const c of spec?.initContainers ?? []) merge(c, 'init container');
  return notes;
}

const fmt = (l: ResourceList, n: string) => formatQuantity(l.get(n)!);

export function minConstraint(type: string, name: string, enforcedText: unknown, req: ResourceList, lim: ResourceList): string | undefined {
  const e = quantity(enforcedText);
  const r = req.get(name)?.milli;
  const l = lim.get(name)?.milli;
  const es = formatQuantity(e);
  if (r === undefined) return `minimum ${name} usage per ${type} is ${es}.  No request is specified`;
  if (r < e.milli) return `minimum ${name} usage per ${type} is ${es}, but request is ${fmt(req, name)}`;
  if (l !== undefined && l < e.milli) return `minimum ${name} usage per ${type} is ${es}, but limit is ${fmt(lim, name)}`;
  return undefined;
}

export function maxConstraint(type: string, name: string, enforcedText: unknown, req: ResourceList, lim: ResourceList): string | undefined {
  const e = quantity(enforcedText);
  const r = req.get(name)?.milli;
  const l = lim.get(name)?.milli;
  const es = formatQuantity(e);
  if (l === undefined) return `maximum ${name} usage per ${type} is ${es}.  No limit is specified`;
  if (l > e.milli) return `maximum ${name} usage per ${type} is ${es}, but limit is ${fmt(lim, name)}`;
  if (r !== undefined && r > e.milli) return `maximum ${name} usage per ${type} is ${es}, but request is ${fmt(req, name)}`;
  return undefined;
}

export function ratioConstraint(type: string, name: string, enforcedText: unknown, req: ResourceList, lim: ResourceList): string | undefined {
  const e = quantity(enforcedText);
  const r = req.get(name)?.milli ?? 0n;
  const l = lim.get(name)?.milli ?? 0n;
  const es = formatQuantity(e);
  if (r === 0n) return `${name} max limit to request ratio per ${type} is ${es}, but no request is specified or request is 0`;
  if (l === 0n) return `${name} max limit to request ratio per ${type} is ${es}, but no limit is specified or limit is 0`;
  const ratio = Number(l) / Number(r);
  if (ratio * 1000 > Number(e.milli)) return `${name} max limit to request ratio per ${type} is ${es}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

/** PodValidateLimitFunc: every violation of one LimitRange. */
export function podLimitViolations(pod: KObject, lr: KObject): string[] {
  const errs: string[] = [];
  const spec = pod.spec as Any;
  const check = (item: Any, type: string, req: ResourceList, lim: ResourceList) => {
    for (const k of Object.keys(item.min ?? {}).sort()) { const e = minConstraint(type, k, item.min[k], req, lim); if (e) errs.push(e); }
    for (const k of Object.keys(item.max ?? {}).sort()) { const e = maxConstraint(type, k, item.max[k], req, lim); if (e) errs.push(e); }
    for (const k of Object.keys(item.maxLimitRequestRatio ?? {}).sort()) { const e = ratioConstraint(type, k, item.maxLimitRequestRatio[k], req, lim); if (e) errs.push(e); }
  };
  for (const item of ((lr.spec as Any)?.limits ?? []) as Any[]) {
    if (item?.type === 'Container') {
      for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) check(item, 'Container', toList(c?.resources?.requests), toList(c?.resources?.limits));
    } else if (item?.type === 'Pod') {
      check(item, 'Pod', podResources(spec, 'requests'), podResources(spec, 'limits'));
    }
  }
  return errs;
}

/** maxRequestConstraint: a claim's max is checked against its request (its limits are not user input). */
function maxRequestConstraint(type: string, name: string, enforcedText: unknown, req: ResourceList): string | undefined {
  const e = quantity(enforcedText);
  const r = req.get(name)?.milli;
  const es = formatQuantity(e);
  if (r === undefined) return `maximum ${name} usage per ${type} is ${es}.  No request is specified`;
  if (r > e.milli) return `maximum ${name} usage per ${type} is ${es}, but request is ${fmt(req, name)}`;
  return undefined;
}

/** PersistentVolumeClaimValidateLimitFunc: every violation of one LimitRange by a claim's requests. */
export function claimLimitViolations(pvc: KObject, lr: KObject): string[] {
  const errs: string[] = [];
  const req = toList((pvc.spec as Any)?.resources?.requests);
  for (const item of ((lr.spec as Any)?.limits ?? []) as Any[]) {
    if (item?.type !== 'PersistentVolumeClaim') continue;
    for (const k of Object.keys(item.min ?? {}).sort()) { const e = minConstraint('PersistentVolumeClaim', k, item.min[k], req, new Map()); if (e) errs.push(e); }
    for (const k of Object.keys(item.max ?? {}).sort()) { const e = maxRequestConstraint('PersistentVolumeClaim', k, item.max[k], req); if (e) errs.push(e); }
  }
  return errs;
}

/** utilerrors.NewAggregate's text: one message alone, several in brackets (repeats dropped). */
export function aggregate(msgs: string[]): string {
  const unique = [...new Set(msgs)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** Admit (MutateLimit): a pod being created gets the defaults, before the pod's own validation sees them. */
export function admitLimitRanger(pod: KObject, ctx: StrategyContext): void {
  const ranges = limitRangesIn(ctx, pod.metadata.namespace ?? 'default');
  const notes = ranges.flatMap((lr) => applyDefaults(pod, lr));
  if (notes.length) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
}

/**
 * Validate (ValidateLimit): a created pod, defaulted and validated, or a created or updated claim (`old`: one
 * being deleted is let through), within every range's bounds.
 */
export function validateLimitRanger(obj: KObject, ctx: StrategyContext, old?: KObject): void {
  if (old?.metadata.deletionTimestamp) return;
  const claim = ctx.info.resource === 'persistentvolumeclaims';
  for (const lr of limitRangesIn(ctx, obj.metadata.namespace ?? 'default')) {
    const errs = claim ? claimLimitViolations(obj, lr) : podLimitViolations(obj, lr);
    if (errs.length) throw forbidden(ctx.info.resource, '', obj.metadata.name ?? '', aggregate(errs));
  }
}
