/**
 * What the container shells word apart and a fresh lab never prints: syntax errors in ash's, dash's and
 * bash's words, `ls -l` and `wc` in busybox's and GNU's columns, the `${…}` ash and dash refuse while
 * parsing, nginx's -v and -t. Loaded on first use with the other applets.
 */
import { columns } from '../shell/commands/ls.js';
import { humanCeil } from '../shell/commands/node/units.js';
import { braceEnd, type ShellHost, type ShellIO, type ShellSyntaxError } from './shell.js';
import { utf8Length } from '../util/utf8.js';
import { badSubstitution, type Dialect } from './param-expansion.js';
import { goLogTime } from './programs.js';

export interface DialectInfo {
  dialect: Dialect;
  /** The shell's name in its messages (`sh`, `bash`). */
  name: string;
  interactive: boolean;
  /** Lines an interactive shell read before this script (dash counts them). */
  linesBefore: number;
}

/** A script that does not parse, as each shell reports it (all exit 2). */
export function syntaxMessage(e: ShellSyntaxError, src: string, sh: DialectInfo): string {
  const line = sh.linesBefore + e.line;
  const wanted = e.expecting ? ` (expecting "${e.expecting}")` : '';
  if (sh.dialect === 'ash') return `${sh.name}: ${e.message}\n`;
  if (sh.dialect === 'dash') {
    const what = e.kind === 'unexpected' ? `"${e.token}" unexpected${wanted}` : e.kind === 'eof' ? `end of file unexpected${wanted}` : 'Unterminated quoted string';
    return `${sh.name}: ${line}: Syntax error: ${what}\n`;
  }
  // bash reads on past the last line before it sees the end of the text.
  const at = sh.interactive ? '' : `-c: line ${e.kind === 'eof' ? src.split('\n').length + 1 : line}: `;
  if (e.kind === 'eof') return `${sh.name}: ${at}syntax error: unexpected end of file\n`;
  if (e.kind === 'unterminated') return `${sh.name}: ${at}unexpected EOF while looking for matching \`${e.quote}'\n`;
  const near = `${sh.name}: ${at}syntax error near unexpected token \`${e.token}'\n`;
  return sh.interactive ? near : `${near}${sh.name}: ${at}\`${src.split('\n')[e.line - 1] ?? ''}'\n`;
}

/** The line of the first `${…}` ash or dash refuses while parsing (outside single quotes), if any. */
export function badSubstitutionLine(src: string, dialect: 'ash' | 'dash'): number | undefined {
  let line = 1;
  let dq = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\n') line++;
    else if (c === '\\') i++;
    else if (c === '"') dq = !dq;
    else if (c === "'" && !dq) {
      const k = src.indexOf("'", i + 1);
      if (k < 0) break;
      for (let j = i; j < k; j++) if (src[j] === '\n') line++;
      i = k;
    } else if (c === '$' && src[i + 1] === '{') {
      const end = braceEnd(src, i + 1);
      if (badSubstitution(src.slice(i + 2, end), dialect)) return line;
    }
  }
  return undefined;
}

/**
 * A pattern word (`${x#"$p"*}`): expanded, with what was quoted escaped so a quoted `*` matches a star.
 * `expand` takes a quoted word, `expandVars` unquoted text.
 */
export function patternWord(word: string, expand: (w: string) => string, expandVars: (w: string) => string): string {
  let out = '';
  let i = 0;
  const literal = (t: string) => t.replace(/[\\*?[\]]/g, '\\$&');
  while (i < word.length) {
    const ch = word[i];
    if (ch === "'") {
      const j = word.indexOf("'", i + 1);
      const e = j < 0 ? word.length : j;
      out += literal(word.slice(i + 1, e));
      i = e + 1;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < word.length && word[j] !== '"') j += word[j] === '\\' ? 2 : 1;
      out += literal(expand(word.slice(i, j + 1)));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < word.length && word[j] !== "'" && word[j] !== '"') j += word[j] === '\\' ? 2 : 1;
    out += expandVars(word.slice(i, j));
    i = j;
  }
  return out;
}

/**
 * `ls` on a terminal: GNU's columns (coreutils ls.c, tab stops), or busybox's (ls.c display_files: every column
 * as wide as the longest name plus two, as many as fit the width, filled top to bottom).
 */
export function lsColumns(names: string[], width: number, gnu: boolean): string {
  if (gnu) return columns(names, width);
  const colWidth = Math.max(...names.map((n) => n.length)) + 2;
  const cols = Math.max(1, Math.floor(width / colWidth));
  const rows = Math.ceil(names.length / cols);
  let out = '';
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < cols && c * rows + r < names.length; c++) row.push(names[c * rows + r]);
    out += row.map((n, i) => (i < row.length - 1 ? n.padEnd(colWidth) : n)).join('') + '\n';
  }
  return out;
}

/**
 * `ls -l`: busybox's fixed columns, or GNU's columns as wide as their widest cell. `total` counts 1 KiB
 * blocks (a file takes whole 4 KiB blocks). Every simulated file carries the same time.
 */
type LsEntry = { name: string; dir: boolean; size: number; mode?: string; nlink?: number; blocks?: number; owner?: string; group?: string };

