/**
 * Where the etcd static pod keeps its data, and what etcd finds there when the kubelet starts it again (the kubeadm
 * restore of https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#restoring-an-etcd-cluster):
 * the store lives in the member directory of `--data-dir`, as the container sees it through the `etcd-data` hostPath.
 * The running store is the one in memory; when etcd moves to another directory, the one it leaves gets its keyspace
 * written to member/snap/db (so moving back finds it), and the new one's db (a restored snapshot, see etcdutl.ts)
 * becomes the keyspace at its revision. A directory without a member is a new, empty single-member cluster.
 * Loaded when etcd's manifest changes, never with the page.
 */
import { ETCD_START_LOG, type Cluster } from '../cluster.js';
import { etcdStartLines } from './start-log.js';
import type { KObject } from '../api/meta.js';
import type { Store, StoreEvent } from '../api/store.js';
import { deepFreeze, namespacePrefix } from '../api/meta.js';
import { apiVersionOf, lookupKind, resourceKey } from '../api/resources.js';
import type { VirtualFileSystem } from '../shell/process.js';
import { readSnapshot, snapshotOf } from './keyspace.js';
import { etcdWALFiles, WAL_SEGMENT_BYTES } from '../shell/node-files.js';
import { sizedText } from '../shell/binary.js';
import { ALLOCATORS_STATE } from '../api/registry/services.js';
import { materialise as rbacMaterialise } from '../api/rbac/bootstrap.js';
import { materialise as kubeadmMaterialise } from '../api/bootstrap/kubeadm-objects.js';

/** The data directory kubeadm gives etcd (its flag and its hostPath). */
export const DEFAULT_DATA_DIR = '/var/lib/etcd';
/** apiserver.state: the node directory the running etcd member keeps its data in. */
const DATA_DIR_STATE = 'etcd.dataDir';

const normalize = (p: string) => `/${p.split('/').filter((s) => s && s !== '.').join('/')}`;

interface Spec {
  containers?: { name?: string; command?: string[]; args?: string[]; volumeMounts?: { name: string; mountPath: string }[] }[];
  volumes?: { name: string; hostPath?: { path: string; type?: string } }[];
}

/** Where etcd's data dir lies on the node, from the static pod's flags and mounts (undefined: in the container's own files). */
export function hostDataDir(manifest: KObject): { dir?: string; volume?: { path: string; type?: string } } {
  const spec = manifest.spec as Spec | undefined;
  const c = spec?.containers?.find((x) => x.name === 'etcd') ?? spec?.containers?.[0];
  const argv = [...(c?.command ?? []), ...(c?.args ?? [])];
  // Go's flag package: -data-dir or --data-dir, with = or as the next word; the last one wins.
  let dir: string | undefined;
  let name = 'default';
  argv.forEach((a, i) => {
    const m = /^--?(data-dir|name)(?:=(.*))?$/.exec(a);
    if (!m) return;
    const v = m[2] ?? argv[i + 1] ?? '';
    if (m[1] === 'data-dir') dir = v; else name = v;
  });
  // Without --data-dir etcd uses ${name}.etcd in its working directory (the image's WORKDIR).
  const full = normalize(dir === undefined || dir === '' ? `${DEFAULT_DATA_DIR}/${name}.etcd` : dir.startsWith('/') ? dir : `${DEFAULT_DATA_DIR}/${dir}`);
  const mounts = (c?.volumeMounts ?? []).map((m) => ({ m, v: spec?.volumes?.find((v) => v.name === m.name)?.hostPath }))
    .filter((x) => x.v).sort((a, b) => b.m.mountPath.length - a.m.mountPath.length);
  for (const { m, v } of mounts) {
    const at = normalize(m.mountPath);
    if (full === at || full.startsWith(`${at === '/' ? '' : at}/`)) return { dir: normalize(v!.path + full.slice(at.length)), volume: { path: normalize(v!.path), type: v!.type } };
  }
  return {};
}

