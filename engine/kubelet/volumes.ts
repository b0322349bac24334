/**
 * Volumes whose files outlive a container, in a container's files (the kubelet's volume manager, loaded on first
 * use). A claim's volume is a directory that outlives the pod: a hostPath or local volume is the node's directory,
 * so what one pod writes the next pod on that node reads (and `ssh NODE` sees); any other source (nfs, csi...) is
 * one directory for the whole cluster, as a network volume is. An emptyDir is the kubelet's directory for the pod
 * on the node (/var/lib/kubelet/pods/UID/volumes/kubernetes.io~empty-dir/NAME): a restarted container finds what
 * the one before it wrote, the pod's other containers share it, and it goes with the pod.
 *
 * A container's ContainerFS keeps flat maps of paths; the maps made here send every path under a mount point to
 * the volume's own store instead, under the host path.
 */
import type { KObject } from '../api/meta.js';
import type { Client } from '../api/client.js';
import type { VirtualClock } from '../util/clock.js';
import { MemoryFileSystem } from '../shell/vfs.js';
import { LayeredFiles, LayeredSet } from './layered-fs.js';
import type { VirtualFileSystem } from '../shell/process.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** A mount: paths at and under `mountPath` are `hostPath` and under in `fs()` (looked up at each use: ssh may swap the node's). */
export interface Bind {
  mountPath: string;
  hostPath: string;
  fs: () => VirtualFileSystem;
}

function route(binds: readonly Bind[], p: string): [VirtualFileSystem, string] | undefined {
  for (const b of binds) {
    if (p === b.mountPath) return [b.fs(), b.hostPath];
    if (p.startsWith(b.mountPath + '/')) return [b.fs(), b.hostPath + p.slice(b.mountPath.length)];
  }
  return undefined;
}

/** Every file (or directory) under `dir` of `fs`, as full paths. */
function walk(fs: VirtualFileSystem, dir: string, files: boolean, out: string[]): void {
  for (const name of fs.readDir(dir) ?? []) {
    const p = dir === '/' ? `/${name}` : `${dir}/${name}`;
    const st = fs.stat(p);
    if (st?.type === 'dir') {
      if (!files) out.push(p);
      walk(fs, p, files, out);
    } else if (files) out.push(p);
  }
}

function mapped(binds: readonly Bind[], files: boolean): string[] {
  const out: string[] = [];
  for (const b of binds) {
    const fs = b.fs();
    // A subPath that is a file on the volume is mounted as that file.
    if (fs.stat(b.hostPath)?.type === 'file') {
      if (files) out.push(b.mountPath);
      continue;
    }
    if (!files) out.push(b.mountPath);
    const found: string[] = [];
    walk(fs, b.hostPath, files, found);
    for (const p of found) out.push(b.mountPath + p.slice(b.hostPath.length));
  }
  return out;
}

/** A container's file map whose paths under the mounts live in the volumes. */
export class BoundFiles extends LayeredFiles {
  constructor(private readonly binds: readonly Bind[]) {
    super();
  }
  override get(p: string): string | undefined {
    const r = route(this.binds, p);
    if (!r) return super.get(p);
    return r[0].stat(r[1])?.type === 'file' ? r[0].readFile(r[1]) : undefined;
  }
  override has(p: string): boolean {
    const r = route(this.binds, p);
    return r ? r[0].stat(r[1])?.type === 'file' : super.has(p);
  }
  override set(p: string, content: string): this {
    const r = route(this.binds, p);
    if (!r) return super.set(p, content);
    const dir = r[1].slice(0, r[1].lastIndexOf('/')) || '/';
    r[0].mkdir(dir, true);
    r[0].writeFile(r[1], content);
    return this;
  }
  override delete(p: string): boolean {
    const r = route(this.binds, p);
    if (!r) return super.delete(p);
    return r[0].stat(r[1])?.type === 'file' ? r[0].remove(r[1]) : false;
  }
  override *keys(): MapIterator<string> {
    yield* super.keys();
    yield* mapped(this.binds, true);
  }
  override *entries(): MapIterator<[string, string]> {
    for (const k of this.keys()) yield [k, this.get(k)!];
  }
  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
}

