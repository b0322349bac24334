/** The controllers kube-controller-manager runs, in the order they start. */
import type { ControllerFactory } from './manager.js';
import { EndpointsController } from './endpoints/endpoints-controller.js';
import { EndpointSliceController } from './endpointslice/endpointslice-controller.js';
import { horizontalControllerLoader } from './podautoscaler/loader.js';
import { DaemonSetController } from './daemonset/daemonset.js';
import { GarbageCollector } from './garbagecollector/garbagecollector.js';
import { NamespaceController } from './namespace/namespace.js';
import { NodeLifecycleController } from './nodelifecycle/nodelifecycle.js';
import { PodGCController } from './podgc/podgc.js';
import { RootCACertPublisher } from './rootcacertpublisher/publisher.js';
import { ServiceAccountController } from './serviceaccount/serviceaccount.js';
import { TaintEvictionController } from './tainteviction/tainteviction.js';
import { ReplicaSetController } from './replicaset/replicaset-controller.js';
import { DeploymentController } from './deployment/deployment-controller.js';
import { replicationManagerLoader } from './replication/loader.js';
import { batchControllersLoader } from './job/loader.js';
import { statefulSetControllerLoader } from './statefulset/loader.js';
import { quotaControllerLoader } from './resourcequota/loader.js';
import { disruptionControllerLoader } from './disruption/loader.js';
import { volumeControllersLoader } from './volume/loader.js';
import { validatingAdmissionPolicyStatusLoader } from './validatingadmissionpolicystatus/loader.js';
import { certificateControllersLoader } from './certificates/loader.js';
import { resourceClaimControllerLoader } from './resourceclaim/loader.js';
import { bootstrapControllersLoader } from './bootstrap/loader.js';

export const CONTROLLERS: ControllerFactory[] = [
  () => new EndpointsController(),
  () => new EndpointSliceController(),
  horizontalControllerLoader,
  () => new ServiceAccountController(),
  () => new RootCACertPublisher(),
  () => new GarbageCollector(),
  () => new NodeLifecycleController(),
  () => new TaintEvictionController(),
  // ReplicaSet before Deployment: sharing informers, it sees each ReplicaSet change first and acts on it before the next rollout step.
  () => new ReplicaSetController(),
  () => new DeploymentController(),
  replicationManagerLoader,
  () => new DaemonSetController(),
  statefulSetControllerLoader,
  batchControllersLoader,
  quotaControllerLoader,
  disruptionControllerLoader,
  volumeControllersLoader,
  validatingAdmissionPolicyStatusLoader,
  certificateControllersLoader,
  resourceClaimControllerLoader,
  bootstrapControllersLoader,
  () => new NamespaceController(),
  () => new PodGCController(),
];
