/**
 * Builtins that change how the shell runs rather than what it runs: `set`
 * (options and positional parameters), `trap`, and job control (`jobs`,
 * `wait`, `fg`, `bg`) with bash's `[1]+  Done …` notices. Loaded on first use.
 */
import type { Builtin } from './builtins.js';
import type { Job, Shell, ShellIO } from './interpreter.js';
import { AmbiguousJob, jobBySpec, signalName, signalNumber } from './kill.js';

const SET_USAGE = 'set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n';
/** `set -o` names with their letters; the ones the simulation acts on map to Shell.options. */
const LONG: Record<string, string> = { errexit: 'e', nounset: 'u', xtrace: 'x', pipefail: '' };
const LETTERS: Record<string, keyof Shell['options']> = { e: 'errexit', u: 'nounset', x: 'xtrace' };
/** Letters bash accepts that change nothing here. */
const OTHER_LETTERS = 'abfhkmnptvBCEHPT';
const ALL_OPTIONS = ['allexport', 'braceexpand', 'emacs', 'errexit', 'errtrace', 'functrace', 'hashall', 'histexpand', 'history', 'ignoreeof', 'interactive-comments', 'keyword', 'monitor', 'noclobber', 'noexec', 'noglob', 'nolog', 'notify', 'nounset', 'onecmd', 'physical', 'pipefail', 'posix', 'privileged', 'verbose', 'vi', 'xtrace'];
/** On in an interactive bash 5.2 started with no rc file. */
const ON_BY_DEFAULT = new Set(['braceexpand', 'emacs', 'hashall', 'histexpand', 'history', 'interactive-comments', 'monitor']);

export const set: Builtin = (sh, argv, io) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    for (const n of [...sh.vars.keys()].sort()) io.stdout.write(`${n}=${sh.getVar(n)}\n`);
    return 0;
  }
  const isOn = (name: string) => (name in LONG ? sh.options[name as keyof Shell['options']] : ON_BY_DEFAULT.has(name));
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { sh.positional = args.slice(i + 1); return 0; }
    if (a === '-' ) { sh.positional = args.slice(i + 1); sh.options.xtrace = false; return 0; }
    if (!/^[-+]./.test(a)) break;
    const on = a[0] === '-';
    for (const c of a.slice(1)) {
      if (c === 'o') {
        const name = args[++i];
        if (name === undefined) {
          for (const o of ALL_OPTIONS) io.stdout.write(on ? `${o.padEnd(15)}\t${isOn(o) ? 'on' : 'off'}\n` : `set ${isOn(o) ? '-' : '+'}o ${o}\n`);
          continue;
        }
        if (!ALL_OPTIONS.includes(name)) {
          io.stderr.write(`${sh.errorPrefix()}set: ${name}: invalid option name\n`);
          return 2;
        }
        if (name in LONG) sh.options[name as keyof Shell['options']] = on;
        continue;
      }
      if (LETTERS[c]) sh.options[LETTERS[c]] = on;
      else if (!OTHER_LETTERS.includes(c)) {
        io.stderr.write(`${sh.errorPrefix()}set: ${a[0]}${c}: invalid option\n${SET_USAGE}`);
        return 2;
      }
    }
  }
  if (i < args.length) sh.positional = args.slice(i);
  return 0;
};

/** Trap conditions by name: EXIT, the signals (as SIGNAME), then bash's DEBUG, ERR, RETURN. */
function trapKey(spec: string): string | undefined {
  const up = spec.toUpperCase();
  if (up === 'EXIT' || spec === '0') return 'EXIT';
  if (up === 'DEBUG' || up === 'ERR' || up === 'RETURN') return up;
  const n = signalNumber(spec);
  return n ? `SIG${signalName(n)}` : undefined;
}

