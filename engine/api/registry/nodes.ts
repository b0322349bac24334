/**
 * Nodes (pkg/registry/core/node/strategy.go, SetDefaults_NodeStatus, ValidateNode, release-1.35).
 */
import { field, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import type { Strategy } from '../strategy.js';
import { validateResourceQuantityValue } from '../validation/resource-names.js';
import { isQualifiedName, isLabelValue, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateTaints(node: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (((node.spec as Any)?.taints ?? []) as Any[]).forEach((t, i) => {
    const p = `spec.taints[${i}]`;
    for (const m of isQualifiedName(t?.key ?? '')) errs.push(field.invalid(`${p}.key`, t?.key ?? '', m));
    if (t?.value) for (const m of isLabelValue(t.value)) errs.push(field.invalid(`${p}.value`, t.value, m));
    if (!t?.effect) errs.push(field.required(`${p}.effect`, ''));
    else if (!TAINT_EFFECTS.includes(t.effect)) errs.push(field.notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
    const k = `${t?.key}:${t?.effect}`;
    if (seen.has(k)) errs.push(field.duplicate(`spec.taints[${i}]`, `${t?.key}:${t?.effect}`));
    seen.add(k);
  });
  return errs;
}

/** ValidateNodeResources: every capacity and allocatable value, whatever its name (names are not checked here). */
function validateNodeResources(node: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const status = node.status as { capacity?: Record<string, unknown>; allocatable?: Record<string, unknown> } | undefined;
  for (const list of ['capacity', 'allocatable'] as const) {
    const values = status?.[list] ?? {};
    for (const k in values) {
      const found = validateResourceQuantityValue(k, values[k], () => `status.${list}.${k}`);
      if (found.length) errs.push(...found);
    }
  }
  return errs;
}

function validateNodeUpdate(obj: KObject, old: KObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateNodeResources(obj), ...validateTaints(obj)];
}

export const nodeStrategy: Strategy = {
  defaults(obj) {
    const status = obj.status as Any;
    if (status && status.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
  },
  validate(obj) {
    return [...validateObjectMeta(obj, false, nameIsDNSSubdomain), ...validateTaints(obj), ...validateNodeResources(obj)];
  },
  validateUpdate: validateNodeUpdate,
  // nodeStatusStrategy validates with ValidateNodeUpdate too.
  validateStatusUpdate: validateNodeUpdate,
  selectableFields(obj) {
    return { 'spec.unschedulable': String((obj.spec as Any)?.unschedulable ?? false) };
  },
};
