/**
 * Each in-tree plugin's queueing hints as pure decisions, case by case as in
 * the plugins' upstream *_test.go tables (v1.35): true is Queue, false QueueSkip.
 */
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/meta.js';
import { podInfoOf, type PodInfo } from '../framework/pod-info.js';
import * as ipa from './interpodaffinity/queueing-hints.js';
import * as pts from './podtopologyspread/queueing-hints.js';
import * as fit from './noderesources/fit.js';
import * as nodeaffinity from './nodeaffinity/index.js';
import * as nodeports from './nodeports/index.js';
import * as taints from './tainttoleration/index.js';
import * as unsched from './nodeunschedulable/index.js';

function pod(name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}, ns = 'default'): PodInfo {
  return podInfoOf({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, uid: `uid-${name}`, labels }, spec: { containers: [{ name: 'c', image: 'x' }], ...spec } } as KObject);
}
function node(name: string, labels: Record<string, string> = {}, spec: Record<string, unknown> = {}, allocatable: Record<string, string> = { cpu: '4', memory: '8Gi', pods: '110' }): KObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec, status: { allocatable } } as KObject;
}

describe('InterPodAffinity isSchedulableAfterNodeChange', () => {
  const anti = pod('p', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { a: 'b' } }, topologyKey: 'zone' }] } } });
  const aff = pod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { a: 'b' } }, topologyKey: 'zone' }] } } });
  it('anti-affinity: any node added queues; losing the key or changing its value queues; gaining it or an unrelated label does not', () => {
    expect(ipa.isSchedulableAfterNodeChange(anti, undefined, node('n'))).toBe(true);
    expect(ipa.isSchedulableAfterNodeChange(anti, node('n', { zone: 'a' }), node('n'))).toBe(true);
    expect(ipa.isSchedulableAfterNodeChange(anti, node('n', { zone: 'a' }), node('n', { zone: 'b' }))).toBe(true);
    expect(ipa.isSchedulableAfterNodeChange(anti, node('n'), node('n', { zone: 'a' }))).toBe(false);
    expect(ipa.isSchedulableAfterNodeChange(anti, node('n', { zone: 'a' }), node('n', { zone: 'a', disk: 'ssd' }))).toBe(false);
  });
  it('affinity: a node added with the key, gaining it, or changing its value queues; losing it or a node without it does not', () => {
    expect(ipa.isSchedulableAfterNodeChange(aff, undefined, node('n', { zone: 'a' }))).toBe(true);
    expect(ipa.isSchedulableAfterNodeChange(aff, undefined, node('n'))).toBe(false);
    expect(ipa.isSchedulableAfterNodeChange(aff, node('n'), node('n', { zone: 'a' }))).toBe(true);
    expect(ipa.isSchedulableAfterNodeChange(aff, node('n', { zone: 'a' }), node('n', { zone: 'b' }))).toBe(true);
    expect(ipa.isSchedulableAfterNodeChange(aff, node('n', { zone: 'a' }), node('n'))).toBe(false);
  });
  it('pod hint: unscheduled pods never help; an assigned matching pod deleted helps anti-affinity', () => {
    const bound = { ...pod('x', {}, { a: 'b' }), nodeName: 'n1' };
    expect(ipa.isSchedulableAfterPodChange(anti, bound, undefined)).toBe(true);
    expect(ipa.isSchedulableAfterPodChange(anti, pod('x', {}, { a: 'b' }), undefined)).toBe(false);
    expect(ipa.isSchedulableAfterPodChange(aff, undefined, bound)).toBe(true);
    expect(ipa.isSchedulableAfterPodChange(anti, undefined, bound)).toBe(false);
  });
});

