/**
 * ExternalName Services through CoreDNS (plugin/kubernetes findServices, plugin/backend_lookup.go A/AAAA): a CNAME
 * (TTL 30) to the Service's name, followed inside cluster.local by the same lookup and outside it through CoreDNS
 * itself (`forward`: here the lab's few public hosts, every other name NXDOMAIN). What the clients print of it:
 * busybox 1.36's nslookup ("%s\tcanonical name = %s"), BIND's nslookup in agnhost (the AAAA query for the name at
 * the end of the CNAMEs, chase_cnamechain), busybox 1.28's libc lookup, and on the node dig, host and nslookup.
 * Also: a headless Service with no ready endpoint is NXDOMAIN, and the zone's SOA answers at its name with the
 * serial of the last change CoreDNS saw.
 */
import { describe, expect, it } from 'vitest';
import { lab } from '../../engine/shell/commands/node/test-lab.js';
import { externalNameLab } from '../../engine/network/commands/externalname-lab.js';

async function setup() {
  const l = await externalNameLab([
    'kubectl create service externalname ext3 --external-name kubernetes.io',
    'kubectl create service externalname loop --external-name loop.default.svc.cluster.local',
    'kubectl create service clusterip hl --clusterip=None',
    'kubectl run bb --image=busybox:1.36 -- sleep 3600',
    'kubectl run old --image=busybox:1.28 -- sleep 3600',
    'kubectl run dn --image=registry.k8s.io/e2e-test-images/agnhost:2.39 -- pause',
    'kubectl run deb --image=nginx',
    'kubectl wait --for=condition=Ready pod/bb pod/old pod/dn pod/deb',
  ]);
  return { ...l, ip: l.web };
}

const BB_HEAD = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n';
const BIND_HEAD = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n';

describe('ExternalName Services', () => {
  it('busybox 1.36 nslookup prints the CNAME of each A and AAAA answer, and the addresses it leads to', async () => {
    const { run, ip } = await setup();
    // A target outside the zone that upstream does not know: the CNAME alone, NOERROR, in both answers.
    let r = await run('kubectl exec bb -- nslookup ext.default.svc.cluster.local');
    expect(r.out).toBe(`${BB_HEAD}ext.default.svc.cluster.local\tcanonical name = example.com\n\next.default.svc.cluster.local\tcanonical name = example.com\n\n`);
    expect(r.status).toBe(0);
    // A Service name: the CNAME and its A record; the AAAA answer is empty (the recursion found no AAAA: no CNAME kept).
    r = await run('kubectl exec bb -- nslookup ext2.default.svc.cluster.local');
    expect(r.out).toBe(`${BB_HEAD}ext2.default.svc.cluster.local\tcanonical name = web.other.svc.cluster.local\nName:\tweb.other.svc.cluster.local\nAddress: ${ip}\n\n\n`);
    // A public name the lab's upstream knows: its A records through the CNAME; AAAA: the CNAME alone.
    r = await run('kubectl exec bb -- nslookup ext3.default.svc.cluster.local');
    expect(r.out).toBe(`${BB_HEAD}ext3.default.svc.cluster.local\tcanonical name = kubernetes.io\nName:\tkubernetes.io\nAddress: 75.2.60.5\n\next3.default.svc.cluster.local\tcanonical name = kubernetes.io\n\n`);
    // x CNAME x is dropped: NODATA.
    r = await run('kubectl exec bb -- nslookup loop.default.svc.cluster.local');
    expect(r.out).toBe(`${BB_HEAD}\n\n`);
    // A headless Service with no ready endpoint: findServices finds nothing, NXDOMAIN.
    r = await run('kubectl exec bb -- nslookup hl.default.svc.cluster.local');
    expect(r.out).toBe(`${BB_HEAD}** server can't find hl.default.svc.cluster.local: NXDOMAIN\n\n** server can't find hl.default.svc.cluster.local: NXDOMAIN\n\ncommand terminated with exit code 1\n`);
    expect(r.status).toBe(1);
  });

  it('BIND nslookup (agnhost) asks AAAA for the CNAME target; busybox 1.28 resolves through libc', async () => {
    const { run, ip } = await setup();
    let r = await run('kubectl exec dn -- nslookup ext');
    expect(r.out).toBe(`${BIND_HEAD}ext.default.svc.cluster.local\tcanonical name = example.com.\n** server can't find example.com: NXDOMAIN\n\ncommand terminated with exit code 1\n`);
    expect(r.status).toBe(1);
    r = await run('kubectl exec dn -- nslookup ext2');
    expect(r.out).toBe(`${BIND_HEAD}ext2.default.svc.cluster.local\tcanonical name = web.other.svc.cluster.local.\nName:\tweb.other.svc.cluster.local\nAddress: ${ip}\n\n`);
    expect(r.status).toBe(0);
    r = await run('kubectl exec old -- nslookup ext2');
    expect(r.out).toBe(`Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      ext2\nAddress 1: ${ip} web.other.svc.cluster.local\n`);
    // A CNAME with no address behind it is no answer to libc: every search name fails.
    r = await run('kubectl exec old -- nslookup ext');
    expect(r.out).toBe("Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nnslookup: can't resolve 'ext'\ncommand terminated with exit code 1\n");
    expect(r.status).toBe(1);
  });

  it('curl and wget reach what the name leads to, or fail to resolve it', async () => {
    const { run } = await setup();
    let r = await run('kubectl exec deb -- curl -s ext2');
    expect(r.out).toContain('<title>Welcome to nginx!</title>');
    r = await run('kubectl exec bb -- wget -qO- ext2');
    expect(r.out).toContain('<title>Welcome to nginx!</title>');
    r = await run('kubectl exec deb -- curl -sI ext');
    expect(r.out).toBe('command terminated with exit code 6\n');
    r = await run('kubectl exec deb -- curl -sS ext');
    expect(r.out).toBe('curl: (6) Could not resolve host: ext\ncommand terminated with exit code 6\n');
  });

  it('dig, host and nslookup on the node show the CNAME, then the target', async () => {
    const { run, ip } = await setup();
    let r = await run('dig @10.96.0.10 ext2.default.svc.cluster.local +noall +answer');
    expect(r.out).toBe(`ext2.default.svc.cluster.local.\t30 IN\tCNAME\tweb.other.svc.cluster.local.\nweb.other.svc.cluster.local. 30\tIN\tA\t${ip}\n`);
    r = await run('dig @10.96.0.10 ext2.default.svc.cluster.local');
    expect(r.out).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1\n');
    // Uncompressed: 12 + 36 (question) + 71 (CNAME) + 43 (A) + 23 (OPT with the cookie).
    expect(r.out).toContain(';; MSG SIZE  rcvd: 185\n');
    r = await run('dig @10.96.0.10 ext.default.svc.cluster.local +noall +answer +authority');
    expect(r.out).toBe('ext.default.svc.cluster.local. 30 IN\tCNAME\texample.com.\n');
    r = await run('dig @10.96.0.10 ext3.default.svc.cluster.local AAAA +short');
    expect(r.out).toBe('kubernetes.io.\n');
    r = await run('dig @10.96.0.10 ext2.default.svc.cluster.local CNAME +short');
    expect(r.out).toBe('web.other.svc.cluster.local.\n');
    r = await run('dig @10.96.0.10 ext2.default.svc.cluster.local AAAA +noall +answer +authority');
    expect(r.out).toMatch(/^cluster\.local\.\t\t30\tIN\tSOA\tns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. \d+ 7200 1800 86400 30\n$/);
    const server = 'Using domain server:\nName: 10.96.0.10\nAddress: 10.96.0.10#53\nAliases: \n\n';
    r = await run('host ext2.default.svc.cluster.local 10.96.0.10');
    expect(r.out).toBe(`${server}ext2.default.svc.cluster.local is an alias for web.other.svc.cluster.local.\nweb.other.svc.cluster.local has address ${ip}\n`);
    expect(r.status).toBe(0);
    // The AAAA and MX lookups ask for example.com, which upstream does not have: said for each, exit 1.
    r = await run('host ext.default.svc.cluster.local 10.96.0.10');
    expect(r.out).toBe(`${server}ext.default.svc.cluster.local is an alias for example.com.\nHost example.com not found: 3(NXDOMAIN)\nHost example.com not found: 3(NXDOMAIN)\n`);
    expect(r.status).toBe(1);
    r = await run('nslookup ext2.default.svc.cluster.local 10.96.0.10');
    expect(r.out).toBe(`${BIND_HEAD}ext2.default.svc.cluster.local\tcanonical name = web.other.svc.cluster.local.\nName:\tweb.other.svc.cluster.local\nAddress: ${ip}\n\n`);
    r = await run('nslookup ext.default.svc.cluster.local 10.96.0.10');
    expect(r.out).toBe(`${BIND_HEAD}ext.default.svc.cluster.local\tcanonical name = example.com.\n** server can't find example.com: NXDOMAIN\n\n`);
    expect(r.status).toBe(1);
  });
});

