/**
 * Flag definitions and a parser with spf13/pflag's rules, which is what every
 * kubectl command uses through cobra:
 *
 *   --name=value  --name value  --bool  --bool=false
 *   -n value  -nvalue  -n=value  -abc (bundled booleans)  --  (end of flags)
 *
 * Flags may come before or after positional arguments (interspersed). Errors
 * carry pflag's own texts, e.g. `unknown flag: --foo`,
 * `unknown shorthand flag: 'z' in -z`, `flag needs an argument: --sort-by`.
 */

import { goQuote } from '../printers/gofmt.js';

export type FlagType = 'bool' | 'string' | 'stringArray' | 'stringSlice' | 'int' | 'duration';

export interface FlagDef {
  name: string;
  shorthand?: string;
  type: FlagType;
  /** Value when the flag is absent. */
  default?: boolean | string | number | string[];
  /** Absent in the generated flag tables: --help finds it in the lazily loaded help texts (help.ts). */
  usage?: string;
  /** How --help shows the default when it is not the plain rendering (e.g. `--vmodule=:`). */
  defaultText?: string;
  /** Value used when the flag is given without `=value` (pflag's NoOptDefVal, e.g. `--dry-run` → "unchanged"). */
  noOptDefault?: string;
  hidden?: boolean;
  /** A Go `flag` package flag adopted by pflag (klog's): a bad value reads "parse error". */
  goFlag?: boolean;
}

export type FlagValue = boolean | string | number | string[];

export class FlagError extends Error {}

/** Parsed flag values of one command line. */
export class FlagValues {
  private readonly values = new Map<string, FlagValue>();
  private readonly set = new Set<string>();

  constructor(private readonly defs: Map<string, FlagDef>) {}

  has(name: string): boolean {
    return this.defs.has(name);
  }
  /** True when the user gave the flag (cobra's `Changed`). */
  changed(name: string): boolean {
    return this.set.has(name);
  }
  bool(name: string): boolean {
    return Boolean(this.get(name));
  }
  string(name: string): string {
    const v = this.get(name);
    return v === undefined ? '' : String(v);
  }
  int(name: string): number {
    return Number(this.get(name) ?? 0);
  }
  strings(name: string): string[] {
    const v = this.get(name);
    return Array.isArray(v) ? v : [];
  }
  /** Duration flags are kept in milliseconds. */
  durationMs(name: string): number {
    return Number(this.get(name) ?? 0);
  }
  get(name: string): FlagValue | undefined {
    if (this.values.has(name)) return this.values.get(name);
    const def = this.defs.get(name);
    if (!def) return undefined;
    return defaultOf(def);
  }
  /** @internal */
  assign(def: FlagDef, raw: string, flagName: string): void {
    let v: FlagValue;
    switch (def.type) {
      case 'bool': {
        const b = parseBool(raw);
        if (b === undefined) throw new FlagError(`invalid argument ${goQuote(raw)} for "${flagName}" flag: strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`);
        v = b;
        break;
      }
      case 'int': {
        const n = parseGoInt(raw);
        if (n === undefined) throw new FlagError(`invalid argument ${goQuote(raw)} for "${flagName}" flag: strconv.ParseInt: parsing ${goQuote(raw)}: invalid syntax`);
        v = n;
        break;
      }
      case 'duration': {
        const ms = parseGoDuration(raw);
        if (ms === undefined) throw new FlagError(`invalid argument ${goQuote(raw)} for "${flagName}" flag: ${def.goFlag ? 'parse error' : `time: invalid duration ${goQuote(raw)}`}`);
        v = ms;
        break;
      }
      case 'stringArray': {
        const prev = this.set.has(def.name) ? (this.values.get(def.name) as string[]) : [];
        v = [...prev, raw];
        break;
      }
      case 'stringSlice': {
        const prev = this.set.has(def.name) ? (this.values.get(def.name) as string[]) : [];
        v = [...prev, ...(raw === '' ? [] : splitCSV(raw))];
        break;
      }
      default:
        v = raw;
    }
    this.values.set(def.name, v);
    this.set.add(def.name);
  }
}

export function defaultOf(def: FlagDef): FlagValue {
  if (def.default !== undefined) return Array.isArray(def.default) ? [...def.default] : def.default;
  switch (def.type) {
    case 'bool': return false;
    case 'int':
    case 'duration': return 0;
    case 'stringArray':
    case 'stringSlice': return [];
    default: return '';
  }
}

export interface ParseResult {
  flags: FlagValues;
  args: string[];
  /** Positional arguments that came after `--` (kubectl exec uses them). */
  argsAfterDash: string[];
  /** Index in `args` where `--` appeared, or -1 (cobra's ArgsLenAtDash). */
  argsLenAtDash: number;
}

