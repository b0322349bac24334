/**
 * `kubectl cordon` / `uncordon`: flips spec.unschedulable of the named nodes
 * (or -l); `node/x cordoned`, `already cordoned`, `uncordoned`.
 */
import type { KObject } from '../../api/meta.js';
import { buildInfos, type Info } from '../framework/builder.js';
import { UsageError, type Command, type Invocation } from '../framework/command.js';
import { dryRunStrategy, kindName, resourceKey, verb, type DryRun } from './mutate.js';

export async function nodeInfos(inv: Invocation): Promise<Info[]> {
  const selector = inv.flags.string('selector');
  if (inv.args.length === 0 && !selector) throw new UsageError('USAGE: ' + inv.cmd.name + ' NODE [flags]');
  const res = await buildInfos(inv, { args: inv.args.some((a) => a.includes('/')) ? inv.args : ['nodes', ...inv.args], labelSelector: selector, allowEmptySelector: true });
  return res.infos;
}

/** Sets spec.unschedulable; prints the result line. */
export function cordonNode(inv: Invocation, info: Info, desired: boolean, dryRun: DryRun): KObject {
  const unschedulable = !!(info.object.spec as { unschedulable?: boolean } | undefined)?.unschedulable;
  const word = desired ? 'cordoned' : 'uncordoned';
  if (unschedulable === desired) {
    inv.out(`${kindName(info.resource, info.name)} already ${word}${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}\n`);
    return info.object;
  }
  let out = info.object;
  if (dryRun !== 'client') {
    out = inv.client().patch(resourceKey(info.resource), undefined, info.name, 'strategic', { spec: { unschedulable: desired ? true : null } }, { dryRun: dryRun === 'server' });
  }
  inv.out(`${kindName(info.resource, info.name)} ${word}${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}\n`);
  return out;
}

function makeVerb(desired: boolean): Command {
  return verb(desired ? 'cordon' : 'uncordon', {
    async run(inv) {
      const dryRun = dryRunStrategy(inv);
      for (const i of await nodeInfos(inv)) {
        try {
          cordonNode(inv, i, desired, dryRun);
        } catch (e) {
          inv.err(`error: unable to ${desired ? 'cordon' : 'uncordon'} node "${i.name}": ${String((e as Error).message)}\n`);
        }
      }
      return 0;
    },
  });
}

export const cordon = makeVerb(true);
export const uncordon = makeVerb(false);
