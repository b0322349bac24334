/**
 * `kubectl plugin list`: executables named kubectl-* in the directories of
 * $PATH (none in this terminal unless the learner writes one).
 */
import type { Command, Invocation } from '../framework/command.js';
import { PlainError } from '../framework/command.js';
import { verbE } from './verb-e.js';

export const NO_PLUGINS = 'error: unable to find any kubectl plugins in your PATH';

function runPluginList(inv: Invocation): number {
  const fs = inv.ctx.fs;
  const seen = new Set<string>();
  const plugins: string[] = [];
  for (const dir of (inv.ctx.env.PATH ?? '').split(':')) {
    if (!dir.trim() || seen.has(dir)) continue;
    seen.add(dir);
    // The virtual filesystem lacks most system folders a real node has on $PATH
    // (/usr/local/sbin...), so a missing folder is passed over quietly rather than
    // with kubectl's "Unable to read directory" notice, which a real node would not print.
    for (const name of fs.readDir(dir) ?? []) {
      const p = `${dir.replace(/\/$/, '')}/${name}`;
      if (name.startsWith('kubectl-') && fs.stat(p)?.type !== 'dir') plugins.push(p);
    }
  }
  if (plugins.length === 0) throw new PlainError(`${NO_PLUGINS}\n`);
  inv.out('The following compatible plugins are available:\n\n');
  for (const p of plugins) inv.out(`${inv.flags.bool('name-only') ? p.slice(p.lastIndexOf('/') + 1) : p}\n`);
  return 0;
}

export const plugin: Command = verbE('plugin', { subcommands: [verbE('plugin list', { run: runPluginList })] });
