/**
 * kube-apiserver's proxy subresources of pods and services (GET .../pods/NAME[:PORT]/proxy/PATH,
 * .../services/[SCHEME:]NAME[:PORT]/proxy/PATH): ResourceLocation finds the address (a pod's IP and port, or one
 * ready address of the Service's Endpoints), and apimachinery's UpgradeAwareHandler with its rewriting Transport
 * sends the request there from the control-plane node and hands the answer back: a dial that fails becomes a 503
 * Status, a text/html page has its same-host links moved under the proxy path.
 *
 * Served as v1.35 serves it: the service proxy reads Endpoints (the port to EndpointSlices came after 1.35).
 * Not modelled: the protocol upgrades (WebSockets), the per-connection bandwidth limit, and the apiserver's own
 * response headers (Audit-Id, APF's) on the kubectl proxy path, which passes on the backend's.
 */
import type { Cluster } from '../../cluster.js';
import type { Exchange, Outcome } from '../../network/network.js';
import { badRequest, isStatusError, serviceUnavailable, type StatusError } from '../errors.js';
import type { KObject } from '../meta.js';
import { normalizePath } from '../../shell/vfs.js';

/** The path of a proxy request: namespace, resource, the id (name, name:port or scheme:name:port), what follows. */
export const PROXY_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|services)\/([^/]+)\/proxy(\/.*)?$/;

/** ProxyREST.ConnectMethods: what the proxy forwards (anything else is go-restful's 405). */
export const PROXY_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'];

/** http.DefaultTransport's dialer (the proxy transport sets none of its own): a SYN nobody answers fails after 30 s. */
export const PROXY_DIAL_TIMEOUT_MS = 30_000;

export interface ConnectRequest {
  method: string;
  /** The request's path as sent, without the query. */
  path: string;
  /** The raw query, without "?" ('' for none). */
  query: string;
  /** The request's headers (the authentication filter has taken Authorization away). */
  headers: Record<string, string>;
  /** The address the request came from, as the API server sees the connection (X-Forwarded-For). */
  clientIP: string;
}

export type ConnectResult =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string; ms: number }
  | { kind: 'error'; error: StatusError; ms: number }
  /** The backend accepted the connection and never answers: the proxy is long-running, nothing times it out. */
  | { kind: 'hang' };

interface Location { scheme: string; ip: string; port: string }

/** utilnet.SplitSchemeNamePort. */
export function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | undefined {
  const parts = id.split(':');
  if (parts.length > 3) return undefined;
  const [scheme, name, port] = parts.length === 3 ? parts : ['', parts[0], parts[1] ?? ''];
  return name && (scheme === '' || scheme === 'http' || scheme === 'https') ? { scheme, name, port } : undefined;
}

/** net.IP.IsGlobalUnicast for IPv4 (the pod network is IPv4 here); anything unparsable is no address. */
function isGlobalUnicast(ip: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return false;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return false;
  if (o.every((x) => x === 255) || o.every((x) => x === 0)) return false;
  return o[0] !== 127 && o[0] < 224 && !(o[0] === 169 && o[1] === 254);
}

type Getter = (resource: string, namespace: string, name: string) => KObject;

/** pod.ResourceLocation: the given port, else the first declared containerPort, else none (the scheme's default). */
function podLocation(get: Getter, namespace: string, id: string): Location {
  const s = splitSchemeNamePort(id);
  if (!s) throw badRequest(`invalid pod request ${JSON.stringify(id)}`);
  const pod = get('pods', namespace, s.name) as { spec?: { containers?: { ports?: { containerPort?: number }[] }[] }; status?: { podIPs?: { ip?: string }[] } };
  let port = s.port;
  if (port === '') {
    const declared = (pod.spec?.containers ?? []).find((c) => (c.ports ?? []).length > 0);
    if (declared) port = String(declared.ports![0].containerPort ?? 0);
  }
  const ip = pod.status?.podIPs?.[0]?.ip ?? '';
  if (!isGlobalUnicast(ip)) throw badRequest('address not allowed');
  return { scheme: s.scheme, ip, port };
}

interface EndpointAddress { ip?: string; targetRef?: { namespace?: string; name?: string } }
interface EndpointSubset { addresses?: EndpointAddress[]; ports?: { name?: string; port?: number }[] }

/**
 * The service registry's ResourceLocation: a port number names its service port, then a random subset of the
 * Endpoints and a random address in it, kept only if that address is still its pod's.
 */
