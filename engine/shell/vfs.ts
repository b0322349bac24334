/**
 * The learner's files: an in-memory tree. Paths are absolute and normalised by
 * `resolve`; failures throw FsError with the errno name so each command can
 * phrase it as coreutils does ("No such file or directory", "Is a directory").
 */
import type { FileStat, VirtualFileSystem } from './process.js';
import { utf8Length } from '../util/utf8.js';
import { groupsOf } from './accounts.js';
import { standInSize } from './binary.js';

export type Errno = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EEXIST' | 'ENOTEMPTY' | 'EACCES' | 'EPERM' | 'ELOOP' | 'EINVAL';

export const ERRNO_TEXT: Record<Errno, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ELOOP: 'Too many levels of symbolic links',
  EINVAL: 'Invalid argument',
};

export class FsError extends Error {
  constructor(readonly code: Errno, readonly path: string) {
    super(ERRNO_TEXT[code]);
  }
}

/** Files larger than this are refused: a 100 MB heredoc must not fill the tab's memory. */
export const MAX_FILE_SIZE = 8 * 1024 * 1024;
export const FILE_TOO_LARGE = 'File too large';

export interface Node {
  type: 'file' | 'dir' | 'link';
  /** A file's text; a symbolic link's target. */
  content: string;
  mtimeMs: number;
  children?: Set<string>;
  /** Permission bits when not 0644/0755, owner and group when not root. */
  mode?: number;
  owner?: string;
  group?: string;
  /** Names of a file with hard links (ln): the one node is entered under each. */
  nlink?: number;
  /**
   * The inode's number, given in creation order after ext4's reserved ones (lost+found is 11); its birth, last
   * read (relatime; unset: never read since written, so its modification time) and last change of owner, mode or
   * links (the later of this and the modification time is ctime): what stat and find show.
   */
  ino?: number;
  btimeMs?: number;
  atimeMs?: number;
  ctimeMs?: number;
}

/** The links one lookup follows before ELOOP (the kernel's MAXSYMLINKS). */
const MAX_LINKS = 40;

/** Special files: writes vanish, reads are empty. */
const DEV_NULL = '/dev/null';

/** The files as the machine itself sees them (what /proc shows everyone, the shell's own /dev/fd): no view's checks. */
export function machineFiles(fs: VirtualFileSystem): VirtualFileSystem {
  return (fs as Partial<MemoryFileSystem>).base ?? fs;
}

export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return '/' + parts.join('/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || '/';
}

export class MemoryFileSystem implements VirtualFileSystem {
  private readonly nodes = new Map<string, Node>();
  private readonly listeners: ((path: string) => void)[] = [];
  /**
   * Files written on first touch, by code that loads lazily (the node's kubeadm files, node-files.ts): called before
   * any access, it writes them and answers true, or false while its code is not loaded (the shell loads it first).
   */
  pendingFill: ((fs: MemoryFileSystem) => boolean) | undefined;
  /**
   * Files another part of the machine keeps (the kubelet's and containerd's /var/log/pods and /var/log/containers,
   * pod-log-files.ts): brought up to date before each lookup of a path, which it is told.
   */
  refresh: ((path: string) => void) | undefined;
  /**
   * Whom the permission checks are for, in a view made by `as` (the learner's shell, `sudo`'s root); unset, the
   * machine itself (its setup, the kubelet), which nothing stops and whose new files take their folder's owner.
   */
  user: string | undefined;
  /** The filesystem the views share. */
  readonly base: MemoryFileSystem = this;
  /**
   * The view's umask: new files get 0666, folders 0777, less these bits. Ubuntu's pam_umask (login.defs UMASK 022,
   * USERGROUPS_ENAB yes) gives a user whose primary group bears its name 002; root, and sudo (sudoers' 0022), 022.
   */
  umask = 0o022;
  /** The last inode number given (vfs Node.ino). */
  private inodes = 11;

  constructor(private readonly now: () => number = () => 0) {
    this.nodes.set('/', { type: 'dir', content: '', mtimeMs: now(), children: new Set(), ino: 2 });
    this.mkdir('/dev', true);
    this.nodes.set(DEV_NULL, { type: 'file', content: '', mtimeMs: now(), mode: 0o666 });
    this.nodes.get('/dev')!.children!.add('null');
  }

  resolve(cwd: string, path: string): string {
    return normalizePath(path.startsWith('/') ? path : `${cwd}/${path}`);
  }

  /** The same files as `user` sees them: the kernel's checks apply to every call (root passes them all). */
  as(user: string): MemoryFileSystem {
    const view = Object.create(this.base) as MemoryFileSystem;
    view.user = user;
    if (user !== 'root') view.umask = 0o002;
    return view;
  }

