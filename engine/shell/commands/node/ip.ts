/**
 * ip (iproute2 6.1.0, Ubuntu 24.04) on the node the shell is on: `ip addr`,
 * `ip link`, `ip route`, `ip neigh` with -4/-6/-br, a device argument, the
 * objects and commands matched by prefix as ip.c matches them, and its error
 * texts and exit statuses. The devices and routes come from links.ts.
 * `hostname -I` lists the same addresses.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { currentNodeName, nodeHost } from './host.js';
import { intToIP, ipToInt, isIPv4, links, macOf, routes, type Link, type Route } from './links.js';
import { podLinks } from './busybox.js';
import { podViews } from './machine.js';

export const IP_USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** ip.c's objects in its table's order: a prefix picks the first that it begins. */
const OBJECTS = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp', 'fou', 'ila',
  'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm', 'mroute', 'mrule', 'netns', 'netconf',
  'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats', 'help'];

/** iproute2's matches(): the word is a non-empty prefix of the keyword. */
const matches = (word: string, keyword: string) => word.length > 0 && keyword.startsWith(word);

interface Opts { family?: 4 | 6; brief: boolean; netns?: string }

function linkHeader(l: Link, withMode: boolean): string {
  return `${l.index}: ${l.name}${l.peerIndex ? `@if${l.peerIndex}` : ''}: <${l.flags.join(',')}> mtu ${l.mtu} qdisc ${l.qdisc} ${l.master ? `master ${l.master} ` : ''}`
    + `state ${l.state} ${withMode ? 'mode DEFAULT ' : ''}group default ${l.qlen ? `qlen ${l.qlen}` : ''}\n`;
}

function linkLine(l: Link): string {
  return `    link/${l.type} ${l.mac} brd ${l.type === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff'}${l.linkNetns ? ` link-netns ${l.linkNetns}` : ''}${l.linkNetnsId !== undefined ? ` link-netnsid ${l.linkNetnsId}` : ''}\n`;
}

const nameOf = (l: Link) => `${l.name}${l.peerIndex ? `@if${l.peerIndex}` : ''}`;

export function formatAddr(ls: Link[], o: Opts): string {
  let out = '';
  for (const l of ls) {
    const v4 = o.family === 6 ? [] : l.inet;
    const v6 = o.family === 4 ? [] : l.inet6;
    if (o.family && v4.length + v6.length === 0) continue;
    if (o.brief) {
      out += `${nameOf(l).padEnd(16)} ${l.state.padEnd(14)} ${[...v4.map((a) => `${a.addr}/${a.prefix}`), ...v6.map((a) => `${a.addr}/${a.prefix}`)].map((a) => a + ' ').join('')}\n`;
      continue;
    }
    out += linkHeader(l, false);
    if (!o.family) out += linkLine(l);
    for (const a of v4) out += `    inet ${a.addr}/${a.prefix}${a.brd ? ` brd ${a.brd}` : ''} scope ${a.scope} ${l.name}\n       valid_lft forever preferred_lft forever\n`;
    for (const a of v6) out += `    inet6 ${a.addr}/${a.prefix} scope ${a.scope} ${a.flags ? `${a.flags} ` : ''}\n       valid_lft forever preferred_lft forever\n`;
  }
  return out;
}

export function formatLink(ls: Link[], o: Opts): string {
  return ls.map((l) => (o.brief ? `${nameOf(l).padEnd(16)} ${l.state.padEnd(14)} ${l.mac} <${l.flags.join(',')}> \n` : linkHeader(l, true) + linkLine(l))).join('');
}

export function formatRoute(rs: Route[], dev?: string): string {
  return rs.filter((r) => !dev || r.dev === dev).map((r) => {
    let s = r.dst;
    if (r.via) s += ` via ${r.via}`;
    if (!dev) s += ` dev ${r.dev}`;
    if (r.proto) s += ` proto ${r.proto}`;
    if (r.scope) s += ` scope ${r.scope}`;
    if (r.src) s += ` src ${r.src}`;
    if (r.onlink) s += ' onlink';
    if (r.linkdown) s += ' linkdown';
    return s + ' \n';
  }).join('');
}

/** The device a command names (`dev NAME` or NAME), and what is left. */
function deviceArg(args: string[]): { dev?: string; rest: string[] } {
  const rest: string[] = [];
  let dev: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === 'dev') dev = args[++i];
    else if (dev === undefined && !['up', 'scope', 'to', 'label', 'type', 'primary', 'secondary'].includes(args[i])) dev = args[i];
    else rest.push(args[i]);
  }
  return { dev, rest };
}

