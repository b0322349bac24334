import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';

type Status = { phase?: string; containerStatuses?: { restartCount: number; state: Record<string, { reason?: string; exitCode?: number; startedAt?: string; message?: string }>; lastState: Record<string, { reason?: string; exitCode?: number }>; ready: boolean }[]; conditions?: { type: string; status: string }[] };

function boot() {
  const c = new Cluster({ seed: 11, bootAgeMs: 10_000 }).boot();
  return { c, client: c.client() };
}
function pod(name: string, spec: Record<string, unknown>): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'worker-1', ...spec } };
}
const st = (client: ReturnType<Cluster['client']>, name: string) => (client.get('pods', 'default', name).status ?? {}) as Status;
function events(client: ReturnType<Cluster['client']>, name: string): { reason: string; message: string }[] {
  return client.list('events', 'default').items.filter((e) => (e.involvedObject as { name: string }).name === name).map((e) => ({ reason: e.reason as string, message: e.message as string }));
}

describe('pods on the kubelet', () => {
  it('a bad tag reaches ErrImagePull then ImagePullBackOff, and recovers with a good image', () => {
    const { c, client } = boot();
    client.create('pods', 'default', pod('bad', { containers: [{ name: 'web', image: 'nginx:1.255' }] }));
    const waitReason = () => st(client, 'bad').containerStatuses?.[0]?.state.waiting?.reason;
    expect(c.clock.runUntil(() => waitReason() === 'ErrImagePull', 30_000)).toBe(true);
    expect(c.clock.runUntil(() => waitReason() === 'ImagePullBackOff', 30_000)).toBe(true);
    const ev = events(client, 'bad');
    expect(ev).toContainEqual({ reason: 'Failed', message: 'Failed to pull image "nginx:1.255": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.255": failed to resolve image: docker.io/library/nginx:1.255: not found' });
    expect(ev).toContainEqual({ reason: 'Failed', message: 'Error: ErrImagePull' });
    expect(ev).toContainEqual({ reason: 'BackOff', message: 'Back-off pulling image "nginx:1.255"' });
    expect(ev).toContainEqual({ reason: 'Failed', message: 'Error: ImagePullBackOff' });
    // The image field of a pod may be changed in place (kubectl set image).
    const cur = client.get('pods', 'default', 'bad');
    const next = JSON.parse(JSON.stringify(cur));
    next.spec.containers[0].image = 'nginx:1.25';
    client.update('pods', next);
    expect(c.clock.runUntil(() => st(client, 'bad').phase === 'Running', 400_000)).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });

  it('a pod whose image is fixed in place keeps showing the last pull failure until the new container starts', () => {
    const { c, client } = boot();
    client.create('pods', 'default', pod('bad', { containers: [{ name: 'bad', image: 'nginx:9.99' }] }));
    c.advance(40_000);
    const before = st(client, 'bad').containerStatuses?.[0]?.state.waiting?.reason;
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(before);
    const next = JSON.parse(JSON.stringify(client.get('pods', 'default', 'bad')));
    next.spec.containers[0].image = 'nginx:1.25';
    client.update('pods', next);
    // kubelet's reasonCache keeps a start failure until a start succeeds, and the status of a sync is generated
    // before that sync pulls and starts: the new image's pull shows the old failure, never ContainerCreating.
    const seen: string[] = [];
    expect(c.clock.runUntil(() => {
      const s = st(client, 'bad');
      const w = s.containerStatuses?.[0]?.state.waiting?.reason;
      if (w && seen[seen.length - 1] !== w) seen.push(w);
      return s.phase === 'Running';
    }, 60_000)).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    for (const reason of seen) expect(['ErrImagePull', 'ImagePullBackOff']).toContain(reason);
    expect(c.clock.errors).toEqual([]);
  });

  it('exit 1 restarts after 10 s, 20 s, 40 s (plus the pod worker\'s jitter) with CrashLoopBackOff between', () => {
    const { c, client } = boot();
    client.create('pods', 'default', pod('crash', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] }));
    const starts: number[] = [];
    let seenCrashLoop = false;
    let last = -1;
    c.clock.runUntil(() => {
      const s = st(client, 'crash').containerStatuses?.[0];
      if (!s) return false;
      if (s.state.waiting?.reason === 'CrashLoopBackOff') seenCrashLoop = true;
      if (s.restartCount !== last) { last = s.restartCount; starts.push(c.clock.now()); }
      return s.restartCount >= 4;
    }, 600_000);
    expect(seenCrashLoop).toBe(true);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    // restart 1 follows the first exit at once; then the back-off doubles. The sync that finds the container in
    // back-off requeues the pod worker until the back-off expires, jittered by up to half of that wait
    // (pod_workers.go completeWork: wait.Jitter(backoff, 0.5)), and the sync loop's 1 s tick picks it up; the exit
    // itself is seen at PLEG's next 1 s relist. So a back-off of b restarts between b and 1.5·b + 2 s after the last run.
    expect(gaps[1]).toBeGreaterThanOrEqual(10_000); expect(gaps[1]).toBeLessThan(17_000);
    expect(gaps[2]).toBeGreaterThanOrEqual(20_000); expect(gaps[2]).toBeLessThan(32_000);
    expect(gaps[3]).toBeGreaterThanOrEqual(40_000); expect(gaps[3]).toBeLessThan(62_000);
    const s = st(client, 'crash').containerStatuses![0];
    expect(s.lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 1 });
    const uid = client.get('pods', 'default', 'crash').metadata.uid;
    expect(events(client, 'crash')).toContainEqual({ reason: 'BackOff', message: `Back-off restarting failed container c in pod crash_default(${uid})` });
  });

  it('memory over the limit is OOMKilled (137) and a pod with a higher limit runs', () => {
    const { c, client } = boot();
    const spec = (limit: string) => ({ containers: [{ name: 'memory-demo-ctr', image: 'polinux/stress', command: ['stress'], args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'], resources: { limits: { memory: limit }, requests: { memory: '50Mi' } } }] });
    client.create('pods', 'default', pod('oom', spec('100Mi')));
    expect(c.clock.runUntil(() => st(client, 'oom').containerStatuses?.[0]?.lastState.terminated?.reason === 'OOMKilled' || st(client, 'oom').containerStatuses?.[0]?.state.terminated?.reason === 'OOMKilled', 60_000)).toBe(true);
    const s = st(client, 'oom').containerStatuses![0];
    expect((s.lastState.terminated ?? s.state.terminated)!.exitCode).toBe(137);
    client.create('pods', 'default', pod('ok', spec('300Mi')));
    c.advance(60_000);
    expect(st(client, 'ok').phase).toBe('Running');
    expect(st(client, 'ok').containerStatuses![0].restartCount).toBe(0);
  });

  it('a missing ConfigMap gives CreateContainerConfigError until it exists', async () => {
    const { c, client } = boot();
    client.create('pods', 'default', pod('cfg', { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], envFrom: [{ configMapRef: { name: 'app-config' } }] }] }));
    expect(c.clock.runUntil(() => st(client, 'cfg').containerStatuses?.[0]?.state.waiting?.reason === 'CreateContainerConfigError', 30_000)).toBe(true);
    expect(st(client, 'cfg').containerStatuses![0].state.waiting!.message).toBe('configmap "app-config" not found');
    expect(events(client, 'cfg')).toContainEqual({ reason: 'Failed', message: 'Error: configmap "app-config" not found' });
    client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { MODE: 'prod' } });
    expect(c.clock.runUntil(() => st(client, 'cfg').phase === 'Running', 60_000)).toBe(true);
    const k = c.kubelets.get('worker-1')!;
    expect((await k.exec('default', 'cfg', 'app', ['printenv', 'MODE'])).stdout).toBe('prod\n');
  });

  it('sleep 3600 takes the whole grace period while nginx stops at once', () => {
    const { c, client } = boot();
    client.create('pods', 'default', pod('sleeper', { containers: [{ name: 's', image: 'busybox:1.36', command: ['sleep', '3600'] }] }));
    client.create('pods', 'default', pod('web', { containers: [{ name: 'nginx', image: 'nginx:1.25' }] }));
    expect(c.clock.runUntil(() => st(client, 'sleeper').phase === 'Running' && st(client, 'web').phase === 'Running', 60_000)).toBe(true);
    const t0 = c.clock.now();
    client.delete('pods', 'default', 'sleeper');
    client.delete('pods', 'default', 'web');
    expect(c.clock.runUntil(() => !client.tryGet('pods', 'default', 'web'), 60_000)).toBe(true);
    expect(c.clock.now() - t0).toBeLessThan(3_000);
    expect(client.tryGet('pods', 'default', 'sleeper')).toBeDefined();
    expect(c.clock.runUntil(() => !client.tryGet('pods', 'default', 'sleeper'), 60_000)).toBe(true);
    expect(c.clock.now() - t0).toBeGreaterThanOrEqual(30_000);
    expect(c.clock.now() - t0).toBeLessThan(33_000);
    expect(events(client, 'sleeper')).toContainEqual({ reason: 'Killing', message: 'Stopping container s' });
  });

  // kubelet.go SyncPod writes the status it generates before acting; pkg/kubelet/config makes the kubelet's own
  // status write coming back a RECONCILE, not a sync. So a pod that pulls and starts is written twice by the
  // kubelet: ContainerCreating (first sync, before the sandbox) and Running (after the pull), nothing in between.
  it('a plain pod gets two status writes from the kubelet: ContainerCreating, then Running', () => {
    const { c, client } = boot();
    const writes: string[] = [];
    c.store.onChange((e) => {
      const o = e.object as KObject | undefined;
      if (e.resource !== 'pods' || o?.metadata.name !== 'plain') return;
      const s = (o.status ?? {}) as Status;
      const cs = s.containerStatuses?.[0];
      writes.push(`${e.type} ${s.phase} ${cs ? Object.keys(cs.state)[0] + ':' + (cs.state.waiting?.reason ?? '') : ''}`);
    });
    client.create('pods', 'default', pod('plain', { containers: [{ name: 'web', image: 'nginx:1.25' }] }));
    c.advance(30_000);
    expect(writes).toEqual(['ADDED Pending ', 'MODIFIED Pending waiting:ContainerCreating', 'MODIFIED Running running:']);
    expect(c.clock.errors).toEqual([]);
  });

  // A label change is a real UPDATE (podsDifferSemantically): the pod is synced, finds nothing to change and
  // writes nothing; the API server's own write of the label is the only one.
  it('a label change syncs the pod without a status write when nothing changed', () => {
    const { c, client } = boot();
    client.create('pods', 'default', pod('lbl', { containers: [{ name: 'web', image: 'nginx:1.25' }] }));
    c.advance(30_000);
    expect(st(client, 'lbl').phase).toBe('Running');
    let writes = 0;
    c.store.onChange((e) => { if (e.resource === 'pods' && (e.object as KObject | undefined)?.metadata.name === 'lbl') writes++; });
    const cur = JSON.parse(JSON.stringify(client.get('pods', 'default', 'lbl')));
    cur.metadata.labels = { ...(cur.metadata.labels ?? {}), tier: 'web' };
    client.update('pods', cur);
    c.advance(30_000);
    expect(writes).toBe(1);
    expect(st(client, 'lbl').phase).toBe('Running');
    expect(c.clock.errors).toEqual([]);
  });
});
