import { describe, expect, it } from 'vitest';
import type { PodLike } from '../endpoints/pods.js';
import { calculateRequests, resourceReplicas, ReplicaCalcError, type PodMetricsInfo } from './replica-calculator.js';
import { limitWithRules, stabilize, scaleUpLimit, defaultScaleUp, type HPAState } from './normalize.js';

const NOW = Date.UTC(2026, 0, 1, 1, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const tol = { scaleUp: 0.1, scaleDown: 0.1 };
const opts = { now: NOW, cpuInitializationPeriodMs: 5 * 60_000, delayOfInitialReadinessStatusMs: 30_000 };

/** Pods started 10 min ago and Ready since then, as the upstream tests' defaults. */
function pods(n: number, ready: boolean[] = [], request = '1'): PodLike[] {
  return Array.from({ length: n }, (_, i) => ({
    metadata: { name: `test-pod-${i}`, namespace: 'default' },
    spec: { containers: [{ name: 'c', resources: { requests: { cpu: request } } }] },
    status: {
      phase: 'Running', startTime: iso(NOW - 600_000),
      conditions: [{ type: 'Ready', status: (ready[i] ?? true) ? 'True' : 'False', lastTransitionTime: iso(NOW - 590_000) }],
    },
  }));
}

function metrics(levels: (number | undefined)[]): PodMetricsInfo {
  const m: PodMetricsInfo = new Map();
  levels.forEach((v, i) => { if (v !== undefined) m.set(`test-pod-${i}`, { value: v, timestamp: NOW, windowMs: 60_000 }); });
  return m;
}

// Cases from pkg/controller/podautoscaler/replica_calculator_test.go.
describe('resourceReplicas (upstream cases)', () => {
  it('TestReplicaCalcScaleUp', () => {
    expect(resourceReplicas(3, 30, 'cpu', tol, pods(3), metrics([300, 500, 700]), opts)).toMatchObject({ replicas: 5, utilization: 50, rawAverage: 500 });
  });
  it('TestReplicaCalcScaleDown', () => {
    expect(resourceReplicas(5, 50, 'cpu', tol, pods(5), metrics([100, 300, 500, 250, 250]), opts)).toMatchObject({ replicas: 3, utilization: 28 });
  });
  it('TestReplicaCalcScaleUpUnreadyLessScale', () => {
    expect(resourceReplicas(3, 30, 'cpu', tol, pods(3, [false, true, true]), metrics([300, 500, 700]), opts)).toMatchObject({ replicas: 4, utilization: 60 });
  });
  it('TestReplicaCalcScaleUpUnreadyNoScale', () => {
    expect(resourceReplicas(3, 30, 'cpu', tol, pods(3, [true, false, false]), metrics([400, 500, 700]), opts)).toMatchObject({ replicas: 3, utilization: 40 });
  });
  it('TestReplicaCalcTolerance', () => {
    const p = pods(3);
    ['0.9', '1.0', '1.1'].forEach((r, i) => { p[i].spec!.containers![0].resources = { requests: { cpu: r } }; });
    expect(resourceReplicas(3, 100, 'cpu', tol, p, metrics([1010, 1030, 1020]), opts)).toMatchObject({ replicas: 3, utilization: 102 });
  });
  it('TestReplicaCalcMissingMetricsNoChangeLt', () => {
    expect(resourceReplicas(2, 100, 'cpu', tol, pods(2), metrics([600]), opts)).toMatchObject({ replicas: 2, utilization: 60 });
  });
  it('TestReplicaCalcMissingMetricsUnreadyNoChange', () => {
    expect(resourceReplicas(3, 50, 'cpu', tol, pods(3, [false, true, true]), metrics([100, 450]), opts)).toMatchObject({ replicas: 3, utilization: 45 });
  });
  it('no metrics for ready pods', () => {
    expect(() => resourceReplicas(2, 50, 'cpu', tol, pods(2, [false, false]), metrics([100, 100]), opts))
      .toThrow(new ReplicaCalcError('did not receive metrics for targeted pods (pods might be unready)'));
  });
});

describe('calculateRequests', () => {
  it('names the container without a request', () => {
    const p = pods(1);
    p[0].spec!.containers!.push({ name: 'sidecar' });
    expect(() => calculateRequests(p, 'cpu')).toThrow('missing request for cpu in container sidecar of Pod test-pod-0');
  });
});

describe('normalization without behavior', () => {
  it('caps a scale-up at max(2x, 4) and names the limit', () => {
    expect(limitWithRules(1, 20, 1, 10)).toEqual({ replicas: 4, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
    expect(limitWithRules(5, 20, 1, 10)).toEqual({ replicas: 10, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
    expect(limitWithRules(5, 1, 2, 10)).toEqual({ replicas: 2, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
  });
  it('keeps the highest recommendation of the window', () => {
    const st: HPAState = { recommendations: [{ replicas: 6, at: 0 }], scaleUpEvents: [], scaleDownEvents: [] };
    expect(stabilize(st, 2, 300_000, 300_000)).toBe(6);
    expect(stabilize(st, 2, 300_001, 300_000)).toBe(2);
  });
  it('default scale-up policies: the larger of +100 % and +4 pods per 15 s', () => {
    const st: HPAState = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
    expect(scaleUpLimit(1, st, defaultScaleUp(undefined), 0)).toBe(5);
    expect(scaleUpLimit(10, st, defaultScaleUp(undefined), 0)).toBe(20);
  });
});
