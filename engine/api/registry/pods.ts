/**
 * Pods (kubernetes/kubernetes pkg/registry/core/pod/strategy.go, release-1.35):
 * defaults, PrepareForCreate (generation 1, phase Pending, qosClass, the
 * SchedulingGated condition),
 * validation, the admission plugins, graceful deletion and field selectors.
 */
import type { Strategy } from '../strategy.js';
import { applyMatchLabelKeys } from './pod-affinity-label-keys.js';
import type { KObject } from '../meta.js';
import { validateObjectMeta, nameIsDNSSubdomain } from '../validation/names.js';
import { validateGatesOnCreate, validatePodSpec, validatePodUpdate } from '../validation/pod.js';
import { rfc3339 } from '../../util/time.js';
import { defaultPod, podQOSClass } from './podspec.js';
import { admitDefaultTolerationSeconds, admitPriority, admitServiceAccount, runtimeClassAdmission } from './admission.js';
import { podEphemeralContainersStrategy, validateNoEphemeralOnCreate } from './ephemeralcontainers.js';
import { podResizeCode } from './pod-resize-loader.js';

interface PodLike extends KObject {
  spec?: { nodeName?: string; terminationGracePeriodSeconds?: number; restartPolicy?: string; schedulerName?: string; serviceAccountName?: string; hostNetwork?: boolean };
  status?: { phase?: string; podIP?: string; nominatedNodeName?: string };
}

export const podStrategy: Strategy = {
  tracksGeneration: true,
  subresources: { ephemeralcontainers: podEphemeralContainersStrategy, resize: podResizeCode },
  defaults(obj) {
    defaultPod(obj);
  },
  prepareForCreate(obj, ctx) {
    const status: Record<string, unknown> = { phase: 'Pending', qosClass: podQOSClass(obj.spec) };
    obj.status = status;
    // applySchedulingGatedCondition: the API server, not the scheduler, writes it (the scheduler never sees the pod until the last gate goes).
    if ((obj.spec as { schedulingGates?: unknown[] } | undefined)?.schedulingGates?.length) {
      status.conditions = [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: rfc3339(ctx.now), reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }];
    }
    applyMatchLabelKeys(obj as Parameters<typeof applyMatchLabelKeys>[0]);
  },
  prepareForStatusUpdate(obj, old) {
    preserveOldObservedGeneration(obj, old);
  },
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validatePodSpec(obj.spec, 'spec'), ...validateNoEphemeralOnCreate(obj.spec), ...validateGatesOnCreate(obj.spec)];
  },
  prepareForUpdate(obj) {
    // DefaultTolerationSeconds admits updates too, and as a mutating plugin it runs before validation: an update
    // that drops the default tolerations gets them back.
    admitDefaultTolerationSeconds(obj);
  },
  validateUpdate(obj, old) {
    return validatePodUpdate(obj, old);
  },
  admit(obj, old, ctx) {
    if (old) return;
    admitServiceAccount(obj, ctx);
    admitDefaultTolerationSeconds(obj);
    admitPriority(obj, ctx);
    runtimeClassAdmission.admit?.(obj, ctx);
  },
  gracePeriod(obj, requested) {
    const pod = obj as PodLike;
    // Unscheduled and finished pods have nothing to stop: they go at once.
    if (!pod.spec?.nodeName) return 0;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return 0;
    if (requested !== undefined) return requested;
    return pod.spec?.terminationGracePeriodSeconds ?? 30;
  },
  selectableFields(obj) {
    const pod = obj as PodLike;
    const record: Record<string, string> = {};
    for (const f of POD_SELECTABLE_FIELDS) record[f] = podField(pod, f)!;
    return record;
  },
  selectableField(obj, field) {
    return podField(obj as PodLike, field);
  },
};

type GenerationStatus = { observedGeneration?: number; conditions?: { type: string; observedGeneration?: number }[] };

/**
 * preserveOldObservedGeneration: a status write that leaves observedGeneration out, of the status or of a
 * condition (matched to the stored ones of its type in order), keeps the stored value. The status written is
 * replaced, not changed: a writer may have handed over a frozen one.
 */
function preserveOldObservedGeneration(obj: KObject, old: KObject): void {
  const s = obj.status as GenerationStatus | undefined;
  const o = old.status as GenerationStatus | undefined;
  const keep = !s?.observedGeneration && o?.observedGeneration;
  if (!s || !o || (!keep && !s.conditions?.some((c) => !c.observedGeneration))) return;
  const seen = new Map<string, number>();
  const conditions = s.conditions?.map((c) => {
    const k = seen.get(c.type) ?? 0;
    seen.set(c.type, k + 1);
    const g = c.observedGeneration ? 0 : o.conditions?.filter((x) => x.type === c.type)[k]?.observedGeneration;
    return g ? { ...c, observedGeneration: g } : c;
  });
  obj.status = { ...s, ...(keep ? { observedGeneration: keep } : undefined), ...(conditions ? { conditions } : undefined) };
}

/** A pod's selectable fields beyond metadata.name/namespace (pkg/registry/core/pod/strategy.go PodToSelectableFields). */
const POD_SELECTABLE_FIELDS = ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'] as const;

function podField(pod: PodLike, field: string): string | undefined {
  switch (field) {
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.restartPolicy': return pod.spec?.restartPolicy ?? '';
    case 'spec.schedulerName': return pod.spec?.schedulerName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'spec.hostNetwork': return String(pod.spec?.hostNetwork ?? false);
    case 'status.phase': return pod.status?.phase ?? '';
    case 'status.podIP': return pod.status?.podIP ?? '';
    case 'status.nominatedNodeName': return pod.status?.nominatedNodeName ?? '';
    default: return undefined;
  }
}
