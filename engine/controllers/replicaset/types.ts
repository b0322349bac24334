/** The apps/v1 shapes the ReplicaSet and Deployment controllers read (v1.35 fields included). */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KObject, Meta } from '../../api/meta.js';
import type { ReplicaSetStatus } from './status.js';

export interface PodTemplate {
  metadata?: Meta;
  spec?: Record<string, unknown>;
}

export interface ReplicaSetLike extends KObject {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
  };
  status?: ReplicaSetStatus;
}

export const REPLICASET_RESOURCE = 'replicasets.apps';
export const PODS_RESOURCE = 'pods';

/**
 * The kind a ReplicaSet controller manages (replica_set.go NewBaseController's parameters): ReplicaSets, or
 * ReplicationControllers, which pkg/controller/replication runs through the same code by converting each one
 * to a ReplicaSet on the way in and back on the way out.
 */
export interface ReplicaSetKind {
  resource: string;
  apiVersion: string;
  kind: string;
  /** The controller's name in kube-controller-manager. */
  controllerName: string;
  /** The source component of its events. */
  eventSource: string;
  queueName: string;
  /** Whether the kind's status has terminatingReplicas. */
  terminatingReplicas: boolean;
  /** The object as the controller's code reads it (the informer adapter's conversion). */
  asReplicaSet(obj: KObject): ReplicaSetLike;
  /** The object to write back for a view asReplicaSet made. */
  stored(view: ReplicaSetLike): KObject;
}

export const REPLICASET_KIND: ReplicaSetKind = {
  resource: REPLICASET_RESOURCE,
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  controllerName: 'replicaset-controller',
  eventSource: 'replicaset-controller',
  queueName: 'replicaset-controller',
  terminatingReplicas: true,
  asReplicaSet: (obj) => obj as ReplicaSetLike,
  stored: (view) => view,
};
