/**
 * The DNS servers a query from the node (or a pod) can reach, answering as the real ones do on the wire, for dig
 * and host (bind9-dnsutils): one question in, one message out, or why nothing came back.
 *
 * - CoreDNS (the kube-dns Service's address, or a CoreDNS pod's) with kubeadm's Corefile: the kubernetes plugin is
 *   authoritative for cluster.local, in-addr.arpa and ip6.arpa (aa, no ra; TTL 30 from `ttl 30`); a name it does
 *   not have is NXDOMAIN, a type it does not have NODATA, both with the zone's SOA in AUTHORITY (plugin.SOA:
 *   ns.dns.<zone> hostmaster.<zone> SERIAL 7200 1800 86400 30, TTL min(ttl, 300)); a reverse name it does not know
 *   falls through (`fallthrough in-addr.arpa ip6.arpa`) to `forward`, like any other name, whose answers have ra
 *   and no aa and at most the cache's 30 s. CoreDNS copies the query's OPT record (request.SizeAndDo: the client's
 *   UDP size, its COOKIE option echoed) and packs its answers without name compression (request.Scrub compresses
 *   only past 1480 bytes), which is what dig's "MSG SIZE rcvd" counts.
 * - systemd-resolved's stub on the node (127.0.0.53, systemd 255 on Ubuntu 24.04): ra set, aa never, EDNS with its
 *   65494-byte UDP size and no cookie, compressed. It sends no name under .local to unicast DNS
 *   (dns_scope_good_domain: ".local specific to mDNS") and, with mDNS off, has no scope for one: SERVFAIL
 *   (systemd 256 answers REFUSED there). /etc/hosts names (the nodes) come with TTL 0; public names from upstream.
 * - The node network's upstream (or a public resolver): public names, anything else NXDOMAIN.
 *
 * Anything else at port 53 answers nothing (a timeout), or refuses (ICMP port unreachable: a pod or a node with no
 * DNS server there, a Service with no endpoints, whose REJECT rule says so).
 */
import { DNS_DOMAIN, DNS_SERVICE_IP } from '../../addons/kubeadm-addons.js';
import { answerA } from '../dns.js';
import { serviceView } from '../kube-proxy.js';
import type { ClusterNetwork, Origin } from '../network.js';
import type { ServiceView, SliceView } from '../rules.js';
import { INTERNET_HOSTS, NODE_NAMESERVER } from '../internet/hosts.js';

export type RRType = 'A' | 'AAAA' | 'NS' | 'CNAME' | 'SOA' | 'PTR' | 'MX' | 'TXT' | 'SRV' | 'ANY';
export const TYPE_CODES: Record<RRType, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, ANY: 255 };

/** One resource record; names are absolute (end with a dot). */
export interface RR {
  name: string;
  ttl: number;
  type: RRType;
  /** The rdata's fields: an address, a target name, SRV's priority/weight/port/target, SOA's seven fields. */
  data: Array<string | number>;
}

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';
export const RCODE_NUMBERS: Record<Rcode, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

export interface DnsMessage {
  rcode: Rcode;
  aa: boolean;
  ra: boolean;
  answer: RR[];
  authority: RR[];
  additional: RR[];
  /** The OPT record: the UDP size it states and whether it carries the client's cookie back. */
  edns?: { udp: number; cookie: boolean };
  /** Packed with name compression (what the message's size is). */
  compress: boolean;
}

export type DnsReply = DnsMessage | 'timeout' | 'refused';

/** The stub's EDNS UDP size (resolved-dns-stub.c ADVERTISE_DATAGRAM_SIZE_MAX). */
const RESOLVED_UDP = 65494;
/** What dig 9.18 advertises (+bufsize default), which CoreDNS echoes. */
export const DIG_UDP = 1232;
const CLUSTER_TTL = 30;
/** The cache plugin's cap (`cache 30`) on what `forward` brings back. */
const FORWARD_TTL = 30;
const UPSTREAM_TTL = 300;
const ROOT_SERVERS = 'abcdefghijklm'.split('').map((l) => `${l}.root-servers.net.`);

const abs = (n: string) => (n.endsWith('.') ? n : `${n}.`);

/** The in-addr.arpa name of an IPv4 address. */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
}

function addressOfReverse(name: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa\.$/.exec(name);
  return m ? [m[4], m[3], m[2], m[1]].join('.') : undefined;
}

