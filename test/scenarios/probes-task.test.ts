/**
 * kubernetes.io's task "Configure Liveness, Readiness and Startup Probes"
 * (content/en/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes.md), its commands in
 * order against the examples as https://k8s.io/examples serves them. The page's printed Events come from kubectl
 * before v1.27 ("kubelet, node01" in From, "Created container liveness"); v1.35's describe writes "kubelet" and
 * prefixes the container's field path, and v1.35's kubelet says "Container created"/"Container started" and adds
 * the pull's duration and image size: those are v1.35's texts (engine/kubelet/messages.ts), the rest is the page's.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const events = (describeOut: string) => describeOut.slice(describeOut.indexOf('Events:\n'));

describe('Configure Liveness, Readiness and Startup Probes', () => {
  it('exec: no failure within 30 s; after 35 s three failed probes and a kill; then RESTARTS 1', async () => {
    const { run, cluster } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/probe/exec-liveness.yaml')).out).toBe('pod/liveness-exec created\n');
    await run('sleep 20');
    const early = events((await run('kubectl describe pod liveness-exec')).out);
    expect(early).not.toContain('Unhealthy');
    expect(early).toMatch(/Normal {2}Started {4}\d+s {3}kubelet {12}spec\.containers\{liveness\}: Container started\n$/);
    await run('sleep 25');
    const late = events((await run('kubectl describe pod liveness-exec')).out);
    // The page: "Warning  Unhealthy  10s (x3 over 20s)  …  Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    // and "Normal   Killing    10s  …  Container liveness failed liveness probe, will be restarted".
    expect(late).toMatch(/Warning {2}Unhealthy {2}\d+s \(x3 over \d+s\) +kubelet +spec\.containers\{liveness\}: Liveness probe failed: cat: can't open '\/tmp\/healthy': No such file or directory\n/);
    expect(late).toMatch(/Normal {3}Killing {4}\d+s +kubelet +spec\.containers\{liveness\}: Container liveness failed liveness probe, will be restarted\n/);
    // The page waits another 30 s. The probe's worker ticks every 5 s from the pod's admission (0 s), so the third failure
    // and the kill come at 45 s, and busybox's sh as PID 1 ignores SIGTERM: the 30 s grace ends it at 75 s, and the new
    // container starts a moment later; a few seconds more than the page's 30.
    await run('sleep 35');
    // The page's "liveness-exec   1/1       Running   1          1m"; v1.35 adds when the last restart was.
    expect((await run('kubectl get pod liveness-exec')).out).toMatch(/^NAME {12}READY {3}STATUS {4}RESTARTS {5}AGE\nliveness-exec {3}1\/1 {5}Running {3}1 \(\d+s ago\) {3}\d+s\n$/);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('HTTP: agnhost liveness answers 500 after 10 s, and the container is restarted', async () => {
    const { run } = await interactiveSession();
    await run('kubectl apply -f https://k8s.io/examples/pods/probe/http-liveness.yaml');
    await run('sleep 25');
    const ev = events((await run('kubectl describe pod liveness-http')).out);
    expect(ev).toMatch(/Warning {2}Unhealthy {2}\d+s \(x3 over \d+s\) +kubelet +spec\.containers\{liveness\}: Liveness probe failed: HTTP probe failed with statuscode: 500\n/);
    expect(ev).toContain('Container liveness failed liveness probe, will be restarted\n');
    expect(ev).toMatch(/Normal {3}Started {4}\d+s \(x2 over \d+s\) +kubelet +spec\.containers\{liveness\}: Container started\n/);
  });

  it('TCP: goproxy is Ready once the first readiness probe (15 s after start) connects to 8080', async () => {
    const { run, cluster } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/probe/tcp-liveness-readiness.yaml')).out).toBe('pod/goproxy created\n');
    await run('sleep 10');
    expect((await run('kubectl get pod goproxy')).out).toMatch(/\ngoproxy {3}0\/1 {5}Running {3}0 {10}\d+s\n$/);
    await run('sleep 10');
    const d = (await run('kubectl describe pod goproxy')).out;
    // describe's probe line (describe.go describeProbe): "tcp-socket :%s delay=… timeout=… period=… #success=… #failure=…".
    expect(d).toContain('    Liveness:       tcp-socket :8080 delay=15s timeout=1s period=10s #success=1 #failure=3\n');
    expect(d).toContain('    Readiness:      tcp-socket :8080 delay=15s timeout=1s period=10s #success=1 #failure=3\n');
    expect(d).toContain('    Ready:          True\n');
    expect(events(d)).not.toContain('Unhealthy');
    expect((await run('kubectl get pod goproxy')).out).toMatch(/\ngoproxy {3}1\/1 {5}Running {3}0 {10}\d+s\n$/);
    // A scratch image with the proxy alone: no shell to exec, nothing logged without a request (a TCP probe makes none).
    expect((await run('kubectl logs goproxy')).out).toBe('');
    expect((await run('kubectl exec goproxy -- sh')).out).toMatch(/exec: "sh": executable file not found in \$PATH: unknown\n$/);
    // A request that is no proxy request gets goproxy's NonproxyHandler answer (elazarl/goproxy of 2015, proxy.go).
    const ip = (await run('kubectl get pod goproxy -o jsonpath={.status.podIP}')).out;
    expect((await run(`curl -s -w ' %{http_code}' http://${ip}:8080/`)).out).toBe('This is a proxy server. Does not respond to non-proxy requests.\n 500');
    // Verbose: ctx.Logf's "[%03d] INFO: Got request %v %v %v %v" (path, Host, method, URL) through log.LstdFlags.
    expect((await run('kubectl logs goproxy')).out).toMatch(new RegExp(`^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[001\\] INFO: Got request / ${ip.replace(/\./g, '\\.')}:8080 GET /\n$`));
    expect(cluster.clock.errors).toEqual([]);
  });

  it('gRPC: etcd 3.5.1 serves the health service on 2379, so the liveness check does not fail', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/probe/grpc-liveness.yaml')).out).toBe('pod/etcd-with-grpc created\n');
    await run('sleep 60');
    const d = (await run('kubectl describe pod etcd-with-grpc')).out;
    expect(d).toContain('    Liveness:       grpc <pod>:2379  delay=10s timeout=1s period=10s #success=1 #failure=3\n');
    expect(d).toContain('    Restart Count:  0\n');
    expect(events(d)).not.toContain('Unhealthy');
    expect(events(d)).toContain('spec.containers{etcd}: Pulling image "registry.k8s.io/etcd:3.5.1-0"\n');
  });

  it('gRPC: a port nothing listens on is a probe failure, as the page says of configuration problems', async () => {
    const { run } = await interactiveSession();
    await run(`curl -sL https://k8s.io/examples/pods/probe/grpc-liveness.yaml | sed 's/port: 2379/port: 2399/' | kubectl apply -f -`);
    await run('sleep 45');
    const ev = events((await run('kubectl describe pod etcd-with-grpc')).out);
    // prober's gRPC client (pkg/probe/grpc): dial with WithBlock until the probe's timeout.
    expect(ev).toMatch(/Liveness probe failed: timeout: failed to connect service "10\.244\.\d+\.\d+:2399" within 1s: context deadline exceeded\n/);
  });
});
