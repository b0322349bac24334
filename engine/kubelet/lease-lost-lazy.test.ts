/**
 * A lost Lease's log lines (lease-lost.ts) load on first use: a fresh lab whose kube-controller-manager loses its Lease
 * loads them with the clock held, and its container exits at the same instant, with the same lines, as in a lab
 * that had them loaded.
 */
import { describe, expect, it, vi } from 'vitest';

async function freshLab(loaded: boolean) {
  vi.resetModules();
  const kubelet = await import('./kubelet.js');
  if (loaded) await kubelet.loadLeaseLost();
  const { Cluster } = await import('../cluster.js');
  const { Session, loadOptionalCommands } = await import('../shell/session.js');
  const { driveClock } = await import('../shell/script.js');
  const cluster = new Cluster({ seed: 11 }).boot();
  const s = new Session({ cluster, terminal: { isTTY: false, columns: 120, rows: 40 } });
  await loadOptionalCommands(s);
  const run = async (line: string) => {
    let out = '';
    await driveClock(s.run(line, (t) => (out += t)), cluster.clock, 600_000, () => s.interrupt());
    return out;
  };
  return { cluster, run };
}

const LINES = [
  'sim component stop kube-apiserver; sleep 15; sim component start kube-apiserver; sleep 1',
  'kubectl logs -n kube-system kube-controller-manager-control-plane --previous',
  "kubectl get pod -n kube-system kube-controller-manager-control-plane -o jsonpath='{.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].lastState.terminated.finishedAt}'",
];

describe('the lines of a lost Lease load on first use', () => {
  it('end the process at the instant a lab that had them loaded ends it', async () => {
    const cold = await freshLab(false);
    const outs: string[] = [];
    for (const line of LINES) outs.push(await cold.run(line));
    expect(outs[1]).toMatch(/controllermanager\.go:368\] "leaderelection lost"\n$/);
    expect(outs[2]).toMatch(/^1 2026-01-01T00:02:\d\dZ$/);
    const warm = await freshLab(true);
    const warmOuts: string[] = [];
    for (const line of LINES) warmOuts.push(await warm.run(line));
    expect(outs).toEqual(warmOuts);
  });
});
