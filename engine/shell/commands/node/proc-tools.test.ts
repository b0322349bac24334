/**
 * top, pgrep, pkill, pidof and the kill builtin on the control-plane node: the same process table ps reads,
 * the texts procps-ng 4.0.4 (and sysvinit's pidof) print, and a signal that ends a static pod's container
 * restarting it as the kubelet does.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './test-lab.js';
import { Cluster } from '../../../cluster.js';
import { macrotask } from '../../script.js';
import { TerminalSession } from '../../terminal.js';
import { loadOptionalCommands, Session } from '../../session.js';

/** The PIDs of `ps -e -o pid= -o comm=` by name. */
async function psPids(run: (l: string) => Promise<{ out: string }>): Promise<Map<string, number[]>> {
  const m = new Map<string, number[]>();
  for (const l of (await run('ps -e -o pid= -o comm=')).out.trim().split('\n')) {
    const [pid, comm] = l.trim().split(/\s+/);
    m.set(comm, [...(m.get(comm) ?? []), Number(pid)]);
  }
  return m;
}

describe('pgrep and pidof', () => {
  it('find the node\'s processes by name as ps lists them, with procps\' outputs and exit statuses', async () => {
    const { run } = await lab();
    const ps = await psPids(run);
    const kube = ['kubelet', 'kube-apiserver', 'kube-controller', 'kube-scheduler', 'kube-proxy'];
    const expected = kube.flatMap((n) => (ps.get(n) ?? []).map((pid) => [pid, n] as const)).sort((a, b) => a[0] - b[0]);
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(await run('pgrep -l kube')).toEqual({ out: expected.map(([p, n]) => `${p} ${n}\n`).join(''), status: 0 });
    expect(await run('pgrep kube')).toEqual({ out: expected.map(([p]) => `${p}\n`).join(''), status: 0 });
    expect((await run('pgrep -d, kube')).out).toBe(expected.map(([p]) => p).join(',') + '\n');
    expect(await run('pgrep -c kube')).toEqual({ out: `${expected.length}\n`, status: 0 });
    expect(await run('pgrep -c nosuchprogram')).toEqual({ out: '0\n', status: 1 });
    expect(await run('pgrep -x kube')).toEqual({ out: '', status: 1 });
    const apiserver = ps.get('kube-apiserver')![0];
    expect((await run('pgrep -a -x kube-apiserver')).out).toMatch(new RegExp(`^${apiserver} kube-apiserver --advertise-address=\\S+ --allow-privileged=true `));
    // The name is /proc/PID/comm, cut at 15 characters: the full name needs -f.
    expect(await run('pgrep kube-controller-manager')).toEqual({
      out: "pgrep: pattern that searches for process name longer than 15 characters will result in zero matches\nTry `pgrep -f' option to match against the complete command line.\n",
      status: 1,
    });
    expect((await run('pgrep -f kube-controller-manager')).out).toBe(`${ps.get('kube-controller')![0]}\n`);
    // The learner's own processes: the login's sshd and bash (pgrep itself is never listed).
    expect((await run('pgrep -l -u learner')).out).toMatch(/^\d+ sshd\n\d+ bash\n$/);
    expect((await run('pgrep -n -l -u root')).status).toBe(0);

    // pidof matches argv[0]'s base name too: the whole name works; PIDs highest first.
    expect(await run('pidof kube-controller-manager')).toEqual({ out: `${ps.get('kube-controller')![0]}\n`, status: 0 });
    expect((await run('pidof kubelet')).out).toBe(`${ps.get('kubelet')![0]}\n`);
    const shims = ps.get('containerd-shim')!;
    expect(shims.length).toBeGreaterThan(1);
    expect((await run('pidof containerd-shim-runc-v2')).out).toBe([...shims].reverse().join(' ') + '\n');
    expect((await run('pidof -s containerd-shim-runc-v2')).out).toBe(`${Math.max(...shims)}\n`);
    expect((await run(`pidof -d: -o ${Math.max(...shims)} containerd-shim-runc-v2`)).out).toBe([...shims].reverse().slice(1).join(':') + '\n');
    expect((await run('pidof etcd kube-apiserver')).out).toBe(`${ps.get('etcd')![0]} ${apiserver}\n`);
    expect(await run('pidof /usr/bin/kubelet')).toEqual({ out: `${ps.get('kubelet')![0]}\n`, status: 0 });
    expect(await run('pidof nosuch')).toEqual({ out: '', status: 1 });
    expect(await run('pidof -q kubelet')).toEqual({ out: '', status: 0 });
    expect(await run('pidof')).toEqual({ out: '', status: 1 });
    expect(await run('pidof -Q kubelet')).toEqual({ out: '', status: 1 });
    expect((await run('pidof -h')).out.split('\n')[0]).toBe('pidof usage: [options] <program-name>');
    // The programs are files where Ubuntu 24.04 puts them: pkill is pgrep's link, pidof sysvinit's killall5.
    expect((await run('readlink /usr/bin/pkill /usr/bin/pidof')).out).toBe('pgrep\n/sbin/killall5\n');
    expect((await run('/usr/bin/pidof kubelet')).out).toBe(`${ps.get('kubelet')![0]}\n`);
    expect((await run('/usr/bin/pkill -V; pgrep --version')).out).toBe('pkill from procps-ng 4.0.4\npgrep from procps-ng 4.0.4\n');
  });

  it('refuse bad command lines with procps\' texts', async () => {
    const { run } = await lab();
    expect(await run('pgrep')).toEqual({ out: "pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n", status: 2 });
    expect(await run('pgrep a b')).toEqual({ out: "pgrep: only one pattern can be provided\nTry `pgrep --help' for more information.\n", status: 2 });
    expect(await run("pgrep '('")).toEqual({ out: 'pgrep: regex error: Unmatched ( or \\(\n', status: 2 });
    const bad = await run('pgrep -Z 2>&1');
    expect(bad.status).toBe(2);
    expect(bad.out).toMatch(/^pgrep: invalid option -- 'Z'\n\nUsage:\n pgrep \[options\] <pattern>\n\nOptions:\n -d, --delimiter <string>  specify output delimiter\n/);
    expect(bad.out).toMatch(/     --signal <sig>        signal to send \(either number or name\)\n/);
    expect(bad.out.endsWith('\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see pgrep(1).\n')).toBe(true);
    const user = await run('pgrep -u nosuchuser x 2>&1');
    expect(user.status).toBe(2);
    expect(user.out.split('\n').slice(0, 3)).toEqual(['pgrep: invalid user name: nosuchuser', '', 'Usage:']);
    // -i twice is usage(opt) with an option letter: the help on stdout, status 0 (pgrep.c's quirk).
    const twice = await run('pgrep -i -i x 2>/dev/null');
    expect(twice.status).toBe(0);
    expect(twice.out).toContain(' -i, --ignore-case         match case insensitively\n');
    expect((await run('pgrep -n -o x 2>/dev/null')).status).toBe(2);
    const pkillHelp = (await run('pkill --help')).out;
    expect(pkillHelp).toContain(' -<sig>                    signal to send (either number or name)\n -H, --require-handler ');
    expect(pkillHelp).not.toContain('--list-name');
    const sig = await run('pkill --signal FOO x 2>&1');
    expect(sig.status).toBe(2);
    expect(sig.out.startsWith('Unknown signal "FOO".\nUsage:\n pkill [options] <pattern>\n')).toBe(true);
  });
});

