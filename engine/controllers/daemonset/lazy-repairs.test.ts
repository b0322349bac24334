/**
 * The DaemonSet history's repairs load on first use (history-repair.ts): what the controller does must not
 * depend on whether their code was loaded before. The scenario runs in a fresh module graph (the first repair
 * holds the clock while the module loads), then again with it loaded; the transcripts must be identical.
 */
import { describe, expect, it, vi } from 'vitest';

const SCRIPT = `cat > agent.yaml <<'YAML'
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  revisionHistoryLimit: 1
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: c
        image: nginx:1.27
YAML
kubectl apply -f agent.yaml
sleep 30
kubectl set image ds/agent c=nginx:1.28
sleep 30
kubectl set image ds/agent c=nginx:1.29
sleep 30
kubectl get controllerrevisions -o custom-columns=REVISION:.revision,IMAGE:.data.spec.template.spec.containers[0].image --sort-by=.revision
kubectl set image ds/agent c=nginx:1.26
sleep 30
kubectl get controllerrevisions -o custom-columns=REVISION:.revision,IMAGE:.data.spec.template.spec.containers[0].image --sort-by=.revision
`;

describe('DaemonSet history repairs loaded on first use', () => {
  it('truncation beyond revisionHistoryLimit gives the same transcript fresh and loaded', async () => {
    vi.resetModules();
    const { VirtualClock } = await import('../../util/clock.js');
    const { runScript } = await import('../../shell/script.js');
    let holds = 0;
    const hold = VirtualClock.prototype.hold;
    vi.spyOn(VirtualClock.prototype, 'hold').mockImplementation(function (this: InstanceType<typeof VirtualClock>) {
      holds++;
      return hold.call(this);
    });
    const fresh = await runScript(SCRIPT, { seed: 3 });
    const freshHolds = holds;
    const again = await runScript(SCRIPT, { seed: 3 });
    vi.restoreAllMocks();
    expect(again).toBe(fresh);
    expect(freshHolds).toBeGreaterThan(holds - freshHolds);
    // revisionHistoryLimit 1: the current revision and one old one, renumbered as they come.
    expect(fresh).toContain('REVISION   IMAGE\n2          nginx:1.28\n3          nginx:1.29\n');
    expect(fresh).toContain('REVISION   IMAGE\n3          nginx:1.29\n4          nginx:1.26\n');
  }, 60_000);
});
