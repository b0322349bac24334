/**
 * The rest of Kubernetes v1.35's CEL environment (k8s.io/apiserver pkg/cel/environment/base.go at the default
 * compatibility version, 1.34): cel-go's lists extension v3 (slice, flatten, distinct, reverse, sort, lists.range,
 * first, last), sets extension (sets.contains, sets.equivalent, sets.intersects), strings extension v2's quote and
 * format, and Kubernetes' ip.go and cidr.go, format.go (format.named and the named formats' validate) and
 * semverlib.go (semver v1, with normalization). Their error texts are the libraries' own.
 * Not here: sortBy and the two-variable comprehensions (macros the evaluator cannot take), strings' reverse (v3).
 */
import { Optional, type Environment } from '@marcbachmann/cel-js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isLabelValue, isQualifiedName } from '../validation/names.js';
import { formatIPv6 } from '../../util/ipv6.js';
import { parseAddr as netipParseAddr } from '../../util/ip-parse.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const fail = (message: string): never => { throw new Error(message); };

/** Equality of two CEL values as cel-go compares them (objects by their fields, lists in order, maps by key). */
export function celEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => celEqual(x, b[i]));
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && celEqual(v, b.get(k)));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length === 0 && kb.length === 0) return String(a) === String(b);
  return ka.length === kb.length && ka.every((k) => k in b && celEqual((a as Any)[k], (b as Any)[k]));
}

const contains = (l: unknown[], x: unknown) => l.some((y) => celEqual(x, y));

function kindOf(v: unknown): string {
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof Date) return 'timestamp';
  return (v as Any)?.constructor?.name ?? typeof v;
}

function compare(a: Any, b: Any): number {
  if (a instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'object' && a !== null && typeof a.valueOf === 'function') return compare(a.valueOf(), b.valueOf());
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------- ip.go, cidr.go ----------

/** A netip.Addr: 4 or 16 bytes. */
export class KubeIP {
  constructor(readonly bytes: number[]) {}
  get family(): number { return this.bytes.length === 4 ? 4 : 6; }
  toString(): string { return formatIP(this.bytes); }
}

/** A netip.Prefix: an address and a prefix length. */
export class KubeCIDR {
  constructor(readonly ip: KubeIP, readonly bits: number) {}
  toString(): string { return `${this.ip}/${this.bits}`; }
}

/** netip.ParseAddr: the address ('zone' for one with a zone, which Kubernetes' CEL refuses), or Go's error text. */
function parseAddr(s: string): KubeIP | string {
  const r = netipParseAddr(s);
  if (typeof r === 'string') return r;
  return r.zone ? 'zone' : new KubeIP(r.bytes);
}

function formatIP(b: number[]): string {
  if (b.length === 4) return b.join('.');
  return formatIPv6(Array.from({ length: 8 }, (_, i) => (b[2 * i] << 8) | b[2 * i + 1]));
}

const isIPv4Mapped = (ip: KubeIP) => ip.bytes.length === 16 && ip.bytes.slice(0, 10).every((x) => x === 0) && ip.bytes[10] === 0xff && ip.bytes[11] === 0xff;

function ipOf(s: string): KubeIP | string {
  const r = parseAddr(s);
  if (r === 'zone') return `IP address ${JSON.stringify(s)} with zone value is not allowed`;
  if (typeof r === 'string') return `IP Address ${JSON.stringify(s)} parse error during conversion from string: ${r}`;
  if (isIPv4Mapped(r)) return `IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`;
  return r;
}

function cidrOf(s: string): KubeCIDR | string {
  const slash = s.lastIndexOf('/');
  const prefix = (why: string) => `network address parse error during conversion from string: netip.ParsePrefix(${JSON.stringify(s)}): ${why}`;
  if (slash < 0) return prefix("no '/'");
  const addr = parseAddr(s.slice(0, slash));
  if (addr === 'zone') return prefix('IPv6 zones cannot be present in a prefix');
  if (typeof addr === 'string') return prefix(addr);
  const bitsText = s.slice(slash + 1);
  const max = addr.bytes.length * 8;
  if (!/^\d+$/.test(bitsText) || (bitsText.length > 1 && bitsText[0] === '0') || Number(bitsText) > max) return prefix(`bad bits after slash: ${JSON.stringify(bitsText)}`);
  if (isIPv4Mapped(addr)) return `IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`;
  return new KubeCIDR(addr, Number(bitsText));
}

function masked(ip: KubeIP, bits: number): KubeIP {
  return new KubeIP(ip.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, bits - 8 * i));
    return b & ((0xff << (8 - keep)) & 0xff);
  }));
}

