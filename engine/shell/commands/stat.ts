/**
 * stat as GNU coreutils 9.4 has it (src/stat.c) on the node's files (inode.ts): the default and terse formats,
 * -c/--format, --printf (backslash escapes, no newline), -L, and -f for the file system (the node's ext4 root, as df
 * reports it). Not here: --cached (accepted), %C (no SELinux), %m's bind mounts.
 */
import type { CommandSpec, ProcessContext } from '../process.js';
import { FsError } from '../vfs.js';
import { currentNodeName, nodeHost } from './node/host.js';
import { mounts } from './node/machine.js';
import { cConvert, fileType, humanTime, inodeOrError, modeString, nanos, rawMode, type Inode } from './inode.js';
import { fsErrorText, parseArgs, q, quoteAlways, usageError, usageFailure } from './util.js';

const DEFAULT = '  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n';
const DEVICE = 'Device: %Hd,%Ld\tInode: %-10i  Links: %h\n';
const DEVICE_SPECIAL = 'Device: %Hd,%Ld\tInode: %-10i  Links: %-5h Device type: %Hr,%Lr\n';
const OWNERS = 'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n Birth: %w\n';
const TERSE = '%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n';
const FS_DEFAULT = '  File: "%n"\n    ID: %-8i Namelen: %-7l Type: %T\nBlock size: %-10s Fundamental block size: %S\nBlocks: Total: %-10b Free: %-10f Available: %a\nInodes: Total: %-10c Free: %d\n';
const FS_TERSE = '%n %i %l %t %s %S %b %f %a %c %d\n';

/** A directive: `%`, printf flags, width, precision, then the letter (stat.c's format_code_offset). */
const DIRECTIVE = /^%([-'+ #0I]*)(\d*)(?:\.(\d*))?/;


/** The ext4 root as statfs(2) tells it: df's figures (machine.ts, 1K blocks) in 4 KiB blocks; ext4's magic. */
interface FsInfo { blocks: number; free: number; avail: number; files: number; ffree: number }

/** printf's `\` escapes (--printf): octal, \xHH, the C letters; others warn. */
function escape(fmt: string, i: number, warn: (m: string) => void): [string, number] {
  const c = fmt[i + 1];
  if (c === undefined) {
    warn('warning: backslash at end of format');
    return ['\\', i];
  }
  const oct = /^[0-7]{1,3}/.exec(fmt.slice(i + 1));
  if (oct) return [String.fromCharCode(parseInt(oct[0], 8) & 0xff), i + oct[0].length];
  const hex = /^x([0-9a-fA-F]{1,2})/.exec(fmt.slice(i + 1));
  if (hex) return [String.fromCharCode(parseInt(hex[1], 16)), i + hex[0].length];
  const known: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };
  if (!(c in known)) warn(`warning: unrecognized escape '\\${c}'`);
  return [known[c] ?? c, i + 1];
}

/**
 * print_it: `format` with each directive replaced by `field(flags, width, prec, letter, modifier)`; throws the
 * invalid-directive message for `%5%`.
 */
type Field = (flags: string, width: number, prec: number | undefined, letter: string, mod: string, raw: { prec?: string; width: boolean }) => string;

function render(format: string, escapes: boolean, warn: (m: string) => void, field: Field): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '\\' && escapes) {
      const [text, at] = escape(format, i, warn);
      out += text;
      i = at;
      continue;
    }
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = DIRECTIVE.exec(format.slice(i))!;
    let letter = format[i + m[0].length] ?? '';
    const spec = format.slice(i, i + m[0].length);
    i += m[0].length;
    if (letter === '' || letter === '%') {
      if (m[0].length > 1) throw new Error(`${q(spec + letter)}: invalid directive`);
      if (letter === '') i--;
      out += '%';
      continue;
    }
    let mod = '';
    if ((letter === 'H' || letter === 'L') && (format[i + 1] === 'd' || format[i + 1] === 'r')) {
      mod = letter;
      letter = format[++i];
    }
    out += field(m[1], Number(m[2] || 0), m[3] === undefined ? undefined : Number(m[3] || 0), letter, mod, { prec: m[3], width: m[2] !== '' });
  }
  return out;
}

/**
 * out_epoch_sec: seconds since the Epoch, with `.N` digits of nanoseconds (9 for a bare `.`), the width shared out as
 * stat.c does: the seconds get what the point and digits leave, or, with `-`, the fraction is padded on its right
 * (whose printf("%-*.*d") of a negative width pads one space: `%12.2Y` of 10 digits ends in a space).
 */
