/**
 * A served version's schema as kube-apiserver publishes it in OpenAPI (apiextensions-apiserver
 * pkg/controller/openapi/builder): the CRD's properties plus apiVersion, kind and metadata (ObjectMeta), which
 * `kubectl explain` reads. Here it joins the engine's field schema as structs (schema/index.ts SCHEMA) with their
 * documentation beside them (crd-loader.ts customResourceDocs).
 */
import { SCHEMA } from '../../schema/index.js';
import type { ResourceInfo } from '../../resources.js';
import { customResourceDocs } from '../crd-loader.js';
import type { JSONSchemaProps } from './schema.js';

/** metav1.TypeMeta's and the object's metadata documentation, which the builder gives the three fields it adds. */
const TYPE_META_DOCS: Record<string, string> = {
  apiVersion: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  kind: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  metadata: 'Standard object\'s metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The struct keys end with a dot: explain names an inline object's type <Object>, as OpenAPI gives it no name. */
const rootKey = (row: ResourceInfo) => `crd:${row.group}/${row.version}.${row.kind}/.`;

function codeOf(node: JSONSchemaProps | undefined, key: string, keys: string[]): string {
  if (!isObject(node)) return 'any';
  const s = node as JSONSchemaProps;
  if (s['x-kubernetes-int-or-string']) return 'ios';
  switch (s.type) {
    case 'string': return 's';
    case 'integer': return 'i64';
    case 'number': return 'f64';
    case 'boolean': return 'b';
    case 'array': return `[]${codeOf(s.items, `${key.slice(0, -1)}[].`, keys)}`;
    default:
      if (isObject(s.properties)) return `@${struct(s, key, keys)}`;
      if (isObject(s.additionalProperties)) return `{}${codeOf(s.additionalProperties as JSONSchemaProps, `${key.slice(0, -1)}{}.`, keys)}`;
      return 'any';
  }
}

function struct(s: JSONSchemaProps, key: string, keys: string[], root = false): string {
  const f: Record<string, string> = {};
  const docs: Record<string, unknown> = { '': s.description ?? '' };
  const enums: Record<string, string[]> = {};
  keys.push(key);
  for (const name of Object.keys(s.properties ?? {})) {
    const p = s.properties![name];
    f[name] = codeOf(p, `${key.slice(0, -1)}${name}.`, keys);
    docs[name] = p.description ?? '';
    if (Array.isArray(p.enum)) enums[name] = p.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  }
  if (root) {
    for (const name of ['apiVersion', 'kind']) {
      f[name] = 's';
      docs[name] = s.properties?.[name]?.description || TYPE_META_DOCS[name];
    }
    f.metadata = SCHEMA.types[SCHEMA.roots.Pod]?.f.metadata ?? 'any';
    docs.metadata = TYPE_META_DOCS.metadata;
  }
  if (s.required?.length) docs['!required'] = s.required.join(',');
  if (Object.keys(enums).length) docs['!enum'] = enums;
  SCHEMA.types[key] = { go: key, f };
  customResourceDocs[key] = docs;
  return key;
}

const published = new Map<string, string[]>();

export function publishSchema(row: ResourceInfo, schema: JSONSchemaProps | undefined): void {
  unpublishSchema(row);
  const keys: string[] = [];
  SCHEMA.roots[`${row.group}/${row.version}.${row.kind}`] = struct(isObject(schema) ? schema : {}, rootKey(row), keys, true);
  published.set(rootKey(row), keys);
}

export function unpublishSchema(row: ResourceInfo): void {
  for (const k of published.get(rootKey(row)) ?? []) {
    delete SCHEMA.types[k];
    delete customResourceDocs[k];
  }
  published.delete(rootKey(row));
  if (SCHEMA.roots[`${row.group}/${row.version}.${row.kind}`] === rootKey(row)) delete SCHEMA.roots[`${row.group}/${row.version}.${row.kind}`];
}
