/**
 * What the process inside a simulated container does, derived from the image
 * (catalogue data) and the argv the kubelet computed from command/args. A
 * program says which ports it listens on, how it answers HTTP, what it logs,
 * how much memory and CPU it uses, how it reacts to SIGTERM, and (for
 * scripts) a generator that advances on the virtual clock and returns the
 * exit code.
 */
import type { ImageInfo, SigtermBehaviour } from '../images/catalogue.js';
import { bytes } from '../util/quantity.js';
import { webHeaders } from '../network/commands/index.js';
import { MONTHS, rfc1123, WEEKDAYS } from '../util/time.js';
import { lazyModule } from '../util/lazy-module.js';

export interface HttpRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** "10.244.1.1:52844", for access logs and /clientip */
  remote: string;
  userAgent?: string;
  /** The request line's version, when not HTTP/1.1. */
  proto?: string;
  /** The container port it arrived at. */
  port?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The headers are complete and in the order the server writes them (Date included). */
  ordered?: boolean;
  /** Time the server waited on someone else before answering (the API server's proxy on its backend). */
  ms?: number;
}

/** The running container as a program sees it. */
export interface ProgramHost {
  hostname: string;
  podIP: string;
  startedAt: number;
  now(): number;
  readFile(path: string): string | undefined;
  /** The path is a directory in the container's files (a mounted volume's root included). */
  isDir?(path: string): boolean;
  log(line: string, stream?: 'stdout' | 'stderr'): void;
  /** A request from this container to `host`:`port` through the pod's DNS and the cluster network (a proxy's upstream). */
  upstream?(host: string, port: number, req: HttpRequest): UpstreamAnswer;
  /** The address the program's upstream name had when it started (nginx resolves it once, loading its configuration). */
  upstreamIP?: string;
}

/** What a proxied request met: the upstream's response, or why there was none (nginx's 502 or 504). */
export type UpstreamAnswer = { response: HttpResponse; ms: number } | { error: 'unresolved' | 'refused' | 'timeout'; ms: number };

export interface Program {
  /** Listening ports once `readyAfterMs` has passed. */
  ports: number[];
  readyAfterMs: number;
  /** Memory on top of the image's resting footprint (e.g. stress --vm-bytes). */
  extraMemoryBytes: number;
  /** Steady CPU in millicores (stress --cpu 2 → 2000). */
  extraCpuMilli: number;
  sigterm: SigtermBehaviour;
  /** Log lines printed at start (templates already filled). */
  startLogs: string[];
  http?(req: HttpRequest, host: ProgramHost): HttpResponse;
  /** Set for programs that end by themselves (scripts, stress --timeout); runs forever otherwise. */
  shellArgv?: string[];
  exitAfterMs?: number;
  /** The server's argv when a script started it (`exec nginx -g 'daemon off;'`): its processes' command lines. */
  serverArgv?: string[];
  /** What a script's process became by exec (`sh -c 'echo hi; sleep 3600'` ends as `sleep 3600`). */
  execArgv?: string[];
  /** With exitAfterMs: what it prints as it ends (a computation's result), and its exit code (0 when absent). */
  exitLogs?: { text: string; stream: 'stdout' | 'stderr' }[];
  exitCode?: number;
  /** A name the program resolves once as it starts, and cannot start without (an nginx upstream's server). */
  upstreamName?: string;
  /** A program that reads its files or the network as it starts (mysqld, the mysql client): what it logs and when, or how it ends. */
  begin?(host: ProgramStartHost): ProgramStart;
}

/** What a starting program sees of its container. */
export interface ProgramStartHost {
  now: number;
  /** Its stdin is open (a terminal attaches: `kubectl run -it`); else it reads end-of-file at once. */
  stdin: boolean;
  podIP: string;
  fs: { dirs: Set<string>; files: Map<string, string>; mkdirp(path: string): void };
  /** Its own container (a client without -h reaches the server beside it through the socket). */
  self: { fs: ProgramStartHost['fs']; image: ImageInfo; opts: { env: Record<string, string> }; listening(port: number): boolean };
  /** A TCP connection to host:port (network.ts connect), to the container that accepts it. */
  connect(host: string, port: number): { container: ProgramStartHost['self'] } | { error: 'unknown-host' | 'dns-timeout' | 'refused' | 'timeout' | 'unreachable' };
}

