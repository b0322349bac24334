/**
 * Jobs and CronJobs, batch/v1 (pkg/registry/batch/job/strategy.go,
 * pkg/registry/batch/cronjob/strategy.go, pkg/apis/batch/v1/defaults.go,
 * release-1.35, with the feature gates of v1.35's defaults:
 * JobPodReplacementPolicy, JobSuccessPolicy, JobBackoffLimitPerIndex,
 * JobManagedBy, ElasticIndexedJob on).
 */
import type { Strategy } from '../strategy.js';
import { lazyModule } from '../../util/lazy-module.js';
import { defaultPodTemplate } from './podspec.js';
import { field, type FieldError } from '../errors.js';
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from './batch-labels.js';

const validationModule = lazyModule(() => import('../validation/batch.js'));

/**
 * batch/v1 validation (with the cron parser) loads on first use, like the batch controllers: kubectl loads it
 * before a command that may write a Job or CronJob, script mode and the batch controllers' module before they
 * run, and the lab prefetches it at idle.
 */
export function loadBatchValidation(): Promise<typeof import('../validation/batch.js')> {
  return validationModule.load();
}

export function batchValidationLoaded(): boolean {
  return validationModule.loaded() !== undefined;
}

/**
 * Validation by the loaded module. A write that comes before it has loaded (an API client in a page's first
 * moments) is checked only for what makes its pods impossible, the restart policy, and starts the load.
 */
function check(fn: (v: typeof import('../validation/batch.js')) => FieldError[], spec: Any, path: string): FieldError[] {
  const validation = validationModule.loaded();
  if (validation) return fn(validation);
  void loadBatchValidation();
  const rp = spec?.template?.spec?.restartPolicy;
  return rp === 'OnFailure' || rp === 'Never' ? [] : [field.required(`${path}.template.spec.restartPolicy`, 'valid values: "OnFailure", "Never"')];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const INT32_MAX = 2147483647;

/** SetDefaults_Job (and the pod template's defaults). */
export function defaultJobSpec(spec: Any): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? INT32_MAX : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  // An onPodConditions pattern's status defaults to True.
  for (const rule of spec.podFailurePolicy?.rules ?? []) for (const p of rule?.onPodConditions ?? []) if (p && !p.status) p.status = 'True';
  spec.manualSelector ??= false;
  defaultPodTemplate(spec.template);
}

export function defaultJob(obj: Any): void {
  const spec = (obj.spec ??= {});
  defaultJobSpec(spec);
  // Defaulting runs at every decode: once the selector's labels are on the template, the Job takes them too.
  const labels = spec.template?.metadata?.labels;
  if (labels && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...labels };
}

/** generateSelector: the template is labelled with the Job's name and UID, and the selector picks the UID. */
function generateSelector(obj: Any): void {
  const template = (obj.spec.template ??= {});
  const labels = ((template.metadata ??= {}).labels ??= {});
  for (const k of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!(k in labels)) labels[k] = obj.metadata.name;
  for (const k of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) if (!(k in labels)) labels[k] = obj.metadata.uid;
  const sel = (obj.spec.selector ??= {});
  const ml = (sel.matchLabels ??= {});
  if (!(CONTROLLER_UID_LABEL in ml)) ml[CONTROLLER_UID_LABEL] = obj.metadata.uid;
}

export const jobStrategy: Strategy = {
  tracksGeneration: true,
  defaultPropagationPolicy: 'Orphan',
  defaults: defaultJob,
  prepareForCreate(obj, ctx) {
    // The registry fills the UID before PrepareForCreate (FillObjectMetaSystemFields); the selector is made of it.
    obj.metadata.uid = ctx.random.uuid();
    if ((obj.spec as Any).manualSelector !== true) generateSelector(obj);
    obj.status = {};
  },
  validate: (obj) => check((v) => v.validateJob(obj), obj.spec, 'spec'),
  validateUpdate: (obj, old) => check((v) => v.validateJobUpdate(obj, old), obj.spec, 'spec'),
  statusUpdateKeepsAnnotations: false,
  prepareForStatusUpdate(obj) {
    // The request body is defaulted as it is decoded: a Job created without labels takes its template's at the controller's first status write.
    const labels = (obj.spec as Any)?.template?.metadata?.labels;
    if (labels && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...labels };
  },
  validateStatusUpdate: (obj, old) => validationModule.loaded()?.validateJobStatusUpdate(obj, old) ?? [],
  selectableFields(obj) {
    return { 'status.successful': String((obj.status as Any)?.succeeded ?? 0) };
  },
};

/** SetDefaults_CronJob; of the job template only the pod template is defaulted (SetDefaults_Job takes a Job). */
export function defaultCronJob(obj: Any): void {
  const spec = (obj.spec ??= {});
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  defaultPodTemplate(spec.jobTemplate?.spec?.template);
}

export const cronJobStrategy: Strategy = {
  tracksGeneration: true,
  defaults: defaultCronJob,
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate: (obj) => check((v) => v.validateCronJob(obj), (obj.spec as Any)?.jobTemplate?.spec, 'spec.jobTemplate.spec'),
  validateUpdate: (obj, old) => check((v) => v.validateCronJobUpdate(obj, old), (obj.spec as Any)?.jobTemplate?.spec, 'spec.jobTemplate.spec'),
  statusUpdateKeepsAnnotations: false,
};
