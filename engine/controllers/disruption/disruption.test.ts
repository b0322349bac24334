/**
 * PodDisruptionBudgets end to end over virtual time: the disruption controller's status, the eviction
 * subresource's refusals and approvals, and kubectl drain's retries. Expected texts are those of
 * pkg/controller/disruption, pkg/registry/core/pod/storage/eviction.go, pkg/apis/policy/validation and
 * kubectl's pkg/drain (release-1.35).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { runScript } from '../../shell/script.js';
import { evictPod, MULTIPLE_PDBS, PDB_VIOLATION } from '../../api/eviction.js';
import { isStatusError, type StatusError } from '../../api/errors.js';
import { rfc3339 } from '../../util/time.js';
import { loadDisruptionController } from './loader.js';
import { loadFieldManager } from '../../api/managedfields/loader.js';
import { loadBatchControllers } from '../job/loader.js';
import {
  buildDisruptedPodMap, conditionsAreUpToDate, countHealthyPods, DELETION_TIMEOUT_MS, disruptionsAllowed, expectedAndDesired, failSafeStatus, nextStatus, scaledValue,
} from './decisions.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

beforeAll(async () => {
  await Promise.all([loadDisruptionController(), loadBatchControllers()]);
});

const T0 = Date.parse('2026-01-01T00:00:00Z');
const pod = (name: string, ready: boolean, extra: Any = {}): Any => ({
  metadata: { name, ...extra },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

describe('decisions', () => {
  it('scales percentages up, as GetScaledValueFromIntOrPercent with roundUp', () => {
    expect(scaledValue('50%', 3)).toBe(2);
    expect(scaledValue('34%', 3)).toBe(2);
    expect(scaledValue('0%', 5)).toBe(0);
    expect(scaledValue(2, 10)).toBe(2);
  });

  it('expects the pods for an int minAvailable, the controllers\' scale otherwise', () => {
    expect(expectedAndDesired({ minAvailable: 2 }, 3, 0)).toEqual([3, 2]);
    expect(expectedAndDesired({ minAvailable: '50%' }, 1, 4)).toEqual([4, 2]);
    expect(expectedAndDesired({ maxUnavailable: 1 }, 2, 3)).toEqual([3, 2]);
    expect(expectedAndDesired({ maxUnavailable: '50%' }, 3, 3)).toEqual([3, 1]);
    // desiredHealthy never goes below 0.
    expect(expectedAndDesired({ maxUnavailable: 5 }, 3, 3)).toEqual([3, 0]);
  });

  it('counts Ready pods that are neither deleting nor recently evicted', () => {
    const now = T0 + 60_000;
    const pods = [pod('a', true), pod('b', true, { deletionTimestamp: rfc3339(T0) }), pod('c', false), pod('d', true), pod('e', true)];
    expect(countHealthyPods(pods, { d: rfc3339(T0) }, now)).toBe(2);
    // An entry older than the deletion timeout no longer hides the pod.
    expect(countHealthyPods(pods, { d: rfc3339(T0) }, T0 + DELETION_TIMEOUT_MS + 1)).toBe(3);
  });

  it('keeps disruptedPods entries still awaited and reports the expired ones', () => {
    const pods = [pod('a', true), pod('b', true), pod('c', true, { deletionTimestamp: rfc3339(T0) })];
    const status = { disruptedPods: { a: rfc3339(T0), b: rfc3339(T0 - 3 * 60_000), c: rfc3339(T0), gone: rfc3339(T0) } };
    const built = buildDisruptedPodMap(pods, status, T0 + 1000);
    expect(built.disrupted).toEqual({ a: rfc3339(T0) });
    expect(built.recheckAt).toBe(T0 + DELETION_TIMEOUT_MS);
    expect(built.notDeleted.map((p) => p.metadata.name)).toEqual(['b']);
  });

  it('allows no disruption while the budget expects no pods', () => {
    expect(disruptionsAllowed(3, 2, 3)).toBe(1);
    expect(disruptionsAllowed(1, 2, 3)).toBe(0);
    expect(disruptionsAllowed(2, 0, 0)).toBe(0);
  });

  it('writes the DisruptionAllowed condition with the counts, and nothing when they are up to date', () => {
    const pdb: Any = { metadata: { generation: 1 }, status: {} };
    const status = nextStatus(pdb, 3, 2, 3, {}, T0);
    expect(status).toEqual({
      currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 1,
      conditions: [{ type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, lastTransitionTime: rfc3339(T0), reason: 'SufficientPods', message: '' }],
    });
    expect(conditionsAreUpToDate({ ...pdb, status })).toBe(true);
    expect(nextStatus({ ...pdb, status }, 3, 2, 3, {}, T0 + 5000)).toBeUndefined();
    const fail = failSafeStatus({ ...pdb, status }, 'found no controllers for pod "x"', T0 + 5000);
    expect(fail.disruptionsAllowed).toBe(0);
    expect(fail.conditions).toEqual([{ type: 'DisruptionAllowed', status: 'False', observedGeneration: 1, lastTransitionTime: rfc3339(T0 + 5000), reason: 'SyncFailed', message: 'found no controllers for pod "x"' }]);
  });
});

function deployment(c: Cluster, name: string, replicas: number): void {
  c.client().create('deployments.apps', 'default', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx' }] } } },
  });
}

function pdb(c: Cluster, name: string, spec: Any): void {
  c.client().create('poddisruptionbudgets.policy', 'default', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec });
}

const statusOf = (c: Cluster, name: string) => c.client().get('poddisruptionbudgets.policy', 'default', name).status as Any;
const podsOf = (c: Cluster, app: string) => c.client().list('pods', 'default', { labelSelector: `app=${app}` }).items as Any[];
const pdbEvents = (c: Cluster, name: string) => (c.client().list('events', 'default').items as Any[])
  .filter((e) => e.involvedObject.kind === 'PodDisruptionBudget' && e.involvedObject.name === name).map((e) => `${e.type} ${e.reason} ${e.message} (${e.count}) ${e.source?.component}`);

function caught(fn: () => void): StatusError {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('the disruption controller and the eviction subresource', () => {
  it('computes the status of a minAvailable budget and refuses the eviction it cannot afford', async () => {
    const c = new Cluster({ seed: 3 }).boot();
    deployment(c, 'web', 3);
    pdb(c, 'web', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } });
    await c.clock.runUntil(() => statusOf(c, 'web')?.currentHealthy === 3, 120_000);
    expect(statusOf(c, 'web')).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 1 });
    const [a, b] = podsOf(c, 'web');
    evictPod(c.client(), 'default', a.metadata.name, {}, c.clock.now());
    // The approval took the one disruption and recorded the pod in the same write.
    const after = statusOf(c, 'web');
    expect(after.disruptionsAllowed).toBe(0);
    expect(after.disruptedPods).toEqual({ [a.metadata.name]: rfc3339(c.clock.now()) });
    expect(after.conditions[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
    // The eviction handler writes the budget's status with the API server's own client (manager kube-apiserver).
    await loadFieldManager(c.apiserver);
    const managers = (c.apiserver.withManagedFields('poddisruptionbudgets.policy', c.apiserver.get('poddisruptionbudgets.policy', 'default', 'web')).metadata.managedFields as Any[]).map((m) => [m.manager, m.subresource]);
    expect(managers).toContainEqual(['kube-apiserver', 'status']);
    // The controller then sees the pod terminating and drops the entry.
    c.advance(10);
    expect(statusOf(c, 'web').disruptedPods).toBeUndefined();
    const refused = caught(() => evictPod(c.client(), 'default', b.metadata.name, {}, c.clock.now()));
    expect(refused.code).toBe(429);
    expect(refused.reason).toBe('TooManyRequests');
    expect(refused.message).toBe(PDB_VIOLATION);
    expect(refused.status.details?.causes).toEqual([{ type: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }]);
    // The refused pod keeps running, with no DisruptionTarget condition.
    const live = c.client().get('pods', 'default', b.metadata.name) as Any;
    expect(live.metadata.deletionTimestamp).toBeUndefined();
    expect((live.status.conditions as Any[]).some((x) => x.type === 'DisruptionTarget')).toBe(false);
    // The replacement becomes Ready: a disruption is allowed again.
    await c.clock.runUntil(() => statusOf(c, 'web')?.disruptionsAllowed === 1, 120_000);
    expect(statusOf(c, 'web')).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    expect(c.clock.errors).toEqual([]);
  });

  it('records disruptedPods with the decrement when the pod is not deleted at once (dry run changes nothing)', async () => {
    const c = new Cluster({ seed: 5 }).boot();
    deployment(c, 'web', 2);
    pdb(c, 'web', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } });
    await c.clock.runUntil(() => statusOf(c, 'web')?.disruptionsAllowed === 1, 120_000);
    const [a] = podsOf(c, 'web');
    evictPod(c.client(), 'default', a.metadata.name, { dryRun: true }, c.clock.now());
    expect(statusOf(c, 'web').disruptionsAllowed).toBe(1);
    expect(c.client().get('pods', 'default', a.metadata.name).metadata.deletionTimestamp).toBeUndefined();
    // A write of the budget's status as the eviction makes it, seen before the pod's deletion: the entry is kept.
    const now = c.clock.now();
    const s = statusOf(c, 'web');
    const pdbObj = c.client().get('poddisruptionbudgets.policy', 'default', 'web') as Any;
    c.client().updateStatus('poddisruptionbudgets.policy', { ...pdbObj, status: { ...s, disruptionsAllowed: 0, disruptedPods: { [a.metadata.name]: rfc3339(now) } } });
    c.advance(1000);
    expect(statusOf(c, 'web')).toMatchObject({ currentHealthy: 1, disruptionsAllowed: 0, disruptedPods: { [a.metadata.name]: rfc3339(now) } });
    // Two minutes on, the pod was not deleted: the entry expires, with a NotDeleted warning on the pod.
    c.advance(DELETION_TIMEOUT_MS + 1000);
    expect(statusOf(c, 'web').disruptedPods).toBeUndefined();
    expect(statusOf(c, 'web').disruptionsAllowed).toBe(1);
    const warned = (c.client().list('events', 'default').items as Any[]).find((e) => e.reason === 'NotDeleted');
    expect(warned?.message).toBe("Pod was expected by PDB default/default to be deleted but it wasn't");
  });

  it('a budget that selects nothing: NoPods, nothing allowed; a percentage of a Job fails to count', async () => {
    const c = new Cluster({ seed: 7 }).boot();
    pdb(c, 'none', { minAvailable: '50%', selector: { matchLabels: { app: 'none' } } });
    c.advance(2000);
    expect(statusOf(c, 'none')).toMatchObject({ currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0, observedGeneration: 1 });
    expect(statusOf(c, 'none').conditions[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '' });
    // Synced at its creation and again at its own status write, as the real controller does.
    expect(pdbEvents(c, 'none')).toEqual(['Normal NoPods No matching pods found (2) controllermanager']);

    c.client().create('jobs.batch', 'default', {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'work' },
      spec: { template: { metadata: { labels: { app: 'work' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] } } },
    });
    pdb(c, 'work', { maxUnavailable: '50%', selector: { matchLabels: { app: 'work' } } });
    c.advance(5000);
    const s = statusOf(c, 'work');
    expect(s.disruptionsAllowed).toBe(0);
    expect(s.conditions[0]).toMatchObject({ status: 'False', reason: 'SyncFailed', message: 'jobs.batch does not implement the scale subresource' });
    // Each failed sync is requeued with the rate limiter's back-off: the warning repeats (aggregated by count).
    const warning = pdbEvents(c, 'work').find((e) => e.startsWith('Warning'));
    expect(warning).toMatch(/^Warning CalculateExpectedPodCountFailed Failed to calculate the number of expected pods: jobs\.batch does not implement the scale subresource \(\d+\) controllermanager$/);
  });

  it('refuses a pod under two budgets with the 500 status; evicts a Pending pod without asking', async () => {
    const c = new Cluster({ seed: 9 }).boot();
    deployment(c, 'web', 2);
    pdb(c, 'one', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } });
    pdb(c, 'two', { minAvailable: 0, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] } });
    await c.clock.runUntil(() => podsOf(c, 'web').filter((p) => p.status?.phase === 'Running').length === 2, 120_000);
    const err = caught(() => evictPod(c.client(), 'default', podsOf(c, 'web')[0].metadata.name, {}, c.clock.now()));
    expect(err.code).toBe(500);
    expect(err.message).toBe(MULTIPLE_PDBS);
    // A pod that cannot be scheduled stays Pending: its eviction ignores the budgets.
    c.client().create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stuck', labels: { app: 'web' } },
      spec: { nodeSelector: { nowhere: 'x' }, containers: [{ name: 'main', image: 'nginx' }] },
    });
    c.advance(1000);
    evictPod(c.client(), 'default', 'stuck', {}, c.clock.now());
    c.advance(1000);
    expect(c.client().tryGet('pods', 'default', 'stuck')).toBeUndefined();
  });

  it('unhealthyPodEvictionPolicy AlwaysAllow lets an unready pod go when the budget is not met', async () => {
    const c = new Cluster({ seed: 13 }).boot();
    c.client().create('deployments.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'sick' },
      spec: {
        replicas: 2, selector: { matchLabels: { app: 'sick' } },
        template: { metadata: { labels: { app: 'sick' } }, spec: { containers: [{ name: 'main', image: 'nginx', readinessProbe: { exec: { command: ['false'] }, periodSeconds: 1 } }] } },
      },
    });
    pdb(c, 'sick', { minAvailable: 2, selector: { matchLabels: { app: 'sick' } } });
    await c.clock.runUntil(() => podsOf(c, 'sick').every((p) => p.status?.phase === 'Running') && statusOf(c, 'sick')?.expectedPods === 2, 120_000);
    const name = podsOf(c, 'sick')[0].metadata.name;
    expect(caught(() => evictPod(c.client(), 'default', name, {}, c.clock.now())).status.details?.causes?.[0].message).toBe('The disruption budget sick needs 2 healthy pods and has 0 currently');
    const p = c.client().get('poddisruptionbudgets.policy', 'default', 'sick') as Any;
    c.client().update('poddisruptionbudgets.policy', { ...p, spec: { ...p.spec, unhealthyPodEvictionPolicy: 'AlwaysAllow' } });
    c.advance(100);
    evictPod(c.client(), 'default', name, {}, c.clock.now());
    expect(c.client().get('pods', 'default', name).metadata.deletionTimestamp).toBeDefined();
  });
});

describe('validation', () => {
  it('gives the API server\'s texts', async () => {
    await import('../../api/registry/policy.js');
    const c = new Cluster({ seed: 1 }).boot();
    const err = (spec: Any) => caught(() => pdb(c, 'x', spec)).message;
    expect(err({ minAvailable: 1, maxUnavailable: '10%', selector: { matchLabels: { app: 'web' } } })).toBe(
      'PodDisruptionBudget.policy "x" is invalid: spec: Invalid value: {"MinAvailable":1,"Selector":{"matchLabels":{"app":"web"}},"MaxUnavailable":"10%","UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set',
    );
    expect(err({ maxUnavailable: 'half' })).toBe(
      `PodDisruptionBudget.policy "x" is invalid: spec.maxUnavailable: Invalid value: "half": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    );
    expect(err({ minAvailable: '120%' })).toBe('PodDisruptionBudget.policy "x" is invalid: spec.minAvailable: Invalid value: "120%": must not be greater than 100%');
    expect(err({ minAvailable: 1, unhealthyPodEvictionPolicy: 'Never' })).toBe(
      'PodDisruptionBudget.policy "x" is invalid: spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
    );
    expect(c.client().tryGet('poddisruptionbudgets.policy', 'default', 'x')).toBeUndefined();
  });
});

describe('kubectl drain', () => {
  it('evicts one pod of a Deployment of 3 with minAvailable 2 and retries the other until the replacement is Ready', async () => {
    const out = await runScript([
      'kubectl create deployment web --image=nginx --replicas=3',
      'kubectl create pdb web --selector=app=web --min-available=2',
      'sleep 30',
      'kubectl get pods -o wide --no-headers',
      'kubectl drain worker-1 --ignore-daemonsets',
      'kubectl get pdb web',
    ].join('\n'), { seed: 1 });
    const onWorker1 = out.split('\n').filter((l) => /^web-\S+ .* worker-1 /.test(l)).map((l) => l.split(/\s+/)[0]);
    expect(onWorker1).toHaveLength(2);
    const drain = out.slice(out.indexOf('$ kubectl drain'), out.indexOf('$ kubectl get pdb web'));
    const retries = drain.split('\n').filter((l) => l.startsWith('error when evicting'));
    expect(retries.length).toBeGreaterThan(0);
    const refused = retries[0].match(/pods\/"(\S+)"/)![1];
    expect(onWorker1).toContain(refused);
    const first = onWorker1.find((n) => n !== refused)!;
    expect(retries).toEqual(retries.map(() => `error when evicting pods/"${refused}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`));
    // Each retry is announced again, and the refused pod goes only after the first one.
    expect(drain.split('\n').filter((l) => l === `evicting pod default/${refused}`)).toHaveLength(retries.length + 1);
    expect(drain.indexOf(`pod/${first} evicted`)).toBeLessThan(drain.indexOf(`pod/${refused} evicted`));
    expect(drain).toContain('node/worker-1 drained\n');
  });

  it('gives up at --timeout with pkg/drain\'s errors; --disable-eviction deletes regardless of the budget', async () => {
    const out = await runScript([
      'kubectl create deployment web --image=nginx --replicas=3',
      'kubectl create pdb web --selector=app=web --min-available=3',
      'sleep 30',
      'kubectl drain worker-1 --pod-selector=app=web --timeout=7s',
      'echo status=$?',
      'kubectl drain worker-1 --pod-selector=app=web --disable-eviction --grace-period=0',
    ].join('\n'), { seed: 1 });
    const drain = out.slice(out.indexOf('$ kubectl drain'), out.indexOf('$ echo'));
    const pods = [...new Set([...drain.matchAll(/evicting pod default\/(\S+)/g)].map((m) => m[1]))].sort();
    expect(pods).toHaveLength(2);
    const timeoutErr = (p: string) => `error when evicting pods/"${p}" -n "default": global timeout reached: 7s`;
    const agg = `[${pods.map(timeoutErr).join(', ')}]`;
    expect(drain).toContain(`There are pending pods in node "worker-1" when an error occurred: ${agg}\n${pods.map((p) => `pod/${p}\n`).join('')}`);
    expect(drain).toContain(`error: unable to drain node "worker-1" due to error: ${agg}, continuing command...\nThere are pending nodes to be drained:\n worker-1\n`);
    // Attempts at 0 s and 5 s, then the timeout found at 10 s.
    for (const p of pods) expect(drain.split('\n').filter((l) => l === `evicting pod default/${p}`)).toHaveLength(3);
    expect(out).toContain('status=1');
    const forced = out.slice(out.lastIndexOf('$ kubectl drain'));
    expect(forced).not.toContain('evicting pod');
    for (const p of pods) expect(forced).toContain(`pod/${p} deleted\n`);
    expect(forced).toContain('node/worker-1 drained\n');
  });
});
