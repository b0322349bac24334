/**
 * The cluster network: the path a request takes from where it starts (a node,
 * a pod, or outside the cluster) to a container, through name resolution
 * (the node's /etc/hosts and resolver, or CoreDNS for pods), the origin
 * node's kube-proxy rules (ClusterIPs, LoadBalancer IPs), the destination
 * node's rules (NodePorts), the cloud load balancer (LoadBalancer IPs from
 * outside), and finally the container's program, which answers, logs the
 * request and counts it as CPU load.
 *
 * Everything is synchronous: the outcome says how long it took (`ms`) and
 * callers wait that long on the virtual clock.
 */
import type { Cluster } from '../cluster.js';
import type { KObject } from '../api/meta.js';
import { COREDNS_REPOSITORY, DNS_SERVICE_IP } from '../addons/kubeadm-addons.js';
import type { Kubelet } from '../kubelet/kubelet.js';
import type { HttpRequest, HttpResponse, UpstreamAnswer } from '../kubelet/programs.js';
import type { Container, ExecOrigin } from '../kubelet/runtime.js';
import type { Random } from '../util/random.js';
import type { HttpRequest as ShellHttpRequest, HttpResult, InterruptSignal, NetworkOrigin, ShellNetwork } from '../shell/process.js';
import { answerA, clusterSearch, isUpstreamResolver, parseResolver, podResolvConf, resolveWithSearch, type DnsData, type Resolver } from './dns.js';
import { KubeProxies, serviceView } from './kube-proxy.js';
import { noEndpointVerdict, nodePortKey, ruleKey, usableEndpoints, type ProxyEndpoint, type ServicePortRule, type SliceView } from './rules.js';
import { rfc1123 } from '../util/time.js';
import { webHeaders } from './commands/index.js';
import { internet, internetHostOf, INTERNET_HOSTS } from './internet/hosts.js';
import { apiserverCertificate, type ServingCertificate } from '../api/pki.js';

/** A round trip to a host on the internet (a CDN edge nearby). */
const INTERNET_RTT_MS = 12;

/** Where a request starts. */
export interface Origin {
  /** The node the request leaves from (a pod's node, or the node a shell runs on); absent for outside the cluster. */
  node?: string;
  /** The sending pod (its IP is the source address), unless it uses the host network. */
  pod?: { namespace: string; name: string; ip: string; resolver?: Resolver };
}

export interface Exchange {
  method: string;
  path: string;
  headers?: Record<string, string>;
  userAgent?: string;
  /**
   * https: the client's side of the handshake, given the certificate the server presents (none from a port
   * that speaks plain HTTP). False: the client gave up (its CA file, or the certificate, failed its checks).
   */
  tls?: (certificate: ServingCertificate | undefined) => boolean;
  /** The client offers HTTP/2 by ALPN (curl built with nghttp2); a Go TLS server takes it. */
  http2?: boolean;
  /** What the request sends after its head (curl -d). */
  body?: string;
  /** The request line's version when not HTTP/1.1 (nginx speaks HTTP/1.0 to a proxied server). */
  proto?: string;
  /** https: the client certificate (PEM) the client presents in the handshake (curl --cert). */
  clientCertificate?: string;
  /** Only the TCP handshake (nc -z): a listening container's answer is 'empty', and its program sees nothing. */
  connectOnly?: boolean;
}

/**
 * kube-apiserver's handler chain (engine/api/server), set when its code has loaded (with the clients that
 * reach it: curl, wget); until then its secure port answers as the container's program does.
 */
export type SecureServing = (cluster: Cluster, req: { method: string; path: string; headers: Record<string, string>; http2: boolean; remote: string; body?: string; clientCertificate?: string }) => HttpResponse | 'hang';
let secureServing: SecureServing | undefined;
export function setSecureServing(fn: SecureServing): void {
  secureServing = fn;
}

/** What Go's TLS listener writes to a client that sent plain HTTP (net/http server.go), before any handler runs. */
const PLAIN_HTTP_TO_TLS = 'Client sent an HTTP request to an HTTPS server.\n';

