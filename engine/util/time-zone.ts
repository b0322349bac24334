/**
 * Time zones as Go's time.LoadLocation finds them, for CronJobs' spec.timeZone
 * and a schedule's TZ= prefix. The simulation carries no tzdata of its own: the
 * IANA database the JavaScript runtime ships (Intl) answers the offsets, so
 * zones with daylight saving time move their schedules as a real cluster does.
 * Offsets depend only on the instant and the name, so the simulation stays
 * deterministic for a given runtime.
 */

export interface Zone {
  readonly name: string;
  /** The zone's offset east of UTC at the instant `utcMs`, in ms. */
  offsetMs(utcMs: number): number;
}

export const UTC_ZONE: Zone = { name: 'UTC', offsetMs: () => 0 };

const zones = new Map<string, Zone | null>();

/**
 * The zone named `name`, or undefined where LoadLocation fails ("unknown time
 * zone X"). Go reads tzdata by file name, so a name is case-sensitive and must
 * name a zone, not an offset ("+05:00" is not a file).
 */
export function loadLocation(name: string): Zone | undefined {
  if (name === '' || name === 'UTC') return UTC_ZONE;
  let z = zones.get(name);
  if (z === undefined) {
    z = intlZone(name);
    zones.set(name, z);
  }
  return z ?? undefined;
}

function intlZone(name: string): Zone | null {
  if (!/[A-Za-z]/.test(name)) return null;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    return null;
  }
  const resolved = format.resolvedOptions().timeZone;
  // Intl matches names without regard to case; a file system does not.
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return null;
  return {
    name,
    offsetMs(utcMs: number): number {
      const at = Math.floor(utcMs / 1000) * 1000;
      const p: Record<string, number> = {};
      for (const part of format.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
    },
  };
}

/** The wall-clock fields of `utcMs` in `zone` (a Date whose UTC getters read them). */
export function wallClock(zone: Zone, utcMs: number): Date {
  return new Date(utcMs + zone.offsetMs(utcMs));
}

/**
 * time.Date in `zone`: the instant of a wall-clock time, fields normalised as
 * Date.UTC does. A time in a gap or an overlap takes the offset Go's Date
 * takes: the one in force at the wall time read as UTC, unless the instant it
 * gives lies outside that offset's period.
 */
export function zonedTime(zone: Zone, year: number, month0: number, day: number, hour = 0, minute = 0, second = 0): number {
  const wall = Date.UTC(year, month0, day, hour, minute, second);
  const guess = zone.offsetMs(wall);
  const utc = wall - guess;
  const actual = zone.offsetMs(utc);
  return actual === guess ? utc : wall - actual;
}
