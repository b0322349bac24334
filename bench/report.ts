/** Prints one measurement as a JSON line (what `npm run bench` is read for). */
import os from 'node:os';

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
