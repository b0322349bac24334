/**
 * The web apps of the images a learner pulls from the tutorials (hello-go-gke, httpd, hpa-example, hello-app,
 * the Kubernetes Basics bootcamp, goproxy) and hello-frontend's proxying: their code comes with the image's pull
 * (programs.ts imagePrograms), so a lab that never pulls them does not load it.
 */
import type { ImageInfo } from '../images/catalogue.js';
import { webHeaders } from '../network/commands/index.js';
import { rfc1123 } from '../util/time.js';
import { bytes } from '../util/quantity.js';
export { followerArgv, FOLLOWER_PID, redisServer } from './redis.js';
import { redisCli, redisCliMonitor, redisCommand, type RedisReply } from './redis.js';
import type { ClientMonitor } from './mysql.js';
import { parseCertificate } from '../util/x509.js';
import { STATUS_TEXT } from '../network/network.js';
import type { ServingCertificate } from '../api/pki.js';
import { APACHE_NOT_FOUND_PAGE, base, clfTime, closes, goLogTime, goTime, goTimeString, NO_LINES, NO_PORTS, textResponse, type HttpRequest, type HttpResponse, type Program, type ProgramHost } from './programs.js';

/** goproxy's session counter, per running proxy (its program is shared by the image's containers). */
const proxySessions = new WeakMap<ProgramHost, number>();

/**
 * gcr.io/google-samples/hello-frontend: nginx whose one server block sends every path to the `hello` Service
 * (`upstream hello { server hello; }`, `proxy_pass http://hello;`), as HTTP/1.0 with `Host: hello` and
 * `Connection: close`. No answer from it is nginx's 502, or 504 once proxy_connect_timeout's 60 s are up.
 */
export function proxied(req: HttpRequest, host: ProgramHost, server: string, error: (status: number, title: string) => HttpResponse): HttpResponse {
  const headers: Record<string, string> = { Host: 'hello', Connection: 'close' };
  if (req.userAgent) headers['User-Agent'] = req.userAgent;
  const up = host.upstreamIP && host.upstream?.(host.upstreamIP, 80, { method: req.method, path: req.path, headers, remote: '', userAgent: req.userAgent, proto: 'HTTP/1.0' });
  if (up && 'response' in up) return { status: up.response.status, headers: { Server: server, 'Content-Type': up.response.headers['Content-Type'] ?? 'text/plain' }, body: up.response.body, ms: up.ms };
  if (up && up.error === 'timeout') return { ...error(504, '504 Gateway Time-out'), ms: 60_000 };
  return { ...error(502, '502 Bad Gateway'), ms: up ? up.ms : 0 };
}

/**
 * nginx cannot load a configuration whose upstream server does not resolve, and exits: the error log's line (to
 * stderr in the official images) and its own on stderr. The frontend's configuration is the page's frontend.conf
 * (`upstream hello {` / `    server hello;`) in conf.d, as the page's Dockerfile puts it.
 */
export function upstreamNotFound(name: string, now: number): string[] {
  const what = `host not found in upstream "${name}" in /etc/nginx/conf.d/frontend.conf:2`;
  return [`${goLogTime(now)} [emerg] 1#1: ${what}`, `nginx: [emerg] ${what}`];
}

