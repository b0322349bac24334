/**
 * getent (glibc nss/getent.c) in Debian and Ubuntu containers and on the node. The texts are glibc's: print_hosts'
 * "%-15s %s" and aliases, ahosts' "%s%-*s %-6s %s" with the canonical name on the first line only, putpwent and
 * putgrent lines, print_services' "%-21s %d/%s"; its usage lines and exit statuses (1, 2, 3) recorded from Debian
 * 12's getent (2.36-9+deb12u14).
 */
import { describe, expect, it } from 'vitest';
import { lab } from '../../shell/commands/node/test-lab.js';
import { externalNameLab } from './externalname-lab.js';

async function setup() {
  const l = await externalNameLab([
    'kubectl run deb --image=debian:12 -- sleep infinity',
    'kubectl run ub --image=ubuntu:24.04 -- sleep infinity',
    'kubectl run bb --image=busybox:1.36 -- sleep 3600',
    'kubectl wait --for=condition=Ready pod/deb pod/ub pod/bb',
  ]);
  const podIP = (await l.run("kubectl get pod deb -o jsonpath='{.status.podIP}'")).out;
  return { ...l, podIP };
}

const EXIT = (n: number) => `command terminated with exit code ${n}\n`;

describe('getent in a container', () => {
  it('hosts: /etc/hosts first (IPv6 before IPv4), then CoreDNS through the search list; CNAMEs become aliases', async () => {
    const { run, web, podIP } = await setup();
    expect((await run('kubectl exec deb -- getent hosts kubernetes')).out).toBe('10.96.0.1       kubernetes.default.svc.cluster.local\n');
    // An address asks for its PTR; the pod's own name and localhost come from the kubelet's /etc/hosts (::1 first).
    let r = await run('kubectl exec deb -- getent hosts 10.96.0.1 deb localhost');
    expect(r.out).toBe(`10.96.0.1       kubernetes.default.svc.cluster.local\n${podIP.padEnd(15)} deb\n::1             localhost ip6-localhost ip6-loopback\n`);
    // The ExternalName's owner is an alias of the Service it names; a CNAME with no address behind it is not found.
    r = await run('kubectl exec deb -- getent hosts ext2 ext');
    expect(r.out).toBe(`${web.padEnd(15)} web.other.svc.cluster.local ext2.default.svc.cluster.local\n${EXIT(2)}`);
    // Enumeration reads /etc/hosts as AF_INET: ::1 is 127.0.0.1, the other IPv6 lines are left out.
    r = await run('kubectl exec deb -- getent hosts');
    expect(r.out).toBe(`127.0.0.1       localhost\n127.0.0.1       localhost ip6-localhost ip6-loopback\n${podIP.padEnd(15)} deb\n`);
    expect((await run('kubectl exec deb -- getent hosts nope.example')).out).toBe(EXIT(2));
  });

  it('ahosts, ahostsv4 and ahostsv6: one line per socket type, the canonical name on the first', async () => {
    const { run } = await setup();
    let r = await run('kubectl exec deb -- getent ahosts kubernetes');
    expect(r.out).toBe('10.96.0.1       STREAM kubernetes.default.svc.cluster.local\n10.96.0.1       DGRAM  \n10.96.0.1       RAW    \n');
    // Both lines of localhost (host.conf's multi on), ::1 sorted first (RFC 3484 precedence).
    r = await run('kubectl exec deb -- getent ahosts localhost');
    expect(r.out).toBe('::1             STREAM localhost\n::1             DGRAM  \n::1             RAW    \n127.0.0.1       STREAM \n127.0.0.1       DGRAM  \n127.0.0.1       RAW    \n');
    r = await run('kubectl exec deb -- getent ahostsv6 kubernetes');
    expect(r.out).toBe('::ffff:10.96.0.1 STREAM kubernetes.default.svc.cluster.local\n::ffff:10.96.0.1 DGRAM  \n::ffff:10.96.0.1 RAW    \n');
    r = await run('kubectl exec deb -- getent ahostsv4 kubernetes.io');
    expect(r.out).toBe('75.2.60.5       STREAM kubernetes.io\n75.2.60.5       DGRAM  \n75.2.60.5       RAW    \n');
  });

  it('passwd, group, services and protocols read the image\'s own files', async () => {
    const { run } = await setup();
    expect((await run('kubectl exec deb -- getent passwd root 33 nope')).out).toBe(`root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n${EXIT(2)}`);
    expect((await run('kubectl exec deb -- getent group sudo')).out).toBe('sudo:x:27:\n');
    expect((await run('kubectl exec ub -- getent passwd ubuntu')).out).toBe('ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n');
    // A minbase image has no netbase: no /etc/services, no /etc/protocols.
    expect((await run('kubectl exec deb -- getent services http')).out).toBe(EXIT(2));
    expect((await run('kubectl exec deb -- getent protocols')).out).toBe('');
    await run("kubectl exec deb -- sh -c 'printf \"http\\t\\t80/tcp\\t\\twww\\t\\t# WorldWideWeb HTTP\\nhttps\\t\\t443/tcp\\n\" > /etc/services'");
    expect((await run('kubectl exec deb -- getent services 80 https/tcp www')).out).toBe('http                  80/tcp www\nhttps                 443/tcp\nhttp                  80/tcp www\n');
    expect((await run('kubectl exec deb -- getent services 80/udp')).out).toBe(EXIT(2));
  });

  it('usage, unknown databases and enumeration nobody supports', async () => {
    const { run } = await setup();
    const TRY = "Try `getent --help' or `getent --usage' for more information.\n";
    let r = await run('kubectl exec deb -- getent');
    expect(r.out).toBe(`getent: wrong number of arguments\n${TRY}${EXIT(1)}`);
    expect(r.status).toBe(1);
    r = await run("kubectl exec deb -- sh -c 'getent nope 2>&1; echo $?; getent 2>/dev/null'");
    expect(r.out).toBe(`Unknown database: nope\n${TRY}1\n${TRY}${EXIT(1)}`);
    r = await run("kubectl exec deb -- sh -c 'getent ethers; echo $?; getent -x 2>&1; echo $?'");
    expect(r.out).toBe(`Enumeration not supported on ethers\n3\ngetent: invalid option -- 'x'\n${TRY}64\n`);
    r = await run('kubectl exec deb -- getent --version');
    expect(r.out).toBe('getent (Debian GLIBC 2.36-9+deb12u14) 2.36\nCopyright (C) 2022 Free Software Foundation, Inc.\nThis is free software; see the source for copying conditions.  There is NO\nwarranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\nWritten by Thorsten Kukuk.\n');
    expect((await run('kubectl exec ub -- getent --version')).out).toMatch(/^getent \(Ubuntu GLIBC 2\.39-0ubuntu8\.\d+\) 2\.39\nCopyright \(C\) 2024 /);
    expect((await run('kubectl exec deb -- getent --help')).out).toContain('Supported databases:\nahosts ahostsv4 ahostsv6 aliases ethers group gshadow hosts initgroups\nnetgroup networks passwd protocols rpc services shadow\n\nFor bug reporting instructions, please see:\n<http://www.debian.org/Bugs/>.\n');
    // busybox has no getent.
    expect((await run('kubectl exec bb -- getent hosts kubernetes')).out).toContain('exec: "getent": executable file not found in $PATH');
  });

  it('with CoreDNS gone, the kube-dns Service refuses (ICMP port unreachable): not found at once; a silent server is waited out', async () => {
    const { run, cluster } = await setup();
    await run('kubectl -n kube-system scale deployment coredns --replicas 0');
    await run('sleep 30');
    const t0 = cluster.clock.now();
    expect((await run('kubectl exec deb -- getent hosts kubernetes')).out).toBe(EXIT(2));
    expect(cluster.clock.now() - t0).toBeLessThan(1_000);
    // A nameserver nobody runs: res_search gives up after the first name (timeout:5, attempts:2), for AAAA then A.
    await run("kubectl exec deb -- sh -c 'echo nameserver 10.244.9.9 > /etc/resolv.conf'");
    const t2 = cluster.clock.now();
    expect((await run('kubectl exec deb -- getent hosts kubernetes')).out).toBe(EXIT(2));
    expect(cluster.clock.now() - t2).toBeGreaterThanOrEqual(20_000);
    expect(cluster.clock.now() - t2).toBeLessThan(25_000);
    // The pod's own name is in /etc/hosts for AF_INET only: the AF_INET6 lookup asks DNS first and waits it out.
    const t1 = cluster.clock.now();
    expect((await run('kubectl exec deb -- getent hosts deb')).status).toBe(0);
    expect(cluster.clock.now() - t1).toBeGreaterThanOrEqual(10_000);
    expect(cluster.clock.now() - t1).toBeLessThan(12_000);
  });
});

describe('getent on the node', () => {
  it('reads the node\'s /etc/hosts and asks systemd-resolved, which knows nothing of cluster.local', async () => {
    const { run } = await lab(1);
    expect((await run('getent hosts control-plane worker-1 kubernetes.io')).out).toBe('127.0.1.1       control-plane\n172.18.0.3      worker-1\n75.2.60.5       kubernetes.io\n');
    const r = await run('getent hosts kubernetes.default.svc.cluster.local');
    expect(r.out).toBe('');
    expect(r.status).toBe(2);
    expect((await run('getent ahosts localhost')).out).toBe('127.0.0.1       STREAM localhost\n127.0.0.1       DGRAM  \n127.0.0.1       RAW    \n');
    expect((await run('getent --version')).out).toMatch(/^getent \(Ubuntu GLIBC 2\.39-0ubuntu8\.\d+\) 2\.39\n/);
    expect((await run('which getent')).out).toBe('/usr/bin/getent\n');
  });
});
