/**
 * OpenAPI v3 documents shaped as kube-apiserver v1.35 serves them (/openapi/v3
 * index, one document per group/version, `io.k8s.api.<group>.<version>.<Kind>`
 * component names, `allOf: [$ref]` beside a field's own description, the
 * oneOf forms of Quantity and IntOrString), built from the vendored copy of
 * the Kubernetes v1.35 specification (engine/api/schema/openapi-v1.35), not
 * from the engine's generated schema. So the real `kubectl explain` prints
 * what it prints against a v1.35 cluster (texts, enums, required marks,
 * layout), and any difference from our explain is ours.
 */
import { readFileSync } from 'node:fs';
import { SCHEMA } from '../../engine/api/schema/index.js';
import { RESOURCES, apiVersionOf, type ResourceInfo } from '../../engine/api/resources.js';

type Schema = Record<string, unknown>;

const SPEC = JSON.parse(readFileSync(new URL('../../engine/api/schema/openapi-v1.35/swagger.json', import.meta.url), 'utf8')) as { definitions: Record<string, Schema> };

/** "apps/v1.Deployment" → "io.k8s.api.apps.v1.Deployment"; meta/v1 lives in apimachinery. */
function componentName(key: string): string {
  const dot = key.lastIndexOf('.');
  const gv = key.slice(0, dot);
  const name = key.slice(dot + 1);
  if (gv === 'meta/v1') return `io.k8s.apimachinery.pkg.apis.meta.v1.${name}`;
  if (gv === 'apiextensions/v1') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.${name}`;
  return `io.k8s.api.${gv.replace('/', '.')}.${name}`;
}

/**
 * The v3 form of a v2 definition: kube-openapi's v3 builder gives Quantity and
 * IntOrString the oneOf types of their OpenAPIV3OneOfTypes instead of v2's
 * `type: string`.
 */
const V3_SCALARS: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
};

const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

/** v2 → v3: refs point into components, and a ref with siblings (its field's description) goes inside allOf. */
function toV3(s: Schema, comps: Record<string, Schema>): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') continue;
    if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) out[k] = toV3(v as Schema, comps);
    else if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([n, p]) => [n, toV3(p, comps)]));
    else out[k] = v;
  }
  if (typeof s.$ref === 'string') {
    const name = refName(s.$ref);
    addDefinition(name, comps);
    const ref = { $ref: `#/components/schemas/${name}` };
    if (Object.keys(out).length === 0) return ref;
    out.allOf = [ref];
  }
  return out;
}

function addDefinition(name: string, comps: Record<string, Schema>): void {
  if (comps[name]) return;
  const def = SPEC.definitions[name];
  if (!def) throw new Error(`no definition ${name} in the vendored spec`);
  const scalar = V3_SCALARS[name];
  if (scalar) {
    comps[name] = { description: def.description, ...scalar };
    return;
  }
  comps[name] = {};
  comps[name] = toV3(def, comps);
}

/** The query parameters kube-apiserver v1.35 lists on every PATCH operation. */
const PATCH_QUERY_PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
  name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
}));

/** Path → document: "/openapi/v3" and "/openapi/v3/apis/apps/v1" etc. */
export function openapiDocuments(): Record<string, unknown> {
  const byGV = new Map<string, ResourceInfo[]>();
  for (const r of RESOURCES) {
    // A kind whose definition the vendored spec lacks (rbac.authorization.k8s.io) has no document: kubectl then validates nothing client-side.
    if (r.virtual || !SCHEMA.roots[r.kind] || !SPEC.definitions[componentName(SCHEMA.roots[r.kind])]) continue;
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
      addDefinition(componentName(SCHEMA.roots[r.kind]), comps);
      const base = `/${p}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}`;
      const gvk = { group: r.group, kind: r.kind, version: r.version };
      // kubectl reads the PATCH operation's query parameters to learn that the server validates fields itself
      // (cli-runtime queryParamVerifierV3); without them it would fall back to client-side validation with /openapi/v2.
      paths[`${base}/{name}`] = { get: { 'x-kubernetes-group-version-kind': gvk }, patch: { 'x-kubernetes-group-version-kind': gvk, parameters: PATCH_QUERY_PARAMETERS } };
    }
    out[`/openapi/v3/${p}`] = { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.35.0' }, paths, components: { schemas: comps } };
  }
  out['/openapi/v3'] = index;
  return out;
}