const trapOrder = (k: string) => (k === 'EXIT' ? 0 : k === 'DEBUG' ? 100 : k === 'ERR' ? 101 : k === 'RETURN' ? 102 : signalNumber(k)!);
const quote = (t: string) => `'${t.replace(/'/g, `'\\''`)}'`;

export const trap: Builtin = async (sh, argv, io) => {
  let args = argv.slice(1);
  if (args[0] === '-l') return sh.invoke(['kill', '-l'], io);
  const print = args[0] === '-p' || args.length === 0;
  if (args[0] === '-p' || args[0] === '--') args = args.slice(1);
  const traps = sh.traps;
  if (print) {
    const keys = args.length ? args.map(trapKey).filter((k): k is string => !!k) : [...traps.keys()].sort((a, b) => trapOrder(a) - trapOrder(b));
    for (const k of keys) if (traps.has(k)) io.stdout.write(`trap -- ${quote(traps.get(k)!)} ${k}\n`);
    return 0;
  }
  // `trap 5` / `trap - INT`: a first argument that is a signal (or `-`) resets; otherwise it is the command.
  let command: string | undefined = args[0];
  if (args.length === 1 || command === '-') {
    if (command !== '-' && !/^[0-9]+$/.test(command)) { io.stderr.write(`${sh.errorPrefix()}trap: ${command}: invalid signal specification\n`); return 1; }
    if (command === '-') args = args.slice(1);
    command = undefined;
  } else args = args.slice(1);
  let status = 0;
  for (const spec of args) {
    const k = trapKey(spec);
    if (!k) {
      io.stderr.write(`${sh.errorPrefix()}trap: ${spec}: invalid signal specification\n`);
      status = 1;
    } else if (command === undefined) traps.delete(k);
    else traps.set(k, command);
  }
  return status;
};

/** What bash says a job ended with. */
function stateText(job: Job): string {
  if (job.status === undefined) return 'Running';
  if (job.status === 0) return 'Done';
  if (job.killedBy !== undefined || job.status > 128) return SIGNAL_TEXT[job.killedBy ?? job.status - 128] ?? `Signal ${job.killedBy}`;
  return `Exit ${job.status}`;
}

/** strsignal() texts for the signals a learner sends. */
const SIGNAL_TEXT: Record<number, string> = { 1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 6: 'Aborted', 9: 'Killed', 10: 'User defined signal 1', 12: 'User defined signal 2', 13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated' };

/**
 * `[1]+  Done                    sleep 5`: `+` the current job (the newest), `-` the previous one (the newest
 * other), counting jobs that ended but were not reported yet: bash 5.2 prints `[1]-  Terminated` after `kill %-`.
 */
function jobLine(sh: Shell, job: Job, withPid = false): string {
  const all = [...sh.jobTable.values(), ...sh.finishedJobs];
  const current = Math.max(...all.map((j) => j.n));
  const previous = Math.max(-1, ...all.filter((j) => j.n !== current).map((j) => j.n));
  const mark = job.n === current ? '+' : job.n === previous ? '-' : ' ';
  const running = job.status === undefined;
  return `[${job.n}]${mark} ${withPid ? `${job.pid} ` : ' '}${stateText(job).padEnd(24)}${job.text}${running ? ' &' : ''}\n`;
}

/** The notices for jobs that ended since the last prompt; they are then forgotten. */
export function jobNotices(sh: Shell): string {
  const done = [...sh.finishedJobs].sort((a, b) => a.n - b.n);
  const text = done.map((j) => jobLine(sh, j)).join('');
  sh.finishedJobs.length = 0;
  return text;
}

/** The job `spec` names; `fg` and `bg` without one take the current job, which bash then calls "current". */
function findJob(sh: Shell, given: string | undefined, io: ShellIO, who: string): Job | undefined | null {
  const spec = given ?? '%+';
  // A job that ended but was not reported yet can still be named (`(exit 4) & wait $!`).
  const jobs = [...sh.jobTable.values(), ...sh.finishedJobs].sort((a, b) => a.n - b.n);
  let named = jobBySpec(jobs, spec);
  if (named instanceof AmbiguousJob) {
    io.stderr.write(`${sh.errorPrefix()}${who}: ${named.name}: ambiguous job spec\n`);
    named = undefined;
  }
  let job = named ?? undefined;
  if (named === null && /^[0-9]+$/.test(spec)) {
    job = jobs.find((j) => j.pid === Number(spec));
    if (!job) { io.stderr.write(`${sh.errorPrefix()}${who}: pid ${spec} is not a child of this shell\n`); return null; }
  }
  if (!job) io.stderr.write(`${sh.errorPrefix()}${who}: ${given === undefined ? 'current' : spec}: no such job\n`);
  return job ?? null;
}

export const jobs: Builtin = (sh, argv, io) => {
  const flags = argv.slice(1).filter((a) => a.startsWith('-')).join('');
  const specs = argv.slice(1).filter((a) => !a.startsWith('-'));
  let list: Job[] = [...sh.jobTable.values(), ...sh.finishedJobs].sort((a, b) => a.n - b.n);
  if (specs.length) {
    const found: Job[] = [];
    for (const s of specs) {
      const j = findJob(sh, s, io, 'jobs');
      if (!j) return 1;
      found.push(j);
    }
    list = found;
  }
  for (const j of list) io.stdout.write(flags.includes('p') ? `${j.pid}\n` : jobLine(sh, j, flags.includes('l')));
  // Reported jobs are forgotten, as after a notice.
  for (const j of list) if (j.status !== undefined) sh.finishedJobs.splice(sh.finishedJobs.indexOf(j), 1);
  return 0;
};

export const wait: Builtin = async (sh, argv, io) => {
  const specs = argv.slice(1).filter((a) => a !== '-n' && a !== '-f');
  if (specs.length === 0) {
    const running = [...sh.jobTable.values()];
    if (argv.includes('-n')) {
      if (!running.length) return 127;
      return io.signal.race(Promise.race(running.map((j) => j.done)));
    }
    await io.signal.race(Promise.all(running.map((j) => j.done)));
    // Jobs `wait` collected are not announced afterwards.
    sh.finishedJobs.length = 0;
    return 0;
  }
  let status = 0;
  for (const spec of specs) {
    const job = findJob(sh, spec, io, 'wait');
    if (!job) { status = 127; continue; }
    status = await io.signal.race(job.done);
    io.stderr.write(jobNotices(sh));
  }
  return status;
};

/** `fg`: the job takes the terminal until it ends (Ctrl-C ends it); bash first prints its command. */
export const fg: Builtin = async (sh, argv, io) => {
  const job = findJob(sh, argv[1], io, 'fg');
  if (!job) return 1;
  io.stdout.write(`${job.text}\n`);
  const off = io.signal.onAbort(() => {
    job.killedBy = 2;
    job.signal.abort();
  });
  try {
    return await job.done;
  } finally {
    off();
    sh.finishedJobs.splice(sh.finishedJobs.indexOf(job) >>> 0, 1);
  }
};

export const bg: Builtin = (sh, argv, io) => {
  const job = findJob(sh, argv[1], io, 'bg');
  if (!job) return 1;
  io.stderr.write(`${sh.errorPrefix()}bg: job ${job.n} already in background\n`);
  return 0;
};
