/**
 * The pods/eviction subresource as kube-apiserver serves it (pkg/registry/core/pod/storage/eviction.go,
 * addConditionAndDeletePod): the pod gets the DisruptionTarget condition (reason EvictionByEvictionAPI) through
 * the status store, then it is deleted with the eviction's DeleteOptions; a dry run does neither write. A Job's
 * podFailurePolicy onPodConditions rule matches that condition. PodDisruptionBudgets are not served, so no budget
 * refuses an eviction here.
 */
import type { Client } from './client.js';
import type { DeleteOptions } from './apiserver.js';
import { clone, type KObject } from './meta.js';
import { rfc3339 } from '../util/time.js';

export const EVICTION_REASON = 'EvictionByEvictionAPI';
export const EVICTION_MESSAGE = 'Eviction API: evicting';

/** Evicts namespace/name at `now`; throws the API server's error (NotFound, …) as delete does. */
export function evictPod(client: Client, namespace: string, name: string, options: DeleteOptions, now: number): void {
  if (!options.dryRun) {
    try {
      const fresh = clone(client.get('pods', namespace, name)) as KObject;
      const conds = (((fresh.status ??= {}) as { conditions?: Record<string, unknown>[] }).conditions ??= []);
      const prev = conds.find((c) => c.type === 'DisruptionTarget');
      // podutil.UpdatePodCondition: the transition time moves only when the status does.
      const at = prev?.status === 'True' ? prev.lastTransitionTime : rfc3339(now);
      const cond = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: at, reason: EVICTION_REASON, message: EVICTION_MESSAGE };
      if (prev) Object.assign(prev, cond);
      else conds.push(cond);
      client.updateStatus('pods', fresh);
    } catch {
      // Not found or a conflict: the delete that follows says what happened.
    }
  }
  client.delete('pods', namespace, name, options);
}