const inPrefix = (ip: KubeIP, base: number[], bits: number) => ip.bytes.length === base.length && celEqual(masked(ip, bits).bytes, masked(new KubeIP(base), bits).bytes);
const containsIP = (c: KubeCIDR, ip: KubeIP) => inPrefix(ip, c.ip.bytes, c.bits);

const V6 = (...words: number[]) => words.flatMap((w) => [w >> 8, w & 0xff]).concat(new Array(16 - words.length * 2).fill(0));

// ---------- format.go ----------

/** apiservercel.Format: a named format's validation. */
export class KubeFormat {
  constructor(readonly name: string, readonly validate: (s: string) => string[]) {}
}

const maskTrailingDash = (s: string) => (s.length > 1 && s.endsWith('-') ? `${s.slice(0, -1)}a` : s);

const FORMATS: Record<string, (s: string) => string[]> = {
  dns1123Label: (s) => isDNS1123Label(s),
  dns1123Subdomain: (s) => isDNS1123Subdomain(s),
  dns1035Label: (s) => isDNS1035Label(s),
  qualifiedName: (s) => isQualifiedName(s),
  dns1123LabelPrefix: (s) => isDNS1123Label(maskTrailingDash(s)),
  dns1123SubdomainPrefix: (s) => isDNS1123Subdomain(maskTrailingDash(s)),
  dns1035LabelPrefix: (s) => isDNS1035Label(maskTrailingDash(s)),
  labelValue: (s) => isLabelValue(s),
  uri: (s) => (/^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$|^\/\S*$/.test(s) ? [] : [`parse ${JSON.stringify(s)}: invalid URI for request`]),
  uuid: (s) => (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s) ? [] : ['does not match the UUID format']),
  byte: (s) => (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s) ? [] : ['invalid base64']),
  date: (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ? [] : ['invalid date']),
  datetime: (s) => (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)) ? [] : ['invalid datetime']),
};

// ---------- semverlib.go ----------

/** A blang/semver Version. */
export class KubeSemver {
  constructor(readonly major: bigint, readonly minor: bigint, readonly patch: bigint, readonly pre: string[], readonly text: string) {}
  toString(): string { return this.text; }
}

/** blang/semver Parse (strict: MAJOR.MINOR.PATCH, no leading zeros), with its error texts. */
function parseSemver(s: string): KubeSemver | string {
  if (s.length === 0) return 'Version string empty';
  const parts = s.split('.');
  if (parts.length < 3) return 'No Major.Minor.Patch elements found';
  const [major, minor] = parts;
  let rest = parts.slice(2).join('.');
  let build = '';
  const plus = rest.indexOf('+');
  if (plus >= 0) { build = rest.slice(plus + 1); rest = rest.slice(0, plus); }
  let pre: string[] = [];
  const dash = rest.indexOf('-');
  let patch = rest;
  if (dash >= 0) { patch = rest.slice(0, dash); pre = rest.slice(dash + 1).split('.'); }
  const num = (x: string, what: string): bigint | string => {
    if (!/^\d+$/.test(x)) return `Invalid character(s) found in ${what} number ${JSON.stringify(x)}`;
    if (x.length > 1 && x[0] === '0') return `${what[0].toUpperCase()}${what.slice(1)} number must not contain leading zeroes ${JSON.stringify(x)}`;
    return BigInt(x);
  };
  const ma = num(major, 'major');
  if (typeof ma === 'string') return ma;
  const mi = num(minor, 'minor');
  if (typeof mi === 'string') return mi;
  const pa = num(patch, 'patch');
  if (typeof pa === 'string') return pa;
  for (const p of pre) {
    if (!p) return 'Prerelease is empty';
    if (!/^[0-9A-Za-z-]+$/.test(p)) return `Invalid character(s) found in prerelease ${JSON.stringify(p)}`;
    if (/^\d+$/.test(p) && p.length > 1 && p[0] === '0') return `Numeric PreRelease version must not contain leading zeroes ${JSON.stringify(p)}`;
  }
  if (build && !build.split('.').every((b) => /^[0-9A-Za-z-]+$/.test(b))) return `Invalid character(s) found in build meta ${JSON.stringify(build)}`;
  return new KubeSemver(ma, mi, pa, pre, s);
}