/** The server at `server`:`port` answers (or not) one question from `origin`. */
export function askServer(net: ClusterNetwork | undefined, origin: Origin, server: string, port: number, qname: string, qtype: RRType, cookie: boolean): DnsReply {
  const name = abs(qname.toLowerCase());
  if (server === NODE_NAMESERVER && !origin.pod) return port === 53 ? resolvedStub(net, origin, name, qtype) : 'refused';
  // A host without the cluster network (a shell with no cluster behind it) reaches nothing else.
  if (!net) return 'timeout';
  if (port !== 53) return reach(net, origin, server, port) === 'refused' ? 'refused' : 'timeout';
  if (server === DNS_SERVICE_IP || isCoreDNSPod(net, server)) {
    if (!origin.node) return 'timeout';
    if (server === DNS_SERVICE_IP ? !net.dnsReachable(origin.node) : reach(net, origin, server, 53) !== 'connected') return reach(net, origin, server, 53) === 'refused' ? 'refused' : 'timeout';
    return coreDNS(net, name, qtype, cookie);
  }
  const upstream = net.queryDNS(origin, server, 'kubernetes.io');
  if (upstream !== 'timeout') return upstreamAnswer(name, qtype, { udp: DIG_UDP, cookie: false });
  return reach(net, origin, server, 53) === 'refused' ? 'refused' : 'timeout';
}

function reach(net: ClusterNetwork, origin: Origin, ip: string, port: number): 'connected' | 'refused' | 'timeout' {
  const o = net.exchange(origin, ip, port, { method: 'GET', path: '/', connectOnly: true });
  if (o.kind === 'refused') return 'refused';
  return o.kind === 'empty' || o.kind === 'response' ? 'connected' : 'timeout';
}

function isCoreDNSPod(net: ClusterNetwork, ip: string): boolean {
  return net.dnsData.slices('kube-system', 'kube-dns').some((s) => s.endpoints?.some((e) => e.addresses.includes(ip)));
}

/** The zone's SOA; its serial is the kubernetes plugin's Serial: the last change its informers saw (dnsControl.Modified). */
function soa(net: ClusterNetwork, zone: string): RR {
  return { name: zone, ttl: Math.min(CLUSTER_TTL, 300), type: 'SOA', data: [`ns.dns.${zone}`, `hostmaster.${zone}`, net.dnsModified, 7200, 1800, 86400, CLUSTER_TTL] };
}

function services(net: ClusterNetwork): ServiceView[] {
  return net.proxies.services.list().map((o) => serviceView(o));
}

/** An endpoint's name under its Service: its hostname, else its address with dashes (CoreDNS endpointHostname). */
function endpointLabel(e: NonNullable<SliceView['endpoints']>[number]): string {
  return (e as { hostname?: string }).hostname ?? e.addresses[0].replace(/\./g, '-');
}

function readyEndpoints(net: ClusterNetwork, ns: string, svc: string): Array<NonNullable<SliceView['endpoints']>[number]> {
  return net.dnsData.slices(ns, svc).filter((s) => !s.addressType || s.addressType === 'IPv4').flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready !== false));
}

function coreDNS(net: ClusterNetwork, name: string, qtype: RRType, cookie: boolean): DnsMessage {
  const edns = { udp: DIG_UDP, cookie };
  const zone = `${DNS_DOMAIN}.`;
  const msg = (rcode: Rcode, answer: RR[], authority: RR[] = [], additional: RR[] = []): DnsMessage => ({ rcode, aa: true, ra: false, answer, authority, additional, edns, compress: false });
  if (name === zone || name.endsWith(`.${zone}`)) {
    // A SOA question is answered at the zone's name (plugin.SOA) and is NODATA anywhere else, even for no name (handler.go).
    if (qtype === 'SOA') return name === zone ? msg('NOERROR', [soa(net, zone)]) : msg('NOERROR', [], [soa(net, zone)]);
    const a = answerA(name, net.dnsData, qtype === 'AAAA');
    if (a.rcode === 'NXDOMAIN') {
      const srv = qtype === 'SRV' ? srvRecords(net, name) : undefined;
      if (srv) return msg('NOERROR', srv.answer, [], srv.additional);
      return msg(name === zone ? 'NOERROR' : 'NXDOMAIN', [], [soa(net, zone)]);
    }
    // An ExternalName's CNAME, then what its target has (forwarded answers capped at the cache's 30 s like the rest).
    const cnames: RR[] = (a.cnames ?? []).map(([o, t]) => ({ name: abs(o), ttl: CLUSTER_TTL, type: 'CNAME', data: [abs(t)] }));
    if (qtype === 'CNAME') {
      // plugin.CNAME: the Service's own CNAME, whatever its target has.
      const target = externalName(net, name);
      if (target) return msg('NOERROR', [{ name, ttl: CLUSTER_TTL, type: 'CNAME', data: [abs(target)] }]);
    }
    const owner = cnames.length > 0 ? String(cnames[cnames.length - 1].data[0]) : name;
    if (qtype === 'A' && (cnames.length > 0 || a.addresses.length > 0)) return msg('NOERROR', [...cnames, ...a.addresses.map((ip): RR => ({ name: owner, ttl: CLUSTER_TTL, type: 'A', data: [ip] }))]);
    if (qtype === 'AAAA' && cnames.length > 0) return msg('NOERROR', cnames);
    if (qtype === 'SRV') {
      const srv = srvRecords(net, name);
      if (srv) return msg('NOERROR', srv.answer, [], srv.additional);
    }
    return msg('NOERROR', [], [soa(net, zone)]);
  }
  if (name.endsWith('.in-addr.arpa.') && qtype === 'PTR') {
    const ip = addressOfReverse(name);
    const targets = ip ? ptrTargets(net, ip) : [];
    if (targets.length > 0) return msg('NOERROR', targets.map((t) => ({ name, ttl: CLUSTER_TTL, type: 'PTR', data: [t] })));
  }
  const fwd = upstreamAnswer(name, qtype, edns);
  return { ...fwd, answer: fwd.answer.map((r) => ({ ...r, ttl: Math.min(r.ttl, FORWARD_TTL) })), compress: false };
}

