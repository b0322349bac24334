/**
 * A node's netfilter rules as data, loaded with the `iptables` command: what
 * kube-proxy v1.35 (iptables mode, pkg/proxy/iptables/proxier.go
 * syncProxyRules), the kubelet (its canary and hint chains, KUBE-FIREWALL) and
 * flannel (--ip-masq: FLANNEL-POSTRTG, FLANNEL-FWD) write, rendered from the
 * rule table the request path uses (kube-proxy.ts), so what `iptables -L`
 * shows is what routes.
 *
 * Each rule keeps what iptables-nft-save prints back: the addresses first
 * (`! -s`, `-d` with their /32), then `-p`, then the matches in the order they
 * were written, then the target; and what `iptables -L` prints for each match
 * (libxt_*.c's print functions).
 */
import { base32Hex } from '../util/base64.js';
import { sha256Hex } from '../util/sha256.js';
import type { ProxyEndpoint, ProxyTable, ServicePortRule } from './rules.js';

export interface Match {
  /** iptables-save's text, with its leading space. */
  save: string;
  /** iptables -L's text, with its leading space; `numeric` is -n. */
  list(numeric: boolean): string;
}

export interface Rule {
  src?: string;
  srcInv?: boolean;
  dst?: string;
  dstInv?: boolean;
  proto?: string;
  matches: Match[];
  /** The target's name (a chain, ACCEPT, DNAT…); none for a rule that only counts. */
  target?: string;
  targetSave?: string;
  targetList?: string;
}

export interface Chain {
  name: string;
  /** Built-in chains' policy. */
  policy?: string;
  rules: Rule[];
}

export interface Table {
  name: string;
  chains: Chain[];
}

/** What a node's rules depend on besides the Services: its name, its pod block, the cluster's pod network. */
export interface NodeNet {
  node: string;
  podCIDR: string;
  clusterCIDR: string;
}

/** --masquerade-bit 14, kube-proxy's default. */
const MASQ_MARK = '0x4000';
const LOCALNET = '127.0.0.0/8';
const CT_INVALID_COUNTER = 'ct_state_invalid_dropped_pkts';
const LOCALHOST_NODEPORTS_COUNTER = 'localhost_nps_accepted_pkts';

