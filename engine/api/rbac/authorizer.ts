/**
 * The RBAC authorizer (plugin/pkg/auth/authorizer/rbac/rbac.go) and its rule
 * resolver (pkg/registry/rbac/validation/rule.go VisitRulesFor): the
 * ClusterRoleBindings, then the RoleBindings of the request's namespace, that
 * name the user, a group of theirs or their ServiceAccount; the rules of the
 * role each one refers to; the first rule that allows the request decides.
 */
import type { KObject } from '../meta.js';
import { ruleAllows, type PolicyRule, type RequestAttributes } from './rules.js';

export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
  /** user.Info's Extra (a service-account token's credential id, pod and node). */
  extra?: Record<string, string[]>;
}

/** Where the resolver reads roles and bindings (the API server's store). */
export interface PolicySource {
  clusterRoleBindings(): Iterable<KObject>;
  roleBindings(namespace: string): Iterable<KObject>;
  clusterRole(name: string): KObject | undefined;
  role(namespace: string, name: string): KObject | undefined;
}

interface Subject { kind?: string; apiGroup?: string; name?: string; namespace?: string }
interface RoleRef { kind?: string; name?: string; apiGroup?: string }
type Binding = KObject & { subjects?: Subject[]; roleRef?: RoleRef };

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** appliesToUser: a User by name, a Group the user is in, a ServiceAccount by its username. */
export function appliesTo(user: UserInfo, s: Subject): boolean {
  switch (s.kind) {
    case 'User': return user.name === s.name;
    case 'Group': return user.groups.includes(s.name ?? '');
    case 'ServiceAccount': return !!s.namespace && user.name === `${SERVICE_ACCOUNT_PREFIX}${s.namespace}:${s.name}`;
    default: return false;
  }
}

/** describeSubject: `User "jane"`, `ServiceAccount "sa1/default"`. */
function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

/** The lister's NotFound, named by the singular resource as rule.go's getters report it. */
function roleNotFound(kind: string, name: string): string {
  return `${kind === 'Role' ? 'role' : 'clusterrole'}.rbac.authorization.k8s.io ${JSON.stringify(name)} not found`;
}

/** GetRoleReferenceRules: the rules of a binding's role, or why they cannot be read. */
export function roleReferenceRules(src: PolicySource, ref: RoleRef, namespace: string): { rules: PolicyRule[]; error?: string } {
  if (ref.kind === 'Role') {
    const role = src.role(namespace, ref.name ?? '');
    return role ? { rules: ((role as { rules?: PolicyRule[] }).rules ?? []) } : { rules: [], error: roleNotFound('Role', ref.name ?? '') };
  }
  if (ref.kind === 'ClusterRole') {
    const role = src.clusterRole(ref.name ?? '');
    return role ? { rules: ((role as { rules?: PolicyRule[] }).rules ?? []) } : { rules: [], error: roleNotFound('ClusterRole', ref.name ?? '') };
  }
  return { rules: [], error: `unsupported role reference kind: ${JSON.stringify(ref.kind)}` };
}

/** Visits the rules that apply to `user` in `namespace` ("" for cluster scope); the visitor returns false to stop. */
export function visitRulesFor(src: PolicySource, user: UserInfo, namespace: string, visit: (source: string, rule: PolicyRule | undefined, error?: string) => boolean): void {
  for (const b of src.clusterRoleBindings() as Iterable<Binding>) {
    const s = (b.subjects ?? []).find((x) => appliesTo(user, x));
    if (!s) continue;
    const ref = b.roleRef ?? {};
    const { rules, error } = roleReferenceRules(src, ref, '');
    if (error && !visit('', undefined, error)) return;
    const source = `ClusterRoleBinding ${JSON.stringify(b.metadata.name)} of ${ref.kind} ${JSON.stringify(ref.name)} to ${describeSubject(s, '')}`;
    for (const r of rules) if (!visit(source, r)) return;
  }
  if (!namespace) return;
  for (const b of src.roleBindings(namespace) as Iterable<Binding>) {
    const s = (b.subjects ?? []).find((x) => appliesTo(user, x));
    if (!s) continue;
    const ref = b.roleRef ?? {};
    const { rules, error } = roleReferenceRules(src, ref, namespace);
    if (error && !visit('', undefined, error)) return;
    const source = `RoleBinding ${JSON.stringify(`${b.metadata.name}/${namespace}`)} of ${ref.kind} ${JSON.stringify(ref.name)} to ${describeSubject(s, namespace)}`;
    for (const r of rules) if (!visit(source, r)) return;
  }
}

export interface Decision {
  allowed: boolean;
  /** `RBAC: allowed by ...` when allowed; the resolution errors (`RBAC: role... not found`) when not, else "". */
  reason: string;
}

/** utilerrors.NewAggregate(errs).Error(): one message alone, several in brackets. */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

export function authorize(src: PolicySource, user: UserInfo, attrs: RequestAttributes): Decision {
  let allowed = '';
  const errors: string[] = [];
  visitRulesFor(src, user, attrs.namespace ?? '', (source, rule, error) => {
    if (rule && ruleAllows(attrs, rule)) {
      allowed = `RBAC: allowed by ${source}`;
      return false;
    }
    if (error) errors.push(error);
    return true;
  });
  if (allowed) return { allowed: true, reason: allowed };
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' };
}

/** RulesFor: every rule that applies to the user in the namespace, and the resolution errors met on the way. */
export function rulesFor(src: PolicySource, user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(src, user, namespace, (_s, rule, error) => {
    if (rule) rules.push(rule);
    if (error) errors.push(error);
    return true;
  });
  return { rules, errors };
}
