/**
 * Generates the field schema of the kinds the engine serves from the
 * kubernetes-types package (v1.30 .d.ts files) plus the facts a .d.ts cannot
 * carry, taken from the Go types of k8s.io/api at release-1.35:
 * which numbers are int64 or float64, the strategic-merge-patch tags
 * (patchStrategy / patchMergeKey), and the fields added in 1.31-1.35.
 *
 *   npx tsx engine/api/schema/generate.ts
 *
 * writes types.json (what the API server's decoder needs: field names and
 * types) and descriptions.json (field documentation for `kubectl explain`,
 * kept apart so the engine core does not carry it).
 */

// The engine's tsconfig has no Node types; this script runs under tsx only, so
// Node's modules are loaded by a name the type checker does not resolve.
const fs: { readFileSync(p: string, enc: string): string; writeFileSync(p: string, s: string): void } = await import('node:' + 'fs');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const host = globalThis as any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const selfURL: string = (import.meta as any).url;
const here: string = new host.URL('.', selfURL).pathname;
const root: string = new host.URL('../../../', selfURL).pathname;

/** d.ts file → Go package name (what Go's reflect prints, e.g. "v1.PodSpec"). */
const FILES: Record<string, string> = {
  'core/v1': 'v1',
  'apps/v1': 'v1',
  'autoscaling/v2': 'v2',
  'discovery/v1': 'v1',
  'coordination/v1': 'v1',
  'meta/v1': 'v1',
};

export const ROOTS: Record<string, string> = {
  Namespace: 'core/v1.Namespace',
  Node: 'core/v1.Node',
  Pod: 'core/v1.Pod',
  Service: 'core/v1.Service',
  Endpoints: 'core/v1.Endpoints',
  Event: 'core/v1.Event',
  ConfigMap: 'core/v1.ConfigMap',
  Secret: 'core/v1.Secret',
  ServiceAccount: 'core/v1.ServiceAccount',
  Binding: 'core/v1.Binding',
  Deployment: 'apps/v1.Deployment',
  ReplicaSet: 'apps/v1.ReplicaSet',
  DaemonSet: 'apps/v1.DaemonSet',
  HorizontalPodAutoscaler: 'autoscaling/v2.HorizontalPodAutoscaler',
  EndpointSlice: 'discovery/v1.EndpointSlice',
  Lease: 'coordination/v1.Lease',
};

/** Numbers that are int64 in Go (everything else numeric is int32). Checked against k8s.io/api release-1.35 types.go. */
const INT64 = new Set([
  'meta/v1.ObjectMeta.generation', 'meta/v1.ObjectMeta.deletionGracePeriodSeconds', 'meta/v1.ListMeta.remainingItemCount',
  'core/v1.PodSpec.terminationGracePeriodSeconds', 'core/v1.PodSpec.activeDeadlineSeconds',
  'core/v1.Probe.terminationGracePeriodSeconds', 'core/v1.Toleration.tolerationSeconds',
  'core/v1.PodSecurityContext.runAsUser', 'core/v1.PodSecurityContext.runAsGroup', 'core/v1.PodSecurityContext.fsGroup',
  'core/v1.SecurityContext.runAsUser', 'core/v1.SecurityContext.runAsGroup',
  'core/v1.PodSecurityContext.supplementalGroups',
  'core/v1.ServiceAccountTokenProjection.expirationSeconds', 'core/v1.PodStatus.observedGeneration', 'core/v1.PodCondition.observedGeneration',
  'core/v1.NodeSystemInfo.swap', 'core/v1.NodeSwapStatus.capacity',
  'core/v1.ContainerUser.linux', 'core/v1.LinuxContainerUser.uid', 'core/v1.LinuxContainerUser.gid', 'core/v1.LinuxContainerUser.supplementalGroups',
  'core/v1.ContainerImage.sizeBytes', 'core/v1.SleepAction.seconds',
  'apps/v1.DeploymentStatus.observedGeneration', 'apps/v1.ReplicaSetStatus.observedGeneration', 'apps/v1.DaemonSetStatus.observedGeneration',
  'autoscaling/v2.HorizontalPodAutoscalerStatus.observedGeneration',
  'core/v1.NodeStatus.observedGeneration',
]);

