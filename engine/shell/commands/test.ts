import type { CommandSpec, FileStat, ProcessContext, VirtualFileSystem } from '../process.js';
import { EMPTY_INPUT } from '../streams.js';

/**
 * isatty(fd) for 0, 1 and 2. Standard input is the terminal when a line typed there runs with the terminal's input
 * (EMPTY_INPUT: no pipe, `< file` or here-document replaced it) and one of its outputs is the terminal too (not in the
 * tests' sessions without a terminal, nor under `watch`).
 */
export function isatty(ctx: Pick<ProcessContext, 'stdin' | 'terminal'>, fd: number): boolean {
  switch (fd) {
    case 0: return ctx.stdin === EMPTY_INPUT && (ctx.terminal.isTTY || !!ctx.terminal.stderrIsTTY);
    case 1: return ctx.terminal.isTTY;
    case 2: return !!ctx.terminal.stderrIsTTY;
    default: return false;
  }
}

/** `-t FD` of test and [[: bash takes what legal_number takes; anything else is a descriptor that is not open. */
export function ttyTest(ctx: Pick<ProcessContext, 'stdin' | 'terminal'>, operand: string): boolean {
  return /^\s*[-+]?[0-9]+\s*$/.test(operand) && isatty(ctx, Number(operand));
}

/**
 * The file operators of bash's unary_test (test.c), which `test`/`[` and `[[` share: `st` is the operand's file,
 * undefined when it does not exist (every operator but -h and -L follows links); undefined for an operator that is not
 * a file operator. A directory has a size (-s); the simulated files have no devices, pipes, sockets or set-id bits,
 * and -O and -G hold for every file.
 */
export function fileTest(op: string, fs: VirtualFileSystem, path: string): boolean | undefined {
  let st: FileStat | undefined;
  try {
    if (op === '-h' || op === '-L') return fs.lstat?.(path)?.type === 'link';
    st = fs.stat(path);
  } catch {
    // A folder above it refuses the search: as far as test can tell, it is not there.
  }
  // access(2) for -r, -w, -x: the learner's permissions (root's pass; execute only where some x bit is set).
  const may = (want: number) => !!st && (fs.access?.(path, want) ?? true);
  switch (op) {
    case '-e': case '-a': case '-O': case '-G': return !!st;
    case '-r': return may(4);
    case '-w': return may(2);
    case '-f': return st?.type === 'file';
    case '-d': return st?.type === 'dir';
    case '-s': return !!st && (st.type === 'dir' || st.size > 0);
    case '-x': return may(1) && (st!.type === 'dir' || !!((st!.mode ?? 0) & 0o111));
    case '-b': case '-c': case '-g': case '-h': case '-k': case '-L': case '-N': case '-p': case '-S': case '-u': return false;
  }
  return undefined;
}

/** test EXPRESSION / [ EXPRESSION ]: bash's builtin test, with its error texts and exit 2 on misuse. */
function makeTest(name: 'test' | '['): CommandSpec {
  return {
    name,
    summary: 'check file types and compare values',
    run(ctx) {
      let args = ctx.argv.slice(1);
      if (name === '[') {
        if (args[args.length - 1] !== ']') { ctx.stderr.write("bash: [: missing `]'\n"); return 2; }
        args = args.slice(0, -1);
      }
      try {
        return evaluate(ctx, args) ? 0 : 1;
      } catch (e) {
        ctx.stderr.write(`bash: ${name}: ${(e as Error).message}\n`);
        return 2;
      }
    },
  };
}

function evaluate(ctx: ProcessContext, args: string[]): boolean {
  const orIdx = args.indexOf('-o');
  if (orIdx > 0) return evaluate(ctx, args.slice(0, orIdx)) || evaluate(ctx, args.slice(orIdx + 1));
  const andIdx = args.indexOf('-a');
  if (andIdx > 0 && args.length > 3) return evaluate(ctx, args.slice(0, andIdx)) && evaluate(ctx, args.slice(andIdx + 1));
  if (args[0] === '!' && args.length > 1) return !evaluate(ctx, args.slice(1));
  if (args.length === 0) return false;
  if (args.length === 1) return args[0] !== '';
  if (args.length === 2) {
    const [op, v] = args;
    if (op === '-z') return v === '';
    if (op === '-n') return v !== '';
    if (op === '-t') return ttyTest(ctx, v);
    const found = fileTest(op, ctx.fs, ctx.fs.resolve(ctx.cwd, v));
    if (found === undefined) throw new Error(`${op}: unary operator expected`);
    return found;
  }
  if (args.length === 3) {
    const [a, op, b] = args;
    const int = (s: string) => {
      if (!/^\s*[-+]?[0-9]+\s*$/.test(s)) throw new Error(`${s}: integer expression expected`);
      return Number(s);
    };
    switch (op) {
      case '=': case '==': return a === b;
      case '!=': return a !== b;
      case '<': return a < b;
      case '>': return a > b;
      case '-eq': return int(a) === int(b);
      case '-ne': return int(a) !== int(b);
      case '-lt': return int(a) < int(b);
      case '-le': return int(a) <= int(b);
      case '-gt': return int(a) > int(b);
      case '-ge': return int(a) >= int(b);
    }
    throw new Error(`${op}: binary operator expected`);
  }
  throw new Error('too many arguments');
}

export const test = makeTest('test');
export const bracket = makeTest('[');