function epoch(flags: string, width: number, precRaw: string | undefined, widthGiven: boolean, ms: number): string {
  const sec = Math.floor(ms / 1000);
  const plain = flags.replace(/[#]/g, '');
  if (precRaw === undefined) return cConvert(plain, width, undefined, 'd', sec);
  const precision = precRaw === '' ? 9 : Number(precRaw);
  let secFlags = plain;
  let secWidth = width;
  let w = 0;
  if (precision && widthGiven) {
    w = width;
    if (w > 1) {
      secWidth = 0;
      const wd = w - 1;
      if (wd > 1 && wd - precision > 1) {
        if (secFlags.includes('-')) secFlags = secFlags.replace(/-/g, '');
        else secWidth = wd - precision;
      }
    }
  }
  const whole = cConvert(secFlags, secWidth, undefined, 'd', sec);
  if (!precision) return whole;
  const prec = Math.min(precision, 9);
  const ilen = whole.length;
  const trailing = ilen < w && w - ilen > 1 ? w - ilen - 1 - prec : 0;
  const zeros = '0'.repeat(precision - prec);
  return `${whole}.${nanos(ms).slice(0, prec)}${zeros.padEnd(Math.abs(trailing))}`;
}

const makedev = ([major, minor]: [number, number]) => (major << 8) | minor;

/** print_stat: one directive of a file. */
function fileField(name: string, i: Inode, warn: (m: string) => void, quote: (s: string) => string) {
  return (flags: string, width: number, prec: number | undefined, letter: string, mod: string, raw: { prec?: string; width: boolean }): string => {
    const s = (v: string) => cConvert(flags, width, prec, 's', v);
    const u = (v: number) => cConvert(flags.replace(/[+ #]/g, ''), width, prec, 'd', v);
    const x = (v: number) => cConvert(flags.replace(/[+ ']/g, ''), width, prec, 'x', v);
    const epochOf = (ms: number) => epoch(flags, width, raw.prec, raw.width, ms);
    switch (letter) {
      case 'n': return s(name);
      case 'N': {
        if (i.type !== 'link') return s(quote(name));
        return `${s(quote(name))} -> ${s(quote(i.target ?? ''))}`;
      }
      case 'd': return u(mod === 'H' ? i.dev[0] : mod === 'L' ? i.dev[1] : makedev(i.dev));
      case 'D': return x(makedev(i.dev));
      case 'i': return u(i.ino);
      case 'a': return cConvert(flags.replace(/[+ ']/g, ''), width, prec, 'o', i.perm);
      case 'A': return s(modeString(i));
      case 'f': return x(rawMode(i));
      case 'F': return s(fileType(i));
      case 'h': return u(i.nlink);
      case 'u': return u(i.uid);
      case 'U': return s(i.user);
      case 'g': return u(i.gid);
      case 'G': return s(i.group);
      case 'm': return s(i.dev[0] === 8 ? '/' : i.dev[1] === 5 ? '/dev' : '/run');
      case 's': return u(i.size);
      case 'r': return u(mod === 'H' ? i.rdev[0] : mod === 'L' ? i.rdev[1] : makedev(i.rdev));
      case 'R': return x(makedev(i.rdev));
      case 't': return x(i.rdev[0]);
      case 'T': return x(i.rdev[1]);
      case 'B': return u(512);
      case 'b': return u(i.blocks);
      case 'o': return u(i.blksize);
      case 'w': return s(i.btimeMs === undefined ? '-' : humanTime(i.btimeMs));
      case 'W': return epochOf(i.btimeMs ?? 0);
      case 'x': return s(humanTime(i.atimeMs));
      case 'X': return epochOf(i.atimeMs);
      case 'y': return s(humanTime(i.mtimeMs));
      case 'Y': return epochOf(i.mtimeMs);
      case 'z': return s(humanTime(i.ctimeMs));
      case 'Z': return epochOf(i.ctimeMs);
      case 'C':
        warn(`failed to get security context of ${quoteAlways(name)}: No data available`);
        return s('?');
      default: return '?';
    }
  };
}

/** print_statfs: one directive of the file system. */
function fsField(name: string, f: FsInfo) {
  return (flags: string, width: number, prec: number | undefined, letter: string): string => {
    const s = (v: string) => cConvert(flags, width, prec, 's', v);
    const u = (v: number) => cConvert(flags.replace(/[+ #]/g, ''), width, prec, 'd', v);
    const x = (v: string) => cConvert(flags, width, prec, 's', v);
    switch (letter) {
      case 'n': return s(name);
      case 'i': return x(FSID);
      case 'l': return u(255);
      case 't': return x('ef53');
      case 'T': return s('ext2/ext3');
      case 'b': return u(f.blocks);
      case 'f': return u(f.free);
      case 'a': return u(f.avail);
      case 's': case 'S': return u(4096);
      case 'c': return u(f.files);
      case 'd': return u(f.ffree);
      default: return '?';
    }
  };
}

/** The root file system's id (f_fsid): ext4 folds the volume's UUID into it; this is the node image's. */
const FSID = '5a1d0c3b2e4f6a71';

export const stat: CommandSpec = {
  name: 'stat',
  summary: 'display file or file system status',
  run(ctx) {
    let a;
    try {
      a = parseArgs('stat', ctx.argv.slice(1), [
        { short: 'c', long: 'format', key: 'c', value: true }, { long: 'printf', key: 'printf', value: true },
        { short: 'L', long: 'dereference', key: 'L' }, { short: 'f', long: 'file-system', key: 'f' }, { short: 't', long: 'terse', key: 't' },
        { long: 'cached', key: 'cached', value: true }, { long: 'help', key: 'help' }, { long: 'version', key: 'version' },
      ]);
    } catch (e) {
      return usageFailure(ctx, 'stat', e);
    }
    if (a.flags.help) {
      ctx.stdout.write("Usage: stat [OPTION]... FILE...\nDisplay file or file system status.\n");
      return 0;
    }
    if (a.flags.version) {
      ctx.stdout.write('stat (GNU coreutils) 9.4\n');
      return 0;
    }
    if (a.flags.cached !== undefined && !['always', 'never', 'default'].includes(a.flags.cached as string)) {
      ctx.stderr.write(`stat: invalid argument ${q(a.flags.cached as string)} for ${q('--cached')}\nValid arguments are:\n  - ${q('default')}\n  - ${q('never')}\n  - ${q('always')}\nTry 'stat --help' for more information.\n`);
      return 1;
    }
    if (a.operands.length === 0) return usageError(ctx, 'stat', 'missing operand');
    // The last of -c and --printf wins: its format, escapes and trailing newline.
    const which = a.order.filter((k) => k === 'c' || k === 'printf').pop();
    const custom = which === undefined ? undefined : (a.flags[which] as string);
    const escapes = which === 'printf';
    const trailing = which === 'c' ? '\n' : '';
    const warn = (m: string) => ctx.stderr.write(`stat: ${m}\n`);
    let status = 0;
    for (const name of a.operands) {
      let text: string;
      try {
        if (a.flags.f) {
          const at = inodeOrError(ctx.fs, ctx.fs.resolve(ctx.cwd, name), true);
          if (at instanceof FsError) {
            warn(`cannot read file system information for ${quoteAlways(name)}: ${fsErrorText(at)}`);
            status = 1;
            continue;
          }
          const info = fsInfo(ctx);
          text = render(custom ?? (a.flags.t ? FS_TERSE : FS_DEFAULT), escapes, warn, fsField(name, info)) + trailing;
        } else {
          const i = inodeOrError(ctx.fs, ctx.fs.resolve(ctx.cwd, name), !!a.flags.L);
          if (i instanceof FsError) {
            warn(`cannot statx ${quoteAlways(name)}: ${fsErrorText(i)}`);
            status = 1;
            continue;
          }
          // The default format names the file as it is (quotearg's default style); %N in a format of one's own quotes it.
          const quote = custom === undefined ? (s: string) => s : quoteAlways;
          const format = custom ?? (a.flags.t ? TERSE : DEFAULT + (i.type === 'chr' ? DEVICE_SPECIAL : DEVICE) + OWNERS);
          text = render(format, escapes, warn, fileField(name, i, warn, quote)) + trailing;
        }
      } catch (e) {
        if (!(e instanceof Error) || !e.message.endsWith('invalid directive')) throw e;
        warn(e.message);
        return 1;
      }
      ctx.stdout.write(text);
    }
    return status;
  },
};

/** Inodes the OS image, containerd and the kubeadm packages take on the root disk. */
const USED_INODES = 78_419;

/**
 * statfs(2) of the root disk, from the node's mounts as df reports them (machine.ts): its 1K blocks in 4 KiB ones,
 * and mke2fs's one inode per 16 KiB.
 */
function fsInfo(ctx: ProcessContext): FsInfo {
  const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
  const root = h ? mounts(ctx.cluster, h).find((m) => m.target === '/') : undefined;
  const kib = root ?? { blocks: 61_202_244, used: 4_652_223, avail: 53_489_909 };
  const files = Math.floor(kib.blocks / 16);
  return { blocks: Math.floor(kib.blocks / 4), free: Math.floor((kib.blocks - kib.used) / 4), avail: Math.floor(kib.avail / 4), files, ffree: files - USED_INODES };
}
