/**
 * kubectl top pods before metrics-server has scraped anything: kubectl v1.35's
 * RunTopPod reads an empty metrics list against the pods that exist
 * (verifyEmptyMetrics, kubectl/pkg/cmd/top/top_pod.go). No pods: "No resources
 * found". Only pods younger than metricsCreationDelay (2m): "metrics not
 * available yet". A pod older than that with no metrics is named with its age.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/shell/script.js';

describe('kubectl top pods with no metrics', () => {
  it('tells a new pod from no pod, and names an old pod that has no metrics', async () => {
    const out = await runScript([
      'kubectl top pods',
      'kubectl run a --image=nginx:1.26',
      'kubectl top pods',
      'kubectl top pods -l run=none',
      'kubectl run b --image=busybox:1.36 -- sh -c "exit 1"',
      'sleep 150',
      'kubectl top pods -l run=b',
    ].join('\n') + '\n');
    expect(out).toContain('$ kubectl top pods\nNo resources found in default namespace.\n$ kubectl run a');
    expect(out).toContain('$ kubectl top pods\nerror: metrics not available yet\n$ kubectl top pods -l run=none\nNo resources found in default namespace.\n');
    expect(out).toMatch(/\$ kubectl top pods -l run=b\nerror: Metrics not available for pod default\/b, age: 2m3\d(\.\d+)?s\n/);
  });
});
