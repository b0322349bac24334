/**
 * ps (procps-ng 4.0.4, Ubuntu 24.04): `ps` (this terminal's processes),
 * `ps aux` / `ps -aux` (BSD u format), `ps -ef` / `ps -e -f` (SysV full
 * format), `ps -e`, with the node's process table. Columns are procps'
 * format specs (output.c): widths, alignment and show_one_proc's way of
 * letting a wide value push the next columns right and later padding take
 * the shift back. PID columns are 7 wide (Ubuntu's pid_max 4194304). The
 * last column is cut at the terminal's width on a terminal and never in a
 * pipe; -w widens to 132 columns and -ww (or a pipe) removes the limit.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { USER } from '../misc.js';
import { allocatePid, currentNodeName, newPid, nodeHost, type NodeHost } from './host.js';
import { memTotalKiB, nodeProcesses, type Proc } from './processes.js';
import { MONTHS } from '../../../util/time.js';

type Align = 'left' | 'right' | 'user' | 'unlimited';
interface Column { header: string; width: number; align: Align; value(p: Proc, now: number, memKiB: number): string }

const PID_WIDTH = 7;

/** pr_euser: names longer than the column are cut to width-1 characters and a '+'. */
function userName(u: string, width = 8): string {
  return u.length > width ? u.slice(0, width - 1) + '+' : u;
}

/** pr_stime: "HH:MM" today, "MonDD" this year, else the year. */
function stime(at: number, now: number): string {
  const a = new Date(at), n = new Date(now);
  if (a.getUTCFullYear() !== n.getUTCFullYear()) return String(a.getUTCFullYear());
  const dayOfYear = (d: Date) => Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000);
  if (dayOfYear(a) !== dayOfYear(n)) return `${MONTHS[a.getUTCMonth()]}${String(a.getUTCDate()).padStart(2, '0')}`;
  return `${String(a.getUTCHours()).padStart(2, '0')}:${String(a.getUTCMinutes()).padStart(2, '0')}`;
}

/** pr_pcpu: CPU time over the process's life, in tenths of a percent (shown as 12.3, or 123 at 100 and above). */
function pcpu(p: Proc, now: number): string {
  const life = now - p.startedAt;
  const per = life > 0 ? Math.floor((p.cpuMs * 1000) / life) : 0;
  return per > 999 ? String(Math.floor(per / 10)) : `${Math.floor(per / 10)}.${per % 10}`;
}

/** pr_c: whole percent, at most 99. */
function c(p: Proc, now: number): string {
  const life = now - p.startedAt;
  return String(Math.min(99, life > 0 ? Math.floor((p.cpuMs * 100) / life) : 0));
}

function pmem(p: Proc, memKiB: number): string {
  const per = Math.min(999, Math.floor((p.rssKiB * 1000) / memKiB));
  return `${String(Math.floor(per / 10)).padStart(2)}.${per % 10}`;
}

/** pr_bsdtime: minutes:seconds of CPU. */
function bsdtime(p: Proc): string {
  const s = Math.floor(p.cpuMs / 1000);
  return `${String(Math.floor(s / 60)).padStart(3)}:${String(s % 60).padStart(2, '0')}`;
}

