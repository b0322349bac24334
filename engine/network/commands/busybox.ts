/**
 * busybox's wget and nslookup as they print inside busybox-based images.
 * nslookup changed completely in busybox 1.30 (its own resolver: A and AAAA
 * queries for every search domain, "** server can't find" per NXDOMAIN);
 * 1.28 and older use libc ("Address 1: …", "can't resolve"), which is why
 * the Kubernetes DNS-debugging page pins busybox:1.28.
 */
import { DNS_SERVICE_IP } from '../../addons/kubeadm-addons.js';
import { clusterSearch } from '../dns.js';
import type { ClusterNetwork, Origin } from '../network.js';
import { TCP_CONNECT_TIMEOUT_MS } from '../network.js';
import { FOREVER_MS, parseUrl, type CommandResult } from './url.js';

/** busybox wget's default network read timeout (-T). */
export const WGET_DEFAULT_TIMEOUT_MS = 900_000;
/** busybox nslookup: 5 s for all queries, resent once halfway. */
export const NSLOOKUP_TIMEOUT_MS = 5_000;

function bar(name: string, size: number, legacy: boolean): string {
  const label = name.length > 20 ? name.slice(0, 20) : name.padEnd(20);
  return legacy
    ? `${label} 100% |${'*'.repeat(31)}| ${String(size).padStart(5)}   0:00:00 ETA\n`
    : `${label} 100% |${'*'.repeat(32)}| ${String(size).padStart(5)}  0:00:00 ETA\n`;
}

