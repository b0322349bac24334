/**
 * readline for the terminal, as a model: keys (what xterm.js or a raw Node
 * stdin delivers) in, ANSI text for the terminal out. Emacs keys as bash's
 * readline: Ctrl-A/E/B/F/K/U/W/Y/L/D, Alt-B/F, arrows, Home/End, history with
 * up/down, Tab completion through a callback.
 */
export type LineEvent =
  | { type: 'submit'; line: string }
  | { type: 'interrupt' }
  | { type: 'eof' }
  | { type: 'clear' };

export interface Completion {
  /** Where the completed word starts in the line. */
  start: number;
  candidates: string[];
}

export type Completer = (line: string, cursor: number) => Completion;

/** Splits raw input into keys: escape sequences stay whole. */
export function splitKeys(data: string, altKeys = true): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < data.length) {
    if (data[i] === '\x1b') {
      // Without Alt keys (the full-screen editor), Esc followed by text is Esc then the text: `Esc :wq` typed fast.
      const m = (altKeys ? /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z]|[\s\S])?/ : /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-D])?/).exec(data.slice(i))!;
      keys.push(m[0]);
      i += m[0].length;
      continue;
    }
    const cp = data.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    keys.push(ch);
    i += ch.length;
  }
  return keys;
}

/** What of `text` takes room on the screen: not its colours (CSI) nor a title (OSC), as a prompt may carry them. */
const visible = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '');

/**
 * The cursor column after writing `text` from column `col` (escape sequences
 * take no room, `\r` and `\n` return to column 0): where the next prompt starts.
 */
export function columnAfter(text: string, col: number, columns: number): number {
  const plain = visible(text);
  const cut = Math.max(plain.lastIndexOf('\n'), plain.lastIndexOf('\r'));
  const width = [...(cut >= 0 ? plain.slice(cut + 1) : plain)].length;
  return ((cut >= 0 ? 0 : col) + width) % Math.max(1, columns);
}

export class LineEditor {
  buffer = '';
  cursor = 0;
  prompt = '';
  columns = 80;
  /**
   * Echo off: keys edit the line unseen, and Enter only moves to the next row (su's password prompt, where PAM
   * prints that newline); 'silent': not even that (bash's `read -s`).
   */
  hidden: boolean | 'silent' = false;
  /** A line for bash's `read`: kept out of the history; with `limit` (read -n), it ends at that many characters. */
  read: { limit?: number } | undefined;
  private history: string[] = [];
  private historyIndex = 0;
  private draft = '';
  private killRing = '';
  private lastKeyWasTab = false;
  /** Rows between the prompt's first row and the cursor's row, as last drawn. */
  private cursorRowOffset = 0;
  /**
   * Column the prompt starts at: output without a final newline
   * (`kubectl get -o jsonpath=...`) stays in front of it, as in bash.
   */
  private lead = 0;

  constructor(private readonly completer?: Completer) {}

  setHistory(entries: string[]): void {
    this.history = entries.filter((e) => !e.includes('\n') || true);
    this.historyIndex = this.history.length;
  }

  /** Starts a new line: returns the prompt text to write. */
  begin(prompt: string, history?: string[], lead = 0): string {
    this.prompt = prompt;
    this.lead = lead % Math.max(1, this.columns);
    this.buffer = '';
    this.cursor = 0;
    this.cursorRowOffset = 0;
    if (history) this.setHistory(history);
    this.historyIndex = this.history.length;
    this.draft = '';
    this.hidden = false;
    this.read = undefined;
    return prompt;
  }

  /** Feeds raw input; returns what to write to the terminal and the events (submitted lines…). */
  feed(data: string): { output: string; events: LineEvent[] } {
    let output = '';
    const events: LineEvent[] = [];
    for (const k of splitKeys(data)) {
      const r = this.key(k);
      output += r.output;
      if (r.event) {
        events.push(r.event);
        if (r.event.type === 'submit' || r.event.type === 'interrupt' || r.event.type === 'eof') {
          // The rest of a paste belongs to the next line; the caller feeds it again after the command runs.
          const rest = splitKeys(data);
          const idx = rest.indexOf(k);
          this.leftover = rest.slice(idx + 1).join('');
          break;
        }
      }
    }
    return { output: this.hidden ? (this.hidden === true && events.some((e) => e.type === 'submit') ? '\r\n' : '') : output, events };
  }

  /** Keys that arrived after a submitted line (a multi-line paste). */
  leftover = '';

