/** The apps/v1 Deployment shape the controller reads, v1.35 status fields included. */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KObject } from '../../api/meta.js';
import type { PodTemplate, ReplicaSetLike } from '../replicaset/types.js';

export type IntOrString = number | string;

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  /** Beta and on by default in v1.35 (DeploymentReplicaSetTerminatingReplicas). */
  terminatingReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplate;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

export interface DeploymentLike extends KObject {
  spec?: DeploymentSpec;
  status?: DeploymentStatus;
}

export type { ReplicaSetLike };

export const DEPLOYMENT_RESOURCE = 'deployments.apps';
