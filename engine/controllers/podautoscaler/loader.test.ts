/**
 * The HPA controller loads at the first HorizontalPodAutoscaler (loader.ts): what it does must not depend on
 * whether its code was loaded before. A session driven as the lab drives it (the clock held while the code
 * loads) runs the same lines in a fresh module graph, then with the controller loaded first; the outputs and
 * the HPA's status must be the same.
 */
import { describe, expect, it } from 'vitest';
import { freshLab } from '../../shell/fresh-lab-test-helpers.js';

const LINES = [
  'kubectl create deployment web --image=nginx --replicas=1',
  'kubectl set resources deployment web --requests=cpu=100m',
  'kubectl autoscale deployment web --cpu-percent=50 --min=2 --max=5',
  'sleep 60',
  'kubectl get hpa web',
  'kubectl get deploy web',
];

async function session(preload: boolean): Promise<{ out: string; hpa: unknown }> {
  const { cluster, run } = await freshLab(9, async () => {
    const loader = await import('./loader.js');
    if (preload) await loader.loadHorizontalController();
  }, 24);
  let out = '';
  for (const line of LINES) out += `$ ${line}\n${await run(line)}`;
  return { out, hpa: cluster.client().get('horizontalpodautoscalers.autoscaling', 'default', 'web').status };
}

describe('the horizontal-pod-autoscaler controller loaded on first use', () => {
  it('acts the same whether its code was loaded before or at the first HPA', async () => {
    const fresh = await session(false);
    const loaded = await session(true);
    expect(fresh.out).toBe(loaded.out);
    expect(fresh.hpa).toEqual(loaded.hpa);
    // minReplicas 2 over a Deployment of 1: the controller scaled it up (it ran at all).
    expect(fresh.out).toMatch(/web\s+2\/2\s+2\s+2/);
  }, 60_000);
});
