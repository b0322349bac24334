/**
 * The kubelet (re)started while containerd is stopped: it exits at start-up
 * and systemd restarts it every 10 s until containerd is back. The expected
 * texts: the kubelet's error as cri-client v0.35 and cmd/kubelet word it and
 * component-base v0.35.0's cli.Run logs it (run.go:72, a real kubelet's
 * "E1205 09:20:20.862841  145524 run.go:74] "command failed" err="failed to
 * run Kubelet: validate service connection: validate CRI v1 runtime API for
 * endpoint …"" from kubernetes/kubernetes#122180), systemd 255's unit
 * messages and catalog (catalog/systemd.catalog.in), and systemctl status of
 * a unit in auto-restart (kubernetes/kubernetes#114473).
 */
import { describe, expect, it } from 'vitest';
import { lab } from './test-lab.js';
import { klogHeader, klogLine } from './klog.js';
import { kubeletRunError } from './kubelet-exit.js';

const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.toUTCString().slice(8, 11)} ${d.toISOString().slice(8, 10)} ${d.toISOString().slice(11, 19)}`;
};

const RUN_ERROR = 'failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint "unix:///var/run/containerd/containerd.sock": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /var/run/containerd/containerd.sock: connect: no such file or directory"';

describe('klog text format', () => {
  it('pads the thread ID to 7 columns and quotes the message and values', () => {
    // Real headers: "I1213 21:56:03.270937    9794 dynamic_cafile_content.go:157] ", "E1205 09:20:20.862841  145524 run.go:74] ".
    expect(klogHeader('I', Date.UTC(2022, 11, 13, 21, 56, 3, 270), 9794, 'dynamic_cafile_content.go:157')).toBe('I1213 21:56:03.270000    9794 dynamic_cafile_content.go:157] ');
    expect(klogHeader('E', Date.UTC(2023, 11, 5, 9, 20, 20, 862), 145524, 'run.go:74')).toBe('E1205 09:20:20.862000  145524 run.go:74] ');
    expect(klogLine('E', Date.UTC(2023, 11, 5, 9, 20, 20, 862), 145524, 'run.go:74', 'command failed', [['err', 'a "b"']])).toBe('E1205 09:20:20.862000  145524 run.go:74] "command failed" err="a \\"b\\""');
    expect(kubeletRunError('unix:///var/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock')).toBe(RUN_ERROR);
  });
});

describe('systemctl restart kubelet while containerd is stopped', () => {
  it('fails at start-up, restarts every 10 s, lets the node go NotReady, and runs again once containerd is back', async () => {
    const { run, cluster, nodeReady } = await lab();
    await run('ssh worker-1');
    expect((await run('sudo systemctl stop containerd')).status).toBe(0);
    const at = cluster.clock.now();
    expect(await run('sudo systemctl restart kubelet')).toEqual({ out: '', status: 0 });

    const st = await run('systemctl status kubelet');
    expect(st.status).toBe(3);
    const lines = st.out.split('\n');
    expect(lines[0]).toBe('● kubelet.service - kubelet: The Kubernetes Node Agent');
    expect(lines).toContain(`     Active: activating (auto-restart) (Result: exit-code) since ${new Date(at).toUTCString().slice(0, 3)} ${new Date(at).toISOString().slice(0, 10)} ${new Date(at).toISOString().slice(11, 19)} UTC; now`);
    const pid = Number(/Main PID: (\d+) \(code=exited, status=1\/FAILURE\)/.exec(st.out)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(lines).toContain(`    Process: ${pid} ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS (code=exited, status=1/FAILURE)`);
    expect(await run('systemctl is-active kubelet')).toEqual({ out: 'activating\n', status: 3 });

    const at0 = (await run('journalctl -u kubelet')).out.split('\n').filter((l) => l.startsWith(stamp(at)));
    const t = new Date(at);
    const klogTime = `${String(t.getUTCMonth() + 1).padStart(2, '0')}${String(t.getUTCDate()).padStart(2, '0')} ${t.toISOString().slice(11, 23)}000`;
    expect(at0.slice(-4)).toEqual([
      `${stamp(at)} worker-1 systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.`,
      `${stamp(at)} worker-1 kubelet[${pid}]: E${klogTime} ${String(pid).padStart(7)} run.go:72] "command failed" err=${JSON.stringify(RUN_ERROR)}`,
      `${stamp(at)} worker-1 systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE`,
      `${stamp(at)} worker-1 systemd[1]: kubelet.service: Failed with result 'exit-code'.`,
    ]);
    expect(at0[0]).toBe(`${stamp(at)} worker-1 systemd[1]: Stopping kubelet.service - kubelet: The Kubernetes Node Agent...`);

    // RestartSec=10: the next start, with a new PID, fails the same way; the counter counts the restarts.
    cluster.advance(10_000);
    const at1 = (await run('journalctl -u kubelet -n 5')).out.split('\n').filter(Boolean);
    expect(at1[0]).toBe(`${stamp(at + 10_000)} worker-1 systemd[1]: kubelet.service: Scheduled restart job, restart counter is at 1.`);
    expect(at1[1]).toBe(`${stamp(at + 10_000)} worker-1 systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.`);
    expect(at1[2]).toMatch(new RegExp(`^${stamp(at + 10_000)} worker-1 kubelet\\[(\\d+)\\]: E\\d{4} [\\d:.]+ +\\d+ run\\.go:72\\] "command failed" err="failed to run Kubelet: `));
    expect(Number(/kubelet\[(\d+)\]/.exec(at1[2])![1])).toBeGreaterThan(pid);
    cluster.advance(10_000);
    expect((await run('journalctl -u kubelet -n 5')).out).toContain('kubelet.service: Scheduled restart job, restart counter is at 2.\n');

    // journalctl -x: the catalog entries of the exit, the failure and the scheduled restart.
    const x = (await run('journalctl -xu kubelet -n 5')).out;
    expect(x).toContain([
      'kubelet.service: Scheduled restart job, restart counter is at 2.',
      '░░ Subject: Automatic restarting of a unit has been scheduled',
      '░░ Defined-By: systemd',
      '░░ Support: http://www.ubuntu.com/support',
      '░░ ',
      '░░ Automatic restarting of the unit kubelet.service has been scheduled, as the result for',
      '░░ the configured Restart= setting for the unit.',
    ].join('\n'));
    expect(x).toContain([
      'kubelet.service: Main process exited, code=exited, status=1/FAILURE',
      '░░ Subject: Unit process exited',
      '░░ Defined-By: systemd',
      '░░ Support: http://www.ubuntu.com/support',
      '░░ ',
      '░░ An ExecStart= process belonging to unit kubelet.service has exited.',
      '░░ ',
      "░░ The process' exit code is 'exited' and its exit status is 1.",
    ].join('\n'));
    expect(x).toContain("kubelet.service: Failed with result 'exit-code'.\n░░ Subject: Unit failed\n░░ Defined-By: systemd\n░░ Support: http://www.ubuntu.com/support\n░░ \n░░ The unit kubelet.service has entered the 'failed' state with result 'exit-code'.\n");

    // No kubelet renews the Lease: the node lifecycle controller marks the node unknown after its grace period.
    cluster.advance(40_000);
    expect(nodeReady('worker-1')).toBe('Unknown');

    // containerd back: the next automatic restart runs the kubelet, and the node is Ready again.
    await run('sudo systemctl start containerd');
    cluster.advance(10_000);
    expect(await run('systemctl is-active kubelet')).toEqual({ out: 'active\n', status: 0 });
    expect(cluster.kubelets.get('worker-1')!.running()).toBe(true);
    const back = (await run('systemctl status kubelet')).out;
    expect(back).toMatch(/Active: active \(running\) since /);
    expect(back).not.toContain('Result:');
    cluster.clock.runUntil(() => nodeReady('worker-1') === 'True', 60_000);
    expect(nodeReady('worker-1')).toBe('True');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('a stop while it waits to restart ends the loop: "Stopped", inactive (dead), the failed run kept', async () => {
    const { run, cluster } = await lab();
    await run('ssh worker-1');
    await run('sudo systemctl stop containerd');
    await run('sudo systemctl restart kubelet');
    cluster.advance(3_000);
    const at = cluster.clock.now();
    await run('sudo systemctl stop kubelet');
    expect((await run('journalctl -u kubelet -n 1')).out).toBe(`${stamp(at)} worker-1 systemd[1]: Stopped kubelet.service - kubelet: The Kubernetes Node Agent.\n`);
    const st = (await run('systemctl status kubelet')).out;
    expect(st).toMatch(/^○ kubelet\.service/);
    expect(st).toContain('     Active: inactive (dead) (Result: exit-code) since ');
    cluster.advance(30_000);
    expect((await run('journalctl -u kubelet -n 1')).out).toContain('Stopped kubelet.service');
    expect(cluster.kubelets.get('worker-1')!.running()).toBe(false);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('a start while it waits is queued until the restart timer (systemctl waits); a restart runs at once and resets the counter', async () => {
    const { run, cluster } = await lab();
    await run('ssh worker-1');
    await run('sudo systemctl stop containerd');
    await run('sudo systemctl restart kubelet');
    const failedAt = cluster.clock.now();
    cluster.advance(3_000);
    await run('sudo systemctl start containerd');
    // service_start answers EAGAIN during auto-restart: the start job waits for the timer, and systemctl with it.
    expect((await run('sudo systemctl start kubelet')).status).toBe(0);
    expect(cluster.clock.now()).toBe(failedAt + 10_000);
    expect((await run('systemctl is-active kubelet')).out).toBe('active\n');
    expect((await run('journalctl -u kubelet -n 2')).out).toBe([
      `${stamp(failedAt + 10_000)} worker-1 systemd[1]: kubelet.service: Scheduled restart job, restart counter is at 1.`,
      `${stamp(failedAt + 10_000)} worker-1 systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.`,
    ].join('\n') + '\n');

    // Down again, and a restart while it waits: "Stopped" at once (no process to stop), then the start fails again.
    await run('sudo systemctl stop containerd');
    await run('sudo systemctl restart kubelet');
    cluster.advance(4_000);
    const at = cluster.clock.now();
    await run('sudo systemctl restart kubelet');
    const log = (await run('journalctl -u kubelet -n 5')).out.split('\n').filter(Boolean);
    expect(log[0]).toBe(`${stamp(at)} worker-1 systemd[1]: Stopped kubelet.service - kubelet: The Kubernetes Node Agent.`);
    expect(log[1]).toBe(`${stamp(at)} worker-1 systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.`);
    expect(log[2]).toContain('run.go:72] "command failed"');
    cluster.advance(10_000);
    expect((await run('journalctl -u kubelet')).out).toContain(`${stamp(at + 10_000)} worker-1 systemd[1]: kubelet.service: Scheduled restart job, restart counter is at 1.\n`);
    expect(cluster.clock.errors).toEqual([]);
  });
});
