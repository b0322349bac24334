/**
 * `kubectl label` and `kubectl annotate`: KEY=VAL sets, KEY- removes,
 * --overwrite, -l/--all, --list, --resource-version; the change is sent as a
 * JSON merge patch of metadata.labels / metadata.annotations.
 */
import type { KObject } from '../../api/meta.js';
import { buildInfos, mappingFor, readLocalInfos, type Info } from '../framework/builder.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { checkBuilderArgs, dryRunStrategy, outputSpec, printResult, resourceKey, resourcesAndPairs, verb } from './mutate.js';

type Field = 'labels' | 'annotations';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** label.go's parseLabels (annotations skip the label-value check). */
export function parseUpdates(specs: string[], field: Field): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec.includes('=')) {
      const parts = field === 'labels' ? spec.split('=') : [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
      if (parts.length !== 2 || parts[0] === '') throw new Error(`invalid ${field === 'labels' ? 'label' : 'annotation'} spec: ${spec}`);
      if (field === 'labels' && !(parts[1].length <= 63 && LABEL_VALUE.test(parts[1]))) {
        const errs: string[] = [];
        if (parts[1].length > 63) errs.push('must be no more than 63 characters');
        if (!LABEL_VALUE.test(parts[1])) errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
        throw new Error(`invalid label value: "${spec}": ${errs.join(';')}`);
      }
      set[parts[0]] = parts[1];
    } else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
    else throw new Error(`unknown ${field === 'labels' ? 'label' : 'annotation'} spec: ${spec}`);
  }
  // annotate checks this later, after its other argument checks.
  if (field === 'labels' && remove.some((r) => r in set)) throw new Error('can not both modify and remove a label in the same command');
  return { set, remove };
}

