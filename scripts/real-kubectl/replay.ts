/**
 * The replay copy for write lines (golden.ts): a second cluster that plays the
 * same script lines in step with the main one (the engine is deterministic:
 * same seed, same lines, same objects, names and instants). At a write line
 * the real kubectl writes into the copy while KubeLab's kubectl writes into the
 * main cluster; at the next line both clusters stand at the same point, and
 * their stored objects are compared. The copy is made once (at the scenario's
 * first write line, replaying what came before) and kept in step after that;
 * only when the two clusters end up different is it dropped, and the next write
 * line replays a fresh one.
 */
import type { Cluster } from '../../engine/cluster.js';
import type { Session } from '../../engine/shell/session.js';
import type { KObject } from '../../engine/api/meta.js';
import type { Client } from '../../engine/api/client.js';
import { RESOURCES, SERVED, resourceKey } from '../../engine/api/resources.js';
import { runScriptStreaming, type ScriptOptions } from '../../engine/shell/script.js';
import { recordLine, type WriteRecord } from './writes.js';

/** kubectl verbs that write (or may): their lines go to the replay copy. The rest read, or never reach a server. */
const NOT_WRITES = new Set([
  'get', 'describe', 'explain', 'api-resources', 'api-versions', 'top', 'events', 'logs', 'version', 'cluster-info',
  'config', 'completion', 'plugin', 'kustomize', 'options', 'help', 'alpha', 'exec', 'port-forward', 'proxy', 'attach',
  'cp', 'auth', 'certificate', 'diff', 'wait',
]);

