/**
 * bash's `kill` builtin on the node: signals to the shell's own background
 * jobs (`kill %1`, `kill 1001`, `kill -9 %1`), `kill -l`. Loaded on first use.
 */
import type { Builtin } from './builtins.js';
import type { Job, Shell, ShellIO } from './interpreter.js';
import { loadNodeTools } from './commands/node/index.js';

/** Linux's signal names by number (1–31; 34–64 are the real-time ones). */
const NAMES = ['', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS'];

export function signalName(n: number): string | undefined {
  if (n >= 1 && n <= 31) return NAMES[n];
  if (n === 34) return 'RTMIN';
  if (n > 34 && n < 50) return `RTMIN+${n - 34}`;
  if (n >= 50 && n < 64) return `RTMAX-${64 - n}`;
  if (n === 64) return 'RTMAX';
  return undefined;
}

/** A signal spec (`9`, `KILL`, `SIGKILL`, `kill`) as its number. */
export function signalNumber(spec: string): number | undefined {
  if (/^[0-9]+$/.test(spec)) return signalName(Number(spec)) ? Number(spec) : spec === '0' ? 0 : undefined;
  const name = spec.toUpperCase().replace(/^SIG/, '');
  for (let n = 1; n <= 64; n++) if (signalName(n) === name) return n;
  return undefined;
}

/** A `%name` / `%?text` that fits more than one job: bash names it "ambiguous job spec". */
export class AmbiguousJob {
  constructor(readonly name: string) {}
}

/**
 * The job a jobspec names among `jobs` (in job-number order): `%N`, the current job `%+`, `%%` or a bare `%`, the
 * previous one `%-`, `%name` the job whose command starts with name, `%?text` the one whose command holds text;
 * undefined when there is no such job, null when `spec` is not a jobspec (no `%`).
 */
export function jobBySpec(jobs: readonly Job[], spec: string): Job | undefined | null | AmbiguousJob {
  if (!spec.startsWith('%')) return null;
  const m = /^%(\+|%|-|[0-9]+)?$/.exec(spec);
  if (!m) {
    const contains = spec.startsWith('%?');
    const text = spec.slice(contains ? 2 : 1);
    const found = jobs.filter((j) => (contains ? j.text.includes(text) : j.text.startsWith(text)));
    return found.length > 1 ? new AmbiguousJob(text) : found[0];
  }
  if (m[1] === undefined || m[1] === '+' || m[1] === '%') return jobs[jobs.length - 1];
  if (m[1] === '-') return jobs[jobs.length - 2];
  return jobs.find((j) => j.n === Number(m[1]));
}

/** Signals process `pid` of the node the shell is on, through the node tools (loaded now, the clock held meanwhile). */
async function nodeSignal(sh: Shell, io: ShellIO, pid: number, signo: number): Promise<'ok' | 'EPERM' | 'ESRCH'> {
  const release = sh.clock.hold();
  let tools;
  try {
    tools = await loadNodeTools();
  } finally {
    release();
  }
  return tools.signalPid(sh.processContext(['kill'], io), pid, signo);
}

const USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

export const kill: Builtin = async (sh, argv, io) => {
  const err = (text: string) => {
    io.stderr.write(`${sh.errorPrefix()}kill: ${text}\n`);
    return 1;
  };
  const args = argv.slice(1);
  if (args[0] === '-l' || args[0] === '-L') {
    if (args.length === 1) {
      let out = '';
      const nums = Array.from({ length: 64 }, (_, i) => i + 1).filter((n) => signalName(n));
      nums.forEach((n, k) => (out += `${String(n).padStart(2)}) SIG${signalName(n)}${k % 5 === 4 ? '\n' : '\t'}`));
      io.stdout.write(nums.length % 5 ? out + '\n' : out);
      return 0;
    }
    let status = 0;
    for (const a of args.slice(1)) {
      // A number names its signal (an exit status above 128 names the signal that ended it); a name gives its number.
      const n = /^[0-9]+$/.test(a) ? Number(a) : undefined;
      const text = n !== undefined ? signalName(n > 128 ? n - 128 : n) : signalNumber(a)?.toString();
      if (text === undefined) status = err(`${a}: invalid signal specification`);
      else io.stdout.write(`${text}\n`);
    }
    return status;
  }
  let signal = 15;
  let i = 0;
  if (args[0] === '-s' || args[0] === '-n') {
    if (args[1] === undefined) return err(`${args[0]}: option requires an argument`);
    const n = signalNumber(args[1]);
    if (n === undefined) return err(`${args[1]}: invalid signal specification`);
    signal = n;
    i = 2;
  } else if (args[0]?.startsWith('-') && args[0] !== '-' && args[0] !== '--') {
    const n = signalNumber(args[0].slice(1));
    if (n === undefined) return err(`${args[0].slice(1)}: invalid signal specification`);
    signal = n;
    i = 1;
  }
  if (args[i] === '--') i++;
  if (i >= args.length) {
    io.stderr.write(USAGE);
    return 2;
  }
  let status = 0;
  for (const a of args.slice(i)) {
    const running = [...sh.jobTable.values()].sort((x, y) => x.n - y.n);
    const job = jobBySpec(running, a);
    if (job instanceof AmbiguousJob) { status = err(`${job.name}: ambiguous job spec`); continue; }
    if (job === null && !/^-?[0-9]+$/.test(a)) { status = err(`${a}: arguments must be process or job IDs`); continue; }
    const entry = job === null ? running.find((j) => j.pid === Number(a)) : job;
    if (!entry && job === null && sh.cluster && Number(a) > 0) {
      // Not one of the shell's jobs: a process of the node (kill(2) from this shell's user).
      const r = await nodeSignal(sh, io, Number(a), signal);
      if (r === 'ok') continue;
      if (r === 'EPERM') { status = err(`(${a}) - Operation not permitted`); continue; }
    }
    if (!entry) { status = err(job === null ? `(${a}) - No such process` : `${a}: no such job`); continue; }
    // Signal 0 only asks whether the process exists; the others the simulated jobs do not handle end them.
    if (signal !== 0) {
      entry.killedBy = signal;
      entry.signal.abort();
    }
  }
  return status;
};
