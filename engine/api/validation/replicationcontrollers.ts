/**
 * core/v1 ReplicationController and PodTemplate: SetDefaults_ReplicationController (pkg/apis/core/v1/defaults.go)
 * and the texts of pkg/apis/core/validation/validation.go (release-1.35): ValidateReplicationController,
 * ValidateReplicationControllerUpdate, ValidateReplicationControllerStatusUpdate, ValidatePodTemplateSpecForRC,
 * ValidatePodTemplate, ValidatePodTemplateUpdate. Loaded with the other lazily served kinds (registry/kinds-lazy.ts).
 */
import { field, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import { selectorFromSet } from '../selectors.js';
import { SELECTOR_MISMATCH } from './apps.js';
import { nameIsDNSSubdomain, validateNonnegative, validateObjectMeta, validateObjectMetaUpdate } from './names.js';
import { validatePodTemplateSpec } from './pod.js';
import { defaultPodTemplate } from '../registry/podspec.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const STATUS_ABOVE_REPLICAS = 'cannot be greater than status.replicas';

/**
 * SetDefaults_ReplicationController: a template with labels lends them to an empty selector and to the
 * controller's own labels when it has none; replicas defaults to 1.
 */
export function defaultReplicationController(obj: Any): void {
  const spec = (obj.spec ??= {});
  const labels = spec.template?.metadata?.labels;
  if (labels) {
    if (!spec.selector || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    const meta = (obj.metadata ??= {});
    if (!meta.labels || Object.keys(meta.labels).length === 0) meta.labels = { ...labels };
  }
  spec.replicas ??= 1;
  defaultPodTemplate(spec.template);
}

/** ValidatePodTemplateSpecForRC: the template must exist, carry the selector's labels, and restart Always. */
function validatePodTemplateSpecForRC(template: Any, selector: Record<string, string> | undefined, path: string): FieldError[] {
  if (!template) return [field.required(path, '')];
  const errs: FieldError[] = [];
  const sel = selectorFromSet(selector);
  if (!sel.empty() && !sel.matches(template.metadata?.labels ?? {})) {
    errs.push(field.invalid(`${path}.metadata.labels`, template.metadata?.labels ?? {}, SELECTOR_MISMATCH));
  }
  errs.push(...validatePodTemplateSpec(template, path));
  const rp = template.spec?.restartPolicy;
  if (rp !== 'Always') errs.push(field.notSupported(`${path}.spec.restartPolicy`, rp ?? '', ['Always']));
  if (template.spec?.activeDeadlineSeconds != null) {
    errs.push(field.forbidden(`${path}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicationController is not Supported'));
  }
  return errs;
}

/** ValidateReplicationControllerSpec. */
export function validateReplicationControllerSpec(spec: Any, path = 'spec'): FieldError[] {
  spec ??= {};
  const errs: FieldError[] = [...validateNonnegative(spec.minReadySeconds, `${path}.minReadySeconds`)];
  // ValidateNonEmptySelector: labels.Set(selector).AsSelector() is empty for a nil or empty map.
  if (selectorFromSet(spec.selector).empty()) errs.push(field.required(`${path}.selector`, ''));
  errs.push(...validateNonnegative(spec.replicas, `${path}.replicas`));
  errs.push(...validatePodTemplateSpecForRC(spec.template, spec.selector, `${path}.template`));
  return errs;
}

export function validateReplicationController(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateReplicationControllerSpec(obj.spec)];
}

/** rcStrategy.ValidateUpdate: ValidateReplicationController, then ValidateReplicationControllerUpdate (the spec again). */
export function validateReplicationControllerUpdate(obj: KObject, old: KObject): FieldError[] {
  return [...validateReplicationController(obj), ...validateObjectMetaUpdate(obj, old), ...validateReplicationControllerSpec(obj.spec)];
}

/** ValidateReplicationControllerStatusUpdate. */
export function validateReplicationControllerStatusUpdate(obj: KObject, old: KObject): FieldError[] {
  const s = (obj.status ?? {}) as Any;
  const n = (k: string): number => (typeof s[k] === 'number' ? s[k] : 0);
  const errs = [...validateObjectMetaUpdate(obj, old)];
  for (const k of ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']) {
    errs.push(...validateNonnegative(n(k), `status.${k}`));
  }
  if (n('fullyLabeledReplicas') > n('replicas')) errs.push(field.invalid('status.fullyLabeledReplicas', n('fullyLabeledReplicas'), STATUS_ABOVE_REPLICAS));
  if (n('readyReplicas') > n('replicas')) errs.push(field.invalid('status.readyReplicas', n('readyReplicas'), STATUS_ABOVE_REPLICAS));
  if (n('availableReplicas') > n('replicas')) errs.push(field.invalid('status.availableReplicas', n('availableReplicas'), STATUS_ABOVE_REPLICAS));
  if (n('availableReplicas') > n('readyReplicas')) errs.push(field.invalid('status.availableReplicas', n('availableReplicas'), 'cannot be greater than readyReplicas'));
  return errs;
}

/** ValidatePodTemplate: a pod's name rules, and the template as any pod template. */
export function validatePodTemplate(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validatePodTemplateSpec((obj as Any).template ?? {}, 'template')];
}

export function validatePodTemplateUpdate(obj: KObject, old: KObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validatePodTemplateSpec((obj as Any).template ?? {}, 'template')];
}
