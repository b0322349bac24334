/**
 * systemctl (systemd 255, Ubuntu 24.04) for the two services a kubeadm node
 * runs: kubelet.service (pkgs.k8s.io's unit with kubeadm's 10-kubeadm.conf
 * drop-in) and containerd.service. Stopping the kubelet is the Kubelet's own
 * stop: heartbeats end (the node goes NotReady after the grace period), the
 * containers keep running and nothing restarts or probes them. containerd's
 * unit has KillMode=process: stopping it ends the daemon only, and the shims
 * and containers live on; crictl cannot connect until it starts again.
 *
 * `status` prints the lines of print_status_info (systemctl-show.c) whose
 * format is certain; Tasks, Memory, CPU and Duration and the journal excerpt
 * are left out, as are colours and hyperlinks.
 */
import type { Cluster } from '../../../cluster.js';
import type { CommandSpec, ProcessContext } from '../../process.js';
import { currentNodeName, kubeletUnit, nodeHost, setUnitActive, type NodeHost, type UnitName } from './host.js';
import { nodeProcesses } from './processes.js';
import { nextJobId, type LeftOver } from './journal.js';
import { containerRuntimeStarted, containerRuntimeStopped } from '../../../kubelet/runtime-state.js';
import { startKubeletProcess, stopAutoRestart } from './kubelet-exit.js';
import { kubeletOutageBegins, kubeletOutageEnds } from './kubelet-log.js';
import { WEEKDAYS } from '../../../util/time.js';

interface UnitFile {
  description: string;
  path: string;
  dropIns: string[];
  docs: string[];
  /** ExecStart as the unit (and drop-in) configure it, variables unexpanded: the Process: line shows it so. */
  execStart: string;
}

const UNITS: Record<UnitName, UnitFile> = {
  kubelet: {
    description: 'kubelet: The Kubernetes Node Agent',
    path: '/usr/lib/systemd/system/kubelet.service',
    dropIns: ['/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf'],
    docs: ['https://kubernetes.io/docs/'],
    execStart: '/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS',
  },
  containerd: {
    description: 'containerd container runtime',
    path: '/usr/lib/systemd/system/containerd.service',
    dropIns: [],
    docs: ['https://containerd.io'],
    execStart: '/usr/bin/containerd',
  },
};

/** systemctl's other verbs (systemctl.c's verb table), which this lab does not run. */
const SYSTEMCTL_VERBS = new Set(['list-units', 'list-sockets', 'list-timers', 'list-jobs', 'list-machines', 'list-unit-files', 'list-dependencies', 'list-automounts', 'list-paths', 'reload', 'try-restart', 'reload-or-restart', 'try-reload-or-restart', 'condrestart', 'force-reload', 'isolate', 'kill', 'clean', 'freeze', 'thaw', 'is-failed', 'show', 'cat', 'set-property', 'bind', 'mount-image', 'help', 'reset-failed', 'edit', 'reenable', 'preset', 'preset-all', 'mask', 'unmask', 'link', 'revert', 'add-wants', 'add-requires', 'get-default', 'set-default', 'daemon-reexec', 'log-level', 'log-target', 'service-log-level', 'service-log-target', 'show-environment', 'set-environment', 'unset-environment', 'import-environment', 'default', 'rescue', 'emergency', 'halt', 'poweroff', 'reboot', 'kexec', 'soft-reboot', 'exit', 'switch-root', 'suspend', 'hibernate', 'hybrid-sleep', 'suspend-then-hibernate', 'is-system-running', 'whoami']);


