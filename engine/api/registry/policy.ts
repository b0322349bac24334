/**
 * PodDisruptionBudgets, policy/v1 (pkg/registry/policy/poddisruptionbudget/strategy.go and
 * pkg/apis/policy/validation/validation.go, release-1.35). policy/v1 has no defaulting functions.
 *
 * A fresh lab has no PodDisruptionBudget, so this module loads on first use (loader in policy-loader.ts):
 * kubectl loads it before a command that names the kind or reads manifests, the disruption controller's
 * module imports it, and the lab prefetches it at idle (lazy-kinds.ts). Loading registers the strategy; the
 * kind's field types load with the other lazily served kinds' (schema/lazy.ts).
 */
import type { Strategy } from '../strategy.js';
import { registerStrategy } from '../strategy.js';
import { field, type FieldError } from '../errors.js';
import { isValidPercent, isValidPathSegmentName, validateLabelSelector, validateNonnegative, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const PDB_RESOURCE = 'poddisruptionbudgets.policy';
export const BOTH_SET = 'minAvailable and maxUnavailable cannot be both set';
export const MORE_THAN_100 = 'must not be greater than 100%';
/** policyv1.UnhealthyPodEvictionPolicyType values, as sets.List sorts them. */
export const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/** ValidatePositiveIntOrPercent (pkg/apis/apps/validation). */
function positiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => field.invalid(path, v, m));
  if (typeof v === 'number') return validateNonnegative(v, path);
  return [];
}

/** IsNotMoreThan100Percent. */
function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  return typeof v === 'string' && isValidPercent(v).length === 0 && Number(v.slice(0, -1)) > 100 ? [field.invalid(path, v, MORE_THAN_100)] : [];
}

/** encoding/json of a metav1.LabelSelector: its tags' order, maps with sorted keys, empty lists left out. */
function selectorJSON(sel: Any): string {
  if (sel == null) return 'null';
  const parts: string[] = [];
  const ml = sel.matchLabels;
  if (ml && Object.keys(ml).length) parts.push(`"matchLabels":{${Object.keys(ml).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(ml[k]))}`).join(',')}}`);
  const me = sel.matchExpressions;
  if (me?.length) {
    parts.push(`"matchExpressions":[${me.map((r: Any) => `{"key":${JSON.stringify(r.key ?? '')},"operator":${JSON.stringify(r.operator ?? '')}${r.values?.length ? `,"values":${JSON.stringify(r.values)}` : ''}}`).join(',')}]`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * The bad value of the "cannot be both set" error is the internal PodDisruptionBudgetSpec, which has no json
 * tags: field.Error marshals it with Go's field names, in their declaration order.
 */
export function internalSpecJSON(spec: Any): string {
  const ios = (v: unknown) => (v === undefined || v === null ? 'null' : JSON.stringify(v));
  const policy = spec.unhealthyPodEvictionPolicy;
  return `{"MinAvailable":${ios(spec.minAvailable)},"Selector":${selectorJSON(spec.selector)},"MaxUnavailable":${ios(spec.maxUnavailable)},"UnhealthyPodEvictionPolicy":${policy == null ? 'null' : JSON.stringify(policy)}}`;
}

/** ValidatePodDisruptionBudgetSpec. */
export function validatePodDisruptionBudgetSpec(spec: Any, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const min = spec?.minAvailable;
  const max = spec?.maxUnavailable;
  if (min != null && max != null) errs.push({ type: 'FieldValueInvalid', field: path, value: internalSpecJSON(spec), detail: BOTH_SET });
  if (min != null) errs.push(...positiveIntOrPercent(min, `${path}.minAvailable`), ...notMoreThan100Percent(min, `${path}.minAvailable`));
  if (max != null) errs.push(...positiveIntOrPercent(max, `${path}.maxUnavailable`), ...notMoreThan100Percent(max, `${path}.maxUnavailable`));
  errs.push(...validateLabelSelector(spec?.selector ?? undefined, `${path}.selector`));
  const policy = spec?.unhealthyPodEvictionPolicy;
  if (policy != null && !UNHEALTHY_POD_EVICTION_POLICIES.includes(policy)) errs.push(field.notSupported(`${path}.unhealthyPodEvictionPolicy`, policy, UNHEALTHY_POD_EVICTION_POLICIES));
  return errs;
}

/** ValidatePodDisruptionBudgetStatusUpdate for policy/v1 (the conditions are written by the controller and the eviction handler). */
export function validatePodDisruptionBudgetStatus(status: Any, path = 'status'): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) errs.push(...validateNonnegative(status?.[f], `${path}.${f}`));
  return errs;
}

/**
 * The strategy's validation, then (as the generic registry does once it passes) the object meta with
 * names checked only as URL path segments: ValidatePodDisruptionBudget has no name rule of its own.
 */
function validate(obj: Any): FieldError[] {
  const errs = validatePodDisruptionBudgetSpec(obj.spec);
  return errs.length ? errs : validateObjectMeta(obj, true, (n) => isValidPathSegmentName(n));
}

export const pdbStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate(obj) {
    // PrepareForCreate: a new budget starts with an empty status, whose int32 counters are always written.
    obj.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
  },
  validate,
  validateUpdate: (obj, old) => {
    const errs = validatePodDisruptionBudgetSpec((obj as Any).spec);
    return errs.length ? errs : validateObjectMetaUpdate(obj, old);
  },
  statusUpdateKeepsAnnotations: false,
  validateStatusUpdate: (obj) => validatePodDisruptionBudgetStatus((obj as Any).status),
};

registerStrategy(PDB_RESOURCE, pdbStrategy);
