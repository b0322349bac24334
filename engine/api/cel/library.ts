/**
 * The functions Kubernetes adds to CEL (k8s.io/apiserver/pkg/cel/library, release-1.35) that learners use, over what
 * the evaluator already has (size, has, all/exists/exists_one/map/filter, startsWith, endsWith, contains, matches,
 * lowerAscii, upperAscii, trim, split, join, indexOf, lastIndexOf, substring, int/uint/double/string conversions,
 * duration, timestamp): lists.go (isSorted, sum, min, max, indexOf, lastIndexOf), regex.go (find, findAll),
 * cel-go's strings extension (charAt, replace), urls.go (url, isURL and the URL getters), quantity.go (quantity,
 * isQuantity, the comparisons, add/sub, asInteger, asApproximateFloat, sign, isInteger).
 * library-ext.ts has the rest of the environment (cel-go's lists, sets and strings extensions, ip.go, cidr.go,
 * format.go, semverlib.go). Left out: authz.go (the `authorizer` variable's checks), jsonpatch.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { EXTENSION_FUNCTION_NAMES, registerExtensions } from './library-ext.js';
import { compareQuantity, parseQuantityExact, formatQuantity, type ParsedQuantity } from '../validation/quantity.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every function an expression may name (the evaluator's and these): any other name is an undeclared reference. */
export const FUNCTION_NAMES = new Set([
  'size', 'has', 'all', 'exists', 'exists_one', 'map', 'filter', 'int', 'uint', 'double', 'string', 'bool', 'bytes', 'dyn',
  'type', 'duration', 'timestamp', 'startsWith', 'endsWith', 'contains', 'matches', 'lowerAscii', 'upperAscii', 'trim',
  'split', 'join', 'indexOf', 'lastIndexOf', 'substring', 'optional', 'orValue', 'hasValue', 'value', 'or',
  'isSorted', 'sum', 'min', 'max', 'find', 'findAll', 'charAt', 'replace', 'url', 'isURL', 'getScheme', 'getHost',
  'getHostname', 'getPort', 'getEscapedPath', 'getQuery', 'quantity', 'isQuantity', 'isInteger', 'asInteger',
  'asApproximateFloat', 'sign', 'add', 'sub', 'compareTo', 'isLessThan', 'isGreaterThan', ...EXTENSION_FUNCTION_NAMES,
]);

const cmp = (a: Any, b: Any): number => (a < b ? -1 : a > b ? 1 : 0);
const fail = (message: string): never => { throw new Error(message); };

/** kubernetes' URL type: url.Parse of an absolute URI or an absolute path. */
export class KubeURL {
  constructor(readonly url: URL, readonly raw: string) {}
}

/** A resource.Quantity. */
export class KubeQuantity {
  constructor(readonly q: ParsedQuantity) {}
}

function parseURL(s: string): KubeURL | undefined {
  try {
    if (s.startsWith('/')) return new KubeURL(new URL(s, 'http://x'), s);
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s)) return undefined;
    return new KubeURL(new URL(s), s);
  } catch {
    return undefined;
  }
}