describe('pkill and kill on the node\'s processes', () => {
  it('cannot signal root\'s processes as the learner, and with sudo ends kube-scheduler, which the kubelet restarts', async () => {
    const { run, cluster } = await lab();
    const pid = Number((await run('pgrep -x kube-scheduler')).out);
    expect(await run('pkill kube-scheduler')).toEqual({ out: `pkill: killing pid ${pid} failed: Operation not permitted\n`, status: 1 });
    expect(await run(`kill ${pid}`)).toEqual({ out: `bash: kill: (${pid}) - Operation not permitted\n`, status: 1 });
    expect(await run('kill 4000000')).toEqual({ out: 'bash: kill: (4000000) - No such process\n', status: 1 });
    // Signal 0 only asks: nothing ends.
    expect(await run(`sudo kill -0 ${pid}`)).toEqual({ out: '', status: 0 });
    expect((await run('crictl ps --name kube-scheduler')).out).toMatch(/kube-scheduler\s+0\s/);

    expect(await run('sudo pkill -e kube-scheduler')).toEqual({ out: `kube-scheduler killed (pid ${pid})\n`, status: 0 });
    cluster.advance(3_000);
    expect((await run('crictl ps -a --name kube-scheduler')).out).toMatch(/Running\s+kube-scheduler\s+1\s/);
    expect((await run('kubectl get pod -n kube-system kube-scheduler-control-plane')).out).toMatch(/Running\s+1 \(\d+s ago\)/);
    const again = Number((await run('pgrep -x kube-scheduler')).out);
    expect(again).toBeGreaterThan(pid);

    // SIGKILL from bash's kill builtin: the container exits 137 and is restarted too.
    expect(await run(`sudo kill -9 ${again}`)).toEqual({ out: '', status: 0 });
    // The second restart waits out the crash back-off (10 s).
    cluster.advance(15_000);
    expect((await run('crictl ps -a --name kube-scheduler')).out).toMatch(/Running\s+kube-scheduler\s+2\s/);
    expect((await run('kubectl get pod -n kube-system kube-scheduler-control-plane -o jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}')).out).toBe('137');
    expect(cluster.clock.errors).toEqual([]);
  });
});

