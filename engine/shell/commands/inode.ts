/**
 * What stat(2)/statx(2) tell of a node's file, for stat and find (both load on first use): the vfs's own fields
 * (vfs.ts: type, mode, owner, size, inode number, times) with what the kernel adds to them on an ext4 root disk of
 * 4 KiB blocks: the device (/dev/sda1, 8:1; /dev is devtmpfs and /run tmpfs, as `df` lists them), block counts
 * (a file takes whole 4 KiB blocks; a folder one; a link's target fits in the inode), a folder's links (2 and one per
 * subfolder, as `ls -l` counts them), the owner's and group's numbers (accounts.ts), and /dev/null, a character device.
 */
import type { FileStat, VirtualFileSystem } from '../process.js';
import { FsError, machineFiles } from '../vfs.js';
import { lstatOf } from './util.js';
import { GROUPS, USERS } from './perms.js';

export interface Inode {
  type: 'file' | 'dir' | 'link' | 'chr';
  /** Permission bits with setuid, setgid and sticky (07777). */
  perm: number;
  size: number;
  /** 512-byte blocks, and the I/O size st_blksize hints. */
  blocks: number;
  blksize: number;
  ino: number;
  nlink: number;
  user: string;
  group: string;
  uid: number;
  gid: number;
  /** st_dev and, for a device, st_rdev as [major, minor]. */
  dev: [number, number];
  rdev: [number, number];
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Unknown (procfs keeps none): undefined. */
  btimeMs?: number;
  target?: string;
}


/** A name the files keep as a number (chown 1234) is that number; an unknown name would be nobody's. */
const idOf = (table: Record<string, number>, name: string) => (Object.prototype.hasOwnProperty.call(table, name) ? table[name] : /^\d+$/.test(name) ? Number(name) : 65534);

const under = (abs: string, dir: string) => abs === dir || abs.startsWith(`${dir}/`);

/** The mount a path is on: [major, minor] of its device. */
function device(abs: string): [number, number] {
  if (under(abs, '/dev')) return [0, 5];
  if (under(abs, '/run')) return [0, 25];
  if (under(abs, '/proc')) return [0, 22];
  return [8, 1];
}

/** A file the vfs numbers no inode of (/proc's, laid over the node's files by the node tools): procfs's numbers start at 0xF0000000. */
function pseudoInode(abs: string): number {
  let h = 0;
  for (const c of abs) h = (h * 31 + c.charCodeAt(0)) % 4096;
  return 4_026_531_840 + h;
}

/** /dev/null's inode on devtmpfs. */
const DEV_NULL_INO = 5;

/**
 * stat(2) (`follow`) or lstat(2) of `abs` as `fs`'s user may: undefined when missing, FsError thrown as the vfs
 * throws it (EACCES for a folder on the way the user may not search, ELOOP).
 */
export function inodeOf(fs: VirtualFileSystem, abs: string, follow: boolean): Inode | undefined {
  const st: FileStat | undefined = follow ? fs.stat(abs) : lstatOf(fs, abs);
  if (!st) return undefined;
  const user = st.owner ?? 'root';
  const group = st.group ?? user;
  const base = {
    size: st.size, user, group, uid: idOf(USERS, user), gid: idOf(GROUPS, group), dev: device(abs), rdev: [0, 0] as [number, number],
    mtimeMs: st.mtimeMs, atimeMs: st.atimeMs ?? st.mtimeMs, ctimeMs: Math.max(st.mtimeMs, st.ctimeMs ?? 0), btimeMs: under(abs, '/proc') ? undefined : st.btimeMs ?? st.mtimeMs,
    ino: st.ino ?? pseudoInode(abs), nlink: st.nlink ?? 1, target: st.target, blksize: under(abs, '/proc') ? 1024 : 4096,
  };
  if (abs === '/dev/null' && st.type === 'file') {
    return { ...base, type: 'chr', perm: 0o666, size: 0, blocks: 0, ino: DEV_NULL_INO, rdev: [1, 3] };
  }
  if (st.type === 'dir') return { ...base, type: 'dir', perm: st.mode ?? 0o755, blocks: 8, nlink: folderLinks(fs, abs) };
  if (st.type === 'link') return { ...base, type: 'link', perm: 0o777, blocks: 0 };
  return { ...base, type: 'file', perm: st.mode ?? 0o644, blocks: Math.ceil(st.size / 4096) * 8 };
}

