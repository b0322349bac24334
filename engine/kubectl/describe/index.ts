/**
 * describe's registry (describerMap in kubectl/pkg/describe): one describer
 * per kind, keyed by resource; every other kind gets the generic describer.
 */
import { describeCronJobObject, describeJobObject } from './batch.js';
import { describeGenericObject } from './generic.js';
import { describeHPAObject } from './hpa.js';
import {
  describeIngressClassObject, describeIngressObject, describeIPAddressObject, describeLimitRangeObject, describeNetworkPolicyObject, describePriorityClassObject,
  describeResourceQuotaObject, describeServiceCIDRObject,
} from './kinds.js';
import { describeConfigMapObject, describeServiceAccountObject, renderNamespace, renderSecret } from './misc.js';
import { describeNodeObject } from './node.js';
import { describePodObject } from './pod.js';
import { describePodDisruptionBudgetObject } from './policy.js';
import { describeServiceObject, renderEndpoints, renderEndpointSlice } from './service.js';
import { describePersistentVolumeClaimObject, describePersistentVolumeObject, describeStorageClassObject, describeVolumeAttributesClassObject } from './storage.js';
import { describeDaemonSetObject, describeDeploymentObject, describeReplicaSetObject, describeReplicationControllerObject } from './workloads.js';
import { describeStatefulSetObject } from './statefulset.js';
import { describeRoleBindingObject, describeRoleObject } from './rbac.js';
import { describeCSRObject } from './certificates.js';
import { eventsOf, type DescribeContext } from './context.js';
import type { Any } from './format.js';

export type Describer = (obj: Any, ctx: DescribeContext) => string;

const DESCRIBERS: Record<string, Describer> = {
  pods: describePodObject,
  nodes: describeNodeObject,
  services: describeServiceObject,
  endpoints: (o, ctx) => renderEndpoints(o, eventsOf(ctx, o), ctx.now),
  'endpointslices.discovery.k8s.io': (o, ctx) => renderEndpointSlice(o, eventsOf(ctx, o), ctx.now),
  namespaces: (o, ctx) => renderNamespace(o, ctx),
  configmaps: describeConfigMapObject,
  secrets: (o) => renderSecret(o),
  serviceaccounts: describeServiceAccountObject,
  'deployments.apps': describeDeploymentObject,
  'replicasets.apps': describeReplicaSetObject,
  replicationcontrollers: describeReplicationControllerObject,
  'daemonsets.apps': describeDaemonSetObject,
  'statefulsets.apps': describeStatefulSetObject,
  'horizontalpodautoscalers.autoscaling': describeHPAObject,
  'jobs.batch': describeJobObject,
  'cronjobs.batch': describeCronJobObject,
  'ingresses.networking.k8s.io': describeIngressObject,
  'ingressclasses.networking.k8s.io': describeIngressClassObject,
  'networkpolicies.networking.k8s.io': (o) => describeNetworkPolicyObject(o),
  'servicecidrs.networking.k8s.io': describeServiceCIDRObject,
  'ipaddresses.networking.k8s.io': describeIPAddressObject,
  'priorityclasses.scheduling.k8s.io': describePriorityClassObject,
  limitranges: (o) => describeLimitRangeObject(o),
  resourcequotas: (o) => describeResourceQuotaObject(o),
  'poddisruptionbudgets.policy': describePodDisruptionBudgetObject,
  persistentvolumes: describePersistentVolumeObject,
  persistentvolumeclaims: describePersistentVolumeClaimObject,
  'storageclasses.storage.k8s.io': describeStorageClassObject,
  'volumeattributesclasses.storage.k8s.io': describeVolumeAttributesClassObject,
  'roles.rbac.authorization.k8s.io': describeRoleObject,
  'clusterroles.rbac.authorization.k8s.io': describeRoleObject,
  'rolebindings.rbac.authorization.k8s.io': describeRoleBindingObject,
  'clusterrolebindings.rbac.authorization.k8s.io': describeRoleBindingObject,
  'certificatesigningrequests.certificates.k8s.io': describeCSRObject,
};

export function describerFor(resourceKey: string): Describer {
  return DESCRIBERS[resourceKey] ?? describeGenericObject;
}

export type { DescribeContext };
