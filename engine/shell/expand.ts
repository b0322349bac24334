/**
 * Word expansion in bash's order: brace expansion, tilde, parameter and
 * arithmetic expansion, command substitution, field splitting, pathname
 * expansion, quote removal. Quoted text is tracked per segment so `"$x"`
 * never splits and `"*"` never globs.
 */
import { evaluateArithmetic, ArithError } from './arith.js';
import { expandGlob, hasGlobChars, patternToRegExp } from './glob.js';
import { matchClose, NESTING_TOO_DEEP } from './parser.js';
import type { VirtualFileSystem } from './process.js';

export interface ExpandHost {
  getVar(name: string): string | undefined;
  /** `$0`. */
  arg0?(): string;
  /** An indexed array's elements, sparse (a scalar is a one-element array); undefined when unset. */
  getArray?(name: string): string[] | undefined;
  /** `${!a[@]}`: the indices, or an associative array's keys. */
  getKeys?(name: string): string[];
  /** An associative array: its subscripts are words, not arithmetic. */
  isAssoc?(name: string): boolean;
  setVar(name: string, value: string): void;
  positional(): string[];
  lastStatus(): number;
  /** `$!`. */
  lastBackground?(): number | undefined;
  /** `set -u`: expanding an unset variable is an error. */
  nounset?(): boolean;
  /** `$-`. */
  flags?(): string;
  commandSubstitution(src: string): Promise<string>;
  /** `<(list)`: runs the list and returns the path of a file holding its output. */
  processSubstitution?(src: string): Promise<string>;
  fs: VirtualFileSystem;
  cwd(): string;
  home(): string;
  /** Lets the page's event loop turn while a huge expansion (`$(seq 1 1000000)`) is split. */
  cooperate?(): Promise<void>;
}

/** `$((…$((…))…))` levels one word may nest (scripts use a handful). */
const MAX_ARITHMETIC_NESTING = 256;
const arithmeticDepth = new WeakMap<ExpandHost, number>();

/** Fields produced between two turns of the event loop. */
const FIELDS_PER_TURN = 10_000;

/** Expansion failed the way bash reports it (`${x:?}`, bad substitution, arithmetic). The message has no `bash: ` prefix. */
export class ExpansionError extends Error {}
/** `set -u` and an unset variable: bash abandons the line. */
export class UnboundVariable extends ExpansionError {
  constructor(name: string) {
    super(`${name}: unbound variable`);
  }
}

function checkSet(name: string, v: string | undefined, host: ExpandHost): string {
  if (v === undefined && host.nounset?.()) throw new UnboundVariable(name);
  return v ?? '';
}

interface Seg {
  text: string;
  quoted: boolean;
  /** Came from an unquoted expansion: subject to field splitting. */
  split: boolean;
}
type Piece = Seg | 'break';

/** Full expansion of a command word: may yield zero, one or many fields. */
export async function expandWordToFields(raw: string, host: ExpandHost): Promise<string[]> {
  const out: string[] = [];
  let words = 0;
  for (const w of braceWords(raw, 0, BRACE_WORDS_MAX)) {
    if (host.cooperate && ++words % BRACE_WORDS_PER_TURN === 0) await host.cooperate();
    const pieces = await expandPieces(w, host, false);
    const ifs = host.getVar('IFS');
    // A lone unquoted expansion (`$(seq 1 1000000)`, `$list`) split by the default IFS: its words are the fields, no per-field bookkeeping.
    if (pieces.length === 1 && pieces[0] !== 'break' && pieces[0].split && (ifs === undefined || ifs === DEFAULT_IFS)) {
      const text = pieces[0].text;
      // Scanned word by word rather than split() at once: a million words would be one long stretch of work.
      const word = /[^ \t\n]+/g;
      let n = 0;
      for (let m = word.exec(text); m; m = word.exec(text)) {
        const part = m[0];
        if (host.cooperate && ++n % FIELDS_PER_TURN === 0) await host.cooperate();
        if (hasGlobChars(part)) {
          const matches = expandGlob(part, host.cwd(), host.fs);
          if (matches.length) { for (const m of matches) out.push(m); continue; }
        }
        out.push(part);
      }
      continue;
    }
    const fields = splitFields(pieces, ifs ?? DEFAULT_IFS);
    for (let n = 0; n < fields.length; n++) {
      const field = fields[n];
      if (host.cooperate && n > 0 && n % FIELDS_PER_TURN === 0) await host.cooperate();
      const pattern = field.map((s) => (s.quoted ? s.text.replace(/[\\*?[\]]/g, '\\$&') : s.text)).join('');
      const literal = field.map((s) => s.text).join('');
      if (field.some((s) => !s.quoted && hasGlobChars(s.text)) && hasGlobChars(pattern)) {
        const matches = expandGlob(pattern, host.cwd(), host.fs);
        if (matches.length) { out.push(...matches); continue; }
      }
      out.push(literal);
    }
  }
  return out;
}

