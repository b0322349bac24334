/**
 * CustomResourceDefinitions: the kind and the custom resources it serves load on first use (registry/crd/); here
 * only what the entry needs. The controllers' watch on CRDs starts with the API server and hands each change to
 * the loaded code (kubectl awaits it, through kindReady, before it writes a CRD).
 */
import type { APIServer, WatchEvent } from '../apiserver.js';
import { lazyModule } from '../../util/lazy-module.js';
import { RESOURCES, unserve, type ResourceInfo } from '../resources.js';

export const crdCode = lazyModule(() => import('./crd/index.js'));

/**
 * kubectl's discovery cache of the custom resources (kubectl/framework/discovery-cache.ts, loaded with the CRD code):
 * the shell whose kubectl runs, a re-read of discovery, and a type resolved through the cache.
 */
export const kubectlDiscovery: { use?(shell: object, fresh: boolean): void; refresh?(): void; resolve?(typed: string): ResourceInfo | undefined } = {};

/** The documentation of the custom resources' published schemas (registry/crd/openapi.ts), which explain reads. */
export const customResourceDocs: Record<string, Record<string, unknown>> = {};

/** The decoder for a custom resource (its schema's pruning) and for a CRD itself, set when the code loads. */
export const customResources: { decode?: (info: ResourceInfo, obj: unknown) => { error?: string; unknown: string[] }; patchRefused?: () => Error } = {};

const CRD_KEY = 'customresourcedefinitions.apiextensions.k8s.io';

export function installCRDControllers(apiserver: APIServer): void {
  // A new cluster serves no custom resources of an earlier one.
  const loaded = crdCode.loaded();
  if (loaded) loaded.resetServing();
  else unserve(RESOURCES.filter((i) => i.crd));
  const handle = (e: WatchEvent) => {
    const m = crdCode.loaded();
    if (m) m.reconcile(apiserver, e);
    else void crdCode.load().then((mod) => mod.reconcile(apiserver, e)).catch(() => undefined);
  };
  const watch = () => apiserver.watch(CRD_KEY, undefined, {}, handle, () => apiserver.clock.schedule(1000, watch, { daemon: true }));
  watch();
}
