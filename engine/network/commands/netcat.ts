/**
 * nc: netcat-openbsd as Ubuntu 24.04 installs it (1.226-1ubuntu2, /bin/nc.openbsd behind the alternatives link).
 * Texts recorded from Debian 12's 1.219-1 build of the same program (the messages are OpenBSD's, the -q/-N/-z
 * handling Debian's patches): "Connection to HOST [(IP)] PORT port [tcp/SERVICE] succeeded!" with the service's
 * /etc/services name (netbase 6.4) or `*`, "nc: connect to HOST [(IP)] port PORT (tcp) failed: Connection refused",
 * "… failed: Connection timed out" when the kernel gives up the handshake, "… timed out: Operation now in progress"
 * when -w's limit ends it first, getaddrinfo's failure, the port checks, getopt's complaints and the usage text.
 *
 * Connections take the cluster network's path (kube-proxy's rules, a Service with no endpoints rejecting, an
 * address nobody owns dropping), as curl's do. What nc sends is read from its standard input; a request in HTTP
 * reaches the container's program as curl's would and its answer is written back raw (status line, headers, body).
 * The server then closes when the request asked it to (HTTP/1.0, "Connection: close") or when -N shut the sending
 * side; otherwise the connection stays open until -q's or -w's delay ends it, or Ctrl-C. Bytes that are not HTTP
 * get no answer. `-u` tests a UDP port as Debian's nc does (three probes a second apart; only an ICMP port
 * unreachable, a Service's REJECT or a closed pod port, fails it). `-l` listens: nothing on the lab's network
 * connects to the node's ports on its own, so it waits until interrupted.
 */
import type { CommandSpec, ProcessContext } from '../../shell/process.js';
import type { ClusterNetwork, Exchange, Origin, Outcome } from '../network.js';
import { ruleKey, usableEndpoints, noEndpointVerdict } from '../rules.js';
import { TCP_CONNECT_TIMEOUT_MS } from '../network.js';

export const NETCAT_VERSION = '1.226-1ubuntu2';

const USAGE = `usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]
\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]
\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]
\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]
\t  [destination] [port]
`;

const HELP = `OpenBSD netcat (Debian patchlevel ${NETCAT_VERSION})
${USAGE}\tCommand Summary:
\t\t-4\t\tUse IPv4
\t\t-6\t\tUse IPv6
\t\t-b\t\tAllow broadcast
\t\t-C\t\tSend CRLF as line-ending
\t\t-D\t\tEnable the debug socket option
\t\t-d\t\tDetach from stdin
\t\t-F\t\tPass socket fd
\t\t-h\t\tThis help text
\t\t-I length\tTCP receive buffer length
\t\t-i interval\tDelay interval for lines sent, ports scanned
\t\t-k\t\tKeep inbound sockets open for multiple connects
\t\t-l\t\tListen mode, for inbound connects
\t\t-M ttl\t\tOutgoing TTL / Hop Limit
\t\t-m minttl\tMinimum incoming TTL / Hop Limit
\t\t-N\t\tShutdown the network socket after EOF on stdin
\t\t-n\t\tSuppress name/port resolutions
\t\t-O length\tTCP send buffer length
\t\t-P proxyuser\tUsername for proxy authentication
\t\t-p port\t\tSpecify local port for remote connects
\t\t-q secs\t\tquit after EOF on stdin and delay of secs
\t\t-r\t\tRandomize remote ports
\t\t-S\t\tEnable the TCP MD5 signature option
\t\t-s sourceaddr\tLocal source address
\t\t-T keyword\tTOS value
\t\t-t\t\tAnswer TELNET negotiation
\t\t-U\t\tUse UNIX domain socket
\t\t-u\t\tUDP mode
\t\t-V rtable\tSpecify alternate routing table
\t\t-v\t\tVerbose
\t\t-W recvlimit\tTerminate after receiving a number of packets
\t\t-w timeout\tTimeout for connects and final net reads
\t\t-X proto\tProxy protocol: "4", "5" (SOCKS) or "connect"
\t\t-x addr[:port]\tSpecify proxy address and port
\t\t-Z\t\tDCCP mode
\t\t-z\t\tZero-I/O mode [used for scanning]
\tPort numbers can be individual or ranges: lo-hi [inclusive]
`;

/** netbase 6.4's /etc/services, the entries for ports a learner meets. */
const SERVICES: Record<'tcp' | 'udp', Record<number, string>> = {
  tcp: { 22: 'ssh', 25: 'smtp', 53: 'domain', 80: 'http', 443: 'https', 3306: 'mysql', 5432: 'postgresql', 6379: 'redis', 8080: 'http-alt', 8081: 'tproxy' },
  udp: { 53: 'domain', 123: 'ntp', 443: 'https', 5353: 'mdns' },
};
const SERVICE_PORTS: Record<'tcp' | 'udp', Record<string, number>> = {
  tcp: Object.fromEntries([...Object.entries(SERVICES.tcp).map(([p, n]) => [n, Number(p)]), ['www', 80], ['webcache', 8080]]),
  udp: Object.fromEntries(Object.entries(SERVICES.udp).map(([p, n]) => [n, Number(p)])),
};

