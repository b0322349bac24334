/**
 * The bootstrap policy as objects, and how they reach the store.
 *
 * Why lazily: a fresh lab never reads RBAC objects before the learner asks,
 * and ~130 objects with their rules are data the page's pre-prompt load
 * should not carry. So the API server serves rbac.authorization.k8s.io as a
 * lazily materialised group: the first kubectl (or HTTP front) request that
 * touches it, or that is impersonated and so needs the authorizer, loads
 * this chunk with the clock held and inserts the objects below, stamped with
 * the cluster's boot time (the kube-system Namespace's creationTimestamp), as
 * kube-apiserver's rbac/bootstrap-roles post-start hook and `kubeadm init`
 * created them. What differs from a real cluster: their resourceVersions are
 * drawn at that first request (later than the objects created meanwhile, and
 * every later object's resourceVersion is higher by their number), and their
 * UIDs come from a generator of their own, so materialising them changes no
 * other object's UID or generated name.
 */
import type { APIServer } from '../apiserver.js';
import { clone, deepEqual, deepFreeze, type KObject } from '../meta.js';
import { lookupResource } from '../resources.js';
import { Random } from '../../util/random.js';
import { rfc3339 } from '../../util/time.js';
import {
  CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, CONTROLLER_ROLES, KUBEADM_CLUSTER_ROLE_BINDINGS, KUBEADM_CLUSTER_ROLES,
  KUBEADM_ROLE_BINDINGS, KUBEADM_ROLES, NAMESPACE_ROLE_BINDINGS, NAMESPACE_ROLES, type BindingData, type RoleData,
} from './policy-data.js';
import { parseRule, type PolicyRule } from './rules.js';
import { RBAC_GROUP } from './validation.js';
import { RBAC_MATERIALISED } from './loader.js';

export const CLUSTER_ROLES_KEY = 'clusterroles.rbac.authorization.k8s.io';
export const CLUSTER_ROLE_BINDINGS_KEY = 'clusterrolebindings.rbac.authorization.k8s.io';
export const ROLES_KEY = 'roles.rbac.authorization.k8s.io';
export const ROLE_BINDINGS_KEY = 'rolebindings.rbac.authorization.k8s.io';

const API_VERSION = `${RBAC_GROUP}/v1`;
const BOOTSTRAPPING = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
const AGGREGATE_LABEL: Record<string, string> = { a: 'admin', e: 'edit', v: 'view' };

type Meta = KObject['metadata'];

function meta(name: string, namespace: string | undefined, bootstrap: boolean, extraLabels?: Record<string, string>): Meta {
  const m: Meta = { name };
  if (namespace) m.namespace = namespace;
  if (bootstrap) {
    m.labels = { ...BOOTSTRAPPING, ...extraLabels };
    m.annotations = { ...AUTOUPDATE };
  }
  return m;
}

