/**
 * bash 5.2's `complete` and `compopt` (builtins/complete.def): the completion specifications a shell holds, as
 * kubectl's cheat sheet sets them up (`source <(kubectl completion bash)`, `complete -o default -F
 * __start_kubectl k`). This terminal's Tab completes kubectl natively, so a spec changes no candidates; what the
 * builtins print, accept and refuse is bash's. Loaded on first use.
 */
import type { Builtin } from './builtins.js';
import type { Shell, ShellIO } from './interpreter.js';

/** complete.def's compacts[]: action name and its one-letter option (none for the -A-only actions). */
const ACTIONS: readonly [string, string][] = [
  ['alias', 'a'], ['arrayvar', ''], ['binding', ''], ['builtin', 'b'], ['command', 'c'], ['directory', 'd'], ['disabled', ''],
  ['enabled', ''], ['export', 'e'], ['file', 'f'], ['function', ''], ['helptopic', ''], ['hostname', ''], ['group', 'g'], ['job', 'j'],
  ['keyword', 'k'], ['running', ''], ['service', 's'], ['setopt', ''], ['shopt', ''], ['signal', ''], ['stopped', ''], ['user', 'u'], ['variable', 'v'],
];
/** compopts[], in the order complete -p prints them. */
const OPTIONS = ['bashdefault', 'default', 'dirnames', 'filenames', 'noquote', 'nosort', 'nospace', 'plusdirs'];

interface CompSpec {
  actions: Set<string>;
  options: Set<string>;
  G?: string; W?: string; P?: string; S?: string; X?: string; C?: string; F?: string;
}

const COMPLETE_USAGE = 'complete: usage: complete [-abcdefgjksuv] [-pr] [-DEI] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [name ...]\n';
const COMPOPT_USAGE = 'compopt: usage: compopt [-o|+o option] [-DEI] [name ...]\n';
/** pcomplete.h's names of the -D, -E and -I specs. */
const SPECIAL: Record<string, string> = { D: '_DefaultCmD_', E: '_EmptycmD_', I: '_InitialWorD_' };

/**
 * Each shell's specs, keyed by command name, in insertion order (the printing order is bash's hash table's). A
 * subshell (`complete -p | grep k`) reads its shell's. The learner's ~/.bashrc sources kubectl's completion
 * script, which registers kubectl's spec: every shell starts with it.
 */
const specsOf = new WeakMap<Shell, Map<string, CompSpec>>();
function specs(sh: Shell): Map<string, CompSpec> {
  const root = sh.root();
  let m = specsOf.get(root);
  if (!m) specsOf.set(root, (m = new Map([['kubectl', { actions: new Set<string>(), options: new Set(['default']), F: '__start_kubectl' }]])));
  return m;
}

/** hashlib.c's hash_string (FNV-1, 32-bit): complete -p walks the 512 buckets in order, newest first within one. */
function bucketOf(name: string): number {
  let h = 2166136261;
  for (const b of new TextEncoder().encode(name)) {
    h = Math.imul(h, 16777619) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h & 511;
}

const METAS = /[ \t\n|&;()<>$`\\"'*?[#~=%{}]/;
const singleQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function specText(name: string, cs: CompSpec): string {
  let out = 'complete ';
  for (const o of OPTIONS) if (cs.options.has(o)) out += `-o ${o} `;
  for (const [a, c] of ACTIONS) if (c && cs.actions.has(a)) out += `-${c} `;
  for (const [a, c] of ACTIONS) if (!c && cs.actions.has(a)) out += `-A ${a} `;
  for (const k of ['G', 'W', 'P', 'S', 'X', 'C'] as const) if (cs[k] !== undefined) out += `-${k} ${singleQuote(cs[k]!)} `;
  if (cs.F !== undefined) out += `-F ${METAS.test(cs.F) ? singleQuote(cs.F) : cs.F} `;
  const special = Object.entries(SPECIAL).find(([, v]) => v === name)?.[0];
  out += special ? `-${special}` : name === '' ? "''" : METAS.test(name) ? singleQuote(name) : name;
  return `${out}\n`;
}

function printAll(sh: Shell, io: ShellIO): void {
  const entries = [...specs(sh)].map(([n, cs], i) => ({ n, cs, i, b: bucketOf(n) }));
  entries.sort((x, y) => x.b - y.b || y.i - x.i);
  for (const e of entries) io.stdout.write(specText(e.n, e.cs));
}

interface Parsed { spec: CompSpec; flags: Set<string>; names: string[]; given: boolean }

/** build_actions: internal_getopt over "abcdefgjko:prsuvA:G:W:P:S:X:F:C:DEI" (options end at the first non-option or --). */
function parse(argv: string[], io: ShellIO, usage: string): Parsed | number {
  const spec: CompSpec = { actions: new Set(), options: new Set() };
  const flags = new Set<string>();
  let given = false;
  let i = 0;
  const bad = (text: string) => { io.stderr.write(text); return 2; };
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      given = true;
      if ('oAGWPSXFC'.includes(c)) {
        const v = k + 1 < a.length ? a.slice(k + 1) : argv[++i];
        if (v === undefined) return bad(`bash: complete: -${c}: option requires an argument\n${usage}`);
        if (c === 'o') {
          if (!OPTIONS.includes(v)) return bad(`bash: complete: ${v}: invalid option name\n`);
          spec.options.add(v);
        } else if (c === 'A') {
          if (!ACTIONS.some(([n]) => n === v)) return bad(`bash: complete: ${v}: invalid action name\n`);
          spec.actions.add(v);
        } else if (c === 'F') {
          // check_identifier accepts any unquoted word outside POSIX mode; shell_break_chars are refused.
          if (/[ \t\n|&;()<>]/.test(v)) return bad(`bash: complete: \`${v}': not a valid identifier\n`);
          spec.F = v;
        } else spec[c as 'G' | 'W' | 'P' | 'S' | 'X' | 'C'] = v;
        break;
      }
      const action = ACTIONS.find(([, l]) => l === c);
      if (action) spec.actions.add(action[0]);
      else if ('prDEI'.includes(c)) flags.add(c);
      else return bad(`bash: complete: -${c}: invalid option\n${usage}`);
    }
  }
  return { spec, flags, names: argv.slice(i), given };
}

