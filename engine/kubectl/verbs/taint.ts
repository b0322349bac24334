/**
 * `kubectl taint NODE KEY[=VALUE]:EFFECT ... [KEY[:EFFECT]-]`: adds, replaces
 * (--overwrite) or removes node taints; `node/x tainted`, `untainted`, `modified`.
 */
import { buildInfos, mappingFor } from '../framework/builder.js';
import { AggregateError, PlainError, UsageError, type Command, type Invocation } from '../framework/command.js';
import { dryRunStrategy, fieldValidation, outputSpec, printResult, resourceKey, verb } from './mutate.js';

export interface Taint { key: string; value?: string; effect?: string }

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const QUALIFIED = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsValidLabelValue's messages. */
export function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(v)) errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  return errs;
}

export function taintString(t: Taint): string {
  let s = t.key;
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  return s;
}

export function parseTaint(st: string): Taint {
  const parts = st.split(':');
  let key: string;
  let value: string | undefined;
  let effect: string | undefined;
  if (parts.length === 1) key = parts[0];
  else if (parts.length === 2) {
    effect = parts[1];
    if (!EFFECTS.includes(effect)) throw new Error(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0].split('=');
    if (kv.length > 2) throw new Error(`invalid taint spec: ${st}`);
    key = kv[0];
    if (kv.length === 2) {
      value = kv[1];
      const errs = labelValueErrors(value);
      if (errs.length) throw new Error(`invalid taint spec: ${st}, ${errs.join('; ')}`);
    }
  } else throw new Error(`invalid taint spec: ${st}`);
  if (!QUALIFIED.test(key) || key.length > 316) {
    throw new Error(`invalid taint spec: ${st}, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
  }
  return { key, ...(value !== undefined ? { value } : {}), ...(effect ? { effect } : {}) };
}

export function parseTaintSpecs(specs: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  for (const s of specs) {
    if (s.endsWith('-')) remove.push(parseTaint(s.slice(0, -1)));
    else {
      const t = parseTaint(s);
      if (!t.effect) throw new Error(`invalid taint spec: ${s}`);
      if (add.some((a) => a.key === t.key && a.effect === t.effect)) throw new Error(`duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`);
      add.push(t);
    }
  }
  return { add, remove };
}

/** Validate's conflict check: a taint both added and removed, listed as `key=effect` per (add, remove) pair. */
export function taintConflicts(add: Taint[], remove: Taint[]): string[] {
  const out: string[] = [];
  for (const a of add) for (const r of remove) if (a.key === r.key && (!r.effect || a.effect === r.effect)) out.push(`${r.key}=${r.effect ?? ''}`);
  return out;
}

/** reorganizeTaints: the node's new taint list and the verb to print. */
export function reorganizeTaints(old: Taint[], add: Taint[], remove: Taint[], overwrite: boolean): { taints: Taint[]; operation: string; errors: Error[] } {
  const taints: Taint[] = add.map((t) => ({ ...t }));
  let added = false;
  for (const o of old) {
    if (add.some((a) => a.key === o.key && a.effect === o.effect)) continue;
    taints.push(o);
  }
  for (const a of add) if (!old.some((o) => o.key === a.key && o.effect === a.effect && (o.value ?? '') === (a.value ?? ''))) added = true;
  const errors: Error[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    for (let i = taints.length - 1; i >= 0; i--) if (taints[i].key === r.key && (!r.effect || taints[i].effect === r.effect)) taints.splice(i, 1);
    if (taints.length === before) errors.push(new Error(`taint ${JSON.stringify(taintString(r))} not found`));
    else deleted = true;
  }
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { taints, operation, errors };
}

async function runTaint(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const args = inv.args;
  // Complete.
  const dryRunEarly = dryRunStrategy(inv);
  fieldValidation(inv);
  const resources: string[] = [];
  const specs: string[] = [];
  for (const a of args) {
    if (a.includes(':') || a.includes('=') || a.endsWith('-')) specs.push(a);
    else {
      if (specs.length) throw new Error(`all resources must be specified before taint changes: ${a}`);
      resources.push(a);
    }
  }
  const selector = f.string('selector');
  if (resources.length < 1) throw new Error('one or more resources must be specified as <resource> <name>');
  if (specs.length === 0) throw new Error('at least one taint update is required');
  let parsed;
  try {
    parsed = parseTaintSpecs(specs);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  // Validate.
  const type = resources[0].toLowerCase();
  let kind: string;
  try {
    kind = mappingFor(type).kind;
  } catch (e) {
    // Validate's own mapper error reaches CheckErr bare, without `error: `.
    throw new PlainError((e as Error).message);
  }
  if (kind !== 'Node') throw new Error(`invalid resource type ${type}, only node types are supported`);
  const conflicts = taintConflicts(parsed.add, parsed.remove);
  if (conflicts.length) throw new Error(`can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
  if (f.bool('all') && selector) throw new Error("setting 'all' parameter with a non empty selector is prohibited");
  if (!f.bool('all') && !selector && resources.length < 2) throw new Error("at least one resource name must be specified since 'all' parameter is not set");
  const dryRun = dryRunEarly;
  const spec = outputSpec(inv);
  const res = await buildInfos(inv, { args: resources, labelSelector: selector, allowEmptySelector: true });
  const errors: unknown[] = [];
  for (const i of res.infos) {
    try {
      const old = ((i.object.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
      if (!f.bool('overwrite')) {
        const exists = parsed.add.filter((a) => old.some((o) => o.key === a.key && o.effect === a.effect)).map((a) => a.key);
        if (exists.length) throw new Error(`node ${i.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`);
      }
      const r = reorganizeTaints(old, parsed.add, parsed.remove, f.bool('overwrite'));
      if (r.errors.length) throw r.errors.length === 1 ? r.errors[0] : new AggregateError(r.errors);
      let out = i.object;
      if (dryRun !== 'client') {
        const taints = r.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect, ...((t as { timeAdded?: string }).timeAdded ? { timeAdded: (t as { timeAdded?: string }).timeAdded } : {}) }));
        out = inv.client().patch(resourceKey(i.resource), undefined, i.name, 'merge', { spec: { taints: taints.length ? taints : null } }, { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') || 'kubectl-taint' });
      }
      // taint's ToPrinter sets the operation after the dry-run suffix was added, so none is printed.
      printResult(inv, spec, i.resource, out, r.operation, 'none');
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  return 0;
}

export const taint: Command = verb('taint', { run: runTaint });
