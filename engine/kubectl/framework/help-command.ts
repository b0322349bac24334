/**
 * The root's two commands that are about kubectl itself rather than the
 * cluster: cobra's `help [command]` and kubectl's `options` (the global flags).
 */
import type { Command } from './command.js';
import { loadHelpTexts, renderFlagUsages, renderHelp, renderUsage } from './help.js';
import { GLOBAL_FLAGS, findCommand } from './root.js';

/** cobra's default help command: `kubectl help get` is `kubectl get --help`. */
export function helpCommand(root: () => Command): Command {
  return {
    name: 'help',
    short: 'Help about any command',
    long: 'Help provides help for any command in the application.\nSimply type kubectl help [path to command] for full details.',
    use: 'help [command] [flags]',
    hidden: true,
    async run(inv) {
      const texts = await loadHelpTexts(inv.ctx.cluster.clock);
      const found = findCommand(root(), inv.args);
      if (found.unknown !== undefined) {
        // c.Printf("Unknown help topic %#q\n", args), then the root's Usage(), both on stderr; the exit code stays 0.
        inv.err(`Unknown help topic [${inv.args.map(backquoted).join(' ')}]\n${renderUsage(found.chain, texts)}`);
        return 0;
      }
      inv.out(renderHelp(found.chain, texts));
      return 0;
    },
  };
}

/** Go's %#q: backquoted when the string can be, else double-quoted. */
function backquoted(s: string): string {
  return /^[^`\x00-\x08\x0a-\x1f\x7f]*$/.test(s) ? `\`${s}\`` : JSON.stringify(s);
}

/** `kubectl options`: OptionsUsageTemplate over the global flags, on stdout whatever the arguments. */
export const options: Command = {
  name: 'options',
  short: 'Print the list of flags inherited by all commands',
  long: 'Print the list of flags inherited by all commands',
  example: '  # Print flags inherited by all commands\n  kubectl options',
  use: 'options',
  unlisted: true,
  run(inv) {
    // --cache-dir's default is $HOME/.kube/cache.
    const home = inv.ctx.env.HOME || '/root';
    const flags = GLOBAL_FLAGS.map((f) => (f.name === 'cache-dir' ? { ...f, default: `${home}/.kube/cache` } : f));
    inv.out(`The following options can be passed to any command:\n\n${renderFlagUsages(flags)}`);
    return 0;
  },
};
