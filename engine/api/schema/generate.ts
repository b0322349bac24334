/**
 * Generates the field schema of the kinds the engine serves from the
 * Kubernetes v1.35 OpenAPI specification (a trimmed copy lives in
 * openapi-v1.35/, see its README.md):
 *
 *   npx tsx engine/api/schema/generate.ts
 *   npx tsx engine/api/schema/generate.ts --trim /path/to/full/swagger.json
 *
 * writes types.json (what the API server's decoder and strategic merge patch
 * need: field names, types, patch tags) and descriptions.json (field
 * documentation, required fields and enums for `kubectl explain`, kept apart
 * so the engine core does not carry it). With --trim it first rewrites the
 * vendored copy from a full swagger.json of the same release.
 *
 * Everything comes from the spec: int32/int64/float64 from `format`, patch
 * tags from x-kubernetes-patch-strategy/-merge-key, required fields from
 * `required`. Only Go's names of named string and map types (for the
 * decoder's "of type v1.Protocol" texts) are not in OpenAPI: NAMED below.
 */

// The engine's tsconfig has no Node types; this script runs under tsx only, so
// Node's modules are loaded by a name the type checker does not resolve.
const fs: { readFileSync(p: string, enc: string): string; writeFileSync(p: string, s: string): void } = await import('node:' + 'fs');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const host = globalThis as any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const selfURL: string = (import.meta as any).url;
const here: string = new host.URL('.', selfURL).pathname;
const SPEC_FILE = `${here}openapi-v1.35/swagger.json`;

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
  EndpointSlice: 'discovery/v1.EndpointSlice',
  Lease: 'coordination/v1.Lease',
  ControllerRevision: 'apps/v1.ControllerRevision',
};

/**
 * Kinds whose code loads on first use (a fresh lab does not use them): one line each. The types only they use go
 * to types-lazy.json, which one loader (schema/lazy.ts) merges into SCHEMA on demand; types.json names these kinds
 * (`lazy`), so whatever decodes, defaults or round-trips one of them awaits that loader first (api/lazy-kinds.ts
 * kindReady). Types they share with ROOTS stay in types.json.
 */
