/**
 * Shared helpers for the coreutils-like commands: GNU-style option parsing
 * from a flag table, and reading "files or stdin" with coreutils' messages.
 */
import type { ProcessContext } from '../process.js';
import { FsError, ERRNO_TEXT, type Errno } from '../vfs.js';

export interface FlagDef {
  /** Short letter (`n`) and/or long name (`lines`). */
  short?: string;
  long?: string;
  /** Takes a value (`-n 5`, `-n5`, `--lines=5`). */
  value?: boolean;
  /** Key in the result. */
  key: string;
}

export interface ParsedArgs {
  flags: Record<string, string | true | undefined>;
  /** Every value of a repeated flag, in order (grep -e, curl -H). */
  all: Record<string, string[]>;
  /** The flags' keys in the order given (where the last of two flags wins: readlink -f/-e/-m). */
  order: string[];
  operands: string[];
}

export class UsageError extends Error {}

/**
 * GNU getopt_long behaviour: options may follow operands, `--` ends options,
 * short flags cluster (`-la`). Unknown options throw UsageError with the text
 * coreutils prints (`invalid option -- 'z'`).
 */
export function parseArgs(name: string, args: string[], defs: FlagDef[], opts: { stopAtFirstOperand?: boolean } = {}): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  const all: ParsedArgs['all'] = {};
  const operands: string[] = [];
  const order: string[] = [];
  const set = (d: FlagDef, v: string | true) => {
    flags[d.key] = v;
    order.push(d.key);
    (all[d.key] ??= []).push(v === true ? '' : v);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { operands.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const long = a.slice(2, eq < 0 ? undefined : eq);
      const matches = defs.filter((d) => d.long && d.long.startsWith(long));
      const d = matches.find((m) => m.long === long) ?? (matches.length === 1 ? matches[0] : undefined);
      if (!d) throw new UsageError(matches.length > 1 ? `option '--${long}' is ambiguous` : `unrecognized option '${a}'`);
      if (d.value) {
        const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) throw new UsageError(`option '--${d.long}' requires an argument`);
        set(d, v);
      } else {
        if (eq >= 0) throw new UsageError(`option '--${d.long}' doesn't allow an argument`);
        set(d, true);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-[0-9]/.test(a) || (a.startsWith('-') && a.length > 1 && defs.some((d) => d.short === a[1]))) {
      for (let k = 1; k < a.length; k++) {
        const c = a[k];
        const d = defs.find((x) => x.short === c);
        if (!d) throw new UsageError(`invalid option -- '${c}'`);
        if (d.value) {
          const v = k + 1 < a.length ? a.slice(k + 1) : args[++i];
          if (v === undefined) throw new UsageError(`option requires an argument -- '${c}'`);
          set(d, v);
          break;
        }
        set(d, true);
      }
      continue;
    }
    operands.push(a);
    if (opts.stopAtFirstOperand) { operands.push(...args.slice(i + 1)); break; }
  }
  return { flags, all, order, operands };
}

/** lstat(2) where the filesystem has links, else stat. */
export function lstatOf(fs: ProcessContext['fs'], p: string) {
  return fs.lstat ? fs.lstat(p) : fs.stat(p);
}

/** strerror's text for what the filesystem threw (FsError), else the error's own message. */
export function fsErrorText(e: unknown): string {
  if (e instanceof FsError) return ERRNO_TEXT[e.code];
  throw e;
}

/** Prints `name: message` and `Try 'name --help' for more information.` as coreutils does; exit code 1 (or 2 for grep-like tools). */
export function usageError(ctx: ProcessContext, name: string, message: string, code = 1): number {
  ctx.stderr.write(`${name}: ${message}\nTry '${name} --help' for more information.\n`);
  return code;
}

/** usageError for what parseArgs threw (a UsageError); anything else is not a usage error and goes on up. */
export function usageFailure(ctx: ProcessContext, name: string, e: unknown, code = 1): number {
  if (e instanceof UsageError) return usageError(ctx, name, e.message, code);
  throw e;
}

/** A file's text, or the errno opening or reading it failed with (a folder opens, then reading it fails). Writes nothing. */
export function fileText(ctx: ProcessContext, file: string): string | { errno: Errno } {
  const p = ctx.fs.resolve(ctx.cwd, file);
  try {
    const st = ctx.fs.stat(p);
    if (!st) throw new FsError('ENOENT', p);
    if (st.type === 'dir') return { errno: 'EISDIR' };
    return ctx.fs.readFile(p) ?? '';
  } catch (e) {
    if (e instanceof FsError) return { errno: e.code };
    throw e;
  }
}

/**
 * Reads a file for a command, or reports `name: file: No such file or directory` (or `Permission denied`);
 * `missing`: the tool's own wording of a file it could not open, as sed's `can't read FILE: …` (a folder, which
 * opens, is `name: file: Is a directory`).
 */
export function readFileFor(ctx: ProcessContext, name: string, file: string, missing?: (file: string, why: string) => string): string | undefined {
  const text = fileText(ctx, file);
  if (typeof text === 'string') return text;
  const why = ERRNO_TEXT[text.errno];
  ctx.stderr.write(`${missing && text.errno !== 'EISDIR' ? missing(file, why) : `${name}: ${file}: ${why}`}\n`);
  return undefined;
}

/** head's and tail's line for a file they could not open. */
export const openFailed = (name: string) => (file: string, why: string) => `${name}: cannot open ${sq(file)} for reading: ${why}`;

/** Each operand's text (`-` or none means stdin); `ok` is false when any file failed. */
export async function readInputs(ctx: ProcessContext, name: string, files: string[]): Promise<{ texts: { name: string; text: string }[]; ok: boolean }> {
  const texts: { name: string; text: string }[] = [];
  let ok = true;
  if (files.length === 0) files = ['-'];
  for (const f of files) {
    if (f === '-') {
      texts.push({ name: '(standard input)', text: await ctx.stdin.readAll() });
      continue;
    }
    const t = readFileFor(ctx, name, f);
    if (t === undefined) ok = false;
    else texts.push({ name: f, text: t });
  }
  return { texts, ok };
}

export function lines(text: string): string[] {
  if (text === '') return [];
  const ls = text.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

/** coreutils' `‘name’` quoting in UTF-8 locales (mkdir, cp, mv, touch). */
export function q(name: string): string {
  return `‘${name}’`;
}

/**
 * quotearg's shell-escape-always style (quoteaf): in single quotes, or in double quotes when the name has a single
 * quote and nothing a shell expands between double quotes; else a quote as '\''.
 */
export const quoteAlways = (s: string) => (s.includes("'") && !/[$`"\\]/.test(s) ? `"${s}"` : `'${s.replace(/'/g, "'\\''")}'`);

/** quotef: shell-escape style, quoting only a name the shell would need quoted. */
export const quotef = (name: string) => (/^[\w./:,+@%=-]+$/.test(name) ? name : quoteAlways(name));

/** ls/rm quoting: shell-escape style, straight quotes. */
export function sq(name: string): string {
  return `'${name}'`;
}

/** Lets a producer that writes in a loop give readers (and Ctrl-C) a turn. */
export function yieldTurn(): Promise<void> {
  return Promise.resolve();
}