/** pr_time: [DD-]HH:MM:SS of CPU. */
function time(p: Proc): string {
  let t = Math.floor(p.cpuMs / 1000);
  const ss = t % 60; t = Math.floor(t / 60);
  const mm = t % 60; t = Math.floor(t / 60);
  const hh = t % 24; const dd = Math.floor(t / 24);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${dd ? `${dd}-` : ''}${two(hh)}:${two(mm)}:${two(ss)}`;
}

const COLUMNS: Record<string, Column> = {
  user: { header: 'USER', width: 8, align: 'user', value: (p) => userName(p.user) },
  uid_hack: { header: 'UID', width: 8, align: 'user', value: (p) => userName(p.user) },
  pid: { header: 'PID', width: PID_WIDTH, align: 'right', value: (p) => String(p.pid) },
  ppid: { header: 'PPID', width: PID_WIDTH, align: 'right', value: (p) => String(p.ppid) },
  c: { header: 'C', width: 2, align: 'right', value: (p, now) => c(p, now) },
  pcpu: { header: '%CPU', width: 4, align: 'right', value: (p, now) => pcpu(p, now) },
  pmem: { header: '%MEM', width: 4, align: 'right', value: (p, _n, m) => pmem(p, m) },
  vsz: { header: 'VSZ', width: 6, align: 'right', value: (p) => String(p.vszKiB) },
  rss: { header: 'RSS', width: 5, align: 'right', value: (p) => String(p.rssKiB) },
  tname: { header: 'TTY', width: 8, align: 'left', value: (p) => p.tty },
  stat: { header: 'STAT', width: 4, align: 'left', value: (p) => p.stat },
  start_time: { header: 'START', width: 5, align: 'right', value: (p, now) => stime(p.startedAt, now) },
  stime: { header: 'STIME', width: 5, align: 'right', value: (p, now) => stime(p.startedAt, now) },
  bsdtime: { header: 'TIME', width: 6, align: 'right', value: (p) => bsdtime(p) },
  time: { header: 'TIME', width: 8, align: 'right', value: (p) => time(p) },
  args: { header: 'COMMAND', width: 27, align: 'unlimited', value: (p) => p.command },
  cmd: { header: 'CMD', width: 27, align: 'unlimited', value: (p) => p.command },
  ucmd: { header: 'CMD', width: 15, align: 'unlimited', value: (p) => p.comm },
  command: { header: 'COMMAND', width: 27, align: 'unlimited', value: (p) => p.command },
  comm: { header: 'COMMAND', width: 15, align: 'unlimited', value: (p) => p.comm },
  tty: { header: 'TT', width: 8, align: 'left', value: (p) => p.tty },
  etime: { header: 'ELAPSED', width: 11, align: 'right', value: (p, now) => etime(now - p.startedAt) },
};

/** pr_etime: [[DD-]hh:]mm:ss since the process started. */
function etime(ms: number): string {
  let t = Math.floor(ms / 1000);
  const ss = t % 60; t = Math.floor(t / 60);
  const mm = t % 60; t = Math.floor(t / 60);
  const hh = t % 24; const dd = Math.floor(t / 24);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${dd ? `${dd}-` : ''}${dd || hh ? `${two(hh)}:` : ''}${two(mm)}:${two(ss)}`;
}

/** The formats of the option sets ps knows here (sortformat.c's macros and defaults). */
export const FORMATS = {
  u: ['user', 'pid', 'pcpu', 'pmem', 'vsz', 'rss', 'tname', 'stat', 'start_time', 'bsdtime', 'args'],
  f: ['uid_hack', 'pid', 'ppid', 'c', 'stime', 'tname', 'time', 'cmd'],
  default: ['pid', 'tname', 'time', 'ucmd'],
  /** BSD syntax without u (`ps ax`): PID TTY STAT TIME COMMAND. */
  bsd: ['pid', 'tname', 'stat', 'bsdtime', 'args'],
};

/**
 * One line as show_one_proc lays it out: right-aligned values pad on the left
 * up to their width; a value wider than its column pushes what follows, and
 * the padding of the columns after it gives the space back.
 */
export function layoutLine(cells: string[], cols: Column[], maxWidth: number): string {
  let correct = 0;
  let actual = 0;
  let dospace = 0;
  let out = '';
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i];
    let text = cells[i];
    const last = i === cols.length - 1;
    let leftpad = 0;
    if (col.align === 'right' || (col.align === 'user' && /^[0-9]+$/.test(text))) leftpad = Math.max(0, col.width - text.length);
    let space = correct - actual + leftpad;
    if (space < 1) space = dospace;
    if (last) {
      const room = maxWidth - (actual + space);
      if (text.length > room) text = text.slice(0, Math.max(0, room));
      out += ' '.repeat(space) + text;
      break;
    }
    out += ' '.repeat(space) + text;
    actual += space + text.length;
    correct += col.width + 1;
    dospace = 1;
  }
  return out;
}

export function formatTable(procs: Proc[], format: string[], now: number, memKiB: number, maxWidth: number, header = true, headers: Record<number, string> = {}): string {
  const cols = format.map((f, i) => (headers[i] === undefined ? COLUMNS[f] : { ...COLUMNS[f], header: headers[i], width: Math.max(COLUMNS[f].width, headers[i].length) }));
  const lines: string[] = [];
  // A header line only when some column has a header text (`-o pid=` asks for none).
  if (header && cols.some((c) => c.header !== '')) lines.push(layoutLine(cols.map((c) => c.header), cols, maxWidth));
  for (const p of procs) lines.push(layoutLine(cols.map((c) => c.value(p, now, memKiB)), cols, maxWidth));
  return lines.map((l) => l + '\n').join('');
}

