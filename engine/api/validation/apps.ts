/**
 * apps/v1 validation with the texts of kubernetes/kubernetes
 * pkg/apis/apps/validation/validation.go (release-1.35): ValidateDeploymentSpec,
 * ValidateDeploymentStrategy, ValidateRollingUpdateDeployment,
 * ValidatePodTemplateSpecForReplicaSet, ValidateReplicaSetSpec, ValidateDaemonSetSpec.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import { labelSelectorAsSelector } from '../selectors.js';
import { FIELD_IMMUTABLE, IS_NEGATIVE_ERROR, isValidPercent, validateLabelSelector, validateNonnegative } from './names.js';
import { validatePodTemplateSpec } from './pod.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const SELECTOR_MISMATCH = '`selector` does not match template `labels`';
export const EMPTY_SELECTOR_DEPLOYMENT = 'empty selector is invalid for deployment';
export const DEPLOYMENT_STRATEGY_TYPES = ['Recreate', 'RollingUpdate'];
export const DAEMONSET_STRATEGY_TYPES = ['OnDelete', 'RollingUpdate'];

/**
 * getIntOrPercentValue: a percent's number, else IntOrString.IntValue(), which reads a string with strconv.Atoi and
 * ignores its error: "1" is 1 (so maxSurge "1" with maxUnavailable "0" is refused only for not being percents), "x" is 0.
 */
function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return Number(v.slice(0, -1));
  if (typeof v === 'string' && /^[+-]?[0-9]+$/.test(v)) return Number(v);
  return 0;
}

/** ValidatePositiveIntOrPercent. */
function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') {
    const msgs = isValidPercent(v);
    if (msgs.length) return [field.invalid(path, v, msgs.join(', '))];
    return validateNonnegative(intOrPercentValue(v), path);
  }
  if (typeof v === 'number') return validateNonnegative(v, path);
  return [];
}

function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string' && isValidPercent(v).length === 0 && intOrPercentValue(v) > 100) {
    return [field.invalid(path, v, 'must not be greater than 100%')];
  }
  return [];
}

function selectorMatches(sel: Any, labels: Record<string, string> | undefined): boolean {
  // LabelSelectorAsSelector(nil) is labels.Nothing(): it matches nothing.
  if (!sel) return false;
  try {
    const s = labelSelectorAsSelector(sel);
    return s.matches(labels ?? {});
  } catch {
    return false;
  }
}

function selectorValid(sel: Any): boolean {
  if (!sel) return true;
  try {
    labelSelectorAsSelector(sel);
    return true;
  } catch {
    return false;
  }
}

