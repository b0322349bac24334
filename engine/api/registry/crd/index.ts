/**
 * apiextensions-apiserver inside kube-apiserver: the CustomResourceDefinition kind's strategy, the controllers that
 * act on CRDs (naming, establishing, finalizing: pkg/controller/status, establish, finalizer) and the custom
 * resources each Established CRD serves (pkg/apiserver/customresource_handler.go): discovery rows, a strategy that
 * prunes, defaults and validates by the version's schema (pkg/registry/customresource), and the server's Table from
 * the additionalPrinterColumns (pkg/registry/customresource/tableconvertor).
 */
import type { APIServer, WatchEvent } from '../../apiserver.js';
import { StatusError, field, isStatusError, type FieldError } from '../../errors.js';
import { clone, deepEqual, type KObject } from '../../meta.js';
import { apiVersionOf, r, resourceKey, serve, unserve, RESOURCES, type ResourceInfo } from '../../resources.js';
import { SCALABLE, customScale } from '../../scale.js';
import { ALTERNATES, registerStrategy, type Strategy, type StrategyContext } from '../../strategy.js';
import { serveAlternate } from '../alternate-version.js';
import { isDNS1123Subdomain, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/names.js';
import { rfc3339 } from '../../../util/time.js';
import { registerTable, type TableHandler } from '../../../kubectl/printers/table.js';
import { since } from '../../../kubectl/printers/duration.js';
import { jsonPathResults, parseJSONPath, valueText } from '../../../kubectl/printers/jsonpath.js';
import { customResources } from '../crd-loader.js';
import { publishSchema, unpublishSchema } from './openapi.js';
import { decodeCRD } from './decode.js';
import '../../../kubectl/framework/discovery-cache.js';
import { applyDefaults, prune, validateAgainstSchema, validateListSetsAndMaps, type JSONSchemaProps } from './schema.js';
import { hasRules, validateRules } from './validation-rules.js';
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
/** Each served resource key (an alternate version's too): its CRD's serving and the version's schema. */
const byResource = new Map<string, { serving: Serving; version: CRDVersion }>();

/** Forgets what an earlier cluster served (a new lab starts with no CRDs). */
export function resetServing(): void {
  for (const name of [...serving.keys()]) stopServing(name);
  unserve(RESOURCES.filter((i) => i.crd));
  serving.clear();
  byResource.clear();
  rechecking.clear();
}

const schemaOf = (info: ResourceInfo) => byResource.get(resourceKey(info))?.version.schema?.openAPIV3Schema;

/** negotiation.NewUnsupportedMediaTypeError: a custom resource takes no strategic merge patch (patch.go's supported types). */
function patchRefused(): StatusError {
  return new StatusError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'UnsupportedMediaType', code: 415,
    message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
  });
}
customResources.patchRefused = patchRefused;

