/**
 * The node's own tools (crictl, journalctl, systemctl, ps, ssh): only their names load
 * with the lab; the code loads on first use, while the clock is held so
 * simulated time does not move during the load (as lazy kubectl verbs do).
 */
import type { CommandSpec, ProcessContext } from '../../process.js';

type NodeTools = typeof import('./tools.js');

let loading: Promise<NodeTools> | undefined;

/** Loads the tools' module (the page prefetches it once its prompt is ready). */
export function loadNodeTools(): Promise<NodeTools> {
  return (loading ??= import('./tools.js'));
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
  lazy('journalctl', 'Print log entries from the systemd journal'),
  lazy('ps', 'report a snapshot of the current processes'),
  lazy('ssh', 'OpenSSH remote login client'),
  lazy('systemctl', 'Control the systemd system and service manager'),
];
