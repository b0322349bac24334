import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import { clone, type KObject } from '../../engine/api/meta.js';

// Shaped like `kubectl create deployment web --image=redis:7 --replicas=N --dry-run=client -o json` (kubectl v1.35.2).
function webDeployment(replicas: number, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'redis', image: 'redis:7', resources: {} }] } },
      strategy: {},
      ...extra,
    },
  };
}

type Spec = { replicas: number; paused?: boolean; template: { spec: { containers: { image: string }[]; nodeSelector?: Record<string, string> } } };

const api = (c: Cluster) => c.client();
const deployment = (c: Cluster) => api(c).get('deployments.apps', 'default', 'web');
const replicaSets = (c: Cluster) => api(c).list('replicasets.apps', 'default').items;
const pods = (c: Cluster) => api(c).list('pods', 'default').items;
const status = (o: KObject) => (o.status ?? {}) as Record<string, number | undefined>;
const annotations = (o: KObject) => o.metadata.annotations ?? {};
const revision = (o: KObject) => annotations(o)['deployment.kubernetes.io/revision'];
const rsReplicas = (rs: KObject) => (rs.spec as { replicas: number }).replicas;
const image = (o: KObject) => (o.spec as Spec).template.spec.containers[0].image;
const podImage = (p: KObject) => (p.spec as { containers: { image: string }[] }).containers[0].image;

function condition(o: KObject, type: string): Record<string, string> | undefined {
  return ((o.status as { conditions?: Record<string, string>[] } | undefined)?.conditions ?? []).find((x) => x.type === type);
}

function isReady(p: KObject): boolean {
  const conds = (p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conds.some((x) => x.type === 'Ready' && x.status === 'True');
}

const active = (p: KObject) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes((p.status as { phase?: string } | undefined)?.phase ?? '');

function edit(c: Cluster, change: (spec: Spec, d: KObject) => void): void {
  const d = clone(deployment(c));
  change(d.spec as Spec, d);
  api(c).update('deployments.apps', d);
}

function complete(c: Cluster, replicas: number): boolean {
  const d = deployment(c);
  const s = status(d);
  return s.updatedReplicas === replicas && s.replicas === replicas && s.availableReplicas === replicas
    && s.observedGeneration === d.metadata.generation && condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable'
    && pods(c).filter(active).length === replicas;
}

function start(replicas: number, extra: Record<string, unknown> = {}, seed = 3): Cluster {
  const c = new Cluster({ seed }).boot();
  api(c).create('deployments.apps', 'default', webDeployment(replicas, extra));
  if (!c.clock.runUntil(() => complete(c, replicas), 120_000)) throw new Error('initial rollout did not complete');
  return c;
}

/** Watches every stored change and records the extremes of the Deployment's pods. */
function watchPods(c: Cluster): { maxActive: number; minAvailable: number; images: Set<string>[] } {
  const seen = { maxActive: 0, minAvailable: Infinity, images: [] as Set<string>[] };
  c.store.onChange((e) => {
    if (e.resource !== 'pods') return;
    const mine = pods(c).filter((p) => p.metadata.labels?.app === 'web');
    const act = mine.filter(active);
    seen.maxActive = Math.max(seen.maxActive, act.length);
    seen.minAvailable = Math.min(seen.minAvailable, act.filter(isReady).length);
    // Pods that still exist (terminating ones included): Recreate must never mix versions.
    const running = mine.filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running');
    seen.images.push(new Set(running.map(podImage)));
  });
  return seen;
}

function deploymentEvents(c: Cluster): string[] {
  return api(c).list('events', 'default').items
    .filter((e) => (e.involvedObject as { kind: string }).kind === 'Deployment')
    .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)))
    .map((e) => String(e.message));
}

