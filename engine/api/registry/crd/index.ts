/**
 * apiextensions-apiserver inside kube-apiserver: the CustomResourceDefinition kind's strategy, the controllers that
 * act on CRDs (naming, establishing, finalizing: pkg/controller/status, establish, finalizer) and the custom
 * resources each Established CRD serves (pkg/apiserver/customresource_handler.go): discovery rows, a strategy that
 * prunes, defaults and validates by the version's schema (pkg/registry/customresource), and the server's Table from
 * the additionalPrinterColumns (pkg/registry/customresource/tableconvertor).
 */
import type { APIServer, WatchEvent } from '../../apiserver.js';
import { field, isStatusError, type FieldError } from '../../errors.js';
import { clone, deepEqual, type KObject } from '../../meta.js';
import { apiVersionOf, r, resourceKey, serve, unserve, RESOURCES, type ResourceInfo } from '../../resources.js';
import { SCALABLE, customScale } from '../../scale.js';
import { registerStrategy, type Strategy } from '../../strategy.js';
import { isDNS1123Subdomain, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/names.js';
import { rfc3339 } from '../../../util/time.js';
import { registerTable, type TableHandler } from '../../../kubectl/printers/table.js';
import { since } from '../../../kubectl/printers/duration.js';
import { jsonPathResults, parseJSONPath, valueText } from '../../../kubectl/printers/jsonpath.js';
import { customResources } from '../crd-loader.js';
import { publishSchema, unpublishSchema } from './openapi.js';
import { applyDefaults, prune, validateAgainstSchema, type JSONSchemaProps } from './schema.js';
import {
  CLEANUP_FINALIZER, CRD_KEY, condition, crdStrategy, isEstablished, setCondition, storageVersion,
  type CRDNames, type CRDSpec, type CRDStatus, type CRDVersion, type PrinterColumn,
} from './strategy.js';

export { CRD_KEY, crdStrategy };

registerStrategy(CRD_KEY, crdStrategy);
// The server's default Table (no printer of its own): the name and when it was made, as RFC 3339.
registerTable(CRD_KEY, { columns: [{ name: 'Name', format: 'name' }, { name: 'Created At' }], row: (o) => [o.metadata.name ?? '', o.metadata.creationTimestamp ?? ''] });

/** What one CRD serves now: its discovery rows and the version its objects are read and written at. */
interface Serving {
  crd: string;
  rows: ResourceInfo[];
  version: CRDVersion;
  /** The spec it was made from: a CRD write that leaves it as it was changes nothing here. */
  spec: string;
}

const serving = new Map<string, Serving>();
const byResource = new Map<string, Serving>();

/** Forgets what an earlier cluster served (a new lab starts with no CRDs). */
export function resetServing(): void {
  for (const name of [...serving.keys()]) stopServing(name);
  unserve(RESOURCES.filter((i) => i.crd));
  serving.clear();
  byResource.clear();
  rechecking.clear();
}

const schemaOf = (info: ResourceInfo) => byResource.get(resourceKey(info))?.version.schema?.openAPIV3Schema;

customResources.unknownFields = (info, obj) => {
  const schema = schemaOf(info);
  return schema ? prune(obj, schema, false) : [];
};

// ---------- the custom resources' strategy ----------

const nameIsDNSSubdomain = (name: string, prefix: boolean) => isDNS1123Subdomain(prefix ? `${name}a` : name);

function scaleErrors(obj: KObject, v: CRDVersion): FieldError[] {
  const scale = v.subresources?.scale;
  if (!scale) return [];
  const errs: FieldError[] = [];
  for (const path of [scale.specReplicasPath, scale.statusReplicasPath]) {
    if (!path) continue;
    const value = readPath(obj, path);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) errs.push(field.invalid(path.slice(1), value, 'should be a non-negative integer'));
  }
  return errs;
}

export function readPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.split('.').filter(Boolean)) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function crStrategy(v: CRDVersion, namespaced: boolean): Strategy {
  const schema = v.schema?.openAPIV3Schema as JSONSchemaProps | undefined;
  const withSchema = (obj: KObject): FieldError[] => [...(schema ? validateAgainstSchema(obj, schema) : []), ...scaleErrors(obj, v)];
  return {
    // The decoder prunes what the schema does not specify and then defaults (structural pruning and defaulting).
    defaults(obj) {
      if (!schema) return;
      prune(obj, schema, true);
      applyDefaults(obj, schema);
    },
    validate: (obj) => [...validateObjectMeta(obj, namespaced, nameIsDNSSubdomain), ...withSchema(obj)],
    validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...withSchema(obj)],
    prepareForStatusUpdate(obj) {
      if (!schema) return;
      prune(obj, schema, true);
      applyDefaults(obj, schema);
    },
    validateStatusUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...withSchema(obj)],
    tracksGeneration: true,
  };
}