export type Outcome =
  | { kind: 'response'; ip: string; status: number; statusText: string; headers: Record<string, string>; body: string; ms: number; httpVersion?: '1.0' | '2' }
  /** https to a port that speaks plain HTTP: the server's answer is no TLS record. */
  | { kind: 'not-tls'; ip: string; ms: number }
  /** The client ended the TLS handshake (Exchange.tls said no). */
  | { kind: 'tls-aborted'; ip: string; ms: number }
  /** RST from a host, or a REJECT rule (ICMP port unreachable). */
  | { kind: 'refused'; ip: string; ms: number }
  /** SYN dropped: nothing answers; the client gives up on its own timeout. */
  | { kind: 'timeout'; ip: string }
  /** No such host on the pod network (ARP fails). */
  | { kind: 'unreachable'; ip: string; ms: number }
  /** Connected, but the application never answers. */
  | { kind: 'hang'; ip: string }
  /** Connected, the server closed without an HTTP answer. */
  | { kind: 'empty'; ip: string; ms: number };

export type Resolution = { ok: true; name: string; addresses: string[]; cnames?: Array<[string, string]>; ms: number } | { ok: false; error: 'nxdomain' | 'timeout'; ms: number };

/** How long a DNS query to an unreachable server takes before the resolver gives up (timeout:5 × attempts:2). */
export const RESOLVER_TIMEOUT_MS = 10_000;
/** Linux gives up a connect() after 6 SYN retransmissions: 1+2+4+8+16+32+64 s plus the last wait. */
export const TCP_CONNECT_TIMEOUT_MS = 134_000;
export const ARP_TIMEOUT_MS = 3_070;
/** A client address outside the cluster (TEST-NET-1: the cloud's load balancers take theirs from the other two ranges). */
export const OUTSIDE_CLIENT_IP = '192.0.2.10';

/** net/http's StatusText for the codes the simulated servers answer with. */
export const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** What any host resolves without asking DNS: an IPv4 address as itself, localhost as 127.0.0.1. */
export function resolveLiteral(host: string): Resolution | undefined {
  if (IPV4.test(host)) return { ok: true, name: host, addresses: [host], ms: 0 };
  if (host === 'localhost') return { ok: true, name: host, addresses: ['127.0.0.1'], ms: 0 };
  return undefined;
}

/** RFC 7231 IMF-fixdate, the Date header every server sends. */
export function httpDate(ms: number): string {
  return rfc1123(ms, 'GMT');
}

/** Response headers in the order the server writes them: nginx/Apache put Server and Date first; Go's net/http writes the handler's headers, then Date, Content-Length, Content-Type. */
export function wireHeaders(res: HttpResponse, now: number, head: boolean): Record<string, string> {
  const h = res.headers;
  if (res.ordered) return h;
  const out: Record<string, string> = {};
  const ct = h['Content-Type'];
  const cl = h['Content-Length'] ?? String(res.body.length);
  if (h.Server) {
    out.Server = h.Server;
    out.Date = httpDate(now);
    if (ct) out['Content-Type'] = ct;
    out['Content-Length'] = cl;
    for (const [k, v] of Object.entries(h)) if (!(k in out)) out[k] = v;
    out.Connection = 'keep-alive';
    return out;
  }
  for (const k of Object.keys(h).filter((k) => k !== 'Content-Type' && k !== 'Content-Length').sort()) out[k] = h[k];
  out.Date = httpDate(now);
  if (!head || cl) out['Content-Length'] = cl;
  if (ct) out['Content-Type'] = ct;
  return out;
}

export class ClusterNetwork implements ShellNetwork {
  readonly proxies: KubeProxies;
  private nodeByIP = new Map<string, string>();
  private ports = 32768;
  /**
   * Listeners on a node's loopback that are not containers: `kubectl port-forward`
   * in a terminal on that node (key `node:port`). They answer `curl localhost:PORT` there.
   */
  readonly loopbackForwards = new Map<string, (ex: Exchange) => Outcome>();

  /**
   * CoreDNS's SOA serial (dnsControl.modified): the Unix second its informers last saw a Service or EndpointSlice
   * come, go or change what its records say (ExternalName and ports; ready addresses, hostnames and ports), or
   * CoreDNS started and listed them all.
   */
  dnsModified = 0;

  constructor(private readonly cluster: Cluster, private readonly random: Random) {
    this.proxies = new KubeProxies(cluster.client('kube-proxy'), cluster.clock, cluster.kubelets);
    for (const k of cluster.kubelets.values()) this.nodeJoined(k);
    const seen = (shape: (o: any) => unknown) => ({ add: this.dnsChanged, delete: this.dnsChanged, update: (a: KObject, b: KObject) => { if (JSON.stringify(shape(a)) !== JSON.stringify(shape(b))) this.dnsChanged(); } });
    const ports = (ps?: Array<{ name?: string; port?: number; protocol?: string }>) => ps?.map((p) => [p.name, p.port, p.protocol]);
    this.proxies.services.addEventHandler(seen((o) => [o.spec?.externalName, ports(o.spec?.ports)]));
    this.proxies.slices.addEventHandler(seen((o) => [ports(o.ports), o.endpoints?.filter((e: any) => e.conditions?.ready !== false).map((e: any) => [e.addresses, e.hostname])]));
  }

