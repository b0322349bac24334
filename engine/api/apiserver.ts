/**
 * kube-apiserver: the only door to the store. Every client (controllers, the
 * scheduler, kubelets, kubectl) goes through these verbs, which apply the
 * resource's strategy (defaults, validation, admission), optimistic
 * concurrency, graceful deletion and finalizers, then write to etcd and fan
 * the change out to watches.
 */
import type { UserInfo } from './rbac/authorizer.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import {
  StatusError, alreadyExists, badRequest, conflict, field, forbidden, gone, internalError, invalid, isStatusError, methodNotAllowed, methodNotSupported,
  notFound, OPTIMISTIC_LOCK_ERROR, pathNotFound, serviceUnavailable, unprocessableEntity, type FieldError,
} from './errors.js';
import { clone, deepEqual, deepFreeze, namespacePrefix, objectKey, type KObject, type Meta } from './meta.js';
import { mergePatch, jsonPatch, JSONPatchApplyError, type PatchType } from './patch.js';
import { apiVersionOf, lookupResource, type ResourceInfo } from './resources.js';
import { labelSelectorAsSelector, parseFieldSelector, parseLabelSelector, EVERYTHING, SelectorParseError, type FieldSelector, type Selector } from './selectors.js';
import { Store, type StoreEvent, type WatchEventType } from './store.js';
import { ALTERNATES, createAdmission, podSecurityAdmission, policyAdmission, registryWarnings, strategyFor, type Strategy, type StrategyContext } from './strategy.js';
import type { KeptTimer, VirtualClock } from '../util/clock.js';
import type { Random } from '../util/random.js';
import { rfc3339 } from '../util/time.js';
import { attach, createRecord, inherit, recordOf, sameRecord, specSnapshot, statusRecord, updateRecord, type ManagedRecord } from './managed-record.js';
import { SCALABLE, scaleOf, withReplicas } from './scale.js';
import { fieldManagerIfLoaded, loadFieldManager } from './managedfields/loader.js';
import { customResources } from './registry/crd-loader.js';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** Strict (the kubectl default), Warn or Ignore: what to do with unknown fields. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /**
   * The object was built by an in-process component from typed data, as client-go
   * encodes a Go struct: it cannot carry an unknown field or a value of the wrong
   * JSON type, so the decoder's schema walk is skipped (validation still runs).
   * Set only by component clients (Client's `typed` option), never for kubectl.
   */
  typed?: boolean;
  /**
   * With `typed`: the caller hands a fresh object over and never reads or changes it
   * again (the event recorder), so the server works on it instead of on a copy.
   * Such an object must hold no undefined values (a copy would have dropped them).
   */
  owned?: boolean;
  /** The client's User-Agent: without a fieldManager, its first word names the manager (kubelet/node-1 → kubelet). */
  userAgent?: string;
  /** server-side apply: force the apply's conflicts (takes the fields from their managers). */
  force?: boolean;
  /** Set by the server itself for a server-side apply's create or update: the managers it worked out. */
  managed?: ManagedRecord;
  /**
   * Who makes the request, when not the kubeconfig's admin (`--as`, `--token`, a client certificate, a pod's token):
   * the reviews answer for them, and a CSR's spec.username is theirs.
   */
  user?: UserInfo;
}

/** The field manager's lazily loaded half (managedfields/index.ts), once loaded (managedfields/loader.ts). */
export interface FieldManager {
  withManagedFields(info: ResourceInfo, obj: KObject): KObject;
  managersOf(info: ResourceInfo, obj: KObject): unknown;
  /** Server-side apply's typed merge of `config` over `live` (the configuration's refusals thrown); undefined without Go types. */
  applyMerge(info: ResourceInfo, live: KObject | undefined, config: KObject, namespace: string | undefined): KObject | undefined;
  /** Changes `merged` into the object to store and returns its record; throws a StatusError (400, or 409 with the conflicts). */
  serverSideApply(info: ResourceInfo, live: KObject | undefined, config: KObject, merged: KObject, req: { fieldManager: string; force: boolean; time: number; subresource?: 'status' }): ManagedRecord;
  /** Whether the stored version's managers are those of `rec`. */
  sameManagers(info: ResourceInfo, obj: KObject, rec: ManagedRecord): boolean;
  /** FieldManager.Update: the record of the managedFields an update sent (kubectl's client-side apply migration). */
  sentManagers(entries: unknown[], time: number): ManagedRecord;
}

export interface ListOptions {
  labelSelector?: string | Selector;
  fieldSelector?: string | FieldSelector;
}

export interface DeleteOptions {
  dryRun?: boolean;
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface WatchOptions extends ListOptions {
  /** Resume after this revision; "" or "0" starts with synthetic ADDED events for what exists now. */
  resourceVersion?: string;
}

export interface WatchEvent {
  type: WatchEventType | 'ERROR';
  object: KObject;
  /** The object's key in the store ("namespace/name"): one string that every cache keeping the object can share. */
  key?: string;
}

export interface Watch {
  stop(): void;
}

export interface ObjectList {
  items: KObject[];
  resourceVersion: string;
}

/** Hook for unknown-field detection (set by the schema module); returns paths like "spec.replica". */
export type UnknownFieldFinder = (info: ResourceInfo, obj: unknown) => string[];

interface Watcher {
  resource: string;
  info: ResourceInfo;
  namespace?: string;
  label: Selector;
  fields?: FieldSelector;
  /** Set when `fields` is exactly `spec.nodeName=<this>` (a kubelet's pod watch): matched without the selectable-field record. */
  onlyNode?: string;
  handler: (e: WatchEvent) => void;
  onClose?: (reason: string) => void;
  pending: WatchEvent[];
  scheduled: boolean;
  stopped: boolean;
  /** Delivers `pending`: a kept timer, made with the watcher's first batch and queued again for every later one. */
  delivery?: KeptTimer;
}

/** A read-only resource computed on request rather than stored (metrics.k8s.io, served by metrics-server). */
export interface VirtualResource {
  list(namespace: string | undefined): KObject[];
  /** A get answered other than by finding the name in the list (componentstatus's REST.Get has its own error). */
  get?(name: string, namespace: string | undefined): KObject;
  /** The list keeps the order it is made in rather than etcd's key order (componentstatus's REST.List collects its probes). */
  unsorted?: boolean;
}

/** A version served besides the stored one: each verb at its key (strategy.ts ALTERNATES), registry/alternate-version.ts. */
export interface AlternateVersion {
  get(s: APIServer, namespace: string | undefined, name: string): KObject;
  tryGet(s: APIServer, namespace: string | undefined, name: string): KObject | undefined;
  list(s: APIServer, namespace: string | undefined, opts: ListOptions): ObjectList;
  create(s: APIServer, namespace: string | undefined, obj: KObject, opts: WriteOptions): KObject;
  update(s: APIServer, obj: KObject, opts: WriteOptions & { subresource?: string }): KObject;
  patch(s: APIServer, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: WriteOptions & { subresource?: 'status' | 'ephemeralcontainers' | 'resize' | 'scale' | 'approval' }): KObject;
  delete(s: APIServer, namespace: string | undefined, name: string, opts: DeleteOptions): KObject;
  watch(s: APIServer, namespace: string | undefined, opts: WatchOptions, handler: (e: WatchEvent) => void, onClose?: (reason: string) => void): Watch;
  withManagedFields(s: APIServer, obj: KObject): KObject;
}

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

/** store.go: how many generated names a create tries before it reports AlreadyExists. */
export const MAX_NAME_GENERATION_CREATE_ATTEMPTS = 8;

export class APIServer {
  private watchers = new Map<string, Set<Watcher>>();
  /** Watchers keyed by the node they select with spec.nodeName=X, so 5,000 kubelets do not each see every pod. */
  private nodeWatchers = new Map<string, Map<string, Set<Watcher>>>();
  readonly state = new Map<string, unknown>();
  unknownFields?: UnknownFieldFinder;
  /** Hook for the decoder's type errors (set by the schema module): the text after "cannot be handled as a Kind: ". */
  decodeError?: (info: ResourceInfo, obj: unknown) => string | undefined;
  /**
   * Hook for the Go types' round trip (set by the schema module): decode drops what a Go struct cannot
   * hold (a zero value under omitempty, null, an unknown field), encode also writes what encoding/json
   * always writes. Applied to what clients other than the typed components send.
   */
  goJSON?: (info: ResourceInfo, obj: unknown, encode: boolean | 'validate', field?: string) => unknown;
  /** Freeze stored objects so a client that mutates a shared snapshot fails loudly (off in benchmarks). */
  freeze = true;
  /** Audit hook: every successful write, for the checker's history. */
  onWrite?: (verb: 'create' | 'update' | 'delete' | 'patch', info: ResourceInfo, obj: KObject) => void;

