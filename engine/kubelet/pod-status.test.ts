import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Container } from 'kubernetes-types/core/v1';
import { computePodStatus, containerStatusJSON, podPhase, qosClass, type ContainerView, sameStatus, statusResources, statusUser, statusVolumeMounts, type PodView } from './pod-status.js';

const T = Date.UTC(2026, 0, 1, 0, 0, 10);

describe('pod status pieces', () => {
  it('a container status has no members for what is unset (JSON omitempty), in the same order as always', () => {
    const s = containerStatusJSON({
      name: 'c', init: false, image: 'docker.io/library/busybox:1.36', imageID: 'docker.io/library/busybox@sha256:ab', restartCount: 1, ready: false, started: false,
      containerID: 'c2', terminated: { exitCode: 1, reason: 'Error', startedAt: T, finishedAt: T + 1000, containerID: 'c2' },
      lastTerminated: { exitCode: 137, reason: 'OOMKilled', message: 'oom', startedAt: T - 5000, finishedAt: T - 4000, containerID: '' },
    });
    expect(Object.keys(s)).toEqual(['containerID', 'image', 'imageID', 'lastState', 'name', 'ready', 'restartCount', 'started', 'state']);
    expect(JSON.stringify(s.state)).toBe('{"terminated":{"containerID":"containerd://c2","exitCode":1,"finishedAt":"2026-01-01T00:00:11Z","reason":"Error","startedAt":"2026-01-01T00:00:10Z"}}');
    expect(JSON.stringify(s.lastState)).toBe('{"terminated":{"exitCode":137,"finishedAt":"2026-01-01T00:00:06Z","message":"oom","reason":"OOMKilled","startedAt":"2026-01-01T00:00:05Z"}}');
    const waiting = containerStatusJSON({ name: 'c', init: false, image: 'nginx:1.25', imageID: '', restartCount: 0, ready: false, started: false, waiting: { reason: 'ContainerCreating' } });
    expect(Object.keys(waiting)).toEqual(['image', 'imageID', 'lastState', 'name', 'ready', 'restartCount', 'started', 'state']);
    expect(waiting.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
  });

  it("a sidecar holds the pod Pending until it has started; running beside the app it is Running (getPhase's restartable init containers)", () => {
    const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { initContainers: [{ name: 'side', image: 'alpine:3', restartPolicy: 'Always' }], containers: [{ name: 'app', image: 'nginx' }] } };
    const c = (name: string, init: boolean, state: 'running' | 'waiting' | 'created', started = state === 'running'): ContainerView => ({
      name, init, image: 'x', imageID: 'x', restartCount: 0, ready: started, started,
      ...(state === 'running' ? { running: { startedAt: T } } : state === 'waiting' ? { waiting: { reason: 'ContainerCreating' } } : {}),
    });
    const view = (side: ContainerView, app: ContainerView): PodView => ({ sandboxReady: true, podIP: '10.244.1.2', hostIP: '172.18.0.3', startTime: T, initContainers: [side], containers: [app] });
    expect(podPhase(pod, view(c('side', true, 'waiting'), c('app', false, 'waiting')))).toBe('Pending');
    expect(podPhase(pod, view(c('side', true, 'running', false), c('app', false, 'waiting')))).toBe('Pending');
    expect(podPhase(pod, view(c('side', true, 'running'), c('app', false, 'waiting')))).toBe('Pending');
    expect(podPhase(pod, view(c('side', true, 'running'), c('app', false, 'running')))).toBe('Running');
    // A sidecar restarting after the app has run does not take the pod back to Pending.
    expect(podPhase(pod, view({ ...c('side', true, 'waiting'), lastTerminated: { exitCode: 1, reason: 'Error', startedAt: T, finishedAt: T, containerID: '' } }, c('app', false, 'running')))).toBe('Running');
    // A plain init container still running keeps it Pending.
    const plain: Pod = { ...pod, spec: { ...pod.spec!, initContainers: [{ name: 'side', image: 'alpine:3' }] } };
    expect(podPhase(plain, view(c('side', true, 'running'), c('app', false, 'waiting')))).toBe('Pending');
  });

  it('the QoS class follows the spec it is asked about', () => {
    const spec = (requests?: Record<string, string>, limits?: Record<string, string>): Pod => ({ spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests, limits } }] } });
    const best = spec();
    expect(qosClass(best)).toBe('BestEffort');
    expect(qosClass(best)).toBe('BestEffort');
    expect(qosClass(spec({ cpu: '100m' }))).toBe('Burstable');
    expect(qosClass(spec({ cpu: '100m', memory: '64Mi' }, { cpu: '100m', memory: '64Mi' }))).toBe('Guaranteed');
    expect(qosClass({ ...best, spec: { ...best.spec!, containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } })).toBe('Guaranteed');
  });

  it('keeps the conditions the kubelet does not own ahead of its own (mergePodStatus), such as a taint eviction\'s DisruptionTarget', () => {
    const disruption = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: '2026-01-01T00:00:05Z' };
    const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, status: { conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }, disruption] } };
    const v: PodView = { sandboxReady: true, podIP: '10.244.1.2', hostIP: '172.18.0.3', startTime: T, containers: [{ name: 'c', init: false, image: 'docker.io/library/nginx:1.25', imageID: 'x', containerID: 'c1', restartCount: 0, ready: true, started: true, running: { startedAt: T } }], initContainers: [] };
    const types = (s: Record<string, unknown>) => (s.conditions as { type: string }[]).map((c) => c.type);
    const s = computePodStatus(pod, v, T + 1000);
    expect(types(s)).toEqual(['DisruptionTarget', 'PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    expect((s.conditions as unknown[])[0]).toBe(disruption);
    expect(types(computePodStatus({ ...pod, status: { conditions: [pod.status!.conditions![0]] } }, v, T + 1000))).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  });

  it('two computed statuses are the same exactly when their JSON is', () => {
    const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, status: { conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] } };
    const view = (over: Partial<PodView> = {}, ready = true): PodView => ({
      sandboxReady: true, podIP: '10.244.1.2', hostIP: '172.18.0.3', startTime: T,
      containers: [{ name: 'c', init: false, image: 'docker.io/library/nginx:1.25', imageID: 'x', containerID: 'c1', restartCount: 0, ready, started: true, running: { startedAt: T } }],
      initContainers: [], ...over,
    });
    const a = computePodStatus(pod, view(), T + 1000);
    const variants = [
      computePodStatus(pod, view(), T + 1000),
      computePodStatus(pod, view(), T + 5000),
      computePodStatus(pod, view({}, false), T + 1000),
      computePodStatus(pod, view({ podIP: undefined }), T + 1000),
      computePodStatus(pod, view({ startTime: T + 1000 }), T + 1000),
      computePodStatus(pod, view({ containers: [] }), T + 1000),
      { ...a, extra: null },
      { ...a, conditions: [...(a.conditions as unknown[]), {}] },
      { ...a, hostIPs: {} },
    ];
    for (const b of variants) {
      expect(sameStatus(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      expect(sameStatus(b, a)).toBe(JSON.stringify(a) === JSON.stringify(b));
    }
    expect(variants.filter((b) => sameStatus(a, b)).length).toBe(1);
  });

  it('shares what is the same between pods and versions (frozen), and the JSON stays what it was', () => {
    const ready = { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:05Z' };
    const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' };
    // A condition written by someone else, with a member the kubelet does not write: rebuilt, not kept.
    const initialized = { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:04Z', observedGeneration: 1 };
    const pod = (name: string, conditions: object[]): Pod => ({ metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, status: { conditions: conditions as never } });
    const view = (ip: string): PodView => ({
      sandboxReady: true, podIP: ip, hostIP: '172.18.0.3', startTime: T,
      containers: [{ name: 'c', init: false, image: 'docker.io/library/nginx:1.25', imageID: 'x', containerID: ip, restartCount: 0, ready: true, started: true, running: { startedAt: T } }],
      initContainers: [],
    });
    const a = computePodStatus(pod('a', [scheduled, ready, initialized]), view('10.244.1.2'), T + 1000) as Record<string, never>;
    const b = computePodStatus(pod('b', [scheduled]), view('10.244.1.3'), T + 1000) as Record<string, never>;
    const conditions = (s: Record<string, never>) => s.conditions as Record<string, unknown>[];
    expect(conditions(a)[2]).toBe(ready);
    expect(conditions(a)[4]).toBe(scheduled);
    expect(JSON.stringify(conditions(a)[1])).toBe('{"type":"Initialized","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:04Z"}');
    expect(JSON.stringify(conditions(b)[2])).toBe('{"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:11Z"}');
    // Made in the same second on the same node: one object each for both pods.
    expect(conditions(b)[0]).toBe(conditions(a)[0]);
    expect(b.hostIPs).toBe(a.hostIPs);
    expect(JSON.stringify(b.hostIPs)).toBe('[{"ip":"172.18.0.3"}]');
    const state = (s: Record<string, never>) => (s.containerStatuses as Record<string, unknown>[])[0];
    expect(state(b).state).toBe(state(a).state);
    expect(state(b).lastState).toBe(state(a).lastState);
    expect(JSON.stringify(state(b))).toBe('{"containerID":"containerd://10.244.1.3","image":"docker.io/library/nginx:1.25","imageID":"x","lastState":{},"name":"c","ready":true,"restartCount":0,"started":true,"state":{"running":{"startedAt":"2026-01-01T00:00:10Z"}}}');
    for (const shared of [conditions(b)[0], conditions(b)[2], b.hostIPs, state(b).state, state(b).lastState]) expect(Object.isFrozen(shared)).toBe(true);
  });
});

