/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition's registry strategy (apiextensions-apiserver
 * pkg/registry/customresourcedefinition/strategy.go): v1 defaults, validation
 * (pkg/apis/apiextensions/validation/validation.go) and status handling.
 */
import { field, type FieldError } from '../../errors.js';
import type { KObject } from '../../meta.js';
import type { Strategy } from '../../strategy.js';
import { FIELD_IMMUTABLE, isDNS1035Label, isDNS1123Subdomain, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/names.js';
import { validateCRDSchema, type JSONSchemaProps } from './schema.js';

export const CRD_KEY = 'customresourcedefinitions.apiextensions.k8s.io';
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

export interface CRDNames { plural?: string; singular?: string; kind?: string; listKind?: string; shortNames?: string[]; categories?: string[] }
export interface PrinterColumn { name?: string; type?: string; format?: string; description?: string; priority?: number; jsonPath?: string }
export interface Subresources {
  status?: Record<string, never>;
  scale?: { specReplicasPath?: string; statusReplicasPath?: string; labelSelectorPath?: string };
}
export interface CRDVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: Subresources;
  additionalPrinterColumns?: PrinterColumn[];
}
export interface CRDCondition { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }
export interface CRDSpec {
  group?: string;
  names?: CRDNames;
  scope?: string;
  versions?: CRDVersion[];
  conversion?: { strategy?: string; webhook?: unknown };
  preserveUnknownFields?: boolean;
}
export interface CRDStatus { acceptedNames?: CRDNames; conditions?: CRDCondition[]; storedVersions?: string[] }
export type CRD = KObject & { spec: CRDSpec; status?: CRDStatus };

const PRINTER_COLUMN_TYPES = 'boolean,date,integer,number,string';
const PRINTER_COLUMN_FORMATS = 'byte,date,date-time,double,float,int32,int64,password';

const specOf = (o: KObject) => ((o.spec ?? {}) as CRDSpec);
const versionsOf = (o: KObject) => (Array.isArray(specOf(o).versions) ? specOf(o).versions! : []);

/**
 * The v1 → internal conversion keeps a schema (subresources, columns) that every version shares once, at the top
 * level: the errors about it name spec.validation (spec.subresources, spec.additionalPrinterColumns).
 */
function shared<T>(versions: CRDVersion[], get: (v: CRDVersion) => T | undefined): boolean {
  if (versions.length === 0) return false;
  const first = JSON.stringify(get(versions[0]));
  return versions.every((v) => get(v) !== undefined && JSON.stringify(get(v)) === first);
}

export function condition(obj: KObject, type: string): CRDCondition | undefined {
  return ((obj.status as CRDStatus | undefined)?.conditions ?? []).find((c) => c.type === type);
}

export const isEstablished = (obj: KObject) => condition(obj, 'Established')?.status === 'True';

/** The version whose objects are stored (exactly one, by validation). */
export const storageVersion = (obj: KObject) => versionsOf(obj).find((v) => v.storage);

/** The schema, subresources and columns of one version. */
export const versionOf = (obj: KObject, name: string) => versionsOf(obj).find((v) => v.name === name);

/**
 * %#v of the internal versions, which field.Invalid prints for spec.versions: pointers print as Go prints them, an
 * address that differs from run to run on a real server (a fixed one here).
 */
function goVersions(versions: CRDVersion[], hoisted: { schema: boolean; subresources: boolean; columns: boolean }): string {
  if (versions.length === 0) return '[]apiextensions.CustomResourceDefinitionVersion(nil)';
  let addr = 0xc000a1c000;
  const ptr = (type: string, present: boolean) => (present ? `(*${type})(0x${(addr += 0x30).toString(16)})` : `(*${type})(nil)`);
  const items = versions.map((v) => `apiextensions.CustomResourceDefinitionVersion{Name:${JSON.stringify(v.name ?? '')}, Served:${!!v.served}, Storage:${!!v.storage}, Deprecated:${!!v.deprecated}, `
    + `DeprecationWarning:${ptr('string', v.deprecationWarning !== undefined)}, Schema:${ptr('apiextensions.CustomResourceValidation', !hoisted.schema && !!v.schema)}, `
    + `Subresources:${ptr('apiextensions.CustomResourceSubresources', !hoisted.subresources && !!v.subresources)}, `
    + `AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition${!hoisted.columns && v.additionalPrinterColumns?.length ? `{${v.additionalPrinterColumns.map(() => '...').join(', ')}}` : '(nil)'}, `
    + 'SelectableFields:[]apiextensions.SelectableField(nil)}');
  return `[]apiextensions.CustomResourceDefinitionVersion{${items.join(', ')}}`;
}

