/**
 * The eager side of kubeadm-objects.ts (kube-system's and kube-public's boot objects, and the bootstrap token
 * controllers, one chunk): before a command that may read ServiceAccounts, ConfigMaps or Secrets (a name or short
 * name of one, `token`, a manifest) it loads with the clock held and writes them.
 */
import type { Cluster } from '../../cluster.js';
import { lazyModule } from '../../util/lazy-module.js';

/**
 * Not prefetched by name: kubeadm's code imports the module, so the node tools' prefetch brings it, and its first
 * `load()` finds it there.
 */
export const kubeadmObjects = lazyModule(() => import('./kubeadm-objects.js'));

/** A word of the command line that names one of those kinds (`sa`, `cm,secret`, `/api/v1/secrets`, `create token`). */
export const mayTouchKubeSystem = (argv: string[]) => argv.some((a) => /\b(sa|serviceaccounts?|cm|configmaps?|secrets?|token)\b/i.test(a));

/**
 * Writes the objects (once), loading their module first when needed. Synchronous once the module is loaded: an
 * `await` would let the clock run before the command reads (a `--watch-only` would count a write made meanwhile as
 * already listed).
 */
export function ensureKubeadmObjects(cluster: Cluster): Promise<void> | undefined {
  const m = kubeadmObjects.loaded();
  if (m) { m.materialise(cluster); return undefined; }
  const release = cluster.clock.hold();
  return kubeadmObjects.load().then((loaded) => { release(); loaded.materialise(cluster); }, (e) => { release(); throw e; });
}