describe('PodTopologySpread hints', () => {
  const spec = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] };
  const p = pod('p', spec, { app: 'web' });
  const assigned = (name: string, labels: Record<string, string>, ns = 'default') => ({ ...pod(name, {}, labels, ns), nodeName: 'n1' });
  it('assigned pods of the namespace matching the selector, added or deleted, queue; others do not', () => {
    expect(pts.isSchedulableAfterPodChange(p, undefined, assigned('a', { app: 'web' }))).toBe(true);
    expect(pts.isSchedulableAfterPodChange(p, assigned('a', { app: 'web' }), undefined)).toBe(true);
    expect(pts.isSchedulableAfterPodChange(p, undefined, assigned('a', { app: 'db' }))).toBe(false);
    expect(pts.isSchedulableAfterPodChange(p, undefined, assigned('a', { app: 'web' }, 'other'))).toBe(false);
    expect(pts.isSchedulableAfterPodChange(p, undefined, pod('a', {}, { app: 'web' }))).toBe(false);
  });
  it('a label change queues only when it flips a selector match', () => {
    expect(pts.isSchedulableAfterPodChange(p, assigned('a', { app: 'web' }), assigned('a', { app: 'db' }))).toBe(true);
    expect(pts.isSchedulableAfterPodChange(p, assigned('a', { app: 'web' }), assigned('a', { app: 'web', x: 'y' }))).toBe(false);
  });
  it('the pending pod getting a toleration queues only with nodeTaintsPolicy Honor', () => {
    const honor = pod('p', { topologySpreadConstraints: [{ ...spec.topologySpreadConstraints[0], nodeTaintsPolicy: 'Honor' }] }, { app: 'web' });
    const withTol = (q: PodInfo) => ({ ...q, tolerations: [{ key: 'k', operator: 'Exists' }] });
    expect(pts.isSchedulableAfterPodChange(honor, honor, withTol(honor))).toBe(true);
    expect(pts.isSchedulableAfterPodChange(p, p, withTol(p))).toBe(false);
  });
  it('nodes: added/deleted with every topology key, gaining or losing one, a value or taints changing', () => {
    expect(pts.isSchedulableAfterNodeChange(p, undefined, node('n', { zone: 'a' }))).toBe(true);
    expect(pts.isSchedulableAfterNodeChange(p, undefined, node('n'))).toBe(false);
    expect(pts.isSchedulableAfterNodeChange(p, node('n', { zone: 'a' }), undefined)).toBe(true);
    expect(pts.isSchedulableAfterNodeChange(p, node('n'), node('n', { zone: 'a' }))).toBe(true);
    expect(pts.isSchedulableAfterNodeChange(p, node('n', { zone: 'a' }), node('n', { zone: 'b' }))).toBe(true);
    expect(pts.isSchedulableAfterNodeChange(p, node('n', { zone: 'a' }), node('n', { zone: 'a', x: 'y' }))).toBe(false);
    expect(pts.isSchedulableAfterNodeChange(p, node('n', { zone: 'a' }), node('n', { zone: 'a' }, { taints: [{ key: 'k', effect: 'NoSchedule' }] }))).toBe(true);
  });
});

describe('NodeResourcesFit hints', () => {
  const big = pod('p', { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '3' } } }] });
  it('nodes: queue when the pod would fit on it empty and it is new or its cpu grew', () => {
    expect(fit.isSchedulableAfterNodeChange(big, undefined, node('n', {}, {}, { cpu: '4', pods: '10' }))).toBe(true);
    expect(fit.isSchedulableAfterNodeChange(big, undefined, node('n', {}, {}, { cpu: '2', pods: '10' }))).toBe(false);
    expect(fit.isSchedulableAfterNodeChange(big, node('n', {}, {}, { cpu: '2', pods: '10' }), node('n', {}, {}, { cpu: '4', pods: '10' }))).toBe(true);
    expect(fit.isSchedulableAfterNodeChange(big, node('n', {}, {}, { cpu: '4', memory: '1Gi', pods: '10' }), node('n', {}, {}, { cpu: '4', memory: '2Gi', pods: '10' }))).toBe(false);
  });
  it('pods: an assigned pod deleted queues, an unscheduled one does not; any update of the pending pod itself queues', () => {
    expect(fit.isSchedulableAfterPodEvent(big, { ...pod('x'), nodeName: 'n' }, undefined)).toBe(true);
    expect(fit.isSchedulableAfterPodEvent(big, pod('x'), undefined)).toBe(false);
    expect(fit.isSchedulableAfterPodEvent(big, big, big)).toBe(true);
    const a = { ...pod('a', { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '2' } } }] }), nodeName: 'n' };
    const b = { ...pod('a', { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '1' } } }] }), nodeName: 'n' };
    expect(fit.isSchedulableAfterPodEvent(big, a, b)).toBe(true);
    expect(fit.isSchedulableAfterPodEvent(big, b, a)).toBe(false);
  });
});