/** The directory set beside BoundFiles. */
export class BoundDirs extends LayeredSet {
  constructor(private readonly binds: readonly Bind[]) {
    // Set's constructor would call the overridden add before `binds` is set.
    super();
    super.add('/');
  }
  override has(p: string): boolean {
    const r = route(this.binds, p);
    return r ? r[0].stat(r[1])?.type === 'dir' : super.has(p);
  }
  override add(p: string): this {
    const r = route(this.binds, p);
    if (!r) return super.add(p);
    r[0].mkdir(r[1], true);
    return this;
  }
  override delete(p: string): boolean {
    const r = route(this.binds, p);
    if (!r) return super.delete(p);
    // The mount point itself stays (rm -rf of a mounted directory empties it: "Resource busy").
    if (r[1] === this.binds.find((b) => p === b.mountPath)?.hostPath) return false;
    return r[0].stat(r[1])?.type === 'dir' ? r[0].remove(r[1], true) : false;
  }
  override *values(): SetIterator<string> {
    yield* super.values();
    yield* mapped(this.binds, false);
  }
  override keys(): SetIterator<string> {
    return this.values();
  }
  override [Symbol.iterator](): SetIterator<string> {
    return this.values();
  }
}

/** Where a bound claim's volume lives: the node's files for hostPath and local, a cluster-wide store otherwise. */
export function volumeLocation(pv: KObject, nodeFS: () => VirtualFileSystem, networkFS: () => VirtualFileSystem): { hostPath: string; fs: () => VirtualFileSystem } {
  const spec = (pv.spec ?? {}) as Any;
  if (spec.hostPath?.path) return { hostPath: normalize(spec.hostPath.path), fs: nodeFS };
  if (spec.local?.path) return { hostPath: normalize(spec.local.path), fs: nodeFS };
  return { hostPath: `/${pv.metadata.name}`, fs: networkFS };
}

function normalize(p: string): string {
  const parts: string[] = [];
  for (const s of p.split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') parts.pop();
    else parts.push(s);
  }
  return '/' + parts.join('/');
}

/**
 * The volume manager's answer for a container's mounts of claims and emptyDirs: their binds, or why it must wait.
 * `lookup` reads the API (claims of the pod's namespace, volumes).
 */
export function volumeBinds(pod: KObject, mounts: readonly { name: string; mountPath: string; subPath?: string }[], lookup: (resource: string, ns: string | undefined, name: string) => KObject | undefined,
  nodeFS: () => VirtualFileSystem, networkFS: () => VirtualFileSystem): { binds: Bind[] } | { wait: string } {
  const binds: Bind[] = [];
  const volumes = ((pod.spec as Any)?.volumes ?? []) as Any[];
  for (const m of mounts) {
    const v = volumes.find((x) => x.name === m.name);
    if (v?.emptyDir) {
      const dir = emptyDirPath(pod.metadata.uid!, v.name);
      const host = m.subPath ? `${dir}/${m.subPath}` : dir;
      if (!nodeFS().stat(host)) nodeFS().mkdir(host, true);
      binds.push({ mountPath: normalize(m.mountPath), hostPath: normalize(host), fs: nodeFS });
      continue;
    }
    const claimName = v?.persistentVolumeClaim?.claimName;
    if (!claimName) continue;
    const pvc = lookup('persistentvolumeclaims', pod.metadata.namespace, claimName) as Any;
    if (!pvc) return { wait: `persistentvolumeclaim "${claimName}" not found` };
    const pvName = pvc.spec?.volumeName;
    if (!pvName || pvc.status?.phase !== 'Bound') return { wait: `PVC ${pod.metadata.namespace}/${claimName} is not bound` };
    const pv = lookup('persistentvolumes', undefined, pvName);
    if (!pv) return { wait: `persistentvolume "${pvName}" not found` };
    const loc = volumeLocation(pv, nodeFS, networkFS);
    const host = m.subPath ? `${loc.hostPath}/${m.subPath}` : loc.hostPath;
    // The kubelet creates a missing hostPath directory for a PV (DirectoryOrCreate is its default for PVs' Unset type),
    // and a missing subPath as a directory; a subPath that names a file is mounted as that file.
    if (!loc.fs().stat(host)) loc.fs().mkdir(host, true);
    binds.push({ mountPath: normalize(m.mountPath), hostPath: host, fs: loc.fs });
  }
  // Longest mount first: a mount inside another one wins for its paths.
  binds.sort((a, b) => b.mountPath.length - a.mountPath.length);
  return { binds };
}

