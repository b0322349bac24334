import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';
import { firstProbeDelay } from '../../engine/kubelet/probes.js';

type Status = { phase?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { restartCount: number; ready: boolean }[] };
const pod = (name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'worker-2', ...spec } });
const events = (client: ReturnType<Cluster['client']>, name: string) =>
  client.list('events', 'default').items.filter((e) => (e.involvedObject as { name: string }).name === name).map((e) => ({ reason: e.reason as string, message: e.message as string }));

describe('probes', () => {
  it('a failing readiness probe makes the pod not Ready', () => {
    const c = new Cluster({ seed: 5, bootAgeMs: 10_000 }).boot();
    const client = c.client();
    client.create('pods', 'default', pod('web', { containers: [{ name: 'nginx', image: 'nginx:1.25', readinessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5 } }] }));
    c.advance(60_000);
    const s = client.get('pods', 'default', 'web').status as Status;
    expect(s.phase).toBe('Running');
    expect(s.conditions!.find((x) => x.type === 'Ready')!.status).toBe('False');
    expect(s.containerStatuses![0].ready).toBe(false);
    expect(events(client, 'web')).toContainEqual({ reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 404' });
    expect(c.clock.errors).toEqual([]);
  });

  it('a failing liveness probe restarts the container with the real events', () => {
    const c = new Cluster({ seed: 5, bootAgeMs: 10_000 }).boot();
    const client = c.client();
    client.create('pods', 'default', pod('liveness-exec', { containers: [{
      name: 'liveness', image: 'registry.k8s.io/busybox:1.27.2',
      args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
      livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
    }] }));
    c.advance(25_000);
    expect((client.get('pods', 'default', 'liveness-exec').status as Status).containerStatuses![0].restartCount).toBe(0);
    expect(c.clock.runUntil(() => ((client.get('pods', 'default', 'liveness-exec').status as Status).containerStatuses![0].restartCount) === 1, 120_000)).toBe(true);
    const ev = events(client, 'liveness-exec');
    expect(ev).toContainEqual({ reason: 'Unhealthy', message: "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n" });
    expect(ev).toContainEqual({ reason: 'Killing', message: 'Container liveness failed liveness probe, will be restarted' });
  });

  it('a liveness probe first runs on its worker\'s tick, not as the container starts: nginx with failureThreshold 1 keeps running', () => {
    // The prober's workers start with the pod and tick every periodSeconds from then (pkg/kubelet/prober/worker.go);
    // only readiness is also triggered at once (UpdatePodStatus). nginx listens a moment after its start, so a probe at
    // the start itself was refused, and with failureThreshold 1 the container was killed at every start, for ever.
    const c = new Cluster({ seed: 5, bootAgeMs: 10_000 }).boot();
    const client = c.client();
    client.create('pods', 'default', pod('web', { containers: [{ name: 'nginx', image: 'nginx:1.26',
      livenessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5, failureThreshold: 1 } }] }));
    c.advance(60_000);
    const s = client.get('pods', 'default', 'web').status as Status;
    expect(s.containerStatuses![0]).toMatchObject({ ready: true, restartCount: 0 });
    expect(events(client, 'web').filter((e) => e.reason === 'Unhealthy' || e.reason === 'Killing')).toEqual([]);
    expect(c.clock.errors).toEqual([]);
  });

  it('firstProbeDelay: liveness on the ticks from the worker\'s start, readiness (and startup, for now) at once or after its initial delay', () => {
    // Worker started at 1,000 ms, period 5 s; the container started at 4,200 ms: the tick at 6,000 ms is 1,800 ms later.
    expect(firstProbeDelay('liveness', 1_000, 4_200, 5_000, 0)).toBe(1_800);
    expect(firstProbeDelay('startup', 1_000, 4_200, 5_000, 10_000)).toBe(10_000);
    // A container started on a tick is first probed on the next one; a restart keeps the pod's phase.
    expect(firstProbeDelay('liveness', 1_000, 6_000, 5_000, 0)).toBe(5_000);
    expect(firstProbeDelay('liveness', 1_000, 73_500, 5_000, 0)).toBe(2_500);
    expect(firstProbeDelay('readiness', 1_000, 4_200, 5_000, 0)).toBe(0);
    expect(firstProbeDelay('readiness', 1_000, 4_200, 5_000, 15_000)).toBe(15_000);
  });

  it('an injected readiness failure flips Ready and clearing it restores it', () => {
    const c = new Cluster({ seed: 5, bootAgeMs: 10_000 }).boot();
    const client = c.client();
    client.create('pods', 'default', pod('api', { containers: [{ name: 'app', image: 'nginx:1.25', readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 2, failureThreshold: 1 } }] }));
    c.advance(20_000);
    const ready = () => (client.get('pods', 'default', 'api').status as Status).conditions!.find((x) => x.type === 'Ready')!.status;
    expect(ready()).toBe('True');
    expect(c.kubelets.get('worker-2')!.inject('default', 'api', 'app', { failReadiness: true })).toBe(true);
    c.advance(5_000);
    expect(ready()).toBe('False');
    c.kubelets.get('worker-2')!.inject('default', 'api', 'app', { failReadiness: false });
    c.advance(5_000);
    expect(ready()).toBe('True');
  });
});
