/**
 * What kube-apiserver serves about itself rather than from the store: the
 * legacy discovery documents (/api, /apis, /api/v1, /apis/GROUP/VERSION),
 * as its secure port answers a pod (handler.ts) and as the real kubectl's
 * oracle front reads them (scripts/real-kubectl/server.ts).
 */
import { SERVED, apiVersionOf, type ResourceInfo } from '../resources.js';
import { compareRanks, groupRank } from '../group-priority.js';

export function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/**
 * A path under one of kube-apiserver's go-restful web services (/api, /api/v1, /apis/GROUP, /apis/GROUP/VERSION,
 * /version) with no route: the container's service error handler answers NewGenericServerResponse's Status, whose
 * details are empty but present.
 */
export const NOT_FOUND_PATH = status(404, 'NotFound', 'the server could not find the requested resource', {});

/** Any other path falls through every delegate to the not-found handler: net/http's http.NotFound. */
export const NOT_FOUND_TEXT = '404 page not found\n';

/** The director's test (server/handler.go): the path is a web service's root or lies below it. */
export function underGoRestful(path: string, groups: ReadonlyMap<string, ResourceInfo[]>): boolean {
  const under = (root: string) => path === root || path.startsWith(`${root}/`);
  if (under('/api') || under('/version')) return true;
  for (const gv of groups.keys()) {
    const slash = gv.indexOf('/');
    if (slash > 0 && under(`/apis/${gv.slice(0, slash)}`)) return true;
  }
  return false;
}

import { SCALABLE } from '../scale.js';

const key = (r: ResourceInfo) => (r.group ? `${r.resource}.${r.group}` : r.resource);

/** Discovery's subresource entries, listed right after their resource. */
export function subresourcesOf(r: ResourceInfo): Record<string, unknown>[] {
  const verbs = ['get', 'patch', 'update'];
  const out: Record<string, unknown>[] = [];
  if (SCALABLE.has(key(r))) out.push({ name: `${r.resource}/scale`, singularName: '', namespaced: r.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs });
  // kubectl drain evicts when discovery lists pods/eviction (policy/v1 Eviction), and deletes otherwise.
  if (key(r) === 'pods') out.push({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
  // In-place resize (GA in v1.35): the whole Pod, read and written through pods/resize.
  if (key(r) === 'pods') out.push({ name: 'pods/resize', singularName: '', namespaced: true, kind: 'Pod', verbs });
  if (key(r) === 'certificatesigningrequests.certificates.k8s.io') out.push({ name: `${r.resource}/approval`, singularName: '', namespaced: false, kind: r.kind, verbs });
  if (r.statusSubresource) out.push({ name: `${r.resource}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs });
  return out;
}

/** The served resources grouped by group/version, as discovery lists them. */
export function groupsOf(served: readonly ResourceInfo[] = SERVED): Map<string, ResourceInfo[]> {
  const groups = new Map<string, ResourceInfo[]>();
  for (const r of served) {
    const gv = apiVersionOf(r);
    if (!groups.has(gv)) groups.set(gv, []);
    groups.get(gv)!.push(r);
  }
  return groups;
}

/** /api: metav1.APIVersions, with the address clients are told to use (the advertise address and secure port). */
export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/**
 * Each group's metav1.APIGroup: its versions, the preferred (storage) one first as the group's version priority
 * orders them (autoscaling: v2, then v1), and that one as preferredVersion. The groups in the aggregator's order
 * (kube-aggregator handler_apis.go): its own apiregistration.k8s.io first, then by the APIServices' group priority,
 * highest first, ties by the APIService's name (v1.admissionregistration.k8s.io before v1.apiextensions.k8s.io).
 */
function apiGroups(groups: Map<string, ResourceInfo[]>) {
  const rank = new Map<string, [number, string]>();
  for (const [gv, rs] of groups) {
    if (!gv.includes('/')) continue;
    const [name, version] = gv.split('/');
    const at = groupRank(name, version, rs.some((r) => r.crd));
    const had = rank.get(name);
    if (!had || at[0] > had[0] || (at[0] === had[0] && at[1] < had[1])) rank.set(name, at);
  }
  const byRank = (a: { name: string }, b: { name: string }) => compareRanks(rank.get(a.name)!, rank.get(b.name)!);
  return unsortedGroups(groups).sort(byRank);
}

function unsortedGroups(groups: Map<string, ResourceInfo[]>) {
  const byName = new Map<string, { name: string; versions: { groupVersion: string; version: string }[]; preferredVersion?: { groupVersion: string; version: string } }>();
  for (const [gv, rs] of groups) {
    if (!gv.includes('/')) continue;
    const [name, version] = gv.split('/');
    let g = byName.get(name);
    if (!g) byName.set(name, (g = { name, versions: [] }));
    const v = { groupVersion: gv, version };
    if (rs.some((r) => !r.alternate)) { g.versions.unshift(v); g.preferredVersion = v; } else g.versions.push(v);
  }
  return [...byName.values()].map((g) => ({ name: g.name, versions: g.versions, preferredVersion: g.preferredVersion ?? g.versions[0] }));
}

/** /apis: metav1.APIGroupList. */
export function apiGroupList(groups: Map<string, ResourceInfo[]>) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: apiGroups(groups) };
}

/** /apis/GROUP: metav1.APIGroup, or undefined when no such group is served. */
export function apiGroup(groups: Map<string, ResourceInfo[]>, path: string) {
  const m = /^\/apis\/([^/]+)$/.exec(path);
  const g = m && apiGroups(groups).find((x) => x.name === m[1]);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...g } : undefined;
}

/** /api/v1 or /apis/GROUP/VERSION: metav1.APIResourceList, or undefined when no such group/version is served. */
export function apiResourceList(groups: Map<string, ResourceInfo[]>, path: string) {
  const disc = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!disc) return undefined;
  const gv = disc[1] ? 'v1' : `${disc[2]}/${disc[3]}`;
  const rs = groups.get(gv);
  if (!rs) return undefined;
  const resources = rs.flatMap((r) => [{
    name: r.resource,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length ? { categories: r.categories } : {}),
  }, ...subresourcesOf(r)]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
}