function serviceLocation(cluster: Cluster, get: Getter, namespace: string, id: string): Location {
  const s = splitSchemeNamePort(id);
  if (!s) throw badRequest(`invalid service request ${JSON.stringify(id)}`);
  let portName = s.port;
  // strconv.ParseInt: an optional sign, then decimal digits.
  if (/^[+-]?\d+$/.test(s.port)) {
    const num = Number(s.port);
    const svc = get('services', namespace, s.name) as { spec?: { ports?: { name?: string; port?: number }[] } };
    const match = (svc.spec?.ports ?? []).find((p) => p.port === num);
    if (!match) throw serviceUnavailable(`no service port ${num} found for service ${JSON.stringify(s.name)}`);
    portName = match.name ?? '';
  }
  const subsets = ((get('endpoints', namespace, s.name) as { subsets?: EndpointSubset[] }).subsets ?? []);
  if (subsets.length === 0) throw serviceUnavailable(`no endpoints available for service ${JSON.stringify(s.name)}`);
  const random = cluster.apiserver.random;
  const ssSeed = random.int(subsets.length);
  for (let i = 0; i < subsets.length; i++) {
    const ss = subsets[(ssSeed + i) % subsets.length];
    const addresses = ss.addresses ?? [];
    if (addresses.length === 0) continue;
    for (const p of ss.ports ?? []) {
      if ((p.name ?? '') !== portName) continue;
      const addrSeed = random.int(addresses.length);
      for (let t = 0; t < addresses.length; t++) {
        const a = addresses[(addrSeed + t) % addresses.length];
        if (validAddress(get, namespace, a)) return { scheme: s.scheme, ip: a.ip ?? '', port: String(p.port ?? 0) };
      }
    }
  }
  throw serviceUnavailable(`no endpoints available for service ${JSON.stringify(id)}`);
}

/** isValidAddress: the address names a pod of this namespace that still has that IP. */
function validAddress(get: Getter, namespace: string, a: EndpointAddress): boolean {
  if (!a.targetRef || a.targetRef.namespace !== namespace) return false;
  try {
    const pod = get('pods', namespace, a.targetRef.name ?? '') as { status?: { podIPs?: { ip?: string }[] } };
    return (pod.status?.podIPs ?? []).some((p) => p.ip === a.ip);
  } catch (e) {
    if (isStatusError(e)) return false;
    throw e;
  }
}

/** path.Join(a, b) for a rooted or empty a. */
function join(a: string, b: string): string {
  const j = [a, b].filter((x) => x !== '').join('/');
  // path.Clean of a rooted path is the shell's normalization.
  return j === '' ? '' : normalizePath(j);
}

/** Go's table of well-known TCP services, which a dialer without /etc/services (the distroless image) falls back on. */
const SERVICES: Record<string, number> = { ftp: 21, ftps: 990, gopher: 70, http: 80, https: 443, imap2: 143, imap3: 220, imaps: 993, pop3: 110, pop3s: 995, smtp: 25, submissions: 465, ssh: 22, telnet: 23 };

/** net.Dialer's port: a number, else a service's name, else the dial's error. */
function dialPort(loc: Location): number | string {
  if (loc.port === '') return loc.scheme === 'https' ? 443 : 80;
  if (/^[+-]?\d+$/.test(loc.port)) {
    const n = Number(loc.port);
    return n < 0 || n > 65535 ? `dial tcp: address ${loc.port}: invalid port` : n;
  }
  return SERVICES[loc.port.toLowerCase()] ?? `dial tcp: lookup tcp/${loc.port}: unknown port`;
}