/** The name an ExternalName Service `<svc>.<ns>.svc.<zone>.` stands for, when it is a name (not an address). */
function externalName(net: ClusterNetwork, name: string): string | undefined {
  const m = new RegExp(`^([^.]+)\\.([^.]+)\\.svc\\.${DNS_DOMAIN.replace(/\./g, '\\.')}\\.$`).exec(name);
  const svc = m ? net.dnsData.service(m[2], m[1]) : undefined;
  return svc?.type === 'ExternalName' && svc.externalName && !/^[\d.]+$/.test(svc.externalName) ? svc.externalName.toLowerCase().replace(/\.$/, '') : undefined;
}

/** What a reverse name is in the cluster: a Service's ClusterIP, or an endpoint of a Service (by its hostname). */
function ptrTargets(net: ClusterNetwork, ip: string): string[] {
  const out: string[] = [];
  for (const s of services(net)) {
    if (s.clusterIP === ip) out.push(`${s.name}.${s.namespace}.svc.${DNS_DOMAIN}.`);
    for (const e of readyEndpoints(net, s.namespace, s.name)) if (e.addresses.includes(ip)) out.push(`${endpointLabel(e)}.${s.name}.${s.namespace}.svc.${DNS_DOMAIN}.`);
  }
  return [...new Set(out)];
}

/**
 * SRV records: `_port._proto.svc.ns.svc.zone` (a named port) or `svc.ns.svc.zone` (every port), each naming the
 * Service (its endpoints for a headless one), with their A records in ADDITIONAL; the weights share 100 within a
 * priority (plugin.SRV: 100 / count · 10 / 10).
 */
function srvRecords(net: ClusterNetwork, name: string): { answer: RR[]; additional: RR[] } | undefined {
  const labels = name.slice(0, -(`.svc.${DNS_DOMAIN}.`.length)).split('.');
  let portName: string | undefined, proto: string | undefined;
  if (labels.length === 4 && labels[0].startsWith('_') && labels[1].startsWith('_')) {
    portName = labels[0].slice(1);
    proto = labels[1].slice(1);
    labels.splice(0, 2);
  }
  if (labels.length !== 2 || !name.endsWith(`.svc.${DNS_DOMAIN}.`)) return undefined;
  const [svcName, ns] = labels;
  const svc = net.dnsData.service(ns, svcName);
  if (!svc) return undefined;
  const ports = svc.ports.filter((p) => (portName === undefined || p.name === portName) && (proto === undefined || (p.protocol ?? 'TCP').toLowerCase() === proto));
  if (ports.length === 0) return undefined;
  const fqdn = `${svcName}.${ns}.svc.${DNS_DOMAIN}.`;
  const headless = !svc.clusterIP || svc.clusterIP === 'None';
  const targets: Array<{ target: string; ip: string }> = headless
    ? readyEndpoints(net, ns, svcName).map((e) => ({ target: `${endpointLabel(e)}.${fqdn}`, ip: e.addresses[0] }))
    : [{ target: fqdn, ip: svc.clusterIP! }];
  const count = ports.length * targets.length;
  if (count === 0) return undefined;
  const weight = Math.floor((100 / (count * 10)) * 10);
  const answer: RR[] = [];
  const additional: RR[] = [];
  for (const p of ports) {
    for (const t of targets) {
      answer.push({ name, ttl: CLUSTER_TTL, type: 'SRV', data: [0, weight, p.port, t.target] });
      if (!additional.some((r) => r.name === t.target)) additional.push({ name: t.target, ttl: CLUSTER_TTL, type: 'A', data: [t.ip] });
    }
  }
  return { answer, additional };
}

