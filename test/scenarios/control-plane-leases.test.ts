/**
 * The control plane's Leases in kube-system, as a kubeadm v1.35 cluster has them: kube-controller-manager's,
 * kube-scheduler's and cloud-controller-manager's leader-election Leases (client-go's LeaseLock: 15 s,
 * renewed every 2 s) and kube-apiserver's identity Lease (3600 s, renewed every 10 s); what a restart does
 * to them, that a component that does not hold its Lease does nothing, and that one that loses it exits and is
 * restarted by its kubelet (cmd/kube-controller-manager/app/controllermanager.go, cmd/kube-scheduler/app/server.go:
 * OnStoppedLeading logs and klog.FlushAndExit(…, 1)).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { Client } from '../../engine/api/client.js';
import type { KObject } from '../../engine/api/meta.js';
import { apiserverID } from '../../engine/api/bootstrap/apiserver-identity.js';
import { lab } from '../../engine/shell/commands/node/test-lab.js';

const LEASES = 'leases.coordination.k8s.io';
interface Spec { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number }
const spec = (l: KObject) => l.spec as Spec;
const lease = (api: Client, name: string) => api.tryGet(LEASES, 'kube-system', name);
/** metav1.MicroTime: six fractional digits. */
const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const IDENTITY = /^control-plane_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ms = (t: string | undefined) => Date.parse(t ?? '');
const leaderEvents = (api: Client, name: string) => api.list('events', 'kube-system').items
  .filter((e) => e.reason === 'LeaderElection' && (e.involvedObject as { name?: string }).name === name);

function web(api: Client, replicas: number): void {
  api.create('deployments.apps', 'default', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  });
}
const replicaSetReplicas = (api: Client) => api.list('replicasets.apps', 'default').items.reduce((n, rs) => n + ((rs.spec as { replicas?: number }).replicas ?? 0), 0);

