/**
 * GNU date's options on the node (-d/--date, -I, -R, --rfc-3339, +FORMAT, -u):
 * loaded on first use of an option (date.ts prints plain `date` itself).
 */
import type { CommandSpec } from '../process.js';
import { formatDate } from './date-format.js';
import { parseDateTime } from './date-parse.js';
import { q, usageError } from './util.js';

/** GNU date's --iso-8601 / -I precisions, in its order for the error text. */
const ISO: Record<string, string> = { hours: '%Y-%m-%dT%H%:z', minutes: '%Y-%m-%dT%H:%M%:z', date: '%Y-%m-%d', seconds: '%Y-%m-%dT%H:%M:%S%:z', ns: '%Y-%m-%dT%H:%M:%S,%N%:z' };
const RFC3339: Record<string, string> = { date: '%Y-%m-%d', seconds: '%Y-%m-%d %H:%M:%S%:z', ns: '%Y-%m-%d %H:%M:%S.%N%:z' };

/** GNU date [-u] [-d STRING] [-I[FMT] | -R | --rfc-3339=FMT] [+FORMAT]: the virtual clock's time, or STRING's. */
export const dateWithOptions: CommandSpec = {
  name: 'date',
  summary: 'print the system date and time',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let dateStr: string | undefined;
    let fmt: string | undefined;
    const operands: string[] = [];
    const fail = (msg: string) => usageError(ctx, 'date', msg);
    const choose = (table: Record<string, string>, v: string, opt: string): string | undefined => {
      // GNU's argmatch takes an unambiguous prefix.
      const hits = Object.keys(table).filter((k) => k.startsWith(v));
      if (hits.length === 1 || table[v]) return table[table[v] ? v : hits[0]];
      usageError(ctx, 'date', `${hits.length ? 'ambiguous' : 'invalid'} argument ${q(v)} for ${q(opt)}\nValid arguments are:\n${Object.keys(table).map((k) => `  - ${q(k)}`).join('\n')}`);
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
        ctx.stderr.write(parseDateTime(o, ctx.cluster.clock.now()) === undefined ? `date: invalid date ${q(o)}\n` : 'date: cannot set date: Operation not permitted\n');
        return 1;
      }
      fmt = o.slice(1);
    }
    let when = ctx.cluster.clock.now();
    if (dateStr !== undefined) {
      const t = parseDateTime(dateStr, when);
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
