/**
 * `kubectl set selector (-f FILE | TYPE NAME) EXPRESSIONS`: replaces a
 * Service's spec.selector (the only kind it supports) with the label
 * selector given as the last argument. Texts from kubectl's
 * pkg/cmd/set/set_selector.go and apimachinery's ParseToLabelSelector.
 */
import { clone } from '../../api/meta.js';
import type { KObject } from '../../api/meta.js';
import { parseLabelSelector, type Requirement } from '../../api/selectors.js';
import { buildInfos, mappingFor, readLocalInfos, throwIfErrors, type Info } from '../framework/builder.js';
import type { Command, Invocation } from '../framework/command.js';
import { checkBuilderArgs, dryRunStrategy, outputSpec, printResult, resourceKey } from './mutate.js';
import { verbF } from './verb-f.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ONE_SELECTOR_REQUIRED = 'one selector is required';
export const ONLY_SERVICES = 'setting a selector is only supported for Services';

/** metav1.LabelSelector from the string form: `=`/`==` become matchLabels, the rest matchExpressions. */
export function toLabelSelector(text: string): { matchLabels: Record<string, string>; matchExpressions: { key: string; operator: string; values: string[] }[] } {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: { key: string; operator: string; values: string[] }[] = [];
  const ops: Record<Requirement['op'], string> = { Equals: '', In: 'In', NotIn: 'NotIn', NotEquals: 'NotIn', Exists: 'Exists', DoesNotExist: 'DoesNotExist', Gt: 'Gt', Lt: 'Lt' };
  for (const r of parseLabelSelector(text).requirements) {
    if (r.op === 'Equals') matchLabels[r.key] = r.values[0];
    else matchExpressions.push({ key: r.key, operator: ops[r.op], values: r.values });
  }
  return { matchLabels, matchExpressions };
}

/** updateSelectorForObject: the new selector on a Service, or why not. */
export function selectorUpdate(obj: Any, selector: ReturnType<typeof toLabelSelector>): Any {
  if (obj.kind !== 'Service') throw new Error(ONLY_SERVICES);
  if (selector.matchExpressions.length) {
    // Go's %v of []LabelSelectorRequirement: [{key Op [values]}].
    throw new Error(`match expression [${selector.matchExpressions.map((e) => `{${e.key} ${e.operator} [${e.values.join(' ')}]}`).join(' ')}] not supported on this object`);
  }
  const out = clone(obj) as Any;
  out.spec ??= {};
  if (Object.keys(selector.matchLabels).length) out.spec.selector = { ...selector.matchLabels };
  else delete out.spec.selector;
  return out;
}

async function runSelector(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  const args = inv.args;
  if (!args.length) throw new Error(ONE_SELECTOR_REQUIRED);
  const selector = toLabelSelector(args[args.length - 1]);
  const resources = args.slice(0, -1);
  const local = f.bool('local');
  let infos: Info[];
  const errors: unknown[] = [];
  if (local) {
    infos = await readLocalInfos(inv, f.strings('filename'), f.bool('recursive'));
  } else {
    checkBuilderArgs({ args: resources, paths: f.strings('filename').length > 0, allowEmptySelector: f.bool('all') }, mappingFor);
    const res = await buildInfos(inv, { args: resources, filenames: f.strings('filename'), recursive: f.bool('recursive'), allowEmptySelector: f.bool('all'), continueOnError: true, typed: true });
    infos = res.infos;
    errors.push(...res.errors);
  }
  const rv = f.string('resource-version');
  for (const info of infos) {
    const changed = selectorUpdate(info.object, selector);
    if (rv) changed.metadata.resourceVersion = rv;
    if (local || dryRun === 'client') {
      printResult(inv, spec, info.resource, changed as KObject, 'selector updated', dryRun);
      continue;
    }
    const out = inv.client().update(resourceKey(info.resource), changed as KObject, { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') || 'kubectl-set' });
    printResult(inv, spec, info.resource, out, 'selector updated', dryRun);
  }
  throwIfErrors(errors);
  return 0;
}

export const selector: Command = verbF('set selector', { run: runSelector });