// ---------- the server's Table ----------

function cellOf(obj: KObject, c: PrinterColumn, now: number): string {
  let results: unknown[][];
  try {
    results = jsonPathResults(parseJSONPath(`{${c.jsonPath}}`), obj);
  } catch {
    return '<none>';
  }
  if (!results.length || !results[0].length) return '<none>';
  const value = results[0][0];
  if (value === null || value === undefined) return '<none>';
  switch (c.type) {
    case 'date': return typeof value === 'string' ? since(value, now) : '<none>';
    case 'integer': return typeof value === 'number' ? String(Math.trunc(value)) : '<none>';
    case 'number': return typeof value === 'number' ? String(value) : '<none>';
    case 'boolean': return typeof value === 'boolean' ? String(value) : '<none>';
    default: return valueText(value);
  }
}

/** The CRD's additionalPrinterColumns after NAME; without any, the Age of creationTimestamp (v1's default column). */
function tableOf(v: CRDVersion): TableHandler {
  const cols: PrinterColumn[] = v.additionalPrinterColumns?.length ? v.additionalPrinterColumns : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  return {
    columns: [{ name: 'Name', format: 'name' }, ...cols.map((c) => ({ name: c.name ?? '', ...(c.priority ? { priority: c.priority } : {}) }))],
    row: (o, { now }) => [o.metadata.name ?? '', ...cols.map((c) => cellOf(o, c, now))],
  };
}

// ---------- serving ----------

function startServing(crd: KObject): void {
  const name = crd.metadata.name!;
  const spec = crd.spec as CRDSpec;
  const accepted = ((crd.status as CRDStatus | undefined)?.acceptedNames ?? {}) as CRDNames;
  const version = storageVersion(crd);
  const served = (spec.versions ?? []).find((v) => v.served && v === version) ?? (spec.versions ?? []).find((v) => v.served);
  const text = JSON.stringify([spec, accepted]);
  if (serving.get(name)?.spec === text) return;
  stopServing(name);
  if (!served?.name || !accepted.plural || !accepted.kind) return;
  const namespaced = spec.scope !== 'Cluster';
  const row = r(accepted.plural, accepted.kind, spec.group ?? '', served.name, namespaced, accepted.shortNames ?? [], {
    singular: accepted.singular ?? accepted.kind.toLowerCase(),
    categories: accepted.categories ?? [],
    statusSubresource: !!served.subresources?.status,
    crd: name,
    // customresource_discovery_controller.go's order.
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
  });
  const s: Serving = { crd: name, rows: [row], version: served, spec: text };
  serving.set(name, s);
  byResource.set(resourceKey(row), s);
  registerStrategy(resourceKey(row), crStrategy(served, namespaced));
  registerTable(resourceKey(row), tableOf(served));
  publishSchema(row, served.schema?.openAPIV3Schema);
  const scale = served.subresources?.scale;
  if (scale?.specReplicasPath && scale.statusReplicasPath) {
    SCALABLE.add(resourceKey(row));
    customScale.set(`${apiVersionOf(row)}/${row.kind}`, { specReplicasPath: scale.specReplicasPath, statusReplicasPath: scale.statusReplicasPath, labelSelectorPath: scale.labelSelectorPath });
  }
  serve(s.rows);
}

function stopServing(name: string): void {
  const s = serving.get(name);
  if (!s) return;
  unserve(s.rows);
  for (const row of s.rows) {
    if (byResource.get(resourceKey(row)) === s) byResource.delete(resourceKey(row));
    SCALABLE.delete(resourceKey(row));
    unpublishSchema(row);
    customScale.delete(`${apiVersionOf(row)}/${row.kind}`);
  }
  serving.delete(name);
}

// ---------- the controllers ----------

const STATUS_WRITE = { subresource: 'status' as const, userAgent: 'kube-apiserver' };

/**
 * The naming controller's conflicts: another CRD of the group that has a name accepted (plural, singular, short
 * names, kind, list kind) that this one asks for (naming_controller.go calculateNamesAndConditions).
 */
