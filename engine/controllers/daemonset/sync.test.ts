import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/meta.js';
import { daemonPodTemplate, newDaemonPod, nodeNameAffinity, predicatePodSpec, targetNodeName, templateHash } from './pod.js';
import { nodeShouldRunDaemonPod } from './predicates.js';
import { calculateStatus, evaluateNodes, planManage, planRollingUpdate, scaledValue } from './sync.js';

const T0 = Date.UTC(2026, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function node(name: string, opts: { taints?: { key: string; effect: string; value?: string }[]; labels?: Record<string, string> } = {}): KObject {
  return { metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } }, spec: opts.taints ? { taints: opts.taints } : {} };
}
function ds(spec: Record<string, unknown> = {}, templateSpec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system', uid: 'ds-uid', generation: 1, annotations: { 'deprecated.daemonset.template.generation': '1' } },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:1' }], ...templateSpec } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      ...spec,
    },
  };
}
function pod(name: string, nodeName: string, hash: string, opts: { ready?: boolean; created?: number; phase?: string; deleting?: boolean; readySince?: number } = {}): KObject {
  return {
    metadata: { name, creationTimestamp: iso(opts.created ?? T0), labels: { app: 'agent', 'controller-revision-hash': hash }, ...(opts.deleting ? { deletionTimestamp: iso(T0) } : {}) },
    spec: { nodeName },
    status: { phase: opts.phase ?? 'Running', conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True', lastTransitionTime: iso(opts.readySince ?? T0) }] },
  };
}

const cpTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('nodeShouldRunDaemonPod', () => {
  it('skips a node with an untolerated NoSchedule taint but lets a running pod stay', () => {
    expect(nodeShouldRunDaemonPod(node('cp', { taints: [cpTaint] }), predicatePodSpec(ds()))).toEqual({ shouldRun: false, shouldContinueRunning: true });
  });
  it('evicts from a node with an untolerated NoExecute taint', () => {
    expect(nodeShouldRunDaemonPod(node('n', { taints: [{ key: 'dedicated', effect: 'NoExecute' }] }), predicatePodSpec(ds()))).toEqual({ shouldRun: false, shouldContinueRunning: false });
  });
  it('tolerates the node condition taints by itself', () => {
    const n = node('n', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }] });
    expect(nodeShouldRunDaemonPod(n, predicatePodSpec(ds()))).toEqual({ shouldRun: true, shouldContinueRunning: true });
    // network-unavailable only for hostNetwork pods.
    const net = node('n', { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] });
    expect(nodeShouldRunDaemonPod(net, predicatePodSpec(ds())).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(net, predicatePodSpec(ds({}, { hostNetwork: true }))).shouldRun).toBe(true);
  });
  it('honours nodeSelector and required node affinity', () => {
    const d = ds({}, { nodeSelector: { disk: 'ssd' } });
    expect(nodeShouldRunDaemonPod(node('a', { labels: { disk: 'ssd' } }), predicatePodSpec(d)).shouldRun).toBe(true);
    expect(nodeShouldRunDaemonPod(node('b'), predicatePodSpec(d)).shouldRun).toBe(false);
    const aff = ds({}, { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['z1'] }] }] } } } });
    expect(nodeShouldRunDaemonPod(node('a', { labels: { zone: 'z1' } }), predicatePodSpec(aff)).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(node('b', { labels: { zone: 'z2' } }), predicatePodSpec(aff)).shouldRun).toBe(true);
  });
});

