/**
 * cmp.Diff(x, y) of github.com/google/go-cmp v0.7.0 (the version
 * kube-apiserver v1.35 is built with; cmp/compare.go, report_*.go,
 * internal/diff) over Go values described by GoType, with no options: what
 * ValidatePodUpdate prints under a refused pod update.
 *
 * go-cmp makes its output unstable on purpose: at start-up each process picks,
 * from the second it started in, whether the report's markers are followed by
 * spaces or by no-break spaces (report_text.go randBool) and whether the
 * slice differ searches forwards or backwards first (internal/diff randBool,
 * the same seed, so the same pick). A real kube-apiserver prints one of the two
 * for its whole life; this one is the kube-apiserver whose pick was spaces and
 * forwards, which is also what go-cmp prints under its own deterministic
 * testing flag, so the lab's transcripts stay the same from run to run.
 *
 * Pointer cycles cannot occur in the API types, so the reference markers
 * (report_references.go) never print and are left out; addresses are printed
 * only when two different values format alike at every verbosity, which a pod
 * spec cannot produce.
 */

/* A Go type as reflect sees it. `name` is reflect.Type.String() of a named type. */
export type GoType =
  | { k: 'bool' | 'string'; name?: string; stringer?: boolean }
  | { k: 'int'; kind: 'int8' | 'int32' | 'int64'; name?: string }
  | { k: 'ptr'; elem: GoType }
  | { k: 'slice'; elem: GoType; name?: string }
  | { k: 'map'; key: GoType; elem: GoType; name?: string }
  | { k: 'struct'; name: string; fields: [string, GoType][]; equal?: (x: GoValue, y: GoValue) => boolean; ptrStringer?: (v: GoValue) => string };

/** A Go value: null is a nil pointer, slice or map; a struct is its fields by name (absent = zero); a map is sorted [key, value] pairs. */
export type GoValue = null | boolean | number | string | GoValue[] | { [field: string]: GoValue } | GoMap;
export class GoMap { constructor(readonly entries: [string, GoValue][]) {} }

const INVALID = Symbol('invalid');
type V = GoValue | typeof INVALID;

export function typeString(t: GoType): string {
  switch (t.k) {
    case 'ptr': return `*${typeString(t.elem)}`;
    case 'slice': return t.name ?? `[]${typeString(t.elem)}`;
    case 'map': return t.name ?? `map[${typeString(t.key)}]${typeString(t.elem)}`;
    case 'struct': return t.name;
    case 'int': return t.name ?? t.kind;
    default: return t.name ?? t.k;
  }
}
const isNamed = (t: GoType) => t.k === 'struct' || ((t.k === 'slice' || t.k === 'map' || t.k === 'bool' || t.k === 'int' || t.k === 'string') && t.name !== undefined);

function fieldOf(v: GoValue, f: string, t: GoType): GoValue {
  const x = (v as Record<string, GoValue> | null)?.[f];
  return x === undefined ? zero(t) : x;
}
export function zero(t: GoType): GoValue {
  switch (t.k) {
    case 'bool': return false;
    case 'int': return 0;
    case 'string': return '';
    case 'struct': return {};
    default: return null;
  }
}
export function isZero(t: GoType, v: GoValue): boolean {
  switch (t.k) {
    case 'struct': return t.fields.every(([f, ft]) => isZero(ft, fieldOf(v, f, ft)));
    default: return v === zero(t) || v === null;
  }
}

// ---- comparison: the value tree of report_value.go ----

interface Node {
  type: GoType; vx: V; vy: V;
  numSame: number; numDiff: number; numCompared: number; numChildren: number; maxDepth: number;
  records?: { key?: string | GoValue; node: Node }[];
  value?: Node;
  parentKind?: GoType['k'];
}

interface Result { numSame: number; numDiff: number }

class Comparer {
  constructor(private readonly search: 'forward' | 'reverse') {}

