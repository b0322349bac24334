/** A Command from part F's help data (help-data-f.ts), plus what the verb adds. */
import type { Command } from '../framework/command.js';
import { HELP_F } from './help-data-f.js';

export function verbF(path: string, rest: Partial<Command> = {}): Command {
  const h = HELP_F[path];
  if (!h) throw new Error(`no help data for ${path}`);
  const name = path.split(' ').pop()!;
  return { name, short: h.short, long: h.long, example: h.example, use: h.use, aliases: h.aliases?.length ? h.aliases : undefined, flags: h.flags, ...rest };
}
