/**
 * In-place pod resize (KEP-1287, GA in v1.35) as kubernetes/website's task "Resize CPU and Memory Resources
 * assigned to Containers" (content/en/docs/tasks/configure-pod-container/resize-container-resources.md) walks
 * it: pod-resize.yaml, a CPU resize without restart, a memory resize that restarts, then an infeasible one.
 * The page prints no full outputs; the texts checked here are the kubelet's and the API server's (their v1.35
 * source), and the PodResizePending condition, ResizeCompleted event and kubectl's answers as a v1.35 cluster
 * printed them.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const POD_RESIZE_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: resize-demo
spec:
  containers:
  - name: pause
    image: registry.k8s.io/pause:3.8
    resizePolicy:
    - resourceName: cpu
      restartPolicy: NotRequired # Default, but explicit here
    - resourceName: memory
      restartPolicy: RestartContainer
    resources:
      limits:
        memory: "200Mi"
        cpu: "700m"
      requests:
        memory: "200Mi"
        cpu: "700m"
`;

const patchLine = (res: string) => `kubectl patch pod resize-demo --subresource resize --patch '{"spec":{"containers":[{"name":"pause", "resources":${res}}]}}'`;

async function podReady() {
  const s = await interactiveSession();
  s.session.fs.writeFile('/home/learner/pod-resize.yaml', POD_RESIZE_YAML);
  expect((await s.run('kubectl create -f pod-resize.yaml')).out).toBe('pod/resize-demo created\n');
  await s.run('kubectl wait --for=condition=Ready pod/resize-demo --timeout=60s');
  return s;
}

const pod = (client: Any) => client.get('pods', 'default', 'resize-demo') as Any;
const condition = (p: Any, type: string) => p.status.conditions.find((c: Any) => c.type === type);

describe('Resize CPU and Memory Resources assigned to Containers', () => {
  it('example 1: CPU resized in place; example 2: memory resized with a restart; then an infeasible request', async () => {
    const { run, client, cluster } = await podReady();
    const start = pod(client);
    expect(start.status.qosClass).toBe('Guaranteed');
    expect(start.status.containerStatuses[0]).toMatchObject({ allocatedResources: { cpu: '700m', memory: '200Mi' }, resources: { limits: { cpu: '700m', memory: '200Mi' }, requests: { cpu: '700m', memory: '200Mi' } }, restartCount: 0 });

    // Every version of the pod from here on, as a watch sees them.
    const seen: Any[] = [];
    client.watch('pods', 'default', { resourceVersion: start.metadata.resourceVersion }, (e: Any) => seen.push(e.object));

    // Example 1.
    expect((await run(patchLine('{"requests":{"cpu":"800m"}, "limits":{"cpu":"800m"}}'))).out).toBe('pod/resize-demo patched\n');
    cluster.advance(3_000);
    expect(seen[0].metadata.generation).toBe(2);
    // Allocated at once, actuated by the sync that follows: in progress (first among the conditions) until the
    // runtime reports the new resources, with the allocation already in the status.
    const inProgress = seen.find((p) => p.status.conditions[0].type === 'PodResizeInProgress');
    expect(inProgress.status.conditions[0]).toMatchObject({ observedGeneration: 2, status: 'True' });
    expect(inProgress.status.containerStatuses[0]).toMatchObject({ allocatedResources: { cpu: '800m', memory: '200Mi' }, resources: { limits: { cpu: '700m' }, requests: { cpu: '700m' } } });
    const cpuDone = pod(client);
    expect(cpuDone.spec.containers[0].resources).toEqual({ limits: { cpu: '800m', memory: '200Mi' }, requests: { cpu: '800m', memory: '200Mi' } });
    expect(cpuDone.status.containerStatuses[0]).toMatchObject({ allocatedResources: { cpu: '800m', memory: '200Mi' }, resources: { limits: { cpu: '800m', memory: '200Mi' }, requests: { cpu: '800m', memory: '200Mi' } }, restartCount: 0 });
    expect(condition(cpuDone, 'PodResizeInProgress')).toBeUndefined();
    expect(cpuDone.status.observedGeneration).toBe(2);

    // Example 2.
    expect((await run(patchLine('{"requests":{"memory":"300Mi"}, "limits":{"memory":"300Mi"}}'))).out).toBe('pod/resize-demo patched\n');
    cluster.advance(5_000);
    const memDone = pod(client);
    expect(memDone.status.containerStatuses[0]).toMatchObject({ resources: { limits: { cpu: '800m', memory: '300Mi' }, requests: { cpu: '800m', memory: '300Mi' } }, restartCount: 1, ready: true });
    const events = client.list('events', 'default').items.filter((e: Any) => e.involvedObject.name === 'resize-demo');
    // The restart's Killing message (kuberuntime computePodResizeAction) and ResizeCompleted's allocation summary.
    expect(events.filter((e: Any) => e.reason === 'Killing').map((e: Any) => e.message)).toEqual(['Container pause resize requires restart']);
    expect(events.filter((e: Any) => e.reason === 'ResizeCompleted').map((e: Any) => e.message)).toEqual([
      'Pod resize completed: {"containers":[{"name":"pause","resources":{"limits":{"cpu":"800m","memory":"200Mi"},"requests":{"cpu":"800m","memory":"200Mi"}}}]}',
      'Pod resize completed: {"containers":[{"name":"pause","resources":{"limits":{"cpu":"800m","memory":"300Mi"},"requests":{"cpu":"800m","memory":"300Mi"}}}]}',
    ]);

    // Troubleshooting: an infeasible request (1000 cores on a node of 2).
    expect((await run(patchLine('{"requests":{"cpu":"1000"}, "limits":{"cpu":"1000"}}'))).out).toBe('pod/resize-demo patched\n');
    cluster.advance(2_000);
    const infeasible = pod(client);
    expect(infeasible.spec.containers[0].resources.requests.cpu).toBe('1k');
    expect(infeasible.status.conditions[0]).toMatchObject({
      type: 'PodResizePending', status: 'True', reason: 'Infeasible', observedGeneration: 4,
      message: "Node didn't have enough capacity: cpu, requested: 1000000, capacity: 2000",
    });
    expect(typeof infeasible.status.conditions[0].lastProbeTime).toBe('string');
    expect(infeasible.status.containerStatuses[0]).toMatchObject({ resources: { limits: { cpu: '800m', memory: '300Mi' } }, allocatedResources: { cpu: '800m', memory: '300Mi' }, restartCount: 1 });

    // kubectl's own resource helper (describe node) counts an Infeasible resize at what is allocated, not the spec.
    expect((await run(`kubectl describe node ${infeasible.spec.nodeName}`)).out).toMatch(/\n {2}default +resize-demo +800m \(40%\) +1k \(50000%\) +300Mi /);

    // Patched back to what it has, the pending resize is gone.
    await run(patchLine('{"requests":{"cpu":"800m"}, "limits":{"cpu":"800m"}}'));
    cluster.advance(2_000);
    expect(condition(pod(client), 'PodResizePending')).toBeUndefined();
    const described = (await run('kubectl describe pod resize-demo')).out;
    expect(described).toMatch(/\n {2}Normal {2}ResizeCompleted {2}\S+ +kubelet +Pod resize completed: /);
  });

  it('kubectl: no client-side list of subresources in v1.35; the server answers the unknown ones and refuses bad resizes', async () => {
    const { run } = await podReady();
    expect((await run("kubectl patch pod resize-demo --subresource foo -p '{}'")).out).toBe('Error from server (NotFound): the server could not find the requested resource\n');
    expect((await run(patchLine('{"requests":{"cpu":"500m"}}'))).out)
      .toBe('The Pod "resize-demo" is invalid: spec: Invalid value: "Guaranteed": Pod QOS Class may not change as a result of resizing\n');
    // Not through the subresource: ValidatePodUpdate's refusal, resources not among what may change.
    expect((await run(`kubectl patch pod resize-demo --patch '{"spec":{"containers":[{"name":"pause", "resources":{"requests":{"cpu":"800m"}, "limits":{"cpu":"800m"}}}]}}'`)).out)
      .toMatch(/^The Pod "resize-demo" is invalid: spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`/);
    // The page's alternative: server-side apply of the changed manifest through the subresource. kubectl create
    // owns those fields, so the apply meets its conflicts unless it takes them over.
    expect((await run("sed -i 's/700m/900m/' pod-resize.yaml && kubectl apply -f pod-resize.yaml --subresource resize --server-side")).out)
      .toMatch(/^error: Apply failed with 2 conflicts: conflicts with "kubectl-create" using v1:\n- \.spec\.containers\[name="pause"\]\.resources\.limits\.cpu\n- \.spec\.containers\[name="pause"\]\.resources\.requests\.cpu\n/);
    expect((await run('kubectl apply -f pod-resize.yaml --subresource resize --server-side --force-conflicts')).out).toBe('pod/resize-demo serverside-applied\n');
    expect((await run("kubectl get pod resize-demo -o jsonpath='{.spec.containers[0].resources.limits.cpu}'")).out).toBe('900m');
    expect((await run('kubectl apply -f pod-resize.yaml --subresource resize')).out).toBe('error: --subresource can only be specified for --server-side\n');
    expect((await run("kubectl get --raw /api/v1 | grep -o '{\"name\":\"pods/resize\"[^}]*}'")).out)
      .toBe('{"name":"pods/resize","singularName":"","namespaced":true,"kind":"Pod","verbs":["get","patch","update"]}\n');
  });

  it('a resize that does not fit now is Deferred, and a pending pod schedules once a running one is scaled down', async () => {
    const { run, client, cluster } = await interactiveSession();
    const pin = (name: string, cpu: string, how: string) => `kubectl run ${name} --image=registry.k8s.io/pause:3.8 --overrides='{"spec":{${how},"containers":[{"name":"${name}","image":"registry.k8s.io/pause:3.8","resources":{"requests":{"cpu":"${cpu}"}}}]}}'`;
    await run(pin('big', '1500m', '"nodeName":"worker-1"'));
    cluster.advance(5_000);
    await run(pin('small', '800m', '"nodeSelector":{"kubernetes.io/hostname":"worker-1"}'));
    cluster.advance(5_000);
    expect((client.get('pods', 'default', 'small') as Any).spec.nodeName).toBeUndefined();
    // What the node's other pods were allocated (its CNI DaemonSet pod's 100m).
    const used = (client.list('pods', '').items as Any[])
      .filter((p) => p.spec.nodeName === 'worker-1' && p.metadata.name !== 'big')
      .reduce((n, p) => n + p.spec.containers.reduce((m: number, c: Any) => m + (c.resources?.requests?.cpu ? parseInt(c.resources.requests.cpu, 10) : 0), 0), 0);
    expect(used).toBe(100);
    await run(`kubectl patch pod big --subresource resize -p '{"spec":{"containers":[{"name":"big","resources":{"requests":{"cpu":"2"}}}]}}'`);
    cluster.advance(2_000);
    expect(condition(pod2(client, 'big'), 'PodResizePending')).toMatchObject({
      reason: 'Deferred', message: `Node didn't have enough resource: cpu, requested: 2000, used: ${used}, capacity: 2000`,
    });
    await run(`kubectl patch pod big --subresource resize -p '{"spec":{"containers":[{"name":"big","resources":{"requests":{"cpu":"500m"}}}]}}'`);
    cluster.advance(10_000);
    expect(pod2(client, 'big').status.containerStatuses[0].allocatedResources).toEqual({ cpu: '500m' });
    expect((client.get('pods', 'default', 'small') as Any).spec.nodeName).toBe('worker-1');
  });
});

function pod2(client: Any, name: string): Any {
  return client.get('pods', 'default', name);
}
