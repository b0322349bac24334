/**
 * The flag tables of the lazily loaded verbs (lazy.ts) load on first use, with
 * the verb's first run: a fresh lab's page needs none of them before its
 * prompt. Their entries in the help data (help-data*.ts) keep what finding the
 * command needs (name, aliases, short, use) and name their flags `later(path)`:
 * an array that is filled in place when help-flags.ts loads, so every Command
 * built from the entry (spread or not) sees the table once it is there.
 *
 * Whoever reads a command's flags loads them first: runKubectl before it walks
 * the command line (`needsFlagTables`), loadHelpTexts (--help and `kubectl help`
 * print them), the lab's Tab completion; the lab prefetches them at idle
 * (loadLazyVerbs).
 */
import type { Command } from '../framework/command.js';
import type { FlagDef } from '../framework/flags.js';
import { lazyModule } from '../../util/lazy-module.js';

type Tables = Record<string, FlagDef[]>;

/** Each array handed out before the tables came, with how it is filled from them. */
const waiting = new Map<FlagDef[], (t: Tables) => FlagDef[]>();

const tables = lazyModule(() => import('./help-flags.js').then((m) => {
  for (const [into, fill] of waiting) into.push(...fill(m.FLAGS));
  waiting.clear();
  return m.FLAGS;
}));

/** The flags of `path` ("rollout status"), which are in help-flags.ts. */
export function later(path: string): FlagDef[] {
  const t = tables.loaded();
  if (t) return t[path];
  const into: FlagDef[] = [];
  waiting.set(into, (t) => t[path]);
  return into;
}

/** `change(flags)`, for flags that may still be waiting for their table: then an array filled with the change once it comes. */
export function derived(flags: FlagDef[], change: (flags: FlagDef[]) => FlagDef[]): FlagDef[] {
  const fill = waiting.get(flags);
  if (!fill) return change(flags);
  const into: FlagDef[] = [];
  waiting.set(into, (t) => change(fill(t)));
  return into;
}

export function flagTablesLoaded(): boolean {
  return tables.loaded() !== undefined;
}

/** Loads the tables (once); the arrays handed out are filled when this resolves. */
export function loadFlagTables(): Promise<unknown> {
  return tables.load();
}

/** Whether a command of `chain` (the command line walked so far) has flags that have not loaded. */
export function needsFlagTables(chain: readonly Command[]): boolean {
  return waiting.size > 0 && chain.some((c) => c.flags !== undefined && waiting.has(c.flags));
}
