/**
 * The objects behind bootstrap/system-views.ts, as a fresh kubeadm v1.35 cluster has them:
 *  - componentstatuses: pkg/registry/core/componentstatus (rest.go, validator.go): scheduler and controller-manager
 *    probed at their secure healthz ports, etcd-0 through the storage's health check; no metadata but the name;
 *  - APIServices: one Local APIService per served group/version with kube-apiserver's apiVersionPriorities
 *    (cmd/kube-apiserver/app/aggregator.go merged with pkg/controlplane/apiserver's generic ones), labelled by the
 *    autoregister controller, and metrics-server's v1beta1.metrics.k8s.io from its components.yaml;
 *  - FlowSchemas and PriorityLevelConfigurations: k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go, with the
 *    Dangling condition the APF config controller writes (apf_controller.go presyncFlowSchemaStatus);
 *  - the `kubernetes` ServiceCIDR (pkg/controlplane/controller/defaultservicecidr) with the finalizer the
 *    servicecidrs controller adds, and one IPAddress per ClusterIP (pkg/registry/core/service/ipallocator), both
 *    stored from a client's first write of one (registry/servicecidrs.ts, registry/ipaddresses.ts);
 *  - one CSINode per Node, as the kubelet's CSI plugin manager registers it (no drivers on kubeadm's nodes).
 */
import { notFound, unknownError } from '../errors.js';
import { deepFreeze, type KObject } from '../meta.js';
import type { VirtualResource } from '../apiserver.js';
import { SERVED, apiVersionOf, lookupResource, r, serve } from '../resources.js';
import { ensureBootstrapConfiguration, FLOW_SCHEMAS as FLOW_SCHEMA_RESOURCE, PRIORITY_LEVELS as PRIORITY_LEVEL_RESOURCE, registerFlowControl, syncDanglingConditions, type Bootstrap } from '../registry/flowcontrol.js';
import { APISERVICES, registerAPIServices, syncAvailability } from '../registry/apiservices.js';
import { API_VERSION_PRIORITIES } from '../group-priority.js';
import { Random, fnv32a } from '../../util/random.js';
import { rfc3339 } from '../../util/time.js';
import type { SystemViewSource } from './system-views.js';
import { SERVICE_CIDRS, serviceClusterIPRange } from '../registry/allocators.js';
import { READY_MESSAGE, registerServiceCIDRs, SERVICE_CIDR_FINALIZER, startDefaultServiceCIDRController, startServiceCIDRController } from '../registry/servicecidrs.js';
import { installIPAddressWriter, IPADDRESSES, registerIPAddresses, startIPAddressRepair } from '../registry/ipaddresses.js';
import './served-builtins.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// Their discovery entries (a real v1.35 cluster's `kubectl api-resources` rows), with RuntimeClass's: served from now on.
serve([
  r('componentstatuses', 'ComponentStatus', '', 'v1', false, ['cs'], { verbs: ['get', 'list'], computed: true }),
  r('apiservices', 'APIService', 'apiregistration.k8s.io', 'v1', false, [], { computed: true, statusSubresource: true, categories: ['api-extensions'] }),
  r('events', 'Event', 'events.k8s.io', 'v1', true, ['ev'], { computed: true }),
  r('flowschemas', 'FlowSchema', 'flowcontrol.apiserver.k8s.io', 'v1', false, [], { computed: true, statusSubresource: true }),
  r('prioritylevelconfigurations', 'PriorityLevelConfiguration', 'flowcontrol.apiserver.k8s.io', 'v1', false, [], { computed: true, statusSubresource: true }),
  r('csinodes', 'CSINode', 'storage.k8s.io', 'v1', false, [], { computed: true }),
  r('ipaddresses', 'IPAddress', 'networking.k8s.io', 'v1', false, ['ip'], { computed: true }),
  r('servicecidrs', 'ServiceCIDR', 'networking.k8s.io', 'v1', false, [], { computed: true, statusSubresource: true }),
  r('runtimeclasses', 'RuntimeClass', 'node.k8s.io', 'v1', false),
]);


/** A UID that is the same for the same object of the same seeded lab (kube-apiserver's are random). */
function stableUID(src: SystemViewSource, key: string): string {
  return new Random((fnv32a(key) ^ src.seed) >>> 0).uuid();
}

