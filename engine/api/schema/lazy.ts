/**
 * The field types of the kinds whose code loads on first use (generate.ts LAZY_ROOTS): types-lazy.json holds
 * them in SCHEMA's own shape and this one loader merges it on demand, so a lesson page's entry does not carry
 * them. types.json names those kinds (SCHEMA.lazy): whatever decodes, defaults, patches or round-trips one
 * awaits loadLazyTypes first (registry/lazy-kinds.ts kindReady does it together with the kind's code).
 */
import { lazyModule } from '../../util/lazy-module.js';
import { SCHEMA } from './index.js';

const lazyTypes = lazyModule(() => import('./types-lazy.json').then((t) => {
  const data = t.default as unknown as Pick<typeof SCHEMA, 'roots' | 'types'>;
  Object.assign(SCHEMA.types, data.types);
  Object.assign(SCHEMA.roots, data.roots);
  return true;
}));

export function loadLazyTypes(): Promise<unknown> {
  return lazyTypes.load();
}

export function lazyTypesLoaded(): boolean {
  return lazyTypes.loaded() !== undefined;
}

/** Whether `kind`'s field types are among those still to load. */
export function typesPending(kind: string): boolean {
  return lazyTypes.loaded() === undefined && LAZY_KINDS.has(kind);
}

const LAZY_KINDS = new Set(SCHEMA.lazy);
