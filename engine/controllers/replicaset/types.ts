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
