/**
 * The command-line layer etcdctl and etcdutl v3.6.6 share: cobra 1.9's command lookup (with etcd's prefix matching)
 * and its errors, pflag 1.0's parsing and errors, and etcd's usage template (pkg/cobrautl/help.go) laid out by Go's
 * text/tabwriter with tab padding. The commands are data (etcdctl.ts, etcdutl.ts).
 */

import type { ContainerFS } from '../kubelet/container-fs.js';

export interface EtcdToolContext {
  fs: ContainerFS;
  cwd: string;
  env: Record<string, string>;
}

export interface Segment {
  delayMs?: number;
  stdout?: string;
  stderr?: string;
}

/** What the tool wrote, when, and its exit status; `hang`: it then waits until it is interrupted. */
export interface EtcdToolResult {
  segments: Segment[];
  status: number;
  hang?: boolean;
}

export const VERSION = '3.6.6';
export const API_VERSION = '3.6';
/** The storage version a 3.6 member writes (endpoint status, snapshot status). */
export const STORAGE_VERSION = '3.6.0';
/**
 * olekukonko/tablewriter v0.0.5 as etcdctl renders it: headers upper-cased and centred, cells right-aligned with a
 * space either side, borders of + - |.
 */
export function table(header: string[], rows: string[][]): string {
  const heads = header.map((h) => h.replace(/_/g, ' ').trim().toUpperCase());
  const widths = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const centre = (s: string, w: number) => { const gap = w - s.length; const left = Math.floor(gap / 2); return ' '.repeat(left) + s + ' '.repeat(gap - left); };
  let s = line + `|${heads.map((h, i) => ` ${centre(h, widths[i])} `).join('|')}|\n` + line;
  for (const r of rows) s += `|${r.map((c, i) => ` ${c.padStart(widths[i])} `).join('|')}|\n`;
  return s + line;
}

export type FlagType = 'string' | 'bool' | 'duration' | 'int' | 'int64' | 'uint64' | 'stringSlice';

export interface FlagDef {
  name: string;
  short?: string;
  type: FlagType;
  /** pflag's DefValue, as usage prints it ("[127.0.0.1:2379]", "2s", "false"). */
  def: string;
  usage: string;
}

export interface CommandDef {
  /** Names from the root down, without the root's: "member list". */
  path: string;
  use: string;
  short: string;
  long?: string;
  example?: string;
  /** Has a Run function (cobra's Runnable): listed in the root's COMMANDS. */
  run?: boolean;
  flags?: FlagDef[];
  persistent?: FlagDef[];
}

export interface Program {
  name: string;
  short: string;
  version: string;
  apiVersion: string;
  globals: FlagDef[];
  commands: CommandDef[];
  /** etcdctl's own usage function (cobrautl.UsageFunc); etcdutl keeps cobra's default, not reproduced. */
  usage: boolean;
}

/** The command a command line names, its arguments and its parsed flags; or what cobra says instead. */
export type Parsed =
  | { kind: 'run'; cmd: CommandDef | undefined; args: string[]; flags: Map<string, string>; set: Set<string> }
  | { kind: 'help'; cmd: CommandDef | undefined }
  | { kind: 'error'; cmd: CommandDef | undefined; stderr: string; usage: boolean };

const nameOf = (c: CommandDef) => c.path.split(' ').pop()!;

function children(p: Program, parent: string): CommandDef[] {
  const depth = parent ? parent.split(' ').length + 1 : 1;
  return p.commands
    .filter((c) => c.path.split(' ').length === depth && (parent === '' || c.path.startsWith(`${parent} `)))
    .sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
}

/** Levenshtein distance, case-insensitive (cobra's ld). */
function ld(s: string, t: string): number {
  s = s.toLowerCase();
  t = t.toLowerCase();
  const d = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let j = 1; j <= t.length; j++) {
    for (let i = 1; i <= s.length; i++) {
      d[i][j] = s[i - 1] === t[j - 1] ? d[i - 1][j - 1] : Math.min(d[i - 1][j], d[i][j - 1], d[i - 1][j - 1]) + 1;
    }
  }
  return d[s.length][t.length];
}

/** Every flag that applies to `cmd`: its own, its parents' persistent ones, the root's, and -h. */
function flagsOf(p: Program, cmd: CommandDef | undefined): { local: FlagDef[]; inherited: FlagDef[] } {
  const help: FlagDef = { name: 'help', short: 'h', type: 'bool', def: 'false', usage: `help for ${cmd ? nameOf(cmd) : p.name}` };
  if (!cmd) return { local: [...p.globals, help], inherited: [] };
  const inherited = [...p.globals];
  const parts = cmd.path.split(' ');
  for (let i = 1; i < parts.length; i++) inherited.push(...(p.commands.find((c) => c.path === parts.slice(0, i).join(' '))?.persistent ?? []));
  return { local: [...(cmd.flags ?? []), ...(cmd.persistent ?? []), help], inherited };
}

const GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;

/** Go's time.ParseDuration, in milliseconds; undefined when it is not one. */
export function parseDuration(s: string): number | undefined {
  if (s === '0') return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (!m) return undefined;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const part of s.slice(m[1].length).matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * unit[part[2]];
  return m[1] === '-' ? -total : total;
}

/** pflag's error for a value its type rejects. */
function badValue(f: FlagDef, v: string): string | undefined {
  const shown = `invalid argument "${v}" for "${f.short ? `-${f.short}, ` : ''}--${f.name}" flag: `;
  if (f.type === 'bool' && !GO_BOOL.test(v)) return `${shown}strconv.ParseBool: parsing "${v}": invalid syntax`;
  if ((f.type === 'int' || f.type === 'int64') && !/^[-+]?\d+$/.test(v)) return `${shown}strconv.ParseInt: parsing "${v}": invalid syntax`;
  if (f.type === 'uint64' && !/^\+?\d+$/.test(v)) return `${shown}strconv.ParseUint: parsing "${v}": invalid syntax`;
  if (f.type === 'duration' && parseDuration(v) === undefined) return `${shown}time: invalid duration "${v}"`;
  return undefined;
}

/**
 * cobra's Find then ParseFlags: the words that are not flags walk down the command tree (a unique prefix names a
 * command); the rest are the command's arguments, its flags parsed the way pflag does, interspersed.
 */
export function parse(p: Program, argv: string[]): Parsed {
  const rootFlags = flagsOf(p, undefined).local;
  // Find: skip flags (and the value of a non-boolean one written apart) to find the command's words.
  let cmd: CommandDef | undefined;
  const rest = [...argv];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') break;
    if (a.startsWith('-') && a.length > 1) {
      const long = a.startsWith('--');
      const name = long ? a.slice(2).split('=')[0] : a.slice(1);
      const all = [...rootFlags, ...(cmd ? flagsOf(p, cmd).local : [])];
      const f = long ? all.find((x) => x.name === name) : name.length === 1 ? all.find((x) => x.short === name) : undefined;
      if (f && f.type !== 'bool' && !a.includes('=')) i++;
      continue;
    }
    const kids = children(p, cmd?.path ?? '');
    if (!kids.length) break;
    const exact = kids.find((c) => nameOf(c) === a);
    const prefixed = kids.filter((c) => nameOf(c).startsWith(a));
    const next = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
    if (!next) {
      if (cmd) break;
      // Only the root checks its subcommands (cobra's legacyArgs): anything else is an unknown command.
      const suggestions = kids.filter((c) => c.path !== 'help' && (ld(a, nameOf(c)) <= 2 || nameOf(c).toLowerCase().startsWith(a.toLowerCase())));
      const hint = suggestions.length ? `\n\nDid you mean this?\n${suggestions.map((c) => `\t${nameOf(c)}\n`).join('')}` : '';
      return { kind: 'error', cmd, usage: false, stderr: `Error: unknown command "${a}" for "${p.name}"${hint}\nRun '${p.name} --help' for usage.\n` };
    }
    cmd = next;
    rest.splice(i, 1);
    i--;
  }
  const { local, inherited } = flagsOf(p, cmd);
  const all = [...local, ...inherited];
  const flags = new Map<string, string>();
  const set = new Set<string>();
  const args: string[] = [];
  const fail = (msg: string): Parsed => ({ kind: 'error', cmd, usage: true, stderr: `Error: ${msg}\n` });
  const assign = (f: FlagDef, v: string): string | undefined => {
    const bad = badValue(f, v);
    if (bad) return bad;
    // A string slice flag given twice adds to its list; its default goes at the first.
    flags.set(f.name, f.type === 'stringSlice' && set.has(f.name) ? `${flags.get(f.name)},${v}` : v);
    set.add(f.name);
    return undefined;
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') { args.push(...rest.slice(i + 1)); break; }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const f = all.find((x) => x.name === name);
      if (!f) return fail(`unknown flag: --${name}`);
      let v: string;
      if (eq >= 0) v = a.slice(eq + 1);
      else if (f.type === 'bool') v = 'true';
      else if (i + 1 < rest.length) v = rest[++i];
      else return fail(`flag needs an argument: --${name}`);
      const e = assign(f, v);
      if (e) return fail(e);
    } else if (a.startsWith('-') && a.length > 1) {
      // Shorthands: -h, -w table, -wtable, -w=table.
      for (let k = 1; k < a.length; k++) {
        const c = a[k];
        const f = all.find((x) => x.short === c);
        if (!f) return fail(`unknown shorthand flag: '${c}' in ${a}`);
        let v: string;
        if (a[k + 1] === '=') v = a.slice(k + 2);
        else if (f.type === 'bool') { const e = assign(f, 'true'); if (e) return fail(e); continue; }
        else if (k + 1 < a.length) v = a.slice(k + 1);
        else if (i + 1 < rest.length) v = rest[++i];
        else return fail(`flag needs an argument: '${c}' in ${a}`);
        const e = assign(f, v);
        if (e) return fail(e);
        break;
      }
    } else args.push(a);
  }
  if (flags.get('help') !== undefined && GO_BOOL.test(flags.get('help')!) && /^(1|t|T|TRUE|true|True)$/.test(flags.get('help')!)) return { kind: 'help', cmd };
  if (!cmd || !cmd.run) return { kind: 'help', cmd };
  for (const f of all) if (!flags.has(f.name)) flags.set(f.name, f.type === 'stringSlice' ? f.def.slice(1, -1) : f.def);
  return { kind: 'run', cmd, args, flags, set };
}

