/**
 * predicateAdmitHandler.Admit (pkg/kubelet/lifecycle/predicate.go, v1.35; admit-check.ts, worded by admission.ts): the OS checks first, then the
 * scheduler's AdmissionCheck in its order (noderesources.Fits: pods, cpu, memory, ephemeral-storage, extended;
 * then NodeAffinity, NodeName, NodePorts), then the kubelet's NoExecute-only taint check; the first failure
 * names the reason ("OutOf<resource>" for InsufficientResourceError, the predicate's name otherwise).
 */
import { describe, expect, it } from 'vitest';
import type { Container, Pod, PodSpec, Taint } from 'kubernetes-types/core/v1';
import type { KObject } from '../api/meta.js';
import { admitFailure, type AdmittedPod } from './admit-check.js';
import { rejection } from './admission.js';

/** The verdict as the event and the pod's status word it. */
function admit(n: KObject, p: Pod & KObject, others: AdmittedPod[]) {
  const failure = admitFailure(n, p, others);
  return failure === undefined ? undefined : rejection(failure);
}

function node(opts: { allocatable?: Record<string, string>; labels?: Record<string, string>; taints?: Taint[] } = {}): KObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: 'worker-1', labels: { 'kubernetes.io/hostname': 'worker-1', 'kubernetes.io/os': 'linux', ...opts.labels } },
    spec: { taints: opts.taints },
    status: { allocatable: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '50Gi', pods: '110', ...opts.allocatable } },
  } as KObject;
}

