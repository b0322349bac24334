/**
 * The requests each kubectl command sends, as kubectl v1.35.2 sends them, for `-v=6` and above: our kubectl's client
 * calls are wrapped, and each call becomes the exchange the real binary makes for it at that point of the command
 * (builder clients send `Accept: application/json` and log their bodies from cli-runtime's helper.go, typed clients
 * ask for protobuf from client-go's gentype/type.go, `get` asks for a Table, lists from the builder carry
 * `limit=500`). Requests the real binary makes and ours needs no call for come first: discovery on a cold cache, the
 * OpenAPI v3 documents apply validates with, the second GET describe and rollout make through a typed client.
 * Every shape here was read off the real binary's -v=6..9 output against a kube-apiserver front.
 */
import type { Client } from '../../api/client.js';
import type { DeleteOptions, ListOptions, WatchOptions, WriteOptions } from '../../api/apiserver.js';
import { isStatusError, notFound as notFoundStatus, type StatusError } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import type { PatchType } from '../../api/patch.js';
import { lookupResource, type ResourceInfo } from '../../api/resources.js';
import { goJSON } from '../../api/server/serializer.js';
import { goOrdered } from '../../api/schema/go-order.js';
import type { FlagValues } from '../framework/flags.js';
import type { ProcessContext } from '../../shell/process.js';
import { fnv32a, Random } from '../../util/random.js';
import { tableOf } from '../printers/server-table.js';
import { ACCEPT, collectionPath, listBody, objectBody, RequestLog, type Exchange, type Query } from './request-log.js';
import { serverVersion } from '../verbs/version.js';

/** How long kubectl keeps its discovery cache (cli-runtime's ToDiscoveryClient: six hours). */
const DISCOVERY_TTL_MS = 6 * 3600_000;

export interface TraceOptions {
  level: number;
  ctx: ProcessContext;
  /** The command path's words after `kubectl` (`get`, `rollout undo`, `create configmap`). */
  command: string[];
  flags: FlagValues;
  server: string;
  kubeconfigPath: string;
  /** When this shell's kubectl last filled its discovery cache (virtual ms), or undefined. */
  discoveredAt: number | undefined;
  /** Impersonation and bearer-token headers the request carries. */
  headers?: Record<string, string>;
  /** The command's arguments (what `auth can-i` asks about). */
  args?: readonly string[];
}

/** The trace of one kubectl invocation at `-v` (above 0): its command, flags, server and kubeconfig. */
export function traceOf(ctx: ProcessContext, chain: { name: string }[], flags: FlagValues, server: string, kubeconfigPath: string, discoveredAt: number | undefined, args: readonly string[] = []): KubectlTrace {
  const command = chain.slice(1).map((c) => c.name);
  const headers: Record<string, string> = {};
  // client-go's impersonation and bearer-token round trippers; the debugging one masks the token.
  if (flags.string('as')) headers['Impersonate-User'] = flags.string('as');
  if (flags.strings('as-group').length) headers['Impersonate-Group'] = flags.strings('as-group')[0];
  if (flags.string('token')) headers.Authorization = 'Bearer <masked>';
  return new KubectlTrace({ level: flags.int('v'), ctx, command, flags, server: /^https?:\/\//.test(server) ? server : `https://${server}`, kubeconfigPath, discoveredAt, headers, args });
}

/** The klog sources of the clients kubectl uses. */
const SRC = {
  get: 'helper.go:105', list: 'helper.go:113', watch: 'helper.go:170', delete: 'helper.go:202', create: 'helper.go:246',
  patch: 'helper.go:269', replace: 'helper.go:319',
  typedGet: 'type.go:165', typedList: 'type.go:183', typedCreate: 'type.go:213', typedUpdate: 'type.go:228',
  dynamicGet: 'simple.go:242', scale: 'client.go:232', log: 'logs.go:476',
  openapiRoot: 'client.go:46', openapiGroup: 'groupversion.go:75', api: 'discovery_client.go:255', apis: 'discovery_client.go:318',
};

/** Commands that resolve resources through the RESTMapper, so read discovery on a cold cache. */
function usesDiscovery(command: string[], flags: FlagValues, args: readonly string[]): boolean {
  const [verb] = command;
  if (verb === 'create') return command.length === 1;
  // can-i maps its TYPE (not `*`, not a non-resource URL, not --list) through the RESTMapper.
  if (command.join(' ') === 'auth can-i') return !flags.bool('list') && args.length === 2 && args[1] !== '*' && !args[1].startsWith('/');
  return !['version', 'config', 'completion', 'kustomize', 'plugin', 'options', 'help', 'auth', 'api-versions'].includes(verb);
}

// kubectl's typed clientsets: `create configmap`... and the auth commands' review clients.
const TYPED_CREATE = (command: string[]) => (command[0] === 'create' && command.length > 1) || command[0] === 'auth';

/** Sorted keys, as Go's json.Marshal writes a map (the patches kubectl computes are maps). */
function sortedJSON(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedJSON);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedJSON((v as Record<string, unknown>)[k])]));
  return v;
}

