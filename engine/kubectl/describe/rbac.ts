/**
 * Role, ClusterRole, RoleBinding and ClusterRoleBinding describers
 * (RoleDescriber, ClusterRoleDescriber, RoleBindingDescriber,
 * ClusterRoleBindingDescriber of kubectl/pkg/describe/describe.go, release-1.35):
 * a role's rules broken down, compacted and sorted as `kubectl auth can-i --list` shows them.
 */
import { breakdownRule, compactRules, type PolicyRule } from '../../api/rbac/rules.js';
import { annotationsMultiline, labelsMultiline, PrefixWriter, tabbed, type Any } from './format.js';

const list = (a?: string[]) => `[${(a ?? []).join(' ')}]`;

/** PolicyRule.String(), which SortableRuleSlice compares. */
export function ruleString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${list(r.verbs)},APIGroups:${list(r.apiGroups)},Resources:${list(r.resources)},ResourceNames:${list(r.resourceNames)},NonResourceURLs:${list(r.nonResourceURLs)},}`;
}

/** describe.CombineResourceGroup: `deployments.apps/scale`. */
export function combineResourceGroup(r: PolicyRule): string {
  if (!r.resources?.length) return '';
  const slash = r.resources[0].indexOf('/');
  let s = slash < 0 ? r.resources[0] : r.resources[0].slice(0, slash);
  if (r.apiGroups?.length && r.apiGroups[0] !== '') s += '.' + r.apiGroups[0];
  if (slash >= 0) s += r.resources[0].slice(slash);
  return s;
}

/** BreakdownRule each rule, CompactRules, then sort.Stable by String(). */
export function sortedCompactRules(rules: PolicyRule[]): PolicyRule[] {
  return compactRules(rules.flatMap(breakdownRule))
    .map((r, i) => ({ r, i, k: ruleString(r) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((x) => x.r);
}

export function describeRoleObject(role: Any): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${role.metadata.name}\n`);
  labelsMultiline(w, 'Labels', role.metadata.labels);
  annotationsMultiline(w, 'Annotations', role.metadata.annotations);
  w.write(0, 'PolicyRule:\n');
  w.write(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
  w.write(1, '---------\t-----------------\t--------------\t-----\n');
  for (const r of sortedCompactRules(role.rules ?? [])) w.write(1, `${combineResourceGroup(r)}\t${list(r.nonResourceURLs)}\t${list(r.resourceNames)}\t${list(r.verbs)}\n`);
  return tabbed(w);
}

export function describeRoleBindingObject(b: Any): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${b.metadata.name}\n`);
  labelsMultiline(w, 'Labels', b.metadata.labels);
  annotationsMultiline(w, 'Annotations', b.metadata.annotations);
  w.write(0, 'Role:\n');
  w.write(1, `Kind:\t${b.roleRef?.kind ?? ''}\n`);
  w.write(1, `Name:\t${b.roleRef?.name ?? ''}\n`);
  w.write(0, 'Subjects:\n');
  w.write(1, 'Kind\tName\tNamespace\n');
  w.write(1, '----\t----\t---------\n');
  for (const s of b.subjects ?? []) w.write(1, `${s.kind ?? ''}\t${s.name ?? ''}\t${s.namespace ?? ''}\n`);
  return tabbed(w);
}
