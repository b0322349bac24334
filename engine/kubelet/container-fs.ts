/**
 * A container's files as the runtime and its volumes lay them out. Apart from the shell (shell.ts) because the
 * runtime makes them for every container, while the interpreter that reads them loads on first use.
 */

import { atomicWriterDir, fileModeString, type AtomicVolume } from './atomic-writer.js';

/**
 * A container's file map in which some files are made at their first read: a service-account token costs tens of
 * microseconds to sign, which every pod of a large cluster would pay at start though almost none is ever read.
 * Reads, listings and iteration see the made text; a write or delete replaces the maker.
 */
export class LazyFiles extends Map<string, string> {
  private pending?: Map<string, () => string>;

  setLazy(p: string, make: () => string): void {
    (this.pending ??= new Map()).set(p, make);
    Map.prototype.set.call(this, p, '');
  }

  private resolve(p: string): void {
    const make = this.pending?.get(p);
    if (!make) return;
    this.pending!.delete(p);
    Map.prototype.set.call(this, p, make());
  }

  private resolveAll(): void {
    if (this.pending?.size) for (const p of [...this.pending.keys()]) this.resolve(p);
  }

  override get(p: string): string | undefined {
    if (this.pending?.size) this.resolve(p);
    return super.get(p);
  }

  override set(p: string, content: string): this {
    this.pending?.delete(p);
    return super.set(p, content);
  }

  override delete(p: string): boolean {
    this.pending?.delete(p);
    return super.delete(p);
  }

  override entries(): MapIterator<[string, string]> {
    this.resolveAll();
    return super.entries();
  }

  override values(): MapIterator<string> {
    this.resolveAll();
    return super.values();
  }

