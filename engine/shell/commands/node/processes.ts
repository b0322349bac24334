/**
 * The node's process table, as /proc would list it: Ubuntu's boot services,
 * containerd and the kubelet under systemd, a containerd-shim-runc-v2 and a
 * pause process per pod sandbox, each running container's main process, and
 * the learner's login. Command lines are real ones: the kubelet's is what
 * kubeadm v1.35's drop-in and flags file give it (v1.35 no longer passes
 * --pod-infra-container-image: kubernetes/kubernetes#133778), a container's
 * is its resolved command, and a static pod's comes from its manifest in
 * /etc/kubernetes/manifests when the shell can read it.
 *
 * Resource figures (CPU time, RSS, VSZ) are the simulation's: containers use
 * the runtime's memory and CPU models, the system daemons steady small values.
 */
import type { Cluster } from '../../../cluster.js';
import { bytes } from '../../../util/quantity.js';
import type { VirtualFileSystem } from '../../process.js';
import { machineFiles } from '../../vfs.js';
import { processShape } from '../../../kubelet/processes.js';
import type { Container } from '../../../kubelet/runtime.js';
import { allocatePid, bootPid, kubeletUnit, sandboxes, type NodeHost } from './host.js';

export interface Proc {
  pid: number;
  ppid: number;
  user: string;
  tty: string;
  stat: string;
  startedAt: number;
  /** Cumulative CPU time in ms. */
  cpuMs: number;
  rssKiB: number;
  vszKiB: number;
  /** The full command line (args), and the executable's name (comm, at most 15 characters). */
  command: string;
  comm: string;
  /** The systemd unit whose cgroup holds it, for `systemctl status`. */
  cgroup?: 'kubelet' | 'containerd';
  /** CPU it uses now, in millicores (top's %CPU over its interval); absent: none. */
  cpuMilli?: number;
  /** The container whose main process it is (what a signal to it reaches: signals.ts). */
  main?: Container;
  /** A unit's main process (kubelet, containerd). */
  unit?: 'kubelet' | 'containerd';
}

export const KUBEADM_KUBELET_ARGS = [
  '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf', '--kubeconfig=/etc/kubernetes/kubelet.conf',
  '--config=/var/lib/kubelet/config.yaml', '--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock',
];

export function kubeletCommandLine(): string {
  return ['/usr/bin/kubelet', ...KUBEADM_KUBELET_ARGS].join(' ');
}

/** A daemon's steady use: CPU in millicores, resident and virtual size in KiB. */
interface Footprint { cpuMilli: number; rssKiB: number; vszKiB: number }

