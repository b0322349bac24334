/** What plugins may read besides the pod and node at hand (framework.Handle). */
import type { KObject } from '../../api/meta.js';
import type { SchedulerCache } from './cache.js';
import type { Framework } from './framework.js';

export interface Handle {
  cache: SchedulerCache;
  /** Services of a namespace (for the default topology-spread selector). */
  services(namespace: string): readonly KObject[];
  replicaSet(namespace: string, name: string): KObject | undefined;
  /** Namespaces the informer knows (the namespace lister, for namespaceSelector); optional for tests without any. */
  namespaces?(): readonly KObject[];
  /** A namespace from the same lister, undefined when unknown. */
  namespace?(name: string): KObject | undefined;
  /** A PersistentVolume(Claim) or StorageClass from the scheduler's informers, by key (VolumeBinding). */
  storage?(resource: string, key: string): KObject | undefined;
  storageList?(resource: string): Iterable<KObject>;
  /** A ResourceClaim and a DeviceClass (DynamicResources), undefined when there is none. */
  resourceClaim?(namespace: string, name: string): KObject | undefined;
  deviceClass?(name: string): KObject | undefined;
  /** The profile's framework, for plugins that re-run filters (preemption's dry run). */
  framework(): Framework;
}