/** Fields (1.31-1.35) the v1.30 .d.ts lacks; type strings use this file's notation. Source: k8s.io/api release-1.35. */
const ADDED: Record<string, Record<string, string>> = {
  'core/v1.Container': { restartPolicyRules: '[]any' },
  'core/v1.Lifecycle': { stopSignal: 's' },
  'core/v1.PodSpec': { resources: '@core/v1.ResourceRequirements', hostnameOverride: 's', workloadRef: 'any' },
  'core/v1.ContainerStatus': { stopSignal: 's', allocatedResourcesStatus: '[]@core/v1.ResourceStatus', user: '@core/v1.ContainerUser' },
  'core/v1.PodStatus': { observedGeneration: 'i64', extendedResourceClaimStatus: 'any', allocatedResources: '{}q', resources: '@core/v1.ResourceRequirements' },
  'core/v1.PodResourceClaim': { resourceClaimName: 's', resourceClaimTemplateName: 's' },
  'core/v1.ResourceClaim': { request: 's' },
  'core/v1.VolumeProjection': { podCertificate: 'any' },
  'core/v1.PodCondition': { observedGeneration: 'i64' },
  'core/v1.ResourceStatus': { name: 's', resources: '[]@core/v1.ResourceHealth' },
  'core/v1.ResourceHealth': { resourceID: 's', health: 's' },
  'core/v1.ContainerUser': { linux: '@core/v1.LinuxContainerUser' },
  'core/v1.LinuxContainerUser': { uid: 'i64', gid: 'i64', supplementalGroups: '[]i64' },
  'core/v1.PodSecurityContext': { supplementalGroupsPolicy: 's', seLinuxChangePolicy: 's' },
  'core/v1.VolumeSource': { image: '@core/v1.ImageVolumeSource' },
  'core/v1.ImageVolumeSource': { reference: 's', pullPolicy: 's' },
  'core/v1.ContainerResizePolicy': {},
  'core/v1.NodeStatus': { features: '@core/v1.NodeFeatures', declaredFeatures: '[]s' },
  'core/v1.NodeFeatures': { supplementalGroupsPolicy: 'b' },
  'core/v1.NodeSystemInfo': { swap: '@core/v1.NodeSwapStatus' },
  'core/v1.NodeSwapStatus': { capacity: 'i64' },
  'core/v1.NodeRuntimeHandlerFeatures': { userNamespaces: 'b' },
  'core/v1.ServiceSpec': { trafficDistribution: 's' },
  'core/v1.EnvVarSource': { fileKeyRef: '@core/v1.FileKeySelector' },
  'core/v1.FileKeySelector': { volumeName: 's', path: 's', key: 's', optional: 'b' },
  'core/v1.Probe': {},
  'apps/v1.DeploymentStatus': { terminatingReplicas: 'i32' },
  'apps/v1.ReplicaSetStatus': { terminatingReplicas: 'i32' },
  'autoscaling/v2.HPAScalingRules': { tolerance: 'q' },
  'discovery/v1.EndpointHints': { forNodes: '[]@discovery/v1.ForNode' },
  'discovery/v1.ForNode': { name: 's' },
  'coordination/v1.LeaseSpec': { strategy: 's', preferredHolder: 's' },
};

/** Fields of v1.30 that 1.35 no longer has (PodResourceClaim.source went in 1.31 with DRA's rework). */
const REMOVED = new Set(['core/v1.PodResourceClaim.source']);