customResources.decode = (info, obj) => {
  if (!info.crd) return decodeCRD(obj);
  const schema = schemaOf(info);
  return { unknown: schema ? prune(obj, schema, false) : [] };
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

/** hasBlockingErr: errors after which the rules are not run (their types would not hold). */
const BLOCKING = new Set(['FieldValueNotSupported', 'FieldValueRequired', 'FieldValueTooLong', 'FieldValueTooMany', 'FieldValueTypeInvalid']);
const NOT_CHECKED: FieldError = { type: 'FieldValueInvalid', field: '<nil>', value: 'null', detail: 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation' };

function crStrategy(v: CRDVersion, namespaced: boolean): Strategy {
  const schema = v.schema?.openAPIV3Schema as JSONSchemaProps | undefined;
  const rules = hasRules(schema);
  const withSchema = (obj: KObject, old: KObject | undefined, ctx: StrategyContext): FieldError[] => {
    const errs = [...(schema ? validateAgainstSchema(obj, schema, old) : []), ...scaleErrors(obj, v)];
    // A set's or map-list's duplicates: on update only when the old object had none (ratcheting).
    if (schema && (!old || !validateListSetsAndMaps(old, schema).length)) errs.push(...validateListSetsAndMaps(obj, schema));
    if (!schema || !rules) return errs;
    if (errs.some((e) => BLOCKING.has(e.type))) return [...errs, NOT_CHECKED];
    return [...errs, ...validateRules(obj, old, schema, { update: old !== undefined, warn: (text) => ctx.warn?.(text) })];
  };
  return {
    // The decoder prunes what the schema does not specify and then defaults (structural pruning and defaulting).
    defaults(obj) {
      if (!schema) return;
      prune(obj, schema, true);
      applyDefaults(obj, schema);
    },
    validate: (obj, ctx) => [...validateObjectMeta(obj, namespaced, nameIsDNSSubdomain), ...withSchema(obj, undefined, ctx)],
    validateUpdate: (obj, old, ctx) => [...validateObjectMetaUpdate(obj, old), ...withSchema(obj, old, ctx)],
    prepareForStatusUpdate(obj) {
      if (!schema) return;
      prune(obj, schema, true);
      applyDefaults(obj, schema);
    },
    validateStatusUpdate: (obj, old, ctx) => [...validateObjectMetaUpdate(obj, old), ...withSchema(obj, old, ctx)],
    tracksGeneration: true,
  };
}

// ---------- the scale subresource ----------

interface ScalePaths { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string }

/** Each served version's scale paths, by apiVersion/kind. */
const scalePaths = new Map<string, ScalePaths>();

// scaleFromCustomResource: the values at the CRD's paths, 0 and "" when absent.
customScale.of = (obj) => {
  const paths = scalePaths.get(`${obj.apiVersion}/${obj.kind}`);
  if (!paths) return undefined;
  const m = obj.metadata;
  const selector = readPath(obj, paths.labelSelectorPath ?? '');
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: Number(readPath(obj, paths.specReplicasPath) ?? 0) },
    status: { replicas: Number(readPath(obj, paths.statusReplicasPath) ?? 0), ...(paths.labelSelectorPath && typeof selector === 'string' && selector ? { selector } : {}) },
  } as KObject;
};

customScale.scaled = (obj, replicas) => {
  const paths = scalePaths.get(`${obj.apiVersion}/${obj.kind}`);
  if (!paths) return undefined;
  const next = clone(obj) as unknown as Record<string, unknown>;
  const parts = paths.specReplicasPath.split('.').filter(Boolean);
  let cur = next;
  for (const k of parts.slice(0, -1)) cur = (cur[k] && typeof cur[k] === 'object' ? cur[k] : (cur[k] = {})) as Record<string, unknown>;
  cur[parts[parts.length - 1]] = replicas;
  return next as unknown as KObject;
};

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

/**
 * version.CompareKubeAwareVersionStrings: GA before beta before alpha, higher numbers first, then any other name in
 * alphabetical order. Discovery lists a CRD's versions so; the first is the group's preferred version.
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return { tier: 0, major: 0, minor: 0 };
    return { tier: m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1, major: Number(m[1]), minor: Number(m[3] ?? 0) };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.tier !== y.tier) return y.tier - x.tier;
  if (x.tier === 0) return a < b ? -1 : a > b ? 1 : 0;
  if (x.major !== y.major) return y.major - x.major;
  return y.minor - x.minor;
}

/** The warning a request to a deprecated version gets (customresource_handler.go defaultDeprecationWarning). */
export function deprecationWarning(spec: CRDSpec, v: CRDVersion): string | undefined {
  if (!v.deprecated) return undefined;
  if (v.deprecationWarning !== undefined) return v.deprecationWarning;
  const kind = spec.names?.kind ?? '';
  const newer = (spec.versions ?? []).filter((o) => o.served && !o.deprecated && compareKubeAwareVersions(v.name ?? '', o.name ?? '') > 0)
    .map((o) => o.name ?? '').sort(compareKubeAwareVersions);
  return `${spec.group}/${v.name} ${kind} is deprecated${newer.length ? `; use ${spec.group}/${newer[0]} ${kind}` : ''}`;
}

