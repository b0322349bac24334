/**
 * ss (iproute2 6.1.0) on the node the shell is on: the TCP and UDP sockets
 * a kubeadm node listens on, each while its process runs: kube-apiserver
 * *:6443; etcd on 127.0.0.1 and the node's address :2379, :2380 and metrics
 * 127.0.0.1:2381; kube-controller-manager 127.0.0.1:10257; kube-scheduler
 * 127.0.0.1:10259; the kubelet *:10250 and healthz 127.0.0.1:10248;
 * kube-proxy metrics 127.0.0.1:10249 and healthz *:10256; containerd's CRI
 * streaming server on a loopback port; systemd-resolved's stub on
 * 127.0.0.53%lo:53 and 127.0.0.54:53; sshd on :22 (socket-activated by
 * systemd on Ubuntu 24.04). CoreDNS listens inside its pod, and NodePorts are
 * iptables rules, not sockets. The table is laid out as ss's render() does
 * (column widths from the content; on a terminal, spread to its width).
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { getoptLong, type LongOption } from './getopt.js';
import { currentNodeName, nodeHost, type NodeHost } from './host.js';
import { nodeProcesses, type Proc } from './processes.js';
import type { Cluster } from '../../../cluster.js';

export interface Socket {
  proto: 'tcp' | 'udp';
  v6: boolean;
  state: 'LISTEN' | 'UNCONN' | 'ESTAB';
  recvQ: number;
  sendQ: number;
  local: string;
  port: number;
  iface?: string;
  /** A connected socket's other end. */
  peer?: { addr: string; port: number };
  users: Array<{ comm: string; pid: number; fd: number }>;
}

/** Go's listeners take the kernel's somaxconn (4096) as their backlog. */
const BACKLOG = 4096;
/** containerd's CRI streaming server: a random loopback port fixed at its start. */
function streamingPort(h: NodeHost): number {
  return 32_768 + (h.units.containerd.mainPID * 7919) % 28_000;
}

/** A client's ephemeral port (net.ipv4.ip_local_port_range 32768-60999), the same for one connection every time. */
function ephemeral(key: string): number {
  let n = 0;
  for (let i = 0; i < key.length; i++) n = (n * 31 + key.charCodeAt(i)) % 28_232;
  return 32_768 + n;
}

/**
 * The long-lived TCP connections to the API server: each node's kubelet and kube-proxy watch it over one
 * connection to the control plane's address, and kube-scheduler and kube-controller-manager from the control
 * plane itself. The API server's end is its dual-stack socket's, with the client's address IPv4-mapped.
 */
export function connections(cluster: Cluster, h: NodeHost, procs: Proc[]): Socket[] {
  const cp = cluster.nodeConfigs.find((n) => n.role === 'control-plane') ?? cluster.nodeConfigs[0];
  const pid = (comm: string) => procs.find((p) => p.comm === comm)?.pid;
  const out: Socket[] = [];
  const estab = (local: string, port: number, peer: string, peerPort: number, comm: string, p: number | undefined, fd: number, v6 = false) =>
    out.push({ proto: 'tcp', v6, state: 'ESTAB', recvQ: 0, sendQ: 0, local, port, peer: { addr: peer, port: peerPort }, users: p === undefined ? [] : [{ comm, pid: p, fd }] });
  const clients: Array<{ node: string; ip: string; comm: string }> = [];
  for (const n of cluster.nodeConfigs) {
    if (!cluster.kubelets.get(n.name)?.running()) continue;
    clients.push({ node: n.name, ip: n.internalIP, comm: 'kubelet' }, { node: n.name, ip: n.internalIP, comm: 'kube-proxy' });
    if (n.name === cp.name) clients.push({ node: n.name, ip: n.internalIP, comm: 'kube-scheduler' }, { node: n.name, ip: n.internalIP, comm: 'kube-controller' });
  }
  const apiserver = h.config.name === cp.name ? pid('kube-apiserver') : undefined;
  for (const c of clients) {
    const port = ephemeral(`${c.node}/${c.comm}`);
    if (c.node === h.config.name && pid(c.comm) !== undefined) estab(c.ip, port, cp.internalIP, 6443, c.comm, pid(c.comm), c.comm === 'kubelet' ? 15 : 7);
  }
  if (apiserver !== undefined) {
    clients.forEach((c, i) => estab(`[::ffff:${cp.internalIP}]`, 6443, `[::ffff:${c.ip}]`, ephemeral(`${c.node}/${c.comm}`), 'kube-apiserver', apiserver, 60 + i, true));
  }
  return out;
}