export const ip: CommandSpec = {
  name: 'ip',
  summary: 'show / manipulate routing, network devices, interfaces and tunnels',
  run(ctx: ProcessContext) {
    const args = ctx.argv.slice(1);
    const o: Opts = { brief: false };
    while (args[0]?.startsWith('-') && args[0].length > 1) {
      let opt = args.shift()!;
      if (opt.startsWith('--')) opt = opt.slice(1);
      if (opt === '-4') o.family = 4;
      else if (opt === '-6') o.family = 6;
      else if (matches(opt.slice(1), 'brief') && opt.length > 2) o.brief = true;
      else if (opt === '-n' || (opt.length > 2 && matches(opt.slice(1), 'netns'))) o.netns = args.shift() ?? '';
      else if (opt === '-V' || matches(opt.slice(1), 'Version')) { ctx.stdout.write('ip utility, iproute2-6.1.0, libbpf 1.3.0\n'); return 0; }
      else if (matches(opt.slice(1), 'family')) {
        const f = args.shift();
        if (f === 'inet') o.family = 4;
        else if (f === 'inet6') o.family = 6;
      } else if (['-d', '-s', '-c', '-N', '-n', '-a', '-o', '-h', '-r'].some((p) => opt === p) || /^-(details|statistics|color|colour|numeric|human|resolve|oneline|all)/.test(opt)) continue;
      else if (opt === '-help' || opt === '-h') { ctx.stderr.write(IP_USAGE); return 255; }
      else { ctx.stderr.write(`Option "${opt}" is unknown, try "ip -help".\n`); return 255; }
    }
    const word = args.shift();
    if (word === undefined) { ctx.stderr.write(IP_USAGE); return 255; }
    const object = OBJECTS.find((c) => matches(word, c));
    if (!object) { ctx.stderr.write(`Object "${word}" is unknown, try "ip help".\n`); return 1; }
    if (object === 'help') { ctx.stderr.write(IP_USAGE); return 255; }
    const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
    if (!h) return 1;
    let ls = links(ctx.cluster, h);
    if (object === 'netns') {
      if (args[0] !== undefined && !['list', 'show'].some((c) => matches(args[0], c))) { ctx.stderr.write(`Command "${args[0]}" is unknown, try "ip netns help".\n`); return 255; }
      // /run/netns is a tmpfs: its listing comes newest first.
      ctx.stdout.write(ls.filter((l) => l.linkNetns).sort((a, b) => b.index - a.index).map((l) => `${l.linkNetns} (id: ${l.nsid})\n`).join(''));
      return 0;
    }
    if (o.netns !== undefined) {
      // A pod's network namespace (containerd names them cni-<uuid>): its lo and its end of the veth.
      const veth = ls.find((l) => l.linkNetns === o.netns);
      const pod = veth && podViews(ctx.cluster, h).find((v) => v.sandbox.podUID === veth.podUID);
      if (!pod) { ctx.stderr.write(`Cannot open network namespace "${o.netns}": No such file or directory\n`); return 255; }
      ls = podLinks(ctx.cluster, h, { node: h.config.name, namespace: pod.sandbox.namespace, podName: pod.sandbox.name })
        .map((l) => ({ ...l, qlen: l.name === 'lo' ? 1000 : undefined, state: l.name === 'lo' ? 'UNKNOWN' : 'UP' }));
    }
    // The first word is the command (show when none); a device name comes after it.
    const first = args[0];
    const isShow = first === undefined || ['show', 'list', 'lst'].some((c) => matches(first, c));
    if (!isShow) args.shift();
    const unknown = (help: string) => { ctx.stderr.write(`Command "${first}" is unknown, try "ip ${help} help".\n`); return 255; };
    if (object === 'address' || object === 'link') {
      if (!isShow) {
        const writes = object === 'address' ? ['add', 'change', 'replace', 'delete', 'flush', 'save', 'restore', 'showdump'] : ['add', 'change', 'set', 'delete', 'xstats', 'afstats', 'property'];
        // Its usage text is not carried here: the status is ip's.
        if (first === 'help') return 255;
        if (!writes.some((c) => matches(first, c))) return unknown(object);
        // The learner is not root: the kernel refuses changes to its devices.
        ctx.stderr.write('RTNETLINK answers: Operation not permitted\n');
        return 2;
      }
      args.shift();
      const { dev } = deviceArg(args);
      let shown = ls;
      if (dev !== undefined) {
        shown = ls.filter((l) => l.name === dev);
        if (!shown.length) { ctx.stderr.write(`Device "${dev}" does not exist.\n`); return 1; }
      }
      ctx.stdout.write(object === 'address' ? formatAddr(shown, o) : formatLink(shown, o));
      return 0;
    }
    if (object === 'route') {
      if (o.netns !== undefined && isShow) {
        // flannel's CNI config in the pod: the bridge (.1 of the node's block) is its gateway, to the whole pod network too.
        const a = ls.find((l) => l.name === 'eth0')?.inet[0];
        const gw = intToIP(ipToInt(h.config.podCIDR.split('/')[0]) + 1);
        if (a) ctx.stdout.write(`default via ${gw} dev eth0 \n${ctx.cluster.podNetwork.clusterCIDR} via ${gw} dev eth0 \n${h.config.podCIDR} dev eth0 proto kernel scope link src ${a.addr} \n`);
        return 0;
      }
      if (!isShow) {
        if (matches(first, 'get')) return routeGet(ctx, args, routes(ctx.cluster, h, ls), ls);
        if (['add', 'change', 'replace', 'prepend', 'append', 'delete', 'flush', 'test'].some((c) => matches(first, c))) {
          ctx.stderr.write('RTNETLINK answers: Operation not permitted\n');
          return 2;
        }
        return unknown('route');
      }
      args.shift();
      const { dev } = deviceArg(args.filter((a) => a !== 'table' && a !== 'main'));
      if (dev !== undefined && !ls.some((l) => l.name === dev)) { ctx.stderr.write(`Cannot find device "${dev}"\n`); return 1; }
      if (o.family === 6) {
        ctx.stdout.write(ls.filter((l) => l.inet6.length && l.name !== 'lo' && (!dev || l.name === dev)).map((l) => `fe80::/64 ${dev ? '' : `dev ${l.name} `}proto kernel metric 256 ${l.state === 'DOWN' ? 'linkdown ' : ''}pref medium\n`).join(''));
        return 0;
      }
      ctx.stdout.write(formatRoute(routes(ctx.cluster, h, ls), dev));
      return 0;
    }
    if (object === 'neighbor' || object === 'neighbour') {
      // The gateway and the other nodes this one talks to (the API server, the kubelets, flannel's VXLAN peers).
      const gw = routes(ctx.cluster, h, ls)[0].via!;
      const peers = ctx.cluster.nodeConfigs.filter((n) => n.name !== h.config.name);
      let out = '';
      for (const n of peers) out += `${n.internalIP} dev eth0 lladdr ${macOf(`eth0/${n.name}`, [0x52, 0x54, 0x00])} REACHABLE \n`;
      out += `${gw} dev eth0 lladdr ${macOf(`gateway/${gw}`, [0x52, 0x54, 0x00])} STALE \n`;
      if (o.family !== 6) ctx.stdout.write(out);
      return 0;
    }
    return 0;
  },
};