function meta(src: SystemViewSource, resource: string, name: string, extra: Any = {}, revision = src.startRevision, created = src.startedAt): Any {
  return { ...extra, creationTimestamp: rfc3339(created), name, resourceVersion: String(revision), uid: stableUID(src, `${resource}/${name}`) };
}

// ---------- componentstatuses ----------

/**
 * validator.go's servers. REST.List probes them in goroutines and lists them as the probes finish, so a real server's
 * order changes from one request to the next; this is the order the Kubernetes documentation and most transcripts show
 * (scheduler, controller-manager, etcd-0), the order the servers are put in the map, kept fixed so a lab is repeatable.
 */
const COMPONENTS: { name: string; component: string; port?: number }[] = [
  { name: 'scheduler', component: 'kube-scheduler', port: 10259 },
  { name: 'controller-manager', component: 'kube-controller-manager', port: 10257 },
  { name: 'etcd-0', component: 'etcd' },
];

function componentStatus(src: SystemViewSource, c: (typeof COMPONENTS)[number]): KObject {
  let condition: Any;
  if (src.running(c.component)) condition = { type: 'Healthy', status: 'True', message: 'ok' };
  else if (c.port) {
    // The HTTP prober turns a dial error into Failure with the error's text as the message, and no error.
    const url = `https://127.0.0.1:${c.port}/healthz`;
    condition = { type: 'Healthy', status: 'False', message: `Get "${url}": dial tcp 127.0.0.1:${c.port}: connect: connection refused` };
  } else condition = { type: 'Healthy', status: 'False', error: 'etcd cluster is unavailable or misconfigured' };
  return { apiVersion: 'v1', kind: 'ComponentStatus', metadata: { name: c.name }, conditions: [condition] } as KObject;
}

// ---------- apiservices ----------

const METRICS_APISERVICE = 'v1beta1.metrics.k8s.io';
const METRICS_LAST_APPLIED = '{"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":{"annotations":{},"labels":{"k8s-app":"metrics-server"},"name":"v1beta1.metrics.k8s.io"},"spec":{"group":"metrics.k8s.io","groupPriorityMinimum":100,"insecureSkipTLSVerify":true,"service":{"name":"metrics-server","namespace":"kube-system"},"version":"v1beta1","versionPriority":100}}\n';

function apiServices(src: SystemViewSource): KObject[] {
  const out: KObject[] = [];
  const started = rfc3339(src.startedAt);
  const gvs = [...new Set(SERVED.filter((r) => !r.virtual).map(apiVersionOf))];
  for (const gv of gvs) {
    const p = API_VERSION_PRIORITIES[gv];
    if (!p) continue; // makeAPIService skips a group/version without a priority (apiregistration.k8s.io is the aggregator's own)
    const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv];
    const name = `${version}.${group}`;
    out.push({
      apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService',
      metadata: meta(src, 'apiservices', name, { labels: { 'kube-aggregator.kubernetes.io/automanaged': 'onstart' } }),
      spec: { ...(group ? { group } : {}), groupPriorityMinimum: p[0], version, versionPriority: p[1] },
      status: { conditions: [{ lastTransitionTime: started, message: 'Local APIServices are always available', reason: 'Local', status: 'True', type: 'Available' }] },
    } as KObject);
  }
  // metrics-server's components.yaml registers its aggregated API; available while it serves.
  const metricsUp = src.apiserver.virtuals.has('pods.metrics.k8s.io');
  out.push({
    apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService',
    metadata: meta(src, 'apiservices', METRICS_APISERVICE, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': METRICS_LAST_APPLIED }, labels: { 'k8s-app': 'metrics-server' } }),
    spec: { group: 'metrics.k8s.io', groupPriorityMinimum: 100, insecureSkipTLSVerify: true, service: { name: 'metrics-server', namespace: 'kube-system', port: 443 }, version: 'v1beta1', versionPriority: 100 },
    status: {
      conditions: [metricsUp
        ? { lastTransitionTime: started, message: 'all checks passed', reason: 'Passed', status: 'True', type: 'Available' }
        : { lastTransitionTime: started, message: 'endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"', reason: 'MissingEndpoints', status: 'False', type: 'Available' }],
    },
  } as KObject);
  return out;
}

// ---------- flowschemas, prioritylevelconfigurations ----------