/** xtables_save_string: bare when only [A-Za-z0-9_-], else quoted with ", \ and ' escaped. */
export function saveString(s: string): string {
  return /^[A-Za-z0-9_-]+$/.test(s) ? s : `"${s.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** /etc/services names iptables prints for ports without -n (Ubuntu 24.04's netbase). */
const SERVICES: Record<number, string> = { 22: 'ssh', 25: 'smtp', 53: 'domain', 80: 'http', 110: 'pop3', 123: 'ntp', 143: 'imap2', 443: 'https', 3306: 'mysql', 5432: 'postgresql', 8080: 'http-alt' };

export const comment = (c: string): Match => ({ save: ` -m comment --comment ${saveString(c)}`, list: () => ` /* ${c} */` });

/** -m tcp/udp/sctp [--dport N]: libxt_tcp prints `tcp dpt:80` (a service name without -n). */
export const portMatch = (proto: string, dport?: number): Match => ({
  save: ` -m ${proto}${dport !== undefined ? ` --dport ${dport}` : ''}`,
  list: (n) => ` ${proto}${dport !== undefined ? ` dpt:${(!n && SERVICES[dport]) || dport}` : ''}`,
});

/** The probability kube-proxy writes (%0.10f of 1/n) as the statistic match stores it (a fraction of 2^31) and prints it (%.11f). */
export function probability(n: number): string {
  const stored = Math.round(Number((1 / n).toFixed(10)) * 0x80000000);
  return (stored / 0x80000000).toFixed(11);
}

const statistic = (n: number): Match => {
  const p = probability(n);
  return { save: ` -m statistic --mode random --probability ${p}`, list: () => ` statistic mode random probability ${p}` };
};

const recentCheck = (name: string, seconds: number): Match => ({
  save: ` -m recent --rcheck --seconds ${seconds} --reap --name ${name} --mask 255.255.255.255 --rsource`,
  list: () => ` recent: CHECK seconds: ${seconds} reap name: ${name} side: source mask: 255.255.255.255`,
});

const recentSet = (name: string): Match => ({
  save: ` -m recent --set --name ${name} --mask 255.255.255.255 --rsource`,
  list: () => ` recent: SET name: ${name} side: source mask: 255.255.255.255`,
});

const markMatch = (inv: boolean): Match => ({
  save: ` -m mark ${inv ? '! ' : ''}--mark ${MASQ_MARK}/${MASQ_MARK}`,
  list: () => ` mark match ${inv ? '! ' : ''}${MASQ_MARK}/${MASQ_MARK}`,
});

const addrtype = (side: 'src' | 'dst'): Match => ({ save: ` -m addrtype --${side}-type LOCAL`, list: () => ` ADDRTYPE match ${side}-type LOCAL` });

const ctstate = (states: string, inv = false): Match => ({
  save: ` -m conntrack ${inv ? '! ' : ''}--ctstate ${states}`,
  list: () => ` ${inv ? '! ' : ''}ctstate ${states}`,
});

/** libxt_nfacct prints its name through xtables_save_string after a space of its own: two spaces. */
const nfacct = (name: string): Match => ({ save: ` -m nfacct --nfacct-name  ${name}`, list: () => ` nfacct-name  ${name}` });

const jump = (target: string): Pick<Rule, 'target' | 'targetSave'> => ({ target, targetSave: ` -j ${target}` });
const reject = { target: 'REJECT', targetSave: ' -j REJECT --reject-with icmp-port-unreachable', targetList: ' reject-with icmp-port-unreachable' };
const masquerade = { target: 'MASQUERADE', targetSave: ' -j MASQUERADE --random-fully', targetList: ' random-fully' };
const dnat = (to: string) => ({ target: 'DNAT', targetSave: ` -j DNAT --to-destination ${to}`, targetList: ` to:${to}` });

const host = (ip: string) => `${ip}/32`;

/** portProtoHash: the first 16 characters of the standard base32 of SHA-256 over the text. */
export function chainHash(text: string): string {
  // 10 bytes are 16 characters exactly.
  return base32Hex(sha256Hex(text).slice(0, 20));
}

/** ServicePortName.String(): "namespace/name", then ":port-name" when the port has one. */
export const servicePortName = (r: ServicePortRule) => `${r.service}${r.portName ? `:${r.portName}` : ''}`;

/** KUBE-SVC-/KUBE-SVL-/KUBE-EXT-/KUBE-FW- + the hash of the port's name and lower-case protocol. */
export const serviceChain = (prefix: 'SVC' | 'SVL' | 'EXT' | 'FW', r: ServicePortRule) => `KUBE-${prefix}-${chainHash(servicePortName(r) + r.protocol.toLowerCase())}`;
/** KUBE-SEP-: the same with the endpoint's "ip:port" after the protocol. */
export const endpointChain = (r: ServicePortRule, e: ProxyEndpoint) => `KUBE-SEP-${chainHash(servicePortName(r) + r.protocol.toLowerCase() + `${e.ip}:${e.port}`)}`;

/** Rules by chain name, in the order they are written. */
class Writer {
  readonly chains = new Map<string, Rule[]>();
  chain(name: string): Rule[] {
    let c = this.chains.get(name);
    if (!c) this.chains.set(name, (c = []));
    return c;
  }
  add(chain: string, r: Rule): void {
    this.chain(chain).push(r);
  }
}

/**
 * proxy.CategorizeEndpoints for one Service port on `node` (no topology hints): the endpoints of the Cluster
 * policy, of the Local one, all reachable from here, and whether the Service has any usable endpoint anywhere.
 */
function categorize(r: ServicePortRule, node: string) {
  const eps = [...r.endpoints].sort((a, b) => (`${a.ip}:${a.port}` < `${b.ip}:${b.port}` ? -1 : 1));
  const accessible = !!r.nodePort || r.svc.ingressIPs.length > 0 || (r.svc.externalIPs ?? []).length > 0;
  const externalLocal = accessible && r.externalLocal;
  const usesCluster = !r.internalLocal || (accessible && !externalLocal);
  const usesLocal = r.internalLocal || externalLocal;
  let cluster: ProxyEndpoint[] = [];
  let local: ProxyEndpoint[] = [];
  let any = false;
  if (usesCluster) {
    cluster = eps.filter((e) => e.ready);
    if (cluster.length === 0) cluster = eps.filter((e) => e.serving && e.terminating);
    any = cluster.length > 0;
  }
  if (usesLocal) {
    any ||= eps.some((e) => e.ready || (e.serving && e.terminating));
    const mine = eps.filter((e) => e.nodeName === node);
    local = mine.filter((e) => e.ready);
    if (local.length === 0) local = mine.filter((e) => e.serving && e.terminating);
  }
  const reachable = !usesLocal ? cluster : !usesCluster ? local : eps.filter((e) => cluster.includes(e) || local.includes(e));
  return { cluster, local, reachable, any, usesCluster, usesLocal, accessible, externalLocal };
}

/** writeServiceToEndpointRules: affinity checks first, then one rule per endpoint, each but the last a 1/(n-i) chance. */
function toEndpoints(w: Writer, r: ServicePortRule, chain: string, eps: ProxyEndpoint[]): void {
  const name = servicePortName(r);
  if (r.sessionAffinity) {
    for (const e of eps) {
      const sep = endpointChain(r, e);
      w.add(chain, { matches: [comment(`${name} -> ${e.ip}:${e.port}`), recentCheck(sep, r.affinityTimeoutMs / 1000)], ...jump(sep) });
    }
  }
  eps.forEach((e, i) => {
    const matches = [comment(`${name} -> ${e.ip}:${e.port}`)];
    if (i < eps.length - 1) matches.push(statistic(eps.length - i));
    w.add(chain, { matches, ...jump(endpointChain(r, e)) });
  });
}

/** syncProxyRules' per-service part, into the filter and nat writers. */
function serviceRulesFor(r: ServicePortRule, net: NodeNet, filter: Writer, nat: Writer): void {
  const c = categorize(r, net.node);
  const name = servicePortName(r);
  const proto = r.protocol.toLowerCase();
  const svcChain = serviceChain('SVC', r);
  const svlChain = serviceChain('SVL', r);
  const extChain = serviceChain('EXT', r);
  const internalChain = r.internalLocal ? svlChain : svcChain;
  const externalPolicyChain = c.externalLocal ? svlChain : svcChain;
  const hasInternal = c.any && (!r.internalLocal || c.local.length > 0);
  const hasExternal = c.any && (!c.externalLocal || c.local.length > 0);
  const internalFilter = !c.any ? reject : { ...jump('DROP') };
  const externalFilter = internalFilter;
  const internalComment = !c.any ? `${name} has no endpoints` : `${name} has no local endpoints`;
  const externalComment = internalComment;
  const port = (n: number) => [portMatch(proto, n)];
  const at = (ip: string, n: number, text: string): Rule => ({ dst: host(ip), proto, matches: [comment(text), ...port(n)] });

  if (hasInternal) nat.add('KUBE-SERVICES', { ...at(r.svc.clusterIP!, r.port, `${name} cluster IP`), ...jump(internalChain) });
  else filter.add('KUBE-SERVICES', { ...at(r.svc.clusterIP!, r.port, internalComment), ...internalFilter });
  for (const ip of r.svc.externalIPs ?? []) {
    if (c.any) nat.add('KUBE-SERVICES', { ...at(ip, r.port, `${name} external IP`), ...jump(extChain) });
    if (!hasExternal) filter.add('KUBE-EXTERNAL-SERVICES', { ...at(ip, r.port, externalComment), ...externalFilter });
  }
  for (const ip of r.svc.ingressIPs) {
    if (c.any) nat.add('KUBE-SERVICES', { ...at(ip, r.port, `${name} loadbalancer IP`), ...jump(extChain) });
  }
  if (!hasExternal) for (const ip of r.svc.ingressIPs) filter.add('KUBE-EXTERNAL-SERVICES', { ...at(ip, r.port, externalComment), ...externalFilter });
  if (r.nodePort) {
    if (c.any) {
      // localhostNodePorts (on by default, and kubeadm's nodePortAddresses is empty): 127.0.0.0/8 first, counted.
      nat.add('KUBE-NODEPORTS', { dst: LOCALNET, proto, matches: [comment(name), ...port(r.nodePort), nfacct(LOCALHOST_NODEPORTS_COUNTER)], ...jump(extChain) });
      nat.add('KUBE-NODEPORTS', { proto, matches: [comment(name), ...port(r.nodePort)], ...jump(extChain) });
    }
    if (!hasExternal) filter.add('KUBE-EXTERNAL-SERVICES', { proto, matches: [comment(externalComment), addrtype('dst'), ...port(r.nodePort)], ...externalFilter });
  }
  if (r.svc.healthCheckNodePort) {
    filter.add('KUBE-NODEPORTS', { proto: 'tcp', matches: [comment(`${name} health check node port`), portMatch('tcp', r.svc.healthCheckNodePort)], ...jump('ACCEPT') });
  }

  if (hasInternal) {
    // The local traffic detector (ClusterCIDR, kubeadm's): traffic from outside the pod network is masqueraded.
    nat.add(internalChain, { src: net.clusterCIDR, srcInv: true, ...at(r.svc.clusterIP!, r.port, `${name} cluster IP`), ...jump('KUBE-MARK-MASQ') });
  }
  if (c.any && c.accessible) {
    nat.chain(extChain);
    if (!c.externalLocal) {
      nat.add(extChain, { matches: [comment(`masquerade traffic for ${name} external destinations`)], ...jump('KUBE-MARK-MASQ') });
    } else {
      nat.add(extChain, { src: net.clusterCIDR, matches: [comment(`pod traffic for ${name} external destinations`)], ...jump(svcChain) });
      nat.add(extChain, { matches: [comment(`masquerade LOCAL traffic for ${name} external destinations`), addrtype('src')], ...jump('KUBE-MARK-MASQ') });
      nat.add(extChain, { matches: [comment(`route LOCAL traffic for ${name} external destinations`), addrtype('src')], ...jump(svcChain) });
    }
    if (hasExternal) nat.add(extChain, { matches: [], ...jump(externalPolicyChain) });
  }
  if (c.usesCluster && c.cluster.length > 0) {
    nat.chain(svcChain);
    toEndpoints(nat, r, svcChain, c.cluster);
  }
  if (c.usesLocal && c.local.length > 0) {
    nat.chain(svlChain);
    toEndpoints(nat, r, svlChain, c.local);
  }
  for (const e of c.reachable) {
    const sep = endpointChain(r, e);
    nat.add(sep, { src: host(e.ip), matches: [comment(name)], ...jump('KUBE-MARK-MASQ') });
    nat.add(sep, { proto, matches: [comment(name), ...(r.sessionAffinity ? [recentSet(sep)] : []), portMatch(proto)], ...dnat(`${e.ip}:${e.port}`) });
  }
}

/** The Service ports a node's table holds, each once, in kube-proxy's name order (Go map order in the real one). */
export function servicePorts(table: ProxyTable): ServicePortRule[] {
  return [...new Set(table.values())].sort((a, b) => {
    const x = servicePortName(a) + a.protocol;
    const y = servicePortName(b) + b.protocol;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

const builtins = (names: string[], rules: Record<string, Rule[]> = {}): Chain[] => names.map((name) => ({ name, policy: 'ACCEPT', rules: rules[name] ?? [] }));

const commented = (text: string, target: string, ...matches: Match[]): Rule => ({ matches: [...matches, comment(text)], ...jump(target) });

/** Chains sorted as iptables-nft lists them: built-in first (in hook order), then user chains by name. */
function userChains(w: Writer, extra: string[]): Chain[] {
  for (const n of extra) w.chain(n);
  return [...w.chains.keys()].sort().map((name) => ({ name, rules: w.chains.get(name)! }));
}

/** The node's mangle, filter and nat tables, in iptables-save's order. */
export function nodeTables(table: ProxyTable, net: NodeNet): Table[] {
  const filter = new Writer();
  const nat = new Writer();
  for (const n of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) filter.chain(n);
  for (const n of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) nat.chain(n);
  nat.add('KUBE-POSTROUTING', { matches: [markMatch(true)], ...jump('RETURN') });
  nat.add('KUBE-POSTROUTING', { matches: [], target: 'MARK', targetSave: ` -j MARK --set-xmark ${MASQ_MARK}/0x0`, targetList: ` MARK xor ${MASQ_MARK}` });
  nat.add('KUBE-POSTROUTING', { matches: [comment('kubernetes service traffic requiring SNAT')], ...masquerade });
  nat.add('KUBE-MARK-MASQ', { matches: [], target: 'MARK', targetSave: ` -j MARK --set-xmark ${MASQ_MARK}/${MASQ_MARK}`, targetList: ` MARK or ${MASQ_MARK}` });
  filter.add('KUBE-FIREWALL', { src: LOCALNET, srcInv: true, dst: LOCALNET, matches: [comment('block incoming localnet connections'), ctstate('RELATED,ESTABLISHED,DNAT', true)], ...jump('DROP') });

  for (const r of servicePorts(table)) serviceRulesFor(r, net, filter, nat);

  nat.add('KUBE-SERVICES', { matches: [comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), addrtype('dst')], ...jump('KUBE-NODEPORTS') });
  filter.add('KUBE-FORWARD', { matches: [ctstate('INVALID'), nfacct(CT_INVALID_COUNTER)], ...jump('DROP') });
  filter.add('KUBE-FORWARD', { matches: [comment('kubernetes forwarding rules'), markMatch(false)], ...jump('ACCEPT') });
  filter.add('KUBE-FORWARD', { matches: [comment('kubernetes forwarding conntrack rule'), ctstate('RELATED,ESTABLISHED')], ...jump('ACCEPT') });

  // flannel --ip-masq: pod traffic stays unmasqueraded inside the pod network, masqueraded when it leaves it.
  const cidr = net.clusterCIDR;
  const flannel = 'flanneld masq';
  nat.add('FLANNEL-POSTRTG', { matches: [markMatch(false), comment(flannel)], ...jump('RETURN') });
  nat.add('FLANNEL-POSTRTG', { src: net.podCIDR, dst: cidr, matches: [comment(flannel)], ...jump('RETURN') });
  nat.add('FLANNEL-POSTRTG', { src: cidr, dst: net.podCIDR, matches: [comment(flannel)], ...jump('RETURN') });
  nat.add('FLANNEL-POSTRTG', { src: cidr, srcInv: true, dst: net.podCIDR, matches: [comment(flannel)], ...jump('RETURN') });
  nat.add('FLANNEL-POSTRTG', { src: cidr, dst: '224.0.0.0/4', dstInv: true, matches: [comment(flannel)], ...masquerade });
  nat.add('FLANNEL-POSTRTG', { src: cidr, srcInv: true, dst: cidr, matches: [comment(flannel)], ...masquerade });
  filter.add('FLANNEL-FWD', { src: cidr, matches: [comment('flanneld forward')], ...jump('ACCEPT') });
  filter.add('FLANNEL-FWD', { dst: cidr, matches: [comment('flanneld forward')], ...jump('ACCEPT') });

  const canaries = ['KUBE-KUBELET-CANARY', 'KUBE-PROXY-CANARY'];
  const newState = ctstate('NEW');
  // Built-in chains' jumps: the kubelet's KUBE-FIREWALL first, then kube-proxy's, each prepended (iptablesJumpChains), then flannel's, appended.
  const filterBuiltins = builtins(['INPUT', 'FORWARD', 'OUTPUT'], {
    INPUT: [commented('kubernetes load balancer firewall', 'KUBE-PROXY-FIREWALL', newState), commented('kubernetes health check service ports', 'KUBE-NODEPORTS'),
      commented('kubernetes externally-visible service portals', 'KUBE-EXTERNAL-SERVICES', newState), { matches: [], ...jump('KUBE-FIREWALL') }],
    FORWARD: [commented('kubernetes load balancer firewall', 'KUBE-PROXY-FIREWALL', newState), commented('kubernetes forwarding rules', 'KUBE-FORWARD'),
      commented('kubernetes service portals', 'KUBE-SERVICES', newState), commented('kubernetes externally-visible service portals', 'KUBE-EXTERNAL-SERVICES', newState),
      commented('flanneld forward', 'FLANNEL-FWD')],
    OUTPUT: [commented('kubernetes load balancer firewall', 'KUBE-PROXY-FIREWALL', newState), commented('kubernetes service portals', 'KUBE-SERVICES', newState),
      { matches: [], ...jump('KUBE-FIREWALL') }],
  });
  const natBuiltins = builtins(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'], {
    PREROUTING: [commented('kubernetes service portals', 'KUBE-SERVICES')],
    OUTPUT: [commented('kubernetes service portals', 'KUBE-SERVICES')],
    POSTROUTING: [commented('kubernetes postrouting rules', 'KUBE-POSTROUTING'), commented(flannel, 'FLANNEL-POSTRTG')],
  });
  const mangle = new Writer();
  return [
    { name: 'mangle', chains: [...builtins(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']), ...userChains(mangle, ['KUBE-IPTABLES-HINT', ...canaries])] },
    { name: 'filter', chains: [...filterBuiltins, ...userChains(filter, canaries)] },
    { name: 'nat', chains: [...natBuiltins, ...userChains(nat, canaries)] },
  ];
}

/** The built-in chains of the tables a kubeadm node does not use (iptables-nft shows them empty when asked). */
export const EMPTY_TABLES: Record<string, string[]> = { raw: ['PREROUTING', 'OUTPUT'], security: ['INPUT', 'FORWARD', 'OUTPUT'] };

/** A rule as iptables-save and -S print it (without the counters). */
export function saveRule(chain: string, r: Rule): string {
  let s = `-A ${chain}`;
  if (r.src) s += `${r.srcInv ? ' !' : ''} -s ${r.src}`;
  if (r.dst) s += `${r.dstInv ? ' !' : ''} -d ${r.dst}`;
  if (r.proto) s += ` -p ${r.proto}`;
  for (const m of r.matches) s += m.save;
  return s + (r.targetSave ?? '');
}
