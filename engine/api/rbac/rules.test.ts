import { describe, expect, it } from 'vitest';
import { authorize, rulesFor, type PolicySource } from './authorizer.js';
import { aggregateAll } from './bootstrap.js';
import { compactString, covers, parseRule, ruleAllows, type PolicyRule, type RequestAttributes } from './rules.js';
import type { KObject } from '../meta.js';

const res = (verb: string, resource: string, extra: Partial<RequestAttributes> = {}): RequestAttributes => ({ verb, resourceRequest: true, apiGroup: '', resource, namespace: 'default', ...extra });
const url = (verb: string, path: string): RequestAttributes => ({ verb, resourceRequest: false, path });

describe('RuleAllows (evaluation_helpers.go)', () => {
  it('wildcards: * verbs, groups and resources', () => {
    const all = parseRule('*|*|*');
    expect(ruleAllows(res('delete', 'deployments', { apiGroup: 'apps' }), all)).toBe(true);
    expect(ruleAllows(res('get', 'pods', { subresource: 'log' }), all)).toBe(true);
    expect(ruleAllows(url('get', '/healthz'), all)).toBe(false);
  });
  it('a resource does not cover its subresources; */scale covers any resource’s scale', () => {
    const pods = parseRule('get|~|pods');
    expect(ruleAllows(res('get', 'pods'), pods)).toBe(true);
    expect(ruleAllows(res('get', 'pods', { subresource: 'log' }), pods)).toBe(false);
    const scale = parseRule('get|*|*/scale');
    expect(ruleAllows(res('get', 'deployments', { apiGroup: 'apps', subresource: 'scale' }), scale)).toBe(true);
    expect(ruleAllows(res('get', 'deployments', { apiGroup: 'apps', subresource: 'status' }), scale)).toBe(false);
    expect(ruleAllows(res('get', 'deployments', { apiGroup: 'apps' }), scale)).toBe(false);
  });
  it('the API group must match: pods in "" are not pods in apps', () => {
    expect(ruleAllows(res('get', 'pods', { apiGroup: 'apps' }), parseRule('get|~|pods'))).toBe(false);
  });
  it('resourceNames restrict to the names listed (a list has no name, so it is refused)', () => {
    const named = parseRule('get|~|configmaps|settings');
    expect(ruleAllows(res('get', 'configmaps', { name: 'settings' }), named)).toBe(true);
    expect(ruleAllows(res('get', 'configmaps', { name: 'other' }), named)).toBe(false);
    expect(ruleAllows(res('list', 'configmaps'), parseRule('list|~|configmaps|settings'))).toBe(false);
  });
  it('non-resource URLs: exact, trailing * as a prefix, * for all', () => {
    const r = parseRule('get|@/healthz,/logs/*');
    expect(ruleAllows(url('get', '/healthz'), r)).toBe(true);
    expect(ruleAllows(url('get', '/healthz/etcd'), r)).toBe(false);
    expect(ruleAllows(url('get', '/logs/kube.log'), r)).toBe(true);
    expect(ruleAllows(url('post', '/logs/x'), r)).toBe(false);
    expect(ruleAllows(url('put', '/anything'), parseRule('*|@*'))).toBe(true);
    expect(ruleAllows(res('get', 'pods'), r)).toBe(false);
  });
});

describe('Covers and CompactString (the escalation check)', () => {
  it('lists what the owner lacks, per group/resource, with the verbs missing', () => {
    const owner: PolicyRule[] = [parseRule('get,list|~|pods')];
    const [ok, missing] = covers(owner, [parseRule('get,delete|~|pods,secrets')]);
    expect(ok).toBe(false);
    expect(missing.map(compactString)).toEqual([
      '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
      '{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
      '{APIGroups:[""], Resources:["secrets"], Verbs:["delete"]}',
    ]);
  });
  it('* covers everything; */scale covers deployments/scale; a named owner rule does not cover an unnamed one', () => {
    expect(covers([parseRule('*|*|*')], [parseRule('delete|apps|deployments')])[0]).toBe(true);
    expect(covers([parseRule('get|apps|*/scale')], [parseRule('get|apps|deployments/scale')])[0]).toBe(true);
    expect(covers([parseRule('get|~|configmaps|a')], [parseRule('get|~|configmaps')])[0]).toBe(false);
    expect(covers([parseRule('get|~|configmaps')], [parseRule('get|~|configmaps|a')])[0]).toBe(true);
  });
});