const AUTOUPDATE = { annotations: { 'apf.kubernetes.io/autoupdate-spec': 'true' } };
const ALL_RESOURCES = { apiGroups: ['*'], clusterScope: true, namespaces: ['*'], resources: ['*'], verbs: ['*'] };
const ALL_NON_RESOURCES = { nonResourceURLs: ['*'], verbs: ['*'] };
const group = (name: string) => ({ group: { name }, kind: 'Group' });
const user = (name: string) => ({ kind: 'User', user: { name } });
const KUBE_SYSTEM_SAS = { kind: 'ServiceAccount', serviceAccount: { name: '*', namespace: 'kube-system' } };
const everything = (subjects: Any[]) => ({ nonResourceRules: [ALL_NON_RESOURCES], resourceRules: [ALL_RESOURCES], subjects });

/** name, priority level, matchingPrecedence, distinguisher, rules: mandatory first, then the suggested ones, as the ensurer creates them. */
const FLOW_SCHEMAS: [string, string, number, string, Any][] = [
  ['exempt', 'exempt', 1, '', everything([group('system:masters')])],
  ['catch-all', 'catch-all', 10000, 'ByUser', everything([group('system:unauthenticated'), group('system:authenticated')])],
  ['system-nodes', 'system', 500, 'ByUser', everything([group('system:nodes')])],
  ['system-node-high', 'node-high', 400, 'ByUser', {
    resourceRules: [
      { apiGroups: [''], clusterScope: true, namespaces: ['*'], resources: ['nodes', 'nodes/status'], verbs: ['*'] },
      { apiGroups: ['coordination.k8s.io'], namespaces: ['*'], resources: ['leases'], verbs: ['*'] },
    ],
    subjects: [group('system:nodes')],
  }],
  ['probes', 'exempt', 2, '', { nonResourceRules: [{ nonResourceURLs: ['/healthz', '/readyz', '/livez'], verbs: ['get'] }], subjects: [group('system:unauthenticated'), group('system:authenticated')] }],
  ['system-leader-election', 'leader-election', 100, 'ByUser', {
    resourceRules: [{ apiGroups: ['coordination.k8s.io'], namespaces: ['*'], resources: ['leases'], verbs: ['get', 'create', 'update'] }],
    subjects: [user('system:kube-controller-manager'), user('system:kube-scheduler'), KUBE_SYSTEM_SAS],
  }],
  ['kube-controller-manager', 'workload-high', 800, 'ByNamespace', everything([user('system:kube-controller-manager')])],
  ['kube-scheduler', 'workload-high', 800, 'ByNamespace', everything([user('system:kube-scheduler')])],
  ['kube-system-service-accounts', 'workload-high', 900, 'ByNamespace', everything([KUBE_SYSTEM_SAS])],
  ['service-accounts', 'workload-low', 9000, 'ByUser', everything([group('system:serviceaccounts')])],
  ['global-default', 'global-default', 9900, 'ByUser', everything([group('system:unauthenticated'), group('system:authenticated')])],
];

/** name, nominalConcurrencyShares, lendablePercent, queues/handSize/queueLengthLimit (undefined: Reject). */
const PRIORITY_LEVELS: [string, number, number, [number, number, number] | undefined][] = [
  ['catch-all', 5, 0, undefined],
  ['system', 30, 33, [64, 6, 50]],
  ['node-high', 40, 25, [64, 6, 50]],
  ['leader-election', 10, 0, [16, 4, 50]],
  ['workload-high', 40, 50, [128, 6, 50]],
  ['workload-low', 100, 90, [128, 6, 50]],
  ['global-default', 20, 50, [128, 6, 50]],
];

/** The bootstrap configuration as the config producer holds it: name, annotation and spec (flowcontrol/bootstrap/default.go). */
function bootstrapConfiguration(): Bootstrap {
  const bare = (o: KObject) => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, annotations: o.metadata.annotations }, spec: (o as Any).spec }) as KObject;
  return { flowSchemas: flowSchemas(BARE_SOURCE).map(bare), priorityLevels: priorityLevels(BARE_SOURCE).map(bare) };
}
/** Only the metadata of the computed objects reads a source; the bootstrap configuration takes none of it. */
const BARE_SOURCE = { startedAt: 0, startRevision: 0, seed: 0 } as SystemViewSource;
let configuration: Bootstrap | undefined;
const bootstrap = () => (configuration ??= bootstrapConfiguration());
registerFlowControl(bootstrap);
registerAPIServices();
registerServiceCIDRs();
registerIPAddresses();