/** getopt's option string: the letters that take a value. */
const WITH_VALUE = new Set('IiMmOPpqsTVWwXx'.split(''));
const FLAGS = new Set('46bCDdFhklNnrStUuvZz'.split(''));
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const UDP_PROBE_MS = 3_000;

interface Opts { z: boolean; v: boolean; u: boolean; l: boolean; n: boolean; N: boolean; q?: number; w?: number }

function parsePort(spec: string, proto: 'tcp' | 'udp'): { ports: number[] } | { error: string } {
  const one = (s: string): number | string => {
    if (/^\d+$/.test(s)) {
      const n = Number(s);
      if (n < 1) return `port number too small: ${s}`;
      if (n > 65535) return `port number too large: ${s}`;
      return n;
    }
    return SERVICE_PORTS[proto][s] ?? `port number invalid: ${s}`;
  };
  const dash = spec.indexOf('-');
  if (dash < 0) {
    const p = one(spec);
    return typeof p === 'string' ? { error: p } : { ports: [p] };
  }
  const lo = one(spec.slice(0, dash));
  if (typeof lo === 'string') return { error: lo };
  const hi = one(spec.slice(dash + 1));
  if (typeof hi === 'string') return { error: hi };
  const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
  return { ports: Array.from({ length: b - a + 1 }, (_, i) => a + i) };
}

/** The head of an HTTP request in what nc sends, as the server reads it. */
function httpRequest(data: string): (Exchange & { close: boolean }) | undefined {
  const end = data.search(/\r?\n\r?\n/);
  if (end < 0) return undefined;
  const lines = data.slice(0, end).split(/\r?\n/);
  const m = /^([A-Z]+) (\S+) HTTP\/(1\.[01])$/.exec(lines[0]);
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':');
    if (c > 0) headers[l.slice(0, c).trim()] = l.slice(c + 1).trim();
  }
  const connection = Object.entries(headers).find(([k]) => k.toLowerCase() === 'connection')?.[1]?.toLowerCase();
  const ua = Object.entries(headers).find(([k]) => k.toLowerCase() === 'user-agent')?.[1];
  return { method: m[1], path: m[2], headers, ...(ua ? { userAgent: ua } : {}), ...(m[3] === '1.0' ? { proto: 'HTTP/1.0' } : {}), close: m[3] === '1.0' ? connection !== 'keep-alive' : connection === 'close' };
}

function rawResponse(o: Extract<Outcome, { kind: 'response' }>, close: boolean): string {
  // nginx says it will close an HTTP/1.0 client's connection.
  const headers = close && o.headers.Connection === 'keep-alive' ? { ...o.headers, Connection: 'close' } : o.headers;
  const head = o.httpVersion === '2' ? `HTTP/1.1 ${o.status} ${o.statusText}\r\n` : `HTTP/${o.httpVersion ?? '1.1'} ${o.status} ${o.statusText}\r\n`;
  return head + Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n' + o.body;
}

/** Waits until interrupted, or `ms` when given; true when interrupted. */
async function hold(ctx: ProcessContext, ms?: number): Promise<boolean> {
  if (ms !== undefined) {
    await ctx.sleep(ms);
    return ctx.signal.aborted;
  }
  if (!ctx.signal.aborted) await new Promise<void>((resolve) => ctx.signal.onAbort(resolve));
  return true;
}

