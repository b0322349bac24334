/**
 * `kubectl apply -f`: client-side apply. A new object is created with the
 * last-applied-configuration annotation; an existing one gets the three-way
 * strategic merge patch of (last applied, manifest, live) — see apply-patch.ts —
 * and prints `configured`, or `unchanged` when the patch is empty.
 * `--server-side` sends the manifest as an apply patch (`serverside-applied`).
 */
import { isNotFound } from '../../api/errors.js';
import { lazyModule } from '../../util/lazy-module.js';
import type { KObject } from '../../api/meta.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import { readFilenameStreams } from '../framework/builder.js';
import { NestedAggregate } from '../framework/errors.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { toYAML } from '../printers/yaml.js';
import { threeWayMergePatch } from './apply-patch.js';
import { RUNS, lazyVerb } from './lazy.js';
import {
  LAST_APPLIED, dryRunStrategy, fieldValidation, holding, infoOf, lastAppliedOf, manifestNamespace, outputSpec, printResult, resourceKey, verb, withNamespace, withSource,
} from './mutate.js';

/** resource.Info.String(): the mapping and the name, as apply's errors show them. */
export function infoString(info: ResourceInfo, name: string, namespace: string | undefined): string {
  const gv = apiVersionOf(info);
  const gvText = info.group ? gv : `/${gv}`;
  return `Resource: "${gvText}, Resource=${info.resource}", GroupVersionKind: "${gvText}, Kind=${info.kind}"\nName: "${name}", Namespace: "${namespace ?? ''}"`;
}

function compactJSON(v: unknown): string {
  return JSON.stringify(v);
}

/** Server-side apply's client half (its conflict advice), with the API server's field manager: loaded on first use. */
const serverSideCode = lazyModule(() => import('./apply-server-side.js').then((m) => m.serverSideApply));
/** --prune without an ApplySet: loaded when the flag is set. */
const pruneCode = lazyModule(() => import('./apply-prune.js'));

