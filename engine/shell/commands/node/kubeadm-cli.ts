/**
 * kubeadm's command line as cobra v1 and pflag build it: the command tree,
 * `--help` through cobra's default usage template, pflag's flag table
 * (FlagUsages: flags sorted, the value type after the name, defaults that are
 * not the zero value in parentheses, usages aligned three columns past the
 * longest name), cobra's lookup of subcommands and its errors. The root is
 * SilenceErrors/SilenceUsage, so an error prints only through kubeadm's
 * CheckErr (util/error.go): the message, then the --v=5 hint, exit status 1.
 */
import { formatGoDuration, parseFlags, FlagError, type FlagDef, type FlagValues } from '../../../kubectl/framework/flags.js';
import type { ProcessContext } from '../../process.js';

export interface Invocation {
  ctx: ProcessContext;
  flags: FlagValues;
  args: string[];
  /** The command's path, "kubeadm token create". */
  path: string;
}

export interface KubeadmCommand {
  name: string;
  short: string;
  long?: string;
  /** cobra's Use after the name ("[token]"). */
  useArgs?: string;
  example?: string;
  aliases?: string[];
  flags?: FlagDef[];
  /** Flags its subcommands inherit (shown to them as "Global Flags"). */
  persistent?: FlagDef[];
  subcommands?: KubeadmCommand[];
  disableFlagsInUseLine?: boolean;
  /** cobra.NoArgs: any argument is an unknown command. */
  noArgs?: boolean;
  run?: (inv: Invocation) => number | Promise<number>;
}

/** kubeadm's ErrInvalidSubCommandMsg: CheckErr prints such errors without the stack-trace hint. */
const INVALID_SUBCOMMAND = 'invalid subcommand';
/** CheckErr's ErrExit: exit 1 with nothing more printed (cmdutil.SubCmdRun after printing help). */
export class ExitError extends Error {}

export class KubeadmError extends Error {}

