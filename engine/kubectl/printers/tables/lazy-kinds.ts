/**
 * The tables of the kinds a fresh lab does not use (tables/kinds.ts) load on
 * first use: runKubectl loads them, with the API server's rules for those kinds,
 * before a command's first run; the lab prefetches them at idle.
 */
import { lazyModule } from '../../../util/lazy-module.js';
import { loadKinds } from '../../../api/registry/kinds.js';
import { loadQuotaController } from '../../../controllers/resourcequota/loader.js';
import { systemViewsCode } from '../../../api/bootstrap/system-views.js';
import { runtimeClasses } from '../../../api/registry/lazy-kinds.js';
import { crdCode } from '../../../api/registry/crd-loader.js';

// The quota controller comes along: a first ResourceQuota then starts it at once, as kube-controller-manager's runs already;
// so do the objects kube-apiserver computes (componentstatuses, its bootstrap objects, IPAddresses, events.k8s.io) and
// the RuntimeClass admission plugin (a pod may name a class).
const tables = lazyModule(() => Promise.all([import('./kinds.js'), import('./system-kinds.js'), import('./storage-dra.js'), import('./admission-kinds.js'), loadKinds(), loadQuotaController(), systemViewsCode.load(), runtimeClasses.load(), crdCode.load()]));

export function loadKindTables(): Promise<unknown> {
  return tables.load();
}

export function kindTablesLoaded(): boolean {
  return tables.loaded() !== undefined;
}
