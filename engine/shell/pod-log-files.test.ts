/**
 * The containers' log files under /var/log/pods and /var/log/containers (pod-log-files.ts): their layout for a
 * Deployment's pod on a worker and a static pod on the control plane, the CRI format with `kubectl logs`' instants,
 * a restart's second file, the legacy links, root's modes, deletion and `tail -f`.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../cluster.js';
import { lab } from './commands/node/test-lab.js';

interface ContainerStatus { containerID: string; restartCount: number; state: { running?: object } }
/** The first container's status of pod `name` in default. */
const statusOf = (cluster: Cluster, name: string) => ((cluster.client().get('pods', 'default', name).status ?? {}) as { containerStatuses?: ContainerStatus[] }).containerStatuses?.[0];

const ON_WORKER = `--overrides='{"spec":{"nodeName":"worker-1"}}'`;

describe('the log files of pods on a node', () => {
  it("lays out a Deployment's pod on its worker and a static pod on the control plane, as the kubelet names them", async () => {
    const { run, cluster } = await lab();
    await run(`kubectl create deployment web --image=nginx --replicas=1 && kubectl patch deploy web -p '{"spec":{"template":{"spec":{"nodeName":"worker-1"}}}}' && kubectl rollout status deploy/web`);
    const pod = (cluster.client().list('pods', 'default').items as Array<{ metadata: { name: string; uid: string } }>).find((p) => p.metadata.name.startsWith('web-'))!;
    const { name, uid } = pod.metadata;
    const podDir = `/var/log/pods/default_${name}_${uid}`;
    // Folders 0755, root's: the learner lists them without sudo.
    expect((await run('ssh worker-1 ls /var/log/pods')).out.split('\n')).toContain(`default_${name}_${uid}`);
    expect((await run(`ssh worker-1 ls -l ${podDir}`)).out).toMatch(/^total 4\ndrwxr-xr-x 2 root root 4096 Jan  1 00:0\d nginx\n$/);
    // The file 0640: the learner needs sudo to read it.
    expect((await run(`ssh worker-1 ls -l ${podDir}/nginx`)).out).toMatch(/^total \d+\n-rw-r----- 1 root root +\d+ Jan  1 00:0\d 0\.log\n$/);
    const id = statusOf(cluster, name)!.containerID.replace('containerd://', '');
    const link = `/var/log/containers/${name}_default_nginx-${id}.log`;
    expect((await run(`ssh worker-1 readlink ${link}`)).out).toBe(`${podDir}/nginx/0.log\n`);
    expect((await run(`ssh worker-1 ls -l ${link}`)).out).toMatch(new RegExp(`^lrwxrwxrwx 1 root root \\d+ Jan  1 00:0\\d ${link} -> ${podDir}/nginx/0\\.log\\n$`));
    // Nothing of it on the control plane, where the pod does not run.
    expect((await run(`ls /var/log/pods | grep -c ${name}`)).out).toBe('0\n');

    // A static pod's folder is named by its config hash (the mirror pod's kubernetes.io/config.hash), not the mirror's UID.
    const mirror = cluster.client().get('pods', 'kube-system', 'kube-apiserver-control-plane') as { metadata: { uid: string; annotations: Record<string, string> } };
    const hash = mirror.metadata.annotations['kubernetes.io/config.hash'];
    expect(hash).not.toBe(mirror.metadata.uid);
    expect((await run('ls /var/log/pods')).out).toContain(`kube-system_kube-apiserver-control-plane_${hash}\n`);
    expect((await run(`sudo ls /var/log/pods/kube-system_kube-apiserver-control-plane_${hash}/kube-apiserver`)).out).toBe('0.log\n');
    expect((await run('ls /var/log/containers | grep -c "^kube-apiserver-control-plane_kube-system_kube-apiserver-[0-9a-f]\\{64\\}\\.log$"')).out).toBe('1\n');
  });

  it("writes each line in containerd's CRI format at the instants `kubectl logs --timestamps` shows", async () => {
    const { run } = await lab();
    await run(`kubectl run talk --image=busybox ${ON_WORKER} -- sh -c 'echo one; echo two >&2; sleep 1.5; echo three; sleep 3600'`);
    await run('sleep 20');
    const kubectl = (await run('kubectl logs talk --timestamps')).out.trim().split('\n');
    const file = (await run('ssh worker-1 sudo cat /var/log/pods/default_talk_*/talk/0.log')).out.trim().split('\n');
    expect(kubectl.map((l) => l.split(' ')[1])).toEqual(['one', 'two', 'three']);
    expect(file.map((l) => l.replace(/^\S+ /, ''))).toEqual(['stdout F one', 'stderr F two', 'stdout F three']);
    // Go's RFC3339Nano drops the fraction's trailing zeros; the kubelet pads it to nine digits: the same instant.
    for (const [i, l] of file.entries()) {
      expect(l).toMatch(/^2026-01-01T00:\d\d:\d\d(\.\d{1,3})?Z /);
      expect(Date.parse(l.split(' ')[0])).toBe(Date.parse(kubectl[i].split(' ')[0]));
    }
    expect(Date.parse(file[2].split(' ')[0]) - Date.parse(file[1].split(' ')[0])).toBe(1500);
    expect((await run('ssh worker-1 sudo wc -l /var/log/containers/talk_default_talk-*.log')).out).toMatch(/^3 \/var\/log\/containers\/talk_default_talk-[0-9a-f]{64}\.log\n$/);
    expect((await run('ssh worker-1 sudo grep -h stderr /var/log/pods/default_talk_*/talk/0.log')).out).toMatch(/ stderr F two\n$/);
  });

  it('keeps the previous instance as 0.log beside 1.log after a restart, until the container GC after the next death', async () => {
    const { run, cluster } = await lab();
    await run(`kubectl run crash --image=busybox ${ON_WORKER} -- sh -c 'echo run; sleep 30; exit 1'`);
    const state = () => statusOf(cluster, 'crash');
    for (let i = 0; i < 60 && !(state()?.restartCount === 1 && state()?.state.running); i++) await run('sleep 2');
    expect(state()?.restartCount).toBe(1);
    const uid = (cluster.client().get('pods', 'default', 'crash') as { metadata: { uid: string } }).metadata.uid;
    const dir = `/var/log/pods/default_crash_${uid}/crash`;
    expect((await run(`ssh worker-1 sudo ls ${dir}`)).out).toBe('0.log\n1.log\n');
    // --previous reads what 0.log holds; each instance has its own link.
    const previous = (await run('kubectl logs crash --previous --timestamps')).out;
    const zero = (await run(`ssh worker-1 sudo cat ${dir}/0.log`)).out;
    expect(zero.replace(/\.(\d+)Z stdout F /g, (_, d: string) => `.${d.padEnd(9, '0')}Z `)).toBe(previous);
    expect((await run('ssh worker-1 ls /var/log/containers | grep -c "^crash_default_crash-"')).out).toBe('2\n');
    expect((await run('ssh worker-1 \'for l in /var/log/containers/crash_*; do readlink $l; done\'')).out.split('\n').filter(Boolean).sort()).toEqual([`${dir}/0.log`, `${dir}/1.log`]);
  });

  it('keeps only the newest dead instance once the container GC has run (MaxPerPodContainer 1)', async () => {
    const { run, cluster } = await lab();
    await run(`kubectl run quick --image=busybox ${ON_WORKER} -- sh -c 'echo run; exit 1'`);
    const restarts = () => statusOf(cluster, 'quick')?.restartCount;
    // The back-off after the fourth restart's death (80 s, then 160 s) outlasts a GC period (60 s).
    for (let i = 0; i < 200 && restarts() !== 4; i++) await run('sleep 1');
    await run('sleep 61');
    expect(restarts()).toBe(4);
    const files = (await run('ssh worker-1 sudo ls /var/log/pods/default_quick_*/quick')).out.trim().split('\n');
    expect(files).toHaveLength(1);
    expect((await run('ssh worker-1 ls /var/log/containers | grep -c ^quick_')).out).toBe('1\n');
  });

  it('refuses the learner without sudo, as root:root 0640 files do', async () => {
    const { run } = await lab();
    await run(`kubectl run talk --image=busybox ${ON_WORKER} -- sh -c 'echo hi; sleep 3600' && kubectl wait --for=condition=Ready pod/talk`);
    const r = await run('ssh worker-1 cat /var/log/containers/talk_default_talk-*.log');
    expect(r.out).toMatch(/^cat: \/var\/log\/containers\/talk_default_talk-[0-9a-f]{64}\.log: Permission denied\n$/);
    expect((await run('ssh worker-1 tail /var/log/pods/default_talk_*/talk/0.log')).out).toMatch(/^tail: cannot open '\/var\/log\/pods\/default_talk_[-0-9a-f]+\/talk\/0\.log' for reading: Permission denied\n$/);
    expect((await run('ssh worker-1 sudo cat /var/log/containers/talk_default_talk-*.log')).out).toMatch(/^\S+ stdout F hi\n$/);
    // Nor may the learner write to it.
    expect((await run('ssh worker-1 \'echo x > /var/log/pods/default_talk_*/talk/0.log\'')).out).toMatch(/Permission denied/);
  });

  it("removes a deleted pod's folder and links with its containers", async () => {
    const { run } = await lab();
    await run(`kubectl run talk --image=busybox ${ON_WORKER} -- sh -c 'echo hi; sleep 3600' && kubectl wait --for=condition=Ready pod/talk`);
    expect((await run('ssh worker-1 ls /var/log/pods | grep -c ^default_talk_')).out).toBe('1\n');
    await run('kubectl delete pod talk --grace-period=1');
    expect((await run('ssh worker-1 ls /var/log/pods | grep -c ^default_talk_')).out).toBe('0\n');
    expect((await run('ssh worker-1 ls /var/log/containers | grep -c ^talk_')).out).toBe('0\n');
  });

  it('lets tail -f follow the growing file on the virtual clock', async () => {
    const { run } = await lab();
    await run(`kubectl run ticker --image=busybox ${ON_WORKER} -- sh -c 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 2; done' && kubectl wait --for=condition=Ready pod/ticker`);
    await run('sleep 5');
    const out = (await run('ssh worker-1 timeout 7 sudo tail -n 1 -f /var/log/pods/default_ticker_*/ticker/0.log')).out.trim().split('\n');
    const ticks = out.map((l) => Number(l.split(' tick ')[1]));
    expect(out.every((l) => / stdout F tick \d+$/.test(l))).toBe(true);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks).toEqual(ticks.map((_, i) => ticks[0] + i));
  });
});
