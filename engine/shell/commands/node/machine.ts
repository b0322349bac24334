/**
 * What the node's kernel would report about itself, computed from the
 * simulation so that free, uptime, df, ip and ss agree with the Node object,
 * `kubectl top node` and `kubectl describe node`:
 *
 * - memory: MemTotal is the node's memory capacity; "used" (MemTotal -
 *   MemAvailable, procps 4's definition) is the kubelet's working set of the
 *   node, the figure metrics-server reports; page cache grows with the images
 *   the node holds.
 * - CPUs: the capacity's cpu count; the load averages are the CPU the node's
 *   daemons and containers use, smoothed as the kernel's 1, 5 and 15 minute
 *   averages would smooth a step that started when each container started.
 * - disks: the root filesystem's size is the ephemeral-storage capacity; its
 *   use grows with the images pulled; each pod adds its tmpfs volumes, the
 *   sandbox's shm and an overlay per container (as `df` lists them on a node).
 *
 * The fixed figures (buffers, the OS's share of the disk, /run's use) are what
 * an Ubuntu 24.04 VM of this size shows after boot.
 */
import type { Cluster } from '../../../cluster.js';
import { objectKey } from '../../../api/meta.js';
import { bytes, milliCPU } from '../../../util/quantity.js';
import { sha256Hex } from '../../../util/sha256.js';
import { sandboxes, type NodeHost, type Sandbox } from './host.js';

const KiB = 1024;

/*
 * The node's daemons' CPU (NODE_SYSTEM_USAGE in kubelet/node-status.ts, which metrics-server adds to the node's
 * usage; machine-tools.test.ts checks the two agree). Not imported: a lazily loaded module importing that eager one
 * makes the bundler split it into a chunk of its own, which costs the page more than this line.
 */
export const DAEMONS_CPU_MILLI = 45;

export interface MemInfo {
  totalKiB: number;
  usedKiB: number;
  freeKiB: number;
  sharedKiB: number;
  buffersKiB: number;
  /** Cached + SReclaimable (procps' "cache"). */
  cacheKiB: number;
  availableKiB: number;
}

/** What a pod's containers and volumes look like to the host. */
export interface PodView {
  sandbox: Sandbox;
  pod?: PodObject;
  hostNetwork: boolean;
}

interface PodObject {
  metadata: { uid?: string; name: string; namespace?: string };
  spec?: {
    hostNetwork?: boolean;
    hostIPC?: boolean;
    volumes?: Array<{ name: string; projected?: unknown; secret?: unknown; emptyDir?: { medium?: string } }>;
    containers?: Array<{ resources?: { limits?: Record<string, string> } }>;
  };
  status?: { podIP?: string };
}

/** The node's CPUs: its capacity's whole cores (at least one). */
export function cpuCount(h: NodeHost): number {
  return Math.max(1, Math.floor(milliCPU(h.config.cpu) / 1000));
}

/** The node's pods with a sandbox up (running or kept for a pod that is not finished), oldest first. */
export function podViews(cluster: Cluster, h: NodeHost): PodView[] {
  if (!h.kubelet.poweredOn()) return [];
  return sandboxes(cluster, h)
    .filter((s) => s.ready)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    .map((sandbox) => {
      const pod = cluster.store.get('pods', objectKey({ metadata: { namespace: sandbox.namespace, name: sandbox.name } })) as PodObject | undefined;
      return { sandbox, pod, hostNetwork: !!pod?.spec?.hostNetwork || sandbox.podUID.startsWith('static:') };
    });
}

/** Bytes of the images the node holds (what containerd keeps in its content store). */
function imageBytes(h: NodeHost): number {
  let sum = 0;
  for (const i of h.kubelet.runtime.images.values()) sum += i.sizeBytes;
  return sum;
}

/** A kube-api-access token volume holds three small files: three 4 KiB pages of tmpfs. */
const TOKEN_VOLUME_KiB = 12;
/** /run after boot: systemd's, networkd's and resolved's state files. */
const RUN_USED_KiB = 1_148;