describe('RollingUpdate', () => {
  it('with the default 25%/25% never exceeds replicas + maxSurge pods nor drops below replicas - maxUnavailable available', () => {
    // 10 replicas: maxSurge 25% → 3 (rounded up), maxUnavailable 25% → 2 (rounded down).
    const c = start(10);
    const oldRS = replicaSets(c)[0];
    const seen = watchPods(c);
    edit(c, (s) => { s.template.spec.containers[0].image = 'redis:7.2'; });
    expect(c.clock.runUntil(() => complete(c, 10) && replicaSets(c).length === 2, 600_000)).toBe(true);
    expect(seen.maxActive).toBeLessThanOrEqual(13);
    expect(seen.maxActive).toBeGreaterThan(10);
    expect(seen.minAvailable).toBeGreaterThanOrEqual(8);
    const newRS = replicaSets(c).find((rs) => rs.metadata.uid !== oldRS.metadata.uid)!;
    expect(rsReplicas(newRS)).toBe(10);
    expect(rsReplicas(replicaSets(c).find((rs) => rs.metadata.uid === oldRS.metadata.uid)!)).toBe(0);
    expect(revision(newRS)).toBe('2');
    expect(revision(deployment(c))).toBe('2');
    // The first step creates the new set at maxSurge (13 − 10 pods) and takes maxUnavailable + surge off the old one.
    const ev = deploymentEvents(c);
    expect(ev).toContain(`Scaled up replica set ${newRS.metadata.name} from 0 to 3`);
    expect(ev).toContain(`Scaled down replica set ${oldRS.metadata.name} from 10 to 8`);
    // From the tenth distinct ScalingReplicaSet message on, client-go's event aggregator folds them into one
    // Event, as `kubectl describe deployment` shows after a rollout of this size on a real cluster.
    expect(ev).toHaveLength(10);
    expect(ev[9]).toBe(`(combined from similar events): Scaled down replica set ${oldRS.metadata.name} from 1 to 0`);
    expect(c.clock.errors).toEqual([]);
  });

  it('maxSurge 1 / maxUnavailable 0 adds one pod at a time and never has fewer than replicas available', () => {
    const c = start(4, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
    const seen = watchPods(c);
    edit(c, (s) => { s.template.spec.containers[0].image = 'redis:7.2'; });
    expect(c.clock.runUntil(() => complete(c, 4) && replicaSets(c).length === 2, 600_000)).toBe(true);
    expect(seen.maxActive).toBe(5);
    expect(seen.minAvailable).toBe(4);
    const newRS = replicaSets(c).find((rs) => rsReplicas(rs) === 4)!;
    const ups = deploymentEvents(c).filter((m) => m.startsWith(`Scaled up replica set ${newRS.metadata.name}`));
    expect(ups).toEqual([1, 2, 3, 4].map((n) => `Scaled up replica set ${newRS.metadata.name} from ${n - 1} to ${n}`));
    expect(c.clock.errors).toEqual([]);
  });
});

describe('Recreate', () => {
  it('scales the old set to 0, waits for its pods to go, then starts the new ones: never both versions at once', () => {
    const c = start(3, { strategy: { type: 'Recreate' } });
    const oldRS = replicaSets(c)[0];
    const seen = watchPods(c);
    edit(c, (s) => { s.template.spec.containers[0].image = 'redis:7.2'; });
    expect(c.clock.runUntil(() => complete(c, 3) && replicaSets(c).length === 2, 600_000)).toBe(true);
    expect(seen.images.some((s) => s.size > 1)).toBe(false);
    expect(seen.images.some((s) => s.has('redis:7.2'))).toBe(true);
    expect(seen.minAvailable).toBe(0);
    const newRS = replicaSets(c).find((rs) => rs.metadata.uid !== oldRS.metadata.uid)!;
    const ev = deploymentEvents(c);
    expect(ev.indexOf(`Scaled down replica set ${oldRS.metadata.name} from 3 to 0`)).toBeGreaterThanOrEqual(0);
    expect(ev.indexOf(`Scaled up replica set ${newRS.metadata.name} from 0 to 3`)).toBeGreaterThan(ev.indexOf(`Scaled down replica set ${oldRS.metadata.name} from 3 to 0`));
    expect(c.clock.errors).toEqual([]);
  });
});

describe('revisions and rollback', () => {
  it('rolling back to the previous template reuses its ReplicaSet, whose revision moves to the top', () => {
    const c = start(2, {}, 8);
    const first = replicaSets(c)[0];
    expect(revision(first)).toBe('1');
    edit(c, (s, d) => {
      s.template.spec.containers[0].image = 'redis:7.2';
      d.metadata.annotations = { 'kubernetes.io/change-cause': 'kubectl set image deployment/web redis=redis:7.2' };
    });
    expect(c.clock.runUntil(() => complete(c, 2) && replicaSets(c).length === 2, 600_000)).toBe(true);
    const second = replicaSets(c).find((rs) => rs.metadata.uid !== first.metadata.uid)!;
    expect(revision(second)).toBe('2');
    expect(annotations(second)['kubernetes.io/change-cause']).toBe('kubectl set image deployment/web redis=redis:7.2');
    // `kubectl rollout undo` copies the old set's template (without pod-template-hash) back into the Deployment.
    edit(c, (s) => {
      const tpl = clone((first.spec as { template: Spec['template'] & { metadata: { labels: Record<string, string> } } }).template);
      delete tpl.metadata.labels['pod-template-hash'];
      (s as unknown as { template: unknown }).template = tpl;
    });
    expect(c.clock.runUntil(() => complete(c, 2) && rsReplicas(replicaSets(c).find((rs) => rs.metadata.uid === first.metadata.uid)!) === 2, 600_000)).toBe(true);
    const rss = replicaSets(c);
    expect(rss).toHaveLength(2);
    const back = rss.find((rs) => rs.metadata.uid === first.metadata.uid)!;
    expect(revision(back)).toBe('3');
    expect(annotations(back)['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(revision(deployment(c))).toBe('3');
    expect(pods(c).filter(active).every((p) => p.metadata.labels!['pod-template-hash'] === back.metadata.labels!['pod-template-hash'])).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', () => {
    const c = start(1, { revisionHistoryLimit: 2 }, 9);
    for (const tag of ['7.2', '8', 'alpine', 'latest']) {
      edit(c, (s) => { s.template.spec.containers[0].image = `redis:${tag}`; });
      expect(c.clock.runUntil(() => complete(c, 1) && replicaSets(c).every((rs) => rs.metadata.uid && (rsReplicas(rs) === 0) === (image(rs) !== `redis:${tag}`)), 600_000)).toBe(true);
      c.advance(5_000);
    }
    const rss = replicaSets(c);
    // the current one plus two old ones: revisions 3, 4 (old) and 5 (current)
    expect(rss.map(revision).sort()).toEqual(['3', '4', '5']);
    expect(c.clock.errors).toEqual([]);
  });
});

describe('pause and resume', () => {
  it('a paused Deployment does not roll out a template change until it is resumed', () => {
    const c = start(3, {}, 12);
    edit(c, (s) => { s.paused = true; });
    c.advance(5_000);
    const paused = condition(deployment(c), 'Progressing');
    expect(paused).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    edit(c, (s) => { s.template.spec.containers[0].image = 'redis:7.2'; });
    c.advance(60_000);
    expect(replicaSets(c)).toHaveLength(1);
    expect(pods(c).filter(active).every((p) => podImage(p) === 'redis:7')).toBe(true);
    expect(status(deployment(c)).observedGeneration).toBe(deployment(c).metadata.generation);
    edit(c, (s) => { s.paused = false; });
    c.advance(1_000);
    expect(replicaSets(c)).toHaveLength(2);
    expect(c.clock.runUntil(() => complete(c, 3) && pods(c).every((p) => podImage(p) === 'redis:7.2'), 600_000)).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });

  it('reports DeploymentResumed when resumed, then the finished rollout as NewReplicaSetAvailable again', () => {
    const c = start(1, {}, 13);
    const reasons: string[] = [];
    c.store.onChange((e) => {
      if (e.resource !== 'deployments.apps') return;
      const r = condition(e.object, 'Progressing')?.reason;
      if (r && reasons[reasons.length - 1] !== r) reasons.push(r);
    });
    edit(c, (s) => { s.paused = true; });
    c.advance(2_000);
    edit(c, (s) => { s.paused = false; });
    c.advance(2_000);
    expect(reasons).toEqual(['NewReplicaSetAvailable', 'DeploymentPaused', 'DeploymentResumed', 'NewReplicaSetAvailable']);
    expect(condition(deployment(c), 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });
});

describe('progress deadline', () => {
  it('turns Progressing False with ProgressDeadlineExceeded when new pods can never become available', () => {
    const c = start(2, { progressDeadlineSeconds: 60 }, 14);
    const t0 = c.clock.now();
    edit(c, (s) => {
      s.template.spec.containers[0].image = 'redis:7.2';
      s.template.spec.nodeSelector = { disktype: 'ssd' };
    });
    expect(c.clock.runUntil(() => condition(deployment(c), 'Progressing')?.reason === 'ProgressDeadlineExceeded', 300_000)).toBe(true);
    const elapsed = c.clock.now() - t0;
    expect(elapsed).toBeGreaterThan(60_000);
    expect(elapsed).toBeLessThan(63_000);
    const newRS = replicaSets(c).find((rs) => image(rs) === 'redis:7.2')!;
    expect(condition(deployment(c), 'Progressing')).toMatchObject({
      status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`,
    });
    // maxUnavailable 25% of 2 is 0 and maxSurge 25% is 1: one Pending new pod, both old pods still serving.
    expect(status(deployment(c))).toMatchObject({ replicas: 3, updatedReplicas: 1, availableReplicas: 2, unavailableReplicas: 1 });
    expect(condition(deployment(c), 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(c.clock.errors).toEqual([]);
  });
});

describe('proportional scaling', () => {
  it('scaling mid-rollout grows the old and new sets in proportion', () => {
    // 10 replicas, maxSurge 3, maxUnavailable 2; the new template can never run (no node matches),
    // so the rollout stops at new 5 / old 8 (13 pods, 8 available) — the example of rolling.go.
    const c = start(10, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }, 15);
    const oldRS = replicaSets(c)[0];
    edit(c, (s) => {
      s.template.spec.containers[0].image = 'redis:7.2';
      s.template.spec.nodeSelector = { disktype: 'ssd' };
    });
    const newOf = () => replicaSets(c).find((rs) => rs.metadata.uid !== oldRS.metadata.uid);
    const oldOf = () => replicaSets(c).find((rs) => rs.metadata.uid === oldRS.metadata.uid)!;
    expect(c.clock.runUntil(() => !!newOf() && rsReplicas(newOf()!) === 5 && rsReplicas(oldOf()) === 8, 120_000)).toBe(true);
    c.advance(10_000);
    expect([rsReplicas(newOf()!), rsReplicas(oldOf())]).toEqual([5, 8]);
    // Scale to 20: allowed 23, 10 more to share. old 8·23/13 = 14.15 → +6, new 5·23/13 = 8.85 → +4.
    edit(c, (s) => { s.replicas = 20; });
    c.advance(2_000);
    expect([rsReplicas(newOf()!), rsReplicas(oldOf())]).toEqual([9, 14]);
    expect(annotations(newOf()!)).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '20', 'deployment.kubernetes.io/max-replicas': '23' });
    expect(annotations(oldOf())).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '20', 'deployment.kubernetes.io/max-replicas': '23' });
    expect(c.clock.errors).toEqual([]);
  });
});
