/**
 * uptime (procps-ng 4.0.4: library/uptime.c's sprint and sprint_short, -s
 * from the boot time) and nproc (GNU coreutils 9.4) on the node the shell is
 * on. The node booted when the cluster did; the one user is the learner's
 * login session (logind counts sessions).
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { getoptLong } from './getopt.js';
import { currentNodeName, nodeHost } from './host.js';
import { cpuCount, loadAverages, uptimeSeconds } from './machine.js';

export const UPTIME_USAGE = `
Usage:
 uptime [options]

Options:
 -p, --pretty   show uptime in pretty format
 -h, --help     display this help and exit
 -s, --since    system up since
 -V, --version  output version information and exit

For more details see uptime(1).
`;

const two = (n: number) => String(n).padStart(2, '0');

/** procps_uptime_sprint: " HH:MM:SS up [D day(s), ]{H:MM|M min},  N user(s),  load average: a, b, c". */
export function uptimeLine(now: number, upSeconds: number, users: number, load: [number, number, number]): string {
  const d = new Date(now);
  const secs = Math.floor(upSeconds);
  const days = Math.floor(secs / 86_400);
  const hours = Math.floor(secs / 3_600) % 24;
  const minutes = Math.floor(secs / 60) % 60;
  let s = ` ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} up `;
  if (days) s += `${days} ${days > 1 ? 'days' : 'day'}, `;
  s += hours ? `${String(hours).padStart(2)}:${two(minutes)}, ` : `${minutes} min, `;
  s += `${String(users).padStart(2)} ${users > 1 ? 'users' : 'user'},  load average: ${load.map((l) => l.toFixed(2)).join(', ')}`;
  return s;
}

/** procps_uptime_sprint_short: "up 2 days, 3 hours, 1 minute" (decades, years, weeks too). */
export function prettyUptime(upSeconds: number): string {
  let t = upSeconds;
  const parts: string[] = [];
  const take = (size: number, one: string, many: string) => {
    if (t > size) {
      const n = Math.floor(t / size);
      t -= n * size;
      parts.push(`${n} ${n > 1 ? many : one}`);
    }
  };
  take(60 * 60 * 24 * 365 * 10, 'decade', 'decades');
  take(60 * 60 * 24 * 365, 'year', 'years');
  take(60 * 60 * 24 * 7, 'week', 'weeks');
  take(60 * 60 * 24, 'day', 'days');
  take(60 * 60, 'hour', 'hours');
  let minutes = 0;
  if (t > 60) minutes = Math.floor(t / 60);
  if (minutes || upSeconds < 60) parts.push(`${minutes} ${minutes !== 1 ? 'minutes' : 'minute'}`);
  return `up ${parts.join(', ')}`;
}

export const uptime: CommandSpec = {
  name: 'uptime',
  summary: 'Tell how long the system has been running.',
  run(ctx: ProcessContext) {
    const r = getoptLong(ctx.argv.slice(1), 'phsV', [
      { name: 'pretty', key: 'p' }, { name: 'help', key: 'h' }, { name: 'since', key: 's' }, { name: 'version', key: 'V' },
    ]);
    if ('error' in r) { ctx.stderr.write(`uptime: ${r.error}\n${UPTIME_USAGE}`); return 1; }
    const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
    let pretty = false;
    // getopt's order: -h, -s and -V act as soon as they are read.
    for (const { key } of r.options) {
      if (key === 'p') pretty = true;
      else if (key === 'h') { ctx.stdout.write(UPTIME_USAGE); return 0; }
      else if (key === 'V') { ctx.stdout.write('uptime from procps-ng 4.0.4\n'); return 0; }
      else if (key === 's') {
        if (!h) return 1;
        const d = new Date(h.bootAt);
        ctx.stdout.write(`${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}\n`);
        return 0;
      }
    }
    if (r.operands.length) { ctx.stderr.write(UPTIME_USAGE); return 1; }
    if (!h) return 1;
    const up = uptimeSeconds(ctx.cluster, h);
    ctx.stdout.write((pretty ? prettyUptime(up) : uptimeLine(ctx.cluster.clock.now(), up, 1, loadAverages(ctx.cluster, h))) + '\n');
    return 0;
  },
};

const NPROC_TRY = "Try 'nproc --help' for more information.\n";

export const NPROC_HELP = `Usage: nproc [OPTION]...
Print the number of processing units available to the current process,
which may be less than the number of online processors

      --all      print the number of installed processors
      --ignore=N  if possible, exclude N processing units
      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/nproc>
or available locally via: info '(coreutils) nproc invocation'
`;

export const nproc: CommandSpec = {
  name: 'nproc',
  summary: 'print the number of processing units available',
  run(ctx: ProcessContext) {
    const r = getoptLong(ctx.argv.slice(1), '', [
      { name: 'all', key: 'all' }, { name: 'ignore', key: 'ignore', arg: 'required' }, { name: 'help', key: 'help' }, { name: 'version', key: 'version' },
    ]);
    if ('error' in r) { ctx.stderr.write(`nproc: ${r.error}\n${NPROC_TRY}`); return 1; }
    let ignore = 0;
    for (const { key, value } of r.options) {
      if (key === 'help') { ctx.stdout.write(NPROC_HELP); return 0; }
      if (key === 'version') { ctx.stdout.write('nproc (GNU coreutils) 9.4\n'); return 0; }
      if (key === 'ignore') {
        if (!/^\s*\+?\d+$/.test(value ?? '')) { ctx.stderr.write(`nproc: invalid number: '${value}'\n`); return 1; }
        ignore = Number(value);
      }
    }
    if (r.operands.length) { ctx.stderr.write(`nproc: extra operand '${r.operands[0]}'\n${NPROC_TRY}`); return 1; }
    const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
    if (!h) return 1;
    ctx.stdout.write(`${Math.max(1, cpuCount(h) - ignore)}\n`);
    return 0;
  },
};
