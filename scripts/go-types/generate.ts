/**
 * Reads the Go struct tags of the kinds the API server serves from
 * k8s.io/api, k8s.io/apimachinery, k8s.io/kube-aggregator and
 * k8s.io/apiextensions-apiserver at their v1.35 tags and writes
 * engine/api/schema/omit.json: for each struct of types.json, the fields whose
 * JSON encoding differs from the common case (see README.md); and
 * engine/api/schema/field-order.json: each struct's JSON fields in the order
 * encoding/json writes them (schema/go-order.ts).
 *
 *   npx tsx scripts/go-types/generate.ts [API_GIT_DIR] [APIMACHINERY_GIT_DIR] [AGGREGATOR_GIT_DIR] [APIEXTENSIONS_GIT_DIR]
 *
 * The git dirs default to the bare mirrors /work/.mirror/kubernetes+NAME/repo
 * (the files are read with `git show TAG:path`, so no work tree is needed).
 * `--check` only compares the output with the committed file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TAG = 'v0.35.2';
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const check = process.argv.includes('--check');
const API = args[0] ?? '/work/.mirror/kubernetes+api/repo';
const APIMACHINERY = args[1] ?? '/work/.mirror/kubernetes+apimachinery/repo';
const AGGREGATOR = args[2] ?? '/work/.mirror/kubernetes+kube-aggregator/repo';
const APIEXTENSIONS = args[3] ?? '/work/.mirror/kubernetes+apiextensions-apiserver/repo';
const root = fileURLToPath(new URL('../../', import.meta.url));
const TYPES = `${root}engine/api/schema/types.json`;
const OUT = `${root}engine/api/schema/omit.json`;
const ORDER_OUT = `${root}engine/api/schema/field-order.json`;

/** types.json's package prefixes → the Go package holding their structs. */
const PACKAGES: Record<string, [string, string]> = {
  'core/v1': [API, 'core/v1'],
  'apps/v1': [API, 'apps/v1'],
  'batch/v1': [API, 'batch/v1'],
  'autoscaling/v2': [API, 'autoscaling/v2'],
  'autoscaling/v1': [API, 'autoscaling/v1'],
  'discovery/v1': [API, 'discovery/v1'],
  'coordination/v1': [API, 'coordination/v1'],
  'networking/v1': [API, 'networking/v1'],
  'scheduling/v1': [API, 'scheduling/v1'],
  'policy/v1': [API, 'policy/v1'],
  'storage/v1': [API, 'storage/v1'],
  'rbac/v1': [API, 'rbac/v1'],
  'authentication/v1': [API, 'authentication/v1'],
  'authorization/v1': [API, 'authorization/v1'],
  'resource/v1': [API, 'resource/v1'],
  'admissionregistration/v1': [API, 'admissionregistration/v1'],
  'certificates/v1': [API, 'certificates/v1'],
  'events/v1': [API, 'events/v1'],
  'flowcontrol/v1': [API, 'flowcontrol/v1'],
  'node/v1': [API, 'node/v1'],
  'apiregistration/v1': [AGGREGATOR, 'pkg/apis/apiregistration/v1'],
  'apiextensions/v1': [APIEXTENSIONS, 'pkg/apis/apiextensions/v1'],
  'meta/v1': [APIMACHINERY, 'pkg/apis/meta/v1'],
};

interface GoField {
  /** The Go type as written: "*int32", "[]Container", "metav1.Time". */
  type: string;
  /** JSON name; "" for an inlined embedded struct. */
  json: string;
  omitempty: boolean;
  omitzero: boolean;
  /** The +listType, +listMapKey, +mapType markers of the comment above the field, and the patch tags. */
  markers: string[];
  patch?: { strategy?: string; key?: string };
}

/** Structs marked +structType=atomic (metav1.LabelSelector ...), by package prefix and name. */
const atomicStructs = new Set<string>();

