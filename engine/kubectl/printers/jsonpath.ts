/**
 * The JSONPath dialect of k8s.io/client-go/util/jsonpath, used by
 * `-o jsonpath=...`, custom columns and --sort-by:
 *
 *   {.items[*].metadata.name}   {.items[0]}  {.items[-1:]}  {.items[1:3]}
 *   {..image}                   {.metadata.labels['app\.kubernetes\.io/name']}
 *   {.items[?(@.status.phase=="Running")].metadata.name}   {[?(@.x)]}
 *   {range .items[*]}{.metadata.name}{"\t"}{end}            {"\n"}  {$}  {@}
 *
 * Text outside braces is printed as is; several results of one action are
 * joined by spaces; strings print bare, anything else as compact JSON.
 */

export class JSONPathError extends Error {}

type Segment =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string | '*' }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'wildcard' }
  | { kind: 'union'; keys: (string | number)[] }
  | { kind: 'filter'; left: Path; op?: string; right?: Path | { literal: unknown } };

interface Path { root: '$' | '@'; segments: Segment[] }

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'paths'; paths: (Path | { literal: unknown })[] }
  | { kind: 'range'; path: Path; body: Node[] };

export interface Template {
  nodes: Node[];
}

/**
 * An action with no closing brace: client-go reads it from the left and
 * stops at the first construct the end of input leaves open (an array, a
 * quoted string) before it notices the action itself is unclosed.
 */
function unclosedActionError(rest: string): string {
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\n') break;
    if (c === '[') {
      const end = rest.slice(i + 1).search(/[\]\n]/);
      if (end < 0 || rest[i + 1 + end] === '\n') return 'unterminated array';
      i += end + 1;
    } else if (c === '"' || c === "'") {
      const end = rest.indexOf(c, i + 1);
      if (end < 0) return 'unterminated quoted string';
      i = end;
    }
  }
  return 'unclosed action';
}

/** Parses a template; throws JSONPathError with client-go's texts for the common mistakes. */
export function parseJSONPath(template: string): Template {
  const tokens: ({ kind: 'text'; text: string } | { kind: 'action'; text: string })[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      tokens.push({ kind: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) tokens.push({ kind: 'text', text: template.slice(i, open) });
    const close = findClose(template, open + 1);
    if (close < 0) throw new JSONPathError(unclosedActionError(template.slice(open + 1)));
    tokens.push({ kind: 'action', text: template.slice(open + 1, close) });
    i = close + 1;
  }
  let pos = 0;
  const parseNodes = (inRange: boolean): Node[] => {
    const out: Node[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++];
      if (t.kind === 'text') { out.push({ kind: 'text', text: t.text }); continue; }
      const body = t.text.trim();
      if (body === 'end') {
        if (!inRange) throw new JSONPathError('not in range, nothing to end');
        return out;
      }
      if (body.startsWith('range ') || body === 'range') {
        const path = parsePath(body.slice(5).trim());
        out.push({ kind: 'range', path, body: parseNodes(true) });
        continue;
      }
      out.push({ kind: 'paths', paths: splitTopLevel(body).map(parseOperand) });
    }
    if (inRange) throw new JSONPathError('unclosed range');
    return out;
  };
  return { nodes: parseNodes(false) };
}

function findClose(s: string, from: number): number {
  let depth = 1;
  let quote = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') { i++; continue; }
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** An action may hold several space-separated parts, e.g. `{.a} ` or `{"x" .b}`; we split on top-level spaces. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      cur += c;
      if (c === '\\' && i + 1 < s.length) { cur += s[++i]; continue; }
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") { quote = c; cur += c; continue; }
    if (c === '[' || c === '(') depth++;
    if (c === ']' || c === ')') depth--;
    if (c === ' ' && depth === 0) { if (cur) out.push(cur); cur = ''; continue; }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

function parseOperand(s: string): Path | { literal: unknown } {
  if (s.startsWith('"') || s.startsWith("'")) return { literal: unquote(s) };
  return parsePath(s);
}

function unquote(s: string): string {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) throw new JSONPathError(`unterminated quoted string`);
  const body = s.slice(1, -1);
  if (q === "'") return body;
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' } as Record<string, string>)[c] ?? c);
}