function priorityLevels(src: SystemViewSource): KObject[] {
  const out: KObject[] = [{
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'PriorityLevelConfiguration',
    metadata: meta(src, 'prioritylevelconfigurations', 'exempt', { ...AUTOUPDATE, generation: 1 }),
    spec: { exempt: { lendablePercent: 0, nominalConcurrencyShares: 0 }, type: 'Exempt' },
    status: {},
  } as KObject];
  for (const [name, shares, lendable, q] of PRIORITY_LEVELS) {
    out.push({
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'PriorityLevelConfiguration',
      metadata: meta(src, 'prioritylevelconfigurations', name, { ...AUTOUPDATE, generation: 1 }),
      spec: {
        limited: {
          lendablePercent: lendable,
          limitResponse: q ? { queuing: { handSize: q[1], queueLengthLimit: q[2], queues: q[0] }, type: 'Queue' } : { type: 'Reject' },
          nominalConcurrencyShares: shares,
        },
        type: 'Limited',
      },
      status: {},
    } as KObject);
  }
  return out;
}

function flowSchemas(src: SystemViewSource): KObject[] {
  const started = rfc3339(src.startedAt);
  return FLOW_SCHEMAS.map(([name, pl, precedence, distinguisher, rules]) => ({
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema',
    metadata: meta(src, 'flowschemas', name, { ...AUTOUPDATE, generation: 1 }),
    spec: {
      ...(distinguisher ? { distinguisherMethod: { type: distinguisher } } : {}),
      matchingPrecedence: precedence,
      priorityLevelConfiguration: { name: pl },
      rules: [rules],
    },
    status: {
      conditions: [{
        lastTransitionTime: started,
        message: `This FlowSchema references the PriorityLevelConfiguration object named "${pl}" and it exists`,
        reason: 'Found', status: 'False', type: 'Dangling',
      }],
    },
  } as KObject));
}

// ---------- servicecidrs, ipaddresses ----------

const seen = new WeakMap<SystemViewSource, Map<string, number>>();

/**
 * The resourceVersion of an IPAddress or CSINode, written once with its Service or Node: the owner's revision when
 * first seen (one less for an IPAddress, which the allocator writes just before its Service), kept while it lives.
 * An IPAddress is one address of its Service (`key`): a Service that gives its ClusterIP back (ExternalName) and
 * takes another has a new one.
 */
function firstSeen(src: SystemViewSource, owner: KObject, revision: number, key = ''): number {
  let m = seen.get(src);
  if (!m) seen.set(src, (m = new Map()));
  const id = `${owner.metadata.uid ?? ''}${key}`;
  let r = m.get(id);
  if (r === undefined) m.set(id, (r = revision));
  return r;
}

/**
 * The `kubernetes` ServiceCIDR of --service-cluster-ip-range, which kube-apiserver creates
 * (pkg/controlplane/controller/defaultservicecidr) and kube-controller-manager's servicecidrs controller then syncs:
 * its finalizer, and its Ready condition rewritten with that controller's message (updateConditionIfNeeded compares
 * messages), as a running cluster's shows it.
 */
function serviceCIDRs(src: SystemViewSource): KObject[] {
  return [{
    apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR',
    metadata: meta(src, 'servicecidrs', 'kubernetes', { finalizers: [SERVICE_CIDR_FINALIZER] }),
    spec: { cidrs: [serviceClusterIPRange(src.apiserver.state)] },
    status: { conditions: [{ lastTransitionTime: rfc3339(src.startedAt), message: READY_MESSAGE, reason: '', status: 'True', type: 'Ready' }] },
  } as KObject];
}

function ipAddresses(src: SystemViewSource): KObject[] {
  const out: KObject[] = [];
  for (const [key, svc] of src.apiserver.store.bucket('services')) {
    const spec = (svc.spec ?? {}) as Any;
    const ips: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
    for (const ip of ips) {
      if (!ip || ip === 'None') continue;
      // The allocator writes the IPAddress just before the Service: one revision earlier.
      const revision = firstSeen(src, svc, Number(svc.metadata.resourceVersion) - 1, `/${ip}`);
      out.push({
        apiVersion: 'networking.k8s.io/v1', kind: 'IPAddress',
        metadata: meta(src, 'ipaddresses', ip, {
          labels: { 'ipaddress.kubernetes.io/ip-family': ip.includes(':') ? 'IPv6' : 'IPv4', 'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io' },
        }, revision, Date.parse(svc.metadata.creationTimestamp ?? '') || src.startedAt),
        // serviceToRef's Group is "", which the json tag's omitempty leaves out.
        spec: { parentRef: { name: svc.metadata.name, namespace: svc.metadata.namespace, resource: 'services' } },
      } as KObject);
    }
  }
  return out;
}

