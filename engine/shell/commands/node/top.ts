/**
 * top (procps-ng 4.0.4, src/top/top.c) on the node: the summary (uptime's line, Tasks, %Cpu(s), MiB Mem and
 * MiB Swap, top_nls.c's formats) and the task window's default columns over the process table ps and pgrep
 * read (proctable.ts), %CPU being each process's CPU ticks (100 a second) over the interval, sorted by %CPU.
 * The figures are the ones free, uptime and `ps aux` print: memory from memInfo, the load averages, each
 * process's CPU rate and resident size; the summary's CPU is what the load averages follow (the node's daemons
 * and its containers), split between user and system time.
 *
 * Batch mode (-b) writes frames as top does to a dumb terminal: each line of the summary cut at the width,
 * rows without trailing blanks, two newlines between frames and one at the end; the width is the terminal's
 * (80 in a pipe), -w's or COLUMNS' (512 without it), and every process is listed. The first frame's %CPU covers
 * the 0.15 s top waits before it (LIB_USLEEP), later ones the delay (-d, 3 s by default), on the virtual clock.
 * On a terminal top is full screen, redrawn every delay until q or Ctrl-C, with 1, c, i, M, P, N, T, R and k (its
 * two prompts on the message row, then the signal, as pkill sends it) as keys;
 * without a terminal to read keys from (a script) it fails as top does when tcgetattr(0) fails.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { LineSignal } from '../../signal.js';
import { currentNodeName, nodeHost, type NodeHost } from './host.js';
import { cpuCount, DAEMONS_CPU_MILLI, loadAverages, memInfo, uptimeSeconds } from './machine.js';
import { processTable, signalProcess, userSpec, uidOf } from './proctable.js';
import { signalNumber } from '../../kill.js';
import type { Proc } from './processes.js';
import { uptimeLine } from './uptime.js';

const HELP = `
Usage:
 top [options]

Options:
 -b, --batch-mode                run in non-interactive batch mode
 -c, --cmdline-toggle            reverse last remembered 'c' state
 -d, --delay =SECS [.TENTHS]     iterative delay as SECS [.TENTHS]
 -E, --scale-summary-mem =SCALE  set mem as: k,m,g,t,p,e for SCALE
 -e, --scale-task-mem =SCALE     set mem with: k,m,g,t,p for SCALE
 -H, --threads-show              show tasks plus all their threads
 -i, --idle-toggle               reverse last remembered 'i' state
 -n, --iterations =NUMBER        exit on maximum iterations NUMBER
 -O, --list-fields               output all field names, then exit
 -o, --sort-override =FIELD      force sorting on this named FIELD
 -p, --pid =PIDLIST              monitor only the tasks in PIDLIST
 -S, --accum-time-toggle         reverse last remembered 'S' state
 -s, --secure-mode               run with secure mode restrictions
 -U, --filter-any-user =USER     show only processes owned by USER
 -u, --filter-only-euser =USER   show only processes owned by USER
 -w, --width [=COLUMNS]          change print width [,use COLUMNS]
 -1, --single-cpu-toggle         reverse last remembered '1' state

 -h, --help                      display this help text, then exit
 -V, --version                   output version information & exit

For more details see top(1).
`;

/** Every field name top knows (top_nls.c's Head_nlstab), for -o and -O. */
const FIELDS = ('PID PPID UID USER RUID RUSER SUID SUSER GID GROUP PGRP TTY TPGID SID PR NI nTH P %CPU TIME TIME+ %MEM VIRT SWAP RES CODE ' +
  'DATA SHR nMaj nMin nDRT S COMMAND WCHAN Flags CGROUPS SUPGIDS SUPGRPS TGID OOMa OOMs ENVIRON vMj vMn USED nsIPC nsMNT nsNET nsPID nsUSER ' +
  'nsUTS LXC RSan RSfd RSlk RSsh CGNAME NU LOGID EXE RSS PSS PSan PSfd PSsh USS ioR ioRop ioW ioWop AGID AGNI STARTED ELAPSED %CUU %CUC ' +
  'nsCGROUP nsTIME').split(' ');

