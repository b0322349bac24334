/**
 * Every test file starts with the whole image catalogue and the kubelet's volume manager in, as a lab that has
 * pulled once (or idled) has them:
 * tests that drive the clock directly (cluster.advance) do not wait for a load the way the shell's driver
 * and the lab do. The lazy path itself is exercised by the CLI and browser tests, which run without this.
 */
import { loadCatalogue } from '../engine/images/catalogue.js';
import { loadVolumeManager } from '../engine/kubelet/kubelet.js';

await Promise.all([loadCatalogue(), loadVolumeManager()]);