/**
 * The groups the pod's bound volumes ask for (the volume manager's GetExtraSupplementalGroupsForPod): each
 * PersistentVolume's `pv.beta.kubernetes.io/gid` annotation, a number; one that is not is skipped.
 */
export function volumeGroups(pod: KObject, lookup: (resource: string, ns: string | undefined, name: string) => KObject | undefined): number[] {
  const out: number[] = [];
  for (const v of ((pod.spec as Any)?.volumes ?? []) as Any[]) {
    const claim = v.persistentVolumeClaim?.claimName;
    const pvName = claim ? (lookup('persistentvolumeclaims', pod.metadata.namespace, claim) as Any)?.spec?.volumeName : undefined;
    const gid = pvName ? lookup('persistentvolumes', undefined, pvName)?.metadata.annotations?.['pv.beta.kubernetes.io/gid'] : undefined;
    if (gid !== undefined && /^\d+$/.test(gid) && !out.includes(Number(gid))) out.push(Number(gid));
  }
  return out;
}

/** The kubelet's directory for the pod on its node (its root dir /var/lib/kubelet, as kubeadm runs it). */
export function podDir(uid: string): string {
  return `/var/lib/kubelet/pods/${uid}`;
}

function emptyDirPath(uid: string, name: string): string {
  return `${podDir(uid)}/volumes/kubernetes.io~empty-dir/${name}`;
}

/** The pod is gone from the node: its emptyDir volumes with it (the kubelet's orphaned-pod cleanup). */
export function removePodDir(uid: string, node: { hostFiles?: VirtualFileSystem }): void {
  const fs = node.hostFiles;
  if (fs?.stat(podDir(uid))) fs.remove(podDir(uid), true);
}

/** Network volumes (nfs, csi...): one store per cluster, which has one clock. */
const networkStores = new WeakMap<VirtualClock, VirtualFileSystem>();

type FsMaps = { files: Map<string, string>; dirs: Set<string>; hides(path: string): boolean };

/**
 * The kubelet's part: file maps for a container that mounts claims or emptyDirs (null when it mounts none), or undefined while a
 * claim or its volume is not there or not bound yet (the kubelet keeps the container waiting and syncs again).
 */
export function volumeMounts(pod: KObject, mounts: readonly { name: string; mountPath: string; subPath?: string }[] | undefined, client: Client, clock: VirtualClock,
  node: { hostFiles?: VirtualFileSystem }): FsMaps | null | undefined {
  if (!mounts?.length) return null;
  try {
    const r = volumeBinds(pod, mounts, (res, ns, name) => client.tryGet(res, ns, name), () => (node.hostFiles ??= new MemoryFileSystem(() => clock.now())), () => {
      let fs = networkStores.get(clock);
      if (!fs) networkStores.set(clock, (fs = new MemoryFileSystem(() => clock.now())));
      return fs;
    });
    if ('wait' in r) return undefined;
    const binds = r.binds;
    return binds.length ? { files: new BoundFiles(binds), dirs: new BoundDirs(binds), hides: (p) => binds.some((b) => p === b.mountPath || p.startsWith(b.mountPath + '/')) } : null;
  } catch {
    return undefined;
  }
}
