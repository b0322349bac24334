/**
 * `kubectl -v=N`: what kubectl v1.35.2 logs to stderr about the HTTP requests it
 * makes. Our kubectl calls the API server in-process; here each call is
 * described as the request the real binary sends (method, URL and query,
 * headers) and the answer kube-apiserver gives (status, headers, body), and
 * logged level by level as client-go's debugging round tripper
 * (transport/round_trippers.go) and rest's logBody (rest/request.go) log them:
 *
 *   1-5  the feature-gate lines only (envvar.go), in Go's map order
 *   6    "Config loaded from file", then one "Response" line per request: verb, url, status, milliseconds
 *   7    "Request" with verb, url and headers; "Response" with status and milliseconds
 *   8    as 7, with the response headers, and the bodies ("Request Body"/"Response Body", 1,024 bytes kept)
 *   9    the curl command instead of verb and url, the dial of the first request and detailed timings; 10,240 bytes of body
 *
 * Each line's klog source (file:line) is the one kubectl v1.35.2 prints for that call path (checked by running it).
 * Time: the virtual clock stands still while kubectl works, so the microseconds and latencies between lines are drawn
 * from a Random seeded by the session and the invocation: the same history prints the same lines.
 */
import { isStatusError } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import { apiResponseHeaders } from '../../api/server/handler.js';
import { goJSON } from '../../api/server/serializer.js';
import { goOrdered } from '../../api/schema/go-order.js';
import type { ProcessContext } from '../../shell/process.js';
import { Random, fnv32a } from '../../util/random.js';
import { goQuote } from '../printers/gofmt.js';
import { hexDump, klogHeader, klogStructured, truncatedBody, type KlogValue } from './klog.js';

export const USER_AGENT = 'kubectl/v1.35.2 (linux/amd64) kubernetes/fdc9d74';

/** Accept headers kubectl's clients send. */
export const ACCEPT = {
  json: 'application/json',
  any: 'application/json, */*',
  table: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
  protobuf: 'application/vnd.kubernetes.protobuf,application/json',
  discovery: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
} as const;


