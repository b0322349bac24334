/**
 * The cron schedules CronJobs take: github.com/robfig/cron/v3's ParseStandard
 * (five fields, or a descriptor such as @hourly, optionally after TZ=zone),
 * with its error texts, which the API server reports as the schedule's
 * validation error, and SpecSchedule.Next, which the CronJob controller uses.
 */

import { loadLocation, UTC_ZONE, wallClock, zonedTime, type Zone } from '../../util/time-zone.js';

export interface CronSchedule {
  /** The allowed values of each field (1 at index n: value n allowed); *Star: the field was written as * or ?. */
  minute: Uint8Array; hour: Uint8Array; dom: Uint8Array; month: Uint8Array; dow: Uint8Array;
  domStar: boolean; dowStar: boolean;
  /** @every: a fixed period in ms instead. */
  every?: number;
  /** The zone of TZ=/CRON_TZ= in the schedule (undefined: the controller's zone). */
  tz?: Zone;
}

interface Bounds { min: number; max: number; names?: Record<string, number> }

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** time.LoadLocation's error for a name it cannot find. */
export function unknownTimeZone(name: string): string {
  return `unknown time zone ${name}`;
}

class CronError extends Error {}

function atoi(expr: string): number {
  // strconv.Atoi accepts an optional sign and decimal digits only.
  if (!/^[+-]?[0-9]+$/.test(expr)) throw new CronError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function intOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()];
  return named !== undefined ? named : atoi(expr);
}

function getRange(expr: string, b: Bounds): { bits: Uint8Array; star: boolean } {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min; end = b.max; star = true;
  } else {
    start = intOrName(lowAndHigh[0], b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1], b);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = atoi(rangeAndStep[1]);
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < b.min) throw new CronError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  const bits = new Uint8Array(64);
  for (let v = start; v <= end; v += step) bits[v] = 1;
  return { bits, star };
}

function getField(text: string, b: Bounds): { bits: Uint8Array; star: boolean } {
  const bits = new Uint8Array(64);
  let star = false;
  for (const expr of text.split(',').filter((s) => s !== '')) {
    const r = getRange(expr, b);
    for (let v = 0; v < 64; v++) bits[v] |= r.bits[v];
    star ||= r.star;
  }
  return { bits, star };
}

export function hasBit(bits: Uint8Array, v: number): boolean {
  return bits[v] === 1;
}

function only(v: number): Uint8Array {
  const bits = new Uint8Array(64);
  bits[v] = 1;
  return bits;
}

/** Go's time.ParseDuration for the forms a schedule's @every takes ("1h30m", "90s", "1.5h"). */
function parseGoDuration(s: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  if (s === '0') return 0;
  const re = /([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let i = 0;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]];
    i = re.lastIndex;
  }
  return s.length ? total : undefined;
}

/** cron.ParseStandard: the schedule, or robfig/cron's error text. */
export function parseCron(spec: string): CronSchedule | string {
  try {
    return parse(spec);
  } catch (e) {
    if (e instanceof CronError) return e.message;
    throw e;
  }
}

function parse(input: string): CronSchedule {
  let spec = input;
  if (spec.length === 0) throw new CronError('empty spec string');
  let tz: Zone | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    const name = i < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, i);
    tz = loadLocation(name);
    if (!tz) throw new CronError(`provided bad location ${name}: ${unknownTimeZone(name)}`);
    spec = i < 0 ? '' : spec.slice(i).trim();
  }
  if (spec.startsWith('@')) return { ...descriptor(spec), tz };
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const minute = getField(fields[0], MINUTES);
  const hour = getField(fields[1], HOURS);
  const dom = getField(fields[2], DOM);
  const month = getField(fields[3], MONTHS);
  const dow = getField(fields[4], DOW);
  return { minute: minute.bits, hour: hour.bits, dom: dom.bits, month: month.bits, dow: dow.bits, domStar: dom.star, dowStar: dow.star, tz };
}

const ALL = (b: Bounds) => getRange('*', b).bits;

