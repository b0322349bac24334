/**
 * CoreDNS's kubernetes plugin (zone cluster.local) and the resolver side of
 * pods: the resolv.conf the kubelet writes for each dnsPolicy, and the
 * search-list walk a libc resolver does with ndots:5.
 *
 * Records: <svc>.<ns>.svc.cluster.local → the ClusterIP, or for a headless
 * Service the ready endpoint addresses (none ready: NXDOMAIN), for an
 * ExternalName Service a CNAME to its name; <hostname>.<svc>.<ns>.svc… → that
 * endpoint; <a-b-c-d>.<ns>.pod.cluster.local → a-b-c-d ("pods insecure").
 * Names outside the zone are forwarded upstream (DnsData.upstream).
 */
import { DNS_DOMAIN, DNS_SERVICE_IP } from '../addons/kubeadm-addons.js';
import type { ServiceView, SliceView } from './rules.js';

export const NDOTS = 5;

export function clusterSearch(namespace: string): string[] {
  return [`${namespace}.svc.${DNS_DOMAIN}`, `svc.${DNS_DOMAIN}`, DNS_DOMAIN];
}

/** /etc/resolv.conf of a pod with dnsPolicy ClusterFirst (kubelet's dns.Configurer). */
export function podResolvConf(namespace: string): string {
  return `search ${clusterSearch(namespace).join(' ')}\nnameserver ${DNS_SERVICE_IP}\noptions ndots:${NDOTS}\n`;
}

/**
 * The node's uplink DNS server as systemd-resolved lists it in /run/systemd/resolve/resolv.conf: the node network's
 * gateway (172.18.0.1 for 172.18.0.2/16), which answers the public names the lab knows. kubeadm points the kubelet's
 * resolvConf at that file when systemd-resolved runs, so pods that take the node's DNS get this server, not the
 * 127.0.0.53 stub (which is nothing inside a pod's network namespace).
 */
export function nodeUpstreamResolver(nodeIP: string): string {
  const [a, b] = nodeIP.split('.');
  return `${a}.${b}.0.1`;
}

/** Well-known public resolvers a pod's dnsConfig may name: they answer what the node's upstream answers. */
const PUBLIC_RESOLVERS = new Set(['8.8.8.8', '8.8.4.4', '1.1.1.1', '1.0.0.1', '9.9.9.9', '149.112.112.112']);

/** Does a DNS server at `ip` answer public names (the node network's upstream, or a public resolver)? */
export function isUpstreamResolver(ip: string, nodeIP: string): boolean {
  return ip === nodeUpstreamResolver(nodeIP) || PUBLIC_RESOLVERS.has(ip);
}

/** What a libc resolver reads from resolv.conf: its servers in order, the last search line, options' ndots. */
export interface Resolver { servers: string[]; search: string[]; ndots: number }

export function parseResolver(text: string): Resolver {
  const r: Resolver = { servers: [], search: [], ndots: 1 };
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'nameserver' && f[1]) r.servers.push(f[1]);
    else if (f[0] === 'search') r.search = f.slice(1).filter((d) => d !== '.').map((d) => d.replace(/\.$/, ''));
    else if (f[0] === 'options') for (const o of f.slice(1)) if (o.startsWith('ndots:')) r.ndots = Math.min(15, Number(o.slice(6)) || 0);
  }
  return r;
}

/** resolv.conf as containerd writes it for a sandbox's DNS config (parseDNSOptions): search, nameservers, options. */
export function formatResolvConf(servers: string[], searches: string[], options: string[]): string {
  return (searches.length ? `search ${searches.join(' ')}\n` : '')
    + servers.map((s) => `nameserver ${s}\n`).join('')
    + (options.length ? `options ${options.join(' ')}\n` : '');
}

export interface DnsData {
  service(namespace: string, name: string): ServiceView | undefined;
  slices(namespace: string, name: string): SliceView[];
  namespaceExists(namespace: string): boolean;
  /** What `forward` brings back for a name outside the zone: its addresses, or undefined (NXDOMAIN). */
  upstream(name: string): string[] | undefined;
}

/** NOERROR: the CNAMEs on the way ([owner, target]), then the addresses of the last name. */
export type DnsAnswer = { rcode: 'NOERROR'; addresses: string[]; cnames?: Array<[string, string]> } | { rcode: 'NXDOMAIN' };

