/**
 * The node's network devices and routes as the kernel holds them on a
 * kubeadm node with flannel (VXLAN backend): lo; eth0 with the node's
 * InternalIP; flannel.1 with the .0 of the node's pod CIDR; cni0, the bridge
 * the CNI bridge plugin makes with the .1 (the pods' gateway) when the first
 * pod of the pod network starts; one veth per such pod, its peer the pod's
 * eth0 (ifindex 2 in the pod's network namespace, which containerd names
 * cni-<uuid>). Interface indexes count up as devices appear and are never
 * reused, as the kernel's are. Routes: the default via the network's gateway,
 * eth0's subnet, the node's own pod CIDR on cni0, and every other node's pod
 * CIDR through flannel.1 to that node's .0.
 */
import { formatIPv6 } from '../../../util/ipv6.js';
import type { Cluster } from '../../../cluster.js';
import type { NodeHost } from './host.js';
import { hashBytes, netnsName, podViews } from './machine.js';

export interface Link {
  index: number;
  name: string;
  /** `@if2`: the peer's index in another namespace (a veth). */
  peerIndex?: number;
  flags: string[];
  mtu: number;
  qdisc: string;
  master?: string;
  state: 'UP' | 'DOWN' | 'UNKNOWN';
  qlen?: number;
  type: 'loopback' | 'ether';
  mac: string;
  linkNetns?: string;
  /** Inside a pod's namespace: the id it gives the node's (its veth's peer is there). */
  linkNetnsId?: number;
  /** A veth's pod, and the id the node's namespace gives the pod's (`ip netns` lists it). */
  podUID?: string;
  nsid?: number;
  inet: Array<{ addr: string; prefix: number; brd?: string; scope: string }>;
  inet6: Array<{ addr: string; prefix: number; scope: string; flags?: string }>;
}

export interface Route {
  dst: string;
  via?: string;
  dev: string;
  proto?: string;
  scope?: string;
  src?: string;
  onlink?: boolean;
  linkdown?: boolean;
}

/** The node network: 172.18.0.0/16 with its gateway at .1 (the addresses the cluster gives its nodes). */
export const NODE_PREFIX = 16;
const FLANNEL_MTU = 1450;

interface LinkState { next: number; cni0?: number; veths: Map<string, number>; nsids: Map<string, number>; nextNsid: number }
const states = new WeakMap<NodeHost, LinkState>();

const hex2 = (b: number) => b.toString(16).padStart(2, '0');

/*
 * Dotted-quad arithmetic of its own: importing util/ipv4 from this lazily loaded module would make the bundler move
 * that (eager) module into a chunk of its own, which costs the page more than these lines.
 */
export const ipToInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
export const intToIP = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
export const isIPv4 = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((o) => Number(o) <= 255);

/** A locally administered unicast MAC made from `key`. */
export function macOf(key: string, prefix?: number[]): string {
  const b = hashBytes(key, 6);
  if (prefix) prefix.forEach((p, i) => (b[i] = p));
  else b[0] = (b[0] & 0xfc) | 0x02;
  return b.map(hex2).join(':');
}

export { formatIPv6 };

/** The EUI-64 link-local address the kernel derives from a MAC. */
export function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const iid = [b[0] ^ 0x02, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]];
  return formatIPv6([0xfe80, 0, 0, 0, (iid[0] << 8) | iid[1], (iid[2] << 8) | iid[3], (iid[4] << 8) | iid[5], (iid[6] << 8) | iid[7]]);
}

function broadcast(ip: string, prefix: number): string {
  const n = ipToInt(ip);
  const host = 2 ** (32 - prefix) - 1;
  return intToIP(n - (n % (host + 1)) + host);
}

function network(ip: string, prefix: number): string {
  const n = ipToInt(ip);
  return intToIP(n - (n % 2 ** (32 - prefix)));
}

const UP = ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'];