/** /proc/meminfo's figures as procps reads them. */
export function memInfo(cluster: Cluster, h: NodeHost): MemInfo {
  const totalKiB = Math.floor(bytes(h.config.memory) / KiB);
  const workingSet = h.kubelet.memoryWorkingSet();
  // The kernel keeps some memory free whatever runs: a node past its capacity is the OOM killer's.
  const reserve = Math.floor(totalKiB * 0.02);
  const usedKiB = Math.min(Math.round(workingSet / KiB), totalKiB - reserve);
  const tmpfsKiB = podViews(cluster, h).reduce((n, v) => n + tokenVolumes(v).length * TOKEN_VOLUME_KiB, 0);
  const sharedKiB = RUN_USED_KiB + tmpfsKiB;
  const buffersKiB = Math.floor(totalKiB * 0.012);
  // Page cache: the OS's files and every image layer read so far, as far as memory not in use allows.
  const wantCache = Math.floor(totalKiB * 0.18) + Math.floor(imageBytes(h) / KiB / 2) + sharedKiB;
  const cacheKiB = Math.max(sharedKiB, Math.min(wantCache, totalKiB - usedKiB - buffersKiB - reserve + sharedKiB));
  const availableKiB = totalKiB - usedKiB;
  const freeKiB = Math.max(0, availableKiB - buffersKiB - cacheKiB + sharedKiB);
  return { totalKiB, usedKiB, freeKiB, sharedKiB, buffersKiB, cacheKiB, availableKiB };
}

/** Seconds since the machine booted. */
export function uptimeSeconds(cluster: Cluster, h: NodeHost): number {
  return Math.max(0, (cluster.clock.now() - h.bootAt) / 1000);
}

/**
 * The 1, 5 and 15 minute load averages: each container's CPU, and the node's daemons', as a
 * step that began when it started, through the kernel's exponential average (1 - e^(-t/window)).
 */
export function loadAverages(cluster: Cluster, h: NodeHost): [number, number, number] {
  const now = cluster.clock.now();
  const windows = [60_000, 300_000, 900_000];
  const out: [number, number, number] = [0, 0, 0];
  const add = (cores: number, since: number) => windows.forEach((w, i) => (out[i] += cores * (1 - Math.exp(-Math.max(0, now - since) / w))));
  add(DAEMONS_CPU_MILLI / 1000, h.bootAt);
  if (h.kubelet.poweredOn()) {
    for (const c of h.kubelet.runtime.containers.values()) if (c.state === 'running') add(c.cpuMilli(now) / 1000, c.startedAt);
  }
  return out;
}

/** The names of a pod's volumes that the kubelet mounts as tmpfs: service-account tokens (projected) and secrets. */
export function tokenVolumes(v: PodView): Array<{ name: string; plugin: string }> {
  const out: Array<{ name: string; plugin: string }> = [];
  for (const vol of v.pod?.spec?.volumes ?? []) {
    if (vol.projected) out.push({ name: vol.name, plugin: 'kubernetes.io~projected' });
    else if (vol.secret) out.push({ name: vol.name, plugin: 'kubernetes.io~secret' });
    else if (vol.emptyDir?.medium === 'Memory') out.push({ name: vol.name, plugin: 'kubernetes.io~empty-dir' });
  }
  return out;
}

export interface Mount {
  source: string;
  type: string;
  target: string;
  /** 1K blocks, used and available. */
  blocks: number;
  used: number;
  avail: number;
  /** The options /proc/mounts shows (mount's parenthesis). */
  options?: string;
  /** A filesystem of no blocks (sysfs, proc, cgroup2, nsfs…): df leaves it out unless -a. */
  dummy?: boolean;
}

/** The OS's own files on the root disk (Ubuntu 24.04 cloud image with containerd and the kubeadm packages). */
const OS_DISK_KiB = 4_312_096;
/** A snapshot unpacks each layer beside the compressed blobs containerd keeps. */
const IMAGE_DISK_FACTOR = 2.4;

function tmpfs(target: string, blocks: number, used: number, options: string, source = 'tmpfs'): Mount {
  return { source, type: 'tmpfs', target, blocks, used, avail: blocks - used, options };
}

/** A pseudo filesystem as systemd and the kernel mount them at boot (no blocks). */
function pseudo(source: string, target: string, type: string, extra = ''): Mount {
  return { source, type, target, blocks: 0, used: 0, avail: 0, options: `rw,nosuid,nodev,noexec,relatime${extra}`, dummy: true };
}

/** The memory a pod's tmpfs volumes may use: the pod's memory limit when every container has one, else the node's allocatable memory (the kubelet sizes them so). */
function podTmpfsKiB(v: PodView, allocatableKiB: number): number {
  const cs = v.pod?.spec?.containers ?? [];
  if (cs.length && cs.every((c) => c.resources?.limits?.memory)) return Math.floor(cs.reduce((n, c) => n + bytes(c.resources!.limits!.memory), 0) / KiB);
  return allocatableKiB;
}