/** /proc/sys/kernel/pid_max is 4194304 on Ubuntu (systemd's 50-pid-max.conf): PID columns are 7 wide. */
const PID_WIDTH = 7;
/** Before its first frame top samples twice, LIB_USLEEP (150 ms) apart. */
const FIRST_SAMPLE_MS = 150;
/** A Go program's threads (nTH), which cap its %CPU at 100 each; other programs here run one. */
const GO_THREADS = 12;

interface Options {
  batch: boolean;
  cmdline: boolean;
  delayMs: number;
  loops: number;
  sort: string;
  ascending: boolean;
  pids?: number[];
  uid?: number;
  idle: boolean;
  perCpu: boolean;
  /** -w: its value, or -1 without one. */
  width?: number;
  /** -E and -e: the summary's and the tasks' memory unit (0 KiB, 1 MiB, 2 GiB…). */
  summaryScale: number;
  taskScale: number;
}

type Parsed = Options | { exit: number; out?: string; err?: string };

/** mkfloat: the whole argument a number (top's strtod-based check); whole numbers only when `whole`. */
function number(s: string | undefined, whole: boolean): number | undefined {
  if (s === undefined || !/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return whole && !Number.isInteger(n) ? undefined : n;
}

const LONGS: Record<string, string> = {
  'batch-mode': 'b', 'cmdline-toggle': 'c', delay: 'd', 'scale-summary-mem': 'E', 'scale-task-mem': 'e', 'threads-show': 'H', help: 'h',
  'idle-toggle': 'i', iterations: 'n', 'list-fields': 'O', 'sort-override': 'o', pid: 'p', 'accum-time-toggle': 'S', 'secure-mode': 's',
  'filter-any-user': 'U', 'filter-only-euser': 'u', version: 'V', width: 'w', 'single-cpu-toggle': '1',
};
const WITH_VALUE = 'dEenopUu';

/** parse_args, with its GETOPTFIX: an option's value may follow as the next word, `=` before it dropped. */
export function parseTop(args: string[]): Parsed {
  const o: Options = { batch: false, cmdline: false, delayMs: 3000, loops: -1, sort: '%CPU', ascending: false, idle: true, perCpu: false, summaryScale: 1, taskScale: 0 };
  const fail = (text: string): Parsed => ({ exit: 1, err: `top: ${text}\n` });
  let delay: number | undefined;
  let i = 0;
  const opts: Array<{ ch: string; value?: string }> = [];
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const matches = Object.keys(LONGS).filter((l) => l.startsWith(name));
      const exact = matches.includes(name) ? name : matches.length === 1 ? matches[0] : undefined;
      if (!exact) return { exit: 1, err: matches.length ? `top: option '${a}' is ambiguous\n` : `top: unrecognized option '${a}'\n` };
      const ch = LONGS[exact];
      let value = eq >= 0 ? a.slice(eq + 1) : undefined;
      if (value === undefined && WITH_VALUE.includes(ch)) {
        if (i + 1 >= args.length) return { exit: 1, err: `top: option '--${exact}' requires an argument\n` };
        value = args[++i];
      }
      opts.push({ ch, value });
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      if (!'bcdEeHhinOopSsUuVw1'.includes(ch)) return { exit: 1, err: `top: invalid option -- '${ch}'\n` };
      if (WITH_VALUE.includes(ch) || ch === 'w') {
        let value: string | undefined = a.slice(j + 1) || undefined;
        if (value === undefined && i + 1 < args.length && (ch !== 'w' || !args[i + 1].startsWith('-'))) value = args[++i];
        if (value === undefined && ch !== 'w') return { exit: 1, err: `top: option requires an argument -- '${ch}'\n` };
        if (value?.startsWith('=')) value = value.slice(1) || args[++i];
        opts.push({ ch, value });
        break;
      }
      opts.push({ ch });
    }
  }
  for (const { ch, value = '' } of opts) {
    switch (ch) {
      case '1': o.perCpu = !o.perCpu; break;
      case 'b': o.batch = true; break;
      case 'c': o.cmdline = !o.cmdline; break;
      case 'd': {
        const n = number(value, false);
        if (n === undefined) return fail(`bad delay interval '${value}'`);
        if (n < 0) return fail('-d requires positive argument');
        delay = n;
        break;
      }
      case 'E': case 'e': {
        const at = (ch === 'E' ? 'kmgtpe' : 'kmgtp').indexOf(value.toLowerCase());
        if (value.length !== 1 || at < 0) return fail(`bad memory scaling arg '${value}'`);
        if (ch === 'E') o.summaryScale = at;
        else o.taskScale = at;
        break;
      }
      case 'h': return { exit: 0, out: HELP.slice(0) };
      case 'i': o.idle = !o.idle; break;
      case 'n': {
        const n = number(value, true);
        if (n === undefined || n < 1) return fail(`bad iterations argument '${value}'`);
        o.loops = n;
        break;
      }
      case 'O': return { exit: 0, out: FIELDS.join('\n') + '\n' };
      case 'o': {
        let f = value;
        if (f.startsWith('+')) { o.ascending = false; f = f.slice(1); } else if (f.startsWith('-')) { o.ascending = true; f = f.slice(1); }
        if (!FIELDS.includes(f)) return fail(`unrecognized field name '${f}'`);
        o.sort = f;
        break;
      }
      case 'p': {
        if (o.uid !== undefined) return fail('conflicting process selections (U/p/u)');
        const pids = (o.pids ??= []);
        for (const part of value.split(',')) {
          if (!/^\s*\d/.test(part) || /[+\-.]/.test(part)) return fail(`bad pid '${part}'`);
          const n = parseInt(part, 10);
          if (!pids.includes(n)) pids.push(n);
          if (pids.length > 20) return fail('pid limit (20) exceeded');
        }
        break;
      }
      case 'U': case 'u': {
        if (o.pids || o.uid !== undefined) return fail('conflicting process selections (U/p/u)');
        const uid = userSpec(value.replace(/^!/, ''));
        if (uid === undefined) return fail('Invalid user');
        o.uid = uid;
        break;
      }
      case 'V': return { exit: 0, out: 'top from procps-ng 4.0.4\n' };
      case 'w': {
        if (value) {
          const n = number(value, true);
          if (n === undefined || n < 3 || n > 512) return fail(`bad width arg '${value}'`);
          o.width = n;
        } else o.width = -1;
        break;
      }
      default: break;
    }
  }
  if (i < args.length) return fail(`unknown option '${args[i]}'`);
  if (delay !== undefined) o.delayMs = Math.round(delay * 1000);
  return o;
}

