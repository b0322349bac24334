import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../api/meta.js';
import { mergeLabelKeys } from '../../framework/affinity-terms.js';
import { SchedulerCache } from '../../framework/cache.js';
import type { Handle } from '../../framework/handle.js';
import { podInfoOf, type PodInfo } from '../../framework/pod-info.js';
import { Code, CycleState, type Status } from '../../framework/types.js';
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  isSchedulableAfterPodChange, newPlugin,
} from './index.js';
import { normalizeAffinityScores } from './scoring.js';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

type Affinity = Record<string, unknown>;

function node(name: string, zone?: string): KObject {
  const labels: Record<string, string> = { [HOST]: name };
  if (zone) labels[ZONE] = zone;
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } };
}

function pod(name: string, labels: Record<string, string>, opts: { node?: string; ns?: string; affinity?: Affinity } = {}): PodInfo {
  return podInfoOf({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: opts.ns ?? 'default', uid: `uid-${name}`, labels },
    spec: { nodeName: opts.node, containers: [{ name: 'c', image: 'nginx' }], affinity: opts.affinity },
  } as KObject);
}

const term = (labels: Record<string, string>, topologyKey = HOST, extra: Record<string, unknown> = {}) => ({ labelSelector: { matchLabels: labels }, topologyKey, ...extra });
const antiRequired = (...terms: unknown[]): Affinity => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } });
const affinityRequired = (...terms: unknown[]): Affinity => ({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } });

function setup(nodes: KObject[], pods: PodInfo[], namespaces: KObject[] = []) {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addOrUpdateNode(n);
  for (const p of pods) cache.addOrUpdatePod(p);
  const h = {
    cache,
    namespaces: () => namespaces,
    namespace: (name: string) => namespaces.find((n) => n.metadata.name === name),
  } as unknown as Handle;
  return { cache, plugin: newPlugin(h) };
}

/** PreFilter then Filter on every node: node name → status (null = passes), or the PreFilter status. */
function filterAll(s: ReturnType<typeof setup>, incoming: PodInfo): { pre?: Status; nodes: Record<string, Status | null> } {
  const state = new CycleState();
  const { status } = s.plugin.preFilter(state, incoming, s.cache.nodeList);
  if (status) return { pre: status, nodes: {} };
  const out: Record<string, Status | null> = {};
  for (const n of s.cache.nodeList) out[n.name] = s.plugin.filter(state, incoming, n);
  return { nodes: out };
}

function scoreAll(s: ReturnType<typeof setup>, incoming: PodInfo): Record<string, number> | 'skip' {
  const state = new CycleState();
  const st = s.plugin.preScore(state, incoming, s.cache.nodeList, s.cache.nodeList);
  if (st?.code === Code.Skip) return 'skip';
  const scores = s.cache.nodeList.map((n) => s.plugin.score(state, incoming, n));
  s.plugin.normalizeScore!(state, incoming, s.cache.nodeList, scores);
  return Object.fromEntries(s.cache.nodeList.map((n, i) => [n.name, scores[i]]));
}

const reject = (code: Code, reason: string) => ({ code, reasons: [reason] });

describe('InterPodAffinity reasons', () => {
  it('are the v1.35 texts', () => {
    expect(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH).toBe("node(s) didn't satisfy existing pods anti-affinity rules");
    expect(ERR_REASON_AFFINITY_RULES_NOT_MATCH).toBe("node(s) didn't match pod affinity rules");
    expect(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH).toBe("node(s) didn't match pod anti-affinity rules");
  });
});

