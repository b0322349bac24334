/**
 * bash 5.2's `read` builtin (builtins/read.def), loaded with builtins-more.ts on first use. From a pipe, a file or
 * a here-string it reads characters up to the delimiter (`-d`, newline by default) or a count (`-n`, `-N`),
 * keeping the rest for the next `read` of the same input (`while read l; do …; done < file`); with the terminal as
 * its input it asks the terminal for the line (TerminalInfo.interactive): `-p`'s prompt, `-s` without echo, `-n`
 * ending at N characters, `-t` giving up on the virtual clock with status 142 (128 + SIGALRM), Ctrl-C stopping the
 * whole line (130), Ctrl-D at the start of the line ending the input (1). `kubelab script` has no one typing: end of
 * input. Then the words go to the names by IFS (ifs.ts), backslashes escaping unless `-r`, or to `-a`'s array.
 */
import type { Builtin } from './builtins.js';
import type { Shell, ShellIO } from './interpreter.js';
import type { Input } from './process.js';
import { splitForRead } from './ifs.js';
import { Interrupted, LineSignal } from './signal.js';
import { BadFileDescriptor } from './streams.js';
import { fill, readerOf } from './stdin-reader.js';
import { isatty } from './commands/test.js';

const USAGE = 'read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n';
/** 128 + SIGALRM: what `read -t` returns when the time ran out. */
const TIMED_OUT = 142;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Stands for a backslash-escaped character while IFS splits the line: escaped characters never separate words. */
const ESCAPED = '\uF8FF';

interface Options {
  raw: boolean;
  silent: boolean;
  edit: boolean;
  prompt?: string;
  text?: string;
  array?: string;
  delim: string;
  /** -n/-N's count (0: none; `nflag`: one was given), and -N's "the delimiter is a character like any other". */
  nchars: number;
  nflag: boolean;
  exact: boolean;
  /** Seconds, -t's or $TMOUT's. */
  timeout?: number;
  fd: number;
  names: string[];
}

/** internal_getopt over "Eersa:d:i:n:p:t:u:N:" (-E is bash 5.3's), with read's own checks of each value. */
function parseOptions(sh: Shell, argv: string[], io: ShellIO): Options | number {
  const o: Options = { raw: false, silent: false, edit: false, delim: '\n', nchars: 0, nflag: false, exact: false, fd: 0, names: [] };
  const fail = (text: string, status = 1) => (io.stderr.write(`${sh.errorPrefix()}read: ${text}\n${status === 2 ? USAGE : ''}`), status);
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { i++; break; }
    if (!/^-./.test(a)) break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      if (c === 'r') o.raw = true;
      else if (c === 's') o.silent = true;
      else if (c === 'e') o.edit = true;
      else if ('adinNptu'.includes(c)) {
        const value = k + 1 < a.length ? a.slice(k + 1) : argv[++i];
        if (value === undefined) return fail(`-${c}: option requires an argument`, 2);
        if (c === 'a') o.array = value;
        else if (c === 'd') o.delim = value[0] ?? '';
        else if (c === 'i') o.text = value;
        else if (c === 'p') o.prompt = value;
        else if (c === 't') {
          if (!/^[0-9]*\.?[0-9]+$|^[0-9]+\.$/.test(value)) return fail(`${value}: invalid timeout specification`);
          o.timeout = Number(value);
        } else if (c === 'u') {
          if (!/^\s*\+?[0-9]+\s*$/.test(value)) return fail(`${value}: invalid file descriptor specification`);
          o.fd = Number(value);
          // bash checks the descriptor is open (sh_validfd) as it reads the option.
          if (o.fd > 2 && !io.fds?.has(o.fd)) return fail(`${o.fd}: invalid file descriptor: Bad file descriptor`);
        } else {
          if (!/^\s*\+?[0-9]+\s*$/.test(value) || Number(value) > 2 ** 31 - 1) return fail(`${value}: invalid number`);
          o.nchars = Number(value);
          o.nflag = true;
          o.exact = c === 'N';
        }
        break;
      } else return fail(`-${c}: invalid option`, 2);
    }
  }
  o.names = argv.slice(i);
  if (o.timeout === undefined) {
    // $TMOUT, when a valid number, is the default timeout.
    const t = sh.getVar('TMOUT');
    if (t && /^[0-9]*\.?[0-9]+$/.test(t) && Number(t) > 0) o.timeout = Number(t);
  }
  return o;
}

