/** StatefulSetStatusViewer.Status (kubectl pkg/polymorphichelpers/rollout_status.go, v0.35.2). */
import { describe, expect, it } from 'vitest';
import { statefulSetStatus } from './rollout.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const sts = (spec: any, status: any, generation = 2): any => ({ metadata: { name: 'web', generation }, spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, ...spec }, status });

describe('rollout status for a StatefulSet', () => {
  it('waits for the spec to be observed, then for ready pods, then for the partition', () => {
    expect(statefulSetStatus(sts({}, { observedGeneration: 1 })).message).toBe('Waiting for statefulset spec update to be observed...\n');
    expect(statefulSetStatus(sts({}, { observedGeneration: 2, readyReplicas: 1 })).message).toBe('Waiting for 2 pods to be ready...\n');
    expect(statefulSetStatus(sts({}, { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 1 }))).toEqual({ message: 'Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated...\n', done: false });
    expect(statefulSetStatus(sts({}, { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 3 }))).toEqual({ message: 'partitioned roll out complete: 3 new pods have been updated...\n', done: true });
  });
  it('without rollingUpdate, compares the revisions; OnDelete is refused', () => {
    const s = sts({ updateStrategy: { type: 'RollingUpdate' } }, { observedGeneration: 2, readyReplicas: 3, currentReplicas: 3, currentRevision: 'web-1', updateRevision: 'web-1' });
    expect(statefulSetStatus(s)).toEqual({ message: 'statefulset rolling update complete 3 pods at revision web-1...\n', done: true });
    expect(statefulSetStatus(sts({ updateStrategy: { type: 'OnDelete' } }, {})).error).toBe('rollout status is only available for RollingUpdate strategy type');
  });
});
