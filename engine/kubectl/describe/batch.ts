/** Job and CronJob describers (describeJob, describeCronJob, describeJobTemplate, printActiveJobs of kubectl/pkg/describe, v1.35). */
import { humanDuration } from '../printers/duration.js';
import { selectorString } from '../printers/table.js';
import { parseTime } from '../../util/time.js';
import { describePodTemplate } from './containers.js';
import { eventsOf, type DescribeContext } from './context.js';
import { annotationsMultiline, controllerOf, describeEvents, labelsMultiline, PrefixWriter, rfc1123z, tabbed, type Any } from './format.js';

const isSet = (v: unknown) => v !== undefined && v !== null;

export function describeJobObject(job: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = job.spec ?? {};
  const st = job.status ?? {};
  w.write(0, `Name:\t${job.metadata.name}\n`);
  w.write(0, `Namespace:\t${job.metadata.namespace}\n`);
  w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
  labelsMultiline(w, 'Labels', job.metadata.labels);
  annotationsMultiline(w, 'Annotations', job.metadata.annotations);
  const ctrl = controllerOf(job);
  if (ctrl) w.write(0, `Controlled By:\t${ctrl}\n`);
  if (isSet(spec.parallelism)) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(0, `Completions:\t${isSet(spec.completions) ? spec.completions : '<unset>'}\n`);
  if (isSet(spec.completionMode)) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
  if (isSet(spec.suspend)) w.write(0, `Suspend:\t${spec.suspend}\n`);
  if (isSet(spec.backoffLimit)) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (isSet(spec.ttlSecondsAfterFinished)) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  if (st.completionTime) w.write(0, `Completed At:\t${rfc1123z(st.completionTime)}\n`);
  if (st.startTime && st.completionTime) w.write(0, `Duration:\t${humanDuration((parseTime(st.completionTime) ?? 0) - (parseTime(st.startTime) ?? 0))}\n`);
  if (isSet(spec.activeDeadlineSeconds)) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  const counts = `${st.active ?? 0} Active${isSet(st.ready) ? ` (${st.ready} Ready)` : ''} / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed`;
  w.write(0, `Pods Statuses:\t${counts}\n`);
  if (spec.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${capIndexes(st.completedIndexes ?? '', 50)}\n`);
  describePodTemplate(w, spec.template);
  describeEvents(w, eventsOf(ctx, job), ctx.now);
  return tabbed(w);
}

/** capIndexesListOrNone: the list up to the first comma past `softLimit` characters, then ",...". */
function capIndexes(indexes: string, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ',') ix++;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix)},...`;
}

export function describeCronJobObject(cj: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = cj.spec ?? {};
  const unset = (v: unknown, suffix = '') => (isSet(v) ? `${v}${suffix}` : '<unset>');
  // printBoolPtr: True/False.
  const bool = (v: unknown) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : '<unset>');
  w.write(0, `Name:\t${cj.metadata.name}\n`);
  w.write(0, `Namespace:\t${cj.metadata.namespace}\n`);
  labelsMultiline(w, 'Labels', cj.metadata.labels);
  annotationsMultiline(w, 'Annotations', cj.metadata.annotations);
  w.write(0, `Schedule:\t${spec.schedule ?? ''}\n`);
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  w.write(0, `Suspend:\t${bool(spec.suspend)}\n`);
  w.write(0, `Successful Job History Limit:\t${unset(spec.successfulJobsHistoryLimit)}\n`);
  w.write(0, `Failed Job History Limit:\t${unset(spec.failedJobsHistoryLimit)}\n`);
  w.write(0, `Starting Deadline Seconds:\t${unset(spec.startingDeadlineSeconds, 's')}\n`);
  const jt = spec.jobTemplate?.spec ?? {};
  w.write(0, `Selector:\t${jt.selector ? selectorString(jt.selector) : '<unset>'}\n`);
  w.write(0, `Parallelism:\t${unset(jt.parallelism)}\n`);
  w.write(0, `Completions:\t${unset(jt.completions)}\n`);
  if (isSet(jt.activeDeadlineSeconds)) w.write(0, `Active Deadline Seconds:\t${jt.activeDeadlineSeconds}s\n`);
  describePodTemplate(w, jt.template);
  const last = cj.status?.lastScheduleTime;
  w.write(0, `Last Schedule Time:\t${last ? rfc1123z(last) : '<unset>'}\n`);
  const active = (cj.status?.active ?? []) as Any[];
  w.write(0, `Active Jobs:\t${active.length ? active.map((j) => j.name).join(', ') : '<none>'}\n`);
  describeEvents(w, eventsOf(ctx, cj), ctx.now);
  return tabbed(w);
}
