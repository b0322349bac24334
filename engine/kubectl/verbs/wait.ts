/**
 * `kubectl wait --for=delete|create|condition=C[=value]|jsonpath='{...}'=value`:
 * checks the objects after every change on the virtual clock until each meets
 * the condition (`pod/web condition met`) or --timeout passes.
 */
import type { KObject } from '../../api/meta.js';
import { buildInfos, throwIfErrors, type Info } from '../framework/builder.js';
import { isNotFound } from '../../api/errors.js';
import { goQuote } from '../printers/gofmt.js';
import { jsonPath, parseOutput, printGeneric, PRINT_FLAGS_FORMATS, templateFlagsOf } from '../printers/output.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { kindName, resourceKey, verb } from './mutate.js';

/** client-go's rest client: a request whose context has expired fails in the rate limiter before it is sent. */
export const RATE_LIMITER_DEADLINE = 'client rate limiter Wait returned an error: context deadline exceeded';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Condition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; name: string; value: string }
  | { kind: 'jsonpath'; path: string; value?: string };

/** conditionFuncFor: which wait --for asks for, with kubectl's errors for a malformed one. */
export function parseFor(s: string): Condition {
  const lower = s.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (s.startsWith('condition=')) {
    const rest = s.slice('condition='.length);
    const i = rest.indexOf('=');
    return { kind: 'condition', name: i >= 0 ? rest.slice(0, i) : rest, value: i >= 0 ? rest.slice(i + 1) : 'true' };
  }
  if (s.startsWith('jsonpath=')) {
    const parts = splitJSONPathInput(s.slice('jsonpath='.length));
    if (parts.length > 2) throw new Error("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'");
    const path = jsonPath().relaxedJSONPathExpression(parts[0]);
    let value: string | undefined;
    if (parts.length === 2) {
      value = parts[1].replace(/^['"]+|['"]+$/g, '');
      if (!value) throw new Error("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3");
    }
    if (!path) throw new Error('jsonpath expression cannot be empty');
    jsonPath().parseJSONPath(path);
    return { kind: 'jsonpath', path, value };
  }
  throw new Error(`unrecognized condition: ${goQuote(s)}`);
}

/** splitJSONPathInput: split on a single '='; '==' stays inside an element. */
function splitJSONPathInput(input: string): string[] {
  const out: string[] = [];
  let el = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=') {
      if (input[i + 1] === '=') {
        el += '==';
        i++;
        continue;
      }
      out.push(el);
      el = '';
      continue;
    }
    el += input[i];
  }
  out.push(el);
  return out;
}

/** Whether the object meets the condition now. */
export function conditionMet(c: Condition, obj: Any | undefined): boolean {
  switch (c.kind) {
    case 'delete': return !obj;
    case 'create': return !!obj;
    case 'condition': {
      if (!obj) return false;
      const conds: Any[] = obj.status?.conditions ?? [];
      const hit = conds.find((x) => String(x.type).toLowerCase() === c.name.toLowerCase());
      return !!hit && String(hit.status).toLowerCase() === c.value.toLowerCase() && (hit.observedGeneration === undefined || hit.observedGeneration >= (obj.metadata.generation ?? 0));
    }
    case 'jsonpath': {
      if (!obj) return false;
      const vals = jsonPath().evaluateJSONPath(jsonPath().parseJSONPath(jsonPath().relaxedJSONPathExpression(c.path)), obj);
      if (c.value === undefined) return vals.length > 0;
      return vals.length === 1 && String(typeof vals[0] === 'object' ? JSON.stringify(vals[0]) : vals[0]) === c.value;
    }
  }
}

async function runWait(inv: Invocation): Promise<number> {
  const f = inv.flags;
  // WaitFlags.ToOptions: the printer, then the condition, then the builder.
  // With no -o the printer is the name printer ("pod/web condition met").
  const spec = f.string('output') || f.string('template') ? parseOutput(f.string('output'), PRINT_FLAGS_FORMATS, (p) => inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, p)), templateFlagsOf(f)) : undefined;
  // NamePrintFlags.ToPrinter: an explicit -o name is the short form, without the operation.
  const met = (i: Info, obj: KObject | undefined) => {
    if (!spec || spec.kind === 'name' || !obj) inv.out(`${kindName(i.resource, i.name)}${spec?.kind === 'name' ? '' : ' condition met'}\n`);
    else inv.out(printGeneric(spec, obj));
  };
  const cond = parseFor(f.string('for'));
  const timeout = f.durationMs('timeout') < 0 ? 168 * 3_600_000 : f.durationMs('timeout');
  const request = {
    args: inv.args, filenames: f.strings('filename'), recursive: f.bool('recursive'), labelSelector: f.string('selector'), fieldSelector: f.string('field-selector'),
    allNamespaces: f.bool('all-namespaces'), allowEmptySelector: f.bool('all'), continueOnError: true,
  };
  if (cond.kind === 'create') {
    // RunWait polls every 500ms until the builder finds something.
    const deadline = inv.now() + timeout;
    for (;;) {
      const found = await buildInfos(inv, request);
      if (found.infos.length) break;
      const notFoundOnly = found.errors.every(isNotFound);
      if (!notFoundOnly) throwIfErrors(found.errors);
      if (inv.now() >= deadline || inv.ctx.signal.aborted) throw new Error('timed out waiting for the condition');
      await inv.ctx.sleep(Math.min(500, deadline - inv.now()));
    }
  }
  const res = await buildInfos(inv, request);
  const visitErrors = cond.kind === 'delete' ? res.errors.filter((e) => !isNotFound(e)) : res.errors;
  throwIfErrors(visitErrors);
  const infos: Info[] = res.infos;
  if (cond.kind === 'delete' && infos.length === 0) return 0;
  if (infos.length === 0) throw new Error('no matching resources found');
  const client = inv.client();
  const deadline = inv.now() + timeout;
  const errors: unknown[] = [];
  // RunWaitContext visits the objects one after another under one context carrying the --timeout deadline: a later
  // object waits only for what is left, and once the deadline has passed a delete wait's first GET fails in the
  // client's rate limiter and a condition wait's UntilWithSync returns at once (a timeout, even for a condition met).
  for (const i of infos) {
    if (inv.ctx.signal.aborted) break;
    if (timeout !== 0 && inv.now() >= deadline) {
      errors.push(new Error(cond.kind === 'delete' ? RATE_LIMITER_DEADLINE : `timed out waiting for the condition on ${i.resource.resource}/${i.name}`));
      continue;
    }
    for (;;) {
      let obj = client.tryGet(resourceKey(i.resource), i.namespace, i.name) as KObject | undefined;
      if (cond.kind === 'delete' && obj && obj.metadata.uid !== i.object.metadata.uid) obj = undefined;
      if (conditionMet(cond, obj)) {
        met(i, obj);
        break;
      }
      if (inv.ctx.signal.aborted) break;
      if (inv.now() >= deadline) {
        // --timeout=0 checks once (getObjAndCheckCondition, IsDeleted): "condition not met", not a timeout.
        const text = timeout === 0 ? 'condition not met for' : 'timed out waiting for the condition on';
        // Info.ObjectName and extendErrWaitTimeout both name the plain resource: "deployments/web", no group.
        errors.push(new Error(`${text} ${i.resource.resource}/${i.name}`));
        break;
      }
      await inv.ctx.sleep(Math.min(100, deadline - inv.now()));
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  return 0;
}

export const wait: Command = verb('wait', { run: runWait });
