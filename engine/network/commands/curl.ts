/**
 * curl as a pure function over the cluster network: arguments in, the bytes
 * curl writes and the time it takes out. The node runs curl 8.5.0 (Ubuntu
 * 24.04); images carry their own curl, whose texts differ by version: 7.x
 * prints the errno text ("Connection refused"), 8.5 "Couldn't connect to
 * server", 8.6 and later "Could not connect to server".
 */
import type { ClusterNetwork, Origin, Outcome } from '../network.js';
import { resolveLiteral, TCP_CONNECT_TIMEOUT_MS } from '../network.js';
import { FOREVER_MS, parseUrl, type CommandResult } from './url.js';
import { certFileOf, curlHandshake, loadClientCertificate, type FileRead, type TLSFailure, type TLSOptions } from './curl-tls.js';
import { utf8Length } from '../../util/utf8.js';

export { FOREVER_MS, parseUrl, type CommandResult, type ParsedUrl } from './url.js';

/** '7.88': Debian bookworm's curl 7.88.1 (nginx 1.25 to 1.28 and the other bookworm-based images). */
export type CurlFlavour = '7' | '7.88' | '8.5' | '8';
export const CURL_VERSION: Record<CurlFlavour, string> = { '7': '7.38.0', '7.88': '7.88.1', '8.5': '8.5.0', '8': '8.12.1' };

/** strerror(CURLE_COULDNT_CONNECT) from 7.83 to 8.5; "Could not" after. */
const couldnt = (f: CurlFlavour) => (f === '8.5' || f === '7.88' ? "Couldn't" : 'Could not');

const connectFail = (f: CurlFlavour, host: string, port: number, ms: number, errno: string) =>
  f === '7' ? `curl: (7) Failed to connect to ${host} port ${port}: ${errno}\n`
    : `curl: (7) Failed to connect to ${host} port ${port} after ${ms} ms: ${couldnt(f)} connect to server\n`;

/**
 * `curl --version` as Debian bookworm's curl 7.88.1 prints it (recorded from the package on a bookworm machine,
 * 7.88.1-10+deb12u14 with OpenSSL 3.0.19, what a current build of a bookworm image installs).
 */
const VERSION_TEXT: Partial<Record<CurlFlavour, string>> = {
  '7.88': 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13\n'
    + 'Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u14\n'
    + 'Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\n'
    + 'Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n',
};

/** What curl asks of a network: name resolution and one exchange. */
export type CurlNetwork = Pick<ClusterNetwork, 'resolve' | 'exchange'>;

/**
 * A host with no cluster network behind it (a shell without a cluster: unit tests, the page before boot):
 * addresses resolve only as literals and localhost, and nothing listens.
 */
export const DETACHED_NETWORK: CurlNetwork = {
  resolve: (host) => resolveLiteral(host) ?? { ok: false, error: 'nxdomain', ms: 0 },
  exchange: (_origin, ip) => ({ kind: 'refused', ip, ms: 0 }),
};

