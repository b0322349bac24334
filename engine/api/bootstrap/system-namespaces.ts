/**
 * kube-apiserver's system namespaces controller (pkg/controlplane/controller/systemnamespaces, started by the
 * start-system-namespaces-controller post-start hook): when the server starts and every minute after
 * (wait.UntilWithContext, 1 * time.Minute), kube-system, kube-public and kube-node-lease are created if its
 * informer does not have them. An etcd started empty (a new data dir) gets them back within that minute; `default`
 * comes from the kubernetes Service controller (kubernetes-service.ts).
 */
import type { Client } from '../client.js';
import type { KObject } from '../meta.js';
import type { VirtualClock } from '../../util/clock.js';

export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];
export const SYSTEM_NAMESPACES_INTERVAL_MS = 60_000;

/** Runs now and every minute (a daemon timer); a failed create (the API server or etcd down) waits for the next pass. */
export function startSystemNamespacesController(client: Client, clock: VirtualClock): () => void {
  return clock.every(SYSTEM_NAMESPACES_INTERVAL_MS, () => {
    for (const name of SYSTEM_NAMESPACES) {
      try {
        if (!client.tryGet('namespaces', undefined, name)) client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as KObject);
      } catch {
        // utilruntime.HandleError: logged, retried at the next pass.
      }
    }
  }, { daemon: true, firstDelayMs: 0 });
}
