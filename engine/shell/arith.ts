/**
 * `$(( ... ))`: bash's integer arithmetic, the part scripts use (counters,
 * comparisons, `i++`, `x += 2`). Variables that hold no number count as 0.
 */
export interface ArithScope {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

export class ArithError extends Error {}

type Tok = ({ t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string }) & { pos?: number };

const OPS = ['**', '<=', '>=', '==', '!=', '&&', '||', '++', '--', '+=', '-=', '*=', '/=', '%=', '<<', '>>', '+', '-', '*', '/', '%', '<', '>', '!', '~', '(', ')', '?', ':', '=', '&', '|', '^', ','];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const num = /^(0x[0-9a-fA-F]+|[0-9]+)/.exec(src.slice(i));
    if (num) {
      out.push({ pos: i, t: 'num', v: num[1].startsWith('0x') ? parseInt(num[1], 16) : num[1].length > 1 && num[1].startsWith('0') ? parseInt(num[1], 8) : Number(num[1]) });
      i += num[1].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?/.exec(src.slice(i));
    if (id) { out.push({ pos: i, t: 'id', v: id[0] }); i += id[0].length; continue; }
    if (c === '$') { i++; continue; }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ArithError(`${src.slice(i)}: syntax error: invalid arithmetic operator (error token is "${src.slice(i)}")`);
    out.push({ pos: i, t: 'op', v: op });
    i += op.length;
  }
  return out;
}

/** Evaluates `src`; throws ArithError with bash's message text (without the `bash: ` prefix). */
export function evaluateArithmetic(src: string, scope: ArithScope, depth = 0): number {
  if (src.trim() === '') return 0;
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => peek()?.t === 'op' && peek()!.v === v;
  const fail = (): never => {
    const rest = toks.slice(p).map((t) => String(t.v)).join(' ');
    throw new ArithError(`${src.trim()}: syntax error: operand expected (error token is "${rest || src.trim()}")`);
  };
  const varValue = (name: string): number => {
    const raw = scope.get(name);
    if (raw === undefined || raw.trim() === '') return 0;
    if (/^-?[0-9]+$/.test(raw.trim())) return Number(raw.trim());
    if (depth > 32) throw new ArithError(`${name}: expression recursion level exceeded`);
    return evaluateArithmetic(raw, scope, depth + 1);
  };
  const toInt = (n: number) => Math.trunc(n);

  const assignOps = ['=', '+=', '-=', '*=', '/=', '%='];
  function expr(): number {
    let v = assign();
    while (isOp(',')) { p++; v = assign(); }
    return v;
  }
  function assign(): number {
    const t = peek();
    const n = toks[p + 1];
    if (t?.t === 'id' && n?.t === 'op' && assignOps.includes(n.v)) {
      p += 2;
      const rhs = assign();
      const cur = varValue(t.v);
      const v = n.v === '=' ? rhs : binary(n.v.slice(0, 1), cur, rhs);
      scope.set(t.v, String(v));
      return v;
    }
    return ternary();
  }
  function ternary(): number {
    const c = binaryLevel(0);
    if (isOp('?')) {
      p++;
      const a = assign();
      if (!isOp(':')) fail();
      p++;
      const b = assign();
      return c ? a : b;
    }
    return c;
  }
  // bash quotes the expression from its first non-blank and the error token from the failing operand, trailing blanks kept.
  let rightPos = 0;
  const exprText = src.replace(/^\s+/, '');
  const LEVELS = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
  function binaryLevel(level: number): number {
    if (level >= LEVELS.length) return power();
    let v = binaryLevel(level + 1);
    while (peek()?.t === 'op' && LEVELS[level].includes(peek()!.v as string)) {
      const op = toks[p++].v as string;
      rightPos = toks[p]?.pos ?? src.length;
      const r = binaryLevel(level + 1);
      v = binary(op, v, r);
    }
    return v;
  }
  function power(): number {
    const base = unary();
    if (isOp('**')) {
      p++;
      const e = power();
      if (e < 0) throw new ArithError(`${src.trim()}: exponent less than 0 (error token is "${e}")`);
      return toInt(base ** e);
    }
    return base;
  }
  function unary(): number {
    if (isOp('-')) { p++; return -unary(); }
    if (isOp('+')) { p++; return unary(); }
    if (isOp('!')) { p++; return unary() ? 0 : 1; }
    if (isOp('~')) { p++; return ~unary(); }
    if (isOp('++') || isOp('--')) {
      const op = toks[p++].v;
      const id = peek();
      if (id?.t !== 'id') fail();
      p++;
      const v = varValue(id!.v as string) + (op === '++' ? 1 : -1);
      scope.set(id!.v as string, String(v));
      return v;
    }
    return postfix();
  }
  function postfix(): number {
    const t = peek();
    if (!t) return fail();
    if (t.t === 'num') { p++; return t.v; }
    if (t.t === 'id') {
      p++;
      const v = varValue(t.v);
      if (isOp('++') || isOp('--')) {
        const op = toks[p++].v;
        scope.set(t.v, String(v + (op === '++' ? 1 : -1)));
      }
      return v;
    }
    if (isOp('(')) {
      p++;
      const v = expr();
      if (!isOp(')')) fail();
      p++;
      return v;
    }
    return fail();
  }
  function binary(op: string, a: number, b: number): number {
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/': if (b === 0) throw new ArithError(`${exprText}: division by 0 (error token is "${src.slice(rightPos)}")`); return toInt(a / b);
      case '%': if (b === 0) throw new ArithError(`${exprText}: division by 0 (error token is "${src.slice(rightPos)}")`); return a % b;
      case '<': return a < b ? 1 : 0;
      case '>': return a > b ? 1 : 0;
      case '<=': return a <= b ? 1 : 0;
      case '>=': return a >= b ? 1 : 0;
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
      case '&&': return a && b ? 1 : 0;
      case '||': return a || b ? 1 : 0;
      case '&': return a & b;
      case '|': return a | b;
      case '^': return a ^ b;
      case '<<': return a << b;
      case '>>': return a >> b;
    }
    return fail();
  }
  const v = expr();
  if (p < toks.length) fail();
  return v;
}