/** How a program's start goes: its lines (`afterMs` from the start), when it listens, or its end; a client's session. */
export interface ProgramStart {
  logs: { afterMs: number; text: string; stream: 'stdout' | 'stderr' }[];
  readyAfterMs?: number;
  exit?: { afterMs: number; code: number };
  /** An interactive client connected (the mysql monitor): the TTY's lines go to it. */
  monitor?: import('./mysql.js').MonitorState;
}

/** The code of images that is not needed until one is pulled (the mysql image's server and client). */
export const imagePrograms = lazyModule(() => import('./mysql.js'));

export const PROGRAM_START_ERROR = (bin: string) =>
  `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${bin}": executable file not found in $PATH: unknown`;

/** The container's argv as the runtime builds it: command replaces ENTRYPOINT, args replace CMD. */
export function containerArgv(image: ImageInfo, command: string[] | undefined, args: string[] | undefined): string[] {
  const entry = command && command.length ? command : image.entrypoint;
  const rest = args && args.length ? args : command && command.length ? [] : image.cmd;
  // concat makes an array of exactly this length (a spread reserves 17 slots or more; each container keeps its argv).
  return entry.concat(rest);
}

const SHELL_LIKE = new Set(['sh', 'ash', 'bash', 'dash', 'sleep', 'echo', 'cat', 'ls', 'env', 'printenv', 'true', 'false', 'hostname', 'date', 'touch', 'rm', 'mkdir', 'wget', 'curl', 'nslookup', 'ps', 'kill', 'printf', 'test', 'id', 'whoami', 'uname', 'top', 'tail', 'head', 'grep', 'vi']);

export type ResolveResult = { ok: true; program: Program } | { ok: false; error: string };

