/**
 * OpenAPI v3 documents shaped as kube-apiserver serves them (/openapi/v3 index,
 * one document per group/version, `io.k8s.api.<group>.<version>.<Kind>`
 * component names, `allOf: [$ref]` for struct fields), built from the engine's
 * schema (engine/api/schema: field types and the field documentation that was
 * generated from the Kubernetes Go types). The real `kubectl explain` walks
 * these, so its layout, wrapping and field ordering are checked while the
 * texts themselves are the engine's copies of the upstream comments.
 */
import { SCHEMA } from '../../engine/api/schema/index.js';
import docsJson from '../../engine/api/schema/descriptions.json';
import { RESOURCES, apiVersionOf, type ResourceInfo } from '../../engine/api/resources.js';

type Docs = Record<string, Record<string, string>>;
const DOCS = docsJson as unknown as Docs;
type Schema = Record<string, unknown>;

/** intstr.IntOrString's comment, as the apiserver's OpenAPI carries it. */
const INT_OR_STRING_DOC = 'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.';

/** "apps/v1.Deployment" → "io.k8s.api.apps.v1.Deployment"; meta/v1 lives in apimachinery. */
function componentName(key: string): string {
  const dot = key.lastIndexOf('.');
  const gv = key.slice(0, dot);
  const name = key.slice(dot + 1);
  if (gv === 'meta/v1') return `io.k8s.apimachinery.pkg.apis.meta.v1.${name}`;
  return `io.k8s.api.${gv.replace('/', '.')}.${name}`;
}

const SCALARS: Record<string, [string, () => Schema]> = {
  t: ['io.k8s.apimachinery.pkg.apis.meta.v1.Time', () => ({ type: 'string', format: 'date-time', description: DOCS['!scalars'].t })],
  mt: ['io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime', () => ({ type: 'string', format: 'date-time', description: DOCS['!scalars'].mt })],
  q: ['io.k8s.apimachinery.pkg.api.resource.Quantity', () => ({ description: DOCS['!scalars'].q, oneOf: [{ type: 'string' }, { type: 'number' }] })],
  ios: ['io.k8s.apimachinery.pkg.util.intstr.IntOrString', () => ({ description: INT_OR_STRING_DOC, format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] })],
};

function valueSchema(code: string, comps: Record<string, Schema>): Schema {
  if (code.startsWith('[]')) return { type: 'array', items: valueSchema(code.slice(2), comps) };
  if (code.startsWith('{}')) return { type: 'object', additionalProperties: valueSchema(code.slice(2), comps) };
  if (code.startsWith('@')) {
    addStruct(code.slice(1), comps);
    return { allOf: [{ $ref: `#/components/schemas/${componentName(code.slice(1))}` }] };
  }
  const scalar = SCALARS[code];
  if (scalar) {
    comps[scalar[0]] = scalar[1]();
    return { allOf: [{ $ref: `#/components/schemas/${scalar[0]}` }] };
  }
  switch (code) {
    case 's': return { type: 'string' };
    case 'bytes': return { type: 'string', format: 'byte' };
    case 'b': return { type: 'boolean' };
    case 'i32': return { type: 'integer', format: 'int32' };
    case 'i64': return { type: 'integer', format: 'int64' };
    case 'f64': return { type: 'number', format: 'double' };
    default: return { type: 'object' };
  }
}

function addStruct(key: string, comps: Record<string, Schema>): void {
  const name = componentName(key);
  if (comps[name]) return;
  const s = SCHEMA.types[key];
  const d = DOCS[key] ?? {};
  const properties: Record<string, Schema> = {};
  const schema: Schema = { type: 'object', properties };
  if (d['']) schema.description = d[''];
  comps[name] = schema;
  for (const [field, code] of Object.entries(s.f)) {
    const v = valueSchema(code, comps);
    if (d[field]) v.description = d[field];
    properties[field] = v;
  }
  if (d['!required']) schema.required = String(d['!required']).split(',');
}

/** Path → document: "/openapi/v3" and "/openapi/v3/apis/apps/v1" etc. */
export function openapiDocuments(): Record<string, unknown> {
  const byGV = new Map<string, ResourceInfo[]>();
  for (const r of RESOURCES) {
    if (r.virtual || !SCHEMA.roots[r.kind]) continue;
    const gv = apiVersionOf(r);
    if (!byGV.has(gv)) byGV.set(gv, []);
    byGV.get(gv)!.push(r);
  }
  const out: Record<string, unknown> = {};
  const index: { paths: Record<string, unknown> } = { paths: {} };
  for (const [gv, rs] of byGV) {
    const p = gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
    index.paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=0123456789ABCDEF` };
    const comps: Record<string, Schema> = {};
    const paths: Record<string, unknown> = {};
    for (const r of rs) {
      const root = SCHEMA.roots[r.kind];
      addStruct(root, comps);
      comps[componentName(root)]['x-kubernetes-group-version-kind'] = [{ group: r.group, kind: r.kind, version: r.version }];
      const base = `/${p}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}`;
      paths[`${base}/{name}`] = { get: { 'x-kubernetes-group-version-kind': { group: r.group, kind: r.kind, version: r.version } } };
    }
    out[`/openapi/v3/${p}`] = { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.35.0' }, paths, components: { schemas: comps } };
  }
  out['/openapi/v3'] = index;
  return out;
}