const SYSTEM: Array<{ key: Parameters<typeof bootPid>[0]; user: string; command: string; comm: string; fp: Footprint }> = [
  { key: 'init', user: 'root', command: '/sbin/init', comm: 'systemd', fp: { cpuMilli: 1, rssKiB: 12_964, vszKiB: 22_704 } },
  { key: 'journald', user: 'root', command: '/usr/lib/systemd/systemd-journald', comm: 'systemd-journal', fp: { cpuMilli: 1, rssKiB: 16_384, vszKiB: 50_292 } },
  { key: 'udevd', user: 'root', command: '/usr/lib/systemd/systemd-udevd', comm: 'systemd-udevd', fp: { cpuMilli: 0, rssKiB: 7_296, vszKiB: 26_176 } },
  { key: 'networkd', user: 'systemd-network', command: '/usr/lib/systemd/systemd-networkd', comm: 'systemd-network', fp: { cpuMilli: 0, rssKiB: 8_448, vszKiB: 19_380 } },
  { key: 'resolved', user: 'systemd-resolve', command: '/usr/lib/systemd/systemd-resolved', comm: 'systemd-resolve', fp: { cpuMilli: 0, rssKiB: 12_800, vszKiB: 21_544 } },
  { key: 'cron', user: 'root', command: '/usr/sbin/cron -f -P', comm: 'cron', fp: { cpuMilli: 0, rssKiB: 2_688, vszKiB: 6_824 } },
  { key: 'dbus', user: 'messagebus', command: '@dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only', comm: 'dbus-daemon', fp: { cpuMilli: 0, rssKiB: 4_992, vszKiB: 9_776 } },
  { key: 'logind', user: 'root', command: '/usr/lib/systemd/systemd-logind', comm: 'systemd-logind', fp: { cpuMilli: 0, rssKiB: 7_680, vszKiB: 17_772 } },
  { key: 'sshd', user: 'root', command: 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups', comm: 'sshd', fp: { cpuMilli: 0, rssKiB: 8_064, vszKiB: 12_020 } },
];

const CONTAINERD_FP: Footprint = { cpuMilli: 6, rssKiB: 48_212, vszKiB: 1_874_244 };
const KUBELET_FP: Footprint = { cpuMilli: 18, rssKiB: 82_336, vszKiB: 2_193_492 };
const SHIM_FP: Footprint = { cpuMilli: 0, rssKiB: 13_440, vszKiB: 1_233_604 };
const PAUSE_FP: Footprint = { cpuMilli: 0, rssKiB: 512, vszKiB: 1_020 };
/** Go programs reserve their heap arenas up front: their virtual size is far above what they use. */
const GO_VSZ_KiB = 1_300_000;

/** The user a pause process runs as (the image's USER, 65535:65535): no name for it in the node's /etc/passwd. */
const PAUSE_USER = '65535';

function cpuMs(milli: number, since: number, now: number): number {
  return Math.floor((milli * (now - since)) / 1000);
}

/** The host's name for a container's UID: root is root everywhere; other container users have no entry in the node's /etc/passwd here. */
function hostUser(uid: number): string {
  return uid === 0 ? 'root' : String(uid);
}

/** /proc/PID/comm: the program's name, at most 15 characters ("nginx: master process" keeps "nginx"). */
function commOf(command: string): string {
  return (command.split(/[\s:]/)[0].split('/').pop() ?? '').slice(0, 15);
}

/** The command list of a static pod's manifest file (`- command:` and its items), read without a YAML parser. */
export function manifestCommand(text: string): string[] | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^ {2}- command:\s*$/.test(l) || /^ {4}command:\s*$/.test(l));
  if (at < 0) return undefined;
  const out: string[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const m = /^ {4}- (.*)$/.exec(lines[i]);
    if (!m) break;
    let v = m[1].trim();
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    out.push(v);
  }
  return out.length ? out : undefined;
}