/** The HTTP handler of `image`'s app (one of programs.ts LAZY_PROGRAMS but mysql and hello-frontend). */
export function appHandler(image: ImageInfo, version: string): Program['http'] {
  if (image.program === 'hello-go-gke') {
    // kelseyhightower/app's hello, the page's greeter: Go's ServeMux on :80 sends every path but /version to the
    // hello handler (its JWT-checked /secure is not simulated); the health server on :81 answers /healthz and
    // /readiness with a bare 200. LoggingHandler prints each request first: fmt's %s of time.Now().
    return (req, host) => {
      const path = req.path.split('?')[0];
      host.log(`${req.remote} - - [${goTimeString(host.now(), host.startedAt)}] "${req.method} ${path} ${req.proto ?? 'HTTP/1.1'}" ${req.userAgent ?? ''}`);
      if (req.port === 81) return path === '/healthz' || path === '/readiness' ? textResponse(200, '', undefined) : textResponse(404, '404 page not found\n', undefined);
      return textResponse(200, path === '/version' ? `{"version":"${version}"}\n` : '{"message":"Hello"}\n', undefined);
    };
  }
  if (image.program === 'httpd' || image.program === 'hpa-example') {
    const root = image.program === 'httpd' ? '/usr/local/apache2/htdocs' : '/var/www/html';
    const serverHeader = image.program === 'httpd' ? `Apache/${version} (Unix)` : 'Apache/2.4.10 (Debian)';
    return (req, host) => {
      const path = req.path.split('?')[0];
      let res: HttpResponse;
      if (image.program === 'hpa-example') res = textResponse(200, 'OK!', serverHeader, 'text/html; charset=UTF-8');
      else {
        const file = `${root}${path === '/' ? '/index.html' : path}`;
        const text = host.readFile(file);
        res = text !== undefined ? textResponse(200, text, serverHeader, 'text/html')
          : textResponse(404, APACHE_NOT_FOUND_PAGE, serverHeader, 'text/html; charset=iso-8859-1');
        const web = webHeaders.loaded();
        if (web) res = web.apache(res, text !== undefined ? { image, file, text, startedAt: host.startedAt } : undefined, host.now(), closes(req));
      }
      // %b: "-" when no body is sent.
      const sent = req.method === 'HEAD' ? (image.program === 'httpd' ? '-' : '0') : String(res.body.length);
      host.log(`${req.remote.split(':')[0]} - - [${clfTime(host.now())}] "${req.method} ${req.path} HTTP/1.1" ${res.status} ${sent}${image.program === 'hpa-example' ? ` "-" "${req.userAgent ?? '-'}"` : ''}`);
      return res;
    };
  }
  if (image.program === 'gb-frontend') return guestbookFrontend(image);
  if (image.program === 'hello-app') {
    // GoogleCloudPlatform/kubernetes-engine-samples quickstarts/hello-app: one handler for every path, Go's log package.
    return (req, host) => {
      host.log(`${goLogTime(host.now())} Serving request: ${req.path.split('?')[0]}`);
      return textResponse(200, `Hello, world!\nVersion: ${version}\nHostname: ${host.hostname}\n`, undefined);
    };
  }
  if (image.program === 'kubernetes-bootcamp') {
    // The Kubernetes Basics tutorial's server.js on Node 6: console.log joins its arguments with spaces and shows a
    // Date as its ISO string; the body is written in pieces, so Node sends it chunked.
    let requests = 0;
    return (req, host) => {
      const now = host.now();
      host.log(`Running On: ${host.hostname} | Total Requests: ${++requests} | App Uptime: ${(now - host.startedAt) / 1000} seconds | Log Time: ${new Date(now).toISOString()}`);
      const headers = { 'Content-Type': 'text/plain', Date: rfc1123(now, 'GMT'), Connection: closes(req) ? 'close' : 'keep-alive', 'Transfer-Encoding': 'chunked' };
      return { status: 200, headers, body: `Hello Kubernetes bootcamp! | Running on: ${host.hostname} | v=${version}\n`, ordered: true };
    };
  }
  // gcr.io/google-samples/node-hello: the old Hello World tutorials' server.js, which answers every path and logs nothing.
  if (image.program === 'node-hello') return () => textResponse(200, 'Hello Kubernetes!', undefined);
  if (image.program === 'goproxy') {
    // github.com/elazarl/goproxy as test/images/goproxy runs it (Verbose): each request is logged with its session
    // number (ctx.Logf, log.LstdFlags on stderr); one that names no absolute URL is not one to forward, and its
    // NonproxyHandler answers it with http.Error.
    return (req, host) => {
      const session = (proxySessions.get(host) ?? 0) + 1;
      proxySessions.set(host, session);
      const path = req.path.split('?')[0];
      host.log(`${goLogTime(host.now())} [${String(session & 0xff).padStart(3, '0')}] INFO: Got request ${path} ${req.headers?.Host ?? ''} ${req.method} ${req.path}`, 'stderr');
      return textResponse(500, 'This is a proxy server. Does not respond to non-proxy requests.\n', undefined);
    };
  }
  return undefined;
}

function flagValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === `--${name}` || a === `-${name}`) return args[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
    if (a.startsWith(`-${name}=`)) return a.slice(name.length + 2);
  }
  return undefined;
}

