/**
 * The learner's files: an in-memory tree. Paths are absolute and normalised by
 * `resolve`; failures throw FsError with the errno name so each command can
 * phrase it as coreutils does ("No such file or directory", "Is a directory").
 */
import type { FileStat, VirtualFileSystem } from './process.js';
import { utf8Length } from '../util/utf8.js';

export type Errno = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EEXIST' | 'ENOTEMPTY';

export const ERRNO_TEXT: Record<Errno, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
};

export class FsError extends Error {
  constructor(readonly code: Errno, readonly path: string) {
    super(ERRNO_TEXT[code]);
  }
}

/** Files larger than this are refused: a 100 MB heredoc must not fill the tab's memory. */
export const MAX_FILE_SIZE = 8 * 1024 * 1024;
export const FILE_TOO_LARGE = 'File too large';

interface Node {
  type: 'file' | 'dir';
  content: string;
  mtimeMs: number;
  children?: Set<string>;
  /** Permission bits and owner when not the learner's 0644/0755 (what kubeadm writes as root). */
  mode?: number;
  owner?: string;
}

/** Special files: writes vanish, reads are empty. */
const DEV_NULL = '/dev/null';

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

  constructor(private readonly now: () => number = () => 0) {
    this.nodes.set('/', { type: 'dir', content: '', mtimeMs: now(), children: new Set() });
    this.mkdir('/dev', true);
    this.nodes.set(DEV_NULL, { type: 'file', content: '', mtimeMs: now() });
    this.nodes.get('/dev')!.children!.add('null');
  }

  resolve(cwd: string, path: string): string {
    return normalizePath(path.startsWith('/') ? path : `${cwd}/${path}`);
  }

  /** Writes the pending files, once their code is there. */
  private settle(): void {
    const fill = this.pendingFill;
    this.pendingFill = undefined;
    if (fill && !fill(this)) this.pendingFill = fill;
  }

  stat(path: string): FileStat | undefined {
    this.settle();
    const n = this.nodes.get(normalizePath(path));
    if (!n) return undefined;
    return { type: n.type, size: n.type === 'file' ? utf8Length(n.content) : 4096, mtimeMs: n.mtimeMs, mode: n.mode, owner: n.owner };
  }

  /** chmod and chown at once, with the modification time (what a file kubeadm wrote shows). */
  setMeta(path: string, mode: number, owner: string, mtimeMs: number): void {
    const n = this.nodes.get(normalizePath(path));
    if (n) Object.assign(n, { mode, owner, mtimeMs });
  }

  readFile(path: string): string | undefined {
    this.settle();
    const p = normalizePath(path);
    const n = this.nodes.get(p);
    if (!n) return undefined;
    if (n.type === 'dir') throw new FsError('EISDIR', p);
    return n.content;
  }

  writeFile(path: string, content: string): void {
    this.put(normalizePath(path), content, false);
  }

  appendFile(path: string, content: string): void {
    this.put(normalizePath(path), content, true);
  }

  readDir(path: string): string[] | undefined {
    this.settle();
    const n = this.nodes.get(normalizePath(path));
    if (!n || n.type !== 'dir') return undefined;
    return [...n.children!].sort();
  }

  mkdir(path: string, recursive = false): void {
    this.settle();
    const p = normalizePath(path);
    const existing = this.nodes.get(p);
    if (existing) {
      if (recursive && existing.type === 'dir') return;
      throw new FsError('EEXIST', p);
    }
    const parent = dirname(p);
    let pn = this.nodes.get(parent);
    if (!pn) {
      if (!recursive) throw new FsError('ENOENT', p);
      this.mkdir(parent, true);
      pn = this.nodes.get(parent)!;
    }
    if (pn.type !== 'dir') throw new FsError('ENOTDIR', p);
    this.nodes.set(p, { type: 'dir', content: '', mtimeMs: this.now(), children: new Set() });
    pn.children!.add(basename(p));
  }

  remove(path: string, recursive = false): boolean {
    this.settle();
    const p = normalizePath(path);
    const n = this.nodes.get(p);
    if (!n || p === '/') return false;
    if (n.type === 'dir') {
      if (n.children!.size > 0 && !recursive) throw new FsError('ENOTEMPTY', p);
      for (const c of [...n.children!]) this.remove(`${p}/${c}`, true);
    }
    this.nodes.delete(p);
    this.nodes.get(dirname(p))?.children!.delete(basename(p));
    this.changed(p);
    return true;
  }

  /** Calls `fn` after each write or removal (the kubelet watches /etc/kubernetes/manifests this way). */
  onChange(fn: (path: string) => void): void {
    this.listeners.push(fn);
  }

  private changed(path: string): void {
    for (const l of this.listeners) l(path);
  }

  /** Sets a file's modification time (touch on an existing file). */
  touch(path: string): void {
    const p = normalizePath(path);
    const n = this.nodes.get(p);
    if (n) n.mtimeMs = this.now();
    else this.writeFile(p, '');
  }

  private put(p: string, content: string, append: boolean): void {
    this.settle();
    if (p === DEV_NULL) return;
    const n = this.nodes.get(p);
    if (n) {
      if (n.type === 'dir') throw new FsError('EISDIR', p);
      const next = append ? n.content + content : content;
      if (next.length > MAX_FILE_SIZE) throw new Error(FILE_TOO_LARGE);
      n.content = next;
      n.mtimeMs = this.now();
      this.changed(p);
      return;
    }
    const parent = this.nodes.get(dirname(p));
    if (!parent) throw new FsError('ENOENT', p);
    if (parent.type !== 'dir') throw new FsError('ENOTDIR', p);
    if (content.length > MAX_FILE_SIZE) throw new Error(FILE_TOO_LARGE);
    this.nodes.set(p, { type: 'file', content, mtimeMs: this.now() });
    parent.children!.add(basename(p));
    this.changed(p);
  }
}

