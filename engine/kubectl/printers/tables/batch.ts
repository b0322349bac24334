/** Jobs and CronJobs (printJob, printCronJob of pkg/printers/internalversion/printers.go, release-1.35). */
import { humanDuration, since } from '../duration.js';
import { containerCells, formatLabelSelector, registerTable } from '../table.js';
import { parseTime } from '../../../util/time.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const hasCondition = (conds: Any[] | undefined, type: string) => (conds ?? []).some((c) => c.type === type && c.status === 'True');

/** printJob's STATUS: a finished Job first, then one being deleted, then the other conditions. */
export function jobStatus(j: Any): string {
  const c = j.status?.conditions;
  if (hasCondition(c, 'Complete')) return 'Complete';
  if (hasCondition(c, 'Failed')) return 'Failed';
  if (j.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(c, 'Suspended')) return 'Suspended';
  if (hasCondition(c, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(c, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

registerTable('jobs.batch', {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Status' }, { name: 'Completions' }, { name: 'Duration' }, { name: 'Age' },
    { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }, { name: 'Selector', priority: 1 },
  ],
  row(o, { now }) {
    const j = o as Any;
    const succeeded = j.status?.succeeded ?? 0;
    const parallelism = j.spec?.parallelism ?? 0;
    const completions = j.spec?.completions !== undefined ? `${succeeded}/${j.spec.completions}` : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    const start = j.status?.startTime;
    const end = j.status?.completionTime;
    const duration = !start ? '' : !end ? since(start, now) : humanDuration((parseTime(end) ?? 0) - (parseTime(start) ?? 0));
    const [names, images] = containerCells(j.spec?.template?.spec);
    return [o.metadata.name ?? '', jobStatus(j), completions, duration, since(o.metadata.creationTimestamp, now), names, images, formatLabelSelector(j.spec?.selector)];
  },
});

registerTable('cronjobs.batch', {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Schedule' }, { name: 'Timezone' }, { name: 'Suspend' }, { name: 'Active' }, { name: 'Last Schedule' }, { name: 'Age' },
    { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }, { name: 'Selector', priority: 1 },
  ],
  row(o, { now }) {
    const c = o as Any;
    const last = c.status?.lastScheduleTime ? since(c.status.lastScheduleTime, now) : '<none>';
    // printBoolPtr: True/False, or <unset>.
    const suspend = typeof c.spec?.suspend === 'boolean' ? (c.spec.suspend ? 'True' : 'False') : '<unset>';
    const jt = c.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(jt?.template?.spec);
    return [
      o.metadata.name ?? '', c.spec?.schedule ?? '', c.spec?.timeZone ?? '<none>', suspend, String(c.status?.active?.length ?? 0), last,
      since(o.metadata.creationTimestamp, now), names, images, formatLabelSelector(jt?.selector),
    ];
  },
});
