/**
 * The endpoints.kubernetes.io/last-change-trigger-time annotation
 * (pkg/controller/util/endpoint/trigger_time_tracker.go): the earliest change
 * since the previous sync that this sync publishes. A pod's change is the
 * moment its Ready condition last flipped; a Service's is its creation. The
 * first sync of a Service reports the Service's creation time. A sync caused
 * only by a pod going away has no trigger time and clears the annotation.
 */
import type { KObject } from '../../api/meta.js';
import { parseTime } from '../../util/time.js';
import { podReadyCondition, type PodLike } from './pods.js';

interface ServiceState {
  serviceTrigger: number;
  podTriggers: Map<string, number>;
}

export class TriggerTimeTracker {
  private states = new Map<string, ServiceState>();

  /** Returns the trigger time in ms, or undefined when nothing that counts changed. */
  compute(service: KObject, pods: PodLike[]): number | undefined {
    const key = `${service.metadata.namespace}/${service.metadata.name}`;
    const prev = this.states.get(key);
    let trigger: number | undefined;
    const next: ServiceState = { serviceTrigger: 0, podTriggers: new Map() };
    for (const pod of pods) {
      const t = parseTime(podReadyCondition(pod)?.lastTransitionTime);
      if (t === undefined) continue;
      next.podTriggers.set(pod.metadata.name!, t);
      if (t > (prev?.podTriggers.get(pod.metadata.name!) ?? -Infinity)) trigger = trigger === undefined ? t : Math.min(trigger, t);
    }
    const created = parseTime(service.metadata.creationTimestamp) ?? 0;
    if (created > (prev?.serviceTrigger ?? -Infinity)) trigger = trigger === undefined ? created : Math.min(trigger, created);
    next.serviceTrigger = created;
    this.states.set(key, next);
    if (!prev) return created;
    return trigger;
  }

  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}