  private dnsChanged = (): void => {
    this.dnsModified = Math.floor(this.now() / 1000);
  };

  /** A node's address answers from the moment its machine is on the network (boot, or `kubeadm join` later). */
  nodeJoined(k: Kubelet): void {
    this.nodeByIP.set(k.node.internalIP, k.node.name);
    k.runtime.onStarted = (c) => {
      if (c.image.repository === COREDNS_REPOSITORY) this.dnsChanged();
      this.proxies.containerStarted(k.node.name, c);
    };
  }

  start(): void {
    this.proxies.start();
  }

  private now(): number {
    return this.cluster.clock.now();
  }

  // ---------- DNS ----------

  readonly dnsData: DnsData = {
    service: (ns, name) => {
      const o = this.proxies.services.get(`${ns}/${name}`);
      return o ? serviceView(o) : undefined;
    },
    slices: (ns, name) => this.proxies.slices.byIndex('service', `${ns}/${name}`) as unknown as SliceView[],
    namespaceExists: (ns) => {
      try { return !!this.cluster.client('coredns').tryGet('namespaces', undefined, ns); } catch { return true; }
    },
    upstream: (name) => (Object.hasOwn(INTERNET_HOSTS, name) ? [...INTERNET_HOSTS[name]] : undefined),
  };

  /** Is CoreDNS reachable from `node` through its rules (kube-dns Service → a running CoreDNS)? */
  dnsReachable(node: string): boolean {
    const rule = this.proxies.rule(node, ruleKey(DNS_SERVICE_IP, 53, 'UDP'));
    if (!rule) return false;
    return usableEndpoints(rule, node, false).some((e) => {
      const c = this.listener(e.ip, e.port);
      return c !== undefined && c !== 'no-host' && c !== 'closed' && !c.inj.hang;
    });
  }

  /**
   * One A query from `origin` to the DNS server at `server`: CoreDNS behind the kube-dns Service answers the cluster
   * zone itself (authoritative) and forwards other names upstream; the node network's upstream (or a public
   * resolver) answers the public names it knows; anything else there is no DNS server: a timeout.
   */
  queryDNS(origin: Origin, server: string, fqdn: string, v6 = false): { rcode: 'NOERROR' | 'NXDOMAIN'; addresses: string[]; cnames?: Array<[string, string]>; authoritative: boolean } | 'timeout' {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    const upstream = () => Object.hasOwn(INTERNET_HOSTS, name)
      ? { rcode: 'NOERROR' as const, addresses: v6 ? [] : [...INTERNET_HOSTS[name]], authoritative: false }
      : { rcode: 'NXDOMAIN' as const, addresses: [], authoritative: false };
    if (server === DNS_SERVICE_IP) {
      if (!origin.node || !this.dnsReachable(origin.node)) return 'timeout';
      const a = answerA(fqdn, this.dnsData, v6);
      if (v6 && a.rcode === 'NOERROR') a.addresses = [];
      if (a.rcode === 'NOERROR') return { ...a, authoritative: true };
      return name === 'cluster.local' || name.endsWith('.cluster.local') ? { rcode: 'NXDOMAIN', addresses: [], authoritative: true } : upstream();
    }
    return origin.node && isUpstreamResolver(server, this.nodeIP(origin.node)) ? upstream() : 'timeout';
  }

  private nodeIP(node: string): string {
    return (this.cluster.nodeConfigs.find((n) => n.name === node) ?? this.cluster.nodeConfigs[0]).internalIP;
  }

