/**
 * The kubelet's own admission (pkg/kubelet/lifecycle/predicate.go): a pod put on a node with spec.nodeName,
 * past the scheduler, whose nodeSelector the node does not meet is rejected by the predicate admit handler.
 * rejectPod records a Warning event with the predicate's name as its reason and "Predicate NodeAffinity
 * failed: node(s) didn't match Pod's node affinity/selector", and fails the pod with that reason and the
 * message "Pod was rejected: …"; kubectl shows the reason as STATUS. A pod that fits runs.
 *
 * The other checks (predicate.go's Admit and the scheduler's AdmissionCheck, v1.35): resources against the
 * node's allocatable and the pods the kubelet admitted before (InsufficientResourceError: reason OutOf<name>,
 * "Node didn't have enough resource: cpu, requested: …, used: …, capacity: …"), host ports (NodePorts), the
 * NoExecute taints only (TaintToleration, "node(s) had taints that the pod didn't tolerate"), and the
 * kubernetes.io/os pod label. describe shows the rejection as a real one did (kubernetes/kubernetes and
 * red-hat-storage/ocs-ci#12362: "Status: Failed / Reason: OutOfcpu / Message: Pod was rejected: Node didn't
 * have enough resource: cpu, requested: 150, used: 11388, capacity: 11500", with a Start Time).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/shell/script.js';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

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

  it('rejects a pod whose requests the node no longer has room for, counting the pods it admitted before', async () => {
    const out = await runScript([
      // worker-1: 2 CPUs allocatable, kindnet's 100m requested.
      `kubectl run first --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1","containers":[{"name":"first","image":"nginx:1.26","resources":{"requests":{"cpu":"1500m"}}}]}}'`,
      // Its init container asks 500m, more than its container's 100m: the pod needs 500m.
      `kubectl run second --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1","initContainers":[{"name":"init","image":"busybox:1.36","command":["true"],"resources":{"requests":{"cpu":"500m"}}}],"containers":[{"name":"second","image":"nginx:1.26","resources":{"requests":{"cpu":"100m"}}}]}}'`,
      `kubectl run third --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1","containers":[{"name":"third","image":"nginx:1.26","resources":{"requests":{"memory":"8Gi"}}}]}}'`,
      'sleep 5',
      'kubectl get pods',
      'kubectl describe pod second',
      "kubectl get pod third -o jsonpath='{.status.phase} {.status.reason} {.status.message}{\"\\n\"}'",
    ].join('\n') + '\n');
    expect(out).toMatch(/\nfirst +1\/1 +Running +0 +5s\nsecond +0\/1 +OutOfcpu +0 +5s\nthird +0\/1 +OutOfmemory +0 +5s\n/);
    expect(out).toMatch(/\nStart Time: +Thu, 01 Jan 2026 00:02:0\d \+0000\n/);
    expect(out).toMatch(/\nStatus: +Failed\nReason: +OutOfcpu\nMessage: +Pod was rejected: Node didn't have enough resource: cpu, requested: 500, used: 1600, capacity: 2000\nIP: *\nIPs: +<none>\n/);
    expect(out).toMatch(/\n {2}Warning +OutOfcpu +5s +kubelet +Node didn't have enough resource: cpu, requested: 500, used: 1600, capacity: 2000\n/);
    expect(out).toMatch(/\nFailed OutOfmemory Pod was rejected: Node didn't have enough resource: memory, requested: 8589934592, used: \d+, capacity: \d+\n/);
  });

  it('rejects a second pod on a taken host port, a pod not tolerating a NoExecute taint and one labelled for another OS; a NoSchedule taint does not matter', async () => {
    const out = await runScript([
      `kubectl run web --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1","containers":[{"name":"web","image":"nginx:1.26","ports":[{"containerPort":80,"hostPort":8080}]}]}}'`,
      `kubectl run web2 --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1","containers":[{"name":"web2","image":"nginx:1.26","ports":[{"containerPort":80,"hostPort":8080}]}]}}'`,
      'kubectl taint node worker-2 dedicated=db:NoExecute',
      'kubectl taint node worker-1 maintenance=soon:NoSchedule',
      `kubectl run db --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-2"}}'`,
      `kubectl run win --image=nginx:1.26 --labels=kubernetes.io/os=windows --overrides='{"spec":{"nodeName":"worker-1"}}'`,
      `kubectl run pinned --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1"}}'`,
      'sleep 5',
      'kubectl get pods',
      'kubectl get events --field-selector type=Warning',
    ].join('\n') + '\n');
    expect(out).toMatch(/\npinned +1\/1 +Running +0 +5s\nweb +1\/1 +Running +0 +5s\nweb2 +0\/1 +NodePorts +0 +5s\nwin +0\/1 +PodOSSelectorNodeLabelDoesNotMatch +0 +5s\n/);
    expect(out).toMatch(/\n5s +Warning +NodePorts +pod\/web2 +Predicate NodePorts failed: node\(s\) didn't have free ports for the requested pod ports\n/);
    expect(out).toMatch(/\n5s +Warning +TaintToleration +pod\/db +Predicate TaintToleration failed: node\(s\) had taints that the pod didn't tolerate\n/);
    expect(out).toMatch(/\n5s +Warning +PodOSSelectorNodeLabelDoesNotMatch +pod\/win +Failed to admit pod as the `kubernetes.io\/os` label doesn't match node label\n/);
  });

  it('the docs\' pods/pod-nginx-specific-node.yaml stays Pending on its missing node foo-node until the pod GC deletes it', async () => {
    const out = await runScript([
      'kubectl apply -f https://k8s.io/examples/pods/pod-nginx-specific-node.yaml',
      'sleep 5',
      'kubectl get pods -o wide',
      'sleep 60',
      'kubectl get pods',
    ].join('\n') + '\n');
    expect(out).toMatch(/\nnginx +0\/1 +Pending +0 +5s +<none> +foo-node +<none> +<none>\n/);
    expect(out).toContain('$ kubectl get pods\nNo resources found in default namespace.\n');
  });

  it('a Deployment pinned to a node that rejects its pods piles Failed pods up at the controller manager\'s client rate (--kube-api-qps 20, burst 30)', async () => {
    const out = await runScript([
      'kubectl create deployment pin --image=nginx:1.26 --dry-run=client -o json > /tmp/pin.json',
      `kubectl patch --local -f /tmp/pin.json --type=merge -p '{"spec":{"template":{"spec":{"nodeName":"worker-1","containers":[{"name":"nginx","image":"nginx:1.26","resources":{"requests":{"cpu":"3"}}}]}}}}' -o yaml | kubectl apply -f -`,
      'sleep 20',
      'kubectl get rs',
      'kubectl get pods --no-headers | wc -l',
      'kubectl get pods --no-headers --field-selector=status.phase=Failed | wc -l',
    ].join('\n') + '\n');
    expect(out).toMatch(/\npin-[a-z0-9]+ +1 +1 +0 +20s\n/);
    // Every Failed pod makes the ReplicaSet create a replacement; a token bucket of 30 refilled at 20 a second
    // allows at most 30 + 20 × 20 creations in 20 s.
    const [total, failed] = [...out.matchAll(/wc -l\n(\d+)\n/g)].map((m) => Number(m[1]));
    expect(total).toBeGreaterThan(300);
    expect(total).toBeLessThanOrEqual(30 + 20 * 20 + 1);
    expect(failed).toBeGreaterThanOrEqual(total - 1);
  });

  it('decides the same while the admission code is still loading (a fresh process, without the tests\' preload)', () => {
    const script = [
      `kubectl run big --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1","containers":[{"name":"big","image":"nginx:1.26","resources":{"requests":{"cpu":"3"}}}]}}'`,
      `kubectl run small --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1"}}'`,
      'sleep 5',
      'kubectl get pods',
      'kubectl get events --field-selector reason=OutOfcpu',
    ].join('\n') + '\n';
    const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'kubelab.mjs'), 'script', '-'], { input: script, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\nbig +0\/1 +OutOfcpu +0 +5s\nsmall +1\/1 +Running +0 +5s\n/);
    expect(r.stdout).toMatch(/\n5s +Warning +OutOfcpu +pod\/big +Node didn't have enough resource: cpu, requested: 3000, used: 100, capacity: 2000\n/);
  });

  it('counts an extended resource the node advertises: OutOfexample.com/dongle for the pod bound by hand past the last dongles', async () => {
    const { run } = await interactiveSession();
    await run('kubectl proxy &');
    await run('sleep 1');
    // "Advertise Extended Resources for a Node": four dongles, allocatable at the kubelet's next status sync.
    await run(`curl --header "Content-Type: application/json-patch+json" --request PATCH --data '[{"op": "add", "path": "/status/capacity/example.com~1dongle", "value": "4"}]' http://localhost:8001/api/v1/nodes/worker-1/status`);
    await run('sleep 10');
    const dongles = (n: number, name: string) => `kubectl run ${name} --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1","containers":[{"name":"${name}","image":"nginx:1.26","resources":{"requests":{"example.com/dongle":"${n}"},"limits":{"example.com/dongle":"${n}"}}}]}}'`;
    await run(dongles(3, 'three'));
    await run(dongles(2, 'two'));
    // Asked of a node that has none: the kubelet leaves it to cluster-level resources and admits the pod.
    await run(`kubectl run gadget --image=nginx:1.26 --overrides='{"spec":{"nodeName":"worker-1","containers":[{"name":"gadget","image":"nginx:1.26","resources":{"requests":{"example.com/gadget":"1"},"limits":{"example.com/gadget":"1"}}}]}}'`);
    await run('sleep 5');
    expect((await run('kubectl get pods')).out).toMatch(/\ngadget +1\/1 +Running +0 +5s\nthree +1\/1 +Running +0 +5s\ntwo +0\/1 +OutOfexample\.com\/dongle +0 +5s\n/);
    expect((await run("kubectl get pod two -o jsonpath='{.status.message}'")).out).toBe("Pod was rejected: Node didn't have enough resource: example.com/dongle, requested: 2, used: 3, capacity: 4");
  });
});