/** The login the terminal is: sshd's privileged and session processes, and the login bash. */
export function loginProcesses(h: NodeHost, now: number): Proc[] {
  const priv = allocatePid(h, 'login:sshd-priv');
  const sess = allocatePid(h, 'login:sshd');
  const bash = allocatePid(h, 'login:bash');
  const at = (h.loginAt ??= now);
  const base = { tty: '?', startedAt: at, cpuMs: 0 };
  return [
    { ...base, pid: priv, ppid: 689, user: 'root', stat: 'Ss', rssKiB: 11_008, vszKiB: 14_540, command: `sshd: ${USER} [priv]`, comm: 'sshd' },
    { ...base, pid: sess, ppid: priv, user: USER, stat: 'S', rssKiB: 6_912, vszKiB: 14_800, command: `sshd: ${USER}@pts/0`, comm: 'sshd' },
    { ...base, pid: bash, ppid: sess, user: USER, tty: 'pts/0', stat: 'Ss', rssKiB: 5_248, vszKiB: 8_696, command: '-bash', comm: 'bash' },
  ];
}

export interface Options {
  format: string[];
  /** Header texts given with `-o spec=HEADER`, by position. */
  headers?: Record<number, string>;
  all: boolean;
  width: number;
  noHeaders?: boolean;
  /** -p, -C, -u: processes picked by PID, command name or user (any of them). */
  pids?: number[];
  commands?: string[];
  users?: string[];
  error?: string;
}

/** -o format specifiers this ps knows (output.c's format_array names), and the columns they print. */
const SPEC_ALIASES: Record<string, string> = {
  pid: 'pid', ppid: 'ppid', user: 'user', euser: 'user', uname: 'user', c: 'c', '%cpu': 'pcpu', pcpu: 'pcpu', '%mem': 'pmem', pmem: 'pmem',
  vsz: 'vsz', vsize: 'vsz', rss: 'rss', rssize: 'rss', tname: 'tname', tty: 'tty', tt: 'tty', stat: 'stat', start_time: 'start_time', stime: 'stime',
  bsdtime: 'bsdtime', time: 'time', cputime: 'time', args: 'args', cmd: 'cmd', command: 'command', comm: 'comm', ucmd: 'ucmd', ucomm: 'comm', etime: 'etime',
};

function usageError(message: string): Options {
  return { format: FORMATS.default, all: false, width: 0, error: `error: ${message}` };
}

