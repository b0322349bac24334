/**
 * batch/v1 through the API server: SetDefaults_Job/CronJob, generateSelector,
 * and validation texts of pkg/apis/batch/validation (release-1.35) and
 * robfig/cron's parser errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServerOnly, rejected } from '../test-helpers.js';
import type { KObject } from '../meta.js';
import { parseCron } from '../validation/cron.js';
import { loadBatchValidation } from './batch.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

beforeAll(async () => {
  await loadBatchValidation();
});

const job = (spec: Any, name = 'j'): KObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec });
const container = { name: 'a', image: 'busybox' };
const template = (restartPolicy?: string) => ({ spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [container] } });
const cron = (spec: Any, name = 'c'): KObject => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name }, spec });

describe('Job defaults and the generated selector', () => {
  it('fills completions/parallelism 1, backoffLimit 6, NonIndexed, suspend false, TerminatingOrFailed, manualSelector false', () => {
    const c = apiServerOnly(1);
    const j = c.client().create('jobs.batch', 'default', job({ template: template('Never') })) as Any;
    expect(j.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed', manualSelector: false });
    const uid = j.metadata.uid;
    expect(j.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(j.spec.template.metadata.labels).toEqual({ 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'j', 'controller-uid': uid, 'job-name': 'j' });
    expect(j.status).toEqual({});
  });

  it('leaves completions unset when only parallelism is given; a podFailurePolicy makes the replacement policy Failed', () => {
    const c = apiServerOnly(1);
    const j = c.client().create('jobs.batch', 'default', job({ parallelism: 3, podFailurePolicy: { rules: [] }, template: template('Never') })) as Any;
    expect(j.spec.completions).toBeUndefined();
    expect(j.spec.podReplacementPolicy).toBe('Failed');
  });

  it('copies the template labels to a Job without labels', () => {
    const c = apiServerOnly(1);
    const j = c.client().create('jobs.batch', 'default', job({ template: { metadata: { labels: { app: 'x' } }, ...template('Never') } })) as Any;
    expect(j.metadata.labels).toEqual({ app: 'x' });
  });
});

describe('Job validation texts', () => {
  it('requires restartPolicy OnFailure or Never', () => {
    const c = apiServerOnly(1);
    const e = rejected(c, () => c.client().create('jobs.batch', 'default', job({ template: template() })));
    expect(e.message).toBe('Job.batch "j" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
    const e2 = rejected(c, () => c.client().create('jobs.batch', 'default', job({ template: template('Sometimes') })));
    expect(e2.message).toContain('spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"');
  });

  it('checks a pod failure policy as validatePodFailurePolicy does; an onPodConditions status defaults to True', () => {
    const c = apiServerOnly(1);
    const make = (podFailurePolicy: Any, extra: Any = {}) => rejected(c, () => c.client().create('jobs.batch', 'default', job({ podFailurePolicy, template: template('Never'), ...extra }))).message;
    expect(make({ rules: [{ action: 'Restart', onExitCodes: { operator: 'In', values: [1] } }] })).toBe(
      'Job.batch "j" is invalid: spec.podFailurePolicy.rules[0].action: Unsupported value: "Restart": supported values: "Count", "FailIndex", "FailJob", "Ignore"');
    expect(make({ rules: [{ onPodConditions: [{ type: 'DisruptionTarget' }] }] })).toBe(
      'Job.batch "j" is invalid: spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]');
    expect(make({ rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] })).toBe(
      'Job.batch "j" is invalid: spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set');
    expect(make({ rules: [{ action: 'FailJob' }] })).toBe(
      'Job.batch "j" is invalid: spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required');
    expect(make({ rules: [{ action: 'FailJob', onExitCodes: { containerName: 'b', operator: 'In', values: [0, 5, 3, 3] }, onPodConditions: [{ type: 'Bad Type', status: 'Maybe' }] }] })).toBe(
      'Job.batch "j" is invalid: [spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "b": must be one of the container or initContainer names in the pod template, '
      + 'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator, '
      + 'spec.podFailurePolicy.rules[0].onExitCodes.values[3]: Duplicate value: 3, '
      + 'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [0,5,3,3]: must be ordered, '
      + "spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"Bad Type\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), "
      + 'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown", '
      + 'spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported]');
    expect(make({ rules: [{ action: 'Ignore', onExitCodes: { operator: 'Is', values: [] } }] })).toBe(
      'Job.batch "j" is invalid: [spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "Is": supported values: "In", "NotIn", '
      + 'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []: at least one value is required]');
    const many = Array.from({ length: 21 }, () => ({ action: 'Count', onExitCodes: { operator: 'NotIn', values: [0] } }));
    expect(make({ rules: many })).toBe('Job.batch "j" is invalid: spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items');
    expect(make({ rules: [{ action: 'Count', onExitCodes: { operator: 'NotIn' } }] })).toBe('Job.batch "j" is invalid: spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: null: at least one value is required');
    const ok = c.client().create('jobs.batch', 'default', job({ podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template: template('Never') })) as Any;
    expect(ok.spec.podFailurePolicy.rules[0].onPodConditions).toEqual([{ type: 'DisruptionTarget', status: 'True' }]);
  });

  it('checks spec.managedBy as a domain-prefixed path of at most 63 characters', () => {
    const c = apiServerOnly(1);
    const make = (managedBy: string) => rejected(c, () => c.client().create('jobs.batch', 'default', job({ managedBy, template: template('Never') }))).message;
    expect(make('controller')).toBe('Job.batch "j" is invalid: spec.managedBy: Invalid value: "controller": must be a domain-prefixed path (such as "acme.io/foo")');
    expect(make('Acme.io/x')).toBe("Job.batch \"j\" is invalid: spec.managedBy: Invalid value: \"Acme.io\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    expect(make('acme.io/a b')).toBe("Job.batch \"j\" is invalid: spec.managedBy: Invalid value: \"a b\": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')");
    expect(make(`acme.io/${'x'.repeat(60)}`)).toBe('Job.batch "j" is invalid: spec.managedBy: Too long: may not be more than 63 bytes');
  });

  it('checks a success policy as validateSuccessPolicy does', () => {
    const c = apiServerOnly(1);
    const make = (successPolicy: Any) => rejected(c, () => c.client().create('jobs.batch', 'default', job({ completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy, template: template('Never') }))).message;
    expect(make({ rules: [] })).toBe('Job.batch "j" is invalid: spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified');
    expect(make({ rules: [{}] })).toBe('Job.batch "j" is invalid: spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified');
    expect(make({ rules: [{ succeededIndexes: '0-2,1' }] })).toBe('Job.batch "j" is invalid: spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-2,1": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1');
    expect(make({ rules: [{ succeededIndexes: '7' }] })).toBe('Job.batch "j" is invalid: spec.successPolicy.rules[0].succeededIndexes: Invalid value: "7": error parsing succeededIndexes: too large index: "7"');
    expect(make({ rules: [{ succeededIndexes: 'a-1' }] })).toBe('Job.batch "j" is invalid: spec.successPolicy.rules[0].succeededIndexes: Invalid value: "a-1": error parsing succeededIndexes: cannot convert string to integer for index: "a"');
    expect(make({ rules: [{ succeededIndexes: '1-3', succeededCount: 6 }] })).toBe(
      'Job.batch "j" is invalid: [spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions), '
      + 'spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 3 (the number of indexes in the specified succeededIndexes field)]');
  });

  it('rejects negative counts in field order', () => {
    const c = apiServerOnly(1);
    const e = rejected(c, () => c.client().create('jobs.batch', 'default', job({ parallelism: -1, completions: -2, activeDeadlineSeconds: -3, backoffLimit: -4, ttlSecondsAfterFinished: -5, template: template('Never') })));
    expect(e.message).toBe('Job.batch "j" is invalid: [spec.parallelism: Invalid value: -1: must be greater than or equal to 0, spec.completions: Invalid value: -2: must be greater than or equal to 0, spec.activeDeadlineSeconds: Invalid value: -3: must be greater than or equal to 0, spec.backoffLimit: Invalid value: -4: must be greater than or equal to 0, spec.ttlSecondsAfterFinished: Invalid value: -5: must be greater than or equal to 0]');
  });

  it('needs completions for Indexed and a valid completion mode', () => {
    const c = apiServerOnly(1);
    const e = rejected(c, () => c.client().create('jobs.batch', 'default', job({ parallelism: 2, completionMode: 'Indexed', template: template('Never') })));
    expect(e.message).toContain('spec.completions: Required value: when completion mode is Indexed');
    const e2 = rejected(c, () => c.client().create('jobs.batch', 'default', job({ completionMode: 'Odd', template: template('Never') })));
    expect(e2.message).toContain('spec.completionMode: Unsupported value: "Odd": supported values: "NonIndexed", "Indexed"');
  });

  it('keeps completions, selector and template immutable', () => {
    const c = apiServerOnly(1);
    const admin = c.client();
    const j = admin.create('jobs.batch', 'default', job({ template: template('Never') })) as Any;
    const changed = JSON.parse(JSON.stringify(j));
    changed.spec.completions = 5;
    expect(rejected(c, () => admin.update('jobs.batch', changed)).message).toContain('spec.completions: Invalid value: 5: field is immutable');
    const img = JSON.parse(JSON.stringify(j));
    img.spec.template.spec.containers[0].image = 'nginx';
    expect(rejected(c, () => admin.update('jobs.batch', img)).message).toContain('spec.template: Invalid value: ');
    expect(rejected(c, () => admin.update('jobs.batch', img)).message).toContain(': field is immutable');
  });

  it('checks a manual selector against the template', () => {
    const c = apiServerOnly(1);
    const e = rejected(c, () => c.client().create('jobs.batch', 'default', job({ manualSelector: true, selector: { matchLabels: { a: 'b' } }, template: template('Never') })));
    expect(e.message).toBe('Job.batch "j" is invalid: spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`');
  });
});

describe('CronJob defaults and validation', () => {
  it('defaults Allow, suspend false, history limits 3 and 1', () => {
    const c = apiServerOnly(1);
    const cj = c.client().create('cronjobs.batch', 'default', cron({ schedule: '*/5 * * * *', jobTemplate: { spec: { template: template('OnFailure') } } })) as Any;
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    // The job template is not a Job: SetDefaults_Job does not run on it.
    expect(cj.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
  });

  it('reports the schedule parser errors, TZ, time zones, names and concurrency policies', () => {
    const c = apiServerOnly(1);
    const make = (spec: Any, name = 'c') => rejected(c, () => c.client().create('cronjobs.batch', 'default', cron({ jobTemplate: { spec: { template: template('OnFailure') } }, ...spec }, name))).message;
    expect(make({ schedule: '* * *' })).toBe('CronJob.batch "c" is invalid: spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]');
    expect(make({ schedule: 'TZ=UTC 0 * * * *' })).toContain('spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
    expect(make({ schedule: '0 * * * *', timeZone: 'Mars/Base' })).toContain('spec.timeZone: Invalid value: "Mars/Base": unknown time zone Mars/Base');
    expect(make({ schedule: '0 * * * *', timeZone: 'america/new_york' })).toContain('spec.timeZone: Invalid value: "america/new_york": unknown time zone america/new_york');
    // Zones with daylight saving time are IANA zones like any other.
    expect(c.client().create('cronjobs.batch', 'default', cron({ schedule: '0 9 * * *', timeZone: 'America/New_York', jobTemplate: { spec: { template: template('OnFailure') } } }, 'ny')).spec).toMatchObject({ timeZone: 'America/New_York' });
    expect(make({ schedule: '0 * * * *', concurrencyPolicy: 'Sometimes' })).toContain('spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"');
    expect(make({ schedule: '0 * * * *' }, 'x'.repeat(53))).toContain('must be no more than 52 characters');
  });

  it('parses as robfig/cron does', () => {
    expect(parseCron('0 0 30 feb *')).not.toBeTypeOf('string');
    expect(parseCron('*/0 * * * *')).toBe('step of range should be a positive number: */0');
    expect(parseCron('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1');
    expect(parseCron('* * 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(parseCron('* * * * 7')).toBe('end of range (7) above maximum (6): 7');
    expect(parseCron('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3');
    expect(parseCron('@often')).toBe('unrecognized descriptor: @often');
    expect(parseCron('')).toBe('empty spec string');
  });
});
