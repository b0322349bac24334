/**
 * Per-resource rules the API server applies on every write, as the registry
 * strategies of kube-apiserver do (pkg/registry/<group>/<resource>/strategy.go).
 */
import type { FieldError } from './errors.js';
import type { KObject } from './meta.js';
import type { Random } from '../util/random.js';
import type { ResourceInfo } from './resources.js';
import type { AlternateVersion } from './apiserver.js';
import type { UserInfo } from './rbac/authorizer.js';

export interface StrategyContext {
  now: number;
  random: Random;
  info: ResourceInfo;
  /** Read another object of the store (e.g. a Namespace), without going through admission. */
  lookup(resource: string, namespace: string | undefined, name: string): KObject | undefined;
  /** Lists another resource of the store. */
  listAll(resource: string): Iterable<KObject>;
  /** Shared allocators (ClusterIPs, NodePorts) and other per-cluster state keyed by name. */
  state: Map<string, unknown>;
  dryRun: boolean;
  /** Writes another object's status in the same request (the quota admission plugin charging a ResourceQuota). */
  writeStatus?(resource: string, obj: KObject): void;
  /** Adds a warning to the response (the `Warning:` lines kubectl prints). */
  warn?(text: string): void;
  /** The request's user when it is not the terminal's admin (WriteOptions.user). */
  requester?: UserInfo;
}

/**
 * The admission plugins that see every kind's create, installed with their kinds (registry/kinds-lazy.ts): `admit`
 * mutates before the strategy validates (LimitRanger's defaults), `validate` checks after it (LimitRanger's limits,
 * ResourceQuota), as kube-apiserver runs mutating admission before and validating admission after validation;
 * `validateUpdate` is validating admission of an update (ResourceQuota's charge for a Service's new type or a
 * claim's new size), after the update is validated and before it is stored.
 */
export const createAdmission: {
  admit?: (obj: KObject, ctx: StrategyContext) => void;
  validate?: (obj: KObject, ctx: StrategyContext) => void;
  validateUpdate?: (obj: KObject, old: KObject, subresource: string | undefined, ctx: StrategyContext) => void;
} = {};

/**
 * The PodSecurity validating admission plugin, once loaded (registry/pod-security.ts): namespaces, pods and the
 * workloads with pod templates; `old` is undefined on a create. It runs after LimitRanger and before ResourceQuota.
 */
export const podSecurityAdmission: {
  validate?: (obj: KObject, old: KObject | undefined, subresource: string | undefined, ctx: StrategyContext) => void;
} = {};

/**
 * The dynamic admission plugins (admission webhooks and ValidatingAdmissionPolicy), once an admissionregistration.k8s.io
 * kind is served (registry/admission-policies.ts): run after PodSecurity and before ResourceQuota; `old` is undefined
 * on a create, `obj` on a delete.
 */
export const policyAdmission: {
  validate?: (obj: KObject | undefined, old: KObject | undefined, subresource: string | undefined, ctx: StrategyContext) => void;
} = {};

/**
 * The registries' WarningsOnCreate (old undefined) and WarningsOnUpdate by resource key, once registry/warnings.ts
 * has loaded with the Go types' round trip: before that, writes carry none.
 */
export const registryWarnings: { of?: (key: string, obj: KObject, old: KObject | undefined) => string[] } = {};

export interface Strategy {
  /** Defaulting (SetDefaults_*): runs on create and update, before validation. */
  defaults?(obj: KObject, ctx: StrategyContext): void;
  /** PrepareForCreate: clear status, set generation, fill server-owned fields. */
  prepareForCreate?(obj: KObject, ctx: StrategyContext): void;
  validate?(obj: KObject, ctx: StrategyContext): FieldError[];
  prepareForUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): void;
  validateUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): FieldError[];
  prepareForStatusUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): void;
  /**
   * A status update also takes the caller's annotations (apps/v1 status strategies only reset the
   * spec): the Deployment controller records its revision annotation this way without a new generation.
   * Defaults to true for the apps group.
   */
  statusUpdateKeepsAnnotations?: boolean;
  validateStatusUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): FieldError[];
  /** Admission plugins run after validation of the object itself and may still reject (throw a StatusError). */
  admit?(obj: KObject, old: KObject | undefined, ctx: StrategyContext): void;
  /**
   * BeginCreate / BeginUpdate: allocates what the object claims (ClusterIP, NodePorts) before prepare and validation,
   * or throws a StatusError; the returned finish is told whether the write succeeded (keep, or give back). Dry runs too.
   */
  begin?(obj: KObject, old: KObject | undefined, ctx: StrategyContext): (success: boolean) => void;
  /** Releases what a removed object held. */
  release?(obj: KObject, ctx: StrategyContext): void;
  /** DefaultGarbageCollectionPolicy when a delete names no propagationPolicy (batch/v1 Jobs: Orphan, for compatibility). */
  defaultPropagationPolicy?: 'Orphan';
  /** Why a delete of this name is refused before anything is looked up (the system PriorityClasses), if it is. */
  deleteForbidden?(name: string): string | undefined;
  /** What the first delete stores before the usual graceful deletion (a CRD's cleanup finalizer and Terminating condition). */
  prepareForDeletion?(obj: KObject, now: string): KObject;
  /** The grace period to use when deleting, or 0 for immediate removal. */
  gracePeriod?(obj: KObject, requested: number | undefined): number;
  /** Field values for field selectors beyond metadata.name/namespace. */
  selectableFields?(obj: KObject): Record<string, string>;
  /** One of selectableFields' values read alone (undefined for a field it lacks): a watch's field selector is matched without the whole record. */
  selectableField?(obj: KObject, field: string): string | undefined;
  /** metadata.generation starts at 1 and grows with every change outside metadata and status. */
  tracksGeneration?: boolean;
  /** Whether an update that leaves resourceVersion empty is accepted. Defaults to true. */
  allowUnconditionalUpdate?: boolean;
  /** PUT/PATCH subresources beyond status (pods/ephemeralcontainers), by name. */
  subresources?: Record<string, SubresourceStrategy>;
}

/** A subresource's update: what of the request it takes into the stored object, and its validation. */
export interface SubresourceStrategy {
  prepareForUpdate(obj: KObject, old: KObject, ctx: StrategyContext): KObject;
  validateUpdate(obj: KObject, old: KObject, ctx: StrategyContext): FieldError[];
}

const strategies = new Map<string, Strategy>();

export function registerStrategy(resourceKey: string, s: Strategy): void {
  strategies.set(resourceKey, { ...(strategies.get(resourceKey) ?? {}), ...s });
}

export function strategyFor(resourceKey: string): Strategy {
  return strategies.get(resourceKey) ?? {};
}

/**
 * The versions served besides the stored one (resources.ts ALTERNATE_VERSIONS), by resource key, once their code
 * has loaded (registry/alternate-version.ts): the API server hands each verb at such a key to its entry. The
 * resources whose REST storage stores nothing (the reviews, registry/reviews.ts) are served the same way.
 */
export const ALTERNATES = new Map<string, AlternateVersion>();