  /** Name → addresses as the origin's resolver does it. */
  resolve(host: string, origin: Origin): Resolution {
    const literal = resolveLiteral(host);
    if (literal) return literal;
    const publicName = host.toLowerCase().replace(/\.$/, '');
    // A pod asks the first server of its resolv.conf (the kubelet's, by its dnsPolicy and dnsConfig).
    const server = origin.pod?.resolver?.servers[0] ?? DNS_SERVICE_IP;
    if (origin.pod && server !== DNS_SERVICE_IP) {
      if (host === origin.pod.name) return { ok: true, name: host, addresses: [origin.pod.ip], ms: 0 };
      if (!origin.node || !isUpstreamResolver(server, this.nodeIP(origin.node))) return { ok: false, error: 'timeout', ms: RESOLVER_TIMEOUT_MS };
      if (Object.hasOwn(INTERNET_HOSTS, publicName)) return { ok: true, name: publicName, addresses: [...INTERNET_HOSTS[publicName]], ms: INTERNET_RTT_MS };
      return { ok: false, error: 'nxdomain', ms: INTERNET_RTT_MS };
    }
    if (Object.hasOwn(INTERNET_HOSTS, publicName)) {
      // The node's resolver asks upstream; a pod's CoreDNS forwards there once the search domains fail.
      if (origin.pod && (!origin.node || !this.dnsReachable(origin.node))) return { ok: false, error: 'timeout', ms: RESOLVER_TIMEOUT_MS };
      return { ok: true, name: publicName, addresses: [...INTERNET_HOSTS[publicName]], ms: INTERNET_RTT_MS };
    }
    if (!origin.pod) {
      // The node's /etc/hosts knows the nodes; its resolver (systemd-resolved) knows nothing of cluster.local.
      const n = this.cluster.nodeConfigs.find((c) => c.name === host);
      if (n) return { ok: true, name: host, addresses: [n.internalIP], ms: 0 };
      return { ok: false, error: 'nxdomain', ms: 2 };
    }
    if (host === origin.pod.name) return { ok: true, name: host, addresses: [origin.pod.ip], ms: 0 };
    if (!origin.node || !this.dnsReachable(origin.node)) return { ok: false, error: 'timeout', ms: RESOLVER_TIMEOUT_MS };
    const rv = origin.pod.resolver;
    const r = resolveWithSearch(host, rv?.search ?? clusterSearch(origin.pod.namespace), this.dnsData, rv?.ndots);
    return r ? { ok: true, ...r, ms: 1 } : { ok: false, error: 'nxdomain', ms: 1 };
  }

  // ---------- connections ----------

  private kubeletOfIP(ip: string): Kubelet | undefined {
    const node = this.nodeByIP.get(ip);
    if (node) return this.cluster.kubelets.get(node);
    // Flannel routes a pod address to the node whose block holds it.
    const block = this.cluster.podNetwork.blockOf(ip);
    const owner = block === undefined ? undefined : this.cluster.nodeConfigs[block];
    return owner && this.cluster.kubelets.get(owner.name);
  }

  /**
   * An ICMP echo from `origin` to `ip`: the TTL the reply arrives with, or undefined when nothing answers. A
   * pod's kernel answers while its sandbox runs, a node while it is powered on; a Service's virtual address has
   * no host behind it (kube-proxy rewrites only its TCP/UDP ports). Each router on the way takes one off the
   * replier's 64: none on the same node's bridge, two between nodes (both hosts route; flannel's VXLAN hides
   * the wire).
   */
  echo(origin: Origin, ip: string): { ttl: number; us: number } | undefined {
    if (ip === '127.0.0.1') return { ttl: 64, us: 30 + this.random.int(40) };
    const k = this.kubeletOfIP(ip);
    if (!k?.poweredOn()) return undefined;
    const isNode = this.nodeByIP.has(ip);
    if (!isNode && ![...k.runtime.containers.values()].some((c) => c.state === 'running' && c.podIP === ip)) return undefined;
    const sameNode = origin.node === k.node.name;
    const hops = (origin.pod ? 1 : 0) + (isNode ? 0 : 1);
    // Round trips as a quiet cluster shows them: tens of microseconds on one host, under a millisecond between hosts.
    return sameNode ? { ttl: 64, us: 40 + this.random.int(60) } : { ttl: 64 - hops, us: 300 + this.random.int(600) };
  }

  /** The container accepting connections on ip:port, or why there is none. */
  private listener(ip: string, port: number): Container | 'no-host' | 'closed' | undefined {
    const k = this.kubeletOfIP(ip);
    if (!k) return undefined;
    if (!k.poweredOn()) return 'no-host';
    let any = false;
    for (const c of k.runtime.containers.values()) {
      if (c.state !== 'running' || c.podIP !== ip) continue;
      any = true;
      if (c.listening(port)) return c;
    }
    if (!any && !this.nodeByIP.has(ip)) return 'no-host';
    return 'closed';
  }

  private pick<T>(xs: T[]): T {
    return xs[xs.length === 1 ? 0 : this.random.int(xs.length)];
  }

