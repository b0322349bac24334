/**
 * Go's text/tabwriter (no RememberWidths), as describe uses it (minwidth 0,
 * padding 2): a column's width is set per block of consecutive lines that
 * have a cell in that column, so sections separated by a line without tabs
 * align independently.
 */
export function formatTabbed(text: string, minWidth: number, padding: number): string {
  const raw = text.split('\n');
  const trailingNewline = raw[raw.length - 1] === '';
  if (trailingNewline) raw.pop();
  const lines = raw.map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];
  const width = (s: string) => [...s].length;
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j];
        if (j < cells.length - 1 && j < widths.length) s += c + ' '.repeat(Math.max(0, widths[j] - width(c)));
        else s += c;
      }
      out.push(s);
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t].length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let w = minWidth;
      for (; t < line1; t++) {
        if (column >= lines[t].length - 1) break;
        const cw = width(lines[t][column]) + padding;
        if (cw > w) w = cw;
      }
      widths.push(w);
      format(line0, t);
      widths.pop();
      line0 = t;
      t--;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.join('\n') + (trailingNewline ? '\n' : '');
}
