/**
 * Go's fmt as text/template uses it (fmt.Fprint, Sprintf, Sprint, Sprintln)
 * over JSON-decoded data: the value model is the one kubectl hands a
 * go-template — map[string]interface{} (plain objects), []interface{}
 * (arrays), string, bool, int64 (whole JSON numbers, as apimachinery's
 * json.Unmarshal converts them) and float64 — plus the typed numbers a
 * template makes itself (GoNum: `3` is an int, `len` returns int, indexing a
 * string yields a uint8).
 */

export type GoNumKind = 'int' | 'int64' | 'int32' | 'uint8' | 'float64';

/** A number with its Go type, for what the template itself produced. */
export class GoNum {
  constructor(readonly kind: GoNumKind, readonly value: number) {}
}

/** `undefined` is Go's invalid reflect.Value ("<no value>"); `null` is a nil interface ("<nil>"). */
export type GoValue = undefined | null | string | boolean | number | GoNum | GoValue[] | { [k: string]: GoValue };

export function isMap(v: unknown): v is Record<string, GoValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoNum);
}

/** Go type of a value, as reflect's Type.String() names it. */
export function goTypeName(v: GoValue): string {
  if (v === undefined || v === null) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (v instanceof GoNum) return v.kind;
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

export type NumClass = 'int' | 'uint' | 'float';

/** The number inside a value and its class, or undefined when it is not a number. */
export function numberOf(v: GoValue): { n: number; cls: NumClass; kind: GoNumKind } | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? { n: v, cls: 'int', kind: 'int64' } : { n: v, cls: 'float', kind: 'float64' };
  if (v instanceof GoNum) return { n: v.value, cls: v.kind === 'float64' ? 'float' : v.kind === 'uint8' ? 'uint' : 'int', kind: v.kind };
  return undefined;
}

/** Sorted keys as Go's fmt (internal/fmtsort) orders string keys: byte order. */
export function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** fmt's %v. */
export function formatV(v: GoValue, plus = false): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  const num = numberOf(v);
  if (num) return num.cls === 'float' ? formatFloat(num.n, 'g', -1) : String(num.n);
  if (Array.isArray(v)) return `[${v.map((x) => formatV(x, plus)).join(' ')}]`;
  const o = v as Record<string, GoValue>;
  return `map[${sortedKeys(o).map((k) => `${k}:${formatV(o[k], plus)}`).join(' ')}]`;
}

/** fmt's %#v (Go syntax) for values inside interface{} containers. */
export function formatGoSyntax(v: GoValue, top = true): string {
  if (v === undefined || v === null) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  const num = numberOf(v);
  if (num) {
    if (num.cls === 'float') return formatFloat(num.n, 'g', -1);
    return top && num.kind !== 'int' ? `${num.kind}(${num.n})` : String(num.n);
  }
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => formatGoSyntax(x, false)).join(', ')}}`;
  const o = v as Record<string, GoValue>;
  return `map[string]interface {}{${sortedKeys(o).map((k) => `${goQuote(k)}:${formatGoSyntax(o[k], false)}`).join(', ')}}`;
}

/** fmt.Sprint: operands separated by a space when neither side is a string. */
export function sprint(args: GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatV(a);
  });
  return out;
}

/** fmt.Sprintln: always a space between operands, and a newline. */
export function sprintln(args: GoValue[]): string {
  return args.map((a) => formatV(a)).join(' ') + '\n';
}

/** strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (!isPrintable(c)) out += c < 0x10000 ? `\\u${c.toString(16).padStart(4, '0')}` : `\\U${c.toString(16).padStart(8, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function isPrintable(c: number): boolean {
  if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0xad) return false;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}\u0020]/u.test(String.fromCodePoint(c));
}

/** The decimal digits of |x| and the decimal point position (Go's decimal: 0.0123 → "123", dp -1). */
function digitsOf(x: number, sig?: number): { d: string; dp: number } {
  if (x === 0) return { d: '', dp: 0 };
  const e = sig === undefined ? Math.abs(x).toExponential() : Math.abs(x).toExponential(Math.max(sig - 1, 0));
  const [mant, exp] = e.split('e');
  const d = mant.replace('.', '').replace(/0+$/, '');
  return { d, dp: Number(exp) + 1 };
}

function fmtE(d: string, dp: number, prec: number, e: 'e' | 'E'): string {
  let out = d[0] ?? '0';
  if (prec > 0) out += '.' + d.slice(1, 1 + prec).padEnd(prec, '0');
  const exp = d.length === 0 ? 0 : dp - 1;
  const a = Math.abs(exp);
  return `${out}${e}${exp < 0 ? '-' : '+'}${a < 10 ? '0' + a : a}`;
}

function fmtF(d: string, dp: number, prec: number): string {
  let out = '';
  if (dp > 0) out = d.slice(0, dp).padEnd(dp, '0');
  else out = '0';
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      const j = dp + i;
      out += j < 0 || j >= d.length ? '0' : d[j];
    }
  }
  return out;
}

