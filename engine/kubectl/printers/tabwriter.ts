/**
 * The tab writer kubectl prints tables with (github.com/liggitt/tabwriter,
 * minwidth 6, padding 3, pad char ' ', RememberWidths): cells are separated by
 * tabs, every column but the last is padded to its widest cell plus 3 (at
 * least 6), and with RememberWidths the widths survive a flush, so rows that
 * `get -w` prints later line up with the header printed first.
 */
const MIN_WIDTH = 6;
const PADDING = 3;

export class TabWriter {
  private lines: string[][] = [];
  private remembered: number[] = [];

  constructor(private readonly sink: (text: string) => void) {}

  /**
   * Queues one whole line given as cells, as write(cells.join("\t") + "\n")
   * would, without building and re-splitting the text (tables of 10,000 rows).
   */
  writeCells(cells: string[]): void {
    if (this.pending === undefined && !cells.some(hasBreak)) this.lines.push(cells);
    else this.write(cells.join('\t') + '\n');
  }

  /** Queues text; lines end with "\n", cells with "\t". */
  write(text: string): void {
    const parts = text.split('\n');
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      if (last && parts[i] === '') break;
      if (this.pending !== undefined) {
        this.pending += parts[i];
        if (last) break;
        this.lines.push(this.pending.split('\t'));
        this.pending = undefined;
      } else if (last) {
        this.pending = parts[i];
      } else {
        this.lines.push(parts[i].split('\t'));
      }
    }
  }
  private pending: string | undefined;

  setRememberedWidths(w: number[] | undefined): void {
    this.remembered = w ? [...w] : [];
  }

  flush(): void {
    if (this.pending !== undefined) {
      this.lines.push(this.pending.split('\t'));
      this.pending = undefined;
    }
    if (this.lines.length === 0) return;
    const widths = [...this.remembered];
    // Each cell's width once; the padding pass reuses them.
    const cellWidths: number[] = [];
    for (const cells of this.lines) {
      const last = cells.length - 1;
      for (let c = 0; c < last; c++) {
        const cw = textWidth(cells[c]);
        cellWidths.push(cw);
        const w = cw + PADDING > MIN_WIDTH ? cw + PADDING : MIN_WIDTH;
        if (!(widths[c] >= w)) widths[c] = w;
      }
    }
    let out = '';
    let k = 0;
    for (const cells of this.lines) {
      const last = cells.length - 1;
      let line = '';
      for (let c = 0; c < last; c++) line += cells[c] + spaces(widths[c] - cellWidths[k++]);
      if (last >= 0) line += cells[last];
      out += line + '\n';
    }
    this.remembered = widths;
    this.lines = [];
    this.sink(out);
  }
}

/** Characters counted as Go counts runes: a surrogate pair is one. */
function textWidth(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}

function hasBreak(cell: string): boolean {
  return cell.includes('\t') || cell.includes('\n');
}

const SPACES: string[] = [];

function spaces(n: number): string {
  if (n <= 0) return '';
  if (n >= 256) return ' '.repeat(n);
  return (SPACES[n] ??= ' '.repeat(n));
}
