/**
 * GNU diff 3.10's output formats over an edit script (analyze.ts): normal (normal.c), context and unified
 * (context.c, with find_hunk's merging of changes closer than 2×context+1 lines), ed (ed.c) and side by side
 * (side.c), with util.c's `\ No newline at end of file` and --color's SGR sequences (the default palette
 * rs=0:hd=1:ad=32:de=31:ln=36).
 */
import { WhiteSpace, type Change, type FileLines } from './analyze.js';

export interface FormatOptions {
  context: number;
  /** -B: a change whose lines are all blank is not shown. */
  ignoreBlankLines?: boolean;
  /** -I: nor one whose lines all match. */
  ignoreRegexp?: RegExp;
  /** -p, -F: the last line before a hunk that matches, shown after its range. */
  functionRegexp?: RegExp;
  whiteSpace?: WhiteSpace;
  color?: boolean;
  initialTab?: boolean;
  expandTabs?: boolean;
  tabSize?: number;
  suppressBlankEmpty?: boolean;
  /** Side by side: -W, --left-column, --suppress-common-lines. */
  width?: number;
  leftColumn?: boolean;
  suppressCommonLines?: boolean;
}

const SGR = { reset: '\x1b[0m', header: '\x1b[1m', add: '\x1b[32m', del: '\x1b[31m', line: '\x1b[36m' };
type Ctx = keyof typeof SGR;

const NO_NEWLINE = '\\ No newline at end of file\n';

/** set_color_context: a sequence only when the context changes, as util.c remembers the last one. */
class Out {
  text = '';
  private last: Ctx = 'reset';
  constructor(private readonly o: FormatOptions) {}
  color(c: Ctx): void {
    if (this.o.color && this.last !== c) {
      this.text += SGR[c];
      this.last = c;
    }
  }
  put(s: string): void {
    this.text += s;
  }
  /** output_1_line: the text, tabs expanded under -t. */
  line(s: string, flag?: string): void {
    this.text += this.o.expandTabs ? expand(s, this.o.tabSize ?? 8, flag === undefined ? undefined : `${flag}${this.o.initialTab ? '\t' : ' '}`) : s;
  }
  /**
   * print_1_line_nl: FLAG and a space (a tab with -T), the line without its newline; an incomplete line is followed
   * by `\ No newline at end of file` (its colour reset first); the caller then ends a complete line.
   */
  flagged(flag: string | undefined, line: string, color: Ctx): void {
    this.color(color);
    if (flag) {
      const blank = this.o.suppressBlankEmpty && line === '\n';
      this.put(blank ? (flag === ' ' ? '' : flag) : `${flag}${this.o.initialTab ? '\t' : ' '}`);
    }
    const complete = line.endsWith('\n');
    this.line(complete ? line.slice(0, -1) : line, flag);
    if (!complete) {
      this.color('reset');
      this.put('\n' + NO_NEWLINE);
    }
    this.color('reset');
    if (complete) this.put('\n');
  }
}

/** -t: tabs to spaces; a carriage return restarts the column (and repeats the line's flag, as output_1_line does). */
function expand(s: string, tab: number, flag?: string): string {
  let out = '';
  let col = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    if (c === '\t') {
      const n = tab - (col % tab);
      out += ' '.repeat(n);
      col += n;
    } else if (c === '\r') {
      out += c;
      if (flag !== undefined && k + 1 < s.length) out += flag;
      col = 0;
    } else if (c === '\b') {
      if (col === 0) continue;
      col--;
      out += c;
    } else {
      out += c;
      if (c >= ' ' && c !== '\x7f') col++;
    }
  }
  return out;
}

/** analyze_hunk's answer: the lines a group of changes spans, and whether it deletes (1), inserts (2) or both. */
interface HunkRange { first0: number; last0: number; first1: number; last1: number; changes: number }

/**
 * A line a change may consist of and still be ignored: under -B an empty one (or only white space when white space
 * is ignored at its end), under -I one that matches.
 */
function trivial(line: string, o: FormatOptions): boolean {
  const text = line.endsWith('\n') ? line.slice(0, -1) : line;
  if (o.ignoreBlankLines && ((o.whiteSpace ?? WhiteSpace.None) >= WhiteSpace.Trailing ? /^[ \t\n\v\f\r]*$/.test(text) : text === '')) return true;
  return !!o.ignoreRegexp && o.ignoreRegexp.test(text);
}