function validateNames(names: CRDNames, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const dns1035 = (v: string | undefined, p: string, prefix = '') => {
    if (!v) return;
    const e = isDNS1035Label(prefix ? v.toLowerCase() : v);
    if (e.length) errs.push(field.invalid(p, v, prefix + e.join(',')));
  };
  dns1035(names.plural, `${path}.plural`);
  dns1035(names.singular, `${path}.singular`);
  dns1035(names.kind, `${path}.kind`, 'may have mixed case, but should otherwise match: ');
  dns1035(names.listKind, `${path}.listKind`, 'may have mixed case, but should otherwise match: ');
  (names.shortNames ?? []).forEach((s, i) => { const e = isDNS1035Label(String(s)); if (e.length) errs.push(field.invalid(`${path}.shortNames[${i}]`, s, e.join(','))); });
  if (names.kind && names.kind === names.listKind) errs.push(field.invalid(`${path}.listKind`, names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((s, i) => { const e = isDNS1035Label(String(s)); if (e.length) errs.push(field.invalid(`${path}.categories[${i}]`, s, e.join(','))); });
  return errs;
}

function validateSubresources(sub: Subresources | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const scale = sub?.scale;
  if (!scale) return errs;
  const under = (v: string | undefined, p: string, prefixes: string[], what: string, required: boolean) => {
    if (!v) { if (required) errs.push(field.required(p, '')); return; }
    if (!v.startsWith('.')) errs.push(field.invalid(p, v, 'must be a simple json path starting with .'));
    else if (!prefixes.some((x) => v.startsWith(x))) errs.push(field.invalid(p, v, what));
  };
  under(scale.specReplicasPath, `${path}.scale.specReplicasPath`, ['.spec.'], 'should be a json path under .spec', true);
  under(scale.statusReplicasPath, `${path}.scale.statusReplicasPath`, ['.status.'], 'should be a json path under .status', true);
  under(scale.labelSelectorPath, `${path}.scale.labelSelectorPath`, ['.spec.', '.status.'], 'should be a json path under either .spec or .status', false);
  return errs;
}

function validateColumn(c: PrinterColumn, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(field.required(`${path}.name`, ''));
  if (!c.type) errs.push(field.required(`${path}.type`, `must be one of ${PRINTER_COLUMN_TYPES}`));
  else if (!PRINTER_COLUMN_TYPES.split(',').includes(c.type)) errs.push(field.invalid(`${path}.type`, c.type, `must be one of ${PRINTER_COLUMN_TYPES}`));
  if (c.format && !PRINTER_COLUMN_FORMATS.split(',').includes(c.format)) errs.push(field.invalid(`${path}.format`, c.format, `must be one of ${PRINTER_COLUMN_FORMATS}`));
  if (!c.jsonPath) errs.push(field.required(`${path}.JSONPath`, ''));
  else if (!c.jsonPath.startsWith('.')) errs.push(field.invalid(`${path}.JSONPath`, c.jsonPath, 'must be a simple json path starting with .'));
  return errs;
}

/** ValidateCustomResourceDefinition (create) and its spec checks. */
export function validateCRD(obj: KObject): FieldError[] {
  const spec = specOf(obj);
  const names = spec.names ?? {};
  const required = `${names.plural ?? ''}.${spec.group ?? ''}`;
  const errs = validateObjectMeta(obj, false, (name, prefix) => {
    const msgs = isDNS1123Subdomain(prefix ? `${name}a` : name);
    if (name !== required) msgs.push('must be spec.names.plural+"."+spec.group');
    return msgs;
  });
  const group = spec.group ?? '';
  if (!group) errs.push(field.required('spec.group', ''));
  else if (isDNS1123Subdomain(group).length) errs.push(field.invalid('spec.group', group, isDNS1123Subdomain(group).join(',')));
  else if (group.split('.').length < 2) errs.push(field.invalid('spec.group', group, 'should be a domain with at least one dot'));
  if (!spec.scope) errs.push(field.required('spec.scope', ''));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') errs.push(field.notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  const versions = versionsOf(obj);
  versions.forEach((v, i) => {
    if (!v.schema?.openAPIV3Schema) errs.push(field.required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
  });
  const hoisted = {
    schema: shared(versions, (v) => v.schema),
    subresources: shared(versions, (v) => v.subresources),
    columns: shared(versions, (v) => (v.additionalPrinterColumns?.length ? v.additionalPrinterColumns : undefined)),
  };
  const anyStatus = versions.some((v) => !!v.subresources?.status);
  let storage = 0;
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    const p = `spec.versions[${i}]`;
    if (v.storage) storage++;
    if (seen.has(v.name ?? '')) unique = false;
    seen.add(v.name ?? '');
    const e = isDNS1035Label(v.name ?? '');
    if (e.length) errs.push(field.invalid(`${p}.name`, v.name ?? '', e.join(',')));
    if (!v.deprecated && v.deprecationWarning !== undefined) errs.push(field.invalid(`${p}.deprecationWarning`, v.deprecationWarning, 'can only be set for deprecated versions'));
    else if (v.deprecationWarning !== undefined && v.deprecationWarning.length > 256) errs.push(field.invalid(`${p}.deprecationWarning`, v.deprecationWarning, 'must be <= 256 characters long'));
    else if (v.deprecationWarning === '') errs.push(field.invalid(`${p}.deprecationWarning`, '', 'must not be an empty string'));
    if (!hoisted.schema && v.schema?.openAPIV3Schema) errs.push(...validateCRDSchema(v.schema.openAPIV3Schema, `${p}.schema.openAPIV3Schema`, !!v.subresources?.status));
    if (!hoisted.subresources) errs.push(...validateSubresources(v.subresources, `${p}.subresources`));
    if (!hoisted.columns) (v.additionalPrinterColumns ?? []).forEach((c, j) => errs.push(...validateColumn(c, `${p}.additionalPrinterColumns[${j}]`)));
  });
  if (!unique) errs.push({ type: 'FieldValueInvalid', field: 'spec.versions', value: goVersions(versions, hoisted), detail: 'must contain unique version names' });
  if (storage !== 1) errs.push({ type: 'FieldValueInvalid', field: 'spec.versions', value: goVersions(versions, hoisted), detail: 'must have exactly one version marked as storage version' });
  if (!names.plural) errs.push(field.required('spec.names.plural', ''));
  if (!names.singular) errs.push(field.required('spec.names.singular', ''));
  if (!names.kind) errs.push(field.required('spec.names.kind', ''));
  if (!names.listKind) errs.push(field.required('spec.names.listKind', ''));
  errs.push(...validateNames(names, 'spec.names'));
  if (hoisted.schema) errs.push(...validateCRDSchema(versions[0].schema!.openAPIV3Schema!, 'spec.validation.openAPIV3Schema', anyStatus));
  if (hoisted.subresources) errs.push(...validateSubresources(versions[0].subresources, 'spec.subresources'));
  if (hoisted.columns) versions[0].additionalPrinterColumns!.forEach((c, j) => errs.push(...validateColumn(c, `spec.additionalPrinterColumns[${j}]`)));
  const conv = spec.conversion?.strategy;
  if (spec.conversion && !conv) errs.push(field.required('spec.conversion.strategy', ''));
  else if (conv && conv !== 'None' && conv !== 'Webhook') errs.push(field.notSupported('spec.conversion.strategy', conv, ['None', 'Webhook']));
  else if (conv === 'Webhook' && !spec.conversion?.webhook) errs.push(field.required('spec.conversion.webhookClientConfig', 'required when strategy is set to Webhook'));
  errs.push(...validateStoredVersions(obj));
  return errs;
}

function validateStoredVersions(obj: KObject): FieldError[] {
  const stored = (obj.status as CRDStatus | undefined)?.storedVersions ?? [];
  const path = 'status.storedVersions';
  if (stored.length === 0) return [{ type: 'FieldValueInvalid', field: path, value: '[]string(nil)', detail: 'must have at least one stored version' }];
  const errs: FieldError[] = [];
  const left = new Map(stored.map((v, i) => [v, i]));
  const goStrings = `[]string{${stored.map((s) => JSON.stringify(s)).join(', ')}}`;
  for (const v of versionsOf(obj)) {
    if (v.storage && !left.has(v.name ?? '')) errs.push({ type: 'FieldValueInvalid', field: path, value: goStrings, detail: `must have the storage version ${v.name}` });
    left.delete(v.name ?? '');
  }
  for (const [v, i] of left) {
    errs.push(field.invalid(`${path}[${i}]`, v, `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`));
  }
  return errs;
}

function validateCRDUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  errs.push(...validateCRD(obj).filter((e) => !e.field.startsWith('metadata.')));
  const spec = specOf(obj);
  const prev = specOf(old);
  const immutable = (a: unknown, b: unknown, p: string) => { if (a !== b) errs.push(field.invalid(p, a ?? '', FIELD_IMMUTABLE)); };
  if (isEstablished(old)) {
    immutable(spec.scope, prev.scope, 'spec.scope');
    immutable(spec.names?.kind, prev.names?.kind, 'spec.names.kind');
  }
  immutable(spec.group, prev.group, 'spec.group');
  immutable(spec.names?.plural, prev.names?.plural, 'spec.names.plural');
  return errs;
}

