/**
 * GNU date's --date strings (gnulib parse_datetime), the forms people write:
 * `@SECONDS`, `now`, `today`, `yesterday`, `tomorrow`, ISO dates and times
 * (`2026-03-04`, `2026-03-04 05:06[:07]`, `2026-03-04T05:06:07Z`, a bare
 * `05:06`), a `UTC`/`Z`/`±hh:mm` zone, and relative items (`5 minutes ago`,
 * `+3 weeks`, `-2 days`, `next day`, `last year`), all in UTC. Loaded by
 * `date -d` on first use.
 */

const UNIT_MS: Record<string, number> = { sec: 1000, second: 1000, min: 60_000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000, fortnight: 1_209_600_000 };
const ORDINAL: Record<string, number> = { last: -1, this: 0, next: 1, first: 1, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12 };

/** The instant `text` names, `now` being the clock's; undefined when GNU date says `invalid date`. */
export function parseDateTime(text: string, now: number): number | undefined {
  const s = text.trim().toLowerCase();
  const epoch = /^@([-+]?[0-9]+(?:\.[0-9]+)?)$/.exec(s);
  if (epoch) return Math.round(Number(epoch[1]) * 1000);
  const base = new Date(now);
  let y = base.getUTCFullYear();
  let mo = base.getUTCMonth();
  let d = base.getUTCDate();
  let time: number | undefined;
  let hasDate = false;
  let zone = 0;
  let relMs = 0;
  let relMonths = 0;
  const toks = s.match(/[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:t[0-9:.,]+)?|[-+][0-9]{2}:[0-9]{2}|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?|[-+]?[0-9]+|[a-z]+|\S/g) ?? [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const iso = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:t(.+))?$/.exec(t);
    if (iso) {
      if (hasDate) return undefined;
      [y, mo, d] = [Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])];
      if (mo > 11 || d < 1 || d > 31) return undefined;
      hasDate = true;
      if (iso[4] !== undefined) {
        time = clock(iso[4]);
        if (time === undefined) return undefined;
      }
      continue;
    }
    if (/^[0-9]/.test(t) && t.includes(':')) {
      if (time !== undefined) return undefined;
      time = clock(t);
      if (time === undefined) return undefined;
      continue;
    }
    if (t === 'utc' || t === 'gmt' || t === 'z' || t === 'ut') continue;
    const tz = /^([-+])([0-9]{2}):([0-9]{2})$/.exec(t);
    if (tz) {
      if (time === undefined) return undefined;
      zone = (tz[1] === '-' ? -1 : 1) * (Number(tz[2]) * 60 + Number(tz[3])) * 60_000;
      continue;
    }
    if (t === 'now' || t === 'today') continue;
    if (t === 'yesterday' || t === 'tomorrow') { relMs += (t === 'yesterday' ? -1 : 1) * UNIT_MS.day; continue; }
    let n = 1;
    let unit = t;
    if (/^[-+]?[0-9]+$/.test(t)) {
      n = Number(t);
      unit = toks[++i] ?? '';
    } else if (t in ORDINAL) {
      n = ORDINAL[t];
      unit = toks[++i] ?? '';
    }
    unit = unit.replace(/s$/, '');
    if (unit in UNIT_MS) relMs += n * UNIT_MS[unit];
    else if (unit === 'month') relMonths += n;
    else if (unit === 'year') relMonths += 12 * n;
    else return undefined;
    // `ago` binds to the item before it.
    if (toks[i + 1] === 'ago') {
      i++;
      if (unit in UNIT_MS) relMs -= 2 * n * UNIT_MS[unit];
      else relMonths -= 2 * n * (unit === 'month' ? 1 : 12);
    }
  }
  if (hasDate && time === undefined) time = 0;
  const tod = time ?? now - Date.UTC(y, mo, d);
  // Months and years move the calendar date (and may overflow it, as mktime does), then the rest adds up.
  return Date.UTC(y, mo + relMonths, d) + tod - zone + relMs;
}

/** `HH:MM[:SS[.frac]]` as milliseconds into the day. */
function clock(t: string): number | undefined {
  const m = /^([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?$/.exec(t);
  if (!m) return undefined;
  const [h, mi, sec] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || sec > 60) return undefined;
  return ((h * 60 + mi) * 60 + sec) * 1000 + Math.round(Number(`0.${m[4] ?? '0'}`) * 1000);
}
