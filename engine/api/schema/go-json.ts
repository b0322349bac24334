/**
 * What the Go types do to a request body on its way through kube-apiserver.
 * The server decodes JSON into the k8s.io/api structs and writes them back
 * with encoding/json (after a protobuf round trip through etcd), so what it
 * stores and returns is not what the client sent:
 *
 *   - a field tagged `omitempty` that holds its zero value vanishes
 *     (`hostNetwork: false`, `minReadySeconds: 0`, `subdomain: ""`,
 *     `args: []`, `labels: {}`), and so does `null`;
 *   - a pointer field (`*int32 replicas`, `*bool automountServiceAccountToken`)
 *     keeps its zero value and loses only `null`;
 *   - a field without omitempty is always written (`restartCount: 0`,
 *     `reportingComponent: ""`; an empty or absent list is `null`);
 *   - a struct that is not a pointer is always written, at least as `{}`
 *     (`resources: {}`, `status: {}`, a metav1.Time as `null`);
 *   - ObjectMeta's creationTimestamp is `omitzero` in v1.35: an unset one
 *     (`creationTimestamp: null` in a template) vanishes.
 *
 * The table of which field is which comes from the Go tags
 * (omit.json, scripts/go-types/generate.ts). This module loads on first use
 * (go-json-loader.ts): the decode side runs before defaulting, as the Go
 * decoder does (dropping what a Go struct cannot hold, and making the
 * structs that are not pointers exist, so defaulting finds `spec: {}`), and
 * the encode side (which also writes every field encoding/json always
 * writes) runs after defaulting, so validation sees the Go struct, and on the
 * object about to be stored.
 */
import table from './omit.json';
import { SCHEMA, type StructSchema } from './index.js';
import { canonicalQuantity, canonicalQuantityField } from '../validation/quantity.js';
// The registries' warnings come with the Go types: the writes that round-trip through them (kubectl's) are the ones
// whose warnings are printed. The module installs itself in strategy.ts.
import '../registry/warnings.js';

/** See scripts/go-types/README.md: D omitempty, P pointer, K no omitempty, S struct, Z omitzero, N pointer without omitempty. */
type Mode = 'D' | 'P' | 'K' | 'S' | 'Z' | 'N';

const modes = new Map<StructSchema, Record<string, Mode>>();

function modesOf(key: string, s: StructSchema): Record<string, Mode> {
  let m = modes.get(s);
  if (m) return m;
  m = {};
  for (const [f, t] of Object.entries(s.f)) m[f] = structLike(t) ? 'P' : 'D';
  const listed = (table as Record<string, Partial<Record<Mode, string[]>>>)[key];
  if (listed) for (const [mode, fields] of Object.entries(listed)) for (const f of fields!) m[f] = mode as Mode;
  modes.set(s, m);
  return m;
}

