/**
 * Bash builtins: the commands that change the shell itself (cd, export, alias,
 * exit, read…) and so cannot be registry commands. Texts are bash 5.2's. Those
 * a lab does not need before its prompt load on first use (builtins-more.ts,
 * jobs.ts, kill.ts, let-mapfile.ts).
 */
import { ExitShell, ReturnFromFunction, type Shell, type ShellIO } from './interpreter.js';
import { splitLines } from './streams.js';
import { ERRNO_TEXT, FsError, machineFiles } from './vfs.js';

export type Builtin = (sh: Shell, argv: string[], io: ShellIO) => number | Promise<number>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names `type` reports as shell builtins although the registry runs them. */
export const REGISTRY_BUILTINS = new Set(['echo', 'printf', 'kill', 'pwd', 'test', '[']);


const cd: Builtin = (sh, argv, io) => {
  const args = argv.slice(1);
  // -P: the folder's own path, its links resolved; -L (the default): the path as typed, links and all.
  let physical = false;
  while (/^-[LP]+$/.test(args[0] ?? '')) physical = args.shift()!.endsWith('P');
  if (args[0] === '--') args.shift();
  if (args.length > 1) {
    io.stderr.write(`${sh.errorPrefix()}cd: too many arguments\n`);
    return 1;
  }
  let target = args[0];
  if (target === undefined) {
    target = sh.getVar('HOME') ?? '';
    if (!target) { io.stderr.write(`${sh.errorPrefix()}cd: HOME not set\n`); return 1; }
  }
  let print = false;
  if (target === '-') {
    const old = sh.getVar('OLDPWD');
    if (!old) { io.stderr.write(`${sh.errorPrefix()}cd: OLDPWD not set\n`); return 1; }
    target = old;
    print = true;
  }
  const p = sh.fs.resolve((physical && sh.fs.realpath?.(sh.cwd)) || sh.cwd, target);
  let why = '';
  try {
    const st = sh.fs.stat(p);
    // chdir(2) needs search permission on the folder itself too.
    why = !st ? ERRNO_TEXT.ENOENT : st.type !== 'dir' ? ERRNO_TEXT.ENOTDIR : sh.fs.access?.(p, 1) === false ? ERRNO_TEXT.EACCES : '';
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    why = ERRNO_TEXT[e.code];
  }
  if (why) {
    if (sh.script?.dialect === 'dash') { io.stderr.write(`${sh.errorPrefix()}cd: can't cd to ${target}\n`); return 2; }
    io.stderr.write(`${sh.errorPrefix()}cd: ${target}: ${why}\n`);
    return 1;
  }
  sh.setVar('OLDPWD', sh.cwd, true);
  sh.cwd = (physical && sh.fs.realpath?.(p)) || p;
  if (print) io.stdout.write(sh.cwd + '\n');
  return 0;
};

const exportB: Builtin = (sh, argv, io) => {
  const args = argv.slice(1).filter((a) => a !== '--');
  // Listing, and options other than -n: declare.ts (loaded on first use) prints them as bash does.
  if (args.length === 0 || args.some((a) => /^-[^n]/.test(a))) return declare(sh, argv, io);
  let status = 0;
  // -n takes the export attribute away (`export -n SHLVL`: a child bash starts again at 1).
  const exported = !args.includes('-n');
  for (const a of args) {
    if (a === '-n') continue;
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      if (sh.script?.dialect === 'dash') {
        // A special builtin's error ends a non-interactive dash (POSIX 2.8.1).
        io.stderr.write(`${sh.errorPrefix()}export: ${name}: bad variable name\n`);
        throw new ExitShell(2);
      } else {
        io.stderr.write(`${sh.errorPrefix()}export: \`${a}': not a valid identifier\n`);
        status = 1;
      }
      continue;
    }
    if (eq >= 0) sh.setVar(name, a.slice(eq + 1), exported);
    else if (exported) sh.exportVar(name);
    else if (sh.getVar(name) !== undefined) sh.setVar(name, sh.getVar(name)!, false);
  }
  return status;
};

