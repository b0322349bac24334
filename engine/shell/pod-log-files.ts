/**
 * The containers' log files on a node, as the v1.35 kubelet and containerd 2.x leave them:
 *
 * - /var/log/pods/NAMESPACE_POD_UID/CONTAINER/ATTEMPT.log (kuberuntime's BuildPodLogsDirectory,
 *   BuildContainerLogsDirectory and buildContainerLogsPath; the attempt is the restart count the kubelet gave the
 *   container, a static pod's UID its config hash), written by containerd's CRI logger (internal/cri/io/logger.go):
 *   `TIME STREAM F TEXT` per line, TIME in Go's time.RFC3339Nano (trailing zeros of the fraction dropped).
 *   The kubelet makes the folders 0755 (MkdirAll), containerd opens the file 0640 (createContainerLoggers): root's,
 *   so the learner lists them but reads a log only through sudo.
 * - /var/log/containers/POD_NAMESPACE_CONTAINER-ID.log: the kubelet's legacy symbolic link to that file (legacyLogSymlink,
 *   made after StartContainer; the name cut to 255 bytes with its `.log` kept).
 *
 * Nothing is written as a container logs: the lines are the runtime's (Container.logs, what `kubectl logs` and
 * `crictl logs` read), and a file's text is made from them when it is read. The folders and links follow the
 * containers the node holds at each lookup under /var/log (MemoryFileSystem.refresh): the runtime's, and the previous
 * instance the kubelet keeps for `logs --previous` until the container GC (every minute, MaxPerPodContainer 1) removes
 * it once a newer instance is dead too; a pod's folder and links go with its containers. Log rotation
 * (containerLogMaxSize 10Mi, containerLogMaxFiles 5) is not simulated: the runtime keeps a chatty container's last
 * lines only, so a file can lose its first lines instead of rotating.
 */
import type { Cluster } from '../cluster.js';
import { objectKey } from '../api/meta.js';
import type { Container, LogLine } from '../kubelet/runtime.js';
import { ANNOTATION_HASH } from '../kubelet/static-pods.js';
import type { MemoryFileSystem, Node } from './vfs.js';

export const POD_LOGS_DIR = '/var/log/pods';
export const CONTAINER_LOGS_DIR = '/var/log/containers';
/** The kubelet's container GC period. */
const CONTAINER_GC_PERIOD_MS = 60_000;
/** ext4's longest name (ext4MaxFileNameLen): a longer link name is cut, keeping its suffix. */
const MAX_NAME = 255;

/** Go's time.RFC3339Nano in UTC: the fraction's trailing zeros dropped (none at all on a whole second). */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z');
}

/** One entry of containerd's CRI log format (every line the simulation keeps is a full one). */
export function criLogLine(l: LogLine): string {
  return `${rfc3339Nano(l.time)} ${l.stream} F ${l.text}\n`;
}

/** /var/log/pods/NAMESPACE_POD_UID/CONTAINER/ATTEMPT.log. */
export function containerLogPath(namespace: string, pod: string, uid: string, container: string, attempt: number): string {
  return `${POD_LOGS_DIR}/${namespace}_${pod}_${uid}/${container}/${attempt}.log`;
}

/** legacyLogSymlink: /var/log/containers/POD_NAMESPACE_CONTAINER-ID.log, the name at most 255 bytes. */
export function legacyLogSymlink(namespace: string, pod: string, container: string, id: string): string {
  return `${CONTAINER_LOGS_DIR}/${`${pod}_${namespace}_${container}-${id}`.slice(0, MAX_NAME - 4)}.log`;
}

interface Wanted {
  type: 'dir' | 'file' | 'link';
  mtimeMs: number;
  /** A link's target; a file's container. */
  target?: string;
  container?: Container;
}

/**
 * The pod UID in `c`'s log folder name: its pod's, or a static pod's config hash (its mirror pod's annotation; `known`
 * remembers it once seen, for when the mirror is gone). Undefined for a static pod whose hash is not known.
 */