/** The %.1f and %.0f of a percentage in `width` (scale_pcnt). */
function pcnt(n: number, width: number): string {
  const one = n.toFixed(1);
  return (one.length <= width ? one : n.toFixed(0)).padStart(width);
}

/** scale_mem: KiB as they are, else MiB, GiB… with one decimal and a suffix, the first from `target` (-e) that fits `width`. */
function mem(kib: number, width: number, target = 0): string {
  let n = kib;
  for (let i = 0; i < 5; i++, n /= 1024) {
    const text = i === 0 ? n.toFixed(0) : `${n.toFixed(1)}${'kmgtp'[i]}`;
    if (i >= target && text.length <= width) return text.padStart(width);
  }
  return '?'.padStart(width);
}

/** scale_tics for TIME+: minutes:seconds.hundredths, else minutes:seconds, hours,minutes, days+hours… */
function timePlus(ticks: number, width = 9): string {
  const cent = ticks % 100, secs = Math.floor(ticks / 100), mins = Math.floor(secs / 60), hour = Math.floor(mins / 60), days = Math.floor(hour / 24);
  const two = (n: number) => String(n).padStart(2, '0');
  const tries = [
    mins <= 360 ? `${mins}:${two(secs % 60)}.${two(cent)}` : '', mins <= 360 ? `${mins}:${two(secs % 60)}` : '',
    hour <= 96 ? `${hour},${two(mins % 60)}` : '', days <= 14 ? `${days}d+${hour % 24}h` : '', days <= 14 ? `${days}d` : '',
    `${Math.floor(days / 7)}w+${days % 7}d`, `${Math.floor(days / 7)}w`,
  ];
  return (tries.find((t) => t && t.length <= width) ?? '?').padStart(width);
}