/** What the internet's resolvers say: the public names the lab knows, the root's servers, NXDOMAIN for the rest. */
function upstreamAnswer(name: string, qtype: RRType, edns: { udp: number; cookie: boolean }, ttl = UPSTREAM_TTL): DnsMessage {
  const base = { aa: false, ra: true, authority: [], additional: [], edns, compress: true };
  if (name === '.') return { ...base, rcode: 'NOERROR', answer: qtype === 'NS' ? ROOT_SERVERS.map((t) => ({ name, ttl: 518400, type: 'NS' as const, data: [t] })) : [] };
  const host = name.slice(0, -1);
  if (!Object.hasOwn(INTERNET_HOSTS, host)) return { ...base, rcode: 'NXDOMAIN', answer: [] };
  const answer: RR[] = qtype === 'A' ? INTERNET_HOSTS[host].map((ip) => ({ name, ttl, type: 'A', data: [ip] })) : [];
  return { ...base, rcode: 'NOERROR', answer };
}

function resolvedStub(net: ClusterNetwork | undefined, origin: Origin, name: string, qtype: RRType): DnsMessage {
  const edns = { udp: RESOLVED_UDP, cookie: false };
  const base = { aa: false, ra: true, answer: [] as RR[], authority: [], additional: [], edns, compress: true };
  if (name === 'local.' || name.endsWith('.local.')) return { ...base, rcode: 'SERVFAIL' };
  // /etc/hosts (ReadEtcHosts=yes): the nodes, as kubeadm's hosts file lists them.
  const host = name.slice(0, -1);
  const hosts = Object.hasOwn(INTERNET_HOSTS, host) || !net ? undefined : net.resolve(host, { node: origin.node });
  const node = hosts?.ok ? hosts.addresses[0] : undefined;
  if (node) return { ...base, rcode: 'NOERROR', answer: qtype === 'A' ? [{ name, ttl: 0, type: 'A', data: [node] }] : [] };
  if (!net) return { ...base, rcode: 'NXDOMAIN' };
  return upstreamAnswer(name, qtype, edns);
}

// ---------- the wire ----------

function nameLength(name: string): number {
  return name === '.' ? 1 : name.length + 1;
}

/** A name's packed length, with compression against the names already written (their suffixes). */
function packedName(name: string, seen: Set<string> | undefined): number {
  if (!seen) return nameLength(name);
  const labels = name === '.' ? [] : name.slice(0, -1).split('.');
  for (let i = 0; i < labels.length; i++) {
    const suffix = `${labels.slice(i).join('.')}.`;
    if (seen.has(suffix)) {
      const len = labels.slice(0, i).reduce((n, l) => n + l.length + 1, 0) + 2;
      for (let j = 0; j < i; j++) seen.add(`${labels.slice(j).join('.')}.`);
      return len;
    }
  }
  for (let j = 0; j < labels.length; j++) seen.add(`${labels.slice(j).join('.')}.`);
  return nameLength(name);
}

function rdataLength(r: RR, seen: Set<string> | undefined): number {
  switch (r.type) {
    case 'A': return 4;
    case 'AAAA': return 16;
    // Only the types RFC 3597 allows to compress (NS, CNAME, SOA, PTR, MX) are; SRV's target never is.
    case 'NS': case 'CNAME': case 'PTR': return packedName(String(r.data[0]), seen);
    case 'MX': return 2 + packedName(String(r.data[1]), seen);
    case 'SRV': return 6 + nameLength(String(r.data[3]));
    case 'SOA': return packedName(String(r.data[0]), seen) + packedName(String(r.data[1]), seen) + 20;
    default: return String(r.data[0]).length + 1;
  }
}

/** The message's size in bytes as packed (what dig reports as MSG SIZE rcvd and host as "Received N bytes"). */
export function messageSize(m: DnsMessage, qname: string): number {
  const seen = m.compress ? new Set<string>() : undefined;
  let size = 12 + packedName(abs(qname), seen) + 4;
  for (const r of [...m.answer, ...m.authority, ...m.additional]) size += packedName(r.name, seen) + 10 + rdataLength(r, seen);
  if (m.edns) size += 11 + (m.edns.cookie ? 12 : 0);
  return size;
}
