/**
 * A lost Lease's log lines (lease-lost.ts) load on first use: a fresh lab whose kube-controller-manager loses its Lease
 * loads them with the clock held, and its container exits at the same instant, with the same lines, as in a lab
 * that had them loaded.
 */
import { describe, expect, it } from 'vitest';
import { freshLab as freshModules } from '../shell/fresh-lab-test-helpers.js';

const freshLab = (loaded: boolean) => freshModules(11, async () => {
  const kubelet = await import('./kubelet.js');
  if (loaded) await kubelet.loadLeaseLost();
});

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
