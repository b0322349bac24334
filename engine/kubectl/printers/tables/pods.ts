/**
 * The pod row of `kubectl get pods` (printPod): READY, the STATUS kubectl
 * derives from phase, conditions, init and app container states and the
 * deletion timestamp, RESTARTS with "(25s ago)", and the wide columns.
 */
import type { KObject } from '../../../api/meta.js';
import { humanDuration, since } from '../duration.js';
import { registerTable, type TableHandler } from '../table.js';

/** The kubelet/node controller reason for pods on an unreachable node (pkg/util/node). */
export const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

interface ContainerState {
  waiting?: { reason?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}
interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}
interface PodLike {
  metadata: { name?: string; deletionTimestamp?: string; creationTimestamp?: string };
  spec?: {
    containers?: { name: string }[];
    initContainers?: { name: string; restartPolicy?: string }[];
    nodeName?: string;
    readinessGates?: { conditionType: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    conditions?: { type: string; status: string; reason?: string }[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
    podIP?: string;
    podIPs?: { ip: string }[];
    nominatedNodeName?: string;
  };
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

// Shared empty defaults: no allocation per row for absent lists.
const NONE: never[] = [];
const NO_STATE: ContainerState = {};

/** The first condition of a type, as a find over the list would return it. */
function firstCondition<C extends { type: string }>(conditions: C[], type: string): C | undefined {
  for (let i = 0; i < conditions.length; i++) if (conditions[i].type === type) return conditions[i];
  return undefined;
}

/** Whether the init container of that name (the last spec of that name, as a map keyed by name keeps it) is a sidecar. */
function isSidecar(initContainers: { name: string; restartPolicy?: string }[], name: string): boolean {
  for (let i = initContainers.length - 1; i >= 0; i--) if (initContainers[i].name === name) return initContainers[i].restartPolicy === 'Always';
  return false;
}

// READY texts of small pods ("1/1"), built once rather than per row.
const FRACTIONS: string[][] = [];

function fraction(ready: number, total: number): string {
  if (total > 16 || ready > total || ready < 0) return `${ready}/${total}`;
  const row = (FRACTIONS[total] ??= []);
  return (row[ready] ??= `${ready}/${total}`);
}

/** READY, STATUS and RESTARTS of one pod at `now`, as printPod computes them. */
export function podSummary(p: PodLike, now: number): PodSummary {
  const spec = p.spec ?? {};
  const status = p.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = spec.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestart: string | undefined;
  let lastRestartableInitRestart: string | undefined;
  const phase = status.phase ?? '';
  let reason = status.reason || phase;
  const conditions = status.conditions ?? NONE;
  let readyTrue = false;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i];
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
    else if (c.type === 'Ready' && c.status === 'True') readyTrue = true;
  }
  const initializedTrue = firstCondition(conditions, 'Initialized')?.status === 'True';
  const initContainers = spec.initContainers ?? NONE;
  for (let i = 0; i < initContainers.length; i++) if (initContainers[i].restartPolicy === 'Always') totalContainers++;
  let initializing = false;
  const inits = status.initContainerStatuses ?? NONE;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
    const sidecar = isSidecar(initContainers, c.name);
    if (sidecar) {
      restartableInitRestarts += c.restartCount ?? 0;
      lastRestartableInitRestart = later(lastRestartableInitRestart, c.lastState?.terminated?.finishedAt);
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
      else reason = `Init:${term.reason}`;
    } else if (wait?.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${spec.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const cs = status.containerStatuses ?? NONE;
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
      const st = c.state ?? NO_STATE;
      if (st.waiting && st.waiting.reason) reason = st.waiting.reason;
      else if (st.terminated && st.terminated.reason) reason = st.terminated.reason;
      else if (st.terminated && !st.terminated.reason) {
        reason = st.terminated.signal ? `Signal:${st.terminated.signal}` : `ExitCode:${st.terminated.exitCode ?? 0}`;
      } else if (c.ready && st.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = readyTrue ? 'Running' : 'NotReady';
    }
  }
  if (p.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (p.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart) restartsStr = `${restarts} (${humanDuration(now - Date.parse(lastRestart))} ago)`;
  return { ready: fraction(readyContainers, totalContainers), status: reason, restarts: restartsStr };
}

export const podTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Ready' }, { name: 'Status' }, { name: 'Restarts' }, { name: 'Age' },
    { name: 'IP', priority: 1 }, { name: 'Node', priority: 1 }, { name: 'Nominated Node', priority: 1 }, { name: 'Readiness Gates', priority: 1 },
  ],
  row(obj, { now }) {
    const p = obj as unknown as PodLike;
    const s = podSummary(p, now);
    const status = p.status ?? {};
    const gates = p.spec?.readinessGates ?? [];
    let readinessGates = '<none>';
    if (gates.length) {
      let trueConditions = 0;
      for (const g of gates) {
        const c = (status.conditions ?? []).find((x) => x.type === g.conditionType);
        if (c?.status === 'True') trueConditions++;
      }
      readinessGates = `${trueConditions}/${gates.length}`;
    }
    return [
      p.metadata.name ?? '', s.ready, s.status, s.restarts, since(p.metadata.creationTimestamp, now),
      status.podIPs?.[0]?.ip || '<none>', p.spec?.nodeName || '<none>', status.nominatedNodeName || '<none>', readinessGates,
    ];
  },
};

registerTable('pods', podTable);

export function podRow(obj: KObject, now: number): string[] {
  return podTable.row(obj, { now, wide: true });
}
