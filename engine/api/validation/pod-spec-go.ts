/**
 * A pod spec as kube-apiserver's validation holds it: the internal
 * core.PodSpec (k8s.io/kubernetes pkg/apis/core, release-1.35), converted from
 * the v1 object (pkg/apis/core/v1 conversion), for the go-cmp report under
 * ValidatePodUpdate's refusal (`cmp.Diff(oldPod.Spec, mungedPodSpec)`).
 * Loaded on first use with the pod's other update rules (pod.ts).
 *
 * The field lists are pod-spec-types.json (scripts/go-types/internal-pod-spec.ts).
 * resource.Quantity prints as its unexported fields: `i` (int64Amount) or `d`
 * (an inf.Dec for what does not fit), `s` (the text it was parsed from, kept
 * only when ParseQuantity found it canonical and defaulting did not round it)
 * and Format; it compares by value (its Equal method).
 */
import TABLE from './pod-spec-types.json';
import { cmpDiff, GoMap, type GoType, type GoValue, isZero } from './go-cmp.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;
type Field = [string, string, string?];

// ---- resource.Quantity ----

interface Amount { unscaled: bigint; scale: number; format: string; s: string; dec: boolean }

const SI: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const MAX_INT64 = (1n << 63n) - 1n;
const pow10 = (n: number) => 10n ** BigInt(n);
const ceilDiv = (a: bigint, b: bigint) => (a >= 0n ? (a + b - 1n) / b : a / b);

/** ParseQuantity, then SetDefaults_ResourceList's RoundUp(-3); undefined for what does not parse (validation refused it earlier). */
function parseAmount(text: string): Amount | undefined {
  if (text === '0') return { unscaled: 0n, scale: 0, format: 'DecimalSI', s: '0', dec: false };
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(text);
  if (!m || (!m[2] && !m[3])) return undefined;
  const [, sign, num0, denom = '', suffix] = m;
  const num = num0.replace(/^0+(?=\d)/, '');
  let base: 2 | 10, exponent: number, format: string;
  if (suffix in SI) { base = 10; exponent = SI[suffix]; format = 'DecimalSI'; } else if (suffix in BIN) { base = 2; exponent = BIN[suffix]; format = 'BinarySI'; } else if (/^[eE][-+]?\d+$/.test(suffix)) { base = 10; exponent = Number(suffix.slice(1)); format = 'DecimalExponent'; } else return undefined;
  const negative = sign === '-';
  let amount: Amount | undefined;
  let precision = -1, scale = 0, mantissa = 1n;
  if (base === 10) { scale = exponent; precision = 18 - (num.length + denom.length); } else if (denom.length === 0) { mantissa = 1n << BigInt(exponent); precision = 15 - num.length - Math.trunc(Math.fround(exponent) * 3 / 10) - 1; }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const value = BigInt(shifted || '0');
      const result = value * mantissa;
      if (result <= MAX_INT64) {
        const canonical = format === 'BinarySI' ? exponent % 10 === 0 && (value & 7n) !== 0n : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        amount = { unscaled: negative ? -result : result, scale, format, s: canonical ? text : '', dec: false };
      }
    }
  }
  if (!amount) {
    // An inf.Dec (its scale counts the digits after the point): exact, then a value that is not zero is
    // rounded up to nano, which sets its scale to 9.
    let unscaled = BigInt((num + denom) || '0');
    let sc = denom.length;
    if (base === 10) sc -= exponent; else unscaled *= 1n << BigInt(exponent);
    const atScale = (u: bigint, from: number, to: number) => (from > to ? ceilDiv(u, pow10(from - to)) : u * pow10(to - from));
    if (unscaled !== 0n) { unscaled = atScale(unscaled, sc, 9); sc = 9; }
    if (format === 'BinarySI' && unscaled > 0n && unscaled < pow10(Math.max(sc, 0))) format = 'DecimalSI';
    // RoundUp(-3) on an inf.Dec always rounds, to three digits after the point, and drops the text.
    amount = { unscaled: (negative ? -1n : 1n) * atScale(unscaled, sc, 3), scale: -3, format, s: '', dec: true };
  } else if (amount.scale < -3) {
    // RoundUp(-3): an int64 amount finer than milli is rounded up and loses its text.
    amount.unscaled = ceilDiv(amount.unscaled, pow10(-3 - amount.scale));
    amount.scale = -3;
    amount.s = '';
  }
  return amount;
}

/** inf.Dec's String: the unscaled digits with the point its scale puts. */
function decString(a: Amount): string {
  if (a.scale >= 0) return (a.unscaled * pow10(a.scale)).toString();
  const neg = a.unscaled < 0n;
  const digits = (neg ? -a.unscaled : a.unscaled).toString().padStart(-a.scale + 1, '0');
  return (neg ? '-' : '') + digits.slice(0, a.scale) + '.' + digits.slice(a.scale);
}

