/**
 * `kubectl set image|env|resources`: change the pod template's containers of
 * pods, deployments, replica sets, daemon sets and stateful sets.
 */
import type { KObject } from '../../api/meta.js';
import { clone, deepEqual } from '../../api/meta.js';
import { buildInfos, type Info } from '../framework/builder.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { dryRunStrategy, outputSpec, printResult, resourceKey, verb } from './mutate.js';
import { selector } from './set-selector.js';
import { serviceaccount } from './set-serviceaccount.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The pod spec inside an object (UpdatePodSpecForObject), or undefined when the kind has none. */
export function podSpecOf(obj: Any): Any | undefined {
  if (obj.kind === 'Pod') return (obj.spec ??= {});
  if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ReplicationController', 'Job'].includes(obj.kind)) return ((obj.spec ??= {}).template ??= {}).spec ??= {};
  return undefined;
}

/** Splits args: resource words first, then the first word with '=' (or ending in '-' for env) starts the changes. */
function splitArgs(args: string[], isChange: (a: string) => boolean): { resources: string[]; changes: string[] } {
  const i = args.findIndex(isChange);
  return i < 0 ? { resources: args, changes: [] } : { resources: args.slice(0, i), changes: args.slice(i) };
}

async function forEachObject(inv: Invocation, resources: string[], what: string, change: (obj: Any, info: Info) => void): Promise<number> {
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  const res = await buildInfos(inv, {
    args: resources, filenames: f.strings('filename'), recursive: f.bool('recursive'), labelSelector: f.string('selector'),
    allowEmptySelector: f.bool('all'), continueOnError: true,
  });
  const errors = [...res.errors];
  for (const info of res.infos) {
    try {
      const obj = clone(info.object) as Any;
      if (!podSpecOf(obj)) throw new Error(`error: ${info.resource.resource}/${info.name} ${what}: the object does not have a pod template`);
      change(obj, info);
      let out: KObject = obj as KObject;
      if (dryRun !== 'client' && !deepEqual(obj, info.object)) out = inv.client().update(resourceKey(info.resource), obj as KObject, { dryRun: dryRun === 'server' });
      printResult(inv, spec, info.resource, out, what, dryRun);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  return 0;
}

const image = verb('set image', {
  async run(inv) {
    const { resources, changes } = splitArgs(inv.args, (a) => a.includes('='));
    if (resources.length === 0 && inv.flags.strings('filename').length === 0) throw new Error('one or more resources must be specified as <resource> <name> or <resource>/<name>');
    if (changes.length === 0) throw new Error('at least one image update is required');
    const images: [string, string][] = changes.map((c) => {
      const i = c.indexOf('=');
      if (i <= 0 || i === c.length - 1) throw new Error(`invalid image ${c}`);
      return [c.slice(0, i), c.slice(i + 1)];
    });
    return forEachObject(inv, resources, 'image updated', (obj) => {
      const ps = podSpecOf(obj)!;
      for (const [name, img] of images) {
        let found = false;
        for (const list of [ps.initContainers ?? [], ps.containers ?? []]) {
          for (const c of list) if (name === '*' || c.name === name) { c.image = img; found = true; }
        }
        if (!found) throw new Error(`unable to find container named "${name}"`);
      }
    });
  },
});

const env = verb('set env', {
  async run(inv) {
    const { resources, changes } = splitArgs(inv.args, (a) => a.includes('=') || (a.endsWith('-') && a.length > 1));
    const all = [...changes, ...inv.flags.strings('env')];
    const list = inv.flags.bool('list');
    if (!list && all.length === 0) throw new Error('at least one environment variable must be provided');
    const set: [string, string][] = [];
    const remove: string[] = [];
    for (const c of all) {
      if (c.endsWith('-') && !c.includes('=')) remove.push(c.slice(0, -1));
      else {
        const i = c.indexOf('=');
        if (i <= 0) throw new Error(`invalid env: ${c}`);
        set.push([c.slice(0, i), c.slice(i + 1)]);
      }
    }
    const containerPattern = inv.flags.string('containers') || '*';
    const match = (n: string) => new RegExp('^' + containerPattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$').test(n);
    if (list) {
      const res = await buildInfos(inv, { args: resources, filenames: inv.flags.strings('filename'), labelSelector: inv.flags.string('selector'), allowEmptySelector: inv.flags.bool('all') });
      for (const info of res.infos) {
        const ps = podSpecOf(clone(info.object) as Any) ?? {};
        for (const c of ps.containers ?? []) {
          if (!match(c.name)) continue;
          inv.out(`# ${info.resource.resource}/${info.name}, container ${c.name}\n`);
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
    return forEachObject(inv, resources, 'env updated', (obj) => {
      const ps = podSpecOf(obj)!;
      const targets = (ps.containers ?? []).filter((c: Any) => match(c.name));
      if (!targets.length) throw new Error(`unable to find container named ${containerPattern}`);
      for (const c of targets) {
        let envs: Any[] = c.env ?? [];
        for (const [k, v] of set) {
          const i = envs.findIndex((e) => e.name === k);
          if (i >= 0) envs[i] = { name: k, value: v };
          else envs.push({ name: k, value: v });
        }
        envs = envs.filter((e) => !remove.includes(e.name));
        if (envs.length) c.env = envs;
        else delete c.env;
      }
    });
  },
});

function parseResourceList(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const part of s.split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) throw new Error(`invalid argument syntax ${part}`);
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

const resources = verb('set resources', {
  async run(inv) {
    const limits = parseResourceList(inv.flags.string('limits'));
    const requests = parseResourceList(inv.flags.string('requests'));
    if (!Object.keys(limits).length && !Object.keys(requests).length) throw new Error('you must specify an update to requests or limits (in the form of --requests/--limits)');
    const containerPattern = inv.flags.string('containers') || '*';
    const match = (n: string) => new RegExp('^' + containerPattern.replace(/\*/g, '.*') + '$').test(n);
    return forEachObject(inv, inv.args, 'resource requirements updated', (obj) => {
      const ps = podSpecOf(obj)!;
      const targets = (ps.containers ?? []).filter((c: Any) => match(c.name));
      if (!targets.length) throw new Error(`unable to find container named ${containerPattern}`);
      for (const c of targets) {
        c.resources ??= {};
        if (Object.keys(limits).length) c.resources.limits = { ...(c.resources.limits ?? {}), ...limits };
        if (Object.keys(requests).length) c.resources.requests = { ...(c.resources.requests ?? {}), ...requests };
      }
    });
  },
});

export const set: Command = verb('set', { subcommands: [env, image, resources, selector, serviceaccount] });