/** Parses `argv` against `defs`; throws FlagError with pflag's texts. */
/** `seen`, when given, gets each flag as it is parsed, by its long name (what cobra's ParseAll callback sees). */
export function parseFlags(argv: string[], defs: FlagDef[], seen?: [string, string][]): ParseResult {
  const byName = new Map<string, FlagDef>();
  const byShort = new Map<string, FlagDef>();
  for (const d of defs) {
    byName.set(d.name, d);
    if (d.shorthand) byShort.set(d.shorthand, d);
  }
  const flags = new FlagValues(byName);
  const assign = (def: FlagDef, value: string, label: string) => { flags.assign(def, value, label); seen?.push([def.name, value]); };
  const args: string[] = [];
  let argsLenAtDash = -1;
  const argsAfterDash: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      argsLenAtDash = args.length;
      for (let j = i + 1; j < argv.length; j++) {
        args.push(argv[j]);
        argsAfterDash.push(argv[j]);
      }
      break;
    }
    if (a.length < 2 || a[0] !== '-') {
      args.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const body = a.slice(2);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const def = byName.get(name);
      if (!def) throw new FlagError(`unknown flag: --${name}`);
      const label = flagLabel(def);
      if (eq >= 0) assign(def, body.slice(eq + 1), label);
      else if (def.type === 'bool') assign(def, 'true', label);
      else if (def.noOptDefault !== undefined) assign(def, def.noOptDefault, label);
      else if (i + 1 < argv.length) assign(def, argv[++i], label);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    // Shorthand cluster: -abc, -nvalue, -n=value, -n value
    const body = a.slice(1);
    for (let k = 0; k < body.length; k++) {
      const c = body[k];
      const def = byShort.get(c);
      if (!def) throw new FlagError(`unknown shorthand flag: '${c}' in -${body}`);
      const label = flagLabel(def);
      const rest = body.slice(k + 1);
      if (rest.startsWith('=')) {
        assign(def, rest.slice(1), label);
        break;
      }
      if (def.type === 'bool') {
        assign(def, 'true', label);
        continue;
      }
      if (def.noOptDefault !== undefined) {
        if (rest) assign(def, rest, label);
        else assign(def, def.noOptDefault, label);
        break;
      }
      if (rest) assign(def, rest, label);
      else if (i + 1 < argv.length) assign(def, argv[++i], label);
      else throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
      break;
    }
  }
  return { flags, args, argsAfterDash, argsLenAtDash };
}

function flagLabel(def: FlagDef): string {
  return def.shorthand ? `-${def.shorthand}, --${def.name}` : `--${def.name}`;
}

/** Go's strconv.ParseBool. */
export function parseBool(s: string): boolean | undefined {
  switch (s) {
    case '1': case 't': case 'T': case 'TRUE': case 'true': case 'True': return true;
    case '0': case 'f': case 'F': case 'FALSE': case 'false': case 'False': return false;
  }
  return undefined;
}

/** strconv.ParseInt(s, 0, 64): decimal, 0x hex, 0o/0 octal, 0b binary, optional sign and underscores. */
export function parseGoInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (!m) return undefined;
  let body = m[2].replace(/_/g, '');
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body[0] === '0') n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  if (!Number.isFinite(n)) return undefined;
  body = '';
  return m[1] === '-' ? -n : n;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * --request-timeout as the REST config's Timeout, which becomes the HTTP
 * client's: whole seconds or a Go duration; zero or less means none.
 */
export function requestTimeoutMs(v: string): number {
  const ms = /^\+?\d+$/.test(v) ? Number(v) * 1000 : parseGoDuration(v) ?? 0;
  return ms > 0 ? ms : 0;
}

/** time.ParseDuration, in milliseconds: "30s", "1m30s", "1.5h", "0". */
export function parseGoDuration(s: string): number | undefined {
  if (s === '0' || s === '+0' || s === '-0') return 0;
  const m = /^([+-]?)((?:[0-9]*\.?[0-9]+(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(s);
  if (!m) return undefined;
  let total = 0;
  for (const part of m[2].matchAll(/([0-9]*\.?[0-9]+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * DURATION_UNITS[part[2]];
  return m[1] === '-' ? -total : total;
}

/** Formats milliseconds as Go's Duration.String(): "5s", "1m30s", "0s". */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? '-' : ''}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  let out = '';
  if (h) out += `${h}h`;
  if (h || m) out += `${m}m`;
  out += `${s}s`;
  return (neg ? '-' : '') + out;
}

/** pflag's stringSlice reads its value as one CSV record. */
function splitCSV(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

/** How --help renders a flag's default (`=false`, `=''`, `=[]`, `=500`, `=0s`). */
export function renderDefault(def: FlagDef): string {
  if (def.defaultText !== undefined) return def.defaultText;
  const v = defaultOf(def);
  switch (def.type) {
    case 'bool': return String(v);
    case 'int': return String(v);
    case 'duration': return formatGoDuration(v as number);
    case 'stringArray':
    case 'stringSlice': return `[${(v as string[]).join(',')}]`;
    default: return `'${v as string}'`;
  }
}
