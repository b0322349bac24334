/**
 * The full-screen editor behind `vi`, `vim`, `nano` and `kubectl edit`, as a
 * pure model: keys in, a screen (ANSI text) out. Two key maps over one
 * buffer: vi (normal/insert/command-line modes: i a o O x dd h j k l 0 $ gg G,
 * w b r cw dw u, /search n N, :w :q :wq :x :q! ZZ) and nano (always inserting;
 * ^O writes, ^X exits).
 */
import type { EditedFile } from '../process.js';

export type Flavour = 'vi' | 'nano';
export type EditorResult = { done: false } | { done: true; saved: string | null };

/** vim's texts for the cases a learner meets. */
export const E37 = 'E37: No write since last change (add ! to override)';
export const E492 = (cmd: string) => `E492: Not an editor command: ${cmd}`;
export const E486 = (pattern: string) => `E486: Pattern not found: ${pattern}`;
export const SEARCH_HIT_BOTTOM = 'search hit BOTTOM, continuing at TOP';
export const SEARCH_HIT_TOP = 'search hit TOP, continuing at BOTTOM';
export const ALREADY_OLDEST = 'Already at oldest change';
/** vim's :w on a file opened read-only (ex_cmds.c's check_readonly), and when the file cannot be opened (bufwrite.c). */
export const E45 = "E45: 'readonly' option is set (add ! to override)";
export const E212 = "E212: Can't open file for writing";
export const W10 = 'W10: Warning: Changing a readonly file';

/** nano's counts (files.c): "Read 1 line", "Wrote 3 lines". */
const lineCount = (verb: string, n: number) => `[ ${verb} ${n} line${n === 1 ? '' : 's'} ]`;

export class Editor {
  lines: string[];
  row = 0;
  col = 0;
  mode: 'normal' | 'insert' | 'command' | 'confirm' = 'normal';
  cmdline = '';
  message = '';
  private pendingKey = '';
  /** Which prompt the command line belongs to: ':' (ex command) or '/' (search). */
  private cmdPrefix: ':' | '/' = ':';
  private lastSearch = '';
  /** Snapshots before each change made from normal mode, for `u`. */
  private undoStack: { lines: string[]; row: number; col: number }[] = [];
  private modified = false;
  /** vim's 'readonly' (a file the user may not write), reset by a forced write that succeeds. */
  private readOnly: boolean;
  /** Text last written (`:w`, ^O); what the caller gets back on quit. */
  private written: string | null = null;
  private top = 0;

  /**
   * `file`: a file `vi` or `nano` opened, written when the user writes (a failed write keeps the editor open with the
   * editor's message); without it (kubectl edit) the text last written is handed back on quitting.
   */
  constructor(readonly path: string, content: string, readonly flavour: Flavour = 'vi', private readonly file?: EditedFile) {
    this.lines = content === '' ? [''] : content.replace(/\n$/, '').split('\n');
    this.readOnly = !!file?.readonly;
    if (flavour === 'nano') this.mode = 'insert';
    const name = file?.name ?? path.split('/').pop() ?? path;
    const read = content === '' ? 0 : this.lines.length;
    // vim's readfile() and nano's open_file()/read_file() say how the file opened.
    if (flavour === 'vi') {
      this.message = `"${name}" ${file?.state === 'new' ? '[New]' : file?.state === 'denied' ? '[Permission Denied]' : `${file?.readonly ? '[readonly] ' : ''}${this.lines.length}L, ${content.length}B`}`;
    } else {
      this.message = file?.state === 'new' ? '[ New File ]' : file?.state === 'denied' ? `[ Error reading ${name}: Permission denied ]` : file?.readonly ? `[ File '${name}' is unwritable ]` : lineCount('Read', read);
    }
  }

  /** The buffer changed: vim warns once about changing a read-only file (change.c's W10). */
  private changed(): void {
    if (!this.modified && this.readOnly && this.flavour === 'vi') this.message = W10;
    this.modified = true;
  }

  /**
   * Writes the buffer (vim's :w, nano's ^O): vim refuses a read-only file without `!` (`bang`, E45); a write the file
   * system refuses leaves the buffer modified and says why. True when written.
   */
  private writeOut(bang = false): boolean {
    const text = this.text();
    const f = this.file;
    const vi = this.flavour === 'vi';
    if (vi && this.readOnly && !bang) {
      this.message = E45;
      return false;
    }
    const why = f?.write(text, bang);
    if (why !== undefined) {
      this.message = vi ? `"${f!.shortName}" ${E212}` : `[ Error writing ${f!.name}: ${why} ]`;
      return false;
    }
    const isNew = f?.state === 'new' && this.written === null;
    this.written = text;
    this.modified = false;
    this.readOnly = false;
    this.message = vi ? `"${f?.shortName ?? this.path.split('/').pop()}" ${isNew ? '[New] ' : ''}${this.lines.length}L, ${text.length}B written` : lineCount('Wrote', this.lines.length);
    return true;
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }

  /** One key (a character or an escape sequence). */
  key(k: string): EditorResult {
    if (k === '\x1b[A') return this.move(-1, 0);
    if (k === '\x1b[B') return this.move(1, 0);
    if (k === '\x1b[C') return this.move(0, 1);
    if (k === '\x1b[D') return this.move(0, -1);
    return this.flavour === 'vi' ? this.viKey(k) : this.nanoKey(k);
  }

  private cont(): EditorResult {
    return { done: false };
  }

  private move(dr: number, dc: number): EditorResult {
    this.row = Math.max(0, Math.min(this.lines.length - 1, this.row + dr));
    const max = this.lines[this.row].length - (this.mode === 'insert' ? 0 : 1);
    this.col = Math.max(0, Math.min(Math.max(0, max), this.col + dc));
    return this.cont();
  }

  private insertText(s: string): void {
    const l = this.lines[this.row];
    this.lines[this.row] = l.slice(0, this.col) + s + l.slice(this.col);
    this.col += s.length;
    this.changed();
  }

  private newline(): void {
    const l = this.lines[this.row];
    const indent = /^\s*/.exec(l)![0];
    this.lines.splice(this.row + 1, 0, l.slice(this.col));
    this.lines[this.row] = l.slice(0, this.col);
    this.row++;
    this.col = 0;
    void indent;
    this.changed();
  }

  private backspace(): void {
    if (this.col > 0) {
      const l = this.lines[this.row];
      this.lines[this.row] = l.slice(0, this.col - 1) + l.slice(this.col);
      this.col--;
    } else if (this.row > 0) {
      const prev = this.lines[this.row - 1];
      this.lines[this.row - 1] = prev + this.lines[this.row];
      this.lines.splice(this.row, 1);
      this.row--;
      this.col = prev.length;
    }
    this.changed();
  }