/** Reads ps's options: BSD (no dash), UNIX (dash) and the two mixed as people type them (`ps -aux`), -o, -p, -C, -u. */
export function parsePsArgs(args: string[], tty: boolean, columns: number): Options {
  let format: string[] | undefined;
  const headers: Record<number, string> = {};
  let custom: string[] | undefined;
  let all = false;
  let w = 0;
  let bsdX = false;
  let bsdA = false;
  let noHeaders = false;
  const pids: number[] = [];
  const commands: string[] = [];
  const users: string[] = [];
  const list = (v: string) => v.split(/[\s,]+/).filter(Boolean);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s);
      const value = () => inline ?? args[++i];
      if (name === 'no-headers' || name === 'no-heading') noHeaders = true;
      else if (name === 'format') { const v = value(); if (v === undefined) return usageError('format specification must follow --format'); (custom ??= []).push(v); }
      else if (name === 'pid') { const v = value(); if (v === undefined) return usageError('list of process IDs must follow --pid'); pids.push(...list(v).map(Number)); }
      else if (name === 'user') { const v = value(); if (v === undefined) return usageError('list of effective users must follow --user'); users.push(...list(v)); }
      else if (name === 'width' || name === 'cols' || name === 'columns') { const v = value(); columns = Number(v); w = -1; }
      else if (name === 'help' || name === 'version') continue;
      else return usageError('unknown gnu long option');
      continue;
    }
    const bsd = !a.startsWith('-');
    const letters = a.replace(/^-/, '');
    for (let j = 0; j < letters.length; j++) {
      const ch = letters[j];
      const rest = letters.slice(j + 1);
      const takeValue = (): string | undefined => (rest ? rest : args[++i]);
      if (ch === 'e' || ch === 'A') all = true;
      else if (ch === 'f' && !bsd) format = FORMATS.f;
      else if (ch === 'u' && (bsd || a === '-aux' || a === '-uax' || a === '-axu')) format = FORMATS.u;
      else if (ch === 'a') { if (bsd || a.includes('x')) bsdA = true; }
      else if (ch === 'x') bsdX = true;
      else if (ch === 'w') w++;
      else if (ch === 'o' || ch === 'O') {
        const v = takeValue();
        if (v === undefined) return usageError('format specification must follow -o');
        (custom ??= []).push(v);
        break;
      } else if (ch === 'p' || ch === 'q') {
        const v = takeValue();
        if (v === undefined) return usageError('list of process IDs must follow -p');
        const ns = list(v).map(Number);
        if (ns.some((n) => !Number.isInteger(n) || n <= 0)) return usageError('process ID list syntax error');
        pids.push(...ns);
        break;
      } else if (ch === 'C') {
        const v = takeValue();
        if (v === undefined) return usageError('list of command names must follow -C');
        commands.push(...list(v));
        break;
      } else if (ch === 'u' || ch === 'U') {
        const v = takeValue();
        if (v === undefined) return usageError(ch === 'u' ? 'list of effective users must follow -u' : 'list of real users must follow -U');
        users.push(...list(v));
        break;
      } else return usageError(bsd ? 'unsupported option (BSD syntax)' : 'unsupported SysV option');
    }
  }
  if (bsdA && bsdX) all = true;
  if (custom) {
    format = [];
    for (const spec of custom) {
      let items = spec;
      // `-o pid,cmd=NAME`: the header runs to the end of the option, commas included.
      const eq = spec.indexOf('=');
      let header: string | undefined;
      if (eq >= 0) { header = spec.slice(eq + 1); items = spec.slice(0, eq); }
      const names = items.split(/[\s,]+/).filter(Boolean);
      for (const n of names) {
        const key = SPEC_ALIASES[n.toLowerCase()];
        if (!key) return usageError(`unknown user-defined format specifier "${n}"`);
        format.push(key);
      }
      if (header !== undefined) headers[format.length - 1] = header;
    }
  }
  if (!format) format = bsdX || bsdA ? FORMATS.bsd : FORMATS.default;
  const width = w === -1 ? columns : !tty || w >= 2 ? Number.MAX_SAFE_INTEGER : w === 1 ? Math.max(132, columns) : columns;
  const out: Options = { format, all, width };
  if (Object.keys(headers).length) out.headers = headers;
  if (noHeaders) out.noHeaders = true;
  if (pids.length) out.pids = pids;
  if (commands.length) out.commands = commands;
  if (users.length) out.users = users;
  return out;
}

export const ps: CommandSpec = {
  name: 'ps',
  summary: 'report a snapshot of the current processes',
  run(ctx: ProcessContext) {
    const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
    const opts = parsePsArgs(ctx.argv.slice(1), ctx.terminal.isTTY, ctx.terminal.columns);
    if (opts.error) {
      ctx.stderr.write(`${opts.error}\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`);
      return 1;
    }
    if (!h) return 1;
    const now = ctx.cluster.clock.now();
    // The node's own processes first: those that started before this login take their PIDs before it.
    const system = nodeProcesses(ctx.cluster, h, ctx.fs);
    const login = loginProcesses(h, now);
    const self: Proc = { pid: newPid(h), ppid: login[2].pid, user: USER, tty: 'pts/0', stat: 'R+', startedAt: now, cpuMs: 0, rssKiB: 4_352, vszKiB: 11_184, command: ctx.argv.join(' '), comm: 'ps' };
    let procs = [...system, ...login, self].sort((a, b) => a.pid - b.pid);
    const picked = opts.pids || opts.commands || opts.users;
    if (picked) {
      procs = procs.filter((p) => opts.all || opts.pids?.includes(p.pid) || opts.commands?.includes(p.comm) || opts.users?.includes(p.user));
    } else if (!opts.all) {
      // Without -e/ax: this terminal's processes of this user (ps with no options), or all of the user's with a terminal (BSD a).
      procs = procs.filter((p) => p.tty === 'pts/0' && p.user === USER);
    }
    ctx.stdout.write(formatTable(procs, opts.format, now, memTotalKiB(h), opts.width, !opts.noHeaders, opts.headers));
    // ps exits 1 when it selected nothing.
    return procs.length ? 0 : 1;
  },
};
