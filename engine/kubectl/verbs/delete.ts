/**
 * `kubectl delete`: by names, TYPE/NAME, -f, -l, --all, -A; grace period
 * (--now, --grace-period, --force with its warning), --cascade, and --wait
 * (default) which blocks on the virtual clock until every object is gone.
 */
import { isNotFound } from '../../api/errors.js';
import type { DeleteOptions } from '../../api/apiserver.js';
import { buildInfos, type Info } from '../framework/builder.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { formatGoDuration } from '../framework/flags.js';
import { dryRunStrategy, resourceKey, verb } from './mutate.js';

export const FORCE_WARNING = 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

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

async function runDelete(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const filenames = f.strings('filename');
  const all = f.bool('all');
  const selector = f.string('selector');
  const fieldSelector = f.string('field-selector');
  const output = f.string('output');
  if (output && output !== 'name') throw new Error(`unexpected -o output mode: ${output}. We only support '-o name'`);
  if (all && selector) throw new Error('cannot set --all and --selector at the same time');
  if (all && fieldSelector) throw new Error('cannot set --all and --field-selector at the same time');
  const force = f.bool('force');
  const grace = effectiveGracePeriod(f.int('grace-period'), f.bool('now'), force);
  if (force && grace > 0) throw new Error('--force and --grace-period greater than 0 cannot be specified together');
  const policy = cascadePolicy(f.string('cascade'));
  const dryRun = dryRunStrategy(inv);
  const ignoreNotFound = f.changed('ignore-not-found') ? f.bool('ignore-not-found') : (all || !!selector || !!fieldSelector);
  if (inv.args.length === 0 && filenames.length === 0 && !f.string('kustomize')) {
    throw new Error('You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
  }
  const hasNames = filenames.length > 0 || !!f.string('kustomize') || inv.args.length > 1 || inv.args.some((a) => a.includes('/'));
  if (!hasNames && !all && !selector && !fieldSelector) {
    throw new Error('resource(s) were provided, but no name was specified');
  }
  if (grace === 0 && dryRun === 'none') inv.err(FORCE_WARNING);
  const res = await buildInfos(inv, {
    args: inv.args, filenames, recursive: f.bool('recursive'), labelSelector: selector, fieldSelector,
    allNamespaces: f.bool('all-namespaces'), allowEmptySelector: true, continueOnError: true, selectAll: all,
  });
  const errors = res.errors.filter((e) => !(ignoreNotFound && isNotFound(e)));
  const client = inv.client();
  const deleted: { info: Info; uid?: string }[] = [];
  let warnedClusterScope = false;
  for (const i of res.infos) {
    if (inv.explicitNamespace && !f.bool('all-namespaces') && !i.resource.namespaced && !warnedClusterScope) {
      inv.err('Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n');
      warnedClusterScope = true;
    }
    if (dryRun !== 'client') {
      try {
        client.delete(resourceKey(i.resource), i.namespace, i.name, {
          dryRun: dryRun === 'server', propagationPolicy: policy, ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}),
        });
      } catch (e) {
        if (!(ignoreNotFound && isNotFound(e))) errors.push(e);
        continue;
      }
    }
    deleted.push({ info: i, uid: i.object.metadata.uid });
    const kind = `${i.resource.kind.toLowerCase()}${i.resource.group ? '.' + i.resource.group : ''}`;
    if (output === 'name') inv.out(`${kind}/${i.name}\n`);
    else {
      let op = grace === 0 ? 'force deleted' : 'deleted';
      if (i.resource.namespaced) op += ` from ${i.namespace} namespace`;
      if (dryRun === 'client') op += ' (dry run)';
      if (dryRun === 'server') op += ' (server dry run)';
      inv.out(`${kind} "${i.name}" ${op}\n`);
    }
  }
  if (deleted.length === 0 && errors.length === 0) {
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
      return new Error(`timed out waiting for the condition on ${x.info.resource.resource}${x.info.resource.group ? '.' + x.info.resource.group : ''}/${x.info.name}`);
    }
    await inv.ctx.sleep(Math.min(250, deadline - inv.now()));
    pending = pending.filter((x) => !gone(x));
  }
  return undefined;
}

export const del: Command = verb('delete', { run: runDelete });
export { formatGoDuration };