/** Expansion without splitting or globbing (assignments, `case` words, redirection targets, `[[`). */
export async function expandWordToString(raw: string, host: ExpandHost): Promise<string> {
  const pieces = await expandPieces(raw, host, false, true);
  return pieces.filter((p): p is Seg => p !== 'break').map((p) => p.text).join('');
}

/** A `case`/`[[ == ]]` pattern: expanded, with its quoted characters escaped so only unquoted `*?[` match patterns. */
export async function expandPattern(raw: string, host: ExpandHost, special = /[\\*?[\]]/g): Promise<string> {
  const pieces = await expandPieces(raw, host, false, true);
  return pieces.map((p) => (p === 'break' ? ' ' : p.quoted ? p.text.replace(special, '\\$&') : p.text)).join('');
}

/** A heredoc body or other text where only `$`, backquote and `\` are special. */
export async function expandHeredoc(body: string, host: ExpandHost): Promise<string> {
  const pieces = await expandPieces(body, host, true);
  return pieces.filter((p): p is Seg => p !== 'break').map((p) => p.text).join('');
}

/**
 * Field splitting as bash does it (POSIX 2.6.5), over the word's pieces: only characters an unquoted expansion
 * produced can delimit. IFS whitespace (space, tab, newline in IFS) at either end is dropped and a run of it
 * delimits once; every other IFS character, with the IFS whitespace around it, ends a field even when that field
 * is empty (`a::b` gives a, "", b), but a delimiter at the very end makes no empty last field (`a:` gives a).
 */
function splitFields(pieces: Piece[], ifs: string): Seg[][] {
  const fields: Seg[][] = [];
  let cur: Seg[] = [];
  let started = false;
  let afterSpace = false;
  const flush = () => {
    fields.push(cur.length ? cur : [{ text: '', quoted: false, split: false }]);
    cur = [];
    started = false;
  };
  for (const p of pieces) {
    if (p === 'break') { if (started || cur.length) flush(); continue; }
    if (!p.split || ifs === '') {
      if (p.quoted || p.text !== '') { started = true; afterSpace = false; }
      if (p.text !== '' || p.quoted) cur.push(p);
      continue;
    }
    const t = p.text;
    let word = '';
    const take = () => {
      if (word !== '') { cur.push({ text: word, quoted: false, split: false }); started = true; }
      word = '';
    };
    for (let i = 0; i < t.length; ) {
      const c = t[i];
      if (!ifs.includes(c)) { word += c; afterSpace = false; i++; continue; }
      take();
      let hard = false;
      while (i < t.length && isIfsSpace(t[i], ifs)) i++;
      if (i < t.length && ifs.includes(t[i]) && !isIfsSpace(t[i], ifs)) {
        hard = true;
        i++;
        while (i < t.length && isIfsSpace(t[i], ifs)) i++;
      }
      // `x :y` split across two expansions is still one delimiter.
      if (started || (hard && !afterSpace)) flush();
      afterSpace = !hard;
    }
    take();
  }
  if (cur.length || started) flush();
  return fields;
}

const DEFAULT_IFS = ' \t\n';
const isIfsSpace = (c: string, ifs: string) => (c === ' ' || c === '\t' || c === '\n') && ifs.includes(c);

/**
 * Walks the raw word. `heredoc`: quotes are plain characters and `\` escapes
 * only `$`, backquote, `\` and newline. `assignment`: tilde after `=`/`:` too.
 */
