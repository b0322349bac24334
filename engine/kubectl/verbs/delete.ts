/**
 * `kubectl delete`: by names, TYPE/NAME, -f, -l, --all, -A; grace period
 * (--now, --grace-period, --force with its warning), --cascade, and --wait
 * (default) which blocks on the virtual clock until every object is gone.
 */
import { parseLabelSelector } from '../../api/selectors.js';
import { isNotFound } from '../../api/errors.js';
import type { DeleteOptions } from '../../api/apiserver.js';
import { apiVersionOf, buildInfos, mappingFor, readFilenameStreams, splitResourceArgs, type Info } from '../framework/builder.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { formatGoDuration } from '../framework/flags.js';
import { checkBuilderArgs, dryRunStrategy, infoOf, manifestNamespace, resourceKey, verb, withSource, type BuilderArgs } from './mutate.js';

export const FORCE_WARNING = 'Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.';

/** DeleteOptions.Complete's grace-period rules: --now → 1, 0 without --force → 1, --force alone → 0. */
export function effectiveGracePeriod(grace: number, now: boolean, force: boolean): number {
  let g = grace;
  if (now) {
    if (g !== -1) throw new Error('--now and --grace-period cannot be specified together');
    g = 1;
  }
  if (g === 0 && !force) g = 1;
  if (force && g < 0) g = 0;
  return g;
}

export function cascadePolicy(value: string): DeleteOptions['propagationPolicy'] {
  switch (value) {
    case 'background':
    case 'true': return 'Background';
    case 'foreground': return 'Foreground';
    case 'orphan':
    case 'false': return 'Orphan';
  }
  throw new Error(`invalid cascade value (${value}). Must be "background", "foreground", or "orphan"`);
}

/**
 * The objects to delete. Names (`pod a`, `pod/a`) and -f manifests are not
 * fetched first (the builder's RequireObject(false)): the DELETE itself
 * finds out whether they exist; types with -l/--field-selector/--all are listed.
 */
/** What delete visits; `source` is the file an object was read from (cmdutil.AddSourceToErr names it). */
type DeleteInfo = Info & { source?: string };

async function deleteInfos(inv: Invocation, b: BuilderArgs & { allNamespaces: boolean; recursive: boolean; filenames: string[] }): Promise<{ infos: DeleteInfo[]; errors: unknown[] }> {
  const { names, tuples, types } = splitResourceArgs(b.args);
  if (b.paths) {
    const errors: unknown[] = [];
    const infos: DeleteInfo[] = [];
    // The builder filters what the files hold by -l, and with ContinueOnError a document of an unknown kind is
    // reported while the others are still deleted.
    const selector = b.labelSelector ? parseLabelSelector(b.labelSelector) : undefined;
    for (const e of await readFilenameStreams(inv, b.filenames, b.recursive)) {
      if (e.error) { errors.push(e.error); continue; }
      if (selector && !selector.matches(e.object.metadata?.labels ?? {})) continue;
      let resource;
      try {
        resource = infoOf(e.object, e.source);
      } catch (err) {
        errors.push(err);
        continue;
      }
      const namespace = manifestNamespace(inv, resource, e.object);
      infos.push({ resource, namespace, name: e.object.metadata?.name ?? '', object: e.object, source: e.source });
    }
    return { infos, errors };
  }
  const selecting = !!b.labelSelector || !!b.fieldSelector || !!b.selectAll;
  if (!selecting && (names.length || tuples.length)) {
    const pairs = tuples.length ? tuples.map((t) => [t.typed, t.name] as [string, string]) : names.map((n) => [types[0], n] as [string, string]);
    if (!tuples.length && types.length > 1) throw new Error('you must specify only one resource');
    return {
      infos: pairs.map(([t, name]) => {
        const resource = mappingFor(t);
        if (resource.namespaced && b.allNamespaces) throw new Error('a resource cannot be retrieved by name across all namespaces');
        const namespace = resource.namespaced ? inv.namespace : undefined;
        return { resource, namespace, name, object: { apiVersion: apiVersionOf(resource), kind: resource.kind, metadata: { name, ...(namespace ? { namespace } : {}) } } };
      }),
      errors: [],
    };
  }
  const res = await buildInfos(inv, {
    args: b.args, labelSelector: b.labelSelector, fieldSelector: b.fieldSelector,
    allNamespaces: b.allNamespaces, allowEmptySelector: true, continueOnError: true,
  });
  return { infos: res.infos, errors: res.errors };
}

