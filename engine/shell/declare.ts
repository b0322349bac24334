/**
 * `declare` / `typeset` / `local` / `readonly`, and the listings of `export -p`
 * (bash 5.2, builtins/declare.def and setattr.def): the -a -i -r -x attributes,
 * `+` to take one away, -g, -p in bash's `declare -- x="1"` form. Loaded on first
 * use: a fresh prompt runs none of them.
 */
import { functionText } from './print-command.js';
import { ArithError, evaluateArithmetic } from './arith.js';
import type { Builtin } from './builtins.js';
import { ExpansionError, expandWordToFields, expandWordToString, type ExpandHost } from './expand.js';
import { declareLoaded, ReadonlyVariable, type Shell, type ShellIO, type Var } from './interpreter.js';
import { scanWord } from './parser.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?)(\+?)=([\s\S]*)$/;

/** Each builtin's usage line and the option letters it takes. */
const USAGE: Record<string, { usage: string; options: string }> = {
  declare: { usage: 'declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]', options: 'aAfFgiIlnrtuxp' },
  typeset: { usage: 'typeset [-aAfFgiIlnrtux] name[=value] ... or typeset -p [-aAfFilnrtux] [name ...]', options: 'aAfFgiIlnrtuxp' },
  local: { usage: 'local [option] name[=value] ...', options: 'aAfFgiIlnrtuxp' },
  readonly: { usage: 'readonly [-aAf] [name[=value] ...] or readonly -p', options: 'aAfp' },
  export: { usage: 'export [-fn] [name[=value] ...] or export -p', options: 'fnp' },
};

/** The attribute letters bash prints, in its order (var_attribute_string). */
function attributeFlags(v: Var): string {
  const a = v.attrs ?? '';
  return `${v.arr ? 'a' : ''}${v.assoc ? 'A' : ''}${a.includes('i') ? 'i' : ''}${a.includes('r') ? 'r' : ''}${v.exported ? 'x' : ''}`;
}

/** A value as `declare -p` quotes it: double quotes, or `$'…'` when it holds control characters. */
export function declareQuote(v: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f]/.test(v)) return `"${v.replace(/(["\\$`])/g, '\\$1')}"`;
  const esc: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x07': '\\a', '\b': '\\b', '\x1b': '\\E', '\f': '\\f', '\v': '\\v', "'": "\\'", '\\': '\\\\' };
  // eslint-disable-next-line no-control-regex
  return `$'${v.replace(/[\x00-\x1f\x7f'\\]/g, (c) => esc[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)}'`;
}

