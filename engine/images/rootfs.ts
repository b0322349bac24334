/**
 * Images' file trees: each image names its base (a Debian, Ubuntu or busybox root filesystem) and the layers its
 * Dockerfile adds (catalogue's `rootfs`), as data in rootfs/*.json, loaded with the image's pull. The lists come
 * from the real packages (dpkg's file lists of the .deb files a slim image holds, with its path excludes and
 * merged /usr; busybox's applet table under docker-library/busybox's build); see each file's notes in
 * rootfs/README.md.
 *
 * A tree is parsed once per image and shared, read-only, by all of its containers: it is the lower layer of a
 * container's files (layered-fs.ts), as overlayfs stacks a container's writes on its image.
 *
 * The text of a tree: a line per directory, `/path[ mode][ uid:gid]`, followed by the names in it: a file
 * `name size[ mode][ uid:gid]` (mode 644 unless given, octal), a symbolic link `name>target`, a hard link
 * `name=/path` (the same inode as that file: busybox's applets).
 */
import type { ImageInfo } from './catalogue.js';
import { LayeredFiles, LayeredSet } from '../kubelet/layered-fs.js';

/** One inode of an image's tree. */
export interface TreeNode {
  dir: boolean;
  /** Permission bits with setuid, setgid and sticky (0o4755). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Names that share this inode (hard links). */
  nlink: number;
  /** Its inode number, in the order the tree lists it. */
  ino: number;
}

/** An image's files as a container's lower layer: what ContainerFS reads through. */
export interface ImageTree {
  /** Every file's path (also under a directory link's name: /bin/ls as /usr/bin/ls) to its text. */
  files: Map<string, string>;
  dirs: Set<string>;
  /** Symbolic links: path to target. */
  links: Map<string, string>;
  /** Files and directories to their inode. */
  nodes: Map<string, TreeNode>;
  /** A container's own maps over these. */
  layer(): { files: Map<string, string>; dirs: Set<string>; links: Map<string, string> };
}

interface TreeData { tree: string; texts?: Record<string, string> }

const LOADERS: Record<string, () => Promise<{ default: TreeData }>> = {
  'debian-trixie-slim': () => import('./rootfs/debian-trixie-slim.json') as Promise<{ default: TreeData }>,
  'debian-bookworm-slim': () => import('./rootfs/debian-bookworm-slim.json') as Promise<{ default: TreeData }>,
  'debian-trixie': () => import('./rootfs/debian-trixie.json') as Promise<{ default: TreeData }>,
  'debian-bookworm': () => import('./rootfs/debian-bookworm.json') as Promise<{ default: TreeData }>,
  'ubuntu-noble': () => import('./rootfs/ubuntu-noble.json') as Promise<{ default: TreeData }>,
  'busybox-glibc': () => import('./rootfs/busybox-glibc.json') as Promise<{ default: TreeData }>,
  'nginx-trixie': () => import('./rootfs/nginx-trixie.json') as Promise<{ default: TreeData }>,
  'nginx-bookworm': () => import('./rootfs/nginx-bookworm.json') as Promise<{ default: TreeData }>,
  'debian-bullseye-slim': () => import('./rootfs/debian-bullseye-slim.json') as Promise<{ default: TreeData }>,
  'nginx-bullseye': () => import('./rootfs/nginx-bullseye.json') as Promise<{ default: TreeData }>,
  'nginx-entrypoint-75d5e98': () => import('./rootfs/nginx-entrypoint-75d5e98.json') as Promise<{ default: TreeData }>,
  'nginx-entrypoint-cffeb93': () => import('./rootfs/nginx-entrypoint-cffeb93.json') as Promise<{ default: TreeData }>,
  'nginx-entrypoint-e4d5453': () => import('./rootfs/nginx-entrypoint-e4d5453.json') as Promise<{ default: TreeData }>,
  'ubuntu-jammy': () => import('./rootfs/ubuntu-jammy.json') as Promise<{ default: TreeData }>,
  'redis-bookworm': () => import('./rootfs/redis-bookworm.json') as Promise<{ default: TreeData }>,
  'redis-bullseye': () => import('./rootfs/redis-bullseye.json') as Promise<{ default: TreeData }>,
  'httpd-trixie': () => import('./rootfs/httpd-trixie.json') as Promise<{ default: TreeData }>,
};

const data = new Map<string, TreeData>();
const loading = new Map<string, Promise<unknown>>();

/** The names of trees this module has (a catalogue entry naming another one runs without a tree). */
export const treeNames = (): string[] => Object.keys(LOADERS);

