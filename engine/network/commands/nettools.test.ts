/**
 * nc, dig and host on the node. The expected texts are the real tools' (dig and host 9.18.49, netcat-openbsd
 * 1.219, recorded against a loopback server answering as CoreDNS does and against closed and filtered loopback
 * ports), with the server's address, the version banner and the random parts (query id, cookie, query time, date,
 * SOA serial) put in place.
 */
import { describe, expect, it } from 'vitest';
import { lab } from '../../shell/commands/node/test-lab.js';

/** The parts that are random or dated in each run. */
function normal(out: string): string {
  return out
    .replace(/id: \d+/g, 'id: ID')
    .replace(/COOKIE: [0-9a-f]{16}/g, 'COOKIE: C')
    .replace(/Query time: \d+ msec/g, 'Query time: T msec')
    .replace(/WHEN: .*/g, 'WHEN: W')
    .replace(/hostmaster\.cluster\.local\. \d+ /g, 'hostmaster.cluster.local. SERIAL ');
}

describe('dig', () => {
  it('prints CoreDNS\'s authoritative answer as dig 9.18 does, uncompressed (MSG SIZE 129)', async () => {
    const { run } = await lab(1);
    const r = await run('dig @10.96.0.10 kubernetes.default.svc.cluster.local');
    expect(r.status).toBe(0);
    expect(normal(r.out)).toBe(`
; <<>> DiG 9.18.28-0ubuntu0.24.04.1-Ubuntu <<>> @10.96.0.10 kubernetes.default.svc.cluster.local
; (1 server found)
;; global options: +cmd
;; Got answer:
;; WARNING: .local is reserved for Multicast DNS
;; You are currently testing what happens when an mDNS query is leaked to DNS
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ID
;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
;; WARNING: recursion requested but not available

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; COOKIE: C (echoed)
;; QUESTION SECTION:
;kubernetes.default.svc.cluster.local. IN A

;; ANSWER SECTION:
kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1

;; Query time: T msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: W
;; MSG SIZE  rcvd: 129

`);
  });

  it('NXDOMAIN carries the zone\'s SOA in AUTHORITY; NODATA too; the columns follow BIND\'s tabs', async () => {
    const { run } = await lab(1);
    const nx = normal((await run('dig @10.96.0.10 nope.default.svc.cluster.local')).out);
    expect(nx).toContain(';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: ID\n;; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(nx).toContain(';; QUESTION SECTION:\n;nope.default.svc.cluster.local.\tIN\tA\n\n;; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. SERIAL 7200 1800 86400 30\n\n');
    expect(nx).toContain(';; MSG SIZE  rcvd: 164\n');
    const nodata = normal((await run('dig @10.96.0.10 kubernetes.default.svc.cluster.local AAAA')).out);
    expect(nodata).toContain('status: NOERROR');
    expect(nodata).toContain(';kubernetes.default.svc.cluster.local. IN AAAA\n');
    expect(nodata).toContain(';; MSG SIZE  rcvd: 170\n');
  });

  it('+short, +noall +answer, -x and SRV', async () => {
    const { run } = await lab(1);
    expect((await run('dig +short kubernetes.default.svc.cluster.local @10.96.0.10')).out).toBe('10.96.0.1\n');
    expect((await run('dig +short nope.default.svc.cluster.local @10.96.0.10')).out).toBe('');
    expect((await run('dig @10.96.0.10 +noall +answer kubernetes.default.svc.cluster.local')).out).toBe('kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1\n');
    expect((await run('dig @10.96.0.10 +noall +answer -x 10.96.0.1')).out).toBe('1.0.96.10.in-addr.arpa.\t30\tIN\tPTR\tkubernetes.default.svc.cluster.local.\n');
    expect((await run('dig @10.96.0.10 +short -x 10.96.0.1')).out).toBe('kubernetes.default.svc.cluster.local.\n');
    const srv = await run('dig @10.96.0.10 +noall +answer +additional SRV _https._tcp.kubernetes.default.svc.cluster.local');
    expect(srv.out).toBe('_https._tcp.kubernetes.default.svc.cluster.local. 30 IN\tSRV 0 100 443 kubernetes.default.svc.cluster.local.\nkubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1\n');
  });

  it('the node\'s resolver, systemd-resolved\'s stub, answers SERVFAIL for cluster.local names', async () => {
    const { run } = await lab(1);
    const r = normal((await run('dig kubernetes.default.svc.cluster.local')).out);
    expect(r).toContain(';; global options: +cmd\n;; Got answer:\n');
    expect(r).not.toContain('server found');
    expect(r).toContain('status: SERVFAIL, id: ID\n;; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 65494\n;; QUESTION');
    expect(r).toContain(';; SERVER: 127.0.0.53#53(127.0.0.53) (UDP)\n');
  });

  it('no server: three tries of 5 s, then "no servers could be reached" (exit 9); a Service with no endpoints refuses', async () => {
    const { cluster, run } = await lab(1);
    const t0 = cluster.clock.now();
    const r = await run('dig @10.96.0.99 kubernetes.default.svc.cluster.local');
    expect(cluster.clock.now() - t0).toBeGreaterThanOrEqual(15_000);
    expect(r.status).toBe(9);
    expect(r.out).toBe(';; communications error to 10.96.0.99#53: timed out\n'.repeat(3) + '\n; <<>> DiG 9.18.28-0ubuntu0.24.04.1-Ubuntu <<>> @10.96.0.99 kubernetes.default.svc.cluster.local\n; (1 server found)\n;; global options: +cmd\n;; no servers could be reached\n');
    await run('kubectl -n kube-system scale deployment coredns --replicas=0');
    await run('sleep 60');
    const refused = await run('dig +short @10.96.0.10 kubernetes.default.svc.cluster.local');
    expect(refused.out).toBe(';; communications error to 10.96.0.10#53: connection refused\n'.repeat(3) + ';; no servers could be reached\n');
    expect(refused.status).toBe(9);
  });

  it('bad options are dig\'s', async () => {
    const { run } = await lab(1);
    const r = await run('dig +foo x 2>&1');
    expect(r.status).toBe(1);
    expect(r.out).toBe('Invalid option: +foo\nUsage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n            {global-d-opt} host [@local-server] {local-d-opt}\n            [ host [@local-server] {local-d-opt} [...]]\n\nUse "dig -h" (or "dig -h | more") for complete list of options\n');
    expect(await run('dig -x 2>/dev/null')).toEqual({ out: '', status: 1 });
    expect(await run('dig -p abc x 2>&1')).toEqual({ out: "invalid port number 'abc': not a valid number\ndig: Couldn't parse port number\n", status: 1 });
    expect((await run('dig -h | head -1')).out).toBe('Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n');
  });
});

describe('host', () => {
  it('names, addresses, NXDOMAIN and a type with no record, as host 9.18 prints them', async () => {
    const { run } = await lab(1);
    const server = 'Using domain server:\nName: 10.96.0.10\nAddress: 10.96.0.10#53\nAliases: \n\n';
    expect(await run('host kubernetes.default.svc.cluster.local 10.96.0.10')).toEqual({ out: `${server}kubernetes.default.svc.cluster.local has address 10.96.0.1\n`, status: 0 });
    expect(await run('host nope.default.svc.cluster.local 10.96.0.10')).toEqual({ out: `${server}Host nope.default.svc.cluster.local not found: 3(NXDOMAIN)\n`, status: 1 });
    expect(await run('host 10.96.0.1 10.96.0.10')).toEqual({ out: `${server}1.0.96.10.in-addr.arpa domain name pointer kubernetes.default.svc.cluster.local.\n`, status: 0 });
    expect((await run('host 10.96.0.99 10.96.0.10')).out).toBe(`${server}Host 99.0.96.10.in-addr.arpa. not found: 3(NXDOMAIN)\n`);
    expect((await run('host -t AAAA kubernetes.default.svc.cluster.local 10.96.0.10')).out).toBe(`${server}kubernetes.default.svc.cluster.local has no AAAA record\n`);
    expect((await run('host -t SRV _https._tcp.kubernetes.default.svc.cluster.local 10.96.0.10')).out).toBe(`${server}_https._tcp.kubernetes.default.svc.cluster.local has SRV record 0 100 443 kubernetes.default.svc.cluster.local.\n`);
    expect(await run('host kubernetes.default.svc.cluster.local')).toEqual({ out: 'Host kubernetes.default.svc.cluster.local not found: 2(SERVFAIL)\n', status: 1 });
    expect(await run('host x 10.96.0.99')).toEqual({ out: ';; communications error to 10.96.0.99#53: timed out\n'.repeat(2) + ';; no servers could be reached\n', status: 1 });
    const usage = await run('host 2>&1');
    expect(usage.status).toBe(1);
    expect(usage.out.split('\n')[0]).toBe('Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]');
  });
});

describe('nslookup', () => {
  it('asks the server it is given; the node\'s stub fails cluster.local names with SERVFAIL', async () => {
    const { run } = await lab(1);
    expect(await run('nslookup kubernetes.default.svc.cluster.local 10.96.0.10')).toEqual({ out: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n', status: 0 });
    expect(await run('nslookup nope.default.svc.cluster.local 10.96.0.10')).toEqual({ out: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n", status: 1 });
    expect(await run('nslookup 10.96.0.1 10.96.0.10')).toEqual({ out: '1.0.96.10.in-addr.arpa\tname = kubernetes.default.svc.cluster.local.\n\n', status: 0 });
    expect(await run('nslookup x.cluster.local 10.96.0.99')).toEqual({ out: ';; communications error to 10.96.0.99#53: timed out\n'.repeat(3) + ';; no servers could be reached\n\n', status: 1 });
    expect(await run('nslookup kubernetes.default.svc.cluster.local')).toEqual({ out: "Server:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\n** server can't find kubernetes.default.svc.cluster.local: SERVFAIL\n\n", status: 1 });
  });
});

describe('nc', () => {
  it('-zv: succeeded with the /etc/services name, refused by a Service with no endpoints, dropped by a port nobody serves', async () => {
    const { cluster, run } = await lab(1);
    expect(await run('nc -zv 10.96.0.1 443')).toEqual({ out: 'Connection to 10.96.0.1 443 port [tcp/https] succeeded!\n', status: 0 });
    expect(await run('nc -z 10.96.0.1 443')).toEqual({ out: '', status: 0 });
    await run('kubectl create service clusterip empty --tcp=80');
    const ip = (await run("kubectl get svc empty -o jsonpath='{.spec.clusterIP}'")).out;
    expect(await run(`nc -zv ${ip} 80`)).toEqual({ out: `nc: connect to ${ip} port 80 (tcp) failed: Connection refused\n`, status: 1 });
    const t0 = cluster.clock.now();
    expect(await run('nc -zv -w 2 10.96.0.1 444')).toEqual({ out: 'nc: connect to 10.96.0.1 port 444 (tcp) timed out: Operation now in progress\n', status: 1 });
    expect(cluster.clock.now() - t0).toBeGreaterThanOrEqual(2_000);
    expect((await run('nc -zv 10.96.0.1 444')).out).toBe('nc: connect to 10.96.0.1 port 444 (tcp) failed: Connection timed out\n');
    expect(await run('nc -zv 10.96.0.1 442-443')).toEqual({ out: 'nc: connect to 10.96.0.1 port 442 (tcp) timed out: Operation now in progress\nConnection to 10.96.0.1 443 port [tcp/https] succeeded!\n'.replace('timed out: Operation now in progress', 'failed: Connection timed out'), status: 0 });
    expect((await run('nc -zv -u 10.96.0.10 53')).out).toBe('Connection to 10.96.0.10 53 port [udp/domain] succeeded!\n');
    expect((await run('nc -zv control-plane 6443')).out).toMatch(/^Connection to control-plane \(172\.\d+\.\d+\.\d+\) 6443 port \[tcp\/\*\] succeeded!\n$/);
  });

  it('sends standard input and writes the server\'s answer: an HTTP/1.0 request through a Service', async () => {
    const { run } = await lab(1);
    await run('kubectl create deployment web --image=nginx:1.25');
    await run('kubectl expose deployment web --port=80');
    await run('kubectl rollout status deployment web');
    // kube-proxy writes the endpoint's rules a moment after the pod turns ready (curl meets the same REJECT).
    await run('sleep 2');
    const r = await run(String.raw`printf 'GET / HTTP/1.0\r\n\r\n' | nc web.default.svc.cluster.local 80`);
    // getaddrinfo asks systemd-resolved, whose SERVFAIL for .local is EAI_AGAIN.
    expect(r).toEqual({ out: 'nc: getaddrinfo for host "web.default.svc.cluster.local" port 80: Temporary failure in name resolution\n', status: 1 });
    const ok = await run(String.raw`printf 'GET / HTTP/1.0\r\n\r\n' | nc $(kubectl get svc web -o jsonpath='{.spec.clusterIP}') 80`);
    expect(ok.status).toBe(0);
    expect(ok.out).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.25\.5\r\nDate: .* GMT\r\nContent-Type: text\/html\r\nContent-Length: 615\r\n/);
    expect(ok.out).toContain('\r\nConnection: close\r\n');
    expect(ok.out).toContain('\r\n\r\n<!DOCTYPE html>');
    expect((await run('kubectl logs deployment/web | tail -1')).out).toMatch(/"GET \/ HTTP\/1\.0" 200 615 "-" "-"/);
  });

  it('usage and argument errors are netcat-openbsd\'s', async () => {
    const { run } = await lab(1);
    const usage = await run('nc 2>&1');
    expect(usage.status).toBe(1);
    expect(usage.out).toBe('usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n');
    expect(await run('nc -zv 10.96.0.1 2>&1')).toEqual({ out: 'nc: missing port number\n', status: 1 });
    expect(await run('nc -zv 10.96.0.1 99999 2>&1')).toEqual({ out: 'nc: port number too large: 99999\n', status: 1 });
    expect(await run('nc -zv 10.96.0.1 0 2>&1')).toEqual({ out: 'nc: port number too small: 0\n', status: 1 });
    expect(await run('nc -zv 10.96.0.1 kubelet 2>&1')).toEqual({ out: 'nc: port number invalid: kubelet\n', status: 1 });
    expect((await run('nc -y 2>&1')).out.split('\n')[0]).toBe("nc: invalid option -- 'y'");
    expect((await run('nc -x 2>&1')).out.split('\n')[0]).toBe("nc: option requires an argument -- 'x'");
    expect(await run('nc -zv nonexistent.invalid 80 2>&1')).toEqual({ out: 'nc: getaddrinfo for host "nonexistent.invalid" port 80: Name or service not known\n', status: 1 });
    const help = await run('nc -h 2>&1');
    expect(help.status).toBe(0);
    expect(help.out.split('\n').slice(0, 2)).toEqual(['OpenBSD netcat (Debian patchlevel 1.226-1ubuntu2)', 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]']);
  });
});