const unset: Builtin = (sh, argv, io) => {
  let status = 0;
  for (const a of argv.slice(1)) {
    if (a === '-v') continue;
    if (a === '-f') continue;
    const el = /^([A-Za-z_][A-Za-z0-9_]*)\[([^\]]*)\]$/.exec(a);
    if (el) {
      if (sh.isAssoc(el[1])) sh.vars.get(el[1])!.assoc!.delete(el[2]);
      else if (sh.getArray(el[1])) sh.setElement(el[1], sh.subscript(el[1], el[2]), undefined);
      continue;
    }
    if (sh.vars.get(a)?.attrs?.includes('r')) {
      io.stderr.write(`${sh.errorPrefix()}unset: ${a}: cannot unset: readonly variable\n`);
      status = 1;
      continue;
    }
    sh.vars.delete(a);
    sh.functions.delete(a);
  }
  return status;
};

const exit: Builtin = (sh, argv, io) => {
  // An interactive bash says "exit" as it leaves, a login shell "logout"; a subshell leaves silently.
  if (!sh.isSubshell) io.stderr.write(sh.loginShell ? 'logout\n' : 'exit\n');
  const arg = argv[1];
  let status = sh.status;
  if (arg !== undefined) {
    if (!/^-?[0-9]+$/.test(arg)) {
      io.stderr.write(`${sh.errorPrefix()}exit: ${arg}: numeric argument required\n`);
      status = 2;
    } else status = ((Number(arg) % 256) + 256) % 256;
  }
  throw new ExitShell(status);
};

const EXEC_USAGE = 'exec: usage: exec [-cl] [-a name] [command [argument ...]] [redirection ...]\n';

/**
 * exec: without a command its redirections stay open for the rest of the shell (runCommand keeps them); with one,
 * the program replaces the shell, which so ends with its status. A program not found ends a script with 127 and
 * leaves an interactive shell running (bash's execfail is off, and interactive shells do not exit on it).
 */
const execB: Builtin = async (sh, argv, io) => {
  let i = 1;
  let argv0: string | undefined;
  let clear = false;
  let login = false;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      if (c === 'c') clear = true;
      else if (c === 'l') login = true;
      else if (c === 'a') {
        argv0 = a.slice(k + 1) || argv[++i];
        if (argv0 === undefined) { io.stderr.write(`${sh.errorPrefix()}exec: -a: option requires an argument\n${EXEC_USAGE}`); return 2; }
        break;
      } else {
        io.stderr.write(`${sh.errorPrefix()}exec: -${c}: invalid option\n${EXEC_USAGE}`);
        return 2;
      }
    }
  }
  if (i >= argv.length) {
    sh.execRedirections = true;
    return 0;
  }
  const name = argv[i];
  const path = sh.commandPath(name);
  if (path === undefined) {
    io.stderr.write(`${sh.errorPrefix()}exec: ${name}: not found\n`);
    if (sh.isSubshell) throw new ExitShell(127);
    return 127;
  }
  const args = [(login ? '-' : '') + (argv0 ?? name), ...argv.slice(i + 1)];
  // `exec bash` at the prompt: a new interactive shell takes the terminal, and the terminal's session ends with it.
  const shellOptions = argv.slice(i + 1);
  if (!sh.isSubshell && sh.host?.open && /(^|\/)(bash|sh|dash)$/.test(path) && shellOptions.every((a) => ['-l', '--login', '-i'].includes(a))) {
    const env = sh.env();
    // bash lowers SHLVL before it execs (adjust_shell_level(-1)): the new bash counts the same level again.
    env.SHLVL = String(Math.max(0, Number(env.SHLVL ?? 1) - 1));
    const user = sh.fs.user ?? env.USER ?? 'learner';
    const shell = sh.host.open(sh.host.node, machineFiles(sh.fs), undefined, { user, env, cwd: sh.cwd, login: login || shellOptions.some((a) => a !== '-i') });
    sh.host.login?.(shell, true);
    return 0;
  }
  const status = clear ? await sh.runNested(args, io, { env: {}, program: path }) : await sh.exec(path, args, io);
  throw new ExitShell(status);
};