describe('the kubelet\'s process killed on the node', () => {
  it('exits, and systemd starts it again RestartSec (10 s) later', async () => {
    const { run, cluster } = await lab();
    const pid = Number((await run('pidof kubelet')).out);
    expect(await run('sudo pkill -x kubelet')).toEqual({ out: '', status: 0 });
    expect((await run('systemctl status kubelet')).out).toMatch(/Active: activating \(auto-restart\) since /);
    expect((await run('pidof kubelet')).status).toBe(1);
    cluster.advance(10_500);
    const again = Number((await run('pidof kubelet')).out);
    expect(again).toBeGreaterThan(pid);
    expect(await run(`sudo kill -KILL ${again}`)).toEqual({ out: '', status: 0 });
    const status = (await run('systemctl status kubelet')).out;
    expect(status).toMatch(/Active: activating \(auto-restart\) \(Result: signal\) since /);
    expect(status).toContain(`   Main PID: ${again} (code=killed, signal=KILL)\n`);
    const journal = (await run('journalctl -u kubelet')).out.split('\n').slice(-6, -1).map((l) => l.slice(l.indexOf(']: ') + 3));
    expect(journal).toEqual([
      'kubelet.service: Deactivated successfully.',
      'kubelet.service: Scheduled restart job, restart counter is at 1.',
      'Started kubelet.service - kubelet: The Kubernetes Node Agent.',
      'kubelet.service: Main process exited, code=killed, status=9/KILL',
      "kubelet.service: Failed with result 'signal'.",
    ]);
    cluster.advance(10_500);
    expect((await run('systemctl is-active kubelet')).out).toBe('active\n');
    expect(cluster.clock.errors).toEqual([]);
  });
});