/** Go's %q of a plain string. */
const goQuote = (s: string) => JSON.stringify(s);

/** etcdFlagUsages: one line a flag, sorted by name, with tabs for the tabwriter. */
function flagUsages(flags: FlagDef[]): string {
  return [...flags].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => {
    const head = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    const value = f.type === 'string' ? goQuote(f.def) : f.def;
    return `${head}${f.type === 'bool' ? `[=${value}]` : `=${value}`}\t${f.usage}\n`;
  }).join('');
}

/**
 * Go's text/tabwriter with minwidth 0, tabwidth 8, padding 1 and tabs as padding: a run of lines with a cell before
 * a tab aligns that column to the widest cell plus one, rounded up to the next tab stop, filled with tabs.
 */
export function tabwrite(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!lines[i].includes('\t')) { out.push(lines[i++]); continue; }
    let j = i;
    while (j < lines.length && lines[j].includes('\t')) j++;
    const block = lines.slice(i, j).map((l) => l.split('\t'));
    const width = Math.max(...block.map((cells) => [...cells[0]].length)) + 1;
    const cellw = Math.ceil(width / 8) * 8;
    for (const cells of block) {
      const textw = [...cells[0]].length;
      out.push(cells[0] + '\t'.repeat(Math.ceil((cellw - textw) / 8)) + cells.slice(1).join('\t'));
    }
    i = j;
  }
  return out.join('\n');
}

const indent = (s: string) => `  ${s.replace(/\n/g, '\n  ')}`;

/** What `--help` prints (cobrautl.UsageFunc through the tabwriter, on stdout). */
export function usage(p: Program, cmd: CommandDef | undefined): string {
  const useLine = `${cmd ? `${p.name} ${cmd.path.split(' ').slice(0, -1).concat(cmd.use).join(' ')}` : p.name} [flags]`;
  const subs = (parent: string): CommandDef[] => children(p, parent).flatMap((c) => [c, ...subs(c.path)]);
  const kids = subs(cmd?.path ?? '');
  let s = `NAME:\n${indent(`${cmd ? cmd.path : p.name} - ${cmd ? cmd.short : p.short}`)}\n\nUSAGE:\n${indent(useLine)}\n`;
  if (!cmd) s += `\nVERSION:\n${indent(p.version)}\n`;
  if (kids.length) s += `\nAPI VERSION:\n${indent(p.apiVersion)}\n`;
  if (cmd?.example) s += `\nExamples:\n${cmd.example}\n`;
  if (kids.length) {
    s += '\nCOMMANDS:\n';
    const start = cmd ? cmd.path.split(' ').length : 0;
    for (const k of kids) if (k.run) s += `${indent(`${k.path.split(' ').slice(start).join(' ')}\t${k.short}`)}\n`;
  }
  if (cmd?.long) s += `\nDESCRIPTION:\n${cmd.long.trim().split('\n').map((l) => `${indent(l)}\n`).join('')}`;
  const { local, inherited } = flagsOf(p, cmd);
  s += `\nOPTIONS:\n${flagUsages(local)}`;
  if (inherited.length) s += `\nGLOBAL OPTIONS:\n${flagUsages(inherited)}`;
  return tabwrite(`${s}\n`);
}

/** etcd's Normalize for examples: trimmed, each line trimmed and indented by two spaces. */
export function normalize(s: string): string {
  return s.trim().split('\n').map((l) => `  ${l.trim()}`).join('\n');
}
