/**
 * The Priority admission plugin (plugin/pkg/admission/priority, release-1.35)
 * once PriorityClasses are served: a pod's priorityClassName resolves through
 * the stored classes (the two system ones included), a pod without one takes
 * the global default class (the lowest, should several claim it), and the
 * class's preemptionPolicy is the pod's. A priority or preemptionPolicy the
 * pod states itself must agree. Loaded on first use.
 */
import { forbidden } from '../errors.js';
import type { KObject } from '../meta.js';
import type { StrategyContext } from '../strategy.js';
import { admittedName, SYSTEM_PRIORITY_CLASSES } from './admission.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const PRIORITY_CLASSES = 'priorityclasses.scheduling.k8s.io';
export const DEFAULT_PREEMPTION_POLICY = 'PreemptLowerPriority';

/** getDefaultPriorityClass: the globalDefault class with the lowest value. */
export function defaultPriorityClass(ctx: StrategyContext): Any {
  let dflt: Any;
  for (const c of ctx.listAll(PRIORITY_CLASSES) as Iterable<Any>) if (c.globalDefault && (!dflt || dflt.value > c.value)) dflt = c;
  return dflt;
}

export function admitPodPriority(pod: KObject, ctx: StrategyContext): void {
  const spec = pod.spec as Any;
  const name = admittedName(pod);
  const cls = spec.priorityClassName as string | undefined;
  let priority = 0;
  let pc: Any;
  if (cls) {
    pc = ctx.lookup(PRIORITY_CLASSES, undefined, cls);
    // The two built-in classes resolve even before the API server has stored them.
    if (!pc && !(cls in SYSTEM_PRIORITY_CLASSES)) throw forbidden('pods', '', name, `no PriorityClass with name ${cls} was found`);
    priority = pc ? pc.value ?? 0 : SYSTEM_PRIORITY_CLASSES[cls];
  } else {
    pc = defaultPriorityClass(ctx);
    if (pc) { spec.priorityClassName = pc.metadata.name; priority = pc.value ?? 0; }
  }
  const policy: string = pc?.preemptionPolicy || DEFAULT_PREEMPTION_POLICY;
  if (spec.priority !== undefined && spec.priority !== priority) {
    throw forbidden('pods', '', name, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
    throw forbidden('pods', '', name, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
  }
  spec.priority = priority;
  spec.preemptionPolicy = policy;
}

/** The plugin's Validate: only one PriorityClass may be the global default. */
export function admitPriorityClass(obj: KObject, old: KObject | undefined, ctx: StrategyContext): void {
  if ((obj as Any).globalDefault !== true) return;
  const dflt = defaultPriorityClass(ctx);
  if (dflt && (!old || dflt.metadata.name !== obj.metadata.name)) {
    throw forbidden('priorityclasses', 'scheduling.k8s.io', obj.metadata.name ?? '', `PriorityClass ${dflt.metadata.name} is already marked as default. Only one default can exist`);
  }
}