  compare(t: GoType, vx: V, vy: V, parentKind?: GoType['k']): Node {
    const n: Node = { type: t, vx, vy, numSame: 0, numDiff: 0, numCompared: 0, numChildren: 0, maxDepth: 0, parentKind };
    const report = (eq: boolean, byMethod = false) => { if (eq) n.numSame++; else n.numDiff++; if (byMethod) n.numCompared++; };
    const child = (c: Node) => {
      n.numSame += c.numSame; n.numDiff += c.numDiff; n.numCompared += c.numCompared;
      n.numChildren += c.numChildren + 1; n.maxDepth = Math.max(n.maxDepth, c.maxDepth + 1);
      return c;
    };
    if (vx === INVALID || vy === INVALID) { report(vx === vy); return n; }
    if (t.k === 'struct' && t.equal) { report(t.equal(vx, vy), true); return n; }
    switch (t.k) {
      case 'bool': case 'int': case 'string': report(vx === vy); break;
      case 'struct':
        n.records = t.fields.map(([f, ft]) => ({ key: f, node: child(this.compare(ft, fieldOf(vx, f, ft), fieldOf(vy, f, ft), 'struct')) }));
        break;
      case 'ptr':
        if (vx === null || vy === null) { report(vx === vy); break; }
        n.value = child(this.compare(t.elem, vx, vy, 'ptr'));
        break;
      case 'map': {
        if (vx === null || vy === null) { report(vx === vy); break; }
        const mx = new Map((vx as GoMap).entries), my = new Map((vy as GoMap).entries);
        const keys = [...new Set([...mx.keys(), ...my.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        n.records = keys.map((k) => ({ key: k, node: child(this.compare(t.elem, mx.has(k) ? mx.get(k)! : INVALID, my.has(k) ? my.get(k)! : INVALID, 'map')) }));
        break;
      }
      case 'slice': {
        if (vx === null || vy === null) { report(vx === vy); break; }
        const xs = vx as GoValue[], ys = vy as GoValue[];
        const edits = difference(xs.length, ys.length, (ix, iy) => {
          const r = this.compare(t.elem, xs[ix], ys[iy], 'slice');
          return { numSame: r.numSame, numDiff: r.numDiff };
        }, this.search);
        n.records = [];
        let ix = 0, iy = 0;
        for (const e of edits) {
          const x = e === 'Y' ? INVALID : xs[ix++];
          const y = e === 'X' ? INVALID : ys[iy++];
          n.records.push({ node: child(this.compare(t.elem, x, y, 'slice')) });
        }
        break;
      }
    }
    return n;
  }
}

// ---- internal/diff: the edit script between two sequences ----

type Edit = '.' | 'X' | 'Y' | 'M';

function difference(nx: number, ny: number, f: (ix: number, iy: number) => Result, first: 'forward' | 'reverse'): Edit[] {
  const equal = (r: Result) => r.numDiff === 0;
  const similar = (r: Result) => r.numSame + 1 >= r.numDiff;
  const fwd = { dir: 1, x: 0, y: 0, es: [] as Edit[] };
  const rev = { dir: -1, x: nx, y: ny, es: [] as Edit[] };
  const append = (p: typeof fwd, e: Edit) => {
    p.es.push(e);
    if (e === '.' || e === 'M') { p.x += p.dir; p.y += p.dir; } else if (e === 'X') p.x += p.dir; else p.y += p.dir;
  };
  const connect = (p: typeof fwd, dx: number, dy: number) => {
    if (p.dir > 0) {
      while (dx > p.x && dy > p.y) {
        const r = f(p.x, p.y);
        append(p, equal(r) ? '.' : similar(r) ? 'M' : dx - p.x >= dy - p.y ? 'X' : 'Y');
      }
      while (dx > p.x) append(p, 'X');
      while (dy > p.y) append(p, 'Y');
    } else {
      while (p.x > dx && p.y > dy) {
        const r = f(p.x - 1, p.y - 1);
        append(p, equal(r) ? '.' : similar(r) ? 'M' : p.y - dy >= p.x - dx ? 'Y' : 'X');
      }
      while (p.x > dx) append(p, 'X');
      while (p.y > dy) append(p, 'Y');
    }
  };
  const zigzag = (x: number) => ((x & 1) !== 0 ? ~x : x) >> 1;
  let fwdFrontier = { x: 0, y: 0 };
  let revFrontier = { x: nx, y: ny };
  let budget = 4 * (nx + ny);
  let forward = first === 'forward';
  for (;;) {
    if (fwdFrontier.x >= revFrontier.x || fwdFrontier.y >= revFrontier.y || budget === 0) break;
    if (forward) {
      for (let stop1 = false, stop2 = false, i = 0; !(stop1 && stop2) && budget > 0; i++) {
        const z = zigzag(i);
        const px = fwdFrontier.x + z, py = fwdFrontier.y - z;
        if (px >= rev.x || py < fwd.y) stop1 = true;
        else if (py >= rev.y || px < fwd.x) stop2 = true;
        else if (equal(f(px, py))) {
          connect(fwd, px, py);
          append(fwd, '.');
          while (fwd.x < rev.x && fwd.y < rev.y && equal(f(fwd.x, fwd.y))) append(fwd, '.');
          fwdFrontier = { x: fwd.x, y: fwd.y };
          stop1 = stop2 = true;
        } else budget--;
      }
      if (rev.x - fwdFrontier.x >= rev.y - fwdFrontier.y) fwdFrontier.x++; else fwdFrontier.y++;
    } else {
      for (let stop1 = false, stop2 = false, i = 0; !(stop1 && stop2) && budget > 0; i++) {
        const z = zigzag(i);
        const px = revFrontier.x - z, py = revFrontier.y + z;
        if (fwd.x >= px || rev.y < py) stop1 = true;
        else if (fwd.y >= py || rev.x < px) stop2 = true;
        else if (equal(f(px - 1, py - 1))) {
          connect(rev, px, py);
          append(rev, '.');
          while (fwd.x < rev.x && fwd.y < rev.y && equal(f(rev.x - 1, rev.y - 1))) append(rev, '.');
          revFrontier = { x: rev.x, y: rev.y };
          stop1 = stop2 = true;
        } else budget--;
      }
      if (revFrontier.x - fwd.x >= revFrontier.y - fwd.y) revFrontier.x--; else revFrontier.y--;
    }
    forward = !forward;
  }
  connect(fwd, rev.x, rev.y);
  for (let i = rev.es.length - 1; i >= 0; i--) append(fwd, rev.es[i]);
  return fwd.es;
}

// ---- text nodes: report_text.go ----

const MAX_COLUMN = 80;
type Diff = '' | ' ' | '-' | '+';

interface TextRecord { diff: Diff; key: string; value: TextNode; elideComma?: boolean; comment?: string | Stats }
const commentText = (c: string | Stats) => (typeof c === 'string' ? c : statsString(c));
type TextNode = TextLine | TextWrap | TextList;
class TextLine { constructor(readonly s: string) {} }
class TextWrap { constructor(public prefix: string, public value: TextNode, public suffix = '') {} }
class TextList { constructor(public recs: TextRecord[] = []) {} }
const ELLIPSIS = '...';
const textNil = () => new TextLine('nil');

function nodeLen(n: TextNode): number {
  if (n instanceof TextLine) return n.s.length;
  if (n instanceof TextWrap) return n.prefix.length + nodeLen(n.value) + n.suffix.length;
  return n.recs.reduce((a, r, i) => a + r.key.length + (r.key ? 2 : 0) + nodeLen(r.value) + (i < n.recs.length - 1 ? 2 : 0), 0);
}
function nodeEqual(a: TextNode, b: TextNode): boolean {
  if (a instanceof TextLine) return b instanceof TextLine && a.s === b.s;
  if (a instanceof TextWrap) return b instanceof TextWrap && a.prefix === b.prefix && a.suffix === b.suffix && nodeEqual(a.value, b.value);
  return b instanceof TextList && a.recs.length === b.recs.length
    && a.recs.every((r, i) => r.diff === b.recs[i].diff && r.key === b.recs[i].key && nodeEqual(r.value, b.recs[i].value) && (r.comment && commentText(r.comment)) === (b.recs[i].comment && commentText(b.recs[i].comment!)));
}
const isEllipsis = (n: TextNode) => n instanceof TextLine && n.s === ELLIPSIS;

interface Stats { name: string; ignored: number; identical: number; removed: number; inserted: number; modified: number }
const statsString = (s: Stats): string => {
  const parts: string[] = [];
  let sum = 0;
  ([['ignored', s.ignored], ['identical', s.identical], ['removed', s.removed], ['inserted', s.inserted], ['modified', s.modified]] as const).forEach(([l, c]) => {
    if (c > 0) parts.push(`${c} ${l}`);
    sum += c;
  });
  let name = s.name;
  if (sum > 1) { name += 's'; if (name.endsWith('ys')) name = `${name.slice(0, -2)}ies`; }
  if (!parts.length) return '';
  return parts.length <= 2 ? `${parts.join(' and ')} ${name}` : `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]} ${name}`;
};

function appendEllipsis(list: TextList, ds?: Stats): void {
  const last = list.recs[list.recs.length - 1];
  const has = ds !== undefined && ds.ignored + ds.identical + ds.removed + ds.inserted + ds.modified > 0;
  if (!last || !isEllipsis(last.value)) {
    list.recs.push({ diff: '', key: '', value: new TextLine(ELLIPSIS), elideComma: true, comment: has ? { ...ds! } : undefined });
    return;
  }
  if (has) {
    const prev = last.comment as Stats;
    for (const k of ['ignored', 'identical', 'removed', 'inserted', 'modified'] as const) prev[k] += ds![k];
  }
}

function compact(n: TextNode, d: Diff): [string, TextNode] {
  if (n instanceof TextLine) return [n.s, n];
  if (n instanceof TextWrap) {
    const [inner, v] = compact(n.value, d);
    const s = n.prefix + inner + n.suffix;
    return v instanceof TextLine ? [s, new TextLine(s)] : [s, new TextWrap(n.prefix, v, n.suffix)];
  }
  let multi = false;
  let out = '';
  const recs = n.recs.map((r, i) => {
    if (r.diff === '-' || r.diff === '+') multi = true;
    out += r.key + (r.key ? ': ' : '');
    const [s, v] = compact(r.value, orDiff(d, r.diff));
    out += s;
    if (!(v instanceof TextLine) || r.comment !== undefined) multi = true;
    if (i < n.recs.length - 1) out += ', ';
    return { ...r, value: v };
  });
  if ((d === '-' || d === '+') && out.length > MAX_COLUMN) multi = true;
  return multi ? [out, new TextList(recs)] : [out, new TextLine(out)];
}

/** go-cmp ORs the diff modes of nested records (diffMode is a byte: 0, ' ', '-', '+'). */
const DIFF_CODES: Record<string, number> = { '': 0, ' ': 0x20, '-': 0x2d, '+': 0x2b };
function orDiff(a: Diff, b: Diff): Diff {
  const c = DIFF_CODES[a] | DIFF_CODES[b];
  return (Object.keys(DIFF_CODES).find((k) => DIFF_CODES[k] === c) ?? '/') as Diff;
}

/** appendIndent: the mode's marker and a space, then a tab a level (a mode with no marker gets neither). */
function indent(n: number, d: Diff): string {
  const marker = d === '' || d === ' ' ? '  ' : d === '-' ? '- ' : d === '+' ? '+ ' : '';
  return marker + '\t'.repeat(n);
}

function alignLens(recs: TextRecord[], skip: (r: TextRecord) => boolean, len: (r: TextRecord) => number): number[] {
  const lens = recs.map(() => 0);
  let start = 0, end = 0, max = 0;
  const flush = () => { for (let j = start; j < end && j < recs.length; j++) lens[j] = max - len(recs[j]); };
  recs.forEach((r, i) => {
    if (skip(r)) { flush(); start = end = i + 1; max = 0; } else { max = Math.max(max, len(r)); end = i + 1; }
  });
  flush();
  return lens;
}

function expanded(n: TextNode, d: Diff, ind: number): string {
  if (n instanceof TextLine) return n.s;
  if (n instanceof TextWrap) return n.prefix + expanded(n.value, d, ind) + n.suffix;
  const recs = n.recs;
  const runeLen = (s: string) => [...s].length;
  const keyLens = alignLens(recs, (r) => r.key === '' || !(r.value instanceof TextLine), (r) => runeLen(r.key));
  const valLens = alignLens(recs, (r) => !(r.value instanceof TextLine) || isEllipsis(r.value) || r.comment === undefined, (r) => runeLen((r.value as TextLine).s));
  const isSimple = recs.length > 0 && recs.every((r) => r.diff === '' && r.key === '' && r.value instanceof TextLine && r.comment === undefined);
  let b = '';
  if (isSimple) {
    let batch = '';
    const emit = () => { if (batch) { b += '\n' + indent(ind + 1, d) + batch.replace(/ +$/, ''); batch = ''; } };
    for (const r of recs) {
      const line = (r.value as TextLine).s;
      if (batch.length + line.length + 2 > MAX_COLUMN) emit();
      batch += line + ', ';
    }
    emit();
    return b + '\n' + indent(ind, d);
  }
  recs.forEach((r, i) => {
    const rd = orDiff(d, r.diff);
    b += '\n' + indent(ind + 1, rd);
    if (r.key) b += r.key + ': ';
    b += ' '.repeat(keyLens[i]);
    b += expanded(r.value, rd, ind + 1);
    if (!r.elideComma) b += ',';
    b += ' '.repeat(valLens[i]);
    if (r.comment !== undefined) b += ' // ' + commentText(r.comment);
  });
  return b + '\n' + indent(ind, d);
}

// ---- formatting: report_compare.go, report_reflect.go ----

interface Opts { diff: Diff; typeMode: 'emit' | 'elide' | 'auto'; avoidStringer: boolean; verbosity: number; limit: boolean }
const baseOpts: Opts = { diff: '', typeMode: 'emit', avoidStringer: false, verbosity: 0, limit: false };
const MAX_PRESET = 6;
const verbosityOf = (o: Opts) => Math.max(0, Math.min(16, o.verbosity));
const withVerbosity = (o: Opts, level: number): Opts => ({ ...o, verbosity: level, limit: true });
const preset = (o: Opts, i: number): Opts => ({ ...o, verbosity: verbosityOf(o) + 2 * i, avoidStringer: i > 0 ? true : o.avoidStringer });

function formatType(o: Opts, t: GoType, s: TextNode): TextNode {
  if (o.typeMode === 'elide') return s;
  if (o.typeMode === 'auto') {
    if (t.k !== 'struct' && t.k !== 'slice' && t.k !== 'map') return s;
    if (s instanceof TextLine && s.s === 'nil') return s;
    if (o.diff === ' ') return s;
  }
  let name = typeString(t);
  if (!isNamed(t) && t.k === 'ptr') name = `(${name})`;
  const braced = s instanceof TextWrap && ((s.prefix.startsWith('(') && s.suffix.endsWith(')')) || (s.prefix.startsWith('{') && s.suffix.endsWith('}')));
  return new TextWrap(name, braced ? s : new TextWrap('(', s, ')'));
}

function quote(s: string): string {
  // strconv.Quote for the printable text a pod spec holds; other runes as Go escapes them.
  let q = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') q += '\\' + ch;
    else if (ch === '\n') q += '\\n';
    else if (ch === '\t') q += '\\t';
    else if (ch === '\r') q += '\\r';
    else if (c < 0x20 || c === 0x7f) q += '\\x' + c.toString(16).padStart(2, '0');
    else q += ch;
  }
  return q + '"';
}
function formatStringLiteral(s: string): string {
  const q = quote(s);
  if (q.length === s.length + 2) return q;
  if (!/[`\n]/.test(s) && ![...s].some((c) => { const x = c.codePointAt(0)!; return (x < 0x20 && c !== '\t') || x === 0x7f; })) return '`' + s + '`';
  return q;
}

function formatString(o: Opts, prefix: string, s: string): TextNode {
  let maxLen = s.length;
  let maxLines = s.split('\n').length;
  if (o.limit) { maxLen = (1 << verbosityOf(o)) << 5; maxLines = (1 << verbosityOf(o)) << 2; }
  const lines = s.replace(/\n$/, '').split('\n');
  let triple = lines.length >= 4 && (o.diff === '-' || o.diff === '+');
  for (let i = 0; i < lines.length && triple; i++) {
    lines[i] = lines[i].replace(/\r$/, '').replace(/^\r/, '');
    const line = lines[i];
    triple = !line.replace(prefix, '').startsWith('"""') && !line.startsWith('...') && ![...line].some((c) => c.codePointAt(0)! < 0x20 && c !== '\t') && line.length <= maxLen;
  }
  if (triple) {
    const list = new TextList([{ diff: o.diff, key: '', value: new TextLine(prefix + '"""'), elideComma: true }]);
    for (let i = 0; i < lines.length; i++) {
      const elided = lines.length - i;
      if (i === maxLines - 1 && elided > 1) {
        list.recs.push({ diff: o.diff, key: '', value: new TextLine(ELLIPSIS), elideComma: true, comment: `${elided} elided lines` });
        break;
      }
      list.recs.push({ diff: o.diff, key: '', value: new TextLine(lines[i]), elideComma: true });
    }
    list.recs.push({ diff: o.diff, key: '', value: new TextLine(prefix + '"""'), elideComma: true });
    return new TextWrap('(', list, ')');
  }
  if (s.length > maxLen + ELLIPSIS.length) return new TextLine(prefix + formatStringLiteral(s.slice(0, maxLen)) + ELLIPSIS);
  return new TextLine(prefix + formatStringLiteral(s));
}

function formatMapKey(t: GoType, k: GoValue): string {
  const o: Opts = { diff: ' ', typeMode: 'elide', avoidStringer: false, verbosity: MAX_PRESET, limit: true };
  return flatten(formatValue(o, t, k)).trim();
}

function flatten(n: TextNode): string {
  const [, c] = compact(n, '');
  return indent(0, '') + expanded(c, '', 0) + '\n';
}

function formatValue(o: Opts, t: GoType, v: V): TextNode {
  if (v === INVALID) return undefined as unknown as TextNode;
  // A value whose type has a String method prints as s"..." (a method on the pointer: only through a pointer).
  if (!o.avoidStringer) {
    if (t.k === 'string' && t.stringer) return formatString(o, 's', v as string);
    if (t.k === 'ptr' && v !== null && t.elem.k === 'struct' && t.elem.ptrStringer) return formatString(o, 's', t.elem.ptrStringer(v));
  }
  let skipType = false;
  let out: TextNode;
  switch (t.k) {
    case 'bool': case 'int': out = new TextLine(String(v)); break;
    case 'string': out = formatString(o, '', v as string); break;
    case 'struct': {
      const list = new TextList();
      let maxLen = t.fields.length;
      let inner = o;
      if (o.limit) { maxLen = ((1 << verbosityOf(o)) >> 1) << 2; inner = { ...o, verbosity: o.verbosity - 1 }; }
      for (const [f, ft] of t.fields) {
        const fv = fieldOf(v as GoValue, f, ft);
        if (isZero(ft, fv)) continue;
        if (list.recs.length === maxLen) { appendEllipsis(list); break; }
        list.recs.push({ diff: '', key: f, value: formatValue({ ...inner, typeMode: 'auto' }, ft, fv) });
      }
      out = new TextWrap('{', list, '}');
      break;
    }
    case 'slice': {
      if (v === null) { out = textNil(); break; }
      const xs = v as GoValue[];
      let maxLen = xs.length;
      let inner = o;
      if (o.limit) { maxLen = ((1 << verbosityOf(o)) >> 1) << 2; inner = { ...o, verbosity: o.verbosity - 1 }; }
      const list = new TextList();
      for (const x of xs) {
        if (list.recs.length === maxLen) { appendEllipsis(list); break; }
        list.recs.push({ diff: '', key: '', value: formatValue({ ...inner, typeMode: 'elide' }, t.elem, x) });
      }
      out = new TextWrap('{', list, '}');
      break;
    }
    case 'map': {
      if (v === null) { out = textNil(); break; }
      const es = (v as GoMap).entries;
      let maxLen = es.length;
      let inner = o;
      if (o.limit) { maxLen = ((1 << verbosityOf(o)) >> 1) << 2; inner = { ...o, verbosity: o.verbosity - 1 }; }
      const list = new TextList();
      for (const [k, x] of [...es].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
        if (list.recs.length === maxLen) { appendEllipsis(list); break; }
        list.recs.push({ diff: '', key: formatMapKey(t.key, k), value: formatValue({ ...inner, typeMode: 'elide' }, t.elem, x) });
      }
      out = new TextWrap('{', list, '}');
      break;
    }
    case 'ptr': {
      if (v === null) { out = textNil(); break; }
      skipType = true; // an unnamed pointer: the value under it prints the type
      out = new TextWrap('&', formatValue(o, t.elem, v));
      break;
    }
  }
  return skipType ? out : formatType(o, t, out);
}

function formatDiff(o: Opts, v: Node): TextNode | undefined {
  if (o.diff === ' ') o = withVerbosity(o, 1);
  else if (verbosityOf(o) < 3) o = withVerbosity(o, 3);
  if (canFormatDiffSlice(o, v)) return formatDiffSlice(o, v);
  if (v.maxDepth === 0) {
    switch (o.diff) {
      case '': case ' ': {
        if (v.numDiff === 0) {
          const outx = formatValue(o, v.type, v.vx), outy = formatValue(o, v.type, v.vy);
          return nodeLen(outx) < nodeLen(outy) ? outx : outy;
        }
        let outx: TextNode | undefined = formatValue({ ...o, typeMode: 'elide' }, v.type, v.vx);
        let outy: TextNode | undefined = formatValue({ ...o, typeMode: 'elide' }, v.type, v.vy);
        for (let i = 0; i <= MAX_PRESET && outx && outy && nodeEqual(outx, outy); i++) {
          const o2 = { ...preset(o, i), typeMode: 'elide' as const };
          outx = formatValue(o2, v.type, v.vx); outy = formatValue(o2, v.type, v.vy);
        }
        const list = new TextList();
        if (outx) list.recs.push({ diff: '-', key: '', value: outx });
        if (outy) list.recs.push({ diff: '+', key: '', value: outy });
        return formatType({ ...o, typeMode: 'emit' }, v.type, list);
      }
      case '-': return formatValue(o, v.type, v.vx);
      case '+': return formatValue(o, v.type, v.vy);
    }
  }
  switch (v.type.k) {
    case 'struct': case 'slice': case 'map':
      return formatType(o, v.type, formatDiffList(o, v.records!, v.type));
    case 'ptr':
      return new TextWrap('&', formatDiff(o, v.value!)!);
  }
  throw new Error(`${v.type.k} cannot have children`);
}

function formatDiffList(o: Opts, recs: { key?: string | GoValue; node: Node }[], t: GoType): TextNode {
  const k = t.k;
  const name = k === 'struct' ? 'field' : k === 'slice' ? 'element' : 'entry';
  o = { ...o, typeMode: k === 'struct' ? 'auto' : 'elide' };
  const formatKey = (key: string | GoValue | undefined) => (k === 'struct' ? (key as string) : k === 'map' ? formatMapKey((t as { key: GoType }).key, key as GoValue) : '');
  let maxLen = -1;
  if (o.limit) {
    maxLen = o.diff === ' ' ? ((1 << verbosityOf(o)) >> 1) << 2 : (1 << verbosityOf(o)) << 1;
    o = { ...o, verbosity: o.verbosity - 1 };
  }
  if (o.diff !== '') {
    const list = new TextList();
    let deferred = false;
    for (const r of recs) {
      if (list.recs.length === maxLen) { deferred = true; break; }
      if (k === 'struct') {
        const zx = r.node.vx !== INVALID && isZero(r.node.type, r.node.vx as GoValue);
        const zy = r.node.vy !== INVALID && isZero(r.node.type, r.node.vy as GoValue);
        if (o.diff === ' ' ? zx || zy : o.diff === '-' ? zx : zy) continue;
      }
      const out = formatDiff(o, r.node);
      if (out) list.recs.push({ diff: '', key: formatKey(r.key), value: out });
    }
    if (deferred) appendEllipsis(list);
    return new TextWrap('{', list, '}');
  }
  // Coalesce adjacent records into groups of equal and unequal ones.
  const groups: Stats[] = [];
  let prevCase = 0;
  const stats = (c: number) => {
    if (prevCase !== c) { groups.push({ name, ignored: 0, identical: 0, removed: 0, inserted: 0, modified: 0 }); prevCase = c; }
    return groups[groups.length - 1];
  };
  for (const r of recs) {
    const n = r.node;
    if (n.numDiff === 0) stats(1).identical++;
    else if (n.vy === INVALID) stats(2).removed++;
    else if (n.vx === INVALID) stats(2).inserted++;
    else stats(2).modified++;
  }
  const list = new TextList();
  let numDiffs = 0;
  const maxGroup: Stats = { name, ignored: 0, identical: 0, removed: 0, inserted: 0, modified: 0 };
  let rest = recs;
  groups.forEach((ds, i) => {
    const nd = ds.removed + ds.inserted + ds.modified;
    if (maxLen >= 0 && numDiffs >= maxLen) {
      for (const key of ['ignored', 'identical', 'removed', 'inserted', 'modified'] as const) maxGroup[key] += ds[key];
      return;
    }
    if (nd === 0) {
      let lo = 0, hi = 0;
      const numEqual = ds.identical;
      while (lo < 2 && lo + hi < numEqual && i !== 0) lo++;
      while (hi < 2 && lo + hi < numEqual && i !== groups.length - 1) hi++;
      if (numEqual - (lo + hi) === 1) hi++;
      for (const r of rest.slice(0, lo)) list.recs.push({ diff: '', key: formatKey(r.key), value: formatDiff({ ...o, diff: ' ' }, r.node)! });
      if (numEqual > lo + hi) appendEllipsis(list, { ...ds, identical: ds.identical - lo - hi });
      for (const r of rest.slice(numEqual - hi, numEqual)) list.recs.push({ diff: '', key: formatKey(r.key), value: formatDiff({ ...o, diff: ' ' }, r.node)! });
      rest = rest.slice(numEqual);
      return;
    }
    for (const r of rest.slice(0, nd)) {
      if (canFormatDiffSlice(o, r.node)) {
        list.recs.push({ diff: '', key: formatKey(r.key), value: formatDiffSlice(o, r.node) });
      } else if (r.node.numChildren === r.node.maxDepth) {
        let outx = formatDiff({ ...o, diff: '-' }, r.node), outy = formatDiff({ ...o, diff: '+' }, r.node);
        for (let j = 0; j <= MAX_PRESET && outx && outy && nodeEqual(outx, outy); j++) {
          const o2 = preset(o, j);
          outx = formatDiff({ ...o2, diff: '-' }, r.node); outy = formatDiff({ ...o2, diff: '+' }, r.node);
        }
        if (outx) list.recs.push({ diff: '-', key: formatKey(r.key), value: outx });
        if (outy) list.recs.push({ diff: '+', key: formatKey(r.key), value: outy });
      } else {
        list.recs.push({ diff: '', key: formatKey(r.key), value: formatDiff(o, r.node)! });
      }
    }
    rest = rest.slice(nd);
    numDiffs += nd;
  });
  if (maxGroup.identical + maxGroup.removed + maxGroup.inserted + maxGroup.modified > 0) appendEllipsis(list, maxGroup);
  return new TextWrap('{', list, '}');
}

// ---- report_slices.go: strings and slices of numbers that differ ----

function canFormatDiffSlice(o: Opts, v: Node): boolean {
  if (o.diff !== '' || v.numDiff === 0 || v.vx === INVALID || v.vy === INVALID) return false;
  if (v.numCompared > 1 || (v.numCompared === 1 && isNamed(v.type))) return false;
  const t = v.type;
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  if (t.k === 'string') return bytes(v.vx as string) >= 32 && bytes(v.vy as string) >= 32;
  if (t.k === 'slice' && (t.elem.k === 'int' || t.elem.k === 'bool')) {
    const xs = v.vx as GoValue[] | null, ys = v.vy as GoValue[] | null;
    if (!xs?.length || !ys?.length) return false;
    if (v.numDiff > v.numSame) return true;
    return xs.length >= 32 && ys.length >= 32;
  }
  return false;
}

function formatDiffSlice(o: Opts, v: Node): TextNode {
  const t = v.type;
  if (t.k === 'string') {
    const sx = v.vx as string, sy = v.vy as string;
    const all = [...(sx + sy)];
    const valid = all.filter((c) => { const x = c.codePointAt(0)!; return x >= 0x20 && x !== 0x7f || c === '\n' || c === '\t' || c === '\r'; }).length;
    let numLines = 0, maxLineLen = 0, last = 0, idx = 0;
    for (const c of sx + sy) {
      if (c === '\n') { maxLineLen = Math.max(maxLineLen, idx - last); last = idx + 1; numLines++; }
      idx += new TextEncoder().encode(c).length;
    }
    const pure = valid === all.length;
    const mostlyText = valid > Math.floor(0.9 * all.length);
    let lined = pure && numLines >= 4 && maxLineLen <= 1024;
    const lx = sx.split('\n'), ly = sy.split('\n');
    if (lined) {
      const esLines = difference(lx.length, ly.length, (ix, iy) => boolResult(lx[ix] === ly[iy]), 'forward');
      const esBytes = difference(sx.length, sy.length, (ix, iy) => boolResult(sx[ix] === sy[iy]), 'forward');
      const dist = (es: Edit[]) => es.filter((e) => e !== '.').length / es.length;
      const ratio = quote(sx + sy).length / (sx.length + sy.length);
      lined = dist(esLines) < 4 * dist(esBytes) || ratio > 1.1;
    }
    if (lined) {
      const list = diffChunks(o, lx, ly, 1, 'line', (c, d) => ({ diff: d, key: '', value: new TextLine(formatStringLiteral(c[0] as string)) }));
      let triple = true;
      let prevRemove = new Set<string>(), prevInsert = new Set<string>();
      const list2: TextRecord[] = [{ diff: '', key: '', value: new TextLine('"""'), elideComma: true }];
      for (const r0 of list) {
        const r = { ...r0 };
        if (!isEllipsis(r.value)) {
          const line = unquote((r.value as TextLine).s).replace(/\r$/, '').replace(/^\r/, '');
          const norm = line.replace(/\s/g, '');
          triple = !line.startsWith('"""') && !line.startsWith('...') && ![...line].some((c) => c.codePointAt(0)! < 0x20 && c !== '\t');
          if (r.diff === '-') { triple = triple && !prevInsert.has(norm); prevRemove.add(norm); }
          if (r.diff === '+') { triple = triple && !prevRemove.has(norm); prevInsert.add(norm); }
          if (!triple) break;
          r.value = new TextLine(line);
          r.elideComma = true;
        }
        if (r.diff !== '-' && r.diff !== '+') { prevRemove = new Set(); prevInsert = new Set(); }
        list2.push(r);
      }
      const lastRec = list2[list2.length - 1];
      if (lastRec.diff === ' ' && (lastRec.value as TextLine).s === '') list2.pop();
      list2.push({ diff: '', key: '', value: new TextLine('"""'), elideComma: true });
      if (triple) {
        const out = new TextWrap('(', new TextList(list2), ')');
        return t.name ? formatType(o, t, out) : out;
      }
    }
    if (mostlyText) {
      const list = diffChunks(o, [...sx], [...sy], 64, 'byte', (c, d) => ({ diff: d, key: '', value: new TextLine(formatStringLiteral(c.join(''))) }));
      if (lined) {
        // Lines that could not be triple-quoted: the lines, quoted, joined by newlines.
        const ll = diffChunks(o, lx, ly, 1, 'line', (c, d) => ({ diff: d, key: '', value: new TextLine(formatStringLiteral(c[0] as string)) }));
        const out = new TextWrap('strings.Join(', new TextWrap('{', new TextList(ll), '}'), ', "\\n")');
        return t.name ? formatType(o, t, out) : out;
      }
      const out = new TextWrap('strings.Join(', new TextWrap('{', new TextList(list), '}'), ', "")');
      return t.name ? formatType(o, t, out) : out;
    }
    // Binary data: 16 bytes a line in hex, each line's printable ASCII in a comment.
    const bx = [...new TextEncoder().encode(sx)], by = [...new TextEncoder().encode(sy)];
    const ascii = (c: number[]) => c.map((x) => (x >= 0x20 && x <= 0x7e ? String.fromCharCode(x) : '.')).join('');
    const hex = diffChunks(o, bx, by, 16, 'byte', (c, d) => ({ diff: d, key: '', value: new TextLine(c.map((x) => `0x${x.toString(16).padStart(2, '0')}`).join(', ')), comment: `${d || ' '}|${ascii(c)}|` }));
    return formatType({ ...o, typeMode: 'emit' }, t, new TextWrap('{', new TextList(hex), '}'));
  }
  const elem = (t as { elem: GoType }).elem;
  const chunk = elem.k === 'bool' || (elem.k === 'int' && elem.kind === 'int8') ? 16 : 8;
  const list = diffChunks(o, v.vx as GoValue[], v.vy as GoValue[], chunk, elem.k === 'int' ? elem.kind : 'bool', (c, d) => ({ diff: d, key: '', value: new TextLine(c.map(String).join(', ')) }));
  return formatType(o, t, new TextWrap('{', new TextList(list), '}'));
}

const boolResult = (b: boolean): Result => (b ? { numSame: 1, numDiff: 0 } : { numSame: 0, numDiff: 2 });
function unquote(s: string): string {
  if (s.startsWith('`')) return s.slice(1, -1);
  return s.slice(1, -1).replace(/\\(x[0-9a-f]{2}|.)/g, (_m, e: string) => (e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e[0] === 'x' ? String.fromCharCode(parseInt(e.slice(1), 16)) : e));
}

function diffChunks<T>(o: Opts, vx: T[], vy: T[], chunkSize: number, name: string, make: (c: T[], d: Diff) => TextRecord): TextRecord[] {
  const eq = (ix: number, iy: number) => vx[ix] === vy[iy];
  const es = difference(vx.length, vy.length, (ix, iy) => boolResult(eq(ix, iy)), 'forward');
  const list = new TextList();
  const chunks = (v: T[], d: Diff) => { for (let i = 0; i < v.length; i += chunkSize) list.recs.push(make(v.slice(i, i + chunkSize), d)); return v.length; };
  let maxLen = -1;
  if (o.limit) { maxLen = (1 << verbosityOf(o)) << 2; o = { ...o, verbosity: o.verbosity - 1 }; }
  // coalesceAdjacentEdits
  let groups: Stats[] = [];
  let prev = '';
  for (const e of es) {
    const mode = e === '.' ? '=' : '!';
    if (prev !== mode) { groups.push({ name, ignored: 0, identical: 0, removed: 0, inserted: 0, modified: 0 }); prev = mode; }
    const g = groups[groups.length - 1];
    if (e === '.') g.identical++; else if (e === 'X') g.removed++; else if (e === 'Y') g.inserted++; else g.modified++;
  }
  groups = coalesceIntervening(groups, chunkSize >> 2);
  groups = cleanupSurrounding(groups, eq);
  let x = vx, y = vy, numDiffs = 0;
  const maxGroup: Stats = { name, ignored: 0, identical: 0, removed: 0, inserted: 0, modified: 0 };
  groups.forEach((ds, i) => {
    const nd = ds.removed + ds.inserted + ds.modified;
    if (maxLen >= 0 && numDiffs >= maxLen) { for (const k of ['identical', 'removed', 'inserted', 'modified'] as const) maxGroup[k] += ds[k]; return; }
    if (nd === 0) {
      let lo = 0, hi = 0;
      const numEqual = ds.identical;
      while (lo < chunkSize * 2 && lo + hi < numEqual && i !== 0) lo++;
      while (hi < chunkSize * 2 && lo + hi < numEqual && i !== groups.length - 1) hi++;
      if (numEqual - (lo + hi) <= chunkSize) hi = numEqual - lo;
      chunks(x.slice(0, lo), ' ');
      if (numEqual > lo + hi) appendEllipsis(list, { ...ds, identical: ds.identical - lo - hi });
      chunks(x.slice(numEqual - hi, numEqual), ' ');
      x = x.slice(numEqual); y = y.slice(numEqual);
      return;
    }
    const len0 = list.recs.length;
    const nx = chunks(x.slice(0, ds.identical + ds.removed + ds.modified), '-');
    x = x.slice(nx);
    const ny = chunks(y.slice(0, ds.identical + ds.inserted + ds.modified), '+');
    y = y.slice(ny);
    numDiffs += list.recs.length - len0;
  });
  if (maxGroup.identical + maxGroup.removed + maxGroup.inserted + maxGroup.modified > 0) appendEllipsis(list, maxGroup);
  return list.recs;
}

function coalesceIntervening(groupsOrig: Stats[], window: number): Stats[] {
  const groups: Stats[] = [];
  const add = (a: Stats, b: Stats) => { for (const k of ['ignored', 'identical', 'removed', 'inserted', 'modified'] as const) a[k] += b[k]; };
  for (const ds of groupsOrig) {
    if (groups.length >= 2 && ds.removed + ds.inserted + ds.modified > 0) {
      const prev = groups[groups.length - 2], curr = groups[groups.length - 1];
      const hadX = prev.removed > 0, hadY = prev.inserted > 0, hasX = ds.removed > 0, hasY = ds.inserted > 0;
      if ((hadX || hasX) && (hadY || hasY) && curr.identical <= window) { add(prev, curr); add(prev, ds); groups.pop(); continue; }
    }
    groups.push({ ...ds });
  }
  return groups;
}

function cleanupSurrounding(groups: Stats[], eq: (i: number, j: number) => boolean): Stats[] {
  let ix = 0, iy = 0;
  const before: Stats[] = [], after: Stats[] = [];
  groups.forEach((ds, i) => {
    if (ds.removed + ds.inserted + ds.modified === 0) { ix += ds.identical; iy += ds.identical; return; }
    let nx = ds.identical + ds.removed + ds.modified, ny = ds.identical + ds.inserted + ds.modified;
    let lead = 0, trail = 0;
    for (let j = 0; j < nx && j < ny && eq(ix + j, iy + j); j++) lead++;
    for (let j = 0; j < nx && j < ny && eq(ix + nx - 1 - j, iy + ny - 1 - j); j++) trail++;
    if (lead + trail > 0) {
      if (lead > 0) {
        if (i - 1 >= 0) groups[i - 1].identical += lead;
        else before.push({ name: ds.name, ignored: 0, identical: lead, removed: 0, inserted: 0, modified: 0 });
        ix += lead; iy += lead;
      }
      if (trail > 0) {
        if (i + 1 < groups.length) groups[i + 1].identical += trail;
        else after.push({ name: ds.name, ignored: 0, identical: trail, removed: 0, inserted: 0, modified: 0 });
      }
      nx -= lead + trail; ny -= lead + trail;
      groups[i] = { name: ds.name, ignored: 0, identical: 0, removed: nx, inserted: ny, modified: 0 };
    }
    ix += nx; iy += ny;
  });
  return [...before, ...groups, ...after];
}

/** cmp.Diff(x, y): "" when they are equal. */
export function cmpDiff(t: GoType, x: GoValue, y: GoValue): string {
  const root = new Comparer('forward').compare(t, x, y);
  if (root.numDiff === 0) return '';
  const text = formatDiff(baseOpts, root)!;
  const [, c] = compact(text, '');
  return indent(0, '') + expanded(c, '', 0) + '\n';
}