  /** kube-proxy's choice for one connection: affinity first, else uniformly at random (iptables statistic mode random). */
  private choose(node: string, key: string, rule: ServicePortRule, eps: ProxyEndpoint[], client: string): ProxyEndpoint {
    if (!rule.sessionAffinity) return this.pick(eps);
    let m = this.proxies.affinity.get(node);
    if (!m) this.proxies.affinity.set(node, (m = new Map()));
    const akey = `${key}|${client}`;
    const prev = m.get(akey);
    const now = this.now();
    const hit = prev && now - prev.at <= rule.affinityTimeoutMs ? eps.find((e) => e.ip === prev.ip && e.port === prev.port) : undefined;
    const ep = hit ?? this.pick(eps);
    m.set(akey, { ip: ep.ip, port: ep.port, at: now });
    return ep;
  }

  /**
   * The source address a packet from `origin` has when it reaches `node`, before kube-proxy's rules: a pod's own
   * address on its node, else its node's (flannel's --ip-masq masquerades pod traffic leaving the pod network); a
   * node's own address; outside the cluster, the client's.
   */
  private clientAt(origin: Origin, node: string): string {
    const own = origin.node ? this.cluster.kubelets.get(origin.node)?.node.internalIP : undefined;
    if (origin.pod && origin.node === node) return origin.pod.ip;
    return own ?? OUTSIDE_CLIENT_IP;
  }

  /** MASQUERADE on `node` towards pod `dest`: the address of the interface it leaves by, cni0 (.1) for a local pod, flannel.1 (.0) for a remote one. */
  private masqueradeAddress(node: string, dest: string): string {
    const k = this.cluster.kubelets.get(node);
    if (!k) return OUTSIDE_CLIENT_IP;
    const net = this.cluster.podNetwork;
    const idx = k.node.index;
    return net.blockOf(dest) === idx ? net.bridgeIP(idx) : net.overlayIP(idx);
  }

  /** One HTTP exchange from `origin` to ip:port. */
  exchange(origin: Origin, ip: string, port: number, ex: Exchange): Outcome {
    const from = origin.node;
    // Loopback: the origin's own network namespace.
    if (ip === '127.0.0.1') {
      const fwd = !origin.pod && from ? this.loopbackForwards.get(`${from}:${port}`) : undefined;
      if (fwd) return fwd(ex);
      const self = origin.pod ? origin.pod.ip : from ? this.cluster.kubelets.get(from)?.node.internalIP : undefined;
      if (!self) return { kind: 'refused', ip, ms: 0 };
      const hc = origin.pod ? undefined : this.healthCheck(from!, port, ip, ex);
      if (hc) return hc;
      return this.deliver(self, port, ip, origin.pod ? '127.0.0.1' : '127.0.0.1', ex);
    }
    // A node address: host-network listeners, else NodePort rules of that node.
    const nodeName = this.nodeByIP.get(ip);
    if (nodeName) {
      const k = this.cluster.kubelets.get(nodeName)!;
      if (!k.poweredOn()) return { kind: 'timeout', ip };
      const l = this.listener(ip, port);
      if (l && l !== 'closed' && l !== 'no-host') return this.deliver(ip, port, ip, this.clientAt(origin, nodeName), ex);
      const hc = this.healthCheck(nodeName, port, ip, ex);
      if (hc) return hc;
      const key = nodePortKey(port);
      const rule = this.proxies.rule(nodeName, key);
      if (!rule) return { kind: 'refused', ip, ms: 0 };
      return this.viaRule(origin, nodeName, key, rule, true, ip, ex);
    }
    // A node reaching a pod directly leaves by the same interface, with its address as the route's source.
    if (this.cluster.podNetwork.blockOf(ip) !== undefined) return this.deliver(ip, port, ip, origin.pod ? origin.pod.ip : from ? this.masqueradeAddress(from, ip) : OUTSIDE_CLIENT_IP, ex);
    const publicHost = internetHostOf(ip);
    if (publicHost) return this.toInternet(publicHost, ip, port, ex);
    const key = ruleKey(ip, port);
    if (!from) {
      // From outside: only a LoadBalancer address leads in; the cloud's LB picks a healthy node and uses its NodePort.
      const lb = this.findLoadBalancerRule(key);
      if (!lb?.nodePort) return { kind: 'timeout', ip };
      const healthy = [...this.cluster.kubelets.values()].filter((k) => k.poweredOn() && (!lb.externalLocal || lb.endpoints.some((e) => e.ready && e.nodeName === k.node.name)));
      if (healthy.length === 0) return { kind: 'timeout', ip };
      const node = this.pick(healthy).node.name;
      const npKey = nodePortKey(lb.nodePort, lb.protocol);
      const rule = this.proxies.rule(node, npKey);
      if (!rule) return { kind: 'timeout', ip };
      return this.viaRule(origin, node, npKey, rule, true, ip, ex);
    }
    const rule = this.proxies.rule(from, key);
    // No rule: a virtual address nobody owns; the packet leaves by the default route and is never answered.
    if (!rule) return { kind: 'timeout', ip };
    const external = !(this.isClusterIP(rule, ip));
    return this.viaRule(origin, from, key, rule, external, ip, ex);
  }

