import type { CommandSpec } from '../process.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** `date` with no format in the C.UTF-8 locale: `Thu Jan  1 00:02:00 UTC 2026`. The node runs in UTC. */
export function formatDate(ms: number, fmt = '%a %b %e %H:%M:%S %Z %Y'): string {
  const d = new Date(ms);
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'a': return DAYS[d.getUTCDay()];
      case 'b': case 'h': return MONTHS[d.getUTCMonth()];
      case 'd': return p2(d.getUTCDate());
      case 'e': return String(d.getUTCDate()).padStart(2);
      case 'H': return p2(d.getUTCHours());
      case 'M': return p2(d.getUTCMinutes());
      case 'S': return p2(d.getUTCSeconds());
      case 'm': return p2(d.getUTCMonth() + 1);
      case 'Y': return String(d.getUTCFullYear());
      case 'y': return p2(d.getUTCFullYear() % 100);
      case 'Z': return 'UTC';
      case 'z': return '+0000';
      case 's': return String(Math.floor(ms / 1000));
      case 'N': return String((ms % 1000) * 1_000_000).padStart(9, '0');
      case 'F': return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
      case 'T': return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      case 'j': return String(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1).padStart(3, '0');
      case '%': return '%';
    }
    return m;
  });
}

/** date [-u] [+FORMAT] [-I]: the virtual clock's time. */
export const date: CommandSpec = {
  name: 'date',
  summary: 'print the system date and time',
  run(ctx) {
    const now = ctx.cluster.clock.now();
    for (const a of ctx.argv.slice(1)) {
      if (a === '-u' || a === '--utc') continue;
      if (a.startsWith('+')) { ctx.stdout.write(formatDate(now, a.slice(1)) + '\n'); return 0; }
      if (a === '-I' || a === '--iso-8601') { ctx.stdout.write(formatDate(now, '%F') + '\n'); return 0; }
      if (a === '-Iseconds') { ctx.stdout.write(formatDate(now, '%FT%T+00:00') + '\n'); return 0; }
      if (a.startsWith('-')) { ctx.stderr.write(`date: invalid option -- '${a[1]}'\nTry 'date --help' for more information.\n`); return 1; }
      ctx.stderr.write(`date: invalid date ‘${a}’\n`);
      return 1;
    }
    ctx.stdout.write(formatDate(now) + '\n');
    return 0;
  },
};