/** A plain one-line kubectl command whose verb writes ("rollout status" and "rollout history" only read). */
export function writeLine(line: string, verb: string | undefined): boolean {
  if (!verb || NOT_WRITES.has(verb)) return false;
  // A heredoc continues on the next lines, a background job runs past its line, $(...) reads our shell's state.
  if (/<<|\$\(|`|&\s*$|\|/.test(line)) return false;
  // A redirect into a file writes it in the real bash's folder, not in the copy's shell, whose later lines read it.
  if (/\d?>>?\s*(?!&|\/dev\/null\b)[^\s&]/.test(line.replace(/'[^']*'|"[^"]*"/g, "''"))) return false;
  const words = line.trim().split(/\s+/);
  if (verb === 'rollout' && /^(status|history)$/.test(words[words.indexOf('rollout') + 1] ?? '')) return false;
  return true;
}

interface Deferred<T> { promise: Promise<T>; resolve(v: T): void }
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** What the copy does with a line: run it in our shell as the main cluster does, or take the real kubectl's run (exit status). */
type Order = { ours: true } | { skip: number } | { stop: true };
const STOPPED = new Error('replay stopped');

export interface At { cluster: Cluster; session: Session }

export class Replay {
  private arrived = new Map<number, Deferred<At>>();
  private orders = new Map<number, Deferred<Order>>();
  private finished: Promise<void>;
  private next = 0;

  constructor(lines: string[], opts: ScriptOptions) {
    let index = -1;
    this.finished = runScriptStreaming(lines.join('\n'), {
      ...opts,
      aroundLine: async (_line, cluster, _continuing, session) => {
        const i = ++index;
        this.last = { cluster, session };
        this.slot(this.arrived, i).resolve(this.last);
        const order = this.free ? { ours: true as const } : await this.slot(this.orders, i).promise;
        if ('stop' in order) throw STOPPED;
        if ('skip' in order) {
          // The real kubectl ran this line already: the copy's shell only takes its exit status.
          const run = session.run;
          session.run = function (this: Session, _l: string, ...rest: Parameters<Session['run']> extends [string, ...infer R] ? R : never) {
            session.run = run;
            return run.call(session, order.skip === 0 ? 'true' : 'false', ...rest);
          } as Session['run'];
        }
        return undefined;
      },
    }, () => {}).catch((e) => { if (e !== STOPPED) throw e; });
  }

  private slot<T>(m: Map<number, Deferred<T>>, i: number): Deferred<T> {
    let d = m.get(i);
    if (!d) m.set(i, (d = deferred()));
    return d;
  }

  /** Lets the copy run every line before `i` in our shell, and waits until it stands before line `i`. */
  async reach(i: number): Promise<At> {
    for (; this.next < i; this.next++) this.slot(this.orders, this.next).resolve({ ours: true });
    return this.slot(this.arrived, i).promise;
  }

  /** Line `i` (reached) was run by the real kubectl with this exit status: the copy's shell skips it. */
  skip(i: number, status: number): void {
    this.slot(this.orders, i).resolve({ skip: status });
    this.next = i + 1;
  }

  /** Lets the copy run to the end of the script (as the main one has) and returns where it stands then. */
  async finish(): Promise<At> {
    this.free = true;
    for (const [i, d] of this.orders) if (i >= this.next) d.resolve({ ours: true });
    await this.finished;
    return this.last!;
  }

  private last?: At;
  /** After finish(): every line left runs in our shell without waiting for an order. */
  private free = false;

  async stop(): Promise<void> {
    for (const [i, d] of this.orders) if (i >= this.next) d.resolve({ stop: true });
    this.slot(this.orders, this.next).resolve({ stop: true });
    await this.finished;
  }
}

/** Kinds a line's writes never touch but the cluster writes all the time: left out of the comparison. */
const UNCOMPARED = new Set(['events', 'events.events.k8s.io', 'leases.coordination.k8s.io']);

/** A canonical dump of a cluster's stored objects: "resource namespace/name" → JSON with sorted keys. */
export function stateOf(cluster: Cluster): Map<string, string> {
  const out = new Map<string, string>();
  for (const info of RESOURCES) {
    const key = resourceKey(info);
    if (UNCOMPARED.has(key)) continue;
    // With managedFields, as kube-apiserver serves them (worked out from the writes' records).
    for (const [k, obj] of cluster.apiserver.store.bucket(key)) out.set(`${key} ${k}`, canonical(cluster.apiserver.withManagedFields(key, obj)));
  }
  out.set('(store revision)', String(cluster.apiserver.store.currentRevision()));
  out.set('(virtual time)', new Date(cluster.clock.now()).toISOString());
  return out;
}

function canonical(o: KObject): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    return v;
  };
  return JSON.stringify(sort(o), null, 1);
}

/** The objects that differ between the two dumps, as two texts for a diff; undefined when they are the same. */
export function stateDifference(real: Map<string, string>, ours: Map<string, string>): { real: string; ours: string } | undefined {
  const keys = [...new Set([...real.keys(), ...ours.keys()])].sort().filter((k) => real.get(k) !== ours.get(k));
  if (!keys.length) return undefined;
  const text = (m: Map<string, string>) => keys.map((k) => `${k}: ${m.get(k) ?? '(absent)'}\n`).join('');
  return { real: text(real), ours: text(ours) };
}

/**
 * Records the writes KubeLab's kubectl sends (its client is `cluster.client('kubectl')`), in the front's form
 * (writes.ts), so that they can be compared with the real kubectl's: verb, resource, patch type, field manager.
 * The server's default manager for a request without one is the user agent's first word, "kubectl".
 */
export function recordWrites(cluster: Cluster): () => string[] {
  let log: WriteRecord[] = [];
  const original = cluster.client.bind(cluster);
  cluster.client = ((userAgent?: string, options?: Parameters<Cluster['client']>[1]) => {
    const c = original(userAgent, options);
    if ((userAgent ?? 'kubectl') !== 'kubectl') return c;
    const manager = (o?: { fieldManager?: string }) => o?.fieldManager || 'kubectl';
    return Object.assign(Object.create(c) as Client, {
      create: (resource: string, namespace: string | undefined, obj: KObject, o?: Parameters<Client['create']>[3]) => {
        log.push({ verb: 'create', resource, namespace: namespaceOf(resource, namespace ?? obj.metadata?.namespace), name: obj.metadata?.name ?? obj.metadata?.generateName, fieldManager: manager(o), dryRun: o?.dryRun });
        return c.create(resource, namespace, obj, o);
      },
      update: (resource: string, obj: KObject, o?: Parameters<Client['update']>[2]) => {
        log.push({ verb: 'update', resource, namespace: namespaceOf(resource, obj.metadata?.namespace), name: obj.metadata?.name, subresource: o?.subresource, fieldManager: manager(o), dryRun: o?.dryRun });
        return c.update(resource, obj, o);
      },
      updateStatus: (resource: string, obj: KObject, o?: Parameters<Client['updateStatus']>[2]) => {
        log.push({ verb: 'update', resource, namespace: namespaceOf(resource, obj.metadata?.namespace), name: obj.metadata?.name, subresource: 'status', fieldManager: manager(o), dryRun: o?.dryRun });
        return c.updateStatus(resource, obj, o);
      },
      patch: (resource: string, namespace: string | undefined, name: string, type: Parameters<Client['patch']>[3], patch: unknown, o?: Parameters<Client['patch']>[5]) => {
        log.push({ verb: 'patch', resource, namespace: namespaceOf(resource, namespace), name, subresource: o?.subresource, patchType: type, fieldManager: manager(o), dryRun: o?.dryRun });
        return c.patch(resource, namespace, name, type, patch, o);
      },
      delete: (resource: string, namespace: string | undefined, name: string, o?: Parameters<Client['delete']>[3]) => {
        log.push({ verb: 'delete', resource, namespace: namespaceOf(resource, namespace), name, dryRun: o?.dryRun });
        return c.delete(resource, namespace, name, o);
      },
    });
  }) as Cluster['client'];
  return () => { const out = log.map(recordLine); log = []; return out; };
}

function namespaceOf(resource: string, ns: string | undefined): string | undefined {
  const info = SERVED.find((r) => resourceKey(r) === resource);
  return info?.namespaced ? ns || 'default' : undefined;
}
