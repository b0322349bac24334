/**
 * StatefulSet validation with the texts of pkg/apis/apps/validation/validation.go (release-1.35):
 * ValidateStatefulSet, ValidateStatefulSetSpec, validateRollingUpdateStatefulSet,
 * ValidatePodTemplateSpecForStatefulSet, ValidateStatefulSetUpdate, ValidateStatefulSetStatusUpdate.
 * Loaded on first use (registry/statefulsets.ts).
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import { labelSelectorAsSelector } from '../selectors.js';
import { isValidPercent, nameIsDNSLabel, validateAnnotations, validateLabels, validateLabelSelector, validateNonnegative, validateObjectMeta, validateObjectMetaUpdate } from './names.js';
import { SELECTOR_MISMATCH } from './apps.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const SPEC_UPDATE_FORBIDDEN = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
export const EMPTY_SELECTOR_STATEFULSET = 'empty selector is invalid for statefulset';
export const ACTIVE_DEADLINE_FORBIDDEN = 'activeDeadlineSeconds in StatefulSet is not Supported';
const RETENTION_POLICIES = ['Retain', 'Delete'];

function intOrPercent(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return Number(v.slice(0, -1));
  return 0;
}

/*
 * The server validates the internal apps types, whose fields have no json tags: a struct value in a message is
 * json.Marshal of it, Go field names in declaration order with nil pointers as null (kubernetes/website#47038
 * quotes the same error from before v1.34, when such values were printed with %#v).
 */
function internalRollingUpdate(ru: Any): { Partition: number; MaxUnavailable: number | string | null } {
  return { Partition: ru.partition ?? 0, MaxUnavailable: ru.maxUnavailable ?? null };
}

function internalInvalid(path: string, value: object, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: path, value: JSON.stringify(value), detail };
}

/** validateRollingUpdateStatefulSet: partition ≥ 0; maxUnavailable a positive int or percent, not 0, at most 100%. */
function validateRollingUpdate(ru: Any, path: string): FieldError[] {
  const errs = validateNonnegative(ru.partition, `${path}.partition`);
  const mu = ru.maxUnavailable;
  if (mu !== undefined && mu !== null) {
    const p = `${path}.maxUnavailable`;
    if (typeof mu === 'string') {
      const msgs = isValidPercent(mu);
      if (msgs.length) errs.push(field.invalid(p, mu, msgs.join(', ')));
      else errs.push(...validateNonnegative(intOrPercent(mu), p));
    } else errs.push(...validateNonnegative(mu, p));
    if (intOrPercent(mu) === 0) errs.push(field.invalid(p, mu, 'cannot be 0'));
    if (typeof mu === 'string' && isValidPercent(mu).length === 0 && intOrPercent(mu) > 100) errs.push(field.invalid(p, mu, 'must not be greater than 100%'));
  }
  return errs;
}

