/**
 * The API server's decoder, as far as a learner can tell: kube-apiserver
 * decodes the request body with sigs.k8s.io/json into the Go types, so a value
 * of the wrong JSON type fails with encoding/json's UnmarshalTypeError text,
 * and (with fieldValidation=Strict, kubectl's default) every field the Go type
 * does not have is reported as `unknown field "spec.replica"`.
 *
 * kubectl marshals a map[string]interface{}, so the server sees each object's
 * keys sorted; errors are found in that order (the first type error wins, as
 * encoding/json's saveError keeps the first).
 */
import schemaData from './types.json';
import { QUANTITY_REGEXP_TEXT } from '../../util/quantity.js';

export interface StructSchema {
  /** Go type name as reflect prints it, e.g. "v1.PodSpec". */
  go: string;
  /** Field types: s b i32 i64 f64 ios q t mt any bytes, []T, {}T, @struct-key. */
  f: Record<string, string>;
  /** Strategic merge patch tags: "merge", "merge:name", "merge,retainKeys:name", "retainKeys". */
  p?: Record<string, string>;
  /** Go names of named field types ("v1.Protocol", "v1.ResourceList"). */
  n?: Record<string, string>;
}

/** roots: each kind's struct key; lazy: the kinds whose types are in types-lazy.json until schema/lazy.ts merges them. */
export const SCHEMA = schemaData as unknown as { roots: Record<string, string>; lazy: string[]; types: Record<string, StructSchema> };

export function structOf(key: string): StructSchema | undefined {
  return SCHEMA.types[key];
}

export function rootOf(kind: string): StructSchema | undefined {
  const key = SCHEMA.roots[kind];
  return key ? SCHEMA.types[key] : undefined;
}

export interface DecodeFindings {
  /** The decoder's error (the text after "cannot be handled as a Kind: "), if any. */
  error?: string;
  /** Unknown field paths, e.g. "spec.replica", "spec.template.spec.containers[0].imagee". */
  unknown: string[];
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
// int64 limits as doubles: JSON numbers beyond 2^63 cannot be int64.
const INT64_LIMIT = 9223372036854775807;

export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${QUANTITY_REGEXP_TEXT}'`;
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

const QUANTITY_SPLIT = new RegExp(QUANTITY_REGEXP_TEXT);
const SUFFIXES = new Set(['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']);

/** resource.ParseQuantity's error for a text, or undefined when it parses. */
export function quantityError(text: string): string | undefined {
  const s = text.trim();
  if (s === '') return QUANTITY_FORMAT_ERROR;
  const m = QUANTITY_SPLIT.exec(s);
  if (!m) return QUANTITY_FORMAT_ERROR;
  const num = m[1];
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(num)) return QUANTITY_NUMERIC_ERROR;
  const suffix = m[2];
  if (!SUFFIXES.has(suffix) && !/^[eE][-+]?\d+$/.test(suffix)) return QUANTITY_SUFFIX_ERROR;
  return undefined;
}

const B64 = /[A-Za-z0-9+/]/;

/** Go's base64.StdEncoding error offset for s, or -1 when it decodes ("illegal base64 data at input byte N"). */
export function base64ErrorOffset(s: string): number {
  // Go skips newlines inside the input; offsets still count them.
  let si = 0;
  const n = s.length;
  const next = (): [string, number] | undefined => {
    while (si < n && (s[si] === '\n' || s[si] === '\r')) si++;
    if (si >= n) return undefined;
    return [s[si], si++];
  };
  for (;;) {
    for (let j = 0; j < 4; j++) {
      const c = next();
      if (!c) return j === 0 ? -1 : si - j;
      const [ch, at] = c;
      if (ch === '=') {
        if (j < 2) return at;
        if (j === 2) {
          const d = next();
          if (!d) return n;
          if (d[0] !== '=') return d[1];
        }
        // Padding must end the input.
        while (si < n && (s[si] === '\n' || s[si] === '\r')) si++;
        return si < n ? si : -1;
      }
      if (!B64.test(ch)) return at;
    }
  }
}

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function goName(t: string, named: string | undefined): string {
  if (named) return named;
  if (t.startsWith('[]')) return `[]${goName(t.slice(2), undefined)}`;
  if (t.startsWith('{}')) return `map[string]${goName(t.slice(2), undefined)}`;
  if (t.startsWith('@')) return SCHEMA.types[t.slice(1)]?.go ?? 'interface {}';
  switch (t) {
    case 's': case 't': case 'mt': return 'string';
    case 'b': return 'bool';
    case 'i32': case 'ios': return 'int32';
    case 'i64': return 'int64';
    case 'f64': return 'float64';
    case 'bytes': return '[]uint8';
    default: return 'interface {}';
  }
}

/**
 * Walks a value against its Go type. Almost every write is clean, so inspect()
 * first walks in probe mode (keys in any order, no paths, stop at the first
 * finding) and only walks again exactly (sorted keys, paths, error context)
 * when the probe found something: the findings are those of the exact walk.
 */
