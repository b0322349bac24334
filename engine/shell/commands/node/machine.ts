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
}

/** The OS's own files on the root disk (Ubuntu 24.04 cloud image with containerd and the kubeadm packages). */
const OS_DISK_KiB = 4_312_096;
/** A snapshot unpacks each layer beside the compressed blobs containerd keeps. */
const IMAGE_DISK_FACTOR = 2.4;

function tmpfs(target: string, blocks: number, used: number, source = 'tmpfs'): Mount {
  return { source, type: 'tmpfs', target, blocks, used, avail: blocks - used };
}

/** The memory a pod's tmpfs volumes may use: the pod's memory limit when every container has one, else the node's allocatable memory (the kubelet sizes them so). */
function podTmpfsKiB(v: PodView, allocatableKiB: number): number {
  const cs = v.pod?.spec?.containers ?? [];
  if (cs.length && cs.every((c) => c.resources?.limits?.memory)) return Math.floor(cs.reduce((n, c) => n + bytes(c.resources!.limits!.memory), 0) / KiB);
  return allocatableKiB;
}

/** The node's mounts in the order the kernel lists them (boot's first, then each pod's as it started, the login's). */
export function mounts(cluster: Cluster, h: NodeHost): Mount[] {
  const mem = memInfo(cluster, h);
  const total = mem.totalKiB;
  // The root disk is what the kubelet reports as the node's ephemeral-storage capacity.
  const node = cluster.store.get('nodes', objectKey({ metadata: { name: h.config.name } })) as { status?: { capacity?: Record<string, string> } } | undefined;
  const blocks = Math.floor(bytes(node?.status?.capacity?.['ephemeral-storage'] ?? '61202244Ki') / KiB);
  const containers = [...h.kubelet.runtime.containers.values()];
  const used = Math.min(blocks, OS_DISK_KiB + Math.round((imageBytes(h) * IMAGE_DISK_FACTOR) / KiB) + containers.length * 8);
  // ext4 keeps 5% of its blocks for root: df's Avail leaves them out.
  const reserved = Math.floor(blocks * 0.05);
  const root: Mount = { source: '/dev/sda1', type: 'ext4', target: '/', blocks, used, avail: Math.max(0, blocks - used - reserved) };
  const pageKiB = (n: number) => Math.floor(n / 4) * 4;
  const out: Mount[] = [
    tmpfs('/run', pageKiB(total / 10), RUN_USED_KiB),
    root,
    tmpfs('/dev/shm', pageKiB(total / 2), 0),
    tmpfs('/run/lock', 5_120, 0),
    { source: '/dev/sda15', type: 'vfat', target: '/boot/efi', blocks: 106_832, used: 6_186, avail: 100_646 },
  ];
  const allocatableKiB = total - 100 * 1024;
  const login = h.loginAt ?? h.bootAt;
  let loginShown = false;
  const loginMount = () => { loginShown = true; out.push(tmpfs('/run/user/1000', pageKiB(total / 10), 4)); };
  for (const v of podViews(cluster, h)) {
    if (!loginShown && v.sandbox.createdAt > login) loginMount();
    const uid = v.pod?.metadata.uid ?? v.sandbox.podUID;
    for (const vol of tokenVolumes(v)) {
      out.push(tmpfs(`/var/lib/kubelet/pods/${uid}/volumes/${vol.plugin}/${vol.name}`, podTmpfsKiB(v, allocatableKiB), vol.plugin === 'kubernetes.io~projected' ? TOKEN_VOLUME_KiB : 8));
    }
    if (!v.pod?.spec?.hostIPC) out.push(tmpfs(`/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${v.sandbox.id}/shm`, 65_536, 0, 'shm'));
    const overlay = (id: string): Mount => ({ ...root, source: 'overlay', type: 'overlay', target: `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/rootfs` });
    out.push(overlay(v.sandbox.id));
    for (const c of [...v.sandbox.containers].sort((a, b) => a.startedAt - b.startedAt)) if (c.state === 'running') out.push(overlay(c.id));
  }
  if (!loginShown) loginMount();
  return out;
}

/** A stable pseudo-random byte string for `key` (MAC addresses, veth names, netns names). */
export function hashBytes(key: string, n: number): number[] {
  const hex = sha256Hex(key);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  return out;
}
