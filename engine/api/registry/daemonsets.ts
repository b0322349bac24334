/**
 * DaemonSets (pkg/registry/apps/daemonset/strategy.go, SetDefaults_DaemonSet, release-1.35).
 * apps/v1 keeps the internal templateGeneration in an annotation.
 */
import type { Strategy } from '../strategy.js';
import { deepEqual } from '../meta.js';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';
import { validateDaemonSetSpec, validateSelectorImmutable } from '../validation/apps.js';
import { defaultPodTemplate } from './podspec.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export function defaultDaemonSet(obj: Any): void {
  const spec = (obj.spec ??= {});
  const us = (spec.updateStrategy ??= {});
  us.type ||= 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = (us.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec.template);
}

export const daemonSetStrategy: Strategy = {
  tracksGeneration: true,
  defaults: defaultDaemonSet,
  prepareForCreate(obj) {
    obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
    (obj.metadata.annotations ??= {})[TEMPLATE_GENERATION_ANNOTATION] = '1';
  },
  prepareForUpdate(obj, old) {
    const prev = Number(old.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? '0');
    const changed = !deepEqual((obj.spec as Any)?.template, (old.spec as Any)?.template);
    (obj.metadata.annotations ??= {})[TEMPLATE_GENERATION_ANNOTATION] = String(changed ? prev + 1 : prev);
  },
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateDaemonSetSpec(obj.spec)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj, old), ...validateDaemonSetSpec(obj.spec), ...validateSelectorImmutable(obj, old)];
  },
};
