/**
 * What a visit keeps in localStorage: the learner's command history and the
 * chosen speed. The cluster itself is per visit. Anything unreadable (another
 * version, a hand edit, a truncated write) is discarded with a notice.
 */
import { SPEEDS, type Speed } from './protocol';

export const SAVED_STATE_KEY = 'kubelab.lab.v1';
export const SAVED_STATE_VERSION = 1;
/** bash's default HISTSIZE. */
export const MAX_SAVED_HISTORY = 500;

export interface SavedState {
  version: typeof SAVED_STATE_VERSION;
  history: string[];
  speed: Speed;
}

export const DEFAULT_STATE: SavedState = { version: SAVED_STATE_VERSION, history: [], speed: 1 };

export type ParsedState = { state: SavedState; discarded: false } | { state: SavedState; discarded: true; reason: string };

export function parseSavedState(raw: string | null): ParsedState {
  if (raw === null) return { state: { ...DEFAULT_STATE, history: [] }, discarded: false };
  const fail = (reason: string): ParsedState => ({ state: { ...DEFAULT_STATE, history: [] }, discarded: true, reason });
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return fail('not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('not an object');
  const o = v as Record<string, unknown>;
  if (o.version !== SAVED_STATE_VERSION) return fail(`version ${JSON.stringify(o.version)}`);
  if (!Array.isArray(o.history) || !o.history.every((h) => typeof h === 'string')) return fail('history is not a list of strings');
  if (!SPEEDS.includes(o.speed as Speed)) return fail(`speed ${JSON.stringify(o.speed)}`);
  return { state: { version: SAVED_STATE_VERSION, history: (o.history as string[]).slice(-MAX_SAVED_HISTORY), speed: o.speed as Speed }, discarded: false };
}

export function serializeState(s: SavedState): string {
  return JSON.stringify({ version: SAVED_STATE_VERSION, history: s.history.slice(-MAX_SAVED_HISTORY), speed: s.speed });
}
