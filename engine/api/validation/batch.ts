/**
 * batch/v1 validation with the texts of kubernetes/kubernetes
 * pkg/apis/batch/validation/validation.go (release-1.35): ValidateJob,
 * validateGeneratedSelector, ValidateJobSpec, ValidateJobUpdate,
 * ValidateJobUpdateStatus (the checks a controller's writes can meet),
 * ValidateCronJobCreate/Update, validateScheduleFormat, validateTimeZone.
 * validatePodFailurePolicy and validateSuccessPolicy included.
 * Loaded on first use (registry/batch.ts): a lab without Jobs never fetches it.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import { labelSelectorAsSelector } from '../selectors.js';
import { FIELD_IMMUTABLE, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain, regexError, validateLabelSelector, validateNonnegative, validateObjectMeta, validateObjectMetaUpdate } from './names.js';
import { validatePodTemplateSpec } from './pod.js';
import { SELECTOR_MISMATCH } from './apps.js';
import { parseCron, unknownTimeZone } from './cron.js';
import { loadLocation } from '../../util/time-zone.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from '../registry/batch-labels.js';
export const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
export const POD_REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];
export const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
const MAX_PARALLELISM_FOR_INDEXED_JOB = 100000;
const MAX_FAILED_INDEXES_FOR_INDEXED_JOB = 100_000;
/** completionsSoftLimit; parallelismLimitForHighCompletions and maxFailedIndexesLimitForHighCompletions are both 10 000. */
const COMPLETIONS_SOFT_LIMIT = 100_000;
const HIGH_COMPLETIONS_LIMIT = 10_000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_ON_EXIT_CODES_VALUES = 255;
const MAX_ON_POD_CONDITIONS_PATTERNS = 20;
const MAX_SUCCESS_POLICY_RULES = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;
/** sets.List order: sorted. */
const POD_FAILURE_POLICY_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const ON_EXIT_CODES_OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];

const MAX_MANAGED_BY_LENGTH = 63;
const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const HTTP_PATH = new RegExp(`^${HTTP_PATH_FMT}$`);

