/**
 * Standard input as the one open file that the commands of a line share: `printf 'y\nhello\n' | { rm -i f; read x; }`
 * gives rm and read the same pipe, so what one takes the other does not see. Each Input has one reader here (what
 * came from it and is not taken yet), used by bash's `read` (read.ts) and by the commands' questions (answer.ts); a
 * file or here-document keeps it as its offset, a pipe hands what it holds to the next command's reads first
 * (streams.ts), so `{ read x; cat; }` gives cat the rest. How much a reader takes is the command's own way of reading:
 *
 * - bash's read takes exactly its line: byte by byte from a pipe, and from a file in blocks with an lseek back to
 *   just after the line (builtins/read.def, zread.c's zsyncfd);
 * - rm, cp, mv and find's questions (gnulib's yesno) read through stdio: one read(2) of up to a block (4,096 bytes, a
 *   pipe's st_blksize) takes whatever the pipe holds, and what its line did not use is gone when it exits; from a
 *   file, the stream is synced back at exit (coreutils' close_stdin, glibc's exit for find) to the end of the last
 *   line read, so the next command goes on from there;
 * - kubeadm (Go's bufio.Scanner) and su (Linux-PAM's conversation, one read(2)) read a block and never seek back.
 *
 * A here-document or here-string is a pipe in bash 5.2 when it fits in one (65,536 bytes on Linux; redir.c
 * here_document_to_fd), a deleted temporary file otherwise. Loads with `read` and the commands that ask.
 */
import type { Input } from './process.js';
import { BLOCK, Pipe, StringInput, type SharedReader } from './streams.js';
import { utf8PrefixLength } from '../util/utf8.js';

type Reader = SharedReader;

const readers = new WeakMap<Input, Reader>();

export function readerOf(input: Input): Reader {
  // A file or here-document keeps its offset itself; a pipe keeps what a reader left for the next one.
  if (input instanceof StringInput) return input.reader;
  if (input instanceof Pipe) {
    return input.reader ??= {
      it: { next: async () => { const c = await input.readChunk(); return c === null ? { done: true, value: undefined } : { value: c }; } },
      buf: '', pos: 0, done: false, seekable: false,
    };
  }
  let r = readers.get(input);
  if (!r) {
    const it: AsyncIterable<string> = input.rawLines?.() ?? withNewlines(input.lines());
    r = { it: it[Symbol.asyncIterator](), buf: '', pos: 0, done: false, seekable: false };
    readers.set(input, r);
  }
  return r;
}

/**
 * Waits for more input when all that came is taken; false at its end. `race` lets a wait be given up (read's -t,
 * Ctrl-C): the pull stays pending for the next reader.
 */
export async function fill(r: Reader, race: (p: Promise<IteratorResult<string>>) => Promise<IteratorResult<string>> = (p) => p): Promise<boolean> {
  if (r.pos < r.buf.length) return true;
  if (r.done) return false;
  r.pending ??= r.it.next();
  const next = await race(r.pending);
  r.pending = undefined;
  if (next.done) {
    r.done = true;
    return false;
  }
  r.buf = next.value;
  r.pos = 0;
  return true;
}

/**
 * A command's line reader over its standard input (not a terminal): one line without its newline, or null at end of
 * input. `seeksBack`: a stdio program, which leaves a file's rest to the next command; a pipe's block is the
 * program's own either way.
 */
export function blockLineReader(input: Input, seeksBack: boolean): () => Promise<string | null> {
  const r = readerOf(input);
  // The program's own buffer: what its read(2) took past the lines it used.
  let own = '';
  return async () => {
    if (seeksBack && r.seekable) return takeLine(r);
    for (;;) {
      const nl = own.indexOf('\n');
      if (nl >= 0) {
        const line = own.slice(0, nl);
        own = own.slice(nl + 1);
        return line;
      }
      if (!(await fill(r))) {
        const last = own;
        own = '';
        return last === '' ? null : last;
      }
      const end = r.pos + utf8PrefixLength(r.buf, r.pos, BLOCK);
      own += r.buf.slice(r.pos, end);
      r.pos = end;
    }
  };
}

/** Exactly one line from the shared reader, the rest left for the next command. */
async function takeLine(r: Reader): Promise<string | null> {
  let line = '';
  while (await fill(r)) {
    const nl = r.buf.indexOf('\n', r.pos);
    if (nl >= 0) {
      line += r.buf.slice(r.pos, nl);
      r.pos = nl + 1;
      return line;
    }
    line += r.buf.slice(r.pos);
    r.pos = r.buf.length;
  }
  return line === '' ? null : line;
}

async function* withNewlines(lines: AsyncIterable<string>): AsyncIterable<string> {
  for await (const l of lines) yield l + '\n';
}
