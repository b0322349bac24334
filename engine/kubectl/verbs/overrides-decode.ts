/**
 * The typed decode after --overrides (cmdutil.Merge and its kin): loaded on
 * first use by run and expose (run.ts's loadOverrideDecoder).
 */
import { inspect } from '../../api/schema/index.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * runtime.Decode of the patched JSON into the typed object: the version and
 * kind read first, then encoding/json's first type error; fields the Go type
 * lacks are dropped without a word.
 */
export function decodeTyped(v: unknown): Any {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    const t = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'boolean' ? 'bool' : typeof v;
    throw new Error(`couldn't get version/kind; json parse error: json: cannot unmarshal ${t} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  const o = v as Any;
  if (o.apiVersion !== 'v1') throw new Error(`no kind "${o.kind}" is registered for version "${o.apiVersion}" in scheme "pkg/scheme/scheme.go:28"`);
  const found = inspect(String(o.kind), o);
  if (found.error) throw new Error(found.error);
  for (const path of found.unknown) {
    const steps = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
    let at: Any = o;
    for (const step of steps.slice(0, -1)) at = at?.[step.startsWith('[') ? Number(step.slice(1, -1)) : step];
    if (at && typeof at === 'object') delete at[steps[steps.length - 1]];
  }
  return o;
}

