/**
 * expr: GNU coreutils' on the node, busybox's applet in containers. Both read
 * one argument per token with the same precedence (`|`, `&`, comparisons,
 * `+ -`, `* / %`, `:`, the keywords, parentheses); they differ in their error
 * texts, in what counts as an integer and as null, and in the integer width
 * (GNU: unbounded, busybox: 64 bits). Exit status: 0, 1 when the result is
 * null or 0, 2 for an invalid expression, 3 for an error.
 */
import type { CommandSpec } from '../process.js';
import { breToJs } from './grep.js';
import { q } from './util.js';

type Value = string | bigint;

/** What sets the two apart. */
interface Flavour {
  gnu: boolean;
}

export class ExprError extends Error {
  constructor(message: string, readonly status = 2) {
    super(message);
  }
}

const GNU_INT = /^-?[0-9]+$/;
/** busybox converts with strtoll: leading blanks and a sign allowed. */
const BB_INT = /^[ \t\n]*[-+]?[0-9]+$/;

/** Evaluates `args`; returns the printed result and the exit status, or throws ExprError with the message. */
export function evaluateExpr(args: string[], gnu: boolean): { text: string; status: number } {
  const f: Flavour = { gnu };
  let i = 0;
  const syntax = (gnuText: string) => new ExprError(gnu ? `syntax error: ${gnuText}` : 'syntax error');
  const toInt = (v: Value): bigint | undefined => (typeof v === 'bigint' ? v : (gnu ? GNU_INT : BB_INT).test(v) ? BigInt(v.trim()) : undefined);
  const wrap = (n: bigint) => (gnu ? n : BigInt.asIntN(64, n));
  const str = (v: Value) => String(v);
  const next = (tok: string) => args[i] === tok;
  // GNU does not evaluate the side of `|` / `&` that cannot change the result (`expr 1 \| 1 / 0` is 1); busybox does.
  let skip = 0;
  const lazily = (unneeded: boolean, sub: () => Value): Value => {
    const s = unneeded && gnu ? 1 : 0;
    skip += s;
    try {
      return sub();
    } finally {
      skip -= s;
    }
  };

  const primary = (): Value => {
    if (i >= args.length) throw syntax(`missing argument after ${q(args[i - 1])}`);
    if (next('(')) {
      i++;
      const v = or();
      if (!next(')')) throw syntax(i >= args.length ? `expecting ')' after ${q(args[i - 1])}` : `expecting ')' instead of ${q(args[i])}`);
      i++;
      return v;
    }
    if (next(')')) throw syntax("unexpected ')'");
    return args[i++];
  };
  const keyword = (): Value => {
    const k = args[i];
    if (gnu ? k === '+' : k === 'quote') {
      i++;
      if (i >= args.length) throw syntax(`missing argument after ${q(args[i - 1])}`);
      return args[i++];
    }
    if (k !== 'length' && k !== 'match' && k !== 'index' && k !== 'substr') return primary();
    i++;
    if (k === 'length') return BigInt([...str(keyword())].length);
    const l = str(keyword());
    if (k === 'match') return colon(l, str(keyword()));
    if (k === 'index') {
      const chars = str(keyword());
      const at = [...l].findIndex((c) => chars.includes(c));
      return BigInt(at + 1);
    }
    const pos = toInt(keyword());
    const len = toInt(keyword());
    const chars = [...l];
    if (pos === undefined || len === undefined || pos > BigInt(chars.length) || pos <= 0n || len <= 0n) return '';
    return chars.slice(Number(pos) - 1, Number(pos - 1n + len)).join('');
  };
  const colon = (s: string, pattern: string): Value => {
    let src = breToJs(pattern);
    if (!gnu && pattern.startsWith('^')) src = src.slice(1);
    const re = new RegExp(`^(?:${src})`);
    const groups = new RegExp(`${src}|`).exec('')!.length - 1;
    const m = re.exec(s);
    if (groups > 0) return m?.[1] ?? '';
    return BigInt(m ? [...m[0]].length : 0);
  };
  const match = (): Value => {
    let l = keyword();
    while (next(':')) {
      i++;
      l = colon(str(l), str(keyword()));
    }
    return l;
  };
  const arith = (ops: string[], sub: () => Value): Value => {
    let l = sub();
    while (ops.includes(args[i])) {
      const op = args[i++];
      const r = sub();
      const a = toInt(l);
      const b = toInt(r);
      if (a === undefined || b === undefined || ((op === '/' || op === '%') && b === 0n)) {
        if (skip) { l = 0n; continue; }
        throw new ExprError(a === undefined || b === undefined ? (gnu ? 'non-integer argument' : 'non-numeric argument') : 'division by zero');
      }
      l = wrap(op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b);
    }
    return l;
  };
  const product = () => arith(['*', '/', '%'], match);
  const sum = () => arith(['+', '-'], product);
  const compare = (): Value => {
    let l = sum();
    while (['<', '<=', '=', '==', '!=', '>=', '>'].includes(args[i])) {
      const op = args[i++];
      const r = sum();
      const a = toInt(l);
      const b = toInt(r);
      const c = a !== undefined && b !== undefined ? (a < b ? -1 : a > b ? 1 : 0) : str(l) < str(r) ? -1 : str(l) > str(r) ? 1 : 0;
      const ok = op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '=' || op === '==' ? c === 0 : op === '!=' ? c !== 0 : op === '>' ? c > 0 : c >= 0;
      l = ok ? 1n : 0n;
    }
    return l;
  };
  const and = (): Value => {
    let l = compare();
    while (next('&')) {
      i++;
      const r = lazily(isNull(l, f), compare);
      if (isNull(l, f) || isNull(r, f)) l = 0n;
    }
    return l;
  };
  const or = (): Value => {
    let l = and();
    while (next('|')) {
      i++;
      const r = lazily(!isNull(l, f), and);
      if (isNull(l, f)) l = isNull(r, f) && gnu ? 0n : r;
    }
    return l;
  };

  if (args.length === 0) throw new ExprError(gnu ? 'missing operand' : 'too few arguments');
  const v = or();
  if (i < args.length) throw syntax(`unexpected argument ${q(args[i])}`);
  return { text: str(v), status: isNull(v, f) ? 1 : 0 };
}

/** GNU: empty, or zeros with an optional minus; busybox: empty or exactly "0". */
function isNull(v: Value, f: Flavour): boolean {
  if (typeof v === 'bigint') return v === 0n;
  return f.gnu ? /^-?0*$/.test(v) && v !== '-' : v === '' || v === '0';
}

/** Runs expr as `name` prints it; returns what to write and the exit status. */
export function runExpr(args: string[], gnu: boolean): { stdout: string; stderr: string; status: number } {
  if (gnu && args[0] === '--') args = args.slice(1);
  try {
    const r = evaluateExpr(args, gnu);
    return { stdout: `${r.text}\n`, stderr: '', status: r.status };
  } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    const hint = gnu && e.message === 'missing operand' ? "Try 'expr --help' for more information.\n" : '';
    return { stdout: '', stderr: `expr: ${e.message}\n${hint}`, status: e.status };
  }
}

export const expr: CommandSpec = {
  name: 'expr',
  summary: 'evaluate expressions',
  run(ctx) {
    const r = runExpr(ctx.argv.slice(1), true);
    ctx.stdout.write(r.stdout);
    ctx.stderr.write(r.stderr);
    return r.status;
  },
};