export const read: Builtin = async (sh, argv, io) => {
  const o = parseOptions(sh, argv, io);
  if (typeof o === 'number') return o;
  const first = o.array ?? o.names[0];
  if (first !== undefined && !validName(first, o.array === undefined)) {
    io.stderr.write(`${sh.errorPrefix()}read: \`${first}': not a valid identifier\n`);
    return 1;
  }
  // A descriptor `exec 3< file` opened: read shares its offset with every other reader of that open file.
  const opened = o.fd > 2 ? io.fds!.get(o.fd)! : undefined;
  if (opened && !('readAll' in opened)) {
    io.stderr.write(`${sh.errorPrefix()}read: read error: ${o.fd}: Bad file descriptor\n`);
    return 1;
  }
  const terminal = sh.terminalFor(io);
  const tty = opened ? false : o.fd === 0 ? isatty({ stdin: io.stdin, terminal }, 0) : o.fd === 1 ? terminal.isTTY : !!terminal.stderrIsTTY;
  if (o.fd > 0 && !tty && !opened) {
    io.stderr.write(`${sh.errorPrefix()}read: read error: ${o.fd}: Bad file descriptor\n`);
    return 1;
  }
  // read -t 0: whether input is waiting. Nothing typed at a terminal; a pipe or file (at its end too) has some.
  if (o.timeout === 0) return tty ? 1 : 0;
  // read -n 0 and -N 0 read nothing, and assign that.
  if (o.nflag && o.nchars === 0) return assign(sh, io, o, { text: '', escaped: [], end: 'count' });
  // Ends this read: the line's Ctrl-C, or -t's timer. Only a read that can wait on it has one, and it stops
  // listening to the line afterwards (`while read` runs thousands of reads in one line).
  const waits = tty || o.timeout !== undefined;
  const cancel = waits ? new LineSignal() : io.signal;
  const off = waits ? io.signal.onAbort(() => cancel.abort(io.signal.reason)) : undefined;
  const timer = o.timeout !== undefined ? sh.clock.schedule(Math.round(o.timeout * 1000), () => cancel.abort('timeout')) : undefined;
  let got: Got;
  try {
    got = tty ? await fromTerminal(sh, io, o, cancel, terminal.stderrIsTTY) : await fromInput((opened as Input | undefined) ?? io.stdin, o, cancel);
  } catch (e) {
    if (e instanceof BadFileDescriptor) {
      io.stderr.write(`${sh.errorPrefix()}read: read error: ${o.fd}: Bad file descriptor\n`);
      return 1;
    }
    throw e;
  } finally {
    if (timer !== undefined) sh.clock.cancel(timer);
    off?.();
  }
  if (io.signal.aborted) throw new Interrupted(io.signal.reason);
  return assign(sh, io, o, got);
};

/** What a read got: the characters (escaped ones marked), and how it ended. */
interface Got {
  text: string;
  escaped: string[];
  /** 'eof': the input ended before the delimiter (status 1); 'timeout': -t ran out (142). */
  end: 'delim' | 'count' | 'eof' | 'timeout';
}

function validName(name: string, element: boolean): boolean {
  return NAME.test(name) || (element && /^[A-Za-z_][A-Za-z0-9_]*\[.+\]$/.test(name));
}

/** From the input's shared reader (stdin-reader.ts), so that the next `read` of a pipe or file, or the next command's question, starts where this one stopped. */
async function fromInput(input: Input, o: Options, cancel: LineSignal): Promise<Got> {
  const r = readerOf(input);
  const got: Got = { text: '', escaped: [], end: 'eof' };
  let backslash = false;
  let count = 0;
  for (;;) {
    if (r.pos >= r.buf.length) {
      try {
        if (!(await fill(r, (p) => cancel.race(p)))) break;
      } catch (e) {
        // -t's timer; an outer `timeout` or Ctrl-C stops the builtin itself (read() looks at the line's signal).
        if (e instanceof Interrupted && e.reason === 'timeout') {
          got.end = 'timeout';
          return got;
        }
        throw e;
      }
      continue;
    }
    const c = String.fromCodePoint(r.buf.codePointAt(r.pos)!);
    r.pos += c.length;
    if (backslash) {
      backslash = false;
      // A backslash before the newline joins the next line to this one.
      if (c === '\n' && !o.exact) continue;
      got.text += ESCAPED;
      got.escaped.push(c);
    } else if (c === '\\' && !o.raw) {
      backslash = true;
      continue;
    } else if (!o.exact && c === (o.delim || '\0')) {
      got.end = 'delim';
      return got;
    } else got.text += c;
    if (o.nchars && ++count >= o.nchars) {
      got.end = 'count';
      return got;
    }
  }
  return got;
}