export const complete: Builtin = (sh, argv, io) => {
  const args = argv.slice(1);
  if (args.length === 0) { printAll(sh, io); return 0; }
  const p = parse(args, io, COMPLETE_USAGE);
  if (typeof p === 'number') return p;
  const table = specs(sh);
  const special = ['D', 'E', 'I'].find((f) => p.flags.has(f));
  const names = special ? [SPECIAL[special]] : p.names;
  let status = 0;
  if (p.flags.has('p') || (p.names.length === 0 && !p.given)) {
    if (!special && names.length === 0) { printAll(sh, io); return 0; }
    for (const n of names) {
      const cs = table.get(n);
      if (cs) io.stdout.write(specText(n, cs));
      else { io.stderr.write(`bash: complete: ${n}: no completion specification\n`); status = 1; }
    }
    return status;
  }
  if (p.flags.has('r')) {
    if (!special && names.length === 0) { table.clear(); return 0; }
    for (const n of names) {
      if (!table.delete(n)) { io.stderr.write(`bash: complete: ${n}: no completion specification\n`); status = 1; }
    }
    return status;
  }
  if (names.length === 0) { io.stderr.write(COMPLETE_USAGE); return 2; }
  for (const n of names) {
    // progcomp_insert replaces the spec: the name moves to the head of its bucket.
    table.delete(n);
    table.set(n, { ...p.spec, actions: new Set(p.spec.actions), options: new Set(p.spec.options) });
  }
  return 0;
};

/** compopt: outside a completion function it needs names (Tab here never runs one); `compopt NAME` prints in full. */
export const compopt: Builtin = (sh, argv, io) => {
  const set = new Set<string>();
  const unset = new Set<string>();
  const flags = new Set<string>();
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { i++; break; }
    if ((a === '-o' || a === '+o')) {
      const v = argv[++i];
      if (v === undefined) { io.stderr.write(`bash: compopt: ${a}: option requires an argument\n${COMPOPT_USAGE}`); return 2; }
      if (!OPTIONS.includes(v)) { io.stderr.write(`bash: compopt: ${v}: invalid option name\n`); return 2; }
      (a === '-o' ? set : unset).add(v);
      continue;
    }
    if (/^-[DEI]+$/.test(a)) { for (const c of a.slice(1)) flags.add(c); continue; }
    if (a.startsWith('-') || a.startsWith('+')) { io.stderr.write(`bash: compopt: ${a.slice(0, 2)}: invalid option\n${COMPOPT_USAGE}`); return 2; }
    break;
  }
  const special = ['D', 'E', 'I'].find((f) => flags.has(f));
  const names = special ? [SPECIAL[special]] : argv.slice(i);
  if (names.length === 0) { io.stderr.write('bash: compopt: not currently executing completion function\n'); return 1; }
  const table = specs(sh);
  let status = 0;
  for (const n of names) {
    const cs = table.get(n);
    if (!cs) { io.stderr.write(`bash: compopt: ${n}: no completion specification\n`); status = 1; continue; }
    if (set.size === 0 && unset.size === 0) {
      const sp = Object.entries(SPECIAL).find(([, v]) => v === n)?.[0];
      io.stdout.write(`compopt ${OPTIONS.map((o) => `${cs.options.has(o) ? '-' : '+'}o ${o} `).join('')}${sp ? `-${sp}` : n}\n`);
      continue;
    }
    for (const o of set) cs.options.add(o);
    for (const o of unset) cs.options.delete(o);
  }
  return status;
};