/** netbase 6.4's /etc/services names for the ports here (the others have none). */
const SERVICES: Record<number, string> = { 22: 'ssh', 53: 'domain' };

/** The node's sockets now, in the order the kernel's listening hash gives them (IPv4, then IPv6). */
export function sockets(cluster: Cluster, h: NodeHost, procs: Proc[]): Socket[] {
  const ip = h.config.internalIP;
  const pid = (comm: string) => procs.find((p) => p.comm === comm)?.pid;
  const out: Socket[] = [];
  const tcp = (local: string, port: number, comm: string | undefined, fd: number, v6 = false) => {
    const p = comm === undefined ? undefined : pid(comm);
    if (comm !== undefined && p === undefined) return;
    out.push({ proto: 'tcp', v6, state: 'LISTEN', recvQ: 0, sendQ: BACKLOG, local, port, users: p === undefined ? [] : [{ comm: comm!, pid: p, fd }] });
  };
  const resolved = 553;
  out.push({ proto: 'tcp', v6: false, state: 'LISTEN', recvQ: 0, sendQ: BACKLOG, local: '127.0.0.53', iface: 'lo', port: 53, users: [{ comm: 'systemd-resolve', pid: resolved, fd: 15 }] });
  tcp('127.0.0.1', 10248, 'kubelet', 20);
  tcp('127.0.0.1', 10249, 'kube-proxy', 11);
  tcp('127.0.0.1', 10257, 'kube-controller', 3);
  tcp('127.0.0.1', 10259, 'kube-scheduler', 3);
  tcp('127.0.0.1', 2381, 'etcd', 14);
  tcp('127.0.0.1', 2379, 'etcd', 8);
  if (h.units.containerd.active) tcp('127.0.0.1', streamingPort(h), 'containerd', 12);
  tcp(ip, 2380, 'etcd', 7);
  tcp(ip, 2379, 'etcd', 9);
  out.push({ proto: 'tcp', v6: false, state: 'LISTEN', recvQ: 0, sendQ: BACKLOG, local: '127.0.0.54', port: 53, users: [{ comm: 'systemd-resolve', pid: resolved, fd: 17 }] });
  const sshd = [{ comm: 'sshd', pid: 689, fd: 3 }, { comm: 'systemd', pid: 1, fd: 130 }];
  out.push({ proto: 'tcp', v6: false, state: 'LISTEN', recvQ: 0, sendQ: BACKLOG, local: '0.0.0.0', port: 22, users: sshd });
  tcp('*', 10256, 'kube-proxy', 10, true);
  tcp('*', 10250, 'kubelet', 23, true);
  tcp('*', 6443, 'kube-apiserver', 3, true);
  out.push({ proto: 'tcp', v6: true, state: 'LISTEN', recvQ: 0, sendQ: BACKLOG, local: '[::]', port: 22, users: [{ comm: 'sshd', pid: 689, fd: 4 }, { comm: 'systemd', pid: 1, fd: 131 }] });
  // UDP: resolved's stub, and flannel's VXLAN port, a kernel socket with no process.
  out.push({ proto: 'udp', v6: false, state: 'UNCONN', recvQ: 0, sendQ: 0, local: '127.0.0.54', port: 53, users: [{ comm: 'systemd-resolve', pid: resolved, fd: 16 }] });
  out.push({ proto: 'udp', v6: false, state: 'UNCONN', recvQ: 0, sendQ: 0, local: '127.0.0.53', iface: 'lo', port: 53, users: [{ comm: 'systemd-resolve', pid: resolved, fd: 14 }] });
  out.push({ proto: 'udp', v6: false, state: 'UNCONN', recvQ: 0, sendQ: 0, local: '0.0.0.0', port: 8472, users: [] });
  return out;
}

