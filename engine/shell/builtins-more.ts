/**
 * Builtins a fresh lab does not run before its prompt is ready, loaded on
 * first use: `read`, `source`, `alias`/`unalias`, `history`, `type`,
 * `command`, `builtin`, `umask`, `hash`. Texts are bash 5.2's.
 */
import { functionText } from './print-command.js';
import { BUILTINS, REGISTRY_BUILTINS, type Builtin } from './builtins.js';
import { ReturnFromFunction, type Shell } from './interpreter.js';
import { KEYWORDS } from './parser.js';
import { searchPath } from './binary.js';

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
      if (v === undefined) { io.stderr.write(`${sh.errorPrefix()}alias: ${a}: not found\n`); status = 1; }
      else io.stdout.write(`alias ${a}=${shellQuote(v)}\n`);
      continue;
    }
    const name = a.slice(0, eq);
    if (!name || /[\s/$`=|&;()<>'"\\]/.test(name)) {
      io.stderr.write(`${sh.errorPrefix()}alias: \`${name}': invalid alias name\n`);
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
    if (!sh.aliases.delete(a)) { io.stderr.write(`${sh.errorPrefix()}unalias: ${a}: not found\n`); status = 1; }
  }
  return status;
};

export const history: Builtin = (sh, argv, io) => {
  const arg = argv[1];
  if (arg === '-c') { sh.history.length = 0; return 0; }
  let entries = sh.history.map((line, i) => [i + 1, line] as const);
  if (arg !== undefined) {
    if (!/^[0-9]+$/.test(arg)) {
      io.stderr.write(`${sh.errorPrefix()}history: ${arg}: numeric argument required\n`);
      return 1;
    }
    entries = entries.slice(Math.max(0, entries.length - Number(arg)));
  }
  for (const [n, line] of entries) io.stdout.write(`${String(n).padStart(5)}  ${line}\n`);
  return 0;
};

/** type [-afptP] NAME…: what each name runs, as bash's describe_command says it; `-a` every one, files included. */
export const typeB: Builtin = (sh, argv, io) => {
  const flags = new Set<string>();
  let i = 1;
  for (; i < argv.length && /^-[afptP]+$/.test(argv[i]); i++) for (const c of argv[i].slice(1)) flags.add(c);
  let status = 0;
  for (const a of argv.slice(i)) {
    // -P: the file PATH has for it, whatever else the name is.
    const kinds = flags.has('P') ? [] : describeAll(sh, a, flags.has('a'), flags.has('f'));
    if (flags.has('a')) for (const f of searchPath(sh.fs, sh.getVar('PATH'), sh.cwd, a, false)) kinds.push({ kind: 'file', text: `${a} is ${f}`, path: f });
    else if (flags.has('P')) {
      const f = filePath(sh, a);
      if (f) kinds.push({ kind: 'file', text: '', path: f });
    }
    if (kinds.length === 0) {
      if (!flags.has('t') && !flags.has('p') && !flags.has('P')) io.stderr.write(`${sh.errorPrefix()}type: ${a}: not found\n`);
      status = 1;
      continue;
    }
    for (const k of kinds) {
      if (flags.has('P') || flags.has('p')) {
        if (k.path) io.stdout.write(k.path + '\n');
      } else io.stdout.write((flags.has('t') ? k.kind : k.text) + '\n');
    }
  }
  return status;
};

interface Described { kind: string; text: string; path?: string }

/** Where PATH (or the hash table) finds `name`, as the interpreter would run it. */
export function filePath(sh: Shell, name: string): string | undefined {
  if (name.includes('/')) return undefined;
  return sh.hashed.get(name)?.path ?? searchPath(sh.fs, sh.getVar('PATH'), sh.cwd, name)[0];
}

/** What `name` is, first found first: alias, keyword, function, builtin, and (unless `all`, where type -a lists every file) its file. */
function describeAll(sh: Shell, name: string, all: boolean, noFunctions = false): Described[] {
  const out: Described[] = [];
  const a = sh.aliases.get(name);
  if (a !== undefined) out.push({ kind: 'alias', text: `${name} is aliased to \`${a}'` });
  if (KEYWORDS.has(name)) out.push({ kind: 'keyword', text: `${name} is a shell keyword` });
  const fn = noFunctions ? undefined : sh.functions.get(name);
  // describe_command: a function is followed by its text, as `declare -f` prints it.
  if (fn) out.push({ kind: 'function', text: `${name} is a function\n${functionText(name, fn)}` });
  if (Object.prototype.hasOwnProperty.call(BUILTINS, name) || REGISTRY_BUILTINS.has(name)) out.push({ kind: 'builtin', text: `${name} is a shell builtin` });
  if (!all && out.length === 0) {
    const hashed = sh.hashed.get(name);
    const path = filePath(sh, name);
    if (path) out.push({ kind: 'file', text: hashed ? `${name} is hashed (${path})` : `${name} is ${path}`, path });
  }
  return all ? out : out.slice(0, 1);
}

