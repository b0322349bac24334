/**
 * The API's discovery data: which resources exist, their group/version, kind,
 * short names and scope. kubectl resolves `deploy`, `deployments.apps`,
 * `Deployment` through this table, and `kubectl api-resources` prints it.
 */
export interface ResourceInfo {
  /** plural resource name, e.g. "deployments" */
  resource: string;
  singular: string;
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  categories: string[];
  /** Served by the engine but not stored (metrics.k8s.io). */
  virtual?: boolean;
  /**
   * kube-apiserver's own resource, answered from what the simulation already holds rather than stored objects
   * (api/system-views.ts): componentstatuses, the bootstrap APIServices, FlowSchemas and PriorityLevelConfigurations,
   * the ServiceCIDR and the ClusterIPs' IPAddresses, the kubelets' CSINodes. Unlike `virtual`, it has OpenAPI types.
   * The ones kube-apiserver stores become stored objects when a client first writes one (APIServer.adopt).
   */
  computed?: boolean;
  /** Has a status subresource: updates to the main resource ignore status and vice versa. */
  statusSubresource?: boolean;
  /**
   * Mapped from a manifest without apiVersion (kubectl maps it by kind, version ""): its requests go to a path
   * without a version (/api/namespaces/…), which kube-apiserver does not serve.
   */
  unversioned?: boolean;
  /** A version served besides the preferred (storage) one: requests convert to and from it (api/versions.ts). */
  alternate?: boolean;
  /** Served for a CustomResourceDefinition (its name): a custom resource, whose rows come and go with it (registry/crd). */
  crd?: string;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function r(resource: string, kind: string, group: string, version: string, namespaced: boolean, shortNames: string[] = [], extra: Partial<ResourceInfo> = {}): ResourceInfo {
  return { resource, singular: kind.toLowerCase(), group, version, kind, namespaced, shortNames, verbs: CRUD, categories: [], ...extra };
}

export const RESOURCES: ResourceInfo[] = [
  r('bindings', 'Binding', '', 'v1', true, [], { verbs: ['create'] }),
  r('configmaps', 'ConfigMap', '', 'v1', true, ['cm']),
  r('endpoints', 'Endpoints', '', 'v1', true, ['ep']),
  r('events', 'Event', '', 'v1', true, ['ev']),
  r('limitranges', 'LimitRange', '', 'v1', true, ['limits']),
  r('namespaces', 'Namespace', '', 'v1', false, ['ns'], { verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], statusSubresource: true }),
  r('nodes', 'Node', '', 'v1', false, ['no'], { statusSubresource: true }),
  r('persistentvolumeclaims', 'PersistentVolumeClaim', '', 'v1', true, ['pvc'], { statusSubresource: true }),
  r('persistentvolumes', 'PersistentVolume', '', 'v1', false, ['pv'], { statusSubresource: true }),
  r('pods', 'Pod', '', 'v1', true, ['po'], { categories: ['all'], statusSubresource: true }),
  r('podtemplates', 'PodTemplate', '', 'v1', true),
  r('replicationcontrollers', 'ReplicationController', '', 'v1', true, ['rc'], { categories: ['all'], statusSubresource: true }),
  r('resourcequotas', 'ResourceQuota', '', 'v1', true, ['quota'], { statusSubresource: true }),
  r('secrets', 'Secret', '', 'v1', true),
  r('serviceaccounts', 'ServiceAccount', '', 'v1', true, ['sa']),
  r('services', 'Service', '', 'v1', true, ['svc'], { categories: ['all'], statusSubresource: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }),
  r('controllerrevisions', 'ControllerRevision', 'apps', 'v1', true),
  r('daemonsets', 'DaemonSet', 'apps', 'v1', true, ['ds'], { categories: ['all'], statusSubresource: true }),
  r('deployments', 'Deployment', 'apps', 'v1', true, ['deploy'], { categories: ['all'], statusSubresource: true }),
  r('replicasets', 'ReplicaSet', 'apps', 'v1', true, ['rs'], { categories: ['all'], statusSubresource: true }),
  r('statefulsets', 'StatefulSet', 'apps', 'v1', true, ['sts'], { categories: ['all'], statusSubresource: true }),
  r('horizontalpodautoscalers', 'HorizontalPodAutoscaler', 'autoscaling', 'v2', true, ['hpa'], { categories: ['all'], statusSubresource: true }),
  r('cronjobs', 'CronJob', 'batch', 'v1', true, ['cj'], { categories: ['all'], statusSubresource: true }),
  r('jobs', 'Job', 'batch', 'v1', true, [], { categories: ['all'], statusSubresource: true }),
  r('certificatesigningrequests', 'CertificateSigningRequest', 'certificates.k8s.io', 'v1', false, ['csr'], { statusSubresource: true }),
  r('leases', 'Lease', 'coordination.k8s.io', 'v1', true),
  r('endpointslices', 'EndpointSlice', 'discovery.k8s.io', 'v1', true),
  r('poddisruptionbudgets', 'PodDisruptionBudget', 'policy', 'v1', true, ['pdb'], { statusSubresource: true }),
  r('storageclasses', 'StorageClass', 'storage.k8s.io', 'v1', false, ['sc']),
  r('nodes', 'NodeMetrics', 'metrics.k8s.io', 'v1beta1', false, [], { verbs: ['get', 'list'], virtual: true, singular: '' }),
  r('pods', 'PodMetrics', 'metrics.k8s.io', 'v1beta1', true, [], { verbs: ['get', 'list'], virtual: true, singular: '' }),
  r('ingressclasses', 'IngressClass', 'networking.k8s.io', 'v1', false),
  r('ingresses', 'Ingress', 'networking.k8s.io', 'v1', true, ['ing'], { statusSubresource: true }),
  r('networkpolicies', 'NetworkPolicy', 'networking.k8s.io', 'v1', true, ['netpol']),
  r('clusterrolebindings', 'ClusterRoleBinding', 'rbac.authorization.k8s.io', 'v1', false),
  r('clusterroles', 'ClusterRole', 'rbac.authorization.k8s.io', 'v1', false),
  r('rolebindings', 'RoleBinding', 'rbac.authorization.k8s.io', 'v1', true),
  r('roles', 'Role', 'rbac.authorization.k8s.io', 'v1', true),
  r('priorityclasses', 'PriorityClass', 'scheduling.k8s.io', 'v1', false, ['pc']),
  r('customresourcedefinitions', 'CustomResourceDefinition', 'apiextensions.k8s.io', 'v1', false, ['crd', 'crds'], { categories: ['api-extensions'], statusSubresource: true }),
  // Served from the start so kube-controller-manager's informers list them at boot (their code loads on first use).
  r('mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', 'admissionregistration.k8s.io', 'v1', false, [], { categories: ['api-extensions'] }),
  r('validatingadmissionpolicies', 'ValidatingAdmissionPolicy', 'admissionregistration.k8s.io', 'v1', false, [], { categories: ['api-extensions'], statusSubresource: true }),
  r('validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io', 'v1', false, [], { categories: ['api-extensions'] }),
  r('validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', 'admissionregistration.k8s.io', 'v1', false, [], { categories: ['api-extensions'] }),
];

