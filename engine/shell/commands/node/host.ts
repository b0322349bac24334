/**
 * The machine under the learner's shell: which node it is, its systemd units
 * (kubelet.service, containerd.service), the pod sandboxes containerd holds
 * and the process IDs the kernel gave out. crictl, systemctl, ps and ssh all
 * read the node through here, so they agree with each other and with the
 * engine: the kubelet's state is the Kubelet's own (`sim node stop` and
 * `systemctl stop kubelet` are the same stop), the containers are the
 * runtime's.
 */
import type { Cluster } from '../../../cluster.js';
import type { Kubelet } from '../../../kubelet/kubelet.js';
import type { NodeConfig } from '../../../kubelet/node-status.js';
import type { Container } from '../../../kubelet/runtime.js';
import { objectKey } from '../../../api/meta.js';
import { DEFAULT_EPOCH_MS } from '../../../util/clock.js';
import { sha256Hex } from '../../../util/sha256.js';
import type { ProcessContext } from '../../process.js';
import type { KubeletOutageLog } from './kubelet-log.js';
import { FIRST_JOB_ID, journalWrite, nextJobId, startEntries, stopEntries, type JournalEntry, type LeftOver } from './journal.js';

export type UnitName = 'kubelet' | 'containerd';

/** What systemd remembers of a service between commands. */
export interface UnitState {
  active: boolean;
  /** When it entered its current state (ActiveEnterTimestamp / InactiveEnterTimestamp). */
  since: number;
  enabled: boolean;
  mainPID: number;
  /** How the last run ended (status lines of an inactive unit); `status` its exit status (0 unless said). */
  lastRun?: { pid: number; startedAt: number; stoppedAt: number; status?: number; signal?: string };
  /** Result= when not "success": the Active line's "(Result: exit-code)". */
  result?: string;
  /** Restart=always waiting out RestartSec after the main process failed: "activating (auto-restart)". */
  autoRestart?: { timer: number; restarts: number; at: number };
}

/** One pod sandbox as containerd lists it. */
export interface Sandbox {
  id: string;
  podUID: string;
  name: string;
  namespace: string;
  createdAt: number;
  ready: boolean;
  containers: Container[];
}

export interface NodeHost {
  config: NodeConfig;
  kubelet: Kubelet;
  /** When the machine booted: systemd and the services it starts at boot begin here. */
  bootAt: number;
  units: Record<UnitName, UnitState>;
  /** The PIDs handed out so far, by what they belong to (a container ID, `shim:` + sandbox ID…). */
  pids: Map<string, number>;
  nextPid: number;
  /** When the learner's login on this node began (its sshd and bash processes start then). */
  loginAt?: number;
  /** What systemd logged about the units, oldest first (journal.ts). */
  journal: JournalEntry[];
  /** containerd's outages under a running kubelet, whose failed calls the kubelet logs (kubelet-log.ts). */
  kubeletOutages?: KubeletOutageLog[];
  /** Entries written so far (journalctl -f follows this count). */
  journalWrites: number;
  nextJobId: number;
}

/** The boot transaction's start jobs for the two units (multi-user.target pulls them in). */
const BOOT_JOB_IDS: Record<UnitName, number> = { containerd: 138, kubelet: 171 };

const hosts = new WeakMap<Cluster, Map<string, NodeHost>>();

/** The node the shell runs on: where `ssh` took it, else the control-plane node the terminal opens on. */
export function currentNodeName(ctx: Pick<ProcessContext, 'cluster' | 'host'>): string {
  if (ctx.host?.node) return ctx.host.node;
  return ctx.cluster?.nodeConfigs?.find((n) => n.role === 'control-plane')?.name ?? 'control-plane';
}

/*
 * PIDs: systemd's early services take low numbers at boot; the kubeadm services and what they start come after.
 * The numbers are what an Ubuntu 24.04 VM of this size typically shows, in the order things start.
 */
const BOOT_PIDS: Record<string, number> = {
  init: 1, journald: 312, udevd: 357, networkd: 547, resolved: 553, dbus: 601, logind: 612, cron: 598, sshd: 689,
  containerd: 702,
};
const FIRST_DYNAMIC_PID = 1100;

/** The node's host record, made the first time a node tool looks at it. */
export function nodeHost(cluster: Cluster, node: string): NodeHost | undefined {
  let m = hosts.get(cluster);
  if (!m) hosts.set(cluster, (m = new Map()));
  let h = m.get(node);
  if (h) return h;
  const config = cluster.nodeConfigs.find((n) => n.name === node);
  const kubelet = cluster.kubelets.get(node);
  if (!config || !kubelet) return undefined;
  const bootAt = cluster.options.epochMs ?? DEFAULT_EPOCH_MS;
  h = {
    config, kubelet, bootAt,
    units: {
      containerd: { active: true, since: bootAt, enabled: true, mainPID: BOOT_PIDS.containerd },
      // Started at boot; a kubelet stopped since (`sim node stop`) is seen by kubeletUnit, with the time it stopped.
      kubelet: { active: true, since: bootAt, enabled: true, mainPID: 0 },
    },
    pids: new Map(),
    nextPid: FIRST_DYNAMIC_PID,
    journal: [],
    journalWrites: 0,
    nextJobId: FIRST_JOB_ID,
  };
  h.units.kubelet.mainPID = allocatePid(h, 'kubelet#0');
  journalWrite(h, bootAt, [...startEntries('containerd', BOOT_JOB_IDS.containerd, []), ...startEntries('kubelet', BOOT_JOB_IDS.kubelet, [])]);
  m.set(node, h);
  return h;
}

