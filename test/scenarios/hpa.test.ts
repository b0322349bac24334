import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { Client } from '../../engine/api/client.js';
import type { KObject } from '../../engine/api/meta.js';
import { rfc3339 } from '../../engine/util/time.js';
import { loadHorizontalController } from '../../engine/controllers/podautoscaler/loader.js';
import { statefulSetCode } from '../../engine/api/registry/statefulsets.js';

// The HPA controller loads on first use; a cluster advanced synchronously needs it loaded first.
beforeAll(async () => {
  await loadHorizontalController();
  await statefulSetCode.load();
});

type Cond = { type: string; status: string; reason: string; message: string };
type HPAStatus = { currentReplicas?: number; desiredReplicas?: number; currentMetrics?: unknown[]; conditions?: Cond[]; lastScaleTime?: string };

/** A metrics API whose every running pod uses `cpu()` (and 10Mi), sampled now over a 15 s window. */
function fakeMetrics(c: Cluster, cpu: () => string): void {
  c.apiserver.registerVirtual('pods.metrics.k8s.io', {
    list: (ns) => c.apiserver.list('pods', ns).items
      .filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running' && !p.metadata.deletionTimestamp)
      .map((p) => ({
        apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics',
        metadata: { name: p.metadata.name, namespace: p.metadata.namespace, labels: p.metadata.labels },
        timestamp: rfc3339(c.clock.now()), window: '15s',
        containers: (p.spec as { containers: { name: string }[] }).containers.map((x) => ({ name: x.name, usage: { cpu: cpu(), memory: '10Mi' } })),
      }) as KObject),
  });
}

function deployment(replicas: number, requests: Record<string, string> | null): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'php-apache' },
    spec: {
      replicas, selector: { matchLabels: { run: 'php-apache' } },
      template: {
        metadata: { labels: { run: 'php-apache' } },
        spec: { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', ports: [{ containerPort: 80 }], ...(requests ? { resources: { requests } } : {}) }] },
      },
    },
  };
}

function hpa(min: number, max: number, target = 50, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'php-apache' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
      minReplicas: min, maxReplicas: max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }],
      ...extra,
    },
  };
}

function readyPods(client: Client): number {
  return client.list('pods', 'default', { labelSelector: 'run=php-apache' }).items
    .filter((p) => !p.metadata.deletionTimestamp && ((p.status as { conditions?: Cond[] })?.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True')).length;
}

function replicas(client: Client): number {
  return (client.get('deployments.apps', 'default', 'php-apache').spec as { replicas: number }).replicas;
}

function status(client: Client): HPAStatus {
  return (client.get('horizontalpodautoscalers.autoscaling', 'default', 'php-apache').status ?? {}) as HPAStatus;
}

function condition(client: Client, type: string): Cond | undefined {
  return status(client).conditions?.find((x) => x.type === type);
}

function hpaEvents(client: Client): string[] {
  return client.list('events', 'default').items
    .filter((e) => (e.involvedObject as { kind: string }).kind === 'HorizontalPodAutoscaler')
    .sort((a, b) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)))
    .map((e) => `${e.type} ${e.reason} ${e.message}`);
}

/** A cluster with the Deployment's pods Running and Ready for a while (past one metrics window). */
function setup(seed: number, n: number, cpu: () => string, requests: Record<string, string> | null = { cpu: '200m' }): { c: Cluster; client: Client } {
  const c = new Cluster({ seed }).boot();
  const client = c.client();
  fakeMetrics(c, cpu);
  client.create('deployments.apps', 'default', deployment(n, requests));
  c.clock.runUntil(() => readyPods(client) === n, 120_000);
  expect(readyPods(client)).toBe(n);
  c.advance(30_000);
  return { c, client };
}

/** Runs until the HPA's first sync (15 s after it is created) and returns that time. */
function firstSync(c: Cluster, client: Client): number {
  c.clock.runUntil(() => status(client).currentReplicas !== undefined, 60_000);
  return c.clock.now();
}