  readonly virtuals = new Map<string, VirtualResource>();

  /** Serves a virtual resource, e.g. "pods.metrics.k8s.io"; until one is registered the API answers 503 as when metrics-server is absent. */
  registerVirtual(resource: string, v: VirtualResource | undefined): void {
    if (v) this.virtuals.set(resource, v);
    else this.virtuals.delete(resource);
  }

  /** The provider of the resources kube-apiserver computes (bootstrap/system-views.ts), by resource key. */
  computed?: (resource: string) => VirtualResource | undefined;
  /**
   * Stores a computed resource's objects as they are, for a write to change them (the bootstrap objects kube-apiserver
   * does store: FlowSchemas, PriorityLevelConfigurations, APIServices, ServiceCIDRs); false when the resource cannot be written.
   */
  adopt?: (resource: string) => boolean;
  /** The computed resources adopted so far: stored objects from then on. */
  readonly adopted = new Set<string>();

  /** Answered by a provider rather than the store. */
  private provided(resource: string, info: ResourceInfo): boolean {
    return !!info.virtual || (!!info.computed && !this.adopted.has(resource));
  }

  private provider(resource: string, info: ResourceInfo): VirtualResource | undefined {
    return this.virtuals.get(resource) ?? (info.computed ? this.computed?.(resource) : undefined);
  }

  constructor(readonly store: Store, readonly clock: VirtualClock, readonly random: Random) {
    store.onChange((e) => {
      if (e.resource === 'pods') this.indexPodNode(e);
      if (e.type !== 'MODIFIED') this.trackKey(e);
      this.dispatch(e);
    });
  }

  /**
   * Store keys of pods by spec.nodeName ("" for unscheduled ones); list() sorts what it returns,
   * so the order here does not matter. Keys rather than objects: a write that leaves the
   * node as it was (nearly every one) has nothing to change here.
   */
  private podsByNode = new Map<string, Set<string>>();