async function expandPieces(raw: string, host: ExpandHost, heredoc: boolean, noSplit = false): Promise<Piece[]> {
  const out: Piece[] = [];
  let inDouble = false;
  let i = 0;
  const lit = (text: string, quoted: boolean) => {
    // Merge runs of literal characters: a heredoc body is megabytes of them.
    const last = out[out.length - 1];
    if (last && last !== 'break' && !last.split && last.quoted === quoted && last.text !== '') last.text += text;
    else out.push({ text, quoted, split: false });
  };
  const value = (text: string, quoted: boolean) => out.push({ text, quoted, split: !quoted && !noSplit });
  // `"$@"` and `"${a[@]}"` with no elements make no word at all: the empty string their opening quote began is dropped.
  const fields = (list: string[], quoted: boolean) => {
    const last = out[out.length - 1];
    if (!list.length && quoted && last && last !== 'break' && last.quoted && !last.split && last.text === '') out.pop();
    pushFields(out, list, quoted);
  };
  // Unquoted `$@`, `$*`, `${a[@]}`: each element is a word of its own, which IFS then splits further.
  const splitEach = (list: string[]) => list.forEach((f, k) => {
    if (k > 0) out.push('break');
    out.push({ text: f, quoted: false, split: true });
  });

  if (!heredoc && raw.startsWith('~')) {
    const m = /^~([A-Za-z0-9_.-]*)(?=\/|$)/.exec(raw);
    if (m && m[1] === '') {
      lit(host.home(), true);
      i = 1;
    }
  }
  while (i < raw.length) {
    const c = raw[i];
    const quoted = inDouble || heredoc;
    if (c === '\\') {
      const n = raw[i + 1];
      if (n === undefined) { lit('\\', quoted); i++; continue; }
      if (quoted) {
        if (n === '$' || n === '`' || n === '\\' || (n === '"' && !heredoc)) { lit(n, true); i += 2; continue; }
        if (n === '\n') { i += 2; continue; }
        lit('\\', true);
        i++;
        continue;
      }
      if (n === '\n') { i += 2; continue; }
      lit(n, true);
      i += 2;
      continue;
    }
    if (c === "'" && !quoted) {
      const j = raw.indexOf("'", i + 1);
      const end = j < 0 ? raw.length : j;
      lit(raw.slice(i + 1, end), true);
      i = end + 1;
      continue;
    }
    if (c === '"' && !heredoc) {
      if (!inDouble) lit('', true);
      inDouble = !inDouble;
      i++;
      continue;
    }
    if (c === '<' && raw[i + 1] === '(' && !inDouble && !heredoc && host.processSubstitution) {
      // `<(list)`: the list's output as a file, named as bash names it.
      const end = matchClose(raw, i + 2, '(', ')', ')');
      value(await host.processSubstitution(raw.slice(i + 2, end - 1)), true);
      i = end;
      continue;
    }
    if (c === '`') {
      let j = i + 1;
      let src = '';
      while (j < raw.length && raw[j] !== '`') {
        if (raw[j] === '\\' && '$`\\'.includes(raw[j + 1] ?? '')) { src += raw[j + 1]; j += 2; continue; }
        src += raw[j++];
      }
      value(trimTrailingNewlines(await host.commandSubstitution(src)), quoted);
      i = j + 1;
      continue;
    }
    if (c === '$') {
      const n = raw[i + 1];
      if (n === "'" && !quoted) {
        // `$'…'`: ANSI-C quoting.
        let j = i + 2;
        while (j < raw.length && raw[j] !== "'") j += raw[j] === '\\' ? 2 : 1;
        lit(ansiC(raw.slice(i + 2, j)), true);
        i = j + 1;
        continue;
      }
      if (n === '(' && raw[i + 2] === '(') {
        const end = matchClose(raw, i + 3, '(', ')', ')');
        // `$((` closes with `))`; fall back to command substitution for `$( (...) )` spacing.
        if (raw[end] === ')') {
          const inner = raw.slice(i + 3, end - 1);
          // Each level rescans what it encloses: thousands of levels are quadratic work before any stack runs out.
          const depth = arithmeticDepth.get(host) ?? 0;
          if (depth >= MAX_ARITHMETIC_NESTING) throw new Error(NESTING_TOO_DEEP);
          if (host.cooperate && depth % 16 === 15) await host.cooperate();
          arithmeticDepth.set(host, depth + 1);
          let expanded: string;
          try {
            expanded = await expandWordToString(`"${inner.replace(/"/g, '\\"')}"`, host);
          } finally {
            arithmeticDepth.set(host, depth);
          }
          let v: number;
          try {
            v = evaluateArithmetic(expanded, { get: (k) => host.getVar(k), set: (k, val) => host.setVar(k, val) });
          } catch (e) {
            if (e instanceof ArithError) throw new ExpansionError(e.message);
            throw e;
          }
          value(String(v), quoted);
          i = end + 1;
          continue;
        }
      }
      if (n === '(') {
        const end = matchClose(raw, i + 2, '(', ')', ')');
        value(trimTrailingNewlines(await host.commandSubstitution(raw.slice(i + 2, end - 1))), quoted);
        i = end;
        continue;
      }
      if (n === '{') {
        const end = matchClose(raw, i + 2, '{', '}', '}');
        const r = await expandBraceParam(raw.slice(i + 2, end - 1), host, quoted);
        if (r.fields && quoted) fields(r.fields, true);
        else if (r.fields && !noSplit) splitEach(r.fields);
        else value(r.text, quoted);
        i = end;
        continue;
      }
      if (n === '@' || n === '*') {
        const args = host.positional();
        if (n === '@' && quoted && !heredoc) fields(args, true);
        else if (!quoted && !noSplit) splitEach(args);
        else value(args.join(n === '*' && !heredoc ? ifsJoin(host) : ' '), quoted);
        i += 2;
        continue;
      }
      if (n !== undefined && '?#$!0-'.includes(n)) {
        value(special(n, host), quoted);
        i += 2;
        continue;
      }
      if (n !== undefined && /[1-9]/.test(n)) {
        value(checkSet(n, host.positional()[Number(n) - 1], host), quoted);
        i += 2;
        continue;
      }
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(raw.slice(i + 1));
      if (m) {
        value(checkSet(m[0], host.getVar(m[0]), host), quoted);
        i += 1 + m[0].length;
        continue;
      }
      lit('$', quoted);
      i++;
      continue;
    }
    lit(c, quoted);
    i++;
  }
  return out;
}

