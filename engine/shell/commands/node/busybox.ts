/**
 * busybox 1.36's free, df, nproc, uptime and ip inside a pod's container on
 * the node it runs on: the kernel's figures are the node's (a container sees
 * the host's /proc/meminfo, load and CPUs), the mounts and network devices
 * the pod's own: its overlay root, the kubelet's /etc/hosts, hostname,
 * resolv.conf and termination log from the node's disk, the sandbox's shm,
 * the service-account token's tmpfs and the paths the kubelet masks; lo and
 * eth0@ifN, the pod's end of its veth (N the host end's index, as `ip link`
 * on the node shows it). Layouts from busybox's procps/free.c,
 * coreutils/df.c, procps/uptime.c and libiproute/ipaddress.c.
 */
import type { Cluster } from '../../../cluster.js';
import { objectKey } from '../../../api/meta.js';
import { nodeHost, type NodeHost } from './host.js';
import { intToIP, ipToInt, links, linkLocal, macOf, type Link } from './links.js';
import { cpuCount, loadAverages, memInfo, mounts, podViews, tokenVolumes, uptimeSeconds, type Mount } from './machine.js';

export interface ContainerOrigin { node: string; namespace: string; podName: string }
export interface ToolResult { stdout: string; stderr: string; exitCode: number }

const ok = (stdout: string): ToolResult => ({ stdout, stderr: '', exitCode: 0 });

/** make_human_readable_str: a figure in display units rounded to nearest, or with -h one decimal and a suffix. */
export function bbHuman(bytes: number, unit: number): string {
  if (bytes === 0) return '0';
  if (unit) return String(Math.floor((bytes + Math.floor(unit / 2)) / unit));
  let val = bytes;
  let frac = 0;
  let u = 0;
  while (val >= 1024) {
    u++;
    frac = Math.floor(((val % 1024) * 10 + 512) / 1024);
    val = Math.floor(val / 1024);
  }
  if (frac >= 10) { val++; frac = 0; }
  return u ? `${val}.${frac}${' KMGTPEZY'[u]}` : String(val);
}

const FREE_USAGE = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: free [-bkmgh]\n\nDisplay free and used memory\n';

function free(h: NodeHost, cluster: Cluster, args: string[]): ToolResult {
  let unit = 1024;
  if (args[0]?.startsWith('-')) {
    const u = ({ b: 1, k: 1024, m: 1 << 20, g: 1 << 30, h: 0 } as Record<string, number>)[args[0][1]];
    if (u === undefined) return { stdout: '', stderr: `free: invalid option -- '${args[0][1] ?? ''}'\n${FREE_USAGE}`, exitCode: 1 };
    unit = u;
  }
  const m = memInfo(cluster, h);
  const s = (kib: number) => bbHuman(kib * 1024, unit).padStart(12);
  // busybox counts buffers, page cache and reclaimable slab as buff/cache, and used as what is left.
  const cache = m.buffersKiB + m.cacheKiB;
  return ok(`       ${['total', 'used', 'free', 'shared', 'buff/cache', 'available'].map((x) => x.padStart(12)).join('')}\n`
    + `Mem:   ${s(m.totalKiB)}${s(m.totalKiB - cache - m.freeKiB)}${s(m.freeKiB)}${s(m.sharedKiB)}${s(cache)}${s(m.availableKiB)}\n`
    + `Swap:  ${s(0)}${s(0)}${s(0)}\n`);
}

function uptime(h: NodeHost, cluster: Cluster, args: string[]): ToolResult {
  const up = Math.floor(uptimeSeconds(cluster, h));
  const two = (n: number) => String(n).padStart(2, '0');
  if (args.includes('-s')) {
    const d = new Date(h.bootAt);
    return ok(`${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}\n`);
  }
  const now = new Date(cluster.clock.now());
  const days = Math.floor(up / 86_400);
  const minutes = Math.floor(up / 60);
  const hours = Math.floor(minutes / 60) % 24;
  let out = ` ${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())} up `;
  if (days) out += `${days} day${days !== 1 ? 's' : ''}, `;
  out += hours ? `${String(hours).padStart(2)}:${two(minutes % 60)}` : `${minutes % 60} min`;
  // No login in a container's utmp; sysinfo's loads in 1/65536ths, printed with their hundredths cut, not rounded.
  const load = loadAverages(cluster, h).map((l) => {
    const fixed = Math.floor(l * 65_536);
    return `${Math.floor(fixed / 65_536)}.${two(Math.floor(((fixed % 65_536) * 100) / 65_536))}`;
  });
  return ok(`${out},  0 users,  load average: ${load.join(', ')}\n`);
}