  /** kube-proxy's health check server on `node` (on every address), when `port` is a Service's healthCheckNodePort. */
  private healthCheck(node: string, port: number, ip: string, ex: Exchange): Outcome | undefined {
    const health = this.proxies.proxyRunning(node) ? webHeaders.loaded() : undefined;
    const svc = health?.healthCheckedService(this.proxies.services.list(), port);
    if (!health || !svc) return undefined;
    const res = health.serviceHealthAnswer(svc, this.dnsData.slices(svc.metadata.namespace!, svc.metadata.name!), node, this.now());
    return { kind: 'response', ip, status: res.status, statusText: STATUS_TEXT[res.status], headers: res.headers, body: ex.method === 'HEAD' ? '' : res.body, ms: 1 };
  }

  /**
   * A public host's answer (its web server listens on 80 and 443 only). The clients that can reach one load its
   * answers first (hosts.ts preloadInternet); a caller that did not finds it not answering.
   */
  private toInternet(host: string, ip: string, port: number, ex: Exchange): Outcome {
    const web = internet.loaded();
    if (!web || !web.servesPort(host, port)) return { kind: 'timeout', ip };
    const res = web.webAnswer(port === 443 ? 'https' : 'http', host, ex.path, this.cluster.clock.now());
    return { kind: 'response', ip, status: res.status, statusText: res.statusText, headers: res.headers, body: ex.method === 'HEAD' ? '' : res.body, ms: INTERNET_RTT_MS * 2 };
  }

  private isClusterIP(rule: ServicePortRule, ip: string): boolean {
    const o = this.proxies.services.get(rule.service);
    return (o?.spec as { clusterIP?: string } | undefined)?.clusterIP === ip;
  }

  private findLoadBalancerRule(key: string): ServicePortRule | undefined {
    // The cloud LB is configured from the Service itself, not from any node's rules.
    for (const k of this.cluster.kubelets.keys()) {
      const r = this.proxies.rule(k, key);
      if (r) return r;
    }
    return undefined;
  }

  /**
   * kube-proxy's NAT for one connection to a Service address on `node` (iptables proxier, a kubeadm cluster: its
   * clusterCIDR set, so ClusterIP traffic from outside the pod network is masqueraded). External traffic (NodePort,
   * LoadBalancer IP, external IP) goes through KUBE-EXT: with policy Cluster it is always masqueraded; with Local
   * it goes to the node's own endpoints and keeps its source, except that traffic from the node's pods and from the
   * node itself (src-type LOCAL) is sent to the cluster chain, the node's own masqueraded. A pod reaching itself
   * through the Service (hairpin) is masqueraded by its KUBE-SEP chain.
   */
  private viaRule(origin: Origin, node: string, key: string, rule: ServicePortRule, external: boolean, ip: string, ex: Exchange): Outcome {
    const fromHere = origin.node === node;
    const shortCircuit = external && rule.externalLocal && fromHere;
    const eps = usableEndpoints(shortCircuit ? { ...rule, externalLocal: false } : rule, node, external);
    if (eps.length === 0) return noEndpointVerdict(rule, external) === 'reject' ? { kind: 'refused', ip, ms: 1 } : { kind: 'timeout', ip };
    const client = this.clientAt(origin, node);
    const ep = this.choose(node, key, rule, eps, client);
    const masquerade = (!external ? !origin.pod : !rule.externalLocal || (shortCircuit && !origin.pod)) || origin.pod?.ip === ep.ip;
    return this.deliver(ep.ip, ep.port, ip, masquerade ? this.masqueradeAddress(node, ep.ip) : client, ex);
  }

