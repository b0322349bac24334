/**
 * What a lab that has pulled once (or idled) has loaded: the whole image catalogue and the images' file trees, the pulled images' programs, the
 * kubelet's volume manager and admission (and a lost Lease's log lines), the containers' shell, and the Service
 * registry's allocations. Code that drives the clock directly (cluster.advance, runHistory) does not wait for a load
 * the way the shell's driver and the lab do, so the tests' setup and the chaos and fuzz scripts load it first: without
 * the allocations a Service written straight to the API server is stored without a ClusterIP, and no request can be
 * sent through it.
 */
import { loadCatalogue, rootfsCode } from '../engine/images/catalogue.js';
import { loadAdmission, loadLeaseLost, loadVolumeManager } from '../engine/kubelet/kubelet.js';
import { imagePrograms } from '../engine/kubelet/programs.js';
import { serviceWrites } from '../engine/api/registry/services.js';
import { loadContainerShell } from '../engine/kubelet/shell-process.js';

export async function preloadLikeALab(): Promise<void> {
  await Promise.all([loadCatalogue(), loadVolumeManager(), loadAdmission(), loadLeaseLost(), imagePrograms.load(), serviceWrites.load(), loadContainerShell(), rootfsCode.load().then((m) => m.loadAllTrees())]);
}
