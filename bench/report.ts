/** Prints one measurement as a JSON line (what `npm run bench` is read for). */
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';

export function report(name: string, figures: Record<string, number | string>): void {
  console.log(JSON.stringify({ bench: name, ...figures, node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model }));
}

/** Peak heap sampling: call sample() often; max is kept. */
export class HeapPeak {
  max = 0;
  sample(): void {
    const used = process.memoryUsage().heapUsed;
    if (used > this.max) this.max = used;
  }
  mib(): number {
    return Math.round((this.max / 2 ** 20) * 10) / 10;
  }
}

/**
 * The live heap in MiB: heapUsed right after full garbage collections, so
 * garbage V8 has not yet had a reason to collect is not counted (HeapPeak's
 * samples include it, and with a large heap limit V8 lets it pile up).
 * Made callable at run time with V8's own flag rather than asking every
 * `npm run bench` to start Node with --expose-gc.
 */
export function liveHeapMiB(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
}