/** Strategic-merge-patch tags of list fields, from the Go struct tags (release-1.35). */
const PATCH: Record<string, string> = {
  'meta/v1.ObjectMeta.finalizers': 'merge',
  'meta/v1.ObjectMeta.ownerReferences': 'merge:uid',
  'core/v1.PodSpec.volumes': 'merge,retainKeys:name',
  'core/v1.PodSpec.initContainers': 'merge:name',
  'core/v1.PodSpec.containers': 'merge:name',
  'core/v1.PodSpec.ephemeralContainers': 'merge:name',
  'core/v1.PodSpec.imagePullSecrets': 'merge:name',
  'core/v1.PodSpec.hostAliases': 'merge:ip',
  'core/v1.PodSpec.topologySpreadConstraints': 'merge:topologyKey',
  'core/v1.PodSpec.resourceClaims': 'merge,retainKeys:name',
  'core/v1.PodSpec.schedulingGates': 'merge:name',
  'core/v1.Container.ports': 'merge:containerPort',
  'core/v1.Container.env': 'merge:name',
  'core/v1.Container.volumeMounts': 'merge:mountPath',
  'core/v1.Container.volumeDevices': 'merge:devicePath',
  'core/v1.EphemeralContainerCommon.ports': 'merge:containerPort',
  'core/v1.EphemeralContainerCommon.env': 'merge:name',
  'core/v1.EphemeralContainerCommon.volumeMounts': 'merge:mountPath',
  'core/v1.EphemeralContainerCommon.volumeDevices': 'merge:devicePath',
  'core/v1.EphemeralContainer.ports': 'merge:containerPort',
  'core/v1.EphemeralContainer.env': 'merge:name',
  'core/v1.EphemeralContainer.volumeMounts': 'merge:mountPath',
  'core/v1.EphemeralContainer.volumeDevices': 'merge:devicePath',
  'core/v1.PodStatus.conditions': 'merge:type',
  'core/v1.PodStatus.podIPs': 'merge:ip',
  'core/v1.PodStatus.hostIPs': 'merge:ip',
  'core/v1.PodStatus.resourceClaimStatuses': 'merge,retainKeys:name',
  'core/v1.NodeSpec.podCIDRs': 'merge',
  'core/v1.NodeStatus.conditions': 'merge:type',
  'core/v1.NodeStatus.addresses': 'merge:type',
  'core/v1.ServiceSpec.ports': 'merge:port',
  'core/v1.ServiceStatus.conditions': 'merge:type',
  'core/v1.NamespaceStatus.conditions': 'merge:type',
  'core/v1.ServiceAccount.secrets': 'merge:name',
  'apps/v1.DeploymentSpec.strategy': 'retainKeys',
  'apps/v1.DeploymentStatus.conditions': 'merge:type',
  'apps/v1.ReplicaSetStatus.conditions': 'merge:type',
  'apps/v1.DaemonSetStatus.conditions': 'merge:type',
  'autoscaling/v2.HorizontalPodAutoscalerStatus.conditions': 'merge:type',
  'core/v1.ContainerStatus.volumeMounts': 'merge:mountPath',
  'core/v1.ContainerStatus.allocatedResourcesStatus': 'merge:name',
};

/**
 * Go type names of fields whose type is a named string or map type, for the
 * decoder's "of type v1.Protocol" texts (k8s.io/api release-1.35).
 */
