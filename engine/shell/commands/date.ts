import type { CommandSpec, ProcessContext } from '../process.js';
import { q } from './util.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** strftime's conversions composed of others (glibc, C locale). */
const COMPOSED: Record<string, string> = { D: '%m/%d/%y', F: '%Y-%m-%d', T: '%H:%M:%S', R: '%H:%M', r: '%I:%M:%S %p', c: '%a %b %e %H:%M:%S %Y', x: '%m/%d/%y', X: '%H:%M:%S', h: '%b' };

/**
 * strftime as GNU date and glibc print it in the C.UTF-8 locale, in UTC (the
 * nodes and images run in UTC): `date` with no format is
 * `Thu Jan  1 00:02:00 UTC 2026`. GNU's flags `-` (no padding), `_` (spaces)
 * and `0`, a field width, and `%N` (nanoseconds; the clock has milliseconds).
 */
export function formatDate(ms: number, fmt = '%a %b %e %H:%M:%S %Z %Y'): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return fmt.replace(/%([-_0^]?)([0-9]*)(:?[a-zA-Z%+])/g, (m, flag: string, width: string, c: string) => {
    if (COMPOSED[c]) return formatDate(ms, COMPOSED[c]);
    // [value, default padding, default width]
    const num = (n: number, w: number, pad = '0'): string => {
      const p = flag === '-' ? '' : flag === '_' ? ' ' : flag === '0' ? '0' : pad;
      return p ? String(n).padStart(Number(width) || w, p) : String(n);
    };
    let text: string;
    switch (c) {
      case 'a': text = DAYS[d.getUTCDay()].slice(0, 3); break;
      case 'A': text = DAYS[d.getUTCDay()]; break;
      case 'b': text = MONTHS[d.getUTCMonth()].slice(0, 3); break;
      case 'B': text = MONTHS[d.getUTCMonth()]; break;
      case 'd': return num(d.getUTCDate(), 2);
      case 'e': return num(d.getUTCDate(), 2, ' ');
      case 'H': return num(h, 2);
      case 'k': return num(h, 2, ' ');
      case 'I': return num(h % 12 || 12, 2);
      case 'l': return num(h % 12 || 12, 2, ' ');
      case 'M': return num(d.getUTCMinutes(), 2);
      case 'S': return num(d.getUTCSeconds(), 2);
      case 'm': return num(d.getUTCMonth() + 1, 2);
      case 'Y': return num(d.getUTCFullYear(), 1);
      case 'y': return num(d.getUTCFullYear() % 100, 2);
      case 'C': return num(Math.floor(d.getUTCFullYear() / 100), 2);
      case 'j': return num(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3);
      case 'u': return num(d.getUTCDay() || 7, 1);
      case 'w': return num(d.getUTCDay(), 1);
      case 's': return num(Math.floor(ms / 1000), 1);
      case 'N': return String(((ms % 1000) + 1000) % 1000 * 1_000_000).padStart(9, '0').slice(0, Number(width) || 9);
      case 'p': text = h < 12 ? 'AM' : 'PM'; break;
      case 'P': text = h < 12 ? 'am' : 'pm'; break;
      case 'Z': text = 'UTC'; break;
      case 'z': text = '+0000'; break;
      case ':z': text = '+00:00'; break;
      case 'n': text = '\n'; break;
      case 't': text = '\t'; break;
      case '%': text = '%'; break;
      default: return m;
    }
    if (flag === '^') text = text.toUpperCase();
    return width ? text.padStart(Number(width), flag === '0' ? '0' : ' ') : text;
  });
}

/** GNU date's --iso-8601 / -I precisions, in its order for the error text. */
const ISO: Record<string, string> = { hours: '%Y-%m-%dT%H%:z', minutes: '%Y-%m-%dT%H:%M%:z', date: '%Y-%m-%d', seconds: '%Y-%m-%dT%H:%M:%S%:z', ns: '%Y-%m-%dT%H:%M:%S,%N%:z' };
const RFC3339: Record<string, string> = { date: '%Y-%m-%d', seconds: '%Y-%m-%d %H:%M:%S%:z', ns: '%Y-%m-%d %H:%M:%S.%N%:z' };
const TRY = "Try 'date --help' for more information.\n";

/** Parses a --date string (GNU's parse_datetime); loaded on first use. */
export type DateParser = (text: string, now: number) => number | undefined;
let parser: Promise<DateParser> | undefined;
let loaded: DateParser | undefined;
export const loadDateParser = (): Promise<DateParser> => (parser ??= import('./date-parse.js').then((m) => (loaded = m.parseDateTime)));
/** The GNU parser's answer when it has loaded (containers' date runs synchronously), else undefined. */
export const parsedDateIfLoaded = (text: string, now: number): number | undefined => loaded?.(text, now);

