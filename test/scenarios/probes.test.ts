import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';

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