const C_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** The text of `$'…'`: `\n`, `\t`, `\xHH`, `\NNN` (octal), `\uHHHH`… as bash decodes them. */
export function ansiC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/g, (m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 255);
    if (e[0] === 'c' && e.length === 2) return String.fromCharCode(e.charCodeAt(1) & 31);
    return C_ESCAPES[e] ?? m;
  });
}

function pushFields(out: Piece[], fields: string[], quoted: boolean): void {
  fields.forEach((f, k) => {
    if (k > 0) out.push('break');
    out.push({ text: f, quoted, split: false });
  });
}

/** `"$*"` joins with IFS's first character (none when IFS is empty, a space when it is unset). */
function ifsJoin(host: ExpandHost): string {
  const ifs = host.getVar('IFS');
  return ifs === undefined ? ' ' : ifs.slice(0, 1);
}

function special(n: string, host: ExpandHost): string {
  switch (n) {
    case '?': return String(host.lastStatus());
    case '#': return String(host.positional().length);
    case '$': return '1';
    case '!': return String(host.lastBackground?.() ?? '');
    case '0': return host.arg0?.() ?? 'bash';
    case '-': return host.flags?.() ?? 'himBHs';
  }
  return '';
}

function trimTrailingNewlines(s: string): string {
  return s.replace(/\n+$/, '');
}

