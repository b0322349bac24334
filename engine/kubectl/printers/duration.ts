/**
 * k8s.io/apimachinery/pkg/util/duration.HumanDuration: the AGE column's
 * "5s", "3m2s", "15m", "5h4m", "2d3h", "10d", "3y120d". Exact below two
 * minutes, then coarser as the duration grows.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** translateTimestampSince: "<unknown>" for a missing time. */
export function since(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string' || !timestamp) return '<unknown>';
  if (now !== agesAt) { AGES.clear(); agesAt = now; }
  let age = AGES.get(timestamp);
  if (age === undefined) {
    const t = parseTime(timestamp);
    age = Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
    if (AGES.size >= PARSED_LIMIT) AGES.clear();
    AGES.set(timestamp, age);
  }
  return age;
}

// One table is printed at one `now`: its rows' ages are memoised for that instant.
const AGES = new Map<string, string>();
let agesAt = NaN;

// Rows of one table mostly share a few creation times (a ReplicaSet's pods
// are created in bursts), so parsing is memoised for a bounded set of stamps.
const PARSED = new Map<string, number>();
const PARSED_LIMIT = 4096;

function parseTime(timestamp: string): number {
  let t = PARSED.get(timestamp);
  if (t === undefined) {
    t = Date.parse(timestamp);
    if (PARSED.size >= PARSED_LIMIT) PARSED.clear();
    PARSED.set(timestamp, t);
  }
  return t;
}
