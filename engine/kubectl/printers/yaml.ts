/**
 * YAML and JSON output as kubectl writes them.
 *
 * `-o yaml` goes through sigs.k8s.io/yaml: the object becomes JSON, then a
 * go-yaml v2 document. That fixes every visible detail reproduced here:
 * map keys sorted; sequences in a mapping not indented (`key:\n- a`); a string
 * that would read back as something else (`"1"`, `"true"`, `"y"`, `"~"`, an
 * RFC 3339 time) double-quoted; one that is not a safe plain scalar (leading
 * `*`, `- `, `: `, ` #`, a leading space) single-quoted; multi-line strings as
 * literal blocks (`|`, `|-`, `|+`); and plain or single-quoted text folded at
 * the first space past column 80, continued two columns deeper.
 *
 * `-o json` is json.MarshalIndent with four spaces over an unstructured map:
 * keys sorted, `<`, `>` and `&` escaped as \u003c, \u003e, \u0026.
 */

const BEST_WIDTH = 80;

export function toYAML(value: unknown): string {
  const out: string[] = [];
  emitNode(value, 0, out, 'top');
  return out.join('');
}

type Ctx = 'top' | 'map' | 'seq';

function isScalar(v: unknown): boolean {
  return v === null || v === undefined || typeof v !== 'object' || (Array.isArray(v) ? v.length === 0 : Object.keys(v as object).length === 0);
}

function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined).sort(byteCompare);
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Emits `v` whose first line continues the current line (after "key:" or "- ").
 * `indent` is the column of the enclosing mapping's keys.
 */
function emitNode(v: unknown, indent: number, out: string[], ctx: Ctx): void {
  if (Array.isArray(v) && v.length > 0) {
    // In a mapping, go-yaml puts "- " at the key's own column.
    if (ctx === 'map') out.push('\n');
    let first = ctx !== 'map';
    for (const item of v) {
      if (!first) out.push(' '.repeat(indent));
      first = false;
      out.push('-');
      if (isScalar(item)) {
        out.push(' ');
        out.push(scalar(item, indent + 2, indent + 2));
        out.push('\n');
      } else {
        out.push(' ');
        emitNode(item, indent + 2, out, 'seq');
      }
    }
    return;
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
    const o = v as Record<string, unknown>;
    const keys = sortedKeys(o);
    if (keys.length === 0) {
      out.push(ctx === 'map' ? ' {}\n' : '{}\n');
      return;
    }
    const childIndent = ctx === 'map' ? indent + 2 : indent;
    if (ctx === 'map') out.push('\n');
    let first = ctx === 'seq' || ctx === 'top';
    for (const k of keys) {
      if (!first) out.push(' '.repeat(childIndent));
      first = false;
      const keyText = scalar(k, childIndent, childIndent, true);
      out.push(keyText);
      out.push(':');
      const child = o[k];
      if (isScalar(child)) {
        const col = childIndent + keyText.length + 2;
        out.push(' ');
        out.push(scalar(child, childIndent + 2, col));
        out.push('\n');
      } else {
        emitNode(child, childIndent, out, 'map');
      }
    }
    return;
  }
  if (ctx === 'map') out.push(' ');
  out.push(scalar(v, indent + 2, indent));
  out.push('\n');
}

/** One scalar; `contIndent` is where folded or block lines continue, `col` the column it starts at. */
function scalar(v: unknown, contIndent: number, col: number, isKey = false): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'bigint') return v.toString();
  return stringScalar(String(v), contIndent, col, isKey);
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '.nan' : n > 0 ? '+.inf' : '-.inf';
  // strconv.FormatFloat(f, 'g', -1, 64): exponent form for very small or large magnitudes.
  const abs = Math.abs(n);
  if (abs < 1e-4 || abs >= 1e21) {
    const [m, e] = n.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

/** Strings go-yaml v2 would read back as another type must be quoted. */
function resolvesToNonString(s: string): boolean {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return true;
  if (/^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(s)) return true;
  if (s === '<<') return true;
  if (/^[-+]?(\.inf|\.Inf|\.INF)$/.test(s) || /^(\.nan|\.NaN|\.NAN)$/.test(s)) return true;
  // ints: decimal, 0b, 0o/leading 0 octal, 0x; with optional sign and underscores
  if (/^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*)$/.test(s)) return true;
  // floats
  if (/^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return true;
  // base 60 (sexagesimal) numbers, which YAML 1.1 reads as numbers
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/.test(s)) return true;
  // timestamps
  if (/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|$)/.test(s) && isTimestamp(s)) return true;
  return false;
}

function isTimestamp(s: string): boolean {
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s) ||
    /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?(([ \t]*)Z|[-+][0-9]{1,2}(:[0-9]{2})?)?$/.test(s);
}

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const INDICATORS_FIRST = ',?[]{}#&*!|>\'"%@`';

