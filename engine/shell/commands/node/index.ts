/**
 * The node's own tools (crictl, journalctl, systemctl, ps, ssh, free, df, ip,
 * ss…): only their names load with the lab; the code loads on first use,
 * while the clock is held so simulated time does not move during the load
 * (as lazy kubectl verbs do).
 */
import type { Cluster } from '../../../cluster.js';
import type { MachineFunction } from '../../../kubelet/runtime.js';
import type { CommandSpec, ProcessContext } from '../../process.js';

type NodeTools = typeof import('./tools.js');

let loading: Promise<NodeTools> | undefined;
let loaded: NodeTools | undefined;

/** Loads the tools' module (the page prefetches it once its prompt is ready). */
export function loadNodeTools(): Promise<NodeTools> {
  return (loading ??= import('./tools.js').then((m) => (loaded = m)));
}

async function tools(ctx: Pick<ProcessContext, 'cluster'>): Promise<NodeTools> {
  const release = ctx.cluster?.clock.hold();
  try {
    return await loadNodeTools();
  } finally {
    release?.();
  }
}

/** Runs the node tool `name` (`hostname -I` runs the tools' "hostname", which lists the node's addresses). */
export async function runNodeTool(name: string, ctx: ProcessContext): Promise<number> {
  return (await tools(ctx)).NODE_TOOLS[name].run(ctx);
}

/**
 * Before a command that names a /proc file runs on a node: lays the node's /proc (meminfo, cpuinfo, loadavg,
 * uptime) over its files, once the tools are loaded (a promise then; nothing to wait for otherwise).
 */
export function loadForProc(ctx: ProcessContext, argv: string[]): Promise<void> | undefined {
  if (ctx.cluster && argv.some((a) => a.startsWith('/proc'))) return tools(ctx).then((m) => void (ctx.fs = m.withProcFiles(ctx.fs, ctx)));
}

/** busybox's free, df, nproc, uptime and ip in the cluster's containers (busybox.ts); a promise while the tools load. */
export function containerMachine(cluster: Cluster): MachineFunction {
  return (argv, from) => loaded?.containerTool(cluster, argv, from) ?? (loaded ? undefined : loadNodeTools().then(() => undefined, () => undefined));
}

function lazy(name: string): CommandSpec {
  return {
    name,
    get summary() {
      return loaded?.NODE_TOOLS[name].summary ?? '';
    },
    run: (ctx) => runNodeTool(name, ctx),
  };
}

export const NODE_COMMANDS: CommandSpec[] = [
  lazy('crictl'),
  lazy('df'),
  lazy('env'),
  lazy('findmnt'),
  lazy('free'),
  lazy('id'),
  lazy('ip'),
  lazy('iptables'),
  lazy('iptables-save'),
  lazy('journalctl'),
  lazy('kubeadm'),
  lazy('lsblk'),
  lazy('lscpu'),
  lazy('mount'),
  lazy('nproc'),
  lazy('pgrep'),
  lazy('pidof'),
  lazy('pkill'),
  lazy('ps'),
  lazy('ss'),
  lazy('ssh'),
  lazy('su'),
  lazy('sudo'),
  lazy('systemctl'),
  lazy('top'),
  lazy('umount'),
  lazy('uptime'),
];
