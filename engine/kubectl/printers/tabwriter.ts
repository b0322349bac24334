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
    for (const cells of this.lines) {
      for (let c = 0; c < cells.length - 1; c++) {
        const w = Math.max(MIN_WIDTH, textWidth(cells[c]) + PADDING);
        if (!(widths[c] >= w)) widths[c] = w;
      }
    }
    let out = '';
    for (const cells of this.lines) {
      for (let c = 0; c < cells.length; c++) {
        if (c < cells.length - 1) out += cells[c] + ' '.repeat(widths[c] - textWidth(cells[c]));
        else out += cells[c];
      }
      out += '\n';
    }
    this.remembered = widths;
    this.lines = [];
    this.sink(out);
  }
}

function textWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