export function agnhost(image: ImageInfo, args: string[], fill: (s: string) => string): Program {
  const p = base(image);
  const sub = args[0] ?? '';
  switch (sub) {
    case 'serve-hostname': {
      const port = Number(flagValue(args, 'port') ?? 9376);
      p.ports = [port];
      p.startLogs = [fill(`{goLogTime} Serving on port ${port}.`)];
      p.http = (_req, host) => textResponse(200, host.hostname, undefined);
      break;
    }
    case 'netexec': {
      const port = Number(flagValue(args, 'http-port') ?? 8080);
      p.ports = [port, Number(flagValue(args, 'udp-port') ?? 8081)];
      p.startLogs = [fill(`{goLogTime} Started HTTP server on port ${port}`), fill(`{goLogTime} Started UDP server on port  ${Number(flagValue(args, 'udp-port') ?? 8081)}`)];
      p.http = (req, host) => {
        const [path, query = ''] = req.path.split('?');
        const q = new Map(query.split('&').map((kv) => kv.split('=') as [string, string]));
        if (path === '/hostname') return textResponse(200, host.hostname, undefined);
        if (path === '/echo') return textResponse(200, decodeURIComponent(q.get('msg') ?? ''), undefined);
        if (path === '/clientip') return textResponse(200, req.remote, undefined);
        if (path === '/healthz' || path === '/readyz') return textResponse(200, '', undefined);
        if (path === '/') return textResponse(200, `NOW: ${goTime(host.now())}`, undefined);
        return textResponse(404, '404 page not found\n', undefined);
      };
      break;
    }
    case 'liveness': {
      // agnhost liveness: /healthz answers 200 for the first 10 s after start, then 500 "error: <seconds>".
      p.ports = [8080];
      p.http = (req, host) => {
        const path = req.path.split('?')[0];
        const secs = (host.now() - host.startedAt) / 1000;
        if (path === '/healthz') return secs > 10 ? textResponse(500, `error: ${secs}`, undefined) : textResponse(200, 'ok', undefined);
        if (path === '/redirect') return { status: 302, headers: { Location: '/healthz' }, body: '' };
        return textResponse(404, '404 page not found\n', undefined);
      };
      break;
    }
    case 'test-webserver': {
      p.ports = [Number(flagValue(args, 'port') ?? 80)];
      p.http = (req) => textResponse(200, req.path === '/' ? 'Hello World!' : 'Not Found', undefined);
      break;
    }
    case 'pause':
      p.ports = [];
      p.startLogs = ['Paused'];
      break;
    default:
      p.ports = [];
      break;
  }
  return p;
}

/** A Go flag-package boolean: `-name` or `--name` sets it, `-name=false` clears it. */
function goBoolFlag(args: string[], name: string, dflt: boolean): boolean {
  let v = dflt;
  for (const a of args) {
    if (a === `-${name}` || a === `--${name}`) v = true;
    else if (a.startsWith(`-${name}=`) || a.startsWith(`--${name}=`)) v = /^(1|t|true|T|TRUE|True)$/.test(a.slice(a.indexOf('=') + 1));
  }
  return v;
}

/**
 * registry.k8s.io/serve_hostname, the Debug Services task's image (kubernetes/contrib for-demos/serve_hostname and
 * kubernetes test/images/serve_hostname): silent at start, it answers every HTTP path with os.Hostname() and no
 * newline, logging "HTTP request from <addr>" with Go's log package (stderr). -tcp or -udp beside the default -http
 * is a log.Fatalf. Its raw TCP and UDP modes (-http=false) are not simulated: the port is open but answers nothing.
 * Every source of it seen (2015's `select {}` builds up to v1.4's SIGTERM log.Panicf) serves the same way; which of
 * them the registry's `latest` is was not established, so it is an image of its own, and all exit 2 on SIGTERM.
 */
export function serveHostname(image: ImageInfo, args: string[], fill: (s: string) => string): Program {
  const p = base(image);
  const port = Number(flagValue(args, 'port') ?? 9376);
  const http = goBoolFlag(args, 'http', true);
  const raw = goBoolFlag(args, 'tcp', false) || goBoolFlag(args, 'udp', false);
  if (http && raw) {
    p.ports = NO_PORTS;
    p.exitAfterMs = 5;
    p.exitCode = 1;
    p.exitLogs = [{ text: fill("{goLogTime} Can't server TCP/UDP mode and HTTP mode at the same time"), stream: 'stderr' }];
    return p;
  }
  p.ports = http || raw ? [port] : NO_PORTS;
  if (http) {
    p.http = (req, host) => {
      host.log(`${goLogTime(host.now())} HTTP request from ${req.remote}`, 'stderr');
      return textResponse(200, host.hostname, undefined);
    };
  }
  return p;
}