/**
 * The versions kube-apiserver serves besides the preferred one, converted to and from the stored object:
 * autoscaling/v1 HorizontalPodAutoscaler (discovery lists it; api-resources shows the preferred version only).
 */
export const ALTERNATE_VERSIONS: ResourceInfo[] = [
  r('horizontalpodautoscalers', 'HorizontalPodAutoscaler', 'autoscaling', 'v1', true, ['hpa'], { categories: ['all'], statusSubresource: true, alternate: true }),
];

/** Every served resource at every version: the preferred ones, then the alternates. */
export const SERVED: ResourceInfo[] = [...RESOURCES, ...ALTERNATE_VERSIONS];

/** A stable key for a resource: "pods", "deployments.apps"; an alternate version's "horizontalpodautoscalers.v1.autoscaling". */
export function resourceKey(info: Pick<ResourceInfo, 'resource' | 'group' | 'unversioned'> & { alternate?: boolean; version?: string }): string {
  if (info.unversioned) return '';
  if (info.alternate) return `${info.resource}.${info.version}.${info.group}`;
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

const byKey = new Map<string, ResourceInfo>();
const byApiVersionKind = new Map<string, ResourceInfo>();
const index = (i: ResourceInfo) => {
  byKey.set(resourceKey(i), i);
  byApiVersionKind.set(`${apiVersionOf(i)}/${i.kind}`, i);
};
SERVED.forEach(index);

/**
 * Adds resources to discovery: the ones a fresh lab does not use join when their code loads, before kubectl's first
 * command (bootstrap/system-views-impl.ts: componentstatuses, the bootstrap objects' kinds, RuntimeClass...).
 */
export function serve(rows: ResourceInfo[]): void {
  for (const i of rows) {
    // An alternate version is served but not preferred: discovery's preferred list (api-resources) leaves it out.
    if (!i.alternate) RESOURCES.push(i);
    SERVED.push(i);
    index(i);
  }
}

/** Takes resources out of discovery (a CustomResourceDefinition's served versions, when it goes). */
export function unserve(rows: ResourceInfo[]): void {
  for (const i of rows) {
    for (const list of [RESOURCES, SERVED]) {
      const at = list.indexOf(i);
      if (at >= 0) list.splice(at, 1);
    }
    if (byKey.get(resourceKey(i)) === i) byKey.delete(resourceKey(i));
    if (byApiVersionKind.get(`${apiVersionOf(i)}/${i.kind}`) === i) byApiVersionKind.delete(`${apiVersionOf(i)}/${i.kind}`);
  }
}

export function lookupResource(key: string): ResourceInfo | undefined {
  return byKey.get(key);
}

export function lookupKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return byApiVersionKind.get(`${apiVersion}/${kind}`);
}