/** make_str: a string cut to `width` with '+' as its last character when longer. */
function fit(s: string, width: number): string {
  return s.length > width ? s.slice(0, width - 1) + '+' : s;
}

/** CPU ticks (10 ms) a process had used at `at`, from what it has used now and the rate it uses CPU. */
function ticksAt(p: Proc, now: number, at: number): number {
  return Math.max(0, Math.floor((p.cpuMs - ((p.cpuMilli ?? 0) * Math.max(0, Math.min(now - at, now - p.startedAt))) / 1000) / 10));
}

interface Row { p: Proc; cpu: number; ticks: number; shrKiB: number }

/** Shared pages of a resident set: libraries and the binary's text, about half for these daemons. */
function shared(p: Proc): number {
  return p.comm === 'pause' ? p.rssKiB : Math.round(p.rssKiB * 0.45);
}

const SORTS: Record<string, (a: Row, b: Row) => number> = {
  PID: (a, b) => a.p.pid - b.p.pid,
  PPID: (a, b) => a.p.ppid - b.p.ppid,
  UID: (a, b) => uidOf(a.p.user) - uidOf(b.p.user),
  USER: (a, b) => (a.p.user < b.p.user ? -1 : a.p.user > b.p.user ? 1 : 0),
  '%CPU': (a, b) => a.cpu - b.cpu,
  '%MEM': (a, b) => a.p.rssKiB - b.p.rssKiB,
  RES: (a, b) => a.p.rssKiB - b.p.rssKiB,
  VIRT: (a, b) => a.p.vszKiB - b.p.vszKiB,
  SHR: (a, b) => a.shrKiB - b.shrKiB,
  TIME: (a, b) => a.ticks - b.ticks,
  'TIME+': (a, b) => a.ticks - b.ticks,
  COMMAND: (a, b) => (a.p.comm < b.p.comm ? -1 : a.p.comm > b.p.comm ? 1 : 0),
  S: (a, b) => (a.p.stat < b.p.stat ? -1 : a.p.stat > b.p.stat ? 1 : 0),
  STARTED: (a, b) => a.p.startedAt - b.p.startedAt,
  ELAPSED: (a, b) => b.p.startedAt - a.p.startedAt,
};

/** The per-process columns' headers, widths and alignment (the default fields), COMMAND last and variable. */
const COLUMNS: Array<[string, number, boolean]> = [
  ['PID', PID_WIDTH, true], ['USER', 8, false], ['PR', 3, true], ['NI', 3, true], ['VIRT', 7, true], ['RES', 6, true], ['SHR', 6, true],
  ['S', 1, true], ['%CPU', 5, true], ['%MEM', 5, true], ['TIME+', 9, true],
];

function cells(r: Row, memTotal: number, scale: number): string[] {
  const p = r.p;
  return [String(p.pid), fit(p.user, 8), '20', '0', mem(p.vszKiB, 7, scale), mem(p.rssKiB, 6, scale), mem(r.shrKiB, 6, scale), p.stat[0], pcnt(r.cpu, 5), pcnt((p.rssKiB * 100) / memTotal, 5), timePlus(r.ticks)];
}

interface FrameInput { ctx: ProcessContext; h: NodeHost; o: Options; cols: number; rows: number; sinceMs: number; prev?: Map<number, number>; batch: boolean }

