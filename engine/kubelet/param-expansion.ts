/**
 * `${…}` in the container shell beyond a plain `${name}`: the POSIX operators every shell has
 * (`:-` `-` `:=` `=` `:+` `+` `:?` `?` `#` `##` `%` `%%`, `${#name}`), and what busybox ash and bash add
 * (`/` `//` and `:offset:length`; bash also `/#` `/%` and case changes). dash has none of the additions: it
 * rejects them as a bad substitution while it parses, as busybox does with what it lacks. Loaded on first
 * use with the other applets.
 */
import { patternToRegExp } from '../shell/glob.js';
import { ARRAY_SPLIT } from './shell.js';

export type Dialect = 'ash' | 'dash' | 'bash';

export interface ParameterContext {
  dialect: Dialect;
  /** A variable, positional or special parameter; undefined when unset. */
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** The operator's word expanded, quotes removed. */
  word(text: string): string;
  /** The operator's word as a pattern: expanded, its quoted characters escaped so they match themselves. */
  pattern(text: string): string;
  arith(text: string): number;
  /** Ends the script with the shell's prefix before `text` (`status` for bash, 2 otherwise). */
  fail(text: string, bashStatus: number): never;
  /** bash's `${x:?}` status differs in a terminal (1) and under `-c` (127). */
  interactive: boolean;
}