/** ValidatePodTemplateSpecForReplicaSet. */
export function validateTemplateForSelector(template: Any, sel: Any, path: string, requireAlways: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!template) return [field.required(path, '')];
  const selEmpty = !!sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
  if (!selEmpty && !selectorMatches(sel, template.metadata?.labels)) {
    errs.push(field.invalid(`${path}.metadata.labels`, template.metadata?.labels ?? {}, SELECTOR_MISMATCH));
  }
  errs.push(...validatePodTemplateSpec(template, path));
  const rp = template.spec?.restartPolicy;
  if (requireAlways && rp !== 'Always') errs.push(field.notSupported(`${path}.spec.restartPolicy`, rp ?? '', ['Always']));
  if (template.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(field.forbidden(`${path}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return errs;
}

function validateSelectorRequired(sel: Any, path: string, emptyMessage?: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel) return [field.required(path, '')];
  errs.push(...validateLabelSelector(sel, path));
  if (emptyMessage && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
    errs.push(field.invalid(path, sel, emptyMessage));
  }
  return errs;
}

export function validateDeploymentSpec(spec: Any, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  spec ??= {};
  errs.push(...validateNonnegative(spec.replicas, `${path}.replicas`));
  errs.push(...validateSelectorRequired(spec.selector, `${path}.selector`, EMPTY_SELECTOR_DEPLOYMENT));
  if (!selectorValid(spec.selector)) errs.push(field.invalid(`${path}.selector`, spec.selector, 'invalid label selector'));
  else errs.push(...validateTemplateForSelector(spec.template, spec.selector, `${path}.template`, true));
  errs.push(...validateDeploymentStrategy(spec.strategy ?? {}, `${path}.strategy`));
  errs.push(...validateNonnegative(spec.minReadySeconds, `${path}.minReadySeconds`));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, `${path}.revisionHistoryLimit`));
  if (spec.progressDeadlineSeconds !== undefined) {
    errs.push(...validateNonnegative(spec.progressDeadlineSeconds, `${path}.progressDeadlineSeconds`));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(field.invalid(`${path}.progressDeadlineSeconds`, spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

export function validateDeploymentStrategy(strategy: Any, path: string): FieldError[] {
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate ? [field.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      const ru = strategy.rollingUpdate;
      if (!ru) return [field.required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
      const p = `${path}.rollingUpdate`;
      const errs = [...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`), ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`)];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(field.invalid(`${p}.maxUnavailable`, ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      return errs;
    }
    default:
      return [field.notSupported(`${path}.type`, strategy.type ?? '', DEPLOYMENT_STRATEGY_TYPES)];
  }
}

export function validateReplicaSetSpec(spec: Any, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  spec ??= {};
  errs.push(...validateNonnegative(spec.replicas, `${path}.replicas`));
  errs.push(...validateNonnegative(spec.minReadySeconds, `${path}.minReadySeconds`));
  if (!spec.selector) errs.push(field.required(`${path}.selector`, ''));
  else {
    errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
    if (Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length === 0) {
      errs.push(field.invalid(`${path}.selector`, spec.selector, 'empty selector is invalid for deployment'));
    }
  }
  if (!selectorValid(spec.selector)) errs.push(field.invalid(`${path}.selector`, spec.selector, 'invalid label selector'));
  else errs.push(...validateTemplateForSelector(spec.template, spec.selector, `${path}.template`, true));
  return errs;
}

export function validateDaemonSetSpec(spec: Any, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  spec ??= {};
  errs.push(...validateSelectorRequired(spec.selector, `${path}.selector`));
  if (spec.selector && Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length === 0) {
    errs.push(field.invalid(`${path}.selector`, spec.selector, 'empty selector is invalid for daemonset'));
  }
  if (!selectorValid(spec.selector)) errs.push(field.invalid(`${path}.selector`, spec.selector, 'invalid label selector'));
  else if (!selectorMatches(spec.selector, spec.template?.metadata?.labels)) {
    errs.push(field.invalid(`${path}.template.metadata.labels`, spec.template?.metadata?.labels ?? {}, SELECTOR_MISMATCH));
  }
  errs.push(...validatePodTemplateSpec(spec.template, `${path}.template`));
  const rp = spec.template?.spec?.restartPolicy;
  if (rp !== 'Always') errs.push(field.notSupported(`${path}.template.spec.restartPolicy`, rp ?? '', ['Always']));
  errs.push(...validateNonnegative(spec.minReadySeconds, `${path}.minReadySeconds`));
  errs.push(...validateNonnegative(spec.templateGeneration, `${path}.templateGeneration`));
  const us = spec.updateStrategy ?? {};
  const up = `${path}.updateStrategy`;
  if (us.type === 'RollingUpdate') {
    const ru = us.rollingUpdate;
    if (!ru) errs.push(field.required(`${up}.rollingUpdate`, ''));
    else {
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${up}.rollingUpdate.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${up}.rollingUpdate.maxSurge`));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(field.invalid(`${up}.rollingUpdate.maxUnavailable`, ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${up}.rollingUpdate.maxUnavailable`));
    }
  } else if (us.type !== 'OnDelete') {
    errs.push(field.notSupported(`${up}.type`, us.type ?? '', DAEMONSET_STRATEGY_TYPES));
  }
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, `${path}.revisionHistoryLimit`));
  return errs;
}

/** apps/v1 selectors never change after creation. */
export function validateSelectorImmutable(obj: KObject, old: KObject): FieldError[] {
  const sel = (obj.spec as Any)?.selector;
  const oldSel = (old.spec as Any)?.selector;
  return deepEqual(sel ?? null, oldSel ?? null) ? [] : [field.invalid('spec.selector', sel ?? null, FIELD_IMMUTABLE)];
}

export { IS_NEGATIVE_ERROR };
