/**
 * The eager side of kubeadm-objects.ts: when to write kube-system's and kube-public's
 * boot objects (the controllers' ServiceAccounts, kubeadm's ConfigMaps and token). Before
 * a command that may read ServiceAccounts, ConfigMaps or Secrets (a name or short name of
 * one, `token`, a manifest) the module loads with the clock held and writes them.
 */
import type { Cluster } from '../../cluster.js';
import type { VirtualClock } from '../../util/clock.js';
import { lazyModule } from '../../util/lazy-module.js';

export const kubeadmObjects = lazyModule(() => import('./kubeadm-objects.js'));

/** A word of the command line that names one of those kinds (`sa`, `cm,secret`, `/api/v1/secrets`, `create token`). */
const TOUCHES = /(^|[^a-z])(sa|serviceaccounts?|cm|configmaps?|secrets?|token)($|[^a-z])/i;

export const mayTouchKubeSystem = (argv: string[]) => argv.some((a) => TOUCHES.test(a));

/** Writes the objects (once), loading their module first when needed. */
export async function ensureKubeadmObjects(cluster: Cluster, clock: VirtualClock): Promise<void> {
  let m = kubeadmObjects.loaded();
  if (!m) {
    const release = clock.hold();
    try { m = await kubeadmObjects.load(); } finally { release(); }
  }
  m.materialise(cluster);
}