export function logPodUID(cluster: Cluster, c: Container, known?: Map<string, string>): string | undefined {
  const o = c.opts;
  if (!o.podUID.startsWith('static:')) return o.podUID;
  const mirror = cluster.store.get('pods', objectKey({ metadata: { namespace: o.namespace, name: o.podName } })) as { metadata: { annotations?: Record<string, string> } } | undefined;
  const hash = known?.get(o.podUID) ?? mirror?.metadata.annotations?.[ANNOTATION_HASH];
  if (hash) known?.set(o.podUID, hash);
  return hash;
}

/** A file whose text and time are the container's log as it stands; a write (root's `>>`) makes it an ordinary file. */
function liveLog(n: Node, c: Container): void {
  let text = '';
  let count = 0;
  let first: LogLine | undefined;
  const read = (): string => {
    const lines = c.logs;
    // The runtime drops a chatty container's oldest lines: then the text is made again.
    if (lines[0] !== first || lines.length < count) {
      text = '';
      count = 0;
      first = lines[0];
    }
    for (; count < lines.length; count++) text += criLogLine(lines[count]);
    return text;
  };
  const time = (): number => {
    const lines = c.logs;
    return lines.length ? lines[lines.length - 1].time : c.startedAt;
  };
  const plain = (content: string, mtimeMs: number) => Object.defineProperties(n, {
    content: { value: content, writable: true, configurable: true, enumerable: true },
    mtimeMs: { value: mtimeMs, writable: true, configurable: true, enumerable: true },
  });
  Object.defineProperties(n, {
    content: { get: read, set: (v: string) => plain(v, time()), configurable: true, enumerable: true },
    mtimeMs: { get: time, set: (v: number) => plain(read(), v), configurable: true, enumerable: true },
  });
}

/**
 * The log files the node holds now, folders first (path to what it is), and when the newest entry of each of the
 * two top folders was made.
 */
function wanted(cluster: Cluster, node: string, known: Map<string, string>): { want: Map<string, Wanted>; made: Record<string, number> } {
  const kubelet = cluster.kubelets.get(node);
  if (!kubelet) return { want: new Map(), made: {} };
  const now = cluster.clock.now();
  const instances = new Map<string, Container>();
  for (const c of kubelet.runtime.containers.values()) instances.set(c.id, c);
  // The previous instance the kubelet keeps (the runtime forgot it at the restart) until the GC pass after a newer one died.
  const origin = kubelet.startedAt();
  for (const rec of kubelet.podRecords()) {
    // A static pod's containers carry the record's key; its log folder is named by the config hash.
    if (rec.mirror) known.set(rec.key, rec.pod.metadata.annotations?.[ANNOTATION_HASH] ?? rec.uid);
    for (const cr of [...rec.inits, ...rec.containers, ...rec.ephemerals]) {
      const prev = cr.previous;
      if (!prev) continue;
      const died = cr.current?.state === 'exited' ? cr.current.finishedAt : undefined;
      if (died !== undefined && now >= origin + Math.ceil((died - origin) / CONTAINER_GC_PERIOD_MS) * CONTAINER_GC_PERIOD_MS) continue;
      instances.set(prev.id, prev);
    }
  }
  const entries: [string, Wanted][] = [];
  /** Each container's folder: its oldest kept instance's making (about when the folder was made) and its newest's. */
  const folders = new Map<string, { first: number; last: number }>();
  let newest = 0;
  for (const c of instances.values()) {
    const o = c.opts;
    const uid = logPodUID(cluster, c, known);
    if (!uid) continue;
    const file = containerLogPath(o.namespace, o.podName, uid, c.name, o.attempt);
    const at = c.startedAt;
    entries.push([file, { type: 'file', mtimeMs: at, container: c }], [legacyLogSymlink(o.namespace, o.podName, c.name, c.id), { type: 'link', mtimeMs: at, target: file }]);
    const dir = file.slice(0, file.lastIndexOf('/'));
    const f = folders.get(dir);
    if (f) {
      f.first = Math.min(f.first, at);
      f.last = Math.max(f.last, at);
    } else folders.set(dir, { first: at, last: at });
    newest = Math.max(newest, at);
  }
  // A folder's time is its newest entry's making: a pod's folder, its last container folder's.
  const pods = new Map<string, number>();
  for (const [dir, { first, last }] of folders) {
    entries.push([dir, { type: 'dir', mtimeMs: last }]);
    const pod = dir.slice(0, dir.lastIndexOf('/'));
    pods.set(pod, Math.max(pods.get(pod) ?? 0, first));
  }
  for (const [pod, at] of pods) entries.push([pod, { type: 'dir', mtimeMs: at }]);
  // Folders before what is in them.
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { want: new Map(entries), made: { [POD_LOGS_DIR]: Math.max(0, ...pods.values()), [CONTAINER_LOGS_DIR]: newest } };
}