/** IsDomainPrefixedPath: "host/path", the host a DNS subdomain, the path an HTTP path. */
function domainPrefixedPath(v: string, path: string): FieldError[] {
  if (!v) return [field.required(path, '')];
  const slash = v.indexOf('/');
  const host = slash < 0 ? v : v.slice(0, slash);
  const rest = slash < 0 ? '' : v.slice(slash + 1);
  if (slash < 0 || !host || !rest) return [field.invalid(path, v, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = isDNS1123Subdomain(host).map((m) => field.invalid(path, host, m));
  if (!HTTP_PATH.test(rest)) errs.push(field.invalid(path, rest, regexError('Invalid path', HTTP_PATH_FMT)));
  return errs;
}

/** Go's %q of a []string: ["a" "b"]. */
const quotedList = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;
/** field.Invalid with field.OmitValueType{}: no value in the message. */
const invalidOmitValue = (path: string, detail: string): FieldError => ({ type: 'FieldValueInvalid', field: path, detail });

function validateOnExitCodes(req: Any, path: string, containerNames: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const op = req.operator;
  if (!op) errs.push(field.required(`${path}.operator`, `valid values: ${quotedList(ON_EXIT_CODES_OPERATORS)}`));
  else if (!ON_EXIT_CODES_OPERATORS.includes(op)) errs.push(field.notSupported(`${path}.operator`, op, ON_EXIT_CODES_OPERATORS));
  if (req.containerName != null && !containerNames.has(req.containerName)) {
    errs.push(field.invalid(`${path}.containerName`, req.containerName, 'must be one of the container or initContainer names in the pod template'));
  }
  const values: number[] = Array.isArray(req.values) ? req.values : [];
  if (values.length === 0) errs.push(field.invalid(`${path}.values`, req.values ?? null, 'at least one value is required'));
  else if (values.length > MAX_ON_EXIT_CODES_VALUES) errs.push(field.tooMany(`${path}.values`, values.length, MAX_ON_EXIT_CODES_VALUES));
  let ordered = true;
  const seen = new Set<number>();
  values.forEach((v, j) => {
    if (op === 'In' && v === 0) errs.push(field.invalid(`${path}.values[${j}]`, v, 'must not be 0 for the In operator'));
    if (seen.has(v)) errs.push(field.duplicate(`${path}.values[${j}]`, v));
    else seen.add(v);
    if (j > 0 && values[j - 1] > v) ordered = false;
  });
  if (!ordered) errs.push(field.invalid(`${path}.values`, values, 'must be ordered'));
  return errs;
}

function validateOnPodConditions(patterns: Any[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (patterns.length > MAX_ON_POD_CONDITIONS_PATTERNS) errs.push(field.tooMany(path, patterns.length, MAX_ON_POD_CONDITIONS_PATTERNS));
  patterns.forEach((p, j) => {
    const type = String(p?.type ?? '');
    for (const msg of isQualifiedName(type)) errs.push(field.invalid(`${path}[${j}].type`, type, msg));
    const status = p?.status;
    if (!status) errs.push(field.required(`${path}[${j}].status`, `valid values: ${quotedList(CONDITION_STATUSES)}`));
    else if (!CONDITION_STATUSES.includes(status)) errs.push(field.notSupported(`${path}[${j}].status`, status, CONDITION_STATUSES));
  });
  return errs;
}

/** validatePodFailurePolicy: at most 20 rules, each an action and exactly one of onExitCodes and onPodConditions. */
function validatePodFailurePolicy(spec: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules: Any[] = Array.isArray(spec.podFailurePolicy?.rules) ? spec.podFailurePolicy.rules : [];
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) errs.push(field.tooMany(`${path}.rules`, rules.length, MAX_POD_FAILURE_POLICY_RULES));
  const podSpec = spec.template?.spec ?? {};
  const containerNames = new Set<string>([...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])].map((c: Any) => c.name));
  rules.forEach((rule, i) => {
    const rp = `${path}.rules[${i}]`;
    const action = rule?.action;
    if (!action) errs.push(field.required(`${rp}.action`, `valid values: ${quotedList(POD_FAILURE_POLICY_ACTIONS)}`));
    else if (action === 'FailIndex') {
      if (spec.backoffLimitPerIndex == null) errs.push(field.invalid(`${rp}.action`, action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!POD_FAILURE_POLICY_ACTIONS.includes(action)) errs.push(field.notSupported(`${rp}.action`, action, POD_FAILURE_POLICY_ACTIONS));
    const onConditions: Any[] = Array.isArray(rule?.onPodConditions) ? rule.onPodConditions : [];
    if (rule?.onExitCodes != null) errs.push(...validateOnExitCodes(rule.onExitCodes, `${rp}.onExitCodes`, containerNames));
    if (onConditions.length) errs.push(...validateOnPodConditions(onConditions, `${rp}.onPodConditions`));
    if (rule?.onExitCodes != null && onConditions.length) errs.push(invalidOmitValue(rp, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (rule?.onExitCodes == null && !onConditions.length) errs.push(invalidOmitValue(rp, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
  return errs;
}

/** validateIndexesFormat / parseIndexInterval: ascending "a" or "a-b" intervals below completions; how many indexes. */
function indexesFormat(text: string, completions: number): number | string {
  if (!text) return 0;
  let last: number | undefined;
  let total = 0;
  const int = (t: string) => (/^[+-]?[0-9]+$/.test(t) ? Number(t) : undefined);
  for (const part of text.split(',')) {
    const limits = part.split('-');
    if (limits.length > 2) return `the fragment ${JSON.stringify(part)} violates the requirement that an index interval can have at most two parts separated by '-'`;
    const x = int(limits[0]);
    if (x === undefined) return `cannot convert string to integer for index: ${JSON.stringify(limits[0])}`;
    if (x >= completions) return `too large index: ${JSON.stringify(limits[0])}`;
    let y = x;
    if (limits.length > 1) {
      const b = int(limits[1]);
      if (b === undefined) return `cannot convert string to integer for index: ${JSON.stringify(limits[1])}`;
      if (b >= completions) return `too large index: ${JSON.stringify(limits[1])}`;
      if (x >= b) return `non-increasing order, previous: ${x}, current: ${b}`;
      y = b;
    }
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total += y - x + 1;
    last = y;
  }
  return total;
}

/** validateSuccessPolicy: 1 to 20 rules, each succeededIndexes (well formed) and/or succeededCount (within them and completions). */
function validateSuccessPolicy(spec: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules: Any[] = Array.isArray(spec.successPolicy?.rules) ? spec.successPolicy.rules : [];
  if (rules.length === 0) errs.push(field.required(`${path}.rules`, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_SUCCESS_POLICY_RULES) errs.push(field.tooMany(`${path}.rules`, rules.length, MAX_SUCCESS_POLICY_RULES));
  const completions = spec.completions ?? 0;
  rules.forEach((rule, i) => {
    const rp = `${path}.rules[${i}]`;
    if (rule?.succeededCount == null && rule?.succeededIndexes == null) errs.push(field.required(rp, 'at least one of succeededCount or succeededIndexes must be specified'));
    let total = 0;
    if (rule?.succeededIndexes != null) {
      const text = String(rule.succeededIndexes);
      if (text.length > MAX_SUCCEEDED_INDEXES_LENGTH) errs.push(field.tooLong(`${rp}.succeededIndexes`, MAX_SUCCEEDED_INDEXES_LENGTH));
      const parsed = indexesFormat(text, completions);
      if (typeof parsed === 'string') errs.push(field.invalid(`${rp}.succeededIndexes`, text, `error parsing succeededIndexes: ${parsed}`));
      else total = parsed;
    }
    if (rule?.succeededCount != null) {
      const n = rule.succeededCount;
      errs.push(...validateNonnegative(n, `${rp}.succeededCount`));
      if (n > completions) errs.push(field.invalid(`${rp}.succeededCount`, n, `must be less than or equal to ${completions} (the number of specified completions)`));
      if (rule.succeededIndexes != null && n > total) {
        errs.push(field.invalid(`${rp}.succeededCount`, n, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
      }
    }
  });
  return errs;
}

/** ValidateHasLabel. */
function hasLabel(labels: Record<string, string> | undefined, path: string, key: string, want: string): FieldError[] {
  const have = labels?.[key];
  if (have === undefined) return [field.required(`${path}.labels[${key}]`, `must be '${want}'`)];
  return have === want ? [] : [field.invalid(`${path}.labels[${key}]`, labels, `must be '${want}'`)];
}

function selectorOf(sel: Any): { matches(l: Record<string, string>): boolean } | undefined {
  try {
    return labelSelectorAsSelector(sel);
  } catch {
    return undefined;
  }
}

/** validateGeneratedSelector. */
function validateGeneratedSelector(job: KObject, requirePrefixed: boolean): FieldError[] {
  const spec = (job.spec ?? {}) as Any;
  if (spec.manualSelector === true || !spec.selector) return [];
  const errs: FieldError[] = [];
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  if (!uid) errs.push(field.required('metadata.uid', ''));
  const labels = spec.template?.metadata?.labels;
  const p = 'spec.template.metadata';
  errs.push(...hasLabel(labels, p, LEGACY_CONTROLLER_UID_LABEL, uid), ...hasLabel(labels, p, LEGACY_JOB_NAME_LABEL, name));
  const expected: Record<string, string> = {};
  if (requirePrefixed) {
    errs.push(...hasLabel(labels, p, CONTROLLER_UID_LABEL, uid), ...hasLabel(labels, p, JOB_NAME_LABEL, name));
    expected[CONTROLLER_UID_LABEL] = uid;
    expected[JOB_NAME_LABEL] = name;
  }
  expected[LEGACY_CONTROLLER_UID_LABEL] = uid;
  expected[LEGACY_JOB_NAME_LABEL] = name;
  const s = selectorOf(spec.selector);
  if (s && !s.matches(expected)) errs.push(field.invalid('spec.selector', spec.selector, '`selector` not auto-generated'));
  return errs;
}

/** validateJobSpec: what a Job and a CronJob's job template share. */
function validateJobSpecFields(spec: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex']) {
    errs.push(...validateNonnegative(spec[k], `${path}.${k}`));
  }
  if (spec.maxFailedIndexes !== undefined) {
    errs.push(...validateNonnegative(spec.maxFailedIndexes, `${path}.maxFailedIndexes`));
    if (spec.backoffLimitPerIndex === undefined) errs.push(field.required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  }
  if (spec.managedBy != null) {
    errs.push(...domainPrefixedPath(String(spec.managedBy), `${path}.managedBy`));
    if (String(spec.managedBy).length > MAX_MANAGED_BY_LENGTH) errs.push(field.tooLong(`${path}.managedBy`, MAX_MANAGED_BY_LENGTH));
  }
  const mode = spec.completionMode;
  if (mode !== undefined) {
    if (!COMPLETION_MODES.includes(mode)) errs.push(field.notSupported(`${path}.completionMode`, mode, COMPLETION_MODES));
    if (mode === 'Indexed') {
      if (spec.completions === undefined) errs.push(field.required(`${path}.completions`, 'when completion mode is Indexed'));
      if (spec.parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB) {
        errs.push(field.invalid(`${path}.parallelism`, spec.parallelism, `must be less than or equal to ${MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed`));
      }
      if (spec.completions !== undefined && spec.maxFailedIndexes > spec.completions) {
        errs.push(field.invalid(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, 'must be less than or equal to completions'));
      }
      if (spec.maxFailedIndexes > MAX_FAILED_INDEXES_FOR_INDEXED_JOB) {
        errs.push(field.invalid(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, `must be less than or equal to ${MAX_FAILED_INDEXES_FOR_INDEXED_JOB}`));
      }
      if (spec.completions > COMPLETIONS_SOFT_LIMIT && spec.backoffLimitPerIndex != null) {
        const high = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
        if (spec.maxFailedIndexes == null) errs.push(field.required(`${path}.maxFailedIndexes`, `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
        if (spec.parallelism > HIGH_COMPLETIONS_LIMIT) errs.push(field.invalid(`${path}.parallelism`, spec.parallelism, `must be less than or equal to ${HIGH_COMPLETIONS_LIMIT} ${high}`));
        if (spec.maxFailedIndexes > HIGH_COMPLETIONS_LIMIT) errs.push(field.invalid(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, `must be less than or equal to ${HIGH_COMPLETIONS_LIMIT} ${high}`));
      }
    }
  }
  if (mode === undefined || mode === 'NonIndexed') {
    if (spec.backoffLimitPerIndex !== undefined) errs.push(field.invalid(`${path}.backoffLimitPerIndex`, spec.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (spec.maxFailedIndexes !== undefined) errs.push(field.invalid(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, 'requires indexed completion mode'));
  }
  if (spec.podFailurePolicy) errs.push(...validatePodFailurePolicy(spec, `${path}.podFailurePolicy`));
  if (spec.successPolicy && mode !== 'Indexed') errs.push(field.invalid(`${path}.successPolicy`, spec.successPolicy, 'requires indexed completion mode'));
  else if (spec.successPolicy) errs.push(...validateSuccessPolicy(spec, `${path}.successPolicy`));
  const prp = spec.podReplacementPolicy;
  if (prp !== undefined) {
    if (spec.podFailurePolicy) {
      if (prp !== 'Failed') errs.push(field.notSupported(`${path}.podReplacementPolicy`, prp, ['Failed']));
    } else if (!POD_REPLACEMENT_POLICIES.includes(prp)) {
      errs.push(field.notSupported(`${path}.podReplacementPolicy`, prp, POD_REPLACEMENT_POLICIES));
    }
  }
  errs.push(...validatePodTemplateSpec(spec.template, `${path}.template`));
  // The pod defaults fill an absent restartPolicy with Always, so both mean "not set" here.
  const rp = spec.template?.spec?.restartPolicy;
  const rpPath = `${path}.template.spec.restartPolicy`;
  if (rp === 'Always' || !rp) errs.push(field.required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never') errs.push(field.notSupported(rpPath, rp, ['OnFailure', 'Never']));
  else if (spec.podFailurePolicy && rp !== 'Never') errs.push(field.invalid(rpPath, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

/** ValidateJobSpec: the fields, then the selector and that it selects the template. */
function validateJobSpec(spec: Any, path: string): FieldError[] {
  const errs = validateJobSpecFields(spec, path);
  if (!spec.selector) errs.push(field.required(`${path}.selector`, ''));
  else errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
  const s = spec.selector ? selectorOf(spec.selector) : undefined;
  // LabelSelectorAsSelector(nil) is Nothing, which matches no labels.
  if ((s && !s.matches(spec.template?.metadata?.labels ?? {})) || (!spec.selector)) {
    errs.push(field.invalid(`${path}.template.metadata.labels`, spec.template?.metadata?.labels ?? null, SELECTOR_MISMATCH));
  }
  return errs;
}

/** ValidateJob. */
export function validateJob(job: KObject, requirePrefixedLabels = true): FieldError[] {
  const spec = (job.spec ?? {}) as Any;
  const errs = validateObjectMeta(job, true, nameIsDNSSubdomain);
  errs.push(...validateGeneratedSelector(job, requirePrefixedLabels), ...validateJobSpec(spec, 'spec'));
  if (spec.completionMode === 'Indexed' && spec.completions > 0) {
    const host = `${job.metadata.name}-${spec.completions - 1}`;
    if (isDNS1123Label(host).length) errs.push(field.invalid('metadata.name', job.metadata.name, `will not able to create pod with invalid DNS label: ${host}`));
  }
  return errs;
}

function immutable(a: unknown, b: unknown, path: string): FieldError[] {
  return deepEqual(a ?? null, b ?? null) ? [] : [field.invalid(path, a ?? null, FIELD_IMMUTABLE)];
}

/** The template fields a suspended Job that never started may still change (AllowMutableSchedulingDirectives). */
function withSchedulingDirectivesOf(old: Any, template: Any): Any {
  const t = JSON.parse(JSON.stringify(old ?? {}));
  t.metadata ??= {};
  t.spec ??= {};
  t.metadata.labels = template?.metadata?.labels;
  t.metadata.annotations = template?.metadata?.annotations;
  for (const k of ['nodeSelector', 'tolerations', 'schedulingGates']) t.spec[k] = template?.spec?.[k];
  const aff = template?.spec?.affinity;
  if (aff || t.spec.affinity) {
    t.spec.affinity = { ...(t.spec.affinity ?? {}), nodeAffinity: aff?.nodeAffinity };
    if (Object.values(t.spec.affinity).every((v) => v === undefined)) t.spec.affinity = aff ? t.spec.affinity : undefined;
  }
  return t;
}

/** ValidateJobUpdate (with ValidateJob, as the strategy runs both). */
export function validateJobUpdate(job: KObject, old: KObject): FieldError[] {
  const spec = (job.spec ?? {}) as Any;
  const oldSpec = (old.spec ?? {}) as Any;
  const oldLabels = oldSpec.template?.metadata?.labels ?? {};
  const requirePrefixed = JOB_NAME_LABEL in oldLabels && CONTROLLER_UID_LABEL in oldLabels;
  const errs = validateJob(job, requirePrefixed);
  errs.push(...validateObjectMetaUpdate(job, old), ...validateJobSpec(spec, 'spec'));
  // Completions may change only for Indexed Jobs, in tandem with parallelism (ElasticIndexedJob).
  if (spec.completionMode === 'Indexed') {
    if (!deepEqual(spec.completions, oldSpec.completions) && spec.completions !== undefined && spec.completions !== spec.parallelism) {
      errs.push(field.invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
    }
  } else {
    errs.push(...immutable(spec.completions, oldSpec.completions, 'spec.completions'));
  }
  errs.push(...immutable(spec.selector, oldSpec.selector, 'spec.selector'));
  const mutableScheduling = oldSpec.suspend === true && !(old.status as Any)?.startTime;
  const oldTemplate = mutableScheduling ? withSchedulingDirectivesOf(oldSpec.template, spec.template) : oldSpec.template;
  errs.push(...immutable(JSON.parse(JSON.stringify(spec.template ?? null)), JSON.parse(JSON.stringify(oldTemplate ?? null)), 'spec.template'));
  for (const k of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) errs.push(...immutable(spec[k], oldSpec[k], `spec.${k}`));
  return errs;
}

const isTrue = (job: KObject, type: string) => ((job.status as Any)?.conditions ?? []).some((c: Any) => c.type === type && c.status === 'True');

/** ValidateJobUpdateStatus: counters and conditions never go back. */
export function validateJobStatusUpdate(job: KObject, old: KObject): FieldError[] {
  const st = (job.status ?? {}) as Any;
  const os = (old.status ?? {}) as Any;
  const errs = validateObjectMetaUpdate(job, old);
  for (const k of ['active', 'succeeded', 'failed', 'ready', 'terminating']) errs.push(...validateNonnegative(st[k], `status.${k}`));
  for (const type of ['Failed', 'Complete', 'FailureTarget']) {
    if (isTrue(old, type) && !isTrue(job, type)) errs.push(invalidOmitValue('status.conditions', `cannot disable the terminal ${type}=True condition`));
  }
  if ((st.failed ?? 0) < (os.failed ?? 0)) errs.push(field.invalid('status.failed', st.failed ?? 0, 'cannot decrease the failed counter'));
  if ((st.succeeded ?? 0) < (os.succeeded ?? 0)) errs.push(field.invalid('status.succeeded', st.succeeded ?? 0, 'cannot decrease the succeeded counter'));
  return errs;
}

// ---------- CronJob ----------

/** validateTimeZone. */
function validateTimeZone(tz: unknown, path: string): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const name = String(tz);
  if (name === '') return [field.invalid(path, name, 'timeZone must be nil or non-empty string')];
  for (const part of name.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) return [field.invalid(path, name, unknownTimeZone(name))];
  }
  if (name.toLowerCase() === 'local') return [field.invalid(path, name, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  return loadLocation(name) ? [] : [field.invalid(path, name, unknownTimeZone(name))];
}

function validateCronJobSpec(spec: Any, oldSpec: Any | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const schedule: string = spec.schedule ?? '';
  if (!schedule) errs.push(field.required('spec.schedule', ''));
  else {
    const parsed = parseCron(schedule);
    if (typeof parsed === 'string') errs.push(field.invalid('spec.schedule', schedule, parsed));
    const allowTZ = !!oldSpec && String(oldSpec.schedule ?? '').includes('TZ');
    if (allowTZ && schedule.includes('TZ') && spec.timeZone != null) errs.push(field.invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    else if (!allowTZ && schedule.includes('TZ')) errs.push(field.invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  errs.push(...validateNonnegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!oldSpec || oldSpec.timeZone !== spec.timeZone) errs.push(...validateTimeZone(spec.timeZone, 'spec.timeZone'));
  const cp = spec.concurrencyPolicy ?? '';
  if (cp === '') errs.push(field.required('spec.concurrencyPolicy', ''));
  else if (!CONCURRENCY_POLICIES.includes(cp)) errs.push(field.notSupported('spec.concurrencyPolicy', cp, CONCURRENCY_POLICIES));
  const jt = spec.jobTemplate?.spec ?? {};
  errs.push(...validateJobSpecFields(jt, 'spec.jobTemplate.spec'));
  if (jt.selector) errs.push(field.invalid('spec.jobTemplate.spec.selector', jt.selector, '`selector` will be auto-generated'));
  if (jt.manualSelector === true) errs.push(field.notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  errs.push(...validateNonnegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...validateNonnegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

/** ValidateCronJobCreate: the controller appends an 11-character suffix to make Job names. */
export function validateCronJob(cj: KObject): FieldError[] {
  const errs = validateObjectMeta(cj, true, nameIsDNSSubdomain);
  errs.push(...validateCronJobSpec(cj.spec ?? {}, undefined));
  if ((cj.metadata.name ?? '').length > 52) errs.push(field.invalid('metadata.name', cj.metadata.name, 'must be no more than 52 characters'));
  return errs;
}

export function validateCronJobUpdate(cj: KObject, old: KObject): FieldError[] {
  return [...validateObjectMetaUpdate(cj, old), ...validateCronJobSpec(cj.spec ?? {}, old.spec ?? {})];
}
