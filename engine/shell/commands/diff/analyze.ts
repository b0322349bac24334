/**
 * The line comparison of GNU diff 3.10 (src/io.c, src/analyze.c, gnulib's diffseq.h), so a learner gets the hunks
 * the node's own `diff` prints: the identical prefix and suffix are set aside first (byte for byte, then back to
 * whole lines, keeping `horizon` lines of each, the larger of --horizon-lines and the context), lines become
 * equivalence classes (under -i, -b, -w, -Z, -E), lines matching nothing in the other file are discarded as
 * discard_confusing_lines does, the rest go through Myers' O(ND) middle-snake search with diffseq's cost limits,
 * and shift_boundaries slides each run of changes as far down as it goes and then back to meet a change in the
 * other file. The result is the edit script build_script makes: changes in file order, with 0-based line
 * numbers counted from the start of each file.
 *
 * The files are JavaScript strings: a "byte" here is a UTF-16 unit, which finds the same line boundaries.
 */

/** One change: `deleted` lines of file 0 from `line0` replaced by `inserted` lines of file 1 from `line1`. */
export interface Change {
  line0: number;
  line1: number;
  deleted: number;
  inserted: number;
  /** Every line of the change is blank (or matches -I): --ignore-blank-lines leaves it out (mark_ignorable). */
  ignore?: boolean;
}

/** What white space diff ignores, in diff.h's order (a later one includes the earlier). */
export const enum WhiteSpace { None = 0, TabExpansion = 1, Trailing = 2, TabExpansionAndTrailing = 3, SpaceChange = 4, All = 5 }

export interface CompareOptions {
  ignoreCase?: boolean;
  whiteSpace?: WhiteSpace;
  /** -d: the minimal script, whatever it costs (no discarding, no cost limit). */
  minimal?: boolean;
  /** -H: diffseq's heuristic for large files with sparse changes. */
  speedLargeFiles?: boolean;
  /** Lines of each identical end kept in the comparison (horizon_lines, at least the context). */
  horizon?: number;
  /** An ed script: its incomplete last line counts as complete (ROBUST_OUTPUT_STYLE is false). */
  ed?: boolean;
  /** --tabsize for -E. */
  tabSize?: number;
}

/** A file split as diff's line table has it: each line with its newline, the last maybe without. */
export interface FileLines {
  lines: string[];
  /** The last line has no newline. */
  missingNewline: boolean;
}

