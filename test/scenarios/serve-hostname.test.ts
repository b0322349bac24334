/**
 * registry.k8s.io/serve_hostname, as the kubernetes.io tasks "Debug Services" and "Namespaces Walkthrough" use it.
 * Expected behaviour from the image's source (kubernetes/contrib for-demos/serve_hostname, kubernetes
 * test/images/serve_hostname): Dockerfile `FROM busybox`, `EXPOSE 9376`, `ENTRYPOINT ["/serve_hostname"]`; the
 * program serves HTTP on -port (9376), answers every path with `fmt.Fprintf(w, "%s", hostname)` (no newline),
 * logs `log.Printf("HTTP request from %s", r.RemoteAddr)` per request and nothing at start, and refuses -tcp/-udp
 * beside the default -http with a log.Fatalf (exit 1). SIGTERM ends it with status 2 (v1.4's log.Panicf, the
 * Go runtime's default for the builds before it).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const GO_LOG_TIME = String.raw`\d{4}/\d\d/\d\d \d\d:\d\d:\d\d`;

describe('registry.k8s.io/serve_hostname (Debug Services)', () => {
  it('each pod answers its own name on 9376, the Service on 80 reaches all three, and the pods log each request', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl create deployment hostnames --image=registry.k8s.io/serve_hostname')).out).toBe('deployment.apps/hostnames created\n');
    // An untagged image is :latest, which the API server defaults to imagePullPolicy Always.
    expect((await run(`kubectl get deployment hostnames -o jsonpath='{.spec.template.spec.containers[0].imagePullPolicy}'`)).out).toBe('Always');
    expect((await run('kubectl scale deployment hostnames --replicas=3')).out).toBe('deployment.apps/hostnames scaled\n');
    await run('kubectl run client --image=busybox --restart=Never -- sleep 3600');
    await run('kubectl wait --for=condition=Available deployment/hostnames --timeout=120s');
    await run('kubectl wait --for=condition=Ready pod/client --timeout=120s');

    const names = (await run(`kubectl get pods -l app=hostnames -o jsonpath='{.items[*].metadata.name}'`)).out.split(' ');
    const ips = (await run(`kubectl get pods -l app=hostnames -o jsonpath='{.items[*].status.podIP}'`)).out.split(' ');
    expect(names).toHaveLength(3);
    // Silent at start: nothing is logged before the first request.
    expect((await run(`kubectl logs ${names[0]}`)).out).toBe('');

    for (let i = 0; i < 3; i++) {
      // The body is the hostname alone: the next prompt follows it on the same line.
      expect((await run(`kubectl exec client -- wget -qO- ${ips[i]}:9376`)).out).toBe(names[i]);
    }
    expect((await run(`kubectl exec client -- wget -qO- ${ips[0]}:9376/any/path`)).out).toBe(names[0]);

    expect((await run('kubectl expose deployment hostnames --port=80 --target-port=9376')).out).toBe('service/hostnames exposed\n');
    await run('sleep 5');
    expect((await run(`kubectl get endpointslices -l kubernetes.io/service-name=hostnames -o jsonpath='{.items[0].ports[0].port}'`)).out).toBe('9376');
    const seen = new Set<string>();
    // kube-proxy picks an endpoint at random: 30 picks over 3 pods miss one with p < 1e-5.
    for (let i = 0; i < 30; i++) seen.add((await run('kubectl exec client -- wget -qO- hostnames')).out);
    expect([...seen].sort()).toEqual([...names].sort());
    const once = (await run('kubectl run -i --rm --restart=Never once --image=busybox -- wget -qO- hostnames.default.svc.cluster.local:80')).out;
    expect(names.filter((n) => once.includes(n))).toHaveLength(1);

    const clientIP = (await run(`kubectl get pod client -o jsonpath='{.status.podIP}'`)).out;
    const logs = (await run(`kubectl logs ${names[0]}`)).out.split('\n').slice(0, -1);
    expect(logs.length).toBeGreaterThanOrEqual(2);
    expect(logs[0]).toMatch(new RegExp(`^${GO_LOG_TIME} HTTP request from ${clientIP.replace(/\./g, '\\.')}:\\d+$`));
    expect(logs[1]).toMatch(new RegExp(`^${GO_LOG_TIME} HTTP request from ${clientIP.replace(/\./g, '\\.')}:\\d+$`));
  });

  it('is a busybox image running /serve_hostname as PID 1, which SIGTERM ends with status 2', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run sh --image=registry.k8s.io/serve_hostname:v1.4');
    await run('kubectl wait --for=condition=Ready pod/sh --timeout=120s');
    expect((await run(`kubectl get pod sh -o jsonpath='{.spec.containers[0].imagePullPolicy}'`)).out).toBe('IfNotPresent');
    expect((await run('kubectl exec sh -- cat /etc/passwd')).out.split('\n')[0]).toBe('root:x:0:0:root:/root:/bin/sh');
    expect((await run('kubectl exec sh -- ps')).out).toMatch(/^PID {3}USER {5}TIME {2}COMMAND\n {4}1 root {6}0:00 \/serve_hostname\n/);
    // /serve_hostname is at the root, not on busybox's PATH.
    expect((await run('kubectl exec sh -- serve_hostname')).out).toContain('exec: "serve_hostname": executable file not found in $PATH: unknown');
    await run('kubectl exec sh -- kill 1');
    await run('sleep 5');
    expect((await run(`kubectl get pod sh -o jsonpath='{.status.containerStatuses[0].lastState.terminated.exitCode}'`)).out).toBe('2');
  });

  it('-tcp beside the default -http is a fatal error; a tag that does not exist fails to pull', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run both --image=registry.k8s.io/serve_hostname -- -tcp');
    await run('kubectl run other --image=registry.k8s.io/serve_hostname -- -port=8080');
    await run('kubectl run nope --image=registry.k8s.io/serve_hostname:1.4');
    await run('kubectl run client --image=busybox --restart=Never -- sleep 3600');
    await run('sleep 20');
    expect((await run('kubectl logs both')).out).toMatch(new RegExp(`^${GO_LOG_TIME} Can't server TCP/UDP mode and HTTP mode at the same time\n$`));
    expect((await run(`kubectl get pod both -o jsonpath='{.status.containerStatuses[0].lastState.terminated.exitCode}'`)).out).toBe('1');
    const ip = (await run(`kubectl get pod other -o jsonpath='{.status.podIP}'`)).out;
    expect((await run(`kubectl exec client -- wget -qO- ${ip}:8080`)).out).toBe('other');
    expect((await run(`kubectl exec client -- wget -qO- ${ip}:9376`)).out).toBe(`wget: can't connect to remote host (${ip}): Connection refused\ncommand terminated with exit code 1\n`);
    // "1.4" was never pushed (the tags are 1.1, 1.2, 1.3, v1.2, v1.4 and latest): containerd's NotFound.
    expect((await run(`kubectl get events --field-selector involvedObject.name=nope,reason=Failed -o jsonpath='{.items[0].message}'`)).out)
      .toBe('Failed to pull image "registry.k8s.io/serve_hostname:1.4": rpc error: code = NotFound desc = failed to pull and unpack image "registry.k8s.io/serve_hostname:1.4": failed to resolve image: registry.k8s.io/serve_hostname:1.4: not found');
  });
});

describe('registry.k8s.io/serve_hostname (Namespaces Walkthrough)', () => {
  it('runs two snowflake replicas in the development namespace', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create namespace development');
    expect((await run('kubectl create deployment snowflake --image=registry.k8s.io/serve_hostname -n=development --replicas=2')).out).toBe('deployment.apps/snowflake created\n');
    await run('kubectl wait --for=condition=Available deployment/snowflake -n=development --timeout=120s');
    expect((await run(`kubectl get deployment snowflake -n=development -o jsonpath='{.status.readyReplicas}'`)).out).toBe('2');
    const pods = (await run('kubectl get pods -l app=snowflake -n=development --no-headers')).out.trim().split('\n');
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p).toMatch(/^snowflake-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running +0 +/);
  });
});