  /** Writes the pending files, once their code is there. */
  private settle(): void {
    const base = this.base;
    const fill = base.pendingFill;
    base.pendingFill = undefined;
    if (fill && !fill(base)) base.pendingFill = fill;
  }

  /** Whether the user may `want` (4 read, 2 write, 1 execute or search) on `n`: owner, group, then other bits. */
  private may(n: Node, want: number): boolean {
    const u = this.user;
    if (!u || u === 'root') return true;
    const owner = n.owner ?? 'root';
    const shift = owner === u ? 6 : groupsOf(u).includes(n.group ?? owner) ? 3 : 0;
    return ((n.mode ?? (n.type === 'dir' ? 0o755 : 0o644)) >> shift & want) === want;
  }

  /**
   * Path lookup: where `p` is once its symbolic links are followed (the last component's only when `follow`), each
   * folder on the way searched by the user (EACCES otherwise); undefined when a folder on the way is missing. A link
   * resolves from its own folder, `..` from where the walk is; more than 40 links is ELOOP.
   */
  private walk(p: string, follow = true): string | undefined {
    this.settle();
    this.base.refresh?.(p);
    let at = '';
    let d = this.nodes.get('/');
    for (let hops = 0, rest = p; rest !== '';) {
      const i = rest.indexOf('/');
      const c = i < 0 ? rest : rest.slice(0, i);
      rest = i < 0 ? '' : rest.slice(i + 1);
      if (c === '' || c === '.') continue;
      if (c === '..') {
        d = this.nodes.get((at = at.slice(0, at.lastIndexOf('/'))) || '/');
        continue;
      }
      if (d?.type !== 'dir') return undefined;
      if (this.user && !this.may(d, 1)) throw new FsError('EACCES', p);
      const n = this.nodes.get(at += `/${c}`);
      if (n?.type === 'link' && (follow || rest !== '')) {
        if (++hops > MAX_LINKS) throw new FsError('ELOOP', p);
        rest = `${n.content}/${rest}`;
        d = this.nodes.get((at = n.content.startsWith('/') ? '' : at.slice(0, at.lastIndexOf('/'))) || '/');
      } else d = n;
    }
    return at || '/';
  }

  /** The node at `p` (following its links, or not its last one) once every folder above it let the user search it. */
  private find(p: string, follow = true): Node | undefined {
    const r = this.walk(p, follow);
    return r === undefined ? undefined : this.nodes.get(r);
  }

  /** `find`, then `want` on what it found (which must exist). */
  private open(p: string, want: number): Node | undefined {
    const n = this.find(p);
    if (n && !this.may(n, want)) throw new FsError('EACCES', p);
    return n;
  }

  /** access(2): whether `path` exists and the user may `want` on it (test -r, -w, -x). */
  access(path: string, want: number): boolean {
    try {
      return !!this.open(normalizePath(path), want);
    } catch {
      return false;
    }
  }

  stat(path: string, follow = true): FileStat | undefined {
    const n = this.find(normalizePath(path), follow);
    if (!n) return undefined;
    const link = n.type === 'link';
    const st: FileStat = { type: n.type, size: n.type === 'dir' ? 4096 : standInSize(n.content) ?? utf8Length(n.content), mtimeMs: n.mtimeMs, mode: link ? 0o777 : n.mode, owner: n.owner ?? 'root', group: n.group ?? n.owner ?? 'root' };
    if (link) st.target = n.content;
    if (n.nlink) st.nlink = n.nlink;
    const { ino, btimeMs, atimeMs, ctimeMs } = n;
    return Object.assign(st, { ino, btimeMs, atimeMs, ctimeMs });
  }

  /** lstat(2): a symbolic link itself (mode 0777, its target's length as size). */
  lstat(path: string): FileStat | undefined {
    return this.stat(path, false);
  }

  /** readlink(2): a link's target; EINVAL when `path` is not a link. */
  readlink(path: string): string {
    const p = normalizePath(path);
    const n = this.find(p, false);
    if (n?.type !== 'link') throw new FsError(n ? 'EINVAL' : 'ENOENT', p);
    return n.content;
  }

  /** Where `path` is with every link followed (realpath(3) of what exists), or undefined. */
  realpath(path: string): string | undefined {
    const r = this.walk(normalizePath(path));
    return r !== undefined && this.nodes.has(r) ? r : undefined;
  }

  /** symlink(2): a link at `path` to `target`, which need not exist (EEXIST when `path` does, even as a dangling link). */
  symlink(target: string, path: string): void {
    if (target === '') throw new FsError('ENOENT', path);
    this.create(normalizePath(path), { type: 'link', content: target, mtimeMs: this.now() }, true);
  }

