/**
 * The resources kube-apiserver answers from what it already runs rather than from objects a client wrote
 * (ResourceInfo.computed): componentstatuses (probed on each request), the APIServices its autoregistration
 * controller and a metrics-server install make, the FlowSchemas and PriorityLevelConfigurations of API Priority and
 * Fairness, the default ServiceCIDR, one IPAddress per allocated ClusterIP, one CSINode per kubelet, and the stored
 * Events seen through events.k8s.io/v1. Each is computed from the simulation when read (system-views-impl.ts, loaded
 * with kubectl's first command and by kindReady), so the store's revisions, UIDs and generated names stay what they
 * were before these kinds were served.
 */
import type { APIServer } from '../apiserver.js';
import { lazyModule } from '../../util/lazy-module.js';

export interface SystemViewSource {
  apiserver: APIServer;
  /** kube-scheduler, kube-controller-manager, etcd: whether its process (its healthz port) is up. */
  running(component: string): boolean;
  /** When the API server started: the bootstrap objects' creationTimestamp; and the store revision then. */
  startedAt: number;
  startRevision: number;
  seed: number;
}

export const systemViewsCode = lazyModule(() => import('./system-views-impl.js'));

export function installSystemViews(apiserver: APIServer, running: (component: string) => boolean, seed: number): void {
  const src: SystemViewSource = { apiserver, running, startedAt: apiserver.clock.now(), startRevision: apiserver.store.currentRevision() + 1, seed };
  apiserver.computed = (resource) => {
    const m = systemViewsCode.loaded();
    if (!m) void systemViewsCode.load().catch(() => undefined);
    return m?.provider(src, resource);
  };
  // The bootstrap objects kube-apiserver stores (FlowSchemas, PriorityLevelConfigurations, APIServices, ServiceCIDRs) become stored
  // ones when a client first writes one; the code is there by then (kindReady loads it before kubectl writes).
  apiserver.adopt = (resource) => systemViewsCode.loaded()?.adopt(src, resource) ?? false;
}
