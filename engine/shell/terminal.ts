/**
 * Glue between a character terminal (xterm.js in the page, the real terminal
 * in `kubelab shell`) and a Session: keys go to the line editor while at the
 * prompt, Ctrl-C interrupts a running line, `vi`/`kubectl edit` take the whole
 * screen through the editor model. Output uses CRLF as a raw terminal needs.
 */
import { completeLine } from './complete.js';
import { Editor, type Flavour } from './editor/editor.js';
import { columnAfter, LineEditor, splitKeys } from './line-editor.js';
import type { EditedFile, InteractiveLineIO, TerminalRead } from './process.js';
import type { Session } from './session.js';
import { LineSignal } from './signal.js';

export interface TerminalSize {
  columns: number;
  rows: number;
}

export class TerminalSession {
  readonly editor: LineEditor;
  private running = false;
  private fullScreen: { editor: Editor; resolve: (v: string | null) => void } | undefined;
  /** `kubectl exec -it … -- sh`: lines go to the container's shell until it exits. */
  private inner: InnerSession | undefined;
  private queued = '';
  /** Called when the shell exits (`exit`, Ctrl-D on an empty line). */
  onExit?: (status: number) => void;

  constructor(readonly session: Session, private readonly write: (text: string) => void, readonly size: TerminalSize = { columns: 80, rows: 24 }) {
    this.editor = new LineEditor((line, cursor) => completeLine(session, line, cursor));
    this.editor.columns = size.columns;
    const t = session.shell.terminal;
    t.isTTY = true;
    t.columns = size.columns;
    t.rows = size.rows;
    // kubectl edit follows $KUBE_EDITOR, then $EDITOR, then vi; `nano file` asks for nano by name.
    t.edit = (path, content, file) => {
      const chosen = /^\s*(sudo\s+)?nano\b/.test(this.lastCommand) ? 'nano' : session.shell.getVar('KUBE_EDITOR') ?? session.shell.getVar('EDITOR') ?? 'vi';
      return this.openEditor(path, content, /nano/.test(chosen) ? 'nano' : 'vi', file);
    };
    t.interactive = (prompt, onLine, promptAfter, hidden, read) => this.openInteractive(prompt, onLine, promptAfter, hidden, read);
    t.keys = (onKey) => {
      this.keyReader = onKey;
      return () => { if (this.keyReader === onKey) this.keyReader = undefined; };
    };
  }

  /** A running program reading the keys itself (top): what is typed goes to it, Ctrl-C included. */
  private keyReader: ((data: string) => void) | undefined;

  private lastCommand = '';

  start(banner = ''): void {
    if (banner) this.write(banner.replace(/\n/g, '\r\n'));
    this.write(this.editor.begin(this.session.prompt(), this.session.history));
  }

  resize(columns: number, rows: number): void {
    this.size.columns = columns;
    this.size.rows = rows;
    this.editor.columns = columns;
    this.session.shell.terminal.columns = columns;
    this.session.shell.terminal.rows = rows;
    if (this.fullScreen) this.write(this.fullScreen.editor.render(columns, rows));
  }

  /** Raw input from the terminal. */
  input(data: string): void {
    if (this.fullScreen) {
      for (const k of splitKeys(data, false)) {
        const fs = this.fullScreen;
        if (!fs) break;
        const r = fs.editor.key(k);
        if (r.done) {
          this.fullScreen = undefined;
          this.write('\x1b[?1049l');
          fs.resolve(r.saved);
        } else this.write(fs.editor.render(this.size.columns, this.size.rows));
      }
      return;
    }
    if (this.inner) {
      this.innerInput(data);
      return;
    }
    if (this.running && this.keyReader) return this.keyReader(data);
    if (this.running) {
      if (data.includes('\x03')) this.session.interrupt();
      // Type-ahead while a command runs is kept for the next prompt, as a tty does.
      else this.queued += data;
      return;
    }
    const { output, events } = this.editor.feed(data);
    this.write(output);
    for (const e of events) {
      if (e.type === 'submit') void this.runLine(e.line);
      else if (e.type === 'interrupt') {
        this.session.interrupt();
        this.write(this.editor.begin(this.session.prompt()));
      } else if (e.type === 'eof') {
        if (this.session.remoteLogin && !this.session.continuing) {
          // Ctrl-D ends the remote login shell ("logout"), and ssh's connection with it.
          void this.runLine('exit');
        } else if (this.session.continuing) {
          void this.session.endOfInput((t) => this.write(t.replace(/\n/g, '\r\n'))).then(() => this.write(this.editor.begin(this.session.prompt())));
        } else {
          this.write('exit\r\n');
          this.onExit?.(this.session.shell.status);
        }
      }
    }
  }

