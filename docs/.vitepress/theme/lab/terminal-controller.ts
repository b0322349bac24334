/**
 * The terminal's behaviour, without xterm: keys in, ANSI out. The line is
 * edited here on the page (readline model from engine/shell/line-editor) so
 * typing echoes at once even while the engine is busy; a submitted line goes
 * to the engine and its output comes back as text.
 */
import { columnAfter, LineEditor, type Completion } from '../../../../engine/shell/line-editor';
import type { LabHost } from './host';
import type { EngineMessage, RunDone } from './protocol';

export interface TerminalSink {
  write(text: string): void;
}

export type TerminalState = 'booting' | 'prompt' | 'running' | 'editor' | 'interactive' | 'broken';

export const RED = (s: string) => `\x1b[31m${s}\x1b[0m`;
export const DIM = (s: string) => `\x1b[2m${s}\x1b[0m`;

/** Texts the terminal itself prints (not the shell's). */
export const MESSAGES = {
  en: {
    booting: 'Starting the cluster…',
    ready: (ms: number) => `Cluster ready in ${ms} ms. Type kubectl get nodes and press Enter.`,
    broken: 'The simulation stopped with an error. Press Reset (above) to start a new cluster.',
    discarded: 'Saved lab state could not be read and was discarded.',
    webgl: 'The terminal lost its graphics context and switched to the basic renderer.',
  },
  ko: {
    booting: '클러스터를 시작하는 중…',
    ready: (ms: number) => `클러스터 준비 완료 (${ms} ms). kubectl get nodes 를 입력하고 Enter를 누르세요.`,
    broken: '시뮬레이션이 오류로 멈췄습니다. 위의 초기화(Reset) 버튼으로 새 클러스터를 시작하세요.',
    discarded: '저장된 실습 상태를 읽을 수 없어 삭제했습니다.',
    webgl: '터미널의 그래픽 컨텍스트가 끊겨 기본 렌더러로 전환했습니다.',
  },
} as const;
export type Lang = keyof typeof MESSAGES;

