import type { Strategy } from '../strategy.js';
import type { KObject } from '../meta.js';

interface PodLike extends KObject {
  spec?: { nodeName?: string; terminationGracePeriodSeconds?: number; restartPolicy?: string; schedulerName?: string; serviceAccountName?: string; hostNetwork?: boolean };
  status?: { phase?: string; podIP?: string; nominatedNodeName?: string };
}

export const podStrategy: Strategy = {
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