/** GNU date [-u] [-d STRING] [-I[FMT] | -R | --rfc-3339=FMT] [+FORMAT]: the virtual clock's time, or STRING's. */
export const date: CommandSpec = {
  name: 'date',
  summary: 'print the system date and time',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let dateStr: string | undefined;
    let fmt: string | undefined;
    const operands: string[] = [];
    const fail = (msg: string) => {
      ctx.stderr.write(`date: ${msg}\n${TRY}`);
      return 1;
    };
    const choose = (table: Record<string, string>, v: string, opt: string): string | undefined => {
      // GNU's argmatch takes an unambiguous prefix.
      const hits = Object.keys(table).filter((k) => k.startsWith(v));
      if (hits.length === 1 || table[v]) return table[table[v] ? v : hits[0]];
      ctx.stderr.write(`date: ${hits.length ? 'ambiguous' : 'invalid'} argument ${q(v)} for ${q(opt)}\nValid arguments are:\n${Object.keys(table).map((k) => `  - ${q(k)}\n`).join('')}${TRY}`);
      return undefined;
    };
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--') { operands.push(...args.slice(i + 1)); break; }
      const long = /^--([a-z0-9-]+)(?:=([\s\S]*))?$/.exec(a);
      if (long) {
        const [, name, value] = long;
        if (name === 'utc' || name === 'universal') continue;
        if (name === 'date') {
          dateStr = value ?? args[++i];
          if (dateStr === undefined) return fail("option '--date' requires an argument");
          continue;
        }
        if (name === 'rfc-email' || name === 'rfc-2822' || name === 'rfc-822') { fmt = '%a, %d %b %Y %H:%M:%S %z'; continue; }
        if (name === 'iso-8601' || name === 'rfc-3339') {
          if (name === 'rfc-3339' && value === undefined) return fail("option '--rfc-3339' requires an argument");
          const f = choose(name === 'rfc-3339' ? RFC3339 : ISO, value ?? 'date', `--${name}`);
          if (f === undefined) return 1;
          fmt = f;
          continue;
        }
        return fail(`unrecognized option '${a}'`);
      }
      if (a.startsWith('-') && a.length > 1) {
        for (let k = 1; k < a.length; k++) {
          const c = a[k];
          if (c === 'u') continue;
          if (c === 'R') { fmt = '%a, %d %b %Y %H:%M:%S %z'; continue; }
          if (c === 'I') {
            const f = choose(ISO, a.slice(k + 1) || 'date', '--iso-8601');
            if (f === undefined) return 1;
            fmt = f;
            break;
          }
          if (c === 'd') {
            dateStr = a.slice(k + 1) || args[++i];
            if (dateStr === undefined) return fail("option requires an argument -- 'd'");
            break;
          }
          return fail(`invalid option -- '${c}'`);
        }
        continue;
      }
      operands.push(a);
    }
    for (const [k, o] of operands.entries()) {
      if (k > 0 || !o.startsWith('+')) {
        if (k > 0) return fail(`extra operand ${q(o)}`);
        if (dateStr !== undefined) return fail(`the argument ${q(o)} lacks a leading '+';\nwhen using an option to specify date(s), any non-option\nargument must be a format string beginning with '+'`);
        // Setting the clock: a learner is not root on the node's clock, and the simulation's time is not theirs to set.
        ctx.stderr.write((await parse(ctx, o)) === undefined ? `date: invalid date ${q(o)}\n` : 'date: cannot set date: Operation not permitted\n');
        return 1;
      }
      fmt = o.slice(1);
    }
    let when = ctx.cluster.clock.now();
    if (dateStr !== undefined) {
      const t = await parse(ctx, dateStr);
      if (t === undefined) {
        ctx.stderr.write(`date: invalid date ${q(dateStr)}\n`);
        return 1;
      }
      when = t;
    }
    ctx.stdout.write(formatDate(when, fmt) + '\n');
    return 0;
  },
};

async function parse(ctx: ProcessContext, text: string): Promise<number | undefined> {
  // Loading is real I/O: simulated time waits meanwhile, as for kubectl's lazy verbs.
  const release = ctx.cluster.clock.hold();
  let p: DateParser;
  try {
    p = await loadDateParser();
  } finally {
    release();
  }
  return p(text, ctx.cluster.clock.now());
}
