/**
 * `kubectl cp SRC DEST`: copies between the learner's files and a container.
 * Real kubectl streams a tar archive through exec (`tar cf - PATH` from the
 * pod, `tar -xmf - -C DIR` into it), so the container needs a tar binary and
 * tar's own complaints reach the terminal: GNU tar's on Debian-based images,
 * BusyBox's on busybox/alpine ones. Here the archive is not built; the files
 * move between ctx.fs and the container's filesystem directly, with the same
 * texts and exit codes (kubectl/pkg/cmd/cp/cp.go, filespec.go).
 */
import type { KObject } from '../../api/meta.js';
import type { Container } from '../../kubelet/runtime.js';
import { PlainError, type Command, type Invocation } from '../framework/command.js';
import { execErrorText, execTarget } from './exec.js';
import { verbF } from './verb-f.js';
import { dialForStream, kubeletHostOf } from '../../kubelet/kubelet-server.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const FILESPEC_FORMAT = 'filespec must match the canonical format: [[namespace/]pod:]file/path';
export const NEED_TWO = 'source and destination are required';
export const NEED_LOCAL = 'one of src or dest must be a local file specification';
export const NEED_REMOTE = 'one of src or dest must be a remote file specification';
export const EMPTY_PATH = 'filepath can not be empty';

export interface FileSpec { namespace?: string; pod?: string; file: string }

/** stripTrailingSlash of filespec.go: one trailing slash, never the root's. */
function stripTrailingSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/** extractFileSpec: `[[namespace/]pod:]file/path`. */
export function parseFileSpec(arg: string): FileSpec {
  const i = arg.indexOf(':');
  if (i === 0) throw new Error(FILESPEC_FORMAT);
  if (i < 0) return { file: stripTrailingSlash(arg) };
  const pieces = arg.slice(0, i).split('/');
  const file = stripTrailingSlash(arg.slice(i + 1));
  if (pieces.length === 1) return { pod: pieces[0], file };
  if (pieces.length === 2) return { namespace: pieces[0], pod: pieces[1], file };
  throw new Error(FILESPEC_FORMAT);
}

/** Go's path.Clean. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(s);
  }
  const body = out.join('/');
  return rooted ? '/' + body : body || '.';
}

function dirOf(p: string): string {
  const c = cleanPath(p);
  const i = c.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : c.slice(0, i);
}

function baseOf(p: string): string {
  const c = cleanPath(p);
  return c === '/' ? '/' : c.slice(c.lastIndexOf('/') + 1);
}

/** The tar in an image: GNU tar on Debian-based images (the ones with bash), BusyBox's elsewhere. */
type Tar = 'gnu' | 'busybox';

/** What tar says about the archive it writes or reads, in each flavour's words. */
export const TAR_TEXT = {
  gnu: {
    removingLeadingSlash: "tar: Removing leading `/' from member names\n",
    cannotStat: (p: string) => `tar: ${p}: Cannot stat: No such file or directory\n`,
    failedAtEnd: 'tar: Exiting with failure status due to previous errors\n',
    cannotOpenDir: (d: string) => `tar: ${d}: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n`,
    cannotOpenDirCode: 2,
  },
  busybox: {
    removingLeadingSlash: "tar: removing leading '/' from member names\n",
    cannotStat: (p: string) => `tar: ${p}: No such file or directory\n`,
    failedAtEnd: 'tar: error exit delayed from previous errors\n',
    cannotOpenDir: (d: string) => `tar: can't change directory to '${d}': No such file or directory\n`,
    cannotOpenDirCode: 1,
  },
} as const;

interface Target { pod: KObject; container: Container; tar: Tar }

/** The pod and its running container, or exec's errors; a container without tar fails as exec of a missing binary. */
function target(inv: Invocation, spec: FileSpec, argv: string[]): Target {
  const ns = spec.namespace || inv.namespace;
  const pod = inv.client().get('pods', ns, spec.pod!) as Any;
  const { container } = execTarget(inv, pod, inv.flags.string('container'));
  // cp runs tar through pods/{name}/exec.
  inv.client().connect('pods', ns, pod.metadata.name, 'exec', 'create');
  const kubelet = pod.spec?.nodeName ? dialForStream(kubeletHostOf(inv.ctx.cluster), pod.spec.nodeName) : undefined;
  const c = kubelet?.container(ns, pod.metadata.name, container)?.current;
  if (!kubelet || !c || c.state !== 'running') throw new Error(execErrorText(`container not found ("${container}")`));
  if (!c.image.binaries.has('tar')) {
    // A binary the image lacks fails at once: nothing runs, nothing loads.
    const r = kubelet.exec(ns, pod.metadata.name, container, argv);
    throw new Error(execErrorText((r instanceof Promise ? undefined : r.error) ?? `container not found ("${container}")`));
  }
  return { pod: pod as KObject, container: c, tar: c.image.binaries.has('bash') ? 'gnu' : 'busybox' };
}

