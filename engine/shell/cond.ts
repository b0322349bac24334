/**
 * Evaluates bash's conditional command `[[ … ]]` (parsed by parser.ts):
 * words are expanded without splitting or globbing, only when reached (`&&`
 * and `||` short-circuit); the right side of `==`/`!=` is a pattern and of
 * `=~` an extended regular expression, their quoted parts literal; `-eq`…
 * evaluate both sides as arithmetic. Loaded on first use.
 */
import { ArithError, evaluateArithmetic } from './arith.js';
import type { CondExpr } from './ast.js';
import { expandPattern, expandWordToString, ExpansionError, type ExpandHost } from './expand.js';
import { patternToRegExp } from './glob.js';
import { fileTest, ttyTest } from './commands/test.js';
import type { Shell, ShellIO } from './interpreter.js';

/** Status 0 (true), 1 (false) or 2 (a bad regular expression), with bash's messages for arithmetic errors. */
export async function evalCond(sh: Shell, expr: CondExpr, io: ShellIO): Promise<number> {
  const host = sh.expandHost(io);
  try {
    return (await test(sh, expr, host, io)) ? 0 : 1;
  } catch (e) {
    if (e instanceof ArithError) {
      io.stderr.write(`${sh.errorPrefix()}[[: ${e.message}\n`);
      return 1;
    }
    if (e instanceof BadRegex) return 2;
    if (e instanceof ExpansionError) {
      io.stderr.write(`${sh.errorPrefix()}${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

class BadRegex extends Error {}

async function test(sh: Shell, e: CondExpr, host: ExpandHost, io: ShellIO): Promise<boolean> {
  if ('left' in e) {
    const l = await test(sh, e.left, host, io);
    return e.op === '&&' ? l && (await test(sh, e.right, host, io)) : l || (await test(sh, e.right, host, io));
  }
  if ('arg' in e) return e.op === '()' ? test(sh, e.arg, host, io) : !(await test(sh, e.arg, host, io));
  const word = (i: number) => expandWordToString(e.args[i], host);
  if (e.op === '') return (await word(0)) !== '';
  if (e.args.length === 1) return unary(sh, e.op, await word(0), io);
  const left = await word(0);
  switch (e.op) {
    case '=':
    case '==':
    case '!=': {
      const match = patternToRegExp(await expandPattern(e.args[1], host), false).test(left);
      return e.op === '!=' ? !match : match;
    }
    case '=~': return regexMatch(sh, left, await regexSource(e.args[1], host));
    case '<': return left < (await word(1));
    case '>': return left > (await word(1));
    case '-nt':
    case '-ot':
    case '-ef': {
      const a = sh.fs.stat(sh.fs.resolve(sh.cwd, left));
      const right = await word(1);
      const b = sh.fs.stat(sh.fs.resolve(sh.cwd, right));
      if (e.op === '-ef') return !!a && !!b && sh.fs.resolve(sh.cwd, left) === sh.fs.resolve(sh.cwd, right);
      // A file that exists is newer than one that does not.
      if (e.op === '-nt') return !!a && (!b || a.mtimeMs > b.mtimeMs);
      return !!b && (!a || a.mtimeMs < b.mtimeMs);
    }
  }
  const scope = { get: (k: string) => sh.getRef(k), set: (k: string, v: string) => sh.setVar(k, v) };
  const a = evaluateArithmetic(left, scope);
  const b = evaluateArithmetic(await word(1), scope);
  switch (e.op) {
    case '-eq': return a === b;
    case '-ne': return a !== b;
    case '-lt': return a < b;
    case '-le': return a <= b;
    case '-gt': return a > b;
    default: return a >= b;
  }
}

function unary(sh: Shell, op: string, arg: string, io: ShellIO): boolean {
  switch (op) {
    case '-z': return arg === '';
    case '-n': return arg !== '';
    case '-v': return sh.getRef(arg) !== undefined;
    case '-o': return false;
    case '-t': return ttyTest({ stdin: io.stdin, terminal: sh.terminalFor(io) }, arg);
  }
  return fileTest(op, sh.fs, sh.fs.resolve(sh.cwd, arg)) ?? false;
}

/** The `=~` operand as a JavaScript regular expression source: quoted parts match literally, POSIX classes become JavaScript's. */
async function regexSource(raw: string, host: ExpandHost): Promise<string> {
  const pattern = await expandPattern(raw, host, /[\\.*+?^${}()|[\]]/g);
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      out += /[A-Za-z0-9]/.test(pattern[i + 1]) ? pattern[i + 1] : '\\' + pattern[i + 1];
      i++;
    } else if (c === '[') {
      const end = bracketEnd(pattern, i);
      if (end < 0) { out += '['; continue; }
      out += '[' + pattern.slice(i + 1, end).replace(/\[:([a-z]+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m).replace(/^\^/, '^').replace(/\\/g, '\\\\') + ']';
      i = end;
    } else out += c;
  }
  return out;
}

/** Where a bracket expression starting at `i` ends (`]` first in the list is literal; `[:alpha:]` inside). */
function bracketEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++;
  for (; j < p.length; j++) {
    if (p[j] === '[' && p[j + 1] === ':') {
      const k = p.indexOf(':]', j + 2);
      if (k > 0) { j = k + 1; continue; }
    }
    if (p[j] === ']') return j;
  }
  return -1;
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', word: 'A-Za-z0-9_', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~',
};

function regexMatch(sh: Shell, text: string, source: string): boolean {
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch {
    throw new BadRegex();
  }
  const m = re.exec(text);
  // BASH_REMATCH: the whole match then each group (an unmatched group is empty); emptied when nothing matches.
  sh.setArray('BASH_REMATCH', m ? [...m].map((g) => g ?? '') : []);
  return !!m;
}
