/**
 * `kubectl alpha`: the commands of features in alpha. kubectl v1.35.2 has one,
 * `kuberc` (user preferences), whose `set` and `view` edit and print the
 * preferences file (kuberc.ts, loaded on first use).
 */
import type { Command } from '../framework/command.js';
import { HELP_H } from './help-data-h.js';
import { RUNS, lazyVerb } from './lazy.js';

function decl(path: string, rest: Partial<Command> = {}): Command {
  const h = HELP_H[path];
  return { name: path.split(' ').pop()!, short: h.short, use: h.use, aliases: h.aliases, flags: h.flags, ...rest };
}

export const alpha: Command = decl('alpha', {
  notRunnable: true,
  subcommands: [decl('alpha kuberc', {
    subcommands: [
      lazyVerb(decl('alpha kuberc set', { run: RUNS }), () => import('./kuberc.js').then((m) => m.kubercSet)),
      lazyVerb(decl('alpha kuberc view', { run: RUNS }), () => import('./kuberc.js').then((m) => m.kubercView)),
    ],
  })],
});
