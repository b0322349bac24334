/**
 * `kubectl set image|env|resources`: change the pod template's containers of
 * pods, deployments, replica sets, daemon sets and stateful sets.
 */
import { ConnectionRefusedError } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { clone, deepEqual } from '../../api/meta.js';
import { parseQuantity } from '../../util/quantity.js';
import { envVarNameErrors } from './create-sources.js';
import { buildInfos, mappingFor, throwIfErrors, type Info } from '../framework/builder.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { twoWayStrategicPatch } from './apply-patch.js';
import { checkBuilderArgs, dryRunStrategy, outputSpec, printResult, resourceKey, resourcesAndPairs, verb } from './mutate.js';
import { changeCause } from './record.js';
import { CHANGE_CAUSE_ANNOTATION } from './rollout.js';
import { selector } from './set-selector.js';
import { podSpecFor, serviceaccount } from './set-serviceaccount.js';
import { subject } from './set-subject.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The pod spec inside an object (UpdatePodSpecForObject), or undefined when the kind has none. */
export function podSpecOf(obj: Any): Any | undefined {
  if (obj.kind === 'Pod') return (obj.spec ??= {});
  if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ReplicationController', 'Job'].includes(obj.kind)) return ((obj.spec ??= {}).template ??= {}).spec ??= {};
  return undefined;
}

/**
 * Visits the objects as the set subcommands do (CalculatePatches): a kind
 * without a pod template is an `error: <resource>/<name> ...` line, an object
 * the change leaves as it was is neither sent nor printed, and the errors are
 * reported together at the end. `change` may push its own errors.
 */
async function forEachObject(inv: Invocation, resources: string[], what: string, failed: string, change: (ps: Any, info: Info, errors: unknown[]) => void, validate?: () => void): Promise<number> {
  // Its deprecation notice comes as the flag is parsed, before anything else.
  const cause = changeCause(inv);
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  const filenames = f.strings('filename');
  checkBuilderArgs({ args: resources, paths: filenames.length > 0 || !!f.string('kustomize'), labelSelector: f.string('selector'), allowEmptySelector: f.bool('all') }, mappingFor);
  validate?.();
  const res = await buildInfos(inv, {
    args: resources, filenames, recursive: f.bool('recursive'), labelSelector: f.string('selector'),
    allowEmptySelector: true, continueOnError: true, typed: true,
  });
  throwIfErrors(res.errors);
  const errors: unknown[] = [];
  for (const info of res.infos) {
    const obj = clone(info.object) as Any;
    let ps: Any;
    try {
      ps = podSpecFor(obj);
    } catch (e) {
      // fmt.Errorf("error: %s %v\n", …): several of them print a blank line after each.
      errors.push(new Error(`error: ${info.resource.resource}/${info.name} ${(e as Error).message}\n`));
      continue;
    }
    try {
      change(ps, info, errors);
    } catch (e) {
      errors.push(new Error(`error: ${info.resource.resource}/${info.name} ${(e as Error).message}\n`));
      continue;
    }
    if (deepEqual(obj, info.object)) continue;
    // The Recorder annotates the changed object, so the patch carries the change cause.
    if (cause !== undefined) (obj.metadata.annotations ??= {})[CHANGE_CAUSE_ANNOTATION] = cause;
    try {
      let out: KObject = obj as KObject;
      // CalculatePatches: a strategic merge patch from the object as read to the changed one, sent as kubectl-set
      // (or --field-manager).
      if (dryRun !== 'client') {
        const patch = twoWayStrategicPatch(info.object as unknown as Any, obj, String(info.object.kind));
        out = inv.client().patch(resourceKey(info.resource), info.namespace, info.name, 'strategic', patch, { dryRun: dryRun === 'server', fieldManager: f.string('field-manager') || 'kubectl-set' });
      }
      printResult(inv, spec, info.resource, out, what, dryRun);
    } catch (e) {
      // The patch's error reaches CheckErr inside fmt.Errorf(failed + "%v"): a plain error, so an API error prints its
      // server message without "Error from server (…)" or "The X is invalid" (a refused connection stays as it is: its
      // Go text would be the url.Error's, which this client does not model).
      errors.push(e instanceof ConnectionRefusedError ? e : new Error(failed + String((e as Error)?.message ?? e)));
    }
  }
  throwIfErrors(errors);
  return 0;
}

