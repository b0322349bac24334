/**
 * What kube-apiserver itself keeps in the `default` namespace
 * (pkg/controlplane/controller/kubernetesservice and the lease endpoint
 * reconciler): the `kubernetes` Service at the first IP of the service range,
 * and its Endpoints and EndpointSlice pointing at the API server's own address.
 * They have no selector, so the endpoint controllers leave them alone; the API
 * server recreates them within 10 s if someone deletes them.
 */
import type { Client } from '../client.js';
import { isAlreadyExists } from '../errors.js';
import { clone, deepEqual, type KObject } from '../meta.js';
import type { VirtualClock } from '../../util/clock.js';

export const KUBERNETES_SERVICE_NAME = 'kubernetes';
/** The first address of --service-cluster-ip-range=10.96.0.0/12 (kubeadm's default). */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const APISERVER_SECURE_PORT = 6443;
/** How often the API server re-checks the Service and its endpoints (EndpointInterval). */
export const RECONCILE_INTERVAL_MS = 10_000;
/** discovery.LabelSkipMirror: the EndpointSlice mirroring controller must not copy these Endpoints. */
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';

export function kubernetesService(): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: KUBERNETES_SERVICE_NAME, namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: KUBERNETES_SERVICE_IP,
      clusterIPs: [KUBERNETES_SERVICE_IP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: APISERVER_SECURE_PORT }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
  };
}

export function kubernetesEndpoints(apiserverIP: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: KUBERNETES_SERVICE_NAME, namespace: 'default', labels: { [SKIP_MIRROR_LABEL]: 'true' } },
    subsets: [{ addresses: [{ ip: apiserverIP }], ports: [{ name: 'https', port: APISERVER_SECURE_PORT, protocol: 'TCP' }] }],
  };
}

/** endpointSliceFromEndpoints (pkg/controlplane/reconcilers/endpointsadapter.go): same name, only the service-name label. */
export function kubernetesEndpointSlice(apiserverIP: string): KObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: KUBERNETES_SERVICE_NAME, namespace: 'default', labels: { 'kubernetes.io/service-name': KUBERNETES_SERVICE_NAME } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [apiserverIP], conditions: { ready: true } }],
    ports: [{ name: 'https', port: APISERVER_SECURE_PORT, protocol: 'TCP' }],
  };
}

function ensure(client: Client, resource: string, want: KObject, compare: (cur: KObject) => boolean, apply: (next: KObject) => void): void {
  const cur = client.tryGet(resource, 'default', want.metadata.name!);
  if (!cur) {
    try {
      client.create(resource, 'default', want);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    return;
  }
  if (compare(cur)) return;
  const next = clone(cur);
  apply(next);
  client.update(resource, next);
}

/** One pass: create what is missing, put back what was changed (ports, type; endpoints). */
export function reconcileKubernetesService(client: Client, apiserverIP: string): void {
  // createNamespaceIfNeeded: the default namespace first (an etcd started empty has none).
  if (!client.tryGet('namespaces', undefined, 'default')) client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } as KObject);
  const svc = kubernetesService();
  const spec = svc.spec as { ports: unknown[]; type: string };
  ensure(client, 'services', svc,
    (cur) => deepEqual((cur.spec as { ports?: unknown }).ports, spec.ports) && (cur.spec as { type?: string }).type === spec.type,
    (next) => { Object.assign(next.spec as object, { ports: spec.ports, type: spec.type }); });
  const ep = kubernetesEndpoints(apiserverIP);
  ensure(client, 'endpoints', ep, (cur) => deepEqual(cur.subsets, ep.subsets), (next) => { next.subsets = ep.subsets; });
  const slice = kubernetesEndpointSlice(apiserverIP);
  ensure(client, 'endpointslices.discovery.k8s.io', slice,
    (cur) => deepEqual(cur.endpoints, slice.endpoints) && deepEqual(cur.ports, slice.ports),
    (next) => { next.endpoints = slice.endpoints; next.ports = slice.ports; });
}

/**
 * Runs the reconciliation now and every 10 s after (a daemon timer: it never
 * keeps the simulation busy). Failures — the API server is stopped — are
 * retried on the next tick. Returns a function that stops it.
 */
export function startKubernetesServiceController(client: Client, clock: VirtualClock, apiserverIP: string): () => void {
  const pass = () => {
    try {
      reconcileKubernetesService(client, apiserverIP);
    } catch {
      // API server down or a conflicting write: the next pass tries again.
    }
  };
  pass();
  return clock.every(RECONCILE_INTERVAL_MS, pass);
}
