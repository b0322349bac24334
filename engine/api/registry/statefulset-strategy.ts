/**
 * The StatefulSet strategy's code, loaded on first use (statefulsets.ts): SetDefaults_StatefulSet (release-1.35,
 * with MaxUnavailableStatefulSet on by default as in v1.35) and the validation, which the stand-in of
 * statefulsets.ts calls once this module has loaded (it applies the pod template's defaults itself, sharing their code).
 */
import type { Strategy } from '../strategy.js';
import { validateStatefulSet, validateStatefulSetStatusUpdate, validateStatefulSetUpdate } from '../validation/statefulset.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export function defaultStatefulSet(obj: Any): void {
  const spec = (obj.spec ??= {});
  spec.podManagementPolicy ||= 'OrderedReady';
  const us = (spec.updateStrategy ??= {});
  if (!us.type) {
    us.type = 'RollingUpdate';
    us.rollingUpdate ??= {};
  }
  if (us.type === 'RollingUpdate' && us.rollingUpdate) {
    us.rollingUpdate.partition ??= 0;
    us.rollingUpdate.maxUnavailable ??= 1;
  }
  const policy = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  policy.whenDeleted ||= 'Retain';
  policy.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  // The claim templates are PersistentVolumeClaims: SetDefaults_PersistentVolumeClaim(Spec).
  for (const t of spec.volumeClaimTemplates ?? []) {
    if (!t || typeof t !== 'object') continue;
    (t.spec ??= {}).volumeMode ??= 'Filesystem';
    (t.status ??= {}).phase ||= 'Pending';
  }
}

export const strategy: Strategy = {
  defaults: defaultStatefulSet,
  prepareForCreate(obj) {
    // Go writes these two counts without omitempty.
    obj.status = { replicas: 0, availableReplicas: 0 };
  },
  validate: (obj) => validateStatefulSet(obj),
  validateUpdate: (obj, old) => validateStatefulSetUpdate(obj, old),
  validateStatusUpdate: (obj, old) => validateStatefulSetStatusUpdate(obj, old),
};