export function bootPid(name: keyof typeof BOOT_PIDS): number {
  return BOOT_PIDS[name];
}

/** A new process (each `ps`, each kubectl run): the next PID. */
export function newPid(h: NodeHost): number {
  const pid = h.nextPid;
  // Each start forks a few short-lived helpers (runc init, mount helpers) that take numbers too.
  h.nextPid += 7;
  return pid;
}

/** The PID of `key`, handed out the first time it is asked for (the kernel counts up). */
export function allocatePid(h: NodeHost, key: string): number {
  let pid = h.pids.get(key);
  if (pid === undefined) h.pids.set(key, (pid = newPid(h)));
  return pid;
}

/** The time of the last `sim` injection that changed this node's kubelet, if any (the kubelet stopped or started outside systemctl). */
function lastNodeInjection(cluster: Cluster, node: string): number | undefined {
  const hist = cluster.history;
  for (let i = hist.length - 1; i >= 0; i--) {
    const e = hist[i] as { kind: string; target?: string; action?: string; time: number };
    if (e.kind === 'injection' && e.target === node && typeof e.action === 'string' && e.action.startsWith('node-')) return e.time;
  }
  return undefined;
}

/**
 * kubelet.service as systemd sees it now. The Kubelet is the truth: when it was
 * stopped or started by other means (`sim node stop`), systemd's record follows.
 */
export function kubeletUnit(cluster: Cluster, h: NodeHost): UnitState {
  const u = h.units.kubelet;
  const running = h.kubelet.running();
  if (running !== u.active) {
    const at = lastNodeInjection(cluster, h.config.name) ?? cluster.clock.now();
    setUnitActive(h, 'kubelet', running, at);
  }
  return u;
}

/**
 * Records a start or stop of a unit at `at`, and what systemd logs for it: `job` is the job's ID (a restart's
 * stop and start are one job), `leftOvers` the processes of its cgroup that outlive the main one.
 */
export function setUnitActive(h: NodeHost, unit: UnitName, active: boolean, at: number, job?: number, leftOvers: LeftOver[] = []): void {
  const u = h.units[unit];
  if (u.active === active) return;
  job ??= nextJobId(h);
  journalWrite(h, at, active ? startEntries(unit, job, leftOvers) : stopEntries(unit, job, leftOvers));
  if (active) {
    const runs = [...h.pids.keys()].filter((k) => k.startsWith(`${unit}#`)).length;
    u.mainPID = unit === 'containerd' ? allocatePid(h, `containerd#${runs}`) : allocatePid(h, `kubelet#${runs}`);
  } else {
    u.lastRun = { pid: u.mainPID, startedAt: u.since, stoppedAt: at };
  }
  u.active = active;
  u.since = at;
}

/** A sandbox ID containerd would give the pod: 64 hex characters, the same every time for one pod on one node. */
export function sandboxID(node: string, podUID: string): string {
  return sha256Hex(`sandbox/${node}/${podUID}`);
}

/**
 * The pod sandboxes on the node, from the containers the runtime holds (the
 * pause container is not a Container of the runtime). A sandbox stays Ready
 * while a container of it runs or while its pod still exists and is not
 * finished (a crash-looping container's pod keeps its sandbox); the kubelet
 * stops the sandbox of a finished or deleted pod.
 */
export function sandboxes(cluster: Cluster, h: NodeHost): Sandbox[] {
  const byPod = new Map<string, Sandbox>();
  for (const c of h.kubelet.runtime.containers.values()) {
    const uid = c.opts.podUID;
    let s = byPod.get(uid);
    if (!s) {
      s = { id: sandboxID(h.config.name, uid), podUID: uid, name: c.opts.podName, namespace: c.opts.namespace, createdAt: c.startedAt, ready: false, containers: [] };
      byPod.set(uid, s);
    }
    s.containers.push(c);
    if (c.startedAt < s.createdAt) s.createdAt = c.startedAt;
    if (c.state === 'running') s.ready = true;
  }
  for (const s of byPod.values()) {
    // The simulation's aid, not crictl's: the stored pod says whether the kubelet still keeps the sandbox for it.
    const pod = cluster.store.get('pods', objectKey({ metadata: { namespace: s.namespace, name: s.name } })) as { metadata: { uid?: string }; status?: { phase?: string; startTime?: string } } | undefined;
    const samePod = pod && (pod.metadata.uid === s.podUID || s.podUID.startsWith('static:'));
    if (!samePod) continue;
    // A static pod keeps its record key across a manifest moved out and back; each start is a new sandbox, as is its mirror pod.
    if (s.podUID.startsWith('static:') && pod.metadata.uid) s.id = sandboxID(h.config.name, pod.metadata.uid);
    const phase = pod.status?.phase;
    if (!s.ready && (phase === 'Running' || phase === 'Pending')) s.ready = true;
    // The kubelet set the pod's startTime at its first sync, when it asked for the sandbox.
    const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : NaN;
    if (!Number.isNaN(start) && start <= s.createdAt) s.createdAt = start;
  }
  return [...byPod.values()];
}
