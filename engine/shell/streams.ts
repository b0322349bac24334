/**
 * Streams between commands. A Pipe is both the writer's Output and the
 * reader's Input; data flows as soon as it is written, so `kubectl get -w |
 * grep web` prints each matching row as it arrives. When the reader exits,
 * the next write throws BrokenPipe — the writer dies as with SIGPIPE.
 */
import type { Input, Output } from './process.js';
import { utf8PrefixLength } from '../util/utf8.js';

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

/**
 * What the commands that share one input have taken of it, and a pull still under way (read's -t ran out while
 * waiting; the next reader waits for it rather than losing its text). stdin-reader.ts keeps it; a pipe's and a
 * file's own reads honour it, so `{ read x; cat; }` gives cat what read left.
 */
export interface SharedReader {
  it: AsyncIterator<string>;
  /** What came and is not taken yet: from `pos` on (a pipe's chunk may hold many lines). */
  buf: string;
  pos: number;
  pending?: Promise<IteratorResult<string>>;
  done: boolean;
  /** Whether the input is a file, which a stdio reader seeks back on. */
  seekable: boolean;
}

/** Linux's pipe capacity, which bash 5.2 measures at build time: a longer here-document goes to a temporary file. */
export const PIPE_CAPACITY = 65_536;
/** stdio's buffer for a pipe (st_blksize), Go's bufio.Scanner's first buffer: what one read(2) of theirs takes. */
export const BLOCK = 4096;

/**
 * A file opened on standard input (`< file`), or a here-document or here-string. Its offset is shared by every
 * command that reads it, as the open file description is: `{ head -n1; cat; } < file` gives cat the rest.
 */
export class StringInput implements Input {
  /** The offset: how far the commands before took it. */
  pos = 0;
  private shared?: SharedReader;
  /** `file`: a file opened on it (`< file`), which can seek, where a here-document is a pipe (stdin-reader.ts). */
  constructor(readonly text: string, readonly file = false) {}
  /** A file, or a here-document too long for a pipe (bash 5.2 writes it to a temporary file then). */
  get seekable(): boolean {
    return this.file || utf8PrefixLength(this.text, 0, PIPE_CAPACITY) < this.text.length;
  }
  /** The shared reader's view of this input: its buffer is the text, its position the offset. */
  get reader(): SharedReader {
    if (!this.shared) {
      const input = this;
      this.shared = {
        it: { next: async () => ({ done: true, value: undefined }) },
        get buf() { return input.text; },
        set buf(_) { /* the whole text is always there */ },
        get pos() { return input.pos; },
        set pos(v: number) { input.pos = v; },
        done: true,
        seekable: this.seekable,
      };
    }
    return this.shared;
  }
  async readAll(): Promise<string> {
    const rest = this.text.slice(this.pos);
    this.pos = this.text.length;
    return rest;
  }
  async *lines(): AsyncIterable<string> {
    for await (const l of this.rawLines()) yield l.endsWith('\n') ? l.slice(0, -1) : l;
  }
  /**
   * A program that stops early (head -n, grep -m) leaves a file's offset just after its last line (they seek back,
   * coreutils' close_stdin syncs stdio's stream); from a pipe, the 4 KiB blocks its reads took are gone.
   */
  async *rawLines(): AsyncIterable<string> {
    const seekable = this.seekable;
    let at = this.pos;
    while (at < this.text.length) {
      const nl = this.text.indexOf('\n', at);
      const end = nl < 0 ? this.text.length : nl + 1;
      if (seekable) this.pos = end;
      else while (this.pos < end) this.pos += utf8PrefixLength(this.text, this.pos, BLOCK);
      const line = this.text.slice(at, end);
      at = end;
      yield line;
    }
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

  /** The shared reader (stdin-reader.ts) once a command read part of this pipe: what it left comes first. */
  reader?: SharedReader;

  /** The next chunk, or null at end of input: first what a reader before left (bash's read takes only its line). */
  async read(): Promise<string | null> {
    const r = this.reader;
    if (r) {
      if (r.pending) {
        const next = await r.pending;
        r.pending = undefined;
        if (next.done) r.done = true;
        else {
          r.buf = next.value;
          r.pos = 0;
        }
      }
      if (r.pos < r.buf.length) {
        const rest = r.buf.slice(r.pos);
        r.buf = '';
        r.pos = 0;
        return rest;
      }
      if (r.done) return null;
    }
    return this.readChunk();
  }

  /** The next chunk the writer wrote, or null once it finished. */
  async readChunk(): Promise<string | null> {
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
