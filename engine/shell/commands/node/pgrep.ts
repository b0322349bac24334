/**
 * pgrep and pkill (procps-ng 4.0.4, src/pgrep.c) over the node's process table (proctable.ts): an extended
 * regular expression matched against each process's name (/proc/PID/comm, at most 15 characters) or with -f its
 * whole command line, the selections -u/-U/-P/-t/-x/-n/-o/-v/-O, pgrep's -l/-a/-d/-c outputs and pkill's
 * signal (`-9`, `-KILL`, `--signal TERM`) with -e. The program itself is never listed. Exit status: 0 when
 * something matched (pkill: when something was signalled), 1 when nothing, 2 for a usage error, 3 fatal.
 * A pattern longer than 15 characters without -f can never match a name: pgrep says so when nothing matched.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { signalNumber } from '../../kill.js';
import { getoptLong, type LongOption } from './getopt.js';
import { currentNodeName, nodeHost } from './host.js';
import { processTable, signalProcess, uidOf, userSpec } from './proctable.js';
import type { Proc } from './processes.js';

type Mode = 'pgrep' | 'pkill';

const USAGE_TAIL = ` -c, --count               count of matching processes
 -f, --full                use full process name to match
 -g, --pgroup <PGID,...>   match listed process group IDs
 -G, --group <GID,...>     match real group IDs
 -i, --ignore-case         match case insensitively
 -n, --newest              select most recently started
 -o, --oldest              select least recently started
 -O, --older <seconds>     select where older than seconds
 -P, --parent <PPID,...>   match only child processes of the given parent
 -s, --session <SID,...>   match session IDs
     --signal <sig>        signal to send (either number or name)
 -t, --terminal <tty,...>  match by controlling terminal
 -u, --euid <ID,...>       match by effective IDs
 -U, --uid <ID,...>        match by real IDs
 -x, --exact               match exactly with the command name
 -F, --pidfile <file>      read PIDs from file
 -L, --logpidfile          fail if PID file is not locked
 -r, --runstates <state>   match runstates [D,S,Z,...]
 -A, --ignore-ancestors    exclude our ancestors from results
 --cgroup <grp,...>        match by cgroup v2 names
 --ns <PID>                match the processes that belong to the same
                           namespace as <pid>
 --nslist <ns,...>         list which namespaces will be considered for
                           the --ns option.
                           Available namespaces: ipc, mnt, net, pid, user, uts

 -h, --help     display this help and exit
 -V, --version  output version information and exit
`;

function usage(mode: Mode, name: string): string {
  const own = mode === 'pgrep'
    ? ` -d, --delimiter <string>  specify output delimiter
 -l, --list-name           list PID and process name
 -a, --list-full           list PID and full command line
 -v, --inverse             negates the matching
 -w, --lightweight         list all TID
`
    : ` -<sig>                    signal to send (either number or name)
 -H, --require-handler     match only if signal handler is present
 -q, --queue <value>       integer value to be sent with the signal
 -e, --echo                display what is killed
`;
  return `\nUsage:\n ${name} [options] <pattern>\n\nOptions:\n${own}${USAGE_TAIL}\nFor more details see pgrep(1).\n`;
}

const LONGS: LongOption[] = [
  { name: 'signal', key: 'signal', arg: 'required' }, { name: 'ignore-ancestors', key: 'A' }, { name: 'require-handler', key: 'H' },
  { name: 'count', key: 'c' }, { name: 'cgroup', key: 'cgroup', arg: 'required' }, { name: 'delimiter', key: 'd', arg: 'required' },
  { name: 'list-name', key: 'l' }, { name: 'list-full', key: 'a' }, { name: 'full', key: 'f' }, { name: 'pgroup', key: 'g', arg: 'required' },
  { name: 'group', key: 'G', arg: 'required' }, { name: 'ignore-case', key: 'i' }, { name: 'newest', key: 'n' }, { name: 'oldest', key: 'o' },
  { name: 'older', key: 'O', arg: 'required' }, { name: 'parent', key: 'P', arg: 'required' }, { name: 'session', key: 's', arg: 'required' },
  { name: 'terminal', key: 't', arg: 'required' }, { name: 'euid', key: 'u', arg: 'required' }, { name: 'uid', key: 'U', arg: 'required' },
  { name: 'inverse', key: 'v' }, { name: 'lightweight', key: 'w' }, { name: 'exact', key: 'x' }, { name: 'pidfile', key: 'F', arg: 'required' },
  { name: 'logpidfile', key: 'L' }, { name: 'echo', key: 'e' }, { name: 'ns', key: 'ns', arg: 'required' },
  { name: 'nslist', key: 'nslist', arg: 'required' }, { name: 'queue', key: 'q', arg: 'required' }, { name: 'runstates', key: 'r', arg: 'required' },
  { name: 'help', key: 'h' }, { name: 'version', key: 'V' },
];

/** procps' signal_name_to_number: a number, or a name with or without SIG, in any case. */
function signalOf(spec: string): number | undefined {
  if (/^[0-9]+$/.test(spec)) return Number(spec) < 65 ? Number(spec) : undefined;
  return signalNumber(spec);
}