export function httpEcho(image: ImageInfo, args: string[], fill: (s: string) => string, env: Record<string, string> | undefined): Program {
  const p = base(image);
  // 1.0 reads the text from ECHO_TEXT too (-text wins); 0.2.3 knows only the flag.
  const v1 = !image.version.startsWith('0.');
  const text = flagValue(args, 'text') || (v1 ? env?.ECHO_TEXT ?? '' : '');
  const listen = flagValue(args, 'listen') ?? ':5678';
  const port = Number(listen.split(':').pop()) || 5678;
  p.ports = [port];
  p.startLogs = [fill(`{goLogTime} [INFO] server is listening on ${listen}`)];
  p.http = (req, host) => {
    const path = req.path.split('?')[0];
    const res = path === '/health' ? textResponse(200, '{"status":"ok"}\n', undefined, 'application/json') : textResponse(200, `${text}\n`, undefined);
    res.headers['X-App-Name'] = 'http-echo';
    res.headers['X-App-Version'] = image.version;
    host.log(`${goLogTime(host.now())} ${host.podIP}:${port} ${req.remote} "${req.method} ${req.path} HTTP/1.1" ${res.status} ${res.body.length} "${req.userAgent ?? ''}" 16.3µs`);
    return res;
  };
  if (!text) {
    // main.go's validation: a message on stderr and exit 127, before it listens. The image is only the binary
    // (no shell to say it).
    p.startLogs = NO_LINES;
    p.ports = NO_PORTS;
    p.http = undefined;
    p.exitAfterMs = 10;
    p.exitCode = 127;
    p.exitLogs = [{ text: v1 ? 'Missing -text option or ECHO_TEXT env var!' : 'Missing -text option!', stream: 'stderr' }];
  }
  return p;
}

/** What nginx's `$host` is: the Host header's name, lowercased and without its port. */
function nginxHost(hostHeader: string | undefined, fallback: string): string {
  if (!hostHeader) return fallback;
  return (hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]).toLowerCase();
}

/** lua-resty-template's `{{ }}`: HTML entities for the five characters it escapes (the echoserver's copy leaves `/`). */
const escapeTemplate = (s: string) => s.replace(/["<>'&]/g, (c) => ({ '"': '&quot;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '&': '&amp;' })[c]!);

/**
 * The page the echoserver's Lua template renders for one request (nginx.conf's init_by_lua_block, echoserver 1.10:
 * nginx 1.13.3 with lua-nginx-module 0.10.8): the pod block when POD_NAME is set, the request's values, its headers
 * as ngx.req.get_headers() gives them (lowercased names, sorted), then ngx.say's newline.
 */
export function echoserverPage(req: HttpRequest, hostname: string, env: Record<string, string>, port: number): string {
  const e = (s: string) => escapeTemplate(s);
  const [, query = ''] = req.path.split(/\?(.*)/s);
  const headers = new Map<string, string[]>();
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    const key = k.toLowerCase();
    headers.set(key, [...(headers.get(key) ?? []), v]);
  }
  const keys = [...headers.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hostHeader = headers.get('host')?.[0];
  // ngx.req.http_version() is a Lua number: LuaJIT prints 1.0 as "1".
  const version = req.proto === 'HTTP/1.0' ? '1' : req.proto === 'HTTP/2' ? '2' : '1.1';
  const pod = env.POD_NAME !== undefined
    ? `\tnode name:\t${e(env.NODE_NAME ?? 'N/A')}\n\tpod name:\t${e(env.POD_NAME)}\n\tpod namespace:\t${e(env.POD_NAMESPACE ?? 'N/A')}\n\tpod IP:\t${e(env.POD_IP ?? 'N/A')}\n`
    : '\t-no pod information available-\n';
  return `\n\nHostname: ${e(hostname)}\n\nPod Information:\n${pod}\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\n` +
    `Request Information:\n\tclient_address=${e(req.remote.replace(/:\d+$/, ''))}\n\tmethod=${e(req.method)}\n\treal path=${e(req.path)}\n\tquery=${e(query)}\n` +
    `\trequest_version=${version}\n\trequest_scheme=http\n\trequest_uri=${e(`http://${nginxHost(hostHeader, '_')}:${port}${req.path}`)}\n\n` +
    `Request Headers:\n${keys.map((k) => headers.get(k)!.map((v) => `\t${e(k)}=${e(v)}\n`).join('')).join('')}\n` +
    'Request Body:\n\t-no body in request-\n\n';
}

