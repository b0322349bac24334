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

/** Admit: the class's overhead (refused when the pod already has another) and its node selector and tolerations merged in. */
function admitRuntimeClass(pod: KObject, rc: KObject, ctx: StrategyContext): void {
  void ctx;
  const spec = pod.spec as Any;
  const overhead = (rc as Any).overhead?.podFixed;
  if (overhead) {
    if (spec.overhead && Object.keys(spec.overhead).length && !deepEqual(spec.overhead, overhead)) {
      throw forbidden('pods', '', admittedName(pod), 'pod rejected: Pod\'s Overhead doesn\'t match RuntimeClass\'s defined Overhead');
    }
    spec.overhead = { ...overhead };
  } else if (spec.overhead && Object.keys(spec.overhead).length) {
    // Validate: an overhead without a RuntimeClass that defines one.
    throw forbidden('pods', '', admittedName(pod), 'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead');
  }
  const scheduling = (rc as Any).scheduling;
  if (!scheduling) return;
  const selector: Record<string, string> | undefined = scheduling.nodeSelector;
  if (selector) {
    if (!spec.nodeSelector) spec.nodeSelector = { ...selector };
    else {
      const merged = { ...spec.nodeSelector };
      for (const [k, v] of Object.entries(selector)) {
        if (k in merged && merged[k] !== v) throw forbidden('pods', '', admittedName(pod), `conflict: runtimeClass.scheduling.nodeSelector[${k}] = ${v}; pod.spec.nodeSelector[${k}] = ${merged[k]}`);
        merged[k] = v;
      }
      spec.nodeSelector = merged;
    }
  }
  // tolerations.MergeTolerations: the pod's, then the class's that none of them already covers.
  const tolerations = [...((spec.tolerations ?? []) as Any[])];
  const seen = new Set(tolerations.map(tolerationKey));
  for (const t of (scheduling.tolerations ?? []) as Any[]) if (!seen.has(tolerationKey(t))) { tolerations.push(t); seen.add(tolerationKey(t)); }
  if (tolerations.length) spec.tolerations = tolerations;
}

runtimeClassAdmission.admit = admitRuntimeClass;
