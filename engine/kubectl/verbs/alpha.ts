/**
 * `kubectl alpha`: the commands of features in alpha. kubectl v1.35.2 has one,
 * `kuberc` (user preferences), whose `set` and `view` are listed with their help;
 * the lab has no kuberc file to manage, so they print their help.
 */
import type { Command } from '../framework/command.js';
import { HELP_H } from './help-data-h.js';

function decl(path: string, rest: Partial<Command> = {}): Command {
  const h = HELP_H[path];
  return { name: path.split(' ').pop()!, short: h.short, use: h.use, aliases: h.aliases, flags: h.flags, ...rest };
}

export const alpha: Command = decl('alpha', {
  notRunnable: true,
  subcommands: [decl('alpha kuberc', { subcommands: [decl('alpha kuberc set'), decl('alpha kuberc view')] })],
});
