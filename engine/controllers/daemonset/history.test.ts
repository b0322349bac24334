import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { planHistory, revisionData, type Revision } from './history.js';
import { keptRevision, revisionsToDelete } from './history-repair.js';
import { CONTROLLER_REVISION_HASH_LABEL, templateHash } from './pod.js';
import { loadHistoryRepairs } from './daemonset.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ds = (image: string, limit?: number): KObject => ({
  apiVersion: 'apps/v1', kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'default', uid: 'ds-uid' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    ...(limit === undefined ? {} : { revisionHistoryLimit: limit }),
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image }] } },
  },
});

const rev = (name: string, revision: number, image: string, hash = name): Revision => ({
  apiVersion: 'apps/v1', kind: 'ControllerRevision',
  metadata: { name, namespace: 'default', labels: { app: 'agent', [CONTROLLER_REVISION_HASH_LABEL]: hash } },
  data: revisionData(ds(image)),
  revision,
});

describe('DaemonSet history decisions (update.go constructHistory, dedupCurHistories, cleanupHistory)', () => {
  it('the data is a strategic merge patch that replaces the whole template', () => {
    expect(revisionData(ds('nginx:1.27'))).toEqual({
      spec: { template: { $patch: 'replace', metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
    });
  });

  it('splits current from old and numbers the current one above every old one', () => {
    const plan = planHistory(ds('b'), [rev('r1', 1, 'a'), rev('r4', 4, 'b'), rev('r3', 3, 'c')]);
    expect(plan.current.map((h) => h.metadata.name)).toEqual(['r4']);
    expect(plan.old.map((h) => h.metadata.name)).toEqual(['r1', 'r3']);
    expect(plan.next).toBe(4);
    // A rollback: the template of revision 1 returns and must become 4.
    expect(planHistory(ds('a'), [rev('r1', 1, 'a'), rev('r2', 2, 'b'), rev('r3', 3, 'c')]).next).toBe(4);
    expect(planHistory(ds('a'), []).next).toBe(1);
  });

  it('of duplicates the highest revision is kept, the later one on a tie', () => {
    expect(keptRevision([rev('x', 2, 'a'), rev('y', 5, 'a'), rev('z', 3, 'a')]).metadata.name).toBe('y');
    expect(keptRevision([rev('x', 2, 'a'), rev('y', 2, 'a')]).metadata.name).toBe('y');
  });

  it('beyond revisionHistoryLimit the oldest go first, sparing those a live pod still runs', () => {
    const old = [rev('r3', 3, 'c'), rev('r1', 1, 'a'), rev('r2', 2, 'b'), rev('r4', 4, 'd')];
    expect(revisionsToDelete(ds('e', 2), old, new Set())).toEqual(['r1', 'r2']);
    expect(revisionsToDelete(ds('e', 2), old, new Set(['r1']))).toEqual(['r2', 'r3']);
    expect(revisionsToDelete(ds('e', 0), old, new Set(['r2']))).toEqual(['r1', 'r3', 'r4']);
    // Defaulted limit 10: nothing to do with four.
    expect(revisionsToDelete(ds('e'), old, new Set())).toEqual([]);
  });
});

const AGENT = {
  apiVersion: 'apps/v1', kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
  },
};

function revisions(c: Cluster): { name: string; revision: number; image: string; owner?: string }[] {
  return c.client().list('controllerrevisions.apps', 'default').items
    .map((h) => ({ name: h.metadata.name!, revision: (h as Any).revision, image: (h as Any).data.spec?.template.spec.containers[0].image, owner: h.metadata.ownerReferences?.[0]?.name }))
    .sort((a, b) => a.revision - b.revision);
}

function setImage(c: Cluster, image: string): void {
  c.client().patch('daemonsets.apps', 'default', 'agent', 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image }] } } } });
}

/** Until every pod of the DaemonSet runs the current template and is ready. */
function rolledOut(c: Cluster): void {
  c.clock.runUntil(() => {
    const d = c.client().get('daemonsets.apps', 'default', 'agent') as Any;
    const s = d.status ?? {};
    return s.observedGeneration === d.metadata.generation && s.desiredNumberScheduled > 0 && s.updatedNumberScheduled === s.desiredNumberScheduled && s.numberAvailable === s.desiredNumberScheduled;
  }, 300_000);
}

