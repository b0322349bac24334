/**
 * `-o kyaml`: sigs.k8s.io/yaml/kyaml's encoder as kubectl v1.35 uses it — the
 * object's JSON re-read as YAML and written as KYAML: `---`, braces and
 * brackets, two-space indents, a trailing comma after every entry, string
 * values always double-quoted, keys bare unless they need quotes, lists of
 * maps or lists "cuddled" (`[{` ... `}]`), multi-line strings folded with
 * `\` line continuations.
 */

const FOLD = '\\\n';

/** One document: `---\n<value>\n`. `sortKeys` as json.Marshal orders maps (unstructured objects); typed objects keep their order. */
export function toKYAML(value: unknown, sortKeys = true): string {
  const out: string[] = ['---\n'];
  render(normalize(value), 0, out, sortKeys);
  out.push('\n');
  return out.join('');
}

function normalize(v: unknown): unknown {
  return v === undefined ? null : v;
}

function render(v: unknown, indent: number, out: string[], sortKeys: boolean): void {
  if (v === null || v === undefined) { out.push('null'); return; }
  if (typeof v === 'boolean') { out.push(String(v)); return; }
  if (typeof v === 'number') { out.push(jsonNumber(v)); return; }
  if (typeof v === 'string') { out.push(renderString(v, indent + 1, false)); return; }
  if (Array.isArray(v)) { renderSequence(v, indent, out, sortKeys); return; }
  renderMapping(v as Record<string, unknown>, indent, out, sortKeys);
}

function jsonNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  return String(n).replace(/e([+-])(\d)$/, 'e$1$2');
}

function entries(o: Record<string, unknown>, sortKeys: boolean): [string, unknown][] {
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (sortKeys) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((k) => [k, o[k]]);
}

function renderMapping(o: Record<string, unknown>, indent: number, out: string[], sortKeys: boolean): void {
  const es = entries(o, sortKeys);
  if (es.length === 0) { out.push('{}'); return; }
  out.push('{\n');
  for (const [k, v] of es) {
    out.push('  '.repeat(indent + 1), renderKey(k), ': ');
    render(v, indent + 1, out, sortKeys);
    out.push(',\n');
  }
  out.push('  '.repeat(indent), '}');
}

function isCuddled(v: unknown): boolean {
  return v !== null && typeof v === 'object';
}

function renderSequence(a: unknown[], indent: number, out: string[], sortKeys: boolean): void {
  if (a.length === 0) { out.push('[]'); return; }
  if (a.every(isCuddled)) {
    out.push('[');
    a.forEach((x, i) => {
      if (i > 0) out.push(', ');
      render(x, indent, out, sortKeys);
    });
    out.push(']');
    return;
  }
  out.push('[\n', '  '.repeat(indent));
  for (const x of a) {
    out.push('  ');
    render(x, indent + 1, out, sortKeys);
    out.push(',\n', '  '.repeat(indent));
  }
  out.push(']');
}

/** Keys: bare when unambiguous, otherwise quoted on one line. */
function renderKey(k: string): string {
  if (!k.includes('\n') && !needsQuotes(k)) return k;
  return renderString(k, 0, true);
}

function renderString(val: string, indent: number, compact: boolean): string {
  const multi = val.includes('\n');
  let buf = '"';
  if (multi && !compact) buf += FOLD;
  for (const ch of val) {
    if (buf.endsWith('\n')) {
      buf += '  '.repeat(indent);
      buf += /\s/u.test(ch) && ch !== '\n' ? '\\' : ' ';
    }
    if (ch === '\n') { buf += compact ? '\\n' : '\\n' + FOLD; continue; }
    if (ch === '\t') { buf += compact ? '\\t' : '\t'; continue; }
    buf += escapeRune(ch);
  }
  if (multi && !compact) {
    if (!buf.endsWith('\n')) buf += FOLD;
    buf += '  '.repeat(indent);
  }
  return buf + '"';
}

function escapeRune(ch: string): string {
  if (ch === '"' || ch === '\\') return '\\' + ch;
  const c = ch.codePointAt(0)!;
  if (/[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch) && !(c >= 0x7f && c < 0xa0)) return ch;
  const named: Record<number, string> = { 0x07: '\\a', 0x08: '\\b', 0x0c: '\\f', 0x0d: '\\r', 0x0b: '\\v', 0x00: '\\0', 0x1b: '\\e', 0x85: '\\N', 0xa0: '\\_', 0x2028: '\\L', 0x2029: '\\P' };
  if (named[c]) return named[c];
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  if (c < 0x10000) return `\\u${c.toString(16).padStart(4, '0')}`;
  return `\\U${c.toString(16).padStart(8, '0')}`;
}

export function needsQuotes(s: string): boolean {
  if (s === '' || isTypeAmbiguous(s)) return true;
  const runes = [...s];
  return runes.some((r, i) => {
    if (/[\p{L}\p{N}_]/u.test(r)) return false;
    return !(i > 0 && i < runes.length - 1 && (r === '-' || r === '.' || r === '/'));
  });
}

const SEXAGESIMAL = /^[+-]?[1-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/;

/** Strings a YAML reader could take for something else (kyaml's isTypeAmbiguous). */
function isTypeAmbiguous(s: string): boolean {
  const lower = s.toLowerCase();
  if (['null', '~', '', 'true', 'y', 'yes', 'on', 'false', 'n', 'no', 'off', '.inf', '-.inf', '+.inf', '.nan'].includes(lower) && s.length <= 5) return true;
  if (['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return true;
  const noUnderscore = s.replace(/_/g, '');
  if (/^[+-]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.test(noUnderscore)) return true;
  if (isGoFloat(noUnderscore)) return true;
  if (SEXAGESIMAL.test(s)) return true;
  return isTimestamp(s);
}

/** strconv.ParseFloat's accepted syntax (including inf/infinity/nan and hex floats). */
function isGoFloat(s: string): boolean {
  if (/^[+-]?(inf|infinity)$/i.test(s) || /^nan$/i.test(s)) return true;
  if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return true;
  return /^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+$/.test(s);
}

function isTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(s);
  if (!m) return false;
  const [month, day] = [Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate()) return false;
  if (m[4] !== undefined) {
    if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
    // The 'T' forms need a zone; the space form must not have one.
    if (/[Tt]/.test(s.slice(10, 11)) !== (m[7] !== undefined)) return false;
  }
  return true;
}