describe('top in batch mode', () => {
  it('prints the summary and the task window with the figures uptime, free and ps print', async () => {
    const { run } = await lab();
    const r = await run('top -b -n 1');
    expect(r.status).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`top -${(await run('uptime')).out.replace(/\n$/, '')}`);
    expect(lines[1]).toMatch(/^Tasks: +\d+ total, +1 running, +\d+ sleeping, +0 stopped, +0 zombie$/);
    expect(lines[2]).toMatch(/^%Cpu\(s\): *\d+\.\d us, *\d+\.\d sy,  0\.0 ni, *\d+\.\d id,  0\.0 wa,  0\.0 hi,  0\.0 si,  0\.0 st $/);
    // free -k's columns: total, used, free, shared, buff/cache, available.
    const free = (await run('free -k')).out.split('\n')[1].trim().split(/\s+/).slice(1).map(Number);
    const mib = (k: number) => (k / 1024).toFixed(1).padStart(8);
    expect(lines[3]).toBe(`MiB Mem : ${mib(free[0])} total, ${mib(free[2])} free, ${mib(free[1])} used, ${mib(free[4])} buff/cache     `);
    expect(lines[4]).toBe(`MiB Swap:      0.0 total,      0.0 free,      0.0 used. ${mib(free[5])} avail Mem `);
    expect(lines[5]).toBe('');
    expect(lines[6]).toBe('    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(7, -1);
    expect(rows.length).toBe(Number(/(\d+) total/.exec(lines[1])![1]));
    // RES and VIRT are ps's RSS and VSZ; in a pipe the screen is 80 columns: the command is cut with a '+' one short of it.
    const aux = (await run('ps aux')).out.split('\n').find((l) => / kube-apiserver /.test(l))!.split(/\s+/);
    const row = rows.find((l) => l.endsWith(' kube-ap+'))!;
    expect(row.length).toBe(79);
    const cols = row.trim().split(/\s+/);
    expect(cols[0]).toBe(aux[1]);
    expect([cols[4], cols[5]]).toEqual([aux[4], aux[5]]);
    expect(cols[1]).toBe('root');
    // Sorted by %CPU, then by PID.
    const cpu = rows.map((l) => Number(l.trim().split(/\s+/)[8]));
    expect(cpu).toEqual([...cpu].sort((a, b) => b - a));
    expect(rows.find((l) => / systemd\+$/.test(l) && l.includes(' systemd+ '))).toBeDefined();
    // The user's own top is the running task.
    expect(rows.filter((l) => / R /.test(l))).toEqual([expect.stringMatching(/^ +\d+ learner +20 +0 .* R .* top$/)]);
  });

  it('follows -n, -d, -o, -c, -p, -u and -w', async () => {
    const { run } = await lab();
    const two = (await run('top -b -n 2 -d 1.5 -p 1')).out;
    const frames = two.split('\n\ntop - ');
    expect(frames).toHaveLength(2);
    const t0 = /^top - (\d\d):(\d\d):(\d\d)/.exec(two)!;
    const t1 = /^(\d\d):(\d\d):(\d\d)/.exec(frames[1])!;
    const secs = (m: RegExpExecArray) => Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    expect(secs(t1) - secs(t0)).toBeGreaterThanOrEqual(1);
    expect(frames[1]).toMatch(/\nTasks:   1 total,   0 running,   1 sleeping,   0 stopped,   0 zombie\n/);
    expect(two.endsWith('\n      1 root      20   0   22704  12964   5834 S   0.0   0.3   0:00.12 systemd\n')).toBe(true);
    const mem = (await run('top -b -n 1 -o %MEM -c -w 512')).out.split('\n');
    expect(mem[7]).toMatch(/ kube-apiserver --advertise-address=/);
    const res = mem.slice(7, -1).map((l) => l.trim().split(/\s+/)[5]).filter((v) => /^\d+$/.test(v)).map(Number);
    expect(res).toEqual([...res].sort((a, b) => b - a));
    const mine = (await run('top -b -n 1 -u learner')).out.split('\n').slice(7, -1).map((l) => l.trim().split(/\s+/).at(-1));
    expect(mine).toEqual(['sshd', 'bash', 'top']);
    const narrow = (await run('top -b -n 1 -w 60')).out.split('\n');
    expect(narrow.slice(0, 7).every((l) => l.length <= 60)).toBe(true);
    expect(narrow[6]).toBe('    PID USER      PR  NI    VIRT    RES    SHR S  %CPU');
    expect((await run('top -b -n 1 -O')).out.split('\n').slice(0, 4)).toEqual(['PID', 'PPID', 'UID', 'USER']);
    // -E and -e scale the summary's and the tasks' memory: GiB with one decimal, KiB whole; RES in MiB.
    const scaled = (await run('top -b -n 1 -E g -e m -p 1')).out.split('\n');
    expect(scaled[3]).toMatch(/^GiB Mem : +\d+\.\d total, +\d+\.\d free, +\d+\.\d used, +\d+\.\d buff\/cache {5}$/);
    expect(scaled[7]).toBe('      1 root      20   0   22.2m  12.7m   5.7m S   0.0   0.3   0:00.12 systemd');
    expect((await run('top -b -n 1 -E k')).out.split('\n')[4]).toMatch(/^KiB Swap:        0 total,        0 free,        0 used\. +\d+ avail Mem $/);
    expect(await run('top -b -E x')).toEqual({ out: "top: bad memory scaling arg 'x'\n", status: 1 });
  });

  it('refuses bad options with top\'s texts, and needs a terminal without -b', async () => {
    const { run } = await lab();
    expect(await run('top -b -n 0')).toEqual({ out: "top: bad iterations argument '0'\n", status: 1 });
    expect(await run('top -b -d x')).toEqual({ out: "top: bad delay interval 'x'\n", status: 1 });
    expect(await run('top -b -d -1')).toEqual({ out: 'top: -d requires positive argument\n', status: 1 });
    expect(await run('top -b -o FOO')).toEqual({ out: "top: unrecognized field name 'FOO'\n", status: 1 });
    expect(await run('top -b -o %cpu')).toEqual({ out: "top: unrecognized field name '%cpu'\n", status: 1 });
    expect(await run('top -b -p abc')).toEqual({ out: "top: bad pid 'abc'\n", status: 1 });
    expect(await run('top -b -u nosuch')).toEqual({ out: 'top: Invalid user\n', status: 1 });
    expect(await run('top -b -p 1 -u root')).toEqual({ out: 'top: conflicting process selections (U/p/u)\n', status: 1 });
    expect(await run('top -b -w 2')).toEqual({ out: "top: bad width arg '2'\n", status: 1 });
    expect(await run('top -b extra')).toEqual({ out: "top: unknown option 'extra'\n", status: 1 });
    expect(await run('top -b -Z')).toEqual({ out: "top: invalid option -- 'Z'\n", status: 1 });
    expect(await run('top -V')).toEqual({ out: 'top from procps-ng 4.0.4\n', status: 0 });
    expect((await run('top -h')).out.split('\n').slice(0, 3)).toEqual(['', 'Usage:', ' top [options]']);
    expect(await run('top')).toEqual({ out: 'top: failed tty get\n', status: 1 });
  });
});