function quantityOf(s: string): KubeQuantity {
  const q = parseQuantityExact(s);
  if (!q) fail('quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
  return new KubeQuantity(q!);
}

const asNumber = (q: KubeQuantity): number => Number(q.q.milli) / 1000;

export function registerKubernetesLibrary(env: Environment): void {
  const fn = (sig: string, handler: (...args: Any[]) => unknown) => env.registerFunction(sig, handler as Any);
  // lists.go
  fn('list.isSorted(): bool', (l: Any[]) => l.every((x, i) => i === 0 || cmp(l[i - 1], x) <= 0));
  fn('list.sum(): dyn', (l: Any[]) => (l.length === 0 ? 0n : l.reduce((a, b) => a + b)));
  fn('list.min(): dyn', (l: Any[]) => (l.length === 0 ? fail('min called on empty list') : l.reduce((a, b) => (cmp(b, a) < 0 ? b : a))));
  fn('list.max(): dyn', (l: Any[]) => (l.length === 0 ? fail('max called on empty list') : l.reduce((a, b) => (cmp(b, a) > 0 ? b : a))));
  fn('list.indexOf(dyn): int', (l: Any[], x: Any) => BigInt(l.findIndex((y) => y === x)));
  fn('list.lastIndexOf(dyn): int', (l: Any[], x: Any) => {
    for (let i = l.length - 1; i >= 0; i--) if (l[i] === x) return BigInt(i);
    return -1n;
  });
  // regex.go
  fn('string.find(string): string', (s: string, re: string) => new RegExp(re).exec(s)?.[0] ?? '');
  fn('string.findAll(string): list<string>', (s: string, re: string) => [...s.matchAll(new RegExp(re, 'g'))].map((m) => m[0]));
  fn('string.findAll(string, int): list<string>', (s: string, re: string, n: bigint) => {
    const all = [...s.matchAll(new RegExp(re, 'g'))].map((m) => m[0]);
    return n < 0n ? all : all.slice(0, Number(n));
  });
  // cel-go's strings extension
  fn('string.charAt(int): string', (s: string, i: bigint) => (Number(i) > s.length || i < 0n ? fail(`index out of range: ${i}`) : s.charAt(Number(i))));
  fn('string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b));
  fn('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
    if (n < 0n) return s.split(a).join(b);
    let out = s;
    let from = 0;
    for (let k = 0n; k < n; k++) {
      const at = out.indexOf(a, from);
      if (at < 0) break;
      out = out.slice(0, at) + b + out.slice(at + a.length);
      from = at + b.length;
    }
    return out;
  });
  // urls.go
  env.registerType('URL', KubeURL as Any);
  fn('url(string): URL', (s: string) => parseURL(s) ?? fail(`URL parse error during conversion from string: parse "${s}": invalid URI for request`));
  fn('isURL(string): bool', (s: string) => parseURL(s) !== undefined);
  fn('URL.getScheme(): string', (u: KubeURL) => (u.raw.startsWith('/') ? '' : u.url.protocol.replace(/:$/, '')));
  fn('URL.getHost(): string', (u: KubeURL) => (u.raw.startsWith('/') ? '' : u.url.host));
  fn('URL.getHostname(): string', (u: KubeURL) => (u.raw.startsWith('/') ? '' : u.url.hostname.replace(/^\[|\]$/g, '')));
  fn('URL.getPort(): string', (u: KubeURL) => (u.raw.startsWith('/') ? '' : u.url.port));
  fn('URL.getEscapedPath(): string', (u: KubeURL) => u.url.pathname);
  fn('URL.getQuery(): map<string, list<string>>', (u: KubeURL) => {
    const out: Record<string, string[]> = {};
    for (const [k, v] of u.url.searchParams) (out[k] ??= []).push(v);
    return out;
  });
  // quantity.go
  env.registerType('Quantity', KubeQuantity as Any);
  fn('quantity(string): Quantity', quantityOf);
  fn('isQuantity(string): bool', (s: string) => parseQuantityExact(s) !== undefined);
  fn('Quantity.isInteger(): bool', (q: KubeQuantity) => Number.isInteger(asNumber(q)));
  fn('Quantity.asInteger(): int', (q: KubeQuantity) => (Number.isInteger(asNumber(q)) ? BigInt(asNumber(q)) : fail('cannot convert value to integer')));
  fn('Quantity.asApproximateFloat(): double', (q: KubeQuantity) => asNumber(q));
  fn('Quantity.sign(): int', (q: KubeQuantity) => BigInt(Math.sign(asNumber(q))));
  fn('Quantity.compareTo(Quantity): int', (a: KubeQuantity, b: KubeQuantity) => BigInt(compareQuantity(a.q, b.q)));
  fn('Quantity.isLessThan(Quantity): bool', (a: KubeQuantity, b: KubeQuantity) => compareQuantity(a.q, b.q) < 0);
  fn('Quantity.isGreaterThan(Quantity): bool', (a: KubeQuantity, b: KubeQuantity) => compareQuantity(a.q, b.q) > 0);
  fn('Quantity.add(Quantity): Quantity', (a: KubeQuantity, b: KubeQuantity) => quantityOf(String(asNumber(a) + asNumber(b))));
  fn('Quantity.add(int): Quantity', (a: KubeQuantity, b: bigint) => quantityOf(String(asNumber(a) + Number(b))));
  fn('Quantity.sub(Quantity): Quantity', (a: KubeQuantity, b: KubeQuantity) => quantityOf(String(asNumber(a) - asNumber(b))));
  fn('Quantity.sub(int): Quantity', (a: KubeQuantity, b: bigint) => quantityOf(String(asNumber(a) - Number(b))));
  fn('string(Quantity): string', (q: KubeQuantity) => formatQuantity(q.q));
  registerExtensions(env);
}