/** The node's devices now, by index. */
export function links(cluster: Cluster, h: NodeHost): Link[] {
  const node = h.config.name;
  let st = states.get(h);
  if (!st) states.set(h, (st = { next: 4, veths: new Map(), nsids: new Map(), nextNsid: 0 }));
  const [cidrAddr, cidrBits] = h.config.podCIDR.split('/');
  const prefix = Number(cidrBits);
  const base = ipToInt(cidrAddr);
  const pods = podViews(cluster, h).filter((v) => !v.hostNetwork);
  const live = new Set<string>();
  for (const v of pods) {
    live.add(v.sandbox.podUID);
    if (st.cni0 === undefined) st.cni0 = st.next++;
    if (!st.veths.has(v.sandbox.podUID)) {
      st.veths.set(v.sandbox.podUID, st.next++);
      st.nsids.set(v.sandbox.podUID, st.nextNsid++);
    }
  }
  for (const uid of [...st.veths.keys()]) if (!live.has(uid)) { st.veths.delete(uid); st.nsids.delete(uid); }
  const ethMac = macOf(`eth0/${node}`, [0x52, 0x54, 0x00]);
  const flannelMac = macOf(`flannel.1/${node}`);
  const out: Link[] = [
    {
      index: 1, name: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, qdisc: 'noqueue', state: 'UNKNOWN', qlen: 1000, type: 'loopback', mac: '00:00:00:00:00:00',
      inet: [{ addr: '127.0.0.1', prefix: 8, scope: 'host' }], inet6: [{ addr: '::1', prefix: 128, scope: 'host', flags: 'noprefixroute' }],
    },
    {
      index: 2, name: 'eth0', flags: UP, mtu: 1500, qdisc: 'fq_codel', state: 'UP', qlen: 1000, type: 'ether', mac: ethMac,
      inet: [{ addr: h.config.internalIP, prefix: NODE_PREFIX, brd: broadcast(h.config.internalIP, NODE_PREFIX), scope: 'global' }],
      inet6: [{ addr: linkLocal(ethMac), prefix: 64, scope: 'link' }],
    },
    {
      index: 3, name: 'flannel.1', flags: UP, mtu: FLANNEL_MTU, qdisc: 'noqueue', state: 'UNKNOWN', type: 'ether', mac: flannelMac,
      inet: [{ addr: intToIP(base), prefix: 32, scope: 'global' }], inet6: [{ addr: linkLocal(flannelMac), prefix: 64, scope: 'link' }],
    },
  ];
  if (st.cni0 !== undefined) {
    const mac = macOf(`cni0/${node}`);
    const carrier = pods.length > 0;
    out.push({
      index: st.cni0, name: 'cni0', flags: carrier ? UP : ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'], mtu: FLANNEL_MTU, qdisc: 'noqueue', state: carrier ? 'UP' : 'DOWN', qlen: 1000, type: 'ether', mac,
      inet: [{ addr: intToIP(base + 1), prefix, brd: broadcast(intToIP(base), prefix), scope: 'global' }], inet6: [{ addr: linkLocal(mac), prefix: 64, scope: 'link' }],
    });
  }
  for (const v of pods) {
    const uid = v.sandbox.podUID;
    const mac = macOf(`veth/${node}/${uid}`);
    out.push({
      index: st.veths.get(uid)!, name: `veth${hashBytes(`vethname/${node}/${uid}`, 4).map(hex2).join('')}`, peerIndex: 2, flags: UP, mtu: FLANNEL_MTU, qdisc: 'noqueue', master: 'cni0',
      state: 'UP', type: 'ether', mac, podUID: uid, nsid: st.nsids.get(uid), linkNetns: netnsName(node, uid), inet: [], inet6: [{ addr: linkLocal(mac), prefix: 64, scope: 'link' }],
    });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The main table, in the kernel's order (the default first, then by destination address). */
export function routes(cluster: Cluster, h: NodeHost, ls: Link[]): Route[] {
  const ip = h.config.internalIP;
  const out: Route[] = [
    { dst: 'default', via: intToIP(ipToInt(network(ip, NODE_PREFIX)) + 1), dev: 'eth0', proto: 'static' },
    { dst: `${network(ip, NODE_PREFIX)}/${NODE_PREFIX}`, dev: 'eth0', proto: 'kernel', scope: 'link', src: ip },
  ];
  const cni0 = ls.find((l) => l.name === 'cni0');
  for (const n of cluster.nodeConfigs) {
    if (n.name === h.config.name) {
      if (cni0) out.push({ dst: n.podCIDR, dev: 'cni0', proto: 'kernel', scope: 'link', src: cni0.inet[0].addr, linkdown: cni0.state === 'DOWN' });
    } else {
      out.push({ dst: n.podCIDR, via: n.podCIDR.split('/')[0], dev: 'flannel.1', onlink: true });
    }
  }
  const key = (r: Route) => (r.dst === 'default' ? -1 : ipToInt(r.dst.split('/')[0]));
  return out.sort((a, b) => key(a) - key(b));
}