export function splitLines(text: string): FileLines {
  const lines: string[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    lines.push(text.slice(at, end));
    at = end;
  }
  return { lines, missingNewline: text !== '' && !text.endsWith('\n') };
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

/**
 * The key two lines share exactly when lines_differ (util.c) finds them alike: case folded under -i, white space
 * runs made one space and trailing space dropped under -b, all white space dropped under -w, trailing white space
 * dropped under -Z, tabs expanded under -E.
 */
function lineKey(line: string, o: CompareOptions): string {
  let s = line.endsWith('\n') ? line.slice(0, -1) : line;
  const ws = o.whiteSpace ?? WhiteSpace.None;
  if (ws === WhiteSpace.All) s = [...s].filter((c) => !isSpace(c)).join('');
  else if (ws === WhiteSpace.SpaceChange) {
    let out = '';
    let gap = false;
    for (const c of s) {
      if (isSpace(c)) { gap = true; continue; }
      if (gap) out += ' ';
      gap = false;
      out += c;
    }
    s = out;
  } else {
    if (ws & WhiteSpace.TabExpansion) {
      const tab = o.tabSize ?? 8;
      let out = '';
      let col = 0;
      for (const c of s) {
        if (c === '\t') {
          const n = tab - (col % tab);
          out += ' '.repeat(n);
          col += n;
        } else {
          out += c;
          col = c === '\r' ? 0 : c === '\b' ? Math.max(0, col - 1) : col + 1;
        }
      }
      s = out;
    }
    if (ws & WhiteSpace.Trailing) s = s.replace(/[ \t\n\v\f\r]+$/, '');
  }
  if (o.ignoreCase) s = s.toLowerCase();
  return s;
}

/** The script and the line tables it refers to. */
export interface Comparison {
  changes: Change[];
  files: [FileLines, FileLines];
}

/** Compares two texts line by line as GNU diff does. */
export function compareTexts(text0: string, text1: string, o: CompareOptions = {}): Comparison {
  const f0 = splitLines(text0);
  const f1 = splitLines(text1);
  const robust = !o.ed;
  // prepare_text: an incomplete last line gets a newline, remembered.
  const b0 = f0.missingNewline ? text0 + '\n' : text0;
  const b1 = f1.missingNewline ? text1 + '\n' : text1;
  const n0 = b0.length;
  const n1 = b1.length;
  const horizon = o.horizon ?? 0;

  // find_identical_ends: the first differing character (the sentinel stops at the shorter end).
  let p = 0;
  const lim = Math.min(n0, n1);
  while (p < lim && b0.charCodeAt(p) === b1.charCodeAt(p)) p++;
  if (robust && ((n0 - (f0.missingNewline ? 1 : 0) < p) !== (n1 - (f1.missingNewline ? 1 : 0) < p))) p--;
  // Back to the line's start, then `horizon` more lines.
  let h = horizon;
  while (p !== 0 && (b0[p - 1] !== '\n' || h-- > 0)) p--;
  const prefixEnd = p;
  let prefixLines = 0;
  for (let i = 0; i < prefixEnd; i++) if (b0.charCodeAt(i) === 10) prefixLines++;

  // The identical suffix, not reaching back into the prefix in either file.
  let s0 = n0;
  let s1 = n1;
  if (!robust || f0.missingNewline === f1.missingNewline) {
    const end0 = s0;
    let beg0 = prefixEnd + (n0 < n1 ? 0 : n0 - n1);
    while (s0 !== beg0) {
      if (b0.charCodeAt(--s0) !== b1.charCodeAt(--s1)) {
        s0++;
        s1++;
        beg0 = s0;
        break;
      }
    }
    let i = horizon + ((s0 === 0 || b0[s0 - 1] === '\n') && (s1 === 0 || b1[s1 - 1] === '\n') ? 0 : 1);
    const from = beg0;
    while (i-- > 0 && s0 !== end0) while (b0[s0++] !== '\n');
    s1 += s0 - from;
  }
  const lineAt = (b: string, at: number) => {
    let k = 0;
    for (let i = 0; i < at; i++) if (b.charCodeAt(i) === 10) k++;
    return k;
  };
  const end0 = lineAt(b0, s0);
  const end1 = lineAt(b1, s1);

  // find_and_hash_each_line: the middle lines' equivalence classes (class 0 is never used).
  const classes = new Map<string, number>();
  let nextClass = 1;
  const ws = o.whiteSpace ?? WhiteSpace.None;
  const equivs: [number[], number[]] = [[], []];
  const tables: Array<[FileLines, number]> = [[f0, end0], [f1, end1]];
  tables.forEach(([f, end], k) => {
    for (let i = prefixLines; i < end; i++) {
      const line = f.lines[i];
      // An incomplete last line can only equal the other file's incomplete line, unless trailing space is ignored.
      const incomplete = robust && f.missingNewline && i === f.lines.length - 1 && ws < WhiteSpace.Trailing;
      const key = (incomplete ? '\0' : '\n') + lineKey(line, o);
      let c = classes.get(key);
      if (c === undefined) classes.set(key, (c = nextClass++));
      equivs[k].push(c);
    }
  });

  const changed: [Uint8Array, Uint8Array] = [new Uint8Array(equivs[0].length + 2), new Uint8Array(equivs[1].length + 2)];
  // changed[f][i + 1] is line i's flag; index 0 and the last are diff's always-zero sentinels.
  analyze(equivs, changed, nextClass, o);
  shiftBoundaries(equivs, changed);
  return { changes: buildScript(changed, prefixLines), files: [f0, f1] };
}

function analyze(equivs: [number[], number[]], changed: [Uint8Array, Uint8Array], classCount: number, o: CompareOptions): void {
  // discard_confusing_lines
  const len = [equivs[0].length, equivs[1].length];
  const counts = [new Int32Array(classCount), new Int32Array(classCount)];
  for (let f = 0; f < 2; f++) for (const e of equivs[f]) counts[f][e]++;
  const discards = [new Uint8Array(len[0]), new Uint8Array(len[1])];
  for (let f = 0; f < 2; f++) {
    const end = len[f];
    const other = counts[1 - f];
    let many = 5;
    let tem = Math.floor(end / 64);
    while ((tem >>= 2) > 0) many *= 2;
    for (let i = 0; i < end; i++) {
      const e = equivs[f][i];
      const nmatch = other[e];
      if (nmatch === 0) discards[f][i] = 1;
      else if (nmatch > many) discards[f][i] = 2;
    }
  }
  for (let f = 0; f < 2; f++) {
    const end = len[f];
    const d = discards[f];
    for (let i = 0; i < end; i++) {
      if (d[i] === 2) d[i] = 0;
      else if (d[i] !== 0) {
        let j: number;
        let provisional = 0;
        for (j = i; j < end; j++) {
          if (d[j] === 0) break;
          if (d[j] === 2) ++provisional;
        }
        while (j > i && d[j - 1] === 2) { d[--j] = 0; --provisional; }
        const length = j - i;
        if (provisional * 4 > length) {
          while (j > i) if (d[--j] === 2) d[j] = 0;
        } else {
          let minimum = 1;
          let t = length >> 2;
          while (0 < (t >>= 2)) minimum <<= 1;
          minimum++;
          let consec = 0;
          for (j = 0; j < length; j++) {
            if (d[i + j] !== 2) consec = 0;
            else if (minimum === ++consec) j -= consec;
            else if (minimum < consec) d[i + j] = 0;
          }
          consec = 0;
          for (j = 0; j < length; j++) {
            if (j >= 8 && d[i + j] === 1) break;
            if (d[i + j] === 2) { consec = 0; d[i + j] = 0; } else if (d[i + j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
          i += length - 1;
          consec = 0;
          for (j = 0; j < length; j++) {
            if (j >= 8 && d[i - j] === 1) break;
            if (d[i - j] === 2) { consec = 0; d[i - j] = 0; } else if (d[i - j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
        }
      }
    }
  }
  const undiscarded: [number[], number[]] = [[], []];
  const realIndexes: [number[], number[]] = [[], []];
  for (let f = 0; f < 2; f++) {
    for (let i = 0; i < len[f]; i++) {
      if (o.minimal || discards[f][i] === 0) {
        undiscarded[f].push(equivs[f][i]);
        realIndexes[f].push(i);
      } else changed[f][i + 1] = 1;
    }
  }
  const xv = undiscarded[0];
  const yv = undiscarded[1];
  let diags = xv.length + yv.length + 3;
  // TOO_EXPENSIVE: about the square root of the input size, at least 4096.
  let tooExpensive = 1;
  for (; diags !== 0; diags = Math.floor(diags / 4)) tooExpensive *= 2;
  tooExpensive = Math.max(4096, tooExpensive);
  const size = xv.length + yv.length + 3;
  const off = yv.length + 1;
  const fd = new Int32Array(size);
  const bd = new Int32Array(size);
  const heuristic = !!o.speedLargeFiles;
  const noteDelete = (x: number) => { changed[0][realIndexes[0][x] + 1] = 1; };
  const noteInsert = (y: number) => { changed[1][realIndexes[1][y] + 1] = 1; };
  const SNAKE_LIMIT = 20;
  const OFFSET_MAX = 0x7fffffff;

  /** diffseq.h's diag: the midpoint of a shortest edit script, or a good enough one when that costs too much. */
  function diag(xoff: number, xlim: number, yoff: number, ylim: number, findMinimal: boolean): [number, number, boolean, boolean] {
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    let fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    fd[off + fmid] = xoff;
    bd[off + bmid] = xlim;
    for (let c = 1; ; ++c) {
      let bigSnake = false;
      if (fmin > dmin) fd[off + --fmin - 1] = -1;
      else ++fmin;
      if (fmax < dmax) fd[off + ++fmax + 1] = -1;
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = fd[off + d - 1];
        const thi = fd[off + d + 1];
        const x0 = tlo < thi ? thi : tlo + 1;
        let x = x0, y = x0 - d;
        while (x < xlim && y < ylim && xv[x] === yv[y]) { x++; y++; }
        if (x - x0 > SNAKE_LIMIT) bigSnake = true;
        fd[off + d] = x;
        if (odd && bmin <= d && d <= bmax && bd[off + d] <= x) return [x, y, true, true];
      }
      if (bmin > dmin) bd[off + --bmin - 1] = OFFSET_MAX;
      else ++bmin;
      if (bmax < dmax) bd[off + ++bmax + 1] = OFFSET_MAX;
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        const tlo = bd[off + d - 1];
        const thi = bd[off + d + 1];
        const x0 = tlo < thi ? tlo : thi - 1;
        let x = x0, y = x0 - d;
        while (xoff < x && yoff < y && xv[x - 1] === yv[y - 1]) { x--; y--; }
        if (x0 - x > SNAKE_LIMIT) bigSnake = true;
        bd[off + d] = x;
        if (!odd && fmin <= d && d <= fmax && x <= fd[off + d]) return [x, y, true, true];
      }
      if (findMinimal) continue;
      if (200 < c && bigSnake && heuristic) {
        let best = 0;
        let mid: [number, number] | undefined;
        for (let d = fmax; d >= fmin; d -= 2) {
          const dd = d - fmid;
          const x = fd[off + d];
          const y = x - d;
          const v = (x - xoff) * 2 - dd;
          if (v > 12 * (c + Math.abs(dd)) && v > best && xoff + SNAKE_LIMIT <= x && x < xlim && yoff + SNAKE_LIMIT <= y && y < ylim) {
            for (let k = 1; xv[x - k] === yv[y - k]; k++) if (k === SNAKE_LIMIT) { best = v; mid = [x, y]; break; }
          }
        }
        if (best > 0) return [mid![0], mid![1], true, false];
        best = 0;
        for (let d = bmax; d >= bmin; d -= 2) {
          const dd = d - bmid;
          const x = bd[off + d];
          const y = x - d;
          const v = (xlim - x) * 2 + dd;
          if (v > 12 * (c + Math.abs(dd)) && v > best && xoff < x && x <= xlim - SNAKE_LIMIT && yoff < y && y <= ylim - SNAKE_LIMIT) {
            for (let k = 0; xv[x + k] === yv[y + k]; k++) if (k === SNAKE_LIMIT - 1) { best = v; mid = [x, y]; break; }
          }
        }
        if (best > 0) return [mid![0], mid![1], false, true];
      }
      if (c >= tooExpensive) {
        let fxybest = -1, fxbest = 0;
        for (let d = fmax; d >= fmin; d -= 2) {
          let x = Math.min(fd[off + d], xlim);
          let y = x - d;
          if (ylim < y) { x = ylim + d; y = ylim; }
          if (fxybest < x + y) { fxybest = x + y; fxbest = x; }
        }
        let bxybest = OFFSET_MAX, bxbest = 0;
        for (let d = bmax; d >= bmin; d -= 2) {
          let x = Math.max(xoff, bd[off + d]);
          let y = x - d;
          if (y < yoff) { x = yoff + d; y = yoff; }
          if (x + y < bxybest) { bxybest = x + y; bxbest = x; }
        }
        if (xlim + ylim - bxybest < fxybest - (xoff + yoff)) return [fxbest, fxybest - fxbest, true, false];
        return [bxbest, bxybest - bxbest, false, true];
      }
    }
  }

  // compareseq, with its recursion as an explicit stack (deep scripts must not overflow the call stack); the
  // low half is done before the high half, as the recursive calls do.
  const stack: Array<[number, number, number, number, boolean]> = [[0, xv.length, 0, yv.length, !!o.minimal]];
  while (stack.length) {
    let [xoff, xlim, yoff, ylim, findMinimal] = stack.pop()!;
    while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) { xoff++; yoff++; }
    while (xoff < xlim && yoff < ylim && xv[xlim - 1] === yv[ylim - 1]) { xlim--; ylim--; }
    if (xoff === xlim) while (yoff < ylim) noteInsert(yoff++);
    else if (yoff === ylim) while (xoff < xlim) noteDelete(xoff++);
    else {
      const [xmid, ymid, loMinimal, hiMinimal] = diag(xoff, xlim, yoff, ylim, findMinimal);
      stack.push([xmid, xlim, ymid, ylim, hiMinimal]);
      stack.push([xoff, xmid, yoff, ymid, loMinimal]);
    }
  }
}

/** analyze.c's shift_boundaries, over flags offset by one (index 0 and the last are the zero sentinels). */
function shiftBoundaries(equivs: [number[], number[]], changedBoth: [Uint8Array, Uint8Array]): void {
  for (let f = 0; f < 2; f++) {
    const ch = changedBoth[f];
    const other = changedBoth[1 - f];
    const eq = equivs[f];
    // Indexes below are diff's (0-based lines); ch[i + 1] is line i's flag.
    const C = (i: number) => ch[i + 1];
    const O = (j: number) => other[j + 1];
    const iEnd = eq.length;
    let i = 0;
    let j = 0;
    for (;;) {
      while (i < iEnd && !C(i)) {
        while (O(j++));
        i++;
      }
      if (i === iEnd) break;
      let start = i;
      while (C(++i));
      while (O(j)) j++;
      let runlength: number;
      let corresponding: number;
      do {
        runlength = i - start;
        while (start && eq[start - 1] === eq[i - 1]) {
          ch[--start + 1] = 1;
          ch[--i + 1] = 0;
          while (C(start - 1)) start--;
          while (O(--j));
        }
        corresponding = O(j - 1) ? i : iEnd;
        while (i !== iEnd && eq[start] === eq[i]) {
          ch[start++ + 1] = 0;
          ch[i++ + 1] = 1;
          while (C(i)) i++;
          while (O(++j)) corresponding = i;
        }
      } while (runlength !== i - start);
      while (corresponding < i) {
        ch[--start + 1] = 1;
        ch[--i + 1] = 0;
        while (O(--j));
      }
    }
  }
}

/** build_script: the changes in file order, their line numbers counted from each file's first line. */
function buildScript(changed: [Uint8Array, Uint8Array], prefixLines: number): Change[] {
  const [c0, c1] = changed;
  const len0 = c0.length - 2;
  const len1 = c1.length - 2;
  const script: Change[] = [];
  let i0 = 0, i1 = 0;
  while (i0 < len0 || i1 < len1) {
    if (c0[i0 + 1] | c1[i1 + 1]) {
      const line0 = i0, line1 = i1;
      while (c0[i0 + 1]) ++i0;
      while (c1[i1 + 1]) ++i1;
      script.push({ line0: line0 + prefixLines, line1: line1 + prefixLines, deleted: i0 - line0, inserted: i1 - line1 });
    }
    i0++;
    i1++;
  }
  return script;
}