const trueB: Builtin = () => 0;
const falseB: Builtin = () => 1;

const evalB: Builtin = (sh, argv, io) => sh.runText(argv.slice(1).join(' '), io, 'eval');

const loopControl = (kind: 'break' | 'continue'): Builtin => (sh, argv, io) => {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 1) {
    io.stderr.write(`${sh.errorPrefix()}${kind}: ${argv[1]}: loop count out of range\n`);
    return 1;
  }
  return kind === 'break' ? sh.breakLoop(n) : sh.continueLoop(n);
};

const returnB: Builtin = (sh, argv, io) => {
  if (!sh.inFunction() && !sh.sourceDepth) {
    io.stderr.write("bash: return: can only `return' from a function or sourced script\n");
    return 1;
  }
  throw new ReturnFromFunction(argv[1] === undefined ? sh.status : ((Number(argv[1]) % 256) + 256) % 256);
};

const shift: Builtin = (sh, argv, io) => {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 0) {
    io.stderr.write(`${sh.errorPrefix()}shift: ${argv[1]}: numeric argument required\n`);
    return 1;
  }
  if (n > sh.positional.length) return 1;
  sh.positional = sh.positional.slice(n);
  return 0;
};

/**
 * Builtins a fresh lab does not run load on first use, simulated time held
 * meanwhile (as for kubectl's lazy verbs).
 */
function lazy(load: () => Promise<Builtin>): Builtin {
  let loaded: Promise<Builtin> | undefined;
  return async (sh, argv, io) => {
    const release = sh.clock.hold();
    try {
      loaded ??= load();
      await loaded;
    } finally {
      release();
    }
    return (await loaded)(sh, argv, io);
  };
}

const more = (name: 'shopt' | 'alias' | 'unalias' | 'history' | 'typeB' | 'read' | 'source' | 'command' | 'builtinB' | 'umask' | 'hash') => lazy(() => import('./builtins-more.js').then((m) => m[name]));
const kill = lazy(() => import('./kill.js').then((m) => m.kill));
const letB = lazy(() => import('./let-mapfile.js').then((m) => m.letB));
const mapfile = lazy(() => import('./let-mapfile.js').then((m) => m.mapfile));
const declare = lazy(() => import('./declare.js').then((m) => m.declare));
const getopts = lazy(() => import('./getopts.js').then((m) => m.getopts));
const completion = (name: 'complete' | 'compopt') => lazy(() => import('./complete-builtin.js').then((m) => m[name]));
const jobsModule = (name: 'set' | 'trap' | 'jobs' | 'wait' | 'fg' | 'bg') => lazy(() => import('./jobs.js').then((m) => m[name]));

export const BUILTINS: Record<string, Builtin> = {
  cd,
  export: exportB,
  unset,
  alias: more('alias'),
  unalias: more('unalias'),
  history: more('history'),
  exec: execB,
  exit,
  logout: exit,
  type: more('typeB'),
  hash: more('hash'),
  true: trueB,
  false: falseB,
  ':': trueB,
  read: more('read'),
  umask: more('umask'),
  source: more('source'),
  '.': more('source'),
  eval: evalB,
  break: loopControl('break'),
  continue: loopControl('continue'),
  return: returnB,
  shift,
  set: jobsModule('set'),
  local: declare,
  declare,
  typeset: declare,
  readonly: declare,
  getopts,
  wait: jobsModule('wait'),
  kill,
  trap: jobsModule('trap'),
  let: letB,
  mapfile,
  readarray: mapfile,
  jobs: jobsModule('jobs'),
  fg: jobsModule('fg'),
  bg: jobsModule('bg'),
  command: more('command'),
  builtin: more('builtinB'),
  shopt: more('shopt'),
  complete: completion('complete'),
  compopt: completion('compopt'),
};

export { splitLines };