const NAME = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$@*!-])/;
const POSIX_OPS = /^(:-|:=|:\+|:\?|-|=|\+|\?|##|#|%%|%)/;
const ASH_OPS = /^(:-|:=|:\+|:\?|-|=|\+|\?|##|#|%%|%|\/\/|\/|:)/;
const BASH_OPS = /^(:-|:=|:\+|:\?|-|=|\+|\?|##|#|%%|%|\/\/|\/#|\/%|\/|:|\^\^|\^|,,|,)/;

/** Whether the shell's parser refuses `${body}` (dash and ash do it before anything on the line runs). */
export function badSubstitution(body: string, dialect: Dialect): boolean {
  if (dialect === 'bash') return false;
  if (body === '#') return false;
  if (body.startsWith('#')) return !/^#([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$@*!-])$/.test(body);
  const m = NAME.exec(body);
  if (!m) return true;
  const rest = body.slice(m[0].length);
  return rest !== '' && !(dialect === 'dash' ? POSIX_OPS : ASH_OPS).test(rest);
}

/*
 * bash's indexed arrays: element k of `name` is the variable `name[k]` (a name no assignment can make), and
 * element 0 is `name` itself, as bash's `$name` is `${name[0]}`.
 */
const ARRAY_ELEMENT = /^([A-Za-z_][A-Za-z0-9_]*)\[([^\]]*)\]$/;

/** `name=(words)`: the words, split where tokenize marked their unquoted blanks, become the array's elements and replace any it had. */
export function assignArray(vars: Record<string, string>, name: string, words: string): void {
  for (const k of Object.keys(vars)) if (k.startsWith(`${name}[`)) delete vars[k];
  const elements = words.split(ARRAY_SPLIT).filter((w) => w !== '');
  elements.forEach((w, k) => { vars[`${name}[${k}]`] = w; });
  if (elements.length) vars[name] = elements[0];
  else delete vars[name];
}

/** The elements of array `name`, by index (one that was assigned as a plain variable has it as element 0). */
function arrayElements(name: string, ctx: ParameterContext): string[] {
  const out: string[] = [];
  for (let k = 0; ; k++) {
    const v = ctx.get(`${name}[${k}]`) ?? (k === 0 ? ctx.get(name) : undefined);
    if (v === undefined) return out;
    out.push(v);
  }
}

/** `${name[sub]}` and `${#name[sub]}` in bash: `@` and `*` are all elements (joined by a blank), else sub is arithmetic. */
function arrayParameter(body: string, ctx: ParameterContext): string | undefined {
  const count = body.startsWith('#');
  const m = ARRAY_ELEMENT.exec(count ? body.slice(1) : body);
  if (!m) return undefined;
  const [, name, sub] = m;
  const all = arrayElements(name, ctx);
  if (sub === '@' || sub === '*') return count ? String(all.length) : all.join(' ');
  const k = ctx.arith(sub);
  const v = (k < 0 ? all[all.length + k] : all[k]) ?? '';
  return count ? String([...v].length) : v;
}

/** The text of `${body}`. */
export function expandParameter(body: string, ctx: ParameterContext): string {
  const bad = (): never => ctx.dialect === 'bash' ? ctx.fail(`\${${body}}: bad substitution`, 1)
    : ctx.dialect === 'dash' ? ctx.fail('Bad substitution', 2) : ctx.fail('syntax error: bad substitution', 2);
  if (badSubstitution(body, ctx.dialect)) return bad();
  if (ctx.dialect === 'bash') { const element = arrayParameter(body, ctx); if (element !== undefined) return element; }
  if (body === '#') return ctx.get('#') ?? '0';
  if (body.startsWith('#')) return String([...(ctx.get(body.slice(1)) ?? '')].length);
  const m = NAME.exec(body);
  if (!m) return bad();
  const name = m[1];
  const rest = body.slice(name.length);
  const val = ctx.get(name);
  if (rest === '') return val ?? '';
  const op = (ctx.dialect === 'bash' ? BASH_OPS : ASH_OPS).exec(rest);
  if (!op) return bad();
  const arg = rest.slice(op[0].length);
  const unsetOrEmpty = val === undefined || val === '';
  const v = val ?? '';
  switch (op[0]) {
    case ':-': return unsetOrEmpty ? ctx.word(arg) : v;
    case '-': return val === undefined ? ctx.word(arg) : v;
    case ':=': case '=': {
      if (!(op[0] === ':=' ? unsetOrEmpty : val === undefined)) return v;
      const w = ctx.word(arg);
      ctx.set(name, w);
      return w;
    }
    case ':+': return unsetOrEmpty ? '' : ctx.word(arg);
    case '+': return val === undefined ? '' : ctx.word(arg);
    case ':?': case '?': {
      if (!(op[0] === ':?' ? unsetOrEmpty : val === undefined)) return v;
      const w = ctx.word(arg);
      const fallback = op[0] === '?' ? 'parameter not set' : ctx.dialect === 'bash' ? 'parameter null or not set' : 'parameter not set or null';
      return ctx.fail(`${name}: ${w || fallback}`, ctx.interactive ? 1 : 127);
    }
    case '#': case '##': {
      const re = patternToRegExp(ctx.pattern(arg), false, 'full');
      if (op[0] === '#') { for (let k = 0; k <= v.length; k++) if (re.test(v.slice(0, k))) return v.slice(k); }
      else { for (let k = v.length; k >= 0; k--) if (re.test(v.slice(0, k))) return v.slice(k); }
      return v;
    }
    case '%': case '%%': {
      const re = patternToRegExp(ctx.pattern(arg), false, 'full');
      if (op[0] === '%') { for (let k = v.length; k >= 0; k--) if (re.test(v.slice(k))) return v.slice(0, k); }
      else { for (let k = 0; k <= v.length; k++) if (re.test(v.slice(k))) return v.slice(0, k); }
      return v;
    }
    case '/': case '//': case '/#': case '/%': {
      const slash = unescapedSlash(arg);
      const pat = ctx.pattern(slash < 0 ? arg : arg.slice(0, slash));
      const rep = slash < 0 ? '' : ctx.word(arg.slice(slash + 1));
      if (pat === '') return v;
      const anchor = op[0] === '/#' ? 'start' : op[0] === '/%' ? 'end' : 'none';
      // The longest match at the leftmost place it starts, as the shells replace.
      const re = new RegExp(patternToRegExp(pat, false, anchor).source, op[0] === '//' ? 'g' : '');
      return v.replace(re, () => rep);
    }
    case ':': {
      const colon = arg.indexOf(':');
      let off = ctx.arith(colon < 0 ? arg : arg.slice(0, colon));
      const chars = [...v];
      if (off < 0) off = Math.max(0, chars.length + off);
      if (colon < 0) return chars.slice(off).join('');
      const len = ctx.arith(arg.slice(colon + 1));
      return (len < 0 ? chars.slice(off, Math.max(off, chars.length + len)) : chars.slice(off, off + len)).join('');
    }
    case '^^': return v.toUpperCase();
    case ',,': return v.toLowerCase();
    case '^': return v.slice(0, 1).toUpperCase() + v.slice(1);
    case ',': return v.slice(0, 1).toLowerCase() + v.slice(1);
  }
  return bad();
}

function unescapedSlash(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') { i++; continue; }
    if (s[i] === '/') return i;
  }
  return -1;
}
