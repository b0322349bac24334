/**
 * `kubectl label` and `kubectl annotate`: KEY=VAL sets, KEY- removes,
 * --overwrite, -l/--all, --list, --resource-version; the change is sent as a
 * JSON merge patch of metadata.labels / metadata.annotations.
 */
import type { KObject } from '../../api/meta.js';
import { buildInfos } from '../framework/builder.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { dryRunStrategy, outputSpec, printResult, resourceKey, verb } from './mutate.js';

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
  for (const r of remove) {
    if (r in set) {
      if (field === 'labels') throw new Error('can not both modify and remove a label in the same command');
      throw new Error(`can not both modify and remove the following annotation(s) in the same command: ${r}`);
    }
  }
  return { set, remove };
}

/** Splits arguments into resource words and KEY=VAL / KEY- updates (the first update word ends the resources). */
export function splitArgs(args: string[]): { resources: string[]; updates: string[] } {
  const resources: string[] = [];
  const updates: string[] = [];
  let inUpdates = false;
  for (const a of args) {
    if (inUpdates || a.includes('=') || a.endsWith('-')) {
      inUpdates = true;
      updates.push(a);
    } else resources.push(a);
  }
  return { resources, updates };
}

function makeVerb(field: Field): Command {
  const what = field === 'labels' ? 'label' : 'annotation';
  const done = field === 'labels' ? 'labeled' : 'annotated';
  return verb(field === 'labels' ? 'label' : 'annotate', {
    async run(inv: Invocation) {
      const f = inv.flags;
      const { resources, updates } = splitArgs(inv.args);
      const list = f.bool('list');
      const spec = outputSpec(inv);
      if (list && spec) throw new Error('--list and --output may not be specified together');
      if (f.bool('all') && f.string('selector')) throw new Error('cannot set --all and --selector at the same time');
      const filenames = f.strings('filename');
      if (resources.length === 0 && filenames.length === 0) {
        throw new Error(`one or more resources must be specified as <resource> <name> or <resource>/<name>`);
      }
      if (updates.length === 0 && !list) throw new Error(`at least one ${what} update is required`);
      const { set, remove } = parseUpdates(updates, field);
      const dryRun = dryRunStrategy(inv);
      const hasName = resources.length > 1 || resources.some((r) => r.includes('/')) || filenames.length > 0;
      if (!hasName && !f.bool('all') && !f.string('selector')) throw new Error('resource(s) were provided, but no name was specified');
      const res = await buildInfos(inv, {
        args: resources, filenames, recursive: f.bool('recursive'), labelSelector: f.string('selector'), fieldSelector: f.string('field-selector'),
        allNamespaces: f.bool('all-namespaces'), allowEmptySelector: true, continueOnError: true,
      });
      const errors = [...res.errors];
      if (f.string('resource-version') && res.infos.length > 1) throw new Error(`--resource-version may only be used with a single resource`);
      const client = inv.client();
      for (const i of res.infos) {
        try {
          const current = (i.object.metadata[field] ?? {}) as Record<string, string>;
          if (list) {
            if (res.infos.length > 1) inv.out(`Listing ${field} for ${i.resource.kind}.${i.resource.group}/${i.name}:\n`);
            for (const [k, v] of Object.entries(current)) inv.out(`${res.infos.length > 1 ? ' ' : ''}${k}=${v}\n`);
            continue;
          }
          if (!f.bool('overwrite')) {
            const clashes = Object.entries(set).filter(([k, v]) => k in current && current[k] !== v);
            if (clashes.length) {
              if (field === 'labels' && clashes.length === 1) throw new Error(`'${clashes[0][0]}' already has a value (${current[clashes[0][0]]}), and --overwrite is false`);
              if (field === 'labels') throw new AggregateError(clashes.map(([k]) => new Error(`'${k}' already has a value (${current[k]}), and --overwrite is false`)));
              throw new Error(`--overwrite is false but found the following declared annotation(s): ${clashes.map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')}`);
            }
          }
          for (const r of remove) if (!(r in current) && field === 'labels' && dryRun !== 'client') inv.out(`label "${r}" not found.\n`);
          const added = Object.entries(set).filter(([k, v]) => current[k] !== v).map(([k]) => k);
          const removed = remove.filter((r) => r in current);
          let msg = field === 'labels' ? 'not labeled' : done;
          if (field === 'labels') {
            if (added.length && removed.length) msg = 'modified';
            else if (added.length) msg = 'labeled';
            else if (removed.length) msg = 'unlabeled';
          }
          let out: KObject = i.object;
          if ((added.length || removed.length) && dryRun !== 'client') {
            const patch: Record<string, unknown> = { metadata: { [field]: { ...Object.fromEntries(added.map((k) => [k, set[k]])), ...Object.fromEntries(removed.map((k) => [k, null])) } } };
            if (f.string('resource-version')) (patch.metadata as Record<string, unknown>).resourceVersion = f.string('resource-version');
            out = client.patch(resourceKey(i.resource), i.namespace, i.name, 'merge', patch, { dryRun: dryRun === 'server', fieldManager: f.string('field-manager') });
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