/** A utilerrors.Aggregate of field errors: CheckErr prints it without the hint and exits 3 (ValidationExitCode). */
export class ValidationError extends KubeadmError {
  constructor(errors: string[]) {
    super(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
  }
}

/** util.CheckErr: the message (and the hint at verbosity below 5) on stderr; exit status 1. */
export function checkErr(ctx: ProcessContext, err: unknown): number {
  if (err instanceof ExitError) return 1;
  const msg = err instanceof Error ? err.message : String(err);
  if (err instanceof ValidationError) {
    ctx.stderr.write(msg + '\n');
    return 3;
  }
  const text = msg.includes(INVALID_SUBCOMMAND) ? msg : `${msg}\nTo see the stack trace of this error execute with --v=5 or higher`;
  ctx.stderr.write(text.endsWith('\n') ? text : text + '\n');
  return 1;
}

/** cmdutil.SubCmdRunE: a command that only groups others refuses to run. */
export function subCmdRunE(name: string): (inv: Invocation) => number {
  return ({ args }) => {
    if (args.length < 1) throw new KubeadmError(`missing subcommand; "${name}" is not meant to be run on its own`);
    throw new KubeadmError(`${INVALID_SUBCOMMAND}: "${args[0]}"`);
  };
}

/** cmdutil.SubCmdRun: prints the command's help, then exits 1 (or names the unknown subcommand). */
export function subCmdRun(chain: () => KubeadmCommand[]): (inv: Invocation) => number {
  return ({ ctx, args, path }) => {
    if (args.length > 0) throw new KubeadmError(`${INVALID_SUBCOMMAND} "${args.join(' ')}"\nSee '${path} -h' for help and examples`);
    ctx.stdout.write(renderHelp(chain()));
    throw new ExitError();
  };
}

const HELP_FLAG = (name: string): FlagDef => ({ name: 'help', shorthand: 'h', type: 'bool', usage: `help for ${name}` });

// ---------- help ----------

/** pflag's UnquoteUsage type names. */
function varName(f: FlagDef & { varName?: string }): string {
  if (f.varName !== undefined) return f.varName;
  switch (f.type) {
    case 'bool': return '';
    case 'stringSlice': return 'strings';
    default: return f.type;
  }
}

function defaultText(f: FlagDef): string | undefined {
  if (f.defaultText !== undefined) return f.defaultText;
  const d = f.default;
  if (d === undefined || d === false || d === '' || d === 0 || (Array.isArray(d) && d.length === 0)) return undefined;
  if (f.type === 'duration') return formatGoDuration(Number(d));
  if (Array.isArray(d)) return `[${d.join(',')}]`;
  if (f.type === 'string') return JSON.stringify(d);
  return String(d);
}

/** pflag FlagSet.FlagUsages (no wrapping). */
export function flagUsages(flags: FlagDef[]): string {
  const rows = flags
    .filter((f) => !f.hidden)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((f) => {
      const v = varName(f);
      const head = `${f.shorthand ? `  -${f.shorthand}, --` : '      --'}${f.name}${v ? ' ' + v : ''}`;
      const def = defaultText(f);
      return { head, usage: `${f.usage ?? ''}${def !== undefined ? ` (default ${def})` : ''}` };
    });
  const max = Math.max(0, ...rows.map((r) => r.head.length));
  return rows.map((r) => `${r.head}${' '.repeat(max - r.head.length + 3)}${r.usage}\n`).join('');
}

const isAvailable = (c: KubeadmCommand) => !!c.run || (c.subcommands ?? []).some(isAvailable);

function inherited(chain: KubeadmCommand[]): FlagDef[] {
  return chain.slice(0, -1).flatMap((c) => c.persistent ?? []);
}

function localFlags(cmd: KubeadmCommand): FlagDef[] {
  return [...(cmd.flags ?? []), ...(cmd.persistent ?? []), HELP_FLAG(cmd.name)];
}

/** cobra's default help template: the long description, then the usage template. */
export function renderHelp(chain: KubeadmCommand[]): string {
  const cmd = chain[chain.length - 1];
  const path = chain.map((c) => c.name).join(' ');
  const subs = [...(cmd.subcommands ?? []), ...(chain.length === 1 ? [HELP_COMMAND] : [])].sort((a, b) => (a.name < b.name ? -1 : 1));
  const listed = subs.filter(isAvailable);
  const topics = subs.filter((s) => !isAvailable(s) && !s.subcommands?.length);
  const local = localFlags(cmd);
  const global = inherited(chain);
  let out = `${(cmd.long ?? cmd.short).replace(/\s+$/, '')}\n\nUsage:`;
  if (cmd.run) {
    let use = `${path}${cmd.useArgs ? ' ' + cmd.useArgs : ''}`;
    if (!cmd.disableFlagsInUseLine) use += ' [flags]';
    out += `\n  ${use}`;
  }
  if (listed.length) out += `\n  ${path} [command]`;
  if (cmd.aliases?.length) out += `\n\nAliases:\n  ${[cmd.name, ...cmd.aliases].join(', ')}`;
  if (cmd.example) out += `\n\nExamples:\n${cmd.example}`;
  if (listed.length) {
    // cobra pads to the longest name among all the children added, listed or not.
    const pad = Math.max(11, ...subs.map((s) => s.name.length));
    out += `\n\nAvailable Commands:${listed.map((s) => `\n  ${s.name.padEnd(pad)} ${s.short}`).join('')}`;
  }
  out += `\n\nFlags:\n${flagUsages(local).replace(/\s+$/, '')}`;
  if (global.length) out += `\n\nGlobal Flags:\n${flagUsages(global).replace(/\s+$/, '')}`;
  if (topics.length) {
    const pad = Math.max(11, ...subs.map((s) => `${path} ${s.name}`.length));
    out += `\n\nAdditional help topics:${topics.map((t) => `\n  ${`${path} ${t.name}`.padEnd(pad)} ${t.short}`).join('')}`;
  }
  if (listed.length) out += `\n\nUse "${path} [command] --help" for more information about a command.`;
  return out + '\n';
}

const HELP_COMMAND: KubeadmCommand = {
  name: 'help',
  short: 'Help about any command',
  run: () => 0,
};

// ---------- lookup and execution ----------

/** cobra's findSuggestions: names within Levenshtein distance 2, or that start with the typed text. */
function suggestions(cmd: KubeadmCommand, typed: string): string {
  const names = [...(cmd.subcommands ?? []), HELP_COMMAND].filter(isAvailable).map((c) => c.name).sort();
  const found = names.filter((n) => levenshtein(typed.toLowerCase(), n.toLowerCase()) <= 2 || n.toLowerCase().startsWith(typed.toLowerCase()));
  return found.length ? `\n\nDid you mean this?\n${found.map((n) => `\t${n}\n`).join('')}` : '';
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/**
 * Command.Find: follows the words that name subcommands (flags in between are skipped, with their values when
 * the flag takes one), then hands the rest to the command found.
 */
function find(root: KubeadmCommand, argv: string[]): { chain: KubeadmCommand[]; rest: string[] } {
  const chain = [root];
  const rest = [...argv];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const cmd = chain[chain.length - 1];
    if (a === '--') break;
    if (a.startsWith('-')) {
      const name = a.replace(/^--?/, '');
      const known = [...localFlags(cmd), ...inherited(chain)].find((f) => (a.startsWith('--') ? f.name === name : f.shorthand === name));
      if (!a.includes('=') && known && known.type !== 'bool') i++;
      continue;
    }
    const next = (cmd.subcommands ?? []).find((s) => s.name === a || s.aliases?.includes(a));
    if (!next) break;
    chain.push(next);
    rest.splice(i, 1);
    i--;
  }
  return { chain, rest };
}

export async function execute(root: KubeadmCommand, ctx: ProcessContext, argv: string[]): Promise<number> {
  try {
    let { chain, rest } = find(root, argv);
    // `kubeadm help token create` is `kubeadm token create --help`.
    if (chain.length === 1 && rest[0] === 'help') {
      const target = find(root, rest.slice(1).filter((a) => !a.startsWith('-')));
      ctx.stdout.write(renderHelp(target.chain));
      return 0;
    }
    const cmd = chain[chain.length - 1];
    const path = chain.map((c) => c.name).join(' ');
    const defs = [...localFlags(cmd), ...inherited(chain)];
    let parsed;
    try {
      parsed = parseFlags(rest, defs);
    } catch (e) {
      if (e instanceof FlagError) throw new KubeadmError(e.message);
      throw e;
    }
    if (parsed.flags.bool('help')) {
      ctx.stdout.write(renderHelp(chain));
      return 0;
    }
    const args = parsed.args;
    // legacyArgs: the root (and a command without subcommands that takes none) rejects a word it does not know.
    if ((chain.length === 1 && args.length > 0) || (cmd.noArgs && args.length > 0)) {
      throw new KubeadmError(`unknown command "${args[0]}" for "${path}"${chain.length === 1 ? suggestions(cmd, args[0]) : ''}`);
    }
    if (!cmd.run) {
      ctx.stdout.write(renderHelp(chain));
      return 0;
    }
    return await cmd.run({ ctx, flags: parsed.flags, args, path });
  } catch (e) {
    if (e instanceof KubeadmError || e instanceof ExitError) return checkErr(ctx, e);
    throw e;
  }
}