async function expandBraceParam(body: string, host: ExpandHost, quoted: boolean): Promise<{ text: string; fields?: string[] }> {
  const bad = () => new ExpansionError(`\${${body}}: bad substitution`);
  if (body === '') throw bad();
  const el = /^([#!]?)([A-Za-z_][A-Za-z0-9_]*)\[([^\]]*)\]([\s\S]*)$/.exec(body);
  if (el && host.getArray) {
    const [, pre, name, sub, rest] = el;
    const arr = host.getArray(name) ?? [];
    if (sub !== '@' && sub !== '*') {
      const v = host.getVar(`${name}[${host.isAssoc?.(name) ? await expandWordToString(sub, host) : sub}]`);
      if (pre === '#') return { text: String(v?.length ?? 0) };
      if (pre === '!') throw bad();
      return operate(`${name}[${sub}]`, v, rest, host, bad);
    }
    // `${a[@]}`: the set elements (or, with `!`, their indices); `${#a[@]}` how many.
    let list = pre === '!' ? host.getKeys?.(name) ?? Object.keys(arr) : arr.filter(() => true);
    if (pre === '#') {
      if (rest !== '') throw bad();
      return { text: String(list.length) };
    }
    const slice = /^:([^-=+?][^:]*)(?::([\s\S]*))?$/.exec(rest);
    if (slice) {
      const ev = (x: string) => evaluateArithmetic(x, { get: (k) => host.getVar(k), set: (k, x2) => host.setVar(k, x2) });
      const off = ev(slice[1]);
      list = list.slice(off < 0 ? Math.max(0, list.length + off) : off);
      if (slice[2] !== undefined) list = list.slice(0, ev(slice[2]));
    } else if (rest !== '') {
      const each: string[] = [];
      for (const v of list) each.push((await operate(name, v, rest, host, bad)).text);
      list = each;
    }
    if (sub === '@' && quoted) return { text: '', fields: list };
    return { text: list.join(sub === '*' ? ifsJoin(host) : ' '), fields: quoted ? undefined : list };
  }
  if (body.startsWith('#') && body.length > 1) {
    const name = body.slice(1);
    if (name === '@' || name === '*') return { text: String(host.positional().length) };
    if (!/^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#])$/.test(name)) throw bad();
    return { text: String(getParam(name, host)?.length ?? 0) };
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!])([\s\S]*)$/.exec(body);
  if (!m) throw bad();
  const [, name, rest] = m;
  if (name === '@' && rest === '') {
    return { text: host.positional().join(' '), fields: host.positional() };
  }
  return operate(name, getParam(name, host), rest, host, bad);
}

/** `${name<rest>}` for the value `val`: `:-`, `#`, `%`, `/`, `^^`, `:off:len`, … */
async function operate(name: string, val: string | undefined, rest: string, host: ExpandHost, bad: () => ExpansionError): Promise<{ text: string }> {
  if (rest === '') return { text: checkSet(name, val, host) };
  const op = /^(:-|:=|:\+|:\?|-|=|\+|\?|##|#|%%|%|\/\/|\/|:|\^\^|\^|,,|,)/.exec(rest);
  if (!op) throw bad();
  const arg = rest.slice(op[0].length);
  const word = () => expandWordToString(arg, host);
  const unsetOrEmpty = val === undefined || val === '';
  switch (op[0]) {
    case ':-': return { text: unsetOrEmpty ? await word() : val! };
    case '-': return { text: val === undefined ? await word() : val };
    case ':=':
    case '=': {
      if (op[0] === ':=' ? unsetOrEmpty : val === undefined) {
        const w = await word();
        host.setVar(name, w);
        return { text: w };
      }
      return { text: val! };
    }
    case ':+': return { text: unsetOrEmpty ? '' : await word() };
    case '+': return { text: val === undefined ? '' : await word() };
    case ':?':
    case '?': {
      if (op[0] === ':?' ? unsetOrEmpty : val === undefined) {
        const w = await word();
        throw new ExpansionError(`${name}: ${w || 'parameter null or not set'}`);
      }
      return { text: val! };
    }
    case '#':
    case '##': {
      const v = val ?? '';
      const re = patternToRegExp(await word(), false, 'start', op[0] === '##');
      const mm = re.exec(v);
      return { text: mm ? v.slice(shortestOrLongestPrefix(v, re, op[0] === '##')) : v };
    }
    case '%':
    case '%%': {
      const v = val ?? '';
      const re = patternToRegExp(await word(), false, 'full');
      if (op[0] === '%') {
        for (let k = v.length; k >= 0; k--) if (re.test(v.slice(k))) return { text: v.slice(0, k) };
      } else {
        for (let k = 0; k <= v.length; k++) if (re.test(v.slice(k))) return { text: v.slice(0, k) };
      }
      return { text: v };
    }
    case '/':
    case '//': {
      const v = val ?? '';
      const slash = findUnescapedSlash(arg);
      const pat = await expandWordToString(slash < 0 ? arg : arg.slice(0, slash), host);
      const rep = slash < 0 ? '' : await expandWordToString(arg.slice(slash + 1), host);
      if (pat === '') return { text: v };
      const re = new RegExp(patternToRegExp(pat, false, 'none').source, op[0] === '//' ? 'g' : '');
      return { text: v.replace(re, () => rep) };
    }
    case '^^': return { text: (val ?? '').toUpperCase() };
    case ',,': return { text: (val ?? '').toLowerCase() };
    case '^': return { text: (val ?? '').slice(0, 1).toUpperCase() + (val ?? '').slice(1) };
    case ',': return { text: (val ?? '').slice(0, 1).toLowerCase() + (val ?? '').slice(1) };
    case ':': {
      const v = val ?? '';
      const [offRaw, lenRaw] = arg.split(':');
      const ev = (s: string) => evaluateArithmetic(s, { get: (k) => host.getVar(k), set: (k, x) => host.setVar(k, x) });
      let off = ev(offRaw);
      if (off < 0) off = Math.max(0, v.length + off);
      if (lenRaw === undefined) return { text: v.slice(off) };
      const len = ev(lenRaw);
      return { text: len < 0 ? v.slice(off, Math.max(off, v.length + len)) : v.slice(off, off + len) };
    }
  }
  throw bad();
}

function shortestOrLongestPrefix(v: string, _re: RegExp, longest: boolean): number {
  // Try every prefix length: the pattern must match the whole prefix.
  const full = new RegExp(`^(?:${_re.source.slice(1)})$`);
  if (longest) {
    for (let k = v.length; k >= 0; k--) if (full.test(v.slice(0, k))) return k;
  } else {
    for (let k = 0; k <= v.length; k++) if (full.test(v.slice(0, k))) return k;
  }
  return 0;
}

function findUnescapedSlash(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') { i++; continue; }
    if (s[i] === '/') return i;
  }
  return -1;
}

function getParam(name: string, host: ExpandHost): string | undefined {
  if (/^[0-9]+$/.test(name)) return name === '0' ? host.arg0?.() ?? 'bash' : host.positional()[Number(name) - 1];
  if (name.length === 1 && '?#$!*@-'.includes(name)) {
    if (name === '*' || name === '@') return host.positional().join(' ');
    return special(name, host);
  }
  return host.getVar(name);
}

/** `{a,b}c` → `ac bc`; `{1..3}` → `1 2 3`; quoted or `${` braces are left alone. */
export function braceExpand(word: string): string[] {
  return [...braceWords(word, 0, BRACE_WORDS_MAX)];
}

/**
 * Brace expansion word by word, so the caller can let the page breathe between
 * words and stop at `limit`. The word is cut once into literal parts and brace
 * groups, then the groups are counted through like an odometer (the last one
 * turning fastest, as bash orders `{a,b}{c,d}`: ac ad bc bd): each word is
 * built once, whatever the number of groups.
 */
function* braceWords(word: string, depth: number, limit: number): Generator<string> {
  const parts = depth > 20 || !word.includes('{') ? undefined : braceParts(word, depth, limit);
  if (!parts) {
    yield word;
    return;
  }
  const at = new Array<number>(parts.length).fill(0);
  for (let n = 0; n < limit; n++) {
    let w = '';
    for (let i = 0; i < parts.length; i++) w += parts[i][at[i]];
    yield w;
    let k = parts.length - 1;
    while (k >= 0 && ++at[k] === parts[k].length) at[k--] = 0;
    if (k < 0) return;
  }
}

/** The word as literal parts (one choice) and brace groups (their expanded alternatives); undefined when nothing expands. */
function braceParts(word: string, depth: number, limit: number): string[][] | undefined {
  const parts: string[][] = [];
  let lit = '';
  let expanded = false;
  let inSingle = false;
  let inDouble = false;
  const close = closingBraces(word);
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === '\\') { lit += c + (word[i + 1] ?? ''); i++; continue; }
    if (c === "'" && !inDouble) inSingle = !inSingle;
    else if (c === '"' && !inSingle) inDouble = !inDouble;
    else if (c === '{' && !inSingle && !inDouble && word[i - 1] !== '$' && close[i] >= 0) {
      const group = braceGroup(word, i, close[i], depth, limit);
      if (group) {
        parts.push([lit], group.alts);
        lit = '';
        expanded = true;
        i = group.end;
        continue;
      }
    }
    lit += c;
  }
  if (!expanded) return undefined;
  parts.push([lit]);
  return parts;
}

