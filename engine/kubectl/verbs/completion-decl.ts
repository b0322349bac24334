/** `kubectl completion`'s declaration: its help, flags and argument completion, without the scripts it prints. */
import type { Command } from '../framework/command.js';
import { verbE } from './verb-e.js';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish', 'powershell'];

export const COMPLETION_DECL: Command = verbE('completion', {
  completeArgs: (_c, args) => (args.length === 0 ? COMPLETION_SHELLS : []),
});
