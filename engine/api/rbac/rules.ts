/**
 * PolicyRule matching as the RBAC authorizer does it
 * (pkg/apis/rbac/v1/evaluation_helpers.go: VerbMatches, APIGroupMatches,
 * ResourceMatches, ResourceNameMatches, NonResourceURLMatches, RuleAllows),
 * and the helpers kubectl and the escalation check share
 * (pkg/registry/rbac/validation: BreakdownRule, CompactRules, Covers).
 */

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** What an authorizer is asked (authorizer.Attributes). */
export interface RequestAttributes {
  verb: string;
  /** true for /api and /apis requests on a resource, false for a non-resource path. */
  resourceRequest: boolean;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  path?: string;
}

const ALL = '*';

const list = (s: string): string[] => (s === '' ? [] : s.split(',').map((x) => (x === '~' ? '' : x)));

/** Expands policy-data.ts's compact form (`verbs|groups|resources|names`, or `verbs|@urls`) in PolicyRule's field order. */
export function parseRule(text: string): PolicyRule {
  const [verbs, groups = '', resources = '', names = ''] = text.split('|');
  if (groups.startsWith('@')) return { verbs: list(verbs), nonResourceURLs: list(groups.slice(1)) };
  const rule: PolicyRule = { verbs: list(verbs), apiGroups: list(groups), resources: list(resources) };
  if (names) rule.resourceNames = list(names);
  return rule;
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === ALL || g === group);
}

/** `*` matches every resource, `*\/scale` a subresource of any resource; `pods` alone never matches pods/log. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === ALL || r === combined) return true;
    if (!subresource) continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** `*` matches every path, `/apis/*` every path under /apis/. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === ALL || u === path) return true;
    if (u.endsWith(ALL) && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

export function ruleAllows(a: RequestAttributes, rule: PolicyRule): boolean {
  if (a.resourceRequest) {
    const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource ?? '';
    return verbMatches(rule, a.verb) && apiGroupMatches(rule, a.apiGroup ?? '') && resourceMatches(rule, combined, a.subresource ?? '') && resourceNameMatches(rule, a.name ?? '');
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path ?? '');
}

/** BreakdownRule: one rule per group/resource(/name)/verb, and one per URL/verb. */
export function breakdownRule(r: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const g of r.apiGroups ?? []) {
    for (const res of r.resources ?? []) {
      for (const v of r.verbs) {
        if (r.resourceNames?.length) for (const n of r.resourceNames) out.push({ verbs: [v], apiGroups: [g], resources: [res], resourceNames: [n] });
        else out.push({ verbs: [v], apiGroups: [g], resources: [res] });
      }
    }
  }
  for (const u of r.nonResourceURLs ?? []) for (const v of r.verbs) out.push({ verbs: [v], nonResourceURLs: [u] });
  return out;
}

/** CompactRules: simple resource rules (one group, one resource, at most one name) with the same target share their verbs. */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple = !r.nonResourceURLs?.length && r.apiGroups?.length === 1 && r.resources?.length === 1 && (r.resourceNames?.length ?? 0) <= 1;
    if (!isSimple) { out.push(r); continue; }
    const key = `${r.apiGroups![0]}\0${r.resources![0]}\0${r.resourceNames?.[0] ?? ''}`;
    const have = simple.get(key);
    if (have) have.verbs = [...have.verbs, ...r.verbs];
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}

const hasAll = (set: string[] | undefined, want: string[] | undefined) => (want ?? []).every((w) => (set ?? []).includes(w));

/** policy_comparator.go resourceCoversAll: `*`, the same name, or `*\/sub` for any resource's subresource. */
function resourceCoversAll(set: string[], want: string[]): boolean {
  if (set.includes(ALL) || hasAll(set, want)) return true;
  return want.every((path) => {
    if (set.includes(path)) return true;
    const slash = path.indexOf('/');
    return slash >= 0 && set.includes(`*/${path.slice(slash + 1)}`);
  });
}

function nonResourceURLsCoverAll(set: string[], want: string[]): boolean {
  return want.every((u) => set.some((o) => o === u || (o.endsWith(ALL) && u.startsWith(o.replace(/\*+$/, '')))));
}

/** policy_comparator.go ruleCovers. */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes(ALL) || hasAll(owner.verbs, sub.verbs);
  const groups = (owner.apiGroups ?? []).includes(ALL) || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourceCoversAll(owner.resources ?? [], sub.resources ?? []);
  const urls = nonResourceURLsCoverAll(owner.nonResourceURLs ?? [], sub.nonResourceURLs ?? []);
  const names = !owner.resourceNames?.length || (!!sub.resourceNames?.length && hasAll(owner.resourceNames, sub.resourceNames));
  return verbs && groups && resources && names && urls;
}

/** validation.Covers: whether the owner's rules hold every broken-down piece of `requested`, and the pieces they lack. */
export function covers(owner: PolicyRule[], requested: PolicyRule[]): [boolean, PolicyRule[]] {
  const missing: PolicyRule[] = [];
  for (const r of requested) for (const piece of breakdownRule(r)) if (!owner.some((o) => ruleCovers(o, piece))) missing.push(piece);
  return [missing.length === 0, missing];
}

const q = (a: string[]) => `[${a.map((s) => JSON.stringify(s)).join(' ')}]`;

/** rbacv1helpers.CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${q(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${q(r.resources)}`);
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${q(r.nonResourceURLs)}`);
  if (r.resourceNames?.length) parts.push(`ResourceNames:${q(r.resourceNames)}`);
  if (r.verbs.length) parts.push(`Verbs:${q(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}
