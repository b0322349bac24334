/**
 * What --record does (RecordFlags.Complete, ChangeCauseRecorder): the command line as cobra's ParseAll sees it —
 * the program's base name, the words that are not flags (the command's own among them), then every flag in the
 * order given as --NAME=VALUE — goes into the object's kubernetes.io/change-cause annotation, which rollout
 * history shows. Loaded by the verbs that record, when the flag is there.
 */
import type { KObject } from '../../api/meta.js';
import type { Invocation } from '../framework/command.js';
import { parseFlags } from '../framework/flags.js';
import { GLOBAL_FLAGS } from '../framework/root.js';
import { CHANGE_CAUSE_ANNOTATION } from './rollout.js';

/** pflag's notice for a deprecated flag, printed as it is parsed. */
export const RECORD_DEPRECATION = 'Flag --record has been deprecated, --record will be removed in the future\n';

/** Flags whose values stay out of the record (marked "classified"). */
const CLASSIFIED = new Set(['token', 'password']);

/** The change cause to record: undefined unless --record is true; the deprecation notice whenever it is given. */
export function changeCause(inv: Invocation): string | undefined {
  if (!inv.flags.changed('record')) return undefined;
  inv.err(RECORD_DEPRECATION);
  if (!inv.flags.bool('record')) return undefined;
  const own = inv.cmd.flags ?? [];
  const defs = [...own, ...GLOBAL_FLAGS.filter((g) => !own.some((f) => f.name === g.name || (g.shorthand && f.shorthand === g.shorthand)))];
  const seen: [string, string][] = [];
  let args: string[];
  try {
    args = parseFlags(inv.ctx.argv.slice(1), defs, seen).args;
  } catch {
    return '';
  }
  const base = (inv.ctx.argv[0] ?? 'kubectl').split('/').pop()!;
  return [base, ...args].join(' ') + seen.map(([n, v]) => ` --${n}=${CLASSIFIED.has(n) ? 'CLASSIFIED' : v}`).join('');
}

/** The object with the change cause among its annotations (a copy: the one given is left as it is). */
export function recorded<T extends KObject>(obj: T, cause: string): T {
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata?.annotations ?? {}), [CHANGE_CAUSE_ANNOTATION]: cause } } };
}
