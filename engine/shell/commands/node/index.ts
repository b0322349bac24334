/**
 * The node's own tools (crictl, journalctl, systemctl, ps, ssh, free, df, ip, ss…): only their names load
 * with the lab; the code loads on first use, while the clock is held so
 * simulated time does not move during the load (as lazy kubectl verbs do).
 */
import type { CommandSpec, ProcessContext } from '../../process.js';

type NodeTools = typeof import('./tools.js');

let loading: Promise<NodeTools> | undefined;
let loaded: NodeTools | undefined;

/** Loads the tools' module (the page prefetches it once its prompt is ready). */
export function loadNodeTools(): Promise<NodeTools> {
  return (loading ??= import('./tools.js').then((m) => (loaded = m)));
}

/**
 * Before a command that names a /proc file runs on a node: loads the tools with the clock held and lays the node's
 * /proc (meminfo, cpuinfo, loadavg, uptime) over the command's files.
 */
export async function loadForProc(ctx: ProcessContext, argv: string[]): Promise<void> {
  if (!ctx.cluster || !argv.some((a) => a.startsWith('/proc/') || a === '/proc')) return;
  if (!loaded) {
    const release = ctx.cluster.clock.hold();
    try {
      await loadNodeTools();
    } finally {
      release();
    }
  }
  ctx.fs = loaded!.withProcFiles(ctx.fs, ctx);
}

function lazy(name: string, summary: string): CommandSpec {
  return {
    name,
    summary,
    async run(ctx: ProcessContext) {
      const release = ctx.cluster?.clock.hold();
      let mod: NodeTools;
      try {
        mod = await loadNodeTools();
      } finally {
        release?.();
      }
      return mod.NODE_TOOLS[name].run(ctx);
    },
  };
}

export const NODE_COMMANDS: CommandSpec[] = [
  lazy('crictl', 'client for CRI'),
  lazy('df', 'report file system space usage'),
  lazy('free', 'Display amount of free and used memory in the system'),
  lazy('id', 'print real and effective user and group IDs'),
  lazy('ip', 'show / manipulate routing, network devices, interfaces and tunnels'),
  lazy('journalctl', 'Print log entries from the systemd journal'),
  lazy('nproc', 'print the number of processing units available'),
  lazy('ps', 'report a snapshot of the current processes'),
  lazy('ss', 'another utility to investigate sockets'),
  lazy('ssh', 'OpenSSH remote login client'),
  lazy('systemctl', 'Control the systemd system and service manager'),
  lazy('uptime', 'Tell how long the system has been running.'),
];

/** `hostname -I`: the node's addresses, from the devices ip lists (loaded with the tools). */
export async function hostAddresses(ctx: ProcessContext): Promise<string> {
  const release = ctx.cluster?.clock.hold();
  try {
    return (await loadNodeTools()).hostAddresses(ctx);
  } finally {
    release?.();
  }
}
