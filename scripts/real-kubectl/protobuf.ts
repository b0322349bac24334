/**
 * The Kubernetes protobuf encoding, decoded for the oracle's front: kubectl's
 * typed clients (`create deployment`, `create job`, `create service` ...) send
 * their bodies as `application/vnd.kubernetes.protobuf`, and client-go falls
 * back to JSON only for CBOR (rest/client.go UnsupportedMediaType), so the
 * front has to read them.
 *
 * Wire form (apimachinery runtime/serializer/protobuf): the magic "k8s\0",
 * then a runtime.Unknown {typeMeta {apiVersion, kind} = 1, raw = 2}, where raw
 * is the typed object's message. Field numbers and names come from the
 * generated.proto files of kubernetes/api and kubernetes/apimachinery (the
 * local mirrors, read once); go-to-protobuf names each field as its JSON name.
 * The result is the object as Go would write it to JSON, except that every
 * non-pointer field is present (gogo writes zero values too): the API server's
 * decoder drops those under omitempty as it does for any client's JSON.
 */
import { execFileSync } from 'node:child_process';

const MIRRORS = [
  { dir: '/work/.mirror/kubernetes+api/repo', prefix: '' },
  { dir: '/work/.mirror/kubernetes+apimachinery/repo', prefix: '' },
];

interface Field { name: string; type: string; repeated: boolean; map?: { key: string; value: string } }
type Messages = Map<string, Map<number, Field>>;

let messages: Messages | undefined;

/** Parses the generated.proto files: "k8s.io.api.apps.v1.Deployment" → field number → field. */
function load(): Messages {
  if (messages) return messages;
  messages = new Map();
  for (const m of MIRRORS) {
    const files = execFileSync('git', ['-C', m.dir, 'ls-tree', '-r', '--name-only', 'HEAD'], { encoding: 'utf8', maxBuffer: 64 << 20 })
      .split('\n').filter((f) => f.endsWith('/generated.proto') && !f.includes('testapigroup'));
    for (const f of files) parseProto(execFileSync('git', ['-C', m.dir, 'show', `HEAD:${f}`], { encoding: 'utf8', maxBuffer: 64 << 20 }), messages);
  }
  return messages;
}

export function parseProto(text: string, into: Messages): void {
  const pkg = /^package\s+([\w.]+);/m.exec(text)?.[1] ?? '';
  const stack: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    const msg = /^message\s+(\w+)\s*\{/.exec(line);
    if (msg) {
      stack.push(msg[1]);
      into.set(`${pkg}.${stack.join('.')}`, new Map());
      continue;
    }
    if (line.startsWith('}')) { stack.pop(); continue; }
    if (!stack.length) continue;
    const fields = into.get(`${pkg}.${stack.join('.')}`)!;
    const resolve = (t: string) => (SCALARS.has(t) ? t : t.startsWith('.') ? t.slice(1) : `${pkg}.${t}`);
    const map = /^map<\s*([\w.]+)\s*,\s*([\w.]+)\s*>\s+(\w+)\s*=\s*(\d+)/.exec(line);
    if (map) { fields.set(Number(map[4]), { name: map[3], type: 'map', repeated: false, map: { key: resolve(map[1]), value: resolve(map[2]) } }); continue; }
    const f = /^(optional|repeated|required)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)/.exec(line);
    if (f) fields.set(Number(f[4]), { name: f[3], type: resolve(f[2]), repeated: f[1] === 'repeated' });
  }
}

const SCALARS = new Set(['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'double', 'float', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64']);

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array, readonly end = buf.length) {}
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  }
  bytes(): Uint8Array {
    const n = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const utf8 = new TextDecoder();

function rfc3339(seconds: bigint, nanos: number, micro: boolean): string {
  const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}

/** Go's time.Duration String() for a whole number of nanoseconds (metav1.Duration). */
function goDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let n = neg ? -ns : ns;
  const h = n / 3_600_000_000_000n; n %= 3_600_000_000_000n;
  const m = n / 60_000_000_000n; n %= 60_000_000_000n;
  const s = Number(n) / 1e9;
  return (neg ? '-' : '') + (h ? `${h}h` : '') + (h || m ? `${m}m` : '') + `${s}s`;
}

function scalar(type: string, wire: number, r: Reader): unknown {
  if (wire === 2) {
    const b = r.bytes();
    return type === 'bytes' ? Buffer.from(b).toString('base64') : utf8.decode(b);
  }
  if (wire === 0) {
    const v = r.varint();
    if (type === 'bool') return v !== 0n;
    if (type === 'int32') return Number(BigInt.asIntN(32, v));
    if (type === 'int64') return Number(BigInt.asIntN(64, v));
    return Number(v);
  }
  if (wire === 1) { const v = new DataView(r.buf.buffer, r.buf.byteOffset + r.pos, 8).getFloat64(0, true); r.pos += 8; return v; }
  if (wire === 5) { const v = new DataView(r.buf.buffer, r.buf.byteOffset + r.pos, 4).getFloat32(0, true); r.pos += 4; return v; }
  throw new Error(`protobuf: wire type ${wire} for ${type}`);
}