function git(dir: string, ...a: string[]): string {
  return execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Every struct declared in a package's non-test Go files, by name. */
function parsePackage(prefix: string, dir: string, path: string): Map<string, GoField[]> {
  const files = git(dir, 'ls-tree', '--name-only', `${TAG}:${path}`).split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
  const structs = new Map<string, GoField[]>();
  for (const f of files) {
    const src = git(dir, 'show', `${TAG}:${path}/${f}`);
    // An empty struct (apiextensions' CustomResourceSubresourceStatus) is written `struct{}`.
    for (const e of src.matchAll(/^type (\w+) struct ?\{\}/gm)) structs.set(e[1], []);
    const re = /^type (\w+) struct \{\n([\s\S]*?)^\}/gm;
    for (let m; (m = re.exec(src));) {
      const fields: GoField[] = [];
      // The comment block right above the type declaration.
      const above = src.slice(0, m.index).split('\n').reverse();
      for (const l of above.slice(1)) {
        if (!l.startsWith('//')) break;
        if (/^\/\/\s*\+structType=atomic/.test(l)) atomicStructs.add(`${prefix}.${m[1]}`);
      }
      let markers: string[] = [];
      for (const raw of m[2].split('\n')) {
        const line = raw.replace(/^\s+/, '');
        const marker = /^\/\/\s*\+(listType|listMapKey|mapType)=(\S+)/.exec(line);
        if (marker) markers.push(`${marker[1]}=${marker[2]}`);
        if (line === '') markers = [];
        if (line.startsWith('//') || !line.includes('`')) continue;
        const fm = /^(?:(\w+)\s+)?([*\w.[\]{}]+)\s+`([^`]*)`/.exec(line);
        if (!fm) throw new Error(`cannot read field of ${m[1]} in ${f}: ${line}`);
        const tag = /json:"([^"]*)"/.exec(fm[3]);
        if (!tag) continue;
        const [name, ...opts] = tag[1].split(',');
        if (name === '-') continue;
        const strategy = /patchStrategy:"([^"]*)"/.exec(fm[3])?.[1];
        const key = /patchMergeKey:"([^"]*)"/.exec(fm[3])?.[1];
        fields.push({ type: fm[2], json: opts.includes('inline') ? '' : name, omitempty: opts.includes('omitempty'), omitzero: opts.includes('omitzero'), markers, patch: strategy || key ? { strategy, key } : undefined });
        markers = [];
      }
      structs.set(m[1], fields);
    }
  }
  return structs;
}

const packages = new Map<string, Map<string, GoField[]>>();
for (const [prefix, [dir, path]] of Object.entries(PACKAGES)) packages.set(prefix, parsePackage(prefix, dir, path));

/** A struct's JSON fields with inlined embedded structs expanded (same package, or metav1's). */
function fieldsOf(prefix: string, name: string): Map<string, GoField> {
  const fields = packages.get(prefix)?.get(name);
  if (!fields) throw new Error(`no Go struct ${prefix}.${name}`);
  const out = new Map<string, GoField>();
  for (const f of fields) {
    if (f.json !== '') { out.set(f.json, f); continue; }
    const [pkg, embedded] = f.type.includes('.') ? ['meta/v1', f.type.split('.')[1]] : [prefix, f.type];
    for (const [k, v] of fieldsOf(pkg, embedded)) out.set(k, v);
  }
  return out;
}

/**
 * How encoding/json writes a field, after the API server's protobuf round trip in etcd
 * (which turns an empty list or map into nil):
 *   D  omitempty, not a pointer: false, 0, "", an empty list or map, null vanish (the common case of scalars, lists, maps)
 *   P  a pointer with omitempty: null vanishes, a zero value stays (the common case of structs)
 *   K  no omitempty, not a pointer: always written; absent or null is the zero value ("", false, 0, a list or map is null)
 *   S  a struct that is not a pointer (omitempty does nothing to a struct): always written, at least {} (a time: null)
 *   Z  omitzero: vanishes when zero (metav1.Time: when unset)
 *   N  a pointer without omitempty: absent is written as null
 */
type Mode = 'D' | 'P' | 'K' | 'S' | 'Z' | 'N';

/** Schema types that Go holds in a struct (metav1.Time, MicroTime, Quantity, IntOrString, the API's own structs). */
function structLike(t: string): boolean {
  return t.startsWith('@') || t === 't' || t === 'mt' || t === 'q' || t === 'ios';
}

function modeOf(f: GoField, schemaType: string): Mode {
  const ptr = f.type.startsWith('*');
  if (f.omitzero) return 'Z';
  if (ptr) return f.omitempty ? 'P' : 'N';
  if (structLike(schemaType) && !f.type.startsWith('[]') && !f.type.startsWith('map[')) return 'S';
  return f.omitempty ? 'D' : 'K';
}

function defaultMode(schemaType: string): Mode {
  return structLike(schemaType) ? 'P' : 'D';
}

const schema = JSON.parse(readFileSync(TYPES, 'utf8')) as { types: Record<string, { f: Record<string, string> }> };
// The kinds whose code loads on first use keep their own types apart (engine/api/schema/generate.ts LAZY_ROOTS,
// types-lazy.json); they encode the same way.
Object.assign(schema.types, (JSON.parse(readFileSync(TYPES.replace(/types\.json$/, 'types-lazy.json'), 'utf8')) as typeof schema).types);
// A served kind that brings its types along and adds them to SCHEMA when it loads: autoscaling/v1
// HorizontalPodAutoscaler (registry/hpa-v1.ts). CustomResourceDefinition's are in types-lazy.json.
const { SCHEMA } = await import('../../engine/api/schema/index.js');
await import('../../engine/api/registry/hpa-v1.js');
for (const [key, s] of Object.entries(SCHEMA.types)) if (/^autoscaling\/v1\./.test(key)) schema.types[key] = s;
const out: Record<string, Partial<Record<Mode, string[]>>> = {};
/** Each struct's JSON fields in the order encoding/json writes them (the Go declaration's, embedded structs in place). */
const order: Record<string, string> = {};
const counts: Record<string, number> = {};
/** The structs of the packages read here (kube-aggregator's APIService and a few lazily served groups are not). */
const known = Object.entries(schema.types).filter(([key]) => packages.has(key.slice(0, key.lastIndexOf('.')))).sort(([a], [b]) => (a < b ? -1 : 1));
for (const [key, s] of known) {
  const dot = key.lastIndexOf('.');
  const go = fieldsOf(key.slice(0, dot), key.slice(dot + 1));
  const byMode: Partial<Record<Mode, string[]>> = {};
  for (const [name, t] of Object.entries(s.f)) {
    const f = go.get(name);
    if (!f) throw new Error(`${key}.${name} is in the OpenAPI schema but not in the Go struct`);
    const mode = modeOf(f, t);
    counts[mode] = (counts[mode] ?? 0) + 1;
    if (mode !== defaultMode(t)) (byMode[mode] ??= []).push(name);
  }
  for (const name of go.keys()) if (!(name in s.f)) throw new Error(`${key}.${name} is in the Go struct but not in the OpenAPI schema`);
  order[key] = [...go.keys()].join(',');
  const modes = (Object.keys(byMode) as Mode[]).sort();
  if (modes.length) out[key] = Object.fromEntries(modes.map((m) => [m, byMode[m]!.sort()]));
}

/**
 * How structured-merge-diff (the API server's field manager) sees each list, map and struct, as
 * kube-openapi's schemaconv derives it from the OpenAPI extensions the Go markers become: a list is
 * atomic unless `+listType` says `map` (keyed by its `+listMapKey`s) or `set`, or, without a list type,
 * its patch strategy is merge (keyed by the patch merge key, or a set of scalars without one); a map is
 * granular unless `+mapType=atomic`; a struct is granular unless `+structType=atomic`.
 * Written only where it differs from that default: a list field's keys (an array) or "set", "atomic"
 * for an atomic map, and "." → "atomic" for an atomic struct.
 */
const relationships: Record<string, Record<string, string | string[]>> = {};
for (const [key, s] of known) {
  const dot = key.lastIndexOf('.');
  const go = fieldsOf(key.slice(0, dot), key.slice(dot + 1));
  const r: Record<string, string | string[]> = {};
  if (atomicStructs.has(key)) r['.'] = 'atomic';
  for (const [name, t] of Object.entries(s.f)) {
    const f = go.get(name)!;
    const marker = (k: string) => f.markers.filter((m) => m.startsWith(`${k}=`)).map((m) => m.slice(k.length + 1));
    if (t.startsWith('[]')) {
      const listType = marker('listType')[0];
      const merge = f.patch?.strategy?.split(',').includes('merge');
      if (listType === 'map') r[name] = marker('listMapKey');
      else if (listType === 'set') r[name] = 'set';
      else if (listType === undefined && merge) r[name] = f.patch?.key ? [f.patch.key] : 'set';
    } else if (t.startsWith('{}') && marker('mapType')[0] === 'atomic') {
      r[name] = 'atomic';
    }
  }
  if (Object.keys(r).length) relationships[key] = r;
}
const RELATIONSHIPS = `${root}engine/api/managedfields/relationships.json`;

// One struct a line: diffs of a regenerated table show which struct changed.
const lines = (o: Record<string, unknown>) => `{\n${Object.entries(o).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',\n')}\n}\n`;
const json = lines(out);
const orderJSON = lines(order);
const relJSON = lines(relationships);
if (process.argv.includes('--stats')) console.error(counts);
if (check) {
  let same = true;
  for (const [file, text] of [[OUT, json], [ORDER_OUT, orderJSON], [RELATIONSHIPS, relJSON]]) {
    const ok = readFileSync(file, 'utf8') === text;
    console.log(ok ? `${file} is up to date` : `${file} differs from the Go types: run without --check`);
    same &&= ok;
  }
  process.exit(same ? 0 : 1);
}
writeFileSync(OUT, json);
writeFileSync(ORDER_OUT, orderJSON);
writeFileSync(RELATIONSHIPS, relJSON);
console.log(`wrote ${OUT}: ${Object.keys(out).length} structs; ${ORDER_OUT}: ${Object.keys(order).length}; ${RELATIONSHIPS}: ${Object.keys(relationships).length}`);