const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** GET (or another proxied method) on pods/proxy or services/proxy, the request authorized already. */
export function proxyConnect(cluster: Cluster, m: RegExpExecArray, req: ConnectRequest): ConnectResult {
  const [, namespace, resource, id, rest = ''] = m;
  const get: Getter = (r, ns, name) => cluster.apiserver.get(r, ns, name);
  let loc: Location;
  try {
    loc = resource === 'pods' ? podLocation(get, namespace, id) : serviceLocation(cluster, get, namespace, id);
  } catch (e) {
    if (isStatusError(e)) return { kind: 'error', error: e, ms: 1 };
    throw e;
  }
  // getRequestOptions: what follows /proxy, rooted, keeping the request's trailing slash.
  let sub = rest.replace(/^\/+/, '');
  sub = sub ? '/' + sub : '';
  if (req.path.endsWith('/') && !sub.endsWith('/')) sub += '/';
  // JoinPreservingTrailingSlash, then the handler's own trailing slash.
  let target = join('', sub);
  if (sub.endsWith('/') && !target.endsWith('/')) target += '/';
  if (!target.endsWith('/') && req.path.endsWith('/')) target += '/';
  // proxyRedirectsforRootPath: the bare .../proxy is sent on to .../proxy/.
  if (target === '' && (req.method === 'GET' || req.method === 'HEAD')) {
    return { kind: 'response', status: 301, headers: { Location: `${req.path}/${req.query ? '?' + req.query : ''}` }, body: '', ms: 1 };
  }
  const port = dialPort(loc);
  if (typeof port === 'string') return { kind: 'error', error: serviceUnavailable(`error trying to reach service: ${port}`), ms: 1 };
  // defaultProxyTransport: the part of the request's path before the target's is what links get put under.
  const suffix = req.path.endsWith('/') && !target.endsWith('/') ? target + '/' : target;
  const pathPrepend = req.path.endsWith(suffix) ? req.path.slice(0, req.path.length - suffix.length) : req.path;
  const headers: Record<string, string> = { ...req.headers };
  const prior = headers['X-Forwarded-For'];
  headers['X-Forwarded-For'] = prior ? `${prior}, ${req.clientIP}` : req.clientIP;
  // Transport.RoundTrip: where the page is as the client asked for it.
  const forwarded = join(pathPrepend, target);
  headers['X-Forwarded-Uri'] = target.endsWith('/') && !forwarded.endsWith('/') ? forwarded + '/' : forwarded;
  const ex: Exchange = {
    method: req.method, path: target + (req.query ? `?${req.query}` : ''), headers, userAgent: headers['User-Agent'],
    // The proxy transport trusts any certificate: pods are reached by IP.
    ...(loc.scheme === 'https' ? { tls: () => true } : {}),
  };
  const cp = (cluster.nodeConfigs.find((n) => n.role === 'control-plane') ?? cluster.nodeConfigs[0]).name;
  const out = cluster.network.exchange({ node: cp }, loc.ip, port, ex);
  return answerOf(out, `${loc.ip}:${port}`, { pathPrepend, backendHost: `${loc.ip}:${port}`, requestHost: headers.Host ?? '' });
}

interface Rewrite { pathPrepend: string; backendHost: string; requestHost: string }

/** The Transport's RoundTrip on the network's outcome: a failed dial is the 503, a Location or an HTML page rewritten. */
function answerOf(out: Outcome, addr: string, rw: Rewrite): ConnectResult {
  const unreachable = (why: string, ms: number): ConnectResult => ({ kind: 'error', error: serviceUnavailable(`error trying to reach service: ${why}`), ms });
  switch (out.kind) {
    case 'refused': return unreachable(`dial tcp ${addr}: connect: connection refused`, out.ms);
    case 'unreachable': return unreachable(`dial tcp ${addr}: connect: no route to host`, out.ms);
    case 'timeout': return unreachable(`dial tcp ${addr}: i/o timeout`, PROXY_DIAL_TIMEOUT_MS);
    case 'empty': return unreachable('EOF', out.ms);
    case 'not-tls': case 'tls-aborted': return unreachable('tls: first record does not look like a TLS handshake', out.ms);
    case 'hang': return { kind: 'hang' };
    case 'response': break;
  }
  // httputil.ReverseProxy drops the hop-by-hop headers; Go's server writes the rest sorted.
  const headers: Record<string, string> = {};
  for (const k of Object.keys(out.headers).sort()) if (!HOP_BY_HOP.has(k.toLowerCase())) headers[k] = out.headers[k];
  const ms = out.ms + 1;
  const location = headerOf(headers, 'location');
  if (location !== undefined) {
    headers[location.key] = rewriteURL(location.value, rw);
    return { kind: 'response', status: out.status, headers, body: out.body, ms };
  }
  const type = (headerOf(headers, 'content-type')?.value ?? '').split(';')[0].trim();
  if (type !== 'text/html' || headerOf(headers, 'content-encoding')) return { kind: 'response', status: out.status, headers, body: out.body, ms };
  const cl = headerOf(headers, 'content-length');
  if (cl) delete headers[cl.key];
  return { kind: 'response', status: out.status, headers, body: rewriteHTML(out.body, rw), ms };
}

