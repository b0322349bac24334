/**
 * Field paths in a JSONPath-like syntax, as `kubectl get -o jsonpath` users
 * write them (without the braces): `spec.replicas`,
 * `spec.template.spec.containers[0].image`, `spec.containers[*].image`,
 * `status.conditions[?(@.type=="Available")].status`,
 * `metadata.annotations['deployment.kubernetes.io/revision']`, and into an
 * annotation that holds JSON: `metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'].spec.replicas`.
 * A path yields every value it reaches (none when a step is missing).
 */

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; field: string[]; value: string | number | boolean };

export class FieldPathError extends Error {}

const cache = new Map<string, Step[]>();

export function parseFieldPath(path: string): Step[] {
  const hit = cache.get(path);
  if (hit) return hit;
  const steps: Step[] = [];
  let i = path.startsWith('.') ? 1 : 0;
  const fail = (why: string): never => {
    throw new FieldPathError(`field path ${JSON.stringify(path)}: ${why} at column ${i + 1}`);
  };
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      i++;
      continue;
    }
    if (c === '[') {
      const close = findClose(path, i);
      if (close < 0) fail('unclosed [');
      const inner = path.slice(i + 1, close).trim();
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?[0-9]+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else {
        const m = /^\?\(@\.([A-Za-z0-9_.\-]+)\s*==\s*("[^"]*"|'[^']*'|-?[0-9.]+|true|false)\)$/.exec(inner);
        if (!m) fail(`unsupported selector [${inner}]`);
        const raw = m![2];
        const value = /^["']/.test(raw) ? raw.slice(1, -1) : raw === 'true' ? true : raw === 'false' ? false : Number(raw);
        steps.push({ kind: 'filter', field: m![1].split('.'), value });
      }
      i = close + 1;
      continue;
    }
    const m = /^[A-Za-z0-9_\-/]+/.exec(path.slice(i));
    if (!m) fail(`unexpected ${JSON.stringify(c)}`);
    steps.push({ kind: 'field', name: m![0] });
    i += m![0].length;
  }
  cache.set(path, steps);
  return steps;
}

function findClose(s: string, open: number): number {
  let quote = '';
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ']') return i;
  }
  return -1;
}

/**
 * A string that holds a JSON object (the last-applied-configuration annotation) is walked into like the object it
 * holds, so a path can name a field of what `kubectl apply` last applied.
 */
function jsonObject(s: string): unknown {
  if (!s.startsWith('{')) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Every value `path` reaches in `obj`. */
export function readPath(obj: unknown, path: string): unknown[] {
  let cur: unknown[] = [obj];
  for (const step of parseFieldPath(path)) {
    const next: unknown[] = [];
    for (const item of cur) {
      const v = typeof item === 'string' ? jsonObject(item) : item;
      if (v === null || typeof v !== 'object') continue;
      switch (step.kind) {
        case 'field': {
          const x = (v as Record<string, unknown>)[step.name];
          if (x !== undefined) next.push(x);
          break;
        }
        case 'index': {
          if (!Array.isArray(v)) break;
          const x = v[step.index < 0 ? v.length + step.index : step.index];
          if (x !== undefined) next.push(x);
          break;
        }
        case 'all':
          if (Array.isArray(v)) next.push(...v);
          else next.push(...Object.values(v as object));
          break;
        case 'filter':
          if (!Array.isArray(v)) break;
          for (const item of v) {
            let f: unknown = item;
            for (const k of step.field) f = f !== null && typeof f === 'object' ? (f as Record<string, unknown>)[k] : undefined;
            if (f === step.value || (f !== undefined && String(f) === String(step.value))) next.push(item);
          }
          break;
      }
    }
    cur = next;
  }
  return cur;
}

/** How a value prints in a message: strings bare, the rest as JSON. */
export function showValue(v: unknown): string {
  if (v === undefined) return '<none>';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