const atNano = (a: Amount) => a.unscaled * pow10(a.scale + 9);

function canonicalString(a: Amount): string {
  // Quantity.String() (CanonicalizeBytes) for what a pod spec holds; `s` when it was kept.
  if (a.s) return a.s;
  const nano = atNano(a);
  if (a.format === 'BinarySI' && nano % pow10(9) === 0n) {
    let v = nano / pow10(9);
    let i = 0;
    const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    while (v !== 0n && v % 1024n === 0n && i < 6) { v /= 1024n; i++; }
    if (v >= -1024n || i > 0) return v.toString() + units[i];
  }
  let v = nano, e = -9;
  while (v !== 0n && v % 10n === 0n && e < 18) { v /= 10n; e++; }
  const r = ((e % 3) + 3) % 3;
  if (r) { v *= pow10(r); e -= r; }
  if (v === 0n) return '0';
  if (a.format === 'DecimalExponent') return e === 0 ? v.toString() : `${v}e${e}`;
  const suffix = Object.keys(SI).find((k) => SI[k] === e) ?? '';
  return v.toString() + suffix;
}

const amountOf = (v: GoValue): Amount => (v as Any).__amount;

const FORMAT: GoType = { k: 'string', name: 'resource.Format' };
const INF_DEC: GoType = { k: 'struct', name: 'inf.Dec', fields: [], ptrStringer: (v) => (v as Any).text };
const QUANTITY: GoType = {
  k: 'struct', name: 'resource.Quantity',
  fields: [
    ['i', { k: 'struct', name: 'resource.int64Amount', fields: [['value', { k: 'int', kind: 'int64' }], ['scale', { k: 'int', kind: 'int32', name: 'resource.Scale' }]] }],
    ['d', { k: 'struct', name: 'resource.infDecAmount', fields: [['Dec', { k: 'ptr', elem: INF_DEC }]] }],
    ['s', { k: 'string' }],
    ['Format', FORMAT],
  ],
  equal: (x, y) => atNano(amountOf(x)) === atNano(amountOf(y)),
  ptrStringer: (v) => canonicalString(amountOf(v)),
};

function quantity(text: unknown): GoValue {
  const a = parseAmount(String(text ?? '0')) ?? { unscaled: 0n, scale: 0, format: 'DecimalSI', s: '', dec: false };
  const v: Any = a.dec
    ? { d: { Dec: { text: decString(a) } }, s: a.s, Format: a.format }
    : { i: { value: Number(a.unscaled), scale: a.scale }, s: a.s, Format: a.format };
  Object.defineProperty(v, '__amount', { value: a });
  return v;
}

// ---- the internal types ----

const INT_OR_STRING: GoType = {
  k: 'struct', name: 'intstr.IntOrString',
  fields: [['Type', { k: 'int', kind: 'int64', name: 'intstr.Type' }], ['IntVal', { k: 'int', kind: 'int32' }], ['StrVal', { k: 'string' }]],
};
const RESOURCE_NAME: GoType = { k: 'string', name: 'core.ResourceName', stringer: true };
const RESOURCE_LIST: GoType = { k: 'map', name: 'core.ResourceList', key: RESOURCE_NAME, elem: QUANTITY };

const structTypes = new Map<string, GoType & { k: 'struct' }>();
const jsonNames = new Map<GoType, string[]>();

function typeOf(expr: string): GoType {
  if (expr.startsWith('*')) return { k: 'ptr', elem: typeOf(expr.slice(1)) };
  if (expr.startsWith('[]')) return { k: 'slice', elem: typeOf(expr.slice(2)) };
  const map = /^map\[(\w+)\](.+)$/.exec(expr);
  if (map) return { k: 'map', key: typeOf(map[1]), elem: typeOf(map[2]) };
  switch (expr) {
    case 'string': return { k: 'string' };
    case 'bool': return { k: 'bool' };
    case 'int32': case 'int64': return { k: 'int', kind: expr };
    case 'ResourceList': return RESOURCE_LIST;
    case 'resource.Quantity': return QUANTITY;
    case 'intstr.IntOrString': return INT_OR_STRING;
  }
  const fields = (TABLE as unknown as Record<string, Field[]>)[expr];
  // reflect names a type by its package's name: metav1 is package v1.
  const name = expr.replace(/^metav1\./, 'v1.');
  if (!fields) return name === 'core.ResourceName' ? RESOURCE_NAME : { k: 'string', name };
  let t = structTypes.get(expr);
  if (!t) {
    t = { k: 'struct', name, fields: [] };
    structTypes.set(expr, t);
    t.fields = fields.map(([n, ft]) => [n, typeOf(ft)]);
    jsonNames.set(t, fields.map(([n, , json]) => json ?? n[0].toLowerCase() + n.slice(1)));
  }
  return t;
}