/** `kind.group` as delete prints it. */
function kindString(i: Info): string {
  return `${i.resource.kind.toLowerCase()}${i.resource.group ? '.' + i.resource.group : ''}`;
}

/** The --interactive question; only `y` (any case) goes on. */
async function confirmed(inv: Invocation, infos: Info[]): Promise<boolean> {
  inv.out(`You are about to delete the following ${infos.length} resource(s):\n${infos.map((i) => `${kindString(i)}/${i.name}\n`).join('')}Do you want to continue? (y/N): `);
  const it = inv.ctx.stdin.lines()[Symbol.asyncIterator]();
  const r = await it.next();
  if (r.done) return false;
  const word = r.value.trim().split(/\s+/)[0] ?? '';
  return word.toLowerCase() === 'y';
}

async function runDelete(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const filenames = f.strings('filename');
  const all = f.bool('all');
  const selector = f.string('selector');
  const fieldSelector = f.string('field-selector');
  const output = f.string('output');
  // Complete: grace period, dry run, then the builder's own checks.
  const force = f.bool('force');
  const grace = effectiveGracePeriod(f.int('grace-period'), f.bool('now'), force);
  const dryRun = dryRunStrategy(inv);
  const raw = f.string('raw');
  if (raw) {
    // delete-raw.ts loads on first use (simulated time waits meanwhile): few sessions send raw DELETEs.
    const release = inv.ctx.cluster.clock.hold();
    let rawDelete: typeof import('./delete-raw.js').rawDelete;
    try {
      ({ rawDelete } = await import('./delete-raw.js'));
    } finally {
      release();
    }
    return rawDelete(inv, raw, filenames, force, grace);
  }
  const paths = filenames.length > 0 || !!f.string('kustomize');
  const b = { args: inv.args, paths, labelSelector: selector, fieldSelector, selectAll: all, allNamespaces: f.bool('all-namespaces'), recursive: f.bool('recursive'), filenames };
  checkBuilderArgs(b, mappingFor);
  // Validate.
  if (output && output !== 'name') throw new Error(`unexpected -o output mode: ${output}. We only support '-o name'`);
  if (force && grace === 0) inv.warn(FORCE_WARNING);
  if (force && grace > 0) throw new Error('--force and --grace-period greater than 0 cannot be specified together');
  const policy = cascadePolicy(f.string('cascade'));
  const ignoreNotFound = f.changed('ignore-not-found') ? f.bool('ignore-not-found') : (all || !!selector || !!fieldSelector);
  const res = await deleteInfos(inv, b);
  const errors = res.errors.filter((e) => !(ignoreNotFound && isNotFound(e)));
  let targets = res.infos;
  if (f.bool('interactive')) {
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors);
    if (targets.length === 0) {
      inv.out('No resources found\n');
      return 0;
    }
    if (!(await confirmed(inv, targets))) {
      inv.out('deletion is cancelled\n');
      return 0;
    }
    targets = [...targets];
  }
  const client = inv.client();
  const deleted: { info: Info; uid?: string }[] = [];
  let found = 0;
  let warnedClusterScope = false;
  for (const i of targets) {
    found++;
    if (inv.explicitNamespace && !f.bool('all-namespaces') && !i.resource.namespaced && !warnedClusterScope) {
      inv.warn('deleting cluster-scoped resources, not scoped to the provided namespace');
      warnedClusterScope = true;
    }
    if (dryRun !== 'client') {
      try {
        // client-go refuses a request for an object without a name before sending it.
        if (!i.name) throw new Error('resource name may not be empty');
        const gone = client.delete(resourceKey(i.resource), i.namespace, i.name, {
          dryRun: dryRun === 'server', propagationPolicy: policy, ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}),
        });
        deleted.push({ info: i, uid: gone?.metadata?.uid ?? i.object.metadata.uid });
      } catch (e) {
        if (ignoreNotFound && isNotFound(e)) found--;
        else errors.push(withSource(e, 'deleting', (i as DeleteInfo).source ?? ''));
        continue;
      }
    }
    if (output === 'name') inv.out(`${kindString(i)}/${i.name}\n`);
    else {
      let op = grace === 0 ? 'force deleted' : 'deleted';
      if (i.resource.namespaced) op += ` from ${i.namespace} namespace`;
      if (dryRun === 'client') op += ' (dry run)';
      if (dryRun === 'server') op += ' (server dry run)';
      inv.out(`${kindString(i)} "${i.name}" ${op}\n`);
    }
  }
  if (found === 0 && errors.length === 0) {
    inv.out('No resources found\n');
    return 0;
  }
  if (f.bool('wait') && dryRun === 'none' && deleted.length) {
    const timeout = f.durationMs('timeout') || 168 * 3_600_000;
    const err = await waitForDeletion(inv, deleted, timeout);
    if (err) errors.push(err);
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  return 0;
}

