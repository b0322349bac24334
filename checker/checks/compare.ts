/**
 * Field conditions shared by `object`, `ever` and `always`: a path and what
 * its value must be. Numbers and Kubernetes quantities ("512Mi", "250m")
 * compare by value, so `atLeast: 256Mi` accepts "512Mi" and "1Gi".
 */
import { parseQuantity } from '../../engine/util/quantity.js';
import { readPath, showValue } from '../fieldpath.js';
import type { Msg } from '../types.js';

export interface FieldCondition {
  path: string;
  equals?: unknown;
  notEquals?: unknown;
  oneOf?: unknown[];
  matches?: string;
  atLeast?: number | string;
  atMost?: number | string;
  /** true: the path must reach a value; false: it must not. */
  exists?: boolean;
}

export const CONDITION_KEYS = ['path', 'equals', 'notEquals', 'oneOf', 'matches', 'atLeast', 'atMost', 'exists'];

function quantity(v: unknown): number | undefined {
  return parseQuantity(typeof v === 'string' || typeof v === 'number' ? v : undefined);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof b === 'string' && typeof a === 'string') {
    const qa = quantity(a);
    const qb = quantity(b);
    return qa !== undefined && qb !== undefined && /[0-9]/.test(b) && qa === qb;
  }
  return (typeof a === 'number' || typeof b === 'number') && String(a) === String(b);
}

/** Whether one value meets the condition. */
export function valueMeets(v: unknown, c: FieldCondition): boolean {
  if (v === undefined) return c.exists === false;
  if (c.exists === false) return false;
  if (c.equals !== undefined && !same(v, c.equals)) return false;
  if (c.notEquals !== undefined && same(v, c.notEquals)) return false;
  if (c.oneOf !== undefined && !c.oneOf.some((x) => same(v, x))) return false;
  if (c.matches !== undefined && !new RegExp(c.matches).test(showValue(v))) return false;
  if (c.atLeast !== undefined) {
    const a = quantity(v);
    const b = quantity(c.atLeast);
    if (a === undefined || b === undefined || a < b) return false;
  }
  if (c.atMost !== undefined) {
    const a = quantity(v);
    const b = quantity(c.atMost);
    if (a === undefined || b === undefined || a > b) return false;
  }
  return true;
}

/** The values at the path (undefined when none) and whether every one meets the condition. */
export function objectMeets(obj: unknown, c: FieldCondition): { ok: boolean; value: unknown } {
  const vals = readPath(obj, c.path);
  if (vals.length === 0) {
    // Status counts are omitted when zero (availableReplicas of a Deployment scaled down to nothing).
    if (c.path.startsWith('status.') && (c.atLeast !== undefined || c.atMost !== undefined)) return { ok: valueMeets(0, c), value: 0 };
    return { ok: valueMeets(undefined, c), value: undefined };
  }
  return { ok: vals.every((v) => valueMeets(v, c)), value: vals.length === 1 ? vals[0] : vals };
}

/** "at least 256Mi", in both languages. */
export function describeGoal(c: FieldCondition): Msg {
  const ko: string[] = [];
  const en: string[] = [];
  if (c.exists === false) return { ko: '값이 없어야 함', en: 'not set' };
  if (c.equals !== undefined) { ko.push(`${showValue(c.equals)}`); en.push(`${showValue(c.equals)}`); }
  if (c.notEquals !== undefined) { ko.push(`${showValue(c.notEquals)}이(가) 아닌 값`); en.push(`anything but ${showValue(c.notEquals)}`); }
  if (c.oneOf !== undefined) {
    // An exercise lists 1 and "1" so either spelling passes; the learner reads each value once.
    const shown = [...new Set(c.oneOf.map(showValue))];
    if (shown.length === 1) { ko.push(shown[0]); en.push(shown[0]); }
    else { ko.push(`${shown.join(', ')} 중 하나`); en.push(`one of ${shown.join(', ')}`); }
  }
  if (c.matches !== undefined) { ko.push(`/${c.matches}/ 형식`); en.push(`matching /${c.matches}/`); }
  if (c.atLeast !== undefined) { ko.push(`${c.atLeast} 이상`); en.push(`at least ${c.atLeast}`); }
  if (c.atMost !== undefined) { ko.push(`${c.atMost} 이하`); en.push(`at most ${c.atMost}`); }
  if (ko.length === 0) return { ko: '값이 있어야 함', en: 'set' };
  return { ko: ko.join(', '), en: en.join(', ') };
}

/** Parses the `fields` list of a check's parameters (validated by the schema). */
export function conditions(raw: unknown): FieldCondition[] {
  return Array.isArray(raw) ? (raw as FieldCondition[]) : [];
}

export function validateConditions(raw: unknown, key = 'fields'): string | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) return `${key} must be a list`;
  for (const [i, c] of raw.entries()) {
    if (typeof c !== 'object' || c === null || typeof (c as FieldCondition).path !== 'string') return `${key}[${i}] needs a path`;
    for (const k of Object.keys(c)) if (!CONDITION_KEYS.includes(k)) return `${key}[${i}]: unknown key ${JSON.stringify(k)} (expected one of ${CONDITION_KEYS.join(', ')})`;
    const m = (c as FieldCondition).matches;
    if (m !== undefined) {
      try {
        new RegExp(m);
      } catch (e) {
        return `${key}[${i}].matches: ${(e as Error).message}`;
      }
    }
  }
  return undefined;
}