/** `ip route get ADDR`: the route the kernel picks (longest prefix) and the source address it would use. */
function routeGet(ctx: ProcessContext, args: string[], rs: Route[], ls: Link[]): number {
  const dst = args.filter((a) => a !== 'to')[0];
  if (dst === undefined) { ctx.stderr.write('need at least a destination address\n'); return 1; }
  if (!isIPv4(dst)) { ctx.stderr.write(`Error: any valid prefix is expected rather than "${dst}".\n`); return 1; }
  const n = ipToInt(dst);
  const local = ls.find((l) => l.inet.some((a) => a.addr === dst) || (l.name === 'lo' && dst.startsWith('127.')));
  if (local) { ctx.stdout.write(`local ${dst} dev lo src ${local.name === 'lo' ? '127.0.0.1' : dst} uid 1000 \n    cache <local> \n`); return 0; }
  const inRoute = (r: Route) => {
    if (r.dst === 'default') return 0;
    const [a, bits] = r.dst.split('/');
    const size = 2 ** (32 - Number(bits));
    return n - (n % size) === ipToInt(a) ? Number(bits) : -1;
  };
  const r = rs.filter((x) => inRoute(x) >= 0).sort((a, b) => inRoute(b) - inRoute(a))[0];
  const dev = ls.find((l) => l.name === r.dev)!;
  ctx.stdout.write(`${dst} ${r.via ? `via ${r.via} ` : ''}dev ${r.dev} src ${r.src ?? dev.inet[0].addr} uid 1000 \n    cache \n`);
  return 0;
}

/** `hostname -I`: every address of every device but loopback and IPv6 link-local, in device order. */
export const hostnameAddresses: CommandSpec = {
  name: 'hostname',
  summary: "show the system's host name",
  run(ctx) {
    const h = nodeHost(ctx.cluster, currentNodeName(ctx));
    if (!h) return 1;
    const addrs: string[] = [];
    for (const l of links(ctx.cluster, h)) {
      if (l.type === 'loopback') continue;
      for (const a of l.inet) addrs.push(a.addr);
      for (const a of l.inet6) if (a.scope !== 'link') addrs.push(a.addr);
    }
    ctx.stdout.write(addrs.map((a) => a + ' ').join('') + '\n');
    return 0;
  },
};