/** Polls the objects on the virtual clock until each is gone (or replaced: another UID). */
export async function waitForDeletion(inv: Invocation, items: { info: Info; uid?: string }[], timeoutMs: number): Promise<Error | undefined> {
  const client = inv.client();
  const deadline = inv.now() + timeoutMs;
  const gone = (x: { info: Info; uid?: string }) => {
    try {
      const o = client.tryGet(resourceKey(x.info.resource), x.info.namespace, x.info.name);
      return !o || (x.uid !== undefined && o.metadata.uid !== x.uid);
    } catch {
      return false;
    }
  };
  let pending = items.filter((x) => !gone(x));
  while (pending.length) {
    if (inv.ctx.signal.aborted) return undefined;
    if (inv.now() >= deadline) {
      const x = pending[0];
      // cmdwait.IsDeleted's extendErrWaitTimeout: the plain resource ("deployments/web"), no group.
      return new Error(`timed out waiting for the condition on ${x.info.resource.resource}/${x.info.name}`);
    }
    await nextChange(inv, pending.map((x) => x.info), deadline);
    pending = pending.filter((x) => !gone(x));
  }
  return undefined;
}

/**
 * Waits for a watch event on one of these objects, the deadline, or Ctrl-C, whichever comes first. kubectl's
 * IsDeleted condition watches each object (UntilWithSync), so delete returns at the very instant it is gone.
 */
function nextChange(inv: Invocation, infos: Info[], deadline: number): Promise<void> {
  const clock = inv.ctx.cluster.clock;
  const client = inv.client();
  return new Promise<void>((resolve) => {
    const watches: { stop(): void }[] = [];
    let off = () => {};
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      clock.cancel(timer);
      for (const w of watches) w.stop();
      off();
      resolve();
    };
    const timer = clock.schedule(Math.max(0, deadline - inv.now()), done);
    off = inv.ctx.signal.onAbort(done);
    try {
      for (const i of infos) {
        const rv = client.tryGet(resourceKey(i.resource), i.namespace, i.name)?.metadata.resourceVersion ?? '';
        watches.push(client.watch(resourceKey(i.resource), i.namespace, { resourceVersion: rv, fieldSelector: `metadata.name=${i.name}` }, done, done));
      }
    } catch {
      // The API server went away: look again at the deadline, as the poll did.
    }
  });
}

export const del: Command = verb('delete', { run: runDelete });
export { formatGoDuration };
