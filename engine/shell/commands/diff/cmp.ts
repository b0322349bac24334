/**
 * `cmp` as GNU diffutils 3.10 has it (src/cmp.c): the first differing byte and its line, every one with -l
 * (octal values, -b adds them as `cat -t` shows them), nothing with -s, `cmp: EOF on FILE after byte N, line M`
 * when one file is a prefix of the other, skips (-i, SKIP operands) and a limit (-n) with xstrtoimax's suffixes.
 * The files are compared as their UTF-8 bytes.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { ERRNO_TEXT, FsError } from '../../vfs.js';
import { utf8Bytes } from '../../../util/utf8.js';
import { getopt, GetoptError, type LongOption } from './getopt.js';
import { CMP_HELP, diffutilsVersion } from './help.js';

const LONGOPTS: LongOption[] = [
  { name: 'print-bytes', arg: 0, key: 'b' }, { name: 'print-chars', arg: 0, key: 'c' }, { name: 'ignore-initial', arg: 1, key: 'i' },
  { name: 'verbose', arg: 0, key: 'l' }, { name: 'bytes', arg: 1, key: 'n' }, { name: 'silent', arg: 0, key: 's' },
  { name: 'quiet', arg: 0, key: 's' }, { name: 'version', arg: 0, key: 'v' }, { name: 'help', arg: 0, key: 'help' },
];

class Trouble extends Error {
  constructor(message: string, readonly hint: boolean, readonly quiet = false) {
    super(message);
  }
}

/**
 * xstrtoimax with cmp's suffixes "kKMGTPEZY0": a C integer (0x hex, 0 octal) and a power of 1024, or of 1000
 * with `B` after the letter (`kB`, `MB`), `KiB` being 1024's; `rest` is what follows when a delimiter may.
 */
function parseSize(arg: string, delimiter?: string): { value: number; rest: string } | undefined {
  const m = /^\s*(\+?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)(.*)$/s.exec(arg);
  if (!m) return undefined;
  let value = Number(m[2].startsWith('0x') || m[2].startsWith('0X') ? m[2] : m[2].length > 1 && m[2][0] === '0' ? parseInt(m[2], 8) : m[2]);
  let rest = m[3];
  const suffix = /^([kKMGTPEZY])(iB|B)?/.exec(rest);
  if (suffix) {
    const power = 'kKMGTPEZY'.indexOf(suffix[1]);
    value *= (suffix[2] === 'B' ? 1000 : 1024) ** (power <= 1 ? 1 : power);
    rest = rest.slice(suffix[0].length);
  }
  if (rest !== '' && (delimiter === undefined || rest[0] !== delimiter)) return undefined;
  return { value, rest };
}

/** sprintc: a byte as `cat -t` shows it (M- for the high bit, ^ for a control). */
function shown(c: number): string {
  let s = '';
  if (!(c >= 32 && c < 127)) {
    if (c >= 128) {
      s += 'M-';
      c -= 128;
    }
    if (c < 32) {
      s += '^';
      c += 64;
    } else if (c === 127) {
      s += '^';
      c = 63;
    }
  }
  return s + String.fromCharCode(c);
}

const oct = (c: number) => c.toString(8).padStart(3, ' ');

