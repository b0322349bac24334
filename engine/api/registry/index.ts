/**
 * Registers every resource's strategy with the API server, the way
 * kube-apiserver wires pkg/registry/* into its storage, and installs the
 * decoder (schema) and strategic-merge hooks on an API server.
 */
import type { APIServer } from '../apiserver.js';
import type { KObject } from '../meta.js';
import type { ResourceInfo } from '../resources.js';
import { registerStrategy } from '../strategy.js';
import { inspect } from '../schema/index.js';
import { loadLazyTypes, typesPending } from '../schema/lazy.js';
import { strategicMergePatch } from '../strategic.js';
import { goRoundTrip } from '../schema/go-json-loader.js';
import { customResources } from './crd-loader.js';
import { cronJobStrategy, jobStrategy } from './batch.js';
import { configMapStrategy, secretStrategy } from './config.js';
import { controllerRevisionStrategy } from './controllerrevisions.js';
import { daemonSetStrategy } from './daemonsets.js';
import { deploymentStrategy } from './deployments.js';
import { hpaStrategy } from './horizontalpodautoscalers.js';
import { namespaceStrategy } from './namespaces.js';
import { nodeStrategy } from './nodes.js';
import { endpointSliceStrategy, endpointsStrategy, eventStrategy, leaseStrategy, serviceAccountStrategy } from './others.js';
import { podStrategy } from './pods.js';
import { replicaSetStrategy } from './replicasets.js';
import { serviceStrategy } from './services.js';
import { statefulSetStrategy } from './statefulsets.js';

let done = false;

export function registerAllStrategies(): void {
  if (done) return;
  done = true;
  registerStrategy('pods', podStrategy);
  registerStrategy('namespaces', namespaceStrategy);
  registerStrategy('nodes', nodeStrategy);
  registerStrategy('services', serviceStrategy);
  registerStrategy('endpoints', endpointsStrategy);
  registerStrategy('events', eventStrategy);
  registerStrategy('configmaps', configMapStrategy);
  registerStrategy('secrets', secretStrategy);
  registerStrategy('serviceaccounts', serviceAccountStrategy);
  registerStrategy('deployments.apps', deploymentStrategy);
  registerStrategy('replicasets.apps', replicaSetStrategy);
  registerStrategy('daemonsets.apps', daemonSetStrategy);
  registerStrategy('controllerrevisions.apps', controllerRevisionStrategy);
  registerStrategy('statefulsets.apps', statefulSetStrategy);
  registerStrategy('horizontalpodautoscalers.autoscaling', hpaStrategy);
  registerStrategy('jobs.batch', jobStrategy);
  registerStrategy('cronjobs.batch', cronJobStrategy);
  registerStrategy('leases.coordination.k8s.io', leaseStrategy);
  registerStrategy('endpointslices.discovery.k8s.io', endpointSliceStrategy);
}

/** The decoder's root for a kind: an alternate version's own type (registry/hpa-v1.ts), else the kind's. */
const schemaKind = (info: ResourceInfo) => (info.alternate ? `${info.group}/${info.version}.${info.kind}` : info.kind);

/**
 * The decoder hooks: one walk finds both the first type error and the unknown
 * fields; the unknown list is kept for the strict check that follows on the same input.
 */
export function installAPIServerHooks(apiserver: APIServer): void {
  registerAllStrategies();
  const last = new WeakMap<object, string[]>();
  apiserver.decodeError = (info, obj) => {
    if (!obj || typeof obj !== 'object') return undefined;
    // A custom resource has no Go type (its kind may share a built-in's name); the CRD's types load with its code.
    if (info.crd || info.group === 'apiextensions.k8s.io') return customResources.decode?.(info, obj).error;
    // A lazily served kind's object sent without waiting for kindReady: decoded with what is there, and the rest starts loading.
    if (typesPending(info.kind)) void loadLazyTypes().catch(() => undefined);
    const found = inspect(schemaKind(info), obj);
    last.set(obj, found.unknown);
    return found.error;
  };
  apiserver.unknownFields = (info, obj) => {
    if (!obj || typeof obj !== 'object') return [];
    if (info.crd || info.group === 'apiextensions.k8s.io') return customResources.decode?.(info, obj).unknown ?? [];
    return last.get(obj) ?? inspect(schemaKind(info), obj).unknown;
  };
  apiserver.strategicMerge = (current: KObject, patch: unknown, info, apply) => strategicMergePatch(current, patch, info, apply);
  apiserver.goJSON = (info, obj, encode, field) => (info.crd ? obj : goRoundTrip(info.kind, obj, encode, field));
}