function analyzeHunk(hunk: Change[], files: [FileLines, FileLines], o: FormatOptions): HunkRange {
  let show0 = 0, show1 = 0;
  let triv = !!o.ignoreBlankLines || !!o.ignoreRegexp;
  let l0 = 0, l1 = 0;
  for (const c of hunk) {
    l0 = c.line0 + c.deleted - 1;
    l1 = c.line1 + c.inserted - 1;
    show0 += c.deleted;
    show1 += c.inserted;
    for (let i = c.line0; i <= l0 && triv; i++) if (!trivial(files[0].lines[i], o)) triv = false;
    for (let i = c.line1; i <= l1 && triv; i++) if (!trivial(files[1].lines[i], o)) triv = false;
  }
  const changes = triv ? 0 : (show0 ? 1 : 0) | (show1 ? 2 : 0);
  return { first0: hunk[0].line0, last0: l0, first1: hunk[0].line1, last1: l1, changes };
}

/** print_number_range: `a,b`, or one number when the range has one line or none (then the line before it). */
function numberRange(sep: string, a: number, b: number): string {
  const ta = a + 1;
  const tb = b + 1;
  return tb > ta ? `${ta}${sep}${tb}` : `${tb}`;
}

/** Whether any change survives -B (briefly_report and the exit status count only those). */
export function hasChanges(script: Change[], files: [FileLines, FileLines], o: FormatOptions): boolean {
  if (!o.ignoreBlankLines && !o.ignoreRegexp) return script.length > 0;
  return script.some((c) => analyzeHunk([c], files, o).changes !== 0);
}

export function normalFormat(script: Change[], files: [FileLines, FileLines], o: FormatOptions): string {
  const out = new Out(o);
  for (const c of script) {
    const h = analyzeHunk([c], files, o);
    if (!h.changes) continue;
    out.color('line');
    out.put(`${numberRange(',', h.first0, h.last0)}${' dac'[h.changes]}${numberRange(',', h.first1, h.last1)}`);
    out.color('reset');
    out.put('\n');
    if (h.changes & 1) for (let i = h.first0; i <= h.last0; i++) out.flagged('<', files[0].lines[i], 'del');
    if (h.changes === 3) out.put('---\n');
    if (h.changes & 2) for (let i = h.first1; i <= h.last1; i++) out.flagged('>', files[1].lines[i], 'add');
  }
  return out.text;
}

/** find_hunk: changes separated by fewer than 2×context+1 unchanged lines (context before an ignorable one) go together. */
function hunks(script: Change[], files: [FileLines, FileLines], o: FormatOptions): Change[][] {
  if (o.ignoreBlankLines || o.ignoreRegexp) for (const c of script) c.ignore = !analyzeHunk([c], files, o).changes;
  const groups: Change[][] = [];
  let k = 0;
  while (k < script.length) {
    const group = [script[k]];
    for (;;) {
      const prev = script[k];
      const next = script[k + 1];
      if (!next) break;
      const thresh = next.ignore ? o.context : 2 * o.context + 1;
      if (next.line0 - (prev.line0 + prev.deleted) >= thresh) break;
      group.push(next);
      k++;
    }
    groups.push(group);
    k++;
  }
  return groups;
}

/** The span a hunk prints: its changes widened by the context, within the files. */
function widen(h: HunkRange, files: [FileLines, FileLines], context: number): HunkRange {
  const n0 = files[0].lines.length;
  const n1 = files[1].lines.length;
  return {
    ...h,
    first0: Math.max(h.first0 - context, 0),
    first1: Math.max(h.first1 - context, 0),
    last0: h.last0 < n0 - context ? h.last0 + context : n0 - 1,
    last1: h.last1 < n1 - context ? h.last1 + context : n1 - 1,
  };
}

export interface Header { label0: string; label1: string }

/**
 * find_function: the last line before `line` matching -p's or -F's expression, searching back only to where the
 * previous hunk's search began (and then answering that search's line again).
 */
function functionFinder(files: [FileLines, FileLines], re: RegExp | undefined): (line: number) => string {
  let lastSearch = 0;
  let lastMatch = -1;
  return (line) => {
    if (!re) return '';
    const from = lastSearch;
    lastSearch = line;
    let found = -1;
    for (let i = line - 1; i >= from; i--) {
      const l = files[0].lines[i];
      if (re.test(l.endsWith('\n') ? l.slice(0, -1) : l)) {
        found = lastMatch = i;
        break;
      }
    }
    if (found < 0) found = lastMatch;
    if (found < 0) return '';
    // print_context_function: leading white space skipped, at most 40 characters, trailing white space dropped.
    const text = files[0].lines[found].replace(/\n$/, '').replace(/^[ \t\v\f\r]*/, '').slice(0, 40).replace(/[ \t\v\f\r]+$/, '');
    return ' ' + text;
  };
}

