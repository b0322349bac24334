/**
 * Deployments (pkg/registry/apps/deployment/strategy.go, pkg/apis/apps/v1/defaults.go, release-1.35).
 */
import type { Strategy } from '../strategy.js';
import { deepEqual } from '../meta.js';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';
import { validateDeploymentSpec, validateSelectorImmutable } from '../validation/apps.js';
import { defaultPodTemplate } from './podspec.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** SetDefaults_Deployment. */
export function defaultDeployment(obj: Any): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(spec.template);
}

export const deploymentStrategy: Strategy = {
  tracksGeneration: true,
  defaults: defaultDeployment,
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateDeploymentSpec(obj.spec)];
  },
  prepareForUpdate(obj, old) {
    // Annotations are copied to the ReplicaSets, so changing them is a new generation too.
    if (!deepEqual(obj.metadata.annotations ?? {}, old.metadata.annotations ?? {})) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj, old), ...validateDeploymentSpec(obj.spec), ...validateSelectorImmutable(obj, old)];
  },
};
