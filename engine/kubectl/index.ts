/**
 * kubectl for the shell (engine/shell/process.ts contract). The framework is
 * in framework/ (flags, command tree, help, errors, kubeconfig, builder), the
 * printers in printers/, one file per verb in verbs/.
 */
import type { CommandSpec } from '../shell/process.js';
import type { Command } from './framework/command.js';
import { runKubectl } from './framework/root.js';
import { completeKubectl } from './framework/complete.js';
import { helpCommand, options } from './framework/help-command.js';
import { VERBS } from './verbs/index.js';

export const KUBECTL_ROOT: Command = {
  name: 'kubectl',
  short: 'kubectl controls the Kubernetes cluster manager',
  long: 'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/',
  use: 'kubectl [flags]',
  subcommands: [...VERBS, options, helpCommand(() => KUBECTL_ROOT)],
};

export const kubectl: CommandSpec = {
  name: 'kubectl',
  summary: 'kubectl controls the Kubernetes cluster manager',
  run: async (ctx) => {
    const exitCode = await runKubectl(KUBECTL_ROOT, ctx);
    ctx.cluster.history.push({ time: ctx.cluster.clock.now(), kind: 'kubectl', argv: ctx.argv.slice(1), exitCode });
    return exitCode;
  },
  complete: (argv, ctx) => completeKubectl(KUBECTL_ROOT, argv, ctx),
};
