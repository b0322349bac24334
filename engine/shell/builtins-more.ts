/**
 * Builtins a fresh lab does not run before its prompt is ready, loaded on
 * first use: `read`, `source`, `alias`/`unalias`, `history`, `type`,
 * `command`, `builtin`, `umask`. Texts are bash 5.2's.
 */
import { functionText } from './print-command.js';
import { BUILTINS, REGISTRY_BUILTINS, type Builtin } from './builtins.js';
import type { Shell } from './interpreter.js';
import { KEYWORDS } from './parser.js';
import { commandPath } from './registry.js';

function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

export const alias: Builtin = (sh, argv, io) => {
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

export const unalias: Builtin = (sh, argv, io) => {
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

export const history: Builtin = (sh, argv, io) => {
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

export const typeB: Builtin = (sh, argv, io) => {
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
  const fn = sh.functions.get(name);
  // describe_command: a function is followed by its text, as `declare -f` prints it.
  if (fn) return { kind: 'function', text: `${name} is a function\n${functionText(name, fn)}` };
  if (Object.prototype.hasOwnProperty.call(BUILTINS, name) || REGISTRY_BUILTINS.has(name)) return { kind: 'builtin', text: `${name} is a shell builtin` };
  if (sh.registry.has(name)) return { kind: 'file', text: sh.hashed.has(name) ? `${name} is hashed (${commandPath(name)})` : `${name} is ${commandPath(name)}` };
  return undefined;
}

export { read } from './read.js';

export const source: Builtin = async (sh, argv, io) => {
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

export const command: Builtin = async (sh, argv, io) => {
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

export const builtinB: Builtin = (sh, argv, io) => {
  const name = argv[1];
  if (name === undefined) return 0;
  if (!Object.prototype.hasOwnProperty.call(BUILTINS, name) && !REGISTRY_BUILTINS.has(name)) {
    io.stderr.write(`bash: builtin: ${name}: not a shell builtin\n`);
    return 1;
  }
  return sh.invoke(argv.slice(1), io);
};


/** bash's umask (builtins/umask.def): the mask lives on the shell's view of the files, which new files read (vfs.ts). */
export const umask: Builtin = (sh, argv, io) => {
  let symbolic = false;
  let reusable = false;
  let i = 1;
  for (; i < argv.length && /^-./.test(argv[i]); i++) {
    if (argv[i] === '--') { i++; break; }
    for (const c of argv[i].slice(1)) {
      if (c === 'S') symbolic = true;
      else if (c === 'p') reusable = true;
      else {
        io.stderr.write(`bash: umask: -${c}: invalid option\numask: usage: umask [-p] [-S] [mode]\n`);
        return 2;
      }
    }
  }
  const fs = sh.fs as { umask?: number };
  const mode = argv[i];
  if (mode === undefined) {
    const mask = fs.umask ?? 0o022;
    io.stdout.write(`${reusable ? `umask${symbolic ? ' -S' : ''} ` : ''}${symbolic ? symbolicUmask(mask) : mask.toString(8).padStart(4, '0')}\n`);
    return 0;
  }
  let mask: number;
  if (/^[0-9]/.test(mode)) {
    // read_octal: octal digits only, at most 07777; the kernel keeps the permission bits.
    if (!/^[0-7]+$/.test(mode) || parseInt(mode, 8) > 0o7777) {
      io.stderr.write(`bash: umask: ${mode}: octal number out of range\n`);
      return 1;
    }
    mask = parseInt(mode, 8) & 0o777;
  } else {
    const bits = symbolicMode(mode, ~(fs.umask ?? 0o022) & 0o777);
    if (typeof bits !== 'number') {
      io.stderr.write(`bash: umask: \`${bits.at}': invalid symbolic mode ${bits.what}\n`);
      return 1;
    }
    mask = ~bits & 0o777;
  }
  // A view of its own: a subshell's umask stays in the subshell, as a forked process's does.
  const view = Object.create(sh.fs) as { umask: number };
  view.umask = mask;
  sh.fs = view as unknown as Shell['fs'];
  if (symbolic) io.stdout.write(symbolicUmask(mask) + '\n');
  return 0;
};

/** print_symbolic_umask: the permissions the mask lets through, u=rwx,g=rwx,o=rx. */
function symbolicUmask(mask: number): string {
  const part = (shift: number) => [...'rwx'].filter((_, k) => !(mask & (4 >> k) << shift)).join('');
  return `u=${part(6)},g=${part(3)},o=${part(0)}`;
}

/**
 * parse_symbolic_mode: comma-separated `[ugoa]*[+-=][rwx]*` clauses applied to the permissions the mask lets
 * through (no who: all); the character where a clause goes wrong (NUL at the end) and which part it was in.
 */
function symbolicMode(mode: string, initial: number): number | { at: string; what: 'operator' | 'character' } {
  let bits = initial;
  let s = 0;
  for (;;) {
    let who = 0;
    while ('ugoa'.includes(mode[s] ?? '.')) who |= { u: 0o700, g: 0o070, o: 0o007, a: 0o777 }[mode[s++] as 'u'];
    const op = mode[s++] ?? '\0';
    if (!'+-='.includes(op)) return { at: op, what: 'operator' };
    let perm = 0;
    while ('rwx'.includes(mode[s] ?? '.')) perm |= { r: 0o444, w: 0o222, x: 0o111 }[mode[s++] as 'r'];
    if (s < mode.length && mode[s] !== ',') return { at: mode[s], what: 'character' };
    if (who) perm &= who;
    if (op === '+') bits |= perm;
    else if (op === '-') bits &= ~perm;
    else bits = (bits & ~(who || 0o777)) | perm;
    if (s++ >= mode.length) return bits;
  }
}