async function runCmp(ctx: ProcessContext): Promise<number> {
  const { options, operands } = getopt(ctx.argv.slice(1), 'bci:ln:sv', LONGOPTS);
  let printBytes = false;
  let mode: 'first' | 'all' | 'status' | undefined;
  const skip = [0, 0];
  let limit = -1;
  const type = (t: 'all' | 'status') => {
    if (mode && mode !== t) throw new Trouble('options -l and -s are incompatible', true);
    mode = t;
  };
  for (const { key, value } of options) {
    switch (key) {
      case 'help': ctx.stdout.write(CMP_HELP); return 0;
      case 'v': ctx.stdout.write(diffutilsVersion('cmp', 'Torbjörn Granlund and David MacKenzie')); return 0;
      case 'b': case 'c': printBytes = true; break;
      case 'l': type('all'); break;
      case 's': type('status'); break;
      case 'n': {
        const n = parseSize(value!);
        if (!n) throw new Trouble(`invalid --bytes value '${value}'`, true);
        if (!(limit >= 0 && limit < n.value)) limit = n.value;
        break;
      }
      case 'i': {
        const a = parseSize(value!, ':');
        if (!a) throw new Trouble(`invalid --ignore-initial value '${value}'`, true);
        skip[0] = Math.max(skip[0], a.value);
        if (a.rest.startsWith(':')) {
          const b = parseSize(a.rest.slice(1));
          if (!b) throw new Trouble(`invalid --ignore-initial value '${a.rest.slice(1)}'`, true);
          skip[1] = Math.max(skip[1], b.value);
        } else if (skip[1] < skip[0]) skip[1] = skip[0];
        break;
      }
    }
  }
  mode ??= 'first';
  if (!operands.length) throw new Trouble(`missing operand after '${ctx.argv[ctx.argv.length - 1]}'`, true);
  const names = [operands[0], operands[1] ?? '-'];
  for (let f = 0; f < 2 && 2 + f < operands.length; f++) {
    const s = parseSize(operands[2 + f]);
    if (!s) throw new Trouble(`invalid --ignore-initial value '${operands[2 + f]}'`, true);
    skip[f] = Math.max(skip[f], s.value);
  }
  if (operands.length > 4) throw new Trouble(`extra operand '${operands[4]}'`, true);
  const data: number[][] = [];
  const inodes: (number | undefined)[] = [];
  let stdin: number[] | undefined;
  for (let f = 0; f < 2; f++) {
    if (f === 1 && skip[0] === skip[1] && names[0] === names[1]) return 0;
    if (names[f] === '-') {
      stdin ??= utf8Bytes(await ctx.stdin.readAll());
      data.push(stdin);
      continue;
    }
    const p = ctx.fs.resolve(ctx.cwd, names[f]);
    try {
      const st = ctx.fs.stat(p);
      if (!st) throw new FsError('ENOENT', p);
      inodes[f] = st.ino;
      // A folder opens, and its first read fails.
      if (st.type === 'dir') {
        data.push([]);
        inodes[f] = -1;
        continue;
      }
      data.push(utf8Bytes(ctx.fs.readFile(p) ?? ''));
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      throw new Trouble(`${names[f]}: ${ERRNO_TEXT[e.code]}`, false, mode === 'status');
    }
  }
  if (inodes[0] !== undefined && inodes[0] !== -1 && inodes[0] === inodes[1] && skip[0] === skip[1]) return 0;
  for (let f = 0; f < 2; f++) if (inodes[f] === -1) throw new Trouble(`${names[f]}: ${ERRNO_TEXT.EISDIR}`, false);
  const a = data[0].slice(skip[0]);
  const b = data[1].slice(skip[1]);
  const n0 = limit >= 0 ? Math.min(a.length, limit) : a.length;
  const n1 = limit >= 0 ? Math.min(b.length, limit) : b.length;
  const smaller = Math.min(n0, n1);
  if (mode === 'status') {
    for (let i = 0; i < smaller; i++) if (a[i] !== b[i]) return 1;
    return n0 !== n1 ? 1 : 0;
  }
  let out = '';
  let differing = false;
  let line = 1;
  let i = 0;
  if (mode === 'first') {
    while (i < smaller && a[i] === b[i]) {
      if (a[i] === 10) line++;
      i++;
    }
    if (i < smaller) {
      ctx.stdout.write(printBytes
        ? `${names[0]} ${names[1]} differ: byte ${i + 1}, line ${line} is ${oct(a[i])} ${shown(a[i])} ${oct(b[i])} ${shown(b[i])}\n`
        : `${names[0]} ${names[1]} differ: byte ${i + 1}, line ${line}\n`);
      return 1;
    }
  } else {
    // The offsets' column is as wide as the largest offset the shorter file (or -n) allows.
    const width = String(Math.min(n0, n1)).length;
    for (; i < smaller; i++) {
      if (a[i] === b[i]) continue;
      differing = true;
      out += printBytes
        ? `${String(i + 1).padStart(width)} ${oct(a[i])} ${shown(a[i]).padEnd(4)} ${oct(b[i])} ${shown(b[i])}\n`
        : `${String(i + 1).padStart(width)} ${oct(a[i])} ${oct(b[i])}\n`;
    }
    ctx.stdout.write(out);
  }
  if (n0 !== n1) {
    const shorter = names[n1 < n0 ? 1 : 0];
    if (smaller === 0) ctx.stderr.write(`cmp: EOF on ${shorter} which is empty\n`);
    else if (mode === 'first') {
      const atLineStart = (n1 < n0 ? b : a)[smaller - 1] === 10;
      ctx.stderr.write(atLineStart ? `cmp: EOF on ${shorter} after byte ${smaller}, line ${line - 1}\n` : `cmp: EOF on ${shorter} after byte ${smaller}, in line ${line}\n`);
    } else ctx.stderr.write(`cmp: EOF on ${shorter} after byte ${smaller}\n`);
    return 1;
  }
  return differing ? 1 : 0;
}

export const cmp: CommandSpec = {
  name: 'cmp',
  summary: 'compare two files byte by byte',
  async run(ctx) {
    try {
      return await runCmp(ctx);
    } catch (e) {
      if (e instanceof GetoptError) {
        ctx.stderr.write(`cmp: ${e.message}\ncmp: Try 'cmp --help' for more information.\n`);
        return 2;
      }
      if (e instanceof Trouble) {
        if (!e.quiet) ctx.stderr.write(`cmp: ${e.message}\n${e.hint ? "cmp: Try 'cmp --help' for more information.\n" : ''}`);
        return 2;
      }
      throw e;
    }
  },
};
