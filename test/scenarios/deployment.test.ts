import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import { clone, controllerRef, type KObject } from '../../engine/api/meta.js';

// The manifest the real kubectl v1.35.2 prints for
// `kubectl create deployment web --image=redis:7 --replicas=3 --dry-run=client -o json`
// (redis rather than nginx: any image the simulated runtime starts will do; the controllers do not care).
function webDeployment(replicas = 3, image = 'redis:7'): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'redis', image, resources: {} }] } },
      strategy: {},
    },
  };
}

function boot(seed = 11): Cluster {
  return new Cluster({ seed }).boot();
}

function pods(c: Cluster): KObject[] {
  return c.client().list('pods', 'default').items;
}

function replicaSets(c: Cluster): KObject[] {
  return c.client().list('replicasets.apps', 'default').items;
}

function deployment(c: Cluster, name = 'web'): KObject {
  return c.client().get('deployments.apps', 'default', name);
}

function isReady(p: KObject): boolean {
  const conds = (p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conds.some((x) => x.type === 'Ready' && x.status === 'True');
}

function running(c: Cluster): KObject[] {
  return pods(c).filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase?: string } | undefined)?.phase === 'Running');
}

function status(o: KObject): Record<string, unknown> {
  return (o.status ?? {}) as Record<string, unknown>;
}

function condition(o: KObject, type: string): Record<string, string> | undefined {
  return ((status(o).conditions ?? []) as Record<string, string>[]).find((x) => x.type === type);
}

function events(c: Cluster, kind?: string): KObject[] {
  return c.client().list('events', 'default').items.filter((e) => !kind || (e.involvedObject as { kind: string }).kind === kind);
}

/** Patches the Deployment like `kubectl set image` / `kubectl edit` would: read, change, PUT. */
function edit(c: Cluster, change: (d: KObject) => void, name = 'web'): void {
  const d = clone(deployment(c, name));
  change(d);
  c.client().update('deployments.apps', d);
}

function setImage(c: Cluster, image: string): void {
  edit(c, (d) => {
    ((d.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]).image = image;
  });
}

function complete(c: Cluster, replicas: number, name = 'web'): boolean {
  const d = deployment(c, name);
  const s = status(d);
  return s.updatedReplicas === replicas && s.replicas === replicas && s.availableReplicas === replicas
    && s.observedGeneration === d.metadata.generation && condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable';
}

function podTemplateHash(o: KObject): string {
  return o.metadata.labels!['pod-template-hash'];
}

describe('Deployment: converging', () => {
  it('a Deployment of 3 converges to 3 Running pods of one ReplicaSet named <deploy>-<hash>', () => {
    const c = boot();
    c.client().create('deployments.apps', 'default', webDeployment(3));
    expect(c.clock.runUntil(() => complete(c, 3), 120_000)).toBe(true);
    const rss = replicaSets(c);
    expect(rss).toHaveLength(1);
    const rs = rss[0];
    const hash = podTemplateHash(rs);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(controllerRef(rs)).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true });
    expect((rs.spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    // minReadySeconds is an int32 with omitempty: a Deployment without one gives a ReplicaSet without one.
    expect(rs.spec).not.toHaveProperty('minReadySeconds');
    expect(rs.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4',
    });
    const ps = running(c);
    expect(ps).toHaveLength(3);
    for (const p of ps) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(controllerRef(p)).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid });
    }
    const d = deployment(c);
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(status(d)).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, terminatingReplicas: 0, observedGeneration: 1 });
    expect(status(d).unavailableReplicas).toBeUndefined();
    expect(condition(d, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(condition(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.` });
    expect(status(rs)).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, terminatingReplicas: 0, observedGeneration: 1 });
    const scaling = events(c, 'Deployment').map((e) => `${e.reason}: ${e.message}`);
    expect(scaling).toEqual([`ScalingReplicaSet: Scaled up replica set ${rs.metadata.name} from 0 to 3`]);
    const created = events(c, 'ReplicaSet').filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message).sort();
    expect(created).toEqual(ps.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(c.clock.errors).toEqual([]);
  });

  it("the ReplicaSet follows the Deployment's minReadySeconds, and stores none for zero", () => {
    const c = boot();
    const d = webDeployment(1);
    (d.spec as { minReadySeconds?: number }).minReadySeconds = 5;
    c.client().create('deployments.apps', 'default', d);
    expect(c.clock.runUntil(() => complete(c, 1), 120_000)).toBe(true);
    expect(replicaSets(c)[0].spec).toMatchObject({ minReadySeconds: 5 });
    edit(c, (x) => { (x.spec as { minReadySeconds?: number }).minReadySeconds = 0; });
    expect(c.clock.runUntil(() => (replicaSets(c)[0].spec as { minReadySeconds?: number }).minReadySeconds === undefined, 30_000)).toBe(true);
    expect(replicaSets(c)).toHaveLength(1);
    expect(c.clock.errors).toEqual([]);
  });

  it('deleting a pod brings a new one', () => {
    const c = boot();
    c.client().create('deployments.apps', 'default', webDeployment(3));
    c.clock.runUntil(() => complete(c, 3), 120_000);
    const before = running(c).map((p) => p.metadata.name);
    c.client().delete('pods', 'default', before[0]!);
    expect(c.clock.runUntil(() => running(c).length === 3 && !running(c).some((p) => p.metadata.name === before[0]), 60_000)).toBe(true);
    const after = running(c).map((p) => p.metadata.name);
    expect(after.filter((n) => before.includes(n))).toHaveLength(2);
    expect(replicaSets(c)).toHaveLength(1);
    expect(c.clock.errors).toEqual([]);
  });

  it('the same seed gives the same ReplicaSet and pod names twice', () => {
    const names = () => {
      const c = boot(5);
      c.client().create('deployments.apps', 'default', webDeployment(3));
      c.clock.runUntil(() => complete(c, 3), 120_000);
      setImage(c, 'redis:7.2');
      c.clock.runUntil(() => complete(c, 3) && replicaSets(c).length === 2, 300_000);
      return [...replicaSets(c), ...pods(c)].map((o) => o.metadata.name).sort();
    };
    const a = names();
    expect(a.length).toBeGreaterThan(4);
    expect(names()).toEqual(a);
  });

  it('a scale-down removes pods and reports it', () => {
    const c = boot();
    c.client().create('deployments.apps', 'default', webDeployment(4));
    c.clock.runUntil(() => complete(c, 4), 120_000);
    edit(c, (d) => { (d.spec as { replicas: number }).replicas = 2; });
    expect(c.clock.runUntil(() => complete(c, 2) && pods(c).length === 2, 60_000)).toBe(true);
    const rs = replicaSets(c)[0];
    expect(events(c, 'Deployment').map((e) => e.message)).toContain(`Scaled down replica set ${rs.metadata.name} from 4 to 2`);
    expect(events(c, 'ReplicaSet').filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(2);
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('2');
  });
});