/** cmdutil.ParsePairs without removals: KEY=VALUE words, the others listed as invalid. */
function parsePairs(pairs: string[], pairType: string): [string, string][] {
  const out: [string, string][] = [];
  const invalid: string[] = [];
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i > 0) out.push([p.slice(0, i), p.slice(i + 1)]);
    else invalid.push(p);
  }
  if (invalid.length) throw new Error(`invalid ${pairType} format: ${invalid.join(', ')}`);
  return out;
}

const image = verb('set image', {
  async run(inv) {
    const { resources, pairs } = resourcesAndPairs(inv.args, 'image');
    // A map in kubectl: a later pair for the same container wins.
    const images = [...new Map(parsePairs(pairs, 'image')).entries()];
    return forEachObject(inv, resources, 'image updated', 'failed to patch image update to pod template: ', (ps, _info, errors) => {
      for (const [name, img] of images) {
        let found = false;
        for (const list of [ps.initContainers ?? [], ps.containers ?? []]) {
          for (const c of list) if (name === '*' || c.name === name) { c.image = img; found = true; }
        }
        if (!found) errors.push(new Error(`error: unable to find container named ${JSON.stringify(name)}`));
      }
    }, () => {
      const errs: Error[] = [];
      if (inv.flags.bool('all') && inv.flags.string('selector')) errs.push(new Error('cannot set --all and --selector at the same time'));
      if (images.length < 1) errs.push(new Error('at least one image update is required'));
      else if (images.length > 1 && images.some(([k]) => k === '*')) errs.push(new Error('all containers are already specified by *, but saw more than one container_name=container_image pairs'));
      throwIfErrors(errs);
    });
  },
});

