/** Event helpers shared by `kubectl events` and describe's Events section (kubectl/pkg/cmd/events, pkg/describe). */
import { since } from './duration.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** "25s", or "25s (x3 over 2m)" for a repeated event. */
export function eventInterval(e: Any, now: number): string {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** The time events are ordered by: series last observation, else lastTimestamp, else eventTime. */
export function eventSortTime(e: Any): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
  const ms = typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

export function sortEvents<T>(events: T[]): T[] {
  return events.map((e, i) => ({ e, i })).sort((a, b) => eventSortTime(a.e as Any) - eventSortTime(b.e as Any) || a.i - b.i).map((x) => x.e);
}