function structLike(t: string): boolean {
  return t[0] === '@' || t === 't' || t === 'mt' || t === 'q' || t === 'ios';
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** encoding/json's isEmptyValue for the field's type. */
function isEmpty(t: string, v: unknown): boolean {
  if (v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if ((t[0] === '{' || t === 'any') && isObject(v)) {
    for (const _ in v) return false;
    return true;
  }
  return false;
}

class RoundTrip {
  /**
   * encode: the object is about to be written (fill what Go always writes); decode: it was just read. stored: the
   * encoding is the one etcd keeps, whose protobuf has no empty list or map; validation sees the Go struct before
   * that, where a list sent as `[]` is still an empty slice (an error prints `Invalid value: []`, not `null`).
   */
  constructor(private readonly encode: boolean, private readonly stored = encode) {}

  /** The Go zero value of a type as encoding/json writes it. */
  private zero(t: string): unknown {
    if (t[0] === '@') return this.struct(t.slice(1), {});
    switch (t) {
      case 's': return '';
      case 'b': return false;
      case 'i32': case 'i64': case 'f64': case 'ios': return 0;
      case 'q': return '0';
      default: return null; // lists, maps, []byte, times, raw JSON
    }
  }

  /** A list's element or a map's value (never pointers in these types): null is the element's zero value. */
  private element(t: string, v: unknown): unknown {
    return v === null || v === undefined ? this.zero(t) : this.value(t, v);
  }

  /** The value itself after the round trip; the same object when nothing in it changes. */
  value(t: string, v: unknown): unknown {
    if (t[0] === '@') return isObject(v) ? this.struct(t.slice(1), v) : v;
    // A Quantity is parsed and written back by String(): stored in canonical form ("0.5" → "500m").
    if (t === 'q') return canonicalQuantityField(v);
    if (t[0] === '[' && Array.isArray(v)) {
      const elem = t.slice(2);
      let out = v;
      for (let i = 0; i < v.length; i++) {
        const e = this.element(elem, v[i]);
        if (e === v[i]) continue;
        if (out === v && Object.isFrozen(v)) out = [...v];
        out[i] = e;
      }
      return out;
    }
    if (t[0] === '{' && isObject(v)) {
      const elem = t.slice(2);
      let out = v;
      for (const k in v) {
        // Every map of quantities is a core/v1 ResourceList, which SetDefaults_ResourceList rounds up to milli units.
        const e = elem === 'q' && v[k] != null ? canonicalQuantity(v[k]) : this.element(elem, v[k]);
        if (e === v[k]) continue;
        if (out === v && Object.isFrozen(v)) out = { ...v };
        out[k] = e;
      }
      return out;
    }
    return v;
  }

  struct(key: string, v: Obj): Obj {
    const s = SCHEMA.types[key];
    if (!s) return v;
    const m = modesOf(key, s);
    let out = v;
    const writable = (): Obj => (out === v && Object.isFrozen(v) ? (out = { ...v }) : out);
    for (const f in v) {
      const mode = Object.prototype.hasOwnProperty.call(m, f) ? m[f] : undefined;
      // A field the Go type does not have is dropped (fieldValidation Ignore or Warn let it through).
      if (mode === undefined) { delete writable()[f]; continue; }
      const t = s.f[f];
      const x = v[f];
      if (x === null || x === undefined) {
        // Decoding null leaves the Go zero value; a pointer stays nil.
        if (this.encode ? mode === 'K' || mode === 'S' || mode === 'N' : mode === 'S' && t[0] === '@') {
          const z = mode === 'N' ? null : this.zero(t);
          if (z !== x) writable()[f] = z;
        } else {
          delete writable()[f];
        }
        continue;
      }
      const y = this.value(t, x);
      if (!this.stored && this.encode && (t[0] === '[' || t[0] === '{')) {
        if (y !== x) writable()[f] = y;
      } else if ((mode === 'D' || mode === 'Z') && isEmpty(t, y)) {
        delete writable()[f];
      } else if (this.encode && mode === 'K' && (t[0] === '[' || t[0] === '{') && isEmpty(t, y)) {
        // etcd's protobuf has no empty list or map: it comes back nil, written as null.
        writable()[f] = null;
      } else if (y !== x) {
        writable()[f] = y;
      }
    }
    for (const f in m) {
      if (f in v) continue;
      const mode = m[f];
      // Decoded, a struct that is not a pointer is there (defaulting finds `spec: {}`); the rest waits for the encoding.
      if (mode === 'S' && (this.encode || s.f[f][0] === '@')) writable()[f] = this.zero(s.f[f]);
      else if (this.encode && mode === 'K') writable()[f] = this.zero(s.f[f]);
      else if (this.encode && mode === 'N') writable()[f] = null;
    }
    return out;
  }
}

const DECODE = new RoundTrip(false);
const ENCODE = new RoundTrip(true);
const VALIDATE = new RoundTrip(true, false);

/**
 * The object of kind `kind` (or, with `field`, its top-level member of that name, e.g. "status")
 * as the Go types leave it: decoded (`encode` false: zero values and nulls that Go cannot tell
 * from absent are dropped) or encoded (also filled in with what encoding/json always writes);
 * `'validate'` encodes as validation sees the Go struct, with lists and maps as they were decoded.
 * Changes objects in place, except frozen ones, which are copied: the result is the same
 * object when nothing changed.
 */
export function roundTrip<T>(kind: string, obj: T, encode: boolean | 'validate', field?: string): T {
  const rootKey = SCHEMA.roots[kind];
  if (!rootKey || !isObject(obj)) return obj;
  const rt = encode === 'validate' ? VALIDATE : encode ? ENCODE : DECODE;
  if (field === undefined) return rt.struct(rootKey, obj) as T;
  const t = SCHEMA.types[rootKey]?.f[field];
  return t === undefined ? obj : (rt.value(t, obj) as T);
}
