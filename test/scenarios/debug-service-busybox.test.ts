/**
 * kubernetes.io's "Debug Services" (content/en/docs/tasks/debug/debug-application/debug-service.md) runs its checks
 * from `kubectl run -it --rm --restart=Never busybox --image=gcr.io/google-containers/busybox sh`. That repository is
 * the one k8s.gcr.io served (and registry.k8s.io serves on), so its tags are registry.k8s.io/busybox's: latest is
 * busybox 1.27.2, whose nslookup is the libc one the page prints:
 *
 *     Address 1: 10.0.0.10 kube-dns.kube-system.svc.cluster.local
 *
 *     Name:      hostnames
 *     Address 1: 10.0.1.175 hostnames.default.svc.cluster.local
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('Debug Services from gcr.io/google-containers/busybox', () => {
  it("answers the page's DNS and Service checks in busybox 1.27's formats", async () => {
    const { run, screen, cluster } = await interactiveSession(['nslookup hostnames', 'nslookup kubernetes.default', 'exit']);
    expect((await run('kubectl create deployment hostnames --image=registry.k8s.io/serve_hostname')).out).toBe('deployment.apps/hostnames created\n');
    expect((await run('kubectl scale deployment hostnames --replicas=3')).out).toBe('deployment.apps/hostnames scaled\n');
    expect((await run('kubectl expose deployment hostnames --port=80 --target-port=9376')).out).toBe('service/hostnames exposed\n');
    await run('kubectl rollout status deployment/hostnames');
    const ip = (await run('kubectl get svc hostnames -o jsonpath={.spec.clusterIP}')).out;
    const r = await run('kubectl run -it --rm --restart=Never busybox --image=gcr.io/google-containers/busybox sh');
    expect(r.out).toMatch(/pod "busybox" deleted from default namespace\n$/);
    expect(screen.text).toContain(`/ # nslookup hostnames\nServer:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      hostnames\nAddress 1: ${ip} hostnames.default.svc.cluster.local\n`);
    expect(screen.text).toContain('/ # nslookup kubernetes.default\nServer:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('is the same image as registry.k8s.io/busybox:latest, by size', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run a --image=gcr.io/google-containers/busybox -- sleep 3600');
    await run('kubectl run b --image=registry.k8s.io/busybox -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/a pod/b');
    const sizes = (await run("kubectl get events --field-selector reason=Pulled -o jsonpath='{range .items[*]}{.message}{\"\\n\"}{end}'")).out.trim().split('\n').map((m) => /Image size: (\d+) bytes/.exec(m)?.[1]);
    expect(sizes).toEqual(['1144768', '1144768']);
    // ... and answers a lookup with the same libc nslookup.
    expect((await run('kubectl exec a -- nslookup kubernetes')).out).toMatch(/^Server: {4}10\.96\.0\.10\nAddress 1: 10\.96\.0\.10 kube-dns\.kube-system\.svc\.cluster\.local\n\nName: {6}kubernetes\nAddress 1: 10\.96\.0\.1 kubernetes\.default\.svc\.cluster\.local\n$/);
  });
});