/** `readFile`: a file as the client's process reads it (a relative path from its working directory). */
export function curlCore(argv: string[], net: CurlNetwork, origin: Origin, flavour: CurlFlavour, readFile?: (path: string) => string | undefined, stdoutTTY = true): CommandResult {
  const segs: CommandResult['segments'] = [];
  const err = (s: string, delayMs = 0) => segs.push({ delayMs, stderr: s });
  const out = (s: string, delayMs = 0) => segs.push({ delayMs, stdout: s });
  let noProgress = false;
  let silent = false, showErr = false, verbose = false, headOnly = false, include = false, fail = false, follow = false, remoteName = false;
  let maxRedirs = 50;
  let method: string | undefined, output: string | undefined, writeOut: string | undefined;
  /** -d/--data, --data-binary and --data-raw, each as it goes on the wire: curl joins them with '&'. */
  const dataParts: string[] = [];
  const warnings: string[] = [];
  let maxTimeMs: number | undefined, connectTimeoutMs: number | undefined;
  let insecure = false, cacert: string | undefined, http1 = false, userAgent: string | undefined;
  let clientCert: string | undefined, clientKey: string | undefined;
  const headers: Record<string, string> = {};
  const urls: string[] = [];
  const args = argv.slice(1);
  const usage = () => ({ segments: [{ delayMs: 0, stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n" }], exitCode: 2 });
  /** A file curl opens: its text, or the errno its fopen gets (a file the user may not read is no crash of curl). */
  const open = (path: string): FileRead => {
    try {
      const text = readFile?.(path);
      return text === undefined ? { errno: 'ENOENT' } : { text };
    } catch (e) {
      return { errno: (e as { code?: string }).code ?? 'EACCES' };
    }
  };
  const read = (path: string) => open(path).text;
  const seconds = (v: string | undefined) => Math.round(Number(v) * 1000);
  /**
   * tool_getparam.c: `@FILE` reads the file (not for --data-raw); -d/--data drops its carriage returns and
   * newlines (file2string), --data-binary keeps every byte. A file curl cannot read makes an empty part.
   */
  const addData = (arg: string, kind: 'ascii' | 'binary' | 'raw') => {
    if (kind === 'raw' || !arg.startsWith('@')) { dataParts.push(arg); return; }
    const file = arg.slice(1);
    const text = file === '-' ? '' : read(file);
    // warnf, silenced by a -s given before it.
    if (text === undefined && !silent) warnings.push(curlWarning(`Couldn't read data from file "${file}", this makes an empty POST.\n`));
    dataParts.push(kind === 'binary' ? text ?? '' : (text ?? '').replace(/[\r\n]/g, ''));
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // --version stops the parsing: curl prints its build and exits 0, whatever else the line holds.
    const version = VERSION_TEXT[flavour];
    if (version && (a === '--version' || a === '-V')) return { segments: [{ delayMs: 0, stdout: version }], exitCode: 0 };
    if (!a.startsWith('-') || a === '-') { urls.push(a); continue; }
    if (a.startsWith('--')) {
      const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      const v = () => inline ?? args[++i];
      switch (flag) {
        case '--silent': silent = true; break;
        case '--show-error': showErr = true; break;
        case '--verbose': verbose = true; break;
        case '--head': headOnly = true; break;
        case '--include': include = true; break;
        case '--fail': fail = true; break;
        case '--request': method = v(); break;
        case '--data': case '--data-ascii': addData(v() ?? '', 'ascii'); break;
        case '--data-binary': addData(v() ?? '', 'binary'); break;
        case '--data-raw': addData(v() ?? '', 'raw'); break;
        case '--header': { const h = v() ?? ''; const c = h.indexOf(':'); headers[h.slice(0, c)] = h.slice(c + 1).trim(); break; }
        case '--output': output = v(); break;
        case '--write-out': writeOut = v(); break;
        case '--max-time': maxTimeMs = seconds(v()); break;
        case '--connect-timeout': connectTimeoutMs = seconds(v()); break;
        case '--user-agent': userAgent = v(); break;
        case '--retry': case '--resolve': case '--capath': v(); break;
        case '--cacert': cacert = v(); break;
        case '--cert': clientCert = certFileOf(v() ?? ''); break;
        case '--key': clientKey = v(); break;
        case '--cert-type': case '--key-type': case '--pass': v(); break;
        case '--insecure': insecure = true; break;
        case '--http1.1': http1 = true; break;
        case '--location': follow = true; break;
        case '--remote-name': remoteName = true; break;
        case '--max-redirs': maxRedirs = Number(v()); break;
        case '--no-progress-meter': noProgress = true; break;
        case '--compressed': break;
        default: return { segments: [{ delayMs: 0, stderr: `curl: option ${flag}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n` }], exitCode: 2 };
      }
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      const val = () => (k + 1 < a.length ? a.slice(k + 1) : args[++i]);
      if (c === 's') silent = true;
      else if (c === 'S') showErr = true;
      else if (c === 'v') verbose = true;
      else if (c === 'I') headOnly = true;
      else if (c === 'i') include = true;
      else if (c === 'f') fail = true;
      else if (c === 'L') follow = true;
      else if (c === 'O') remoteName = true;
      else if (c === 'k') insecure = true;
      else if ('XdHowmAE'.includes(c)) {
        const v = val() ?? '';
        if (c === 'E') clientCert = certFileOf(v);
        if (c === 'X') method = v;
        else if (c === 'd') addData(v, 'ascii');
        else if (c === 'H') { const ci = v.indexOf(':'); headers[v.slice(0, ci)] = v.slice(ci + 1).trim(); }
        else if (c === 'o') output = v;
        else if (c === 'w') writeOut = v;
        else if (c === 'm') maxTimeMs = seconds(v);
        else if (c === 'A') userAgent = v;
        break;
      } else return { segments: [{ delayMs: 0, stderr: `curl: option -${c}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n` }], exitCode: 2 };
    }
  }
  if (urls.length === 0) return usage();
  // The client certificate and key are read as the SSL context is set up (cert_stuff), the CA file after them.
  const client = clientCert === undefined ? undefined : loadClientCertificate(flavour, clientCert, clientKey ?? clientCert, open);
  const tlsOptions: TLSOptions = { insecure, cacert, readFile: read, client };
  /** Where the transfer's end shows, for the progress meter's last line: curl's message and -w come after it. */
  let endAt: number | undefined;
  const showError = (s: string, delay = 0) => { endAt ??= segs.length; if (!silent || showErr) err(s, delay); else if (delay) segs.push({ delayMs: delay }); };
  const files: Record<string, string> = {};
  let exitCode = 0;
  // -H "User-Agent: ..." wins over -A, which replaces curl's own.
  const ua = headers['User-Agent'] ?? userAgent ?? `curl/${CURL_VERSION[flavour]}`;
  for (const w of warnings) err(w);
  const body = dataParts.length ? dataParts.join('&') : undefined;
  /** http.c's simple POST: after the custom headers, its Content-Length and (unless given) its Content-Type. */
  const bodyHeaders: Record<string, string> = {};
  if (body !== undefined) {
    const given = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
    if (!given('content-length')) bodyHeaders['Content-Length'] = String(utf8Length(body));
    if (!given('content-type')) bodyHeaders['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  for (const raw of urls) {
    // curl's URL parser turns down a scheme with no host after it (`http://`) and a space in the URL.
    const first = (raw.includes('://') && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/:?#\s]/.test(raw)) || /\s/.test(raw) ? undefined : parseUrl(raw);
    // -O names the file after the URL as given (its last path segment), whatever the redirects.
    const fileName = remoteName ? (first?.path.split('?')[0].split('/').pop() ?? '') : undefined;
    if (remoteName && !fileName) { showError('curl: Remote file name has no length\ncurl: (23) Failed writing received data to disk/application\n'); exitCode = 23; continue; }
    let url = first;
    let redirects = 0;
    let heads = '';
    const to = fileName ?? output;
    const urlStart = segs.length;
    endAt = undefined;
    /** curl turned the URL down before any transfer (malformed, or a protocol it lacks). */
    let rejected = false;
    /** What the meter's last line reports: the body's bytes, its announced length, how long it took. */
    let done: { received: number; size?: number; ms: number; sent?: number } | undefined;
    redirect: for (;;) {
      // Recorded from Debian bookworm's 7.88.1 (`curl http://`, `curl 'http://a b/'`); 8.x names the URL parser's error.
      if (!url) { rejected = true; showError(flavour === '7.88' ? 'curl: (3) URL using bad/illegal format or missing URL\n' : 'curl: (3) URL rejected: Malformed input to a URL function\n'); exitCode = 3; break redirect; }
      if (url.scheme !== 'http' && url.scheme !== 'https') { rejected = true; showError(`curl: (1) Protocol "${url.scheme}" not supported${flavour === '7' ? ' or disabled in libcurl' : ''}\n`); exitCode = 1; break redirect; }
      const m = method ?? (headOnly ? 'HEAD' : body !== undefined ? 'POST' : 'GET');
      const writeCode = (code: string) => { endAt ??= segs.length; if (writeOut) out(writeOut.replace(/%\{http_code\}/g, code).replace(/%\{response_code\}/g, code).replace(/\\n/g, '\n')); };
      const res = net.resolve(url.host, origin);
      if (!res.ok) {
        showError(`curl: (6) Could not resolve host: ${url.host}\n`, res.ms);
        writeCode('000');
        exitCode = 6;
        break redirect;
      }
      const ip = res.addresses[0];
      if (verbose) err(`*   Trying ${ip}:${url.port}...\n`, res.ms);
      let tlsFailure: TLSFailure | undefined;
      const host = url.host;
      const tls = url.scheme === 'https' ? (cert: Parameters<typeof curlHandshake>[3]) => !(tlsFailure = curlHandshake(flavour, tlsOptions, host, cert)) : undefined;
      // curl 7.38 (Debian jessie) has no nghttp2; 8.x offers h2 by ALPN unless told --http1.1.
      const http2 = !!tls && flavour !== '7' && !http1;
      const o: Outcome = net.exchange(origin, ip, url.port, { method: m, path: url.path, headers: { Host: url.hostHeader, 'User-Agent': ua, ...(Object.keys(headers).some((k) => k.toLowerCase() === 'accept') ? undefined : { Accept: '*/*' }), ...headers, ...bodyHeaders }, userAgent: ua, tls, http2, body, ...(client?.pem && tls ? { clientCertificate: client.pem } : undefined) });
      const connectLimit = Math.min(connectTimeoutMs ?? Infinity, maxTimeMs ?? Infinity);
      if (o.kind === 'timeout') {
        // multi.c's timeout check while connecting; the kernel's own SYN give-up comes later.
        if (connectLimit < TCP_CONNECT_TIMEOUT_MS) showError(`curl: (28) Connection timed out after ${connectLimit + 1} milliseconds\n`, connectLimit + 1);
        else showError(flavour === '7' ? `curl: (7) Failed to connect to ${url.host} port ${url.port}: Connection timed out\n` : `curl: (28) Failed to connect to ${url.host} port ${url.port} after ${TCP_CONNECT_TIMEOUT_MS} ms: ${couldnt(flavour)} connect to server\n`, TCP_CONNECT_TIMEOUT_MS);
        writeCode('000');
        exitCode = 28;
        if (flavour === '7' && connectLimit >= TCP_CONNECT_TIMEOUT_MS) exitCode = 7;
        break redirect;
      }
      if (o.kind === 'refused' || o.kind === 'unreachable') {
        if (verbose) err(`* connect to ${ip} port ${url.port} failed: ${o.kind === 'refused' ? 'Connection refused' : 'No route to host'}\n`, o.ms);
        showError(connectFail(flavour, url.host, url.port, o.ms, o.kind === 'refused' ? 'Connection refused' : 'No route to host'), verbose ? 0 : o.ms);
        if (verbose) err(`* Closing connection\n`);
        writeCode('000');
        exitCode = 7;
        break redirect;
      }
      if (verbose) {
        err(`* Connected to ${url.host} (${ip}) port ${url.port}\n`);
        err(`> ${m} ${url.path} HTTP/${o.kind === 'response' && o.httpVersion === '2' ? '2' : '1.1'}\n> Host: ${url.hostHeader}\n> User-Agent: ${ua}\n> Accept: */*\n` + Object.entries({ ...headers, ...bodyHeaders }).filter(([k]) => k !== 'User-Agent').map(([k, v]) => `> ${k}: ${v}\n`).join('') + '> \n');
      }
      if (o.kind === 'hang') {
        const limit = maxTimeMs ?? FOREVER_MS;
        showError(`curl: (28) Operation timed out after ${limit + 1} milliseconds with 0 bytes received\n`, limit + 1);
        writeCode('000');
        exitCode = 28;
        break redirect;
      }
      if (o.kind === 'empty') {
        showError('curl: (52) Empty reply from server\n', o.ms);
        writeCode('000');
        exitCode = 52;
        break redirect;
      }
      if (o.kind === 'tls-aborted' || o.kind === 'not-tls') {
        const failure = tlsFailure ?? curlHandshake(flavour, tlsOptions, host, undefined)!;
        showError(failure.text, o.ms);
        writeCode('000');
        exitCode = failure.code;
        break redirect;
      }
      // HTTP/2 has no reason phrase: curl writes the status code and a space (lib/http2.c).
      const head = (o.httpVersion === '2' ? `HTTP/2 ${o.status} \r\n` : `HTTP/${o.httpVersion ?? '1.1'} ${o.status} ${o.statusText}\r\n`) + Object.entries(o.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
      if (verbose) err(head.split('\r\n').slice(0, -1).map((l) => `< ${l}\n`).join(''), o.ms);
      if (fail && o.status >= 400) {
        showError(`curl: (22) The requested URL returned error: ${o.status}${flavour === '7' ? ` ${o.statusText}` : ''}\n`);
        writeCode(String(o.status));
        exitCode = 22;
        break redirect;
      }
      const location = o.headers.Location ?? o.headers.location;
      if (follow && location && o.status >= 300 && o.status < 400) {
        if (redirects >= maxRedirs) {
          showError(`curl: (47) Maximum (${maxRedirs}) redirects followed\n`);
          writeCode(String(o.status));
          exitCode = 47;
          break redirect;
        }
        // Each hop's head is shown with -i/-I; its body is not.
        if (headOnly || include) heads += head;
        if (verbose) err(`* Connection #0 to host ${url.host} left intact\n* Issue another request to this URL: '${location}'\n`);
        redirects++;
        url = parseUrl(new URL(location, `${url.scheme}://${url.hostHeader}${url.path}`).toString());
        continue redirect;
      }
      const text = heads + (headOnly ? head : include ? head + o.body : o.body);
      const length = headOnly ? undefined : Object.entries(o.headers).find(([k]) => k.toLowerCase() === 'content-length')?.[1];
      done = { received: headOnly ? 0 : o.body.length, size: length !== undefined ? Number(length) : undefined, ms: o.ms, sent: body !== undefined ? utf8Length(body) : 0 };
      if (to && to !== '-') files[to] = text;
      else if (text) out(text, verbose ? 0 : o.ms);
      if (verbose) err(`* Connection #0 to host ${url.host} left intact\n`);
      writeCode(String(o.status));
      break redirect;
    }
    // The progress meter goes to stderr whenever the body does not go to the terminal (a file, a pipe, an exec
    // without -t), unless -s, -v or --no-progress-meter: its head and a first line as the transfer starts, its
    // last line when it ends, before curl's error message. A URL curl rejects never starts a transfer.
    const toFile = to !== undefined && to !== '-';
    if (!silent && !verbose && !noProgress && !rejected && (toFile || !stdoutTTY)) {
      const final = { delayMs: 0, stderr: '\r' + progressLine(done ?? { received: 0, ms: 0 }) + '\n' };
      const at = endAt ?? segs.length;
      const next = segs[at];
      if (next) {
        // After the transfer's time, before what follows it.
        final.delayMs = next.delayMs;
        next.delayMs = 0;
      }
      segs.splice(at, 0, final);
      segs.splice(urlStart, 0, { delayMs: 0, stderr: PROGRESS_HEAD + '\r' + progressLine({ received: 0, ms: 0 }) });
    }
  }
  return { segments: segs, exitCode, files };
}

/** tool_msgs.c voutf: "Warning: " before each piece of at most 70 bytes, cut after a blank where one is found. */
function curlWarning(msg: string): string {
  const prefix = 'Warning: ';
  const width = 79 - prefix.length;
  let out = '';
  let rest = msg;
  while (rest.length > 0) {
    out += prefix;
    if (rest.length > width) {
      let cut = width - 1;
      while (cut > 0 && rest[cut] !== ' ' && rest[cut] !== '\t') cut--;
      if (cut === 0) cut = width - 1;
      out += rest.slice(0, cut + 1) + '\n';
      rest = rest.slice(cut + 1);
    } else {
      out += rest;
      rest = '';
    }
  }
  return out;
}

const PROGRESS_HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n'
  + '                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** lib/progress.c max5data: a count in five columns at most (k, M, G above 100000 bytes). */
function max5(n: number): string {
  const K = 1024;
  const M = K * K;
  if (n < 100000) return String(n).padStart(5);
  if (n < 10000 * K) return `${String(Math.floor(n / K)).padStart(4)}k`;
  if (n < 100 * M) return `${String(Math.floor(n / M)).padStart(2)}.${Math.floor((n % M) / (M / 10))}M`;
  return `${String(Math.floor(n / M)).padStart(4)}M`;
}

/**
 * One line of lib/progress.c progress_meter for a download: the total and the received share are known only
 * with a Content-Length (a chunked answer's total is what came); the speeds are the bytes over the transfer's
 * time (a simulated instant counts as a millisecond); the times are "--:--:--" under a second.
 */
function progressLine(t: { received: number; size?: number; ms: number; sent?: number }): string {
  const perSecond = (n: number) => (n > 0 ? Math.floor((n * 1000) / Math.max(1, t.ms)) : 0);
  const speed = perSecond(t.received);
  // An upload (-d) is a known size: it counts in the total and in its own columns.
  const sent = t.sent ?? 0;
  const upSpeed = perSecond(sent);
  const expected = (t.size ?? t.received) + sent;
  const percent = (part: number, whole: number) => (whole > 10000 ? Math.floor(part / Math.floor(whole / 100)) : whole > 0 ? Math.floor((part * 100) / whole) : 0);
  const total = percent(t.received + sent, expected);
  const dl = t.size !== undefined && speed > 0 ? percent(t.received, t.size) : 0;
  const ul = sent > 0 && upSpeed > 0 ? 100 : 0;
  const p3 = (n: number) => String(n).padStart(3);
  return `${p3(total)} ${max5(expected)}  ${p3(dl)} ${max5(t.received)}  ${p3(ul)} ${max5(sent)}  ${max5(speed)}  ${max5(upSpeed)} --:--:-- --:--:-- --:--:-- ${max5(Math.max(speed, upSpeed))}`;
}