export function busyboxWget(argv: string[], net: ClusterNetwork, origin: Origin, legacy: boolean): CommandResult {
  const segs: CommandResult['segments'] = [];
  let quiet = false;
  let output: string | undefined;
  let timeoutMs: number | undefined;
  let spider = false;
  let serverResponse = false;
  const urls: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-O' || a === '--output-document') output = args[++i];
    else if (a.startsWith('-O')) output = a.slice(2);
    else if (a === '-qO' || a === '-qO-') { quiet = true; output = a === '-qO-' ? '-' : args[++i]; }
    else if (a === '-T' || a === '--timeout') timeoutMs = Number(args[++i]) * 1000;
    else if (a.startsWith('-T')) timeoutMs = Number(a.slice(2)) * 1000;
    else if (a === '--spider' || a === '-s') spider = true;
    else if (a === '-S' || a === '--server-response') serverResponse = true;
    else if (/^-[qS]+$/.test(a)) { quiet ||= a.includes('q'); serverResponse ||= a.includes('S'); }
    else if (a.startsWith('-')) continue;
    else urls.push(a);
  }
  if (urls.length === 0) return { segments: [{ delayMs: 0, stderr: 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n' }], exitCode: 1 };
  const url = parseUrl(urls[0]);
  if (!url) return { segments: [{ delayMs: 0, stderr: `wget: bad address '${urls[0]}'\n` }], exitCode: 1 };
  const res = net.resolve(url.host, origin);
  if (!res.ok) return { segments: [{ delayMs: res.ms, stderr: `wget: bad address '${url.host}'\n` }], exitCode: 1 };
  const ip = res.addresses[0];
  const log = (s: string, delayMs = 0) => { if (!quiet) segs.push({ delayMs, stderr: s }); else if (delayMs) segs.push({ delayMs }); };
  log(`Connecting to ${url.hostHeader} (${ip}:${url.port})\n`, res.ms);
  // busybox 1.30+ speaks TLS itself and checks no certificate (wget.c spawn_ssl_client); it says so even with -q.
  const tls = url.scheme === 'https' && !legacy;
  if (tls) segs.push({ delayMs: 0, stderr: 'wget: note: TLS certificate validation not implemented\n' });
  const ex = { method: spider ? 'HEAD' : 'GET', path: url.path, headers: { Host: url.hostHeader, 'User-Agent': 'Wget', Connection: 'close' }, userAgent: 'Wget' };
  let o = net.exchange(origin, ip, url.port, tls ? { ...ex, tls: () => true } : ex);
  // What busybox's TLS code prints for a reply that is no TLS record is not modelled: the exchange goes on as plain HTTP.
  if (o.kind === 'not-tls' || o.kind === 'tls-aborted') o = net.exchange(origin, ip, url.port, ex);
  const fail = (msg: string, delayMs: number): CommandResult => { segs.push({ delayMs, stderr: msg }); return { segments: segs, exitCode: 1 }; };
  switch (o.kind) {
    case 'timeout': return timeoutMs !== undefined && timeoutMs < TCP_CONNECT_TIMEOUT_MS ? fail('wget: download timed out\n', timeoutMs) : fail(`wget: can't connect to remote host (${ip}): Connection timed out\n`, TCP_CONNECT_TIMEOUT_MS);
    case 'refused': return fail(`wget: can't connect to remote host (${ip}): Connection refused\n`, o.ms);
    case 'unreachable': return fail(`wget: can't connect to remote host (${ip}): Host is unreachable\n`, o.ms);
    case 'hang': return fail('wget: download timed out\n', timeoutMs ?? (WGET_DEFAULT_TIMEOUT_MS > FOREVER_MS ? FOREVER_MS : WGET_DEFAULT_TIMEOUT_MS));
    case 'empty': case 'not-tls': case 'tls-aborted': return fail('wget: error getting response: Connection reset by peer\n', o.ms);
  }
  // -S (even with -q): each line of the response head as it is read, two spaces in; an error status ends it there.
  const statusLine = `HTTP/${o.httpVersion ?? '1.1'} ${o.status} ${o.statusText}`;
  const head = serverResponse ? `  ${statusLine}\n` + (o.status >= 400 ? '' : Object.entries(o.headers).map(([k, v]) => `  ${k}: ${v}\n`).join('') + '  \n') : '';
  if (head) segs.push({ delayMs: o.ms, stderr: head });
  const responded = head ? 0 : o.ms;
  if (o.status >= 400) return fail(`wget: server returned error: ${statusLine}\n`, responded);
  if (spider) { if (!quiet) segs.push({ delayMs: responded, stderr: 'remote file exists\n' }); return { segments: segs, exitCode: 0 }; }
  const body = o.body;
  if (output === '-') {
    if (!legacy) log('writing to stdout\n');
    segs.push({ delayMs: responded, stdout: body });
    log(bar('-', body.length, legacy));
    if (!legacy) log('written to stdout\n');
    return { segments: segs, exitCode: 0 };
  }
  const file = output ?? (url.path.split('?')[0].replace(/\/$/, '').split('/').pop() || 'index.html');
  if (!legacy) log(`saving to '${file}'\n`);
  // The meter is labelled with the file's last path component (bb_get_last_path_component_nostrip).
  log(bar(file.split('/').pop() || file, body.length, legacy), responded);
  if (!legacy) log(`'${file}' saved\n`);
  return { segments: segs, exitCode: 0, files: { [file]: body } };
}

export function busyboxNslookup(argv: string[], net: ClusterNetwork, origin: Origin, legacy: boolean): CommandResult {
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  const name = args[0];
  if (!name) return { segments: [{ delayMs: 0, stderr: 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,any,srv,ptr\n' }], exitCode: 1 };
  // The first server and the search list of the pod's resolv.conf, unless the command names a server.
  const server = args[1] ?? origin.pod?.resolver?.servers[0] ?? DNS_SERVICE_IP;
  const search = origin.pod ? origin.pod.resolver?.search ?? clusterSearch(origin.pod.namespace) : [];
  const reachable = origin.node !== undefined && net.queryDNS(origin, server, '.') !== 'timeout';
  if (legacy) {
    // libc resolver: reverse lookups for the server line, then getaddrinfo with the search path.
    if (!reachable) return { segments: [{ delayMs: 2 * NSLOOKUP_TIMEOUT_MS, stdout: `Server:    ${server}\nAddress 1: ${server}\n\n` }, { delayMs: 2 * NSLOOKUP_TIMEOUT_MS, stderr: `nslookup: can't resolve '${name}'\n` }], exitCode: 1 };
    const r = net.resolve(name, origin);
    // The server's line carries its PTR name, which only CoreDNS's own Service has.
    let out = `Server:    ${server}\nAddress 1: ${server}${server === DNS_SERVICE_IP ? ' kube-dns.kube-system.svc.cluster.local' : ''}\n\n`;
    if (!r.ok) return { segments: [{ delayMs: 1, stdout: out }, { delayMs: 1, stderr: `nslookup: can't resolve '${name}'\n` }], exitCode: 1 };
    out += `Name:      ${name}\n` + r.addresses.map((a, i) => `Address ${i + 1}: ${a}${reverseName(a, net) ? ` ${reverseName(a, net)}` : ''}\n`).join('');
    return { segments: [{ delayMs: 2, stdout: out }], exitCode: 0 };
  }
  if (!reachable) return { segments: [{ delayMs: NSLOOKUP_TIMEOUT_MS, stdout: ';; connection timed out; no servers could be reached\n\n' }], exitCode: 1 };
  // busybox ≥1.30: the search list only for names without a dot; A then AAAA for each name.
  const names = name.includes('.') || name.endsWith('.') ? [name.replace(/\.$/, '')] : search.map((d) => `${name}.${d}`);
  let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  let code = 0;
  for (const v6 of [false, true]) {
    for (const n of names) {
      const a = net.queryDNS(origin, server, n, v6);
      if (a === 'timeout') continue;
      if (a.rcode === 'NXDOMAIN') { out += `** server can't find ${n}: NXDOMAIN\n\n`; code = 1; continue; }
      // parse_reply: a reply without the AA bit (CoreDNS forwarding upstream, an upstream resolver) says so first;
      // then each record of the answer: an ExternalName's CNAME, and the addresses of the name it leads to.
      if (!a.authoritative) out += 'Non-authoritative answer:\n';
      out += (a.cnames ?? []).map(([o, t]) => `${o}\tcanonical name = ${t}\n`).join('');
      const owner = a.cnames?.at(-1)?.[1] ?? n;
      out += a.addresses.map((ip) => `Name:\t${owner}\nAddress: ${ip}\n`).join('');
      out += '\n';
    }
  }
  return { segments: [{ delayMs: 2, stdout: out }], exitCode: code };
}

/** CoreDNS's PTR answer for a Service IP. */
function reverseName(ip: string, net: ClusterNetwork): string | undefined {
  for (const o of net.proxies.services.list()) {
    if ((o.spec as { clusterIP?: string } | undefined)?.clusterIP === ip) return `${o.metadata.name}.${o.metadata.namespace}.svc.cluster.local`;
  }
  return undefined;
}

