/**
 * The base images tutorials reach for when they need a shell or a client in the cluster: alpine (busybox ash,
 * wget, nslookup), ubuntu and debian (bash, dash as sh, GNU coreutils, and famously no curl, wget or ps), and
 * curlimages/curl, whose entrypoint hands curl any arguments that start with a dash or name no command.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('base images', () => {
  it('alpine, ubuntu and debian run a shell with their own tools and /etc/os-release', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl run al --image=alpine -- sleep 3600');
    await run('kubectl run ub --image=ubuntu:24.04 -- sleep 3600');
    await run('kubectl run de --image=debian:bookworm -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/al pod/ub pod/de --timeout=60s');
    expect((await run('kubectl exec al -- grep PRETTY_NAME /etc/os-release')).out).toBe('PRETTY_NAME="Alpine Linux v3.23"\n');
    expect((await run('kubectl exec ub -- grep VERSION= /etc/os-release')).out).toBe('VERSION="24.04.3 LTS (Noble Numbat)"\n');
    expect((await run('kubectl exec de -- cat /etc/debian_version')).out).toBe('12.12\n');
    // busybox's ls in alpine, GNU's in Debian's and Ubuntu's images.
    expect((await run('kubectl exec al -- ls /nope')).out).toBe('ls: /nope: No such file or directory\ncommand terminated with exit code 1\n');
    expect((await run('kubectl exec ub -- ls /nope')).out).toBe("ls: cannot access '/nope': No such file or directory\ncommand terminated with exit code 2\n");
    const noCurl = await run('kubectl exec ub -- curl -s example.com');
    expect(noCurl.out).toMatch(/exec: "curl": executable file not found in \$PATH: unknown\n$/);
    expect(noCurl.status).toBe(1);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('curlimages/curl: arguments that start with a dash are curl\'s; no arguments is curl without a URL', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create deployment web --image=nginx:1.25');
    await run('kubectl expose deployment web --port=80');
    await run('kubectl wait --for=condition=Available deploy/web --timeout=60s');
    await run('sleep 2');
    await run('kubectl run c1 --image=curlimages/curl --restart=Never -- -s web');
    await run('kubectl run c2 --image=curlimages/curl --restart=Never -- curl -so /dev/null -w "%{http_code}" web');
    await run('kubectl run c3 --image=curlimages/curl --restart=Never');
    await run('sleep 15');
    expect((await run('kubectl logs c1')).out).toContain('<title>Welcome to nginx!</title>');
    expect((await run('kubectl logs c2')).out).toBe('200\n');
    expect((await run('kubectl logs c3')).out).toBe("curl: try 'curl --help' or 'curl --manual' for more information\n");
    const pods = (await run('kubectl get pods c1 c2 c3 --no-headers')).out.split('\n').filter(Boolean).map((l) => l.split(/\s+/).slice(0, 3).join(' '));
    expect(pods).toEqual(['c1 0/1 Completed', 'c2 0/1 Completed', 'c3 0/1 Error']);
  });
});