/**
 * registry.k8s.io/echoserver:1.10, the "Using Source IP" tutorial's image (nginx-slim's Ubuntu with nginx 1.13.3 and
 * lua-nginx-module, the access log linked to stdout): run.sh generates a self-signed certificate
 * with openssl (its progress on stderr), then runs nginx in the foreground, not exec'd, so the shell stays PID 1 and
 * SIGTERM does nothing (the kubelet's SIGKILL ends it). Every path on 8080 (and 8443 with TLS, not simulated) answers
 * 200 with the template's page, sent chunked (ngx.say without a length); the access log is nginx's combined format on
 * stdout, $body_bytes_sent counting the chunks' framing.
 */
/**
 * nginx 1.13's answer to plain HTTP on its `listen … ssl` port (NGX_HTTP_TO_HTTPS, shown as 400): its own page, before
 * any Lua runs, and the connection closed. TLS itself is not simulated on 8443.
 */
function plainHttpToHttps(req: HttpRequest, host: ProgramHost): HttpResponse {
  const body = '<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body bgcolor="white">\r\n' +
    '<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx/1.13.3</center>\r\n</body>\r\n</html>\r\n';
  const now = host.now();
  host.log(`${req.remote.replace(/:\d+$/, '')} - - [${clfTime(now)}] "${req.method} ${req.path} ${req.proto ?? 'HTTP/1.1'}" 400 ${req.method === 'HEAD' ? 0 : body.length} "-" "${req.userAgent ?? '-'}"`);
  return { status: 400, headers: { Server: 'nginx/1.13.3', Date: rfc1123(now, 'GMT'), 'Content-Type': 'text/html', 'Content-Length': String(body.length), Connection: 'close' }, body, ordered: true };
}

export function echoserver(image: ImageInfo, fill: (s: string) => string, env: Record<string, string> | undefined): Program {
  const p = base(image);
  p.startLogs = image.startLogs.map(fill);
  const vars = env ?? {};
  p.http = (req, host) => {
    const port = req.port ?? 8080;
    if (port === 8443) return plainHttpToHttps(req, host);
    const body = echoserverPage(req, host.hostname, vars, port);
    const http10 = req.proto === 'HTTP/1.0';
    const close = http10 || closes(req);
    const now = host.now();
    const headers: Record<string, string> = { Server: 'echoserver', Date: rfc1123(now, 'GMT'), 'Content-Type': 'text/plain' };
    if (!http10) headers['Transfer-Encoding'] = 'chunked';
    headers.Connection = close ? 'close' : 'keep-alive';
    // One chunk for the page, then the last chunk: "<hex length>\r\n…\r\n0\r\n\r\n".
    const sent = req.method === 'HEAD' ? 0 : http10 ? body.length : body.length + body.length.toString(16).length + 9;
    const referer = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === 'referer')?.[1] ?? '-';
    host.log(`${req.remote.replace(/:\d+$/, '')} - - [${clfTime(now)}] "${req.method} ${req.path} ${req.proto ?? 'HTTP/1.1'}" 200 ${sent} "${referer}" "${req.userAgent ?? '-'}"`);
    return { status: 200, headers, body, ordered: true };
  };
  return p;
}

export function stress(image: ImageInfo, args: string[]): Program {
  if (image.repository === 'docker.io/vish/stress') return vishStress(image, args);
  const p = base(image);
  const vm = Number(flagValue(args, 'vm') ?? 0) || 0;
  const vmBytes = bytes(normaliseStressBytes(flagValue(args, 'vm-bytes') ?? '256M'));
  const cpu = Number(flagValue(args, 'cpu') ?? flagValue(args, 'c') ?? 0) || 0;
  const io = Number(flagValue(args, 'io') ?? 0) || 0;
  p.ports = [];
  p.extraMemoryBytes = vm * vmBytes;
  p.extraCpuMilli = cpu * 1000 + vm * (args.includes('--vm-hang') ? 0 : 1000);
  p.startLogs = [`stress: info: [1] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, 0 hdd`];
  const timeout = flagValue(args, 'timeout') ?? flagValue(args, 't');
  if (timeout) p.exitAfterMs = Math.round(Number(timeout.replace(/s$/, '')) * 1000);
  return p;
}