/**
 * One A query to CoreDNS (AAAA with `v6`: its answer is the CNAMEs alone, or nothing, in this IPv4 cluster). An
 * ExternalName Service is a CNAME to its name, followed as plugin.A does (backend_lookup.go): inside the zone by
 * the same lookup, the CNAME kept only when that found records (a chain ends after 10); outside it through
 * CoreDNS itself (upstream.Lookup, so `forward`), the CNAME kept whatever came back. A name that is an address
 * makes no CNAME (msg.Service.HostType): the Service then answers nothing, as does any endpoint name under it.
 */
export function answerA(fqdn: string, data: DnsData, v6 = false, depth = 0): DnsAnswer {
  const name = fqdn.replace(/\.$/, '').toLowerCase();
  const zone = `.${DNS_DOMAIN}`;
  if (!name.endsWith(zone) && name !== DNS_DOMAIN) return { rcode: 'NXDOMAIN' };
  const labels = name.slice(0, name.length - zone.length).split('.').filter(Boolean);
  // <svc>.<ns>.svc / <hostname>.<svc>.<ns>.svc
  if (labels[labels.length - 1] === 'svc') {
    if (labels.length === 3 || labels.length === 4) {
      const [host, svcName, ns] = labels.length === 4 ? labels : [undefined, labels[0], labels[1]];
      const svc = data.service(ns, svcName);
      if (!svc) return { rcode: 'NXDOMAIN' };
      if (svc.type === 'ExternalName') {
        const target = (svc.externalName ?? '').toLowerCase().replace(/\.$/, '');
        if (host || !target || /^[\d.]+$|:/.test(target)) return { rcode: 'NXDOMAIN' };
        if (target === name || depth > 10) return { rcode: 'NOERROR', addresses: [] };
        const link: [string, string] = [name, target];
        if (!target.endsWith(zone)) return { rcode: 'NOERROR', addresses: v6 ? [] : data.upstream(target) ?? [], cnames: [link] };
        const next = answerA(target, data, v6, depth + 1);
        return next.rcode === 'NOERROR' && (next.cnames || (!v6 && next.addresses.length)) ? { rcode: 'NOERROR', addresses: v6 ? [] : next.addresses, cnames: [link, ...(next.cnames ?? [])] } : { rcode: 'NOERROR', addresses: [] };
      }
      const headless = !svc.clusterIP || svc.clusterIP === 'None';
      if (!host && !headless) return { rcode: 'NOERROR', addresses: [svc.clusterIP!] };
      const addrs: string[] = [];
      for (const s of data.slices(ns, svcName)) {
        if (s.addressType && s.addressType !== 'IPv4') continue;
        for (const e of s.endpoints ?? []) {
          if (e.conditions?.ready === false) continue;
          const hn = (e as { hostname?: string }).hostname ?? e.addresses[0]?.replace(/\./g, '-');
          if (host && hn !== host) continue;
          addrs.push(...e.addresses);
        }
      }
      // No ready endpoint of that name, or of a headless Service: findServices found nothing (errNoItems).
      if (addrs.length === 0) return { rcode: 'NXDOMAIN' };
      return { rcode: 'NOERROR', addresses: [...new Set(addrs)] };
    }
    return { rcode: 'NXDOMAIN' };
  }
  if (labels.length === 3 && labels[2] === 'pod') {
    const ip = labels[0].replace(/-/g, '.');
    if (/^\d+\.\d+\.\d+\.\d+$/.test(ip) && data.namespaceExists(labels[1])) return { rcode: 'NOERROR', addresses: [ip] };
  }
  return { rcode: 'NXDOMAIN' };
}

/** The names a resolver tries for `name`, in order (res_search with ndots). */
export function searchCandidates(name: string, search: string[], ndots = NDOTS): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  const withSearch = search.map((d) => `${name}.${d}`);
  return dots >= ndots ? [name, ...withSearch] : [...withSearch, name];
}

/** A libc lookup through CoreDNS: the first candidate with addresses (after its CNAMEs, if any). */
export function resolveWithSearch(name: string, search: string[], data: DnsData, ndots = NDOTS): { name: string; addresses: string[]; cnames?: Array<[string, string]> } | undefined {
  for (const c of searchCandidates(name, search, ndots)) {
    const a = answerA(c, data);
    if (a.rcode === 'NOERROR' && a.addresses.length > 0) return { name: c, addresses: a.addresses, cnames: a.cnames };
  }
  return undefined;
}
