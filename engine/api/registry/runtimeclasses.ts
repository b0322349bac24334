/**
 * node.k8s.io/v1 RuntimeClass (pkg/registry/node/runtimeclass/strategy.go, pkg/apis/node/validation) and what the
 * RuntimeClass admission plugin does to a pod that names one (plugin/pkg/admission/runtimeclass/admission.go):
 * the class's overhead and scheduling are copied into the pod. kubeadm with containerd creates no RuntimeClass;
 * this module loads when kubectl is about to write one (lazy-kinds.ts) or a pod names one.
 */
import { field, forbidden, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import { registerStrategy, type StrategyContext } from '../strategy.js';
import { FIELD_IMMUTABLE, nameIsDNSLabel, nameIsDNSSubdomain, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';
import { validateResources, validateTolerations } from '../validation/pod.js';
import { admittedName, runtimeClassAdmission } from './admission.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const RUNTIME_CLASSES = 'runtimeclasses.node.k8s.io';

export function validateRuntimeClass(obj: KObject): FieldError[] {
  const rc = obj as Any;
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  const handler = String(rc.handler ?? '');
  for (const m of nameIsDNSLabel(handler, false)) errs.push(field.invalid('handler', handler, m));
  // validateOverhead reuses ValidateResourceRequirements on the pod-fixed overhead as limits.
  if (rc.overhead) errs.push(...validateResources({ limits: rc.overhead.podFixed }, 'overhead'));
  if (rc.scheduling) {
    if (rc.scheduling.nodeSelector) errs.push(...validateLabels(rc.scheduling.nodeSelector, 'scheduling.nodeSelector'));
    errs.push(...validateTolerations(rc.scheduling.tolerations, 'scheduling.tolerations'));
  }
  return errs;
}

export function validateRuntimeClassUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj, old);
  if ((obj as Any).handler !== (old as Any).handler) errs.push(field.invalid('handler', (obj as Any).handler ?? '', FIELD_IMMUTABLE));
  return errs;
}

registerStrategy(RUNTIME_CLASSES, {
  validate: validateRuntimeClass,
  validateUpdate: validateRuntimeClassUpdate,
});

const tolerationKey = (t: Any) => `${t?.key ?? ''}\u0000${t?.operator ?? ''}\u0000${t?.effect ?? ''}\u0000${t?.value ?? ''}`;

/**
 * Admit and Validate: a pod naming a class that does not exist, or carrying an overhead without a class that defines
 * one, is refused; an existing class lends the pod its overhead (refused when the pod has another), node selector
 * (refused on a conflict) and tolerations.
 */
function admitRuntimeClass(pod: KObject, ctx: StrategyContext): void {
  const spec = pod.spec as Any;
  const name = spec.runtimeClassName;
  const refuse = (why: string) => forbidden('pods', '', admittedName(pod), `pod rejected: ${why}`);
  const podOverhead = spec.overhead && Object.keys(spec.overhead).length > 0;
  if (name == null) {
    if (podOverhead) throw refuse('Pod Overhead set without corresponding RuntimeClass defined Overhead');
    return;
  }
  const rc = ctx.lookup(RUNTIME_CLASSES, undefined, String(name)) as Any | undefined;
  if (!rc) throw refuse(`RuntimeClass "${name}" not found`);
  const overhead = rc.overhead?.podFixed;
  if (overhead) {
    if (podOverhead && !deepEqual(spec.overhead, overhead)) throw refuse('Pod\'s Overhead doesn\'t match RuntimeClass\'s defined Overhead');
    spec.overhead = { ...overhead };
  } else if (podOverhead) throw refuse('Pod Overhead set without corresponding RuntimeClass defined Overhead');
  const scheduling = rc.scheduling;
  if (!scheduling) return;
  const selector: Record<string, string> | undefined = scheduling.nodeSelector;
  if (selector) {
    const merged = { ...(spec.nodeSelector ?? {}) };
    for (const [k, v] of Object.entries(selector)) {
      if (spec.nodeSelector && k in merged && merged[k] !== v) throw forbidden('pods', '', admittedName(pod), `conflict: runtimeClass.scheduling.nodeSelector[${k}] = ${v}; pod.spec.nodeSelector[${k}] = ${merged[k]}`);
      merged[k] = v;
    }
    spec.nodeSelector = merged;
  }
  // tolerations.MergeTolerations: the pod's, then the class's that none of them already covers.
  const tolerations = [...((spec.tolerations ?? []) as Any[])];
  const seen = new Set(tolerations.map(tolerationKey));
  for (const t of (scheduling.tolerations ?? []) as Any[]) if (!seen.has(tolerationKey(t))) { tolerations.push(t); seen.add(tolerationKey(t)); }
  if (tolerations.length) spec.tolerations = tolerations;
}

runtimeClassAdmission.admit = admitRuntimeClass;
