/**
 * Bash builtins: the commands that change the shell itself (cd, export, alias,
 * exit, read…) and so cannot be registry commands. Texts are bash 5.2's.
 */
import { ExitShell, ReturnFromFunction, type Shell, type ShellIO } from './interpreter.js';
import { commandPath } from './registry.js';
import { KEYWORDS } from './parser.js';
import { splitLines } from './streams.js';

export type Builtin = (sh: Shell, argv: string[], io: ShellIO) => number | Promise<number>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names `type` reports as shell builtins although the registry runs them. */
export const REGISTRY_BUILTINS = new Set(['echo', 'printf', 'kill', 'pwd', 'test', '[']);

function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

const cd: Builtin = (sh, argv, io) => {
  const args = argv.slice(1);
  if (args.length > 1) {
    io.stderr.write('bash: cd: too many arguments\n');
    return 1;
  }
  let target = args[0];
  if (target === undefined) {
    target = sh.getVar('HOME') ?? '';
    if (!target) { io.stderr.write('bash: cd: HOME not set\n'); return 1; }
  }
  let print = false;
  if (target === '-') {
    const old = sh.getVar('OLDPWD');
    if (!old) { io.stderr.write('bash: cd: OLDPWD not set\n'); return 1; }
    target = old;
    print = true;
  }
  const p = sh.fs.resolve(sh.cwd, target);
  const st = sh.fs.stat(p);
  if (!st) { io.stderr.write(`bash: cd: ${target}: No such file or directory\n`); return 1; }
  if (st.type !== 'dir') { io.stderr.write(`bash: cd: ${target}: Not a directory\n`); return 1; }
  sh.setVar('OLDPWD', sh.cwd, true);
  sh.cwd = p;
  if (print) io.stdout.write(p + '\n');
  return 0;
};

const exportB: Builtin = (sh, argv, io) => {
  const args = argv.slice(1).filter((a) => a !== '--');
  if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
    const names = [...sh.vars.keys()].filter((k) => sh.vars.get(k)!.exported).sort();
    for (const n of names) io.stdout.write(`declare -x ${n}="${sh.getVar(n)!.replace(/(["\\$`])/g, '\\$1')}"\n`);
    return 0;
  }
  let status = 0;
  for (const a of args) {
    if (a === '-n') continue;
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      io.stderr.write(`bash: export: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (eq >= 0) sh.setVar(name, a.slice(eq + 1), true);
    else sh.exportVar(name);
  }
  return status;
};

const unset: Builtin = (sh, argv) => {
  for (const a of argv.slice(1)) {
    if (a === '-v') continue;
    if (a === '-f') continue;
    const el = /^([A-Za-z_][A-Za-z0-9_]*)\[([^\]]*)\]$/.exec(a);
    if (el) {
      if (sh.getArray(el[1])) sh.setElement(el[1], sh.subscript(el[1], el[2]), undefined);
      continue;
    }
    sh.vars.delete(a);
    sh.functions.delete(a);
  }
  return 0;
};

const alias: Builtin = (sh, argv, io) => {
  const args = argv.slice(1).filter((a) => a !== '-p');
  if (args.length === 0) {
    for (const n of [...sh.aliases.keys()].sort()) io.stdout.write(`alias ${n}=${shellQuote(sh.aliases.get(n)!)}\n`);
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq < 0) {
      const v = sh.aliases.get(a);
      if (v === undefined) { io.stderr.write(`bash: alias: ${a}: not found\n`); status = 1; }
      else io.stdout.write(`alias ${a}=${shellQuote(v)}\n`);
      continue;
    }
    const name = a.slice(0, eq);
    if (!name || /[\s/$`=|&;()<>'"\\]/.test(name)) {
      io.stderr.write(`bash: alias: \`${name}': invalid alias name\n`);
      status = 1;
      continue;
    }
    sh.aliases.set(name, a.slice(eq + 1));
  }
  return status;
};

const unalias: Builtin = (sh, argv, io) => {
  const args = argv.slice(1);
  if (args[0] === '-a') { sh.aliases.clear(); return 0; }
  if (args.length === 0) {
    io.stderr.write('unalias: usage: unalias [-a] name [name ...]\n');
    return 2;
  }
  let status = 0;
  for (const a of args) {
    if (!sh.aliases.delete(a)) { io.stderr.write(`bash: unalias: ${a}: not found\n`); status = 1; }
  }
  return status;
};

const history: Builtin = (sh, argv, io) => {
  const arg = argv[1];
  if (arg === '-c') { sh.history.length = 0; return 0; }
  let entries = sh.history.map((line, i) => [i + 1, line] as const);
  if (arg !== undefined) {
    if (!/^[0-9]+$/.test(arg)) {
      io.stderr.write(`bash: history: ${arg}: numeric argument required\n`);
      return 1;
    }
    entries = entries.slice(Math.max(0, entries.length - Number(arg)));
  }
  for (const [n, line] of entries) io.stdout.write(`${String(n).padStart(5)}  ${line}\n`);
  return 0;
};

