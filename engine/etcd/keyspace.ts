/**
 * The cluster's objects as etcd holds them for kube-apiserver: keys under /registry laid out as the API server's
 * storage factory lays them out, the member's identity as etcd derives it, the database's figures, and the
 * snapshot file etcdctl writes and etcdutl reads. Loaded with etcdctl/etcdutl (etcdctl.ts), never with the page.
 */
import type { Cluster } from '../cluster.js';
import type { KObject } from '../api/meta.js';
import { sha1 as sha1Digest } from '@noble/hashes/legacy.js';
import { fnv32a } from '../util/random.js';
import { materialise, materialised } from '../api/rbac/bootstrap.js';
import { materialise as kubeadmMaterialise, materialised as kubeadmMaterialised } from '../api/bootstrap/kubeadm-objects.js';

/**
 * Resources whose etcd prefix is not their name (kube-apiserver's registries: nodes keep their old "minions",
 * Services and Endpoints share /registry/services, ReplicationControllers are "controllers", Ingresses keep the
 * singular prefix of their extensions days).
 */
const SPECIAL_PREFIXES: Record<string, string> = {
  nodes: 'minions',
  services: 'services/specs',
  endpoints: 'services/endpoints',
  replicationcontrollers: 'controllers',
  'ingresses.networking.k8s.io': 'ingress',
};

/** Groups whose resources keep their group in the key, as custom resources do: the CRD and aggregation APIs' own. */
const GROUPED = new Set(['apiextensions.k8s.io', 'apiregistration.k8s.io']);

/** The store's bucket of CustomResourceDefinitions: a bucket named after one of them holds custom resources. */
const CRDS = 'customresourcedefinitions.apiextensions.k8s.io';

/** The etcd prefix (without /registry/) of the store's bucket `resource` ("pods", "deployments.apps"). */
export function etcdPrefix(cluster: Cluster, resource: string): string {
  const special = SPECIAL_PREFIXES[resource];
  if (special) return special;
  const dot = resource.indexOf('.');
  if (dot < 0) return resource;
  const plural = resource.slice(0, dot);
  const group = resource.slice(dot + 1);
  if (GROUPED.has(group) || cluster.store.get(CRDS, resource)) return `${group}/${plural}`;
  return plural;
}

/** One key as etcd's range answers it. */
export interface KeyValue {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
  /** Where the object lives in the store, for a delete. */
  resource: string;
  storeKey: string;
  custom: boolean;
}