function selectorText(s: unknown): string | undefined {
  if (s === undefined || s === null || s === '') return undefined;
  return typeof s === 'string' ? s : String(s);
}

export class KubectlTrace {
  readonly log: RequestLog;
  private firstCall = true;
  private gets = 0;
  private readonly verb: string;

  constructor(private readonly o: TraceOptions) {
    this.log = new RequestLog(o.level, o.ctx, o.server, o.headers);
    this.verb = o.command[0] ?? '';
  }

  /** The lines before the first request, and the requests the command makes before its own calls. */
  private start(): void {
    if (!this.firstCall) return;
    this.firstCall = false;
    this.log.preamble(this.o.kubeconfigPath);
    const now = this.o.ctx.cluster.clock.now();
    if (usesDiscovery(this.o.command, this.o.flags, this.o.args ?? []) && (this.o.discoveredAt === undefined || now - this.o.discoveredAt > DISCOVERY_TTL_MS)) {
      // kube-apiserver v1.35 serves aggregated discovery: /api and /apis hold every group's resources.
      for (const [path, source] of [['/api', SRC.api], ['/apis', SRC.apis]] as const) {
        this.log.exchange({ method: 'GET', path, query: { timeout: '32s' }, accept: ACCEPT.discovery, source, latency: [2, 9] }, () => undefined,
          () => ({ code: 200, body: undefined, contentType: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' }));
      }
    }
  }

  /** apply reads the OpenAPI v3 index, then the document of each group/version it validates against. */
  private openapiFetched = new Set<string>();
  private openapi(info: ResourceInfo): void {
    if (this.verb !== 'apply' || this.o.flags.string('validate') === 'false' || this.o.flags.string('validate') === 'ignore') return;
    const gv = info.group ? `apis/${info.group}/${info.version}` : `api/${info.version}`;
    if (!this.openapiFetched.size) {
      this.log.exchange({ method: 'GET', path: '/openapi/v3', query: { timeout: '32s' }, accept: ACCEPT.any, source: SRC.openapiRoot, latency: [1, 4] }, () => undefined, () => ({ code: 200, body: undefined }));
    }
    if (this.openapiFetched.has(gv)) return;
    this.openapiFetched.add(gv);
    // The document's hash as the index names it (a SHA-512 of the document): fixed per group/version here.
    const hash = new Random(fnv32a(`openapi|${gv}`)).hex(128).toUpperCase();
    this.log.exchange({ method: 'GET', path: `/openapi/v3/${gv}`, query: { hash, timeout: '32s' }, accept: ACCEPT.json, source: SRC.openapiGroup, latency: [8, 30] }, () => undefined, () => ({ code: 200, body: undefined }));
  }

  private info(resource: string): ResourceInfo | undefined {
    return lookupResource(resource);
  }

  private objectPath(resource: string, namespace: string | undefined, name: string, sub?: string): string {
    const info = this.info(resource);
    const base = info ? collectionPath(info, namespace) : `/api/v1/${resource}`;
    return `${base}/${name}${sub ? `/${sub}` : ''}`;
  }

  /** `get` printing a table asks the server for one. */
  asTable(): boolean {
    if (this.verb !== 'get') return false;
    const out = this.o.flags.has('output') ? this.o.flags.string('output') : '';
    return out === '' || out === 'wide';
  }

  private readAccept(): string {
    return this.asTable() ? ACCEPT.table : ACCEPT.json;
  }

  /** The objects delete waits on through an informer (their paths). */
  readonly waiting = new Set<string>();

  /** The LISTs logged so far. */
  readonly listed = new Set<string>();

  /** The object the command read last (rollout's workload, whose selector its list uses). */
  lastObject: KObject | undefined;

  /** dryRun, fieldManager and, from the commands that set a validation directive (not patch, label, annotate, run), fieldValidation. */
  private writeQuery(opts: WriteOptions | undefined): Record<string, string | undefined> {
    const validates = ['apply', 'create', 'replace', 'edit'].includes(this.verb);
    return { dryRun: opts?.dryRun ? 'All' : undefined, fieldManager: opts?.fieldManager, fieldValidation: validates ? opts?.fieldValidation : undefined };
  }

  /** Our client, each call logged as the request kubectl sends for it. */
  wrap(client: Client): Client {
    const trace = this;
    const log = this.log;
    // describe, rollout undo and rollout history read the object again through the typed clientset.
    const typedGet = this.verb === 'describe' || ['rollout undo', 'rollout history'].includes(this.o.command.join(' '));
    return new Proxy(client, {
      get(target, prop, receiver) {
        const orig = Reflect.get(target, prop, receiver);
        if (typeof orig !== 'function') return orig;
        switch (prop) {
          case 'get':
          case 'tryGet':
            return (resource: string, namespace: string | undefined, name: string) => {
              trace.start();
              const path = trace.objectPath(resource, namespace, name);
              const first = trace.gets++ === 0;
              const call = () => (orig as Client['get']).call(target, resource, namespace, name);
              const info = trace.info(resource);
              if (info) trace.openapi(info);
              const answer = (o: KObject | undefined) => {
                if (!o) return notFound(resource, name);
                trace.lastObject = o;
                const full = target.withManagedFields(resource, o);
                return { code: 200, body: trace.asTable() && info ? goJSON(tableOf(info, [full], trace.o.ctx.cluster.clock.now(), 'Metadata'), false) : objectBody(full) };
              };
              const read = (x: Exchange) => log.exchange(x, () => { const o = call(); if (!o && prop === 'tryGet') throw notFoundError(resource, name); return o; }, answer);
              try {
                if (trace.verb === 'logs' || trace.verb === 'exec' || trace.verb === 'attach') return read({ method: 'GET', path, accept: ACCEPT.any, source: SRC.get });
                // rollout status reads the workload once, then watches it through an informer (whether or not the
                // rollout is done: the condition is checked on the informer's first events), where ours reads again.
                if (trace.o.command.join(' ') === 'rollout status') {
                  if (!first) return call();
                  const o = read({ method: 'GET', path, accept: ACCEPT.json, source: SRC.get });
                  trace.informerWatch(target, resource, namespace, { fieldSelector: `metadata.name=${name}` }, () => undefined);
                  return o;
                }
                // delete's wait (IsDeleted): one GET through the dynamic client, then, while the object is there, an
                // informer watching it by name; ours polls and re-watches, which kubectl does not.
                if (trace.verb === 'delete') {
                  if (trace.waiting.has(path)) return call();
                  const o = read({ method: 'GET', path, accept: ACCEPT.json, source: SRC.dynamicGet });
                  if (o) {
                    trace.waiting.add(path);
                    trace.informerWatch(target, resource, namespace, { fieldSelector: `metadata.name=${name}` }, () => undefined);
                  }
                  return o;
                }
                if (typedGet && !first) return read({ method: 'GET', path, accept: ACCEPT.protobuf, source: SRC.typedGet });
                const o = read({ method: 'GET', path, accept: trace.readAccept(), source: SRC.get });
                // describe and rollout read the object again through the typed clientset.
                if (typedGet && first) read({ method: 'GET', path, accept: ACCEPT.protobuf, source: SRC.typedGet });
                return o;
              } catch (e) {
                if (prop === 'tryGet' && isStatusError(e) && e.status.code === 404) return undefined;
                throw e;
              }
            };
          case 'list':
            return (resource: string, namespace?: string, opts?: ListOptions) => {
              trace.start();
              // kubectl version asks the server for /version (ours reaches the API server by a list).
              if (trace.verb === 'version') {
                return log.exchange({ method: 'GET', path: '/version', query: { timeout: '32s' }, accept: ACCEPT.any, source: 'discovery_client.go:667', latency: [1, 4] },
                  () => (orig as Client['list']).call(target, resource, namespace, opts), () => ({ code: 200, body: `${JSON.stringify(serverVersion(), null, 2)}\n` }));
              }
              const info = trace.info(resource);
              const typed = typedGet || trace.verb === 'logs';
              const limit = trace.verb === 'get' || trace.verb === 'describe' || trace.verb === 'delete' ? '500' : undefined;
              // rollout lists the ReplicaSets (ControllerRevisions) by the workload's selector; ours filters them itself.
              const selector = selectorText(opts?.labelSelector) ?? (trace.verb === 'rollout' ? matchLabelsText(trace.lastObject) : undefined);
              const query = { fieldSelector: selectorText(opts?.fieldSelector), labelSelector: selector, limit };
              // get --watch lists once; ours lists again for the revision to watch from, a call kubectl does not make.
              const key = `${collectionPath(info ?? { group: '', version: 'v1', namespaced: false, resource }, namespace)}?${JSON.stringify(query)}`;
              if (trace.verb === 'get' && trace.listed.has(key)) return (orig as Client['list']).call(target, resource, namespace, opts);
              trace.listed.add(key);
              return log.exchange({
                method: 'GET', path: info ? collectionPath(info, namespace) : `/${resource}`, query,
                accept: typed && trace.verb !== 'logs' ? ACCEPT.protobuf : trace.readAccept(), source: typed ? SRC.typedList : SRC.list,
              }, () => (orig as Client['list']).call(target, resource, namespace, opts), (l) => {
                const items = l.items.map((o) => target.withManagedFields(resource, o));
                const rv = String(l.resourceVersion ?? '');
                if (!info) return { code: 200, body: undefined };
                return { code: 200, body: trace.asTable() ? goJSON(tableOf(info, items, trace.o.ctx.cluster.clock.now(), 'Metadata', rv), false) : listBody(info, items, rv) };
              });
            };
          case 'watch':
            return (resource: string, namespace: string | undefined, opts: WatchOptions, handler: unknown, onClose?: unknown) => {
              trace.start();
              if (trace.o.command.join(' ') === 'rollout status' || trace.verb === 'delete') return (orig as (...a: unknown[]) => unknown).call(target, resource, namespace, opts, handler, onClose);
              const info = trace.info(resource);
              const query = { fieldSelector: selectorText(opts.fieldSelector), labelSelector: selectorText(opts.labelSelector), resourceVersion: opts.resourceVersion || undefined, watch: 'true' };
              return log.exchange({ method: 'GET', path: info ? collectionPath(info, namespace) : `/${resource}`, query, accept: trace.readAccept(), source: SRC.watch },
                () => (orig as (...a: unknown[]) => unknown).call(target, resource, namespace, opts, handler, onClose), () => ({ code: 200, body: '', contentType: 'stream' }));
            };
          case 'create':
            return (resource: string, namespace: string | undefined, obj: KObject, opts?: WriteOptions) => {
              trace.start();
              const info = trace.info(resource);
              if (info) trace.openapi(info);
              const typed = TYPED_CREATE(trace.o.command);
              const query = trace.writeQuery(opts);
              return log.exchange({
                method: 'POST', path: info ? collectionPath(info, namespace ?? obj.metadata?.namespace) : `/${resource}`, query,
                accept: typed ? ACCEPT.protobuf : ACCEPT.json, contentType: typed ? 'application/vnd.kubernetes.protobuf' : 'application/json',
                requestBody: goJSON(goOrdered(String(obj.kind ?? info?.kind ?? ''), obj), false), source: typed ? SRC.typedCreate : SRC.create, latency: [2, 12],
              }, () => (orig as Client['create']).call(target, resource, namespace, obj, opts), (o) => ({ code: 201, body: objectBody(target.withManagedFields(resource, o)) }));
            };
          case 'update':
            return (resource: string, obj: KObject, opts?: WriteOptions & { subresource?: string }) => {
              trace.start();
              const path = trace.objectPath(resource, obj.metadata?.namespace, obj.metadata?.name ?? '', opts?.subresource);
              return log.exchange({
                method: 'PUT', path, query: trace.writeQuery(opts), accept: ACCEPT.json, contentType: 'application/json',
                requestBody: goJSON(goOrdered(String(obj.kind ?? ''), obj), false), source: SRC.replace, latency: [2, 12],
              }, () => (orig as Client['update']).call(target, resource, obj, opts as never), (o) => ({ code: 200, body: objectBody(target.withManagedFields(resource, o)) }));
            };
          case 'patch':
            return (resource: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: WriteOptions & { subresource?: string; force?: boolean }) => {
              trace.start();
              const info = trace.info(resource);
              if (info) trace.openapi(info);
              const call = () => (orig as Client['patch']).call(target, resource, namespace, name, type, patch, opts as never);
              if (opts?.subresource === 'scale') return trace.scalePatch(resource, namespace, name, patch, call);
              const body = typeof patch === 'string' ? patch : JSON.stringify(type === 'json' ? patch : sortedJSON(patch));
              const force = type === 'apply' ? String(!!opts?.force) : undefined;
              return log.exchange({
                method: 'PATCH', path: trace.objectPath(resource, namespace, name, opts?.subresource),
                query: { ...trace.writeQuery(opts), force }, accept: ACCEPT.json, contentType: contentTypeOf(type),
                requestBody: body, source: SRC.patch, latency: [2, 12],
              }, call, (o) => ({ code: 200, body: objectBody(target.withManagedFields(resource, o)) }));
            };
          case 'updateScale':
            return (resource: string, namespace: string | undefined, name: string, scale: KObject, opts?: WriteOptions) => {
              trace.start();
              // kubectl scale sends a merge patch of spec.replicas to the scale subresource.
              return trace.scalePatch(resource, namespace, name, { spec: { replicas: (scale.spec as { replicas?: number } | undefined)?.replicas } },
                () => (orig as Client['updateScale']).call(target, resource, namespace, name, scale, opts));
            };
          case 'delete':
            return (resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions) => {
              trace.start();
              return log.exchange({
                method: 'DELETE', path: trace.objectPath(resource, namespace, name), accept: ACCEPT.json, contentType: 'application/json',
                requestBody: deleteOptionsBody(opts), source: SRC.delete, latency: [2, 12],
              }, () => (orig as Client['delete']).call(target, resource, namespace, name, opts), (o) => ({ code: 200, body: deleteAnswer(resource, name, o) }));
            };
          case 'connect':
            return (resource: string, namespace: string, name: string, subresource: string, verb: string, query?: Query) => {
              trace.start();
              const call = () => (orig as Client['connect']).call(target, resource, namespace, name, subresource, verb, query);
              if (subresource === 'exec' || subresource === 'attach') return trace.upgrade(resource, namespace, name, subresource, query, call);
              if (subresource === 'log') {
                trace.logContainer = trace.o.flags.string('container') || defaultContainer(target.tryGet(resource, namespace, name));
                return log.exchange({ method: 'GET', path: trace.objectPath(resource, namespace, name, 'log'), query: trace.logQuery(), accept: ACCEPT.any, source: SRC.log },
                  call, () => ({ code: 200, body: '', contentType: 'stream' }));
              }
              return call();
            };
          default:
            return orig;
        }
      },
    });
  }

  /** The query of `kubectl logs`' request, from its flags (LogOptions' fields, sorted by url.Values). */
  logContainer: string | undefined;
  private logQuery(): Record<string, string | undefined> {
    const f = this.o.flags;
    const since = f.has('since') ? f.durationMs('since') : 0;
    const tail = f.has('tail') && f.changed('tail') ? f.int('tail') : -1;
    const limit = f.has('limit-bytes') ? f.int('limit-bytes') : 0;
    return {
      container: this.logContainer,
      follow: f.has('follow') && f.bool('follow') ? 'true' : undefined,
      limitBytes: limit > 0 ? String(limit) : undefined,
      previous: f.has('previous') && f.bool('previous') ? 'true' : undefined,
      sinceSeconds: since > 0 ? String(Math.ceil(since / 1000)) : undefined,
      sinceTime: f.has('since-time') && f.string('since-time') ? f.string('since-time') : undefined,
      tailLines: tail >= 0 ? String(tail) : undefined,
      timestamps: f.has('timestamps') && f.bool('timestamps') ? 'true' : undefined,
    };
  }

  /**
   * exec and attach: client-go's WebSocket executor first (kubectl v1.35's default): a GET that asks for the v5
   * channel protocol and no Accept, answered 101 by the kubelet's upgrade. Before it, podcmd says which container
   * it took when -c was not given.
   */
  upgrade<T>(resource: string, namespace: string, name: string, subresource: string, query: Query | undefined, call: () => T): T {
    if (!this.o.flags.string('container') && typeof query?.container === 'string') {
      const pod = this.lastObject;
      const annotated = pod?.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] === query.container;
      this.log.info(4, annotated ? 'podcmd.go:76' : 'podcmd.go:88', annotated ? `Defaulting container name from annotation ${query.container}` : `Defaulting container name to ${query.container}`);
    }
    const accept = btoa(String.fromCharCode(...Array.from({ length: 20 }, () => this.log.draw(256))));
    return this.log.exchange({
      method: 'GET', path: this.objectPath(resource, namespace, name, subresource), query, headers: { 'Sec-Websocket-Protocol': 'v5.channel.k8s.io' }, source: '', upgrade: true,
    }, call, () => ({
      code: 101, body: '',
      headers: { Connection: 'Upgrade', 'Sec-Websocket-Accept': accept, 'Sec-Websocket-Protocol': 'v5.channel.k8s.io', Upgrade: 'websocket' },
    }));
  }

  /**
   * rollout status watches through an informer (client-go's reflector, watch-list): the reflector's lines, one
   * streaming request with sendInitialEvents, the initial objects and their bookmark, and the cache synced.
   */
  informerWatch<T>(client: Client, resource: string, namespace: string | undefined, opts: ListOptions, call: () => T): T {
    const info = this.info(resource);
    const reflector = 'reflector="k8s.io/client-go/tools/watch/informerwatcher.go:162"';
    this.log.info(3, 'reflector.go:367', `"Starting reflector" type="*unstructured.Unstructured" resyncPeriod="0s" ${reflector}`);
    this.log.info(3, 'reflector.go:411', `"Listing and watching" type="*unstructured.Unstructured" ${reflector}`);
    // The reflector's watch timeout: a random whole number of seconds between five and ten minutes.
    const query = {
      allowWatchBookmarks: 'true', fieldSelector: selectorText(opts.fieldSelector), labelSelector: selectorText(opts.labelSelector),
      resourceVersionMatch: 'NotOlderThan', sendInitialEvents: 'true', timeoutSeconds: String(300 + this.log.draw(300)), watch: 'true',
    };
    const w = this.log.exchange({ method: 'GET', path: info ? collectionPath(info, namespace) : `/${resource}`, query, accept: ACCEPT.json, source: 'simple.go:270' }, call, () => ({ code: 200, body: '', contentType: 'stream' }));
    const items = info ? client.list(resource, namespace, { fieldSelector: opts.fieldSelector, labelSelector: opts.labelSelector }).items.length : 0;
    const micros = 1000 + this.log.draw(4000);
    const duration = `${(micros / 1000).toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}ms`;
    this.log.info(4, 'reflector.go:978', `"Exiting watch because received the bookmark that marks the end of initial events stream" ${reflector} totalItems=${items + 1} duration="${duration}"`);
    this.log.info(2, 'reflector.go:446', `"Caches populated" type="*unstructured.Unstructured" ${reflector}`);
    return w;
  }

  private scalePatch<T>(resource: string, namespace: string | undefined, name: string, patch: unknown, call: () => T): T {
    const scaleOf = (o: unknown) => o as KObject;
    return this.log.exchange({
      method: 'PATCH', path: this.objectPath(resource, namespace, name, 'scale'), accept: ACCEPT.any, contentType: 'application/merge-patch+json',
      requestBody: JSON.stringify(sortedJSON(patch)), source: SRC.scale, latency: [2, 12],
    }, call, (o) => ({ code: 200, body: goJSON(goOrdered('Scale', scaleOf(o)), false) }));
  }

  /** What kubectl logs after the command's work: apply's post-processor (pruning, the last-applied migration) runs. */
  finish(): void {
    if (this.verb === 'apply' && !this.firstCall) this.log.info(4, 'apply.go:546', 'Running apply post-processor function');
  }

  /** The API server's error, as kubectl's CheckErr logs it at level 4 before printing it. */
  statusError(e: unknown): void {
    // CheckErr unwraps an aggregate of one error first.
    const errors = (e as { errors?: unknown[] } | undefined)?.errors;
    if (Array.isArray(errors) && errors.length === 1) e = errors[0];
    if (!isStatusError(e)) return;
    const s = (e as StatusError).status;
    const d = s.details;
    // metav1.Status's fields in the struct's order, indented as json.MarshalIndent writes them.
    const ordered = {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: s.status, message: s.message, reason: s.reason,
      details: d ? { name: d.name, group: d.group, kind: d.kind, uid: (d as { uid?: string }).uid, causes: d.causes, retryAfterSeconds: (d as { retryAfterSeconds?: number }).retryAfterSeconds } : undefined, code: s.code,
    };
    const text = JSON.stringify(ordered, (_k, v) => (v === '' ? undefined : v), 2);
    this.log.info(4, 'helpers.go:246', `server response object: %s[${text}]`);
  }
}

function contentTypeOf(type: PatchType): string {
  return ({ json: 'application/json-patch+json', merge: 'application/merge-patch+json', strategic: 'application/strategic-merge-patch+json', apply: 'application/apply-patch+yaml' } as const)[type];
}

/** metav1.DeleteOptions as kubectl sends it (TypeMeta empty): its fields in the struct's order. */
function deleteOptionsBody(o: DeleteOptions | undefined): string {
  const body: Record<string, unknown> = {};
  if (o?.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = o.gracePeriodSeconds;
  if (o?.preconditions) body.preconditions = o.preconditions;
  body.propagationPolicy = o?.propagationPolicy ?? 'Background';
  if (o?.dryRun) body.dryRun = ['All'];
  return goJSON(body, false);
}

/** A DELETE's answer: the object while finalizers or a grace period keep it, else a Status naming it. */
function deleteAnswer(resource: string, name: string, o: KObject | undefined): string {
  if (o && (o.metadata?.deletionTimestamp || o.kind === 'Pod')) return objectBody(o);
  return goJSON({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: resource, uid: o?.metadata?.uid }, code: 200 }, false);
}

function notFound(resource: string, name: string) {
  return { code: 404, body: goJSON(notFoundError(resource, name).status, false) };
}

function notFoundError(resource: string, name: string): StatusError {
  const info = lookupResource(resource);
  return notFoundStatus(info?.resource ?? resource, info?.group ?? '', name);
}

/** The container `kubectl logs` reads without -c: the default-container annotation's, else the first. */
function defaultContainer(pod: KObject | undefined): string | undefined {
  const named = pod?.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  return named || (pod?.spec as { containers?: { name: string }[] } | undefined)?.containers?.[0]?.name;
}

/** A workload's spec.selector.matchLabels as a label selector (labels.SelectorFromSet: sorted by key). */
function matchLabelsText(o: KObject | undefined): string | undefined {
  const labels = (o?.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
  if (!labels) return undefined;
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
}