/** The root filesystem's options (the cloud image's fstab: LABEL=cloudimg-rootfs, discard, commit=30). */
export const ROOT_OPTIONS = 'rw,relatime,discard,errors=remount-ro,commit=30';
/** The sandboxes' image (kubeadm's, which the kubelet pins). */
const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10.1';
const SNAPSHOTS = '/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots';

/**
 * containerd's overlayfs snapshots: each image's layers numbered in the order the node got them (a pause image
 * has one layer, others one to five, from their ids), then each container's writable layer in the order it was
 * created; a rootfs mount's lowerdir lists its image's layers top first.
 */
function overlayOptions(h: NodeHost, views: PodView[]): (image: string, id: string) => string {
  const layers = new Map<string, number[]>();
  let next = 1;
  for (const i of h.kubelet.runtime.images.values()) {
    const n = i.program === 'pause' ? 1 : 1 + (parseInt(i.id.replace(/^sha256:/, '').slice(0, 2), 16) % 5);
    layers.set(i.name, Array.from({ length: n }, () => next++));
  }
  const made = views.flatMap((v) => [{ id: v.sandbox.id, at: v.sandbox.createdAt }, ...v.sandbox.containers.map((c) => ({ id: c.id, at: c.startedAt }))]);
  const uppers = new Map<string, number>();
  for (const c of made.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))) uppers.set(c.id, next++);
  return (image, id) => {
    const lower = layers.get(image) ?? [1];
    const up = uppers.get(id) ?? next;
    return `rw,relatime,lowerdir=${[...lower].reverse().map((n) => `${SNAPSHOTS}/${n}/fs`).join(':')},upperdir=${SNAPSHOTS}/${up}/fs,workdir=${SNAPSHOTS}/${up}/work`;
  };
}

/**
 * The node's mounts in the order the kernel lists them in /proc/mounts (what mount and findmnt print): the
 * kernel's and systemd's at boot, then each pod's as it started (the kubelet's tmpfs volumes, containerd's network
 * namespace, the sandbox's shm, the sandbox's and each running container's overlay rootfs), the login's runtime
 * folder when the learner logged in. Built from the kubelet's and runtime's state when read.
 */