function source(objs: Record<string, KObject[]>): PolicySource {
  return {
    clusterRoleBindings: () => objs.crb ?? [],
    roleBindings: (ns) => (objs.rb ?? []).filter((b) => b.metadata.namespace === ns),
    clusterRole: (n) => (objs.cr ?? []).find((r) => r.metadata.name === n),
    role: (ns, n) => (objs.role ?? []).find((r) => r.metadata.name === n && r.metadata.namespace === ns),
  };
}
const obj = (name: string, rest: Record<string, unknown>, namespace?: string) => ({ metadata: { name, namespace }, ...rest }) as unknown as KObject;

describe('the RBAC authorizer (rbac.go, rule.go)', () => {
  const src = source({
    cr: [obj('view-pods', { rules: [parseRule('get,list|~|pods')] })],
    role: [obj('cm', { rules: [parseRule('get|~|configmaps')] }, 'dev')],
    crb: [obj('ops-view', { subjects: [{ kind: 'Group', name: 'ops' }], roleRef: { kind: 'ClusterRole', name: 'view-pods' } })],
    rb: [
      obj('sa-cm', { subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: 'dev' }], roleRef: { kind: 'Role', name: 'cm' } }, 'dev'),
      obj('broken', { subjects: [{ kind: 'User', name: 'ann' }], roleRef: { kind: 'Role', name: 'missing' } }, 'dev'),
    ],
  });
  it('a ClusterRoleBinding applies everywhere, and says which binding allowed', () => {
    const d = authorize(src, { name: 'bob', groups: ['ops'] }, res('list', 'pods', { namespace: 'kube-system' }));
    expect(d).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "ops-view" of ClusterRole "view-pods" to Group "ops"' });
  });
  it('a RoleBinding applies in its namespace only; a ServiceAccount subject matches its username', () => {
    const sa = { name: 'system:serviceaccount:dev:app', groups: ['system:serviceaccounts'] };
    expect(authorize(src, sa, res('get', 'configmaps', { namespace: 'dev' })).reason).toBe('RBAC: allowed by RoleBinding "sa-cm/dev" of Role "cm" to ServiceAccount "app/dev"');
    expect(authorize(src, sa, res('get', 'configmaps', { namespace: 'default' })).allowed).toBe(false);
  });
  it('a binding to a missing role denies with the resolution error as reason', () => {
    expect(authorize(src, { name: 'ann', groups: [] }, res('get', 'pods', { namespace: 'dev' }))).toEqual({ allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "missing" not found' });
    expect(rulesFor(src, { name: 'ann', groups: [] }, 'dev').errors).toEqual(['role.rbac.authorization.k8s.io "missing" not found']);
  });
});

describe('clusterrole aggregation', () => {
  it('fills a role from the roles its selector matches, by name, without repeats, and chains view → edit → admin', () => {
    const sel = (l: string) => ({ clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${l}`]: 'true' } }] });
    const label = (l: string) => ({ [`rbac.authorization.k8s.io/aggregate-to-${l}`]: 'true' });
    const r = (name: string, labels: Record<string, string>, rules: string[] | null, aggregationRule?: unknown) =>
      ({ metadata: { name, labels }, rules: rules?.map(parseRule) ?? null, ...(aggregationRule ? { aggregationRule } : {}) }) as unknown as KObject;
    const roles = [
      r('admin', {}, null, sel('admin')),
      r('edit', label('admin'), null, sel('edit')),
      r('view', label('edit'), null, sel('view')),
      r('b-view', label('view'), ['get|~|secrets', 'get|~|pods']),
      r('a-view', label('view'), ['get|~|pods']),
      r('other', {}, ['*|*|*']),
    ];
    const out = aggregateAll(roles);
    expect(out.get('view')!.map(compactString)).toEqual(['{APIGroups:[""], Resources:["pods"], Verbs:["get"]}', '{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}']);
    expect(out.get('edit')).toEqual(out.get('view'));
    expect(out.get('admin')).toEqual(out.get('view'));
  });
});
