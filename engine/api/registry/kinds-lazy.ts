/**
 * The strategies of the kinds a fresh lab does not use (networking.k8s.io/v1
 * Ingress, IngressClass, NetworkPolicy; scheduling.k8s.io/v1 PriorityClass;
 * core/v1 LimitRange, ResourceQuota: their pkg/registry/.../strategy.go,
 * release-1.35) and the admission plugins that only act once such objects
 * exist (LimitRanger, ResourceQuota, Priority's check of PriorityClasses).
 * registry/kinds.ts loads this module on first use; loading it registers them.
 */
import type { FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import { createAdmission, podSecurityAdmission, policyAdmission, registerStrategy, type Strategy, type StrategyContext } from '../strategy.js';
import { admitPodPriority, admitPriorityClass } from './priority-admission.js';
import { priorityAdmission, SYSTEM_PRIORITY_CLASSES } from './admission.js';
import { resourceKey } from '../resources.js';
import { defaultNetworkPolicy, validateIngress, validateIngressClass, validateIngressClassUpdate, validateIngressUpdate, validateNetworkPolicy, validateNetworkPolicyUpdate } from '../validation/networking.js';
import { validatePriorityClass, validatePriorityClassUpdate } from '../validation/scheduling.js';
import { defaultLimitRange, validateLimitRange, validateLimitRangeUpdate, validateResourceQuota, validateResourceQuotaStatusUpdate, validateResourceQuotaUpdate } from '../validation/quota.js';
import { admitLimitRanger, validateLimitRanger } from './limitranger.js';
import { admitResourceQuota, admitResourceQuotaUpdate } from './resourcequota-admission.js';
import {
  defaultReplicationController, validatePodTemplate, validatePodTemplateUpdate, validateReplicationController, validateReplicationControllerStatusUpdate,
  validateReplicationControllerUpdate,
} from '../validation/replicationcontrollers.js';
import { defaultPodTemplate } from './podspec.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const none = (): FieldError[] => [];

/** tracksGeneration: all but LimitRange and ResourceQuota start at generation 1. */
export const STRATEGIES: Record<string, Strategy> = {
  'ingresses.networking.k8s.io': {
    tracksGeneration: true,
    prepareForCreate(obj) { obj.status = { loadBalancer: {} }; },
    validate: validateIngress,
    validateUpdate: validateIngressUpdate,
    validateStatusUpdate: none,
  },
  'ingressclasses.networking.k8s.io': {
    tracksGeneration: true,
    validate: validateIngressClass,
    validateUpdate: validateIngressClassUpdate,
  },
  'networkpolicies.networking.k8s.io': {
    tracksGeneration: true,
    defaults: defaultNetworkPolicy,
    validate: validateNetworkPolicy,
    validateUpdate: validateNetworkPolicyUpdate,
  },
  'priorityclasses.scheduling.k8s.io': {
    tracksGeneration: true,
    defaults(obj) { (obj as Any).preemptionPolicy ??= 'PreemptLowerPriority'; },
    validate: validatePriorityClass,
    validateUpdate: validatePriorityClassUpdate,
    admit: admitPriorityClass,
    // REST.Delete of pkg/registry/scheduling/priorityclass/storage.
    deleteForbidden: (name) => (name in SYSTEM_PRIORITY_CLASSES ? 'this is a system priority class and cannot be deleted' : undefined),
  },
  limitranges: {
    defaults: defaultLimitRange,
    validate: validateLimitRange,
    validateUpdate: validateLimitRangeUpdate,
  },
  resourcequotas: {
    prepareForCreate(obj) { obj.status = {}; },
    validate: validateResourceQuota,
    validateUpdate: validateResourceQuotaUpdate,
    validateStatusUpdate: validateResourceQuotaStatusUpdate,
  },
  // pkg/registry/core/replicationcontroller/strategy.go: a delete through core/v1 without a propagationPolicy
  // orphans the pods, as deletes did before server-side garbage collection.
  replicationcontrollers: {
    tracksGeneration: true,
    defaults: defaultReplicationController,
    prepareForCreate(obj) { obj.status = { replicas: 0 }; },
    validate: validateReplicationController,
    validateUpdate: validateReplicationControllerUpdate,
    validateStatusUpdate: validateReplicationControllerStatusUpdate,
    defaultPropagationPolicy: 'Orphan',
    selectableFields(obj) {
      return { 'status.replicas': String((obj.status as Any)?.replicas ?? 0) };
    },
  },
  // pkg/registry/core/podtemplate/strategy.go: generation 1 at create, and one more at each change of the template.
  podtemplates: {
    tracksGeneration: true,
    defaults(obj) { defaultPodTemplate((obj as Any).template); },
    validate: validatePodTemplate,
    validateUpdate: validatePodTemplateUpdate,
  },
};

const isPod = (ctx: StrategyContext) => ctx.info.resource === 'pods' && !ctx.info.group;
const isClaim = (ctx: StrategyContext) => ctx.info.resource === 'persistentvolumeclaims' && !ctx.info.group;

/** LimitRanger's Validate (pods, claims), PodSecurity, the dynamic admission plugins, then ResourceQuota (everything namespaced): the last of a create. */
export function validateCreate(obj: KObject, ctx: StrategyContext): void {
  if (isPod(ctx) || isClaim(ctx)) validateLimitRanger(obj, ctx);
  podSecurityAdmission.validate?.(obj, undefined, undefined, ctx);
  policyAdmission.validate?.(obj, undefined, undefined, ctx);
  if (ctx.info.namespaced) admitResourceQuota(obj, resourceKey(ctx.info), ctx);
}

/** The same on an update: LimitRanger for a claim itself (not a subresource), PodSecurity, the dynamic plugins, then ResourceQuota. */
export function validateUpdate(obj: KObject, old: KObject, subresource: string | undefined, ctx: StrategyContext): void {
  if (isClaim(ctx) && !subresource) validateLimitRanger(obj, ctx, old);
  podSecurityAdmission.validate?.(obj, old, subresource, ctx);
  policyAdmission.validate?.(obj, old, subresource, ctx);
  if (ctx.info.namespaced) admitResourceQuotaUpdate(obj, old, subresource, resourceKey(ctx.info), ctx);
}

// The replication controller comes in this chunk with its kind's strategy (controllers/replication/loader.ts).
export { newReplicationManager } from '../../controllers/replication/replication-controller.js';

for (const [key, strategy] of Object.entries(STRATEGIES)) registerStrategy(key, strategy);
createAdmission.admit = (obj, ctx) => { if (isPod(ctx)) admitLimitRanger(obj, ctx); };
createAdmission.validate = validateCreate;
createAdmission.validateUpdate = validateUpdate;
priorityAdmission.run = admitPodPriority;