const NAMED: Record<string, string> = {
  'apps/v1.DaemonSetCondition.status': 'v1.ConditionStatus',
  'apps/v1.DaemonSetCondition.type': 'v1.DaemonSetConditionType',
  'apps/v1.DaemonSetUpdateStrategy.type': 'v1.DaemonSetUpdateStrategyType',
  'apps/v1.DeploymentCondition.status': 'v1.ConditionStatus',
  'apps/v1.DeploymentCondition.type': 'v1.DeploymentConditionType',
  'apps/v1.DeploymentStrategy.type': 'v1.DeploymentStrategyType',
  'apps/v1.ReplicaSetCondition.status': 'v1.ConditionStatus',
  'apps/v1.ReplicaSetCondition.type': 'v1.ReplicaSetConditionType',
  'autoscaling/v2.ContainerResourceMetricSource.name': 'v1.ResourceName',
  'autoscaling/v2.ContainerResourceMetricStatus.name': 'v1.ResourceName',
  'autoscaling/v2.HPAScalingPolicy.type': 'v2.HPAScalingPolicyType',
  'autoscaling/v2.HPAScalingRules.selectPolicy': 'v2.ScalingPolicySelect',
  'autoscaling/v2.HorizontalPodAutoscalerCondition.status': 'v1.ConditionStatus',
  'autoscaling/v2.HorizontalPodAutoscalerCondition.type': 'v2.HorizontalPodAutoscalerConditionType',
  'autoscaling/v2.MetricSpec.type': 'v2.MetricSourceType',
  'autoscaling/v2.MetricStatus.type': 'v2.MetricSourceType',
  'autoscaling/v2.MetricTarget.type': 'v2.MetricTargetType',
  'autoscaling/v2.ResourceMetricSource.name': 'v1.ResourceName',
  'autoscaling/v2.ResourceMetricStatus.name': 'v1.ResourceName',
  'coordination/v1.LeaseSpec.strategy': 'v1.CoordinatedLeaseStrategy',
  'core/v1.AppArmorProfile.type': 'v1.AppArmorProfileType',
  'core/v1.AttachedVolume.name': 'v1.UniqueVolumeName',
  'core/v1.AzureDiskVolumeSource.cachingMode': 'v1.AzureDataDiskCachingMode',
  'core/v1.AzureDiskVolumeSource.kind': 'v1.AzureDataDiskKind',
  'core/v1.Capabilities.add': '[]v1.Capability',
  'core/v1.Capabilities.drop': '[]v1.Capability',
  'core/v1.ConfigMap.binaryData': 'map[string][]byte',
  'core/v1.ConfigMapNodeConfigSource.uid': 'types.UID',
  'core/v1.Container.imagePullPolicy': 'v1.PullPolicy',
  'core/v1.Container.restartPolicy': 'v1.ContainerRestartPolicy',
  'core/v1.Container.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'core/v1.ContainerPort.protocol': 'v1.Protocol',
  'core/v1.ContainerResizePolicy.resourceName': 'v1.ResourceName',
  'core/v1.ContainerResizePolicy.restartPolicy': 'v1.ResourceResizeRestartPolicy',
  'core/v1.ContainerStatus.allocatedResources': 'v1.ResourceList',
  'core/v1.ContainerStatus.stopSignal': 'v1.Signal',
  'core/v1.EmptyDirVolumeSource.medium': 'v1.StorageMedium',
  'core/v1.EndpointPort.protocol': 'v1.Protocol',
  'core/v1.HTTPGetAction.scheme': 'v1.URIScheme',
  'core/v1.HostPathVolumeSource.type': 'v1.HostPathType',
  'core/v1.Lifecycle.stopSignal': 'v1.Signal',
  'core/v1.LoadBalancerIngress.ipMode': 'v1.LoadBalancerIPMode',
  'core/v1.NamespaceCondition.status': 'v1.ConditionStatus',
  'core/v1.NamespaceCondition.type': 'v1.NamespaceConditionType',
  'core/v1.NamespaceSpec.finalizers': '[]v1.FinalizerName',
  'core/v1.NamespaceStatus.phase': 'v1.NamespacePhase',
  'core/v1.NodeAddress.type': 'v1.NodeAddressType',
  'core/v1.NodeCondition.status': 'v1.ConditionStatus',
  'core/v1.NodeCondition.type': 'v1.NodeConditionType',
  'core/v1.NodeSelectorRequirement.operator': 'v1.NodeSelectorOperator',
  'core/v1.NodeStatus.allocatable': 'v1.ResourceList',
  'core/v1.NodeStatus.capacity': 'v1.ResourceList',
  'core/v1.NodeStatus.phase': 'v1.NodePhase',
  'core/v1.NodeStatus.volumesInUse': '[]v1.UniqueVolumeName',
  'core/v1.ObjectReference.uid': 'types.UID',
  'core/v1.PersistentVolumeClaimSpec.accessModes': '[]v1.PersistentVolumeAccessMode',
  'core/v1.PersistentVolumeClaimSpec.volumeMode': 'v1.PersistentVolumeMode',
  'core/v1.PodCondition.status': 'v1.ConditionStatus',
  'core/v1.PodCondition.type': 'v1.PodConditionType',
  'core/v1.PodOS.name': 'v1.OSName',
  'core/v1.PodReadinessGate.conditionType': 'v1.PodConditionType',
  'core/v1.PodSecurityContext.fsGroupChangePolicy': 'v1.PodFSGroupChangePolicy',
  'core/v1.PodSecurityContext.supplementalGroupsPolicy': 'v1.SupplementalGroupsPolicy',
  'core/v1.PodSecurityContext.seLinuxChangePolicy': 'v1.PodSELinuxChangePolicy',
  'core/v1.PodSpec.dnsPolicy': 'v1.DNSPolicy',
  'core/v1.PodSpec.overhead': 'v1.ResourceList',
  'core/v1.PodSpec.preemptionPolicy': 'v1.PreemptionPolicy',
  'core/v1.PodSpec.restartPolicy': 'v1.RestartPolicy',
  'core/v1.PodStatus.phase': 'v1.PodPhase',
  'core/v1.PodStatus.qosClass': 'v1.PodQOSClass',
  'core/v1.PodStatus.resize': 'v1.PodResizeStatus',
  'core/v1.PodStatus.allocatedResources': 'v1.ResourceList',
  'core/v1.PortStatus.protocol': 'v1.Protocol',
  'core/v1.ResourceHealth.resourceID': 'v1.ResourceID',
  'core/v1.ResourceHealth.health': 'v1.ResourceHealthStatus',
  'core/v1.ResourceRequirements.limits': 'v1.ResourceList',
  'core/v1.ResourceRequirements.requests': 'v1.ResourceList',
  'core/v1.ResourceStatus.name': 'v1.ResourceName',
  'core/v1.SeccompProfile.type': 'v1.SeccompProfileType',
  'core/v1.Secret.data': 'map[string][]byte',
  'core/v1.Secret.type': 'v1.SecretType',
  'core/v1.SecurityContext.procMount': 'v1.ProcMountType',
  'core/v1.ServicePort.protocol': 'v1.Protocol',
  'core/v1.ServiceSpec.externalTrafficPolicy': 'v1.ServiceExternalTrafficPolicy',
  'core/v1.ServiceSpec.internalTrafficPolicy': 'v1.ServiceInternalTrafficPolicy',
  'core/v1.ServiceSpec.ipFamilies': '[]v1.IPFamily',
  'core/v1.ServiceSpec.ipFamilyPolicy': 'v1.IPFamilyPolicy',
  'core/v1.ServiceSpec.sessionAffinity': 'v1.ServiceAffinity',
  'core/v1.ServiceSpec.type': 'v1.ServiceType',
  'core/v1.Taint.effect': 'v1.TaintEffect',
  'core/v1.Toleration.effect': 'v1.TaintEffect',
  'core/v1.Toleration.operator': 'v1.TolerationOperator',
  'core/v1.TopologySpreadConstraint.nodeAffinityPolicy': 'v1.NodeInclusionPolicy',
  'core/v1.TopologySpreadConstraint.nodeTaintsPolicy': 'v1.NodeInclusionPolicy',
  'core/v1.TopologySpreadConstraint.whenUnsatisfiable': 'v1.UnsatisfiableConstraintAction',
  'core/v1.VolumeMount.mountPropagation': 'v1.MountPropagationMode',
  'core/v1.VolumeMount.recursiveReadOnly': 'v1.RecursiveReadOnlyMode',
  'core/v1.VolumeMountStatus.recursiveReadOnly': 'v1.RecursiveReadOnlyMode',
  'core/v1.VolumeResourceRequirements.limits': 'v1.ResourceList',
  'core/v1.VolumeResourceRequirements.requests': 'v1.ResourceList',
  'discovery/v1.EndpointPort.protocol': 'v1.Protocol',
  'discovery/v1.EndpointSlice.addressType': 'v1.AddressType',

};

