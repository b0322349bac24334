/**
 * kubernetes.io's task "Debugging DNS Resolution" (content/en/docs/tasks/administer-cluster/dns-debugging-resolution.md),
 * its commands in order. admin/dns/dnsutils.yaml runs registry.k8s.io/e2e-test-images/agnhost:2.39 with its default
 * command (`pause`) since kubernetes/website#47735; its nslookup is BIND 9.16's from Alpine 3.12's bind-tools
 * (engine/network/commands/bind-tools.ts). The page's printed nslookup output is busybox's older libc format
 * ("Address 1: 10.0.0.10") from before that change; what BIND prints is the real answer here. The page's
 * `kubectl get endpointslice -l k8s.io/service-name=kube-dns` names a label EndpointSlices do not carry (theirs is
 * kubernetes.io/service-name), so a real cluster finds none, as this one does.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('Debugging DNS Resolution', () => {
  it("runs the page's checks against a dnsutils pod", async () => {
    const { run, cluster } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/admin/dns/dnsutils.yaml')).out).toBe('pod/dnsutils created\n');
    await run('kubectl wait --for=condition=Ready pod/dnsutils');
    expect((await run('kubectl get pods dnsutils')).out).toMatch(/^NAME {7}READY {3}STATUS {4}RESTARTS {3}AGE\ndnsutils {3}1\/1 {5}Running {3}0 {10}\d+s\n$/);
    // agnhost's `pause` says so when it starts.
    expect((await run('kubectl logs dnsutils')).out).toBe('Paused\n');

    // nslookup.c printmessage: "Server:\t\t%s", "Address:\t%s" (isc_sockaddr_format: "ip#port"), a blank line,
    // printsection's "Name:\t%s" and printaddr's "Address: %s", and main's closing puts("").
    const found = await run('kubectl exec -i -t dnsutils -- nslookup kubernetes.default');
    expect(found.out).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n');
    expect(found.status).toBe(0);

    expect((await run('kubectl exec -ti dnsutils -- cat /etc/resolv.conf')).out).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');

    const dnsPods = (await run('kubectl get pods --namespace=kube-system -l k8s-app=kube-dns')).out.trim().split('\n');
    expect(dnsPods[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
    expect(dnsPods.slice(1)).toHaveLength(2);
    for (const l of dnsPods.slice(1)) expect(l).toMatch(/^coredns-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running +0 +\d+m?\d*s?$/);

    // Each CoreDNS pod's start (the page's example is CoreDNS 1.2's): the server block, then its version lines.
    const logs = (await run('kubectl logs --namespace=kube-system -l k8s-app=kube-dns')).out;
    expect(logs.match(/^\.:53$/gm)).toHaveLength(2);
    expect(logs).toMatch(/^CoreDNS-1\.\d+\.\d+\nlinux\/amd64, go/m);

    // v1.35's kubeadm Service also serves the metrics port the page's older table has not.
    expect((await run('kubectl get svc --namespace=kube-system')).out).toMatch(/\nkube-dns {3}ClusterIP {3}10\.96\.0\.10 {3}<none> {8}53\/UDP,53\/TCP,9153\/TCP {3}\d+m?\d*s?\n/);

    expect((await run('kubectl get endpointslice -l k8s.io/service-name=kube-dns --namespace=kube-system')).out).toBe('No resources found in kube-system namespace.\n');
    expect((await run('kubectl get endpointslice -l kubernetes.io/service-name=kube-dns --namespace=kube-system')).out)
      .toMatch(/^NAME {13}ADDRESSTYPE {3}PORTS {8}ENDPOINTS {15}AGE\nkube-dns-[a-z0-9]{5} {3}IPv4 {10}53,53,9153 {3}10\.244\.\d+\.\d+,10\.244\.\d+\.\d+ {3}\S+\n$/);

    // The page's expected output for CoreDNS's permissions, line for line.
    expect((await run('kubectl describe clusterrole system:coredns -n kube-system')).out).toContain([
      'PolicyRule:',
      '  Resources                        Non-Resource URLs  Resource Names  Verbs',
      '  ---------                        -----------------  --------------  -----',
      '  endpoints                        []                 []              [list watch]',
      '  namespaces                       []                 []              [list watch]',
      '  pods                             []                 []              [list watch]',
      '  services                         []                 []              [list watch]',
      '  endpointslices.discovery.k8s.io  []                 []              [list watch]',
    ].join('\n'));

    // "Are you in the right namespace for the service?": a bare name searches the pod's namespace only.
    const other = await run('kubectl exec -i -t dnsutils -- nslookup kube-dns');
    expect(other.out).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find kube-dns: NXDOMAIN\n\ncommand terminated with exit code 1\n");
    expect((await run('kubectl exec -i -t dnsutils -- nslookup kube-dns.kube-system')).out).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tkube-dns.kube-system.svc.cluster.local\nAddress: 10.96.0.10\n\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('with CoreDNS down, BIND gives up after three tries of five seconds', async () => {
    const { run } = await interactiveSession();
    await run('kubectl apply -f https://k8s.io/examples/admin/dns/dnsutils.yaml');
    await run('kubectl wait --for=condition=Ready pod/dnsutils');
    await run('kubectl -n kube-system scale deployment coredns --replicas=0');
    await run('sleep 60');
    const before = Number((await run('date +%s')).out);
    const r = await run('kubectl exec dnsutils -- nslookup kubernetes.default');
    const after = Number((await run('date +%s')).out);
    // dighost's connect_timeout after the last retry: the lookup's cmdline (empty for nslookup), then
    // dighost_error's ";; " and the text with its "\n", printf's "\n", and nslookup's closing puts("").
    expect(r.out).toBe(';; connection timed out; no servers could be reached\n\n\ncommand terminated with exit code 1\n');
    expect(after - before).toBeGreaterThanOrEqual(15);
  });
});
