/** A Command from part E's help data (help-data-e.ts), plus what the verb adds. */
import type { Command } from '../framework/command.js';
import { HELP_E } from './help-data-e.js';

export function verbE(path: string, rest: Partial<Command> = {}): Command {
  const h = HELP_E[path];
  if (!h) throw new Error(`no help data for ${path}`);
  const name = path.split(' ').pop()!;
  return { name, short: h.short, long: h.long, example: h.example, use: h.use, aliases: h.aliases?.length ? h.aliases : undefined, flags: h.flags, ...rest };
}