// ---------- csinodes ----------

function csiNodes(src: SystemViewSource): KObject[] {
  const out: KObject[] = [];
  for (const [key, node] of src.apiserver.store.bucket('nodes')) {
    const name = node.metadata.name ?? key;
    out.push({
      apiVersion: 'storage.k8s.io/v1', kind: 'CSINode',
      metadata: {
        ...meta(src, 'csinodes', name, {}, firstSeen(src, node, Number(node.metadata.resourceVersion)), Date.parse(node.metadata.creationTimestamp ?? '') || src.startedAt),
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid }],
      },
      spec: { drivers: null },
    } as unknown as KObject);
  }
  return out;
}

// ---------- events.k8s.io/v1 ----------

/**
 * The stored core Event seen through events.k8s.io/v1 (pkg/apis/events/v1/conversion.go): involvedObject is regarding,
 * message is note, source, firstTimestamp, lastTimestamp and count are the deprecated* fields, reportingComponent is
 * reportingController. Empty strings and a zero count are left out (omitempty); eventTime, regarding and
 * deprecatedSource are always written.
 */
export function eventV1(e: KObject): KObject {
  const ev = e as Any;
  const out: Any = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: e.metadata, eventTime: ev.eventTime ?? null };
  if (ev.series) out.series = ev.series;
  if (ev.reportingComponent) out.reportingController = ev.reportingComponent;
  if (ev.reportingInstance) out.reportingInstance = ev.reportingInstance;
  if (ev.action) out.action = ev.action;
  if (ev.reason) out.reason = ev.reason;
  out.regarding = ev.involvedObject ?? {};
  if (ev.related) out.related = ev.related;
  if (ev.message) out.note = ev.message;
  if (ev.type) out.type = ev.type;
  out.deprecatedSource = ev.source ?? {};
  out.deprecatedFirstTimestamp = ev.firstTimestamp ?? null;
  out.deprecatedLastTimestamp = ev.lastTimestamp ?? null;
  if (ev.count) out.deprecatedCount = ev.count;
  return out as KObject;
}

function events(src: SystemViewSource, namespace: string | undefined): KObject[] {
  const out: KObject[] = [];
  for (const e of src.apiserver.store.bucket('events').values()) if (!namespace || e.metadata.namespace === namespace) out.push(eventV1(e));
  return out;
}

const BUILDERS: Record<string, (src: SystemViewSource) => KObject[]> = {
  'apiservices.apiregistration.k8s.io': apiServices,
  'flowschemas.flowcontrol.apiserver.k8s.io': flowSchemas,
  'prioritylevelconfigurations.flowcontrol.apiserver.k8s.io': priorityLevels,
  'servicecidrs.networking.k8s.io': serviceCIDRs,
  'ipaddresses.networking.k8s.io': ipAddresses,
  'csinodes.storage.k8s.io': csiNodes,
};

const GROUP_OF: Record<string, [string, string]> = {
  'apiservices.apiregistration.k8s.io': ['apiservices', 'apiregistration.k8s.io'],
  'flowschemas.flowcontrol.apiserver.k8s.io': ['flowschemas', 'flowcontrol.apiserver.k8s.io'],
  'prioritylevelconfigurations.flowcontrol.apiserver.k8s.io': ['prioritylevelconfigurations', 'flowcontrol.apiserver.k8s.io'],
  'servicecidrs.networking.k8s.io': ['servicecidrs', 'networking.k8s.io'],
  'ipaddresses.networking.k8s.io': ['ipaddresses', 'networking.k8s.io'],
  'csinodes.storage.k8s.io': ['csinodes', 'storage.k8s.io'],
  'events.events.k8s.io': ['events', 'events.k8s.io'],
};

/** The API server's provider of one computed resource (apiserver.computed). */
export function provider(src: SystemViewSource, resource: string): VirtualResource {
  return { list: (ns) => list(src, resource, ns), get: (name, ns) => get(src, resource, name, ns), unsorted: resource === 'componentstatuses' };
}

