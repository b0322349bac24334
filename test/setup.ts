/**
 * Every test file starts with the whole image catalogue, the pulled images' programs, the kubelet's volume
 * manager and admission and the Service registry's allocations in, as a lab that has pulled once (or idled) has them:
 * tests that drive the clock directly (cluster.advance) do not wait for a load the way the shell's driver
 * and the lab do. The lazy path itself is exercised by the CLI and browser tests, which run without this.
 */
import { afterAll } from 'vitest';
import { loadCatalogue } from '../engine/images/catalogue.js';
import { loadAdmission, loadVolumeManager } from '../engine/kubelet/kubelet.js';
import { imagePrograms } from '../engine/kubelet/programs.js';
import { settleLazyModules } from '../engine/util/lazy-module.js';
import { serviceWrites } from '../engine/api/registry/services.js';

await Promise.all([loadCatalogue(), loadVolumeManager(), loadAdmission(), imagePrograms.load(), serviceWrites.load()]);

// A write may start loading its rules and go on without them (the page's first moments); a file's tests can end
// before that import does, and vitest refuses an import after its environment is torn down.
afterAll(() => settleLazyModules());
