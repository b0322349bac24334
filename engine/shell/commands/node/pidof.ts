/**
 * pidof as Ubuntu 24.04 ships it: sysvinit-utils 3.08's (/usr/bin/pidof is a link to /sbin/killall5; procps'
 * own pidof is not installed on noble). A program matches by the base name of its argv[0] or by its
 * /proc/PID/stat name, a path by the path the program was started as; PIDs come highest first (killall5 reads
 * /proc into a list it prepends to), all on one line. -s one PID per program, -o PIDs to omit (%PPID: the
 * caller), -d a separator, -q nothing printed; -c, -n, -x and -z change nothing here. Bad options, and no
 * program, end with status 1 and no message, as that getopt loop does.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { getoptLong } from './getopt.js';
import { currentNodeName, nodeHost } from './host.js';
import { processTable } from './proctable.js';
import type { Proc } from './processes.js';

const HELP = `pidof usage: [options] <program-name>

 -c           Return PIDs with the same root directory
 -d <sep>     Use the provided character as output separator
 -h           Display this help text
 -n           Avoid using stat system function on network shares
 -o <pid>     Omit results with a given PID
 -q           Quiet mode. Do not display output
 -s           Only return one PID
 -x           Return PIDs of shells running scripts with a matching name
 -z           List zombie and I/O waiting processes. May cause pidof to hang.

`;

const base = (s: string) => s.slice(s.lastIndexOf('/') + 1);

function matches(p: Proc, program: string): boolean {
  const argv0 = p.command.split(' ')[0];
  if (program.startsWith('/')) return argv0 === program;
  return base(argv0) === program || p.comm === program;
}

export const pidof: CommandSpec = {
  name: 'pidof',
  summary: 'find the process ID of a running program',
  run(ctx: ProcessContext) {
    // glibc's getopt (operands permuted to the end); its complaints go nowhere here: status 1 and no message.
    const r = getoptLong(ctx.argv.slice(1), 'cd:hno:qsxz', []);
    if ('error' in r) return 1;
    let single = false, quiet = false, sep = ' ';
    const omit: string[] = [];
    for (const { key, value = '' } of r.options) {
      if (key === 'h') { ctx.stdout.write(HELP); return 0; }
      if (key === 's') single = true;
      else if (key === 'q') quiet = true;
      else if (key === 'o') omit.push(...value.split(','));
      else if (key === 'd') sep = value;
    }
    const programs = r.operands;
    if (!programs.length) return 1;
    const h = nodeHost(ctx.cluster, currentNodeName(ctx));
    if (!h) return 1;
    const { procs, self } = processTable(ctx, h, 'pidof');
    const omitted = new Set(omit.map((o) => (o === '%PPID' ? self.ppid : Number(o))));
    const found: number[] = [];
    for (const program of programs) {
      const pids = procs.filter((p) => p.pid !== self.pid && !omitted.has(p.pid) && matches(p, program)).map((p) => p.pid).reverse();
      found.push(...(single ? pids.slice(0, 1) : pids));
    }
    if (!found.length) return 1;
    if (!quiet) ctx.stdout.write(found.join(sep) + '\n');
    return 0;
  },
};