export const nc: CommandSpec = {
  name: 'nc',
  summary: 'arbitrary TCP and UDP connections and listens',
  async run(ctx) {
    const o: Opts = { z: false, v: false, u: false, l: false, n: false, N: false };
    const operands: string[] = [];
    const args = ctx.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--') { operands.push(...args.slice(i + 1)); break; }
      if (!a.startsWith('-') || a === '-') { operands.push(a); continue; }
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (WITH_VALUE.has(c)) {
          const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (value === undefined) { ctx.stderr.write(`nc: option requires an argument -- '${c}'\n${USAGE}`); return 1; }
          if (c === 'w' || c === 'q') {
            // strtonum's complaints: -w takes 0 and up, -q any int (negative: never quit).
            const n = Number(value);
            const why = !/^-?\d+$/.test(value) ? 'invalid' : c === 'w' && n < 0 ? 'too small' : undefined;
            if (why) { ctx.stderr.write(`nc: ${c === 'w' ? 'timeout' : 'quit timer'} ${why}: ${value}\n`); return 1; }
            o[c] = n;
          }
          break;
        }
        if (!FLAGS.has(c)) { ctx.stderr.write(`nc: invalid option -- '${c}'\n${USAGE}`); return 1; }
        if (c === 'h') { ctx.stderr.write(HELP); return 0; }
        if (c === 'z' || c === 'v' || c === 'u' || c === 'l' || c === 'n' || c === 'N') o[c] = true;
      }
    }
    if (o.l) {
      // Nothing connects to the node's ports on its own: listen until interrupted.
      await hold(ctx);
      return 130;
    }
    const [host, portSpec] = operands;
    if (host === undefined) { ctx.stderr.write(USAGE); return 1; }
    if (portSpec === undefined) { ctx.stderr.write('nc: missing port number\n'); return 1; }
    const proto = o.u ? 'udp' : 'tcp';
    const parsed = parsePort(portSpec, proto);
    if ('error' in parsed) { ctx.stderr.write(`nc: ${parsed.error}\n`); return 1; }
    const net = ctx.cluster?.network as ClusterNetwork | undefined;
    const origin: Origin = { node: ctx.host?.node ?? ctx.cluster?.nodeConfigs.find((n) => n.role === 'control-plane')?.name };
    // getaddrinfo: the node's /etc/hosts, then systemd-resolved, which answers SERVFAIL for .local (EAI_AGAIN).
    const r = IPV4.test(host) ? { ok: true as const, addresses: [host] } : o.n || !net ? undefined : net.resolve(host, origin);
    if (!r?.ok) {
      const why = !o.n && /(^|\.)local\.?$/i.test(host) ? 'Temporary failure in name resolution' : 'Name or service not known';
      ctx.stderr.write(`nc: getaddrinfo for host "${host}" port ${parsed.ports[0]}: ${why}\n`);
      return 1;
    }
    const ip = r.addresses[0];
    const shown = host === ip ? host : `${host} (${ip})`;
    let any = false;
    for (const port of parsed.ports) {
      const service = o.n ? '*' : SERVICES[proto][port] ?? '*';
      if (o.u) {
        const ok = net ? udpProbe(net, origin, ip, port) : false;
        if (o.z) await ctx.sleep(UDP_PROBE_MS);
        if (ctx.signal.aborted) return 130;
        if (!ok) continue;
        any = true;
        if (o.v) ctx.stderr.write(`Connection to ${shown} ${port} port [udp/${service}] succeeded!\n`);
        if (!o.z) return (await hold(ctx, o.w !== undefined ? o.w * 1000 : undefined)) ? 130 : 0;
        continue;
      }
      const out = net ? net.exchange(origin, ip, port, { method: 'GET', path: '/', connectOnly: true }) : { kind: 'refused' as const, ip, ms: 0 };
      if (out.kind === 'refused' || out.kind === 'unreachable') {
        await ctx.sleep(out.ms);
        ctx.stderr.write(`nc: connect to ${shown} port ${port} (tcp) failed: ${out.kind === 'refused' ? 'Connection refused' : 'No route to host'}\n`);
        continue;
      }
      if (out.kind === 'timeout') {
        const limit = o.w !== undefined && o.w > 0 ? o.w * 1000 : undefined;
        await ctx.sleep(Math.min(limit ?? TCP_CONNECT_TIMEOUT_MS, TCP_CONNECT_TIMEOUT_MS));
        if (ctx.signal.aborted) return 130;
        ctx.stderr.write(limit !== undefined && limit < TCP_CONNECT_TIMEOUT_MS ? `nc: connect to ${shown} port ${port} (tcp) timed out: Operation now in progress\n` : `nc: connect to ${shown} port ${port} (tcp) failed: Connection timed out\n`);
        continue;
      }
      any = true;
      if (o.v) ctx.stderr.write(`Connection to ${shown} ${port} port [tcp/${service}] succeeded!\n`);
      if (o.z) continue;
      return talk(ctx, net!, origin, ip, port, o);
    }
    return any ? 0 : 1;
  },
};

/** A UDP port answers the probe unless something says it is closed (ICMP port unreachable). */
function udpProbe(net: ClusterNetwork, origin: Origin, ip: string, port: number): boolean {
  const rule = origin.node ? net.proxies.rule(origin.node, ruleKey(ip, port, 'UDP')) : undefined;
  if (rule) return usableEndpoints(rule, origin.node!, false).length > 0 || noEndpointVerdict(rule, false) !== 'reject';
  const o = net.exchange(origin, ip, port, { method: 'GET', path: '/', connectOnly: true });
  return o.kind !== 'refused';
}

/** Connected: send standard input, write what the server answers, and end as the connection does. */
async function talk(ctx: ProcessContext, net: ClusterNetwork, origin: Origin, ip: string, port: number, o: Opts): Promise<number> {
  const data = await ctx.stdin.readAll();
  if (ctx.signal.aborted) return 130;
  const quit = () => (o.q !== undefined && o.q >= 0 ? o.q * 1000 : o.w !== undefined ? o.w * 1000 : undefined);
  const req = httpRequest(data);
  if (!req) {
    // Nothing the server understands: it waits for more, or closes when -N ends the sending side.
    if (o.N) return 0;
    return (await hold(ctx, quit())) ? 130 : 0;
  }
  const out = net.exchange(origin, ip, port, req);
  if (out.kind === 'response') {
    await ctx.sleep(out.ms);
    if (ctx.signal.aborted) return 130;
    ctx.stdout.write(rawResponse(out, req.close));
    if (req.close || o.N) return 0;
    return (await hold(ctx, quit())) ? 130 : 0;
  }
  if (out.kind === 'empty') return 0;
  return (await hold(ctx, quit())) ? 130 : 0;
}
