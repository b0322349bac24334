/**
 * `kubectl describe` (kubectl/pkg/cmd/describe): resolves what to describe
 * through the builder, hands each object to its kind's describer
 * (engine/kubectl/describe/), prints them two blank lines apart, and reports
 * the errors at the end. `describe TYPE PREFIX` falls back to every object
 * whose name starts with PREFIX when no object has exactly that name.
 */
import { isNotFound } from '../../api/errors.js';
import { resourceKey } from '../../api/resources.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { buildInfos, splitTypes, type Info } from '../framework/builder.js';
import { describerFor, type DescribeContext } from '../describe/index.js';
import { renderPod } from '../describe/pod.js';
import { rfc1123z } from '../describe/format.js';
import { HELP } from './help-data.js';

function contextOf(inv: Invocation): DescribeContext {
  return { client: inv.client(), now: inv.now(), showEvents: inv.flags.bool('show-events') };
}

function describeInfo(inv: Invocation, ctx: DescribeContext, i: Info): string {
  return describerFor(resourceKey(i.resource))(i.object, ctx);
}

/**
 * DescribeMatchingResources: with exactly two arguments and a NotFound, the
 * first argument alone is resolved (a type, or a TYPE/NAME) and every object
 * whose name starts with the second is described, each followed by a blank
 * line; the original NotFound when none does.
 */
async function describeMatching(inv: Invocation, ctx: DescribeContext, resource: string, prefix: string, original: unknown): Promise<number> {
  if (!resource.includes('/') && splitTypes(resource).length !== 1) throw new Error(SINGLE_RESOURCE_TYPE);
  const res = await buildInfos(inv, { args: [resource], allowEmptySelector: true });
  let found = false;
  for (const i of res.infos) {
    if (!i.name.startsWith(prefix)) continue;
    found = true;
    inv.out(`${describeInfo(inv, ctx, i)}
`);
  }
  if (!found) throw original;
  return 0;
}

const SINGLE_RESOURCE_TYPE = 'you may only specify a single resource type';

export const describe: Command = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  ...HELP.describe,
  async run(inv) {
    const f = inv.flags;
    if (inv.args.length === 0 && f.strings('filename').length === 0) {
      throw new Error('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
    }
    const all = f.bool('all-namespaces');
    const ctx = contextOf(inv);
    const res = await buildInfos(inv, { args: inv.args, filenames: f.strings('filename'), recursive: f.bool('recursive'), labelSelector: f.string('selector'), allNamespaces: all, allowEmptySelector: true, continueOnError: true, versionedMapping: true });
    if (res.errors.length === 1 && isNotFound(res.errors[0]) && inv.args.length === 2) {
      return describeMatching(inv, ctx, inv.args[0], inv.args[1], res.errors[0]);
    }
    // r.Infos()'s errors stay one aggregate inside the command's (CheckErr prints its plain errors without "error: ").
    const errors: unknown[] = res.errors.length ? [new AggregateError(res.errors)] : [];
    const seen = new Set<string>();
    let first = true;
    for (const info of res.infos) {
      let text: string;
      try {
        text = describeInfo(inv, ctx, info);
      } catch (e) {
        const msg = String((e as Error)?.message ?? e);
        if (!seen.has(msg)) { seen.add(msg); errors.push(e); }
        continue;
      }
      inv.out(first ? text : `\n\n${text}`);
      first = false;
    }
    if (!res.infos.length && !errors.length) {
      inv.err(all ? 'No resources found\n' : `No resources found in ${inv.namespace} namespace.\n`);
    }
    if (errors.length) throw errors.length === 1 ? errors[0] : new AggregateError(errors);
    return 0;
  },
};

/** The Pod layout, for callers that render a pod without a cluster. */
export const describePod = renderPod;
export { rfc1123z };