function namesConflict(api: APIServer, crd: KObject): { reason: string; message: string } | undefined {
  const spec = crd.spec as CRDSpec;
  const names = spec.names ?? {};
  const others = api.list(CRD_KEY, undefined).items.filter((o) => o.metadata.name !== crd.metadata.name && (o.spec as CRDSpec).group === spec.group);
  const taken = (pick: (n: CRDNames) => (string | undefined)[]) => new Set(others.flatMap((o) => pick(((o.status as CRDStatus | undefined)?.acceptedNames ?? {}))));
  const resources = taken((n) => [n.plural, n.singular, ...(n.shortNames ?? [])]);
  const kinds = taken((n) => [n.kind, n.listKind]);
  if (names.plural && resources.has(names.plural)) return { reason: 'PluralConflict', message: `"${names.plural}" is already in use` };
  if (names.singular && resources.has(names.singular)) return { reason: 'SingularConflict', message: `"${names.singular}" is already in use` };
  for (const s of names.shortNames ?? []) if (resources.has(s)) return { reason: 'ShortNamesConflict', message: `"${s}" is already in use` };
  if (names.kind && kinds.has(names.kind)) return { reason: 'KindConflict', message: `"${names.kind}" is already in use` };
  if (names.listKind && kinds.has(names.listKind)) return { reason: 'ListKindConflict', message: `"${names.listKind}" is already in use` };
  return undefined;
}

function writeStatus(api: APIServer, crd: KObject, next: KObject): KObject | undefined {
  if (deepEqual(next.status, crd.status)) return crd;
  try {
    return api.update(CRD_KEY, next, STATUS_WRITE);
  } catch (e) {
    if (isStatusError(e)) return undefined;
    throw e;
  }
}

/** One CRD's turn in the controllers: names and Established, then serving; or, once deleted, its objects' cleanup. */
export function reconcile(api: APIServer, e: WatchEvent): void {
  const name = e.object.metadata?.name;
  if (!name) return;
  const crd = e.type === 'DELETED' ? undefined : api.tryGet(CRD_KEY, undefined, name);
  if (!crd) { stopServing(name); return; }
  if (crd.metadata.deletionTimestamp) { finalize(api, crd); return; }
  const now = rfc3339(api.clock.now());
  const next = clone(crd);
  const status = (next.status ??= {}) as CRDStatus;
  const conflict = namesConflict(api, crd);
  if (conflict) {
    setCondition(next, { type: 'NamesAccepted', status: 'False', ...conflict }, now);
    if (!isEstablished(crd)) setCondition(next, { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }, now);
  } else {
    status.acceptedNames = clone((crd.spec as CRDSpec).names ?? {});
    setCondition(next, { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }, now);
    // The establishing controller follows the naming controller's Installing at once (a single API server).
    if (!isEstablished(crd)) setCondition(next, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }, now);
  }
  const written = writeStatus(api, crd, next);
  if (written && isEstablished(written)) startServing(written);
}

/** How long the finalizer waits before it looks again at objects that are still there (their own finalizers). */
const RECHECK_MS = 5_000;

/** The CRDs whose finalizer waits for a recheck: their own status writes meanwhile start no other pass. */
const rechecking = new Set<string>();

/** The finalizing controller: every object of the CRD deleted, then the cleanup finalizer removed. */
function finalize(api: APIServer, crd: KObject): void {
  const name = crd.metadata.name!;
  if (!(crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER) || rechecking.has(name)) return;
  const now = rfc3339(api.clock.now());
  let cur: KObject | undefined = crd;
  if (condition(crd, 'Terminating')?.reason !== 'InstanceDeletionCheck') {
    const next = clone(crd);
    setCondition(next, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' }, now);
    cur = writeStatus(api, crd, next);
    if (!cur) return;
  }
  const s = serving.get(name);
  const key = s ? resourceKey(s.rows[0]) : undefined;
  if (key && isEstablished(cur)) {
    for (const o of api.list(key, undefined).items) {
      if (o.metadata.deletionTimestamp) continue;
      try { api.delete(key, o.metadata.namespace, o.metadata.name!); } catch (err) { if (!isStatusError(err)) throw err; }
    }
    const left = api.list(key, undefined).items.length;
    if (left > 0) {
      const next = clone(cur);
      setCondition(next, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionCheck', message: `could not confirm zero CustomResources remaining: ${left}` }, now);
      rechecking.add(name);
      writeStatus(api, cur, next);
      api.clock.schedule(RECHECK_MS, () => {
        rechecking.delete(name);
        const again = api.tryGet(CRD_KEY, undefined, name);
        if (again) finalize(api, again);
      });
      return;
    }
  }
  const next = clone(cur);
  setCondition(next, { type: 'Terminating', status: 'False', reason: 'InstanceDeletionCompleted', message: 'removed all instances' }, now);
  cur = writeStatus(api, cur, next);
  if (!cur) return;
  const done = clone(cur);
  done.metadata.finalizers = (done.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
  if (!done.metadata.finalizers.length) delete done.metadata.finalizers;
  try {
    api.update(CRD_KEY, done, { userAgent: 'kube-apiserver' });
  } catch (err) {
    if (!isStatusError(err)) throw err;
  }
}