export function mountTable(cluster: Cluster, h: NodeHost): Mount[] {
  const mem = memInfo(cluster, h);
  const total = mem.totalKiB;
  // The root disk is what the kubelet reports as the node's ephemeral-storage capacity.
  const node = cluster.store.get('nodes', objectKey({ metadata: { name: h.config.name } })) as { status?: { capacity?: Record<string, string> } } | undefined;
  const blocks = Math.floor(bytes(node?.status?.capacity?.['ephemeral-storage'] ?? '61202244Ki') / KiB);
  const containers = [...h.kubelet.runtime.containers.values()];
  const used = Math.min(blocks, OS_DISK_KiB + Math.round((imageBytes(h) * IMAGE_DISK_FACTOR) / KiB) + containers.length * 8);
  // ext4 keeps 5% of its blocks for root: df's Avail leaves them out.
  const reserved = Math.floor(blocks * 0.05);
  const root: Mount = { source: '/dev/sda1', type: 'ext4', target: '/', blocks, used, avail: Math.max(0, blocks - used - reserved), options: ROOT_OPTIONS };
  const pageKiB = (n: number) => Math.floor(n / 4) * 4;
  const runKiB = pageKiB(total / 10);
  const devKiB = pageKiB(total / 2);
  const out: Mount[] = [
    pseudo('sysfs', '/sys', 'sysfs'),
    pseudo('proc', '/proc', 'proc'),
    { ...pseudo('udev', '/dev', 'devtmpfs'), options: `rw,nosuid,relatime,size=${devKiB}k,nr_inodes=${devKiB / 4},mode=755,inode64` },
    { ...pseudo('devpts', '/dev/pts', 'devpts'), options: 'rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000' },
    tmpfs('/run', runKiB, RUN_USED_KiB, `rw,nosuid,nodev,noexec,relatime,size=${runKiB}k,mode=755,inode64`),
    root,
    pseudo('securityfs', '/sys/kernel/security', 'securityfs'),
    tmpfs('/dev/shm', pageKiB(total / 2), 0, 'rw,nosuid,nodev,inode64'),
    tmpfs('/run/lock', 5_120, 0, 'rw,nosuid,nodev,noexec,relatime,size=5120k,inode64'),
    pseudo('cgroup2', '/sys/fs/cgroup', 'cgroup2', ',nsdelegate,memory_recursiveprot'),
    pseudo('pstore', '/sys/fs/pstore', 'pstore'),
    pseudo('efivarfs', '/sys/firmware/efi/efivars', 'efivarfs'),
    pseudo('bpf', '/sys/fs/bpf', 'bpf', ',mode=700'),
    { ...pseudo('systemd-1', '/proc/sys/fs/binfmt_misc', 'autofs'), options: 'rw,relatime,fd=32,pgrp=1,timeout=0,minproto=5,maxproto=5,direct,pipe_ino=2120' },
    { ...pseudo('hugetlbfs', '/dev/hugepages', 'hugetlbfs'), options: 'rw,nosuid,nodev,relatime,pagesize=2M' },
    pseudo('mqueue', '/dev/mqueue', 'mqueue'),
    pseudo('debugfs', '/sys/kernel/debug', 'debugfs'),
    pseudo('tracefs', '/sys/kernel/tracing', 'tracefs'),
    pseudo('fusectl', '/sys/fs/fuse/connections', 'fusectl'),
    pseudo('configfs', '/sys/kernel/config', 'configfs'),
    {
      source: '/dev/sda15', type: 'vfat', target: '/boot/efi', blocks: 106_832, used: 6_186, avail: 100_646,
      options: 'rw,relatime,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro',
    },
    pseudo('binfmt_misc', '/proc/sys/fs/binfmt_misc', 'binfmt_misc'),
  ];
  const allocatableKiB = total - 100 * 1024;
  const login = h.loginAt ?? h.bootAt;
  let loginShown = false;
  const loginMount = () => {
    loginShown = true;
    out.push(tmpfs('/run/user/1000', runKiB, 4, `rw,nosuid,nodev,relatime,size=${runKiB}k,nr_inodes=${runKiB / 4},mode=700,uid=1000,gid=1000,inode64`));
  };
  const views = podViews(cluster, h);
  const overlay = overlayOptions(h, views);
  const rootfs = (id: string, image: string): Mount => ({ ...root, source: 'overlay', type: 'overlay', target: `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/rootfs`, options: overlay(image, id) });
  for (const v of views) {
    if (!loginShown && v.sandbox.createdAt > login) loginMount();
    const uid = v.pod?.metadata.uid ?? v.sandbox.podUID;
    for (const vol of tokenVolumes(v)) {
      const size = podTmpfsKiB(v, allocatableKiB);
      out.push(tmpfs(`/var/lib/kubelet/pods/${uid}/volumes/${vol.plugin}/${vol.name}`, size, vol.plugin === 'kubernetes.io~projected' ? TOKEN_VOLUME_KiB : 8, `rw,relatime,size=${size}k,inode64`));
    }
    if (!v.hostNetwork) out.push({ source: 'nsfs', type: 'nsfs', target: `/run/netns/${netnsName(h.config.name, v.sandbox.podUID)}`, blocks: 0, used: 0, avail: 0, options: 'rw', dummy: true });
    if (!v.pod?.spec?.hostIPC) out.push(tmpfs(`/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${v.sandbox.id}/shm`, 65_536, 0, 'rw,nosuid,nodev,noexec,relatime,size=65536k,inode64', 'shm'));
    out.push(rootfs(v.sandbox.id, PAUSE_IMAGE));
    for (const c of [...v.sandbox.containers].sort((a, b) => a.startedAt - b.startedAt)) if (c.state === 'running') out.push(rootfs(c.id, c.opts.image.name));
  }
  if (!loginShown) loginMount();
  return out;
}

/** The node's mounts that df lists (those with blocks), in the kernel's order. */
export function mounts(cluster: Cluster, h: NodeHost): Mount[] {
  return mountTable(cluster, h).filter((m) => !m.dummy);
}

/** A random (version 4) UUID made from `key`. */
export function uuidOf(key: string): string {
  const b = hashBytes(key, 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A pod's network namespace as containerd names it, cni-<uuid> (its file under /run/netns, `ip netns`). */
export function netnsName(node: string, podUID: string): string {
  return `cni-${uuidOf(`netns/${node}/${podUID}`)}`;
}

/** A stable pseudo-random byte string for `key` (MAC addresses, veth names, netns names). */
export function hashBytes(key: string, n: number): number[] {
  const hex = sha256Hex(key);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  return out;
}