/**
 * print_context_script for -c and -u: each group of changes that survives -B/-I widened by the context, the two
 * file labels before the first; `print` writes the hunk, given the -p/-F function text for its heading.
 */
function contextHunks(script: Change[], files: [FileLines, FileLines], o: FormatOptions, header: Header | undefined, marks: [string, string],
  print: (out: Out, group: Change[], h: HunkRange, fn: string) => void): string {
  const out = new Out(o);
  let started = false;
  const fn = functionFinder(files, o.functionRegexp);
  for (const group of hunks(script, files, o)) {
    const h0 = analyzeHunk(group, files, o);
    if (!h0.changes) continue;
    if (!started && header) {
      for (const [mark, label] of [[marks[0], header.label0], [marks[1], header.label1]]) {
        out.color('header');
        out.put(`${mark} ${label}`);
        out.color('reset');
        out.put('\n');
      }
    }
    started = true;
    const h = widen(h0, files, o.context);
    print(out, group, h, fn(h.first0));
  }
  return out.text;
}

export function unifiedFormat(script: Change[], files: [FileLines, FileLines], o: FormatOptions, header: Header | undefined): string {
  // print_unidiff_number_range: `start,count`, just `start` for one line, `line-before,0` for none.
  const range = (a: number, b: number) => (b <= a ? (b < a ? `${b + 1},0` : `${b + 1}`) : `${a + 1},${b - a + 1}`);
  return contextHunks(script, files, o, header, ['---', '+++'], (out, group, h, fn) => {
    out.color('line');
    out.put(`@@ -${range(h.first0, h.last0)} +${range(h.first1, h.last1)} @@`);
    out.color('reset');
    out.put(fn + '\n');
    let i = h.first0;
    let j = h.first1;
    let g = 0;
    while (i <= h.last0 || j <= h.last1) {
      const next = group[g];
      if (!next || i < next.line0) {
        const line = files[0].lines[i++];
        if (!(o.suppressBlankEmpty && line === '\n')) out.put(o.initialTab ? '\t' : ' ');
        out.line(line);
        if (!line.endsWith('\n')) out.put('\n' + NO_NEWLINE);
        j++;
        continue;
      }
      for (let k = 0; k < next.deleted; k++) unifiedLine(out, '-', files[0].lines[i++], 'del', o);
      for (let k = 0; k < next.inserted; k++) unifiedLine(out, '+', files[1].lines[j++], 'add', o);
      g++;
    }
  });
}

function unifiedLine(out: Out, mark: string, line: string, color: Ctx, o: FormatOptions): void {
  out.color(color);
  out.put(mark);
  if (o.initialTab && !(o.suppressBlankEmpty && line === '\n')) out.put('\t');
  out.flagged(undefined, line, color);
}

export function contextFormat(script: Change[], files: [FileLines, FileLines], o: FormatOptions, header: Header | undefined): string {
  const range = (a: number, b: number) => (b <= a ? `${b + 1}` : `${a + 1},${b + 1}`);
  return contextHunks(script, files, o, header, ['***', '---'], (out, group, h, fn) => {
    out.put(`***************${fn}\n`);
    // Each file's side: its lines marked `-`/`+` (only in it), `!` (changed) or ` `, only when it has changes.
    for (const f of [0, 1]) {
      const first = f ? h.first1 : h.first0;
      const last = f ? h.last1 : h.last0;
      out.color('line');
      out.put(f ? `--- ${range(first, last)} ----` : `*** ${range(first, last)} ****`);
      out.color('reset');
      out.put('\n');
      if (!(h.changes & (f ? 2 : 1))) continue;
      let g = 0;
      for (let i = first; i <= last; i++) {
        while (group[g] && (f ? group[g].line1 + group[g].inserted : group[g].line0 + group[g].deleted) <= i) g++;
        const c = group[g];
        const mark = c && (f ? c.line1 : c.line0) <= i ? ((f ? c.deleted : c.inserted) > 0 ? '!' : f ? '+' : '-') : ' ';
        out.flagged(mark, files[f].lines[i], f ? 'add' : 'del');
      }
    }
  });
}

