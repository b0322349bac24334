/**
 * A CustomResourceDefinition's openAPIV3Schema at work: the structural-schema checks of the CRD itself
 * (apiextensions-apiserver pkg/apiserver/schema/validation.go, pkg/apis/apiextensions/validation), and for each
 * custom resource the pruning and defaulting of its decoder (pkg/apiserver/schema/pruning, defaulting) and
 * kube-openapi's validation, whose errors the server turns into field errors (kubeOpenAPIResultToFieldErrors).
 */
import { field, fieldErrorText, type FieldError } from '../../errors.js';
import { deepEqual } from '../../meta.js';
import { validateRulesOfSchema, type ValidationRule } from './validation-rules.js';

/** apiextensions/v1 JSONSchemaProps, as the JSON a manifest gives (only what the server reads here). */
export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  multipleOf?: number;
  uniqueItems?: boolean;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  $ref?: string;
  title?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-validations'?: ValidationRule[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
}

const OPENAPI_V3_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const sortedKeys = (o: object | undefined) => Object.keys(o ?? {}).sort();

type Level = 'root' | 'item' | 'field';

/** The checks of a CRD's schema that learners meet: structural invariants and the OpenAPI subset kube-apiserver accepts. */
export function validateCRDSchema(schema: JSONSchemaProps, path: string, statusEnabled: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (statusEnabled && schema.type !== undefined && schema.type !== 'object') {
    errs.push(field.invalid(`${path}.type`, schema.type, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled'));
  }
  if (schema.nullable) errs.push(field.forbidden(`${path}.nullable`, 'nullable cannot be true at the root'));
  const structural: FieldError[] = [];
  structuralInvariants(schema, path, 'root', structural);
  // ValidateStructural sorts its errors by their text (the schema's maps have no order).
  errs.push(...structural.map((e) => [fieldErrorText(e), e] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e));
  openAPIChecks(schema, path, errs);
  // The rules compile only against a schema without errors (their types come from it).
  errs.push(...validateRulesOfSchema(schema, path, true, errs.length === 0));
  return errs;
}

function structuralInvariants(s: JSONSchemaProps, path: string, lvl: Level, errs: FieldError[]): void {
  if (!isObject(s as unknown)) return;
  const embedded = !!s['x-kubernetes-embedded-resource'];
  if (embedded && s.type !== 'object') {
    if (!s.type) errs.push(field.required(`${path}.type`, 'must be object if x-kubernetes-embedded-resource is true'));
    else errs.push(field.invalid(`${path}.type`, s.type, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (!s.type && !s['x-kubernetes-int-or-string'] && !s['x-kubernetes-preserve-unknown-fields']) {
    const detail = lvl === 'root' ? 'must not be empty at the root' : lvl === 'item' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields';
    errs.push(field.required(`${path}.type`, detail));
  }
  if (embedded && s.additionalProperties !== undefined) errs.push(field.forbidden(`${path}.additionalProperties`, 'must not be used if x-kubernetes-embedded-resource is set'));
  if (lvl === 'root' && s.type && s.type !== 'object') errs.push(field.invalid(`${path}.type`, s.type, 'must be object at the root'));
  if (lvl === 'root' && s.additionalProperties !== undefined) errs.push(field.forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
  if (s['x-kubernetes-int-or-string'] && s['x-kubernetes-preserve-unknown-fields']) errs.push(field.invalid(`${path}.x-kubernetes-preserve-unknown-fields`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (s['x-kubernetes-int-or-string'] && embedded) errs.push(field.invalid(`${path}.x-kubernetes-embedded-resource`, true, 'must be false if x-kubernetes-int-or-string is true'));
  // apiVersion, kind and metadata of a resource (the root, an embedded one) are the API's, not the schema's.
  const resource = lvl === 'root' || embedded;
  for (const k of ['kind', 'apiVersion']) {
    const p = s.properties?.[k];
    if (resource && isObject(p) && p.type !== 'string') errs.push(field.invalid(`${path}.properties[${k}].type`, p.type ?? '', 'must be string'));
  }
  if (isObject(s.properties?.metadata)) metadataInvariants(s.properties!.metadata, resource, lvl, `${path}.properties[metadata]`, errs);
  if (embedded && !s['x-kubernetes-preserve-unknown-fields'] && !Object.keys(s.properties ?? {}).length) {
    errs.push(field.required(`${path}.properties`, 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
  nestedValueValidations(s, path, errs);
  if (s['x-kubernetes-preserve-unknown-fields'] === false) errs.push(field.invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
  if (s.type === 'array' && s.items === undefined) errs.push(field.required(`${path}.items`, 'must be specified'));
  for (const k of sortedKeys(s.properties)) structuralInvariants(s.properties![k], `${path}.properties[${k}]`, 'field', errs);
  if (isObject(s.additionalProperties)) structuralInvariants(s.additionalProperties as JSONSchemaProps, `${path}.additionalProperties`, 'field', errs);
  if (isObject(s.items)) structuralInvariants(s.items, `${path}.items`, 'item', errs);
}

/** validateStructuralMetadataInvariants: at the root, metadata may only narrow name and generateName. */
function metadataInvariants(m: JSONSchemaProps, resource: boolean, lvl: Level, path: string, errs: FieldError[]): void {
  if (resource && m.type !== 'object') errs.push(field.invalid(`${path}.type`, m.type ?? '', 'must be object'));
  if (lvl !== 'root') return;
  const props = Object.keys(m.properties ?? {});
  const onlyNames = props.length > 0 && props.every((k) => k === 'name' || k === 'generateName');
  const rest = Object.keys(m).filter((k) => k !== 'type' && k !== 'default' && !(k === 'properties' && (onlyNames || props.length === 0)));
  if (rest.length) errs.push(field.forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
}

/** The keys a schema under allOf, anyOf, oneOf or not may not have (validateNestedValueValidation). */
const NESTED_FORBIDDEN: [keyof JSONSchemaProps, string][] = [
  ['type', 'must be empty to be structural'], ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'], ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'], ['nullable', 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'], ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'], ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'], ['x-kubernetes-map-type', 'must be undefined to be structural'],
];

const isIntOrStringAnyOf = (a: unknown) => Array.isArray(a) && a.length === 2 && deepEqual(a, [{ type: 'integer' }, { type: 'string' }]);

/** validateValueValidation: the junctors' schemas only validate values; the two int-or-string patterns may name types. */
function nestedValueValidations(s: JSONSchemaProps, path: string, errs: FieldError[], skipAnyOf = isIntOrStringAnyOf(s.anyOf),
  skipFirstAllOfAnyOf = Array.isArray(s.allOf) && isIntOrStringAnyOf(s.allOf[0]?.anyOf), celAllowed = true): void {
  const nested = (n: unknown, p: string, skip: boolean, cel: boolean) => {
    if (!isObject(n)) return;
    const v = n as JSONSchemaProps;
    nestedValueValidations(v, p, errs, skip, false, cel);
    if (isObject(v.items)) nested(v.items, `${p}.items`, false, cel);
    for (const k of sortedKeys(v.properties)) nested(v.properties![k], `${p}.properties[${k}]`, false, cel);
    for (const [k, why] of NESTED_FORBIDDEN) {
      const x = v[k];
      if (x === undefined || x === false || x === '' || (Array.isArray(x) && !x.length)) continue;
      errs.push(field.forbidden(`${p}.${k}`, why));
    }
    if (Array.isArray(v['x-kubernetes-validations']) && v['x-kubernetes-validations'].length && !cel) errs.push(field.forbidden(`${p}.x-kubernetes-validations`, 'must be empty to be structural'));
    if (v.properties?.metadata !== undefined) errs.push(field.forbidden(`${p}.properties[metadata]`, 'must not be specified in a nested context'));
  };
  if (!skipAnyOf) (s.anyOf ?? []).forEach((x, i) => nested(x, `${path}.anyOf[${i}]`, false, false));
  (s.allOf ?? []).forEach((x, i) => nested(x, `${path}.allOf[${i}]`, skipFirstAllOfAnyOf && i === 0, celAllowed));
  (s.oneOf ?? []).forEach((x, i) => nested(x, `${path}.oneOf[${i}]`, false, false));
  nested(s.not, `${path}.not`, false, false);
}

function openAPIChecks(s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  if (!isObject(s as unknown)) return;
  if (s.type && !OPENAPI_V3_TYPES.includes(s.type)) errs.push(field.notSupported(`${path}.type`, s.type, OPENAPI_V3_TYPES));
  if (s.$ref !== undefined) errs.push(field.forbidden(`${path}.$ref`, '$ref is not supported'));
  if (s.uniqueItems) errs.push(field.forbidden(`${path}.uniqueItems`, 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  if (s.additionalProperties !== undefined && Object.keys(s.properties ?? {}).length) {
    if (s.additionalProperties !== true) errs.push(field.forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  if (isObject(s.additionalProperties)) openAPIChecks(s.additionalProperties as JSONSchemaProps, `${path}.additionalProperties`, errs);
  for (const k of sortedKeys(s.properties)) openAPIChecks(s.properties![k], `${path}.properties[${k}]`, errs);
  if (isObject(s.items)) openAPIChecks(s.items, `${path}.items`, errs);
  listAndMapTypeChecks(s, path, errs);
}

/** The x-kubernetes-list-type, -list-map-keys and -map-type checks of ValidateCustomResourceDefinitionOpenAPISchema. */
function listAndMapTypeChecks(s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const mapType = s['x-kubernetes-map-type'];
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  const items = isObject(s.items) ? (s.items as JSONSchemaProps) : undefined;
  if (mapType !== undefined && s.type !== 'object') {
    if (!s.type) errs.push(field.required(`${path}.type`, 'must be object if x-kubernetes-map-type is specified'));
    else errs.push(field.invalid(`${path}.type`, s.type, 'must be object if x-kubernetes-map-type is specified'));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') errs.push(field.notSupported(`${path}.x-kubernetes-map-type`, mapType, ['atomic', 'granular']));
  if (listType !== undefined && s.type !== 'array') {
    if (!s.type) errs.push(field.required(`${path}.type`, 'must be array if x-kubernetes-list-type is specified'));
    else errs.push(field.invalid(`${path}.type`, s.type, 'must be array if x-kubernetes-list-type is specified'));
  } else if (listType === 'set' && items) {
    if (items.type === 'array' && items['x-kubernetes-list-type'] !== undefined && items['x-kubernetes-list-type'] !== 'atomic') {
      errs.push(field.invalid(`${path}.items.x-kubernetes-list-type`, items['x-kubernetes-list-type'], 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    } else if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      // The Go code reports the item's list type (unset: nil) as the bad value.
      errs.push({ type: 'FieldValueInvalid', field: `${path}.items.x-kubernetes-map-type`, value: items['x-kubernetes-list-type'] === undefined ? 'null' : JSON.stringify(items['x-kubernetes-list-type']), detail: 'must be atomic as item of a list with x-kubernetes-list-type=set' });
    }
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) errs.push(field.notSupported(`${path}.x-kubernetes-list-type`, listType, ['atomic', 'set', 'map']));
  if (keys.length) {
    if (listType === undefined) errs.push(field.required(`${path}.x-kubernetes-list-type`, 'must be map if x-kubernetes-list-map-keys is non-empty'));
    else if (listType !== 'map') errs.push(field.invalid(`${path}.x-kubernetes-list-type`, listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  if (listType === 'map') {
    if (!keys.length) errs.push(field.required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
    if (!s.items) errs.push(field.required(`${path}.items`, 'must have a schema if x-kubernetes-list-type is map'));
    if (items && items.type !== 'object') errs.push(field.invalid(`${path}.items.type`, items.type ?? '', 'must be object if parent array\'s x-kubernetes-list-type is map'));
    if (items && items.type === 'object') {
      const seen = new Set<string>();
      for (const k of keys) {
        const p = items.properties?.[k];
        if (p) {
          if (p.type === 'array' || p.type === 'object') errs.push(field.invalid(`${path}.items.properties[${k}].type`, items.type, 'must be a scalar type if parent array\'s x-kubernetes-list-type is map'));
        } else errs.push(field.invalid(`${path}.x-kubernetes-list-map-keys`, keys, 'entries must all be names of item properties'));
        if (seen.has(k)) errs.push(field.invalid(`${path}.x-kubernetes-list-map-keys`, keys, 'must not contain duplicate entries'));
        seen.add(k);
      }
    }
  }
  // validateMapListKeysMapSet: a set's or map's items are never null, and a map's keys are always there.
  if (items && (listType === 'set' || listType === 'map')) {
    if (items.nullable) errs.push(field.forbidden(`${path}.items.nullable`, `cannot be nullable when x-kubernetes-list-type is ${listType}`));
    if (listType === 'map') {
      const required = new Set(items.required ?? []);
      for (const k of keys) {
        const p = items.properties?.[k];
        if (!p) continue;
        if (!required.has(k) && p.default === undefined) errs.push(field.required(`${path}.items.properties[${k}].default`, 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
        if (p.nullable) errs.push(field.forbidden(`${path}.items.properties[${k}].nullable`, 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
      }
    }
  }
}

// ---------- custom resources ----------

/**
 * Pruning (pkg/apiserver/schema/pruning): drops what the schema does not specify, in place, and returns the dropped
 * fields' paths (the strict decoder's `unknown field "spec.foo"`). apiVersion, kind and metadata stay at the root
 * and in embedded resources.
 */
export function prune(obj: unknown, schema: JSONSchemaProps | undefined, remove: boolean): string[] {
  const found: string[] = [];
  pruneValue(obj, schema, '', true, remove, found);
  return found;
}

function pruneValue(v: unknown, s: JSONSchemaProps | undefined, path: string, isResource: boolean, remove: boolean, found: string[]): void {
  if (!s) return;
  if (Array.isArray(v)) {
    if (s.items) v.forEach((item, i) => pruneValue(item, s.items, `${path}[${i}]`, !!s.items!['x-kubernetes-embedded-resource'], remove, found));
    return;
  }
  if (!isObject(v)) return;
  const preserve = !!s['x-kubernetes-preserve-unknown-fields'];
  for (const k of Object.keys(v)) {
    const p = path ? `${path}.${k}` : k;
    if (isResource && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) continue;
    const prop = s.properties?.[k];
    if (prop) { pruneValue(v[k], prop, p, !!prop['x-kubernetes-embedded-resource'], remove, found); continue; }
    if (isObject(s.additionalProperties)) { pruneValue(v[k], s.additionalProperties as JSONSchemaProps, p, false, remove, found); continue; }
    if (preserve || s.additionalProperties === true) continue;
    found.push(p);
    if (remove) delete v[k];
  }
}

/** Structural defaulting (pkg/apiserver/schema/defaulting): a missing field whose schema has a default gets a copy of it. */
export function applyDefaults(v: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (Array.isArray(v)) {
    if (s.items) for (const item of v) applyDefaults(item, s.items);
    return;
  }
  if (!isObject(v)) return;
  for (const k of Object.keys(s.properties ?? {})) {
    const prop = s.properties![k];
    // A null the schema does not allow is pruned first, then defaulted like a missing field (PruneNonNullableNullsWithoutDefaults).
    if (v[k] === null && !prop.nullable) delete v[k];
    if (v[k] === undefined && prop.default !== undefined) v[k] = structuredClone(prop.default);
    if (v[k] !== undefined) applyDefaults(v[k], prop);
  }
  if (isObject(s.additionalProperties)) {
    const ap = s.additionalProperties as JSONSchemaProps;
    for (const k of Object.keys(v)) {
      if (s.properties?.[k]) continue;
      if (v[k] === null && !ap.nullable) { delete v[k]; continue; }
      applyDefaults(v[k], ap);
    }
  }
}

/** The JSON type name kube-openapi reports a value as ("string", "integer", "null"...). */
function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** Go's %v of a JSON number (minimum/maximum in the messages). */
const goNumber = (n: number) => String(n);

/**
 * kube-openapi's SchemaValidator over a custom resource, its errors as kube-apiserver reports them
 * (field paths without the leading dot; "in body" in the messages).
 */
export function validateAgainstSchema(obj: unknown, schema: JSONSchemaProps, old?: unknown): FieldError[] {
  const errs: FieldError[] = [];
  validateValue(obj, schema, '', true, errs, old === undefined ? undefined : { value: old });
  return errs;
}

/** The old value an update correlates with a node (common.CorrelatedObject): a map's same key, a map-list's same keys. */
type Correlated = { value: unknown } | undefined;

function correlatedKey(old: Correlated, v: Record<string, unknown>, k: string): Correlated {
  if (!old || !isObject(old.value) || !(k in old.value) || !(k in v)) return undefined;
  return { value: old.value[k] };
}

function correlatedIndex(old: Correlated, s: JSONSchemaProps, item: unknown): Correlated {
  if (!old || s['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old.value) || !isObject(item)) return undefined;
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  if (!keys.length) return undefined;
  const found = old.value.find((o) => isObject(o) && keys.every((k) => deepEqual(o[k], item[k])));
  return found === undefined ? undefined : { value: found };
}

const p0 = (path: string) => (path ? `${path}.` : '');

function validateValue(v: unknown, s: JSONSchemaProps, path: string, isRoot: boolean, errs: FieldError[], old: Correlated = undefined): void {
  // Ratcheting (CRDValidationRatcheting, GA in v1.35): a value an update leaves as it was keeps whatever errors it had.
  if (old && deepEqual(old.value, v)) return;
  const name = path || '.';
  if (v === null) {
    if (s.nullable || s['x-kubernetes-preserve-unknown-fields'] && !s.type) return;
    if (s.type) errs.push({ ...field.invalid(path, 'null', `${name} in body must be of type ${s.type}: "null"`), type: 'FieldValueTypeInvalid' });
    return;
  }
  const actual = jsonType(v);
  if (s['x-kubernetes-int-or-string']) {
    if (actual !== 'integer' && actual !== 'string') {
      errs.push({ ...field.invalid(path, actual, `${name} in body must be of type integer,string: "${actual}"`), type: 'FieldValueTypeInvalid' });
      return;
    }
  } else if (s.type) {
    const ok = s.type === actual || (s.type === 'number' && actual === 'integer');
    if (!ok) {
      errs.push({ ...field.invalid(path, actual, `${name} in body must be of type ${s.type}: "${actual}"`), type: 'FieldValueTypeInvalid' });
      return;
    }
  }
  compositions(v, s, path, isRoot, errs);
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    errs.push(field.notSupported(path, v, s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))));
  }
  if (typeof v === 'string') {
    const len = [...v].length;
    if (s.maxLength !== undefined && len > s.maxLength) errs.push(field.tooLong(path, s.maxLength));
    if (s.minLength !== undefined && len < s.minLength) errs.push(field.invalid(path, v, `${name} in body should be at least ${s.minLength} chars long`));
    if (s.pattern !== undefined) {
      const re = regexpOf(s.pattern);
      if (re && !re.test(v)) errs.push(field.invalid(path, v, `${name} in body should match '${s.pattern}'`));
    }
  }
  if (typeof v === 'number') {
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
      errs.push(field.invalid(path, v, `${name} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${goNumber(s.maximum)}`));
    }
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
      errs.push(field.invalid(path, v, `${name} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${goNumber(s.minimum)}`));
    }
    if (s.multipleOf !== undefined && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf)) errs.push(field.invalid(path, v, `${name} in body should be a multiple of ${goNumber(s.multipleOf)}`));
  }
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems) errs.push(field.tooMany(path, v.length, s.maxItems));
    // kube-openapi's TooFewItems and TooFewProperties carry the count as the bad value.
    if (s.minItems !== undefined && v.length < s.minItems) errs.push(field.invalid(path, v.length, `${name} in body should have at least ${s.minItems} items`));
    if (s.items) v.forEach((item, i) => validateValue(item, s.items!, `${path}[${i}]`, false, errs, correlatedIndex(old, s, item)));
    return;
  }
  if (isObject(v)) {
    const n = Object.keys(v).length;
    if (s.maxProperties !== undefined && n > s.maxProperties) errs.push(field.tooMany(path, n, s.maxProperties));
    if (s.minProperties !== undefined && n < s.minProperties) errs.push(field.invalid(path, n, `${name} in body should have at least ${s.minProperties} properties`));
    for (const r of s.required ?? []) if (v[r] === undefined) errs.push(field.required(path ? `${path}.${r}` : r, ''));
    // Each property in name order: one deterministic order for the errors of several fields.
    for (const k of Object.keys(v).sort()) {
      // metadata is ObjectMeta's to check, but the schema may narrow its name and generateName (maxLength, pattern).
      if (isRoot && k === 'metadata' && isObject(v[k]) && s.properties?.metadata?.properties) {
        const meta = v[k] as Record<string, unknown>;
        for (const f of ['generateName', 'name']) {
          const narrowed = s.properties.metadata.properties[f];
          if (narrowed && meta[f] !== undefined) validateValue(meta[f], narrowed, `${p0(path)}metadata.${f}`, false, errs, correlatedKey(correlatedKey(old, v, 'metadata'), meta, f));
        }
      }
      if (isRoot && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
      if (v[k] === undefined) continue;
      const p = path ? `${path}.${k}` : k;
      const prop = s.properties?.[k];
      const o = correlatedKey(old, v, k);
      if (prop) validateValue(v[k], prop, p, !!prop['x-kubernetes-embedded-resource'], errs, o);
      else if (isObject(s.additionalProperties)) validateValue(v[k], s.additionalProperties as JSONSchemaProps, p, false, errs, o);
    }
    if (s['x-kubernetes-embedded-resource'] && path) {
      if (typeof v.apiVersion !== 'string' || !v.apiVersion) errs.push(field.required(`${path}.apiVersion`, 'must not be empty'));
      if (typeof v.kind !== 'string' || !v.kind) errs.push(field.required(`${path}.kind`, 'must not be empty'));
    }
  }
}

/**
 * kube-openapi's schemaPropsValidator: anyOf, oneOf, allOf and not. Their own errors have no field (an *errors.Validation
 * they are not, so kubeOpenAPIResultToFieldErrors reports them at the nil path with an empty value); an alternative's
 * errors come along (anyOf's and oneOf's closest one: here the first with the fewest errors, where kube-openapi
 * counts the checks that passed).
 */
function compositions(v: unknown, s: JSONSchemaProps, path: string, isRoot: boolean, errs: FieldError[]): void {
  const run = (x: JSONSchemaProps) => {
    const e: FieldError[] = [];
    if (isObject(x as unknown)) validateValue(v, x, path, isRoot, e);
    return e;
  };
  const composite = (detail: string) => errs.push({ type: 'FieldValueInvalid', field: '<nil>', value: '""', detail });
  const name = JSON.stringify(path);
  if (s.anyOf?.length) {
    let best: FieldError[] | undefined;
    let valid = false;
    for (const x of s.anyOf) {
      const e = run(x);
      if (!e.length) { valid = true; break; }
      if (!best || e.length < best.length) best = e;
    }
    if (!valid) { composite(`${name} must validate at least one schema (anyOf)`); errs.push(...best!); }
  }
  if (s.oneOf?.length) {
    let best: FieldError[] | undefined;
    let valid = 0;
    for (const x of s.oneOf) {
      const e = run(x);
      if (!e.length) { valid++; best = undefined; continue; }
      if (valid === 0 && (!best || e.length < best.length)) best = e;
    }
    if (valid !== 1) {
      composite(`${name} must validate one and only one schema (oneOf). ${valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`}`);
      if (best) errs.push(...best);
    }
  }
  if (s.allOf?.length) {
    let valid = 0;
    for (const x of s.allOf) {
      const e = run(x);
      if (!e.length) valid++;
      errs.push(...e);
    }
    if (valid !== s.allOf.length) composite(`${name} must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`);
  }
  if (isObject(s.not as unknown) && !run(s.not!).length) composite(`${name} must not validate the schema (not)`);
}

/**
 * ValidateListSetsAndMaps (pkg/apiserver/schema/listtype): a set's items and a map-list's keys are unique; each value
 * seen again is reported once, at its second place, as a Duplicate of the item (a set) or of its keys (a map).
 */
export function validateListSetsAndMaps(obj: unknown, s: JSONSchemaProps): FieldError[] {
  const errs: FieldError[] = [];
  const walk = (v: unknown, n: JSONSchemaProps | undefined, path: string) => {
    if (!n || !isObject(n as unknown)) return;
    if (Array.isArray(v)) {
      listInvariants(v, n, path, errs);
      if (isObject(n.items)) v.forEach((x, i) => walk(x, n.items, `${path}[${i}]`));
      return;
    }
    if (!isObject(v)) return;
    if (isObject(n.additionalProperties)) for (const k of Object.keys(v)) walk(v[k], n.additionalProperties as JSONSchemaProps, `${path}[${k}]`);
    for (const k of Object.keys(v)) if (n.properties?.[k]) walk(v[k], n.properties[k], path ? `${path}.${k}` : k);
  };
  walk(obj, s, '');
  return errs;
}

/** The indexes of the second occurrence of each value seen more than once (validateListSet). */
function secondOccurrences(values: unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  values.forEach((x, i) => {
    const key = x === UNSPECIFIED ? '\u0000' : sortedJSON(x);
    const times = seen.get(key) ?? 0;
    if (times === 1) out.push(i);
    seen.set(key, times + 1);
  });
  return out;
}

const UNSPECIFIED = Symbol('unspecified key');

function sortedJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJSON).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJSON(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

function listInvariants(list: unknown[], s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const type = s['x-kubernetes-list-type'];
  if (type === 'set') {
    for (const i of secondOccurrences(list)) errs.push(field.duplicate(`${path}[${i}]`, list[i]));
    return;
  }
  if (type !== 'map') return;
  const bad = list.findIndex((x) => x !== null && !isObject(x));
  if (bad >= 0) { errs.push(field.invalid(`${path}[${bad}]`, list[bad], 'must be an object for an array of list-type map')); return; }
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  if (list.length <= 1) return;
  const keyOf = (x: unknown): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (isObject(x)) for (const k of keys) if (k in x) out[k] = x[k];
    return out;
  };
  if (keys.length === 1) {
    const values = list.map((x) => (isObject(x) && keys[0] in x ? x[keys[0]] : UNSPECIFIED));
    for (const i of secondOccurrences(values)) errs.push(field.duplicate(`${path}[${i}]`, values[i] === UNSPECIFIED ? {} : { [keys[0]]: values[i] }));
    return;
  }
  const values = list.map(keyOf);
  for (const i of secondOccurrences(values)) errs.push(field.duplicate(`${path}[${i}]`, values[i]));
}

/** An RE2 pattern as a JavaScript RegExp (the common subset; one that JavaScript cannot read is not checked). */
function regexpOf(pattern: string): RegExp | undefined {
  for (const flags of ['u', '']) {
    try { return new RegExp(pattern, flags); } catch { /* the next reading */ }
  }
  return undefined;
}

/** The schema node at a simple JSON path (".spec.replicas"), for printer columns and the scale subresource. */
export function schemaAt(schema: JSONSchemaProps | undefined, jsonPath: string): JSONSchemaProps | undefined {
  let s = schema;
  for (const part of jsonPath.split('.').filter(Boolean)) s = s?.properties?.[part];
  return s;
}