function parsePath(s: string): Path {
  let i = 0;
  let root: '$' | '@' = '@';
  if (s[0] === '$') { root = '$'; i = 1; } else if (s[0] === '@') { i = 1; }
  const segments: Segment[] = [];
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      const { name, next } = readName(s, i);
      if (s[i] === '[') { segments.push({ kind: 'recursive', name: '*' }); continue; }
      segments.push({ kind: 'recursive', name: name || '*' });
      i = next;
      continue;
    }
    if (s[i] === '.') {
      i++;
      if (s[i] === '*') { segments.push({ kind: 'wildcard' }); i++; continue; }
      const { name, next } = readName(s, i);
      if (name) segments.push({ kind: 'field', name });
      i = next;
      continue;
    }
    if (s[i] === '[') {
      const close = matchBracket(s, i);
      if (close < 0) throw new JSONPathError(`unterminated array`);
      segments.push(parseBracket(s.slice(i + 1, close)));
      i = close + 1;
      continue;
    }
    // a leading bare name ("items[0]") reads as a field
    const { name, next } = readName(s, i);
    if (!name) throw new JSONPathError(`unrecognized character in action: ${JSON.stringify(s[i])}`);
    segments.push({ kind: 'field', name });
    i = next;
  }
  return { root, segments };
}

function readName(s: string, i: number): { name: string; next: number } {
  let name = '';
  while (i < s.length && s[i] !== '.' && s[i] !== '[') {
    if (s[i] === '\\' && i + 1 < s.length) { name += s[i + 1]; i += 2; continue; }
    name += s[i++];
  }
  return { name, next: i };
}

