/**
 * The node's systemd journal, as far as this lab writes it: what systemd (PID 1)
 * logs about kubelet.service and containerd.service when their jobs run, in
 * systemd 255's words (Ubuntu 24.04): "Started kubelet.service - kubelet: The
 * Kubernetes Node Agent.", "Stopping …", "…: Deactivated successfully.", and
 * for containerd's KillMode=process the shims left running in its cgroup.
 * Each message keeps its catalog entry (journalctl -x), as Ubuntu's systemd
 * ships it.
 *
 * A kubelet that exits (its start-up while containerd is away) is logged as
 * systemd 255 logs a failed Restart=always service: "Main process exited…",
 * "Failed with result 'exit-code'.", and 10 s later "Scheduled restart job,
 * restart counter is at N." and "Started …" (since systemd 254 the automatic
 * restart is a start job: no "Stopped" line), with the kubelet's own last
 * line between them (kubelet-exit.ts).
 *
 * Left out, because their exact text or format could not be checked: the
 * kubelet's other log lines (klog's header names the source file:line of
 * kubelet v1.35.0, which could not be read here), containerd's own lines, and
 * systemd's "Consumed … CPU time, … memory peak …" line after a stop.
 */
import type { NodeHost, UnitName } from './host.js';

export interface JournalEntry {
  time: number;
  /** The unit the entry is about (UNIT= of PID 1's messages). */
  unit: UnitName;
  message: string;
  /** Who wrote it (SYSLOG_IDENTIFIER[_PID]): systemd[1] unless said; the kubelet's own stderr is "kubelet[PID]". */
  ident?: string;
  /** The catalog text journalctl -x prints under it, lines without the "░░ " prefix. */
  catalog?: string[];
}

/** How many entries a node keeps: the journal is bounded (SystemMaxUse); the oldest go first. */
export const JOURNAL_MAX_ENTRIES = 2_000;

/** The units' Description= (what systemd names them by in its messages). */
export const UNIT_DESCRIPTIONS: Record<UnitName, string> = {
  kubelet: 'kubelet: The Kubernetes Node Agent',
  containerd: 'containerd container runtime',
};

/** Ubuntu builds systemd with -Dsupport-url=http://www.ubuntu.com/support: every catalog entry names it. */
const SUPPORT_URL = 'http://www.ubuntu.com/support';

/** The first job of the node's own after boot: systemd had run this many jobs by the time the lab's node was up. */
export const FIRST_JOB_ID = 591;

function catalog(subject: string, ...body: string[]): string[] {
  return [`Subject: ${subject}`, 'Defined-By: systemd', `Support: ${SUPPORT_URL}`, '', ...body];
}

/** unit_status_string with StatusUnitFormat=combined: "kubelet.service - kubelet: The Kubernetes Node Agent". */
function combined(unit: UnitName): string {
  return `${unit}.service - ${UNIT_DESCRIPTIONS[unit]}`;
}

/** A process of the unit's cgroup that outlives its main process (KillMode=process). */
export interface LeftOver {
  pid: number;
  comm: string;
}

/** job_emit_start_message and friends, with their catalog texts (catalog/systemd.catalog.in). */
export const msgStarting = (unit: UnitName, job: number): Omit<JournalEntry, 'time'> => ({
  unit, message: `Starting ${combined(unit)}...`,
  catalog: catalog(`A start job for unit ${unit}.service has begun execution`, `A start job for unit ${unit}.service has begun execution.`, '', `The job identifier is ${job}.`),
});
export const msgStarted = (unit: UnitName, job: number): Omit<JournalEntry, 'time'> => ({
  unit, message: `Started ${combined(unit)}.`,
  catalog: catalog(`A start job for unit ${unit}.service has finished successfully`, `A start job for unit ${unit}.service has finished successfully.`, '', `The job identifier is ${job}.`),
});
export const msgStopping = (unit: UnitName, job: number): Omit<JournalEntry, 'time'> => ({
  unit, message: `Stopping ${combined(unit)}...`,
  catalog: catalog(`A stop job for unit ${unit}.service has begun execution`, `A stop job for unit ${unit}.service has begun execution.`, '', `The job identifier is ${job}.`),
});
export const msgStopped = (unit: UnitName, job: number): Omit<JournalEntry, 'time'> => ({
  unit, message: `Stopped ${combined(unit)}.`,
  catalog: catalog(`A stop job for unit ${unit}.service has finished`, `A stop job for unit ${unit}.service has finished.`, '', `The job identifier is ${job} and the job result is done.`),
});
/** unit_log_success. */
export const msgDeactivated = (unit: UnitName): Omit<JournalEntry, 'time'> => ({
  unit, message: `${unit}.service: Deactivated successfully.`,
  catalog: catalog('Unit succeeded', `The unit ${unit}.service has successfully entered the 'dead' state.`),
});
/** unit_log_leftover_process_stop (no catalog entry). */
export const msgRemainsRunning = (unit: UnitName, p: LeftOver): Omit<JournalEntry, 'time'> => ({
  unit, message: `${unit}.service: Unit process ${p.pid} (${p.comm}) remains running after unit stopped.`,
});
/** unit_log_leftover_process_start: one message of two lines, which the journal keeps as two entries (the second without the unit's prefix). */
export const msgFoundLeftOver = (unit: UnitName, p: LeftOver): Omit<JournalEntry, 'time'>[] => [
  { unit, message: `${unit}.service: Found left-over process ${p.pid} (${p.comm}) in control group while starting unit. Ignoring.` },
  { unit, message: 'This usually indicates unclean termination of a previous run, or service implementation deficiencies.' },
];

