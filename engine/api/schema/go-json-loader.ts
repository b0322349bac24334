/**
 * The Go types' round trip (go-json.ts) loads on first use: a fresh lab's own
 * components write what their Go counterparts would (checked by
 * go-json.test.ts), so only what a learner sends needs it. kubectl loads it
 * before a command that may write (holding the clock), the lab fetches it at
 * idle; until it has loaded, a write is stored as sent.
 */
import type { KObject } from '../meta.js';

type GoJSON = typeof import('./go-json.js');
let mod: GoJSON | undefined;
let loading: Promise<GoJSON> | undefined;

export function loadGoJSON(): Promise<GoJSON> {
  return (loading ??= import('./go-json.js').then((m) => (mod = m)));
}

export function goJSONLoaded(): boolean {
  return mod !== undefined;
}

/** go-json.ts's roundTrip once loaded; before that, the object unchanged. */
export function goRoundTrip<T extends KObject | unknown>(kind: string, obj: T, encode: boolean, field?: string): T {
  return mod ? mod.roundTrip(kind, obj, encode, field) : obj;
}