/** Every file and directory at or under `path` in the container, as [path, content|undefined for directories]. */
function containerTree(c: Container, path: string): [string, string | undefined][] {
  const fs = c.fs;
  if (fs.files.has(path)) return [[path, fs.files.get(path)!]];
  if (!fs.dirs.has(path)) return [];
  const out: [string, string | undefined][] = [[path, undefined]];
  for (const name of fs.list(path)) out.push(...containerTree(c, path === '/' ? `/${name}` : `${path}/${name}`));
  return out;
}

function copyFromPod(inv: Invocation, src: FileSpec, dest: string): number {
  const t = target(inv, src, ['tar', 'cf', '-', src.file]);
  const text = TAR_TEXT[t.tar];
  // The archive's members are named as tar saw them: relative to the container's
  // working directory (`/` here), with a leading slash stripped and announced once.
  const abs = cleanPath(src.file.startsWith('/') ? src.file : `/${src.file}`);
  const entries = containerTree(t.container, abs);
  // tar's stderr travels on kubectl's stdout (TarPipe's ErrOut is o.Out).
  if (src.file.startsWith('/') && (entries.length || t.tar === 'gnu')) inv.out(text.removingLeadingSlash);
  if (!entries.length) {
    // The exec's exit status is lost in a race with the local untar (kubernetes/kubectl#980): exit 0.
    inv.out(text.cannotStat(src.file) + text.failedAtEnd);
    return 0;
  }
  const fs = inv.ctx.fs;
  const destClean = cleanPath(dest);
  const destAbs = fs.resolve(inv.ctx.cwd, destClean);
  for (const [path, content] of entries) {
    const rel = path.slice(abs.length).replace(/^\//, '');
    const local = rel ? fs.resolve(destAbs, rel) : destAbs;
    const shown = rel ? cleanPath(`${destClean}/${rel}`) : destClean;
    if (content === undefined) {
      if (fs.stat(local)?.type === 'file') throw new Error(`mkdir ${shown}: not a directory`);
      fs.mkdir(local, true);
      continue;
    }
    if (fs.stat(local)?.type === 'dir') throw new Error(`open ${shown}: is a directory`);
    fs.mkdir(dirOf(local), true);
    fs.writeFile(local, content);
  }
  return 0;
}

function copyToPod(inv: Invocation, src: string, dest: FileSpec): number {
  const fs = inv.ctx.fs;
  const local = fs.resolve(inv.ctx.cwd, src);
  if (!fs.stat(local)) throw new Error(`${src} doesn't exist in local filesystem`);
  const t = target(inv, dest, ['tar', '-xmf', '-']);
  const cfs = t.container.fs;
  const inContainer = (p: string) => cleanPath(p.startsWith('/') ? p : `/${p}`);
  // checkDestinationIsDir (`test -d DEST`): copying into an existing directory keeps the source's name.
  let destFile = dest.file;
  if (cfs.dirs.has(inContainer(destFile))) destFile = `${stripTrailingSlash(destFile)}/${baseOf(src)}`;
  const destDir = dirOf(destFile);
  if (!cfs.dirs.has(inContainer(destDir))) {
    inv.err(TAR_TEXT[t.tar].cannotOpenDir(destDir));
    throw new PlainError(`command terminated with exit code ${TAR_TEXT[t.tar].cannotOpenDirCode}`, TAR_TEXT[t.tar].cannotOpenDirCode);
  }
  const root = inContainer(destFile);
  const walk = (from: string, to: string) => {
    const st = fs.stat(from);
    if (st?.type === 'dir') {
      const names = fs.readDir(from) ?? [];
      if (!names.length) cfs.mkdirp(to);
      for (const n of names) walk(`${from === '/' ? '' : from}/${n}`, `${to}/${n}`);
    } else if (st) cfs.write(to, fs.readFile(from) ?? '');
  };
  walk(local, root);
  return 0;
}

async function runCp(inv: Invocation): Promise<number> {
  if (inv.args.length !== 2) throw new Error(NEED_TWO);
  const src = parseFileSpec(inv.args[0]);
  const dest = parseFileSpec(inv.args[1]);
  if (src.pod && dest.pod) throw new Error(NEED_LOCAL);
  if (!src.file || !dest.file) throw new Error(EMPTY_PATH);
  if (src.pod) return copyFromPod(inv, src, dest.file);
  if (dest.pod) return copyToPod(inv, src.file, dest);
  throw new Error(NEED_REMOTE);
}

export const cp: Command = verbF('cp', { run: runCp });