/** Loads the trees `image` is made of: undefined when they are in (or it has none), else the promise of them. */
export function loadTrees(image: Pick<ImageInfo, 'rootfs'>): Promise<unknown> | undefined {
  const wanted = (image.rootfs ?? []).filter((n) => LOADERS[n] && !data.has(n));
  if (!wanted.length) return undefined;
  return Promise.all(wanted.map((n) => {
    let p = loading.get(n);
    if (!p) {
      p = LOADERS[n]().then((m) => { data.set(n, m.default); }).finally(() => loading.delete(n));
      loading.set(n, p);
    }
    return p;
  }));
}

/** Every tree (what a clock jump that does not wait for a pull's load, and the tests, load first). */
export const loadAllTrees = (): Promise<unknown> => loadTrees({ rootfs: Object.keys(LOADERS) }) ?? Promise.resolve();
export const allTreesLoaded = (): boolean => Object.keys(LOADERS).every((n) => data.has(n));

const built = new WeakMap<ImageInfo, ImageTree>();

/** The image's tree, parsed once and shared; undefined without one or before its data loaded. */
export function treeOf(image: ImageInfo): ImageTree | undefined {
  const names = image.rootfs;
  if (!names?.length || !names.every((n) => data.has(n))) return undefined;
  let t = built.get(image);
  if (!t) built.set(image, (t = compose(names.map((n) => data.get(n)!))));
  return t;
}

/** An ELF executable's first bytes: what `cat` and `head` show of a binary (the node's stand-ins begin so too). */
const ELF = '\u007fELF\u0002\u0001\u0001\u0000';

interface Entry { node: TreeNode; target?: string; hard?: string }