function descriptor(d: string): CronSchedule {
  const at = (minute: number, hour: number, dom: number, month: number, dowStar: boolean): CronSchedule => ({
    minute: only(minute), hour: hour < 0 ? ALL(HOURS) : only(hour), dom: dom < 0 ? ALL(DOM) : only(dom), month: month < 0 ? ALL(MONTHS) : only(month),
    dow: dowStar ? ALL(DOW) : only(0), domStar: dom < 0, dowStar,
  });
  switch (d) {
    case '@yearly': case '@annually': return at(0, 0, 1, 1, true);
    case '@monthly': return at(0, 0, 1, -1, true);
    case '@weekly': return { ...at(0, 0, -1, -1, false), domStar: true };
    case '@daily': case '@midnight': return at(0, 0, -1, -1, true);
    case '@hourly': return at(0, -1, -1, -1, true);
  }
  if (d.startsWith('@every ')) {
    const text = d.slice('@every '.length);
    const ms = parseGoDuration(text);
    if (ms === undefined) throw new CronError(`failed to parse duration ${d}: time: invalid duration ${JSON.stringify(text)}`);
    // ConstantDelaySchedule: at least one second, whole seconds.
    const none = new Uint8Array(64);
    return { minute: none, hour: none, dom: none, month: none, dow: none, domStar: false, dowStar: false, every: Math.max(1000, Math.floor(ms / 1000) * 1000) };
  }
  throw new CronError(`unrecognized descriptor: ${d}`);
}

/**
 * SpecSchedule.Next: the first time after `after` (ms) the schedule fires, in
 * its TZ= zone, else `zone`; 0 when none within five years (robfig's answer).
 * Days and months step in wall-clock time, hours and minutes in elapsed time,
 * as robfig/cron/v3 does: a time a daylight-saving jump skips does not fire
 * that day, and an hour the clocks repeat fires twice.
 */
export function nextAfter(s: CronSchedule, after: number, zone: Zone = UTC_ZONE): number {
  if (s.every !== undefined) return Math.floor(after / 1000) * 1000 + s.every;
  const loc = s.tz ?? zone;
  const dayMatches = (d: Date): boolean => {
    const domOk = hasBit(s.dom, d.getUTCDate());
    const dowOk = hasBit(s.dow, d.getUTCDay());
    return s.domStar || s.dowStar ? domOk && dowOk : domOk || dowOk;
  };
  // The upcoming second.
  let t = Math.floor(after / 1000) * 1000 + 1000;
  let added = false;
  let w = wallClock(loc, t);
  const yearLimit = w.getUTCFullYear() + 5;
  wrap: for (;;) {
    w = wallClock(loc, t);
    if (w.getUTCFullYear() > yearLimit) return 0;
    while (!hasBit(s.month, w.getUTCMonth() + 1)) {
      if (!added) {
        added = true;
        t = zonedTime(loc, w.getUTCFullYear(), w.getUTCMonth(), 1);
        w = wallClock(loc, t);
      }
      // AddDate(0, 1, 0): the same wall-clock time a month on.
      t = zonedTime(loc, w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds());
      w = wallClock(loc, t);
      if (w.getUTCMonth() === 0) continue wrap;
    }
    while (!dayMatches(w)) {
      if (!added) {
        added = true;
        t = zonedTime(loc, w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate());
        w = wallClock(loc, t);
      }
      t = zonedTime(loc, w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate() + 1, w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds());
      w = wallClock(loc, t);
      // Where midnight does not exist that day, back to 0h (or on to the next day's).
      const h = w.getUTCHours();
      if (h !== 0) {
        t += (h > 12 ? 24 - h : -h) * 3_600_000;
        w = wallClock(loc, t);
      }
      if (w.getUTCDate() === 1) continue wrap;
    }
    while (!hasBit(s.hour, w.getUTCHours())) {
      if (!added) {
        added = true;
        t = zonedTime(loc, w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), w.getUTCHours());
      }
      t += 3_600_000;
      w = wallClock(loc, t);
      if (w.getUTCHours() === 0) continue wrap;
    }
    while (!hasBit(s.minute, w.getUTCMinutes())) {
      if (!added) {
        added = true;
        t = Math.floor(t / 60_000) * 60_000;
      }
      t += 60_000;
      w = wallClock(loc, t);
      if (w.getUTCMinutes() === 0) continue wrap;
    }
    // The standard parser's seconds field is 0 only.
    while (w.getUTCSeconds() !== 0) {
      if (!added) {
        added = true;
        t = Math.floor(t / 1000) * 1000;
      }
      t += 1000;
      w = wallClock(loc, t);
      if (w.getUTCSeconds() === 0) continue wrap;
    }
    return t;
  }
}