/**
 * The terminal's line: the prompt (printed only when the input is a terminal, on stderr: `2>/dev/null` hides it) is
 * the terminal's to show when stderr is the terminal; the line editor edits the line (readline, as `-e`; the tty's
 * own editing is a subset of it). With no one at the terminal (`kubelab script`), the input ends there.
 */
async function fromTerminal(sh: Shell, io: ShellIO, o: Options, cancel: LineSignal, stderrIsTTY?: boolean): Promise<Got> {
  const prompt = o.prompt ?? '';
  const interactive = sh.terminal.interactive;
  const promptOnTerminal = stderrIsTTY && interactive;
  if (!promptOnTerminal) io.stderr.write(prompt);
  const got: Got = { text: '', escaped: [], end: 'eof' };
  if (!interactive) return got;
  let line: string | undefined;
  const text = o.edit ? o.text : undefined;
  await io.signal.race(interactive(promptOnTerminal ? prompt : '', async (l) => ((line = l), null), undefined, o.silent && 'silent', { signal: cancel, limit: o.nchars || undefined, text }));
  if (cancel.aborted) {
    got.end = cancel.reason === 'timeout' ? 'timeout' : 'eof';
    return got;
  }
  if (line === undefined) return got;
  // The typed line, as if it had come through a pipe (backslashes, the delimiter inside it). Enter ends it whatever
  // the delimiter (not simulated: -d and -N reading on past a newline typed at the terminal).
  const ended = o.exact || o.delim !== '\n' || (o.nchars > 0 && [...line].length >= o.nchars);
  const piped = await fromInput(new OneLine(ended ? line : line + '\n'), o, cancel);
  return piped.end === 'eof' ? { ...piped, end: 'delim' } : piped;
}

class OneLine implements Input {
  constructor(private readonly text: string) {}
  async readAll(): Promise<string> {
    return this.text;
  }
  async *lines(): AsyncIterable<string> {
    yield this.text;
  }
  async *rawLines(): AsyncIterable<string> {
    yield this.text;
  }
}

/** The words to the names (the last takes the rest) or to -a's array, by IFS; -N's text whole to the first name. */
function assign(sh: Shell, io: ShellIO, o: Options, got: Got): number {
  let k = 0;
  const restore = (s: string) => s.replace(new RegExp(ESCAPED, 'g'), () => got.escaped[k++] ?? '');
  const status = got.end === 'timeout' ? TIMED_OUT : got.end === 'eof' ? 1 : 0;
  const ifs = o.exact ? '' : sh.getVar('IFS') ?? ' \t\n';
  if (o.array !== undefined) {
    const words: string[] = [];
    let rest = got.text;
    while (rest !== '') {
      const [w, more] = splitForRead(rest, 2, ifs);
      if (w === '' && more === '' && words.length === 0 && rest.trim() === '') break;
      words.push(restore(w));
      rest = more;
    }
    sh.setArray(o.array, words);
    return status;
  }
  if (o.names.length === 0) {
    // REPLY takes the line as it came, without trimming.
    sh.setVar('REPLY', restore(got.text));
    return status;
  }
  const fields = o.exact ? [got.text] : splitForRead(got.text, o.names.length, ifs);
  let result = status;
  o.names.forEach((n, i) => {
    if (i > 0 && !validName(n, true)) {
      io.stderr.write(`${sh.errorPrefix()}read: \`${n}': not a valid identifier\n`);
      result = 1;
      return;
    }
    sh.setVar(n, restore(fields[i] ?? ''));
  });
  return result;
}