  private viKey(k: string): EditorResult {
    if (this.mode === 'insert') {
      if (k === '\x1b') { this.mode = 'normal'; this.col = Math.max(0, this.col - 1); this.message = ''; return this.cont(); }
      if (k === '\r' || k === '\n') this.newline();
      else if (k === '\x7f' || k === '\b') this.backspace();
      else if (k >= ' ' || k === '\t') this.insertText(k);
      return this.cont();
    }
    if (this.mode === 'command') {
      if (k === '\x1b') { this.mode = 'normal'; this.cmdline = ''; return this.cont(); }
      if (k === '\x7f' || k === '\b') {
        if (this.cmdline === '') this.mode = 'normal';
        else this.cmdline = this.cmdline.slice(0, -1);
        return this.cont();
      }
      if (k === '\r' || k === '\n') {
        const cmd = this.cmdPrefix === '/' ? this.cmdline : this.cmdline.trim();
        this.cmdline = '';
        this.mode = 'normal';
        if (this.cmdPrefix === '/') {
          if (cmd !== '') this.lastSearch = cmd;
          return this.search(1);
        }
        return this.exCommand(cmd);
      }
      if (k >= ' ') this.cmdline += k;
      return this.cont();
    }
    // normal mode
    const seq = this.pendingKey + k;
    this.pendingKey = '';
    if (seq.length === 2 && seq[0] === 'r') {
      const l = this.lines[this.row];
      if (l.length && k >= ' ') {
        this.snapshot();
        this.lines[this.row] = l.slice(0, this.col) + k + l.slice(this.col + 1);
        this.changed();
      }
      return this.cont();
    }
    if (/^[ai]$/.test(seq) || /^[AIoO]$/.test(seq)) this.snapshot();
    switch (seq) {
      case 'i': this.mode = 'insert'; this.message = '-- INSERT --'; return this.cont();
      case 'a': this.mode = 'insert'; this.message = '-- INSERT --'; this.col = Math.min(this.lines[this.row].length, this.col + 1); return this.cont();
      case 'A': this.mode = 'insert'; this.message = '-- INSERT --'; this.col = this.lines[this.row].length; return this.cont();
      case 'I': this.mode = 'insert'; this.message = '-- INSERT --'; this.col = /^\s*/.exec(this.lines[this.row])![0].length; return this.cont();
      case 'o': case 'O':
        this.lines.splice(this.row + (seq === 'o' ? 1 : 0), 0, '');
        if (seq === 'o') this.row++;
        this.col = 0;
        this.mode = 'insert';
        this.message = '-- INSERT --';
        this.changed();
        return this.cont();
      case 'x': {
        const l = this.lines[this.row];
        if (l.length) {
          this.snapshot();
          this.lines[this.row] = l.slice(0, this.col) + l.slice(this.col + 1);
          this.col = Math.min(this.col, Math.max(0, this.lines[this.row].length - 1));
          this.changed();
        }
        return this.cont();
      }
      case 'dd':
        this.snapshot();
        this.lines.splice(this.row, 1);
        if (this.lines.length === 0) this.lines = [''];
        this.row = Math.min(this.row, this.lines.length - 1);
        this.col = 0;
        this.changed();
        return this.cont();
      case 'd': case 'g': case 'Z': case 'r': case 'c': this.pendingKey = seq; return this.cont();
      case 'w': case 'b': this.col = this.wordMove(seq); return this.cont();
      case 'dw': case 'cw': {
        const l = this.lines[this.row];
        // cw stops at the end of the word (vim's special case); dw also eats the spaces after it.
        const end = seq === 'cw' ? this.col + (/^\w+|^[^\w\s]+|^\s+/.exec(l.slice(this.col))?.[0].length ?? 0) : this.wordEnd(l, this.col);
        this.snapshot();
        this.lines[this.row] = l.slice(0, this.col) + l.slice(end);
        this.changed();
        if (seq === 'cw') { this.mode = 'insert'; this.message = '-- INSERT --'; }
        else this.col = Math.min(this.col, Math.max(0, this.lines[this.row].length - 1));
        return this.cont();
      }
      case 'u': {
        const prev = this.undoStack.pop();
        if (!prev) { this.message = ALREADY_OLDEST; return this.cont(); }
        this.lines = prev.lines;
        this.row = prev.row;
        this.col = prev.col;
        this.modified = this.undoStack.length > 0 || this.written !== null;
        return this.cont();
      }
      case '/': this.mode = 'command'; this.cmdPrefix = '/'; this.cmdline = ''; return this.cont();
      case 'n': return this.search(1);
      case 'N': return this.search(-1);
      case 'gg': this.row = 0; this.col = 0; return this.cont();
      case 'G': this.row = this.lines.length - 1; this.col = 0; return this.cont();
      case 'h': return this.move(0, -1);
      case 'l': case ' ': return this.move(0, 1);
      case 'j': return this.move(1, 0);
      case 'k': return this.move(-1, 0);
      case '0': this.col = 0; return this.cont();
      case '$': this.col = Math.max(0, this.lines[this.row].length - 1); return this.cont();
      case ':': this.mode = 'command'; this.cmdPrefix = ':'; this.cmdline = ''; return this.cont();
      case 'ZZ': return this.exCommand('x');
      case 'ZQ': return this.exCommand('q!');
    }
    return this.cont();
  }

  private snapshot(): void {
    this.undoStack.push({ lines: [...this.lines], row: this.row, col: this.col });
  }

  /** Where `w` (next word start) or `b` (previous word start) lands on this line. */
  private wordMove(motion: 'w' | 'b'): number {
    const l = this.lines[this.row];
    if (motion === 'w') return Math.min(this.wordEnd(l, this.col), Math.max(0, l.length - 1));
    let c = this.col;
    while (c > 0 && /\s/.test(l[c - 1])) c--;
    if (c === 0) return 0;
    const word = /\w/.test(l[c - 1]);
    while (c > 0 && !/\s/.test(l[c - 1]) && /\w/.test(l[c - 1]) === word) c--;
    return c;
  }

  /** The start of the next word after `col` (a run of word characters, or of other non-blanks). */
  private wordEnd(l: string, col: number): number {
    const m = /^(\w+|[^\w\s]+)?\s*/.exec(l.slice(col))!;
    return col + m[0].length;
  }

  /** `/pattern`, `n` and `N`: the next match after (or before) the cursor, wrapping as vim does. */
  private search(dir: 1 | -1): EditorResult {
    const p = this.lastSearch;
    if (p === '') return this.cont();
    const n = this.lines.length;
    for (let step = 0; step <= n; step++) {
      const r = (((this.row + dir * step) % n) + n) % n;
      const l = this.lines[r];
      let c = -1;
      if (dir === 1) c = l.indexOf(p, step === 0 ? this.col + 1 : 0);
      else c = step === 0 ? (this.col > 0 ? l.lastIndexOf(p, this.col - 1) : -1) : l.lastIndexOf(p);
      if (step === n && !(dir === 1 ? c >= 0 && c <= this.col : c >= this.col)) c = -1;
      if (c >= 0) {
        const wrapped = dir === 1 ? r < this.row || (r === this.row && c <= this.col) : r > this.row || (r === this.row && c >= this.col);
        this.row = r;
        this.col = c;
        this.message = wrapped ? (dir === 1 ? SEARCH_HIT_BOTTOM : SEARCH_HIT_TOP) : (dir === 1 ? '/' : '?') + p;
        return this.cont();
      }
    }
    this.message = E486(p);
    return this.cont();
  }

