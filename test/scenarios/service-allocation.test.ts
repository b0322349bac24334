/**
 * A learner's Services meet the v1.35 API server's allocators through kubectl: server-side dry runs show what the
 * dry-run allocators answer and keep nothing (pkg/registry/core/service/ipallocator/ipallocator.go dryRunAllocator:
 * the range's network address; portallocator/operation.go: NodePorts counted up from 32768), a taken value is the
 * error even when the name is taken too (storage.go beginCreate runs before the store's AlreadyExists), and
 * kube-proxy's health server answers JSON (pkg/proxy/healthcheck/proxier_health.go; the sample
 * `{"lastUpdated": "2024-06-21 11:08:45.074765635 +0000 UTC m=+80.277574766","currentTime": "…", "nodeEligible": true}`
 * is what `curl http://127.0.0.1:10256/healthz` prints on a v1.30+ node).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('Service allocation through kubectl', () => {
  it('--dry-run=server shows the dry-run allocators\' values and creates nothing', async () => {
    const { run } = await interactiveSession();
    const yaml = (await run('kubectl create service nodeport web --tcp=80:8080 --dry-run=server -o yaml')).out;
    expect(yaml).toContain('\n  clusterIP: 10.96.0.0\n  clusterIPs:\n  - 10.96.0.0\n');
    expect(yaml).toContain('\n  - name: 80-8080\n    nodePort: 32769\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n');
    expect(yaml).toContain('\n  ipFamilies:\n  - IPv4\n  ipFamilyPolicy: SingleStack\n');
    expect((await run('kubectl get svc web')).out).toBe('Error from server (NotFound): services "web" not found\n');
    await run('kubectl create deployment web --image=nginx:1.27');
    const lb = (await run(`kubectl expose deployment web --port=80 --type=LoadBalancer --dry-run=server -o jsonpath='{.spec.clusterIP} {.spec.ports[0].nodePort}'`)).out;
    expect(lb).toBe('10.96.0.0 32769');
    expect((await run('kubectl expose deployment web --port=80 --type=NodePort')).out).toBe('service/web exposed\n');
    const np = (await run(`kubectl get svc web -o jsonpath='{.spec.ports[0].nodePort}'`)).out;
    // The dry-run type change shows a dry-run value only for what it would newly allocate: the NodePort is kept.
    expect((await run(`kubectl patch svc web -p '{"spec":{"type":"LoadBalancer"}}' --dry-run=server -o jsonpath='{.spec.ports[0].nodePort}'`)).out).toBe(np);
    expect((await run(`kubectl patch svc web -p '{"spec":{"type":"ClusterIP"}}' --dry-run=server -o jsonpath='{.spec.ports[0].nodePort}'`)).out).toBe('');
    expect((await run(`kubectl get svc web -o jsonpath='{.spec.type} {.spec.ports[0].nodePort}'`)).out).toBe(`NodePort ${np}`);
  });

  it('a taken value is the error, before the name that exists and the field that is wrong', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl create service nodeport a --tcp=80 --node-port=30080')).out).toBe('service/a created\n');
    expect((await run('kubectl create service nodeport b --tcp=80 --node-port=30080')).out)
      .toBe('error: failed to create NodePort service: Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n');
    expect((await run('kubectl create service nodeport a --tcp=80 --node-port=30080')).out)
      .toBe('error: failed to create NodePort service: Service "a" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n');
    expect((await run('kubectl create service nodeport c --tcp=80 --node-port=3000')).out)
      .toBe('error: failed to create NodePort service: Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 3000: provided port is not in the valid range. The range of valid ports is 30000-32767\n');
    expect((await run('kubectl create service clusterip d --tcp=80 --clusterip=192.168.0.10')).out)
      .toBe('error: failed to create ClusterIP service: Service "d" is invalid: spec.clusterIPs: Invalid value: ["192.168.0.10"]: failed to allocate IP 192.168.0.10: the provided network does not match the current range\n');
    // What the refused creates took is free: the name that existed is the only error now.
    expect((await run('kubectl create service nodeport a --tcp=80 --node-port=30081')).out).toBe('error: failed to create NodePort service: services "a" already exists\n');
    expect((await run('kubectl create service nodeport e --tcp=80 --node-port=30081')).out).toBe('service/e created\n');
  });

  it('kube-proxy\'s health server answers JSON on 10256; its metrics port keeps the plain healthz', async () => {
    const { run } = await interactiveSession();
    const time = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,3})? \+0000 UTC m=\+\d+\.\d{9}`;
    const healthz = (await run('curl -s localhost:10256/healthz')).out;
    expect(healthz).toMatch(new RegExp(`^\\{"lastUpdated": "(${time})","currentTime": "\\1", "nodeEligible": true\\}$`));
    expect((await run('curl -s localhost:10256/livez')).out).toMatch(new RegExp(`^\\{"lastUpdated": "(${time})","currentTime": "\\1"\\}$`));
    const [headers, body] = (await run('curl -si localhost:10256/healthz')).out.split('\r\n\r\n');
    const head = headers.split('\r\n');
    expect(head.slice(0, 3)).toEqual(['HTTP/1.1 200 OK', 'Content-Type: application/json', 'X-Content-Type-Options: nosniff']);
    expect(head[3]).toMatch(/^Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    expect(head.slice(4)).toEqual([`Content-Length: ${body.length}`]);
    expect(body).toMatch(/"nodeEligible": true\}$/);
    expect((await run('curl -s localhost:10249/healthz')).out).toBe('ok');
    expect((await run('curl -s localhost:10256/')).out).toBe('404 page not found\n');
  });
});