function startServing(crd: KObject): void {
  const name = crd.metadata.name!;
  const spec = crd.spec as CRDSpec;
  const accepted = ((crd.status as CRDStatus | undefined)?.acceptedNames ?? {}) as CRDNames;
  const text = JSON.stringify([spec, accepted]);
  if (serving.get(name)?.spec === text) return;
  stopServing(name);
  const versions = (spec.versions ?? []).filter((v) => v.served && v.name).sort((a, b) => compareKubeAwareVersions(a.name!, b.name!));
  if (!versions.length || !accepted.plural || !accepted.kind) return;
  const namespaced = spec.scope !== 'Cluster';
  // The preferred version is the stored resource here; the others are served by conversion None (apiVersion alone).
  const rows = versions.map((v, i) => r(accepted.plural!, accepted.kind!, spec.group ?? '', v.name!, namespaced, accepted.shortNames ?? [], {
    singular: accepted.singular ?? accepted.kind!.toLowerCase(),
    categories: accepted.categories ?? [],
    statusSubresource: !!v.subresources?.status,
    crd: name,
    // customresource_discovery_controller.go's order.
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
    ...(i > 0 ? { alternate: true } : {}),
  }));
  const s: Serving = { crd: name, rows, version: versions[0], spec: text };
  serving.set(name, s);
  serve(rows);
  const storage = resourceKey(rows[0]);
  rows.forEach((row, i) => {
    const v = versions[i];
    const key = resourceKey(row);
    byResource.set(key, { serving: s, version: v });
    registerTable(key, tableOf(v));
    publishSchema(row, v.schema?.openAPIV3Schema);
    const scale = v.subresources?.scale;
    if (scale?.specReplicasPath && scale.statusReplicasPath) {
      SCALABLE.add(key);
      scalePaths.set(`${apiVersionOf(row)}/${row.kind}`, { specReplicasPath: scale.specReplicasPath, statusReplicasPath: scale.statusReplicasPath, labelSelectorPath: scale.labelSelectorPath });
    }
    if (i === 0) {
      registerStrategy(key, crStrategy(v, namespaced));
      return;
    }
    const at = (o: KObject, apiVersion: string) => ({ ...o, apiVersion }) as KObject;
    serveAlternate(key, { storage, toStorage: (o) => at(o, apiVersionOf(rows[0])), fromStorage: (o) => at(o, apiVersionOf(row)) });
    const served = ALTERNATES.get(key)!;
    const warning = deprecationWarning(spec, v);
    // Each request to a deprecated version is answered with its warning; no version takes a strategic merge patch.
    const warned = <A extends unknown[], R>(f: (s: APIServer, ...args: A) => R) => (api: APIServer, ...args: A): R => {
      if (warning) api.addWarning(warning);
      return f(api, ...args);
    };
    ALTERNATES.set(key, {
      get: warned(served.get), tryGet: warned(served.tryGet), list: warned(served.list), create: warned(served.create), update: warned(served.update),
      delete: warned(served.delete), watch: warned(served.watch), withManagedFields: served.withManagedFields,
      patch: warned((api, ns, n, type, patch, opts) => {
        if (type === 'strategic') throw patchRefused();
        return served.patch(api, ns, n, type, patch, opts);
      }),
    });
  });
}

function stopServing(name: string): void {
  const s = serving.get(name);
  if (!s) return;
  unserve(s.rows);
  for (const row of s.rows) {
    const key = resourceKey(row);
    if (byResource.get(key)?.serving === s) byResource.delete(key);
    ALTERNATES.delete(key);
    SCALABLE.delete(key);
    unpublishSchema(row);
    scalePaths.delete(`${apiVersionOf(row)}/${row.kind}`);
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