/**
 * Where the brace opening at each position closes (-1: it never does), quotes and
 * backslashes skipped, in one pass: scanning ahead from every `{` in turn would
 * take quadratic time on a word of thousands of unclosed braces.
 */
function closingBraces(word: string): Int32Array {
  const close = new Int32Array(word.length).fill(-1);
  const open: number[] = [];
  let q1 = false;
  let q2 = false;
  for (let j = 0; j < word.length; j++) {
    const ch = word[j];
    if (ch === '\\') { j++; continue; }
    if (ch === "'" && !q2) q1 = !q1;
    else if (ch === '"' && !q1) q2 = !q2;
    else if (q1 || q2) continue;
    else if (ch === '{') open.push(j);
    else if (ch === '}' && open.length) close[open.pop()!] = j;
  }
  return close;
}

/** The brace group opening at `i` and closing at `j`: its alternatives, each expanded in turn (`{a,{b,c}}`). */
function braceGroup(word: string, i: number, j: number, depth: number, limit: number): { alts: string[]; end: number } | undefined {
  let d = 0;
  const commas: number[] = [];
  let q1 = false;
  let q2 = false;
  for (let k = i; k < j; k++) {
    const ch = word[k];
    if (ch === '\\') { k++; continue; }
    if (ch === "'" && !q2) q1 = !q1;
    else if (ch === '"' && !q1) q2 = !q2;
    else if (q1 || q2) continue;
    else if (ch === '{') d++;
    else if (ch === '}') d--;
    else if (ch === ',' && d === 1) commas.push(k);
  }
  if (!commas.length) {
    const inner = word.slice(i + 1, j);
    const r = /^(-?[0-9]+)\.\.(-?[0-9]+)(?:\.\.(-?[0-9]+))?$/.exec(inner) ?? /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?[0-9]+))?$/.exec(inner);
    return r ? { alts: range(r[1], r[2], r[3]), end: j } : undefined;
  }
  const alts: string[] = [];
  let from = i + 1;
  for (const c of [...commas, j]) {
    for (const w of braceWords(word.slice(from, c), depth + 1, limit - alts.length)) {
      alts.push(w);
      if (alts.length >= limit) return { alts, end: j };
    }
    from = c + 1;
  }
  return { alts, end: j };
}

