/**
 * HorizontalPodAutoscalers, autoscaling/v2 (pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go,
 * pkg/apis/autoscaling/v2/defaults.go, pkg/apis/autoscaling/validation, release-1.35).
 * Generation tracking for HPAs arrives after 1.35 (HPAGeneration), so none here.
 */
import { field, type FieldError } from '../errors.js';
import type { Strategy } from '../strategy.js';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const DEFAULT_CPU_UTILIZATION = 80;
export const METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];

const scaleUpDefaults = () => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
});
const scaleDownDefaults = () => ({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });

function fillRules(from: Any, defaults: Any): Any {
  if (!from) return defaults;
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance']) if (from[k] != null) defaults[k] = from[k];
  return defaults;
}

/** SetDefaults_HorizontalPodAutoscaler. */
export function defaultHPA(obj: Any): void {
  const spec = (obj.spec ??= {});
  spec.minReplicas ??= 1;
  if (!spec.metrics?.length) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  // Behavior is filled only when the user gave one.
  if (spec.behavior) {
    spec.behavior.scaleUp = fillRules(spec.behavior.scaleUp, scaleUpDefaults());
    spec.behavior.scaleDown = fillRules(spec.behavior.scaleDown, scaleDownDefaults());
  }
}

function validateTarget(t: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!t?.type) errs.push(field.required(`${path}.type`, ''));
  else if (!['Utilization', 'Value', 'AverageValue'].includes(t.type)) errs.push(field.notSupported(`${path}.type`, t.type, ['AverageValue', 'Utilization', 'Value']));
  if (t?.averageUtilization !== undefined && t.averageUtilization < 1) errs.push(field.invalid(`${path}.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
  return errs;
}

export function validateHPASpec(spec: Any): FieldError[] {
  const errs: FieldError[] = [];
  spec ??= {};
  if (spec.minReplicas !== undefined && spec.minReplicas < 1) errs.push(field.invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  if ((spec.maxReplicas ?? 0) < 1) errs.push(field.invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than 0'));
  if (spec.minReplicas !== undefined && (spec.maxReplicas ?? 0) < spec.minReplicas) {
    errs.push(field.invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than or equal to `minReplicas`'));
  }
  const ref = spec.scaleTargetRef ?? {};
  if (!ref.kind) errs.push(field.required('spec.scaleTargetRef.kind', ''));
  if (!ref.name) errs.push(field.required('spec.scaleTargetRef.name', ''));
  ((spec.metrics ?? []) as Any[]).forEach((m, i) => {
    const p = `spec.metrics[${i}]`;
    if (!m?.type) { errs.push(field.required(`${p}.type`, 'must specify a metric source type')); return; }
    if (!METRIC_SOURCE_TYPES.includes(m.type)) { errs.push(field.notSupported(`${p}.type`, m.type, METRIC_SOURCE_TYPES)); return; }
    if (m.type === 'Resource') {
      if (!m.resource) { errs.push(field.required(`${p}.resource`, 'must populate information for the given metric source')); return; }
      if (!m.resource.name) errs.push(field.required(`${p}.resource.name`, 'must specify a resource name'));
      errs.push(...validateTarget(m.resource.target, `${p}.resource.target`));
      if (m.resource.target?.averageUtilization === undefined && m.resource.target?.averageValue === undefined) {
        errs.push(field.required(`${p}.resource.target.averageUtilization`, 'must set either a target raw value or a target utilization'));
      }
    }
  });
  return errs;
}

export const hpaStrategy: Strategy = {
  defaults: defaultHPA,
  prepareForCreate(obj) {
    obj.status = { currentMetrics: null, desiredReplicas: 0 };
  },
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateHPASpec(obj.spec)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj, old), ...validateHPASpec(obj.spec)];
  },
};