describe('HorizontalPodAutoscaler', () => {
  it('scales up by the usage ratio, capped at max(2x, 4) per step, then at maxReplicas', () => {
    // 400m of a 200m request is 200 %; against a 50 % target that asks for 4x the pods.
    const { c, client } = setup(41, 1, () => '400m');
    const created = c.clock.now();
    client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(1, 10));
    const t0 = firstSync(c, client);
    expect(t0 - created).toBe(15_000);
    expect(replicas(client)).toBe(4);
    expect(hpaEvents(client)).toEqual(['Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target']);
    const st = status(client);
    expect(st.currentReplicas).toBe(1);
    expect(st.desiredReplicas).toBe(4);
    expect(st.lastScaleTime).toBe(rfc3339(t0));
    expect(st.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 200, averageValue: '400m' } } }]);
    expect(condition(client, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 4' });
    expect(condition(client, 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' });
    expect(condition(client, 'ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' });

    // Keep the load: every later step at most doubles, until maxReplicas holds it.
    const sizes = [1, 4];
    for (let i = 0; i < 40 && replicas(client) < 10; i++) {
      c.advance(15_000);
      if (replicas(client) !== sizes[sizes.length - 1]) sizes.push(replicas(client));
    }
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(Math.max(2 * sizes[i - 1], 4));
    expect(sizes[sizes.length - 1]).toBe(10);
    c.clock.runUntil(() => readyPods(client) === 10, 120_000);
    c.advance(60_000);
    expect(replicas(client)).toBe(10);
    expect(condition(client, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
    expect(c.clock.errors).toEqual([]);
  });

  it('follows behavior policies when they are set', () => {
    const { c, client } = setup(42, 1, () => '400m');
    client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(1, 10, 50, {
      behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    }));
    firstSync(c, client);
    expect(replicas(client)).toBe(2);
    expect(condition(client, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
    // Within the 60 s period no further pod may be added.
    c.advance(30_000);
    expect(replicas(client)).toBe(2);
  });

  it('scales down only after the 300 s stabilization window', () => {
    const { c, client } = setup(43, 4, () => '20m');
    client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(1, 10));
    const t0 = firstSync(c, client);
    expect(replicas(client)).toBe(4);
    expect(status(client).desiredReplicas).toBe(4);
    expect(condition(client, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
    c.clock.runUntil(() => replicas(client) !== 4, 600_000);
    // The first recommendation (4, at t0) leaves the window at the first sync after t0 + 300 s.
    expect(c.clock.now() - t0).toBe(315_000);
    expect(replicas(client)).toBe(1);
    expect(hpaEvents(client)).toEqual(['Normal SuccessfulRescale New size: 1; reason: All metrics below target']);
  });

  it('keeps the size while usage is within the 10 % tolerance', () => {
    let cpu = '105m'; // 52 % of the request against 50 %: ratio 1.04
    const { c, client } = setup(44, 2, () => cpu);
    client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(1, 10));
    firstSync(c, client);
    c.advance(120_000);
    expect(replicas(client)).toBe(2);
    expect(hpaEvents(client)).toEqual([]);
    expect((status(client).currentMetrics as { resource: { current: { averageUtilization: number } } }[])[0].resource.current.averageUtilization).toBe(52);
    cpu = '115m'; // 57 %: ratio 1.14, ceil(1.14 * 2) = 3
    c.advance(15_000);
    expect(replicas(client)).toBe(3);
  });

  it('respects minReplicas and maxReplicas with the ScalingLimited condition', () => {
    const { c, client } = setup(45, 2, () => '400m');
    client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(2, 3));
    firstSync(c, client);
    expect(replicas(client)).toBe(3);
    expect(condition(client, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });

    const low = setup(46, 2, () => '10m');
    low.client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(2, 5));
    firstSync(low.c, low.client);
    low.c.advance(330_000);
    expect(replicas(low.client)).toBe(2);
    expect(condition(low.client, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
    expect(hpaEvents(low.client)).toEqual([]);
  });

  it('brings a target below minReplicas up at once', () => {
    const { c, client } = setup(47, 1, () => '100m');
    client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(3, 5));
    firstSync(c, client);
    expect(replicas(client)).toBe(3);
    expect(hpaEvents(client)).toEqual(['Normal SuccessfulRescale New size: 3; reason: Current number of replicas below Spec.MinReplicas']);
  });

  it('reports pods without a cpu request as the real controller does', () => {
    const { c, client } = setup(48, 1, () => '100m', null);
    client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(1, 5));
    firstSync(c, client);
    const pod = client.list('pods', 'default', { labelSelector: 'run=php-apache' }).items[0].metadata.name;
    const detail = `failed to get cpu utilization: missing request for cpu in container php-apache of Pod ${pod}`;
    expect(hpaEvents(client)).toEqual([
      `Warning FailedGetResourceMetric ${detail}`,
      `Warning FailedComputeMetricsReplicas invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${detail}`,
    ]);
    expect(condition(client, 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${detail}` });
    expect(status(client).currentMetrics).toEqual([{ type: '' }]);
    expect(replicas(client)).toBe(1);
  });

  it('reports a missing metrics API', () => {
    const { c, client } = setup(49, 1, () => '100m');
    c.apiserver.registerVirtual('pods.metrics.k8s.io', undefined);
    client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(1, 5));
    firstSync(c, client);
    expect(condition(client, 'ScalingActive')?.message).toBe('the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server is currently unable to handle the request (get pods.metrics.k8s.io)');
  });
  it('scales a StatefulSet through its scale subresource, pods picked by the Scale\'s selector (matchExpressions too)', async () => {
    const c = new Cluster({ seed: 53 }).boot();
    const client = c.client();
    await client.loadFieldManager(); // managedFields are kept once their code has loaded
    fakeMetrics(c, () => '400m');
    client.create('statefulsets.apps', 'default', {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'php-apache' },
      spec: {
        replicas: 1, serviceName: 'php-apache',
        selector: { matchLabels: { run: 'php-apache' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] },
        template: {
          metadata: { labels: { run: 'php-apache', tier: 'web' } },
          spec: { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', resources: { requests: { cpu: '200m' } } }] },
        },
      },
    } as KObject);
    // A pod of the same run label outside the selector's tier: the Scale's selector leaves it out.
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { run: 'php-apache', tier: 'db' } }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/hpa-example', resources: { requests: { cpu: '2' } } }] } } as KObject);
    c.clock.runUntil(() => readyPods(client) === 2, 120_000);
    c.advance(30_000);
    expect(client.getScale('statefulsets.apps', 'default', 'php-apache')).toMatchObject({ kind: 'Scale', spec: { replicas: 1 }, status: { replicas: 1, selector: 'run=php-apache,tier in (web)' } });
    client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(1, 10, 50, { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'php-apache' } }));
    firstSync(c, client);
    // 400m of 200m against 50 %: four pods (the stray pod's 400m of 2 cpu would have pulled the average down).
    expect((client.get('statefulsets.apps', 'default', 'php-apache').spec as { replicas: number }).replicas).toBe(4);
    expect(hpaEvents(client)).toEqual(['Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target']);
    expect(condition(client, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededRescale' });
    // The write went through the scale subresource, as the controller's scale client does.
    const managed = (c.apiserver.withManagedFields('statefulsets.apps', client.get('statefulsets.apps', 'default', 'php-apache')).metadata.managedFields ?? []) as { manager: string; subresource?: string }[];
    expect(managed.map((m) => `${m.manager} ${m.subresource ?? ''}`)).toContain('kube-controller-manager scale');
    expect(c.clock.errors).toEqual([]);
  });

  it('cannot get the scale of a kind without the subresource, or of a missing target', () => {
    const c = new Cluster({ seed: 59 }).boot();
    const client = c.client();
    client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(1, 5, 50, { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'php-apache' } }));
    firstSync(c, client);
    expect(condition(client, 'AbleToScale')).toMatchObject({
      status: 'False', reason: 'FailedGetScale', message: "the HPA controller was unable to get the target's current scale: the server could not find the requested resource",
    });
    client.delete('horizontalpodautoscalers.autoscaling', 'default', 'php-apache');
    client.create('horizontalpodautoscalers.autoscaling', 'default', hpa(1, 5));
    c.advance(20_000);
    expect(hpaEvents(client)).toContain('Warning FailedGetScale deployments.apps "php-apache" not found');
  });
});