  /** link(2): `path` names the node `existing` names (not following a last link: a link to the link); no folders (EPERM). */
  link(existing: string, path: string): void {
    const n = this.find(normalizePath(existing), false);
    if (!n) throw new FsError('ENOENT', normalizePath(existing));
    if (n.type === 'dir') throw new FsError('EPERM', normalizePath(existing));
    this.create(normalizePath(path), n, false);
    n.nlink = (n.nlink ?? 1) + 1;
    n.ctimeMs = this.now();
  }

  /** Enters `n` at `p`, which must not exist (not following a last link), in a folder the user may write. */
  private create(p: string, n: Node, own: boolean): void {
    const r = this.walk(p, false);
    const parent = r === undefined ? undefined : this.nodes.get(dirname(r));
    if (!parent) throw new FsError('ENOENT', p);
    if (this.nodes.has(r!)) throw new FsError('EEXIST', p);
    this.enter(r!, parent, n, own);
    this.changed(r!);
  }

  /** @internal The node at `path` itself (no link followed, no check): for the machine's own files (pod-log-files.ts). */
  entry(path: string): Node | undefined {
    return this.nodes.get(normalizePath(path));
  }

  /** chmod and chown at once, with the modification time (what a file kubeadm wrote shows). */
  setMeta(path: string, mode: number, owner: string, mtimeMs: number): void {
    const n = this.nodes.get(normalizePath(path));
    if (n) Object.assign(n, { mode, owner, group: owner, mtimeMs, btimeMs: mtimeMs });
  }

  /**
   * chmod(2) and chown(2): only the owner may change the mode or give the file to one of its own groups; only
   * root may give it away (EPERM). The caller has found the file.
   */
  chmod(path: string, meta: { mode?: number; owner?: string; group?: string }): void {
    const p = normalizePath(path);
    const n = this.find(p);
    if (!n) throw new FsError('ENOENT', p);
    const u = this.user;
    if (u && u !== 'root' && ((n.owner ?? 'root') !== u || (meta.owner ?? u) !== u || (meta.group && !groupsOf(u).includes(meta.group)))) throw new FsError('EPERM', p);
    for (const [k, v] of Object.entries(meta)) if (v !== undefined) Object.assign(n, { [k]: v });
    n.ctimeMs = this.now();
  }

  readFile(path: string): string | undefined {
    const p = normalizePath(path);
    const n = this.find(p);
    if (!n) return undefined;
    if (n.type === 'dir') throw new FsError('EISDIR', p);
    if (!this.may(n, 4)) throw new FsError('EACCES', p);
    this.accessed(n);
    return n.content;
  }

  writeFile(path: string, content: string): void {
    this.put(normalizePath(path), content, false);
  }

  appendFile(path: string, content: string): void {
    this.put(normalizePath(path), content, true);
  }

  readDir(path: string): string[] | undefined {
    const p = normalizePath(path);
    const n = this.find(p);
    if (!n || n.type !== 'dir') return undefined;
    if (!this.may(n, 4)) throw new FsError('EACCES', p);
    this.accessed(n);
    return [...n.children!].sort();
  }

  /** A read under Ubuntu's relatime: the access time moves when it is not after the last change, or is a day old. */
  private accessed(n: Node): void {
    const t = this.now();
    const a = n.atimeMs ?? n.mtimeMs;
    if (a <= Math.max(n.mtimeMs, n.ctimeMs ?? 0) || t - a >= 864e5) n.atimeMs = t;
  }

  mkdir(path: string, recursive = false): void {
    const p = normalizePath(path);
    if (this.find(p, false)) {
      // mkdir -p accepts a folder, or a link to one.
      if (recursive && this.find(p)?.type === 'dir') return;
      throw new FsError('EEXIST', p);
    }
    const parent = dirname(p);
    let pr = this.walk(parent);
    if (pr === undefined || !this.nodes.has(pr)) {
      if (!recursive) throw new FsError('ENOENT', p);
      this.mkdir(parent, true);
      pr = this.walk(parent)!;
    }
    this.enter(`${pr === '/' ? '' : pr}/${basename(p)}`, this.nodes.get(pr)!, { type: 'dir', content: '', mtimeMs: this.now(), children: new Set() });
  }

  /** Enters a node in its folder, which the user must be able to write (EACCES); a new one (`own`) belongs to the user. */
  private enter(p: string, parent: Node, n: Node, own = true): void {
    if (parent.type !== 'dir') throw new FsError('ENOTDIR', p);
    if (!this.may(parent, 3)) throw new FsError('EACCES', p);
    const owner = this.user ?? parent.owner;
    if (own && owner && owner !== 'root') Object.assign(n, { owner, group: this.user ? groupsOf(owner)[0] : parent.group });
    // A new file or folder (not a link, whose mode is always 0777): 0666 or 0777 less the user's umask, as open(2) and mkdir(2).
    if (own && this.user && n.type !== 'link') n.mode ??= (n.type === 'dir' ? 0o777 : 0o666) & ~this.umask;
    n.ino ??= ++this.base.inodes;
    n.btimeMs ??= n.mtimeMs;
    this.nodes.set(p, n);
    parent.children!.add(basename(p));
  }

