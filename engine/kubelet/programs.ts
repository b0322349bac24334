/**
 * What the process inside a simulated container does, derived from the image
 * (catalogue data) and the argv the kubelet computed from command/args. A
 * program says which ports it listens on, how it answers HTTP, what it logs,
 * how much memory and CPU it uses, how it reacts to SIGTERM, and (for
 * scripts) a generator that advances on the virtual clock and returns the
 * exit code.
 */
import type { ImageInfo, SigtermBehaviour } from '../images/catalogue.js';
import { catalogueLoaded, loadCatalogue, rootfsCode, treeHas } from '../images/catalogue.js';
import { bytes } from '../util/quantity.js';
import { webHeaders } from '../network/commands/index.js';
import { MONTHS, rfc1123, WEEKDAYS } from '../util/time.js';
import { lazyModule } from '../util/lazy-module.js';
import { containerShellLoaded, loadContainerShell } from './shell-process.js';

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
  /** A TCP connection from this container (a client that speaks no HTTP: the guestbook's PHP to redis). */
  connect?(host: string, port: number): ReturnType<ProgramStartHost['connect']>;
  /** The container's environment (what getenv() reads). */
  readonly opts?: { env: Record<string, string> };
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
  /** The certificate it serves TLS with on `port` (nginx's `listen 443 ssl` and ssl_certificate), when it does. */
  servingCertificate?(port: number, host: ProgramHost): import('../api/pki.js').ServingCertificate | undefined;
  /** Its answer to plain HTTP on such a port. */
  plainHttpToTLS?(): HttpResponse;
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

/**
 * The code of images that is not needed until one is pulled (the mysql image's server and client, the web apps of
 * the tutorials' images): the runtime loads it with such an image's pull.
 */
export const imagePrograms = lazyModule(() => Promise.all([import('./mysql.js'), import('./image-apps.js')]).then(([mysql, apps]) => ({ ...mysql, ...apps })));
/**
 * Everything a pull may wait for (the catalogue beyond the boot images, the pulled images' programs and file trees) and the shell a
 * started container may run: what a clock jump that does not heed holds (`sim ff`, an exercise's set-up wait, the
 * chaos and fuzz drivers) loads first.
 */
export function loadImageCode(): Promise<unknown> {
  return Promise.all([loadCatalogue(), imagePrograms.load(), loadContainerShell(), rootfsCode.load().then((m) => m.loadAllTrees())]);
}
export const imageCodeLoaded = (): boolean => catalogueLoaded() && imagePrograms.loaded() !== undefined && containerShellLoaded() && rootfsCode.loaded()?.allTreesLoaded() === true;

/** The images whose programs are in that code. */
export const LAZY_PROGRAMS = new Set(['mysql', 'agnhost', 'http-echo', 'serve_hostname', 'stress', 'perl', 'hello-frontend', 'hello-go-gke', 'httpd', 'hpa-example', 'hello-app', 'kubernetes-bootcamp', 'node-hello', 'goproxy', 'echoserver', 'redis', 'gb-frontend']);

/** Go's exec.Error quotes the name with strconv.Quote: a command written as one string keeps its quotes escaped. */
export const PROGRAM_START_ERROR = (bin: string) =>
  `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: ${JSON.stringify(bin)}: executable file not found in $PATH: unknown`;

/** The container's argv as the runtime builds it: command replaces ENTRYPOINT, args replace CMD. */
export function containerArgv(image: ImageInfo, command: string[] | undefined, args: string[] | undefined): string[] {
  const entry = command && command.length ? command : image.entrypoint;
  const rest = args && args.length ? args : command && command.length ? [] : image.cmd;
  // concat makes an array of exactly this length (a spread reserves 17 slots or more; each container keeps its argv).
  return entry.concat(rest);
}