/** strconv.FormatFloat(x, fmt, prec, 64) for 'e', 'E', 'f', 'g', 'G'; prec -1 is the shortest form. */
export function formatFloat(x: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  const sign = neg ? '-' : '';
  const shortest = prec < 0;
  if (fmt === 'e' || fmt === 'E') {
    const { d, dp } = shortest ? digitsOf(a) : digitsOf(a, prec + 1);
    return sign + fmtE(d, dp, shortest ? Math.max(d.length - 1, 0) : prec, fmt);
  }
  if (fmt === 'f') {
    if (shortest) {
      const { d, dp } = digitsOf(a);
      return sign + fmtF(d, dp, Math.max(d.length - dp, 0));
    }
    return sign + (a < 1e21 ? a.toFixed(prec) : fmtF(digitsOf(a).d, digitsOf(a).dp, prec));
  }
  let p = prec === 0 ? 1 : prec;
  const { d, dp } = shortest ? digitsOf(a) : digitsOf(a, p);
  if (shortest) p = d.length;
  let eprec = p;
  if (eprec > d.length && d.length >= dp) eprec = d.length;
  if (shortest) eprec = 6;
  const exp = dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (p > d.length) p = d.length;
    return sign + fmtE(d, dp, p - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (p > dp) p = d.length;
  return sign + fmtF(d, dp, Math.max(p - dp, 0));
}

interface Spec { minus: boolean; plus: boolean; sharp: boolean; space: boolean; zero: boolean; width?: number; prec?: number }

function pad(s: string, spec: Spec, zeroOK = true): string {
  if (spec.width === undefined || s.length >= spec.width) return s;
  if (spec.minus) return s.padEnd(spec.width);
  if (spec.zero && zeroOK) {
    const m = /^[+\- ]/.exec(s);
    const head = m ? m[0] : '';
    return head + s.slice(head.length).padStart(spec.width - head.length, '0');
  }
  return s.padStart(spec.width);
}

function badVerb(verb: string, v: GoValue): string {
  if (v === undefined || v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${formatV(v)})`;
}

function fmtInt(n: number, verb: string, spec: Spec, kind: GoNumKind): string | undefined {
  let body: string;
  const a = Math.abs(n);
  let prefix = '';
  switch (verb) {
    case 'v': case 'd': body = String(a); break;
    case 'b': body = a.toString(2); break;
    case 'o': body = a.toString(8); if (spec.sharp) prefix = '0'; break;
    case 'O': body = a.toString(8); prefix = '0o'; break;
    case 'x': body = a.toString(16); if (spec.sharp) prefix = '0x'; break;
    case 'X': body = a.toString(16).toUpperCase(); if (spec.sharp) prefix = '0X'; break;
    case 'c': return pad(String.fromCodePoint(n), spec, false);
    case 'q': return pad(`'${String.fromCodePoint(n)}'`, spec, false);
    case 'U': return pad(`U+${n.toString(16).toUpperCase().padStart(4, '0')}`, spec, false);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': return undefined;
    default: return undefined;
  }
  void kind;
  if (spec.prec !== undefined) body = body.padStart(spec.prec, '0');
  const sign = n < 0 ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign + prefix + body, spec, spec.prec === undefined);
}

function fmtFloatVerb(x: number, verb: string, spec: Spec): string | undefined {
  let s: string;
  switch (verb) {
    case 'v': case 'g': s = formatFloat(x, 'g', spec.prec ?? -1); break;
    case 'G': s = formatFloat(x, 'G', spec.prec ?? -1); break;
    case 'e': case 'E': s = formatFloat(x, verb, spec.prec ?? 6); break;
    case 'f': case 'F': s = formatFloat(x, 'f', spec.prec ?? 6); break;
    default: return undefined;
  }
  if (!s.startsWith('-')) s = (spec.plus ? '+' : spec.space ? ' ' : '') + s;
  return pad(s, spec);
}

function fmtString(s: string, verb: string, spec: Spec): string | undefined {
  switch (verb) {
    case 'v': case 's': return pad(spec.prec !== undefined ? [...s].slice(0, spec.prec).join('') : s, spec, false);
    case 'q': return pad(goQuote(s), spec, false);
    case 'x': case 'X': {
      const bytes = new TextEncoder().encode(s);
      let hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
      if (verb === 'X') hex = hex.toUpperCase();
      return pad(hex, spec, false);
    }
  }
  return undefined;
}

/** One operand under one verb, as fmt's printArg does for the types a template meets. */
function fmtArg(v: GoValue, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(v === undefined || v === null ? '<nil>' : goTypeName(v), spec, false);
  if (v === undefined || v === null) return verb === 'v' ? pad('<nil>', spec, false) : badVerb(verb, v);
  if (verb === 'v' && spec.sharp) return formatGoSyntax(v);
  if (typeof v === 'boolean') return verb === 'v' || verb === 't' ? pad(String(v), spec, false) : badVerb(verb, v);
  if (typeof v === 'string') return fmtString(v, verb, spec) ?? badVerb(verb, v);
  const num = numberOf(v);
  if (num) {
    const r = num.cls === 'float' ? fmtFloatVerb(num.n, verb, spec) : fmtInt(num.n, verb, spec, num.kind);
    return r ?? badVerb(verb, v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => fmtArg(x, verb, spec)).join(' ')}]`;
  const o = v as Record<string, GoValue>;
  return `map[${sortedKeys(o).map((k) => `${fmtArg(k, verb, spec)}:${fmtArg(o[k], verb, spec)}`).join(' ')}]`;
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: GoValue[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === '-') { spec.minus = true; spec.zero = false; } else if (f === '+') spec.plus = true;
      else if (f === '#') spec.sharp = true;
      else if (f === ' ') spec.space = true;
      else if (f === '0') spec.zero = !spec.minus;
      else break;
    }
    const num = (): number | undefined => {
      if (format[i] === '*') {
        i++;
        const a = args[argi++];
        const n = numberOf(a);
        return n ? Math.trunc(n.n) : undefined;
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    spec.width = num();
    if (spec.width !== undefined && spec.width < 0) { spec.minus = true; spec.width = -spec.width; }
    if (format[i] === '.') {
      i++;
      spec.prec = num() ?? 0;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += fmtArg(args[argi++], verb, spec);
  }
  if (argi < args.length) {
    out += '%!(EXTRA ' + args.slice(argi).map((a) => (a === undefined || a === null ? '<nil>' : `${goTypeName(a)}=${formatV(a)}`)).join(', ') + ')';
  }
  return out;
}
