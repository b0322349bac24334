import { describe, expect, it } from 'vitest';
import type { KObject } from '../../engine/api/meta.js';
import { curlCore } from '../../engine/network/commands/curl.js';
import { flatten } from '../../engine/network/commands/index.js';
import { simulationOf } from '../../engine/sim/command.js';
import { boot, busyboxPod, deployment, fromPod, HOSTNAMES, service } from './network-helpers.js';

type Svc = KObject & { spec: { clusterIP: string; ports: { nodePort?: number }[] }; status?: { loadBalancer?: { ingress?: { ip: string }[] } } };

const CP = { node: 'control-plane' };

/** curl as the learner types it on the control-plane node. */
function curl(c: ReturnType<typeof boot>, url: string, origin: { node?: string } = CP, ...flags: string[]) {
  return flatten(curlCore(['curl', ...flags, url], c.network, origin, '8.5'));
}

describe('Service traffic through kube-proxy', () => {
  it('ClusterIP, NodePort and LoadBalancer all reach the pods, spread over them', () => {
    const c = boot();
    const client = c.client();
    client.create('deployments.apps', 'default', deployment('web', 3, HOSTNAMES));
    client.create('services', 'default', service('web', { type: 'LoadBalancer' }));
    c.advance(60_000);
    const svc = client.get('services', 'default', 'web') as Svc;
    const pods = client.list('pods', 'default').items.map((p) => p.metadata.name!).sort();
    expect(pods).toHaveLength(3);
    const lbIP = svc.status!.loadBalancer!.ingress![0].ip;
    const urls: [string, { node?: string }][] = [
      [`http://${svc.spec.clusterIP}/`, CP],
      [`http://172.18.0.3:${svc.spec.ports[0].nodePort}/`, CP],
      [`http://172.18.0.2:${svc.spec.ports[0].nodePort}/`, CP],
      [`http://${lbIP}/`, {}],
    ];
    for (const [url, origin] of urls) {
      const seen = new Set<string>();
      for (let i = 0; i < 30; i++) {
        const r = curl(c, url, origin, '-s');
        expect(r.exitCode, url).toBe(0);
        seen.add(r.stdout);
      }
      // agnhost serve-hostname answers with the pod's name; 30 uniform picks over 3 pods miss one with p < 1e-5.
      expect([...seen].sort(), url).toEqual(pods);
    }
    expect(c.clock.errors).toEqual([]);
  });

  it('a Service whose selector matches nothing has no endpoints and refuses connections', () => {
    const c = boot();
    const client = c.client();
    client.create('deployments.apps', 'default', deployment('web', 2, HOSTNAMES));
    client.create('services', 'default', { ...service('web', {}), spec: { selector: { app: 'wbe' }, ports: [{ port: 80, targetPort: 8080 }] } } as KObject);
    c.advance(30_000);
    const slices = client.list('endpointslices.discovery.k8s.io', 'default').items.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web');
    expect(slices.flatMap((s) => (s as { endpoints?: unknown[] }).endpoints ?? [])).toEqual([]);
    const ip = (client.get('services', 'default', 'web') as Svc).spec.clusterIP;
    const r = curl(c, `http://${ip}/`);
    expect(r.exitCode).toBe(7);
    // curl 8.5 (lib/connect.c): "Failed to connect to %s port %u after %ld ms: %s" with curl_easy_strerror(CURLE_COULDNT_CONNECT).
    expect(r.stderr).toBe(`curl: (7) Failed to connect to ${ip} port 80 after 1 ms: Couldn't connect to server\n`);
    // busybox wget in a pod: "can't connect to remote host (%s): %s" with strerror(ECONNREFUSED).
    client.create('pods', 'default', busyboxPod('client'));
    c.advance(20_000);
    const w = fromPod(c, 'client', ['wget', '-qO-', `http://web`]);
    expect(w.stderr).toBe(`wget: can't connect to remote host (${ip}): Connection refused\n`);
    expect(w.exitCode).toBe(1);
  });

  it('a port the Service does not expose is dropped: the connection times out', () => {
    const c = boot();
    c.client().create('deployments.apps', 'default', deployment('web', 1, HOSTNAMES));
    c.client().create('services', 'default', service('web', {}));
    c.advance(30_000);
    const ip = (c.client().get('services', 'default', 'web') as Svc).spec.clusterIP;
    const r = curl(c, `http://${ip}:81/`, CP, '-m', '5');
    expect(r.exitCode).toBe(28);
    expect(r.stderr).toBe('curl: (28) Connection timed out after 5001 milliseconds\n');
    expect(r.durationMs).toBe(5001);
  });

  it('a pod whose readiness probe fails never receives traffic', () => {
    const c = boot();
    const client = c.client();
    const probe = { readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 } };
    client.create('deployments.apps', 'default', deployment('web', 3, { ...HOSTNAMES, ...probe }));
    client.create('services', 'default', service('web', {}));
    c.advance(30_000);
    const victim = client.list('pods', 'default').items[0].metadata.name!;
    simulationOf(c).failProbe('readiness', 'default', victim);
    c.advance(10_000);
    const ip = (client.get('services', 'default', 'web') as Svc).spec.clusterIP;
    const counts = new Map<string, number>();
    for (let i = 0; i < 100; i++) {
      const r = curl(c, `http://${ip}/`, CP, '-s');
      expect(r.exitCode).toBe(0);
      counts.set(r.stdout, (counts.get(r.stdout) ?? 0) + 1);
    }
    expect(counts.has(victim)).toBe(false);
    expect(counts.size).toBe(2);
    expect(c.history.some((h) => h.kind === 'injection' && h.action === 'fail-readiness' && h.target === `default/${victim}`)).toBe(true);
  });

  it('sessionAffinity ClientIP sends one client to one pod', () => {
    const c = boot();
    c.client().create('deployments.apps', 'default', deployment('web', 3, HOSTNAMES));
    c.client().create('services', 'default', service('web', { sessionAffinity: 'ClientIP' }));
    c.advance(30_000);
    const ip = (c.client().get('services', 'default', 'web') as Svc).spec.clusterIP;
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(curl(c, `http://${ip}/`, CP, '-s').stdout);
    expect(seen.size).toBe(1);
  });

  it('a node whose kube-proxy is stopped keeps its old rules and gets no new ones', () => {
    const c = boot();
    const client = c.client();
    client.create('deployments.apps', 'default', deployment('old', 2, HOSTNAMES));
    client.create('services', 'default', service('old', {}));
    c.advance(30_000);
    // Stop the kubelet (so nothing restarts kube-proxy), then kill kube-proxy's container on worker-1.
    const proxyPod = client.list('pods', 'kube-system').items.find((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && (p.spec as { nodeName: string }).nodeName === 'worker-1')!;
    simulationOf(c).stopNode('worker-1');
    expect(c.kubelets.get('worker-1')!.killContainer('kube-system', proxyPod.metadata.name!)).toBe(true);
    expect(c.network.proxies.proxyRunning('worker-1')).toBe(false);
    client.create('deployments.apps', 'default', deployment('new', 2, HOSTNAMES));
    client.create('services', 'default', service('new', {}));
    c.advance(30_000);
    const oldIP = (client.get('services', 'default', 'old') as Svc).spec.clusterIP;
    const newIP = (client.get('services', 'default', 'new') as Svc).spec.clusterIP;
    const w1 = { node: 'worker-1' };
    expect(curl(c, `http://${oldIP}/`, w1, '-s').exitCode).toBe(0);
    const r = curl(c, `http://${newIP}/`, w1, '-m', '3');
    expect(r.exitCode).toBe(28);
    expect(curl(c, `http://${newIP}/`, { node: 'worker-2' }, '-s').exitCode).toBe(0);
    expect(curl(c, `http://${newIP}/`, CP, '-s').exitCode).toBe(0);
  });

  it('externalTrafficPolicy Local: a NodePort on a node without a local endpoint drops the connection', () => {
    const c = boot();
    const client = c.client();
    client.create('deployments.apps', 'default', deployment('web', 1, HOSTNAMES));
    client.create('services', 'default', service('web', { type: 'NodePort', externalTrafficPolicy: 'Local' }));
    c.advance(30_000);
    const pod = client.list('pods', 'default').items[0] as KObject & { spec: { nodeName: string } };
    const svc = client.get('services', 'default', 'web') as Svc;
    const ips: Record<string, string> = Object.fromEntries(c.nodeConfigs.map((n) => [n.name, n.internalIP]));
    const other = c.nodeConfigs.find((n) => n.role === 'worker' && n.name !== pod.spec.nodeName)!.name;
    expect(curl(c, `http://${ips[pod.spec.nodeName]}:${svc.spec.ports[0].nodePort}/`, CP, '-s').stdout).toBe(pod.metadata.name);
    expect(curl(c, `http://${ips[other]}:${svc.spec.ports[0].nodePort}/`, CP, '-m', '2').exitCode).toBe(28);
  });
});
