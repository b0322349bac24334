/**
 * The kubelet's dns.Configurer.GetPodDNS (pkg/kubelet/network/dns): the DNS config a pod's sandbox is made with,
 * which containerd writes as the pod's /etc/resolv.conf.
 *
 *   ClusterFirst (not on the host network), ClusterFirstWithHostNet: the cluster DNS Service, the pod's namespace's
 *     search domains before the node's, ndots:5;
 *   Default, and ClusterFirst on the host network: the node's resolv.conf as kubeadm points the kubelet at it
 *     (/run/systemd/resolve/resolv.conf: the uplink server, `search .`, which the parser drops);
 *   None: nothing but the pod's dnsConfig.
 *
 * A dnsConfig is appended (servers and searches without repeats, options merged by name); then the resolver's
 * limits cut the lists, each cut reported as a DNSConfigForming warning on the pod.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { DNS_SERVICE_IP } from '../addons/kubeadm-addons.js';
import { clusterSearch, formatResolvConf, nodeUpstreamResolver } from '../network/dns.js';

const MAX_NAMESERVERS = 3;
const MAX_SEARCH_PATHS = 32;
const MAX_SEARCH_LIST_CHARS = 2048;
const MAX_SUBDOMAIN_LENGTH = 253;

interface PodDNSConfig { nameservers?: string[]; searches?: string[]; options?: { name?: string; value?: string }[] }

export interface PodDNS { text: string; warnings: string[] }

const unique = (xs: string[]) => [...new Set(xs)];

/**
 * mergeDNSOptions: a name given again takes the new value. The kubelet rebuilds the list from a Go map, in random
 * order; this keeps the order names first appear in, one of the orders a real pod can get.
 */
function mergeOptions(existing: string[], extra: { name?: string; value?: string }[]): string[] {
  const byName = new Map<string, string>();
  for (const o of existing) {
    const i = o.indexOf(':');
    if (i === -1) byName.set(o, ''); else byName.set(o.slice(0, i), o.slice(i + 1));
  }
  for (const o of extra) byName.set(o.name ?? '', o.value ?? '');
  return [...byName].map(([k, v]) => (v ? `${k}:${v}` : k));
}

/** formDNSSearchFitsLimits: at most 32 domains, none longer than 253 characters, 2,048 characters in all. */
function searchFitsLimits(search: string[], warnings: string[]): string[] {
  let exceeded = search.length > MAX_SEARCH_PATHS;
  let out = search.slice(0, MAX_SEARCH_PATHS).filter((d) => {
    if (d.length <= MAX_SUBDOMAIN_LENGTH) return true;
    exceeded = true;
    return false;
  });
  let len = out.join(' ').length;
  if (len > MAX_SEARCH_LIST_CHARS) {
    exceeded = true;
    while (out.length && len > MAX_SEARCH_LIST_CHARS) {
      len -= out[out.length - 1].length + 1;
      out = out.slice(0, -1);
    }
  }
  if (exceeded) warnings.push(`Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${out.join(' ')}`);
  return out;
}

/** getPodDNSType's podDNSCluster: ClusterFirstWithHostNet, or ClusterFirst off the host network (on it, Default's). */
export function usesClusterDNS(pod: Pod): boolean {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  return policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.spec?.hostNetwork);
}

export function podDNS(pod: Pod, nodeIP: string): PodDNS {
  const spec = (pod.spec ?? {}) as { dnsPolicy?: string; hostNetwork?: boolean; dnsConfig?: PodDNSConfig };
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  const warnings: string[] = [];
  let servers: string[] = [nodeUpstreamResolver(nodeIP)];
  let searches: string[] = [];
  let options: string[] = [];
  if (policy === 'None') {
    servers = [];
  } else if (usesClusterDNS(pod)) {
    servers = [DNS_SERVICE_IP];
    searches = unique([...clusterSearch(pod.metadata?.namespace ?? 'default'), ...searches]);
    options = ['ndots:5'];
  }
  const dc = spec.dnsConfig;
  if (dc) {
    servers = unique([...servers, ...(dc.nameservers ?? [])]);
    searches = unique([...searches, ...(dc.searches ?? [])]);
    options = mergeOptions(options, dc.options ?? []);
  }
  if (servers.length > MAX_NAMESERVERS) {
    servers = servers.slice(0, MAX_NAMESERVERS);
    warnings.push(`Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${servers.join(' ')}`);
  }
  searches = searchFitsLimits(searches, warnings);
  return { text: formatResolvConf(servers, searches, options), warnings };
}