  private indexPodNode(e: StoreEvent): void {
    const before = e.previous ? (e.previous.spec as { nodeName?: string } | undefined)?.nodeName ?? '' : undefined;
    const now = e.type === 'DELETED' ? undefined : (e.object.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
    if (before === now) return;
    const key = e.key ?? objectKey(e.object);
    // An emptied set stays: deleting and re-adding "" (a pod created, then bound, again and again) leaves a
    // deleted entry in that key's hash chain each time until V8 rehashes the table, so with 5,000 nodes every
    // lookup walked thousands of them (5.7 % of the 150,000-replica shape). Node names are few; their sets cost little.
    if (before !== undefined) this.podsByNode.get(before)?.delete(key);
    if (now !== undefined) {
      let m = this.podsByNode.get(now);
      if (!m) this.podsByNode.set(now, (m = new Set()));
      m.add(key);
    }
  }

  private *podsOnNode(node: string): Iterable<KObject> {
    const keys = this.podsByNode.get(node);
    if (!keys) return;
    const pods = this.store.bucket('pods');
    for (const k of keys) {
      const pod = pods.get(k);
      if (pod) yield pod;
    }
  }

  // ---------- reads ----------

  get(resource: string, namespace: string | undefined, name: string): KObject {
    const alt = ALTERNATES.get(resource);
    if (alt) return alt.get(this, namespace, name);
    const info = this.info(resource);
    if (this.provided(resource, info)) {
      const v = this.provider(resource, info);
      if (v?.get) return v.get(name, info.namespaced ? namespace : undefined);
      const found = this.virtualList(resource, info, namespace).find((o) => o.metadata.name === name);
      if (!found) throw notFound(info.resource, info.group, name);
      return found;
    }
    const obj = this.store.get(resource, this.storeKey(info, namespace, name));
    if (!obj) throw notFound(info.resource, info.group, name);
    return obj;
  }

  tryGet(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    const alt = ALTERNATES.get(resource);
    if (alt) return alt.tryGet(this, namespace, name);
    const info = this.info(resource);
    if (this.provided(resource, info)) {
      try { return this.get(resource, namespace, name); } catch (e) { if (isStatusError(e) && e.code !== 503) return undefined; throw e; }
    }
    return this.store.get(resource, this.storeKey(info, namespace, name));
  }

  list(resource: string, namespace: string | undefined, opts: ListOptions = {}): ObjectList {
    const alt = ALTERNATES.get(resource);
    if (alt) return alt.list(this, namespace, opts);
    const info = this.info(resource);
    const label = this.labelSelector(opts.labelSelector);
    const fields = this.fieldSelector(info, opts.fieldSelector);
    const items: KObject[] = [];
    // A kubelet lists only its node's pods: answer from the index rather than scanning every pod of the cluster.
    const node = resource === 'pods' ? nodeNameRequirement(fields) : undefined;
    const source = this.provided(resource, info) ? this.virtualList(resource, info, namespace)
      : node !== undefined ? this.podsOnNode(node) : this.store.bucket(resource).values();
    for (const obj of source) {
      if (namespace && info.namespaced && obj.metadata.namespace !== namespace) continue;
      if (!label.matches(obj.metadata.labels)) continue;
      if (fields && !this.fieldsMatch(info, fields, obj)) continue;
      items.push(obj);
    }
    if (!(this.provided(resource, info) && this.provider(resource, info)?.unsorted)) items.sort(byNamespaceName);
    return { items, resourceVersion: String(this.store.currentRevision()) };
  }

  // ---------- writes ----------

  create(resource: string, namespace: string | undefined, input: KObject, opts: WriteOptions = {}): KObject {
    const alt = ALTERNATES.get(resource);
    if (alt) return alt.create(this, namespace, input, opts);
    const info = this.info(resource, true);
    const strategy = strategyFor(resource);
    const obj = this.decode(info, input, opts);
    const meta = obj.metadata;
    if (info.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = meta.namespace || namespace || 'default';
    } else {
      delete meta.namespace;
    }
    if (meta.resourceVersion) {
      throw badRequest('resourceVersion should not be set on objects to be created');
    }
    const generated = !meta.name && !!meta.generateName;
    // The suffix is drawn before admission draws its own (the ServiceAccount volume's name) and given after it:
    // kube-apiserver's draws are independent, a seeded lab's come in one stream, whose order keeps every name.
    const suffix = generated ? this.random.nameSuffix(5) : '';
    const ctx = this.ctx(info, !!opts.dryRun, opts.user);
    for (const k of SERVER_SET_ON_CREATE) if (k in meta) delete (meta as Record<string, unknown>)[k];
    strategy.defaults?.(obj, ctx);
    // Validation sees the Go struct: every field it always writes (`resources: {}`) is there.
    if (!opts.typed && this.goJSON) this.goJSON(info, obj, 'validate');
    // The field manager sees the object here, decoded and defaulted, before the strategy and admission change it.
    const created = opts.dryRun || opts.managed || !(strategy.prepareForCreate || strategy.admit || strategy.begin) ? undefined : specSnapshot(obj);
    if (info.statusSubresource) delete obj.status;
    // Mutating admission comes before the registry's create: NamespaceLifecycle first, then the plugins that
    // change the object (LimitRanger's defaults, ServiceAccount, Priority, ...), whose errors win over validation's
    // and whose additions are validated. The name is not generated yet: their errors name the generateName.
    if (info.namespaced) this.checkNamespaceWritable(info, meta.namespace!, meta.name || meta.generateName || '');
    createAdmission.admit?.(obj, ctx);
    strategy.admit?.(obj, undefined, ctx);
    if (generated) meta.name = meta.generateName + suffix;
    // BeginCreate (the Service registry's allocations) comes after mutating admission and before the strategy: a taken
    // or out-of-range value is the error even when validation would find more, and what it took is given back when
    // validation, quota or AlreadyExists fails the create. The UID is drawn first, as it was before any allocator draws.
    let finish: ((success: boolean) => void) | undefined;
    if (strategy.begin) {
      meta.uid ??= this.random.uuid();
      finish = strategy.begin(obj, undefined, ctx);
    }
    try {
      strategy.prepareForCreate?.(obj, ctx);
      const errs: FieldError[] = [];
      if (!meta.name) errs.push(field.required('metadata.name', 'name or generateName is required'));
      errs.push(...(strategy.validate?.(obj, ctx) ?? []));
      if (errs.length) throw invalid(info.kind, info.group, meta.name ?? '', errs);
      this.warnValidated(info, obj, undefined);
      // Validating admission (LimitRanger's limits, ResourceQuota) sees the validated object; the store's
      // AlreadyExists comes only after it, so what quota charged for a create that then fails stays charged.
      this.validateCreate(obj, ctx);
      let key = this.storeKey(info, meta.namespace, meta.name!);
      // RetryGenerateName (GA in v1.32): a generated name that is taken is drawn again, up to 8 attempts in all
      // (registry/generic/registry/store.go maxNameGenerationCreateAttempts), each one a whole create that runs
      // validating admission again; dry runs are not retried.
      for (let attempt = 1; generated && !opts.dryRun && attempt < MAX_NAME_GENERATION_CREATE_ATTEMPTS && this.store.get(resource, key); attempt++) {
        meta.name = meta.generateName + this.random.nameSuffix(5);
        key = this.storeKey(info, meta.namespace, meta.name);
        this.validateCreate(obj, ctx);
      }
      if (this.store.get(resource, key)) throw alreadyExists(info.resource, info.group, meta.name!);
      meta.uid ??= this.random.uuid(); // a strategy that needs it earlier (Jobs) has drawn it
      meta.creationTimestamp = rfc3339(this.clock.now());
      if (strategy.tracksGeneration) meta.generation = 1;
      if (!opts.typed && this.goJSON) this.goJSON(info, obj, true);
      if (opts.dryRun) {
        meta.resourceVersion = undefined;
        return obj;
      }
      const rec = opts.managed ?? createRecord(opts.fieldManager, opts.userAgent, created);
      const stored = this.commit(resource, key, obj, rec);
      this.onWrite?.('create', info, stored);
      finish?.(true);
      return stored;
    } catch (e) {
      finish?.(false);
      throw e;
    }
  }

  /** PUT: replaces the object (or its status, with subresource "status"; a namespace's spec.finalizers with "finalize"). */
  update(resource: string, input: KObject, opts: WriteOptions & { subresource?: 'status' | 'finalize' | 'ephemeralcontainers' | 'resize' | 'scale' | 'approval' } = {}): KObject {
    const alt = ALTERNATES.get(resource);
    if (alt) return alt.update(this, input, opts);
    const info = this.info(resource, true);
    const strategy = strategyFor(resource);
    // A status write reads only the input's status (and annotations): it is checked, not copied whole.
    const statusOnly = opts.subresource === 'status';
    const obj = statusOnly ? this.check(info, input, opts) : this.decode(info, input, opts);
    const name = obj.metadata.name ?? '';
    const namespace = info.namespaced ? obj.metadata.namespace || 'default' : undefined;
    const key = this.storeKey(info, namespace, name);
    const old = this.store.get(resource, key);
    if (!old) throw notFound(info.resource, info.group, name);
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(info.resource, info.group, name, OPTIMISTIC_LOCK_ERROR);
    if (!rv && strategy.allowUnconditionalUpdate === false) {
      throw invalid(info.kind, info.group, name, [field.invalid('metadata.resourceVersion', '', 'must be specified for an update')]);
    }
    const ctx = this.ctx(info, !!opts.dryRun, opts.user);
    const meta = obj.metadata;
    if (!statusOnly) {
      // Server-owned metadata survives any update.
      // Absent fields are deleted only when present: assigning undefined and deleting it
      // later would turn every updated metadata object into a slow dictionary object.
      const om = old.metadata;
      setOrDelete(meta, 'namespace', om.namespace);
      setOrDelete(meta, 'uid', om.uid);
      setOrDelete(meta, 'creationTimestamp', om.creationTimestamp);
      setOrDelete(meta, 'deletionTimestamp', om.deletionTimestamp);
      setOrDelete(meta, 'deletionGracePeriodSeconds', om.deletionGracePeriodSeconds);
      setOrDelete(meta, 'generation', om.generation);
      setOrDelete(meta, 'resourceVersion', om.resourceVersion);
      // managedFields sent with an update are the managers from then on (those of the request's own write aside).
      const sent = (meta as { managedFields?: unknown }).managedFields;
      const fm = Array.isArray(sent) && sent.length && !opts.subresource && !opts.managed ? fieldManagerIfLoaded(this) : undefined;
      if (fm) {
        delete (meta as { managedFields?: unknown }).managedFields;
        opts = { ...opts, managed: fm.sentManagers(sent as unknown[], this.clock.now()) };
      }
    }
    let updated: KObject;
    let finish: ((success: boolean) => void) | undefined;
    try {
      // scale: the workload with its new spec.replicas, written as the main resource (writeScale).
      const own = opts.subresource === 'ephemeralcontainers' || opts.subresource === 'resize' || opts.subresource === 'approval';
      const sub = own ? strategy.subresources?.[opts.subresource!] : undefined;
      if (own && !sub) throw pathNotFound();
      if (sub) {
        // Only what the subresource owns is taken from the request (pods/ephemeralcontainers: spec.ephemeralContainers;
        // pods/resize: each container's resources and resizePolicy).
        updated = sub.prepareForUpdate(obj, old, ctx);
        if (strategy.tracksGeneration && !specEqual(updated, old)) updated.metadata.generation = (old.metadata.generation ?? 0) + 1;
        const errs = sub.validateUpdate(updated, old, ctx);
        if (errs.length) throw invalid(info.kind, info.group, name, errs);
      } else if (opts.subresource === 'finalize') {
        // PUT namespaces/{name}/finalize: only spec.finalizers changes (FinalizeREST).
        updated = clone(old);
        const fins = (obj.spec as { finalizers?: string[] } | undefined)?.finalizers;
        const spec: Record<string, unknown> = { ...((old.spec as object) ?? {}), finalizers: fins?.length ? [...fins] : undefined };
        stripUndefined(spec);
        updated.spec = spec;
      } else if (statusOnly) {
        // Everything but status (and metadata, copied one level) is shared with the stored, immutable version.
        // A typed writer that hands its status over (owned) keeps no mutable reference to it: stored as it is.
        const status = obj.status === undefined || (opts.owned && opts.typed) ? obj.status : clone(obj.status);
        updated = shareExceptStatus(old, status);
        if (strategy.statusUpdateKeepsAnnotations ?? info.group === 'apps') updated.metadata.annotations = obj.metadata.annotations === undefined ? undefined : clone(obj.metadata.annotations);
        strategy.prepareForStatusUpdate?.(updated, old, ctx);
        const errs = strategy.validateStatusUpdate?.(updated, old, ctx) ?? [];
        if (errs.length) throw invalid(info.kind, info.group, name, errs);
      } else {
        updated = obj;
        strategy.defaults?.(updated, ctx);
        if (!opts.typed && this.goJSON) this.goJSON(info, updated, 'validate');
        // The stored status is immutable and no update hook changes status: share it rather than copy it.
        if (info.statusSubresource) updated.status = old.status;
        // BeginUpdate (the Service registry's allocations and releases) comes before the strategy, as on create.
        finish = strategy.begin?.(updated, old, ctx);
        strategy.prepareForUpdate?.(updated, old, ctx);
        if (strategy.tracksGeneration && !specEqual(updated, old)) meta.generation = (old.metadata.generation ?? 0) + 1;
        const errs = strategy.validateUpdate?.(updated, old, ctx) ?? [];
        if (errs.length) throw invalid(info.kind, info.group, name, errs);
        this.warnValidated(info, updated, old);
        strategy.admit?.(updated, old, ctx);
      }
      if (!opts.typed && this.goJSON) {
        // A status write changes only the status: the rest is the stored version.
        if (statusOnly) updated.status = this.goJSON(info, updated.status, true, 'status');
        else updated = this.goJSON(info, updated, true) as KObject;
      }
      stripUndefined(updated.metadata as Record<string, unknown>);
      // Validating admission sees the update, changed or not, before the store (GuaranteedUpdate's tryUpdate).
      if (createAdmission.validateUpdate) createAdmission.validateUpdate(updated, old, opts.subresource, ctx);
      else podSecurityAdmission.validate?.(updated, old, opts.subresource, ctx);
      // An apply that changes only who owns what is still a write (of managedFields).
      if (unchangedBy(updated, old) && !(opts.managed && !this.fieldManager?.sameManagers(info, old, opts.managed))) {
        finish?.(true);
        return old;
      }
      if (opts.dryRun) return updated;
      if (old.metadata.deletionTimestamp && (updated.metadata.finalizers?.length ?? 0) === 0 && !this.awaitsGrace(info, updated) && !this.awaitsFinalize(info, updated)) {
        finish?.(true);
        return this.remove(info, key, updated);
      }
      const rec = opts.managed ?? (statusOnly ? statusRecord(resource, old, updated, opts.fieldManager, opts.userAgent, this.clock.now()) : updateRecord(resource, old, opts.fieldManager, opts.userAgent, opts.subresource, this.clock.now()));
      const stored = this.commit(resource, key, updated, rec);
      this.onWrite?.('update', info, stored);
      finish?.(true);
      return stored;
    } catch (e) {
      finish?.(false);
      throw e;
    }
  }

  patch(resource: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: WriteOptions & { subresource?: 'status' | 'ephemeralcontainers' | 'resize' | 'scale' | 'approval' } = {}): KObject {
    const alt = ALTERNATES.get(resource);
    if (alt) return alt.patch(this, namespace, name, type, patch, opts);
    const info = this.info(resource, true);
    // A custom resource has no Go type to take a strategic merge patch by (patch.go's supported types).
    if (type === 'strategic' && info.crd) throw customResources.patchRefused!();
    if (opts.subresource === 'scale') {
      const current = this.scaleTarget(info, namespace, name);
      let next: unknown;
      try {
        // A Scale has no lists: a strategic merge patch merges as a JSON merge patch does.
        next = type === 'json' ? jsonPatch(scaleOf(current), patch) : mergePatch(scaleOf(current), patch);
      } catch (e) {
        if (isStatusError(e)) throw e;
        if (e instanceof JSONPatchApplyError) throw unprocessableEntity();
        throw badRequest(String((e as Error)?.message ?? e));
      }
      return this.updateScale(resource, namespace, name, next as KObject, opts);
    }
    const applyConfig = type === 'apply' && !!patch && typeof patch === 'object' && !Array.isArray(patch);
    // Server-side apply creates what does not exist yet (handlers/patch.go: applyPatcher.createNewObject); its
    // configuration is typed first, so a repeated key is refused before anything is created.
    if (applyConfig && !opts.subresource && !this.tryGet(resource, namespace, name)) {
      fieldManagerIfLoaded(this)?.applyMerge(info, undefined, patch as KObject, namespace);
      const obj = { ...(patch as KObject), metadata: { ...((patch as KObject).metadata ?? {}), name } } as KObject;
      return this.applying(info, undefined, obj, obj, opts, (managed) => this.create(resource, namespace, obj, { ...opts, managed }));
    }
    // A subresource the resource does not have is a path the server does not serve.
    if ((opts.subresource === 'ephemeralcontainers' || opts.subresource === 'resize' || opts.subresource === 'approval') && !strategyFor(resource).subresources?.[opts.subresource]) throw pathNotFound();
    const current = this.get(resource, namespace, name);
    // Server-side apply merges by structured-merge-diff's types (list-map keys), not strategic merge's patchMergeKey.
    const typedApply = applyConfig ? fieldManagerIfLoaded(this) : undefined;
    const merge = (c: KObject, p: unknown) => (this.strategicMerge ? this.strategicMerge(c, p, info, type === 'apply') : mergePatch(c, p));
    const obj = this.patched(current, type, patch, (c, p) => (typedApply?.applyMerge(info, c, p as KObject, namespace) ?? merge(c, p)));
    // An apply through pods/resize meets the other managers' fields (conflicts) as one to the pod does.
    if (type === 'apply' && (!opts.subresource || opts.subresource === 'resize' || opts.subresource === 'status')) return this.applying(info, current, patch as KObject, obj, opts, (managed) => this.update(resource, obj, { ...opts, managed }));
    return this.update(resource, obj, opts);
  }

  /**
   * Server-side apply's ownership (managedfields): the applier's fields, conflicts (409), and what it no
   * longer applies removed; then `write` (the create or update) stores the result with the managers worked out.
   */
  private applying(info: ResourceInfo, live: KObject | undefined, config: KObject, merged: KObject, opts: WriteOptions, write: (managed?: ManagedRecord) => KObject): KObject {
    // `merged` becomes what is stored (what the applier stopped applying taken out).
    const subresource = (opts as { subresource?: string }).subresource === 'status' ? 'status' as const : undefined;
    return write(fieldManagerIfLoaded(this)?.serverSideApply(info, live, config, merged, { fieldManager: opts.fieldManager ?? '', force: !!opts.force, time: this.clock.now(), subresource }));
  }

  /** GET {workload}/scale (ScaleREST.Get). */
  getScale(resource: string, namespace: string | undefined, name: string): KObject {
    return scaleOf(this.scaleTarget(this.info(resource), namespace, name));
  }

  /**
   * PUT {workload}/scale: the Scale's spec.replicas into the workload (ScaleREST), validated as the workload.
   * Returns the Scale.
   */
  updateScale(resource: string, namespace: string | undefined, name: string, scale: KObject, opts: WriteOptions = {}): KObject {
    const info = this.info(resource);
    const current = this.scaleTarget(info, namespace, name);
    const replicas = (scale?.spec as { replicas?: number } | undefined)?.replicas ?? 0;
    const rv = scale?.metadata?.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw conflict(info.resource, info.group, name, OPTIMISTIC_LOCK_ERROR);
    const next = withReplicas(current, replicas);
    return scaleOf(this.update(resource, next, { ...opts, subresource: 'scale' }));
  }

  private scaleTarget(info: ResourceInfo, namespace: string | undefined, name: string): KObject {
    // Only the workloads have the subresource: for anything else the path does not exist.
    if (!SCALABLE.has(this.keyOf(info))) throw pathNotFound();
    return this.get(this.keyOf(info), namespace, name);
  }

  /**
   * POST pods/binding: the scheduler's way to place a pod. Sets spec.nodeName
   * (which a normal update may not change) and the PodScheduled condition.
   */
  bind(namespace: string, podName: string, nodeName: string, opts: { uid?: string } = {}): KObject {
    const info = this.info('pods');
    const key = this.storeKey(info, namespace, podName);
    const pod = this.store.get('pods', key);
    if (!pod) throw notFound('pods', '', podName);
    if (opts.uid && pod.metadata.uid !== opts.uid) throw conflict('pods', '', podName, `Precondition failed: UID in precondition: ${opts.uid}, UID in object meta: ${pod.metadata.uid}`);
    // BindingREST.Create reports these as a Conflict on pods/binding (pkg/registry/core/pod/storage/storage.go).
    if (pod.metadata.deletionTimestamp) throw conflict('pods/binding', '', podName, `pod ${podName} is being deleted, cannot be assigned to a host`);
    const spec = (pod.spec ?? {}) as { nodeName?: string; schedulingGates?: unknown[] };
    if (spec.nodeName) throw conflict('pods/binding', '', podName, `pod ${podName} is already assigned to node "${spec.nodeName}"`);
    if (spec.schedulingGates?.length) throw conflict('pods/binding', '', podName, `pod ${podName} has non-empty .spec.schedulingGates`);
    // Only metadata, spec, status and the conditions list change: the rest is shared with the
    // stored (immutable) version instead of deep-cloned, since every scheduled pod comes through here.
    const prevStatus = (pod.status ?? {}) as { conditions?: Record<string, unknown>[] };
    const conditions = prevStatus.conditions ? [...prevStatus.conditions] : [];
    const next: KObject = { ...pod, metadata: { ...pod.metadata }, spec: withMember(spec, 'nodeName', nodeName), status: withMember(prevStatus, 'conditions', conditions) };
    const cond = this.podScheduled(rfc3339(this.clock.now()));
    const i = conditions.findIndex((c) => c.type === 'PodScheduled');
    if (i >= 0) conditions[i] = cond;
    else conditions.push(cond);
    // BindingREST writes through the registry, past the field manager: nobody takes nodeName or the condition.
    const stored = this.commit('pods', key, next, sameRecord(pod, true));
    this.onWrite?.('update', info, stored);
    return stored;
  }

  /** The PodScheduled condition of a bind at `now`: one frozen object for all the pods bound in the same second. */
  private podScheduled(now: string): Readonly<Record<string, unknown>> {
    if (this.lastPodScheduled?.lastTransitionTime !== now) this.lastPodScheduled = Object.freeze({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
    return this.lastPodScheduled;
  }

  private lastPodScheduled?: Readonly<{ type: string; status: string; lastProbeTime: null; lastTransitionTime: string }>;

  /** Set by the strategic-merge module: merges lists by their patchMergeKey. */
  strategicMerge?: (current: KObject, patch: unknown, info: ResourceInfo, apply?: boolean) => unknown;

  delete(resource: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KObject {
    const alt = ALTERNATES.get(resource);
    if (alt) return alt.delete(this, namespace, name, opts);
    const info = this.info(resource, true);
    const strategy = strategyFor(resource);
    const refused = strategy.deleteForbidden?.(name);
    if (refused) throw forbidden(info.resource, info.group, name, refused);
    const key = this.storeKey(info, namespace, name);
    const stored = this.store.get(resource, key);
    if (!stored) throw notFound(info.resource, info.group, name);
    const current = !stored.metadata.deletionTimestamp && strategy.prepareForDeletion ? strategy.prepareForDeletion(stored, rfc3339(this.clock.now())) : stored;
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw conflict(info.resource, info.group, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(info.resource, info.group, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
    }
    if (opts.gracePeriodSeconds !== undefined && (!Number.isInteger(opts.gracePeriodSeconds) || opts.gracePeriodSeconds < 0)) {
      // kubectl maps negative values to "use the default" before sending; the server treats them as 1 (immediately after).
      opts = { ...opts, gracePeriodSeconds: Math.max(0, Math.trunc(Number(opts.gracePeriodSeconds) || 0)) || 1 };
    }
    const grace = strategy.gracePeriod ? strategy.gracePeriod(current, opts.gracePeriodSeconds) : 0;
    const finalizers = [...(current.metadata.finalizers ?? [])];
    const policy = opts.propagationPolicy ?? strategy.defaultPropagationPolicy;
    if (policy === 'Orphan' && !finalizers.includes(FINALIZER_ORPHAN)) finalizers.push(FINALIZER_ORPHAN);
    if (policy === 'Foreground' && !finalizers.includes(FINALIZER_FOREGROUND)) finalizers.push(FINALIZER_FOREGROUND);
    if (policy && policy !== 'Orphan') removeItem(finalizers, FINALIZER_ORPHAN);
    if (policy && policy !== 'Foreground') removeItem(finalizers, FINALIZER_FOREGROUND);
    // Validating admission of a delete (registry Store.Delete's deleteValidation): the dynamic plugins see the object.
    policyAdmission.validate?.(undefined, stored, undefined, this.ctx(info, !!opts.dryRun));
    if (opts.dryRun) return stored;
    const now = this.clock.now();
    if (current.metadata.deletionTimestamp) {
      // Already terminating: a shorter grace period may bring the deadline forward (kubectl delete --grace-period=0 --force).
      const prevGrace = current.metadata.deletionGracePeriodSeconds ?? 0;
      if (grace < prevGrace || grace === 0) {
        if (grace === 0 && finalizers.length === 0 && !this.awaitsFinalize(info, current)) return this.remove(info, key, current);
        const updated = clone(current);
        updated.metadata.deletionGracePeriodSeconds = grace;
        updated.metadata.deletionTimestamp = rfc3339(now + grace * 1000);
        updated.metadata.finalizers = finalizers.length ? finalizers : undefined;
        stripUndefined(updated.metadata as Record<string, unknown>);
        return this.commit(resource, key, updated, sameRecord(stored));
      }
      if (!deepEqual(finalizers, current.metadata.finalizers ?? [])) {
        const updated = clone(current);
        updated.metadata.finalizers = finalizers.length ? finalizers : undefined;
        stripUndefined(updated.metadata as Record<string, unknown>);
        return this.commit(resource, key, updated, sameRecord(stored));
      }
      return current;
    }
    if (this.awaitsFinalize(info, current)) {
      // A namespace's first delete only starts termination (Terminating); the namespace controller empties it and then finalizes it.
      const updated = clone(current);
      updated.metadata.deletionTimestamp = rfc3339(now);
      updated.metadata.finalizers = finalizers.length ? finalizers : undefined;
      updated.status = { ...((current.status as object) ?? {}), phase: 'Terminating' };
      stripUndefined(updated.metadata as Record<string, unknown>);
      const written = this.commit(resource, key, updated, sameRecord(stored));
      this.onWrite?.('delete', info, written);
      return written;
    }
    if (grace > 0 || finalizers.length > 0) {
      const updated = clone(current);
      updated.metadata.deletionTimestamp = rfc3339(now + grace * 1000);
      updated.metadata.deletionGracePeriodSeconds = grace;
      updated.metadata.finalizers = finalizers.length ? finalizers : undefined;
      stripUndefined(updated.metadata as Record<string, unknown>);
      if (updated.metadata.generation !== undefined) updated.metadata.generation += 1;
      const written = this.commit(resource, key, updated, sameRecord(stored));
      this.onWrite?.('delete', info, written);
      return written;
    }
    const removed = this.remove(info, key, current);
    this.onWrite?.('delete', info, removed);
    return removed;
  }

  // ---------- watch ----------

  watch(resource: string, namespace: string | undefined, opts: WatchOptions, handler: (e: WatchEvent) => void, onClose?: (reason: string) => void): Watch {
    const alt = ALTERNATES.get(resource);
    if (alt) return alt.watch(this, namespace, opts, handler, onClose);
    const info = this.info(resource);
    // The list handler of a storage that cannot watch (componentstatuses, metrics.k8s.io) refuses ?watch=true.
    if (!info.verbs.includes('watch')) throw methodNotSupported(info.resource, info.group, 'watch');
    const label = this.labelSelector(opts.labelSelector);
    const fields = this.fieldSelector(info, opts.fieldSelector);
    const w: Watcher = {
      resource, info, namespace: info.namespaced ? namespace : undefined, label, fields, handler, onClose,
      pending: [], scheduled: false, stopped: false, delivery: undefined,
    };
    const rv = opts.resourceVersion ?? '';
    if (rv === '' || rv === '0') {
      for (const obj of this.list(resource, namespace, { labelSelector: label, fieldSelector: fields }).items) {
        w.pending.push({ type: 'ADDED', object: obj });
      }
    } else {
      const since = Number(rv);
      if (!Number.isFinite(since)) throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a valid resourceVersion`);
      const events = this.store.eventsSince(resource, since);
      if (!events) {
        w.pending.push({ type: 'ERROR', object: gone(`too old resource version: ${rv} (${this.store.compactedRevision(resource)})`).status as unknown as KObject });
        this.schedule(w);
        w.stopped = true;
        return { stop: () => {} };
      }
      for (const e of events) this.enqueue(w, e);
    }
    this.addWatcher(w);
    if (w.pending.length) this.schedule(w);
    return {
      stop: () => {
        if (w.stopped) return;
        w.stopped = true;
        this.removeWatcher(w);
      },
    };
  }

  /** Ends every open watch (the server is going down); clients see the stream close and must re-list. */
  closeAllWatches(reason: string): void {
    const all = new Set<Watcher>();
    for (const set of this.watchers.values()) for (const w of set) all.add(w);
    for (const byNode of this.nodeWatchers.values()) for (const set of byNode.values()) for (const w of set) all.add(w);
    this.watchers.clear();
    this.nodeWatchers.clear();
    for (const w of all) {
      w.stopped = true;
      w.pending = [];
      if (w.onClose) this.clock.schedule(0, () => w.onClose!(reason));
    }
  }

  /** `patch` applied to `current` (strategic and apply by `merge`), named as it is, at its resourceVersion unless the patch names one. */
  patched(current: KObject, type: PatchType, patch: unknown, merge: (current: KObject, patch: unknown) => unknown): KObject {
    let patched: unknown;
    try {
      if (type === 'json') patched = jsonPatch(current, patch);
      else if (type === 'merge') patched = mergePatch(current, patch);
      else if (type === 'strategic' || type === 'apply') patched = merge(current, patch);
      else throw badRequest(`unsupported patch type ${String(type)}`);
    } catch (e) {
      if (isStatusError(e)) throw e;
      // handlers/patch.go: an RFC 6902 patch that does not apply is a generic 422, without the library's reason.
      if (e instanceof JSONPatchApplyError) throw unprocessableEntity();
      throw badRequest(String((e as Error)?.message ?? e));
    }
    if (!patched || typeof patched !== 'object' || Array.isArray(patched)) throw badRequest('the server rejected our request due to an error in our request');
    const obj = patched as KObject;
    obj.metadata = { ...(obj.metadata ?? {}), name: current.metadata.name, namespace: current.metadata.namespace };
    // A patch only conflicts if the patch itself names a stale resourceVersion.
    const prv = (patch as { metadata?: ObjectMeta })?.metadata?.resourceVersion;
    obj.metadata.resourceVersion = typeof prv === 'string' ? prv : current.metadata.resourceVersion;
    return obj;
  }

  // ---------- internals ----------

  private virtualList(resource: string, info: ResourceInfo, namespace: string | undefined): KObject[] {
    const v = this.provider(resource, info);
    if (!v) throw serviceUnavailable('the server is currently unable to handle the request');
    return v.list(info.namespaced ? namespace : undefined);
  }

  info(resource: string, write?: boolean): ResourceInfo {
    const info = lookupResource(resource);
    // No route for it: kube-apiserver answers an unknown resource or version path with its generic 404 (an
    // alternate version is served once its code has loaded, lazy-kinds.ts).
    if (!info || info.alternate) throw pathNotFound();
    // A computed resource (metrics.k8s.io, componentstatuses) has no write route, unless kube-apiserver stores it.
    if (write && this.provided(resource, info) && !(info.computed && this.adopt?.(resource))) throw methodNotAllowed('the server does not allow this method on the requested resource');
    return info;
  }

  fieldsOf(info: ResourceInfo, obj: KObject): Record<string, string> {
    const base: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
    if (info.namespaced) base['metadata.namespace'] = obj.metadata.namespace ?? '';
    const extra = strategyFor(this.keyOf(info)).selectableFields?.(obj);
    return extra ? Object.assign(base, extra) : base;
  }

  /**
   * fields.matches(fieldsOf(info, obj)), reading only the fields the selector names when the strategy can read
   * them one at a time: a watch with a field selector (the scheduler's status.phase!=Succeeded,status.phase!=Failed)
   * then builds no record of every selectable field for both versions of each write.
   */
  fieldsMatch(info: ResourceInfo, fields: FieldSelector, obj: KObject): boolean {
    const strategy = strategyFor(this.keyOf(info));
    if (!strategy.selectableField) return fields.matches(this.fieldsOf(info, obj));
    for (const r of fields.requirements) {
      const v = r.field === 'metadata.name' ? obj.metadata.name ?? ''
        : r.field === 'metadata.namespace' && info.namespaced ? obj.metadata.namespace ?? ''
          : strategy.selectableField(obj, r.field) ?? '';
      if (r.op === '=' ? v !== r.value : v === r.value) return false;
    }
    return true;
  }

  private keyOf(info: ResourceInfo): string {
    return info.group ? `${info.resource}.${info.group}` : info.resource;
  }

  /** Validating admission of a create: LimitRanger, PodSecurity and ResourceQuota once they are loaded. */
  private validateCreate(obj: KObject, ctx: StrategyContext): void {
    if (createAdmission.validate) createAdmission.validate(obj, ctx);
    else podSecurityAdmission.validate?.(obj, undefined, undefined, ctx);
  }

  /** BeforeCreate/BeforeUpdate add the strategy's warnings once the object has passed validation, before validating admission. */
  private warnValidated(info: ResourceInfo, obj: KObject, old: KObject | undefined): void {
    for (const w of registryWarnings.of?.(this.keyOf(info), obj, old) ?? []) this.addWarning(w);
  }

  /** The warnings admission added to the requests since the last take (each text once, as the warning recorder keeps them). */
  private warnings: string[] = [];

  addWarning(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  /** The warnings of the request just served (a caller takes them before its request to drop others'). */
  takeWarnings(): string[] {
    const w = this.warnings;
    if (w.length) this.warnings = [];
    return w;
  }

  private ctx(info: ResourceInfo, dryRun: boolean, requester?: UserInfo): StrategyContext {
    return new WriteContext(this, info, dryRun, requester);
  }

  storeKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
    if (!info.namespaced) return name;
    const ns = namespace || 'default';
    return this.keyStrings.get(ns)?.get(name) ?? namespacePrefix(ns) + name;
  }

  /**
   * The key string the store holds for each namespaced object, by namespace and name. An update (a Lease
   * renewal, a status write) then finds its object, and every informer its cached copy, under that very
   * string: nothing new to build and hash, and keys compared by identity. Objects of two resources with the
   * same namespace and name share an entry (their keys are the same text); a miss only means a new text.
   */
  private keyStrings = new Map<string, Map<string, string>>();

  private trackKey(e: StoreEvent): void {
    const ns = e.object.metadata.namespace;
    // Events are the most numerous objects and rarely written again: they are not worth an entry each.
    if (ns === undefined || e.key === undefined || e.resource === 'events') return;
    const name = e.object.metadata.name!;
    if (e.type === 'ADDED') {
      let byName = this.keyStrings.get(ns);
      if (!byName) this.keyStrings.set(ns, (byName = new Map()));
      byName.set(name, e.key);
    } else {
      this.keyStrings.get(ns)?.delete(name);
    }
  }

  /** Checks apiVersion/kind and unknown fields, and returns a private copy to work on. */
  private decode(info: ResourceInfo, input: KObject, opts: WriteOptions): KObject {
    this.check(info, input, opts);
    const obj = opts.owned && opts.typed ? input : clone(input);
    if (!obj.metadata || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) obj.metadata = {};
    obj.apiVersion = apiVersionOf(info);
    obj.kind = info.kind;
    // The private copy is changed in place, before defaulting sees it, as Go decodes before SetDefaults.
    if (!opts.typed && this.goJSON) this.goJSON(info, obj, false);
    return obj;
  }

  /**
   * The decoder's checks without the copy. The input itself is returned, to be read only;
   * when its metadata is missing or not an object, a view with empty metadata stands in.
   */
  check(info: ResourceInfo, input: KObject, opts: WriteOptions): KObject {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw badRequest('the server rejected our request due to an error in our request');
    const expected = apiVersionOf(info);
    if (input.apiVersion !== undefined && input.apiVersion !== expected) {
      throw badRequest(`the API version in the data (${String(input.apiVersion)}) does not match the expected API version (${expected})`);
    }
    if (input.kind !== undefined && input.kind !== info.kind) {
      throw badRequest(`${String(input.kind)} in version "${info.version}" cannot be handled as a ${info.kind}: no kind "${String(input.kind)}" is registered for version "${expected}" in scheme "pkg/api/legacyscheme/scheme.go:30"`);
    }
    if (!opts.typed) {
      const decodeError = this.decodeError?.(info, input);
      if (decodeError) throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${decodeError}`);
      if (opts.fieldValidation === 'Warn' && this.unknownFields) {
        // The decoder's warnings: one per unknown field (kubectl --validate=warn).
        for (const f of this.unknownFields(info, input)) this.addWarning(`unknown field "${f}"`);
      } else if ((opts.fieldValidation ?? 'Strict') === 'Strict' && this.unknownFields) {
        const unknown = this.unknownFields(info, input);
        if (unknown.length) {
          const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
          throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: strict decoding error: ${list}`);
        }
      }
    }
    const m = input.metadata;
    if (m && typeof m === 'object' && !Array.isArray(m)) return input;
    return { ...input, metadata: {} };
  }

  private checkNamespaceWritable(info: ResourceInfo, namespace: string, name: string): void {
    const ns = this.store.get('namespaces', namespace);
    if (!ns) throw notFound('namespaces', '', namespace);
    if (ns.metadata.deletionTimestamp) {
      throw forbidden(info.resource, info.group, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  /** A namespace stays until its spec.finalizers (the namespace controller's "kubernetes") are emptied through the finalize subresource. */
  private awaitsFinalize(info: ResourceInfo, obj: KObject): boolean {
    return info.resource === 'namespaces' && !info.group && ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) > 0;
  }

  private awaitsGrace(info: ResourceInfo, obj: KObject): boolean {
    // Pods stay until the kubelet confirms their containers stopped (it deletes them with grace 0).
    return info.resource === 'pods' && !!obj.spec && !!(obj.spec as { nodeName?: string }).nodeName && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  private commit(resource: string, key: string, obj: KObject, rec: ManagedRecord): KObject {
    stripUndefined(obj.metadata as Record<string, unknown>);
    attach(obj, rec);
    const stored = this.store.put(resource, key, obj);
    if (this.freeze) deepFreeze(stored);
    // A long chain of writes nobody read is worked out, so that the versions it refers to can go
    // (the field manager's code is loaded for it then; until it is there, the chain grows).
    if (rec.depth >= MANAGED_CHAIN_LIMIT) {
      const fm = fieldManagerIfLoaded(this);
      if (fm) fm.managersOf(this.info(resource), stored);
      // A load that fails (the page or process going away) is tried again at the next long chain.
      else this.fieldManagerLoading ??= loadFieldManager(this).catch(() => { this.fieldManagerLoading = undefined; });
    }
    return stored;
  }

  /** The field manager's code, once loaded (managedfields/loader.ts): managedFields are worked out only with it. */
  fieldManager?: FieldManager;
  private fieldManagerLoading?: Promise<void>;

  /** The object as kube-apiserver serves it, with metadata.managedFields (as stored when the field manager is not loaded). */
  withManagedFields(resource: string, obj: KObject): KObject {
    const alt = ALTERNATES.get(resource);
    if (alt) return alt.withManagedFields(this, obj);
    const fm = recordOf(obj) && fieldManagerIfLoaded(this);
    return fm ? fm.withManagedFields(this.info(resource), obj) : obj;
  }

  private remove(info: ResourceInfo, key: string, last: KObject): KObject {
    const before = this.store.get(this.keyOf(info), key);
    const removed = this.store.remove(this.keyOf(info), key) ?? last;
    inherit(removed, before);
    try {
      strategyFor(this.keyOf(info)).release?.(removed, this.ctx(info, false));
    } catch (e) {
      if (!isStatusError(e)) throw internalError(String(e));
    }
    if (this.freeze) deepFreeze(removed);
    return removed;
  }

  private labelSelector(s: string | Selector | undefined): Selector {
    if (s === undefined) return EVERYTHING;
    if (typeof s !== 'string') return s;
    try {
      return parseLabelSelector(s);
    } catch (e) {
      if (e instanceof SelectorParseError) throw badRequest(e.message);
      throw e;
    }
  }

  private fieldSelector(info: ResourceInfo, s: string | FieldSelector | undefined): FieldSelector | undefined {
    if (s === undefined || s === '') return undefined;
    let sel: FieldSelector;
    try {
      sel = typeof s === 'string' ? parseFieldSelector(s) : s;
    } catch (e) {
      if (e instanceof SelectorParseError) throw badRequest(e.message);
      throw e;
    }
    const probe = this.fieldsOfKnown(info);
    for (const r of sel.requirements) {
      if (!probe.has(r.field)) throw badRequest(`field label not supported: ${r.field}`);
    }
    return sel.requirements.length ? sel : undefined;
  }

  private knownFieldCache = new Map<string, Set<string>>();
  private fieldsOfKnown(info: ResourceInfo): Set<string> {
    const k = this.keyOf(info);
    let set = this.knownFieldCache.get(k);
    if (!set) {
      const empty = { metadata: { name: '', namespace: '' } } as KObject;
      set = new Set(Object.keys(this.fieldsOf(info, empty)));
      this.knownFieldCache.set(k, set);
    }
    return set;
  }

  private addWatcher(w: Watcher): void {
    const node = nodeNameRequirement(w.fields);
    if (node !== undefined && w.fields!.requirements.length === 1) w.onlyNode = node;
    if (node !== undefined) {
      let byNode = this.nodeWatchers.get(w.resource);
      if (!byNode) this.nodeWatchers.set(w.resource, (byNode = new Map()));
      let set = byNode.get(node);
      if (!set) byNode.set(node, (set = new Set()));
      set.add(w);
      return;
    }
    let set = this.watchers.get(w.resource);
    if (!set) this.watchers.set(w.resource, (set = new Set()));
    set.add(w);
  }

  private removeWatcher(w: Watcher): void {
    const node = nodeNameRequirement(w.fields);
    if (node !== undefined) this.nodeWatchers.get(w.resource)?.get(node)?.delete(w);
    else this.watchers.get(w.resource)?.delete(w);
  }

  private dispatch(e: StoreEvent): void {
    const set = this.watchers.get(e.resource);
    // Looked up by the node name itself (a string the object already holds), not by a new "pods|node" text per write.
    const podWatchers = e.resource === 'pods' ? this.nodeWatchers.get('pods') : undefined;
    // Nobody watches most Events: then nothing more is made for this write.
    if (!podWatchers && (!set || set.size === 0)) return;
    if (set) for (const w of set) if (this.enqueue(w, e)) this.schedule(w);
    if (podWatchers) {
      const now = (e.object.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
      const before = (e.previous?.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
      let ws = podWatchers.get(now);
      if (ws) for (const w of ws) if (this.enqueue(w, e)) this.schedule(w);
      if (before !== now) {
        ws = podWatchers.get(before);
        if (ws) for (const w of ws) if (this.enqueue(w, e)) this.schedule(w);
      }
    }
  }

  /** Translates a store event for one watcher, honouring its selectors the way the watch cache does. */
  private enqueue(w: Watcher, e: StoreEvent): boolean {
    if (w.stopped) return false;
    const obj = e.object;
    if (w.namespace && obj.metadata.namespace !== w.namespace) return false;
    let type: WatchEvent['type'] | undefined;
    if (e.type === 'DELETED') {
      type = this.selects(w, e.previous) ? 'DELETED' : undefined;
    } else {
      const now = this.selects(w, obj);
      const before = e.type !== 'ADDED' && this.selects(w, e.previous);
      if (now && before) type = 'MODIFIED';
      else if (now) type = 'ADDED';
      else if (before) type = 'DELETED';
    }
    if (!type) return false;
    // The store's event is handed on as it is when the watcher sees the same change (handlers read type, object and key).
    w.pending.push(type === e.type ? e : { type, object: obj, key: e.key });
    return true;
  }

  private selects(w: Watcher, o: KObject | undefined): boolean {
    if (!o || !w.label.matches(o.metadata.labels)) return false;
    if (w.onlyNode !== undefined) return ((o.spec as { nodeName?: string } | undefined)?.nodeName ?? '') === w.onlyNode;
    return !w.fields || this.fieldsMatch(w.info, w.fields, o);
  }

  private schedule(w: Watcher): void {
    if (w.scheduled) return;
    w.scheduled = true;
    this.clock.queueNow((w.delivery ??= this.clock.keptTimer(() => this.deliver(w))));
  }

  private deliver(w: Watcher): void {
    w.scheduled = false;
    const batch = w.pending;
    w.pending = [];
    for (const ev of batch) {
      if (w.stopped && ev.type !== 'ERROR') return;
      try {
        w.handler(ev);
      } catch (err) {
        this.clock.errors.push(err);
      }
    }
  }
}

/** The strategy context of one write: a class, so a write allocates one object and no closures. */
class WriteContext implements StrategyContext {
  readonly now: number;
  readonly random: Random;
  readonly state: Map<string, unknown>;

  constructor(private readonly server: APIServer, readonly info: ResourceInfo, readonly dryRun: boolean, readonly requester?: UserInfo) {
    this.now = server.clock.now();
    this.random = server.random;
    this.state = server.state;
  }

  lookup(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    const i = lookupResource(resource);
    return i ? this.server.store.get(resource, this.server.storeKey(i, namespace, name)) : undefined;
  }

  listAll(resource: string): Iterable<KObject> {
    return this.server.store.bucket(resource).values();
  }

  writeStatus(resource: string, obj: KObject): void {
    this.server.update(resource, obj, { subresource: 'status' });
  }

  warn(text: string): void {
    this.server.addWarning(text);
  }
}

function nodeNameRequirement(f: FieldSelector | undefined): string | undefined {
  if (!f) return undefined;
  const r = f.requirements.find((x) => x.field === 'spec.nodeName' && x.op === '=');
  return r?.value;
}

/** deepEqual of a write's result and the stored version, looking first where writes make their changes (a Lease's spec, a status). */
function unchangedBy(updated: KObject, old: KObject): boolean {
  if (updated.spec !== old.spec && !deepEqual(updated.spec, old.spec)) return false;
  if (updated.status !== old.status && !deepEqual(updated.status, old.status)) return false;
  return deepEqual(updated, old);
}

function specEqual(a: KObject, b: KObject): boolean {
  const strip = (o: KObject) => {
    const { metadata: _m, status: _s, ...rest } = o;
    return rest;
  };
  return deepEqual(strip(a), strip(b));
}

function byNamespaceName(a: KObject, b: KObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const a2 = a.metadata.name ?? '';
  const b2 = b.metadata.name ?? '';
  return a2 < b2 ? -1 : a2 > b2 ? 1 : 0;
}

function removeItem(list: string[], item: string): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

/**
 * `{ ...o, [key]: value }` built by a for-in copy. V8 (Node 20) gives each spread copy followed by a member of its
 * own a hidden class of its own once the copy site has seen enough of them (a defaulted pod spec, a pod status):
 * 10,000 bound pods kept 10,000 spec shapes (~550 bytes each) and every spec read in the cluster went megamorphic.
 * Same members in the same order.
 */
function withMember(o: object, key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const src = o as Record<string, unknown>;
  for (const k in src) out[k] = src[k];
  out[key] = value;
  return out;
}

/** A new version of `old` with `status` replaced: metadata is copied one level, every other field is shared. */
function shareExceptStatus(old: KObject, status: unknown): KObject {
  // Keys keep the stored order (printers show fields in it); status stays where it was.
  const out = {} as KObject;
  for (const k in old) {
    if (k === 'metadata') out.metadata = { ...old.metadata };
    else if (k === 'status') { if (old.status !== undefined) out.status = status; }
    else if (old[k] !== undefined) out[k] = old[k];
  }
  if (!('status' in out)) out.status = status;
  return out;
}

/** Writes recorded past the last worked-out managers before they are worked out at the write (see managed-record.ts). */
const MANAGED_CHAIN_LIMIT = 8;

/** Metadata the server sets itself on create: whatever the client sent is dropped. */
const SERVER_SET_ON_CREATE = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'managedFields', 'selfLink'] as const;

function setOrDelete<K extends keyof Meta>(meta: Meta, key: K, value: Meta[K]): void {
  if (value !== undefined) meta[key] = value;
  else if (key in meta) delete meta[key];
}

function stripUndefined(o: Record<string, unknown>): void {
  // for-in rather than Object.keys: every write comes here twice, and metadata objects inherit nothing enumerable.
  for (const k in o) if (o[k] === undefined) delete o[k];
}

export { StatusError, labelSelectorAsSelector };
export type { Strategy };