describe('daemon pods', () => {
  it('carry the revision hash, the template generation and a node affinity naming their node', () => {
    const d = ds();
    const hash = templateHash((d.spec as { template: unknown }).template);
    const p = newDaemonPod(d, daemonPodTemplate(d, hash), 'worker-1');
    expect(p.metadata.generateName).toBe('agent-');
    expect(p.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': hash, 'pod-template-generation': '1' });
    expect(targetNodeName(p)).toBe('worker-1');
    // A template affinity keeps its other parts; only the required terms are replaced.
    const a = nodeNameAffinity({ podAntiAffinity: {}, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'x', operator: 'Exists' }] }] } } }, 'n1');
    expect(a).toEqual({ podAntiAffinity: {}, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } });
  });
  it('hash changes with the template and with the collision count', () => {
    const t = (ds().spec as { template: unknown }).template;
    expect(templateHash(t)).not.toBe(templateHash({ ...(t as object), x: 1 }));
    expect(templateHash(t)).not.toBe(templateHash(t, 1));
    expect(templateHash(t)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});

describe('planManage', () => {
  const nodes = [node('cp', { taints: [cpTaint] }), node('w1'), node('w2')];
  it('creates on nodes without a pod, deletes failed pods and extra pods (keeping the oldest)', () => {
    const d = ds();
    const should = evaluateNodes(nodes, predicatePodSpec(d));
    const byNode = new Map([
      ['w1', [pod('new', 'w1', 'h', { created: T0 + 5000 }), pod('old', 'w1', 'h', { created: T0 })]],
      ['w2', [pod('bad', 'w2', 'h', { phase: 'Failed' })]],
    ]);
    const plan = planManage(d, nodes, should, byNode, 'h', T0 + 10_000);
    expect(plan.create).toEqual([]);
    expect(plan.delete.sort()).toEqual(['bad', 'new']);
    expect(plan.failed).toEqual([{ pod: 'bad', node: 'w2' }]);
    expect(planManage(d, nodes, should, new Map(), 'h', T0).create).toEqual(['w1', 'w2']);
  });
  it('does not create beside a pod that is still terminating', () => {
    const d = ds();
    const plan = planManage(d, nodes, evaluateNodes(nodes, predicatePodSpec(d)), new Map([['w1', [pod('going', 'w1', 'h', { deleting: true })]]]), 'h', T0);
    expect(plan.create).toEqual(['w2']);
  });
});

describe('planRollingUpdate', () => {
  const nodes = ['a', 'b', 'c', 'd'].map((n) => node(n));
  it('deletes old pods up to maxUnavailable, unavailable old pods first and free', () => {
    const d = ds();
    const should = evaluateNodes(nodes, predicatePodSpec(d));
    const byNode = new Map([
      ['a', [pod('pa', 'a', 'old')]],
      ['b', [pod('pb', 'b', 'old', { ready: false })]],
      ['c', [pod('pc', 'c', 'old')]],
      ['d', [pod('pd', 'd', 'new')]],
    ]);
    expect(planRollingUpdate(d, nodes, should, byNode, 'new', T0)).toEqual({ create: [], delete: ['pb', 'pa'] });
    // A node whose new pod is not available yet uses up the budget.
    byNode.set('d', [pod('pd', 'd', 'new', { ready: false })]);
    expect(planRollingUpdate(d, nodes, should, byNode, 'new', T0)).toEqual({ create: [], delete: ['pb'] });
  });
  it('with maxSurge starts new pods beside old ones and deletes the old once the new are available', () => {
    const d = ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } });
    const should = evaluateNodes(nodes, predicatePodSpec(d));
    const byNode = new Map(nodes.map((n) => [n.metadata.name!, [pod(`p${n.metadata.name}`, n.metadata.name!, 'old')]]));
    expect(planRollingUpdate(d, nodes, should, byNode, 'new', T0)).toEqual({ create: ['a'], delete: [] });
    byNode.set('a', [pod('pa', 'a', 'old'), pod('na', 'a', 'new')]);
    expect(planRollingUpdate(d, nodes, should, byNode, 'new', T0)).toEqual({ create: ['b'], delete: ['pa'] });
  });
  it('scales percentages up, as intstr with roundUp', () => {
    expect(scaledValue('25%', 5, 0)).toBe(2);
    expect(scaledValue('10%', 3, 0)).toBe(1);
    expect(scaledValue(3, 100, 0)).toBe(3);
  });
});

describe('calculateStatus', () => {
  it('counts desired, current, misscheduled, ready, available and updated as updateDaemonSetStatus', () => {
    const nodes = [node('cp', { taints: [cpTaint] }), node('w1'), node('w2'), node('w3')];
    const d = ds({ minReadySeconds: 10 });
    const should = evaluateNodes(nodes, predicatePodSpec(d));
    const byNode = new Map([
      ['cp', [pod('x', 'cp', 'h')]],
      ['w1', [pod('a', 'w1', 'h', { readySince: T0 })]],
      ['w2', [pod('b', 'w2', 'old', { readySince: T0 + 5_000 })]],
    ]);
    expect(calculateStatus(d, nodes, should, byNode, 'h', T0 + 12_000)).toEqual({
      currentNumberScheduled: 2, numberMisscheduled: 1, desiredNumberScheduled: 3, numberReady: 2, observedGeneration: 1,
      updatedNumberScheduled: 1, numberAvailable: 1, numberUnavailable: 2,
    });
  });
});