/** Picks the program for argv inside `image`; an argv[0] absent from the image is a StartError, as runc reports it. */
export function resolveProgram(image: ImageInfo, argv: string[], fill: (s: string) => string, env?: Record<string, string>): ResolveResult {
  if (argv.length === 0) return { ok: false, error: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: no command specified: unknown' };
  const bin = argv[0];
  const base = bin.split('/').pop()!;
  if (!image.binaries.has(bin) && !image.binaries.has(base)) return { ok: false, error: PROGRAM_START_ERROR(bin) };
  if (base === 'docker-entrypoint.sh' || base === 'docker-entrypoint') {
    // The official images' entrypoints exec their arguments after setting up.
    const next = argv.slice(1);
    if (next.length === 0) return { ok: true, program: server(image, fill, []) };
    const r = resolveProgram(image, next, fill, env);
    if (r.ok && !r.program.shellArgv && image.program === 'nginx') return r;
    if (r.ok && r.program.shellArgv) r.program.startLogs = NO_LINES;
    return r;
  }
  if (base === 'entrypoint.sh' && image.binaries.has('curl')) {
    // curlimages/curl's entrypoint: arguments that start with a dash, or name no command, are curl's.
    const next = argv.slice(1);
    const own = next.length > 0 && !next[0].startsWith('-') && (image.binaries.has(next[0]) || image.binaries.has(next[0].split('/').pop()!));
    return resolveProgram(image, own ? next : ['curl', ...next], fill, env);
  }
  if (SHELL_LIKE.has(base)) return { ok: true, program: script(image, argv) };
  switch (image.program) {
    case 'agnhost': return { ok: true, program: agnhost(image, argv.slice(1), fill) };
    case 'http-echo': return { ok: true, program: httpEcho(image, argv.slice(1), fill, env) };
    case 'serve_hostname': return { ok: true, program: serveHostname(image, argv.slice(1), fill) };
    case 'stress': return { ok: true, program: stress(image, argv.slice(1)) };
    case 'perl': return { ok: true, program: base.startsWith('perl') ? perl(image, argv.slice(1)) : server(image, fill, argv) };
    case 'mysql': return { ok: true, program: mysqlProgram(image, fill, argv, base, env ?? {}) };
    default: return { ok: true, program: server(image, fill, argv) };
  }
}

/*
 * A program's lists are replaced, never changed in place: one that is the image's (its ports) or empty is
 * shared rather than copied for every container.
 */
const NO_LINES: string[] = Object.freeze([]) as unknown as string[];
const NO_PORTS: number[] = Object.freeze([]) as unknown as number[];

/**
 * The web servers' response heads (web-headers.ts), loaded with the clients that show them (curl, wget): a probe
 * or the load generator reads the status only, the same before they are there.
 */

function base(image: ImageInfo): Program {
  return { ports: image.ports, readyAfterMs: image.startupMs, extraMemoryBytes: 0, extraCpuMilli: 0, sigterm: image.sigterm, startLogs: NO_LINES };
}

/** The mysql image's mysqld or its client (mysql.ts, loaded with the image's pull). */
function mysqlProgram(image: ImageInfo, fill: (s: string) => string, argv: string[], bin: string, env: Record<string, string>): Program {
  const m = imagePrograms.loaded();
  if (!m) return server(image, fill, argv);
  // The client ends at once on SIGTERM (its default action).
  if (bin === 'mysql') return { ...base(image), ports: [], readyAfterMs: 0, sigterm: { exitAfterMs: 0, exitCode: 143 }, ...m.mysqlClient(argv) };
  return { ...base(image), ...m.mysqld(image, env) };
}

function script(image: ImageInfo, argv: string[]): Program {
  // PID 1 shells and sleep have no SIGTERM handler: the kernel drops the signal, only SIGKILL ends them.
  return { ...base(image), ports: [], readyAfterMs: 0, sigterm: { ignore: true }, shellArgv: argv };
}

/** Apache httpd 2.4's own 404 page (ap_send_error_response). */
export const APACHE_NOT_FOUND_PAGE = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';

function textResponse(status: number, body: string, server: string | undefined, type = 'text/plain; charset=utf-8'): HttpResponse {
  const headers: Record<string, string> = { 'Content-Type': type, 'Content-Length': String(body.length) };
  if (server) headers.Server = server;
  return { status, headers, body };
}

/**
 * The image's server program. One without start logs (pause, the scale tests' image) depends on the image
 * alone: made once per image and shared, frozen, by its containers (programs are replaced, never changed).
 */
function server(image: ImageInfo, fill: (s: string) => string, argv: string[]): Program {
  if (image.startLogs.length) return newServer(image, fill, argv);
  let p = sharedServers.get(image);
  if (!p) sharedServers.set(image, (p = Object.freeze(newServer(image, fill, argv))));
  return p;
}

const sharedServers = new WeakMap<ImageInfo, Program>();
/** goproxy's session counter, per running proxy (its program is shared by the image's containers). */
const proxySessions = new WeakMap<ProgramHost, number>();

/** The client asked the server to close the connection after this response. */
const closes = (req: HttpRequest) => req.headers?.Connection?.toLowerCase() === 'close';

/**
 * gcr.io/google-samples/hello-frontend: nginx whose one server block sends every path to the `hello` Service
 * (`upstream hello { server hello; }`, `proxy_pass http://hello;`), as HTTP/1.0 with `Host: hello` and
 * `Connection: close`. No answer from it is nginx's 502, or 504 once proxy_connect_timeout's 60 s are up.
 */
function proxied(req: HttpRequest, host: ProgramHost, server: string, error: (status: number, title: string) => HttpResponse): HttpResponse {
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

function newServer(image: ImageInfo, fill: (s: string) => string, argv: string[]): Program {
  const p = base(image);
  if (image.startLogs.length) p.startLogs = image.startLogs.map(fill);
  const version = image.version;
  if (image.program === 'nginx' || image.program === 'hello-frontend') {
    const server = `nginx/${version}`;
    // nginx before 1.15 gave its error pages a white background (ngx_http_special_response.c).
    const body = /^1\.1[0-4]\./.test(version) ? '<body bgcolor="white">' : '<body>';
    const error = (status: number, title: string) => textResponse(status, `<html>\r\n<head><title>${title}</title></head>\r\n${body}\r\n<center><h1>${title}</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`, server, 'text/html');
    const proxy = image.program === 'hello-frontend';
    if (proxy) p.upstreamName = 'hello';
    p.http = (req, host) => {
      const path = req.path.split('?')[0];
      let file = `/usr/share/nginx/html${path}`;
      let text: string | undefined;
      let res: HttpResponse;
      if (proxy) res = proxied(req, host, server, error);
      else {
        text = host.readFile(file);
        if (text === undefined && path.endsWith('/')) text = host.readFile((file = `${file}index.html`));
        // A directory without its index: the index module declines and autoindex is off, so 403 (an empty volume
        // mounted over the html directory answers so until a page is written into it).
        const forbidden = text === undefined && path.endsWith('/') && !!host.isDir?.(file.slice(0, -'/index.html'.length) || '/');
        res = text !== undefined ? textResponse(200, text, server, 'text/html') : forbidden ? error(403, '403 Forbidden') : error(404, '404 Not Found');
      }
      // $body_bytes_sent: a HEAD sends none. The official images log "$http_x_forwarded_for" last (the API server's
      // proxy sets it); nginx-slim keeps the stock combined format.
      const xff = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === 'x-forwarded-for')?.[1] ?? '-';
      host.log(`${req.remote.split(':')[0]} - - [${clfTime(host.now())}] "${req.method} ${req.path} HTTP/1.1" ${res.status} ${req.method === 'HEAD' ? 0 : res.body.length} "-" "${req.userAgent ?? '-'}"${image.startLogs.length || proxy ? ` "${xff}"` : ''}`);
      const web = webHeaders.loaded();
      return web ? web.nginx(res, text !== undefined ? { image, file, text, startedAt: host.startedAt } : undefined, host.now(), closes(req)) : res;
    };
  } else if (image.program === 'hello-go-gke') {
    // kelseyhightower/app's hello, the page's greeter: Go's ServeMux on :80 sends every path but /version to the
    // hello handler (its JWT-checked /secure is not simulated); the health server on :81 answers /healthz and
    // /readiness with a bare 200. LoggingHandler prints each request first: fmt's %s of time.Now().
    p.http = (req, host) => {
      const path = req.path.split('?')[0];
      host.log(`${req.remote} - - [${goTimeString(host.now(), host.startedAt)}] "${req.method} ${path} ${req.proto ?? 'HTTP/1.1'}" ${req.userAgent ?? ''}`);
      if (req.port === 81) return path === '/healthz' || path === '/readiness' ? textResponse(200, '', undefined) : textResponse(404, '404 page not found\n', undefined);
      return textResponse(200, path === '/version' ? `{"version":"${version}"}\n` : '{"message":"Hello"}\n', undefined);
    };
  } else if (image.program === 'httpd' || image.program === 'hpa-example') {
    const root = image.program === 'httpd' ? '/usr/local/apache2/htdocs' : '/var/www/html';
    const serverHeader = image.program === 'httpd' ? `Apache/${version} (Unix)` : 'Apache/2.4.10 (Debian)';
    p.http = (req, host) => {
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
  } else if (image.program === 'hello-app') {
    // GoogleCloudPlatform/kubernetes-engine-samples quickstarts/hello-app: one handler for every path, Go's log package.
    p.http = (req, host) => {
      host.log(`${goLogTime(host.now())} Serving request: ${req.path.split('?')[0]}`);
      return textResponse(200, `Hello, world!\nVersion: ${version}\nHostname: ${host.hostname}\n`, undefined);
    };
  } else if (image.program === 'kubernetes-bootcamp') {
    // The Kubernetes Basics tutorial's server.js on Node 6: console.log joins its arguments with spaces and shows a
    // Date as its ISO string; the body is written in pieces, so Node sends it chunked.
    let requests = 0;
    p.http = (req, host) => {
      const now = host.now();
      host.log(`Running On: ${host.hostname} | Total Requests: ${++requests} | App Uptime: ${(now - host.startedAt) / 1000} seconds | Log Time: ${new Date(now).toISOString()}`);
      const headers = { 'Content-Type': 'text/plain', Date: rfc1123(now, 'GMT'), Connection: closes(req) ? 'close' : 'keep-alive', 'Transfer-Encoding': 'chunked' };
      return { status: 200, headers, body: `Hello Kubernetes bootcamp! | Running on: ${host.hostname} | v=${version}\n`, ordered: true };
    };
  } else if (image.program === 'goproxy') {
    // github.com/elazarl/goproxy as test/images/goproxy runs it (Verbose): each request is logged with its session
    // number (ctx.Logf, log.LstdFlags on stderr); one that names no absolute URL is not one to forward, and its
    // NonproxyHandler answers it with http.Error.
    p.http = (req, host) => {
      const session = (proxySessions.get(host) ?? 0) + 1;
      proxySessions.set(host, session);
      const path = req.path.split('?')[0];
      host.log(`${goLogTime(host.now())} [${String(session & 0xff).padStart(3, '0')}] INFO: Got request ${path} ${req.headers?.Host ?? ''} ${req.method} ${req.path}`, 'stderr');
      return textResponse(500, 'This is a proxy server. Does not respond to non-proxy requests.\n', undefined);
    };
  } else if (image.program === 'daemon' || Object.keys(image.http).length) {
    p.http = (req) => {
      const path = req.path.split('?')[0];
      const a = image.http[path];
      return a ? textResponse(a.status, a.body, undefined) : textResponse(404, '404 page not found\n', undefined);
    };
  } else if (image.program === 'pause') {
    p.ports = NO_PORTS;
  }
  void argv;
  return p;
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

function agnhost(image: ImageInfo, args: string[], fill: (s: string) => string): Program {
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
function serveHostname(image: ImageInfo, args: string[], fill: (s: string) => string): Program {
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

function httpEcho(image: ImageInfo, args: string[], fill: (s: string) => string, env: Record<string, string> | undefined): Program {
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

function stress(image: ImageInfo, args: string[]): Program {
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
function perl(image: ImageInfo, args: string[]): Program {
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

/** nginx/Apache common log time: 01/Jan/2026:00:00:00 +0000 */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Go's log package default prefix: 2026/01/01 00:00:00 */
export function goLogTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/');
}

/**
 * fmt's %s of a time.Now() value: Time.String(), its fraction without trailing zeros, then the monotonic clock
 * reading (seconds since the process started, nine decimals).
 */
function goTimeString(ms: number, startedAt: number): string {
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC m=+${((ms - startedAt) / 1000).toFixed(9)}`;
}

function goTime(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}000000 +0000 UTC`;
}

/** Fills a catalogue log template for one container start. */
export function templateFiller(vars: { now: number; podIP: string; podName: string; hostname?: string }): (s: string) => string {
  // The times are formatted on the first text with a placeholder: most starts (pause, shells) have none.
  let times: { httpdTime: string; redisTime: string } | undefined;
  return (s) => {
    if (!s.includes('{')) return s;
    const { httpdTime, redisTime } = (times ??= logTimes(vars.now));
    return s
      .split('{nginxTime}').join(goLogTime(vars.now))
      .split('{goLogTime}').join(goLogTime(vars.now))
      .split('{httpdTime}').join(httpdTime)
      .split('{redisTime}').join(redisTime)
      .split('{podIP}').join(vars.podIP)
      .split('{podName}').join(vars.podName)
      .split('{hostname}').join(vars.hostname ?? vars.podName)
      .split('{isoTime}').join(new Date(vars.now).toISOString());
  };
}


function logTimes(now: number): { httpdTime: string; redisTime: string } {
  const d = new Date(now);
  const iso = d.toISOString();
  const hms = iso.slice(11, 19);
  return {
    httpdTime: `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${hms}.${iso.slice(20, 23)}000 ${d.getUTCFullYear()}`,
    redisTime: `${String(d.getUTCDate()).padStart(2, '0')} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hms}.${iso.slice(20, 23)}`,
  };
}