/**
 * vishh/stress, the CPU task's image: `-cpus N` copies /dev/zero to /dev/null on N threads, `-mem-total` allocates that
 * much in `-mem-alloc-size` steps, then it waits forever. Its glog lines (-logtostderr) are not reproduced.
 */
function vishStress(image: ImageInfo, args: string[]): Program {
  const p = base(image);
  p.ports = [];
  p.extraCpuMilli = (Number(flagValue(args, 'cpus') ?? 0) || 0) * 1000;
  const total = flagValue(args, 'mem-total');
  if (total) p.extraMemoryBytes = bytes(total);
  return p;
}

/** Math::BigFloat's default accuracy, which bpi(0) falls back to. */
const BIGFLOAT_DEFAULT_DIGITS = 40;

/**
 * The Kubernetes documentation's Job example, `perl -Mbignum=bpi -wle 'print bpi(2000)'`: π to that many
 * significant digits, printed when the computation ends. Up to 1,000 digits Math::BigFloat has π stored;
 * beyond, it computes, in time growing with the square of the digits (a few seconds for 2,000 on one core).
 * Other perl programs are not simulated: the container says so and fails.
 */
export function perl(image: ImageInfo, args: string[]): Program {
  const p = { ...base(image), ports: NO_PORTS, extraCpuMilli: 1000 };
  let script: string | undefined;
  let bignum = false;
  for (let i = 0; i < args.length && script === undefined; i++) {
    const a = args[i];
    if (!a.startsWith('-')) break;
    if (a.startsWith('-M')) { bignum ||= /^-Mbignum=(?:.*,)?bpi(?:,|$)/.test(a); continue; }
    if (a.endsWith('e')) script = args[++i] ?? '';
  }
  const n = /^\s*print\s+bpi\(\s*(\d+)\s*\)\s*;?\s*$/.exec(script ?? '');
  if (!bignum || !n || Number(n[1]) > 100_000) {
    p.exitAfterMs = 20;
    p.exitCode = 1;
    p.exitLogs = [{ text: `kubelab: this perl program is not simulated; the perl image runs: perl -Mbignum=bpi -wle 'print bpi(N)'`, stream: 'stderr' }];
    return p;
  }
  const digits = Number(n[1]) || BIGFLOAT_DEFAULT_DIGITS;
  p.exitAfterMs = digits <= 1000 ? 40 : Math.round(3000 * (digits / 2000) ** 2);
  p.exitLogs = [{ text: piDigits(digits), stream: 'stdout' }];
  return p;
}

/** π rounded to `digits` significant digits ("3.14" for 3), by Machin's formula in integers with guard digits. */
export function piDigits(digits: number): string {
  const guard = 10n;
  const scale = 10n ** (BigInt(digits) + guard);
  const atanInv = (x: bigint): bigint => {
    let sum = 0n;
    let term = scale / x;
    const x2 = x * x;
    for (let k = 1n, sign = 1n; term !== 0n; k += 2n, sign = -sign, term /= x2) sum += sign * (term / k);
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  const rounded = (pi / 10n ** guard + 5n) / 10n;
  const text = rounded.toString();
  return digits === 1 ? text : `${text[0]}.${text.slice(1)}`;
}

/** stress takes "250M" meaning MiB-based units (B, K, M, G suffixes are powers of 1024). */
function normaliseStressBytes(s: string): string {
  const m = /^(\d+)([BKMG]?)$/i.exec(s);
  if (!m) return s;
  const suffix = m[2].toUpperCase();
  return suffix === '' || suffix === 'B' ? m[1] : `${m[1]}${suffix}i`;
}

/** gb-frontend:v5's server: Debian's Apache 2.4.38 with PHP 7.4.7 (php:7.4.7-apache), as its combined log and 404 page show it. */
const GB_SERVER = 'Apache/2.4.38 (Debian)';
const GB_PHP = 'PHP/7.4.7';
const GB_ROOT = '/var/www/html';

/** PHP's $_GET: `&`-separated pairs, `+` and %XX decoded, the last of a repeated name kept. */
function phpQuery(query: string): Map<string, string> {
  const q = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const decode = (s: string) => {
      try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s.replace(/\+/g, ' '); }
    };
    q.set(decode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? '' : decode(pair.slice(eq + 1)));
  }
  return q;
}