/** Protobuf's varint, as a string of byte-valued characters. */
function varint(n: number): string {
  let s = '';
  while (n > 0x7f) {
    s += String.fromCharCode((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  return s + String.fromCharCode(n);
}

/** A length-delimited protobuf field. */
const field = (tag: number, body: string) => String.fromCharCode(tag) + varint(body.length) + body;

/** JSON with everything outside ASCII escaped, so that one character is one byte. */
export function asciiJSON(v: unknown): string {
  return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * An object's value in etcd. Custom resources are stored as JSON; built-in kinds as kube-apiserver's protobuf
 * envelope ("k8s\0", the TypeMeta, the raw object, its content encoding and type): the raw part here carries the
 * object's JSON in place of its protobuf encoding, which is not reproduced.
 */
function valueOf(obj: KObject, custom: boolean): string {
  const json = asciiJSON(obj);
  if (custom) return `${json}\n`;
  const typeMeta = field(0x0a, obj.apiVersion ?? '') + field(0x12, obj.kind ?? '');
  return `k8s\u0000${field(0x0a, typeMeta)}${field(0x12, json)}${field(0x1a, '')}${field(0x22, '')}`;
}

/** Every key the API server's objects occupy, in etcd's byte order. */
export function registryKeys(cluster: Cluster): KeyValue[] {
  // The bootstrap policy is etcd's as soon as the API server has started (here: at its first use).
  if (!materialised(cluster.apiserver)) materialise(cluster.apiserver);
  if (!kubeadmMaterialised(cluster)) kubeadmMaterialise(cluster);
  const out: KeyValue[] = [];
  for (const resource of cluster.store.resourceNames()) {
    const bucket = cluster.store.bucket(resource);
    if (!bucket.size) continue;
    const prefix = etcdPrefix(cluster, resource);
    const custom = prefix.includes('/') && !GROUPED.has(prefix.split('/')[0]) && !prefix.startsWith('services/');
    for (const [storeKey, obj] of bucket) {
      const rev = Number(obj.metadata.resourceVersion) || 0;
      out.push({ key: `/registry/${prefix}/${storeKey}`, value: valueOf(obj, custom), createRevision: rev, modRevision: rev, version: 1, resource, storeKey, custom });
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const bytesOf = (s: string) => [...s].map((c) => c.charCodeAt(0) & 0xff);
/** How etcd derives member and cluster IDs: SHA-1's first 8 bytes, big-endian. */
const uint64 = (b: Uint8Array) => Array.from(b.subarray(0, 8)).reduce((n, x) => (n << 8n) | BigInt(x), 0n);
const sha1 = (b: readonly number[]) => sha1Digest(Uint8Array.from(b));

/**
 * A member's ID as etcd computes it for the initial cluster (membership.computeMemberID): the first 8 bytes of the
 * SHA-1 of its sorted peer URLs and the cluster token ("etcd-cluster", which kubeadm does not change).
 */
export function memberID(peerURLs: string[], token = 'etcd-cluster'): bigint {
  return uint64(sha1(bytesOf([...peerURLs].sort().join('') + token)));
}

/** The cluster's ID (RaftCluster.genID): the SHA-1 of its members' IDs, 8 big-endian bytes each. */
export function clusterID(members: bigint[]): bigint {
  const b: number[] = [];
  for (const id of [...members].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))) for (let i = 7; i >= 0; i--) b.push(Number((id >> BigInt(i * 8)) & 0xffn));
  return uint64(sha1(b));
}

/** etcd's member: the node kubeadm init ran etcd on, its name and URLs from the static pod's flags. */
export interface Member {
  id: bigint;
  name: string;
  peerURL: string;
  clientURL: string;
}

export function memberOf(nodeName: string, nodeIP: string): Member {
  const peerURL = `https://${nodeIP}:2380`;
  return { id: memberID([peerURL]), name: nodeName, peerURL, clientURL: `https://${nodeIP}:2379` };
}

/** bbolt's page size on amd64. */
const PAGE = 4096;
/** What a snapshot file starts with here (a real one is a bbolt database; its pages are not reproduced). */
export const SNAPSHOT_MAGIC = 'KUBELAB-ETCD-SNAPSHOT v1\n';

/** The snapshot's body: the revision and every key, then NUL padding to whole pages and the 32-byte integrity hash. */
export function snapshotOf(cluster: Cluster): string {
  // Each key's store bucket rides along (a real snapshot needs none: kube-apiserver's storage knows its prefixes).
  const kvs = registryKeys(cluster).map((kv): SnapshotContent['kvs'][number] => [kv.key, kv.createRevision, kv.modRevision, kv.version, kv.value, kv.resource]);
  const body = databaseOf({ revision: cluster.store.currentRevision(), kvs });
  // etcd appends the SHA-256 of the database to a snapshot (hasChecksum: size % 512 == 32).
  return body + fnv32a(body).toString(16).padStart(8, '0').repeat(4);
}

/** The database file of a keyspace: its revision and keys, NUL-padded to whole pages. */
export function databaseOf(content: SnapshotContent): string {
  const body = `${SNAPSHOT_MAGIC}${asciiJSON(content)}\n`;
  return body + '\u0000'.repeat(Math.ceil(body.length / PAGE) * PAGE - body.length);
}

export interface SnapshotContent {
  revision: number;
  kvs: [string, number, number, number, string, string?][];
}

/** A snapshot file's keys, or undefined when the file is not one. */
export function readSnapshot(text: string): SnapshotContent | undefined {
  if (!text.startsWith(SNAPSHOT_MAGIC)) return undefined;
  const end = text.indexOf('\n', SNAPSHOT_MAGIC.length);
  try {
    return JSON.parse(text.slice(SNAPSHOT_MAGIC.length, end)) as SnapshotContent;
  } catch {
    return undefined;
  }
}

/** Whether a file carries the integrity hash etcd appends to a snapshot (snapshot.hasChecksum). */
export const hasChecksum = (size: number) => size % 512 === 32;

/** CRC-32C (Castagnoli), the hash `etcdutl snapshot status` prints, over the file's bytes. */
export function crc32c(s: string): number {
  let crc = ~0;
  for (let i = 0; i < s.length; i++) {
    crc ^= s.charCodeAt(i) & 0xff;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}

/** go-humanize's Bytes: SI units, one decimal under 10 ("2.1 GB", "48 kB"). */
export function humanBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const sizes = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  if (val < 10) return `${val.toFixed(1)} ${sizes[e]}`;
  // Go's %.0f rounds a half to even (46.5 → "46").
  let whole = Math.round(val);
  if (whole - val === 0.5 && whole % 2 === 1) whole--;
  return `${whole} ${sizes[e]}`;
}

/** The database's size in whole pages: what a snapshot of it would be. */
export function dbSize(cluster: Cluster): number {
  return snapshotOf(cluster).length;
}
