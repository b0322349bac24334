/**
 * The strategies of the kinds a fresh lab does not use (networking.k8s.io/v1
 * Ingress, IngressClass, NetworkPolicy; scheduling.k8s.io/v1 PriorityClass;
 * core/v1 LimitRange, ResourceQuota: their pkg/registry/.../strategy.go,
 * release-1.35) and the admission plugins that only act once such objects
 * exist (LimitRanger, ResourceQuota, Priority's check of PriorityClasses).
 * registry/kinds.ts loads this module on first use.
 */
import { forbidden, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import type { Strategy, StrategyContext } from '../strategy.js';
import { resourceKey } from '../resources.js';
import { defaultNetworkPolicy, validateIngress, validateIngressClass, validateIngressClassUpdate, validateIngressUpdate, validateNetworkPolicy, validateNetworkPolicyUpdate } from '../validation/networking.js';
import { validatePriorityClass, validatePriorityClassUpdate } from '../validation/scheduling.js';
import { defaultLimitRange, validateLimitRange, validateLimitRangeUpdate, validateResourceQuota, validateResourceQuotaStatusUpdate, validateResourceQuotaUpdate } from '../validation/quota.js';
import { admitLimitRanger } from './limitranger.js';
import { admitResourceQuota } from './resourcequota-admission.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

type Lazy = Pick<Strategy, 'defaults' | 'prepareForCreate' | 'validate' | 'validateUpdate' | 'validateStatusUpdate' | 'admit'>;

/** The Priority plugin's Validate: only one PriorityClass may be the global default. */
function admitPriorityClass(obj: KObject, old: KObject | undefined, ctx: StrategyContext): void {
  if ((obj as Any).globalDefault !== true) return;
  let dflt: Any;
  for (const c of ctx.listAll('priorityclasses.scheduling.k8s.io') as Iterable<Any>) if (c.globalDefault && (!dflt || dflt.value > c.value)) dflt = c;
  if (dflt && (!old || dflt.metadata.name !== obj.metadata.name)) {
    throw forbidden('priorityclasses', 'scheduling.k8s.io', obj.metadata.name ?? '', `PriorityClass ${dflt.metadata.name} is already marked as default. Only one default can exist`);
  }
}

const none = (): FieldError[] => [];

export const STRATEGIES: Record<string, Lazy> = {
  'ingresses.networking.k8s.io': {
    prepareForCreate(obj) { obj.status = { loadBalancer: {} }; },
    validate: validateIngress,
    validateUpdate: validateIngressUpdate,
    validateStatusUpdate: none,
  },
  'ingressclasses.networking.k8s.io': {
    validate: validateIngressClass,
    validateUpdate: validateIngressClassUpdate,
  },
  'networkpolicies.networking.k8s.io': {
    defaults: defaultNetworkPolicy,
    validate: validateNetworkPolicy,
    validateUpdate: validateNetworkPolicyUpdate,
  },
  'priorityclasses.scheduling.k8s.io': {
    defaults(obj) { (obj as Any).preemptionPolicy ??= 'PreemptLowerPriority'; },
    validate: validatePriorityClass,
    validateUpdate: validatePriorityClassUpdate,
    admit: admitPriorityClass,
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
};

/** LimitRanger (pods), then ResourceQuota (everything namespaced): the last admission plugins of a create. */
export function admitCreate(obj: KObject, ctx: StrategyContext): void {
  if (ctx.info.resource === 'pods' && !ctx.info.group) admitLimitRanger(obj, ctx);
  if (ctx.info.namespaced) admitResourceQuota(obj, resourceKey(ctx.info), ctx);
}