/** []byte values travel as base64 strings. */
const BYTES = new Set(['core/v1.Secret.data', 'core/v1.ConfigMap.binaryData']);

interface Member { name: string; type: string; doc: string; optional: boolean }
interface Iface { key: string; doc: string; members: Member[] }

function parseFile(rel: string): { ifaces: Map<string, Iface>; aliases: Map<string, string>; imports: Map<string, string> } {
  const text = fs.readFileSync(`${root}node_modules/kubernetes-types/${rel}.d.ts`, 'utf8');
  const ifaces = new Map<string, Iface>();
  const aliases = new Map<string, string>();
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/^import \{([^}]*)\} from "\.\.\/([^"]+)";/gm)) {
    for (const n of m[1].split(',').map((s) => s.trim()).filter(Boolean)) imports.set(n, m[2]);
  }
  for (const m of text.matchAll(/^export type (\w+) = ([^;]+);/gm)) aliases.set(m[1], m[2].trim());
  const re = /(?:\/\*\*((?:[^*]|\*(?!\/))*)\*\/\s*)?export interface (\w+) \{\n([\s\S]*?)^\}/gm;
  for (const m of text.matchAll(re)) {
    const members: Member[] = [];
    const body = m[3];
    const mre = /(?:\/\*\*((?:[^*]|\*(?!\/))*)\*\/\s*)?(?:readonly )?(\w+)(\?)?: ((?:\{[\s\S]*?\})|[^;\n]+);/g;
    for (const mm of body.matchAll(mre)) {
      members.push({ name: mm[2], type: mm[4].replace(/\s+/g, ' ').trim(), doc: cleanDoc(mm[1] ?? ''), optional: mm[3] === '?' });
    }
    ifaces.set(m[2], { key: `${rel}.${m[2]}`, doc: cleanDoc(m[1] ?? ''), members });
  }
  return { ifaces, aliases, imports };
}

function cleanDoc(s: string): string {
  return s.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n').trim();
}

const parsed = new Map(Object.keys(FILES).map((f) => [f, parseFile(f)]));

