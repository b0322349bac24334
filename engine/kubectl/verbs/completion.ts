/**
 * `kubectl completion bash|zsh|fish|powershell`, loaded on first run with the scripts (completion-scripts.ts):
 * learners paste `source <(kubectl completion bash)` into ~/.bashrc, and the script works here as on a node.
 */
import { UsageError, type Command, type Invocation } from '../framework/command.js';
import { COMPLETION_SCRIPTS } from './completion-scripts.js';
import { COMPLETION_DECL } from './completion-decl.js';

function runCompletion(inv: Invocation): number {
  if (inv.args.length === 0) throw new UsageError('Shell not specified.');
  if (inv.args.length > 1) throw new UsageError('Too many arguments. Expected only the shell type.');
  const script = COMPLETION_SCRIPTS[inv.args[0]];
  if (!script) throw new UsageError(`Unsupported shell type "${inv.args[0]}".`);
  inv.out(script);
  return 0;
}

export const completion: Command = { ...COMPLETION_DECL, run: runCompletion };