  private async runLine(line: string): Promise<void> {
    this.running = true;
    this.lastCommand = line;
    let column = 0;
    const result = await this.session.run(line, (t) => {
      if (!t) return;
      column = columnAfter(t, column, this.size.columns);
      this.write(t.replace(/\r?\n/g, '\r\n'));
    });
    this.running = false;
    if (result.exited) {
      this.onExit?.(result.status);
      return;
    }
    // bash does not add a newline after output without one; the prompt follows on the same line, after that output.
    this.write(this.editor.begin(this.session.prompt(), result.incomplete ? undefined : this.session.history, column));
    const rest = this.editor.leftover + this.queued;
    this.editor.leftover = '';
    this.queued = '';
    if (rest) this.input(rest);
  }

  private openInteractive(prompt: string, onLine: InnerSession['onLine'], promptAfter?: () => string, hidden: boolean | 'silent' = false, read?: TerminalRead): Promise<void> {
    return new Promise((resolve) => {
      const editor = new LineEditor();
      editor.columns = this.size.columns;
      const inner: InnerSession = { editor, prompt, onLine, promptAfter, resolve, busy: false, queued: '', column: 0, read: !!read };
      this.inner = inner;
      this.write(editor.begin(prompt));
      editor.hidden = hidden;
      editor.read = read;
      if (read?.text) this.write(editor.feed(read.text).output);
      // `read -t` ran out, or Ctrl-C stopped the line: the command has the terminal back; what was typed stays in
      // the tty's buffer for the next prompt (Ctrl-C's flush is in innerInput).
      read?.signal.onAbort(() => {
        if (this.inner !== inner) return;
        this.inner = undefined;
        this.queued += editor.buffer + editor.leftover + inner.queued;
        resolve();
      });
      // Keys typed while kubectl was starting the session wait in the tty's buffer; attached, kubectl
      // forwards them to the container, so they belong to the inner shell, not to the next outer prompt.
      const typed = this.editor.leftover + this.queued;
      this.editor.leftover = '';
      this.queued = '';
      if (typed) this.innerInput(typed);
    });
  }

  private innerInput(data: string): void {
    const m = this.inner!;
    const ctrlC = data.indexOf('\x03');
    if (m.read && ctrlC >= 0) {
      // SIGINT goes to the shell running `read`: the line stops, and the tty drops what was typed.
      this.innerInput(data.slice(0, ctrlC));
      if (this.inner !== m) return;
      m.editor.buffer = '';
      m.queued = '';
      this.session.interrupt();
      return;
    }
    if (m.busy) {
      const i = data.indexOf('\x03');
      if (i < 0) {
        m.queued += data;
        return;
      }
      // The TTY echoes ^C and sends SIGINT to the shell's foreground job; what was typed ahead is dropped.
      m.queued = '';
      this.innerWrite(m, '^C\n');
      m.line?.abort();
      return;
    }
    const { output, events } = m.editor.feed(data);
    this.write(output);
    for (const e of events) {
      // Ctrl-C reaches the container's shell, which drops the line and prompts again; Ctrl-D ends it.
      if (e.type === 'interrupt') {
        this.write(m.editor.begin(m.promptAfter?.() ?? m.prompt));
        const rest = m.editor.leftover;
        m.editor.leftover = '';
        if (rest) this.innerInput(rest);
      } else if (e.type === 'eof') void this.innerLine(null);
      else if (e.type === 'submit') void this.innerLine(e.line);
    }
  }

  private innerWrite(m: InnerSession, text: string): void {
    if (!text) return;
    m.column = columnAfter(text, m.column, this.size.columns);
    this.write(text.replace(/\r?\n/g, '\r\n'));
  }

  private async innerLine(line: string | null): Promise<void> {
    const m = this.inner!;
    m.busy = true;
    m.column = 0;
    const signal = new LineSignal();
    m.line = signal;
    const out = line === null ? null : await m.onLine(line, { write: (t) => this.innerWrite(m, t), signal });
    m.line = undefined;
    m.busy = false;
    if (out) this.innerWrite(m, out);
    if (out === null) {
      this.inner = undefined;
      this.queued += m.editor.leftover + m.queued;
      m.resolve();
      return;
    }
    // The shell's prompt follows the line's output on its row (`printf abc` leaves `abc# `).
    this.write(m.editor.begin(m.promptAfter?.() ?? m.prompt, undefined, m.column));
    const rest = m.editor.leftover + m.queued;
    m.editor.leftover = '';
    m.queued = '';
    if (rest) this.innerInput(rest);
  }

  private openEditor(path: string, content: string, flavour: Flavour, file?: EditedFile): Promise<string | null> {
    return new Promise((resolve) => {
      const editor = new Editor(path, content, flavour, file);
      this.fullScreen = { editor, resolve };
      this.write('\x1b[?1049h' + editor.render(this.size.columns, this.size.rows));
    });
  }
}

interface InnerSession {
  editor: LineEditor;
  prompt: string;
  onLine: (line: string, io: InteractiveLineIO) => Promise<string | null>;
  /** The running line's Ctrl-C. */
  line?: LineSignal;
  /** Where the running line's output has left the cursor: the next prompt starts there. */
  column: number;
  promptAfter?: () => string;
  resolve: () => void;
  busy: boolean;
  queued: string;
  /** A line for bash's `read`: Ctrl-C interrupts the shell's line rather than the session's. */
  read: boolean;
}