/** The engine writes "\n"; a terminal needs "\r\n" to return to column 0. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class TerminalController {
  state: TerminalState = 'booting';
  readonly editor: LineEditor;
  private typeahead = '';
  private completion: Completion = { start: 0, candidates: [] };
  private running: Promise<RunDone> | undefined;
  private inAltScreen = false;
  private idle: (() => void)[] = [];
  /** Called after every submitted line with the editor's history (to save it). */
  onHistory?: (history: string[]) => void;
  /** Called when the state changes (the page shows busy/broken). */
  onState?: (s: TerminalState) => void;
  lang: Lang = 'en';

  constructor(private readonly term: TerminalSink, private readonly host: LabHost, columns = 80) {
    this.editor = new LineEditor(() => this.completion);
    this.editor.columns = columns;
    host.on((m) => this.receive(m));
  }

  setHistory(h: string[]): void {
    this.editor.setHistory(h);
  }

  resize(columns: number): void {
    this.editor.columns = columns;
  }

  /** A notice in the terminal, on its own line, without disturbing a half-typed command. */
  notice(text: string): void {
    if (this.state === 'prompt' || this.state === 'interactive') {
      const saved = this.editor.buffer;
      this.term.write('\r\x1b[2K' + DIM(text) + '\r\n');
      this.term.write(this.editor.begin(this.editor.prompt));
      if (saved) this.term.write(this.editor.feed(saved).output);
    } else {
      this.term.write(DIM(text) + '\r\n');
    }
  }

  private setState(s: TerminalState): void {
    this.state = s;
    this.onState?.(s);
    if (s === 'prompt' || s === 'interactive') {
      const w = this.idle.splice(0);
      for (const f of w) f();
    }
  }

  private showPrompt(prompt: string): void {
    if (prompt !== '> ') this.basePrompt = prompt;
    // Output without a final newline stays in front of the prompt, as in bash.
    this.term.write(this.editor.begin(prompt, undefined, this.outputColumn));
    this.outputColumn = 0;
    this.setState('prompt');
    this.drainTypeahead();
  }

  private drainTypeahead(): void {
    if (!this.typeahead) return;
    const t = this.typeahead;
    this.typeahead = '';
    this.input(t);
  }

  receive(m: EngineMessage): void {
    switch (m.type) {
      case 'ready':
        this.term.write(DIM(MESSAGES[this.lang].ready(m.bootMs)) + '\r\n');
        this.showPrompt(m.prompt);
        return;
      case 'output':
        this.outputColumn = columnAfter(m.text, this.outputColumn, this.editor.columns);
        this.term.write(toTerminal(m.text));
        return;
      case 'done':
        this.running = undefined;
        if (this.state === 'broken') return;
        this.showPrompt(m.prompt);
        return;
      case 'screen':
        if (m.screen !== undefined) {
          if (!this.inAltScreen) this.term.write('\x1b[?1049h');
          this.inAltScreen = true;
          this.term.write(m.screen);
          this.setState('editor');
        } else {
          if (this.inAltScreen) this.term.write('\x1b[?1049l');
          this.inAltScreen = false;
          this.setState('running');
        }
        return;
      case 'raw':
        if (this.state === 'running' || this.state === 'editor') this.setState(m.on ? 'editor' : 'running');
        return;
      case 'interactive':
        if (m.prompt !== undefined) {
          // As at the learner's own prompt: output without a final newline stays in front of the shell's prompt.
          this.term.write(this.editor.begin(m.prompt, undefined, this.outputColumn));
          this.editor.hidden = m.hidden ?? false;
          this.editor.read = m.read;
          this.outputColumn = 0;
          this.setState('interactive');
          if (m.read?.text) this.feed(m.read.text);
          // bash's read takes what was typed ahead, as the tty buffered it while the command started (a hidden prompt
          // other than read's, su's, flushes it: getpass sets the tty with TCSAFLUSH).
          if (m.read) this.drainTypeahead();
        } else {
          // `read -t` ran out: what was typed stays in the tty's buffer, for the next prompt.
          if (this.state === 'interactive') this.typeahead = this.editor.buffer + this.typeahead;
          this.setState('running');
        }
        return;
      case 'fatal':
        if (this.inAltScreen) this.term.write('\x1b[?1049l');
        this.inAltScreen = false;
        this.term.write('\r\n' + RED(m.message) + '\r\n' + RED(MESSAGES[this.lang].broken) + '\r\n');
        this.setState('broken');
        return;
    }
  }

  /** Keys from the terminal (typing, paste, Ctrl-C…). */
  input(data: string): void {
    switch (this.state) {
      case 'booting':
        this.typeahead += data;
        return;
      case 'broken':
        return;
      case 'editor':
        this.host.send({ type: 'keys', data });
        return;
      case 'running': {
        const i = data.indexOf('\x03');
        if (i >= 0) {
          this.typeahead = '';
          this.host.send({ type: 'interrupt' });
          return;
        }
        this.typeahead += data;
        return;
      }
      case 'interactive': {
        // Ctrl-C at bash's `read` is SIGINT for the shell: the whole line stops, and the tty drops what was typed.
        const i = this.editor.read ? data.indexOf('\x03') : -1;
        if (i < 0) return this.feed(data);
        this.feed(data.slice(0, i));
        if (this.state !== 'interactive') return;
        this.setState('running');
        this.host.send({ type: 'interrupt' });
        return;
      }
      case 'prompt':
        return this.feed(data);
    }
  }

  private feed(data: string): void {
    const tab = data.indexOf('\t');
    if (tab >= 0) {
      // Completion asks the engine (it knows the cluster's objects), so the rest of the input waits for the answer.
      this.feed(data.slice(0, tab));
      if (this.state !== 'prompt') { this.typeahead += data.slice(tab); return; }
      const rest = data.slice(tab + 1);
      const line = this.editor.buffer;
      const cursor = this.editor.cursor;
      this.state = 'running';
      void this.host.complete(line, cursor).then((c) => {
        this.completion = c;
        this.state = 'prompt';
        this.term.write(this.editor.key('\t').output);
        this.completion = { start: 0, candidates: [] };
        const ahead = this.typeahead;
        this.typeahead = '';
        this.feed(rest + ahead);
      });
      return;
    }
    if (!data) return;
    const { output, events } = this.editor.feed(data);
    this.term.write(output);
    const leftover = this.editor.leftover;
    this.editor.leftover = '';
    for (const e of events) {
      if (this.state === 'interactive') {
        if (e.type === 'submit') { this.setState('running'); this.host.send({ type: 'line', line: e.line }); }
        else if (e.type === 'eof') { this.setState('running'); this.host.send({ type: 'line', line: null }); }
        else if (e.type === 'interrupt') this.term.write(this.editor.begin(this.editor.prompt));
        continue;
      }
      switch (e.type) {
        case 'submit':
          this.setState('running');
          this.onHistory?.(this.history());
          this.running = this.host.run(e.line);
          break;
        case 'interrupt':
          // Ctrl-C at the prompt drops the line (and any `> ` continuation).
          this.host.send({ type: 'interrupt' });
          this.term.write(this.editor.begin(this.promptAfterInterrupt()));
          break;
        case 'eof':
          if (this.editor.prompt === '> ') {
            this.setState('running');
            this.running = this.host.eof();
          }
          break;
        case 'clear':
          break;
      }
    }
    if (leftover) {
      if (this.state === 'prompt' || this.state === 'interactive') this.feed(leftover);
      else this.typeahead += leftover;
    }
  }

  /** The primary prompt, so Ctrl-C at a `> ` continuation returns to it. */
  private basePrompt = '';
  /** Column where the last command's output ended: the next prompt starts there. */
  private outputColumn = 0;
  private promptAfterInterrupt(): string {
    return this.editor.prompt === '> ' ? this.basePrompt || this.editor.prompt : this.editor.prompt;
  }

  history(): string[] {
    return (this.editor as unknown as { history: string[] }).history.slice();
  }

  /** Resolves when the terminal waits at a prompt. */
  whenIdle(): Promise<void> {
    if (this.state === 'prompt') return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  /**
   * The Run button: stop whatever runs (as Ctrl-C would), clear the half-typed
   * line, then type the command and press Enter.
   */
  async runCommand(cmd: string): Promise<void> {
    if (this.state === 'broken') return;
    // Ctrl-C in a running line of `kubectl exec -it` stops only that line and the container's prompt comes back:
    // keep going until the learner's own prompt, leaving the session with Ctrl-D. A few rounds at most.
    for (let round = 0; round < 4 && (this.state === 'running' || this.state === 'editor' || this.state === 'interactive'); round++) {
      if (this.state === 'editor') this.host.send({ type: 'keys', data: '\x1b:q!\r' });
      else if (this.state === 'interactive') this.host.send({ type: 'line', line: null });
      else this.host.send({ type: 'interrupt' });
      await this.whenIdle();
    }
    if (this.state === 'booting') await this.whenIdle();
    if (this.editor.buffer) this.term.write(this.editor.feed('\x05\x15').output);
    this.feed(cmd.replace(/\n/g, '\r') + '\r');
  }
}
