import { describe, expect, it } from 'vitest';
import { errorRequeueMs, jitter, nextTick, podsDifferSemantically } from './pod-worker.js';

describe('pod worker timing (pod_workers.go completeWork, wait.Jitter)', () => {
  it('jitters by up to the factor', () => {
    expect(jitter(10_000, 0.5, 0)).toBe(10_000);
    expect(jitter(10_000, 0.5, 0.999)).toBe(14_995);
    // wait.Jitter treats a factor <= 0 as 1.
    expect(jitter(10_000, 0, 0.5)).toBe(15_000);
  });
  it('a crash-loop back-off requeues at its expiry, other errors after 10 s, within the 60 s resync interval', () => {
    expect(errorRequeueMs(101_000, 120_000, 0)).toBe(19_000);
    expect(errorRequeueMs(101_000, 120_000, 0.999)).toBe(28_490);
    expect(errorRequeueMs(5_000, undefined, 0)).toBe(10_000);
    expect(errorRequeueMs(5_000, 400_000, 0)).toBe(60_000);
    expect(errorRequeueMs(5_000, 1_000, 0.5)).toBe(0);
  });
  it('PLEG sees a change at the next relist after it; due work runs on the next tick at or after it', () => {
    expect(nextTick(250, 1_250, true)).toBe(2_250);
    expect(nextTick(250, 1_250, false)).toBe(1_250);
    expect(nextTick(250, 1_251, false)).toBe(2_250);
    expect(nextTick(250, 100, true)).toBe(250);
  });
});

describe('podsDifferSemantically (pkg/kubelet/config)', () => {
  const spec = { containers: [{ name: 'c', image: 'nginx' }] };
  const base = { metadata: { uid: 'u', labels: { a: '1' }, annotations: {} }, spec };
  it('a status-only update is not worth a sync', () => {
    expect(podsDifferSemantically(base, { ...base, metadata: { ...base.metadata } })).toBe(false);
    expect(podsDifferSemantically(base, { ...base, spec: JSON.parse(JSON.stringify(spec)) })).toBe(false);
    expect(podsDifferSemantically({ metadata: { uid: 'u' }, spec }, { metadata: { uid: 'u', labels: {} }, spec })).toBe(false);
  });
  it('spec, labels, annotations, deletion and a new UID are', () => {
    expect(podsDifferSemantically(base, { ...base, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } })).toBe(true);
    expect(podsDifferSemantically(base, { ...base, metadata: { ...base.metadata, labels: { a: '2' } } })).toBe(true);
    expect(podsDifferSemantically(base, { ...base, metadata: { ...base.metadata, annotations: { x: 'y' } } })).toBe(true);
    expect(podsDifferSemantically(base, { ...base, metadata: { ...base.metadata, deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 } })).toBe(true);
    expect(podsDifferSemantically(base, { ...base, metadata: { ...base.metadata, uid: 'v' } })).toBe(true);
  });
});