export const LAZY_ROOTS: Record<string, string> = {
  HorizontalPodAutoscaler: 'autoscaling/v2.HorizontalPodAutoscaler',
  Job: 'batch/v1.Job',
  CronJob: 'batch/v1.CronJob',
  PodDisruptionBudget: 'policy/v1.PodDisruptionBudget',
  StatefulSet: 'apps/v1.StatefulSet',
  Ingress: 'networking/v1.Ingress',
  IngressClass: 'networking/v1.IngressClass',
  NetworkPolicy: 'networking/v1.NetworkPolicy',
  PriorityClass: 'scheduling/v1.PriorityClass',
  LimitRange: 'core/v1.LimitRange',
  ResourceQuota: 'core/v1.ResourceQuota',
  PersistentVolume: 'core/v1.PersistentVolume',
  PersistentVolumeClaim: 'core/v1.PersistentVolumeClaim',
  StorageClass: 'storage/v1.StorageClass',
  Role: 'rbac/v1.Role',
  ClusterRole: 'rbac/v1.ClusterRole',
  RoleBinding: 'rbac/v1.RoleBinding',
  ClusterRoleBinding: 'rbac/v1.ClusterRoleBinding',
  ReplicationController: 'core/v1.ReplicationController',
  PodTemplate: 'core/v1.PodTemplate',
  ComponentStatus: 'core/v1.ComponentStatus',
  APIService: 'apiregistration/v1.APIService',
  FlowSchema: 'flowcontrol/v1.FlowSchema',
  PriorityLevelConfiguration: 'flowcontrol/v1.PriorityLevelConfiguration',
  IPAddress: 'networking/v1.IPAddress',
  ServiceCIDR: 'networking/v1.ServiceCIDR',
  CSINode: 'storage/v1.CSINode',
  RuntimeClass: 'node/v1.RuntimeClass',
  CertificateSigningRequest: 'certificates/v1.CertificateSigningRequest',
  // Named by group and version: core/v1 Event is a root already.
  'events.k8s.io/v1.Event': 'events/v1.Event',
  // The reviews kube-apiserver answers without storing them (registry/reviews.ts).
  TokenReview: 'authentication/v1.TokenReview',
  SelfSubjectReview: 'authentication/v1.SelfSubjectReview',
  SubjectAccessReview: 'authorization/v1.SubjectAccessReview',
  SelfSubjectAccessReview: 'authorization/v1.SelfSubjectAccessReview',
  LocalSubjectAccessReview: 'authorization/v1.LocalSubjectAccessReview',
  SelfSubjectRulesReview: 'authorization/v1.SelfSubjectRulesReview',
  CSIDriver: 'storage/v1.CSIDriver',
  VolumeAttachment: 'storage/v1.VolumeAttachment',
  CSIStorageCapacity: 'storage/v1.CSIStorageCapacity',
  VolumeAttributesClass: 'storage/v1.VolumeAttributesClass',
  DeviceClass: 'resource/v1.DeviceClass',
  ResourceClaim: 'resource/v1.ResourceClaim',
  ResourceClaimTemplate: 'resource/v1.ResourceClaimTemplate',
  ResourceSlice: 'resource/v1.ResourceSlice',
  ValidatingAdmissionPolicy: 'admissionregistration/v1.ValidatingAdmissionPolicy',
  ValidatingAdmissionPolicyBinding: 'admissionregistration/v1.ValidatingAdmissionPolicyBinding',
  ValidatingWebhookConfiguration: 'admissionregistration/v1.ValidatingWebhookConfiguration',
  MutatingWebhookConfiguration: 'admissionregistration/v1.MutatingWebhookConfiguration',
  CustomResourceDefinition: 'apiextensions/v1.CustomResourceDefinition',
};

/**
 * Go type names of fields whose type is a named string or map type, for the
 * decoder's "of type v1.Protocol" texts (k8s.io/api release-1.35 types.go).
 * OpenAPI flattens these to string/object, so they cannot be generated.
 */
