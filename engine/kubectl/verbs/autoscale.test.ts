/**
 * kubectl autoscale: autoscale.go's input parsing, validation texts and the
 * autoscaling/v2 object it builds (texts checked with the real kubectl v1.35.2,
 * which reports these errors before contacting a server).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { kubectlRunner } from '../test-helpers.js';
import { CPU_PERCENT_DEPRECATION, generateHPAv2, parseResourceInput, validateAutoscale } from './autoscale.js';

describe('parseResourceInput', () => {
  it.each([
    ['70%', 'cpu', { type: 'Utilization', utilization: 70 }],
    ['500m', 'cpu', { type: 'AverageValue', value: '500m' }],
    ['500', 'cpu', { type: 'AverageValue', value: '500m' }],
    ['1', 'cpu', { type: 'AverageValue', value: '1m' }],
    ['2', 'memory', { type: 'AverageValue', value: '2Mi' }],
    ['200Mi', 'memory', { type: 'AverageValue', value: '200Mi' }],
    ['60%', 'memory', { type: 'Utilization', utilization: 60 }],
  ] as const)('%s (%s)', (input, res, want) => {
    expect(parseResourceInput(input, res)).toEqual(want);
  });
  it.each([
    ['abc', 'cpu', 'invalid resource cpu value: abc'],
    ['1x', 'memory', 'invalid resource memory value: 1x'],
    ['-5%', 'cpu', 'invalid percentage value: -5'],
    ['x%', 'cpu', 'invalid percentage value: x'],
    ['', 'cpu', 'empty input'],
  ] as const)('%j (%s) fails: %s', (input, res, msg) => {
    expect(() => parseResourceInput(input, res)).toThrow(msg);
  });
});

describe('validateAutoscale', () => {
  const ok = { min: -1, max: 5, cpuPercent: -1, cpu: '', memory: '' };
  it.each([
    [{ ...ok, max: -1 }, '--max=MAXPODS is required and must be at least 1, max: -1'],
    [{ ...ok, max: 0 }, '--max=MAXPODS is required and must be at least 1, max: 0'],
    [{ ...ok, min: 3, max: 2 }, '--max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 3'],
    [{ ...ok, cpuPercent: 50, cpu: '50%' }, '--cpu-percent and --cpu are mutually exclusive'],
    [{ ...ok, cpu: 'abc' }, 'invalid resource cpu value: abc'],
  ])('%j', (o, msg) => {
    expect(() => validateAutoscale(o)).toThrow(msg);
  });
  it('accepts a plain --max', () => {
    expect(() => validateAutoscale(ok)).not.toThrow();
  });
});

describe('generateHPAv2', () => {
  it('builds the object in autoscale.go field order, minReplicas only when positive', () => {
    const hpa = generateHPAv2({ name: 'web', target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, min: -1, max: 4, cpuPercent: -1, cpu: '80%', memory: '' });
    expect(JSON.stringify(hpa)).toBe('{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v2","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"maxReplicas":4,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]},"status":{"desiredReplicas":0,"currentMetrics":null}}');
  });
  it('has no metrics without --cpu, --cpu-percent or --memory', () => {
    const hpa = generateHPAv2({ name: 'x', namespace: 'dev', target: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' }, min: 2, max: 3, cpuPercent: -1, cpu: '', memory: '' });
    expect(hpa.metadata).toEqual({ name: 'x', namespace: 'dev' });
    expect(hpa.spec).toEqual({ scaleTargetRef: { kind: 'StatefulSet', name: 'db', apiVersion: 'apps/v1' }, minReplicas: 2, maxReplicas: 3 });
  });
});

describe('kubectl autoscale against the cluster', () => {
  it('creates the HPA the controller then works on, and refuses what cannot scale', async () => {
    const cluster = new Cluster({ seed: 5 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['create', 'deployment', 'web', '--image=nginx']);
    expect((await k.run(['autoscale', 'deployment/web', '--max=5', '--cpu-percent=60'])).output).toBe(`${CPU_PERCENT_DEPRECATION}\nhorizontalpodautoscaler.autoscaling/web autoscaled\n`);
    const hpa = cluster.client('test').get('horizontalpodautoscalers.autoscaling', 'default', 'web') as unknown as { spec: { metrics: { resource: { target: unknown } }[] } };
    expect(hpa.spec.metrics[0].resource.target).toEqual({ type: 'Utilization', averageUtilization: 60 });
    await k.run(['create', 'configmap', 'cfg']);
    const r = await k.run(['autoscale', 'configmap', 'cfg', '--max=2']);
    expect(r.stderr).toBe('error: cannot autoscale a ConfigMap: could not find scale subresource for /v1, Resource=configmaps in discovery information\n');
    expect(r.code).toBe(1);
    expect(cluster.clock.errors).toEqual([]);
  });
});