interface Selection {
  full: boolean; exact: boolean; icase: boolean; newest: boolean; oldest: boolean; negate: boolean;
  euids?: number[]; ruids?: number[]; ppids?: number[]; ttys?: string[]; olderSec?: number; states?: string;
}

/** POSIX ERE as JavaScript's RegExp reads it; a pattern glibc's regcomp refuses gives its error text. */
function compile(pattern: string, sel: Selection): RegExp | string {
  const source = sel.exact ? `^(${pattern})$` : pattern;
  // glibc's texts for the errors people make: an unmatched parenthesis or bracket.
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') { i++; continue; }
    if (ch === '[') {
      const end = source.indexOf(']', i + (source[i + 1] === ']' ? 2 : source[i + 1] === '^' && source[i + 2] === ']' ? 3 : 1));
      if (end < 0) return 'Unmatched [, [^, [:, [., or [=';
      i = end;
    } else if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
  }
  if (depth > 0) return 'Unmatched ( or \\(';
  try {
    return new RegExp(source, sel.icase ? 'i' : '');
  } catch {
    return 'Invalid regular expression';
  }
}

/** The processes pgrep.c's select_procs keeps, in PID order (one with -n or -o). */
function select(procs: Proc[], self: Proc, re: RegExp | undefined, sel: Selection, now: number): Proc[] {
  let out: Proc[] = [];
  let saved: Proc | undefined;
  for (const p of procs) {
    if (p.pid === self.pid) continue;
    let match = true;
    if (sel.newest && saved && p.startedAt < saved.startedAt) match = false;
    else if (sel.oldest && saved && p.startedAt > saved.startedAt) match = false;
    else if (sel.ppids && !sel.ppids.includes(p.ppid)) match = false;
    else if (sel.euids && !sel.euids.includes(uidOf(p.user))) match = false;
    else if (sel.ruids && !sel.ruids.includes(uidOf(p.user))) match = false;
    else if (sel.olderSec !== undefined && Math.floor((now - p.startedAt) / 1000) < sel.olderSec) match = false;
    else if (sel.ttys && !sel.ttys.some((t) => t === p.tty || `/dev/${p.tty}` === t)) match = false;
    else if (sel.states && !sel.states.includes(p.stat[0])) match = false;
    if (match && re && !re.test(sel.full ? p.command : p.comm)) match = false;
    if (match !== sel.negate) {
      if (sel.newest || sel.oldest) {
        if (saved && saved.startedAt === p.startedAt && (sel.newest ? saved.pid > p.pid : saved.pid < p.pid)) continue;
        saved = p;
        out = [];
      }
      out.push(p);
    }
  }
  return out;
}