/** One frame's lines: the summary, the message row, the header and the task rows (as many as fit when `rows` is finite). */
function frame(f: FrameInput): { lines: string[]; ticks: Map<number, number>; msgRow: number; first?: number } {
  const { ctx, h, o, cols } = f;
  const cluster = ctx.cluster;
  const now = cluster.clock.now();
  const { procs } = processTable(ctx, h, 'top');
  const cpus = cpuCount(h);
  const interval = Math.max(1, f.sinceMs);
  const ticks = new Map<number, number>();
  const rows: Row[] = [];
  for (const p of procs) {
    const t = Math.floor(p.cpuMs / 10);
    ticks.set(p.pid, t);
    const before = f.prev?.get(p.pid) ?? (p.startedAt >= now - interval ? 0 : ticksAt(p, now, now - interval));
    const threads = p.stat.includes('l') ? GO_THREADS : 1;
    const cpu = Math.min(((t - before) * 1000) / interval, 100 * threads, 100 * cpus);
    rows.push({ p, cpu, ticks: t, shrKiB: shared(p) });
  }
  const monitored = o.pids ? rows.filter((r) => o.pids!.includes(r.p.pid)) : rows;
  const lines: string[] = [];
  const cut = (s: string) => s.slice(0, cols);
  // Users: the learner's login session, as uptime counts it.
  lines.push(cut(`top -${uptimeLine(now, uptimeSeconds(cluster, h), 1, loadAverages(cluster, h))}`));
  const running = monitored.filter((r) => r.p.stat.startsWith('R')).length;
  const n4 = (n: number) => String(n).padStart(4);
  lines.push(cut(`Tasks:${n4(monitored.length)} total,${n4(running)} running,${n4(monitored.length - running)} sleeping,   0 stopped,   0 zombie`));
  // The CPU the load averages follow: the node's daemons and its containers, two thirds of it user time.
  let busyMilli = DAEMONS_CPU_MILLI;
  if (h.kubelet.poweredOn()) for (const c of h.kubelet.runtime.containers.values()) if (c.state === 'running') busyMilli += c.cpuMilli(now);
  const cpuLine = (label: string, share: number) => {
    const pct = Math.min(100, busyMilli / (cpus * 10)) * share;
    const us = (pct * 2) / 3, sy = pct / 3;
    const f5 = (n: number) => n.toFixed(1).padStart(5);
    return cut(`${label}${f5(us)} us,${f5(sy)} sy,${f5(0)} ni,${f5(100 - us - sy)} id,${f5(0)} wa,${f5(0)} hi,${f5(0)} si,${f5(0)} st `);
  };
  if (o.perCpu) for (let i = 0; i < cpus; i++) lines.push(cpuLine(`%Cpu${String(i).padEnd(3)}:`, 1));
  else lines.push(cpuLine('%Cpu(s):', 1));
  const m = memInfo(cluster, h);
  // do_memory's scaletab: KiB as a whole number, the larger units with one decimal; prT marks a cut figure with '+'.
  const unit = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'][o.summaryScale];
  const mib = (kib: number) => {
    const v = kib / 1024 ** o.summaryScale;
    const t = `${o.summaryScale ? v.toFixed(1) : v.toFixed(0)} `;
    return (t.length > 9 ? t.slice(0, 8) + '+' : t).padStart(9);
  };
  lines.push(cut(`${unit} Mem : ${mib(m.totalKiB)}total, ${mib(m.freeKiB)}free, ${mib(m.usedKiB)}used, ${mib(m.buffersKiB + m.cacheKiB)}buff/cache     `));
  lines.push(cut(`${unit} Swap: ${mib(0)}total, ${mib(0)}free, ${mib(0)}used. ${mib(m.availableKiB)}avail Mem `));
  // The columns that fit the width, each with its padding; COMMAND takes what is left.
  let used = 0;
  const shown: typeof COLUMNS = [];
  for (const c of COLUMNS) {
    if (used + c[1] + 1 > cols) break;
    shown.push(c);
    used += c[1] + 1;
  }
  const commandWidth = shown.length === COLUMNS.length && used + 8 <= cols ? cols - used - 1 : 0;
  const line = (values: string[], command: string | undefined) => {
    const parts = shown.map(([, w, right], i) => (right ? values[i].padStart(w) : values[i].padEnd(w)));
    if (command !== undefined) parts.push(fit(command, commandWidth));
    return parts.join(' ').replace(/ +$/, '');
  };
  const msgRow = lines.length;
  lines.push('');
  lines.push(line(shown.map(([name]) => name), commandWidth ? 'COMMAND' : undefined));
  const by = SORTS[o.sort] ?? (() => 0);
  const sorted = monitored.slice().sort((a, b) => (o.ascending ? by(a, b) : by(b, a)) || a.p.pid - b.p.pid);
  const memTotal = Math.floor(m.totalKiB);
  const maxRows = f.rows === Infinity ? Infinity : Math.max(0, f.rows - lines.length);
  let count = 0;
  let first: number | undefined;
  for (const r of sorted) {
    if (count >= maxRows) break;
    if (o.uid !== undefined && uidOf(r.p.user) !== o.uid) continue;
    if (!o.idle && r.cpu <= 0) continue;
    lines.push(line(cells(r, memTotal, o.taskScale), commandWidth ? (o.cmdline ? r.p.command : r.p.comm) : undefined));
    first ??= r.p.pid;
    count++;
  }
  return { lines, ticks, msgRow, first };
}