  key(k: string): { output: string; event?: LineEvent } {
    const wasTab = this.lastKeyWasTab;
    this.lastKeyWasTab = false;
    switch (k) {
      case '\r': case '\n': {
        const line = this.buffer;
        // A line that ends exactly at the margin already stands on the next row (the wrap was made real), where
        // readline's cursor waits in the terminal's pending wrap: Enter adds no empty row.
        const end = this.head + this.buffer.length;
        const out = this.moveTo(this.buffer.length) + (end > 0 && end % this.columns === 0 ? '' : '\r\n');
        if (line.trim() !== '' && !this.hidden && !this.read) this.history.push(line);
        this.historyIndex = this.history.length;
        return { output: out, event: { type: 'submit', line } };
      }
      case '\x03': {
        const out = this.moveTo(this.buffer.length) + '^C\r\n';
        this.buffer = '';
        this.cursor = 0;
        return { output: out, event: { type: 'interrupt' } };
      }
      case '\x04':
        if (this.buffer === '') return { output: '', event: { type: 'eof' } };
        return this.edit(this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1), this.cursor);
      case '\x0c':
        return { output: '\x1b[H\x1b[2J' + this.redrawFull(), event: { type: 'clear' } };
      case '\x7f': case '\b':
        if (this.cursor === 0) return { output: '' };
        return this.edit(this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor), this.cursor - 1);
      case '\x1b[3~':
        return this.edit(this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1), this.cursor);
      case '\x1b[D': case '\x02': return { output: this.moveTo(Math.max(0, this.cursor - 1)) };
      case '\x1b[C': case '\x06': return { output: this.moveTo(Math.min(this.buffer.length, this.cursor + 1)) };
      case '\x1b[H': case '\x1bOH': case '\x1b[1~': case '\x01': return { output: this.moveTo(0) };
      case '\x1b[F': case '\x1bOF': case '\x1b[4~': case '\x05': return { output: this.moveTo(this.buffer.length) };
      case '\x1bb': case '\x1b[1;5D': case '\x1b[1;3D': return { output: this.moveTo(this.wordLeft()) };
      case '\x1bf': case '\x1b[1;5C': case '\x1b[1;3C': return { output: this.moveTo(this.wordRight()) };
      case '\x0b':
        this.killRing = this.buffer.slice(this.cursor);
        return this.edit(this.buffer.slice(0, this.cursor), this.cursor);
      case '\x15':
        this.killRing = this.buffer.slice(0, this.cursor);
        return this.edit(this.buffer.slice(this.cursor), 0);
      case '\x17': {
        let i = this.cursor;
        while (i > 0 && /\s/.test(this.buffer[i - 1])) i--;
        while (i > 0 && !/\s/.test(this.buffer[i - 1])) i--;
        this.killRing = this.buffer.slice(i, this.cursor);
        return this.edit(this.buffer.slice(0, i) + this.buffer.slice(this.cursor), i);
      }
      case '\x19':
        return this.edit(this.buffer.slice(0, this.cursor) + this.killRing + this.buffer.slice(this.cursor), this.cursor + this.killRing.length);
      case '\x1b[A': case '\x10': return this.historyMove(-1);
      case '\x1b[B': case '\x0e': return this.historyMove(1);
      case '\t': {
        this.lastKeyWasTab = true;
        return this.complete(wasTab);
      }
    }
    if (k.startsWith('\x1b') || (k.length === 1 && k < ' ')) return { output: '' };
    const r = this.edit(this.buffer.slice(0, this.cursor) + k + this.buffer.slice(this.cursor), this.cursor + k.length);
    // The tty in cbreak mode hands `read -n N` its characters as they come: the Nth ends the read, with no newline.
    const limit = this.read?.limit;
    return limit && [...this.buffer].length >= limit ? { ...r, event: { type: 'submit', line: this.buffer } } : r;
  }

  private wordLeft(): number {
    let i = this.cursor;
    while (i > 0 && !/[A-Za-z0-9]/.test(this.buffer[i - 1])) i--;
    while (i > 0 && /[A-Za-z0-9]/.test(this.buffer[i - 1])) i--;
    return i;
  }

  private wordRight(): number {
    let i = this.cursor;
    while (i < this.buffer.length && !/[A-Za-z0-9]/.test(this.buffer[i])) i++;
    while (i < this.buffer.length && /[A-Za-z0-9]/.test(this.buffer[i])) i++;
    return i;
  }

  private historyMove(d: number): { output: string } {
    const next = this.historyIndex + d;
    if (next < 0 || next > this.history.length) return { output: '' };
    if (this.historyIndex === this.history.length) this.draft = this.buffer;
    this.historyIndex = next;
    const text = next === this.history.length ? this.draft : this.history[next];
    return this.edit(text, text.length);
  }

  private complete(second: boolean): { output: string } {
    if (!this.completer) return { output: '' };
    const { start, candidates } = this.completer(this.buffer, this.cursor);
    if (candidates.length === 0) return { output: '\x07' };
    const word = this.buffer.slice(start, this.cursor);
    if (candidates.length === 1) {
      const c = candidates[0];
      const insert = c + (c.endsWith('/') ? '' : ' ');
      return this.edit(this.buffer.slice(0, start) + insert + this.buffer.slice(this.cursor), start + insert.length);
    }
    let prefix = candidates[0];
    for (const c of candidates) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
    if (prefix.length > word.length) return this.edit(this.buffer.slice(0, start) + prefix + this.buffer.slice(this.cursor), start + prefix.length);
    if (!second) return { output: '\x07' };
    // Second Tab: list the candidates under the line, then redraw it.
    const width = Math.max(...candidates.map((c) => c.length)) + 2;
    const perRow = Math.max(1, Math.floor(this.columns / width));
    let list = '';
    candidates.forEach((c, i) => {
      list += c.padEnd(width);
      if ((i + 1) % perRow === 0 || i === candidates.length - 1) list = list.trimEnd() + '\r\n';
    });
    const out = this.moveTo(this.buffer.length) + '\r\n' + list;
    this.cursorRowOffset = 0;
    return { output: out + this.redrawFull() };
  }

  /** Replaces the buffer and redraws from the prompt, handling wrapped lines. */
  private edit(buffer: string, cursor: number): { output: string } {
    const quick = this.quickEdit(buffer, cursor);
    if (quick !== undefined) return { output: quick };
    let out = this.upToPromptStart();
    this.buffer = buffer;
    this.cursor = cursor;
    out += '\r' + (this.lead > 0 ? `\x1b[${this.lead}C` : '') + '\x1b[J' + this.prompt + buffer;
    out += this.placeCursor(this.head + buffer.length, this.head + cursor);
    return { output: out };
  }

  /**
   * Typing or erasing at the end of the line writes only that change, as readline does: a redraw from the
   * prompt's start would clear the screen below it, and a terminal multiplexer keeps each cleared screen in its
   * scrollback (tmux showed the first command line once per keystroke). Undefined when a redraw is needed.
   */
  private quickEdit(buffer: string, cursor: number): string | undefined {
    const old = this.buffer;
    if (this.cursor !== old.length || cursor !== buffer.length) return undefined;
    const cols = this.columns;
    const oldEnd = this.head + old.length;
    if (buffer.length > old.length && buffer.startsWith(old)) {
      const added = buffer.slice(old.length);
      // Only printable text can be written as it is (a pasted tab or escape goes through the redraw).
      if (/[\x00-\x1f\x7f]/.test(added)) return undefined;
      const end = this.head + buffer.length;
      this.buffer = buffer;
      this.cursor = cursor;
      this.cursorRowOffset = Math.floor(end / cols);
      // A line that exactly fills the last column leaves the cursor pending; a newline makes the wrap real.
      return added + (end % cols === 0 ? '\r\n' : '');
    }
    if (buffer.length === old.length - 1 && old.startsWith(buffer) && oldEnd % cols !== 0) {
      this.buffer = buffer;
      this.cursor = cursor;
      return '\b\x1b[K';
    }
    return undefined;
  }

  /** Redraws on a fresh line (after Ctrl-L or a completion list): nothing precedes the prompt any more. */
  private redrawFull(): string {
    this.cursorRowOffset = 0;
    this.lead = 0;
    return this.prompt + this.buffer + this.placeCursor(this.head + this.buffer.length, this.head + this.cursor);
  }

  /** Column, counted from the start of the prompt's first row, where the typed text begins. */
  private get head(): number {
    return this.lead + [...visible(this.prompt)].length;
  }

  private upToPromptStart(): string {
    const up = this.cursorRowOffset;
    this.cursorRowOffset = 0;
    return up > 0 ? `\x1b[${up}A` : '';
  }

  /** After writing up to column `end` (counted from the prompt start), move the cursor to `target`. */
  private placeCursor(end: number, target: number): string {
    const cols = this.columns;
    // A line that exactly fills the last column leaves the cursor pending; a newline makes the wrap real.
    let out = end > 0 && end % cols === 0 ? '\r\n' : '';
    const endRow = Math.floor(end / cols);
    const tRow = Math.floor(target / cols);
    const tCol = target % cols;
    if (endRow > tRow) out += `\x1b[${endRow - tRow}A`;
    out += '\r' + (tCol > 0 ? `\x1b[${tCol}C` : '');
    this.cursorRowOffset = tRow;
    return out;
  }

  private moveTo(pos: number): string {
    const cols = this.columns;
    const from = this.head + this.cursor;
    const to = this.head + pos;
    this.cursor = pos;
    const fr = Math.floor(from / cols);
    const tr = Math.floor(to / cols);
    let out = '';
    if (tr < fr) out += `\x1b[${fr - tr}A`;
    if (tr > fr) out += `\x1b[${tr - fr}B`;
    out += '\r' + (to % cols > 0 ? `\x1b[${to % cols}C` : '');
    this.cursorRowOffset = tr;
    return out;
  }
}