const exit: Builtin = (sh, argv, io) => {
  // An interactive bash says "exit" as it leaves (a subshell leaves silently).
  if (!sh.isSubshell) io.stderr.write('exit\n');
  const arg = argv[1];
  let status = sh.status;
  if (arg !== undefined) {
    if (!/^-?[0-9]+$/.test(arg)) {
      io.stderr.write(`bash: exit: ${arg}: numeric argument required\n`);
      status = 2;
    } else status = ((Number(arg) % 256) + 256) % 256;
  }
  throw new ExitShell(status);
};

const typeB: Builtin = (sh, argv, io) => {
  let status = 0;
  let flagT = false;
  for (const a of argv.slice(1)) {
    if (a === '-t') { flagT = true; continue; }
    const kind = describeName(sh, a);
    if (!kind) {
      if (!flagT) io.stderr.write(`bash: type: ${a}: not found\n`);
      status = 1;
      continue;
    }
    if (flagT) { io.stdout.write(kind.kind + '\n'); continue; }
    io.stdout.write(kind.text + '\n');
  }
  return status;
};

export function describeName(sh: Shell, name: string): { kind: string; text: string } | undefined {
  const a = sh.aliases.get(name);
  if (a !== undefined) return { kind: 'alias', text: `${name} is aliased to \`${a}'` };
  if (KEYWORDS.has(name)) return { kind: 'keyword', text: `${name} is a shell keyword` };
  if (sh.functions.has(name)) return { kind: 'function', text: `${name} is a function` };
  if (Object.prototype.hasOwnProperty.call(BUILTINS, name) || REGISTRY_BUILTINS.has(name)) return { kind: 'builtin', text: `${name} is a shell builtin` };
  if (sh.registry.has(name)) return { kind: 'file', text: sh.hashed.has(name) ? `${name} is hashed (${commandPath(name)})` : `${name} is ${commandPath(name)}` };
  return undefined;
}

const trueB: Builtin = () => 0;
const falseB: Builtin = () => 1;

const read: Builtin = async (sh, argv, io) => {
  let raw = false;
  const names: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-r') raw = true;
    else if (a === '-p') { io.stderr.write(argv[++i] ?? ''); }
    else if (a.startsWith('-')) continue;
    else names.push(a);
  }
  if (names.length === 0) names.push('REPLY');
  // Read one line: consume from the stream and keep the rest for the next `read`.
  const line = await readLine(io);
  if (line === null) {
    for (const n of names) sh.setVar(n, '');
    return 1;
  }
  let text = line.text;
  if (!raw) text = text.replace(/\\(.)/g, '$1');
  if (names.length === 1 && names[0] === 'REPLY') { sh.setVar('REPLY', text); return line.eof ? 1 : 0; }
  const fields = splitForRead(text, names.length, sh.getVar('IFS') ?? ' \t\n');
  names.forEach((n, i) => sh.setVar(n, fields[i] ?? ''));
  return line.eof ? 1 : 0;
};

/**
 * How `read` splits a line over its names with IFS: IFS whitespace around at
 * most one other IFS character separates fields; the last name takes the rest
 * of the line, less trailing IFS whitespace and, when the rest is one field,
 * its one trailing delimiter (bash 5.2: `IFS=: read a b <<< x:y:` gives b=y).
 */
export function splitForRead(text: string, n: number, ifs: string): string[] {
  const isDelim = (c: string) => ifs.includes(c);
  const isWs = (c: string) => isDelim(c) && (c === ' ' || c === '\t' || c === '\n');
  let i = 0;
  const skipWs = () => { while (i < text.length && isWs(text[i])) i++; };
  const out: string[] = [];
  skipWs();
  for (let k = 0; k < n - 1; k++) {
    let j = i;
    while (j < text.length && !isDelim(text[j])) j++;
    out.push(text.slice(i, j));
    i = j;
    skipWs();
    if (i < text.length && isDelim(text[i]) && !isWs(text[i])) { i++; skipWs(); }
  }
  let rest = text.slice(i);
  let e = rest.length;
  while (e > 0 && isWs(rest[e - 1])) e--;
  rest = rest.slice(0, e);
  const body = rest.slice(0, -1);
  if (rest && isDelim(rest[rest.length - 1]) && ![...body].some(isDelim)) rest = body;
  out.push(rest);
  return out;
}