interface Column { header: string; left: boolean; ldelim: string; disabled: boolean; width: number; maxLen: number }

/**
 * ss's render(): every column as wide as its longest token (plus its left delimiter unless it is the first shown);
 * on a terminal the room left on the line is shared out among the columns, the remainder to the leftmost.
 */
export function render(rows: string[][], disabled: boolean[], screen?: number): string {
  const spec: Array<[string, boolean, string]> = [
    ['Netid', true, ''], ['State', true, ' '], ['Recv-Q', true, ' '], ['Send-Q', true, ' '], ['Local Address:', false, ' '], ['Port', true, ''],
    ['Peer Address:', false, ' '], ['Port', true, ''], ['Process', true, ''], ['', true, ''],
  ];
  const cols: Column[] = spec.map(([header, left, ldelim], i) => ({ header, left, ldelim, disabled: disabled[i], width: 0, maxLen: 0 }));
  for (const r of rows) r.forEach((t, i) => { if (!cols[i].disabled && t.length > cols[i].maxLen) cols[i].maxLen = t.length; });
  let first = true;
  for (const c of cols) {
    if (c.disabled) continue;
    c.width = !first && c.maxLen ? c.maxLen + c.ldelim.length : c.maxLen;
    if (screen !== undefined) c.width = Math.min(c.width, screen);
    if (c.width) first = false;
  }
  if (screen !== undefined) {
    let len = 0, linecols = 0, eol = -1;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i];
      if (!c.width) continue;
      linecols++;
      len += c.width;
      const last = !cols.slice(i + 1).some((t) => t.width);
      if (!last && len < screen) continue;
      if (len === screen) { eol = i; len = 0; linecols = 0; continue; }
      let end = i;
      if (len > screen) { len -= c.width; end = i - 1; linecols--; }
      const pad = screen - len;
      const spacing = Math.floor(pad / linecols);
      let rem = pad % linecols;
      for (let t = end; t > eol; t--) {
        if (!cols[t].width) continue;
        cols[t].width += spacing;
        if (rem) { cols[t].width++; rem--; }
      }
      eol = end;
      i = end;
      len = 0;
      linecols = 0;
    }
  }
  let out = '';
  for (const r of rows) {
    let started = false;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i];
      if (c.disabled) continue;
      const token = r[i];
      let printed = 0;
      if (started) { out += c.ldelim; printed = c.ldelim.length; }
      started = true;
      if (c.width && !c.left) {
        const s = c.width - token.length - printed;
        if (s > 0) { out += ' '.repeat(s); printed += s; }
      }
      out += token;
      printed += token.length;
      if (c.width && c.left) {
        const s = c.width - printed;
        if (s > 0) out += ' '.repeat(s);
      }
    }
    out += '\n';
  }
  return out;
}

const LONGS: LongOption[] = [
  { name: 'numeric', key: 'n' }, { name: 'resolve', key: 'r' }, { name: 'all', key: 'a' }, { name: 'listening', key: 'l' }, { name: 'processes', key: 'p' },
  { name: 'summary', key: 's' }, { name: 'tcp', key: 't' }, { name: 'udp', key: 'u' }, { name: 'ipv4', key: '4' }, { name: 'ipv6', key: '6' },
  { name: 'no-header', key: 'H' }, { name: 'help', key: 'h' }, { name: 'version', key: 'V' }, { name: 'extended', key: 'e' }, { name: 'options', key: 'o' },
  { name: 'memory', key: 'm' }, { name: 'info', key: 'i' }, { name: 'raw', key: 'w' }, { name: 'unix', key: 'x' }, { name: 'threads', key: 'T' },
  { name: 'oneline', key: 'O' }, { name: 'family', key: 'f', arg: 'required' }, { name: 'query', key: 'A', arg: 'required' }, { name: 'socket', key: 'A', arg: 'required' },
];