let uid = 0;
function pod(spec: Partial<PodSpec> & { requests?: Record<string, string> } = {}, labels?: Record<string, string>): Pod & KObject {
  const { requests, ...rest } = spec;
  const containers: Container[] = rest.containers ?? [{ name: 'c', image: 'nginx', resources: requests ? { requests } : {} }];
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${++uid}`, namespace: 'default', uid: `uid-${uid}`, labels }, spec: { nodeName: 'worker-1', ...rest, containers } } as Pod & KObject;
}

const running = (...pods: (Pod & KObject)[]): AdmittedPod[] => pods.map((p) => ({ pod: p, finished: false }));

describe('admit', () => {
  it('words the eviction manager\'s rejection under MemoryPressure as its admit handler does', () => {
    expect(rejection('Evicted')).toEqual({ reason: 'Evicted', message: 'The node had condition: [MemoryPressure]. ' });
  });


  it('admits a pod that fits', () => {
    expect(admit(node(), pod({ requests: { cpu: '1', memory: '1Gi' } }), running(pod({ requests: { cpu: '1' } })))).toBeUndefined();
  });

  it('rejects with InsufficientResourceError: requested, used by the admitted pods, and allocatable, in cpu millicores and bytes', () => {
    expect(admit(node(), pod({ requests: { cpu: '500m' } }), running(pod({ requests: { cpu: '1600m' } })))).toEqual({
      reason: 'OutOfcpu', message: "Node didn't have enough resource: cpu, requested: 500, used: 1600, capacity: 2000",
    });
    expect(admit(node(), pod({ requests: { memory: '5Gi' } }), [])).toEqual({
      reason: 'OutOfmemory', message: "Node didn't have enough resource: memory, requested: 5368709120, used: 0, capacity: 4294967296",
    });
    expect(admit(node(), pod({ requests: { 'ephemeral-storage': '60Gi' } }), [])?.reason).toBe('OutOfephemeral-storage');
  });

  it('does not count finished pods (filterOutInactivePods)', () => {
    expect(admit(node(), pod({ requests: { cpu: '1' } }), [{ pod: pod({ requests: { cpu: '2' } }), finished: true }])).toBeUndefined();
  });

  it('sums requests as the scheduler does: the largest init container, sidecars added, overhead added', () => {
    const init = pod({ initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '1800m' } } }], requests: { cpu: '100m' } });
    expect(admit(node(), init, running(pod({ requests: { cpu: '300m' } })))?.message).toBe("Node didn't have enough resource: cpu, requested: 1800, used: 300, capacity: 2000");
    const sidecar = pod({ initContainers: [{ name: 'log', image: 'busybox', restartPolicy: 'Always', resources: { requests: { cpu: '1' } } }], requests: { cpu: '1' }, overhead: { cpu: '250m' } });
    expect(admit(node(), sidecar, [])?.message).toBe("Node didn't have enough resource: cpu, requested: 2250, used: 0, capacity: 2000");
  });

  it('rejects the pod past the node\'s pod capacity with OutOfpods, before any other resource', () => {
    const full = running(pod(), pod());
    expect(admit(node({ allocatable: { pods: '2' } }), pod({ requests: { cpu: '3' } }), full)).toEqual({
      reason: 'OutOfpods', message: "Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2",
    });
  });

  it('checks an extended resource the node advertises, and ignores one it does not (removeMissingExtendedResources)', () => {
    const dongles = node({ allocatable: { 'example.com/dongle': '4' } });
    expect(admit(dongles, pod({ requests: { 'example.com/dongle': '3' } }), running(pod({ requests: { 'example.com/dongle': '2' } })))).toEqual({
      reason: 'OutOfexample.com/dongle', message: "Node didn't have enough resource: example.com/dongle, requested: 3, used: 2, capacity: 4",
    });
    expect(admit(node(), pod({ requests: { 'example.com/dongle': '3' } }), [])).toBeUndefined();
  });

  it('puts resources before node affinity, node affinity before host ports, host ports before taints', () => {
    const taints: Taint[] = [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }];
    const hostPort = (): Partial<PodSpec> => ({ containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }] });
    const everything = pod({ ...hostPort(), nodeSelector: { disktype: 'ssd' } });
    everything.spec!.containers[0].resources = { requests: { cpu: '3' } };
    const n = node({ taints });
    const holder = running(pod(hostPort()));
    expect(admit(n, everything, holder)?.reason).toBe('OutOfcpu');
    delete everything.spec!.containers[0].resources;
    expect(admit(n, everything, holder)).toEqual({ reason: 'NodeAffinity', message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" });
    delete everything.spec!.nodeSelector;
    expect(admit(n, everything, holder)).toEqual({ reason: 'NodePorts', message: "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports" });
    expect(admit(n, everything, [])).toEqual({ reason: 'TaintToleration', message: "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate" });
  });

  it('minds only NoExecute taints, and tolerated ones not', () => {
    const noSchedule = node({ taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, { key: 'x', effect: 'PreferNoSchedule' }] });
    expect(admit(noSchedule, pod(), [])).toBeUndefined();
    const noExecute = node({ taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] });
    expect(admit(noExecute, pod({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }] }), [])).toBeUndefined();
  });

  it('rejects a pod labelled for another OS, or whose spec.os is not linux, before anything else', () => {
    expect(admit(node(), pod({ requests: { cpu: '3' } }, { 'kubernetes.io/os': 'windows' }), [])).toEqual({
      reason: 'PodOSSelectorNodeLabelDoesNotMatch', message: "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label",
    });
    expect(admit(node(), pod({ os: { name: 'windows' } }), [])).toEqual({ reason: 'PodOSNotSupported', message: "Failed to admit pod as the OS field doesn't match node OS" });
    expect(admit(node(), pod({ os: { name: 'linux' } }, { 'kubernetes.io/os': 'linux' }), [])).toBeUndefined();
    // A nodeSelector on kubernetes.io/os is node affinity's business, not the OS check's.
    expect(admit(node(), pod({ nodeSelector: { 'kubernetes.io/os': 'windows' } }), [])?.reason).toBe('NodeAffinity');
  });
});

describe('admit, a pod the scheduler bound', () => {
  const bound = (p: Pod & KObject) => ({ ...p, status: { conditions: [{ type: 'PodScheduled', status: 'True' }] } }) as Pod & KObject;

  it('is not summed against the node again (the scheduler\'s cache did), but still meets the checks the scheduler does not make', () => {
    expect(admit(node(), bound(pod({ requests: { cpu: '3' } })), [])).toBeUndefined();
    expect(admit(node(), bound(pod({}, { 'kubernetes.io/os': 'windows' })), [])?.reason).toBe('PodOSSelectorNodeLabelDoesNotMatch');
    expect(admit(node({ taints: [{ key: 'k', effect: 'NoExecute' }] }), bound(pod()), [])?.reason).toBe('TaintToleration');
    expect(admit(node(), bound(pod({ nodeSelector: { disktype: 'ssd' } })), [])?.reason).toBe('NodeAffinity');
  });
});
