/**
 * Pods (kubernetes/kubernetes pkg/registry/core/pod/strategy.go, release-1.35):
 * defaults, PrepareForCreate (generation 1, phase Pending, qosClass),
 * validation, the admission plugins, graceful deletion and field selectors.
 */
import type { Strategy } from '../strategy.js';
import { applyMatchLabelKeys } from './pod-affinity-label-keys.js';
import type { KObject } from '../meta.js';
import { validateObjectMeta, validateObjectMetaUpdate, nameIsDNSSubdomain } from '../validation/names.js';
import { validatePodSpec, validatePodUpdate } from '../validation/pod.js';
import { defaultPod, podQOSClass } from './podspec.js';
import { admitDefaultTolerationSeconds, admitPriority, admitServiceAccount } from './admission.js';
import { podEphemeralContainersStrategy, validateNoEphemeralOnCreate } from './ephemeralcontainers.js';

interface PodLike extends KObject {
  spec?: { nodeName?: string; terminationGracePeriodSeconds?: number; restartPolicy?: string; schedulerName?: string; serviceAccountName?: string; hostNetwork?: boolean };
  status?: { phase?: string; podIP?: string; nominatedNodeName?: string };
}

export const podStrategy: Strategy = {
  tracksGeneration: true,
  subresources: { ephemeralcontainers: podEphemeralContainersStrategy },
  defaults(obj) {
    defaultPod(obj);
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending', qosClass: podQOSClass(obj.spec) };
    applyMatchLabelKeys(obj as Parameters<typeof applyMatchLabelKeys>[0]);
  },
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validatePodSpec(obj.spec, 'spec'), ...validateNoEphemeralOnCreate(obj.spec)];
  },
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj, old), ...validatePodSpec(obj.spec, 'spec')];
    if (errs.length) return errs;
    return validatePodUpdate(obj, old);
  },
  admit(obj, old, ctx) {
    if (old) return;
    admitServiceAccount(obj, ctx);
    admitDefaultTolerationSeconds(obj);
    admitPriority(obj);
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
    return {
      'spec.nodeName': pod.spec?.nodeName ?? '',
      'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
      'spec.schedulerName': pod.spec?.schedulerName ?? '',
      'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
      'spec.hostNetwork': String(pod.spec?.hostNetwork ?? false),
      'status.phase': pod.status?.phase ?? '',
      'status.podIP': pod.status?.podIP ?? '',
      'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
    };
  },
};
