/**
 * free, uptime, nproc, df, ip, ss, id and hostname -I on the nodes of a booted
 * cluster. Layouts and error texts are the real tools' (procps-ng 4, coreutils
 * 9, iproute2 6.1, recorded in a C locale on Debian 12); the numbers are the
 * simulated node's, and must follow it: its capacity, the kubelet's working
 * set (what `kubectl top node` reports), the pods on it.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './test-lab.js';
import { scaleSize } from './free.js';
import { dfTable } from './df.js';
import { humanCeil } from './units.js';
import { render } from './ss.js';
import { formatIPv6, linkLocal } from './links.js';
import { bbHuman } from './busybox.js';
import { prettyUptime, uptimeLine } from './uptime.js';
import { loadNodeTools, NODE_COMMANDS } from './index.js';
import { DAEMONS_CPU_MILLI } from './machine.js';
import { NODE_SYSTEM_USAGE } from '../../../kubelet/node-status.js';

const FREE_HEADER = '               total        used        free      shared  buff/cache   available';

describe('layouts recorded from the real tools', () => {
  it('free -h scales as procps does (real: 23Gi 555Mi 21Gi 8.7Mi 2.0Gi 22Gi, 0B)', () => {
    const h = { exponent: 0, si: false, human: true };
    expect([24684084, 569296, 22372600, 8872, 2073728, 24114788, 0].map((k) => scaleSize(k, h))).toEqual(['23Gi', '555Mi', '21Gi', '8.7Mi', '2.0Gi', '22Gi', '0B']);
    expect([24684084, 569296, 8872].map((k) => scaleSize(k, { exponent: 3, si: false, human: false }))).toEqual(['24105', '555', '8']);
    expect(scaleSize(24684084, { exponent: 4, si: false, human: false })).toBe('23');
  });

  it('df -h rounds up as coreutils does (real: 12G 24G 252G 29G 74G 4.0K 0)', () => {
    expect([12334460, 24684084, 264212084, 29444732, 76946180, 4, 0].map((k) => humanCeil(k * 1024, 1024))).toEqual(['12G', '24G', '252G', '29G', '74G', '4.0K', '0']);
  });

  it('df lays out its columns as coreutils (real df -hT /dev/shm /)', () => {
    const cols = [
      { header: 'Filesystem', min: 14, left: true }, { header: 'Type', min: 4, left: true }, { header: 'Size', min: 5, left: false }, { header: 'Used', min: 5, left: false },
      { header: 'Avail', min: 5, left: false }, { header: 'Use%', min: 4, left: false }, { header: 'Mounted on', min: 0, left: true },
    ];
    expect(dfTable([cols.map((c) => c.header), ['tmpfs', 'tmpfs', '24G', '0', '24G', '0%', '/dev/shm'], ['/dev/vda', 'ext4', '252G', '29G', '74G', '28%', '/']], cols)).toBe(
      'Filesystem     Type   Size  Used Avail Use% Mounted on\ntmpfs          tmpfs   24G     0   24G   0% /dev/shm\n/dev/vda       ext4   252G   29G   74G  28% /\n');
  });

  it('ss renders compactly off a terminal (real ss -tln)', () => {
    const rows = [['Netid', 'State', 'Recv-Q', 'Send-Q', 'Local Address:', 'Port', 'Peer Address:', 'Port', 'Process', ''], ['tcp', 'LISTEN', '0     ', '128   ', '0.0.0.0:', '2024', '0.0.0.0:', '*', '', '']];
    expect(render(rows, [true, false, false, false, false, false, false, false, false, false])).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 0      128          0.0.0.0:2024      0.0.0.0:*          \n');
  });

  it('uptime prints procps\' line and pretty form', () => {
    // Real: " 13:28:45 up 19:53,  0 user,  load average: 0.17, 0.80, 1.00" and "up 19 hours, 53 minutes".
    const now = Date.UTC(2026, 10, 27, 13, 28, 45);
    expect(uptimeLine(now, 71_580 + 5, 0, [0.17, 0.8, 1])).toBe(' 13:28:45 up 19:53,  0 user,  load average: 0.17, 0.80, 1.00');
    expect(prettyUptime(71_580 + 5)).toBe('up 19 hours, 53 minutes');
    expect(prettyUptime(30)).toBe('up 0 minutes');
    expect(uptimeLine(now, 3 * 86_400 + 120, 2, [0, 0, 0])).toBe(' 13:28:45 up 3 days, 2 min,  2 users,  load average: 0.00, 0.00, 0.00');
  });

  it('busybox scales as make_human_readable_str (real busybox free -m: 24106 2137 19778 9 2191 21645; df -h: 11.8G 23.5G)', () => {
    expect([24684084, 2188272, 20252480, 8872, 2243332, 22164280].map((k) => bbHuman(k * 1024, 1 << 20))).toEqual(['24106', '2137', '19778', '9', '2191', '21645']);
    expect([12334460, 24684084, 0].map((k) => bbHuman(k * 1024, 0))).toEqual(['11.8G', '23.5G', '0']);
  });

  it('derives IPv6 link-local addresses as the kernel does (real: 02:fc:00:00:00:01 → fe80::fc:ff:fe00:1)', () => {
    expect(linkLocal('02:fc:00:00:00:01')).toBe('fe80::fc:ff:fe00:1');
    expect(formatIPv6([0, 0, 0, 0, 0, 0, 0, 1])).toBe('::1');
  });
});

describe('the node tools\' declarations', () => {
  it('take each summary from the loaded module, and the daemons\' CPU from node-status', async () => {
    const { NODE_TOOLS } = await loadNodeTools();
    for (const c of NODE_COMMANDS) {
      expect(c.summary).not.toBe('');
      expect(c.summary).toBe(NODE_TOOLS[c.name].summary);
    }
    expect(DAEMONS_CPU_MILLI).toBe(NODE_SYSTEM_USAGE.cpuMilli);
  });
});

describe('the tools on a booted cluster', () => {
  it('free reports the node\'s capacity and the memory kubectl top node reports as used', async () => {
    const { run, cluster } = await lab();
    cluster.advance(60_000);
    const free = await run('free -m');
    expect(free.status).toBe(0);
    const lines = free.out.split('\n');
    expect(lines[0]).toBe(FREE_HEADER);
    const [total, used, freeMi, , cache, available] = lines[1].split(/\s+/).slice(1).map(Number);
    // control-plane: 4025836Ki of capacity.
    expect(total).toBe(Math.floor(4025836 / 1024));
    expect(total - available).toBeGreaterThanOrEqual(used - 1);
    expect(freeMi + cache + used).toBeLessThanOrEqual(total + 2);
    expect(lines[2]).toBe('Swap:              0           0           0');
    const top = await run('kubectl top node control-plane --no-headers');
    expect(Number(/(\d+)Mi/.exec(top.out)![1])).toBe(used);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('free, uptime, nproc, ip, ss, df and id refuse bad input with the real texts', async () => {
    const { run } = await lab();
    const bad = await run('free -x');
    expect(bad.status).toBe(1);
    expect((await run('free -x 2>&1')).out.split('\n').slice(0, 4)).toEqual(["free: invalid option -- 'x'", '', 'Usage:', ' free [options]']);
    expect((await run('free -m -g 2>&1')).out).toBe("free: Multiple unit options don't make sense.\n");
    expect((await run('uptime -x 2>&1')).out).toContain("uptime: invalid option -- 'x'\n\nUsage:\n uptime [options]\n");
    expect((await run('nproc --foo 2>&1')).out).toBe("nproc: unrecognized option '--foo'\nTry 'nproc --help' for more information.\n");
    expect(await run('ip addr show nosuch 2>&1')).toEqual({ out: 'Device "nosuch" does not exist.\n', status: 1 });
    expect(await run('ip foo 2>&1')).toEqual({ out: 'Object "foo" is unknown, try "ip help".\n', status: 1 });
    expect(await run('ip addr foo 2>&1')).toEqual({ out: 'Command "foo" is unknown, try "ip address help".\n', status: 255 });
    expect(await run('ip -x a 2>&1')).toEqual({ out: 'Option "-x" is unknown, try "ip -help".\n', status: 255 });
    expect(await run('ip r show dev nosuch 2>&1')).toEqual({ out: 'Cannot find device "nosuch"\n', status: 1 });
    expect(await run('df /nosuch 2>&1')).toEqual({ out: 'df: /nosuch: No such file or directory\n', status: 1 });
    expect(await run('df --foo 2>&1')).toEqual({ out: "df: unrecognized option '--foo'\nTry 'df --help' for more information.\n", status: 1 });
    expect(await run('id nosuch 2>&1')).toEqual({ out: "id: 'nosuch': no such user\n", status: 1 });
    expect((await run('ss --foo 2>&1')).out.split('\n').slice(0, 2)).toEqual(["ss: unrecognized option '--foo'", 'Usage: ss [ OPTIONS ]']);
  });

  it('uptime, nproc and id describe the node and the learner', async () => {
    const { run, cluster } = await lab();
    cluster.advance(3_600_000);
    const up = (await run('uptime')).out;
    expect(up).toMatch(/^ \d\d:\d\d:\d\d up  1:0\d,  1 user,  load average: \d\.\d\d, \d\.\d\d, \d\.\d\d\n$/);
    expect((await run('uptime -s')).out).toBe('2026-01-01 00:00:00\n');
    expect((await run('nproc')).out).toBe('2\n');
    expect((await run('id')).out).toBe('uid=1000(learner) gid=1000(learner) groups=1000(learner),4(adm),27(sudo)\n');
    expect((await run('id -un')).out).toBe('learner\n');
  });

  it('ip and ss on the control-plane: its address, flannel.1, the routes to the workers\' pod CIDRs, the control plane\'s listeners', async () => {
    const { run } = await lab();
    const a = (await run('ip a')).out;
    expect(a).toContain('2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n');
    expect(a).toContain('    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth0\n       valid_lft forever preferred_lft forever\n');
    expect(a).toContain('3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default \n');
    expect((await run('ip r')).out).toBe('default via 172.18.0.1 dev eth0 proto static \n10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink \n10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2 \n');
    expect((await run('hostname -I')).out).toBe('172.18.0.2 10.244.0.0 \n');
    const ss = (await run('ss -tlnp')).out.split('\n');
    // Off a terminal each column is as wide as its longest cell: the Process header is padded to the widest users:(…).
    expect(ss[0].trimEnd()).toBe('State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess');
    expect(ss[0].length).toBe(Math.max(...ss.slice(1, -1).map((l) => l.length)));
    const ports = ss.slice(1, -1).map((l) => /:(\d+)\s/.exec(l)?.[1]);
    expect(ports).toEqual(expect.arrayContaining(['6443', '2379', '2380', '10250', '10257', '10259', '10249', '10256', '22']));
    expect(ss.find((l) => l.includes(':6443'))).toMatch(/users:\(\("kube-apiserver",pid=\d+,fd=3\)\)/);
    expect(ss.find((l) => l.includes(':10257'))).toContain('"kube-controller"');
  });

  it('follows the pods on worker-1: used memory, a veth per pod, cni0, the pods\' tmpfs mounts', async () => {
    const { run, cluster } = await lab();
    cluster.advance(30_000);
    const used = async () => Number((await run('ssh worker-1 free -m')).out.split('\n')[1].split(/\s+/)[2]);
    const before = await used();
    const vethsBefore = (await run('ssh worker-1 ip -br link')).out.split('\n').filter((l) => l.startsWith('veth')).length;
    const mountsBefore = (await run('ssh worker-1 df')).out.split('\n').length;
    await run('kubectl create deployment web --image=nginx --replicas=6');
    cluster.advance(60_000);
    const onWorker1 = (await run('kubectl get pods -l app=web -o wide --no-headers')).out.split('\n').filter((l) => l.includes('worker-1')).length;
    expect(onWorker1).toBeGreaterThan(0);
    expect(await used()).toBeGreaterThan(before);
    const links = (await run('ssh worker-1 ip -br link')).out.split('\n');
    expect(links.filter((l) => l.startsWith('veth')).length).toBe(vethsBefore + onWorker1);
    expect(links.find((l) => l.startsWith('veth'))).toMatch(/^veth[0-9a-f]{8}@if2 +UP +[0-9a-f:]{17} <BROADCAST,MULTICAST,UP,LOWER_UP> $/);
    expect((await run('ssh worker-1 ip a show cni0')).out).toContain('    inet 10.244.1.1/24 brd 10.244.1.255 scope global cni0\n');
    // Each pod: its token volume, its sandbox's shm, the sandbox's and the container's overlay.
    expect((await run('ssh worker-1 df')).out.split('\n').length).toBe(mountsBefore + 4 * onWorker1);
    expect((await run('ssh worker-1 hostname -I')).out).toBe('172.18.0.3 10.244.1.0 10.244.1.1 \n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('serves the node\'s /proc files to every reader, with free\'s figures', async () => {
    const { run, cluster } = await lab();
    cluster.advance(60_000);
    const meminfo = (await run('ssh worker-1 cat /proc/meminfo')).out;
    // Linux's layout: label to 16 columns, the figure in 8; HardwareCorrupted and the HugePages_ counts have their own.
    expect(meminfo.split('\n')[0]).toBe('MemTotal:        4025836 kB');
    expect(meminfo).toContain('\nVmallocTotal:   34359738367 kB\n');
    expect(meminfo).toContain('\nHardwareCorrupted:     0 kB\n');
    expect(meminfo).toContain('\nHugePages_Total:       0\n');
    const free = (await run('ssh worker-1 free -k')).out.split('\n')[1].split(/\s+/);
    expect((await run('ssh worker-1 grep MemAvailable /proc/meminfo')).out).toBe(`MemAvailable:   ${free[6].padStart(8)} kB\n`);
    expect((await run('grep -c ^processor /proc/cpuinfo')).out).toBe('2\n');
    expect((await run('cat /proc/loadavg')).out).toMatch(/^\d\.\d\d \d\.\d\d \d\.\d\d 1\/\d+ \d+\n$/);
    expect((await run('cat /proc/uptime')).out).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
    expect(await run('cat /proc/nosuch 2>&1')).toEqual({ out: 'cat: /proc/nosuch: No such file or directory\n', status: 1 });
  });

  it('ip route get picks the route the kernel would: flannel.1 to another node\'s pods, the gateway outside', async () => {
    const { run } = await lab();
    expect((await run('ip route get 10.244.2.5')).out).toBe('10.244.2.5 via 10.244.2.0 dev flannel.1 src 10.244.0.0 uid 1000 \n    cache \n');
    expect((await run('ip route get 8.8.8.8')).out).toBe('8.8.8.8 via 172.18.0.1 dev eth0 src 172.18.0.2 uid 1000 \n    cache \n');
    expect(await run('ip route get 2>&1')).toEqual({ out: 'need at least a destination address\n', status: 1 });
  });

  it('busybox in a pod: the node\'s memory and CPUs, the pod\'s mounts, its eth0 the peer of the node\'s veth', async () => {
    const { run, cluster } = await lab();
    await run('kubectl run bb --image=busybox -- sleep 3600');
    cluster.advance(30_000);
    const node = (await run("kubectl get pod bb -o jsonpath='{.spec.nodeName}'")).out;
    const podIP = (await run("kubectl get pod bb -o jsonpath='{.status.podIP}'")).out;
    const free = (await run('kubectl exec bb -- free')).out.split('\n');
    // Real busybox 1.35: the header and rows laid out as "       %12s…" and "Mem:   %12s…".
    expect(free[0]).toBe('              total        used        free      shared  buff/cache   available');
    expect(free[1]).toMatch(/^Mem: {3}( {0,11}\d+){6}$/);
    expect(Number(free[1].slice(7, 19))).toBe(4025836);
    expect(free[2]).toBe('Swap:             0           0           0');
    expect((await run('kubectl exec bb -- nproc')).out).toBe('2\n');
    expect((await run('kubectl exec bb -- uptime')).out).toMatch(/^ \d\d:\d\d:\d\d up \d+ min,  0 users,  load average: \d\.\d\d, \d\.\d\d, \d\.\d\d\n$/);
    const df = (await run('kubectl exec bb -- df')).out.split('\n');
    expect(df[0]).toBe('Filesystem           1K-blocks      Used Available Use% Mounted on');
    expect(df[1]).toMatch(/^overlay {14} +61202244 +\d+ +\d+ +\d+% \/$/);
    expect(df).toContain('shm                      65536         0     65536   0% /dev/shm');
    const ipa = (await run('kubectl exec bb -- ip a')).out;
    const peer = /2: eth0@if(\d+): <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1450 qdisc noqueue \n/.exec(ipa);
    expect(peer).not.toBeNull();
    expect(ipa).toContain(`    inet ${podIP}/24 brd ${podIP.split('.').slice(0, 3).join('.')}.255 scope global eth0\n`);
    // The node's end of the pair carries that index, and points back at the pod's eth0 (2).
    const hostEnd = (await run(`ssh ${node} ip link`)).out.split('\n').find((l) => l.startsWith(`${peer![1]}: veth`));
    expect(hostEnd).toMatch(/^\d+: veth[0-9a-f]{8}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP mode DEFAULT group default $/);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('ip netns lists the pods\' namespaces, and ip -n shows one from inside', async () => {
    const { run, cluster } = await lab();
    cluster.advance(30_000);
    const list = (await run('ssh worker-1 ip netns')).out.split('\n').filter(Boolean);
    // worker-1 runs CoreDNS: one namespace, named as containerd names them.
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toMatch(/^cni-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} \(id: \d+\)$/);
    const name = list[0].split(' ')[0];
    const inside = (await run(`ssh worker-1 ip -n ${name} a`)).out;
    expect(inside).toMatch(/\n2: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default \n    link\/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n    inet 10\.244\.1\.\d+\/24 brd 10\.244\.1\.255 scope global eth0\n/);
    expect((await run(`ssh worker-1 ip -n ${name} r`)).out).toMatch(/^default via 10\.244\.1\.1 dev eth0 \n10\.244\.0\.0\/16 via 10\.244\.1\.1 dev eth0 \n10\.244\.1\.0\/24 dev eth0 proto kernel scope link src 10\.244\.1\.\d+ \n$/);
    expect(await run('ssh worker-1 ip -n nosuch a 2>&1')).toEqual({ out: 'Cannot open network namespace "nosuch": No such file or directory\n', status: 255 });
  });

  it('ss without -l: each node\'s kubelet and kube-proxy connected to the API server, whose end is on the control plane', async () => {
    const { run } = await lab();
    const worker = (await run('ssh worker-1 ss -tnp')).out.split('\n').filter(Boolean);
    expect(worker[0]).toBe('State Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess                              ');
    expect(worker.slice(1).map((l) => l.replace(/:\d{5} /, ':PORT ').replace(/pid=\d+/, 'pid=N'))).toEqual([
      'ESTAB 0      0         172.18.0.3:PORT   172.18.0.2:6443 users:(("kubelet",pid=N,fd=15))  ',
      'ESTAB 0      0         172.18.0.3:PORT   172.18.0.2:6443 users:(("kube-proxy",pid=N,fd=7))',
    ]);
    const port = /172\.18\.0\.3:(\d+)/.exec(worker[1])![1];
    const cp = (await run('ss -tn')).out;
    expect(cp).toContain(`[::ffff:172.18.0.3]:${port}`);
    expect((await run('ss -s')).out.split('\n')[1]).toBe('TCP:   28 (estab 12, closed 0, orphaned 0, timewait 0)');
  });
});
