/**
 * scheduling.k8s.io/v1 PriorityClass (pkg/apis/scheduling/validation,
 * pkg/apis/scheduling/v1/helpers.go, release-1.35). Loaded on first use.
 */
import { field, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import { SYSTEM_PRIORITY_CLASSES } from '../registry/admission.js';
import { FIELD_IMMUTABLE, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './names.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const SYSTEM_PRIORITY_CLASS_PREFIX = 'system-';
/** HighestUserDefinablePriority. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;
export const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];

/** IsKnownSystemPriorityClass's error, or undefined for one of the two built-in classes as they are. */
export function systemPriorityClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  if (!(name in SYSTEM_PRIORITY_CLASSES)) return `${name} is not a known system priority class`;
  if (SYSTEM_PRIORITY_CLASSES[name] !== value) return `value of ${name} PriorityClass must be ${SYSTEM_PRIORITY_CLASSES[name]}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

export function validatePriorityClass(obj: KObject): FieldError[] {
  const pc = obj as Any;
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  const name: string = obj.metadata.name ?? '';
  const value: number = pc.value ?? 0;
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const err = systemPriorityClassError(name, value, pc.globalDefault === true);
    if (err) errs.push(field.forbidden('metadata.name', `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${err}`));
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(field.forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy != null) {
    if (pc.preemptionPolicy === '') errs.push(field.required('preemptionPolicy', ''));
    else if (!PREEMPTION_POLICIES.includes(pc.preemptionPolicy)) errs.push(field.notSupported('preemptionPolicy', pc.preemptionPolicy, PREEMPTION_POLICIES));
  }
  return errs;
}

/** Name, value and preemptionPolicy do not change. */
export function validatePriorityClassUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  if (((obj as Any).value ?? 0) !== ((old as Any).value ?? 0)) errs.push(field.forbidden('value', 'may not be changed in an update.'));
  const policy = (obj as Any).preemptionPolicy;
  if (policy !== (old as Any).preemptionPolicy) errs.push(field.invalid('preemptionPolicy', policy ?? null, FIELD_IMMUTABLE));
  return errs;
}