/** The pod's mounts as its /proc/mounts lists them (those with blocks: proc, sysfs and devpts have none). */
function podMounts(cluster: Cluster, h: NodeHost, pod: ContainerOrigin): Mount[] {
  const node = mounts(cluster, h);
  const root = node.find((m) => m.target === '/')!;
  const dev = (target: string): Mount => ({ source: 'tmpfs', type: 'tmpfs', target, blocks: 65_536, used: 0, avail: 65_536 });
  const half = node.find((m) => m.target === '/dev/shm')!;
  const view = podViews(cluster, h).find((v) => v.sandbox.namespace === pod.namespace && v.sandbox.name === pod.podName);
  const token = view && tokenVolumes(view).find((v) => v.plugin === 'kubernetes.io~projected');
  const tokenMount = token && node.find((m) => m.target.endsWith(`/${token.plugin}/${token.name}`));
  const disk = (target: string): Mount => ({ ...root, source: '/dev/sda1', type: 'ext4', target });
  const out: Mount[] = [{ ...root, source: 'overlay', type: 'overlay', target: '/' }, dev('/dev'), disk('/etc/hosts'), disk('/dev/termination-log'), disk('/etc/hostname'), disk('/etc/resolv.conf'),
    { source: 'shm', type: 'tmpfs', target: '/dev/shm', blocks: 65_536, used: 0, avail: 65_536 }];
  if (tokenMount) out.push({ ...tokenMount, target: '/var/run/secrets/kubernetes.io/serviceaccount' });
  // The kubelet's masked paths that exist on the node: directories get an empty read-only tmpfs, files /dev/null.
  const masked = (target: string): Mount => ({ ...half, target });
  out.push(masked('/proc/acpi'), dev('/proc/kcore'), dev('/proc/keys'), dev('/proc/timer_list'), masked('/proc/scsi'), masked('/sys/firmware'));
  return out;
}

function df(h: NodeHost, cluster: Cluster, pod: ContainerOrigin, args: string[]): ToolResult {
  let unit = 1024;
  let type = false;
  for (const a of args) {
    if (!a.startsWith('-')) continue;
    for (const ch of a.slice(1)) {
      if (ch === 'h') unit = 0;
      else if (ch === 'm') unit = 1 << 20;
      else if (ch === 'k') unit = 1024;
      else if (ch === 'T') type = true;
      else if (!'aP'.includes(ch)) return { stdout: '', stderr: `df: unrecognized option: ${ch}\nBusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: df [-PkmhT] [-t TYPE] [FILESYSTEM]...\n\nPrint filesystem usage statistics\n`, exitCode: 1 };
    }
  }
  const header = unit === 0 ? '     Size' : unit === 1024 ? '1K-blocks' : '1M-blocks';
  let out = `Filesystem           ${type ? 'Type       ' : ''}${header.padEnd(15)}Used Available Use% Mounted on\n`;
  for (const m of podMounts(cluster, h, pod)) {
    const total = m.used + m.avail;
    const pct = total ? Math.floor((m.used * 100 + Math.floor(total / 2)) / total) : 0;
    out += m.source.length > 20 ? `${m.source}\n${' '.repeat(20)}` : m.source.padEnd(20);
    if (type) out += ` ${m.type.padEnd(10)}`;
    out += ` ${bbHuman(m.blocks * 1024, unit).padStart(9)} ${bbHuman(m.used * 1024, unit).padStart(9)} ${bbHuman(m.avail * 1024, unit).padStart(9)} ${String(pct).padStart(3)}% ${m.target}\n`;
  }
  return ok(out);
}

/** busybox ip's device block: no state, mode or group; M-DOWN for a veth whose peer is in another namespace. */
function bbLink(l: Link, withAddrs: boolean): string {
  const flags = l.peerIndex ? [...l.flags, 'M-DOWN'] : l.flags;
  let out = `${l.index}: ${l.name}${l.peerIndex ? `@if${l.peerIndex}` : ''}: <${flags.join(',')}> mtu ${l.mtu} qdisc ${l.qdisc} ${l.master ? `master ${l.master} ` : ''}${l.qlen ? `qlen ${l.qlen}` : ''}\n`;
  out += `    link/${l.type} ${l.mac} brd ${l.type === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff'}\n`;
  if (!withAddrs) return out;
  for (const a of l.inet) out += `    inet ${a.addr}/${a.prefix}${a.brd ? ` brd ${a.brd}` : ''} scope ${a.scope} ${l.name}\n       valid_lft forever preferred_lft forever\n`;
  for (const a of l.inet6) out += `    inet6 ${a.addr}/${a.prefix} scope ${a.scope} \n       valid_lft forever preferred_lft forever\n`;
  return out;
}