/** The layers one over the other (a later layer's entry replaces an earlier one's), then every name resolved. */
function compose(layers: TreeData[]): ImageTree {
  const entries = new Map<string, Entry>();
  const texts = new Map<string, string>();
  let ino = 1;
  for (const layer of layers) {
    let dir = '/';
    for (const line of layer.tree.split('\n')) {
      if (!line) continue;
      if (line[0] === '/') {
        const [p, ...rest] = line.split(' ');
        dir = p;
        const { mode, uid, gid } = attributes(rest, 0o755);
        if (p !== '/' || !entries.has('/')) entries.set(p, { node: { dir: true, mode, uid, gid, size: 4096, nlink: 2, ino: ino++ } });
        continue;
      }
      const at = (name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
      const link = line.indexOf('>');
      const hard = line.indexOf('=');
      if (link > 0) {
        entries.set(at(line.slice(0, link)), { node: { dir: false, mode: 0o777, uid: 0, gid: 0, size: line.length - link - 1, nlink: 1, ino: ino++ }, target: line.slice(link + 1) });
      } else if (hard > 0) {
        entries.set(at(line.slice(0, hard)), { node: undefined as unknown as TreeNode, hard: line.slice(hard + 1) });
      } else {
        const [name, size, ...rest] = line.split(' ');
        const { mode, uid, gid } = attributes(rest, 0o644);
        entries.set(at(name), { node: { dir: false, mode, uid, gid, size: Number(size), nlink: 1, ino: ino++ } });
      }
    }
    for (const [p, t] of Object.entries(layer.texts ?? {})) texts.set(p, t);
  }
  // Hard links share their file's inode; a directory's link count is 2 and one per subdirectory.
  for (const e of entries.values()) {
    if (e.hard === undefined) continue;
    const to = entries.get(e.hard);
    if (!to) continue;
    e.node = to.node;
    to.node.nlink++;
  }
  for (const [p, e] of entries) {
    if (!e.node?.dir || p === '/') continue;
    const parent = entries.get(p.slice(0, p.lastIndexOf('/')) || '/');
    if (parent?.node.dir) parent.node.nlink++;
  }
  const tree: ImageTree = { files: new Map(), dirs: new Set(), links: new Map(), nodes: new Map(), layer: () => layerOver(tree) };
  // A program or library without its text in the data begins as an ELF file does; a script's text is not kept.
  const textOf = (p: string, n: TreeNode) => texts.get(p) ?? ((n.mode & 0o111 && !/\.(sh|envsh|pl|py)$|^\/etc\//.test(p)) || /\.so(\.|$)/.test(p) ? ELF : '');
  for (const [p, e] of entries) {
    if (!e.node) continue;
    if (e.target !== undefined) { tree.links.set(p, e.target); continue; }
    tree.nodes.set(p, e.node);
    if (e.node.dir) tree.dirs.add(p);
    else tree.files.set(p, textOf(p, e.node));
  }
  // A link's path holds what it points to (ContainerFS reads no links): a file's text, or the directory with its
  // names under it (/bin/ls through /bin -> usr/bin).
  for (const [p, target] of tree.links) {
    const to = resolve(tree, p, target);
    // A link to a folder above it (X11 -> .) would hold itself: left as a link.
    if (to === undefined || p.startsWith(`${to}/`) || to === '/') continue;
    if (tree.dirs.has(to)) {
      tree.dirs.add(p);
      const prefix = `${to}/`;
      for (const d of [...tree.dirs]) if (d.startsWith(prefix)) tree.dirs.add(p + d.slice(to.length));
      for (const [f, t] of [...tree.files]) if (f.startsWith(prefix)) tree.files.set(p + f.slice(to.length), t);
      for (const [f, n] of [...tree.nodes]) if (f.startsWith(prefix)) tree.nodes.set(p + f.slice(to.length), n);
      for (const [f, t] of [...tree.links]) if (f.startsWith(prefix)) tree.links.set(p + f.slice(to.length), t);
    } else if (tree.files.has(to)) {
      tree.files.set(p, tree.files.get(to)!);
      tree.nodes.set(p, tree.nodes.get(to)!);
    }
  }
  return tree;
}

function layerOver(tree: ImageTree): ReturnType<ImageTree['layer']> {
  const files = new LayeredFiles();
  files.lower = tree.files;
  const dirs = new LayeredSet();
  dirs.lower = tree.dirs;
  const links = new LayeredFiles();
  links.lower = tree.links;
  return { files, dirs, links };
}

function attributes(rest: string[], mode: number): { mode: number; uid: number; gid: number } {
  let uid = 0;
  let gid = 0;
  for (const r of rest) {
    const c = r.indexOf(':');
    if (c > 0) { uid = Number(r.slice(0, c)); gid = Number(r.slice(c + 1)); } else mode = parseInt(r, 8);
  }
  return { mode, uid, gid };
}

/** Where a link leads, following links on the way (as the kernel does, 40 at most); undefined when nowhere. */
function resolve(tree: ImageTree, at: string, target: string, depth = 0): string | undefined {
  if (depth > 40) return undefined;
  const parts = (target.startsWith('/') ? target : `${at.slice(0, at.lastIndexOf('/'))}/${target}`).split('/');
  let cur = '';
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i];
    if (!s || s === '.') continue;
    if (s === '..') { cur = cur.slice(0, cur.lastIndexOf('/')); continue; }
    cur += `/${s}`;
    const next = tree.links.get(cur);
    if (next !== undefined) {
      const r = resolve(tree, cur, next, depth + 1);
      if (r === undefined) return undefined;
      cur = r === '/' ? '' : r;
    }
  }
  const p = cur || '/';
  return tree.dirs.has(p) || tree.files.has(p) ? p : undefined;
}

/** The image's PATH (its ENV), as a process there starts with it. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The file `name` runs: a path as it is, a bare name through PATH's directories; undefined when none is `runnable`. */
export function lookPath(runnable: (path: string) => boolean, name: string, path = DEFAULT_PATH, cwd = '/'): string | undefined {
  if (name.includes('/')) {
    const p = name.startsWith('/') ? name : `${cwd === '/' ? '' : cwd}/${name}`;
    return runnable(p) ? p : undefined;
  }
  for (const d of path.split(':')) {
    const p = `${d === '' ? '.' : d.replace(/\/+$/, '')}/${name}`;
    if (runnable(p)) return p;
  }
  return undefined;
}

/** What a container's files tell of a path: the image's inode unless the container wrote it (container-fs.ts). */
interface ContainerFiles {
  files: Map<string, string>;
  lower?: { nodes: ReadonlyMap<string, TreeNode> };
  fileModes?: Map<string, string>;
}

/** A path's inode from the image, or undefined when the container wrote (or removed) it. */
export function imageNode(fs: ContainerFiles, p: string): TreeNode | undefined {
  return (fs.files as { fromImage?(k: string): boolean }).fromImage?.(p) ? fs.lower?.nodes.get(p) : undefined;
}

/** The program file `name` runs in a container (its PATH, its working directory for a relative path), or undefined. */
export function findProgram(fs: ContainerFiles, name: string, path?: string, cwd?: string): string | undefined {
  return lookPath((p) => {
    if (!fs.files.has(p)) return false;
    const n = imageNode(fs, p);
    const mode = n ? n.mode : fs.fileModes?.get(p);
    return typeof mode === 'number' ? (mode & 0o111) !== 0 : mode !== undefined && mode.includes('x');
  }, name, path ?? DEFAULT_PATH, cwd);
}
