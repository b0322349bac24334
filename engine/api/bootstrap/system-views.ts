/**
 * The resources kube-apiserver answers from what it already runs rather than from objects a client wrote:
 * componentstatuses (probed on each request), the APIServices its autoregistration controller and a
 * metrics-server install make, the FlowSchemas and PriorityLevelConfigurations of API Priority and Fairness,
 * the default ServiceCIDR, one IPAddress per allocated ClusterIP, one CSINode per kubelet. Each is computed
 * from the simulation when read (system-views-impl.ts, loaded on first use: kindReady awaits it), so the store's
 * revisions, UIDs and generated names stay what they were before these kinds were served.
 */
import type { APIServer } from '../apiserver.js';
import { serviceUnavailable } from '../errors.js';
import type { KObject } from '../meta.js';
import { lazyModule } from '../../util/lazy-module.js';

export interface SystemViewSource {
  apiserver: APIServer;
  /** kube-scheduler, kube-controller-manager, etcd: whether its process (its healthz port) is up. */
  running(component: string): boolean;
  /** When the API server started: the bootstrap objects' creationTimestamp. */
  startedAt: number;
  /** The store revision at start, and of each Service's and Node's creation (store key → revision). */
  startRevision: number;
  createdAt: Map<string, number>;
  seed: number;
}

export const systemViewsCode = lazyModule(() => import('./system-views-impl.js'));

/** The computed resources, by resource key. */
export const SYSTEM_VIEWS = ['componentstatuses', 'apiservices.apiregistration.k8s.io', 'flowschemas.flowcontrol.apiserver.k8s.io',
  'prioritylevelconfigurations.flowcontrol.apiserver.k8s.io', 'servicecidrs.networking.k8s.io', 'ipaddresses.networking.k8s.io', 'csinodes.storage.k8s.io',
  'events.events.k8s.io'];

export function installSystemViews(apiserver: APIServer, running: (component: string) => boolean, seed: number): void {
  const src: SystemViewSource = { apiserver, running, startedAt: apiserver.clock.now(), startRevision: apiserver.store.currentRevision() + 1, createdAt: new Map(), seed };
  // The revision an IPAddress or CSINode was written at: its Service's (the allocator writes it just before) or Node's.
  apiserver.store.onChange((e) => {
    if (e.resource !== 'services' && e.resource !== 'nodes') return;
    if (e.type === 'ADDED') src.createdAt.set(`${e.resource}/${e.key}`, e.revision);
    else if (e.type === 'DELETED') src.createdAt.delete(`${e.resource}/${e.key}`);
  });
  for (const resource of SYSTEM_VIEWS) {
    apiserver.registerVirtual(resource, {
      list: (ns) => impl().list(src, resource, ns),
      get: (name, namespace) => impl().get(src, resource, name, namespace),
      unsorted: resource === 'componentstatuses',
    });
  }
}

function impl() {
  const m = systemViewsCode.loaded();
  if (!m) {
    void systemViewsCode.load().catch(() => undefined);
    throw serviceUnavailable('the server is currently unable to handle the request');
  }
  return m;
}

export type { KObject };
