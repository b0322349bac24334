/**
 * The kubelet's own admission (pkg/kubelet/lifecycle/predicate.go): a pod put on a node with spec.nodeName,
 * past the scheduler, whose nodeSelector the node does not meet is rejected by the predicate admit handler.
 * rejectPod records a Warning event with the predicate's name as its reason and "Predicate NodeAffinity
 * failed: node(s) didn't match Pod's node affinity/selector", and fails the pod with that reason and the
 * message "Pod was rejected: …"; kubectl shows the reason as STATUS. A pod that fits runs.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/shell/script.js';

describe('kubelet admission', () => {
  it('rejects a pod bound by hand to a node that does not match its nodeSelector', async () => {
    const out = await runScript([
      `kubectl run ssd --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1","nodeSelector":{"disktype":"ssd"}}}'`,
      `kubectl run any --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1","nodeSelector":{"kubernetes.io/hostname":"worker-1"}}}'`,
      'sleep 10',
      'kubectl get pods',
      "kubectl get pod ssd -o jsonpath='{.status.phase} {.status.reason} {.status.message}{\"\\n\"}'",
      'kubectl get events --field-selector involvedObject.name=ssd',
    ].join('\n') + '\n');
    expect(out).toMatch(/\nany +1\/1 +Running +0 +10s\nssd +0\/1 +NodeAffinity +0 +10s\n/);
    expect(out).toContain("Failed NodeAffinity Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector\n");
    expect(out).toMatch(/\n10s +Warning +NodeAffinity +pod\/ssd +Predicate NodeAffinity failed: node\(s\) didn't match Pod's node affinity\/selector\n/);
  });
});