describe("CoreDNS's SOA", () => {
  it('answers at the zone name; its serial is the second of the last change CoreDNS saw', async () => {
    const { run } = await lab(1);
    const serial = async () => {
      const r = await run('dig @10.96.0.10 cluster.local SOA +short');
      const m = /^ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. (\d+) 7200 1800 86400 30\n$/.exec(r.out);
      expect(m, r.out).not.toBeNull();
      return Number(m![1]);
    };
    const now = async () => Number((await run('date +%s')).out);
    // At boot: when the kube-dns EndpointSlice last changed (its CoreDNS pods became ready), before the lab's first prompt.
    const booted = await serial();
    expect(booted).toBeLessThan(await now() - 60);
    let r = await run('dig @10.96.0.10 cluster.local SOA');
    expect(r.out).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n');
    // A name that does not exist, asked for SOA: NODATA (the handler sets no name error for SOA).
    r = await run('dig @10.96.0.10 nope.default.svc.cluster.local SOA');
    expect(r.out).toContain('status: NOERROR');
    expect(r.out).toContain('ANSWER: 0, AUTHORITY: 1');
    await run('sleep 100');
    // A Deployment is nothing to CoreDNS; a Service is.
    await run('kubectl create deployment web --image=nginx');
    await run('sleep 10');
    expect(await serial()).toBe(booted);
    const before = await now();
    await run('kubectl expose deployment web --port 80');
    const exposed = await serial();
    expect(exposed).toBeGreaterThanOrEqual(before);
    await run('sleep 30');
    // Labels change no record; a new ready endpoint does.
    const settled = await serial();
    await run('kubectl label svc web a=b');
    await run('sleep 10');
    expect(await serial()).toBe(settled);
    const scaled = await now();
    await run('kubectl scale deployment web --replicas 2');
    await run('sleep 20');
    expect(await serial()).toBeGreaterThan(scaled);
    // CoreDNS restarting lists everything again: the serial is its start.
    await run('sleep 60');
    const killed = await now();
    await run('kubectl -n kube-system delete pod -l k8s-app=kube-dns');
    await run('kubectl -n kube-system rollout status deployment coredns');
    expect(await serial()).toBeGreaterThanOrEqual(killed);
  });
});
