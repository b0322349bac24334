/**
 * `date` inside containers: busybox's applet (1.36: -u, -R, -I[SPEC], -d TIME,
 * +FMT, the TIME forms its parse_datestr accepts) and, in the Debian-based
 * images, GNU coreutils' (same options, its own texts; -d strings in GNU's
 * grammar). Loaded on first use with the rest of applets.ts.
 * Time comes from the virtual clock; containers run in UTC.
 */
import { formatDate } from '../shell/commands/date-format.js';
import { parseDateTime } from '../shell/commands/date-parse.js';

/** busybox's usage heading for date (its build line, which names the build date, left out). */
const BB_USAGE = 'Usage: date [OPTIONS] [+FMT] [[-s] TIME]\n';
const ISO_BB = ['date', 'hours', 'minutes', 'seconds', 'ns'];
const ISO_FMT = ['%Y-%m-%d', '%Y-%m-%dT%H+00:00', '%Y-%m-%dT%H:%M+00:00', '%Y-%m-%dT%H:%M:%S+00:00', '%Y-%m-%dT%H:%M:%S,%N+00:00'];

export function dateApplet(args: string[], now: number, gnu: boolean): { stdout: string; stderr: string; status: number } {
  let fmt: string | undefined;
  let when = now;
  let dateStr: string | undefined;
  let setting = false;
  const quote = (s: string) => (gnu ? `‘${s}’` : `'${s}'`);
  const fail = (text: string) => ({ stdout: '', stderr: `date: ${text}\n${gnu ? "Try 'date --help' for more information.\n" : ''}`, status: 1 });
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-u' || a === '--utc') continue;
    if (a === '-R' || a === '--rfc-2822' || a === '--rfc-email') { fmt = '%a, %d %b %Y %H:%M:%S +0000'; continue; }
    if (a.startsWith('-I') || a.startsWith('--iso-8601')) {
      const spec = a.startsWith('-I') ? a.slice(2) : a.slice('--iso-8601='.length);
      const k = spec === '' ? 0 : ISO_BB.findIndex((s) => s.startsWith(spec));
      // busybox shows its usage (exit 1).
      if (k < 0) return gnu ? fail(`invalid argument ${quote(spec)} for ‘--iso-8601’\nValid arguments are:\n  - ‘hours’\n  - ‘minutes’\n  - ‘date’\n  - ‘seconds’\n  - ‘ns’`) : { stdout: '', stderr: BB_USAGE, status: 1 };
      fmt = ISO_FMT[k];
      continue;
    }
    if (a === '-d' || a.startsWith('--date=') || (a.startsWith('-d') && a.length > 2)) {
      dateStr = a === '-d' ? args[++i] : a.startsWith('--date=') ? a.slice(7) : a.slice(2);
      if (dateStr === undefined) return fail(gnu ? "option requires an argument -- 'd'" : "option requires an argument -- 'd'");
      continue;
    }
    if (a.startsWith('+')) { fmt = a.slice(1); continue; }
    if (a.startsWith('-')) return gnu ? fail(`invalid option -- '${a[1]}'`) : { stdout: '', stderr: `date: invalid option -- '${a[1]}'\n${BB_USAGE}`, status: 1 };
    // Setting the clock needs CAP_SYS_TIME, which containers lack: both say so, then show the time given.
    dateStr = a;
    setting = true;
  }
  if (dateStr !== undefined) {
    const t = (gnu ? parseDateTime(dateStr, now) : undefined) ?? parseBusyboxTime(dateStr, now);
    if (t === undefined) return { stdout: '', stderr: `date: invalid date ${quote(dateStr)}\n`, status: 1 };
    when = t;
  }
  const stderr = setting ? `date: ${gnu ? 'cannot' : "can't"} set date: Operation not permitted\n` : '';
  return { stdout: (fmt === '' ? '' : formatDate(when, fmt)) + '\n', stderr, status: setting && gnu ? 1 : 0 };
}

/** busybox's parse_datestr: the strptime forms it tries in turn (today at midnight fills the rest), `@SECONDS`, `[[[[[YY]YY]MM]DD]hh]mm[.ss]`. */
export function parseBusyboxTime(s: string, now: number): number | undefined {
  const today = new Date(now);
  let [y, mo, d] = [today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate()];
  const at = (h: number, mi: number, sec = 0) => Date.UTC(y, mo - 1, d, h, mi, sec);
  let m: RegExpExecArray | null;
  const n = (x: string | undefined) => Number(x ?? 0);
  if ((m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/.exec(s))) return at(n(m[1]), n(m[2]), n(m[3]));
  if ((m = /^(?:(\d{4})\.)?(\d{1,2})\.(\d{1,2})-(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/.exec(s))) {
    if (m[1]) y = n(m[1]);
    [mo, d] = [n(m[2]), n(m[3])];
    return at(n(m[4]), n(m[5]), n(m[6]));
  }
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?)?$/.exec(s))) {
    [y, mo, d] = [n(m[1]), n(m[2]), n(m[3])];
    return at(n(m[4]), n(m[5]), n(m[6]));
  }
  if ((m = /^@(-?\d+)$/.exec(s))) return n(m[1]) * 1000;
  if ((m = /^(\d{2,12})(?:\.(\d{2}))?$/.exec(s)) && m[1].length % 2 === 0) {
    // Digits from the right: mm, hh, DD, MM, then the year (YY or YYYY).
    const p = m[1];
    const take = (from: number) => Number(p.slice(p.length - from - 2, p.length - from));
    const mi = take(0);
    const h = p.length >= 4 ? take(2) : today.getUTCHours();
    if (p.length >= 6) d = take(4);
    if (p.length >= 8) mo = take(6);
    if (p.length === 10) y = 2000 + Number(p.slice(0, 2));
    if (p.length === 12) y = Number(p.slice(0, 4));
    return at(h, mi, n(m[2]));
  }
  return undefined;
}
