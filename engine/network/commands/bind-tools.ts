/**
 * BIND 9.16's nslookup (bin/dig/nslookup.c over dighost.c), as Alpine 3.12's bind-tools installs it in
 * registry.k8s.io/e2e-test-images/agnhost (its image on alpine:3.12 from 2.26 to 2.51), the image the DNS debugging
 * task's dnsutils pod runs.
 *
 * What it prints: "Server:\t\t%s" (the server as resolv.conf names it) and "Address:\t%s" (the socket address,
 * "10.96.0.10#53"), a blank line, then per A record "Name:\t%s" and "Address: %s"; an NXDOMAIN for the last name
 * tried is "** server can't find %s: NXDOMAIN"; an A query without answer is followed by an AAAA one, and an empty
 * AAAA answer then is "*** Can't find %s: No answer"; "Non-authoritative answer:" only for an answer without the AA
 * bit (CoreDNS's kubernetes plugin sets it). A final blank line ends every run. The search list comes from
 * resolv.conf with its ndots (dighost's next_origin: a name with fewer dots tries the search domains first, then
 * itself). CoreDNS sets no RA bit on its own answers; with one server in resolv.conf dighost falls through to that
 * server's answer and says nothing of it. Exit status: 1 after a failed lookup or when no server answered.
 */
import { DNS_SERVICE_IP } from '../../addons/kubeadm-addons.js';
import { clusterSearch, searchCandidates } from '../dns.js';
import type { ClusterNetwork, Origin } from '../network.js';
import type { CommandResult } from './url.js';

/** dig.h's UDP_TIMEOUT, for each of nslookup's three tries. */
const UDP_TIMEOUT_MS = 5_000;
const TRIES = 3;

export function bindNslookup(argv: string[], net: ClusterNetwork, origin: Origin): CommandResult {
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  const name = args[0];
  if (!name) {
    // Without a host it is interactive: a "> " prompt on stderr reading commands from stdin, which here is at its end.
    return { segments: [{ delayMs: 0, stderr: '> ' }, { delayMs: 0, stdout: '\n' }], exitCode: 1 };
  }
  // The first server and the search list of the pod's resolv.conf, unless the command names a server.
  const server = args[1] ?? origin.pod?.resolver?.servers[0] ?? DNS_SERVICE_IP;
  const reachable = origin.node !== undefined && net.queryDNS(origin, server, '.') !== 'timeout';
  if (!reachable) {
    return { segments: [{ delayMs: TRIES * UDP_TIMEOUT_MS, stdout: ';; connection timed out; no servers could be reached\n\n\n' }], exitCode: 1 };
  }
  let out = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  const search = origin.pod ? origin.pod.resolver?.search ?? clusterSearch(origin.pod.namespace) : [];
  const candidates = searchCandidates(name, search, origin.pod?.resolver?.ndots);
  let code = 0;
  for (let i = 0; i < candidates.length; i++) {
    const fqdn = candidates[i];
    const a = net.queryDNS(origin, server, fqdn);
    if (a === 'timeout') break;
    if (a.rcode === 'NXDOMAIN') {
      // Only the last name of the search is reported.
      if (i === candidates.length - 1) { out += `** server can't find ${fqdn}: NXDOMAIN\n`; code = 1; }
      continue;
    }
    // An answer without the AA bit (forwarded upstream) is said to be so, once, before the A query's records: an
    // ExternalName's CNAME ("canonical name = T.", the target absolute), then the addresses of the name it leads to.
    if (!a.authoritative) out += 'Non-authoritative answer:\n';
    out += (a.cnames ?? []).map(([o, t]) => `${o}\tcanonical name = ${t}.\n`).join('');
    const owner = a.cnames?.at(-1)?.[1] ?? fqdn;
    out += a.addresses.map((ip) => `Name:\t${owner}\nAddress: ${ip}\n`).join('');
    // The AAAA query that follows asks for the name at the end of the CNAMEs (chase_cnamechain) and finds nothing in
    // an IPv4 cluster: said only when the A query found nothing either; a failure there is said as one.
    const aaaa = net.queryDNS(origin, server, owner, true);
    if (aaaa !== 'timeout' && aaaa.rcode === 'NXDOMAIN') { out += `** server can't find ${owner}: NXDOMAIN\n`; code = 1; }
    else if (!a.cnames && a.addresses.length === 0) out += `*** Can't find ${fqdn}: No answer\n`;
    break;
  }
  return { segments: [{ delayMs: 2, stdout: `${out}\n` }], exitCode: code };
}
