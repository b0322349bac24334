/**
 * The replication controller (pkg/controller/replication): kube-controller-manager runs the ReplicaSet
 * controller's code over ReplicationControllers, converting each to a ReplicaSet as its informer adapter hands it
 * over (the selector map becomes matchLabels) and back when it writes the status; the pods it makes are owned by
 * `v1 ReplicationController`, and its events come from "replication-controller".
 */
import type { KObject } from '../../api/meta.js';
import type { Controller } from '../manager.js';
import { ReplicaSetController } from '../replicaset/replicaset-controller.js';
import type { ReplicaSetKind, ReplicaSetLike } from '../replicaset/types.js';

/** Each stored RC's view, made once per version the informer holds; each view's stored RC. */
const views = new WeakMap<KObject, ReplicaSetLike>();
const storedOf = new WeakMap<ReplicaSetLike, KObject>();

/** Convert_v1_ReplicationControllerSpec_To_apps_ReplicaSetSpec's selector: always a LabelSelector, its map as matchLabels. */
function asReplicaSet(rc: KObject): ReplicaSetLike {
  let view = views.get(rc);
  if (view) return view;
  const spec = (rc.spec ?? {}) as { selector?: Record<string, string> };
  view = { ...rc, spec: { ...spec, selector: spec.selector ? { matchLabels: { ...spec.selector } } : {} } } as ReplicaSetLike;
  views.set(rc, view);
  storedOf.set(view, rc);
  return view;
}

export const REPLICATION_CONTROLLER_KIND: ReplicaSetKind = {
  resource: 'replicationcontrollers',
  apiVersion: 'v1',
  kind: 'ReplicationController',
  controllerName: 'replicationcontroller-controller',
  eventSource: 'replication-controller',
  queueName: 'replicationmanager',
  terminatingReplicas: false,
  asReplicaSet,
  stored: (view) => storedOf.get(view) ?? view,
};

export function newReplicationManager(): Controller {
  return new ReplicaSetController(REPLICATION_CONTROLLER_KIND);
}