/** yaml_emitter_analyze_scalar, for block context. */
function analyze(s: string): Analysis {
  if (s.length === 0) return { multiline: false, blockPlainAllowed: false, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
  let lineBreaks = false, special = false;
  if (s.startsWith('---') || s.startsWith('...')) blockIndicators = true;
  let precededByWhitespace = true;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
    if (i === 0) {
      if (INDICATORS_FIRST.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':') && followedByWhitespace) blockIndicators = true;
      if (c === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (c === ':' && followedByWhitespace) blockIndicators = true;
      if (c === '#' && precededByWhitespace) blockIndicators = true;
    }
    const code = c.codePointAt(0)!;
    const printable = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x7e) || code === 0x85 ||
      (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff) || (code >= 0x10000 && code <= 0x10ffff);
    if (!printable) special = true;
    const isBreak = c === '\n' || c === '\r' || code === 0x85 || code === 0x2028 || code === 0x2029;
    if (isBreak) lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === ' ' || c === '\t' || isBreak;
  }
  let blockPlainAllowed = true, singleQuotedAllowed = true, blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) { blockPlainAllowed = false; singleQuotedAllowed = false; }
  if (spaceBreak || special) { blockPlainAllowed = false; singleQuotedAllowed = false; blockAllowed = false; }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

function stringScalar(s: string, contIndent: number, col: number, isKey: boolean): string {
  const a = analyze(s);
  if (s.includes('\n') && !isKey) {
    if (a.blockAllowed) return literal(s, contIndent);
    return doubleQuoted(s);
  }
  // The encoder asks for double quotes when the text would read back as another type ("1", "true", a time).
  if (resolvesToNonString(s)) return doubleQuoted(s);
  if (a.blockPlainAllowed) return isKey ? s : fold(s, contIndent, col, false);
  if (a.singleQuotedAllowed && !a.multiline) {
    return isKey ? `'${s.replace(/'/g, "''")}'` : fold(s, contIndent, col, true);
  }
  return doubleQuoted(s);
}

/** Plain or single-quoted text, broken at a space once the column passes 80 (yaml_emitter_write_plain_scalar). */
function fold(s: string, contIndent: number, startCol: number, quoted: boolean): string {
  let out = quoted ? "'" : '';
  let column = startCol + (quoted ? 1 : 0);
  const chars = [...s];
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === ' ') {
      const next = chars[i + 1];
      const breakAllowed = quoted ? i !== 0 && i !== chars.length - 1 : true;
      if (!spaces && column > BEST_WIDTH && breakAllowed && next !== undefined && next !== ' ') {
        out += '\n' + ' '.repeat(contIndent);
        column = contIndent;
      } else {
        out += ' ';
        column++;
      }
      spaces = true;
    } else {
      if (quoted && c === "'") {
        out += "''";
        column += 2;
      } else {
        out += c;
        column++;
      }
      spaces = false;
    }
  }
  return quoted ? out + "'" : out;
}

function literal(s: string, indent: number): string {
  let chomp = '';
  if (!s.endsWith('\n')) chomp = '-';
  else if (s.length === 1 || s.endsWith('\n\n')) chomp = '+';
  const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  let body = s;
  if (body.endsWith('\n')) body = body.slice(0, -1);
  const lines = body.split('\n');
  return `|${indicator}${chomp}` + lines.map((l) => '\n' + (l === '' ? '' : ' '.repeat(indent) + l)).join('');
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    switch (c) {
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '\n': out += '\\n'; break;
      case '\t': out += '\\t'; break;
      case '\r': out += '\\r'; break;
      case '\0': out += '\\0'; break;
      default:
        if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
        else if (code === 0xfeff) out += '\\uFEFF';
        else out += c;
    }
  }
  return out + '"';
}

/** json.MarshalIndent(obj, "", "    ") over an unstructured object: sorted keys, HTML-safe escapes. */
export function toJSON(value: unknown, sortKeys = true): string {
  return encodeJSON(value, '', sortKeys);
}

function encodeJSON(v: unknown, indent: string, sortKeys: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? jsonNumber(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  const inner = indent + '    ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + encodeJSON(x, inner, sortKeys)).join(',\n')}\n${indent}]`;
  }
  const o = v as Record<string, unknown>;
  let keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (sortKeys) keys = keys.sort(byteCompare);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${jsonString(k)}: ${encodeJSON(o[k], inner, sortKeys)}`).join(',\n')}\n${indent}}`;
}

function jsonNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  // encoding/json uses 'f' format unless the exponent is < -6 or >= 21
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    const [m, e] = n.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

export function jsonString(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '<') out += '\\u003c';
    else if (c === '>') out += '\\u003e';
    else if (c === '&') out += '\\u0026';
    else if (code === 0x2028) out += '\\u2028';
    else if (code === 0x2029) out += '\\u2029';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out + '"';
}
