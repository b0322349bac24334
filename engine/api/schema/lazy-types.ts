/**
 * The field schema of the kinds a fresh lab does not use (Ingress,
 * IngressClass, NetworkPolicy, PriorityClass, LimitRange, ResourceQuota:
 * generate.ts LAZY_ROOTS) loads with their validation. Until it has, the
 * decoder knows no fields of those kinds and takes what is sent, as go-json's
 * round trip does before it loads.
 */
import { extendSchema, type StructSchema } from './index.js';

let loaded = false;

export async function loadLazyTypes(): Promise<void> {
  if (loaded) return;
  const data = (await import('./types-lazy.json')).default as unknown as { roots: Record<string, string>; types: Record<string, StructSchema> };
  if (loaded) return;
  extendSchema(data);
  loaded = true;
}