/** Interactive keys that change the view (the rest are not simulated and do nothing). */
function key(o: Options, k: string): 'quit' | 'redraw' | undefined {
  switch (k) {
    case 'q': case '\x03': return 'quit';
    case '1': o.perCpu = !o.perCpu; return 'redraw';
    case 'c': o.cmdline = !o.cmdline; return 'redraw';
    case 'i': o.idle = !o.idle; return 'redraw';
    case 'M': o.sort = '%MEM'; o.ascending = false; return 'redraw';
    case 'P': o.sort = '%CPU'; o.ascending = false; return 'redraw';
    case 'N': o.sort = 'PID'; o.ascending = false; return 'redraw';
    case 'T': o.sort = 'TIME+'; o.ascending = false; return 'redraw';
    case 'R': o.ascending = !o.ascending; return 'redraw';
    default: return undefined;
  }
}

export const top: CommandSpec = {
  name: 'top',
  summary: 'display Linux processes',
  async run(ctx: ProcessContext) {
    const o = parseTop(ctx.argv.slice(1));
    if ('exit' in o) {
      if (o.out) ctx.stdout.write(o.out);
      if (o.err) ctx.stderr.write(o.err);
      return o.exit;
    }
    const h = nodeHost(ctx.cluster, currentNodeName(ctx));
    if (!h) return 1;
    const t = ctx.terminal;
    const envCols = Number(ctx.env.COLUMNS);
    const envRows = Number(ctx.env.LINES);
    if (o.batch) {
      // A terminal's width, else terminfo's 80; -w with a number, or COLUMNS (512 without it).
      let cols = t.isTTY ? t.columns : 80;
      if (o.width !== undefined) cols = o.width > 0 ? o.width : Number.isInteger(envCols) && envCols > 0 ? Math.min(512, envCols) : 512;
      const rows = o.width === -1 && Number.isInteger(envRows) && envRows > 0 ? envRows : Infinity;
      let prev: Map<number, number> | undefined;
      let since = FIRST_SAMPLE_MS;
      for (let n = 0; ; n++) {
        const f = frame({ ctx, h, o, cols, rows, sinceMs: since, prev, batch: true });
        ctx.stdout.write((n ? '\n\n' : '') + f.lines.join('\n'));
        prev = f.ticks;
        if (o.loops > 0 && n + 1 >= o.loops) break;
        await ctx.sleep(o.delayMs);
        if (ctx.signal.aborted) break;
        since = o.delayMs;
      }
      // bye_bye: a batch run ends its last frame with a newline.
      ctx.stdout.write('\n');
      return 0;
    }
    // Interactive: keys come from the terminal (tcgetattr on stdin fails without one).
    if (!t.keys) {
      ctx.stderr.write('top: failed tty get\n');
      return 1;
    }
    const cols = t.isTTY ? t.columns : 80;
    const rows = t.isTTY ? t.rows : 24;
    const width = o.width !== undefined && o.width > 0 ? Math.min(o.width, cols) : cols;
    let wake = new LineSignal();
    let quit = false;
    let shown: ReturnType<typeof frame> | undefined;
    // 'k': ioline's prompts on the message row, then kill(2); a failure is show_msg's, held 1.25 s (MSG_USLEEP).
    let asking: { pid?: number; typed: string } | undefined;
    let message: string | undefined;
    const at = (text: string) => ctx.stdout.write(`\x1b[${(shown?.msgRow ?? 5) + 1};1H${text}\x1b[K`);
    const answer = () => {
      const a = asking!;
      const def = shown?.first ?? 0;
      if (a.pid === undefined) {
        const n = number(a.typed, true);
        if (a.typed && n === undefined) { asking = undefined; message = 'Unacceptable integer'; return; }
        asking = { pid: a.typed ? n : def, typed: '' };
        at(`Send pid ${asking.pid} signal [15/sigterm] `);
        return;
      }
      asking = undefined;
      const signo = a.typed ? signalNumber(a.typed) ?? -1 : 15;
      if (signo < 0) { message = 'Invalid signal'; return; }
      if (signo === 0) return;
      const p = processTable(ctx, h, 'top').procs.find((x) => x.pid === a.pid);
      const r = p ? signalProcess(ctx, h, p, signo) : 'ESRCH';
      if (r !== 'ok') message = `Failed signal pid '${a.pid}' with '${signo}': ${r === 'EPERM' ? 'Operation not permitted' : 'No such process'}`;
    };
    const release = t.keys((data) => {
      for (const k of data) {
        if (k === '\x03') { quit = true; wake.abort(); continue; }
        if (asking) {
          if (k === '\r' || k === '\n') { answer(); if (!asking) wake.abort(); }
          else if (k === '\x1b') { asking = undefined; wake.abort(); }
          else if (k === '\x7f' || k === '\b') { if (asking.typed) { asking.typed = asking.typed.slice(0, -1); ctx.stdout.write('\b \b'); } }
          else if (k >= ' ') { asking.typed += k; ctx.stdout.write(k); }
          continue;
        }
        if (k === 'k') {
          asking = { typed: '' };
          at(`PID to signal/kill [default pid = ${shown?.first ?? 0}] `);
          continue;
        }
        const r = key(o, k);
        if (r === 'quit') quit = true;
        if (r) wake.abort();
      }
    });
    try {
      let prev: Map<number, number> | undefined;
      let since = FIRST_SAMPLE_MS;
      let last = ctx.cluster.clock.now();
      // Cursor hidden; the first frame clears the screen, later ones go home and clear what they do not cover.
      ctx.stdout.write('\x1b[?25l\x1b[H\x1b[2J');
      for (let n = 0; ; n++) {
        const f = (shown = frame({ ctx, h, o, cols: width, rows, sinceMs: since, prev, batch: false }));
        ctx.stdout.write((n ? '\x1b[H' : '') + f.lines.map((l) => l + '\x1b[K').join('\n') + (f.lines.length < rows ? '\n\x1b[J' : ''));
        prev = f.ticks;
        if (o.loops > 0 && n + 1 >= o.loops) break;
        // `-d 0` redraws as fast as top can; here at most every 100 ms of virtual time, so the page keeps up.
        await ctx.sleep(Math.max(100, o.delayMs), wake);
        // While a prompt waits for its line, top does not refresh.
        while (asking && !quit && !ctx.signal.aborted) {
          wake = new LineSignal();
          await ctx.sleep(86_400_000, wake);
        }
        if (message && !quit && !ctx.signal.aborted) {
          at(` ${message} `);
          message = undefined;
          await ctx.sleep(1_250);
        }
        if (ctx.signal.aborted || quit) break;
        if (wake.aborted) wake = new LineSignal();
        const now = ctx.cluster.clock.now();
        since = now - last || FIRST_SAMPLE_MS;
        last = now;
      }
    } finally {
      release();
    }
    // at_eoj: the cursor to the last row, a newline, the cursor shown again.
    ctx.stdout.write(`\x1b[${rows};1H\n\x1b[?12l\x1b[?25h\x1b[K`);
    return 0;
  },
};
