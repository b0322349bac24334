/**
 * Tab completion for the shell: verbs and subcommands, flags, resource types
 * (plural names, short names, `type/` forms), object names of the typed type,
 * and namespaces after -n. Mirrors what `kubectl completion bash` offers.
 */
import type { Cluster } from '../../cluster.js';
import { RESOURCES, resourceKey, resolveResource } from '../../api/resources.js';
import type { ProcessContext } from '../../shell/process.js';
import type { Command } from './command.js';
import { findSubcommand } from './command.js';
import { GLOBAL_FLAGS } from './root.js';

/** Verbs whose first argument is a resource type. */
const TYPE_VERBS = new Set(['get', 'describe', 'delete', 'edit', 'explain', 'label', 'annotate', 'patch', 'scale', 'wait', 'events', 'rollout']);

/**
 * What kubectl's compGetResourceList offers: `kubectl api-resources -o name
 * --verbs=get` (pods, deployments.apps...), never short names or `all`.
 */
function resourceTypeWords(): string[] {
  const out = new Set<string>();
  for (const r of RESOURCES) {
    if (!r.verbs.includes('get')) continue;
    out.add(r.group ? `${r.resource}.${r.group}` : r.resource);
  }
  return [...out].sort();
}

function objectNames(cluster: Cluster, typed: string, namespace: string): string[] {
  const info = resolveResource(typed);
  if (!info) return [];
  try {
    return cluster.client('kubectl').list(resourceKey(info), info.namespaced ? namespace : undefined).items.map((o) => o.metadata.name ?? '');
  } catch {
    return [];
  }
}

export function completeKubectl(root: Command, argv: string[], ctx: Pick<ProcessContext, 'cluster' | 'fs' | 'cwd'>): string[] {
  const words = argv.slice(1);
  const toComplete = words.length ? words[words.length - 1] : '';
  const before = words.slice(0, -1);
  // Walk to the command named so far.
  let cmd = root;
  const positional: string[] = [];
  let namespace = 'default';
  for (let i = 0; i < before.length; i++) {
    const w = before[i];
    if (w === '-n' || w === '--namespace') {
      namespace = before[i + 1] ?? namespace;
      i++;
      continue;
    }
    if (w.startsWith('--namespace=')) { namespace = w.slice(12); continue; }
    if (w.startsWith('-')) continue;
    const sub = cmd.subcommands?.length ? findSubcommand(cmd, w) : undefined;
    if (sub && positional.length === 0) { cmd = sub; continue; }
    positional.push(w);
  }
  const prev = before[before.length - 1];
  const match = (list: string[]) => list.filter((x) => x.startsWith(toComplete));
  if (prev === '-n' || prev === '--namespace') return match(objectNames(ctx.cluster, 'namespaces', namespace));
  if (toComplete.startsWith('-')) {
    const flags = [...(cmd.flags ?? []), ...(cmd === root ? [] : GLOBAL_FLAGS)].filter((f) => !f.hidden).map((f) => `--${f.name}`);
    return match(flags.sort());
  }
  if (cmd.subcommands?.length && positional.length === 0) return match(cmd.subcommands.map((c) => c.name));
  if (!TYPE_VERBS.has(cmd.name)) return [];
  if (positional.length === 0) {
    const slash = toComplete.indexOf('/');
    if (slash > 0) {
      const type = toComplete.slice(0, slash);
      return match(objectNames(ctx.cluster, type, namespace).map((n) => `${type}/${n}`));
    }
    // A comma-separated list completes its last element (pods,secre → pods,secrets).
    const comma = toComplete.lastIndexOf(',') + 1;
    return resourceTypeWords().filter((w) => w.startsWith(toComplete.slice(comma))).map((w) => toComplete.slice(0, comma) + w);
  }
  return match(objectNames(ctx.cluster, positional[0].split(',')[0], namespace));
}