/** The storage version joins status.storedVersions when it is new (PrepareForCreate, PrepareForUpdate). */
function recordStorageVersion(obj: KObject): void {
  const status = (obj.status ??= {}) as CRDStatus;
  const v = storageVersion(obj)?.name;
  if (v && !(status.storedVersions ?? []).includes(v)) status.storedVersions = [...(status.storedVersions ?? []), v];
}

export const crdStrategy: Strategy = {
  // SetDefaults_CustomResourceDefinitionSpec (v1).
  defaults(obj) {
    const spec = specOf(obj);
    if (!obj.spec || typeof obj.spec !== 'object') return;
    const names = spec.names;
    if (names && typeof names === 'object') {
      if (!names.singular && names.kind) names.singular = String(names.kind).toLowerCase();
      if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
    }
    spec.conversion ??= { strategy: 'None' };
  },
  prepareForCreate(obj) {
    obj.status = { acceptedNames: { kind: '', plural: '' } };
    recordStorageVersion(obj);
  },
  validate: (obj) => validateCRD(obj),
  prepareForUpdate(obj, old) {
    obj.status = old.status === undefined ? undefined : structuredClone(old.status);
    recordStorageVersion(obj);
  },
  validateUpdate: (obj, old) => validateCRDUpdate(obj, old),
  validateStatusUpdate(obj) {
    return validateNames((obj.status as CRDStatus | undefined)?.acceptedNames ?? {}, 'status.acceptedNames');
  },
  tracksGeneration: true,
  // etcd.go REST.Delete: the first delete adds the cleanup finalizer and says so in the Terminating condition.
  prepareForDeletion(obj, now) {
    const next = structuredClone(obj) as KObject;
    const fins = next.metadata.finalizers ?? [];
    if (!fins.includes(CLEANUP_FINALIZER)) next.metadata.finalizers = [...fins, CLEANUP_FINALIZER];
    setCondition(next, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionPending', message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon' }, now);
    return next;
  },
};

/** SetCRDCondition: lastTransitionTime moves only when the status does. */
export function setCondition(obj: KObject, c: CRDCondition, now: string): void {
  const status = (obj.status ??= {}) as CRDStatus;
  const conds = (status.conditions ??= []);
  const at = conds.findIndex((x) => x.type === c.type);
  if (at < 0) { conds.push({ type: c.type, status: c.status, lastTransitionTime: now, reason: c.reason, message: c.message }); return; }
  const prev = conds[at];
  conds[at] = { type: c.type, status: c.status, lastTransitionTime: prev.status === c.status ? prev.lastTransitionTime : now, reason: c.reason, message: c.message };
}