/** ed.c's print_ed_script: the changes last to first, each an ed command with its text ended by `.`. */
export function edFormat(script: Change[], files: [FileLines, FileLines], o: FormatOptions): string {
  let out = '';
  for (const c of [...script].reverse()) {
    const h = analyzeHunk([c], files, o);
    if (!h.changes) continue;
    out += `${numberRange(',', h.first0, h.last0)}${' dac'[h.changes]}\n`;
    if (h.changes === 1) continue;
    let insert = true;
    for (let i = h.first1; i <= h.last1; i++) {
      const line = files[1].lines[i];
      if (!insert) {
        out += 'a\n';
        insert = true;
      }
      if (line === '.\n' || line === '.') {
        out += '..\n.\ns/.//\n';
        insert = false;
      } else out += line.endsWith('\n') ? line : line + '\n';
    }
    if (insert) out += '.\n';
  }
  return out;
}

/** ed.c's pr_forward_ed_script (-f): the commands first to last, the letter before the range. */
export function forwardEdFormat(script: Change[], files: [FileLines, FileLines], o: FormatOptions): string {
  let out = '';
  for (const c of script) {
    const h = analyzeHunk([c], files, o);
    if (!h.changes) continue;
    out += `${' dac'[h.changes]}${numberRange(' ', h.first0, h.last0)}\n`;
    if (h.changes === 1) continue;
    for (let i = h.first1; i <= h.last1; i++) out += files[1].lines[i];
    out += '.\n';
  }
  return out;
}

/** ed.c's print_rcs_script (-n): `dN COUNT` and `aN COUNT` with the added lines, an incomplete last one as it is. */
export function rcsFormat(script: Change[], files: [FileLines, FileLines], o: FormatOptions): string {
  let out = '';
  for (const c of script) {
    const h = analyzeHunk([c], files, o);
    if (!h.changes) continue;
    if (h.changes & 1) out += `d${h.first0 + 1} ${h.last0 >= h.first0 ? h.last0 - h.first0 + 1 : 1}\n`;
    if (h.changes & 2) {
      out += `a${h.last0 + 1} ${h.last1 >= h.first1 ? h.last1 - h.first1 + 1 : 1}\n`;
      for (let i = h.first1; i <= h.last1; i++) out += files[1].lines[i];
    }
  }
  return out;
}

/**
 * ifdef.c with -D NAME's group formats: the whole merged file, a change's old lines under `#ifndef NAME`, its new
 * ones under `#ifdef NAME` (`#else` between both), each line ended by a newline (the line format `%l\n`).
 */
export function ifdefFormat(script: Change[], files: [FileLines, FileLines], o: FormatOptions, name: string): string {
  let out = '';
  const put = (f: number, from: number, to: number) => {
    for (let i = from; i < to; i++) out += files[f].lines[i].endsWith('\n') ? files[f].lines[i] : files[f].lines[i] + '\n';
  };
  let next0 = 0;
  for (const c of script) {
    const h = analyzeHunk([c], files, o);
    if (!h.changes) continue;
    put(0, next0, h.first0);
    if (h.changes === 1) {
      out += `#ifndef ${name}\n`;
      put(0, h.first0, h.last0 + 1);
      out += `#endif /* ! ${name} */\n`;
    } else if (h.changes === 2) {
      out += `#ifdef ${name}\n`;
      put(1, h.first1, h.last1 + 1);
      out += `#endif /* ${name} */\n`;
    } else {
      out += `#ifndef ${name}\n`;
      put(0, h.first0, h.last0 + 1);
      out += `#else /* ${name} */\n`;
      put(1, h.first1, h.last1 + 1);
      out += `#endif /* ${name} */\n`;
    }
    next0 = h.last0 + 1;
  }
  put(0, next0, files[0].lines.length);
  return out;
}

/** wcwidth for what a learner types: East Asian wide characters take two columns, controls none. */
function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return -1;
  if ((cp >= 0x300 && cp <= 0x36f) || cp === 0x200b) return 0;
  if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6)
    || (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd)) return 2;
  return 1;
}

/** side.c: the half-line width and the right column's offset for a total width (diff.c's main). */
export function sideWidths(width: number, tabSize: number, expandTabs: boolean): { half: number; col2: number } {
  const GUTTER = 3;
  const t = expandTabs ? 1 : tabSize;
  const tg = t + GUTTER;
  const unaligned = (width >> 1) + (tg >> 1) + (width & tg & 1);
  const off = unaligned - (unaligned % t);
  const half = off <= GUTTER || width <= off ? 0 : Math.min(off - GUTTER, width - off);
  return { half, col2: half ? off : width };
}