function clusterRole([name, rules, aggregateTo, aggregationFrom]: RoleData, bootstrap: boolean): KObject {
  const labels = aggregateTo ? { [`rbac.authorization.k8s.io/aggregate-to-${AGGREGATE_LABEL[aggregateTo]}`]: 'true' } : undefined;
  const obj: Record<string, unknown> = { kind: 'ClusterRole', apiVersion: API_VERSION, metadata: meta(name, undefined, bootstrap, labels) };
  // Aggregated roles start with no rules; the clusterrole-aggregation controller fills them.
  obj.rules = aggregationFrom ? null : rules.map(parseRule);
  if (aggregationFrom) obj.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${aggregationFrom}`]: 'true' } }] };
  return obj as unknown as KObject;
}

function subject(text: string): Record<string, string> {
  const kind = text[0];
  const rest = text.slice(2);
  if (kind === 'S') {
    const [namespace, name] = rest.split('/');
    return { kind: 'ServiceAccount', name, namespace };
  }
  return { kind: kind === 'U' ? 'User' : 'Group', apiGroup: RBAC_GROUP, name: rest };
}

function binding(kind: 'ClusterRoleBinding' | 'RoleBinding', namespace: string | undefined, [name, roleKind, role, subjects]: BindingData, bootstrap: boolean): KObject {
  const obj: Record<string, unknown> = { kind, apiVersion: API_VERSION, metadata: meta(name, namespace, bootstrap) };
  if (subjects.length) obj.subjects = subjects.map(subject);
  obj.roleRef = { apiGroup: RBAC_GROUP, kind: roleKind, name: role };
  return obj as unknown as KObject;
}

/** Every bootstrap object, by resource key, in the order the API lists them. */
export function bootstrapObjects(): [string, KObject][] {
  const out: [string, KObject][] = [];
  const crs = [
    ...CLUSTER_ROLES.map((r) => clusterRole(r, true)),
    ...CONTROLLER_ROLES.map(([n, rules]) => clusterRole([`system:controller:${n}`, rules], true)),
    ...KUBEADM_CLUSTER_ROLES.map((r) => clusterRole(r, false)),
  ];
  const crbs = [
    ...CLUSTER_ROLE_BINDINGS.map((b) => binding('ClusterRoleBinding', undefined, b, true)),
    ...CONTROLLER_ROLES.map(([n]) => binding('ClusterRoleBinding', undefined, [`system:controller:${n}`, 'ClusterRole', `system:controller:${n}`, [`S:kube-system/${n}`]], true)),
    ...KUBEADM_CLUSTER_ROLE_BINDINGS.map((b) => binding('ClusterRoleBinding', undefined, b, false)),
  ];
  const roles = [
    ...NAMESPACE_ROLES.map(([ns, name, rules]) => ({ ...(clusterRole([name, rules], true) as object), kind: 'Role', metadata: meta(name, ns, true) }) as KObject),
    ...KUBEADM_ROLES.map(([ns, name, rules]) => ({ kind: 'Role', apiVersion: API_VERSION, metadata: meta(name, ns, false), rules: rules.map(parseRule) }) as unknown as KObject),
  ];
  const rbs = [
    ...NAMESPACE_ROLE_BINDINGS.map(([ns, ...b]) => binding('RoleBinding', ns, b, true)),
    ...KUBEADM_ROLE_BINDINGS.map(([ns, ...b]) => binding('RoleBinding', ns, b, false)),
  ];
  const byName = (a: KObject, b: KObject) => {
    const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
    const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  for (const [key, objs] of [[CLUSTER_ROLES_KEY, crs], [CLUSTER_ROLE_BINDINGS_KEY, crbs], [ROLES_KEY, roles], [ROLE_BINDINGS_KEY, rbs]] as const) {
    for (const o of [...objs].sort(byName)) out.push([key, o]);
  }
  return out;
}

/** The bootstrap objects' UIDs come from their own stream: the cluster's generators are left as they were. */
const UID_SEED = 0x7262_6163;

export function materialised(apiserver: APIServer): boolean {
  return apiserver.state.has(RBAC_MATERIALISED);
}

/** Inserts the bootstrap policy (once per API server), with the ClusterRoles the aggregation controller fills already filled. */
export function materialise(apiserver: APIServer): void {
  if (apiserver.state.has(RBAC_MATERIALISED)) return;
  apiserver.state.set(RBAC_MATERIALISED, true);
  const ns = apiserver.tryGet('namespaces', undefined, 'kube-system');
  const created = ns?.metadata.creationTimestamp ?? rfc3339(apiserver.clock.now());
  const random = new Random(UID_SEED);
  const objects = bootstrapObjects();
  const aggregated = aggregateAll(objects.filter(([k]) => k === CLUSTER_ROLES_KEY).map(([, o]) => o));
  for (const [key, obj] of objects) {
    const info = lookupResource(key)!;
    if (aggregated.has(obj.metadata.name!) && key === CLUSTER_ROLES_KEY) (obj as unknown as { rules: PolicyRule[] }).rules = aggregated.get(obj.metadata.name!)!;
    obj.metadata.uid = random.uuid();
    obj.metadata.creationTimestamp = created;
    const storeKey = apiserver.storeKey(info, obj.metadata.namespace, obj.metadata.name!);
    // A learner's object of the same name created before (from a test client) is kept, as the hook keeps what exists.
    if (apiserver.store.get(key, storeKey)) continue;
    const stored = apiserver.store.put(key, storeKey, obj);
    if (apiserver.freeze) deepFreeze(stored);
  }
  startAggregation(apiserver);
}

/**
 * The rbac/bootstrap-roles post-start hook of a restarted kube-apiserver (pkg/registry/rbac/rest/storage_rbac.go,
 * EnsureRBACPolicy): every bootstrap role and binding that is missing is created again, as after an etcd that came
 * back empty. kubeadm's own (kubeadm:cluster-admins and the rest) are kubeadm init's, not the server's: they stay gone.
 */
export function reconcileBootstrapPolicy(apiserver: APIServer): void {
  if (!apiserver.state.has(RBAC_MATERIALISED)) return; // not yet written: the first touch writes them all
  for (const [key, obj] of bootstrapObjects()) {
    if (!obj.metadata.labels?.['kubernetes.io/bootstrapping']) continue;
    if (apiserver.tryGet(key, obj.metadata.namespace, obj.metadata.name!)) continue;
    try {
      apiserver.create(key, obj.metadata.namespace, obj);
    } catch {
      // The hook retries on its next start; a namespace that is not there yet (kube-public's roles) waits for it.
    }
  }
}

/** The controller's queue delay: it reacts within milliseconds, as a real one does. */
const AGGREGATION_DELAY_MS = 1;

/**
 * The clusterrole-aggregation controller (kube-controller-manager): whenever a ClusterRole changes, every
 * ClusterRole with an aggregationRule gets the rules of the roles its selectors match. It starts with the
 * bootstrap policy, so a cluster whose RBAC objects were never asked for pays nothing.
 */
function startAggregation(apiserver: APIServer): void {
  let pending = false;
  const sync = () => {
    pending = false;
    try {
      const roles = [...apiserver.store.bucket(CLUSTER_ROLES_KEY).values()];
      const next = aggregateAll(roles);
      for (const r of roles) {
        const rules = next.get(r.metadata.name!);
        if (!rules || deepEqual(rules, (r as { rules?: unknown }).rules ?? [])) continue;
        const updated = clone(r) as KObject & { rules?: unknown };
        updated.rules = rules;
        apiserver.update(CLUSTER_ROLES_KEY, updated, { fieldManager: 'clusterrole-aggregation-controller' });
      }
    } catch {
      // A conflict or a stopped API server: the next change retries.
    }
  };
  apiserver.store.onChange((e) => {
    if (e.resource !== CLUSTER_ROLES_KEY || pending) return;
    pending = true;
    apiserver.clock.schedule(AGGREGATION_DELAY_MS, sync);
  });
}

interface Selector { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }

/** A clusterRoleSelector (matchLabels and the set-based expressions). */
export function selectorMatches(sel: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = k(l, e.key);
    if (e.operator === 'In' && !(has && e.values?.includes(l[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values?.includes(l[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function k(l: Record<string, string>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(l, key);
}

const ruleKey = (r: PolicyRule) => JSON.stringify([r.verbs, r.apiGroups ?? [], r.resources ?? [], r.resourceNames ?? [], r.nonResourceURLs ?? []]);

/**
 * The clusterrole-aggregation controller's sum (pkg/controller/clusterroleaggregation): the rules of every
 * ClusterRole a selector matches, by name, without repeats. Its own rules do not count.
 */
export function aggregatedRules(role: KObject, all: KObject[]): PolicyRule[] {
  const selectors = ((role as { aggregationRule?: { clusterRoleSelectors?: Selector[] } }).aggregationRule?.clusterRoleSelectors ?? []);
  const sources = all.filter((o) => o.metadata.name !== role.metadata.name && selectors.some((s) => selectorMatches(s, o.metadata.labels as Record<string, string>)))
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  const seen = new Set<string>();
  const out: PolicyRule[] = [];
  for (const s of sources) {
    for (const r of ((s as { rules?: PolicyRule[] | null }).rules ?? [])) {
      const key = ruleKey(r);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
  }
  return out;
}

/** Fills every aggregated role until nothing changes (view feeds edit, edit feeds admin). */
export function aggregateAll(roles: KObject[]): Map<string, PolicyRule[]> {
  const current = new Map(roles.map((r) => [r.metadata.name!, ((r as { rules?: PolicyRule[] | null }).rules ?? []) as PolicyRule[]]));
  const view = () => roles.map((r) => ({ ...r, rules: current.get(r.metadata.name!) }) as KObject);
  const result = new Map<string, PolicyRule[]>();
  for (let pass = 0; pass < 8; pass++) {
    let changed = false;
    const snapshot = view();
    for (const r of roles) {
      if (!(r as { aggregationRule?: unknown }).aggregationRule) continue;
      const rules = aggregatedRules(r, snapshot);
      if (JSON.stringify(rules) !== JSON.stringify(current.get(r.metadata.name!))) {
        current.set(r.metadata.name!, rules);
        result.set(r.metadata.name!, rules);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return result;
}