/** Every group/version the server serves, as `kubectl api-versions` lists them. */
export function servedGroupVersions(): string[] {
  return [...new Set(SERVED.map(apiVersionOf))].sort();
}


/**
 * Resolves what a user typed ("po", "deploy", "deployments.apps", "Deployment",
 * "deployment.v1.apps") to a stored resource, preferring core and stored ones,
 * as kubectl's RESTMapper does.
 */
export function resolveResource(typed: string, among?: readonly ResourceInfo[]): ResourceInfo | undefined {
  const t = typed.trim();
  if (!t) return undefined;
  const lower = t.toLowerCase();
  const dot = lower.indexOf('.');
  let name = lower;
  let group: string | undefined;
  let version: string | undefined;
  if (dot > 0) {
    name = lower.slice(0, dot);
    const rest = lower.slice(dot + 1);
    const vdot = rest.indexOf('.');
    const first = vdot > 0 ? rest.slice(0, vdot) : rest;
    if (/^v\d+((alpha|beta)\d+)?$/.test(first) && vdot > 0) {
      version = first;
      group = rest.slice(vdot + 1);
    } else {
      group = rest;
    }
  }
  // A short name is expanded to its group and resource only (restmapper's shortcutExpander): the version typed
  // with it is dropped, so hpa.v1.autoscaling is the preferred version; horizontalpodautoscalers.v1.autoscaling is v1.
  if (version !== undefined && !(among ?? SERVED).some((i) => (group === undefined || i.group === group) && (i.resource === name || i.singular === name))) version = undefined;
  // An alternate version only when the user names it.
  const matches = (among ?? (version === undefined ? RESOURCES : SERVED)).filter((i) => {
    if (group !== undefined && i.group !== group) return false;
    if (version !== undefined && i.version !== version) return false;
    return i.resource === name || i.singular === name || i.kind.toLowerCase() === name || i.shortNames.includes(name);
  });
  if (matches.length === 0) return undefined;
  return matches.find((i) => !i.virtual) ?? matches[0];
}