export const ss: CommandSpec = {
  name: 'ss',
  summary: 'another utility to investigate sockets',
  run(ctx: ProcessContext) {
    const r = getoptLong(ctx.argv.slice(1), 'dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO', LONGS);
    if ('error' in r) { ctx.stderr.write(`ss: ${r.error}\n${SS_USAGE}`); return 255; }
    const f = new Set(r.options.map((o) => o.key));
    if (f.has('h')) { ctx.stdout.write(SS_USAGE); return 0; }
    if (f.has('V')) { ctx.stdout.write('ss utility, iproute2-6.1.0, libbpf 1.3.0\n'); return 0; }
    const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
    if (!h) return 1;
    const procs = nodeProcesses(ctx.cluster, h, ctx.fs);
    const all = [...sockets(ctx.cluster, h, procs), ...connections(ctx.cluster, h, procs)];
    if (f.has('s')) {
      const tcp4 = all.filter((s) => s.proto === 'tcp' && !s.v6).length;
      const tcp6 = all.filter((s) => s.proto === 'tcp' && s.v6).length;
      const udp4 = all.filter((s) => s.proto === 'udp' && !s.v6).length;
      const udp6 = all.filter((s) => s.proto === 'udp' && s.v6).length;
      const c = (n: number) => String(n).padEnd(9);
      // Unix sockets (systemd, dbus, containerd, the kubelet's) make most of the total.
      const total = 180 + procs.length * 2 + tcp4 + tcp6 + udp4 + udp6;
      ctx.stdout.write(`Total: ${total}\nTCP:   ${tcp4 + tcp6} (estab ${all.filter((x) => x.state === 'ESTAB').length}, closed 0, orphaned 0, timewait 0)\n\nTransport Total     IP        IPv6\n`
        + `RAW\t  ${c(0)} ${c(0)} ${c(0)}\nUDP\t  ${c(udp4 + udp6)} ${c(udp4)} ${c(udp6)}\nTCP\t  ${c(tcp4 + tcp6)} ${c(tcp4)} ${c(tcp6)}\n`
        + `INET\t  ${c(tcp4 + tcp6 + udp4 + udp6)} ${c(tcp4 + udp4)} ${c(tcp6 + udp6)}\nFRAG\t  ${c(0)} ${c(0)} ${c(0)}\n\n`);
      if (r.options.length === 1 && !r.operands.length) return 0;
    }
    const wantTcp = f.has('t') || (!f.has('u') && !f.has('x') && !f.has('w'));
    const wantUdp = f.has('u');
    // Without -l or -a, ss shows connected sockets; -l listening ones only; -a both. The kernel lists the listening first.
    const state = (s: Socket) => (f.has('a') ? true : f.has('l') ? s.state !== 'ESTAB' : s.state === 'ESTAB');
    let list = all.filter((s) => ((s.proto === 'tcp' && wantTcp) || (s.proto === 'udp' && wantUdp)) && state(s));
    // Each family's dump: IPv4's sockets, then IPv6's.
    list = [...list.filter((s) => s.proto === 'udp'), ...list.filter((s) => s.proto === 'tcp' && !s.v6), ...list.filter((s) => s.proto === 'tcp' && s.v6)];
    if (f.has('4') && !f.has('6')) list = list.filter((s) => !s.v6);
    if (f.has('6') && !f.has('4')) list = list.filter((s) => s.v6);
    const tables = (wantTcp ? 1 : 0) + (wantUdp ? 1 : 0) + (f.has('x') ? 1 : 0) + (f.has('w') ? 1 : 0);
    // A single state selected hides the State column: without -l or -a, ss selects the connected states (several).
    const disabled = [tables <= 1, false, false, false, false, false, false, false, false, false];
    const numeric = f.has('n');
    const rows: string[][] = [];
    if (!f.has('H')) rows.push(['Netid', 'State', 'Recv-Q', 'Send-Q', 'Local Address:', 'Port', 'Peer Address:', 'Port', 'Process', '']);
    for (const s of list) {
      const port = numeric ? String(s.port) : SERVICES[s.port] ?? String(s.port);
      const peer = s.peer?.addr ?? (s.v6 ? (s.local === '*' ? '*' : '[::]') : '0.0.0.0');
      const peerPort = s.peer ? String(s.peer.port) : '*';
      const users = f.has('p') && s.users.length ? ` users:(${s.users.map((u) => `("${u.comm}",pid=${u.pid},fd=${u.fd})`).join(',')})` : '';
      rows.push([s.proto, s.state, String(s.recvQ).padEnd(6), String(s.sendQ).padEnd(6), `${s.local}${s.iface ? `%${s.iface}` : ''}:`, port, `${peer}:`, peerPort, users, '']);
    }
    ctx.stdout.write(render(rows, disabled, ctx.terminal.isTTY ? ctx.terminal.columns : undefined));
    return 0;
  },
};