  override forEach(fn: (value: string, key: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    this.resolveAll();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
}

/** An image's tree as a container's lower layer (images/rootfs.ts ImageTree). */
export interface ImageLower {
  files: ReadonlyMap<string, string>;
  dirs: ReadonlySet<string>;
  links: ReadonlyMap<string, string>;
  nodes: ReadonlyMap<string, { dir: boolean; mode: number; uid: number; gid: number; size: number; nlink: number; ino: number }>;
  /** A container's own maps over these (layered-fs.ts). */
  layer(): { files: Map<string, string>; dirs: Set<string>; links: Map<string, string> };
}

/** A file's text, or the maker of a text that is made at the first read (LazyFiles). */
export type FileContent = string | (() => string);

export class ContainerFS {
  readonly files: Map<string, string>;
  readonly dirs: Set<string>;
  /**
   * Symbolic links, by path: their targets, for `ls -l`. A link's own path also holds what it points to (a copy of
   * the file, or the directory with copies under it), so reads need no resolving; only volumes make links.
   */
  links?: Map<string, string>;
  /** Paths whose owner is not root:root (uid, gid): what a securityContext's process made, a volume fsGroup owns. */
  owners?: Map<string, [number, number]>;
  /** Directories whose mode, size and link count are not the image's usual ones (a volume's), for `ls -l`. */
  dirStats?: Map<string, { mode: string; size: number; nlink: number }>;
  /** Files whose mode is not -rw-r--r-- (a volume's defaultMode or item mode), for `ls -l`. */
  fileModes?: Map<string, string>;

  /** The image's tree under the container's files (images/rootfs.ts), when the image has one: its inodes, for `ls -l`. */
  declare readonly lower?: ImageLower;

  /**
   * `maps`: a container with volumes mounted gets maps that keep the paths under each mount in the volume (volumes.ts).
   * `lower`: the image's files, shared with its other containers, under this container's own.
   */
  constructor(initial: Record<string, FileContent> = {}, maps?: { files: Map<string, string>; dirs: Set<string>; hides(path: string): boolean }, lower?: ImageLower) {
    const layer = lower?.layer();
    this.files = maps?.files ?? layer?.files ?? new LazyFiles();
    this.dirs = maps?.dirs ?? layer?.dirs.add('/') ?? new Set(['/']);
    if (layer) {
      this.lower = lower;
      this.links = layer.links;
      // A volume's maps (volumes.ts) lay the image under them too.
      if (maps) {
        Object.assign(maps.files, { lower: lower!.files, hides: maps.hides });
        Object.assign(maps.dirs, { lower: lower!.dirs, hides: maps.hides });
      }
    }
    // What the runtime mounts in every container (and, without an image tree, a skeleton of the usual folders).
    for (const d of lower ? ['/dev', '/etc', '/proc', '/sys'] : ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/sys', '/tmp', '/usr', '/var', '/var/log']) this.mkdirp(d);
    // The image's files under a mount point are hidden by what is mounted there.
    for (const [p, c] of Object.entries(initial)) if (!maps?.hides(p)) this.put(p, c);
  }

  private put(p: string, c: FileContent): void {
    if (typeof c === 'string') this.write(p, c);
    else if (this.files instanceof LazyFiles) {
      this.mkdirp(p.slice(0, p.lastIndexOf('/')) || '/');
      this.files.setLazy(p, c);
    } else this.write(p, c());
  }

  /** A volume as the kubelet's AtomicWriter lays it out (atomic-writer.ts), its payload readable through every name. */
  atomicWrite(v: AtomicVolume): void {
    if (v.subPath !== undefined) {
      for (const [rel, c] of Object.entries(v.files)) {
        const at = rel === v.subPath ? v.dir : rel.startsWith(`${v.subPath}/`) ? v.dir + rel.slice(v.subPath.length) : undefined;
        const mode = v.modes?.[rel];
        if (at !== undefined) this.put(at, c);
        if (at !== undefined && mode !== undefined && mode !== 0o644) (this.fileModes ??= new Map()).set(at, fileModeString(mode));
      }
      return;
    }
    const dataDir = atomicWriterDir(v.writtenAt, v.seed);
    const data = `${v.dir}/${dataDir}`;
    const links = (this.links ??= new Map());
    const stats = (this.dirStats ??= new Map());
    this.mkdirp(data);
    this.mkdirp(`${v.dir}/..data`);
    links.set(`${v.dir}/..data`, dataDir);
    const top = new Set<string>();
    for (const [rel, c] of Object.entries(v.files)) {
      const mode = v.modes?.[rel];
      for (const base of [data, `${v.dir}/..data`, v.dir]) {
        this.put(`${base}/${rel}`, c);
        if (mode !== undefined && mode !== 0o644) (this.fileModes ??= new Map()).set(`${base}/${rel}`, fileModeString(mode));
      }
      top.add(rel.split('/')[0]);
    }
    for (const t of top) links.set(`${v.dir}/${t}`, `..data/${t}`);
    // tmpfs sizes a directory at 20 bytes an entry, "." and ".." included (shmem's BOGO_DIRENT_SIZE).
    const size = (entries: number) => (v.tmpfs ? 20 * (entries + 2) : 4096);
    stats.set(v.dir, { mode: v.tmpfs ? 'drwxrwxrwt' : 'drwxrwxrwx', size: size(top.size + 2), nlink: 3 });
    const subdirs = [...top].filter((t) => this.dirs.has(`${data}/${t}`)).length;
    // `..data/` is the same directory under its link's name.
    for (const d of [data, `${v.dir}/..data`]) stats.set(d, { mode: 'drwxr-xr-x', size: size(top.size), nlink: 2 + subdirs });
  }

  /** An updated payload: AtomicWriter swaps `..data` to a new timestamped directory and removes the old one's names. */
  rewriteAtomic(v: AtomicVolume): void {
    const under = (p: string) => p.startsWith(`${v.dir}/`);
    for (const p of [...this.files.keys()]) if (under(p)) this.files.delete(p);
    for (const d of [...this.dirs]) if (under(d)) this.dirs.delete(d);
    for (const m of [this.links, this.dirStats, this.fileModes]) for (const p of [...(m?.keys() ?? [])]) if (under(p)) m!.delete(p);
    this.atomicWrite(v);
  }

  static normalize(cwd: string, p: string): string {
    const parts = (p.startsWith('/') ? p : `${cwd}/${p}`).split('/');
    const out: string[] = [];
    for (const s of parts) {
      if (!s || s === '.') continue;
      if (s === '..') out.pop();
      else out.push(s);
    }
    return `/${out.join('/')}`;
  }

  mkdirp(path: string): void {
    let cur = '';
    for (const s of path.split('/').filter(Boolean)) {
      cur += `/${s}`;
      this.dirs.add(cur);
    }
  }

  write(path: string, content: string): void {
    const i = path.lastIndexOf('/');
    this.mkdirp(path.slice(0, i) || '/');
    this.files.set(path, content);
  }

  list(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs, ...(this.links?.keys() ?? [])]) {
      if (p !== dir && p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    }
    return [...names].filter(Boolean).sort();
  }
}
