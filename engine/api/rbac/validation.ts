/**
 * rbac.authorization.k8s.io/v1 validation (pkg/apis/rbac/validation/validation.go,
 * release-1.35) and defaults (pkg/apis/rbac/v1/defaults.go).
 */
import { field, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import { isValidPathSegmentName, nameIsDNSSubdomain, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate, type NameValidator } from '../validation/names.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** ValidateRBACName: path.ValidatePathSegmentName (so `system:node` and `a.b` are fine, `a/b` is not). */
const validateRBACName: NameValidator = (name) => isValidPathSegmentName(name);

function validatePolicyRule(rule: Any, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!rule?.verbs?.length) errs.push(field.required(`${path}.verbs`, 'verbs must contain at least one value'));
  if (rule?.nonResourceURLs?.length) {
    if (namespaced) errs.push(field.invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length) errs.push(field.invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
    return errs;
  }
  if (!rule?.apiGroups?.length) errs.push(field.required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!rule?.resources?.length) errs.push(field.required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

function validateRules(obj: Any, namespaced: boolean): FieldError[] {
  return (obj.rules ?? []).flatMap((r: Any, i: number) => validatePolicyRule(r, namespaced, `rules[${i}]`));
}

export function validateRole(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, true, validateRBACName), ...validateRules(obj, true)];
}

export function validateClusterRole(obj: KObject): FieldError[] {
  const errs = [...validateObjectMeta(obj, false, validateRBACName), ...validateRules(obj, false)];
  const agg = (obj as Any).aggregationRule;
  if (agg) {
    if (!agg.clusterRoleSelectors?.length) errs.push(field.required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    (agg.clusterRoleSelectors ?? []).forEach((s: Any, i: number) => errs.push(...validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`)));
  }
  return errs;
}

/** ServiceAccount names are DNS subdomains (ValidateServiceAccountName). */
function validateSubject(s: Any, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.name) errs.push(field.required(`${path}.name`, ''));
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.name) for (const m of nameIsDNSSubdomain(s.name, false)) errs.push(field.invalid(`${path}.name`, s.name, m));
      if (s.apiGroup) errs.push(field.notSupported(`${path}.apiGroup`, s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(field.required(`${path}.namespace`, ''));
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup !== RBAC_GROUP) errs.push(field.notSupported(`${path}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      errs.push(field.notSupported(`${path}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(obj: KObject, namespaced: boolean): FieldError[] {
  const b = obj as Any;
  const errs = validateObjectMeta(obj, namespaced, validateRBACName);
  const ref = b.roleRef ?? {};
  if (ref.apiGroup !== RBAC_GROUP) errs.push(field.notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errs.push(field.notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(field.required('roleRef.name', ''));
  else for (const m of validateRBACName(ref.name, false)) errs.push(field.invalid('roleRef.name', ref.name, m));
  (b.subjects ?? []).forEach((s: Any, i: number) => errs.push(...validateSubject(s ?? {}, namespaced, `subjects[${i}]`)));
  return errs;
}

export const validateRoleBinding = (obj: KObject): FieldError[] => validateBinding(obj, true);
export const validateClusterRoleBinding = (obj: KObject): FieldError[] => validateBinding(obj, false);

/** The roleRef of a binding is immutable: a different role is a different binding. */
function validateBindingUpdate(obj: KObject, old: KObject, namespaced: boolean): FieldError[] {
  const errs = [...validateBinding(obj, namespaced), ...validateObjectMetaUpdate(obj, old)];
  const a = (obj as Any).roleRef ?? {};
  const b = (old as Any).roleRef ?? {};
  if (a.apiGroup !== b.apiGroup || a.kind !== b.kind || a.name !== b.name) {
    errs.push({ type: 'FieldValueInvalid', field: 'roleRef', value: `rbac.RoleRef{APIGroup:${JSON.stringify(a.apiGroup ?? '')}, Kind:${JSON.stringify(a.kind ?? '')}, Name:${JSON.stringify(a.name ?? '')}}`, detail: 'cannot change roleRef' });
  }
  return errs;
}

export const validateRoleBindingUpdate = (obj: KObject, old: KObject): FieldError[] => validateBindingUpdate(obj, old, true);
export const validateClusterRoleBindingUpdate = (obj: KObject, old: KObject): FieldError[] => validateBindingUpdate(obj, old, false);
export const validateRoleUpdate = (obj: KObject, old: KObject): FieldError[] => [...validateRole(obj), ...validateObjectMetaUpdate(obj, old)];
export const validateClusterRoleUpdate = (obj: KObject, old: KObject): FieldError[] => [...validateClusterRole(obj), ...validateObjectMetaUpdate(obj, old)];

/** SetDefaults_Subject and SetDefaults_(Cluster)RoleBinding: the API group a User, Group or roleRef leaves out. */
export function defaultBinding(obj: KObject): void {
  const b = obj as Any;
  if (b.roleRef && !b.roleRef.apiGroup) b.roleRef.apiGroup = RBAC_GROUP;
  for (const s of b.subjects ?? []) {
    if (s && !s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  }
}