/** net/http's StatusText for the codes kube-apiserver answers. */
const STATUS_TEXT: Record<number, string> = {
  101: 'Switching Protocols', 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 409: 'Conflict', 410: 'Gone',
  413: 'Request Entity Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** One HTTP exchange as kubectl makes it. */
export interface Exchange {
  method: string;
  /** Path from the server's root, without the query. */
  path: string;
  /** Query parameters; written sorted by key, as url.Values.Encode does. */
  query?: Query;
  /** Absent for a WebSocket upgrade, which sends none. */
  accept?: string;
  /** Headers of the request beyond Accept, Content-Type and User-Agent. */
  headers?: Record<string, string>;
  /** A WebSocket upgrade: no body is logged (rest's Request does not send it). */
  upgrade?: boolean;
  contentType?: string;
  /** The body sent (logged at 8 and above), "" for none. */
  requestBody?: string;
  /** The klog source of the body lines: the client code that built the request. */
  source: string;
  /** Latency range in milliseconds. */
  latency?: [number, number];
}

export interface Answer {
  code: number;
  /** Undefined for a document the lab does not hold in kube-apiserver's form (aggregated discovery, OpenAPI v3): no body line. */
  body: string | undefined;
  contentType?: string;
  /** The response's headers when they are not kube-apiserver's own (an upgrade the kubelet answers). */
  headers?: Record<string, string>;
}

interface ShellState { pid: number; lastMicros: number; runs: number }
const shells = new WeakMap<object, ShellState>();

/** url.QueryEscape: unreserved characters stay, a space is `+`, every other byte `%XX`. */
export function queryEscape(s: string): string {
  return [...new TextEncoder().encode(s)].map((b) => {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
    if (c === ' ') return '+';
    return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

export type Query = Record<string, string | string[] | undefined>;

export function encodeQuery(q: Query | undefined): string {
  if (!q) return '';
  const keys = Object.keys(q).filter((k) => q[k] !== undefined).sort();
  return keys.flatMap((k) => [q[k]!].flat().map((v) => `${queryEscape(k)}=${queryEscape(v)}`)).join('&');
}

/** A resource's collection path: /api/v1[/namespaces/NS]/RESOURCE or /apis/GROUP/VERSION[...]. */
export function collectionPath(info: Pick<ResourceInfo, 'group' | 'version' | 'namespaced' | 'resource'>, namespace: string | undefined): string {
  const root = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  return `${root}${info.namespaced && namespace ? `/namespaces/${namespace}` : ''}/${info.resource}`;
}

export class RequestLog {
  private readonly random: Random;
  private readonly shell: ShellState;
  private micros: number;
  private dialed = false;

  constructor(readonly level: number, private readonly ctx: ProcessContext, private readonly server: string, private readonly extraHeaders: Record<string, string> = {}) {
    let shell = shells.get(ctx.fs);
    const seed = fnv32a(`klog|${ctx.cluster.options.seed ?? 1}`);
    if (!shell) {
      // A shell's kubectl processes get increasing pids, a few apart (the shell forks in between).
      shell = { pid: 1000 + new Random(seed).int(60000), lastMicros: 0, runs: 0 };
      shells.set(ctx.fs, shell);
    }
    shell.runs++;
    shell.pid += 5 + new Random(seed + shell.runs).int(40);
    this.shell = shell;
    this.random = new Random(fnv32a(`klog|${seed}|${shell.runs}`));
    // A process starts some milliseconds after the line is typed: its first line comes then.
    this.micros = Math.max(ctx.cluster.clock.now() * 1000, shell.lastMicros) + 40_000 + this.random.int(40_000);
  }

  /** A number drawn from this process's Random: [0, n). */
  draw(n: number): number { return this.random.int(n); }

  /** The pid this kubectl process logs with. */
  get pid(): number { return this.shell.pid; }

  private line(source: string, text: string, stepMicros: [number, number] = [30, 400]): void {
    this.micros += stepMicros[0] + this.random.int(stepMicros[1] - stepMicros[0] + 1);
    this.shell.lastMicros = this.micros;
    this.ctx.stderr.write(klogHeader(this.micros, this.shell.pid, source) + text);
  }

  /** What kubectl logs before its first request: where the kubeconfig came from, and client-go's feature gates. */
  preamble(kubeconfigPath: string): void {
    if (this.level >= 6) this.line('loader.go:405', `Config loaded from file:  ${kubeconfigPath}\n`, [200, 900]);
    if (this.level < 1) return;
    // client-go's feature gates, logged when first read, in the order Go's map iteration gives (it changes run to run).
    const gates: [string, boolean][] = [['ClientsAllowCBOR', false], ['ClientsPreferCBOR', false], ['InOrderInformers', true], ['InOrderInformersBatchProcess', true], ['InformerResourceVersion', true], ['WatchListClient', true]];
    const start = this.random.int(gates.length);
    for (let i = 0; i < gates.length; i++) {
      const [feature, enabled] = gates[(start + i) % gates.length];
      this.line('envvar.go:172', klogStructured('Feature gate default state', [['feature', feature], ['enabled', enabled]]), [5, 20]);
    }
  }

  /** A printf-style line kubectl's own code logs at `level` (the apply post-processor's, describe's...). */
  info(level: number, source: string, text: string): void {
    if (this.level >= level) this.line(source, text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Logs `x` around `perform`, which answers it (or throws the API server's StatusError, logged as its answer). */
  exchange<T>(x: Exchange, perform: () => T, answer: (result: T) => Answer): T {
    if (this.level < 6) return perform();
    const query = encodeQuery(x.query);
    const url = `${this.server}${x.path}${query ? `?${query}` : ''}`;
    const headers: Record<string, string> = { ...(x.accept ? { Accept: x.accept } : {}), 'User-Agent': USER_AGENT, ...this.extraHeaders, ...x.headers };
    if (x.contentType) headers['Content-Type'] = x.contentType;
    const v = this.level;
    // A typed client's protobuf body is logged as a hex dump of its bytes, which only kube-apiserver's protobuf
    // encoding gives: the lab has none, so that body line is left out rather than shown wrong.
    const protobuf = x.accept === ACCEPT.protobuf;
    if (v >= 8 && !x.upgrade && !(protobuf && x.requestBody)) this.body('Request Body', x.source, x.requestBody ?? '');
    if (v >= 9) {
      const curl = `curl -v -X${x.method} ${Object.keys(headers).sort().map((k) => ` -H ${goQuote(`${k}: ${headers[k]}`)}`).join('')} '${url}'\n`;
      this.line('round_trippers.go:527', klogStructured('Request', [['curlCommand', { multiline: curl }]]), [20, 120]);
    } else if (v >= 7) {
      this.line('round_trippers.go:527', klogStructured('Request', [['verb', x.method], ['url', url], ['headers', { multiline: headerLines(headers) }]]), [20, 120]);
    }
    let result: T | undefined;
    let failure: unknown;
    let ans: Answer;
    try {
      result = perform();
      ans = answer(result);
    } catch (e) {
      if (!isStatusError(e)) throw e;
      failure = e;
      ans = { code: e.status.code, body: goJSON(e.status, false) };
    }
    const [lo, hi] = x.latency ?? [1, 6];
    const ms = lo + this.random.int(hi - lo + 1);
    const newConnection = !this.dialed;
    this.dialed = true;
    let tls = 0;
    if (v >= 9 && newConnection) {
      tls = 3 + this.random.int(6);
      this.line('round_trippers.go:562', klogStructured('HTTP Trace: Dial succeed', [['network', 'tcp'], ['address', this.server.replace(/^https?:\/\//, '')]]), [200, 800]);
    }
    this.micros += ms * 1000 + (newConnection ? tls * 1000 : 0);
    const status = `${ans.code} ${STATUS_TEXT[ans.code] ?? ''}`.trimEnd();
    const kvs: [string, KlogValue][] = [];
    if (v === 6 || v >= 9) kvs.push(['verb', x.method], ['url', url]);
    kvs.push(['status', status]);
    if (v >= 8) kvs.push(['headers', { multiline: headerLines(ans.headers ?? this.responseHeaders(x, ans)) }]);
    kvs.push(['milliseconds', ms]);
    if (v >= 9) {
      if (newConnection) kvs.push(['dnsLookupMilliseconds', 0], ['dialMilliseconds', this.random.int(2)], ['tlsHandshakeMilliseconds', tls]);
      else kvs.push(['getConnectionMilliseconds', 0]);
      kvs.push(['serverProcessingMilliseconds', Math.max(0, ms - 1)]);
    }
    this.line('round_trippers.go:632', klogStructured('Response', kvs));
    // A stream (a log, a watch) is read by its caller, not through rest's body logging.
    if (v >= 8 && ans.contentType !== 'stream' && !x.upgrade && !protobuf && ans.body !== undefined) this.body('Response Body', x.source, ans.body);
    if (failure) throw failure;
    return result!;
  }

  private body(what: string, source: string, body: string): void {
    // rest's logBody: a body with a byte below 0x0a is hex-dumped.
    const text = /[\x00-\x09]/.test(body) ? hexDump(new TextEncoder().encode(body)) : body;
    this.line(source, klogStructured(what, [['body', truncatedBody(text, this.level)]]), [20, 300]);
  }

  private responseHeaders(x: Exchange, ans: Answer): Record<string, string> {
    // kube-apiserver answers a typed client's request (protobuf first in Accept) in protobuf; its errors too.
    const type = ans.contentType === 'stream' ? 'text/plain' : ans.contentType ?? (x.accept === ACCEPT.protobuf ? 'application/vnd.kubernetes.protobuf' : 'application/json');
    // A document whose body is not at hand is far over HTTP/2's first frame: sent without a length.
    return apiResponseHeaders(this.ctx.cluster, x.path, ans.code, type, ans.body === undefined ? Infinity : new TextEncoder().encode(ans.body).length);
  }
}

/** headersMap.String: sorted names, one `Name: value` line each. */
function headerLines(h: Record<string, string>): string {
  return Object.keys(h).sort().map((k) => `${k}: ${h[k]}\n`).join('');
}


/** The JSON kube-apiserver writes for an object (its Go field order, a newline after it). */
export function objectBody(obj: KObject | undefined): string {
  if (!obj) return '';
  return goJSON(goOrdered(String(obj.kind ?? ''), obj), false);
}

/** A LIST's body: the list kind, its resourceVersion, and the items without their own kind and apiVersion. */
export function listBody(info: ResourceInfo, items: KObject[], resourceVersion: string): string {
  const stripped = items.map((o) => { const { kind: _k, apiVersion: _a, ...rest } = goOrdered(info.kind, o) as KObject; return rest; });
  return goJSON({ kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: { resourceVersion }, items: stripped }, false);
}
