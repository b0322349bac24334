/**
 * autoscaling/v1 HorizontalPodAutoscaler served by conversion to the stored autoscaling/v2 object. Expected
 * values follow pkg/apis/autoscaling/v1/conversion.go (release-1.35): targetCPUUtilizationPercentage is the cpu
 * Utilization metric; the other metrics, current metrics, conditions and behavior ride in the
 * autoscaling.alpha.kubernetes.io/ annotations at v1 and are taken off again at v2; no metric at all is the cpu
 * metric at DefaultCPUUtilization (80). Validation runs on the internal object, so its paths are v2's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServerOnly, rejected } from '../test-helpers.js';
import { kindReady } from './lazy-kinds.js';
import { apiGroup, apiGroupList, apiResourceList, groupsOf } from '../server/discovery.js';
import { RESOURCES, resolveResource, resourceKey, servedGroupVersions } from '../resources.js';
import type { KObject, Meta } from '../meta.js';
import type { WatchEvent } from '../apiserver.js';

const V1 = 'horizontalpodautoscalers.v1.autoscaling';
const V2 = 'horizontalpodautoscalers.autoscaling';
const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'frontend' };
const v1 = (name: string, spec: Record<string, unknown>, metadata: Meta = {}): KObject => ({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name, ...metadata }, spec });
const v2 = (name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec });
const cpu = (n: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: n } } });
const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } };

beforeAll(async () => {
  await kindReady(V2);
  await kindReady(V1);
});

describe('discovery', () => {
  it('lists autoscaling/v1 beside the preferred autoscaling/v2', () => {
    expect(servedGroupVersions()).toContain('autoscaling/v1');
    expect(servedGroupVersions()).toContain('autoscaling/v2');
    const group = { name: 'autoscaling', versions: [{ groupVersion: 'autoscaling/v2', version: 'v2' }, { groupVersion: 'autoscaling/v1', version: 'v1' }], preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' } };
    expect(apiGroupList(groupsOf()).groups.find((g) => g.name === 'autoscaling')).toEqual(group);
    expect(apiGroup(groupsOf(), '/apis/autoscaling')).toEqual({ kind: 'APIGroup', apiVersion: 'v1', ...group });
    expect(apiGroup(groupsOf(), '/apis/nothing')).toBeUndefined();
    const list = apiResourceList(groupsOf(), '/apis/autoscaling/v1')!;
    expect(list.resources.map((r) => r.name)).toEqual(['horizontalpodautoscalers', 'horizontalpodautoscalers/status']);
    expect(list.resources[0]).toMatchObject({ kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'], categories: ['all'] });
  });

  it('maps hpa and hpa.v1.autoscaling (a short name drops the version) to v2, the full name at v1 to v1; api-resources keeps one row', () => {
    expect(resolveResource('hpa')?.version).toBe('v2');
    expect(resolveResource('horizontalpodautoscalers.autoscaling')?.version).toBe('v2');
    expect(resolveResource('hpa.v1.autoscaling')?.version).toBe('v2');
    expect(resolveResource('horizontalpodautoscaler.v1.autoscaling')?.version).toBe('v1');
    const one = resolveResource('horizontalpodautoscalers.v1.autoscaling')!;
    expect(one.version).toBe('v1');
    expect(resourceKey(one)).toBe(V1);
    expect(RESOURCES.filter((r) => r.resource === 'horizontalpodautoscalers')).toHaveLength(1);
  });
});

describe('conversion', () => {
  it('stores targetCPUUtilizationPercentage as the cpu Utilization metric (hpa-rs.yaml)', () => {
    const c = apiServerOnly(1);
    const created = c.client().create(V1, 'default', v1('frontend-scaler', { scaleTargetRef: ref, minReplicas: 3, maxReplicas: 10, targetCPUUtilizationPercentage: 50 }));
    expect(created.apiVersion).toBe('autoscaling/v1');
    expect(created.spec).toEqual({ scaleTargetRef: ref, minReplicas: 3, maxReplicas: 10, targetCPUUtilizationPercentage: 50 });
    expect(created.status).toEqual({ currentReplicas: 0, desiredReplicas: 0 });
    const stored = c.client().get(V2, 'default', 'frontend-scaler');
    expect(stored.apiVersion).toBe('autoscaling/v2');
    expect(stored.spec).toEqual({ scaleTargetRef: ref, minReplicas: 3, maxReplicas: 10, metrics: [cpu(50)] });
    expect(stored.metadata.annotations).toBeUndefined();
  });

  it('gives an HPA without a target the cpu metric at 80% and minReplicas 1', () => {
    const c = apiServerOnly(1);
    c.client().create(V1, 'default', v1('plain', { scaleTargetRef: ref, maxReplicas: 5 }));
    expect(c.client().get(V2, 'default', 'plain').spec).toEqual({ scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, metrics: [cpu(80)] });
    expect(c.client().get(V1, 'default', 'plain').spec).toEqual({ scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 80 });
  });

  it('carries the other metrics and the behavior in annotations at v1, and back into the spec', () => {
    const c = apiServerOnly(1);
    c.client().create(V2, 'default', v2('mem', { scaleTargetRef: ref, maxReplicas: 5, metrics: [cpu(60), memory], behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } }));
    const got = c.client().get(V1, 'default', 'mem');
    expect(got.spec).toEqual({ scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 60 });
    expect(got.metadata.annotations?.['autoscaling.alpha.kubernetes.io/metrics']).toBe('[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}]');
    // The internal Behavior, marshalled without json tags: Go's field names.
    expect(JSON.parse(got.metadata.annotations!['autoscaling.alpha.kubernetes.io/behavior'])).toEqual({
      ScaleUp: { StabilizationWindowSeconds: 0, SelectPolicy: 'Max', Policies: [{ Type: 'Pods', Value: 4, PeriodSeconds: 15 }, { Type: 'Percent', Value: 100, PeriodSeconds: 15 }], Tolerance: null },
      ScaleDown: { StabilizationWindowSeconds: 60, SelectPolicy: 'Max', Policies: [{ Type: 'Percent', Value: 100, PeriodSeconds: 15 }], Tolerance: null },
    });
    // A v1 client writing the object back: the annotations go back into the spec, other metrics first, cpu last.
    const updated = c.client().update(V1, { ...got, spec: { ...(got.spec as object), maxReplicas: 7 } });
    expect(updated.metadata.annotations?.['autoscaling.alpha.kubernetes.io/metrics']).toBe('[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}]');
    const stored = c.client().get(V2, 'default', 'mem');
    expect(stored.metadata.annotations).toBeUndefined();
    expect(stored.spec).toMatchObject({ maxReplicas: 7, metrics: [memory, cpu(60)], behavior: { scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max' } } });
  });

  it('shows the current cpu utilization, the current metrics and the conditions at v1', () => {
    const c = apiServerOnly(1);
    const hpa = c.client().create(V2, 'default', v2('web', { scaleTargetRef: ref, maxReplicas: 5, metrics: [cpu(50)] }));
    const condition = { type: 'AbleToScale', status: 'True', lastTransitionTime: '2026-01-01T00:00:15Z', reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
    c.client().updateStatus(V2, { ...hpa, status: { currentReplicas: 2, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '120m', averageUtilization: 120 } } }], conditions: [condition] } });
    const got = c.client().get(V1, 'default', 'web');
    expect(got.status).toEqual({ currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 120 });
    expect(got.metadata.annotations).toEqual({
      'autoscaling.alpha.kubernetes.io/conditions': JSON.stringify([condition]),
      'autoscaling.alpha.kubernetes.io/current-metrics': '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":120,"currentAverageValue":"120m"}}]',
    });
  });

  it('patches at v1 and watches at v1', () => {
    const c = apiServerOnly(1);
    const events: WatchEvent[] = [];
    c.client().watch(V1, 'default', {}, (e) => events.push(e));
    c.client().create(V1, 'default', v1('web', { scaleTargetRef: ref, maxReplicas: 5, targetCPUUtilizationPercentage: 50 }));
    c.client().patch(V1, 'default', 'web', 'merge', { spec: { targetCPUUtilizationPercentage: 70 } });
    c.clock.advance(1);
    expect(c.client().get(V2, 'default', 'web').spec).toMatchObject({ metrics: [cpu(70)] });
    expect(events.map((e) => [e.type, e.object.apiVersion, (e.object.spec as { targetCPUUtilizationPercentage: number }).targetCPUUtilizationPercentage])).toEqual([['ADDED', 'autoscaling/v1', 50], ['MODIFIED', 'autoscaling/v1', 70]]);
    expect(c.client().list(V1, 'default').items.map((o) => o.apiVersion)).toEqual(['autoscaling/v1']);
  });
});

describe('decoding and validation at v1', () => {
  it('validates the converted object: a target utilization below 1 is refused at the metric path', () => {
    const c = apiServerOnly(1);
    const e = rejected(c, () => c.client().create(V1, 'default', v1('bad', { scaleTargetRef: ref, maxReplicas: 5, targetCPUUtilizationPercentage: 0 })));
    expect(e.message).toBe('HorizontalPodAutoscaler.autoscaling "bad" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0');
  });

  it('decodes against the v1 type', () => {
    const c = apiServerOnly(1);
    const e = rejected(c, () => c.client().create(V1, 'default', v1('unk', { scaleTargetRef: ref, maxReplicas: 5, metrics: [] })));
    expect(e.message).toBe('HorizontalPodAutoscaler in version "v1" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field "spec.metrics"');
    const t = rejected(c, () => c.client().create(V1, 'default', v1('typ', { scaleTargetRef: ref, maxReplicas: 5, targetCPUUtilizationPercentage: '50' })));
    expect(t.message).toBe('HorizontalPodAutoscaler in version "v1" cannot be handled as a HorizontalPodAutoscaler: json: cannot unmarshal string into Go struct field HorizontalPodAutoscalerSpec.spec.targetCPUUtilizationPercentage of type int32');
    const w = rejected(c, () => c.client().create(V1, 'default', v2('wrong', { scaleTargetRef: ref, maxReplicas: 5 })));
    expect(w.message).toBe('the API version in the data (autoscaling/v2) does not match the expected API version (autoscaling/v1)');
  });
});