async function runApply(inv: Invocation): Promise<number> {
  // --record's deprecation notice comes as the flag is parsed, before anything else.
  const record = inv.flags.changed('record') ? await import('./record.js') : undefined;
  const cause = record?.changeCause(inv);
  const filenames = inv.flags.strings('filename');
  if (filenames.length === 0 && !inv.flags.string('kustomize')) {
    throw new Error('must specify one of -f and -k');
  }
  if (inv.args.length) throw new Error(`Unexpected args: [${inv.args.join(' ')}]\nSee '${inv.path} -h' for help and examples`);
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  const validation = fieldValidation(inv);
  const serverSide = inv.flags.bool('server-side');
  validateApplyFlags(inv, dryRun, serverSide);
  // ToOptions parses the allowlist before anything is read.
  const pruning = inv.flags.bool('prune') ? await holding(inv, pruneCode.load()) : undefined;
  const allowlist = pruning ? pruning.parsePruneAllowlist(inv.flags.strings('prune-allowlist')) : [];
  const visitedUids = new Set<string>();
  const visitedNamespaces = new Set<string>();
  // GetObjects: the objects read before a broken document are applied, and its error is reported first (apply.go's Run).
  const entries = await readFilenameStreams(inv, filenames, inv.flags.bool('recursive'));
  const objs: { source: string; object: KObject; info: ResourceInfo; ns: string | undefined }[] = [];
  const selector = inv.flags.string('selector');
  // The builder's visit (reading, mapping, the namespace check) ends in one error of its own, an aggregate of all
  // of them ("[a, b]" when several), before the errors of applying what was read.
  const readErrors: unknown[] = [];
  for (const e of entries) {
    if (e.error) {
      readErrors.push(e.error);
      continue;
    }
    try {
      const info = infoOf(e.object, e.source);
      // The builder's label filter drops the file's objects that -l does not select, before apply counts them.
      if (selector && !matchesSelector(e.object, selector)) continue;
      objs.push({ ...e, info, ns: manifestNamespace(inv, info, e.object) });
    } catch (err) {
      readErrors.push(err);
    }
  }
  const errors: unknown[] = readErrors.length ? [readErrors.length === 1 ? readErrors[0] : new NestedAggregate(readErrors)] : [];
  if (objs.length === 0 && errors.length === 0) throw new Error('no objects passed to apply');
  const client = inv.client();
  // -o yaml, json, jsonpath...: nothing is printed per object; all of them are printed at the end, several as a List.
  const printAtEnd = !!spec && spec.kind !== 'name';
  const toPrint: KObject[] = [];
  const print = (info: ResourceInfo, obj: KObject, operation: string) => {
    // MarkObjectVisited: what was applied is not pruned.
    visitedUids.add(obj.metadata?.uid ?? '');
    if (printAtEnd) toPrint.push(obj);
    else printResult(inv, spec, info, obj, operation, dryRun);
  };
  for (const { source, object: read, info, ns } of objs) {
    try {
      if (info.namespaced && ns) visitedNamespaces.add(ns);
      const placed = withNamespace(info, read, ns);
      // Recorded before anything else (applyOneObject): the change cause is in what is sent and in last-applied.
      const object = cause === undefined ? placed : record!.recorded(placed, cause);
      const name = object.metadata?.name ?? '';
      const key = resourceKey(info);
      // GetApplyFieldManagerFlag: the flag's default is client-side apply's manager; server-side apply's own is `kubectl`.
      const opts = { dryRun: dryRun === 'server', fieldManager: inv.flags.changed('field-manager') ? inv.flags.string('field-manager') : serverSide ? 'kubectl' : 'kubectl-client-side-apply', fieldValidation: validation };
      if (serverSide) {
        let obj = object;
        // --subresource resize: the apply goes to pods/NAME/resize, which takes only the containers' resources;
        // status: to the status subresource, whose apply owns status fields only.
        const named = inv.flags.string('subresource');
        const subresource = named === 'resize' || named === 'status' ? { subresource: named as 'resize' | 'status' } : undefined;
        if (dryRun !== 'client') obj = (await holding(inv, Promise.all([serverSideCode.load(), client.loadFieldManager()])))[0](client, key, ns, name, object, { ...opts, force: inv.flags.bool('force-conflicts'), ...subresource }, (t) => inv.err(t));
        print(info, obj as KObject, 'serverside-applied');
        continue;
      }
      const modified = JSON.parse(JSON.stringify(object)) as KObject;
      modified.metadata ??= {};
      modified.metadata.annotations = { ...(modified.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedOf(object) };
      let current: KObject | undefined;
      try {
        // client-go refuses a GET without a name before sending it.
        if (!name) throw new Error('resource name may not be empty');
        current = client.get(key, ns, name);
      } catch (e) {
        if (!isNotFound(e)) throw withSource(e, `retrieving current configuration of:\n${infoString(info, name, ns)}\nfrom server for:`, source);
      }
      if (!current) {
        let created = modified;
        if (dryRun !== 'client') {
          try {
            created = client.create(key, ns, modified, opts);
          } catch (e) {
            throw withSource(e, 'creating', source);
          }
        }
        print(info, created, 'created');
        continue;
      }
      // A client dry run never computes the patch (apply.go): the live object is `configured (dry run)`.
      if (dryRun === 'client') {
        print(info, current, 'configured');
        continue;
      }
      const lastText = current.metadata.annotations?.[LAST_APPLIED];
      if (lastText === undefined) {
        inv.err(`Warning: resource ${info.resource}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`);
      }
      let original: Record<string, unknown> | undefined;
      try {
        original = lastText ? JSON.parse(lastText) : undefined;
      } catch {
        original = undefined;
      }
      const patch = threeWayMergePatch(original, modified as unknown as Record<string, unknown>, current as unknown as Record<string, unknown>, info.kind);
      if (Object.keys(patch).length === 0) {
        print(info, current, 'unchanged');
        continue;
      }
      let patched: KObject;
      try {
        patched = client.patch(key, ns, name, info.crd ? 'merge' : 'strategic', patch, { ...opts, dryRun: dryRun !== 'none' });
      } catch (e) {
        throw withSource(withSource(e, 'patching', source), `applying patch:\n${compactJSON(patch)}\nto:\n${infoString(info, name, ns)}\nfor:`, source);
      }
      if (current.metadata.deletionTimestamp) inv.err(`Warning: Detected changes to resource ${name} which is currently being deleted.\n`);
      print(info, patched, 'configured');
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  if (toPrint.length === 1) printResult(inv, spec, undefined, toPrint[0], '', dryRun);
  else if (toPrint.length > 1) printResult(inv, spec, undefined, { apiVersion: 'v1', kind: 'List', items: toPrint, metadata: {} } as unknown as KObject, '', dryRun);
  pruning?.pruneAll(inv, { visitedUids, visitedNamespaces, selector: inv.flags.string('selector'), dryRun, allowlist });
  return 0;
}

/** ApplyOptions.Validate, in its order. */
function validateApplyFlags(inv: Invocation, dryRun: string, serverSide: boolean): void {
  const f = inv.flags;
  const force = f.bool('force');
  const prune = f.bool('prune');
  const all = f.bool('all');
  const selector = f.string('selector');
  if (f.bool('force-conflicts') && !serverSide) throw new Error('--force-conflicts only works with --server-side');
  if (dryRun === 'client' && serverSide) throw new Error("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
  if (serverSide && force) throw new Error('--force cannot be used with --server-side');
  if (dryRun === 'server' && force) throw new Error('--dry-run=server cannot be used with --force');
  if (all && selector) throw new Error('cannot set --all and --selector at the same time');
  if (prune) {
    if (force) throw new Error('--force cannot be used with --prune');
    if (!all && !selector) throw new Error('all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector');
    if (serverSide) throw new Error("--prune is in alpha and doesn't currently work on objects created by server-side apply");
  }
  if (f.string('subresource') && !serverSide) throw new Error('--subresource can only be specified for --server-side');
}

function matchesSelector(obj: KObject, selector: string): boolean {
  const labels = obj.metadata?.labels ?? {};
  return selector.split(',').every((req) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(req);
    if (!m) return req.trim().startsWith('!') ? !(req.trim().slice(1) in labels) : req.trim() in labels;
    return m[2] === '!=' ? labels[m[1]] !== m[3] : labels[m[1]] === m[3];
  });
}

// The last-applied subcommands load with their module on first use (apply-last-applied.ts).
const lastApplied = (path: string, pick: (m: typeof import('./apply-last-applied.js')) => Command) =>
  lazyVerb(verb(path, { run: RUNS }), () => import('./apply-last-applied.js').then(pick));

export const apply: Command = verb('apply', {
  run: runApply,
  subcommands: [
    lastApplied('apply edit-last-applied', (m) => m.editLastApplied),
    lastApplied('apply set-last-applied', (m) => m.setLastApplied),
    lastApplied('apply view-last-applied', (m) => m.viewLastApplied),
  ],
});