export function sideBySideFormat(script: Change[], files: [FileLines, FileLines], o: FormatOptions): string {
  const out = new Out(o);
  const tab = o.tabSize ?? 8;
  const { half: hw, col2: c2o } = sideWidths(o.width ?? 130, tab, !!o.expandTabs);

  const tabFromTo = (from: number, to: number): number => {
    if (!o.expandTabs) {
      for (let t = from + tab - (from % tab); t <= to; t += tab) {
        out.put('\t');
        from = t;
      }
    }
    while (from++ < to) out.put(' ');
    return to;
  };

  const halfLine = (line: string, indent: number, bound: number): number => {
    let inPos = 0;
    let outPos = 0;
    for (const ch of line) {
      const c = ch;
      if (c === '\n') return outPos;
      if (c === '\t') {
        const spaces = tab - (inPos % tab);
        if (inPos === outPos) {
          let stop = outPos + spaces;
          if (o.expandTabs) {
            if (bound < stop) stop = bound;
            for (; outPos < stop; outPos++) out.put(' ');
          } else if (stop < bound) {
            outPos = stop;
            out.put(c);
          }
        }
        inPos += spaces;
      } else if (c === '\r') {
        out.put(c);
        tabFromTo(0, indent);
        inPos = outPos = 0;
      } else if (c === '\b') {
        if (inPos !== 0 && --inPos < bound) {
          if (outPos <= inPos) for (; outPos < inPos; outPos++) out.put(' ');
          else {
            outPos = inPos;
            out.put(c);
          }
        }
      } else if (c === '\f' || c === '\v') {
        if (inPos < bound) out.put(c);
      } else {
        const w = charWidth(ch.codePointAt(0)!);
        if (w > 0) inPos += w;
        if (inPos <= bound) {
          outPos = inPos;
          out.put(ch);
        }
      }
    }
    return outPos;
  };

  const row = (left: string | undefined, sep: string, right: string | undefined) => {
    let col = 0;
    let newline = false;
    const colored = sep === '<' || sep === '>';
    if (sep === '<') out.color('del');
    else if (sep === '>') out.color('add');
    if (left !== undefined) {
      newline ||= left.endsWith('\n');
      col = halfLine(left, 0, hw);
    }
    if (sep !== ' ') {
      col = tabFromTo(col, Math.floor((hw + c2o - 1) / 2)) + 1;
      if (sep === '|' && newline !== right!.endsWith('\n')) sep = newline ? '/' : '\\';
      out.put(sep);
    }
    if (right !== undefined) {
      newline ||= right.endsWith('\n');
      if (!right.startsWith('\n')) {
        col = tabFromTo(col, c2o);
        halfLine(right, col, hw);
      }
    }
    if (newline) out.put('\n');
    if (colored) out.color('reset');
  };

  let next0 = 0;
  let next1 = 0;
  const common = (limit0: number, limit1: number) => {
    let i0 = next0, i1 = next1;
    if (!o.suppressCommonLines && (i0 !== limit0 || i1 !== limit1)) {
      if (!o.leftColumn) {
        while (i0 !== limit0 && i1 !== limit1) row(files[0].lines[i0++], ' ', files[1].lines[i1++]);
        while (i1 !== limit1) row(undefined, ')', files[1].lines[i1++]);
      }
      while (i0 !== limit0) row(files[0].lines[i0++], '(', undefined);
    }
    next0 = limit0;
    next1 = limit1;
  };

  for (const c of script) {
    const h = analyzeHunk([c], files, o);
    if (!h.changes) continue;
    common(h.first0, h.first1);
    let changes = h.changes;
    let first0 = h.first0;
    let first1 = h.first1;
    if (changes === 3) {
      let i = first0, j = first1;
      for (; i <= h.last0 && j <= h.last1; i++, j++) row(files[0].lines[i], '|', files[1].lines[j]);
      changes = (i <= h.last0 ? 1 : 0) + (j <= h.last1 ? 2 : 0);
      next0 = first0 = i;
      next1 = first1 = j;
    }
    if (changes & 2) {
      let j = first1;
      for (; j <= h.last1; ++j) row(undefined, '>', files[1].lines[j]);
      next1 = j;
    }
    if (changes & 1) {
      let i = first0;
      for (; i <= h.last0; ++i) row(files[0].lines[i], '<', undefined);
      next0 = i;
    }
  }
  common(files[0].lines.length, files[1].lines.length);
  return out.text;
}