export function validateStatefulSetSpec(spec: Any, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  spec ??= {};
  const pmp = spec.podManagementPolicy ?? '';
  if (pmp === '') errs.push(field.required(`${path}.podManagementPolicy`, ''));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(field.invalid(`${path}.podManagementPolicy`, pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us = spec.updateStrategy ?? {};
  switch (us.type ?? '') {
    case '':
      errs.push(field.required(`${path}.updateStrategy`, ''));
      break;
    case 'OnDelete':
      if (us.rollingUpdate) errs.push(internalInvalid(`${path}.updateStrategy.rollingUpdate`, internalRollingUpdate(us.rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case 'RollingUpdate':
      if (us.rollingUpdate) errs.push(...validateRollingUpdate(us.rollingUpdate, `${path}.updateStrategy.rollingUpdate`));
      break;
    default:
      errs.push(internalInvalid(`${path}.updateStrategy`, { Type: us.type, RollingUpdate: us.rollingUpdate ? internalRollingUpdate(us.rollingUpdate) : null }, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const policy = spec.persistentVolumeClaimRetentionPolicy;
  if (policy) {
    for (const k of ['whenDeleted', 'whenScaled']) {
      if (!RETENTION_POLICIES.includes(policy[k] ?? '')) errs.push(field.notSupported(`${path}.persistentVolumeClaimRetentionPolicy.${k}`, policy[k] ?? '', RETENTION_POLICIES));
    }
  }
  errs.push(...validateNonnegative(spec.replicas, `${path}.replicas`));
  errs.push(...validateNonnegative(spec.minReadySeconds, `${path}.minReadySeconds`));
  if (spec.ordinals) errs.push(...validateNonnegative(spec.ordinals.start, `${path}.ordinals.start`));
  const sel = spec.selector;
  if (!sel) errs.push(field.required(`${path}.selector`, ''));
  else {
    errs.push(...validateLabelSelector(sel, `${path}.selector`));
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) errs.push(field.invalid(`${path}.selector`, sel, EMPTY_SELECTOR_STATEFULSET));
  }
  let selector;
  try {
    // LabelSelectorAsSelector(nil) is Nothing(), which is not empty: a missing selector still fails the template check.
    selector = sel ? labelSelectorAsSelector(sel) : undefined;
  } catch {
    errs.push(field.invalid(`${path}.selector`, sel, ''));
  }
  if (selector || !sel) errs.push(...validateTemplate(spec.template ?? {}, sel, `${path}.template`));
  const ps = spec.template?.spec ?? {};
  if (ps.restartPolicy !== 'Always') errs.push(field.notSupported(`${path}.template.spec.restartPolicy`, ps.restartPolicy ?? '', ['Always']));
  if (ps.activeDeadlineSeconds !== undefined && ps.activeDeadlineSeconds !== null) errs.push(field.forbidden(`${path}.template.spec.activeDeadlineSeconds`, ACTIVE_DEADLINE_FORBIDDEN));
  return errs;
}

/**
 * ValidatePodTemplateSpecForStatefulSet: the selector must match the template's labels; the pod spec itself is
 * not validated here (a bad one fails when the controller creates the pods). Its labels' path is `template.labels`.
 */
function validateTemplate(template: Any, sel: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const labels = template.metadata?.labels;
  const empty = !!sel && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
  if (!empty) {
    let matches = false;
    try { matches = !!sel && labelSelectorAsSelector(sel).matches(labels ?? {}); } catch { /* reported above */ }
    if (!matches) errs.push(field.invalid(`${path}.metadata.labels`, labels ?? {}, SELECTOR_MISMATCH));
  }
  errs.push(...validateLabels(labels, `${path}.labels`));
  errs.push(...validateAnnotations(template.metadata?.annotations, `${path}.annotations`));
  return errs;
}

export function validateStatefulSet(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, true, nameIsDNSLabel), ...validateStatefulSetSpec(obj.spec)];
}

/** Fields a StatefulSet update may change; any other spec change is refused as a whole. */
const MUTABLE = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];

export function validateStatefulSetUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj, old), ...validateStatefulSetSpec(obj.spec)];
  const a: Any = { ...(obj.spec ?? {}) };
  const b: Any = { ...(old.spec ?? {}) };
  for (const k of MUTABLE) {
    delete a[k];
    delete b[k];
  }
  if (!deepEqual(a, b)) errs.push(field.forbidden('spec', SPEC_UPDATE_FORBIDDEN));
  return errs;
}

const GREATER = 'cannot be greater than status.replicas';

export function validateStatefulSetStatusUpdate(obj: KObject, old: KObject): FieldError[] {
  const s: Any = obj.status ?? {};
  const errs: FieldError[] = [];
  for (const k of ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount']) errs.push(...validateNonnegative(s[k], `status.${k}`));
  const replicas = s.replicas ?? 0;
  for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas']) if ((s[k] ?? 0) > replicas) errs.push(field.invalid(`status.${k}`, s[k], GREATER));
  if ((s.availableReplicas ?? 0) > (s.readyReplicas ?? 0)) errs.push(field.invalid('status.availableReplicas', s.availableReplicas, 'cannot be greater than status.readyReplicas'));
  errs.push(...validateObjectMetaUpdate(obj, old));
  const prev = (old.status as Any)?.collisionCount;
  if (prev !== undefined && (s.collisionCount === undefined || s.collisionCount < prev)) errs.push(field.invalid('status.collisionCount', s.collisionCount ?? 0, 'cannot be decremented'));
  return errs;
}
