/**
 * A lab in fresh module instances, for the lazy-loading tests (vitest's `fresh` project): the registry is reset
 * first, so the code under test starts unloaded; `prepare` runs after the reset and before the boot, importing
 * (and, for a warm lab, loading) that code from the same fresh registry. `run` drives the clock as the lab does.
 */
import { vi } from 'vitest';

export async function freshLab<T>(seed: number, prepare: () => Promise<T>, rows = 40) {
  vi.resetModules();
  const prepared = await prepare();
  const { Cluster } = await import('../cluster.js');
  const { Session, loadOptionalCommands } = await import('./session.js');
  const { driveClock } = await import('./script.js');
  const cluster = new Cluster({ seed }).boot();
  const session = new Session({ cluster, terminal: { isTTY: false, columns: 120, rows } });
  await loadOptionalCommands(session);
  const run = async (line: string) => {
    let out = '';
    await driveClock(session.run(line, (t) => (out += t)), cluster.clock, 600_000, () => session.interrupt());
    return out;
  };
  return { prepared, cluster, run };
}