const SHELL_LIKE = new Set(['sh', 'ash', 'bash', 'dash', 'sleep', 'echo', 'cat', 'ls', 'env', 'printenv', 'true', 'false', 'hostname', 'date', 'touch', 'rm', 'mkdir', 'wget', 'curl', 'nslookup', 'ps', 'kill', 'printf', 'test', 'id', 'whoami', 'uname', 'top', 'tail', 'head', 'grep', 'vi',
  // The text tools the container shell runs: a container whose command is one (`rev /input/data.txt`) ends with it.
  'seq', 'sort', 'uniq', 'cut', 'tr', 'sed', 'awk', 'base64', 'tee', 'basename', 'dirname', 'tac', 'rev', 'paste']);

export type ResolveResult = { ok: true; program: Program } | { ok: false; error: string };

/** Picks the program for argv inside `image`; an argv[0] absent from the image is a StartError, as runc reports it. */
export function resolveProgram(image: ImageInfo, argv: string[], fill: (s: string) => string, env?: Record<string, string>): ResolveResult {
  if (argv.length === 0) return { ok: false, error: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: no command specified: unknown' };
  const bin = argv[0];
  const base = bin.split('/').pop()!;
  const found = treeHas(image, bin, env?.PATH);
  if (found === false || (found === undefined && !image.binaries.has(bin) && !image.binaries.has(base))) return { ok: false, error: PROGRAM_START_ERROR(bin) };
  if (base === 'docker-entrypoint.sh' || base === 'docker-entrypoint') {
    // The official images' entrypoints exec their arguments after setting up.
    const next = argv.slice(1);
    if (next.length === 0) return { ok: true, program: server(image, fill, []) };
    // Arguments that start with a dash are options of the image's command (bash, redis-server, mysqld), not nginx's.
    // redis's also takes one that ends in .conf for redis-server's configuration file.
    if ((next[0].startsWith('-') || (image.program === 'redis' && next[0].endsWith('.conf'))) && image.program !== 'nginx' && image.cmd[0]) next.unshift(image.cmd[0]);
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
  // The programs of images only a learner pulls: their code came with the pull (image-apps.ts); without it (offline
  // before it loaded) the image runs as a plain server.
  const apps = imagePrograms.loaded();
  // gb-redis-follower's CMD, `/bin/sh -c /run.sh`: its script starts a replica (redis.ts followerArgv).
  if (apps && image.program === 'redis' && argv[2] === '/run.sh' && image.files['/run.sh']) return { ok: true, program: apps.redisServer(image, apps.followerArgv(env ?? {}), server(image, fill, argv), apps.FOLLOWER_PID) };
  // A file of the image the lab has no program for runs in the shell's process, which says so (shell.ts unmodelled).
  if (SHELL_LIKE.has(base) || (found && !image.binaries.has(base) && !image.binaries.has(bin))) return { ok: true, program: script(image, argv) };
  switch (image.program) {
    case 'agnhost': return { ok: true, program: apps ? apps.agnhost(image, argv.slice(1), fill) : server(image, fill, argv) };
    case 'http-echo': return { ok: true, program: apps ? apps.httpEcho(image, argv.slice(1), fill, env) : server(image, fill, argv) };
    case 'echoserver': return { ok: true, program: apps ? apps.echoserver(image, fill, env) : server(image, fill, argv) };
    case 'serve_hostname': return { ok: true, program: apps ? apps.serveHostname(image, argv.slice(1), fill) : server(image, fill, argv) };
    case 'stress': return { ok: true, program: apps ? apps.stress(image, argv.slice(1)) : server(image, fill, argv) };
    case 'perl': return { ok: true, program: apps && base.startsWith('perl') ? apps.perl(image, argv.slice(1)) : server(image, fill, argv) };
    case 'mysql': return { ok: true, program: mysqlProgram(image, fill, argv, base, env ?? {}) };
    case 'redis': return { ok: true, program: apps ? apps.redisServer(image, argv, server(image, fill, argv), 1) : server(image, fill, argv) };
    default: return { ok: true, program: server(image, fill, argv) };
  }
}

/*
 * A program's lists are replaced, never changed in place: one that is the image's (its ports) or empty is
 * shared rather than copied for every container.
 */
export const NO_LINES: string[] = Object.freeze([]) as unknown as string[];
export const NO_PORTS: number[] = Object.freeze([]) as unknown as number[];

/**
 * The web servers' response heads (web-headers.ts), loaded with the clients that show them (curl, wget): a probe
 * or the load generator reads the status only, the same before they are there.
 */

export function base(image: ImageInfo): Program {
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

export function textResponse(status: number, body: string, server: string | undefined, type = 'text/plain; charset=utf-8'): HttpResponse {
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
/** The client asked the server to close the connection after this response. */
export const closes = (req: HttpRequest) => req.headers?.Connection?.toLowerCase() === 'close';

function newServer(image: ImageInfo, fill: (s: string) => string, argv: string[]): Program {
  const p = base(image);
  if (image.startLogs.length) p.startLogs = image.startLogs.map(fill);
  const version = image.version;
  if (image.program === 'nginx' || image.program === 'hello-frontend') {
    const server = `nginx/${version}`;
    // nginx before 1.15 gave its error pages a white background (ngx_http_special_response.c).
    const body = /^1\.(\d|1[0-4])\./.test(version) ? '<body bgcolor="white">' : '<body>';
    const error = (status: number, title: string) => textResponse(status, `<html>\r\n<head><title>${title}</title></head>\r\n${body}\r\n<center><h1>${title}</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`, server, 'text/html');
    const proxy = image.program === 'hello-frontend';
    if (proxy) p.upstreamName = 'hello';
    // A server block with `listen … ssl` (a configuration the learner mounts) serves TLS there (image-apps.ts).
    else {
      p.servingCertificate = (port, host) => imagePrograms.loaded()?.nginxCertificate(port, host);
      p.plainHttpToTLS = () => textResponse(400, imagePrograms.loaded()?.nginxPlainHttpPage(server, body) ?? '', server, 'text/html');
    }
    p.http = (req, host) => {
      const path = req.path.split('?')[0];
      let file = `/usr/share/nginx/html${path}`;
      let text: string | undefined;
      let res: HttpResponse;
      if (proxy) res = imagePrograms.loaded()?.proxied(req, host, server, error) ?? error(502, '502 Bad Gateway');
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
      host.log(`${req.remote.split(':')[0]} - - [${clfTime(host.now())}] "${req.method} ${req.path} ${req.proto ?? 'HTTP/1.1'}" ${res.status} ${req.method === 'HEAD' ? 0 : res.body.length} "-" "${req.userAgent ?? '-'}"${image.startLogs.length || proxy ? ` "${xff}"` : ''}`);
      const web = webHeaders.loaded();
      return web ? web.nginx(res, text !== undefined ? { image, file, text, startedAt: host.startedAt } : undefined, host.now(), closes(req)) : res;
    };
  } else if (LAZY_PROGRAMS.has(image.program)) {
    // The web apps of images only a learner pulls: their code came with the pull (image-apps.ts).
    const apps = imagePrograms.loaded();
    if (apps) p.http = apps.appHandler(image, version);
  } else if (image.program === 'daemon' || Object.keys(image.http).length) {
    p.http = (req, host) => {
      const path = req.path.split('?')[0];
      // kube-proxy's health server (10256) answers JSON, with the code the clients that ask load (curl, wget).
      const health = req.port === 10256 && image.repository === 'registry.k8s.io/kube-proxy' ? webHeaders.loaded()?.proxierHealthAnswer(path, host.now(), host.startedAt) : undefined;
      if (health) return health;
      const a = image.http[path];
      return a ? textResponse(a.status, a.body, undefined) : textResponse(404, '404 page not found\n', undefined);
    };
  } else if (image.program === 'pause') {
    p.ports = NO_PORTS;
  }
  void argv;
  return p;
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
export function goTimeString(ms: number, startedAt: number): string {
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC m=+${((ms - startedAt) / 1000).toFixed(9)}`;
}

export function goTime(ms: number): string {
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
