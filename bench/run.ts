/**
 * `npm run bench`: runs every bench/*.bench.ts (or the ones named on the
 * command line) and prints one JSON line per measurement.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadImageCode } from '../engine/kubelet/programs.js';
import { loadReadingExtension } from '../engine/metrics/metrics-server.js';

// Benchmarks drive the clock directly: the whole image catalogue is in from the start, and so is the code the lab
// prefetches at idle that a large cluster runs (metrics-server's extension of a node's reading).
await loadImageCode();
await loadReadingExtension();

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)));

for (const f of files) {
  const mod = await import(join(here, f));
  if (typeof mod.default === 'function') await mod.default();
}