class Walker {
  error?: string;
  unknown: string[] = [];
  /** Probe mode: something was found. */
  found = false;
  /** encoding/json's error context: the innermost struct and the JSON field names leading to the value. */
  private structName = '';
  private stack: string[] = [];
  /** The JSON path so far as segments ("spec", ".template", "[0]"), joined only for an unknown field. */
  private path: string[] = [];

  constructor(private readonly exact: boolean) {}

  private typeError(value: unknown, goType: string, literal?: string): void {
    if (!this.exact) { this.found = true; return; }
    if (this.error) return;
    const what = literal !== undefined ? `number ${literal}` : jsonKind(value);
    const where = this.stack.length ? ` into Go struct field ${this.structName}.${this.stack.join('.')}` : ' into Go value';
    this.error = `json: cannot unmarshal ${what}${where} of type ${goType}`;
  }

  private plain(message: string): void {
    if (!this.exact) { this.found = true; return; }
    if (!this.error) this.error = message;
  }

  walkStruct(s: StructSchema, v: unknown): void {
    if (v === null || v === undefined) return;
    if (!isPlainObject(v)) return this.typeError(v, s.go);
    if (!this.exact) {
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        const t = Object.prototype.hasOwnProperty.call(s.f, k) ? s.f[k] : undefined;
        if (t === undefined) { this.found = true; return; }
        this.walkValue(t, v[k], s.n?.[k]);
        if (this.found) return;
      }
      return;
    }
    const structName = s.go.slice(s.go.indexOf('.') + 1);
    const top = this.path.length === 0;
    for (const k of Object.keys(v).sort()) {
      // Own fields only: a manifest key like "constructor" must not find Object.prototype's.
      const t = Object.prototype.hasOwnProperty.call(s.f, k) ? s.f[k] : undefined;
      this.path.push(top ? k : `.${k}`);
      if (t === undefined) {
        this.unknown.push(this.path.join(''));
        this.path.pop();
        continue;
      }
      const savedStruct = this.structName;
      this.stack.push(k);
      this.structName = structName;
      this.walkValue(t, v[k], s.n?.[k]);
      this.stack.pop();
      this.structName = savedStruct;
      this.path.pop();
    }
  }

  walkValue(t: string, v: unknown, named?: string): void {
    if (v === null || v === undefined) return;
    if (t.startsWith('[]')) {
      if (!Array.isArray(v)) return this.typeError(v, goName(t, named));
      const elem = t.slice(2);
      const elemNamed = named?.startsWith('[]') ? named.slice(2) : undefined;
      for (let i = 0; i < v.length; i++) {
        if (this.exact) this.path.push(`[${i}]`);
        this.walkValue(elem, v[i], elemNamed);
        if (this.exact) this.path.pop();
        else if (this.found) return;
      }
      return;
    }
    if (t.startsWith('{}')) {
      if (!isPlainObject(v)) return this.typeError(v, goName(t, named));
      const elem = t.slice(2);
      for (const k of this.exact ? Object.keys(v).sort() : Object.keys(v)) {
        if (this.exact) this.path.push(`[${k}]`);
        this.walkValue(elem, v[k]);
        if (this.exact) this.path.pop();
        else if (this.found) return;
      }
      return;
    }
    if (t.startsWith('@')) {
      const s = SCHEMA.types[t.slice(1)];
      if (s) this.walkStruct(s, v);
      return;
    }
    switch (t) {
      case 's':
        if (typeof v !== 'string') this.typeError(v, named ?? 'string');
        return;
      case 't':
      case 'mt':
        if (typeof v !== 'string') this.typeError(v, 'string');
        return;
      case 'b':
        if (typeof v !== 'boolean') this.typeError(v, 'bool');
        return;
      case 'i32':
      case 'i64':
      case 'ios':
        if (t === 'ios' && typeof v === 'string') return;
        if (typeof v !== 'number') return this.typeError(v, t === 'i64' ? 'int64' : 'int32');
        if (!Number.isInteger(v) || (t === 'i64' ? Math.abs(v) > INT64_LIMIT : v < INT32_MIN || v > INT32_MAX)) {
          this.typeError(v, t === 'i64' ? 'int64' : 'int32', String(v));
        }
        return;
      case 'f64':
        if (typeof v !== 'number') this.typeError(v, 'float64');
        return;
      case 'q': {
        // Quantity.UnmarshalJSON parses the raw JSON text: a number's digits, a string's contents.
        const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
        const e = quantityError(text);
        if (e) this.plain(e);
        return;
      }
      case 'bytes': {
        if (typeof v !== 'string') return this.typeError(v, '[]uint8');
        const at = base64ErrorOffset(v);
        if (at >= 0) this.plain(`illegal base64 data at input byte ${at}`);
        return;
      }
      default:
        return;
    }
  }
}

/** Decodes `obj` against the Go type of `kind` as the API server would. */
export function inspect(kind: string, obj: unknown): DecodeFindings {
  const root = rootOf(kind);
  if (!root) return { unknown: [] };
  const probe = new Walker(false);
  probe.walkStruct(root, obj);
  if (!probe.found) return { unknown: [] };
  const w = new Walker(true);
  w.walkStruct(root, obj);
  return { error: w.error, unknown: w.unknown };
}