  /**
   * A TCP connection from a container to host:port for a client that speaks no HTTP (the mysql monitor): the
   * container that accepts it, or why none does. A Service's virtual address goes to an endpoint as kube-proxy's
   * rules choose one; a headless Service's name is its pods' addresses already.
   */
  connect(from: ExecOrigin, host: string, port: number): { container: Container } | { error: 'unknown-host' | 'dns-timeout' | 'refused' | 'timeout' | 'unreachable' } {
    const origin = this.originOfExec(from);
    const r = this.resolve(host, origin);
    if (!r.ok) return { error: r.error === 'nxdomain' ? 'unknown-host' : 'dns-timeout' };
    let ip = r.addresses[0] === '127.0.0.1' ? from.podIP : r.addresses[0];
    let destPort = port;
    if (this.cluster.podNetwork.blockOf(ip) === undefined && !this.nodeByIP.has(ip)) {
      const key = ruleKey(ip, port);
      const rule = this.proxies.rule(from.node, key);
      if (!rule) return { error: 'timeout' };
      const eps = usableEndpoints(rule, from.node, false);
      if (eps.length === 0) return { error: noEndpointVerdict(rule, false) === 'reject' ? 'refused' : 'timeout' };
      const ep = this.choose(from.node, key, rule, eps, from.podIP);
      ip = ep.ip;
      destPort = ep.port;
    }
    const l = this.listener(ip, destPort);
    if (l === undefined) return { error: 'timeout' };
    if (l === 'no-host') return { error: 'unreachable' };
    if (l === 'closed') return { error: 'refused' };
    return { container: l };
  }

  /** The last hop: the pod (or host) at ip:port answers. `shownIP` is what the client dialled. */
  private deliver(ip: string, port: number, shownIP: string, source: string, ex: Exchange): Outcome {
    const l = this.listener(ip, port);
    if (l === undefined) return { kind: 'timeout', ip: shownIP };
    if (l === 'no-host') return this.kubeletOfIP(ip)?.poweredOn() === false ? { kind: 'timeout', ip: shownIP } : { kind: 'unreachable', ip: shownIP, ms: ARP_TIMEOUT_MS };
    if (l === 'closed') return { kind: 'refused', ip: shownIP, ms: 0 };
    if (ex.connectOnly) return { kind: 'empty', ip: shownIP, ms: 0 };
    const k = this.kubeletOfIP(ip)!;
    const apiserver = l.image.tls?.ports.includes(port) ? apiserverCertificate(k.node.name, k.node.internalIP) : undefined;
    const cert = apiserver ?? l.program.servingCertificate?.(port, l);
    if (ex.tls) {
      if (!ex.tls(cert)) return { kind: 'tls-aborted', ip: shownIP, ms: 1 };
      if (!cert) return { kind: 'not-tls', ip: shownIP, ms: 1 };
    } else if (cert) {
      const own = !apiserver && l.program.plainHttpToTLS?.();
      if (own) return { kind: 'response', ip: shownIP, status: own.status, statusText: STATUS_TEXT[own.status] ?? '', headers: wireHeaders(own, this.now(), ex.method === 'HEAD'), body: own.body, ms: 1 };
      return { kind: 'response', ip: shownIP, status: 400, statusText: 'Bad Request', httpVersion: '1.0', headers: {}, body: PLAIN_HTTP_TO_TLS, ms: 1 };
    }
    if (apiserver && secureServing && !l.inj.hang) {
      l.recordRequest();
      const http2 = !!ex.http2;
      const res = secureServing(this.cluster, { method: ex.method, path: ex.path, headers: ex.headers ?? {}, http2, remote: source, body: ex.body, clientCertificate: ex.clientCertificate });
      // A proxied request whose backend never answers: nothing times the proxy out.
      if (res === 'hang') return { kind: 'hang', ip: shownIP };
      return {
        kind: 'response', ip: shownIP, status: res.status, statusText: STATUS_TEXT[res.status] ?? '', headers: wireHeaders(res, this.now(), ex.method === 'HEAD'),
        body: ex.method === 'HEAD' ? '' : res.body, ms: Math.max(1, l.serviceMs()) + (res.ms ?? 0), ...(http2 ? { httpVersion: '2' as const } : undefined),
      };
    }
    const served = k.runtime.serveHTTP(l, port, { method: ex.method, path: ex.path, headers: ex.headers, remote: `${source}:${this.ephemeralPort()}`, userAgent: ex.userAgent, ...(ex.proto ? { proto: ex.proto } : undefined) });
    if (served.error === 'timeout') return { kind: 'hang', ip: shownIP };
    if (served.error === 'refused' || !served.response) return { kind: 'empty', ip: shownIP, ms: 1 };
    const res = served.response;
    const head = ex.method === 'HEAD';
    return { kind: 'response', ip: shownIP, status: res.status, statusText: STATUS_TEXT[res.status] ?? '', headers: wireHeaders(res, this.now(), head), body: head ? '' : res.body, ms: Math.max(1, l.serviceMs()) + (res.ms ?? 0) };
  }