export function list(src: SystemViewSource, resource: string, namespace: string | undefined): KObject[] {
  if (resource === 'componentstatuses') return COMPONENTS.map((c) => componentStatus(src, c));
  if (resource === 'events.events.k8s.io') return events(src, namespace);
  return BUILDERS[resource]?.(src) ?? [];
}

export function get(src: SystemViewSource, resource: string, name: string, namespace?: string): KObject {
  if (resource === 'componentstatuses') {
    const c = COMPONENTS.find((x) => x.name === name);
    // REST.Get's fmt.Errorf: not an API status, so a 500 without a reason.
    if (!c) throw unknownError(`Component not found: ${name}`);
    return componentStatus(src, c);
  }
  if (resource === 'events.events.k8s.io') {
    const e = src.apiserver.tryGet('events', namespace, name);
    if (!e) throw notFound('events', 'events.k8s.io', name);
    return eventV1(e);
  }
  const found = list(src, resource, undefined).find((o) => o.metadata.name === name);
  if (!found) throw notFound(GROUP_OF[resource]?.[0] ?? resource, GROUP_OF[resource]?.[1] ?? '', name);
  return found;
}

// ---------- the stored bootstrap objects ----------

/** The resources a write adopts together: the config producer keeps flow schemas and priority levels as one set. */
const ADOPTABLE: Record<string, string[]> = {
  [FLOW_SCHEMA_RESOURCE]: [FLOW_SCHEMA_RESOURCE, PRIORITY_LEVEL_RESOURCE],
  [PRIORITY_LEVEL_RESOURCE]: [FLOW_SCHEMA_RESOURCE, PRIORITY_LEVEL_RESOURCE],
  [APISERVICES]: [APISERVICES],
  [SERVICE_CIDRS]: [SERVICE_CIDRS],
  [IPADDRESSES]: [IPADDRESSES],
};

/**
 * Stores what the computed resource holds now, as it is (its objects have been in etcd since the server started: no
 * new revision, no watch event), so that a write changes it; from then on the API server serves the stored objects.
 * FlowSchemas and PriorityLevelConfigurations get the config producer's minutely pass and the consumer's status.
 */
export function adopt(src: SystemViewSource, resource: string): boolean {
  const group = ADOPTABLE[resource];
  if (!group) return false;
  const api = src.apiserver;
  if (group.every((r) => api.adopted.has(r))) return true;
  const apiserverUp = () => src.running('kube-apiserver') && src.running('etcd');
  for (const key of group) {
    const info = lookupResource(key)!;
    const bucket = api.store.bucket(key);
    for (const o of list(src, key, undefined)) bucket.set(api.storeKey(info, undefined, o.metadata.name!), api.freeze ? deepFreeze(o) : o);
    api.adopted.add(key);
  }
  if (group.includes(FLOW_SCHEMA_RESOURCE)) startConfigController(src);
  else if (group.includes(IPADDRESSES)) {
    installIPAddressWriter(api);
    startIPAddressRepair(api, apiserverUp, src.startedAt);
  } else if (group.includes(SERVICE_CIDRS)) {
    startServiceCIDRController(api, () => src.running('kube-controller-manager'));
    startDefaultServiceCIDRController(api, () => serviceClusterIPRange(api.state), apiserverUp, src.startedAt);
  } else onChangeOf(api, [APISERVICES, 'services'], () => syncAvailability(api, rfc3339(api.clock.now())));
  return true;
}

/** Runs `sync` once after any change of these resources (an informer's handler, coalesced). */
function onChangeOf(api: SystemViewSource['apiserver'], resources: string[], sync: () => void): void {
  let pending = false;
  api.store.onChange((e) => {
    if (pending || !resources.includes(e.resource)) return;
    pending = true;
    api.clock.schedule(0, () => { pending = false; sync(); });
  });
}

/** The producer's pass every minute from the server's start (PollImmediateUntil), the consumer's after each change. */
function startConfigController(src: SystemViewSource): void {
  const api = src.apiserver;
  const sinceStart = (api.clock.now() - src.startedAt) % 60_000;
  api.clock.every(60_000, () => ensureBootstrapConfiguration(api, bootstrap()), { firstDelayMs: 60_000 - sinceStart });
  onChangeOf(api, [FLOW_SCHEMA_RESOURCE, PRIORITY_LEVEL_RESOURCE], () => syncDanglingConditions(api, rfc3339(api.clock.now())));
}
