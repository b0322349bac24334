import { describe, expect, it } from 'vitest';
import type { KObject } from '../../engine/api/meta.js';
import { curlCore } from '../../engine/network/commands/curl.js';
import { flatten } from '../../engine/network/commands/index.js';
import { boot, busyboxPod, deployment, execIn, fromPod, HOSTNAMES, service } from './network-helpers.js';

function setup() {
  const c = boot();
  const client = c.client();
  client.create('deployments.apps', 'default', deployment('web', 2, HOSTNAMES));
  client.create('services', 'default', service('web', {}));
  client.create('pods', 'default', busyboxPod('client'));
  client.create('pods', 'default', busyboxPod('old', 'busybox:1.28'));
  c.advance(30_000);
  const ip = (client.get('services', 'default', 'web') as KObject & { spec: { clusterIP: string } }).spec.clusterIP;
  return { c, client, ip };
}

describe('CoreDNS', () => {
  it('every name form of a Service resolves inside a pod', () => {
    const { c, ip } = setup();
    for (const name of ['web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local']) {
      const r = execIn(c, 'client', ['wget', '-qO-', `http://${name}:80/`]);
      expect(r.exitCode, name).toBe(0);
      expect(r.stdout, name).toMatch(/^web-/);
    }
    // busybox ≥1.30 nslookup (networking/nslookup.c): "Server:\t\t%s", "Address:\t%s", "Name:\t%s\nAddress: %s", "** server can't find %s: %s".
    const n = fromPod(c, 'client', ['nslookup', 'web.default.svc.cluster.local']);
    expect(n.stdout).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\n\n`);
    expect(n.exitCode).toBe(0);
    // busybox 1.28 uses libc: print_host's "%-10s %s" and "Address %u: %s %s".
    const old = fromPod(c, 'old', ['nslookup', 'web']);
    expect(old.stdout).toBe(`Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web\nAddress 1: ${ip} web.default.svc.cluster.local\n`);
    // The pod's resolv.conf as the kubelet writes it for ClusterFirst.
    expect(execIn(c, 'client', ['cat', '/etc/resolv.conf']).stdout).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(c.clock.errors).toEqual([]);
  });

  it('unknown names are NXDOMAIN, headless Services return the pod IPs', () => {
    const { c, client } = setup();
    const n = fromPod(c, 'client', ['nslookup', 'nope.default.svc.cluster.local']);
    expect(n.stdout).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n");
    expect(n.exitCode).toBe(1);
    client.create('services', 'default', { ...service('web', { clusterIP: 'None' }), metadata: { name: 'web-headless' } } as KObject);
    c.advance(5_000);
    const podIPs = client.list('pods', 'default').items.filter((p) => p.metadata.labels?.app === 'web').map((p) => (p.status as { podIP: string }).podIP).sort();
    const h = fromPod(c, 'client', ['nslookup', 'web-headless.default.svc.cluster.local']);
    const got = [...h.stdout.matchAll(/Address: (\S+)/g)].map((m) => m[1]).sort();
    expect(got).toEqual(podIPs);
  });

  it('Service names do not resolve on the node', () => {
    const { c, ip } = setup();
    const r = flatten(curlCore(['curl', 'http://web/'], c.network, { node: 'control-plane' }, '8.5'));
    expect(r.exitCode).toBe(6);
    expect(r.stderr).toBe('curl: (6) Could not resolve host: web\n');
    expect(flatten(curlCore(['curl', '-s', `http://${ip}/`], c.network, { node: 'control-plane' }, '8.5')).exitCode).toBe(0);
  });

  it('CoreDNS scaled to zero: lookups time out', () => {
    const { c, client } = setup();
    client.patch('deployments.apps', 'kube-system', 'coredns', 'merge', { spec: { replicas: 0 } });
    c.advance(60_000);
    const n = fromPod(c, 'client', ['nslookup', 'web']);
    expect(n.stdout).toBe(';; connection timed out; no servers could be reached\n\n');
    expect(n.exitCode).toBe(1);
    expect(n.durationMs).toBe(5000);
    const w = fromPod(c, 'client', ['wget', '-qO-', 'http://web']);
    expect(w.stderr).toBe("wget: bad address 'web'\n");
    client.patch('deployments.apps', 'kube-system', 'coredns', 'merge', { spec: { replicas: 2 } });
    c.advance(60_000);
    expect(fromPod(c, 'client', ['wget', '-qO-', 'http://web']).exitCode).toBe(0);
  });
});