  /** Taking `p` out of its folder: write on the folder, and with the sticky bit (/tmp) own the file or the folder (EPERM). */
  private unlinkable(p: string, n: Node): void {
    const d = this.nodes.get(dirname(p))!;
    if (!this.may(d, 3)) throw new FsError('EACCES', p);
    const u = this.user;
    if (u && u !== 'root' && (d.mode ?? 0) & 0o1000 && (n.owner ?? 'root') !== u && (d.owner ?? 'root') !== u) throw new FsError('EPERM', p);
  }

  /** unlink(2) or rmdir(2): a link itself, not what it names; a hard-linked file loses one of its names. */
  remove(path: string, recursive = false): boolean {
    const p = this.walk(normalizePath(path), false);
    const n = p === undefined ? undefined : this.nodes.get(p);
    if (!n || p === '/') return false;
    this.unlinkable(p!, n);
    if (n.type === 'dir') {
      if (n.children!.size > 0 && !recursive) throw new FsError('ENOTEMPTY', p!);
      for (const c of [...n.children!]) this.remove(`${p}/${c}`, true);
    }
    if (n.nlink) n.nlink--;
    this.nodes.delete(p!);
    this.nodes.get(dirname(p!))?.children!.delete(basename(p!));
    this.changed(p!);
    return true;
  }

  /** rename(2): `from` keeps its owner and mode; `to`, when a file, is replaced. Both folders must be writable. */
  rename(from: string, to: string): void {
    const src = this.walk(normalizePath(from), false) ?? normalizePath(from);
    const n = this.nodes.get(src);
    if (!n) throw new FsError('ENOENT', src);
    this.unlinkable(src, n);
    const dst = this.walk(normalizePath(to), false) ?? normalizePath(to);
    if (dst === src || dst.startsWith(`${src}/`)) return;
    const old = this.nodes.get(dst);
    // Two names of one file (ln): rename(2) does nothing.
    if (old === n) return;
    if (old) {
      if (old.type === 'dir') throw new FsError('EISDIR', dst);
      this.unlinkable(dst, old);
    }
    const parent = this.nodes.get(dirname(dst));
    if (parent?.type !== 'dir') throw new FsError('ENOENT', dst);
    if (!this.may(parent, 3)) throw new FsError('EACCES', dst);
    if (old) this.base.remove(dst);
    const moved = [...this.nodes].filter(([k]) => k === src || k.startsWith(`${src}/`));
    for (const [k] of moved) {
      this.nodes.delete(k);
      this.changed(k);
    }
    this.nodes.get(dirname(src))!.children!.delete(basename(src));
    for (const [k, v] of moved) {
      const p = dst + k.slice(src.length);
      this.nodes.set(p, v);
      this.nodes.get(dirname(p))!.children!.add(basename(p));
      this.changed(p);
    }
  }

  /** Calls `fn` after each write or removal (the kubelet watches /etc/kubernetes/manifests this way). */
  onChange(fn: (path: string) => void): void {
    this.listeners.push(fn);
  }

  private changed(path: string): void {
    for (const l of this.listeners) l(path);
  }

  /** Sets a file's modification time (touch on an existing file, which the user must be able to write). */
  touch(path: string): void {
    const p = normalizePath(path);
    const n = this.open(p, 2);
    if (n) n.mtimeMs = this.now();
    else this.writeFile(p, '');
  }

  private put(path: string, content: string, append: boolean): void {
    // Writing through a link writes its target, made if missing (open(2) with O_CREAT follows links).
    const p = this.walk(path) ?? path;
    if (p === DEV_NULL) return;
    const n = this.nodes.get(p);
    if (n) {
      if (n.type === 'dir') throw new FsError('EISDIR', p);
      if (!this.may(n, 2)) throw new FsError('EACCES', p);
      const next = append ? n.content + content : content;
      if (next.length > MAX_FILE_SIZE) throw new Error(FILE_TOO_LARGE);
      // The access time stays what it was: the creation's, or the last read's.
      n.atimeMs ??= n.mtimeMs;
      n.content = next;
      n.mtimeMs = this.now();
      this.changed(p);
      return;
    }
    const parent = this.nodes.get(dirname(p));
    if (!parent) throw new FsError('ENOENT', p);
    if (content.length > MAX_FILE_SIZE) throw new Error(FILE_TOO_LARGE);
    this.enter(p, parent, { type: 'file', content, mtimeMs: this.now() });
    this.changed(p);
  }
}