/** The pod's network namespace: lo and its end of the veth (a hostNetwork pod sees the node's devices). */
export function podLinks(cluster: Cluster, h: NodeHost, pod: ContainerOrigin): Link[] {
  const all = links(cluster, h);
  const stored = cluster.store.get('pods', objectKey({ metadata: { namespace: pod.namespace, name: pod.podName } })) as { metadata: { uid?: string }; spec?: { hostNetwork?: boolean }; status?: { podIP?: string } } | undefined;
  if (stored?.spec?.hostNetwork) return all.map((l) => ({ ...l, inet6: l.inet6.map((a) => ({ ...a, flags: undefined })) }));
  const uid = stored?.metadata.uid ?? '';
  const hostEnd = all.find((l) => l.podUID === uid);
  const lo = all[0];
  const cni0 = all.find((l) => l.name === 'cni0');
  const mac = macOf(`podeth0/${h.config.name}/${uid}`);
  const ip = stored?.status?.podIP;
  const eth0: Link = {
    index: 2, name: 'eth0', peerIndex: hostEnd?.index, linkNetnsId: 0, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1450, qdisc: 'noqueue', state: 'UP', type: 'ether', mac,
    inet: ip && cni0 ? [{ addr: ip, prefix: cni0.inet[0].prefix, brd: cni0.inet[0].brd, scope: 'global' }] : [], inet6: [{ addr: linkLocal(mac), prefix: 64, scope: 'link' }],
  };
  return [{ ...lo, inet6: [{ addr: '::1', prefix: 128, scope: 'host' }] }, eth0];
}

function ip(cluster: Cluster, h: NodeHost, pod: ContainerOrigin, args: string[]): ToolResult {
  const rest = args.filter((a) => !a.startsWith('-'));
  const object = rest[0] ?? '';
  const ls = podLinks(cluster, h, pod);
  if (object === '') return { stdout: '', stderr: 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n', exitCode: 1 };
  if ('address'.startsWith(object) || 'link'.startsWith(object)) {
    const withAddrs = 'address'.startsWith(object);
    const dev = rest[1] === 'show' || rest[1] === 'list' ? rest[rest[2] === 'dev' ? 3 : 2] : undefined;
    const shown = dev ? ls.filter((l) => l.name === dev) : ls;
    if (dev && !shown.length) return { stdout: '', stderr: `ip: can't find device '${dev}'\n`, exitCode: 1 };
    return ok(shown.map((l) => bbLink(l, withAddrs)).join(''));
  }
  if ('route'.startsWith(object)) {
    const eth0 = ls.find((l) => l.name === 'eth0');
    const a = eth0?.inet[0];
    if (!a) return ok('');
    // flannel's CNI config: the bridge (.1 of the node's block) is the gateway, to the cluster's pod network too.
    const [block] = h.config.podCIDR.split('/');
    const gw = intToIP(ipToInt(block) + 1);
    return ok(`default via ${gw} dev eth0 \n${cluster.podNetwork.clusterCIDR} via ${gw} dev eth0 \n${h.config.podCIDR} dev eth0 scope link  src ${a.addr} \n`);
  }
  return { stdout: '', stderr: `ip: unknown command '${object}'\n`, exitCode: 1 };
}

/** Runs busybox's `argv[0]` in the pod's container; undefined when the node is not there. */
export function containerTool(cluster: Cluster, argv: string[], pod: ContainerOrigin): ToolResult | undefined {
  const h = nodeHost(cluster, pod.node);
  if (!h) return undefined;
  const args = argv.slice(1);
  switch (argv[0].split('/').pop()) {
    case 'free': return free(h, cluster, args);
    case 'uptime': return uptime(h, cluster, args);
    case 'nproc': return ok(`${cpuCount(h)}\n`);
    case 'df': return df(h, cluster, pod, args);
    case 'ip': return ip(cluster, h, pod, args);
    default: return undefined;
  }
}
