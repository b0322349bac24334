/**
 * Streams between commands. A Pipe is both the writer's Output and the
 * reader's Input; data flows as soon as it is written, so `kubectl get -w |
 * grep web` prints each matching row as it arrives. When the reader exits,
 * the next write throws BrokenPipe — the writer dies as with SIGPIPE.
 */
import type { Input, Output } from './process.js';

export class BrokenPipe extends Error {
  constructor() {
    super('Broken pipe');
  }
}

/** An Input with nothing in it (a terminal with no type-ahead, `< /dev/null`). */
export const EMPTY_INPUT: Input = {
  readAll: async () => '',
  lines: async function* () {},
};

export class StringInput implements Input {
  /** `file`: a file opened on it (`< file`), which can seek, where a here-document is a pipe (stdin-reader.ts). */
  constructor(readonly text: string, readonly file = false) {}
  async readAll(): Promise<string> {
    return this.text;
  }
  async *lines(): AsyncIterable<string> {
    yield* splitLines(this.text);
  }
  async *rawLines(): AsyncIterable<string> {
    yield* this.text.split(/(?<=\n)/).filter((l) => l !== '');
  }
}

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export class Pipe implements Output, Input {
  private chunks: string[] = [];
  private closed = false;
  private readerGone = false;
  private waiter: (() => void) | undefined;

  /** `onWrite` counts bytes against the line's budget (it throws to stop a runaway writer). */
  constructor(private readonly onWrite?: (n: number) => void) {}

  write(text: string): void {
    if (this.readerGone) throw new BrokenPipe();
    if (text === '') return;
    this.onWrite?.(text.length);
    this.chunks.push(text);
    this.wake();
  }

  /** The writer finished. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** The reader finished: later writes fail. */
  closeReader(): void {
    this.readerGone = true;
    this.chunks = [];
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** The next chunk, or null at end of input. */
  async read(): Promise<string | null> {
    for (;;) {
      if (this.chunks.length) {
        const all = this.chunks.join('');
        this.chunks = [];
        return all;
      }
      if (this.closed || this.readerGone) return null;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  async readAll(): Promise<string> {
    let out = '';
    for (;;) {
      const c = await this.read();
      if (c === null) return out;
      out += c;
    }
  }

  async *lines(): AsyncIterable<string> {
    for await (const l of this.rawLines()) yield l.endsWith('\n') ? l.slice(0, -1) : l;
  }

  async *rawLines(): AsyncIterable<string> {
    let buf = '';
    for (;;) {
      const c = await this.read();
      if (c === null) break;
      buf += c;
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        yield buf.slice(0, nl + 1);
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
      }
    }
    if (buf !== '') yield buf;
  }
}

/** Collects output in memory (command substitution, tests). */
export class BufferOutput implements Output {
  text = '';
  constructor(private readonly onWrite?: (n: number) => void) {}
  write(text: string): void {
    this.onWrite?.(text.length);
    this.text += text;
  }
}

/** Forwards to a function (the terminal). */
export class FunctionOutput implements Output {
  constructor(private readonly fn: (text: string) => void) {}
  write(text: string): void {
    this.fn(text);
  }
}

export const NULL_OUTPUT: Output = { write: () => {} };

/** Reading a descriptor opened only for writing (`grep x 0>file`): EBADF. */
export class BadFileDescriptor extends Error {
  constructor() {
    super('Bad file descriptor');
  }
}

/** Standard input redirected for writing (`0>file`): every read fails. */
export const WRITE_ONLY_INPUT: Input = {
  readAll: async () => {
    throw new BadFileDescriptor();
  },
  // eslint-disable-next-line require-yield
  lines: async function* () {
    throw new BadFileDescriptor();
  },
};