/** What stream_socket_client says of a connection that failed (Predis puts it in its ConnectionException). */
const SOCKET_ERRORS: Record<Exclude<RedisReply, { ok: true }>['error'], string> = {
  'unknown-host': 'php_network_getaddresses: getaddrinfo failed: Name or service not known',
  'dns-timeout': 'php_network_getaddresses: getaddrinfo failed: Temporary failure in name resolution',
  refused: 'Connection refused',
  timeout: 'Connection timed out',
  unreachable: 'No route to host',
  protocol: 'Error while reading line from the server.',
};

/**
 * The guestbook's frontend (kubernetes-engine-samples guestbook/php-redis as of the v5 build, June 2020): Apache
 * serves index.html and controllers.js, and guestbook.php answers `?cmd=set&key=K&value=V` by SET on the
 * `redis-leader` Service and any other `cmd` by GET on `redis-follower` (the Services' addresses from the
 * environment with GET_HOSTS_FROM=env), printing the JSON itself. Predis's connection error is uncaught: with
 * display_errors on, PHP prints the fatal error (its stack trace is not reproduced) and the status stays 200.
 * guestbook.php without `cmd` calls phpinfo(), whose page is not simulated.
 */
function guestbookFrontend(image: ImageInfo): Program['http'] {
  return (req, host) => {
    const [path, query = ''] = req.path.split('?');
    const hostHeader = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === 'host')?.[1] ?? host.podIP;
    let res: HttpResponse;
    if (path === '/guestbook.php') res = guestbookPhp(phpQuery(query), host);
    else {
      const file = `${GB_ROOT}${path.endsWith('/') ? `${path}index.html` : path}`;
      const text = host.readFile(file);
      if (text !== undefined) res = textResponse(200, text, GB_SERVER, 'text/html');
      else {
        // Debian's security.conf has ServerSignature On: the page names the server, the Host header's name and port.
        const [name, port] = hostHeader.includes(':') ? hostHeader.split(':') : [hostHeader, String(req.port ?? 80)];
        const page = APACHE_NOT_FOUND_PAGE.replace('</body>', `<hr>\n<address>${GB_SERVER} Server at ${name} Port ${port}</address>\n</body>`);
        res = textResponse(404, page, GB_SERVER, 'text/html; charset=iso-8859-1');
      }
      const web = webHeaders.loaded();
      if (web) res = web.apache(res, text !== undefined ? { image, file, text, startedAt: host.startedAt } : undefined, host.now(), closes(req));
    }
    // Debian's combined format: %O counts the response head too, with the keep-alive headers Apache adds for a
    // client that did not ask to close.
    const keepAlive = closes(req) ? '' : 'Keep-Alive: timeout=5, max=100\r\nConnection: Keep-Alive\r\n';
    const head = `HTTP/1.1 ${res.status} ${STATUS_TEXT[res.status] ?? ''}\r\n${Object.entries(res.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}${keepAlive}\r\n`.length;
    const sent = head + (req.method === 'HEAD' ? 0 : new TextEncoder().encode(res.body).length);
    host.log(`${req.remote.split(':')[0]} - - [${clfTime(host.now())}] "${req.method} ${req.path} ${req.proto ?? 'HTTP/1.1'}" ${res.status} ${sent} "-" "${req.userAgent ?? '-'}"`);
    return res;
  };
}