export function describeName(sh: Shell, name: string): Described | undefined {
  return describeAll(sh, name, false)[0];
}

const HASH_USAGE = 'hash: usage: hash [-lr] [-p pathname] [-dt] [name ...]\n';

/** hash [-lr] [-p pathname] [-dt] [name …]: bash's table of where commands were found (Shell.hashed). */
export const hash: Builtin = (sh, argv, io) => {
  const flags = new Set<string>();
  let pathname: string | undefined;
  let i = 1;
  for (; i < argv.length && argv[i].startsWith('-') && argv[i] !== '-'; i++) {
    if (argv[i] === '--') { i++; break; }
    for (let j = 1; j < argv[i].length; j++) {
      const c = argv[i][j];
      if (c === 'p') {
        pathname = argv[i].slice(j + 1) || argv[++i];
        if (pathname === undefined) {
          io.stderr.write(`${sh.errorPrefix()}hash: -p: option requires an argument\n${HASH_USAGE}`);
          return 2;
        }
        break;
      }
      if (!'lrdt'.includes(c)) {
        io.stderr.write(`${sh.errorPrefix()}hash: -${c}: invalid option\n${HASH_USAGE}`);
        return 2;
      }
      flags.add(c);
    }
  }
  const names = argv.slice(i);
  if (flags.has('r')) sh.hashed.clear();
  if (names.length === 0 && pathname === undefined) {
    if (flags.has('r')) return 0;
    if (sh.hashed.size === 0) {
      io.stdout.write('hash: hash table empty\n');
      return 0;
    }
    if (flags.has('l')) for (const [n, h] of sh.hashed) io.stdout.write(`builtin hash -p ${h.path} ${n}\n`);
    else io.stdout.write('hits\tcommand\n' + [...sh.hashed.values()].map((h) => `${String(h.hits).padStart(4)}\t${h.path}\n`).join(''));
    return 0;
  }
  let status = 0;
  const notFound = (n: string) => {
    io.stderr.write(`${sh.errorPrefix()}hash: ${n}: not found\n`);
    status = 1;
  };
  for (const n of names) {
    if (pathname !== undefined) sh.hashed.set(n, { path: pathname, hits: 0 });
    else if (flags.has('d')) {
      if (!sh.hashed.delete(n)) notFound(n);
    } else if (flags.has('t')) {
      const h = sh.hashed.get(n);
      if (!h) notFound(n);
      else {
        h.hits++;
        io.stdout.write(names.length > 1 ? `${n}\t${h.path}\n` : `${h.path}\n`);
      }
    } else if (!n.includes('/') && !Object.prototype.hasOwnProperty.call(BUILTINS, n) && !REGISTRY_BUILTINS.has(n) && !sh.functions.has(n)) {
      const path = searchPath(sh.fs, sh.getVar('PATH'), sh.cwd, n)[0];
      if (path === undefined) notFound(n);
      else sh.hashed.set(n, { path, hits: 0 });
    }
  }
  return status;
};

export { read } from './read.js';

export const source: Builtin = async (sh, argv, io) => {
  const file = argv[1];
  if (file === undefined) {
    io.stderr.write(`${sh.errorPrefix()}${argv[0]}: filename argument required\n${argv[0]}: usage: ${argv[0]} filename [arguments]\n`);
    return 2;
  }
  const p = sh.fs.resolve(sh.cwd, file);
  const st = sh.fs.stat(p);
  let text: string | undefined;
  try {
    if (st?.type === 'file') text = sh.fs.readFile(p);
  } catch {
    io.stderr.write(`${sh.errorPrefix()}${file}: Permission denied\n`);
    return 1;
  }
  if (text === undefined) {
    io.stderr.write(`${sh.errorPrefix()}${file}: ${st ? 'is a directory' : 'No such file or directory'}\n`);
    return 1;
  }
  // `return` ends the file (bash's parse_and_execute under _evalfile), with its status.
  sh.sourceDepth++;
  try {
    return await sh.runText(text, io, file);
  } catch (e) {
    if (e instanceof ReturnFromFunction) return e.status;
    throw e;
  } finally {
    sh.sourceDepth--;
  }
};

/** bash 5.2's shopt options (builtins/shopt.def) and their defaults in an interactive shell. */
const SHOPT_ON = new Set(['checkwinsize', 'cmdhist', 'complete_fullquote', 'expand_aliases', 'extquote', 'force_fignore', 'globasciiranges', 'globskipdots', 'hostcomplete', 'interactive_comments', 'patsub_replacement', 'progcomp', 'promptvars', 'sourcepath']);
const SHOPT_NAMES = ('autocd assoc_expand_once cdable_vars cdspell checkhash checkjobs checkwinsize cmdhist compat31 compat32 compat40 compat41 compat42 '
  + 'compat43 compat44 complete_fullquote direxpand dirspell dotglob execfail expand_aliases extdebug extglob extquote failglob force_fignore '
  + 'globasciiranges globskipdots globstar gnu_errfmt histappend histreedit histverify hostcomplete huponexit inherit_errexit interactive_comments '
  + 'lastpipe lithist localvar_inherit localvar_unset login_shell mailwarn no_empty_cmd_completion nocaseglob nocasematch noexpand_translation '
  + 'nullglob patsub_replacement progcomp progcomp_alias promptvars restricted_shell shift_verbose sourcepath varredir_close xpg_echo').split(' ');