describe('the control plane\'s Leases', () => {
  it('are in kube-system after boot, with the fields, Events and renewals of a kubeadm cluster', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const api = c.client('test');
    const names = api.list(LEASES, 'kube-system').items.map((l) => l.metadata.name).sort();
    expect(names).toEqual(['apiserver-6vzvajxlkf7lcarzgdc4jnyaru', 'cloud-controller-manager', 'kube-controller-manager', 'kube-scheduler']);

    for (const name of ['kube-controller-manager', 'kube-scheduler', 'cloud-controller-manager']) {
      const l = lease(api, name)!;
      expect(l.metadata.labels).toBeUndefined();
      expect(Object.keys(spec(l)).sort()).toEqual(['acquireTime', 'holderIdentity', 'leaseDurationSeconds', 'leaseTransitions', 'renewTime']);
      expect(spec(l).holderIdentity).toMatch(IDENTITY);
      expect(spec(l)).toMatchObject({ leaseDurationSeconds: 15, leaseTransitions: 0 });
      expect(spec(l).acquireTime).toMatch(MICRO);
      expect(spec(l).renewTime).toMatch(MICRO);
      // Renewed every 2 s: at most one retry period old.
      expect(c.clock.now() - ms(spec(l).renewTime)).toBeLessThan(2_000);
      // One "became leader" Event, from the component's own recorder, about the Lease.
      const events = leaderEvents(api, name);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'Normal', message: `${spec(l).holderIdentity} became leader`,
        involvedObject: { kind: 'Lease', namespace: 'kube-system', name, uid: l.metadata.uid, apiVersion: 'coordination.k8s.io/v1' },
        source: { component: name === 'kube-scheduler' ? 'default-scheduler' : name },
      });
    }
    // Three processes, three identities.
    expect(new Set(['kube-controller-manager', 'kube-scheduler', 'cloud-controller-manager'].map((n) => spec(lease(api, n)!).holderIdentity)).size).toBe(3);

    const id = lease(api, 'apiserver-6vzvajxlkf7lcarzgdc4jnyaru')!;
    expect(id.metadata.labels).toEqual({ 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': 'control-plane' });
    expect(Object.keys(spec(id)).sort()).toEqual(['holderIdentity', 'leaseDurationSeconds', 'renewTime']);
    expect(spec(id).holderIdentity).toMatch(/^apiserver-6vzvajxlkf7lcarzgdc4jnyaru_[0-9a-f-]{36}$/);
    expect(spec(id).leaseDurationSeconds).toBe(3600);
    expect(c.clock.now() - ms(spec(id).renewTime)).toBeLessThan(10_400);

    // Renewals move renewTime and nothing else.
    const before = spec(lease(api, 'kube-controller-manager')!);
    c.advance(6_000);
    const after = spec(lease(api, 'kube-controller-manager')!);
    expect(ms(after.renewTime) - ms(before.renewTime)).toBe(6_000);
    expect({ ...after, renewTime: '' }).toEqual({ ...before, renewTime: '' });
    // The identity Lease: every 10 s, jittered by up to 4 %.
    const renewals = new Set<number>();
    for (let i = 0; i < 40; i++) { c.advance(1_000); renewals.add(ms(spec(lease(api, id.metadata.name!)!).renewTime)); }
    const times = [...renewals];
    expect(times.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < times.length; i++) {
      expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(10_000);
      expect(times[i] - times[i - 1]).toBeLessThanOrEqual(10_400);
    }
    expect(c.clock.errors).toEqual([]);
  });

  it('name the API server by a hash of its hostname, and leave out the cloud controller on bare metal', () => {
    expect(apiserverID('control-plane')).toBe('apiserver-6vzvajxlkf7lcarzgdc4jnyaru');
    const c = new Cluster({ seed: 4, profile: 'bare-metal', nodes: [{ name: 'cp-1', role: 'control-plane' }, { name: 'node-1' }] }).boot();
    const api = c.client('test');
    expect(api.list(LEASES, 'kube-system').items.map((l) => l.metadata.name).sort()).toEqual([apiserverID('cp-1'), 'kube-controller-manager', 'kube-scheduler']);
    expect(spec(lease(api, 'kube-scheduler')!).holderIdentity).toMatch(/^cp-1_/);
    expect(lease(api, apiserverID('cp-1'))!.metadata.labels?.['kubernetes.io/hostname']).toBe('cp-1');
  });

  it('keep a restarted kube-controller-manager idle until the old Lease has expired, then count a transition', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const api = c.client('test');
    web(api, 1);
    c.advance(10_000);
    expect(replicaSetReplicas(api)).toBe(1);
    const first = spec(lease(api, 'kube-controller-manager')!);

    c.stopComponent('kube-controller-manager');
    const stoppedAt = c.clock.now();
    api.patch('deployments.apps', 'default', 'web', 'merge', { spec: { replicas: 3 } });
    c.advance(30_000);
    // Nothing scaled, and the Lease was neither renewed nor released (no ReleaseOnCancel).
    expect(replicaSetReplicas(api)).toBe(1);
    const stale = spec(lease(api, 'kube-controller-manager')!);
    expect(stale.holderIdentity).toBe(first.holderIdentity);
    expect(stale.leaseDurationSeconds).toBe(15);
    expect(ms(stale.renewTime)).toBeLessThanOrEqual(stoppedAt);

    c.startComponent('kube-controller-manager');
    const startedAt = c.clock.now();
    // A new process judges the Lease from when it first sees it, whatever its renewTime says: 15 s of waiting.
    c.advance(14_000);
    expect(replicaSetReplicas(api)).toBe(1);
    expect(spec(lease(api, 'kube-controller-manager')!).holderIdentity).toBe(first.holderIdentity);
    expect(c.clock.runUntil(() => spec(lease(api, 'kube-controller-manager')!).holderIdentity !== first.holderIdentity, 10_000)).toBe(true);
    const taken = spec(lease(api, 'kube-controller-manager')!);
    const acquiredAt = ms(taken.acquireTime);
    // Acquired on the first attempt past 15 s; attempts are 2–4.4 s apart.
    expect(acquiredAt - startedAt).toBeGreaterThan(15_000);
    expect(acquiredAt - startedAt).toBeLessThanOrEqual(19_400);
    expect(taken.holderIdentity).toMatch(IDENTITY);
    expect(taken.leaseTransitions).toBe(1);
    expect(taken.renewTime).toBe(taken.acquireTime);
    // Its controllers run from then on.
    expect(c.clock.runUntil(() => replicaSetReplicas(api) === 3, 10_000)).toBe(true);
    expect(leaderEvents(api, 'kube-controller-manager').map((e) => e.message)).toEqual([
      `${first.holderIdentity} became leader`, `${taken.holderIdentity} became leader`,
    ]);
    expect(c.clock.errors).toEqual([]);
  });

  it('let kube-scheduler release its Lease on a stop, so its successor takes it at once', () => {
    const c = new Cluster({ seed: 6 }).boot();
    const api = c.client('test');
    const first = spec(lease(api, 'kube-scheduler')!);
    c.advance(3_000);
    c.stopComponent('kube-scheduler');
    const stoppedAt = c.clock.now();
    const released = spec(lease(api, 'kube-scheduler')!);
    expect(released).toEqual({ holderIdentity: '', leaseDurationSeconds: 1, acquireTime: released.renewTime, renewTime: released.renewTime, leaseTransitions: 0 });
    expect(ms(released.renewTime)).toBe(stoppedAt);

    // Stopped: a new pod stays Pending.
    api.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    c.advance(20_000);
    expect((api.get('pods', 'default', 'p').spec as { nodeName?: string }).nodeName).toBeUndefined();

    c.startComponent('kube-scheduler');
    const taken = spec(lease(api, 'kube-scheduler')!);
    expect(taken.holderIdentity).toMatch(IDENTITY);
    expect(taken.holderIdentity).not.toBe(first.holderIdentity);
    expect(taken.leaseTransitions).toBe(1);
    expect(ms(taken.acquireTime)).toBe(c.clock.now());
    expect(c.clock.runUntil(() => (api.get('pods', 'default', 'p').spec as { nodeName?: string }).nodeName !== undefined, 5_000)).toBe(true);
    expect(leaderEvents(api, 'kube-scheduler')).toHaveLength(2);
    expect(c.clock.errors).toEqual([]);
  });

  it('lose kube-controller-manager\'s Lease when the API server is gone past the renew deadline', () => {
    const c = new Cluster({ seed: 7 }).boot();
    const api = c.client('test');
    web(api, 1);
    c.advance(10_000);
    const first = spec(lease(api, 'kube-controller-manager')!);
    c.stopComponent('kube-apiserver');
    c.advance(30_000);
    c.startComponent('kube-apiserver');
    const backAt = c.clock.now();
    api.patch('deployments.apps', 'default', 'web', 'merge', { spec: { replicas: 2 } });
    // The process that lost the Lease is gone; its successor waits a lease duration from its first look.
    c.advance(14_000);
    expect(replicaSetReplicas(api)).toBe(1);
    expect(c.clock.runUntil(() => replicaSetReplicas(api) === 2, 10_000)).toBe(true);
    const taken = spec(lease(api, 'kube-controller-manager')!);
    expect(taken.holderIdentity).not.toBe(first.holderIdentity);
    expect(taken.leaseTransitions).toBe(1);
    expect(ms(taken.acquireTime) - backAt).toBeGreaterThan(15_000);
    expect(c.clock.errors).toEqual([]);
  });

  it('give kube-apiserver a new identity Lease at each start, deleted when it stops, and collect expired ones', () => {
    const c = new Cluster({ seed: 8 }).boot();
    const api = c.client('test');
    const name = apiserverID('control-plane');
    const first = lease(api, name)!;
    c.stopComponent('kube-apiserver');
    expect([...c.store.bucket(LEASES).values()].some((l) => l.metadata.name === name)).toBe(false);
    c.advance(5_000);
    c.startComponent('kube-apiserver');
    const second = lease(api, name)!;
    expect(second.metadata.uid).not.toBe(first.metadata.uid);
    expect(spec(second).holderIdentity).not.toBe(spec(first).holderIdentity);
    expect(ms(second.metadata.creationTimestamp)).toBe(Math.floor(c.clock.now() / 1000) * 1000);

    // Another server's identity Lease that stopped being renewed goes at the hourly collection after it expired.
    api.create(LEASES, 'kube-system', {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: 'apiserver-gone', labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver' } },
      spec: { holderIdentity: 'apiserver-gone_1', leaseDurationSeconds: 3600, renewTime: new Date(c.clock.now()).toISOString().replace('Z', '000Z') },
    });
    c.advance(3_600_000);
    expect(lease(api, 'apiserver-gone')).toBeDefined();
    c.advance(3_600_000);
    expect(lease(api, 'apiserver-gone')).toBeUndefined();
    expect(lease(api, name)).toBeDefined();
    expect(c.clock.errors).toEqual([]);
  });

  it('make kube-controller-manager and kube-scheduler exit when they lose it, and their kubelet restart them', async () => {
    const { cluster: c, run } = await lab(9);
    const api = c.client('test');
    web(api, 1);
    c.advance(10_000);
    const first = spec(lease(api, 'kube-controller-manager')!);
    const row = (out: string, name: string) => out.split('\n').find((l) => l.startsWith(`${name}-control-plane `))?.split(/ {2,}/);
    const before = (await run('kubectl get pods -n kube-system')).out;
    expect(row(before, 'kube-controller-manager')?.[3]).toBe('0');
    expect(row(before, 'kube-scheduler')?.[3]).toBe('0');

    // etcd gone longer than the renew deadline (10 s): both lose their Leases and exit.
    await run('sim component stop etcd');
    const stoppedAt = c.clock.now();
    await run('sleep 20');
    await run('sim component start etcd');
    const backAt = c.clock.now();
    await run('sleep 2');
    const after = (await run('kubectl get pods -n kube-system')).out;
    for (const name of ['kube-controller-manager', 'kube-scheduler']) {
      expect(row(after, name)?.slice(2, 4)).toEqual(['Running', expect.stringMatching(/^1 \(\d+s ago\)$/)]);
      const status = (await run(`kubectl get pod -n kube-system ${name}-control-plane -o jsonpath='{.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].lastState.terminated.reason}'`)).out;
      expect(status).toBe('1 1 Error');
    }
    // The old processes' last lines: client-go's renewal failure, then the component's own (klog, stderr).
    const kcm = (await run('kubectl logs -n kube-system kube-controller-manager-control-plane --previous')).out.trimEnd().split('\n');
    expect(kcm.at(-2)).toMatch(/^I0101 00:02:\d\d\.\d{6} {7}1 leaderelection\.go:299\] "Failed to renew lease" lock="kube-system\/kube-controller-manager" err="context deadline exceeded"$/);
    expect(kcm.at(-1)).toMatch(/^E0101 00:02:\d\d\.\d{6} {7}1 controllermanager\.go:368\] "leaderelection lost"$/);
    const sched = (await run('kubectl logs -n kube-system kube-scheduler-control-plane --previous')).out.trimEnd().split('\n');
    expect(sched.at(-1)).toMatch(/^E0101 00:02:\d\d\.\d{6} {7}1 server\.go:337\] "Leaderelection lost"$/);
    // It exited within a retry period of the renew deadline, and the kubelet restarted it at once (no back-off yet).
    const lostAt = Date.parse((await run("kubectl get pod -n kube-system kube-controller-manager-control-plane -o jsonpath='{.status.containerStatuses[0].lastState.terminated.finishedAt}'")).out);
    expect(lostAt - stoppedAt).toBeGreaterThanOrEqual(8_000);
    expect(lostAt - stoppedAt).toBeLessThanOrEqual(12_000);
    const restartedAt = Date.parse((await run("kubectl get pod -n kube-system kube-controller-manager-control-plane -o jsonpath='{.status.containerStatuses[0].state.running.startedAt}'")).out);
    expect(restartedAt - lostAt).toBeLessThanOrEqual(2_000);

    // The new kube-controller-manager waits out the Lease its predecessor did not release, then reconciles again.
    api.patch('deployments.apps', 'default', 'web', 'merge', { spec: { replicas: 2 } });
    await run('sleep 14');
    expect(replicaSetReplicas(api)).toBe(1);
    await run('sleep 8');
    expect(replicaSetReplicas(api)).toBe(2);
    const taken = spec(lease(api, 'kube-controller-manager')!);
    expect(taken.holderIdentity).not.toBe(first.holderIdentity);
    expect(taken.leaseTransitions).toBe(1);
    expect(ms(taken.acquireTime) - backAt).toBeGreaterThan(15_000);
    // One restart each: the new processes were not leading while etcd was away, so they had nothing to lose.
    const settled = (await run('kubectl get pods -n kube-system')).out;
    expect(row(settled, 'kube-controller-manager')?.[3]).toMatch(/^1 /);
    expect(row(settled, 'kube-scheduler')?.[3]).toMatch(/^1 /);
    expect(c.clock.errors).toEqual([]);
  });
});