describe('NodeAffinity, NodePorts, TaintToleration, NodeUnschedulable hints', () => {
  it('NodeAffinity: a node that starts matching the selector queues, one that matched already does not', () => {
    const p = pod('p', { nodeSelector: { disk: 'ssd' } });
    expect(nodeaffinity.isSchedulableAfterNodeChange(p, undefined, node('n', { disk: 'ssd' }))).toBe(true);
    expect(nodeaffinity.isSchedulableAfterNodeChange(p, node('n'), node('n', { disk: 'ssd' }))).toBe(true);
    expect(nodeaffinity.isSchedulableAfterNodeChange(p, node('n', { disk: 'ssd' }), node('n', { disk: 'ssd', x: 'y' }))).toBe(false);
    expect(nodeaffinity.isSchedulableAfterNodeChange(p, undefined, node('n'))).toBe(false);
  });
  it('NodePorts: an assigned pod deleted that held a wanted host port', () => {
    const ports = (port: number) => ({ containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: port }] }] });
    const p = pod('p', ports(8080));
    expect(nodeports.isSchedulableAfterPodDeleted(p, { ...pod('x', ports(8080)), nodeName: 'n' })).toBe(true);
    expect(nodeports.isSchedulableAfterPodDeleted(p, { ...pod('x', ports(9090)), nodeName: 'n' })).toBe(false);
    expect(nodeports.isSchedulableAfterPodDeleted(p, pod('x', ports(8080)))).toBe(false);
  });
  it('TaintToleration: untolerated before (or new), tolerated now', () => {
    const p = pod('p');
    const tainted = node('n', {}, { taints: [{ key: 'k', effect: 'NoSchedule' }] });
    expect(taints.isSchedulableAfterNodeChange(p, undefined, node('n'))).toBe(true);
    expect(taints.isSchedulableAfterNodeChange(p, undefined, tainted)).toBe(false);
    expect(taints.isSchedulableAfterNodeChange(p, tainted, node('n'))).toBe(true);
    expect(taints.isSchedulableAfterNodeChange(p, node('n'), node('n', { x: 'y' }))).toBe(false);
    expect(taints.isSchedulableAfterPodTolerationChange(p, p, p)).toBe(true);
    expect(taints.isSchedulableAfterPodTolerationChange(p, pod('q'), pod('q'))).toBe(false);
  });
  it('NodeUnschedulable: a node added schedulable or uncordoned; the pod itself now tolerating the cordon', () => {
    const p = pod('p');
    expect(unsched.isSchedulableAfterNodeChange(p, undefined, node('n'))).toBe(true);
    expect(unsched.isSchedulableAfterNodeChange(p, undefined, node('n', {}, { unschedulable: true }))).toBe(false);
    expect(unsched.isSchedulableAfterNodeChange(p, node('n', {}, { unschedulable: true }), node('n'))).toBe(true);
    const tol = pod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(unsched.isSchedulableAfterPodTolerationChange(p, p, tol)).toBe(true);
    expect(unsched.isSchedulableAfterPodTolerationChange(p, p, p)).toBe(false);
  });
});
