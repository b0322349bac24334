/** Shared positional-argument completion: resource types, then names of that type. */
import { RESOURCES, resolveResource, resourceKey } from '../../api/resources.js';
import type { CompletionContext } from './command.js';

export function completeResourceArgs(c: CompletionContext, args: string[], toComplete: string): string[] {
  if (args.length === 0) {
    const words = new Set<string>(['all']);
    for (const r of RESOURCES) if (!r.virtual && r.resource !== 'bindings') { words.add(r.resource); r.shortNames.forEach((s) => words.add(s)); }
    return [...words].filter((w) => w.startsWith(toComplete)).sort();
  }
  const info = resolveResource(args[0].split(',')[0]);
  if (!info) return [];
  try {
    return c.client().list(resourceKey(info), info.namespaced ? c.namespace : undefined).items.map((o) => o.metadata.name ?? '').filter((n) => n.startsWith(toComplete));
  } catch {
    return [];
  }
}
