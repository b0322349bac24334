/**
 * journalctl over what systemd logged about kubelet.service and
 * containerd.service, and containerd stopped and started on a worker. The
 * expected texts are systemd 255's as Ubuntu 24.04 prints them (a real
 * `journalctl -xeu kubelet` of a kubeadm node stopping its kubelet, and real
 * journals with left-over processes of KillMode=process units), and the
 * kubelet v1.35 runtime state's (runtime.go, pleg/generic.go).
 */
import { describe, expect, it } from 'vitest';
import { lab } from './test-lab.js';
import { driveClock } from '../../script.js';
import { parseJournalctlArgs } from './journalctl.js';


/** "Jan 01 00:02:00" for a virtual instant. */
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.toUTCString().slice(8, 11)} ${d.toISOString().slice(8, 10)} ${d.toISOString().slice(11, 19)}`;
};

describe('journalctl options (getopt_long as journalctl declares them)', () => {
  it('reads bundled short options, -n with its number apart or attached, and the long forms', () => {
    const p = parseJournalctlArgs(['-xeu', 'kubelet']);
    expect(p).toEqual({ opts: expect.objectContaining({ units: ['kubelet'], catalog: true, lines: 1000 }) });
    expect(parseJournalctlArgs(['-n', '5', '-u', 'containerd'])).toEqual({ opts: expect.objectContaining({ units: ['containerd'], lines: 5 }) });
    expect(parseJournalctlArgs(['-n20'])).toEqual({ opts: expect.objectContaining({ lines: 20 }) });
    expect(parseJournalctlArgs(['--unit=kubelet', '--lines', '3', '--no-pager'])).toEqual({ opts: expect.objectContaining({ units: ['kubelet'], lines: 3 }) });
    expect(parseJournalctlArgs(['-f'])).toEqual({ opts: expect.objectContaining({ follow: true, lines: 10 }) });
  });

  it('answers getopt\'s errors and journalctl\'s own', () => {
    expect(parseJournalctlArgs(['-z'])).toEqual({ error: "journalctl: invalid option -- 'z'\n", status: 1 });
    expect(parseJournalctlArgs(['--bogus'])).toEqual({ error: "journalctl: unrecognized option '--bogus'\n", status: 1 });
    expect(parseJournalctlArgs(['-u'])).toEqual({ error: "journalctl: option requires an argument -- 'u'\n", status: 1 });
    expect(parseJournalctlArgs(['--unit'])).toEqual({ error: "journalctl: option '--unit' requires an argument\n", status: 1 });
    expect(parseJournalctlArgs(['-f', '-r'])).toEqual({ error: 'Please specify either --reverse or --follow, not both.\n', status: 1 });
  });
});

describe('journalctl -u kubelet', () => {
  it('shows the boot start, then a stop and a restart as systemd logs them, with -x\'s catalog', async () => {
    const { run, cluster } = await lab();
    const boot = (await run('journalctl -u kubelet')).out;
    expect(boot).toBe('Jan 01 00:00:00 control-plane systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.\n');

    const stopAt = cluster.clock.now();
    await run('sudo systemctl stop kubelet');
    cluster.advance(5_000);
    const restartAt = cluster.clock.now();
    await run('sudo systemctl restart kubelet');
    const out = (await run('journalctl -u kubelet --no-pager')).out.split('\n');
    expect(out.slice(1, -1)).toEqual([
      `${stamp(stopAt)} control-plane systemd[1]: Stopping kubelet.service - kubelet: The Kubernetes Node Agent...`,
      `${stamp(stopAt)} control-plane systemd[1]: kubelet.service: Deactivated successfully.`,
      `${stamp(stopAt)} control-plane systemd[1]: Stopped kubelet.service - kubelet: The Kubernetes Node Agent.`,
      // A restart of a stopped unit is a start (Type=simple: no "Starting…" line).
      `${stamp(restartAt)} control-plane systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.`,
    ]);

    // -x: each message with its catalog entry; -n 2 the last two.
    const x = (await run('journalctl -xeu kubelet -n 2')).out;
    const job = /The job identifier is (\d+) and/.exec(x)![1];
    expect(x).toBe([
      `${stamp(stopAt)} control-plane systemd[1]: Stopped kubelet.service - kubelet: The Kubernetes Node Agent.`,
      '░░ Subject: A stop job for unit kubelet.service has finished',
      '░░ Defined-By: systemd',
      '░░ Support: http://www.ubuntu.com/support',
      '░░ ',
      '░░ A stop job for unit kubelet.service has finished.',
      '░░ ',
      `░░ The job identifier is ${job} and the job result is done.`,
      `${stamp(restartAt)} control-plane systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.`,
      '░░ Subject: A start job for unit kubelet.service has finished successfully',
      '░░ Defined-By: systemd',
      '░░ Support: http://www.ubuntu.com/support',
      '░░ ',
      '░░ A start job for unit kubelet.service has finished successfully.',
      '░░ ',
      `░░ The job identifier is ${Number(job) + 1}.`,
      '',
    ].join('\n'));

    // A running unit restarted: one job stops and starts it.
    await run('sudo systemctl restart kubelet');
    const ids = [...(await run('journalctl -xu kubelet -n 4')).out.matchAll(/The job identifier is (\d+)/g)].map((m) => m[1]);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('prints "-- No entries --" for a unit that logged nothing, and --no-hostname drops the host', async () => {
    const { run } = await lab();
    expect(await run('journalctl -u ssh')).toEqual({ out: '-- No entries --\n', status: 0 });
    expect((await run('journalctl -u kubelet --no-hostname')).out).toBe('Jan 01 00:00:00 systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.\n');
  });

  it('-f prints the last lines, then what is logged while it follows, until Ctrl-C', async () => {
    const { session, cluster } = await lab();
    let out = '';
    const following = session.run('journalctl -fu kubelet', (t) => (out += t));
    await driveClock(Promise.resolve(), cluster.clock, 2_000, () => undefined);
    cluster.advance(2_000);
    expect(out).toBe('Jan 01 00:00:00 control-plane systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.\n');
    // The kubelet stopped by other means than systemctl (the machine's own view) shows up while following.
    cluster.kubelets.get('control-plane')!.stop();
    cluster.advance(2_000);
    await driveClock(Promise.resolve(), cluster.clock, 2_000, () => undefined);
    session.interrupt();
    await driveClock(following, cluster.clock, 5_000, () => undefined);
    expect(out).toContain('systemd[1]: Stopped kubelet.service - kubelet: The Kubernetes Node Agent.\n');
  });
});

describe('containerd stopped on a worker', () => {
  it('leaves the shims running, breaks crictl, turns the node NotReady, and is logged with its left-over processes', async () => {
    const { run, cluster } = await lab();
    const ready = () => (cluster.client().get('nodes', undefined, 'worker-1').status as { conditions: { type: string; status: string; reason: string; message: string }[] }).conditions.find((c) => c.type === 'Ready')!;
    await run('ssh worker-1');
    const shims = (await run('ps -ef')).out.split('\n').filter((l) => l.includes('containerd-shim-runc-v2')).map((l) => Number(l.split(/\s+/)[1])).sort((a, b) => a - b);
    expect(shims.length).toBeGreaterThan(0);
    const stopAt = cluster.clock.now();
    expect(await run('sudo systemctl stop containerd')).toEqual({ out: '', status: 0 });

    // crictl cannot reach the socket (cri-tools v1.35's client: validate service connection, gRPC's dial error).
    const c = await run('crictl ps');
    expect(c.status).toBe(1);
    expect(c.out).toContain('level=fatal msg="validate service connection: validate CRI v1 runtime API for endpoint \\"unix:///run/containerd/containerd.sock\\": rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory\\""');
    // The containers live on.
    expect((await run('ps -ef')).out).toContain('containerd-shim-runc-v2');

    const log = (await run('journalctl -u containerd')).out.split('\n').filter((l) => l.startsWith(stamp(stopAt)));
    expect(log).toEqual([
      `${stamp(stopAt)} worker-1 systemd[1]: Stopping containerd.service - containerd container runtime...`,
      `${stamp(stopAt)} worker-1 systemd[1]: containerd.service: Deactivated successfully.`,
      ...shims.map((pid) => `${stamp(stopAt)} worker-1 systemd[1]: containerd.service: Unit process ${pid} (containerd-shim) remains running after unit stopped.`),
      `${stamp(stopAt)} worker-1 systemd[1]: Stopped containerd.service - containerd container runtime.`,
    ]);

    cluster.advance(50_000);
    expect(ready()).toMatchObject({ status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down' });

    const startAt = cluster.clock.now();
    await run('sudo systemctl start containerd');
    const started = (await run('journalctl -u containerd')).out.split('\n').filter((l) => l.startsWith(stamp(startAt)));
    expect(started).toEqual([
      ...shims.flatMap((pid) => [
        `${stamp(startAt)} worker-1 systemd[1]: containerd.service: Found left-over process ${pid} (containerd-shim) in control group while starting unit. Ignoring.`,
        `${stamp(startAt)} worker-1 systemd[1]: This usually indicates unclean termination of a previous run, or service implementation deficiencies.`,
      ]),
      `${stamp(startAt)} worker-1 systemd[1]: Starting containerd.service - containerd container runtime...`,
      `${stamp(startAt)} worker-1 systemd[1]: Started containerd.service - containerd container runtime.`,
    ]);
    expect((await run('crictl ps')).status).toBe(0);
    cluster.advance(20_000);
    expect(ready().status).toBe('True');
    expect(cluster.clock.errors).toEqual([]);
  });
});

describe('the kubelet\'s own lines while containerd is stopped', () => {
  it('logs each failed CRI call as cri-client does (log.go:32): the status check every 5 s, the version every 10 s, until containerd is back', async () => {
    const { run, cluster } = await lab();
    await run('ssh worker-1');
    const pid = Number(/Main PID: (\d+) \(kubelet\)/.exec((await run('systemctl status kubelet')).out)![1]);
    const client = cluster.client();
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'probed' }, spec: { nodeName: 'worker-1', containers: [{ name: 'web', image: 'nginx', livenessProbe: { exec: { command: ['cat', '/etc/hostname'] }, periodSeconds: 10 } }] } });
    cluster.clock.runUntil(() => (client.get('pods', 'default', 'probed').status as { phase?: string }).phase === 'Running', 60_000);
    const cid = [...cluster.kubelets.get('worker-1')!.runtime.containers.values()].find((c) => c.opts.podName === 'probed')!.id;
    const stopAt = cluster.clock.now();
    await run('sudo systemctl stop containerd');
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'early' }, spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'nginx' }] } });
    cluster.advance(21_000);
    const err = 'rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix /var/run/containerd/containerd.sock: connect: no such file or directory\\"';
    const journal = (await run('journalctl -u kubelet --no-hostname')).out.split('\n').filter((l) => l.includes(`kubelet[${pid}]`));
    // The pod workers' and probes' calls: a new pod's sandbox, and three tries of each exec probe.
    // Real: '… remote_runtime.go:496] "ExecSync cmd from runtime service failed" err="…" containerID="…" cmd=["/bin/hgrun","check"]'.
    const sandbox = journal.filter((l) => l.includes('"RunPodSandbox from runtime service failed"'));
    expect(sandbox).toHaveLength(1);
    expect(sandbox[0]).toMatch(/log\.go:32\] "RunPodSandbox from runtime service failed" err="rpc error: code = Unavailable desc = [^]*"$/);
    const exec = journal.filter((l) => l.includes('"ExecSync cmd from runtime service failed"'));
    expect(exec.length % 3).toBe(0);
    expect(exec.length).toBeGreaterThanOrEqual(3);
    for (const l of exec) expect(l.endsWith(`connect: no such file or directory\\"" containerID="${cid}" cmd=["cat","/etc/hostname"]`)).toBe(true);
    const lines = journal.filter((l) => !sandbox.includes(l) && !exec.includes(l));
    // Real: 'E0405 20:10:50.759597 1825 log.go:32] "Status from runtime service failed" err="rpc error: …"'.
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const l of lines) expect(l).toMatch(new RegExp(`^\\w{3} \\d\\d [\\d:]{8} kubelet\\[${pid}\\]: E\\d{4} [\\d:]{8}\\.\\d{6} +${pid} log\\.go:32\\] "(Status|Version) from runtime service failed" err="${err.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"$`));
    const times = (kind: string) => lines.filter((l) => l.includes(`"${kind} from`)).map((l) => l.slice(0, 15));
    expect(times('Status')).toHaveLength(4);
    expect(times('Version')).toHaveLength(2);
    expect(lines.every((l) => l.slice(0, 15) > stamp(stopAt))).toBe(true);

    await run('sudo systemctl start containerd');
    const after = (await run('journalctl -u kubelet')).out.split('\n').filter((l) => l.includes('log.go:32')).length;
    cluster.advance(30_000);
    expect((await run('journalctl -u kubelet')).out.split('\n').filter((l) => l.includes('log.go:32')).length).toBe(after);
    expect(cluster.clock.errors).toEqual([]);
  });
});
