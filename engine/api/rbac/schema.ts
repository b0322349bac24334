/**
 * The Go types of rbac.authorization.k8s.io/v1 (k8s.io/api rbac/v1 types.go,
 * release-1.35) for the API server's decoder (unknown fields, type errors)
 * and its Go round trip (omitempty): merged into the schema when the RBAC
 * chunk loads, as the other lazily loaded kinds merge theirs. Field codes as
 * in types.json; the omit modes as in omit.json (K: no omitempty, S: a struct
 * that is not a pointer; the rest omitempty).
 */
import { SCHEMA, type StructSchema } from '../schema/index.js';
import omit from '../schema/omit.json';

const META = '@meta/v1.ObjectMeta';

export const RBAC_TYPES: Record<string, StructSchema> = {
  'rbac/v1.AggregationRule': { go: 'v1.AggregationRule', f: { clusterRoleSelectors: '[]@meta/v1.LabelSelector' } },
  'rbac/v1.ClusterRole': { go: 'v1.ClusterRole', f: { aggregationRule: '@rbac/v1.AggregationRule', apiVersion: 's', kind: 's', metadata: META, rules: '[]@rbac/v1.PolicyRule' } },
  'rbac/v1.ClusterRoleBinding': { go: 'v1.ClusterRoleBinding', f: { apiVersion: 's', kind: 's', metadata: META, roleRef: '@rbac/v1.RoleRef', subjects: '[]@rbac/v1.Subject' } },
  'rbac/v1.PolicyRule': { go: 'v1.PolicyRule', f: { apiGroups: '[]s', nonResourceURLs: '[]s', resourceNames: '[]s', resources: '[]s', verbs: '[]s' } },
  'rbac/v1.Role': { go: 'v1.Role', f: { apiVersion: 's', kind: 's', metadata: META, rules: '[]@rbac/v1.PolicyRule' } },
  'rbac/v1.RoleBinding': { go: 'v1.RoleBinding', f: { apiVersion: 's', kind: 's', metadata: META, roleRef: '@rbac/v1.RoleRef', subjects: '[]@rbac/v1.Subject' } },
  'rbac/v1.RoleRef': { go: 'v1.RoleRef', f: { apiGroup: 's', kind: 's', name: 's' } },
  'rbac/v1.Subject': { go: 'v1.Subject', f: { apiGroup: 's', kind: 's', name: 's', namespace: 's' } },
};

/** Fields the Go tags always write (no omitempty) and structs that are not pointers. */
export const RBAC_OMIT: Record<string, { K?: string[]; S?: string[] }> = {
  'rbac/v1.ClusterRole': { K: ['rules'], S: ['metadata'] },
  'rbac/v1.ClusterRoleBinding': { S: ['metadata', 'roleRef'] },
  'rbac/v1.PolicyRule': { K: ['verbs'] },
  'rbac/v1.Role': { K: ['rules'], S: ['metadata'] },
  'rbac/v1.RoleBinding': { S: ['metadata', 'roleRef'] },
  'rbac/v1.RoleRef': { K: ['apiGroup', 'kind', 'name'] },
  'rbac/v1.Subject': { K: ['kind', 'name'] },
};

export function mergeRBACSchema(): void {
  Object.assign(SCHEMA.types, RBAC_TYPES);
  Object.assign(SCHEMA.roots, { Role: 'rbac/v1.Role', ClusterRole: 'rbac/v1.ClusterRole', RoleBinding: 'rbac/v1.RoleBinding', ClusterRoleBinding: 'rbac/v1.ClusterRoleBinding' });
  Object.assign(omit as Record<string, unknown>, RBAC_OMIT);
}