/** Characters that make bash quote an associative array's key (sh_contains_shell_metas). */
const SHELL_META = /[\s'"\\|&;()<>!{}*[?\]^$`]|^[~#]/;

/** One variable as `declare -p` prints it. */
export function describeVar(sh: Shell, name: string, v: Var): string {
  const flags = attributeFlags(v) || '-';
  if (v.noValue) return `declare -${flags} ${name}`;
  // An associative array: keys in the shell's order, quoted when they hold shell metacharacters, and a space before `)`.
  if (v.assoc) return `declare -${flags} ${name}=(${sh.getKeys(name).map((k) => `[${SHELL_META.test(k) ? declareQuote(k) : k}]=${declareQuote(v.assoc!.get(k)!)} `).join('')})`;
  if (v.arr) return `declare -${flags} ${name}=(${Object.keys(v.arr).map((i) => `[${i}]=${declareQuote(v.arr![Number(i)])}`).join(' ')})`;
  return `declare -${flags} ${name}=${declareQuote(v.value)}`;
}

/** `declare -p` with no names, `readonly -p`, `export -p`: every variable with all the `wanted` attributes, by name. */
function list(sh: Shell, io: ShellIO, wanted: string): void {
  for (const name of [...sh.vars.keys()].sort()) {
    const v = sh.vars.get(name)!;
    const flags = attributeFlags(v);
    if ([...wanted].every((f) => flags.includes(f))) io.stdout.write(`${describeVar(sh, name, v)}\n`);
  }
}

export const declare: Builtin = (sh, argv, io) => {
  const cmd = argv[0];
  const spec = USAGE[cmd] ?? USAGE.declare;
  const assigned = new Set(sh.assignedNames);
  sh.assignedNames = [];
  const inFunction = sh.inFunction();
  if (cmd === 'local' && !inFunction) {
    io.stderr.write(`${sh.errorPrefix()}local: can only be used in a function\n`);
    return 1;
  }
  let add = cmd === 'readonly' ? 'r' : cmd === 'export' ? 'x' : '';
  let remove = '';
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { i++; break; }
    if (!/^[-+]./.test(a)) break;
    for (const c of a.slice(1)) {
      if (!spec.options.includes(c)) {
        io.stderr.write(`${sh.errorPrefix()}${cmd}: ${a[0]}${c}: invalid option\n${cmd}: usage: ${spec.usage}\n`);
        return 2;
      }
      if (a[0] === '-') add += c;
      else remove += c;
    }
  }
  const names = argv.slice(i);
  const print = add.includes('p');
  if (names.length === 0 || (print && cmd !== 'readonly' && cmd !== 'export')) {
    if (names.length === 0) {
      // `declare -F` names every function; `declare -f` prints each one's text, in name order.
      if (add.includes('F')) {
        for (const f of [...sh.functions.keys()].sort()) io.stdout.write(`declare -f ${f}\n`);
        return 0;
      }
      if (add.includes('f')) {
        for (const f of [...sh.functions.keys()].sort()) io.stdout.write(`${functionText(f, sh.functions.get(f)!)}\n`);
        return 0;
      }
      list(sh, io, add.replace(/[pg]/g, ''));
      return 0;
    }
    let status = 0;
    for (const n of names) {
      const v = sh.vars.get(n);
      if (!v) { io.stderr.write(`${sh.errorPrefix()}${cmd}: ${n}: not found\n`); status = 1; continue; }
      io.stdout.write(`${describeVar(sh, n, v)}\n`);
    }
    return status;
  }
  if (add.includes('F') || add.includes('f')) {
    // `declare -F NAME` names each function that exists; `-f NAME` prints its text.
    for (const n of names) {
      const body = sh.functions.get(n);
      if (body) io.stdout.write(add.includes('F') ? `${n}\n` : `${functionText(n, body)}\n`);
    }
    return names.every((n) => sh.functions.has(n)) ? 0 : 1;
  }
  let status = 0;
  const local = (cmd === 'local' || ((cmd === 'declare' || cmd === 'typeset') && !add.includes('g'))) && inFunction;
  for (const arg of names) {
    const m = ASSIGNMENT.exec(arg);
    const name = m ? m[1].replace(/\[.*$/, '') : arg;
    if (!NAME.test(name)) {
      io.stderr.write(`${sh.errorPrefix()}${cmd}: \`${arg}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    const cur = sh.vars.get(name);
    const attrs = cur?.attrs ?? '';
    const prefix = cmd === 'readonly' ? 'bash' : `${sh.errorPrefix()}${cmd}`;
    if (attrs.includes('r') && (m || remove.includes('r'))) {
      io.stderr.write(`${prefix}: ${name}: readonly variable\n`);
      status = 1;
      continue;
    }
    // A new local starts unset, without the attributes the caller's variable had (bash 5.2 without localvar_inherit).
    if (local && !assigned.has(name) && !sh.isLocal(name)) {
      sh.makeLocal(name);
      sh.vars.delete(name);
    }
    const base: Var = sh.vars.get(name) ?? { value: '', exported: false, noValue: true };
    if (add.includes('A') && base.arr) {
      io.stderr.write(`${sh.errorPrefix()}${cmd}: ${name}: cannot convert indexed to associative array\n`);
      status = 1;
      continue;
    }
    const next: Var = { ...base, attrs: withAttrs(base.attrs ?? '', add.replace(/[^i]/g, ''), remove) };
    if (add.includes('a') && !next.arr && !next.assoc) next.arr = next.noValue ? [] : [next.value];
    if (add.includes('A') && !next.assoc && !next.arr) next.assoc = new Map(next.noValue ? [] : [['0', next.value]]);
    if (add.includes('x')) next.exported = true;
    if (remove.includes('x')) next.exported = false;
    sh.vars.set(name, next);
    // `declare -ai a=(1+1)`: the elements were assigned before the attribute; they are evaluated now.
    if (assigned.has(name) && add.includes('i') && next.arr) sh.setArray(name, next.arr);
    if (m) {
      try {
        sh.setVar(m[1], m[2] ? sh.appended(m[1], m[3]) : m[3]);
      } catch (e) {
        if (!(e instanceof ReadonlyVariable)) throw e;
        io.stderr.write(`${prefix}: ${e.message}\n`);
        status = 1;
        continue;
      }
    }
    // Readonly last: the value above is the one it keeps.
    if (add.includes('r')) sh.vars.set(name, { ...sh.vars.get(name)!, attrs: withAttrs(sh.vars.get(name)!.attrs ?? '', 'r', '') });
  }
  return status;
};

function withAttrs(attrs: string, add: string, remove: string): string {
  let out = '';
  for (const c of 'ir') if ((attrs.includes(c) || add.includes(c)) && !remove.includes(c)) out += c;
  return out;
}


/** A value as a variable with attributes takes it: refused when readonly, evaluated when an integer. */
export function attributed(sh: Shell, name: string, cur: Var, value: string): string {
  if (cur.attrs!.includes('r')) throw new ReadonlyVariable(name);
  if (!cur.attrs!.includes('i')) return value;
  try {
    return String(evaluateArithmetic(value, { get: (k) => sh.getRef(k), set: (k, v) => sh.setVar(k, v) }));
  } catch (e) {
    throw e instanceof ArithError ? new ExpansionError(e.message) : e;
  }
}

/**
 * An associative array's keys in the order bash 5.2 lists them: by hash bucket (FNV-1 of the key's bytes, read
 * as signed chars, over its 1024 buckets), the later-inserted key first within a bucket (hashlib.c).
 */
export function assocKeys(m: Map<string, string>): string[] {
  const keys = [...m.keys()];
  const bucket = keys.map((k) => {
    let h = 2166136261;
    for (const b of UTF8.encode(k)) h = (Math.imul(h, 16777619) ^ (b < 128 ? b : b | 0xffffff00)) >>> 0;
    return h & 1023;
  });
  return keys.map((_, i) => i).sort((a, b) => bucket[a] - bucket[b] || b - a).map((i) => keys[i]);
}
const UTF8 = new TextEncoder();

/**
 * `name=(…)` with `[key]=value` items, or for an associative array (`(k1 v1 k2 v2)` pairs there, as in bash 5.1+);
 * `append` for `+=(…)`. The plain indexed `(a b c)` stays in the interpreter.
 */
export async function assignCompound(sh: Shell, name: string, append: boolean, inner: string, host: ExpandHost, cur: Var | undefined, assoc: boolean): Promise<void> {
  const values: string[] = [];
  const keyed: [string, string][] = [];
  for (let i = 0; ;) {
    while (i < inner.length && /[ \t\n]/.test(inner[i])) i++;
    if (inner[i] === '#') { while (i < inner.length && inner[i] !== '\n') i++; continue; }
    if (i >= inner.length) break;
    const end = scanWord(inner, i);
    const w = inner.slice(i, end);
    const kv = /^\[([^\]]*)\]=([\s\S]*)$/.exec(w);
    if (kv) keyed.push([await expandWordToString(kv[1], host), await expandWordToString(kv[2], host)]);
    else if (assoc) values.push(await expandWordToString(w, host));
    else for (const f of await expandWordToFields(w, host)) values.push(f);
    i = end;
  }
  if (assoc) {
    if (cur?.attrs?.includes('r')) throw new ReadonlyVariable(name);
    // bash abandons the line.
    if (cur?.arr) throw new Error(`${name}: cannot convert indexed to associative array`);
    const map = append && cur?.assoc ? new Map(cur.assoc) : new Map<string, string>();
    for (const [k, v] of keyed) map.set(k, v);
    for (let k = 0; k < values.length; k += 2) map.set(values[k], values[k + 1] ?? '');
    sh.vars.set(name, { value: '', exported: cur?.exported ?? false, assoc: map, attrs: cur?.attrs });
    return;
  }
  const arr = append ? sh.getArray(name)?.slice() ?? [] : [];
  let next = arr.length;
  for (const [k, v] of keyed) {
    next = sh.subscript(name, k);
    arr[next++] = v;
  }
  for (const v of values) arr[next++] = v;
  sh.setArray(name, arr);
}

declareLoaded({ attributed, assocKeys, assignCompound });
