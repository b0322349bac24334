/**
 * A container whose command is a script that ends by starting the image's own
 * server, as users make a slow starter: `sh -c "sleep 20; exec nginx -g
 * 'daemon off;'"`. The container stays up, listens only once the server has
 * started, and after `exec` the server (PID 1) handles SIGTERM itself.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import type { KObject } from '../api/meta.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SLOW = ['sh', '-c', "sleep 20; exec nginx -g 'daemon off;'"];

function pod(name: string, command: string[], extra: Record<string, unknown> = {}): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'worker-1', containers: [{ name: 'nginx', image: 'nginx:1.25', command, ...extra }] } } as KObject;
}

function get(c: Cluster, name: string): Any {
  return c.client().get('pods', 'default', name) as Any;
}

function request(c: Cluster, name: string) {
  return c.network.exchange({ node: 'worker-2' }, get(c, name).status.podIP, 80, { method: 'GET', path: '/', userAgent: 'test' });
}

describe('a script that starts the image server', () => {
  it('sleep then exec nginx: refused while sleeping, then serves and stays running', () => {
    const c = new Cluster({ seed: 3, bootAgeMs: 10_000 }).boot();
    c.client().create('pods', 'default', pod('slow', SLOW, { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 } }));
    c.advance(10_000);
    expect(get(c, 'slow').status.phase).toBe('Running');
    expect(get(c, 'slow').status.containerStatuses[0].ready).toBe(false);
    expect(request(c, 'slow').kind).toBe('refused');
    c.advance(20_000);
    const o = request(c, 'slow');
    expect(o.kind).toBe('response');
    expect(o.kind === 'response' && o.status).toBe(200);
    expect(get(c, 'slow').status.containerStatuses[0].ready).toBe(true);
    c.advance(120_000);
    const s = get(c, 'slow').status.containerStatuses[0];
    expect(s.restartCount).toBe(0);
    expect(s.state.running).toBeDefined();
    expect(c.clock.errors).toEqual([]);
  });

  it('without exec the shell stays PID 1 and ignores SIGTERM: deletion waits for the grace period', () => {
    const c = new Cluster({ seed: 3, bootAgeMs: 10_000 }).boot();
    const client = c.client();
    client.create('pods', 'default', pod('exec', SLOW));
    client.create('pods', 'default', pod('fg', ['sh', '-c', "sleep 5; nginx -g 'daemon off;'"]));
    c.advance(30_000);
    expect(request(c, 'exec').kind).toBe('response');
    expect(request(c, 'fg').kind).toBe('response');
    const t0 = c.clock.now();
    client.delete('pods', 'default', 'exec');
    client.delete('pods', 'default', 'fg');
    const gone = (n: string) => client.tryGet('pods', 'default', n) === undefined;
    expect(c.clock.runUntil(() => gone('exec'), 60_000)).toBe(true);
    // nginx quits on SIGTERM at once; only the kubelet's status round trip separates the delete from the removal.
    expect(c.clock.now() - t0).toBeLessThan(10_000);
    expect(gone('fg')).toBe(false);
    expect(c.clock.runUntil(() => gone('fg'), 60_000)).toBe(true);
    // sh has no SIGTERM handler as PID 1: terminationGracePeriodSeconds (30 s) passes, then SIGKILL.
    expect(c.clock.now() - t0).toBeGreaterThanOrEqual(30_000);
  });

  it('a kubectl exec of nginx does not turn the exec into a server', async () => {
    const c = new Cluster({ seed: 3, bootAgeMs: 10_000 }).boot();
    c.client().create('pods', 'default', pod('plain', ['sleep', '3600']));
    c.advance(15_000);
    const r = await c.kubelets.get('worker-1')!.exec('default', 'plain', undefined, ['sh', '-c', 'nginx -t; echo done']);
    expect(r.stdout).toBe('done\n');
    expect(request(c, 'plain').kind).toBe('refused');
  });
});