export const SS_USAGE = `Usage: ss [ OPTIONS ]
       ss [ OPTIONS ] [ FILTER ]
   -h, --help          this message
   -V, --version       output version information
   -n, --numeric       don't resolve service names
   -r, --resolve       resolve host names
   -a, --all           display all sockets
   -l, --listening     display listening sockets
   -o, --options       show timer information
   -e, --extended      show detailed socket information
   -m, --memory        show socket memory usage
   -p, --processes     show process using socket
   -T, --threads       show thread using socket
   -i, --info          show internal TCP information
       --tipcinfo      show internal tipc socket information
   -s, --summary       show socket usage summary
       --tos           show tos and priority information
       --cgroup        show cgroup information
   -b, --bpf           show bpf filter socket information
   -E, --events        continually display sockets as they are destroyed
   -Z, --context       display task SELinux security contexts
   -z, --contexts      display task and socket SELinux security contexts
   -N, --net           switch to the specified network namespace name

   -4, --ipv4          display only IP version 4 sockets
   -6, --ipv6          display only IP version 6 sockets
   -0, --packet        display PACKET sockets
   -t, --tcp           display only TCP sockets
   -M, --mptcp         display only MPTCP sockets
   -S, --sctp          display only SCTP sockets
   -u, --udp           display only UDP sockets
   -d, --dccp          display only DCCP sockets
   -w, --raw           display only RAW sockets
   -x, --unix          display only Unix domain sockets
       --tipc          display only TIPC sockets
       --vsock         display only vsock sockets
       --xdp           display only XDP sockets
   -f, --family=FAMILY display sockets of type FAMILY
       FAMILY := {inet|inet6|link|unix|netlink|vsock|tipc|xdp|help}

   -K, --kill          forcibly close sockets, display what was closed
   -H, --no-header     Suppress header line
   -O, --oneline       socket's data printed on a single line
       --inet-sockopt  show various inet socket options

   -A, --query=QUERY, --socket=QUERY
       QUERY := {all|inet|tcp|mptcp|udp|raw|unix|unix_dgram|unix_stream|unix_seqpacket|packet|packet_raw|packet_dgram|netlink|dccp|sctp|vsock_stream|vsock_dgram|tipc|xdp}[,QUERY]

   -D, --diag=FILE     Dump raw information about TCP sockets to FILE
   -F, --filter=FILE   read filter information from FILE
       FILTER := [ state STATE-FILTER ] [ EXPRESSION ]
       STATE-FILTER := {all|connected|synchronized|bucket|big|TCP-STATES}
         TCP-STATES := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|closed|close-wait|last-ack|listening|closing}
          connected := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
       synchronized := {established|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
             bucket := {syn-recv|time-wait}
                big := {established|syn-sent|fin-wait-{1,2}|closed|close-wait|last-ack|listening|closing}
`;
