/**
 * resource.Quantity: "100m", "0.5", "128Mi", "1e3". Values are held as numbers of
 * base units (cores, bytes); milli-precision is all the engine needs.
 */
export const QUANTITY_REGEXP_TEXT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

export class QuantityError extends Error {}

/** Parses a quantity; returns undefined when it is not one. */
export function parseQuantity(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  if (typeof input !== 'string') return undefined;
  // The same few texts ("2", "4Gi", "110") are read for every node and pod: each is parsed once.
  const known = parsed.get(input);
  if (known !== undefined || parsed.has(input)) return known;
  const v = parse(input);
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(input, v);
  return v;
}

const parsed = new Map<string, number | undefined>();
const MAX_PARSED = 4096;

function parse(input: string): number | undefined {
  const s = input.trim();
  const m = QUANTITY_RE.exec(s);
  if (!m) return undefined;
  const num = Number(m[1]);
  if (!Number.isFinite(num) || (m[1].match(/\./g)?.length ?? 0) > 1) return undefined;
  const suffix = m[2];
  if (suffix in BINARY) return num * BINARY[suffix];
  if (suffix in DECIMAL) return num * DECIMAL[suffix];
  const exp = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (exp) return num * 10 ** Number(exp[1]);
  return undefined;
}

export function isQuantity(input: unknown): boolean {
  return parseQuantity(input) !== undefined;
}

/** CPU as integer millicores, rounding up as the scheduler does. */
export function milliCPU(q: unknown): number {
  const v = parseQuantity(q);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e6) / 1e3);
}

export function bytes(q: unknown): number {
  const v = parseQuantity(q);
  return v === undefined ? 0 : Math.ceil(v);
}

/** Formats millicores the way kubectl prints them ("250m", "2"). */
export function formatMilliCPU(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

/** Formats bytes with the largest binary suffix that divides them exactly ("128Mi", "3892740Ki"). */
export function formatBytes(b: number): string {
  if (b === 0) return '0';
  for (const [suffix, mult] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (b % mult === 0) return `${b / mult}${suffix}`;
  }
  return String(b);
}
