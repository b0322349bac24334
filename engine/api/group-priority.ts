/**
 * Where a group stands in discovery (kube-aggregator handler_apis.go): kube-apiserver's APIService priorities, which
 * order /apis and so the order in which kubectl meets resources (a category such as `api-extensions` expands in it).
 */

/** apiVersionPriorities (kube-apiserver's own merged over DefaultGenericAPIServicePriorities), for the versions served here. */
export const API_VERSION_PRIORITIES: Record<string, [number, number]> = {
  'v1': [18000, 1],
  'events.k8s.io/v1': [17750, 15],
  'apps/v1': [17800, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'autoscaling/v1': [17500, 15],
  'autoscaling/v2': [17500, 30],
  'batch/v1': [17400, 15],
  'certificates.k8s.io/v1': [17300, 15],
  'networking.k8s.io/v1': [17200, 15],
  'policy/v1': [17100, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'admissionregistration.k8s.io/v1': [16700, 15],
  'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'node.k8s.io/v1': [16300, 15],
  'discovery.k8s.io/v1': [16200, 15],
  'flowcontrol.apiserver.k8s.io/v1': [16100, 21],
};

/**
 * A served group/version's APIService priorities: the table's, metrics-server's (its components.yaml), and for a
 * CustomResourceDefinition's group the crdregistration controller's (1000, 100). resource.k8s.io is the group the
 * table has at 16200 (a version of its own is not in the table here).
 */
export function prioritiesOf(gv: string, crd: boolean): [number, number] {
  const p = API_VERSION_PRIORITIES[gv];
  if (p) return p;
  if (gv === 'metrics.k8s.io/v1beta1') return [100, 100];
  if (gv.startsWith('resource.k8s.io/')) return [16200, 15];
  return crd ? [1000, 100] : [0, 0];
}

/**
 * A group/version's place in /apis, higher first: apiregistration.k8s.io (the aggregator's own) ahead of all, then the
 * group priority, ties by the APIService's name (v1.admissionregistration.k8s.io before v1.apiextensions.k8s.io).
 */
export function groupRank(group: string, version: string, crd: boolean): [number, string] {
  return group === 'apiregistration.k8s.io' ? [Infinity, ''] : [prioritiesOf(`${group}/${version}`, crd)[0], `${version}.${group}`];
}

/** Sort order of two named groups' ranks (groupRank): the higher priority first, then the APIService name. */
export function compareRanks(a: [number, string], b: [number, string]): number {
  return a[0] !== b[0] ? b[0] - a[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}