/** normalizeAndParse: a leading v dropped, missing minor and patch added, leading zeroes removed. */
function parseSemverNormalized(s: string): KubeSemver | string {
  const parts = s.replace(/^v/, '').split('.');
  const head = parts.slice(0, 2);
  const tail = parts.slice(2).join('.');
  const fixed = (tail ? [...head, tail] : head).map((p) => {
    if (p.length <= 1) return p;
    const t = p.replace(/^0+/, '');
    return !t || !/^\d/.test(t) ? `0${t}` : t;
  });
  if (fixed.length < 3) {
    if (/[+-]/.test(fixed[fixed.length - 1])) return 'short version cannot contain PreRelease/Build meta data';
    while (fixed.length < 3) fixed.push('0');
  }
  return parseSemver(fixed.join('.'));
}

function compareSemver(a: KubeSemver, b: KubeSemver): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  if (!a.pre.length || !b.pre.length) return a.pre.length === b.pre.length ? 0 : a.pre.length ? -1 : 1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length === b.pre.length ? 0 : a.pre.length < b.pre.length ? -1 : 1;
}

// ---------- strings: quote, format ----------

function quote(s: string): string {
  const esc: Record<string, string> = { '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };
  return `"${[...s].map((c) => esc[c] ?? c).join('')}"`;
}

function formatValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'string' ? quote(x) : formatValue(x))).join(', ')}]`;
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return `{${Object.keys(v).sort().map((k) => `${quote(k)}: ${formatValue((v as Any)[k])}`).join(', ')}}`;
  }
  return String(v);
}

/** The strings extension's format: %s %d %f %e %b %o %x %X and %%, with an optional precision. */
function formatString(fmt: string, args: unknown[]): string {
  let i = 0;
  return fmt.replace(/%(?:\.(\d+))?([sdfebxXo%])/g, (_m, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) fail(`index ${i} out of range`);
    const a = args[i++];
    const p = prec === undefined ? undefined : Number(prec);
    switch (verb) {
      case 's': return formatValue(a);
      case 'd':
        if (typeof a !== 'bigint' && !(typeof a === 'number' && Number.isInteger(a))) fail(`error during formatting: decimal clause can only be used on integers, was given ${kindOf(a)}`);
        return String(a);
      case 'f': return Number(a).toFixed(p ?? 6);
      case 'e': return Number(a).toExponential(p ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      case 'b': return (typeof a === 'boolean' ? (a ? 1n : 0n) : BigInt(a as Any)).toString(2);
      case 'o': return BigInt(a as Any).toString(8);
      case 'x': return typeof a === 'string' ? [...new TextEncoder().encode(a)].map((b) => b.toString(16).padStart(2, '0')).join('') : BigInt(Math.trunc(Number(a))).toString(16);
      default: return typeof a === 'string' ? [...new TextEncoder().encode(a)].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase() : BigInt(Math.trunc(Number(a))).toString(16).toUpperCase();
    }
  });
}

// ---------- registration ----------

/** A namespace such as `sets` or `lists`: a constant whose type's receiver functions are the namespace's functions. */
function namespace(env: Environment, name: string): string {
  const type = `kubernetes.${name}`;
  const ctor = { [name]: class {} }[name];
  env.registerType(type, ctor as Any);
  env.registerConstant(name, type, new ctor());
  return type;
}

export function registerExtensions(env: Environment): void {
  const fn = (sig: string, handler: (...args: Any[]) => unknown) => env.registerFunction(sig, handler as Any);

  // cel-go ext.Lists v3
  fn('list.slice(int, int): list', (l: unknown[], s: bigint, e: bigint) => {
    if (s < 0n || e < 0n) fail(`cannot slice(${s}, ${e}), negative indexes not supported`);
    if (s > e) fail(`cannot slice(${s}, ${e}), start index must be less than or equal to end index`);
    if (BigInt(l.length) < e) fail(`cannot slice(${s}, ${e}), list is length ${l.length}`);
    return l.slice(Number(s), Number(e));
  });
  const flatten = (l: unknown[], depth: number): unknown[] => l.flatMap((x) => (Array.isArray(x) && depth > 0 ? flatten(x, depth - 1) : [x]));
  fn('list.flatten(): list', (l: unknown[]) => flatten(l, 1));
  fn('list.flatten(int): list', (l: unknown[], d: bigint) => (d < 0n ? fail('level must be non-negative') : flatten(l, Number(d))));
  fn('list.distinct(): list', (l: unknown[]) => l.filter((x, i) => !contains(l.slice(0, i), x)));
  fn('list.reverse(): list', (l: unknown[]) => [...l].reverse());
  fn('list.sort(): list', (l: unknown[]) => {
    if (l.length && !l.every((x) => kindOf(x) === kindOf(l[0]))) fail('list elements must have the same type');
    if (l.some((x) => !['int', 'double', 'string', 'bool', 'timestamp', 'uint'].includes(kindOf(x)) && !(x && typeof (x as Any).valueOf === 'function' && typeof (x as Any).valueOf() === 'bigint'))) fail('list elements must be comparable');
    return [...l].sort(compare);
  });
  fn('list.first(): optional<dyn>', (l: unknown[]) => (l.length ? Optional.of(l[0]) : Optional.none()));
  fn('list.last(): optional<dyn>', (l: unknown[]) => (l.length ? Optional.of(l[l.length - 1]) : Optional.none()));
  const lists = namespace(env, 'lists');
  fn(`${lists}.range(int): list<int>`, (_ns: unknown, n: bigint) => Array.from({ length: Math.max(0, Number(n)) }, (_, i) => BigInt(i)));

  // cel-go ext.Sets
  const sets = namespace(env, 'sets');
  fn(`${sets}.contains(list, list): bool`, (_ns: unknown, a: unknown[], b: unknown[]) => b.every((x) => contains(a, x)));
  fn(`${sets}.equivalent(list, list): bool`, (_ns: unknown, a: unknown[], b: unknown[]) => b.every((x) => contains(a, x)) && a.every((x) => contains(b, x)));
  fn(`${sets}.intersects(list, list): bool`, (_ns: unknown, a: unknown[], b: unknown[]) => b.some((x) => contains(a, x)));

  // cel-go ext.Strings v2: quote and format
  const strings = namespace(env, 'strings');
  fn(`${strings}.quote(string): string`, (_ns: unknown, s: string) => quote(s));
  fn('string.format(list): string', (s: string, args: unknown[]) => formatString(s, args));

  // ip.go
  env.registerType('net.IP', KubeIP as Any);
  env.registerOperator('net.IP == net.IP', (a: KubeIP, b: KubeIP) => celEqual(a.bytes, b.bytes));
  fn('ip(string): net.IP', (s: string) => { const r = ipOf(s); return typeof r === 'string' ? fail(r) : r; });
  fn('isIP(string): bool', (s: string) => typeof ipOf(s) !== 'string');
  const ipNS = namespace(env, 'ip');
  fn(`${ipNS}.isCanonical(string): bool`, (_ns: unknown, s: string) => { const r = ipOf(s); return typeof r === 'string' ? fail(r) : String(r) === s; });
  fn('net.IP.family(): int', (ip: KubeIP) => BigInt(ip.family));
  fn('net.IP.isUnspecified(): bool', (ip: KubeIP) => ip.bytes.every((b) => b === 0));
  fn('net.IP.isLoopback(): bool', (ip: KubeIP) => (ip.family === 4 ? ip.bytes[0] === 127 : celEqual(ip.bytes, V6(0, 0, 0, 0, 0, 0, 0, 1))));
  fn('net.IP.isLinkLocalMulticast(): bool', (ip: KubeIP) => (ip.family === 4 ? inPrefix(ip, [224, 0, 0, 0], 24) : inPrefix(ip, V6(0xff02), 16)));
  fn('net.IP.isLinkLocalUnicast(): bool', (ip: KubeIP) => (ip.family === 4 ? inPrefix(ip, [169, 254, 0, 0], 16) : inPrefix(ip, V6(0xfe80), 10)));
  fn('net.IP.isGlobalUnicast(): bool', (ip: KubeIP) => {
    const v4 = ip.family === 4;
    if (ip.bytes.every((b) => b === 0)) return false;
    if (v4 ? ip.bytes[0] === 127 || inPrefix(ip, [169, 254, 0, 0], 16) || inPrefix(ip, [224, 0, 0, 0], 4) || ip.bytes.every((b) => b === 255)
      : celEqual(ip.bytes, V6(0, 0, 0, 0, 0, 0, 0, 1)) || inPrefix(ip, V6(0xfe80), 10) || inPrefix(ip, V6(0xff00), 8)) return false;
    return true;
  });
  fn('string(net.IP): string', (ip: KubeIP) => String(ip));

  // cidr.go
  env.registerType('net.CIDR', KubeCIDR as Any);
  env.registerOperator('net.CIDR == net.CIDR', (a: KubeCIDR, b: KubeCIDR) => a.bits === b.bits && celEqual(a.ip.bytes, b.ip.bytes));
  const cidr = (s: string) => { const r = cidrOf(s); return typeof r === 'string' ? fail(r) : r; };
  fn('cidr(string): net.CIDR', cidr);
  fn('isCIDR(string): bool', (s: string) => typeof cidrOf(s) !== 'string');
  fn('net.CIDR.containsIP(net.IP): bool', (c: KubeCIDR, ip: KubeIP) => containsIP(c, ip));
  fn('net.CIDR.containsIP(string): bool', (c: KubeCIDR, s: string) => { const r = ipOf(s); return typeof r === 'string' ? fail(r) : containsIP(c, r); });
  fn('net.CIDR.containsCIDR(net.CIDR): bool', (c: KubeCIDR, o: KubeCIDR) => o.bits >= c.bits && containsIP(c, o.ip));
  fn('net.CIDR.containsCIDR(string): bool', (c: KubeCIDR, s: string) => { const o = cidr(s); return o.bits >= c.bits && containsIP(c, o.ip); });
  fn('net.CIDR.ip(): net.IP', (c: KubeCIDR) => c.ip);
  fn('net.CIDR.masked(): net.CIDR', (c: KubeCIDR) => new KubeCIDR(masked(c.ip, c.bits), c.bits));
  fn('net.CIDR.prefixLength(): int', (c: KubeCIDR) => BigInt(c.bits));
  fn('string(net.CIDR): string', (c: KubeCIDR) => String(c));

  // format.go
  env.registerType('kubernetes.NamedFormat', KubeFormat as Any);
  const formatNS = namespace(env, 'format');
  fn(`${formatNS}.named(string): optional<kubernetes.NamedFormat>`, (_ns: unknown, name: string) => (Object.prototype.hasOwnProperty.call(FORMATS, name) ? Optional.of(new KubeFormat(name, FORMATS[name])) : Optional.none()));
  for (const name of Object.keys(FORMATS)) fn(`${formatNS}.${name}(): kubernetes.NamedFormat`, () => new KubeFormat(name, FORMATS[name]));
  fn('kubernetes.NamedFormat.validate(string): optional<list<string>>', (f: KubeFormat, s: string) => {
    const errs = f.validate(s);
    return errs.length ? Optional.of(errs) : Optional.none();
  });

  // semverlib.go (v1: normalization)
  env.registerType('kubernetes.Semver', KubeSemver as Any);
  env.registerOperator('kubernetes.Semver == kubernetes.Semver', (a: KubeSemver, b: KubeSemver) => compareSemver(a, b) === 0);
  const semver = (s: string, normalize: boolean) => { const r = normalize ? parseSemverNormalized(s) : parseSemver(s); return typeof r === 'string' ? fail(r) : r; };
  fn('semver(string): kubernetes.Semver', (s: string) => semver(s, false));
  fn('semver(string, bool): kubernetes.Semver', (s: string, n: boolean) => semver(s, n));
  fn('isSemver(string): bool', (s: string) => typeof parseSemver(s) !== 'string');
  fn('isSemver(string, bool): bool', (s: string, n: boolean) => typeof (n ? parseSemverNormalized(s) : parseSemver(s)) !== 'string');
  fn('kubernetes.Semver.major(): int', (v: KubeSemver) => v.major);
  fn('kubernetes.Semver.minor(): int', (v: KubeSemver) => v.minor);
  fn('kubernetes.Semver.patch(): int', (v: KubeSemver) => v.patch);
  fn('kubernetes.Semver.isGreaterThan(kubernetes.Semver): bool', (a: KubeSemver, b: KubeSemver) => compareSemver(a, b) === 1);
  fn('kubernetes.Semver.isLessThan(kubernetes.Semver): bool', (a: KubeSemver, b: KubeSemver) => compareSemver(a, b) === -1);
  fn('kubernetes.Semver.compareTo(kubernetes.Semver): int', (a: KubeSemver, b: KubeSemver) => BigInt(compareSemver(a, b)));
}

/** The names these add (an expression naming anything else is an undeclared reference). */
export const EXTENSION_FUNCTION_NAMES = ['slice', 'flatten', 'distinct', 'reverse', 'sort', 'first', 'last', 'range', 'contains', 'equivalent',
  'intersects', 'quote', 'format', 'ip', 'isIP', 'isCanonical', 'family', 'isUnspecified', 'isLoopback', 'isLinkLocalMulticast',
  'isLinkLocalUnicast', 'isGlobalUnicast', 'cidr', 'isCIDR', 'containsIP', 'containsCIDR', 'masked', 'prefixLength', 'named',
  'validate', ...Object.keys(FORMATS), 'semver', 'isSemver', 'major', 'minor', 'patch', 'isGreaterThan', 'isLessThan', 'compareTo'];