  private exCommand(cmd: string): EditorResult {
    switch (cmd) {
      case 'w': case 'w!':
        this.writeOut(cmd === 'w!');
        return this.cont();
      case 'wq': case 'x': case 'wq!': case 'x!':
        // :x writes only a changed buffer (kubectl edit, which reads what was written, gets the text either way).
        if (cmd[0] === 'w' || this.modified || (this.written === null && !this.file)) {
          if (!this.writeOut(cmd.endsWith('!'))) return this.cont();
        }
        return { done: true, saved: this.written };
      case 'q':
        if (this.modified) { this.message = E37; return this.cont(); }
        return { done: true, saved: this.written };
      case 'q!':
        return { done: true, saved: this.written };
      case '':
        return this.cont();
    }
    if (/^[0-9]+$/.test(cmd)) {
      this.row = Math.max(0, Math.min(this.lines.length - 1, Number(cmd) - 1));
      this.col = 0;
      return this.cont();
    }
    this.message = E492(cmd);
    return this.cont();
  }

  private nanoKey(k: string): EditorResult {
    if (this.mode === 'confirm') {
      if (k === 'y' || k === 'Y') {
        if (this.writeOut()) return { done: true, saved: this.written };
        this.mode = 'insert';
        return this.cont();
      }
      if (k === 'n' || k === 'N') return { done: true, saved: this.written };
      if (k === '\x03' || k === '\x1b') { this.mode = 'insert'; this.message = ''; }
      return this.cont();
    }
    switch (k) {
      case '\x0f': // ^O
        this.writeOut();
        return this.cont();
      case '\x18': // ^X
        if (!this.modified) return { done: true, saved: this.written };
        this.mode = 'confirm';
        this.message = 'Save modified buffer?  Y Yes  N No  ^C Cancel';
        return this.cont();
      case '\x0b': // ^K cuts the line
        this.lines.splice(this.row, 1);
        if (this.lines.length === 0) this.lines = [''];
        this.row = Math.min(this.row, this.lines.length - 1);
        this.col = 0;
        this.changed();
        return this.cont();
      case '\r': case '\n': this.newline(); return this.cont();
      case '\x7f': case '\b': this.backspace(); return this.cont();
    }
    if (k >= ' ' || k === '\t') this.insertText(k);
    return this.cont();
  }

  /** The whole screen for a `cols`×`rows` terminal, cursor placed. */
  render(cols: number, rows: number): string {
    const textRows = rows - (this.flavour === 'nano' ? 4 : 1);
    if (this.row < this.top) this.top = this.row;
    if (this.row >= this.top + textRows) this.top = this.row - textRows + 1;
    let out = '\x1b[H\x1b[2J';
    let firstRow = 1;
    if (this.flavour === 'nano') {
      const title = `  GNU nano 7.2`;
      const name = this.path.split('/').pop() ?? '';
      const mid = Math.max(title.length + 1, Math.floor((cols - name.length) / 2));
      out += '\x1b[7m' + (title + ' '.repeat(Math.max(0, mid - title.length)) + name + (this.modified ? ' *' : '')).padEnd(cols).slice(0, cols) + '\x1b[0m\r\n';
      firstRow = 2;
    }
    for (let r = 0; r < textRows; r++) {
      const i = this.top + r;
      const line = i < this.lines.length ? this.lines[i].slice(0, cols) : this.flavour === 'vi' ? '~' : '';
      out += line + '\x1b[K\r\n';
    }
    if (this.flavour === 'vi') {
      out += this.mode === 'command' ? this.cmdPrefix + this.cmdline : this.message;
    } else {
      out += (this.message ? `\x1b[7m${this.message}\x1b[0m` : '') + '\r\n';
      out += '\x1b[7m^G\x1b[0m Help      \x1b[7m^O\x1b[0m Write Out \x1b[7m^W\x1b[0m Where Is  \x1b[7m^K\x1b[0m Cut\r\n';
      out += '\x1b[7m^X\x1b[0m Exit      \x1b[7m^R\x1b[0m Read File \x1b[7m^\\\x1b[0m Replace   \x1b[7m^U\x1b[0m Paste';
    }
    const cursorRow = this.mode === 'command' ? rows : firstRow + this.row - this.top;
    const cursorCol = this.mode === 'command' ? this.cmdline.length + 2 : Math.min(cols, this.col + 1);
    return out + `\x1b[${cursorRow};${cursorCol}H`;
  }
}