/** `while read line` needs line-at-a-time reads from the same Input; keep an iterator per Input. */
const readers = new WeakMap<object, AsyncIterator<string>>();
async function readLine(io: ShellIO): Promise<{ text: string; eof: boolean } | null> {
  let it = readers.get(io.stdin);
  if (!it) {
    it = io.stdin.lines()[Symbol.asyncIterator]();
    readers.set(io.stdin, it);
  }
  const r = await io.signal.race(it.next());
  if (r.done) return null;
  return { text: r.value, eof: false };
}

const source: Builtin = async (sh, argv, io) => {
  const file = argv[1];
  if (file === undefined) {
    io.stderr.write(`bash: ${argv[0]}: filename argument required\n${argv[0]}: usage: ${argv[0]} filename [arguments]\n`);
    return 2;
  }
  const p = sh.fs.resolve(sh.cwd, file);
  const st = sh.fs.stat(p);
  if (!st || st.type !== 'file') {
    io.stderr.write(`bash: ${file}: ${st ? 'is a directory' : 'No such file or directory'}\n`);
    return 1;
  }
  return sh.runText(sh.fs.readFile(p) ?? '', io, file);
};

const evalB: Builtin = (sh, argv, io) => sh.runText(argv.slice(1).join(' '), io, 'eval');

const loopControl = (kind: 'break' | 'continue'): Builtin => (sh, argv, io) => {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 1) {
    io.stderr.write(`bash: ${kind}: ${argv[1]}: loop count out of range\n`);
    return 1;
  }
  return kind === 'break' ? sh.breakLoop(n) : sh.continueLoop(n);
};

const returnB: Builtin = (sh, argv) => {
  throw new ReturnFromFunction(argv[1] === undefined ? sh.status : ((Number(argv[1]) % 256) + 256) % 256);
};

const shift: Builtin = (sh, argv, io) => {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 0) {
    io.stderr.write(`bash: shift: ${argv[1]}: numeric argument required\n`);
    return 1;
  }
  if (n > sh.positional.length) return 1;
  sh.positional = sh.positional.slice(n);
  return 0;
};

const local: Builtin = (sh, argv) => {
  const array = argv.some((a) => /^-[a-zA-Z]*a/.test(a));
  for (const a of argv.slice(1)) {
    if (a.startsWith('-')) continue;
    if (array && !a.includes('=')) {
      if (!sh.getArray(a)) sh.setArray(a, []);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq >= 0) sh.setVar(a.slice(0, eq), a.slice(eq + 1));
    else if (sh.getVar(a) === undefined) sh.setVar(a, '');
  }
  return 0;
};

const command: Builtin = async (sh, argv, io) => {
  const args = argv.slice(1);
  if (args[0] === '-v' || args[0] === '-V') {
    let status = 0;
    for (const n of args.slice(1)) {
      const d = describeName(sh, n);
      if (!d) { status = 1; continue; }
      if (args[0] === '-V') io.stdout.write(d.text + '\n');
      else io.stdout.write((d.kind === 'file' ? commandPath(n) : d.kind === 'alias' ? `alias ${n}=${shellQuote(sh.aliases.get(n)!)}` : n) + '\n');
    }
    return status;
  }
  if (args.length === 0) return 0;
  return sh.invoke(args, io);
};

const builtinB: Builtin = (sh, argv, io) => {
  const name = argv[1];
  if (name === undefined) return 0;
  if (!Object.prototype.hasOwnProperty.call(BUILTINS, name) && !REGISTRY_BUILTINS.has(name)) {
    io.stderr.write(`bash: builtin: ${name}: not a shell builtin\n`);
    return 1;
  }
  return sh.invoke(argv.slice(1), io);
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

const kill = lazy(() => import('./kill.js').then((m) => m.kill));
const letB = lazy(() => import('./let-mapfile.js').then((m) => m.letB));
const mapfile = lazy(() => import('./let-mapfile.js').then((m) => m.mapfile));
const jobsModule = (name: 'set' | 'trap' | 'jobs' | 'wait' | 'fg' | 'bg') => lazy(() => import('./jobs.js').then((m) => m[name]));

export const BUILTINS: Record<string, Builtin> = {
  cd,
  export: exportB,
  unset,
  alias,
  unalias,
  history,
  exit,
  logout: exit,
  type: typeB,
  true: trueB,
  false: falseB,
  ':': trueB,
  read,
  source,
  '.': source,
  eval: evalB,
  break: loopControl('break'),
  continue: loopControl('continue'),
  return: returnB,
  shift,
  set: jobsModule('set'),
  local,
  declare: local,
  wait: jobsModule('wait'),
  kill,
  trap: jobsModule('trap'),
  let: letB,
  mapfile,
  readarray: mapfile,
  jobs: jobsModule('jobs'),
  fg: jobsModule('fg'),
  bg: jobsModule('bg'),
  command,
  builtin: builtinB,
};

export { splitLines };