describe('top on the terminal', () => {
  it('draws full screen, redraws on its delay and on keys, and q gives the prompt back', async () => {
    const cluster = new Cluster({ seed: 3 }).boot();
    const session = new Session({ cluster });
    await loadOptionalCommands(session);
    let screen = '';
    const term = new TerminalSession(session, (t) => (screen += t), { columns: 100, rows: 20 });
    term.start();
    const type = async (keys: string) => {
      term.input(keys);
      for (let i = 0; i < 40; i++) await macrotask();
    };
    screen = '';
    await type('top\r');
    expect(screen).toContain('\x1b[?25l\x1b[H\x1b[2Jtop - ');
    const frame = screen.slice(screen.indexOf('top - '));
    const rows = frame.split('\r\n');
    expect(rows).toHaveLength(20);
    expect(rows[6]).toBe('    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\x1b[K');
    // M sorts by memory: kube-apiserver, the largest, comes first.
    screen = '';
    await type('M');
    expect(screen.startsWith('\x1b[Htop - ')).toBe(true);
    expect(screen.split('\r\n')[7]).toMatch(/ kube-apiserver\x1b\[K$/);
    // The delay (3 s) on the virtual clock redraws.
    screen = '';
    cluster.advance(3_000);
    for (let i = 0; i < 40; i++) await macrotask();
    expect(screen.startsWith('\x1b[Htop - ')).toBe(true);
    // k asks for a PID (the first row's by default) and a signal on the message row; the learner may not signal root's.
    const firstPid = Number(/^ +(\d+) /.exec(screen.split('\r\n')[7])![1]);
    expect(screen.split('\r\n')[7]).toMatch(/ kube-apiserver\x1b\[K$/);
    screen = '';
    await type('k');
    expect(screen).toBe(`\x1b[6;1HPID to signal/kill [default pid = ${firstPid}] \x1b[K`);
    screen = '';
    await type('\r');
    expect(screen).toBe(`\x1b[6;1HSend pid ${firstPid} signal [15/sigterm] \x1b[K`);
    screen = '';
    await type('9\r');
    expect(screen).toBe(`9\x1b[6;1H Failed signal pid '${firstPid}' with '9': Operation not permitted \x1b[K`);
    cluster.advance(1_300);
    for (let i = 0; i < 40; i++) await macrotask();
    expect(screen).toContain('\x1b[Htop - ');
    screen = '';
    await type('q');
    expect(screen).toBe('\x1b[20;1H\r\n\x1b[?12l\x1b[?25h\x1b[Klearner@control-plane:~$ ');
    expect(session.history.at(-1)).toBe('top');
  });
});