/** Converts a .d.ts type to this schema's notation, relative to the file it appears in. */
function typeOf(t: string, file: string, owner: string, field: string): string {
  t = t.trim();
  const path = `${owner}.${field}`;
  if (t === 'string') return 's';
  if (t === 'boolean') return 'b';
  if (t === 'number') return INT64.has(path) ? 'i64' : 'i32';
  if (t === 'number | string') return 'ios';
  const arr = /^Array<(.+)>$/.exec(t);
  if (arr) return `[]${typeOf(arr[1], file, owner, field)}`;
  const map = /^\{ \[name: string\]: (.+); \}$/.exec(t);
  if (map) return `{}${typeOf(map[1], file, owner, field)}`;
  if (t === 'Quantity') return 'q';
  if (t === 'Time') return 't';
  if (t === 'MicroTime') return 'mt';
  if (t === 'RawExtension' || t === 'FieldsV1') return 'any';
  const { ifaces, imports } = parsed.get(file)!;
  if (ifaces.has(t)) return `@${file}.${t}`;
  const from = imports.get(t);
  if (from && parsed.has(from)) return `@${from}.${t}`;
  throw new Error(`unknown type ${t} at ${path}`);
}

/** go: Go type name; f: field types; p: patch tags; n: Go names of named field types. */
type Struct = { go: string; f: Record<string, string>; p?: Record<string, string>; n?: Record<string, string> };
const types: Record<string, Struct> = {};
const descriptions: Record<string, Record<string, string>> = {};

function visit(key: string): void {
  if (types[key]) return;
  const dot = key.lastIndexOf('.');
  const file = key.slice(0, dot);
  const name = key.slice(dot + 1);
  const iface = parsed.get(file)?.ifaces.get(name);
  if (!iface && !ADDED[key]) throw new Error(`no interface ${key}`);
  const s: Struct = { go: `${FILES[file]}.${name}`, f: {} };
  types[key] = s;
  const docs: Record<string, string> = { '': iface?.doc ?? '' };
  for (const m of iface?.members ?? []) {
    if (REMOVED.has(`${key}.${m.name}`)) continue;
    if (m.name === 'apiVersion' || m.name === 'kind') {
      s.f[m.name] = 's';
      docs[m.name] = m.doc;
      continue;
    }
    s.f[m.name] = typeOf(m.type, file, key, m.name);
    docs[m.name] = m.doc;
  }
  for (const [f, t] of Object.entries(ADDED[key] ?? {})) {
    if (!(f in s.f)) s.f[f] = t;
  }
  for (const f of Object.keys(s.f)) {
    if (BYTES.has(`${key}.${f}`)) s.f[f] = '{}bytes';
    const named = NAMED[`${key}.${f}`];
    if (named) (s.n ??= {})[f] = named;
    const tag = PATCH[`${key}.${f}`];
    if (tag) (s.p ??= {})[f] = tag;
  }
  // `kubectl explain` marks these -required- (the .d.ts leaves them without "?").
  const required = (iface?.members ?? []).filter((m) => !m.optional && !REMOVED.has(`${key}.${m.name}`)).map((m) => m.name);
  if (required.length) docs['!required'] = required.join(',');
  descriptions[key] = docs;
  for (const t of Object.values(s.f)) {
    const ref = /@(.+)$/.exec(t);
    if (ref) visit(ref[1]);
  }
}

for (const r of Object.values(ROOTS)) visit(r);
// Stable output: sorted by key so regenerating gives no diff.
const sortedTypes = Object.fromEntries(Object.entries(types).sort(([a], [b]) => (a < b ? -1 : 1)));
// The documentation of the scalar types (Quantity, Time, MicroTime), which explain shows under a field of that type.
const aliasDoc = (rel: string, name: string): string => {
  const text = fs.readFileSync(`${root}node_modules/kubernetes-types/${rel}.d.ts`, 'utf8');
  const m = new RegExp(`/\\*\\*((?:[^*]|\\*(?!/))*)\\*/\\s*export type ${name} = `).exec(text);
  return m ? cleanDoc(m[1]) : '';
};
descriptions['!scalars'] = { q: aliasDoc('api/resource', 'Quantity'), t: aliasDoc('meta/v1', 'Time'), mt: aliasDoc('meta/v1', 'MicroTime') };
const sortedDocs = Object.fromEntries(Object.entries(descriptions).sort(([a], [b]) => (a < b ? -1 : 1)));
fs.writeFileSync(`${here}types.json`, JSON.stringify({ roots: ROOTS, types: sortedTypes }) + '\n');
fs.writeFileSync(`${here}descriptions.json`, JSON.stringify(sortedDocs) + '\n');
host.console.log(`${Object.keys(types).length} types written`);