/** One message as Go's JSON would show it. */
function message(type: string, buf: Uint8Array): unknown {
  const fields = load().get(type);
  if (!fields) throw new Error(`protobuf: no message ${type}`);
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (r.pos < r.end) {
    const tag = Number(r.varint());
    const num = tag >>> 3;
    const wire = tag & 7;
    const f = fields.get(num);
    if (!f) { skip(r, wire); continue; }
    if (f.map) {
      const entry = new Reader(r.bytes());
      let k: unknown = '';
      let v: unknown = SCALARS.has(f.map.value) ? (f.map.value === 'string' ? '' : f.map.value === 'bytes' ? '' : 0) : special(f.map.value, new Uint8Array());
      while (entry.pos < entry.end) {
        const t = Number(entry.varint());
        if (t >>> 3 === 1) k = scalar(f.map.key, t & 7, entry);
        else if (t >>> 3 === 2) v = SCALARS.has(f.map.value) ? scalar(f.map.value, t & 7, entry) : special(f.map.value, entry.bytes());
        else skip(entry, t & 7);
      }
      ((out[f.name] ??= {}) as Record<string, unknown>)[String(k)] = v;
      continue;
    }
    let values: unknown[];
    if (SCALARS.has(f.type)) {
      if (wire === 2 && f.type !== 'string' && f.type !== 'bytes') {
        const packed = new Reader(r.bytes());
        values = [];
        while (packed.pos < packed.end) values.push(scalar(f.type, f.type.includes('fixed64') || f.type === 'double' ? 1 : f.type.includes('fixed32') || f.type === 'float' ? 5 : 0, packed));
      } else values = [scalar(f.type, wire, r)];
    } else values = [special(f.type, r.bytes())];
    if (f.repeated) ((out[f.name] ??= []) as unknown[]).push(...values);
    else if (INLINE.has(`${type}.${f.name}`)) Object.assign(out, values[0]);
    else out[f.name] = values[0];
  }
  return out;
}

/** Embedded structs Go writes inline (`json:",inline"`), which protobuf carries as a field of their own. */
const INLINE = new Set(['k8s.io.api.networking.v1.IngressRule.ingressRuleValue']);

/** Messages whose JSON form is not an object of their fields (custom MarshalJSON in Go). */
function special(type: string, b: Uint8Array): unknown {
  switch (type) {
    case `${META}.Time`:
    case `${META}.MicroTime`: {
      const m = message(type, b) as { seconds?: number; nanos?: number };
      // The zero time marshals to no bytes (metav1.Time.ProtoTime) and to JSON null.
      if (m.seconds === undefined && m.nanos === undefined) return null;
      return rfc3339(BigInt(m.seconds ?? 0), m.nanos ?? 0, type.endsWith('MicroTime'));
    }
    case `${META}.Duration`: {
      const r = new Reader(b);
      let ns = 0n;
      while (r.pos < r.end) { const t = Number(r.varint()); if (t >>> 3 === 1) ns = BigInt.asIntN(64, r.varint()); else skip(r, t & 7); }
      return goDuration(ns);
    }
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString': {
      const m = message(type, b) as { type?: number; intVal?: number; strVal?: string };
      return m.type === 1 ? (m.strVal ?? '') : (m.intVal ?? 0);
    }
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity': return (message(type, b) as { string?: string }).string ?? '';
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension':
    case `${META}.FieldsV1`: {
      const raw = (load().get(type) && new Reader(b)) as Reader;
      let bytes: Uint8Array = new Uint8Array();
      while (raw.pos < raw.end) { const t = Number(raw.varint()); if (t >>> 3 === 1) bytes = raw.bytes(); else skip(raw, t & 7); }
      return bytes.length ? JSON.parse(utf8.decode(bytes)) : null;
    }
    default: {
      // Wrappers Go marshals as their one list (metav1.Verbs, ExtraValue...): a message of only `repeated string items = 1`.
      const fields = load().get(type);
      if (fields && fields.size === 1 && fields.get(1)?.name === 'items' && fields.get(1)?.repeated) return (message(type, b) as { items?: unknown[] }).items ?? [];
      return message(type, b);
    }
  }
}

function skip(r: Reader, wire: number): void {
  if (wire === 0) r.varint();
  else if (wire === 1) r.pos += 8;
  else if (wire === 2) r.bytes();
  else if (wire === 5) r.pos += 4;
  else throw new Error(`protobuf: cannot skip wire type ${wire}`);
}

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** Is this body the Kubernetes protobuf envelope? */
export function isProtobuf(body: Uint8Array): boolean {
  return body.length >= 4 && MAGIC.every((b, i) => body[i] === b);
}

/** The object a protobuf body holds, with its apiVersion and kind, as JSON would carry it. */
export function decodeProtobuf(body: Uint8Array): Record<string, unknown> {
  const unknown = message('k8s.io.apimachinery.pkg.runtime.Unknown', body.subarray(4)) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  const pkg = group === 'core' ? `k8s.io.api.core.${version}` : `k8s.io.api.${group.replace(/\.k8s\.io$/, '').replace(/\.authorization$/, '').split('.')[0]}.${version}`;
  const raw = new Uint8Array(Buffer.from(unknown.raw ?? '', 'base64'));
  const typeName = [`${pkg}.${kind}`, `${META}.${kind}`].find((t) => load().has(t));
  if (!typeName) throw new Error(`protobuf: no message for ${apiVersion} ${kind}`);
  return { apiVersion, kind, ...(message(typeName, raw) as Record<string, unknown>) };
}