describe('InterPodAffinity PreFilter/Filter', () => {
  const nodes = [node('n1', 'a'), node('n2', 'a'), node('n3', 'b'), node('n4')];

  it('skips pods without terms while no placed pod has required anti-affinity', () => {
    const s = setup(nodes, [pod('web-1', { app: 'web' }, { node: 'n1' })]);
    expect(filterAll(s, pod('x', { app: 'web' })).pre?.code).toBe(Code.Skip);
  });

  it('required anti-affinity on hostname: a node already running a matching pod is Unschedulable', () => {
    const s = setup(nodes, [pod('web-1', { app: 'web' }, { node: 'n1' }), pod('other', { app: 'db' }, { node: 'n2' })]);
    const r = filterAll(s, pod('web-2', { app: 'web' }, { affinity: antiRequired(term({ app: 'web' })) }));
    expect(r.nodes).toEqual({ n1: reject(Code.Unschedulable, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH), n2: null, n3: null, n4: null });
  });

  it('required anti-affinity on zone repels the whole zone; a node without the key is not repelled', () => {
    const s = setup(nodes, [pod('web-1', { app: 'web' }, { node: 'n1' })]);
    const r = filterAll(s, pod('web-2', { app: 'web' }, { affinity: antiRequired(term({ app: 'web' }, ZONE)) }));
    const anti = reject(Code.Unschedulable, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
    expect(r.nodes).toEqual({ n1: anti, n2: anti, n3: null, n4: null });
  });

  it('required affinity co-locates with a labelled pod; elsewhere it is UnschedulableAndUnresolvable', () => {
    const s = setup(nodes, [pod('db-1', { app: 'db' }, { node: 'n2' })]);
    const r = filterAll(s, pod('web', { app: 'web' }, { affinity: affinityRequired(term({ app: 'db' }, ZONE)) }));
    const no = reject(Code.UnschedulableAndUnresolvable, ERR_REASON_AFFINITY_RULES_NOT_MATCH);
    // n4 has no zone label at all: every term's key must exist on the node.
    expect(r.nodes).toEqual({ n1: null, n2: null, n3: no, n4: no });
  });

  it('the first pod of a group with affinity to itself may go anywhere with the key; one not matching its own terms may not', () => {
    const s = setup(nodes, []);
    const self = filterAll(s, pod('cache-0', { app: 'cache' }, { affinity: affinityRequired(term({ app: 'cache' }, ZONE)) }));
    const no = reject(Code.UnschedulableAndUnresolvable, ERR_REASON_AFFINITY_RULES_NOT_MATCH);
    expect(self.nodes).toEqual({ n1: null, n2: null, n3: null, n4: no });
    const other = filterAll(s, pod('web', { app: 'web' }, { affinity: affinityRequired(term({ app: 'cache' }, ZONE)) }));
    expect(other.nodes).toEqual({ n1: no, n2: no, n3: no, n4: no });
  });

  it("an existing pod's required anti-affinity repels a matching incoming pod that has no terms", () => {
    const s = setup(nodes, [pod('loner', { app: 'loner' }, { node: 'n3', affinity: antiRequired(term({ app: 'web' }, ZONE)) })]);
    const r = filterAll(s, pod('web', { app: 'web' }));
    expect(r.nodes).toEqual({ n1: null, n2: null, n3: reject(Code.Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH), n4: null });
    // A pod it does not select is not repelled (and the plugin has nothing to do).
    expect(filterAll(s, pod('api', { app: 'api' })).pre?.code).toBe(Code.Skip);
  });

  it('terms look in the pod\'s own namespace unless namespaces or a namespaceSelector say otherwise', () => {
    const namespaces: KObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { team: 'a' } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b', labels: { team: 'b' } } },
    ];
    const placed = [pod('a', { app: 'web' }, { node: 'n1', ns: 'team-a' }), pod('b', { app: 'web' }, { node: 'n3', ns: 'team-b' })];
    const s = setup(nodes, placed, namespaces);
    const anti = reject(Code.Unschedulable, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
    const own = filterAll(s, pod('x', { app: 'web' }, { affinity: antiRequired(term({ app: 'web' })) }));
    expect(own.nodes).toEqual({ n1: null, n2: null, n3: null, n4: null });
    const bySelector = filterAll(s, pod('x', { app: 'web' }, { affinity: antiRequired(term({ app: 'web' }, HOST, { namespaceSelector: { matchLabels: { team: 'a' } } })) }));
    expect(bySelector.nodes).toEqual({ n1: anti, n2: null, n3: null, n4: null });
    const everywhere = filterAll(s, pod('x', { app: 'web' }, { affinity: antiRequired(term({ app: 'web' }, HOST, { namespaceSelector: {} })) }));
    expect(everywhere.nodes).toEqual({ n1: anti, n2: null, n3: anti, n4: null });
    const listed = filterAll(s, pod('x', { app: 'web' }, { affinity: antiRequired(term({ app: 'web' }, HOST, { namespaces: ['team-b'] })) }));
    expect(listed.nodes).toEqual({ n1: null, n2: null, n3: anti, n4: null });
  });

  it("an existing pod's namespaceSelector is matched against the incoming pod's namespace labels", () => {
    const namespaces: KObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { env: 'prod' } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev', labels: { env: 'dev' } } },
    ];
    const guard = pod('guard', { app: 'guard' }, { node: 'n2', ns: 'prod', affinity: antiRequired(term({ app: 'web' }, HOST, { namespaceSelector: { matchLabels: { env: 'dev' } } })) });
    const s = setup(nodes, [guard], namespaces);
    const existing = reject(Code.Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
    expect(filterAll(s, pod('w', { app: 'web' }, { ns: 'dev' })).nodes).toEqual({ n1: null, n2: existing, n3: null, n4: null });
    expect(filterAll(s, pod('w', { app: 'web' }, { ns: 'prod' })).pre?.code).toBe(Code.Skip);
  });

  it('preemption taking a victim away (RemovePod) lifts the anti-affinity it caused', () => {
    const victim = pod('web-1', { app: 'web' }, { node: 'n1' });
    const s = setup(nodes, [victim]);
    const incoming = pod('web-2', { app: 'web' }, { affinity: antiRequired(term({ app: 'web' })) });
    const state = new CycleState();
    s.plugin.preFilter(state, incoming, s.cache.nodeList);
    const n1 = s.cache.nodeInfo('n1')!;
    expect(s.plugin.filter(state, incoming, n1)?.code).toBe(Code.Unschedulable);
    s.plugin.removePod!(state, incoming, victim, n1);
    expect(s.plugin.filter(state, incoming, n1)).toBeNull();
  });
});

describe('InterPodAffinity scoring', () => {
  const nodes = [node('n1', 'a'), node('n2', 'a'), node('n3', 'b')];
  const preferred = (kind: 'podAffinity' | 'podAntiAffinity', ...terms: { weight: number; podAffinityTerm: unknown }[]): Affinity => ({ [kind]: { preferredDuringSchedulingIgnoredDuringExecution: terms } });

  it('skips when no pod has terms, and when no term matches anything', () => {
    expect(scoreAll(setup(nodes, [pod('a', { app: 'a' }, { node: 'n1' })]), pod('x', { app: 'x' }))).toBe('skip');
    // CoreDNS's preferred anti-affinity (k8s-app=kube-dns) does not concern other pods.
    const dns = pod('coredns', { 'k8s-app': 'kube-dns' }, { node: 'n1', affinity: preferred('podAntiAffinity', { weight: 100, podAffinityTerm: term({ 'k8s-app': 'kube-dns' }) }) });
    expect(scoreAll(setup(nodes, [dns]), pod('x', { app: 'x' }))).toBe('skip');
  });

  it('preferred affinity weights pull the pod to the matching pod\'s zone; preferred anti-affinity pushes it away', () => {
    const s = setup(nodes, [pod('cache', { app: 'cache' }, { node: 'n3' }), pod('noisy', { app: 'noisy' }, { node: 'n1' })]);
    const incoming = pod('web', { app: 'web' }, {
      affinity: {
        ...preferred('podAffinity', { weight: 80, podAffinityTerm: term({ app: 'cache' }, ZONE) }),
        ...preferred('podAntiAffinity', { weight: 20, podAffinityTerm: term({ app: 'noisy' }) }),
      },
    });
    // Raw: n1 −20, n2 0, n3 +80 → (s+20)/100 × 100.
    expect(scoreAll(s, incoming)).toEqual({ n1: 0, n2: 20, n3: 100 });
  });

  it("existing pods' terms count too: required affinity with weight 1, preferred with their weights", () => {
    const s = setup(nodes, [
      pod('wants-web', { app: 'x' }, { node: 'n1', affinity: affinityRequired(term({ app: 'web' })) }),
      pod('likes-web', { app: 'y' }, { node: 'n2', affinity: preferred('podAffinity', { weight: 3, podAffinityTerm: term({ app: 'web' }) }) }),
      pod('hates-web', { app: 'z' }, { node: 'n3', affinity: preferred('podAntiAffinity', { weight: 5, podAffinityTerm: term({ app: 'web' }) }) }),
    ]);
    // Raw: n1 +1, n2 +3, n3 −5 → min −5, max 3: (6/8, 8/8, 0) × 100.
    expect(scoreAll(s, pod('web', { app: 'web' }))).toEqual({ n1: 75, n2: 100, n3: 0 });
  });

  it('normalises between the lowest and the highest score, all 0 when they are equal', () => {
    const a = [-5, 0, 5, 2];
    normalizeAffinityScores(a);
    expect(a).toEqual([0, 50, 100, 70]);
    const b = [4, 4];
    normalizeAffinityScores(b);
    expect(b).toEqual([0, 0]);
  });
});

describe('InterPodAffinity helpers', () => {
  it('matchLabelKeys / mismatchLabelKeys merge the pod\'s label values into the selector (mutatePodAffinity)', () => {
    const t = { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: HOST, matchLabelKeys: ['pod-template-hash', 'absent'], mismatchLabelKeys: ['tenant'] };
    expect(mergeLabelKeys(t, { app: 'web', 'pod-template-hash': '5d8f', tenant: 't1' })).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'pod-template-hash', operator: 'In', values: ['5d8f'] }, { key: 'tenant', operator: 'NotIn', values: ['t1'] }],
    });
    // A missing labelSelector selects nothing and stays missing.
    expect(mergeLabelKeys({ topologyKey: HOST, matchLabelKeys: ['x'] }, { x: '1' })).toBeUndefined();
  });

  it('matchLabelKeys keeps replicas of an old ReplicaSet from repelling the new one', () => {
    const nodes = [node('n1'), node('n2')];
    const anti = antiRequired({ ...term({ app: 'web' }), matchLabelKeys: ['pod-template-hash'] });
    const s = setup(nodes, [pod('old', { app: 'web', 'pod-template-hash': 'old' }, { node: 'n1', affinity: anti })]);
    const r = filterAll(s, pod('new', { app: 'web', 'pod-template-hash': 'new' }, { affinity: anti }));
    expect(r.nodes).toEqual({ n1: null, n2: null });
  });

  it('the cache keeps the pods with affinity as they come and go', () => {
    const cache = new SchedulerCache();
    const a = pod('a', { app: 'a' }, { node: 'n1', affinity: antiRequired(term({ app: 'a' })) });
    const b = pod('b', { app: 'b' }, { node: 'n1', affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: term({ app: 'a' }) }] } } });
    const c = pod('c', { app: 'c' }, { node: 'n1' });
    for (const p of [a, b, c]) cache.addOrUpdatePod(p);
    expect([cache.podsWithAffinity.size, cache.podsWithRequiredAntiAffinity.size]).toEqual([2, 1]);
    cache.removePod('uid-a');
    expect([cache.podsWithAffinity.size, cache.podsWithRequiredAntiAffinity.size]).toEqual([1, 0]);
    cache.addOrUpdatePod(pod('b', { app: 'b' }, { node: 'n2' }));
    expect([cache.podsWithAffinity.size, cache.podsWithRequiredAntiAffinity.size]).toEqual([0, 0]);
  });

  it('queueing hint: which assigned-pod events may help a pod InterPodAffinity rejected', () => {
    const pending = pod('p', { app: 'web' }, { affinity: { ...affinityRequired(term({ app: 'db' })), ...antiRequired(term({ app: 'web' })) } });
    const at = (labels: Record<string, string>, nodeName = 'n1') => ({ namespace: 'default', labels, nodeName });
    expect(isSchedulableAfterPodChange(pending, undefined, at({ app: 'db' }))).toBe(true);
    expect(isSchedulableAfterPodChange(pending, undefined, at({ app: 'api' }))).toBe(false);
    expect(isSchedulableAfterPodChange(pending, undefined, at({ app: 'db' }, ''))).toBe(false);
    expect(isSchedulableAfterPodChange(pending, at({ app: 'web' }), undefined)).toBe(true);
    expect(isSchedulableAfterPodChange(pending, at({ app: 'api' }), undefined)).toBe(false);
    expect(isSchedulableAfterPodChange(pending, at({ app: 'web' }), at({ app: 'web2' }))).toBe(true);
    expect(isSchedulableAfterPodChange(pending, at({ app: 'x' }), at({ app: 'db' }))).toBe(true);
    expect(isSchedulableAfterPodChange(pending, at({ app: 'x' }), at({ app: 'y' }))).toBe(false);
  });
});
