/**
 * What kubectl's discovery cache (~/.kube/cache/discovery) holds of the custom resources, per shell: a type it
 * holds maps without asking the server, even after its CRD is gone (the request then gets the server's 404); a type
 * it lacks makes kubectl read discovery again (the deferred RESTMapper's reset on a miss), which `kubectl
 * api-resources` also does. Built-in resources never change, so only the CRDs' rows are kept. Loaded with the CRD
 * code (registry/crd), which is there before any CRD is.
 */
import { RESOURCES, resolveResource, type ResourceInfo } from '../../api/resources.js';
import { kubectlDiscovery } from '../../api/registry/crd-loader.js';

const cached = new WeakMap<object, readonly ResourceInfo[]>();
let current: object | undefined;

/** The shell whose kubectl runs now; `fresh` says its cache is younger than the six hours it is trusted for. */
export function useDiscoveryCache(shell: object, fresh: boolean): void {
  current = shell;
  if (!fresh || !cached.has(shell)) refreshDiscoveryCache();
}

export function refreshDiscoveryCache(): void {
  if (current) cached.set(current, RESOURCES.filter((r) => r.crd));
}

/** resolveResource through the cache: a stale row of a deleted CRD still maps, a new one is found after a re-read. */
export function resolveCached(typed: string): ResourceInfo | undefined {
  const live = resolveResource(typed);
  const rows = current ? cached.get(current) : undefined;
  if (!rows || (live && (!live.crd || rows.includes(live)))) return live;
  const stale = live ? undefined : resolveResource(typed, rows);
  if (stale) return stale;
  refreshDiscoveryCache();
  return live;
}

kubectlDiscovery.use = useDiscoveryCache;
kubectlDiscovery.refresh = refreshDiscoveryCache;
kubectlDiscovery.resolve = resolveCached;
