/** RFC 3339 with second precision, as metav1.Time serialises. */
export function rfc3339(ms: number): string {
  const sec = Math.floor(ms / 1000);
  // Thousands of writes share a simulated second; formatting a Date for each was a visible cost. A pod status mixes
  // now with the pod's start and its containers' (other seconds): each second keeps its text in a slot of its own.
  const slot = sec & (SECOND_SLOTS - 1);
  if (slotSeconds[slot] !== sec) {
    slotSeconds[slot] = sec;
    slotTexts[slot] = new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
  }
  return slotTexts[slot];
}

/** A power of two: recent seconds by their low bits. */
const SECOND_SLOTS = 64;
const slotSeconds: number[] = new Array<number>(SECOND_SLOTS).fill(NaN);
const slotTexts: string[] = new Array<string>(SECOND_SLOTS).fill('');

/** metav1.MicroTime, used by Leases and events.k8s.io. */
export function rfc3339Micro(ms: number): string {
  const sec = Math.floor(ms / 1000);
  const milli = ms - sec * 1000;
  // A clock reading (whole ms): the second's text, formatted once per second, and the milliseconds from a table.
  if (!Number.isInteger(milli)) return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  if (sec !== microSecond) {
    microSecond = sec;
    microPrefix = new Date(sec * 1000).toISOString().slice(0, -4);
  }
  // Joined into one flat text: these are kept in Events and Leases.
  return [microPrefix, MILLIS[milli], '000Z'].join('');
}

let microSecond = NaN;
/** "2026-01-01T00:00:00." */
let microPrefix = '';
const MILLIS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

export function parseTime(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** Go's time package's short day and month names (Mon, Jan), which every C and Go tool's dates share. */
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * "Mon, 02 Jan 2006 15:04:05 GMT" in UTC: http.TimeFormat (an HTTP Date header) with `zone` GMT,
 * time.RFC1123Z with "+0000".
 */
export function rfc1123(ms: number, zone: 'GMT' | '+0000'): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${zone}`;
}
