/**
 * `date` on the node. Plain `date` is printed here; any option or format loads
 * GNU date's options, formatter and --date parser (date-gnu.ts) on first use.
 */
import type { CommandSpec } from '../process.js';
import { dateWithOptions } from './lazy.js';
import { MONTHS, WEEKDAYS } from '../../util/time.js';

const two = (n: number) => String(n).padStart(2, '0');

/**
 * `date` with no format, as GNU date and busybox print it in the C locale, in UTC (the nodes and images run in
 * UTC): `Thu Jan  1 00:02:00 UTC 2026` (strftime's `%a %b %e %H:%M:%S %Z %Y`).
 */
export function plainDate(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** strftime's `%F %T` (`2026-01-01 00:02:00`), as wget stamps its lines. */
export function dateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** GNU date [-u] [-d STRING] [-I[FMT] | -R | --rfc-3339=FMT] [+FORMAT]: the virtual clock's time, or STRING's. */
export const date: CommandSpec = {
  name: 'date',
  summary: 'print the system date and time',
  run(ctx) {
    if (ctx.argv.length > 1) return dateWithOptions.run(ctx);
    ctx.stdout.write(`${plainDate(ctx.cluster.clock.now())}\n`);
    return 0;
  },
};
