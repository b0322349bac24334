/** Every standard command, in one list the Session registers. kubectl is added by the session when present. */
import type { CommandSpec } from '../process.js';
import { cat } from './cat.js';
import { cut } from './cut.js';
import { date } from './date.js';
import { echo } from './echo.js';
import { expr } from './expr.js';
import { less, more, nano, vi, vim } from './editors.js';
import { cp, mkdir, mv, rm, rmdir, touch } from './files.js';
import { grep } from './grep.js';
import { head } from './head.js';
import { ls } from './ls.js';
import { base64, clear, env, hostname, printenv, pwd, sudo, tee, uname, whoami, xargs, yes } from './misc.js';
import { nslookup, ping, wget } from './network.js';
import { nodeCurl as curl } from '../../network/commands/node-curl.js';
import { printf } from './printf.js';
import { sim } from '../../sim/command.js';
import { seq } from './seq.js';
import { sleep } from './sleep.js';
import { sort } from './sort.js';
import { tail } from './tail.js';
import { bracket, test } from './test.js';
import { timeout } from './timeout.js';
import { tr } from './tr.js';
import { uniq } from './uniq.js';
import { watch } from './watch.js';
import { wc } from './wc.js';
import { which } from './which.js';

/**
 * A command whose code loads when first run, simulated time held meanwhile:
 * the text tools a lab does not run before its prompt is ready.
 */
function lazy(name: string, summary: string, load: () => Promise<CommandSpec> = () => import('./text-extra.js').then((m) => m[name as 'column'])): CommandSpec {
  let spec: Promise<CommandSpec> | undefined;
  return {
    name,
    summary,
    async run(ctx) {
      const release = (ctx.cluster as { clock?: { hold(): () => void } } | undefined)?.clock?.hold();
      try {
        spec ??= load();
        await spec;
      } finally {
        release?.();
      }
      return (await spec).run(ctx);
    },
  };
}

export const STANDARD_COMMANDS: CommandSpec[] = [
  lazy('column', 'columnate lists'), lazy('paste', 'merge lines of files'), lazy('basename', 'strip directory and suffix from filenames'), lazy('dirname', 'strip last component from file name'),
  lazy('tac', 'concatenate and print files in reverse'), lazy('rev', 'reverse lines characterwise'),
  lazy('awk', 'pattern scanning and processing language', () => import('./awk.js').then((m) => m.awk)),
  lazy('sed', 'stream editor for filtering and transforming text', () => import('./sed.js').then((m) => m.sed)),
  base64, bracket, cat, clear, cp, curl, cut, date, echo, env, expr, grep, head, hostname, less, ls, mkdir, more, mv, nano,
  nslookup, ping, printenv, printf, pwd, rm, rmdir, seq, sim, sleep, sort, sudo, tail, tee, test, timeout, touch, tr, uname,
  uniq, vi, vim, watch, wc, wget, which, whoami, xargs, yes,
];