/** Go's json.Marshal of a string map: keys sorted. */
function mapJSON(m: Record<string, string>): string {
  return `{${Object.keys(m).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`).join(',')}}`;
}

/**
 * label.go's updateDataChangeMsg over the object's JSON before and after:
 * unchanged → `not labeled`; shorter without --overwrite → `unlabeled`; else `labeled`.
 * Only metadata.labels (always written back, `{}` when empty) and
 * metadata.resourceVersion change, so only they are measured.
 */
export function labelChangeMessage(before: { labels?: Record<string, string>; resourceVersion?: string }, after: { labels: Record<string, string>; resourceVersion?: string }, overwrite: boolean): string {
  const field = (name: string, v: string | undefined) => (v === undefined ? '' : `"${name}":${v},`);
  const rv = (v: string | undefined) => (v ? JSON.stringify(v) : undefined);
  const old = field('labels', before.labels && mapJSON(before.labels)) + field('resourceVersion', rv(before.resourceVersion));
  const now = field('labels', mapJSON(after.labels)) + field('resourceVersion', rv(after.resourceVersion));
  if (old === now) return 'not labeled';
  if (!overwrite && now.length < old.length) return 'unlabeled';
  return 'labeled';
}

function makeVerb(field: Field): Command {
  const what = field === 'labels' ? 'label' : 'annotation';
  return verb(field === 'labels' ? 'label' : 'annotate', {
    async run(inv: Invocation) {
      const f = inv.flags;
      // Complete, then Validate, in label.go's / annotate.go's order.
      const dryRun = dryRunStrategy(inv);
      const { resources, pairs } = resourcesAndPairs(inv.args, what);
      const { set, remove } = parseUpdates(pairs, field);
      const list = f.bool('list');
      if (list && f.string('output')) throw new Error('--list and --output may not be specified together');
      const spec = outputSpec(inv);
      if (f.bool('all') && f.string('selector')) throw new Error('cannot set --all and --selector at the same time');
      if (f.bool('all') && f.string('field-selector')) throw new Error('cannot set --all and --field-selector at the same time');
      const filenames = f.strings('filename');
      const paths = filenames.length > 0 || !!f.string('kustomize');
      // --local: the files' objects changed and printed, nothing asked of the server (LocalParam).
      const local = f.bool('local');
      const file = field === 'labels' ? ['pod.yaml', 'pod.json'] : ['rsrc.yaml', 'rsrc.json'];
      if (local) {
        if (dryRun === 'server') throw new Error('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
        if (resources.length) throw new Error(`can only use local files by -f ${file[0]} or --filename=${file[1]} when --local=true is set`);
        if (!paths) throw new Error(`one or more files must be specified as -f ${file[0]} or --filename=${file[1]}`);
      } else if (resources.length === 0 && !paths) throw new Error('one or more resources must be specified as <resource> <name> or <resource>/<name>');
      if (Object.keys(set).length === 0 && remove.length === 0 && !list) throw new Error(`at least one ${what} update is required`);
      if (field === 'annotations') {
        const both = remove.filter((r) => r in set);
        if (both.length) throw new Error(`can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`);
      }
      let infos: Info[];
      const errors: unknown[] = [];
      let one: boolean;
      if (local) {
        infos = await readLocalInfos(inv, filenames, f.bool('recursive'));
        // visitByPaths: one file named (not a directory or stdin) implies a single item.
        one = filenames.length === 1 && filenames[0] !== '-' && inv.ctx.fs.stat(inv.ctx.fs.resolve(inv.ctx.cwd, filenames[0]))?.type !== 'dir';
      } else {
        checkBuilderArgs({ args: resources, paths, labelSelector: f.string('selector'), fieldSelector: f.string('field-selector'), allowEmptySelector: f.bool('all') }, mappingFor);
        const res = await buildInfos(inv, {
          args: resources, filenames, recursive: f.bool('recursive'), labelSelector: f.string('selector'), fieldSelector: f.string('field-selector'),
          allNamespaces: f.bool('all-namespaces'), allowEmptySelector: true, continueOnError: true,
        });
        infos = res.infos;
        errors.push(...res.errors);
        one = res.singleItemImplied;
      }
      const rv = f.string('resource-version');
      if (!one && rv) throw new Error(`--resource-version may only be used with a single resource`);
      // What is changed on the client alone: a client dry run, or --local.
      const offline = local ? 'client' : dryRun;
      for (const i of infos) {
        try {
          const current = (i.object.metadata[field] ?? {}) as Record<string, string>;
          if (list) {
            if (!one) inv.out(`Listing ${field} for ${i.resource.kind}.${i.resource.group}/${i.name}:\n`);
            for (const [k, v] of Object.entries(current)) inv.out(`${!one ? ' ' : ''}${k}=${v}\n`);
            continue;
          }
          if (field === 'labels' && offline !== 'client') for (const r of remove) if (!(r in current)) inv.out(`label "${r}" not found.\n`);
          if (!f.bool('overwrite')) {
            const clashes = Object.entries(set).filter(([k, v]) => k in current && current[k] !== v && !(field === 'annotations' && k === 'kubernetes.io/change-cause'));
            if (clashes.length) {
              if (field === 'labels' && clashes.length === 1) throw new Error(`'${clashes[0][0]}' already has a value (${current[clashes[0][0]]}), and --overwrite is false`);
              if (field === 'labels') throw new AggregateError(clashes.map(([k]) => new Error(`'${k}' already has a value (${current[k]}), and --overwrite is false`)));
              throw new Error(`--overwrite is false but found the following declared annotation(s): ${clashes.map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')}`);
            }
          }
          const next = { ...current, ...set };
          for (const r of remove) delete next[r];
          const msg = field === 'labels'
            ? labelChangeMessage(
              { labels: i.object.metadata[field] as Record<string, string> | undefined, resourceVersion: rv && offline !== 'client' ? undefined : i.object.metadata.resourceVersion },
              { labels: next, resourceVersion: rv || i.object.metadata.resourceVersion }, f.bool('overwrite'))
            : 'annotated';
          const added = Object.entries(set).filter(([k, v]) => current[k] !== v).map(([k]) => k);
          const removed = remove.filter((r) => r in current);
          let out: KObject = i.object;
          if (offline === 'client') out = { ...i.object, metadata: { ...i.object.metadata, [field]: next, ...(rv ? { resourceVersion: rv } : {}) } };
          else if (added.length || removed.length || rv) {
            const patch: Record<string, unknown> = { metadata: { [field]: { ...Object.fromEntries(added.map((k) => [k, set[k]])), ...Object.fromEntries(removed.map((k) => [k, null])) } } };
            if (rv) (patch.metadata as Record<string, unknown>).resourceVersion = rv;
            out = inv.client().patch(resourceKey(i.resource), i.namespace, i.name, 'merge', patch, { dryRun: dryRun === 'server', fieldManager: f.string('field-manager') });
          }
          printResult(inv, spec, i.resource, out, msg, dryRun);
        } catch (e) {
          errors.push(e);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors);
      return 0;
    },
  });
}

export const label = makeVerb('labels');
export const annotate = makeVerb('annotations');