const env = verb('set env', {
  async run(inv) {
    // Complete: --all with -l, then envutil.SplitEnvironmentFromResources.
    if (inv.flags.bool('all') && inv.flags.string('selector')) throw new Error('cannot set --all and --selector at the same time');
    const isEnv = (a: string) => /^.+=/s.test(a) || a.endsWith('-');
    const first = inv.args.findIndex(isEnv);
    const resources = first < 0 ? inv.args : inv.args.slice(0, first);
    const changes = first < 0 ? [] : inv.args.slice(first);
    if (changes.some((a) => !isEnv(a))) throw new Error(`all resources must be specified before environment changes: ${inv.args.join(' ')}`);
    dryRunStrategy(inv);
    outputSpec(inv);
    // Validate.
    if (inv.flags.strings('filename').length === 0 && resources.length < 1) throw new Error('one or more resources must be specified as <resource> <name> or <resource>/<name>');
    const list = inv.flags.bool('list');
    if (list && inv.flags.string('output')) throw new Error('--list and --output may not be specified together');
    // envutil.ParseEnv.
    const all = [...inv.flags.strings('env'), ...changes];
    const set: [string, string | { valueFrom: Any }][] = [];
    const remove: string[] = [];
    for (const c of all) {
      const i = c.indexOf('=');
      if (i >= 0) {
        const key = c.slice(0, i);
        const errs = envVarNameErrors(key);
        if (errs.length) throw new Error(`${JSON.stringify(key)} is not a valid key name: ${errs.join(';')}`);
        set.push([key, c.slice(i + 1)]);
      } else if (c.endsWith('-')) remove.push(c.slice(0, -1));
      else throw new Error(`unknown environment variable spec: ${JSON.stringify(c)}`);
    }
    const containerPattern = inv.flags.string('containers') || '*';
    const match = (n: string) => new RegExp('^' + containerPattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$').test(n);
    if (list) {
      const res = await buildInfos(inv, { args: resources, filenames: inv.flags.strings('filename'), labelSelector: inv.flags.string('selector'), allowEmptySelector: inv.flags.bool('all'), typed: true });
      for (const info of res.infos) {
        const ps = podSpecOf(clone(info.object) as Any) ?? {};
        for (const c of ps.containers ?? []) {
          if (!match(c.name)) continue;
          inv.out(`# ${info.object.kind} ${info.name}, container ${c.name}\n`);
          for (const e of c.env ?? []) {
            if (e.value !== undefined) inv.out(`${e.name}=${e.value}\n`);
            else if (e.valueFrom?.fieldRef) inv.out(`# ${e.name} from field path ${e.valueFrom.fieldRef.fieldPath}\n`);
            else if (e.valueFrom?.configMapKeyRef) inv.out(`# ${e.name} from configmap ${e.valueFrom.configMapKeyRef.name}, key ${e.valueFrom.configMapKeyRef.key}\n`);
            else if (e.valueFrom?.secretKeyRef) inv.out(`# ${e.name} from secret ${e.valueFrom.secretKeyRef.name}, key ${e.valueFrom.secretKeyRef.key}\n`);
            else inv.out(`${e.name}=\n`);
          }
        }
      }
      return 0;
    }
    // --from: every key of a ConfigMap's or Secret's data (or those --keys names) as an env var read from it.
    const from = inv.flags.string('from');
    if (from) {
      const res = await buildInfos(inv, { args: [from], labelSelector: inv.flags.string('selector'), allowEmptySelector: inv.flags.bool('all') });
      throwIfErrors(res.errors);
      const keys = inv.flags.strings('keys');
      for (const info of res.infos) {
        const o = info.object as Any;
        const ref = o.kind === 'Secret' ? 'secretKeyRef' : o.kind === 'ConfigMap' ? 'configMapKeyRef' : undefined;
        if (!ref) throw new Error('unsupported resource specified in --from');
        // Go ranges over the data map in no fixed order; sorted here.
        for (const key of Object.keys(o.data ?? {}).sort()) {
          if (keys.length && !keys.includes(key)) continue;
          const name = key.replace(/[^a-zA-Z0-9_]/g, '_').toUpperCase();
          if (name !== key) inv.warn(`key ${key} transferred to ${name}`);
          set.push([name, { valueFrom: { [ref]: { key, name: o.metadata.name } } }]);
        }
      }
    }
    const prefix = inv.flags.string('prefix');
    if (prefix) for (const e of set) e[0] = prefix + e[0];
    return forEachObject(inv, resources, 'env updated', 'failed to patch env update to pod template: ', (ps, info) => {
      const targets = [...(ps.containers ?? []), ...(ps.initContainers ?? [])].filter((c: Any) => match(c.name));
      if (!targets.length) {
        inv.warn(`${info.object.kind}/${info.name} does not have any containers matching ${JSON.stringify(containerPattern)}`);
        return;
      }
      for (const c of targets) {
        let envs: Any[] = c.env ?? [];
        for (const [k, v] of set) {
          const e = typeof v === 'string' ? { name: k, value: v } : { name: k, ...v };
          const i = envs.findIndex((x) => x.name === k);
          if (i >= 0) envs[i] = e;
          else envs.push(e);
        }
        envs = envs.filter((e) => !remove.includes(e.name));
        if (envs.length) c.env = envs;
        else delete c.env;
      }
    });
  },
});

const QUANTITY_SYNTAX = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function parseResourceList(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const part of s.split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) throw new Error(`Invalid argument syntax ${part}, expected <resource>=<value>`);
    if (parseQuantity(part.slice(i + 1)) === undefined) throw new Error(QUANTITY_SYNTAX);
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

const resources = verb('set resources', {
  async run(inv) {
    let limits: Record<string, string> = {};
    let requests: Record<string, string> = {};
    // The builder's checks come first (Complete), then Validate's, then the quantities (Run).
    const validate = () => {
      if (inv.flags.bool('all') && inv.flags.string('selector')) throw new Error('cannot set --all and --selector at the same time');
      if (!inv.flags.string('limits') && !inv.flags.string('requests')) throw new Error('you must specify an update to requests or limits (in the form of --requests/--limits)');
      limits = parseResourceList(inv.flags.string('limits'));
      requests = parseResourceList(inv.flags.string('requests'));
    };
    const containerPattern = inv.flags.string('containers') || '*';
    const match = (n: string) => new RegExp('^' + containerPattern.replace(/\*/g, '.*') + '$').test(n);
    return forEachObject(inv, inv.args, 'resource requirements updated', 'failed to patch resources update to pod template ', (ps, _info, errors) => {
      const targets = (ps.containers ?? []).filter((c: Any) => match(c.name));
      if (!targets.length) {
        errors.push(new Error(`error: unable to find container named ${containerPattern}`));
        return;
      }
      for (const c of targets) {
        c.resources ??= {};
        if (Object.keys(limits).length) c.resources.limits = { ...(c.resources.limits ?? {}), ...limits };
        if (Object.keys(requests).length) c.resources.requests = { ...(c.resources.requests ?? {}), ...requests };
      }
    }, validate);
  },
});

export const set: Command = verb('set', { subcommands: [env, image, resources, selector, serviceaccount, subject] });
