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
    const num = /^[0-9][0-9A-Za-z_#@]*/.exec(src.slice(i));
    if (num) {
      out.push({ pos: i, t: 'num', v: integerConstant(num[0], src) });
      i += num[0].length;
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

/** bash's integer constants: `10`, `010` (octal), `0x1f`, `BASE#DIGITS` (bases 2–64: 0-9, a-z, A-Z, @, _), with its errors. */
function integerConstant(tok: string, src: string): number {
  const fail = (what: string) => new ArithError(`${src.trim()}: ${what} (error token is "${tok}")`);
  let base = 10;
  let digits = tok;
  const hash = tok.indexOf('#');
  if (hash >= 0) {
    base = /^[0-9]+$/.test(tok.slice(0, hash)) ? Number(tok.slice(0, hash)) : 0;
    if (base < 2 || base > 64) throw fail('invalid arithmetic base');
    digits = tok.slice(hash + 1);
    if (digits === '') throw fail('invalid integer constant');
  } else if (/^0[xX]/.test(tok)) {
    base = 16;
    digits = tok.slice(2);
  } else if (tok.length > 1 && tok[0] === '0') base = 8;
  let v = 0;
  for (const c of digits) {
    const d = /[0-9]/.test(c) ? +c : /[a-z]/.test(c) ? c.charCodeAt(0) - 87 : /[A-Z]/.test(c) ? c.charCodeAt(0) - (base > 36 ? 29 : 55) : c === '@' ? 62 : c === '_' ? 63 : 99;
    if (d >= base) throw fail('value too great for base');
    v = v * base + d;
  }
  return v;
}

/** Evaluates `src`; throws ArithError with bash's message text (without the `bash: ` prefix). */
export function evaluateArithmetic(src: string, scope: ArithScope, depth = 0): number {
  if (src.trim() === '') return 0;
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => peek()?.t === 'op' && peek()!.v === v;
  // bash quotes the expression less its leading blanks, and the text from the failing token on (at the end: from the last token).
  const fail = (what = 'syntax error: operand expected'): never => {
    const at = toks[p] ?? toks[p - 1];
    const rest = at?.pos !== undefined ? src.slice(at.pos) : toks.slice(p).map((t) => String(t.v)).join(' ');
    throw new ArithError(`${src.replace(/^\s+/, '')}: ${what} (error token is "${rest || src.trim()}")`);
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
  // A whole expression with more after it (`1 2`).
  if (p < toks.length) fail('syntax error in expression');
  return v;
}