/** Words one brace expansion may produce. */
const BRACE_WORDS_MAX = 100_000;
const BRACE_WORDS_PER_TURN = 5_000;

function range(a: string, b: string, stepRaw?: string): string[] {
  const step = Math.abs(Number(stepRaw ?? 1)) || 1;
  const out: string[] = [];
  if (/^-?[0-9]+$/.test(a)) {
    const x = Number(a);
    const y = Number(b);
    const width = (a.replace('-', '').startsWith('0') && a.length > 1) || (b.replace('-', '').startsWith('0') && b.length > 1) ? Math.max(a.length, b.length) : 0;
    const fmt = (n: number) => (width ? (n < 0 ? '-' + String(-n).padStart(width - 1, '0') : String(n).padStart(width, '0')) : String(n));
    if (Math.abs(y - x) / step > 100_000) return [];
    if (x <= y) for (let n = x; n <= y; n += step) out.push(fmt(n));
    else for (let n = x; n >= y; n -= step) out.push(fmt(n));
    return out;
  }
  const x = a.charCodeAt(0);
  const y = b.charCodeAt(0);
  if (x <= y) for (let n = x; n <= y; n += step) out.push(String.fromCharCode(n));
  else for (let n = x; n >= y; n -= step) out.push(String.fromCharCode(n));
  return out;
}
