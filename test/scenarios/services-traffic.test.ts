import { beforeAll, describe, expect, it } from 'vitest';
import type { KObject } from '../../engine/api/meta.js';
import { simulationOf } from '../../engine/sim/command.js';
import { boot } from './network-helpers.js';
import { loadHorizontalController } from '../../engine/controllers/podautoscaler/loader.js';

// The HPA controller loads on first use; a cluster advanced synchronously needs it loaded first.
beforeAll(async () => {
  await loadHorizontalController();
});

/** The HorizontalPodAutoscaler walkthrough (kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough). */
function phpApache(c: ReturnType<typeof boot>): void {
  const client = c.client();
  client.create('deployments.apps', 'default', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'php-apache' },
    spec: {
      selector: { matchLabels: { run: 'php-apache' } },
      template: {
        metadata: { labels: { run: 'php-apache' } },
        spec: { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m' }, requests: { cpu: '200m' } } }] },
      },
    },
  } as KObject);
  client.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'php-apache', labels: { run: 'php-apache' } }, spec: { ports: [{ port: 80 }], selector: { run: 'php-apache' } } } as KObject);
  // kubectl autoscale deployment php-apache --cpu=50% --min=1 --max=10
  client.create('horizontalpodautoscalers.autoscaling', 'default', {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'php-apache' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
  } as KObject);
  c.advance(60_000);
}

const replicas = (c: ReturnType<typeof boot>) => (c.client().get('deployments.apps', 'default', 'php-apache').spec as { replicas: number }).replicas;

describe('traffic drives the HorizontalPodAutoscaler', () => {
  it('the walkthrough load generator pod scales php-apache up, and down after the stabilization window', () => {
    const c = boot();
    phpApache(c);
    expect(replicas(c)).toBe(1);
    const client = c.client();
    client.create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'load-generator' },
      spec: { restartPolicy: 'Never', containers: [{ name: 'load-generator', image: 'busybox:1.28', command: ['/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done'] }] },
    } as KObject);
    c.advance(5 * 60_000);
    expect(replicas(c)).toBeGreaterThanOrEqual(4);
    // The requests really went through the Service: php-apache's access log has them.
    const pod = client.list('pods', 'default').items.find((p) => p.metadata.name!.startsWith('php-apache'))!;
    const logs = c.kubelets.get((pod.spec as { nodeName: string }).nodeName)!.logs('default', pod.metadata.name!)!;
    expect(logs.some((l) => /"GET \/ HTTP\/1\.1" 200 3 "-" "Wget"/.test(l.text))).toBe(true);
    const peak = replicas(c);
    client.delete('pods', 'default', 'load-generator');
    c.advance(2 * 60_000);
    // Scale-down waits for the 300 s stabilization window.
    expect(replicas(c)).toBe(peak);
    c.advance(6 * 60_000);
    expect(replicas(c)).toBe(1);
  }, 120_000);

  it('sim load sends N requests per second to a Service and is recorded', () => {
    const c = boot();
    phpApache(c);
    const h = simulationOf(c).load('php-apache', 50, 4 * 60_000);
    c.advance(4 * 60_000);
    expect(h.sent).toBeGreaterThanOrEqual(50 * 239);
    // php-apache has no readiness probe: a new replica joins the endpoints before Apache listens (400 ms), and the
    // few requests sent to it meanwhile are refused, as on a real cluster.
    expect(h.failed).toBeLessThanOrEqual(h.sent / 100);
    expect(h.ok).toBeGreaterThan(0);
    expect(replicas(c)).toBeGreaterThanOrEqual(4);
    expect(c.history.some((e) => e.kind === 'injection' && e.action === 'load' && e.target === 'php-apache')).toBe(true);
    expect(simulationOf(c).activeLoads()).toEqual([]);
  }, 120_000);
});
