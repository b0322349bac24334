/**
 * Pods on a node whose containerd is stopped. The texts: kuberuntime's SyncPod
 * ("Failed to create pod sandbox: %v", reason FailedCreatePodSandBox), the
 * prober's "%s probe errored and resulted in %s state: %s" (reason Unhealthy)
 * for a probe that could not run, and the gRPC error every CRI call returns
 * once containerd's socket is gone (cri-client v0.35 passes it on as is; the
 * same text a real kubelet logs in kubernetes/kubernetes#122180). What they
 * do: the sync loop dispatches pods until runtimeErrors reports something (up
 * to 30 s), then skips them; a pod worker whose sync failed waits for a PLEG
 * relist that does not succeed; the probe worker throws an errored result away
 * (worker.go doProbe: no failure counted, no restart); HTTP and TCP probes
 * dial the pod's IP and are not touched by the outage.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import type { KObject } from '../api/meta.js';
import { containerRuntimeStarted, containerRuntimeStopped } from './runtime-state.js';

const CRI_ERROR = 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /var/run/containerd/containerd.sock: connect: no such file or directory"';
type Status = { phase?: string; containerStatuses?: { restartCount: number; ready: boolean; state?: { waiting?: { reason?: string } } }[] };
const events = (c: Cluster, name: string) =>
  c.client().list('events', 'default').items.filter((e) => (e.involvedObject as { name: string }).name === name).map((e) => ({ reason: e.reason as string, message: e.message as string, count: e.count as number }));

describe('a pod that needs a new sandbox while containerd is stopped', () => {
  it('gets one FailedCreatePodSandBox from its first sync, waits, and starts once containerd is back', () => {
    const c = new Cluster({ seed: 11 }).boot();
    const client = c.client();
    const kubelet = c.kubelets.get('worker-1')!;
    containerRuntimeStopped(kubelet, c.clock.now());
    c.advance(1_000);
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'early' }, spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'nginx' }] } } as KObject);
    c.advance(60_000);
    const failed = events(c, 'early').filter((e) => e.reason === 'FailedCreatePodSandBox');
    expect(failed).toEqual([{ reason: 'FailedCreatePodSandBox', message: `Failed to create pod sandbox: ${CRI_ERROR}`, count: 1 }]);
    const st = client.get('pods', 'default', 'early').status as Status;
    expect(st.phase).toBe('Pending');
    expect(st.containerStatuses?.[0].state?.waiting?.reason).toBe('ContainerCreating');
    // No sandbox, so nothing of the pod in the runtime.
    expect([...kubelet.runtime.containers.values()].some((x) => x.opts.podName === 'early')).toBe(false);

    containerRuntimeStarted(kubelet, c.clock);
    expect(c.clock.runUntil(() => (client.get('pods', 'default', 'early').status as Status).phase === 'Running', 120_000)).toBe(true);
    expect(events(c, 'early').filter((e) => e.reason === 'FailedCreatePodSandBox')).toHaveLength(1);
    expect(c.clock.errors).toEqual([]);
  });
});

describe('probes while containerd is stopped', () => {
  it('an exec liveness probe errs every period without restarting the container; an HTTP readiness probe keeps it Ready', () => {
    const c = new Cluster({ seed: 5, bootAgeMs: 10_000 }).boot();
    const client = c.client();
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'probed' }, spec: { nodeName: 'worker-2', containers: [{
      name: 'web', image: 'nginx:1.25',
      livenessProbe: { exec: { command: ['cat', '/etc/hostname'] }, periodSeconds: 5, failureThreshold: 1 },
      readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5, failureThreshold: 1 },
    }] } } as KObject);
    const st = () => client.get('pods', 'default', 'probed').status as Status;
    expect(c.clock.runUntil(() => st().containerStatuses?.[0].ready === true, 60_000)).toBe(true);
    const before = events(c, 'probed').filter((e) => e.reason === 'Unhealthy').map((e) => e.message);
    c.advance(20_000);
    // (nginx may refuse the very first readiness probe before it listens; nothing fails once it runs.)
    expect(events(c, 'probed').filter((e) => e.reason === 'Unhealthy').map((e) => e.message)).toEqual(before);

    const kubelet = c.kubelets.get('worker-2')!;
    containerRuntimeStopped(kubelet, c.clock.now());
    c.advance(60_000);
    const unhealthy = events(c, 'probed').filter((e) => e.reason === 'Unhealthy' && !before.includes(e.message));
    expect(unhealthy.map((e) => e.message)).toEqual([`Liveness probe errored and resulted in unknown state: ${CRI_ERROR}`]);
    // Every 5 s, one event aggregated by the recorder.
    expect(unhealthy[0].count).toBeGreaterThanOrEqual(11);
    expect(events(c, 'probed').some((e) => e.reason === 'Killing')).toBe(false);
    expect(st().containerStatuses![0]).toMatchObject({ restartCount: 0, ready: true });

    // containerd back: the probe runs again and succeeds; no more errors are recorded.
    containerRuntimeStarted(kubelet, c.clock);
    c.advance(10_000);
    const errored = () => events(c, 'probed').find((e) => e.message.startsWith('Liveness probe errored'))!.count;
    const count = errored();
    c.advance(30_000);
    expect(errored()).toBe(count);
    expect(events(c, 'probed').filter((e) => e.reason === 'Unhealthy' && !before.includes(e.message))).toHaveLength(1);
    expect(st().containerStatuses![0]).toMatchObject({ restartCount: 0, ready: true });
    expect(c.clock.errors).toEqual([]);
  });
});