/** The node directory etcd runs on now. */
export function currentDataDir(cluster: Cluster): string | undefined {
  const s = cluster.apiserver.state;
  return s.has(DATA_DIR_STATE) ? s.get(DATA_DIR_STATE) as string | undefined : DEFAULT_DATA_DIR;
}

/** A value of the snapshot back to its object: custom resources are JSON, built-in kinds the protobuf envelope around JSON. */
function objectOf(value: string): KObject | undefined {
  let json = value;
  if (value.startsWith('k8s\u0000')) {
    let at = 4;
    const varint = () => {
      let n = 0;
      for (let shift = 0; at < value.length; shift += 7) {
        const b = value.charCodeAt(at++);
        n += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) break;
      }
      return n;
    };
    at++; // the TypeMeta field's tag
    const typeMeta = varint();
    at += typeMeta;
    at++; // the raw object's tag
    const len = varint();
    json = value.slice(at, at + len);
  }
  try {
    return JSON.parse(json) as KObject;
  } catch {
    return undefined;
  }
}

/** A snapshot's keys as the store's buckets, or undefined when the database is not one. */
function keyspaceOf(cluster: Cluster, db: string): { objects: Map<string, Map<string, KObject>>; revision: number } | undefined {
  const snap = readSnapshot(db);
  if (!snap) return undefined;
  const objects = new Map<string, Map<string, KObject>>();
  for (const kv of snap.kvs) {
    const obj = objectOf(kv[4]);
    if (!obj?.metadata?.name) continue;
    const info = lookupKind(obj.apiVersion ?? '', obj.kind ?? '');
    const resource = kv[5] ?? (info ? resourceKey(info) : undefined);
    if (!resource) continue;
    if (info && !obj.apiVersion) obj.apiVersion = apiVersionOf(info);
    const ns = obj.metadata.namespace;
    if (cluster.apiserver.freeze) deepFreeze(obj);
    let b = objects.get(resource);
    if (!b) objects.set(resource, (b = new Map()));
    b.set(ns ? namespacePrefix(ns) + obj.metadata.name : obj.metadata.name, obj);
  }
  return { objects, revision: snap.revision };
}

/**
 * etcd started on another data directory (a restored snapshot, or a new empty member): the keyspace becomes
 * `objects` at `revision`. Listeners see each key that differs change (the API server's indexes and allocators,
 * the history), and the watch history is gone, so a watch must start from `revision` or later.
 */
export function replaceKeyspace(store: Store, objects: Map<string, Map<string, KObject>>, revision: number): void {
  const changes: StoreEvent[] = [];
  for (const [resource, b] of store.buckets) {
    const next = objects.get(resource);
    for (const [key, previous] of b) if (!next?.has(key)) changes.push({ type: 'DELETED', resource, key, object: previous, previous, revision });
  }
  for (const [resource, next] of objects) {
    const b = store.bucket(resource);
    for (const [key, object] of next) {
      const previous = b.get(key);
      if (previous?.metadata.resourceVersion !== object.metadata.resourceVersion) changes.push({ type: previous ? 'MODIFIED' : 'ADDED', resource, key, object, previous, revision });
    }
  }
  store.revision = revision;
  for (const resource of new Set([...store.buckets.keys(), ...objects.keys()])) {
    store.history.set(resource, []);
    store.historyStart.set(resource, revision);
  }
  for (const e of changes) {
    if (e.type === 'DELETED') store.bucket(e.resource).delete(e.key!);
    else store.bucket(e.resource).set(e.key!, e.object);
    for (const l of store.listeners) l(e);
  }
}

/** What etcd logs as its container starts (each start after; `fresh`: the first one is a new member's). */
function startLog(cluster: Cluster, fresh: boolean): void {
  let first = fresh;
  cluster.apiserver.state.set(ETCD_START_LOG, (argv: string[], ms: number) => {
    const open = { fresh: first, revision: cluster.store.currentRevision() };
    first = false;
    return etcdStartLines(cluster, argv, ms, open);
  });
}