export const POD_SPEC = typeOf('core.PodSpec') as GoType & { k: 'struct' };

/**
 * The v1 JSON value `v` as the internal Go value of type `t`. `stored` is the old
 * object, read back from etcd's protobuf, where an empty list or map is nil.
 */
function toGo(t: GoType, v: Any, stored: boolean): GoValue {
  if (t === QUANTITY) return quantity(v);
  if (t === INT_OR_STRING) return typeof v === 'string' ? { Type: 1, StrVal: v } : { IntVal: typeof v === 'number' ? v : 0 };
  switch (t.k) {
    case 'string': return typeof v === 'string' ? v : '';
    case 'int': return typeof v === 'number' ? v : 0;
    case 'bool': return v === true;
    case 'ptr': return v === undefined || v === null ? null : toGo(t.elem, v, stored);
    case 'slice': return !Array.isArray(v) || (stored && !v.length) ? null : v.map((x) => toGo(t.elem, x, stored));
    case 'map': {
      if (v === null || typeof v !== 'object' || (stored && !Object.keys(v).length)) return null;
      return new GoMap(Object.keys(v).sort().map((k) => [k, toGo(t.elem, v[k], stored)]));
    }
    case 'struct': {
      const out: Record<string, GoValue> = {};
      const names = jsonNames.get(t)!;
      t.fields.forEach(([f, ft], i) => {
        const fv = names[i] === '' ? toGo(ft, v ?? {}, stored) : toGo(ft, v?.[names[i]], stored);
        if (!isZero(ft, fv)) out[f] = fv;
      });
      return out;
    }
  }
}

/** Convert_v1_PodSpec_To_core_PodSpec: serviceAccount is serviceAccountName's alias, the host namespaces are the security context's (always set). */
function podSpecToGo(spec: Any, stored: boolean, mungedLists = false): Record<string, GoValue> {
  const out = toGo(POD_SPEC, spec, stored) as Record<string, GoValue>;
  if (!spec?.serviceAccountName && spec?.serviceAccount) out.ServiceAccountName = spec.serviceAccount;
  const sc = { ...(out.SecurityContext as Record<string, GoValue> | undefined) };
  for (const [f, json] of [['HostNetwork', 'hostNetwork'], ['HostPID', 'hostPID'], ['HostIPC', 'hostIPC']]) if (spec?.[json] === true) sc[f] = true;
  for (const [f, json] of [['ShareProcessNamespace', 'shareProcessNamespace'], ['HostUsers', 'hostUsers']]) if (typeof spec?.[json] === 'boolean') sc[f] = spec[json];
  out.SecurityContext = sc;
  // ValidatePodUpdate rebuilds the containers by appending to a nil slice: none is nil.
  if (mungedLists) for (const f of ['Containers', 'InitContainers']) if (!(out[f] as GoValue[] | null)?.length) delete out[f];
  return out;
}

/** apiequality.Semantic.DeepEqual: an empty list or map is nil, quantities compare by value. */
function semanticEqual(t: GoType, a: GoValue, b: GoValue): boolean {
  if (t === QUANTITY) return QUANTITY.k === 'struct' && QUANTITY.equal!(a, b);
  switch (t.k) {
    case 'ptr': return a === null || b === null ? a === b : semanticEqual(t.elem, a, b);
    case 'slice': {
      const xs = (a ?? []) as GoValue[], ys = (b ?? []) as GoValue[];
      return xs.length === ys.length && xs.every((x, i) => semanticEqual(t.elem, x, ys[i]));
    }
    case 'map': {
      const xs = (a as GoMap | null)?.entries ?? [], ys = new Map((b as GoMap | null)?.entries ?? []);
      return xs.length === ys.size && xs.every(([k, x]) => ys.has(k) && semanticEqual(t.elem, x, ys.get(k)!));
    }
    case 'struct': return t.fields.every(([f, ft]) => semanticEqual(ft, (a as Any)?.[f] ?? zeroOf(ft), (b as Any)?.[f] ?? zeroOf(ft)));
    default: return a === b;
  }
}
const zeroOf = (t: GoType): GoValue => (t.k === 'bool' ? false : t.k === 'int' ? 0 : t.k === 'string' ? '' : t.k === 'struct' ? {} : null);

/**
 * The tail of ValidatePodUpdate: undefined when the munged spec is semantically the old one (the
 * update is allowed), else cmp.Diff(oldPod.Spec, mungedPodSpec) for the refusal's message.
 */
export function podSpecUpdateDiff(oldSpec: Any, mungedSpec: Any): string | undefined {
  const x = podSpecToGo(oldSpec, true);
  const y = podSpecToGo(mungedSpec, false, true);
  if (semanticEqual(POD_SPEC, x, y)) return undefined;
  return cmpDiff(POD_SPEC, x, y);
}