function matchBracket(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) { if (c === '\\') { i++; continue; } if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseBracket(body: string): Segment {
  const b = body.trim();
  if (b === '*') return { kind: 'wildcard' };
  if (b.startsWith('?(') && b.endsWith(')')) return parseFilter(b.slice(2, -1).trim());
  if (b.includes(':') && !/^['"]/.test(b)) {
    const parts = b.split(':').map((x) => x.trim());
    const num = (x: string | undefined) => (x === undefined || x === '' ? undefined : toInt(x));
    return { kind: 'slice', start: num(parts[0]), end: num(parts[1]), step: num(parts[2]) };
  }
  const items = splitUnion(b);
  if (items.length === 1) {
    const it = items[0];
    if (/^['"]/.test(it)) return { kind: 'field', name: unquote(it) };
    return { kind: 'index', index: toInt(it) };
  }
  return { kind: 'union', keys: items.map((it) => (/^['"]/.test(it) ? unquote(it) : toInt(it))) };
}

function splitUnion(b: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (const c of b) {
    if (quote) { cur += c; if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") { quote = c; cur += c; continue; }
    if (c === ',') { out.push(cur.trim()); cur = ''; continue; }
    cur += c;
  }
  out.push(cur.trim());
  return out;
}

function toInt(x: string): number {
  if (!/^-?\d+$/.test(x)) throw new JSONPathError(`invalid array index ${x}`);
  return Number(x);
}

function parseFilter(expr: string): Segment {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/.exec(expr);
  if (!m) return { kind: 'filter', left: parsePath(expr) };
  const right = m[3].trim();
  let r: Path | { literal: unknown };
  if (/^['"]/.test(right)) r = { literal: unquote(right) };
  else if (/^-?\d+(\.\d+)?$/.test(right)) r = { literal: Number(right) };
  else if (right === 'true' || right === 'false') r = { literal: right === 'true' };
  else r = parsePath(right);
  return { kind: 'filter', left: parsePath(m[1].trim()), op: m[2], right: r };
}

// ---------- evaluation ----------

function evalPath(path: Path, root: unknown, cur: unknown): unknown[] {
  let vals: unknown[] = [path.root === '$' ? root : cur];
  for (const seg of path.segments) {
    const next: unknown[] = [];
    for (const v of vals) applySegment(seg, v, root, next);
    vals = next;
  }
  return vals;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function applySegment(seg: Segment, v: unknown, root: unknown, out: unknown[]): void {
  switch (seg.kind) {
    case 'field':
      if (isObj(v) && Object.prototype.hasOwnProperty.call(v, seg.name) && v[seg.name] !== undefined) out.push(v[seg.name]);
      return;
    case 'index': {
      if (!Array.isArray(v)) return;
      const i = seg.index < 0 ? v.length + seg.index : seg.index;
      if (i >= 0 && i < v.length) out.push(v[i]);
      return;
    }
    case 'slice': {
      if (!Array.isArray(v)) return;
      const len = v.length;
      const norm = (x: number | undefined, d: number) => (x === undefined ? d : x < 0 ? Math.max(0, len + x) : Math.min(len, x));
      const start = norm(seg.start, 0);
      const end = norm(seg.end, len);
      const step = seg.step && seg.step > 0 ? seg.step : 1;
      for (let i = start; i < end; i += step) out.push(v[i]);
      return;
    }
    case 'wildcard':
      if (Array.isArray(v)) out.push(...v);
      else if (isObj(v)) for (const k of Object.keys(v).sort()) out.push(v[k]);
      return;
    case 'union':
      for (const k of seg.keys) {
        if (typeof k === 'number') applySegment({ kind: 'index', index: k }, v, root, out);
        else applySegment({ kind: 'field', name: k }, v, root, out);
      }
      return;
    case 'recursive': {
      const walk = (x: unknown) => {
        if (seg.name === '*') out.push(x);
        else if (isObj(x) && x[seg.name] !== undefined) out.push(x[seg.name]);
        if (Array.isArray(x)) x.forEach(walk);
        else if (isObj(x)) for (const k of Object.keys(x).sort()) walk(x[k]);
      };
      walk(v);
      return;
    }
    case 'filter': {
      const items = Array.isArray(v) ? v : [v];
      for (const item of items) {
        const left = evalPath(seg.left, root, item);
        if (!seg.op) {
          if (left.length > 0) out.push(item);
          continue;
        }
        const right = seg.right && 'literal' in seg.right ? [seg.right.literal] : evalPath(seg.right as Path, root, item);
        if (left.length && right.length && compare(left[0], seg.op, right[0])) out.push(item);
      }
      return;
    }
  }
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (op === '==') return a === b || (typeof a === 'number' && typeof b === 'string' && String(a) === b) || (typeof b === 'number' && typeof a === 'string' && a === String(b));
  if (op === '!=') return !compare(a, '==', b);
  if (op === '=~') return typeof a === 'string' && typeof b === 'string' && new RegExp(b).test(a);
  const x = typeof a === 'number' ? a : Number(a);
  const y = typeof b === 'number' ? b : Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  switch (op) {
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
  }
  return false;
}

/** Go's json.Marshal: compact, map keys sorted, HTML characters escaped. */
export function compactJSON(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(compactJSON).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${compactJSON(k)}:${compactJSON(o[k])}`).join(',')}}`;
}

export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return compactJSON(v);
}

/** Evaluates a template against `data`; returns the text. */
export function executeJSONPath(t: Template, data: unknown): string {
  let out = '';
  const run = (nodes: Node[], cur: unknown) => {
    for (const n of nodes) {
      if (n.kind === 'text') out += n.text;
      else if (n.kind === 'paths') {
        const parts: string[] = [];
        for (const p of n.paths) {
          if ('literal' in p) parts.push(String(p.literal));
          else for (const v of evalPath(p, data, cur)) parts.push(valueText(v));
        }
        out += parts.join(' ');
      } else {
        for (const v of evalPath(n.path, data, cur)) {
          const items = n.path.segments.length === 0 && Array.isArray(v) ? v : [v];
          for (const item of items) run(n.body, item);
        }
      }
    }
  };
  run(t.nodes, data);
  return out;
}

/** The values each printed node yields, in order (client-go's FindResults), for `-o jsonpath-as-json`. */
export function jsonPathResults(t: Template, data: unknown): unknown[][] {
  const out: unknown[][] = [];
  const run = (nodes: Node[], cur: unknown) => {
    for (const n of nodes) {
      if (n.kind === 'text') out.push([n.text]);
      else if (n.kind === 'paths') {
        const vals: unknown[] = [];
        for (const p of n.paths) {
          if ('literal' in p) vals.push(p.literal);
          else vals.push(...evalPath(p, data, cur));
        }
        out.push(vals);
      } else {
        for (const v of evalPath(n.path, data, cur)) {
          const items = n.path.segments.length === 0 && Array.isArray(v) ? v : [v];
          for (const item of items) run(n.body, item);
        }
      }
    }
  };
  run(t.nodes, data);
  return out;
}

/** Evaluates one expression (custom columns, --sort-by) to its values. */
export function evaluateJSONPath(t: Template, data: unknown): unknown[] {
  const out: unknown[] = [];
  for (const n of t.nodes) if (n.kind === 'paths') for (const p of n.paths) if (!('literal' in p)) out.push(...evalPath(p, data, data));
  return out;
}

/**
 * RelaxedJSONPathExpression: `.metadata.name`, `metadata.name` and
 * `{.metadata.name}` all mean `{.metadata.name}`.
 */
export function relaxedJSONPathExpression(path: string): string {
  if (path.length === 0) return path;
  // kubectl's jsonRegexp: braces on both sides or on neither.
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(path);
  if (!m) throw new JSONPathError('unexpected path string, expected a \'name1.name2\' or \'.name1.name2\' or \'{name1.name2}\' or \'{.name1.name2}\'');
  return `{.${m[1] ?? m[2]}}`;
}