/** `widthOf`: more entries GNU sizes the columns by (the folders named beside files, which coreutils gobbles too). */
export function longListing(entries: LsEntry[], total: boolean, gnu: boolean, human = false, widthOf: LsEntry[] = []): string {
  const blocks = entries.reduce((n, e) => n + (e.blocks ?? Math.ceil(e.size / 4096) * 4), 0);
  // -h: GNU's total and sizes rounded up ("4.0K", "12K"); busybox's sizes to the nearest tenth, its total in blocks.
  const head = total ? `total ${human && gnu ? humanCeil(blocks * 1024, 1024) : blocks}\n` : '';
  const mode = (e: (typeof entries)[number]) => e.mode ?? (e.dir ? 'drwxr-xr-x' : '-rw-r--r--');
  const nlink = (e: (typeof entries)[number]) => e.nlink ?? (e.dir ? 2 : 1);
  if (!gnu) {
    // busybox: owner and group as `%-8.8s %-8.8s`, the size as %9 (or %7s with -h).
    const size = (n: number) => (human ? busyboxHuman(n).padStart(7) : String(n).padStart(9));
    return head + entries.map((e) => `${mode(e)} ${String(nlink(e)).padStart(4)} ${(e.owner ?? 'root').slice(0, 8).padEnd(8)} ${(e.group ?? 'root').slice(0, 8).padEnd(8)} ${size(e.size)} Jan  1 00:00 ${e.name}\n`).join('');
  }
  const size = (n: number) => (human ? humanCeil(n, 1024) : String(n));
  const all = [...entries, ...widthOf];
  const sizeWidth = Math.max(0, ...all.map((e) => size(e.size).length));
  const linkWidth = Math.max(0, ...all.map((e) => String(nlink(e)).length));
  const ownerWidth = Math.max(0, ...all.map((e) => (e.owner ?? 'root').length));
  const groupWidth = Math.max(0, ...all.map((e) => (e.group ?? 'root').length));
  return head + entries.map((e) => `${mode(e)} ${String(nlink(e)).padStart(linkWidth)} ${(e.owner ?? 'root').padEnd(ownerWidth)} ${(e.group ?? 'root').padEnd(groupWidth)} ${size(e.size).padStart(sizeWidth)} Jan  1 00:00 ${e.name}\n`).join('');
}

/** libbb's make_human_readable_str(size, 1, 0): one decimal, rounded to the nearest tenth ("4.0K", "338"). */
function busyboxHuman(n: number): string {
  if (n === 0) return '0';
  let v = n;
  let frac = 0;
  let unit = 0;
  while (v >= 1024) {
    frac = Math.floor(((v % 1024) * 10 + 512) / 1024);
    v = Math.floor(v / 1024);
    unit++;
  }
  if (frac >= 10) { v++; frac = 0; }
  return unit ? `${v}.${frac}${' KMGTPEZY'[unit]}` : String(v);
}

/**
 * wc [-lwc] [FILE…]: one count of one input is printed bare; otherwise busybox pads every count to 9, GNU to
 * the digits of all the files' bytes (7 when it reads a pipe). `read` gives an input (undefined after its
 * error), `size` a file's bytes.
 */
export function wc(args: string[], read: (name: string | undefined) => string | undefined, size: (name: string) => number, gnu: boolean, io: ShellIO): number {
  const flags = args.filter((a) => /^-[lwc]+$/.test(a)).join('');
  const names = args.filter((a) => !/^-[lwc]+$/.test(a));
  const kinds = (['l', 'w', 'c'] as const).filter((k) => !flags || flags.includes(k));
  const rows: { counts: number[]; name?: string }[] = [];
  let code = 0;
  for (const name of names.length ? names : [undefined]) {
    const text = read(name);
    if (text === undefined) { code = 1; continue; }
    const all = { l: (text.match(/\n/g) ?? []).length, w: text.split(/\s+/).filter(Boolean).length, c: utf8Length(text) };
    rows.push({ counts: kinds.map((k) => all[k]), name });
  }
  if (rows.length > 1) rows.push({ counts: kinds.map((_, i) => rows.reduce((n, r) => n + r.counts[i], 0)), name: 'total' });
  const bare = kinds.length === 1 && rows.length === 1;
  const width = bare ? 0 : !gnu ? 9 : names.length === 0 ? 7 : String(names.reduce((n, f) => n + size(f), 0)).length;
  for (const r of rows) io.stdout(`${r.counts.map((n) => String(n).padStart(width)).join(' ')}${r.name !== undefined ? ` ${r.name}` : ''}\n`);
  return code;
}

/** `nginx -v` and `nginx -t` print on stderr; `version` is the image's NGINX_VERSION (`1.14.2-1~stretch` → 1.14.2). */
export function nginxCheck(flag: '-v' | '-t', version: string, io: ShellIO): number {
  if (flag === '-v') io.stderr(`nginx version: nginx/${version.replace(/-.*/, '')}\n`);
  else io.stderr('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n');
  return 0;
}

const NGINX_SIGNALS: Record<string, number> = { stop: 15, quit: 3, reopen: 10, reload: 1 };

/**
 * `nginx -s SIGNAL` (ngx_signal_process): the new process reads the master's PID from the pid file nginx.conf names
 * and sends it the signal; its error log (the image links it to stderr) notes that it started. No master running
 * means no pid file.
 */
export function nginxSignal(name: string | undefined, host: Pick<ShellHost, 'processes' | 'kill' | 'now'>, io: ShellIO): number {
  const processes = host.processes();
  const now = goLogTime(host.now());
  const signo = name === undefined ? undefined : NGINX_SIGNALS[name];
  if (name === undefined) { io.stderr('nginx: option "-s" requires parameter\n'); return 1; }
  if (signo === undefined) { io.stderr(`nginx: invalid option: "-s ${name}"\n`); return 1; }
  const self = [...processes].reverse().find((p) => p.command.startsWith('nginx -s'))?.pid ?? 0;
  io.stderr(`${now} [notice] ${self}#${self}: signal process started\n`);
  const master = processes.find((p) => p.command.startsWith('nginx: master process'));
  if (master && host.kill(master.pid, signo, self)) return 0;
  io.stderr(`${now} [error] ${self}#${self}: open() "/var/run/nginx.pid" failed (2: No such file or directory)\n`);
  return 1;
}