/** unit_log_process_exit for the main process (no " (success)": it failed). */
export const msgMainProcessExited = (unit: UnitName, status: number, statusName: string): Omit<JournalEntry, 'time'> => ({
  unit, message: `${unit}.service: Main process exited, code=exited, status=${status}/${statusName}`,
  catalog: catalog('Unit process exited', `An ExecStart= process belonging to unit ${unit}.service has exited.`, '', `The process' exit code is 'exited' and its exit status is ${status}.`),
});
/** unit_log_failure. */
export const msgMainProcessKilled = (unit: UnitName, signo: number, name: string): Omit<JournalEntry, 'time'> => ({
  unit, message: `${unit}.service: Main process exited, code=killed, status=${signo}/${name}`,
  catalog: catalog('Unit process exited', `An ExecStart= process belonging to unit ${unit}.service has exited.`, '', `The process' exit code is 'killed' and its exit status is ${signo}.`),
});
export const msgFailedWithResult = (unit: UnitName, result: string): Omit<JournalEntry, 'time'> => ({
  unit, message: `${unit}.service: Failed with result '${result}'.`,
  catalog: catalog('Unit failed', `The unit ${unit}.service has entered the 'failed' state with result '${result}'.`),
});
/** service_enter_restart. */
export const msgScheduledRestart = (unit: UnitName, counter: number): Omit<JournalEntry, 'time'> => ({
  unit, message: `${unit}.service: Scheduled restart job, restart counter is at ${counter}.`,
  catalog: catalog('Automatic restarting of a unit has been scheduled', `Automatic restarting of the unit ${unit}.service has been scheduled, as the result for`, 'the configured Restart= setting for the unit.'),
});

/** Writes entries at `time`, keeping the journal in time order and within its bound. */
export function journalWrite(h: NodeHost, time: number, entries: Omit<JournalEntry, 'time'>[]): void {
  const j = h.journal;
  // Entries come in time order, except a kubelet stop seen late (`sim node stop`, noticed when a tool looks).
  let at = j.length;
  while (at > 0 && j[at - 1].time > time) at--;
  j.splice(at, 0, ...entries.map((e) => ({ ...e, time })));
  if (j.length > JOURNAL_MAX_ENTRIES) j.splice(0, j.length - JOURNAL_MAX_ENTRIES);
  h.journalWrites += entries.length;
}

/** A new job's ID (systemd counts its jobs up from boot). */
export function nextJobId(h: NodeHost): number {
  return h.nextJobId++;
}

/**
 * What systemd logs for a unit's stop job: containerd (Type=notify, KillMode=process) leaves its shims
 * running; the kubelet (Type=simple) takes nothing with it that outlives it.
 */
export function stopEntries(unit: UnitName, job: number, leftOvers: LeftOver[]): Omit<JournalEntry, 'time'>[] {
  return [msgStopping(unit, job), msgDeactivated(unit), ...leftOvers.map((p) => msgRemainsRunning(unit, p)), msgStopped(unit, job)];
}

/** A start job: left-over processes are reported first; a Type=simple unit is started at once ("Started" only). */
export function startEntries(unit: UnitName, job: number, leftOvers: LeftOver[]): Omit<JournalEntry, 'time'>[] {
  const out = leftOvers.flatMap((p) => msgFoundLeftOver(unit, p));
  if (unit === 'containerd') out.push(msgStarting(unit, job));
  out.push(msgStarted(unit, job));
  return out;
}