const NAMED: Record<string, string> = {
  'certificates/v1.CertificateSigningRequestCondition.status': 'v1.ConditionStatus',
  'certificates/v1.CertificateSigningRequestCondition.type': 'v1.RequestConditionType',
  'certificates/v1.CertificateSigningRequestSpec.extra': 'map[string]v1.ExtraValue',
  'certificates/v1.CertificateSigningRequestSpec.usages': '[]v1.KeyUsage',
  'batch/v1.CronJobSpec.concurrencyPolicy': 'v1.ConcurrencyPolicy',
  'batch/v1.JobCondition.status': 'v1.ConditionStatus',
  'batch/v1.JobCondition.type': 'v1.JobConditionType',
  'batch/v1.JobSpec.completionMode': 'v1.CompletionMode',
  'batch/v1.JobSpec.podReplacementPolicy': 'v1.PodReplacementPolicy',
  'batch/v1.PodFailurePolicyOnExitCodesRequirement.operator': 'v1.PodFailurePolicyOnExitCodesOperator',
  'batch/v1.PodFailurePolicyOnPodConditionsPattern.status': 'v1.ConditionStatus',
  'batch/v1.PodFailurePolicyOnPodConditionsPattern.type': 'v1.PodConditionType',
  'batch/v1.PodFailurePolicyRule.action': 'v1.PodFailurePolicyAction',
  'batch/v1.UncountedTerminatedPods.failed': '[]types.UID',
  'batch/v1.UncountedTerminatedPods.succeeded': '[]types.UID',
  'apps/v1.DaemonSetCondition.status': 'v1.ConditionStatus',
  'apps/v1.DaemonSetCondition.type': 'v1.DaemonSetConditionType',
  'apps/v1.DaemonSetUpdateStrategy.type': 'v1.DaemonSetUpdateStrategyType',
  'apps/v1.DeploymentCondition.status': 'v1.ConditionStatus',
  'apps/v1.DeploymentCondition.type': 'v1.DeploymentConditionType',
  'apps/v1.DeploymentStrategy.type': 'v1.DeploymentStrategyType',
  'apps/v1.ReplicaSetCondition.status': 'v1.ConditionStatus',
  'apps/v1.ReplicaSetCondition.type': 'v1.ReplicaSetConditionType',
  'apps/v1.StatefulSetCondition.status': 'v1.ConditionStatus',
  'apps/v1.StatefulSetCondition.type': 'v1.StatefulSetConditionType',
  'apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy.whenDeleted': 'v1.PersistentVolumeClaimRetentionPolicyType',
  'apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy.whenScaled': 'v1.PersistentVolumeClaimRetentionPolicyType',
  'apps/v1.StatefulSetSpec.podManagementPolicy': 'v1.PodManagementPolicyType',
  'apps/v1.StatefulSetUpdateStrategy.type': 'v1.StatefulSetUpdateStrategyType',
  'core/v1.ModifyVolumeStatus.status': 'v1.PersistentVolumeClaimModifyVolumeStatus',
  'core/v1.PersistentVolumeClaimCondition.status': 'v1.ConditionStatus',
  'core/v1.PersistentVolumeClaimCondition.type': 'v1.PersistentVolumeClaimConditionType',
  'core/v1.PersistentVolumeClaimStatus.accessModes': '[]v1.PersistentVolumeAccessMode',
  'core/v1.PersistentVolumeClaimStatus.allocatedResourceStatuses': 'map[v1.ResourceName]v1.ClaimResourceStatus',
  'core/v1.PersistentVolumeClaimStatus.allocatedResources': 'v1.ResourceList',
  'core/v1.PersistentVolumeClaimStatus.capacity': 'v1.ResourceList',
  'core/v1.PersistentVolumeClaimStatus.phase': 'v1.PersistentVolumeClaimPhase',
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
  // EphemeralContainerCommon repeats Container's fields with their types.
  'core/v1.EphemeralContainer.imagePullPolicy': 'v1.PullPolicy',
  'core/v1.EphemeralContainer.restartPolicy': 'v1.ContainerRestartPolicy',
  'core/v1.EphemeralContainer.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'core/v1.ImageVolumeSource.pullPolicy': 'v1.PullPolicy',
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
  'core/v1.LimitRangeItem.default': 'v1.ResourceList',
  'core/v1.LimitRangeItem.defaultRequest': 'v1.ResourceList',
  'core/v1.LimitRangeItem.max': 'v1.ResourceList',
  'core/v1.LimitRangeItem.maxLimitRequestRatio': 'v1.ResourceList',
  'core/v1.LimitRangeItem.min': 'v1.ResourceList',
  'core/v1.LimitRangeItem.type': 'v1.LimitType',
  'core/v1.ResourceQuotaSpec.hard': 'v1.ResourceList',
  'core/v1.ResourceQuotaSpec.scopes': '[]v1.ResourceQuotaScope',
  'core/v1.ResourceQuotaStatus.hard': 'v1.ResourceList',
  'core/v1.ResourceQuotaStatus.used': 'v1.ResourceList',
  'core/v1.ScopedResourceSelectorRequirement.operator': 'v1.ScopeSelectorOperator',
  'core/v1.ScopedResourceSelectorRequirement.scopeName': 'v1.ResourceQuotaScope',
  'networking/v1.HTTPIngressPath.pathType': 'v1.PathType',
  'networking/v1.NetworkPolicyPort.protocol': 'v1.Protocol',
  'networking/v1.NetworkPolicySpec.policyTypes': '[]v1.PolicyType',
  'scheduling/v1.PriorityClass.preemptionPolicy': 'v1.PreemptionPolicy',
  'discovery/v1.EndpointSlice.addressType': 'v1.AddressType',
  'policy/v1.PodDisruptionBudgetSpec.unhealthyPodEvictionPolicy': 'v1.UnhealthyPodEvictionPolicyType',
  'admissionregistration/v1.MatchResources.matchPolicy': 'v1.MatchPolicyType',
  'admissionregistration/v1.MutatingWebhook.failurePolicy': 'v1.FailurePolicyType',
  'admissionregistration/v1.MutatingWebhook.matchPolicy': 'v1.MatchPolicyType',
  'admissionregistration/v1.MutatingWebhook.reinvocationPolicy': 'v1.ReinvocationPolicyType',
  'admissionregistration/v1.MutatingWebhook.sideEffects': 'v1.SideEffectClass',
  'admissionregistration/v1.NamedRuleWithOperations.operations': '[]v1.OperationType',
  'admissionregistration/v1.NamedRuleWithOperations.scope': 'v1.ScopeType',
  'admissionregistration/v1.ParamRef.parameterNotFoundAction': 'v1.ParameterNotFoundActionType',
  'admissionregistration/v1.RuleWithOperations.operations': '[]v1.OperationType',
  'admissionregistration/v1.RuleWithOperations.scope': 'v1.ScopeType',
  'admissionregistration/v1.ValidatingAdmissionPolicyBindingSpec.validationActions': '[]v1.ValidationAction',
  'admissionregistration/v1.ValidatingAdmissionPolicySpec.failurePolicy': 'v1.FailurePolicyType',
  'admissionregistration/v1.ValidatingWebhook.failurePolicy': 'v1.FailurePolicyType',
  'admissionregistration/v1.ValidatingWebhook.matchPolicy': 'v1.MatchPolicyType',
  'admissionregistration/v1.ValidatingWebhook.sideEffects': 'v1.SideEffectClass',
  'admissionregistration/v1.Validation.reason': 'v1.StatusReason',
};