/** FORMAT_TIMESTAMP's default style: "Thu 2026-01-01 00:00:00 UTC" (the node's zone is UTC). */
export function systemdTimestamp(ms: number): string {
  const d = new Date(ms);
  const iso = d.toISOString();
  return `${WEEKDAYS[d.getUTCDay()]} ${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** format_timestamp_relative (time-util.c): "5min ago", "1min 3s ago", "2h 4min ago", "now". */
export function systemdRelative(now: number, t: number): string {
  let d = (now - t) * 1000; // µs
  let s = 'ago';
  if (d < 0) { d = -d; s = 'left'; }
  const SEC = 1e6, MIN = 60 * SEC, HOUR = 60 * MIN, DAY = 24 * HOUR, WEEK = 7 * DAY, MONTH = 2629800 * SEC, YEAR = 31557600 * SEC;
  const q = (a: number, b: number) => Math.floor(a / b);
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (d >= YEAR) return `${plural(q(d, YEAR), 'year', 'years')} ${plural(q(d % YEAR, MONTH), 'month', 'months')} ${s}`;
  if (d >= MONTH) return `${plural(q(d, MONTH), 'month', 'months')} ${plural(q(d % MONTH, DAY), 'day', 'days')} ${s}`;
  if (d >= WEEK) return `${plural(q(d, WEEK), 'week', 'weeks')} ${plural(q(d % WEEK, DAY), 'day', 'days')} ${s}`;
  if (d >= 2 * DAY) return `${q(d, DAY)} days ${s}`;
  if (d >= 25 * HOUR) return `1 day ${q(d - DAY, HOUR)}h ${s}`;
  if (d >= 6 * HOUR) return `${q(d, HOUR)}h ${s}`;
  if (d >= HOUR) return `${q(d, HOUR)}h ${q(d % HOUR, MIN)}min ${s}`;
  if (d >= 5 * MIN) return `${q(d, MIN)}min ${s}`;
  if (d >= MIN) return `${q(d, MIN)}min ${q(d % MIN, SEC)}s ${s}`;
  if (d >= SEC) return `${q(d, SEC)}s ${s}`;
  if (d >= 1000) return `${q(d, 1000)}ms ${s}`;
  if (d > 0) return `${d}us ${s}`;
  return 'now';
}

function unitName(arg: string): { unit?: UnitName; full: string } {
  const full = arg.includes('.') ? arg : `${arg}.service`;
  if (full === 'kubelet.service') return { unit: 'kubelet', full };
  if (full === 'containerd.service') return { unit: 'containerd', full };
  return { full };
}

function unitState(cluster: Cluster, h: NodeHost, unit: UnitName) {
  return unit === 'kubelet' ? kubeletUnit(cluster, h) : h.units.containerd;
}

/** get_process_cmdline with a column limit: the command is cut and ends in "…". */
function ellipsize(line: string, columns: number | undefined): string {
  if (columns === undefined || [...line].length <= columns) return line;
  return [...line].slice(0, Math.max(1, columns - 1)).join('') + '…';
}

export function statusText(cluster: Cluster, h: NodeHost, unit: UnitName, columns?: number): string {
  const f = UNITS[unit];
  const u = unitState(cluster, h, unit);
  const now = cluster.clock.now();
  const lines: string[] = [];
  lines.push(`${u.active || u.autoRestart ? '●' : '○'} ${unit}.service - ${f.description}`);
  lines.push(`     Loaded: loaded (${f.path}; ${u.enabled ? 'enabled' : 'disabled'}; preset: enabled)`);
  if (f.dropIns.length) {
    const dir = f.dropIns[0].slice(0, f.dropIns[0].lastIndexOf('/'));
    lines.push(`    Drop-In: ${dir}`);
    lines.push(`             └─${f.dropIns.map((p) => p.slice(p.lastIndexOf('/') + 1)).join(', ')}`);
  }
  const state = u.autoRestart ? 'activating (auto-restart)' : u.active ? 'active (running)' : 'inactive (dead)';
  lines.push(`     Active: ${state}${u.result ? ` (Result: ${u.result})` : ''} since ${systemdTimestamp(u.since)}; ${systemdRelative(now, u.since)}`);
  for (const [i, d] of f.docs.entries()) lines.push(`   ${(i === 0 ? 'Docs:' : '').padStart(9)} ${d}`);
  if (u.active) {
    lines.push(`   Main PID: ${u.mainPID} (${unit})`);
    lines.push(`     CGroup: /system.slice/${unit}.service`);
    // The unit's cgroup: the daemon, and for containerd the shims it started (KillMode=process leaves them there).
    const procs = nodeProcesses(cluster, h).filter((p) => p.cgroup === unit).sort((a, b) => a.pid - b.pid);
    const width = String(Math.max(...procs.map((p) => p.pid))).length;
    procs.forEach((p, i) => {
      lines.push(ellipsize(`             ${i === procs.length - 1 ? '└─' : '├─'}${String(p.pid).padStart(width)} ${p.command}`, columns));
    });
  } else if (u.lastRun) {
    const status = u.lastRun.status ?? 0;
    const code = u.lastRun.signal ? `(code=killed, signal=${u.lastRun.signal})` : `(code=exited, status=${status}/${status === 0 ? 'SUCCESS' : 'FAILURE'})`;
    lines.push(`    Process: ${u.lastRun.pid} ExecStart=${f.execStart} ${code}`);
    lines.push(`   Main PID: ${u.lastRun.pid} ${code}`);
  }
  return lines.join('\n') + '\n';
}

export const systemctl: CommandSpec = {
  name: 'systemctl',
  summary: 'Control the systemd system and service manager',
  async run(ctx: ProcessContext) {
    const args = ctx.argv.slice(1).filter((a) => !/^(--no-pager|-l|--full|--no-legend|-q|--quiet|--now)$/.test(a));
    const quiet = ctx.argv.includes('-q') || ctx.argv.includes('--quiet');
    const now = ctx.argv.includes('--now');
    const [verb, ...names] = args;
    const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
    if (!verb || !h) {
      ctx.stderr.write('systemctl: this simulated node has the kubelet and containerd services only; try `systemctl status kubelet`\n');
      return 1;
    }
    if (verb === 'daemon-reload') return 0;
    const known = ['status', 'start', 'stop', 'restart', 'is-active', 'is-enabled', 'enable', 'disable'];
    if (!known.includes(verb)) {
      if (SYSTEMCTL_VERBS.has(verb)) ctx.stderr.write(`systemctl: '${verb}' is not simulated in this lab (it has ${known.join(', ')} and daemon-reload)\n`);
      else ctx.stderr.write(`Unknown command verb '${verb}'.\n`);
      return 1;
    }
    if (names.length === 0) {
      if (verb === 'status') { ctx.stderr.write('systemctl: the overview of the whole system is not simulated; try `systemctl status kubelet`\n'); return 1; }
      ctx.stderr.write(`Too few arguments.\n`);
      return 1;
    }
    const cluster = ctx.cluster;
    let status = 0;
    for (const arg of names) {
      const { unit, full } = unitName(arg);
      if (!unit) {
        if (verb === 'status') { ctx.stderr.write(`Unit ${full} could not be found.\n`); status = 4; }
        else if (verb === 'is-active') { if (!quiet) ctx.stdout.write('inactive\n'); status = 3; }
        else if (verb === 'is-enabled') { ctx.stderr.write(`Failed to get unit file state for ${full}: No such file or directory\n`); status = 1; }
        else if (verb === 'enable' || verb === 'disable') { ctx.stderr.write(`Failed to ${verb} unit: Unit file ${full} does not exist.\n`); status = 1; }
        else { ctx.stderr.write(`Failed to ${verb} ${full}: Unit ${full} ${verb === 'stop' ? 'not loaded' : 'not found'}.\n`); status = 5; }
        continue;
      }
      const u = unitState(cluster, h, unit);
      switch (verb) {
        case 'status':
          ctx.stdout.write(statusText(cluster, h, unit, ctx.terminal.isTTY ? ctx.terminal.columns : undefined));
          if (!u.active) status = 3;
          break;
        case 'is-active':
          if (!quiet) ctx.stdout.write(u.active ? 'active\n' : u.autoRestart ? 'activating\n' : 'inactive\n');
          if (!u.active) status = 3;
          break;
        case 'is-enabled':
          if (!quiet) ctx.stdout.write(u.enabled ? 'enabled\n' : 'disabled\n');
          if (!u.enabled) status = 1;
          break;
        case 'enable':
          if (!u.enabled) ctx.stderr.write(`Created symlink /etc/systemd/system/multi-user.target.wants/${full} → ${UNITS[unit].path}.\n`);
          u.enabled = true;
          if (now) start(cluster, h, unit, false);
          break;
        case 'disable':
          if (u.enabled) ctx.stderr.write(`Removed "/etc/systemd/system/multi-user.target.wants/${full}".\n`);
          u.enabled = false;
          if (now) stop(cluster, h, unit);
          break;
        case 'start': {
          // service_start refuses (EAGAIN) while an automatic restart is pending: the start job stays queued, and
          // systemctl waits for it, until the restart timer fires ("the service should be manually restarted").
          const pending = unit === 'kubelet' ? h.units.kubelet.autoRestart : undefined;
          if (pending) { await ctx.sleep(Math.max(0, pending.at - cluster.clock.now())); break; }
          start(cluster, h, unit, false);
          break;
        }
        case 'stop': stop(cluster, h, unit); break;
        case 'restart': start(cluster, h, unit, true); break;
      }
    }
    return status;
  },
};

function stop(cluster: Cluster, h: NodeHost, unit: UnitName, job?: number): void {
  const at = cluster.clock.now();
  // A kubelet waiting for its automatic restart has no process to stop.
  if (unit === 'kubelet' && stopAutoRestart(cluster, h, at, job ?? nextJobId(h))) return;
  const left = leftOvers(cluster, h, unit);
  if (unit === 'kubelet') { h.kubelet.stop(); kubeletOutageEnds(h, at); }
  else {
    containerRuntimeStopped(h.kubelet, at);
    if (h.kubelet.running()) kubeletOutageBegins(h, h.kubelet.startedAt(), kubeletUnit(cluster, h).mainPID, at);
  }
  setUnitActive(h, unit, false, at, job, left);
}

function start(cluster: Cluster, h: NodeHost, unit: UnitName, restart: boolean): void {
  const at = cluster.clock.now();
  const u = unitState(cluster, h, unit);
  if (u.active && !restart) return;
  // A restart is one job: its stop and its start log the same job ID.
  const job = nextJobId(h);
  if (u.active) stop(cluster, h, unit, job);
  // A unit waiting for its automatic restart goes straight to dead: the job's stop part logs only "Stopped".
  else if (unit === 'kubelet' && restart) stopAutoRestart(cluster, h, at, job);
  const left = leftOvers(cluster, h, unit);
  // A kubelet that starts reads its pods again (and the static pods from the manifests folder) and adopts the
  // running containers; without containerd it exits at once, and systemd restarts it every 10 s.
  if (unit === 'kubelet') { startKubeletProcess(cluster, h, at, job); return; }
  containerRuntimeStarted(h.kubelet, cluster.clock);
  kubeletOutageEnds(h, at);
  setUnitActive(h, unit, true, at, job, left);
}

/** The processes of the unit's cgroup other than its main one: containerd's shims (KillMode=process keeps them). */
function leftOvers(cluster: Cluster, h: NodeHost, unit: UnitName): LeftOver[] {
  if (unit !== 'containerd') return [];
  return nodeProcesses(cluster, h).filter((p) => p.cgroup === unit && p.comm !== unit).sort((a, b) => a.pid - b.pid).map((p) => ({ pid: p.pid, comm: p.comm }));
}