/** Every process of the node now, by PID. `fs` is the node's filesystem when the shell is on it (static pod manifests). */
export function nodeProcesses(cluster: Cluster, h: NodeHost, fs?: VirtualFileSystem): Proc[] {
  const now = cluster.clock.now();
  const out: Proc[] = [];
  const boot = h.bootAt;
  const isGo = (comm: string) => /^(kube-|etcd|coredns|containerd|kubelet|metrics-server|local-path|flannel|cilium|calico)/.test(comm);
  for (const s of SYSTEM) {
    out.push({ pid: bootPid(s.key), ppid: s.key === 'init' ? 0 : 1, user: s.user, tty: '?', stat: 'Ss', startedAt: boot, cpuMs: cpuMs(s.fp.cpuMilli, boot, now), cpuMilli: s.fp.cpuMilli, rssKiB: s.fp.rssKiB, vszKiB: s.fp.vszKiB, command: s.command, comm: s.comm });
  }
  const cd = h.units.containerd;
  if (cd.active) out.push({ pid: cd.mainPID, ppid: 1, user: 'root', tty: '?', stat: 'Ssl', startedAt: cd.since, cpuMs: cpuMs(CONTAINERD_FP.cpuMilli, cd.since, now), cpuMilli: CONTAINERD_FP.cpuMilli, unit: 'containerd', rssKiB: CONTAINERD_FP.rssKiB, vszKiB: CONTAINERD_FP.vszKiB, command: '/usr/bin/containerd', comm: 'containerd', cgroup: 'containerd' });
  const kl = kubeletUnit(cluster, h);
  if (kl.active) out.push({ pid: kl.mainPID, ppid: 1, user: 'root', tty: '?', stat: 'Ssl', startedAt: kl.since, cpuMs: cpuMs(KUBELET_FP.cpuMilli, kl.since, now), cpuMilli: KUBELET_FP.cpuMilli, unit: 'kubelet', rssKiB: KUBELET_FP.rssKiB, vszKiB: KUBELET_FP.vszKiB, command: kubeletCommandLine(), comm: 'kubelet', cgroup: 'kubelet' });
  if (!h.kubelet.poweredOn()) return out;
  const list = sandboxes(cluster, h).sort((a, b) => a.createdAt - b.createdAt);
  for (const s of list) {
    const running = s.containers.filter((c) => c.state === 'running').sort((a, b) => a.startedAt - b.startedAt);
    if (!s.ready && running.length === 0) continue;
    const shim = allocatePid(h, `shim:${s.id}`);
    out.push({ pid: shim, ppid: 1, user: 'root', tty: '?', stat: 'Sl', startedAt: s.createdAt, cpuMs: cpuMs(SHIM_FP.cpuMilli, s.createdAt, now), rssKiB: SHIM_FP.rssKiB, vszKiB: SHIM_FP.vszKiB, command: `/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${s.id} -address /run/containerd/containerd.sock`, comm: 'containerd-shim', cgroup: 'containerd' });
    out.push({ pid: allocatePid(h, `pause:${s.id}`), ppid: shim, user: PAUSE_USER, tty: '?', stat: 'Ss', startedAt: s.createdAt, cpuMs: 0, rssKiB: PAUSE_FP.rssKiB, vszKiB: PAUSE_FP.vszKiB, command: '/pause', comm: 'pause' });
    for (const c of running) {
      // What the program runs as (nginx's master and its workers…), as the container's own ps shows it.
      const shape = processShape(c.image, c.opts.argv, c.program, h.kubelet.runtime.cpus);
      const component = s.podUID.startsWith('static:') ? c.name : undefined;
      // /proc/PID/cmdline, which every user reads: the manifest as the kubelet read it.
      const text = component && fs ? machineFiles(fs).readFile(`/etc/kubernetes/manifests/${component}.yaml`) : undefined;
      const fromManifest = text ? manifestCommand(text) : undefined;
      const command = fromManifest?.join(' ') || shape.command || c.image.entrypoint.concat(c.image.cmd).join(' ');
      const comm = commOf(command);
      const rss = Math.max(256, Math.round(c.memoryBytes(now) / 1024));
      const pid = allocatePid(h, c.id);
      out.push({
        pid, ppid: shim, user: hostUser(shape.uid), tty: '?', stat: isGo(comm) ? 'Ssl' : 'Ss',
        startedAt: c.startedAt, cpuMs: cpuMs(c.cpuMilli(now), c.startedAt, now), cpuMilli: c.cpuMilli(now), main: c, rssKiB: rss, vszKiB: rss + (isGo(comm) ? GO_VSZ_KiB : 4_096), command, comm,
      });
      shape.children.forEach((child, i) => {
        out.push({ pid: allocatePid(h, `${c.id}/${i}`), ppid: pid, user: hostUser(child.uid), tty: '?', stat: 'S', startedAt: c.startedAt, cpuMs: 0, rssKiB: Math.max(256, Math.round(rss / 4)), vszKiB: rss + 4_096, command: child.command, comm: commOf(child.command) });
      });
    }
  }
  return out;
}

/** The node's MemTotal in KiB (what %MEM divides by). */
export function memTotalKiB(h: NodeHost): number {
  return Math.floor(bytes(h.config.memory) / 1024);
}
