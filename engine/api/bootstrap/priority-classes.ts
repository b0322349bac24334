/**
 * The two PriorityClasses kube-apiserver creates at start (its
 * scheduling/bootstrap-system-priority-classes post-start hook;
 * pkg/apis/scheduling/helpers.go SystemPriorityClasses, release-1.35).
 */
import type { Client } from '../client.js';
import type { KObject } from '../meta.js';
import { SYSTEM_PRIORITY_CLASSES } from '../registry/admission.js';

const DESCRIPTION = 'Used for system critical pods that must ';

/** At each start of the server: the missing ones (all of them at boot, those an emptied etcd lost after). */
export function createSystemPriorityClasses(client: Client): void {
  for (const name in SYSTEM_PRIORITY_CLASSES) {
    try {
      if (client.tryGet('priorityclasses.scheduling.k8s.io', undefined, name)) continue;
    } catch {
      return; // etcd down: the hook's retries are not simulated
    }
    const description = DESCRIPTION + (name === 'system-node-critical' ? 'not be moved from their current node.' : 'run in the cluster, but can be moved to another node if necessary.');
    client.create('priorityclasses.scheduling.k8s.io', undefined, {
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name },
      value: SYSTEM_PRIORITY_CLASSES[name], description, preemptionPolicy: 'PreemptLowerPriority',
    } as KObject);
  }
}
