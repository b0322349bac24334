import { describe, expect, it } from 'vitest';
import { nextAfter, parseCron, type CronSchedule } from './cron.js';
import { loadLocation } from '../../util/time-zone.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function schedule(spec: string): CronSchedule {
  const s = parseCron(spec);
  if (typeof s === 'string') throw new Error(s);
  return s;
}

// Expected instants follow robfig/cron/v3's SpecSchedule.Next (the CronJob controller's) with Go's tzdata:
// in America/New_York daylight saving time starts 2026-03-08 02:00 EST and ends 2026-11-01 02:00 EDT.
describe('nextAfter in zones with daylight saving time', () => {
  const ny = loadLocation('America/New_York')!;

  it('keeps the wall-clock hour across the change of offset', () => {
    const s = schedule('0 9 * * *');
    expect(iso(nextAfter(s, at('2026-03-07T00:00:00Z'), ny))).toBe('2026-03-07T14:00:00.000Z');
    expect(iso(nextAfter(s, at('2026-03-07T14:00:00Z'), ny))).toBe('2026-03-08T13:00:00.000Z');
    expect(iso(nextAfter(s, at('2026-10-31T13:00:00Z'), ny))).toBe('2026-11-01T14:00:00.000Z');
  });

  it('skips a time the spring-forward jump removes', () => {
    expect(iso(nextAfter(schedule('30 2 * * *'), at('2026-03-07T08:00:00Z'), ny))).toBe('2026-03-09T06:30:00.000Z');
  });

  it('fires twice in the hour the clocks repeat', () => {
    const s = schedule('30 1 * * *');
    const first = nextAfter(s, at('2026-11-01T04:00:00Z'), ny);
    expect(iso(first)).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(nextAfter(s, first, ny))).toBe('2026-11-01T06:30:00.000Z');
  });

  it('reads TZ= in the schedule before the zone it is given', () => {
    expect(iso(nextAfter(schedule('TZ=Asia/Seoul 0 9 * * *'), at('2026-01-01T00:00:00Z'), ny))).toBe('2026-01-02T00:00:00.000Z');
  });

  it('steps to the next month and wraps the year in UTC', () => {
    expect(iso(nextAfter(schedule('0 0 1 1 *'), at('2026-06-15T12:00:00Z')))).toBe('2027-01-01T00:00:00.000Z');
    expect(iso(nextAfter(schedule('*/15 * * * *'), at('2026-06-15T12:07:10Z')))).toBe('2026-06-15T12:15:00.000Z');
    expect(nextAfter(schedule('0 0 30 2 *'), at('2026-01-01T00:00:00Z'))).toBe(0);
  });
});

describe('loadLocation', () => {
  it('finds IANA names as Go does, case-sensitively', () => {
    expect(loadLocation('America/New_York')?.offsetMs(at('2026-07-01T00:00:00Z'))).toBe(-4 * 3_600_000);
    expect(loadLocation('Europe/Berlin')?.offsetMs(at('2026-01-01T00:00:00Z'))).toBe(3_600_000);
    expect(loadLocation('UTC')?.offsetMs(0)).toBe(0);
    expect(loadLocation('america/new_york')).toBeUndefined();
    expect(loadLocation('Mars/Base')).toBeUndefined();
    expect(loadLocation('+05:00')).toBeUndefined();
  });
});