function headerOf(h: Record<string, string>, lower: string): { key: string; value: string } | undefined {
  const key = Object.keys(h).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : { key, value: h[key] };
}

/**
 * Transport.rewriteURL: a link to the page's own host (the backend's address or the Host asked for), or a rooted
 * path, is moved under the proxy path; a relative link or another host's stays as it is.
 */
export function rewriteURL(raw: string, rw: Rewrite): string {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(.*)$/.exec(raw)!;
  const [, scheme, host, path, tail] = m;
  const differentHost = host !== undefined && host !== '' && host !== rw.backendHost && host !== rw.requestHost;
  if (differentHost || !path.startsWith('/')) return raw;
  // The Transport's scheme and host are empty (a server request's URL has none): the link loses them, unless it
  // names the Host that was asked for.
  const keep = (host ?? '') === rw.requestHost;
  const prefix = keep ? `${scheme ? scheme + ':' : ''}${host !== undefined ? '//' + host : ''}` : '';
  if (path.startsWith(rw.pathPrepend)) return prefix + path + tail;
  let p = join(rw.pathPrepend, path);
  if (path.endsWith('/') && !p.endsWith('/')) p += '/';
  return prefix + p + tail;
}

/** The tags whose attributes hold URLs (transport.go atomsToAttrs). */
const URL_ATTRS: Record<string, string[]> = {
  a: ['href'], applet: ['codebase'], area: ['href'], audio: ['src'], base: ['href'], blockquote: ['cite'], body: ['background'],
  button: ['formaction'], command: ['icon'], del: ['cite'], embed: ['src'], form: ['action'], frame: ['longdesc', 'src'], head: ['profile'],
  html: ['manifest'], iframe: ['longdesc', 'src'], img: ['longdesc', 'src', 'usemap'], input: ['src', 'usemap', 'formaction'], ins: ['cite'],
  link: ['href'], object: ['classid', 'codebase', 'data', 'usemap'], q: ['cite'], script: ['src'], source: ['src'], video: ['poster', 'src'],
};

/** Elements whose content the tokenizer reads as text up to their end tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function unescapeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);?/g, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : all;
    }
    return ENTITIES[e] ?? all;
  });
}

/** html.EscapeString's set, as Token.String writes an attribute's value. */
function escapeAttr(s: string): string {
  return s.replace(/[&'<>"\r]/g, (c) => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\r': '&#13;' })[c]!);
}

/**
 * rewriteHTML: every start tag goes out as the tokenizer's Token.String() writes it (name and attribute keys in
 * lower case, each value double-quoted and escaped), its URL attributes rewritten; the rest of the page as it came.
 * Entities beyond the common named ones stay as written.
 */
export function rewriteHTML(html: string, rw: Rewrite): string {
  let out = '';
  let i = 0;
  let rawUntil: string | undefined;
  // Attributes apart by white space (each run of name characters is one name: no backtracking between them).
  const tag = /<([A-Za-z][^\s/>]*)((?:\s+[^\s/>=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?)*)\s*(\/?)>/y;
  const attr = /\s+([^\s/>=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']*)))?/y;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    out += html.slice(i, lt);
    i = lt;
    if (rawUntil) {
      const end = html.toLowerCase().indexOf(`</${rawUntil}`, i);
      const stop = end < 0 ? html.length : end;
      out += html.slice(i, stop);
      i = stop;
      rawUntil = undefined;
      if (end < 0) break;
      continue;
    }
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      const stop = end < 0 ? html.length : end + 3;
      out += html.slice(i, stop);
      i = stop;
      continue;
    }
    tag.lastIndex = i;
    const t = tag.exec(html);
    if (!t) {
      out += '<';
      i++;
      continue;
    }
    const name = t[1].toLowerCase();
    const urls = URL_ATTRS[name] ?? [];
    let written = `<${name}`;
    attr.lastIndex = 0;
    const attrs = t[2];
    let a: RegExpExecArray | null;
    while (attr.lastIndex < attrs.length && (a = attr.exec(attrs))) {
      const key = a[1].toLowerCase();
      let val = unescapeEntities(a[2] ?? a[3] ?? a[4] ?? '');
      if (urls.includes(key)) val = rewriteURL(val, rw);
      written += ` ${key}="${escapeAttr(val)}"`;
    }
    out += written + (t[3] ? '/>' : '>');
    i = tag.lastIndex;
    if (!t[3] && RAW_TEXT.has(name)) rawUntil = name;
  }
  return out + html.slice(i);
}
