/**
 * resource.Quantity as the API server stores it: rounded up to milli-units
 * (SetDefaults_ResourceList) and printed in canonical form (Quantity.String):
 * "0.5" → "500m", "1000m" → "1", "1024Mi" → "1Gi", "1.5Gi" → "1536Mi".
 * Exact integer arithmetic (BigInt) so "1Ei" and "1n" survive.
 */
type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface ParsedQuantity {
  /** Value in milli-units, rounded up (towards +infinity) as RoundUp(-3) does for positives. */
  milli: bigint;
  format: Format;
}

const BIN: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DEC: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DEC_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

/** Parses a quantity ("100m", "1.5Gi", "1e3", 2); undefined if it is not one. */
export function parseQuantityExact(input: unknown): ParsedQuantity | undefined {
  const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input.trim() : undefined;
  if (text === undefined) return undefined;
  // A cluster repeats a handful of quantities ("100m", "128Mi") across every pod it defaults and validates.
  const cached = parsedCache.get(text);
  if (cached !== undefined || parsedCache.has(text)) return cached;
  const parsed = parseText(text);
  if (parsedCache.size >= QUANTITY_CACHE_SIZE) parsedCache.clear();
  parsedCache.set(text, parsed && Object.freeze(parsed));
  return parsed;
}

const QUANTITY_CACHE_SIZE = 4096;
const parsedCache = new Map<string, ParsedQuantity | undefined>();
const canonicalCache = new Map<string, string>();

function parseText(text: string): ParsedQuantity | undefined {
  const p = parseScaled(text, -3);
  return p && { milli: p.units, format: p.format };
}

/** The value in units of 10^unit, rounded up (away from zero), and the format its suffix names. */
function parseScaled(text: string, unit: number): { units: bigint; format: Format } | undefined {
  const m = /^([+-]?)(\d+\.?\d*|\.\d+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(text);
  if (!m) return undefined;
  const neg = m[1] === '-';
  const [intPart, fracPart = ''] = m[2].split('.');
  const digits = BigInt((intPart || '0') + fracPart);
  let scale10 = -fracPart.length; // value = digits * 10^scale10 * 2^scale2
  let scale2 = 0;
  const suffix = m[3];
  let format: Format;
  if (suffix in BIN) {
    scale2 = BIN[suffix];
    format = 'BinarySI';
  } else if (suffix in DEC) {
    scale10 += DEC[suffix];
    format = 'DecimalSI';
  } else {
    const e = /^[eE]([-+]?\d+)$/.exec(suffix);
    if (!e) return undefined;
    scale10 += Number(e[1]);
    format = 'DecimalExponent';
  }
  // units = digits * 2^scale2 * 10^(scale10-unit), rounded up.
  const num = digits * (1n << BigInt(scale2));
  const exp = scale10 - unit;
  let units: bigint;
  if (exp >= 0) units = num * 10n ** BigInt(exp);
  else {
    const div = 10n ** BigInt(-exp);
    units = num / div;
    if (num % div !== 0n) units += 1n;
  }
  return { units: neg ? -units : units, format };
}

/** Quantity.String() of a parsed quantity. */
export function formatQuantity(q: ParsedQuantity): string {
  return formatScaled(q.milli, -3, q.format);
}

/** Quantity.String() of `units` × 10^unit (unit -3 or -9, a multiple of 3). */
function formatScaled(units: bigint, unit: number, format: Format): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const sign = neg ? '-' : '';
  if (abs === 0n) return '0';
  const one = 10n ** BigInt(-unit);
  if (format === 'BinarySI') {
    // Below 1024, or not a whole number, BinarySI would round: CanonicalizeBytes writes DecimalSI instead.
    if (abs < 1024n * one || abs % one !== 0n) format = 'DecimalSI';
    else {
      let v = abs / one;
      let e = 0;
      while (e < 60 && v % 1024n === 0n) { v /= 1024n; e += 10; }
      const suffix = Object.keys(BIN).find((k) => BIN[k] === e) ?? '';
      return `${sign}${v}${suffix}`;
    }
  }
  let v = abs;
  let e = unit;
  while (e < 18 && v % 1000n === 0n) { v /= 1000n; e += 3; }
  if (format === 'DecimalExponent') return `${sign}${v}${e === 0 ? '' : `e${e}`}`;
  return `${sign}${v}${DEC_SUFFIX[e]}`;
}

/** The stored form of a quantity field, or the input unchanged when it does not parse. */
export function canonicalQuantity(input: unknown): unknown {
  if (typeof input === 'string') {
    const hit = canonicalCache.get(input);
    if (hit !== undefined) return hit;
  }
  const q = parseQuantityExact(input);
  if (!q) return input;
  const text = formatQuantity(q);
  if (typeof input === 'string') {
    if (canonicalCache.size >= QUANTITY_CACHE_SIZE) canonicalCache.clear();
    canonicalCache.set(input, text);
  }
  return text;
}

/**
 * A Quantity field outside a ResourceList (emptyDir.sizeLimit, an HPA target) as it is stored: ParseQuantity
 * rounds up to nano units only, and String() writes the canonical form. Unparsable input stays as it is.
 */
export function canonicalQuantityField(input: unknown): unknown {
  const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input.trim() : undefined;
  const p = text === undefined ? undefined : parseScaled(text, -9);
  return p ? formatScaled(p.units, -9, p.format) : input;
}

export function compareQuantity(a: ParsedQuantity, b: ParsedQuantity): number {
  return a.milli < b.milli ? -1 : a.milli > b.milli ? 1 : 0;
}
