/**
 * The command tree (cobra's model): every kubectl verb is a Command with its
 * flags as data, its help texts, and a `run` that receives an Invocation.
 * Verbs live one per file under engine/kubectl/verbs/ and are registered in
 * engine/kubectl/verbs/index.ts; nothing else needs to know about them.
 *
 * How to add a verb (part B):
 *   1. create verbs/<name>.ts exporting a `Command` (copy the shape of verbs/version.ts);
 *   2. list its flags as FlagDef data (name, shorthand, type, default, usage — the usage
 *      text exactly as `kubectl <verb> --help` prints it), reuse the shared sets in
 *      framework/common-flags.ts (filename, selector, output, dry-run...);
 *   3. add it to VERBS in verbs/index.ts at the place real kubectl lists it.
 * The framework gives you: parsed flags, the namespace (from -n or the kubeconfig
 * context), a Client, the resource builder (framework/builder.ts), printers
 * (printers/), and error printing in kubectl's format (throw, or return 1).
 */
import type { Client } from '../../api/client.js';
import type { ProcessContext } from '../../shell/process.js';
import type { FlagDef, FlagValues } from './flags.js';
import type { KubeSession } from './session.js';

export interface Command {
  name: string;
  aliases?: string[];
  /** One line, shown in the parent's command list; a lazily loaded verb's is in its help text (verbs/help-text*.ts). */
  short?: string;
  /** Opening paragraphs of --help exactly as kubectl renders them (defaults to `short`). */
  long?: string;
  /** The Examples section, already indented as kubectl prints it. */
  example?: string;
  /** cobra's Use, after "kubectl ": e.g. `describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)`. */
  use?: string;
  flags?: FlagDef[];
  /** A flag error ends with `See '<path> -h' for help and examples` (kubectl diff), not cobra's `--help' for usage.`. */
  flagErrorsAsUsage?: boolean;
  subcommands?: Command[];
  /** Heading of the subcommand list in --help (root groups its verbs). */
  group?: string;
  run?(inv: Invocation): number | Promise<number>;
  /** Neither listed nor suggested (cobra's help command). */
  hidden?: boolean;
  /** Not listed in the parent's --help, still suggested (`kubectl options`, filtered from the root's list). */
  unlisted?: boolean;
  /** A group without cobra's Run (`kubectl alpha`): --help has no Usage line, and any call prints the help. */
  notRunnable?: boolean;
  /** Completion of positional arguments (object names, subcommands...). */
  completeArgs?(c: CompletionContext, args: string[], toComplete: string): string[];
}

export interface CompletionContext {
  client(): Client;
  namespace: string;
}

/** Everything a verb needs for one run. */
export interface Invocation {
  ctx: ProcessContext;
  cmd: Command;
  /** e.g. "kubectl get", "kubectl config view" (cobra's CommandPath). */
  path: string;
  args: string[];
  flags: FlagValues;
  /** Position in args where `--` was, or -1. */
  argsLenAtDash: number;
  session: KubeSession;
  /** The namespace to use: -n, else the current context's, else "default". */
  namespace: string;
  /** True when -n/--namespace was given (kubectl's enforceNamespace). */
  explicitNamespace: boolean;
  client(): Client;
  /** The client certificate the kubeconfig's user presents, when it is not kubeadm's admin one. */
  certificate?: string;
  /** Virtual time, for ages. */
  now(): number;
  out(text: string): void;
  err(text: string): void;
  /**
   * printers.WarningPrinter.Print, the commands' own warnings (drain, delete, set env, debug, auth can-i):
   * coloured where kubectl colours (printers.AllowsColorOutput). Texts kubectl writes with a plain Fprintf
   * (apply's, create role's) go through `err`.
   */
  warn(message: string): void;
}

/** A usage error: printed as `error: <msg>\nSee '<path> -h' for help and examples`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An error whose text is printed as is (already formatted), with exit code 1. */
export class PlainError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'PlainError';
  }
}

/** Several errors printed one per line (utilerrors.Aggregate through CheckErr). */
export class AggregateError extends Error {
  constructor(readonly errors: unknown[]) {
    super(errors.map((e) => String((e as Error)?.message ?? e)).join('\n'));
    this.name = 'AggregateError';
  }
}

export function commandPath(chain: Command[]): string {
  return chain.map((c) => c.name).join(' ');
}

export function findSubcommand(cmd: Command, name: string): Command | undefined {
  return cmd.subcommands?.find((c) => c.name === name || c.aliases?.includes(name));
}
