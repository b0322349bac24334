/**
 * strftime for `date +FORMAT` on the node and in containers. Loaded with the
 * code that needs it (GNU date's options, the containers' date applet); plain
 * `date` prints through `plainDate` in date.ts.
 */
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