function guestbookPhp(q: Map<string, string>, host: ProgramHost): HttpResponse {
  const php = (body: string, type: string, ms = 0): HttpResponse => ({
    status: 200, ms, ordered: true, body,
    headers: { Date: rfc1123(host.now(), 'GMT'), Server: GB_SERVER, 'X-Powered-By': GB_PHP, 'Content-Length': String(new TextEncoder().encode(body).length), 'Content-Type': type },
  });
  if (!q.has('cmd')) return php('kubelab: phpinfo() is not simulated\n', 'text/html; charset=UTF-8');
  const env = host.opts?.env ?? {};
  const fromEnv = env.GET_HOSTS_FROM === 'env';
  const set = q.get('cmd') === 'set';
  const server = set ? (fromEnv ? env.REDIS_LEADER_SERVICE_HOST ?? '' : 'redis-leader') : (fromEnv ? env.REDIS_FOLLOWER_SERVICE_HOST ?? '' : 'redis-follower');
  // An absent key or value is PHP's notice (display_errors is on, E_ALL), then null: the empty string to redis.
  let notices = '';
  const arg = (name: string): string => {
    const v = q.get(name);
    if (v !== undefined) return v;
    const source = host.readFile(`${GB_ROOT}/guestbook.php`) ?? '';
    const lineNo = source.split('\n').findIndex((l) => l.includes(set ? '->set(' : '->get(')) + 1;
    notices += `<br />\n<b>Notice</b>:  Undefined index: ${name} in <b>${GB_ROOT}/guestbook.php</b> on line <b>${lineNo}</b><br />\n`;
    return '';
  };
  const key = arg('key');
  const value = set ? arg('value') : '';
  const r = redisCommand(host, server, 6379, set ? { op: 'set', key, value } : { op: 'get', key });
  if (!r.ok) {
    const where = `[tcp://${server}:6379]`;
    const text = `<br />\n<b>Fatal error</b>:  Uncaught Predis\\Connection\\ConnectionException: ${SOCKET_ERRORS[r.error]} ${where} in /usr/local/lib/php/Predis/Connection/AbstractConnection.php:155\n`;
    // Predis's default connection timeout is 5 s.
    return php(notices + text, 'application/json', r.error === 'timeout' ? 5000 : 0);
  }
  return php(notices + (set ? '{"message": "Updated"}' : `{"data": "${r.value ?? ''}"}`), 'application/json');
}

/** Where the official nginx images include server blocks from; a ConfigMap mounted there replaces default.conf. */
const NGINX_SERVER_CONF = '/etc/nginx/conf.d/default.conf';

/**
 * The certificate nginx serves on `port`: a server block's `listen PORT ssl` with its ssl_certificate (the
 * Connecting Applications page's default.conf, the Secret mounted at /etc/nginx/ssl). Read as the handshake
 * happens; its dates are judged at that moment.
 */
export function nginxCertificate(port: number, host: ProgramHost): ServingCertificate | undefined {
  const conf = host.readFile(NGINX_SERVER_CONF)?.replace(/#[^\n]*/g, '');
  if (!conf) return undefined;
  const ssl = [...conf.matchAll(/\blisten\s+(?:\[[^\]]*\]:|[\d.]+:)?(\d+)\b([^;]*);/g)].some((m) => Number(m[1]) === port && /\bssl\b/.test(m[2]));
  const path = /\bssl_certificate\s+([^\s;]+)\s*;/.exec(conf)?.[1];
  if (!ssl || !path) return undefined;
  const pem = host.readFile(path);
  const block = pem && /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const fields = block ? parseCertificate(block) : undefined;
  if (!block || !fields) return undefined;
  const now = host.now();
  const cert: ServingCertificate = { subject: fields.subject, issuer: fields.issuer, issuerPEM: block, dnsNames: fields.dnsNames, ipAddresses: fields.ipAddresses };
  if (fields.commonName !== undefined) cert.commonName = fields.commonName;
  if (fields.subject === fields.issuer) cert.selfSigned = true;
  if (now > fields.notAfter) cert.validity = 'expired';
  else if (now < fields.notBefore) cert.validity = 'not-yet-valid';
  return cert;
}

/** nginx's answer to plain HTTP on an ssl port (ngx_http_special_response.c, NGX_HTTP_TO_HTTPS). */
export function nginxPlainHttpPage(server: string, body: string): string {
  return `<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n${body}\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;
}

/** A client of the image's own server run in its container (redis-cli in a redis image); undefined: none modelled. */
export function imageClient(c: ProgramHost & { image: ImageInfo }, argv: string[], tty: boolean): { stdout: string; stderr: string; status: number } | undefined {
  return c.image.program === 'redis' ? redisCli(c, argv, tty) : undefined;
}

/** Such a client at its own prompt on an exec's TTY (redis-cli without a command); undefined: a shell or a plain exec. */
export function clientMonitor(c: ProgramHost & { image: ImageInfo }, argv: string[]): ClientMonitor | undefined {
  return c.image.program === 'redis' && argv[0].split('/').pop() === 'redis-cli' ? redisCliMonitor(c, argv) : undefined;
}