/** pgrep.c picks its mode by the name it runs as (program_invocation_short_name): /usr/bin/pkill is a link to pgrep. */
function run(own: Mode) {
  return (ctx: ProcessContext): number => {
    const called = ctx.argv[0].slice(ctx.argv[0].lastIndexOf('/') + 1);
    const mode: Mode = called === 'pkill' || called === 'pgrep' ? called : own;
    const name = called || mode;
    const fatal = (text: string, status: number) => {
      ctx.stderr.write(`${name}: ${text}\n`);
      return status;
    };
    const showUsage = (toStdout: boolean) => {
      (toStdout ? ctx.stdout : ctx.stderr).write(usage(mode, name));
      return toStdout ? 0 : 2;
    };
    let args = ctx.argv.slice(1);
    let signal = 15;
    if (mode === 'pkill') {
      // signal_option: the first `-NAME` or `-NUMBER` that is a signal, wherever it is.
      const at = args.findIndex((a) => a.length > 1 && a[0] === '-' && signalOf(a.slice(1)) !== undefined);
      if (at >= 0) {
        signal = signalOf(args[at].slice(1))!;
        args = [...args.slice(0, at), ...args.slice(at + 1)];
      }
    }
    const shorts = `${mode === 'pkill' ? 'eq:' : 'lad:vw'}LF:cfinoxP:O:AHg:s:u:U:G:t:r:?Vh`;
    const r = getoptLong(args, shorts, LONGS);
    if ('error' in r) {
      ctx.stderr.write(`${name}: ${r.error}\n`);
      return showUsage(false);
    }
    const sel: Selection = { full: false, exact: false, icase: false, newest: false, oldest: false, negate: false };
    let criteria = 0;
    let delim = '\n';
    let long = false, longlong = false, count = false, echo = false, lock = false, pidfile: string | undefined;
    const ids = (v: string, conv: (s: string) => number | undefined, what: string): number[] | string => {
      const out: number[] = [];
      for (const part of v.split(',')) {
        const n = conv(part);
        if (n === undefined) return `${what}: ${part}`;
        out.push(n);
      }
      return out;
    };
    for (const { key, value = '' } of r.options) {
      switch (key) {
        case 'signal': {
          const n = signalOf(value);
          if (n === undefined && !/^[0-9]/.test(value)) {
            ctx.stderr.write(`Unknown signal "${value}".`);
            return showUsage(false);
          }
          signal = n ?? parseInt(value, 10);
          break;
        }
        case 'e': echo = true; break;
        case 'F': pidfile = value; criteria++; break;
        case 'L': lock = true; break;
        case 'c': count = true; break;
        case 'd': delim = value; break;
        case 'f': sel.full = true; break;
        case 'i':
          if (sel.icase) return showUsage(true);
          sel.icase = true;
          break;
        case 'l': long = true; break;
        case 'a': longlong = true; break;
        case 'n': case 'o':
          if (sel.newest || sel.oldest || sel.negate) return showUsage(false);
          if (key === 'n') sel.newest = true;
          else sel.oldest = true;
          criteria++;
          break;
        case 'v':
          if (sel.newest || sel.oldest || sel.negate) return showUsage(false);
          sel.negate = true;
          break;
        case 'x': sel.exact = true; break;
        case 'O': sel.olderSec = parseInt(value, 10) || 0; criteria++; break;
        case 'u': case 'U': {
          const list = ids(value, userSpec, 'invalid user name');
          if (typeof list === 'string') { ctx.stderr.write(`${name}: ${list}\n`); return showUsage(false); }
          if (key === 'u') sel.euids = list;
          else sel.ruids = list;
          criteria++;
          break;
        }
        case 'P': {
          const list = ids(value, (s) => (/^[0-9]+$/.test(s) ? Number(s) : undefined), 'not a number');
          if (typeof list === 'string') { ctx.stderr.write(`${name}: ${list}\n`); return showUsage(false); }
          sel.ppids = list;
          criteria++;
          break;
        }
        case 't': sel.ttys = value.split(','); criteria++; break;
        case 'r': sel.states = value; criteria++; break;
        case 'V':
          ctx.stdout.write(`${name} from procps-ng 4.0.4\n`);
          return 0;
        case 'h': return showUsage(true);
        case '?': return showUsage(false);
        // Process groups, sessions, groups, namespaces, cgroups, handlers, sigqueue, -A, -w: accepted, not modelled.
        case 'g': case 's': case 'G': case 'cgroup': case 'H': criteria++; break;
        default: break;
      }
    }
    if (lock && !pidfile) return fatal(`-L without -F makes no sense\nTry \`${name} --help' for more information.`, 2);
    if (pidfile) return fatal(`pidfile not valid\nTry \`${name} --help' for more information.`, 1);
    if (r.operands.length > 1) return fatal(`only one pattern can be provided\nTry \`${name} --help' for more information.`, 2);
    const pattern = r.operands[0];
    if (pattern === undefined && criteria === 0) return fatal(`no matching criteria specified\nTry \`${name} --help' for more information.`, 2);
    let re: RegExp | undefined;
    if (pattern !== undefined) {
      const c = compile(pattern, sel);
      if (typeof c === 'string') return fatal(`regex error: ${c}`, 2);
      re = c;
    }
    const h = nodeHost(ctx.cluster, currentNodeName(ctx));
    if (!h) return 3;
    const { procs, self } = processTable(ctx, h, mode);
    const found = select(procs, self, re, sel, ctx.cluster.clock.now());
    // is_long_match: a plain name over 15 characters cannot match /proc/PID/comm.
    if (!found.length && !sel.full && pattern && pattern.length > 15 && !/[|[]/.test(pattern)) {
      ctx.stderr.write(`${name}: pattern that searches for process name longer than 15 characters will result in zero matches\nTry \`${name} -f' option to match against the complete command line.\n`);
    }
    if (mode === 'pgrep') {
      if (count) ctx.stdout.write(`${found.length}\n`);
      else if (found.length) {
        const item = (p: Proc) => (long || longlong ? `${p.pid} ${longlong ? p.command : p.comm}` : String(p.pid));
        ctx.stdout.write(found.map(item).join(delim) + '\n');
      }
      return found.length ? 0 : 1;
    }
    let killed = 0;
    for (const p of found) {
      if (signalProcess(ctx, h, p, signal) === 'EPERM') {
        ctx.stderr.write(`${name}: killing pid ${p.pid} failed: Operation not permitted\n`);
        continue;
      }
      if (echo) ctx.stdout.write(`${p.comm} killed (pid ${p.pid})\n`);
      killed++;
    }
    if (count) ctx.stdout.write(`${found.length}\n`);
    return killed ? 0 : 1;
  };
}

export const pgrep: CommandSpec = { name: 'pgrep', summary: 'look up, signal, or wait for processes based on name and other attributes', run: run('pgrep') };
export const pkill: CommandSpec = { name: 'pkill', summary: 'look up, signal, or wait for processes based on name and other attributes', run: run('pkill') };