describe('DaemonSet ControllerRevisions over virtual time', () => {
  // These drive the clock synchronously: the repairs' module is loaded first (lazy-repairs.test.ts loads it on demand).
  beforeAll(() => loadHistoryRepairs());

  it('kube-proxy has its first revision at boot, named after the hash its pods carry', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const list = c.client().list('controllerrevisions.apps', 'kube-system').items as Revision[];
    expect(list).toHaveLength(1);
    const [cr] = list;
    const hash = cr.metadata.labels![CONTROLLER_REVISION_HASH_LABEL];
    expect(cr.metadata.name).toBe(`kube-proxy-${hash}`);
    expect(cr.revision).toBe(1);
    expect(cr.metadata.ownerReferences).toMatchObject([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'kube-proxy', controller: true, blockOwnerDeletion: true }]);
    // snapshot copies the DaemonSet's annotations.
    expect(cr.metadata.annotations).toMatchObject({ 'deprecated.daemonset.template.generation': '1' });
    const pods = c.client().list('pods', 'kube-system', { labelSelector: 'k8s-app=kube-proxy' }).items;
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) expect(p.metadata.labels![CONTROLLER_REVISION_HASH_LABEL]).toBe(hash);
    expect(c.clock.errors).toEqual([]);
  });

  it('two image updates make revisions 1-3; a rollback renumbers the old revision instead of creating one', () => {
    const c = new Cluster({ seed: 4 }).boot();
    c.client().create('daemonsets.apps', 'default', AGENT as KObject);
    rolledOut(c);
    setImage(c, 'nginx:1.28');
    rolledOut(c);
    setImage(c, 'nginx:1.29');
    rolledOut(c);
    const three = revisions(c);
    expect(three.map((r) => [r.revision, r.image])).toEqual([[1, 'nginx:1.27'], [2, 'nginx:1.28'], [3, 'nginx:1.29']]);

    // What `kubectl rollout undo --to-revision=1` sends: the revision's data as a strategic merge patch.
    const first = c.client().get('controllerrevisions.apps', 'default', three[0].name) as Revision;
    c.client().patch('daemonsets.apps', 'default', 'agent', 'strategic', first.data);
    rolledOut(c);
    expect(revisions(c).map((r) => [r.name, r.revision])).toEqual([[three[1].name, 2], [three[2].name, 3], [three[0].name, 4]]);
    const hash = three[0].name.slice('agent-'.length);
    for (const p of c.client().list('pods', 'default').items) expect(p.metadata.labels![CONTROLLER_REVISION_HASH_LABEL]).toBe(hash);
    expect(c.clock.errors).toEqual([]);
  });

  it('keeps revisionHistoryLimit old revisions, and deleting the DaemonSet collects them all', () => {
    const c = new Cluster({ seed: 5 }).boot();
    c.client().create('daemonsets.apps', 'default', { ...AGENT, spec: { ...AGENT.spec, revisionHistoryLimit: 1 } } as KObject);
    rolledOut(c);
    for (const image of ['nginx:1.28', 'nginx:1.29', 'nginx:1.26']) {
      setImage(c, image);
      rolledOut(c);
      c.advance(1000);
    }
    expect(revisions(c).map((r) => [r.revision, r.image])).toEqual([[3, 'nginx:1.29'], [4, 'nginx:1.26']]);
    c.client().delete('daemonsets.apps', 'default', 'agent');
    c.clock.runUntil(() => revisions(c).length === 0, 60_000);
    expect(revisions(c)).toEqual([]);
    expect(c.clock.errors).toEqual([]);
  });

  it('a revision of another template under the new hash bumps status.collisionCount, and the next name is used', () => {
    const c = new Cluster({ seed: 6 }).boot();
    c.client().create('daemonsets.apps', 'default', AGENT as KObject);
    rolledOut(c);
    const stored = c.client().get('daemonsets.apps', 'default', 'agent') as Any;
    const next = structuredClone(stored.spec.template);
    next.spec.containers[0].image = 'nginx:1.28';
    const taken = templateHash(next);
    c.client().create('controllerrevisions.apps', 'default', { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: `agent-${taken}` }, data: { other: true }, revision: 7 } as KObject);
    setImage(c, 'nginx:1.28');
    rolledOut(c);
    expect((c.client().get('daemonsets.apps', 'default', 'agent').status as Any).collisionCount).toBe(1);
    const mine = revisions(c).filter((r) => r.owner === 'agent');
    expect(mine.map((r) => [r.name, r.revision])).toEqual([[expect.any(String), 1], [`agent-${templateHash(next, 1)}`, 2]]);
    expect(c.clock.errors).toEqual([]);
  });

  it('the API server keeps the data immutable and the revision non-negative (ValidateControllerRevision(Update))', () => {
    const c = new Cluster({ seed: 7 }).boot();
    const client = c.client();
    expect(() => client.create('controllerrevisions.apps', 'default', { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'x' }, revision: -1 } as KObject))
      .toThrow('ControllerRevision.apps "x" is invalid: [data: Required value: data is mandatory, revision: Invalid value: -1: must be greater than or equal to 0]');
    const made = client.create('controllerrevisions.apps', 'default', { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'x' }, data: { a: 1 } } as KObject) as Revision;
    expect(made.revision).toBe(0);
    expect(() => client.update('controllerrevisions.apps', { ...made, data: { a: 2 } } as KObject))
      .toThrow('ControllerRevision.apps "x" is invalid: data: Invalid value: {"a":2}: field is immutable');
    expect((client.update('controllerrevisions.apps', { ...made, revision: 3 } as KObject) as Revision).revision).toBe(3);
  });
});