/**
 * A folder's links: its name, its `.` and each subfolder's `..`, which stat(2) tells whoever may not list it (the
 * machine's view). A link to a folder is no subfolder (lstat: a link that loops does not fail the count).
 */
export function folderLinks(fs: VirtualFileSystem, abs: string): number {
  const files = machineFiles(fs);
  let subdirs = 0;
  for (const c of files.readDir(abs) ?? []) if (lstatOf(files, `${abs === '/' ? '' : abs}/${c}`)?.type === 'dir') subdirs++;
  return 2 + subdirs;
}

/** inodeOf, with what it threw or a missing file as an FsError. */
export function inodeOrError(fs: VirtualFileSystem, abs: string, follow: boolean): Inode | FsError {
  try {
    return inodeOf(fs, abs, follow) ?? new FsError('ENOENT', abs);
  } catch (e) {
    if (e instanceof FsError) return e;
    throw e;
  }
}

/** The type bits of st_mode (S_IFREG …). */
const TYPE_BITS: Record<Inode['type'], number> = { file: 0o100000, dir: 0o40000, link: 0o120000, chr: 0o20000 };

/** st_mode: type and permission bits. */
export const rawMode = (i: Inode) => TYPE_BITS[i.type] | i.perm;

/** strmode's ten characters: `drwxr-xr-x`, `crw-rw-rw-`, setuid/setgid/sticky as s/S and t/T. */
export function modeString(i: Inode): string {
  const m = i.perm;
  const bits = Array.from({ length: 9 }, (_, k) => ((m >> (8 - k)) & 1 ? 'rwx'[k % 3] : '-'));
  const special = (at: number, bit: number, on: string) => {
    if (m & bit) bits[at] = bits[at] === 'x' ? on : on.toUpperCase();
  };
  special(2, 0o4000, 's');
  special(5, 0o2000, 's');
  special(8, 0o1000, 't');
  return { file: '-', dir: 'd', link: 'l', chr: 'c' }[i.type] + bits.join('');
}

/** gnulib's file_type: what `stat` says a file is. */
export function fileType(i: Inode): string {
  switch (i.type) {
    case 'file': return i.size === 0 ? 'regular empty file' : 'regular file';
    case 'dir': return 'directory';
    case 'link': return 'symbolic link';
    default: return 'character special file';
  }
}

/**
 * One printf conversion as glibc does it for stat's and find's directives: `s` (precision cuts), `d`/`u` (`+`, ` `,
 * `0`), `o` and `x` (`#` adds 0 or 0x), each padded to `width` (`-`: on the right).
 */
export function cConvert(flags: string, width: number, prec: number | undefined, conv: 's' | 'd' | 'o' | 'x', value: string | number): string {
  let s: string;
  let sign = '';
  if (conv === 's') s = prec === undefined ? String(value) : String(value).slice(0, prec);
  else {
    const n = Number(value);
    s = Math.abs(n).toString(conv === 'o' ? 8 : conv === 'x' ? 16 : 10);
    if (prec !== undefined) s = s.padStart(prec, '0');
    if (flags.includes('#') && conv === 'o' && !s.startsWith('0')) s = `0${s}`;
    if (flags.includes('#') && conv === 'x' && n !== 0) sign = '0x';
    if (conv === 'd') sign = n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    if (flags.includes('0') && !flags.includes('-') && prec === undefined) s = s.padStart(width - sign.length, '0');
  }
  s = sign + s;
  return flags.includes('-') ? s.padEnd(width) : s.padStart(width);
}

/** `YYYY-MM-DD HH:MM:SS.NNNNNNNNN +0000`: the node's clock is UTC; the virtual clock counts milliseconds. */
export function humanTime(ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${nanos(ms)} +0000`;
}

/** The nine digits of nanoseconds in an instant the virtual clock gives in milliseconds. */
export const nanos = (ms: number) => `${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}000000`;
