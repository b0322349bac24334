/**
 * The Go types' round trip (go-json.ts) loads on first use: a fresh lab's own
 * components write what their Go counterparts would (checked by
 * go-json.test.ts), so only what a learner sends needs it. kubectl loads it
 * before a command that may write (holding the clock), the lab fetches it at
 * idle; until it has loaded, a write is stored as sent.
 */
import type { KObject } from '../meta.js';
import { lazyModule } from '../../util/lazy-module.js';
import { loadLazyTypes } from './lazy.js';
import { serviceWrites } from '../registry/services.js';

// The lazily served kinds' field types come along: their objects round-trip through the same Go types. So do the
// Service registry's allocations: a fresh lab's components name their Services' addresses.
const goJSON = lazyModule(() => Promise.all([import('./go-json.js'), loadLazyTypes(), serviceWrites.load()]).then(([m]) => m));

export function loadGoJSON(): Promise<typeof import('./go-json.js')> {
  return goJSON.load();
}

export function goJSONLoaded(): boolean {
  return goJSON.loaded() !== undefined;
}

/** go-json.ts's roundTrip once loaded; before that, the object unchanged. */
export function goRoundTrip<T extends KObject | unknown>(kind: string, obj: T, encode: boolean | 'validate', field?: string): T {
  const mod = goJSON.loaded();
  return mod ? mod.roundTrip(kind, obj, encode, field) : obj;
}