/** `set -o` names shopt -o reads (on: those an interactive bash starts with). */
const SET_O_ON = new Set(['braceexpand', 'emacs', 'hashall', 'histexpand', 'history', 'interactive-comments', 'monitor']);
const SET_O_NAMES = 'allexport braceexpand emacs errexit errtrace functrace hashall histexpand history ignoreeof interactive-comments keyword monitor noclobber noexec noglob nolog notify nounset onecmd physical pipefail posix privileged verbose vi xtrace'.split(' ');
/** Each interactive shell's shopt settings (a subshell reads its parent's). */
const shoptOf = new WeakMap<Shell, Map<string, boolean>>();

/** shopt (builtins/shopt.def): -s/-u set, -q asks quietly, -p prints as commands, -o works on `set -o`'s names. */
export const shopt: Builtin = (sh, argv, io) => {
  const root = sh.root();
  let state = shoptOf.get(root);
  if (!state) shoptOf.set(root, (state = new Map(SHOPT_NAMES.map((n) => [n, SHOPT_ON.has(n)]))));
  state.set('login_shell', root.loginShell);
  const f = { s: false, u: false, q: false, p: false, o: false };
  let i = 1;
  for (; i < argv.length && /^-./.test(argv[i]) && argv[i] !== '--'; i++) {
    for (const c of argv[i].slice(1)) {
      if (!(c in f)) {
        io.stderr.write(`bash: shopt: -${c}: invalid option\nshopt: usage: shopt [-pqsu] [-o] [optname ...]\n`);
        return 2;
      }
      f[c as keyof typeof f] = true;
    }
  }
  if (argv[i] === '--') i++;
  const names = argv.slice(i);
  if (f.s && f.u) {
    io.stderr.write('bash: shopt: cannot set and unset shell options simultaneously\n');
    return 1;
  }
  const opts = sh.options as Record<string, boolean | undefined>;
  const known = f.o ? SET_O_NAMES : SHOPT_NAMES;
  const get = (n: string) => (f.o ? (opts[n] ?? SET_O_ON.has(n)) : state.get(n)!);
  const line = (n: string) => (!f.p ? `${n.padEnd(15)}\t${get(n) ? 'on' : 'off'}` : f.o ? `set ${get(n) ? '-' : '+'}o ${n}` : `shopt -${get(n) ? 's' : 'u'} ${n}`);
  let status = 0;
  for (const n of names) {
    if (known.includes(n)) continue;
    io.stderr.write(`bash: shopt: ${n}: invalid ${f.o ? 'option name' : 'shell option name'}\n`);
    status = 1;
  }
  const valid = names.filter((n) => known.includes(n));
  if (f.s || f.u) {
    if (!names.length) {
      if (!f.q) for (const n of known) if (get(n) === f.s) io.stdout.write(line(n) + '\n');
      return status;
    }
    for (const n of valid) {
      if (n === 'login_shell' && !f.o) continue;
      if (f.o) opts[n] = f.s;
      else state.set(n, f.s);
    }
    return status;
  }
  for (const n of names.length ? valid : known) {
    if (!get(n)) status = status || 1;
    if (!f.q) io.stdout.write(line(n) + '\n');
  }
  return names.length ? status : 0;
};

export const command: Builtin = async (sh, argv, io) => {
  const args = argv.slice(1);
  if (args[0] === '-v' || args[0] === '-V') {
    let status = 0;
    for (const n of args.slice(1)) {
      const d = describeName(sh, n);
      if (!d) { status = 1; continue; }
      if (args[0] === '-V') io.stdout.write(d.text + '\n');
      else io.stdout.write((d.kind === 'file' ? d.path : d.kind === 'alias' ? `alias ${n}=${shellQuote(sh.aliases.get(n)!)}` : n) + '\n');
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
    io.stderr.write(`${sh.errorPrefix()}builtin: ${name}: not a shell builtin\n`);
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
        io.stderr.write(`${sh.errorPrefix()}umask: -${c}: invalid option\numask: usage: umask [-p] [-S] [mode]\n`);
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
      io.stderr.write(`${sh.errorPrefix()}umask: ${mode}: octal number out of range\n`);
      return 1;
    }
    mask = parseInt(mode, 8) & 0o777;
  } else {
    const bits = symbolicMode(mode, ~(fs.umask ?? 0o022) & 0o777);
    if (typeof bits !== 'number') {
      io.stderr.write(`${sh.errorPrefix()}umask: \`${bits.at}': invalid symbolic mode ${bits.what}\n`);
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