// pkg/kubelet/kubelet_pods.go (release-1.35) convertToAPIContainerStatuses and generateAPIPodStatus, with the
// feature gates at their 1.35 defaults: RecursiveReadOnlyMounts, InPlacePodVerticalScaling,
// SupplementalGroupsPolicy and PodObservedGenerationTracking on; ContainerStopSignals and
// InPlacePodLevelResourcesVerticalScaling (the pod-level status.resources) off.
describe('what a v1.35 kubelet adds to a container status', () => {
  const ctr = (over: Partial<Container> = {}): Container => ({ name: 'c', image: 'nginx', ...over });

  it('volumeMounts: the spec\'s, in its order; a read-only one says whether it is recursively read-only', () => {
    const spec = ctr({ volumeMounts: [
      { name: 'data', mountPath: '/data' },
      { name: 'token', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
      { name: 'cfg', mountPath: '/cfg', readOnly: true, recursiveReadOnly: 'IfPossible' },
      { name: 'ro', mountPath: '/ro', readOnly: true, recursiveReadOnly: 'Enabled' },
      { name: 'off', mountPath: '/off', readOnly: true, recursiveReadOnly: 'Disabled' },
      { name: 'prop', mountPath: '/prop', readOnly: true, recursiveReadOnly: 'IfPossible', mountPropagation: 'HostToContainer' },
    ] });
    const list = statusVolumeMounts(spec);
    expect(JSON.stringify(list)).toBe(JSON.stringify([
      { name: 'data', mountPath: '/data' },
      { name: 'token', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true, recursiveReadOnly: 'Disabled' },
      { name: 'cfg', mountPath: '/cfg', readOnly: true, recursiveReadOnly: 'Enabled' },
      { name: 'ro', mountPath: '/ro', readOnly: true, recursiveReadOnly: 'Enabled' },
      { name: 'off', mountPath: '/off', readOnly: true, recursiveReadOnly: 'Disabled' },
      // resolveRecursiveReadOnly refuses it with propagation: logged, and Disabled stays.
      { name: 'prop', mountPath: '/prop', readOnly: true, recursiveReadOnly: 'Disabled' },
    ]));
    // Made once per spec: every status written for it holds the same frozen list.
    expect(statusVolumeMounts(spec)).toBe(list);
    expect(Object.isFrozen(list)).toBe(true);
    expect(statusVolumeMounts(ctr())).toBeUndefined();
    expect(statusVolumeMounts(ctr({ volumeMounts: [] }))).toBeUndefined();
  });

  it('resources: the spec\'s while not running; running, what containerd reports of the cgroup where it says more', () => {
    const spec = ctr({ resources: { requests: { cpu: '250m', memory: '64Mi', 'ephemeral-storage': '1Gi' }, limits: { cpu: '1500m', memory: '1G' } } });
    expect(statusResources(spec, false)).toBe(spec.resources);
    expect(statusResources(spec, true)).toEqual({
      // The memory limit comes back from memory.max in bytes (resource.NewQuantity BinarySI): 1G is not a whole number of Ki.
      limits: { cpu: '1500m', memory: '1000000000' },
      requests: { cpu: '250m', memory: '64Mi', 'ephemeral-storage': '1Gi' },
    });
    expect(statusResources(spec, true)).toBe(statusResources(spec, true));
    expect(statusResources(ctr({ resources: { requests: { cpu: '1' }, limits: { cpu: '1', memory: '134217728' } } }), true)).toEqual({ limits: { cpu: '1', memory: '128Mi' }, requests: { cpu: '1' } });
    // CPU comes back as canonical millicores; at or under the least the cgroup holds (2m of shares, 10m of CFS quota) the spec's value stays.
    expect(statusResources(ctr({ resources: { requests: { cpu: '0.5' }, limits: { cpu: 1 as never } } }), true)).toEqual({ limits: { cpu: '1' }, requests: { cpu: '500m' } });
    expect(statusResources(ctr({ resources: { requests: { cpu: '0.002' }, limits: { cpu: '0.005' } } }), true)).toEqual({ limits: { cpu: '0.005' }, requests: { cpu: '0.002' } });
    expect(statusResources(ctr({ resources: { requests: { cpu: '0.003' }, limits: { cpu: '0.011' } } }), true)).toEqual({ limits: { cpu: '11m' }, requests: { cpu: '3m' } });
    const plain = ctr({ resources: { requests: { memory: '64Mi' } } });
    expect(statusResources(plain, true)).toBe(plain.resources);
    expect(JSON.stringify(statusResources(ctr({ resources: {} }), true))).toBe('{}');
    expect(JSON.stringify(statusResources(ctr(), false))).toBe('{}');
  });

  it('user: uid, gid and the sorted additional gids, one frozen object for equal ones', () => {
    const u = statusUser(1000, 3000, [2000, 3000, 4000, 50000]);
    expect(JSON.stringify(u)).toBe('{"linux":{"uid":1000,"gid":3000,"supplementalGroups":[2000,3000,4000,50000]}}');
    expect(statusUser(1000, 3000, [2000, 3000, 4000, 50000])).toBe(u);
    expect(statusUser(0, 0, [0])).not.toBe(u);
    expect(Object.isFrozen((u as { linux: object }).linux)).toBe(true);
  });

  it('a container status lists them in encoding/json\'s place only when set', () => {
    const base = { name: 'c', init: false, image: 'nginx:1.25', imageID: '', restartCount: 0, ready: false, started: false } as const;
    const mounts = statusVolumeMounts(ctr({ volumeMounts: [{ name: 'v', mountPath: '/v' }] }));
    // Never created (an image that cannot be pulled): the mounts, nothing the runtime would report.
    const waiting = containerStatusJSON({ ...base, waiting: { reason: 'ErrImagePull' }, volumeMounts: mounts });
    expect(Object.keys(waiting)).toEqual(['image', 'imageID', 'lastState', 'name', 'ready', 'restartCount', 'started', 'state', 'volumeMounts']);
    const running = containerStatusJSON({ ...base, containerID: 'c1', running: { startedAt: T }, volumeMounts: mounts, resources: {}, allocatedResources: { cpu: '1' }, user: statusUser(0, 0, [0]) });
    expect(Object.keys(running)).toEqual(['containerID', 'image', 'imageID', 'lastState', 'name', 'ready', 'restartCount', 'started', 'state', 'allocatedResources', 'resources', 'volumeMounts', 'user']);
  });
});

describe('observedGeneration (PodObservedGenerationTracking, GA in 1.35)', () => {
  const view: PodView = { sandboxReady: true, podIP: '10.244.1.2', hostIP: '172.18.0.3', startTime: T, containers: [{ name: 'c', init: false, image: 'docker.io/library/nginx:1.25', imageID: 'x', containerID: 'c1', restartCount: 0, ready: true, started: true, running: { startedAt: T } }], initContainers: [] };
  const bound = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' };
  const taint = { type: 'DisruptionTarget', observedGeneration: 1, status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:05Z', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
  const pod = (generation: number | undefined, conditions: object[]): Pod => ({ metadata: { name: 'p', namespace: 'default', generation }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, status: { conditions: conditions as never } });

  it('the status and every condition the kubelet makes carry the generation it saw; the binding\'s PodScheduled keeps its time', () => {
    const s = computePodStatus(pod(3, [taint, bound]), view, T + 1000);
    expect(s.observedGeneration).toBe(3);
    const conds = s.conditions as Record<string, unknown>[];
    expect(conds.map((c) => [c.type, c.observedGeneration])).toEqual([['DisruptionTarget', 1], ['PodReadyToStartContainers', 3], ['Initialized', 3], ['Ready', 3], ['ContainersReady', 3], ['PodScheduled', 3]]);
    // Someone else's condition is kept as it is.
    expect(conds[0]).toBe(taint);
    expect(JSON.stringify(conds[5])).toBe('{"type":"PodScheduled","observedGeneration":3,"status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:00Z"}');
    // A condition already written for this generation is kept; a new generation makes it again.
    const again = computePodStatus({ ...pod(3, []), status: s as never }, view, T + 2000);
    expect((again.conditions as unknown[])[5]).toBe(conds[5]);
    const next = computePodStatus({ ...pod(4, []), status: s as never }, view, T + 2000);
    expect((next.conditions as Record<string, unknown>[]).map((c) => c.observedGeneration)).toEqual([1, 4, 4, 4, 4, 4]);
    expect((next.conditions as Record<string, unknown>[])[5].lastTransitionTime).toBe('2026-01-01T00:00:00Z');
  });

  it('an eviction\'s DisruptionTarget carries the pod\'s generation too (the eviction manager\'s pod.Generation)', () => {
    const s = computePodStatus(pod(2, [bound]), { ...view, evicted: { message: 'The node was low on resource: memory.' } }, T + 1000);
    expect(JSON.stringify((s.conditions as unknown[])[0])).toBe('{"type":"DisruptionTarget","observedGeneration":2,"status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:11Z","reason":"TerminationByKubelet","message":"The node was low on resource: memory."}');
  });

  it('a pod without a generation gets none', () => {
    const s = computePodStatus(pod(undefined, [bound]), view, T + 1000);
    expect('observedGeneration' in s).toBe(false);
    expect((s.conditions as object[]).some((c) => 'observedGeneration' in c)).toBe(false);
  });
});
