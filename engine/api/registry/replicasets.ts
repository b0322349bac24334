/**
 * ReplicaSets (pkg/registry/apps/replicaset/strategy.go, SetDefaults_ReplicaSet, release-1.35).
 */
import type { Strategy } from '../strategy.js';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';
import { validateReplicaSetSpec, validateSelectorImmutable } from '../validation/apps.js';
import { defaultPodTemplate } from './podspec.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export function defaultReplicaSet(obj: Any): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  defaultPodTemplate(spec.template);
}

export const replicaSetStrategy: Strategy = {
  tracksGeneration: true,
  defaults: defaultReplicaSet,
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateReplicaSetSpec(obj.spec)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj, old), ...validateReplicaSetSpec(obj.spec), ...validateSelectorImmutable(obj, old)];
  },
  selectableFields(obj) {
    return { 'status.replicas': String((obj.status as Any)?.replicas ?? 0) };
  },
};