/**
 * Keeps `fs`'s /var/log/pods and /var/log/containers in step with `node`'s containers: called (through
 * MemoryFileSystem.refresh) before each lookup under /var/log. What a learner removed stays removed, as a file
 * containerd still writes to once it is unlinked.
 */
export function installPodLogs(fs: MemoryFileSystem, cluster: Cluster, node: string, madeAt: number): void {
  const base = fs.base;
  /** Paths made here, still this code's to update or remove. */
  const made = new Map<string, Wanted>();
  const known = new Map<string, string>();
  let busy = false;
  for (const d of [POD_LOGS_DIR, CONTAINER_LOGS_DIR]) {
    if (base.stat(d)) continue;
    base.mkdir(d, true);
    base.setMeta(d, 0o755, 'root', madeAt);
  }
  /** When each top folder last changed (an entry made or removed). */
  const changed: Record<string, number> = { [POD_LOGS_DIR]: madeAt, [CONTAINER_LOGS_DIR]: madeAt };
  base.refresh = (path) => {
    if (busy || !(path === '/var/log' || path.startsWith('/var/log/'))) return;
    busy = true;
    try {
      const { want, made: newest } = wanted(cluster, node, known);
      const now = cluster.clock.now();
      for (const [p, w] of made) {
        if (want.has(p)) continue;
        made.delete(p);
        // A removed entry changes its folder (a folder already gone with its parent is not there to remove).
        if (base.lstat(p)?.type === w.type) {
          base.remove(p, true);
          const parent = p.slice(0, p.lastIndexOf('/'));
          if (parent in changed) changed[parent] = now;
          else base.setMeta(parent, 0o755, 'root', now);
        }
      }
      for (const top of [POD_LOGS_DIR, CONTAINER_LOGS_DIR]) {
        changed[top] = Math.max(changed[top], newest[top] ?? 0);
        if (base.lstat(top)?.type === 'dir') base.setMeta(top, 0o755, 'root', changed[top]);
      }
      for (const [p, w] of want) {
        const mine = made.get(p);
        if (mine) {
          if (w.type === 'dir' && mine.mtimeMs !== w.mtimeMs && base.lstat(p)?.type === 'dir') base.setMeta(p, 0o755, 'root', (mine.mtimeMs = w.mtimeMs));
          continue;
        }
        made.set(p, w);
        // A learner's file in the way, or a folder the learner removed: the machine's write would fail.
        if (base.lstat(p) || base.lstat(p.slice(0, p.lastIndexOf('/')))?.type !== 'dir') continue;
        if (w.type === 'dir') base.mkdir(p);
        else if (w.type === 'link') base.symlink(w.target!, p);
        else {
          base.writeFile(p, '');
          liveLog(base.entry(p)!, w.container!);
        }
        const n = base.entry(p)!;
        n.mode = w.type === 'dir' ? 0o755 : w.type === 'file' ? 0o640 : 0o777;
        n.owner = n.group = 'root';
        if (w.type !== 'file') n.mtimeMs = w.mtimeMs;
      }
    } finally {
      busy = false;
    }
  };
}
