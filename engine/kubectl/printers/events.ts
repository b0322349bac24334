/** Event helpers shared by `kubectl events` and describe's Events section (kubectl/pkg/cmd/events, pkg/describe). */
import { since } from './duration.js';
import { goSort } from '../describe/gosort.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** "25s", or "25s (x3 over 2m)" for a repeated event. */
export function eventInterval(e: Any, now: number): string {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/**
 * `kubectl events`: sort.Sort(SortableEvents) (pkg/cmd/events), by the series' last
 * observed time, else lastTimestamp, else eventTime, with Go's unstable sort: how
 * events of the same second end up is that algorithm's, not the list's order.
 */
export function sortEvents<T>(events: T[]): T[] {
  const keyed = events.map((e) => ({ e, t: eventTime(e as Any) }));
  return goSort(keyed, (a, b) => a.t < b.t).map((x) => x.e);
}

/** events.go eventTime: a zero lastTimestamp falls through to eventTime (zero when unset). */
function eventTime(e: Any): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime;
  const ms = typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}