  /** A program's own request from its container (a reverse proxy's upstream): named through the pod's DNS, then sent as any other. */
  upstream(from: ExecOrigin, host: string, port: number, req: HttpRequest): UpstreamAnswer {
    const origin = this.originOfExec(from);
    const r = this.resolve(host, origin);
    if (!r.ok) return { error: 'unresolved', ms: r.ms };
    const out = this.exchange(origin, r.addresses[0], port, { method: req.method, path: req.path, headers: req.headers, userAgent: req.userAgent, proto: req.proto });
    switch (out.kind) {
      case 'response': return { response: { status: out.status, headers: out.headers, body: out.body }, ms: r.ms + out.ms };
      case 'timeout': case 'hang': return { error: 'timeout', ms: r.ms };
      default: return { error: 'refused', ms: r.ms + ('ms' in out ? out.ms : 0) };
    }
  }

  private ephemeralPort(): number {
    this.ports = this.ports >= 60999 ? 32768 : this.ports + 1;
    return this.ports;
  }

  // ---------- origins ----------

  /** The origin of a command run in a container (kubectl exec, a container's script). */
  originOfExec(from: ExecOrigin): Origin {
    const node = this.cluster.kubelets.get(from.node);
    if (node && from.podIP === node.node.internalIP) return { node: from.node };
    // The resolver its resolv.conf sets up: only a pod whose DNS is not the usual ClusterFirst carries one.
    const conf = node?.container(from.namespace, from.podName)?.current?.opts.mounts?.['/etc/resolv.conf'];
    const resolver = typeof conf === 'string' && conf !== podResolvConf(from.namespace) ? parseResolver(conf) : undefined;
    return { node: from.node, pod: { namespace: from.namespace, name: from.podName, ip: from.podIP, ...(resolver ? { resolver } : {}) } };
  }

  originOfShell(from: NetworkOrigin): Origin {
    if (from.pod) {
      for (const k of this.cluster.kubelets.values()) {
        const c = k.container(from.pod.namespace, from.pod.name)?.current;
        if (c) return this.originOfExec({ node: k.node.name, podIP: c.podIP, namespace: from.pod.namespace, podName: from.pod.name });
      }
      return {};
    }
    return { node: from.node ?? this.cluster.nodeConfigs[0].name };
  }

  // ---------- ShellNetwork (the learner's shell on a node) ----------

  echoFrom(ip: string, from: NetworkOrigin): { ttl: number; us: number } | undefined {
    return this.echo(this.originOfShell(from), ip);
  }

  lookup(name: string, from: NetworkOrigin): { name: string; addresses: string[] } | undefined {
    const r = this.resolve(name, this.originOfShell(from));
    return r.ok ? { name: r.name, addresses: r.addresses } : undefined;
  }

  nameserver(from: NetworkOrigin): string {
    if (!from.pod) return '127.0.0.53';
    return this.originOfShell(from).pod?.resolver?.servers[0] ?? DNS_SERVICE_IP;
  }

  async request(req: ShellHttpRequest, from: NetworkOrigin, signal: InterruptSignal): Promise<HttpResult> {
    const origin = this.originOfShell(from);
    const r = this.resolve(req.host, origin);
    if (!r.ok) {
      await this.wait(r.ms, signal);
      return { ok: false, error: 'resolve' };
    }
    const ip = r.addresses[0];
    const out = this.exchange(origin, ip, req.port, { method: req.method, path: req.path, headers: req.headers, userAgent: req.headers['User-Agent'] ?? 'curl/8.5.0' });
    switch (out.kind) {
      case 'response': await this.wait(out.ms, signal); return { ok: true, status: out.status, statusText: out.statusText, headers: out.headers, body: out.body, ip, addresses: r.addresses };
      case 'refused': case 'unreachable': case 'empty': await this.wait(out.ms, signal); return { ok: false, error: 'refused', ip };
      default: await this.wait(TCP_CONNECT_TIMEOUT_MS, signal); return { ok: false, error: 'timeout', ip };
    }
  }

  /** Waits `ms` of simulated time, or until interrupted. */
  wait(ms: number, signal?: InterruptSignal): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      let off = () => {};
      const id = this.cluster.clock.schedule(ms, () => { off(); resolve(); });
      if (signal) off = signal.onAbort(() => { this.cluster.clock.cancel(id); resolve(); });
    });
  }
}