type Schema = {
  description?: string;
  type?: string;
  format?: string;
  $ref?: string;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-group-version-kind'?: unknown;
};
type Spec = { swagger?: string; info?: unknown; definitions: Record<string, Schema> };

/** "core/v1.Pod" → "io.k8s.api.core.v1.Pod"; meta/v1 lives in apimachinery. */
export function definitionName(key: string): string {
  const dot = key.lastIndexOf('.');
  const gv = key.slice(0, dot);
  const name = key.slice(dot + 1);
  if (gv === 'meta/v1') return `io.k8s.apimachinery.pkg.apis.meta.v1.${name}`;
  // kube-aggregator's own types (APIService) are named by their Go package.
  if (gv === 'apiregistration/v1') return `io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.${name}`;
  if (gv === 'apiextensions/v1') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.${name}`;
  return `io.k8s.api.${gv.replace('/', '.')}.${name}`;
}

/** The inverse of definitionName, for structs only. */
function keyOf(def: string): string {
  const meta = /^io\.k8s\.apimachinery\.pkg\.apis\.meta\.(v\w+)\.(\w+)$/.exec(def);
  if (meta) return `meta/${meta[1]}.${meta[2]}`;
  const aggregator = /^io\.k8s\.kube-aggregator\.pkg\.apis\.apiregistration\.(v\w+)\.(\w+)$/.exec(def);
  if (aggregator) return `apiregistration/${aggregator[1]}.${aggregator[2]}`;
  const extensions = /^io\.k8s\.apiextensions-apiserver\.pkg\.apis\.apiextensions\.(v\w+)\.(\w+)$/.exec(def);
  if (extensions) return `apiextensions/${extensions[1]}.${extensions[2]}`;
  const api = /^io\.k8s\.api\.([\w.-]+)\.(v\w+)\.(\w+)$/.exec(def);
  if (api) return `${api[1]}/${api[2]}.${api[3]}`;
  throw new Error(`no key for definition ${def}`);
}

/** apimachinery types that are scalars on the wire: their code in types.json, and the name explain prints for an object-typed one. */
const SCALAR_REFS: Record<string, string> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'q',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 't',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'mt',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'ios',
  // An arbitrary JSON object (the managed fields set): the decoder accepts anything.
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'any',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'any',
  // A CRD schema's free-form parts (their own UnmarshalJSON): any JSON value, or a schema or a bool/list beside it.
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': 'any',
};

const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

/** Every definition reachable from the roots (struct fields, list items, map values). */
function reachable(defs: Record<string, Schema>, roots: Record<string, string>[] = [ROOTS, LAZY_ROOTS]): Set<string> {
  const seen = new Set<string>();
  const visitSchema = (s: Schema | boolean | undefined): void => {
    if (!s || typeof s !== 'object') return;
    if (s.$ref) visitDef(refName(s.$ref));
    visitSchema(s.items);
    visitSchema(s.additionalProperties);
    for (const p of Object.values(s.properties ?? {})) visitSchema(p);
  };
  const visitDef = (name: string): void => {
    if (seen.has(name)) return;
    if (!defs[name]) throw new Error(`missing definition ${name}`);
    seen.add(name);
    visitSchema(defs[name]);
  };
  for (const r of roots) for (const key of Object.values(r)) visitDef(definitionName(key));
  return seen;
}

/** The keys of a schema that the generator and kubectl explain read; the rest (list types, unions, ...) is dropped. */
const KEEP = ['description', 'type', 'format', '$ref', 'items', 'additionalProperties', 'properties', 'required', 'enum',
  'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-group-version-kind'] as const;

function trimSchema(s: Schema): Schema {
  const out: Record<string, unknown> = {};
  for (const k of KEEP) {
    const v = s[k];
    if (v === undefined) continue;
    if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) out[k] = trimSchema(v as Schema);
    else if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([n, p]) => [n, trimSchema(p)]));
    else out[k] = v;
  }
  return out as Schema;
}

function trim(fullPath: string): void {
  const full = JSON.parse(fs.readFileSync(fullPath, 'utf8')) as Spec;
  const names = [...reachable(full.definitions)].sort();
  const trimmed: Spec = { swagger: full.swagger, info: full.info, definitions: {} };
  for (const n of names) trimmed.definitions[n] = trimSchema(full.definitions[n]);
  fs.writeFileSync(SPEC_FILE, JSON.stringify(trimmed, null, 1) + '\n');
  host.console.log(`${names.length} definitions kept in ${SPEC_FILE}`);
}

const args: string[] = host.process.argv.slice(2);
if (args[0] === '--trim') trim(args[1]);

const spec = JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8')) as Spec;
const defs = spec.definitions;

/** A field's schema in this schema's notation: s b i32 i64 f64 ios q t mt any bytes, []T, {}T, @struct-key. */
function codeOf(s: Schema, where: string): string {
  if (s.$ref) {
    const name = refName(s.$ref);
    return SCALAR_REFS[name] ?? `@${keyOf(name)}`;
  }
  switch (s.type) {
    case 'string': return s.format === 'byte' ? 'bytes' : 's';
    case 'boolean': return 'b';
    case 'integer':
      if (s.format === 'int32') return 'i32';
      if (s.format === 'int64') return 'i64';
      break;
    case 'number':
      if (s.format === 'double') return 'f64';
      break;
    case 'array':
      if (s.items) return `[]${codeOf(s.items, where)}`;
      break;
    case 'object':
      if (s.additionalProperties && typeof s.additionalProperties === 'object') return `{}${codeOf(s.additionalProperties, where)}`;
      if (!s.properties) return 'any';
      break;
  }
  throw new Error(`unsupported schema at ${where}: ${JSON.stringify(s)}`);
}

/** "merge" + "name" → "merge:name"; "retainKeys" alone stays. */
function patchTag(s: Schema): string | undefined {
  const strategy = s['x-kubernetes-patch-strategy'];
  if (!strategy) return undefined;
  const key = s['x-kubernetes-patch-merge-key'];
  return key ? `${strategy}:${key}` : strategy;
}

/** go: Go type name; f: field types; p: patch tags; n: Go names of named field types. */
type Struct = { go: string; f: Record<string, string>; p?: Record<string, string>; n?: Record<string, string> };
type Docs = Record<string, string | Record<string, string | string[]>>;
const types: Record<string, Struct> = {};
const lazyTypes: Record<string, Struct> = {};
const eager = reachable(defs, [ROOTS]);
const descriptions: Record<string, Docs> = {};
const usedNamed = new Set<string>();

for (const def of [...reachable(defs)].sort()) {
  if (SCALAR_REFS[def]) continue;
  const key = keyOf(def);
  const schema = defs[def];
  const s: Struct = { go: `${key.slice(key.indexOf('/') + 1, key.lastIndexOf('.'))}.${key.slice(key.lastIndexOf('.') + 1)}`, f: {} };
  const docs: Docs = { '': schema.description ?? '' };
  const enums: Record<string, string[]> = {};
  const anyTypes: Record<string, string> = {};
  for (const [field, prop] of Object.entries(schema.properties ?? {})) {
    s.f[field] = codeOf(prop, `${def}.${field}`);
    if (prop.description) docs[field] = prop.description;
    const named = NAMED[`${key}.${field}`];
    if (named) { (s.n ??= {})[field] = named; usedNamed.add(`${key}.${field}`); }
    const tag = patchTag(prop);
    if (tag) (s.p ??= {})[field] = tag;
    // explain prints a field's own enum (not its items'), strings as they are.
    if (prop.enum) enums[field] = prop.enum.map(String);
    // explain names an object-typed scalar by its definition (FieldsV1), where the decoder only knows "any".
    const element = prop.items ?? (typeof prop.additionalProperties === 'object' ? prop.additionalProperties : undefined) ?? prop;
    if (element.$ref && SCALAR_REFS[refName(element.$ref)] === 'any') anyTypes[field] = refName(element.$ref).split('.').pop()!;
  }
  if (schema.required?.length) docs['!required'] = schema.required.join(',');
  if (Object.keys(enums).length) docs['!enum'] = enums;
  if (Object.keys(anyTypes).length) docs['!any'] = anyTypes;
  (eager.has(def) ? types : lazyTypes)[key] = s;
  descriptions[key] = docs;
}

const stale = Object.keys(NAMED).filter((k) => !usedNamed.has(k));
if (stale.length) throw new Error(`NAMED entries for fields the spec does not have: ${stale.join(', ')}`);

// The documentation of the scalar types, which explain shows under a field of that type.
const docOf = (def: string): string => defs[def]?.description ?? '';
descriptions['!scalars'] = {
  q: docOf('io.k8s.apimachinery.pkg.api.resource.Quantity'),
  t: docOf('io.k8s.apimachinery.pkg.apis.meta.v1.Time'),
  mt: docOf('io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime'),
  ios: docOf('io.k8s.apimachinery.pkg.util.intstr.IntOrString'),
  FieldsV1: docOf('io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1'),
};

// Stable output: sorted by key so regenerating gives no diff.
const sorted = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
// The types only LAZY_ROOTS reach go to types-lazy.json, in the shape SCHEMA has, which schema/lazy.ts merges
// whole; types.json lists those kinds by name so their readers know to wait for it.
const sortedKeys = (o: Record<string, unknown>): string[] => Object.keys(o).sort();
fs.writeFileSync(`${here}types.json`, JSON.stringify({ roots: ROOTS, lazy: sortedKeys(LAZY_ROOTS), types: sorted(types) }) + '\n');
fs.writeFileSync(`${here}types-lazy.json`, JSON.stringify({ roots: sorted(LAZY_ROOTS), types: sorted(lazyTypes) }) + '\n');
fs.writeFileSync(`${here}descriptions.json`, JSON.stringify(sorted(descriptions)) + '\n');
host.console.log(`${Object.keys(types).length} types written`);
