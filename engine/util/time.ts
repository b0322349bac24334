/** RFC 3339 with second precision, as metav1.Time serialises. */
export function rfc3339(ms: number): string {
  const sec = Math.floor(ms / 1000);
  // Thousands of writes share a simulated second; formatting a Date for each was a visible cost.
  if (sec !== lastSecond) {
    lastSecond = sec;
    lastText = new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastText;
}

let lastSecond = NaN;
let lastText = '';

/** metav1.MicroTime, used by Leases and events.k8s.io. */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function parseTime(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}
