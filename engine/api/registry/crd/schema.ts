/**
 * A CustomResourceDefinition's openAPIV3Schema at work: the structural-schema checks of the CRD itself
 * (apiextensions-apiserver pkg/apiserver/schema/validation.go, pkg/apis/apiextensions/validation), and for each
 * custom resource the pruning and defaulting of its decoder (pkg/apiserver/schema/pruning, defaulting) and
 * kube-openapi's validation, whose errors the server turns into field errors (kubeOpenAPIResultToFieldErrors).
 */
import { field, type FieldError } from '../../errors.js';
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
  errs.push(...structural);
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
  if (s['x-kubernetes-preserve-unknown-fields'] === false) errs.push(field.invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
  if (s.type === 'array' && s.items === undefined) errs.push(field.required(`${path}.items`, 'must be specified'));
  for (const k of sortedKeys(s.properties)) structuralInvariants(s.properties![k], `${path}.properties[${k}]`, 'field', errs);
  if (isObject(s.additionalProperties)) structuralInvariants(s.additionalProperties as JSONSchemaProps, `${path}.additionalProperties`, 'field', errs);
  if (isObject(s.items)) structuralInvariants(s.items, `${path}.items`, 'item', errs);
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
    if (s.minItems !== undefined && v.length < s.minItems) errs.push(field.invalid(path, v, `${name} in body should have at least ${s.minItems} items`));
    if (s.items) v.forEach((item, i) => validateValue(item, s.items!, `${path}[${i}]`, false, errs, correlatedIndex(old, s, item)));
    return;
  }
  if (isObject(v)) {
    const n = Object.keys(v).length;
    if (s.maxProperties !== undefined && n > s.maxProperties) errs.push(field.tooMany(path, n, s.maxProperties));
    if (s.minProperties !== undefined && n < s.minProperties) errs.push(field.invalid(path, v, `${name} in body should have at least ${s.minProperties} properties`));
    for (const r of s.required ?? []) if (v[r] === undefined) errs.push(field.required(path ? `${path}.${r}` : r, ''));
    // Each property in name order: one deterministic order for the errors of several fields.
    for (const k of Object.keys(v).sort()) {
      // metadata is ObjectMeta's to check; at the root only its name and generateName have a schema (skipped here).
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
