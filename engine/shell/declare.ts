/**
 * `declare` / `typeset` / `local` / `readonly`, and the listings of `export -p`
 * (bash 5.2, builtins/declare.def and setattr.def): the -a -i -r -x attributes,
 * `+` to take one away, -g, -p in bash's `declare -- x="1"` form. Loaded on first
 * use: a fresh prompt runs none of them.
 */
import type { Builtin } from './builtins.js';
import { ReadonlyVariable, type Shell, type ShellIO, type Var } from './interpreter.js';

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
    io.stderr.write('bash: local: can only be used in a function\n');
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
        io.stderr.write(`bash: ${cmd}: ${a[0]}${c}: invalid option\n${cmd}: usage: ${spec.usage}\n`);
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
      // Functions are not kept as text here: `declare -F` lists their names, as bash does.
      if (add.includes('F') || add.includes('f')) {
        for (const f of [...sh.functions.keys()].sort()) io.stdout.write(`declare -f ${f}\n`);
        return 0;
      }
      list(sh, io, add.replace(/[pg]/g, ''));
      return 0;
    }
    let status = 0;
    for (const n of names) {
      const v = sh.vars.get(n);
      if (!v) { io.stderr.write(`bash: ${cmd}: ${n}: not found\n`); status = 1; continue; }
      io.stdout.write(`${describeVar(sh, n, v)}\n`);
    }
    return status;
  }
  if (add.includes('F') || add.includes('f')) {
    // `declare -F NAME` names each function that exists; `-f` would print its text, which is not kept here.
    for (const n of names) if (add.includes('F') && sh.functions.has(n)) io.stdout.write(`${n}\n`);
    return names.every((n) => sh.functions.has(n)) ? 0 : 1;
  }
  let status = 0;
  const local = (cmd === 'local' || ((cmd === 'declare' || cmd === 'typeset') && !add.includes('g'))) && inFunction;
  for (const arg of names) {
    const m = ASSIGNMENT.exec(arg);
    const name = m ? m[1].replace(/\[.*$/, '') : arg;
    if (!NAME.test(name)) {
      io.stderr.write(`bash: ${cmd}: \`${arg}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    const cur = sh.vars.get(name);
    const attrs = cur?.attrs ?? '';
    const prefix = cmd === 'readonly' ? 'bash' : `bash: ${cmd}`;
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
      io.stderr.write(`bash: ${cmd}: ${name}: cannot convert indexed to associative array\n`);
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