export type EtcdStart = { ok: true } | { ok: false; reason: string };

/**
 * etcd (re)started from `manifest`: the kubelet mounts its hostPath volumes (DirectoryOrCreate makes a missing
 * directory, 0755 root's; Directory requires it), then etcd opens its data dir. False when the pod cannot start.
 */
export function openDataDir(cluster: Cluster, fs: VirtualFileSystem, manifest: KObject): EtcdStart {
  const { dir, volume } = hostDataDir(manifest);
  if (volume) {
    const st = fs.stat(volume.path);
    if (!st && volume.type === 'Directory') return { ok: false, reason: `hostPath type check failed: ${volume.path} is not a directory` };
    if (!st && (volume.type ?? 'DirectoryOrCreate') === 'DirectoryOrCreate') {
      fs.mkdir(volume.path, true);
      fs.chmod?.(volume.path, { mode: 0o755 });
    }
  }
  const before = currentDataDir(cluster);
  if (dir !== undefined && dir === before) {
    startLog(cluster, false);
    return { ok: true };
  }
  // The directory it leaves keeps what the member wrote there; closing the WAL (SIGTERM) removed the pipeline's next segment.
  if (before !== undefined && fs.stat(`${before}/member`)?.type === 'dir') {
    fs.mkdir(`${before}/member/snap`, true);
    fs.writeFile(`${before}/member/snap/db`, snapshotOf(cluster).slice(0, -32));
    fs.chmod?.(`${before}/member/snap/db`, { mode: 0o600 });
    for (const f of fs.readDir(`${before}/member/wal`) ?? []) if (f.endsWith('.tmp')) fs.remove(`${before}/member/wal/${f}`);
  }
  // What the API server and kubeadm wrote at the start is in etcd from then on (written here at its first use): a
  // keyspace without them (a new, empty member) must not get them later.
  rbacMaterialise(cluster.apiserver);
  kubeadmMaterialise(cluster);
  const db = dir === undefined ? undefined : fs.stat(`${dir}/member/snap/db`)?.type === 'file' ? fs.readFile(`${dir}/member/snap/db`) : undefined;
  const restored = db === undefined ? undefined : keyspaceOf(cluster, db);
  // A new member (etcd's first start in an empty directory): an empty keyspace, revision 1; fileutil.TouchDirAll makes its directories 0700.
  replaceKeyspace(cluster.store, restored?.objects ?? new Map(), restored?.revision ?? 1);
  // The Service allocators follow the store (the IP and port ranges kube-apiserver keeps in etcd): rebuilt when next needed.
  cluster.apiserver.state.delete(ALLOCATORS_STATE);
  if (dir !== undefined && !restored) {
    for (const d of [dir, `${dir}/member`, `${dir}/member/snap`, `${dir}/member/wal`]) {
      const fresh = !fs.stat(d);
      fs.mkdir(d, true);
      if (fresh) fs.chmod?.(d, { mode: 0o700 });
    }
  }
  // The WAL it appends to: a new member's first segment, and the next one the file pipeline preallocates.
  if (dir !== undefined) {
    const walDir = `${dir}/member/wal`;
    const hasSegment = (fs.readDir(walDir) ?? []).some((x) => x.endsWith('.wal'));
    for (const f of etcdWALFiles(true)) {
      if (f.endsWith('.wal') ? hasSegment : fs.stat(`${walDir}/${f}`)) continue;
      fs.mkdir(walDir, true);
      fs.writeFile(`${walDir}/${f}`, sizedText(WAL_SEGMENT_BYTES));
      fs.chmod?.(`${walDir}/${f}`, { mode: 0o600 });
    }
  }
  cluster.apiserver.state.set(DATA_DIR_STATE, dir);
  startLog(cluster, !restored);
  return { ok: true };
}
