/**
 * The node tools in a learner's shell session over a booted cluster: what a
 * failure-recovery exercise does on a kubeadm node (move a static pod's
 * manifest out and back, stop and start a worker's kubelet over ssh, read the
 * API server's flags with ps) and what crictl, systemctl and kubectl show.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './test-lab.js';
import { Cluster } from '../../../cluster.js';
import { macrotask } from '../../script.js';
import { TerminalSession } from '../../terminal.js';
import { loadOptionalCommands, Session } from '../../session.js';
import { STATIC_POD_REACTION_MS } from '../../../sim/manifests.js';


/** The NAME column (5th) of each `crictl ps` row. */
const names = (table: string) => table.trim().split('\n').slice(1).map((l) => l.split(/\s{2,}/)[4]);

describe('crictl on the control-plane node', () => {
  it('lists the static pods\' containers running, and loses kube-scheduler once its manifest leaves the folder', async () => {
    const { run, cluster } = await lab();
    const before = await run('crictl ps');
    expect(before.status).toBe(0);
    expect(before.out.split('\n')[0]).toBe('CONTAINER           IMAGE               CREATED             STATE               NAME                      ATTEMPT             POD ID              POD                                     NAMESPACE');
    expect(names(before.out)).toEqual(expect.arrayContaining(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']));
    const podID = /(\S+)\s+kube-scheduler-control-plane/.exec(before.out)![1];

    await run('sudo mv /etc/kubernetes/manifests/kube-scheduler.yaml /tmp/');
    cluster.advance(STATIC_POD_REACTION_MS + 2_000);
    expect(names((await run('crictl ps')).out)).not.toContain('kube-scheduler');
    expect((await run('ps aux')).out).not.toContain('kube-scheduler --');

    await run('sudo mv /tmp/kube-scheduler.yaml /etc/kubernetes/manifests/');
    cluster.advance(STATIC_POD_REACTION_MS + 5_000);
    const after = await run('crictl ps --name kube-scheduler');
    expect(names(after.out)).toEqual(['kube-scheduler']);
    // A new sandbox for the new pod.
    expect(after.out).not.toContain(podID);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('keeps a removed static pod\'s container Exited (and its sandbox NotReady) until the kubelet\'s next container GC pass', async () => {
    // kubelet v1.35: a static pod gone from the config is killed (pod worker SyncPodKill) but is not a deleted pod
    // (no deletion timestamp), so PLEG's ContainerDied keeps its newest dead container; once housekeeping (2 s) has
    // forgotten the finished worker, the container GC (every minute) removes the pod's containers and sandbox.
    const { run, cluster } = await lab();
    await run('sudo mv /etc/kubernetes/manifests/kube-scheduler.yaml /tmp/');
    cluster.advance(STATIC_POD_REACTION_MS + 1_000);
    const all = (await run('crictl ps -a --name kube-scheduler')).out.split('\n').filter((l) => l.includes('kube-scheduler'));
    expect(all).toHaveLength(1);
    expect(all[0].split(/\s{2,}/)[3]).toBe('Exited');
    expect(names((await run('crictl ps --name kube-scheduler')).out)).toEqual([]);
    expect((await run('crictl pods --name kube-scheduler')).out).toMatch(/kube-scheduler-control-plane\s+kube-system/);
    expect((await run('crictl pods --name kube-scheduler')).out).toContain('NotReady');
    cluster.advance(62_000);
    expect((await run('crictl ps -a --name kube-scheduler')).out).not.toContain('kube-scheduler');
    expect((await run('crictl pods --name kube-scheduler')).out).not.toContain('kube-scheduler');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('answers -q with full IDs, pods with sandboxes, images with the node\'s images, and logs by ID prefix', async () => {
    const { run } = await lab();
    const ids = (await run('crictl ps -q')).out.trim().split('\n');
    expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
    const pods = await run('crictl pods');
    expect(pods.out.split('\n')[0]).toMatch(/^POD ID {14}CREATED {13}STATE {15}NAME {2,}NAMESPACE {2,}ATTEMPT {13}RUNTIME$/);
    expect(pods.out).toMatch(/Ready +etcd-control-plane +kube-system +0 +\(default\)/);
    const images = await run('crictl images');
    expect(images.out).toMatch(/^registry\.k8s\.io\/pause +3\.10\.1 +[0-9a-f]{13} +\d+(\.\d+)?kB$/m);
    const missing = await run('crictl logs 0000000');
    expect(missing.status).toBe(1);
    // Not a terminal: logrus writes key=value pairs, the time in RFC 3339 without fractions.
    expect(missing.out).toMatch(/^time="2026-01-01T\d\d:\d\d:\d\dZ" level=fatal msg="rpc error: code = NotFound desc = an error occurred when try to find container \\"0000000\\": not found"\n$/);
  });

  it('says "No help topic" with exit code 3 for a command crictl does not have', async () => {
    const { run } = await lab();
    expect(await run('crictl bogus')).toEqual({ out: "No help topic for 'bogus'\n", status: 3 });
  });
});

describe('ps on the control-plane node', () => {
  it('shows kube-apiserver\'s flags from its manifest, edits included, uncut in a pipe', async () => {
    const { run } = await lab();
    const line = (await run('ps -ef | grep kube-apiserver | grep -v grep')).out;
    expect(line).toMatch(/^root +\d+ +\d+ +\d+ \d\d:\d\d \? +\d\d:\d\d:\d\d kube-apiserver --advertise-address=\S+ --allow-privileged=true .* --tls-private-key-file=\/etc\/kubernetes\/pki\/apiserver\.key\n$/);
    await run("sudo sed -i 's/--secure-port=6443/--secure-port=6443\\n    - --v=4/' /etc/kubernetes/manifests/kube-apiserver.yaml");
    const edited = (await run('ps aux | grep kube-apiserver | grep -v grep')).out;
    expect(edited).toContain('--secure-port=6443 --v=4 ');
  });

  it('lists the kubelet with kubeadm v1.35\'s command line under systemd', async () => {
    const { run } = await lab();
    const out = (await run('ps aux')).out;
    expect(out.split('\n')[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(out).toMatch(/^root +1 +.* \/sbin\/init$/m);
    expect(out).toContain(' /usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock\n');
    expect(out).toMatch(/^learner +\d+ .* pts\/0 +R\+ .* ps aux$/m);
    expect((await run('ps')).out).toMatch(/^ {4}PID TTY {10}TIME CMD\n +\d+ pts\/0 +00:00:00 bash\n +\d+ pts\/0 +00:00:00 ps\n$/);
  });
});

describe('ps on a worker', () => {
  it('shows a pod\'s shim, pause and the processes its container runs (nginx\'s master and one worker per CPU)', async () => {
    const { run, cluster } = await lab();
    await run('kubectl create deployment web --image=nginx:1.27');
    await run('kubectl rollout status deployment web');
    const node = (await run("kubectl get pods -l app=web -o jsonpath='{.items[0].spec.nodeName}'")).out;
    const out = (await run(`ssh ${node} ps -ef`)).out;
    const master = new RegExp(`^root +(\\d+) +(\\d+) .* nginx: master process nginx -g daemon off;$`, 'm').exec(out)!;
    const workers = out.split('\n').filter((l) => l.endsWith('nginx: worker process'));
    expect(workers).toHaveLength(cluster.kubelets.get(node)!.runtime.cpus);
    for (const w of workers) expect(w).toMatch(new RegExp(`^ {5}101 +\\d+ +${master[1]} `));
    // The master's parent is the pod's shim, which also started its /pause.
    expect(out).toMatch(new RegExp(`^root +${master[2]} +1 .* /usr/bin/containerd-shim-runc-v2 -namespace k8s\\.io -id [0-9a-f]{64} -address /run/containerd/containerd\\.sock$`, 'm'));
    expect(out).toMatch(new RegExp(`^ +65535 +\\d+ +${master[2]} .* /pause$`, 'm'));
  });
});

describe('a worker\'s kubelet stopped and started over ssh', () => {
  it('goes NotReady after the grace period while its containers keep running, and Ready again once started', async () => {
    const { run, session, cluster, nodeReady } = await lab();
    expect(session.prompt()).toBe('learner@control-plane:~$ ');
    expect((await run('ssh worker-1')).status).toBe(0);
    expect(session.prompt()).toBe('learner@worker-1:~$ ');
    expect((await run('hostname')).out).toBe('worker-1\n');
    const running = names((await run('crictl ps')).out);
    expect(running).toContain('kube-proxy');

    expect(await run('sudo systemctl stop kubelet')).toEqual({ out: '', status: 0 });
    const status = (await run('systemctl status kubelet')).out;
    expect(status.split('\n').slice(0, 5)).toEqual([
      '○ kubelet.service - kubelet: The Kubernetes Node Agent',
      '     Loaded: loaded (/usr/lib/systemd/system/kubelet.service; enabled; preset: enabled)',
      '    Drop-In: /usr/lib/systemd/system/kubelet.service.d',
      '             └─10-kubeadm.conf',
      `     Active: inactive (dead) since ${new Date(cluster.clock.now()).toUTCString().slice(0, 3)} ${new Date(cluster.clock.now()).toISOString().slice(0, 10)} ${new Date(cluster.clock.now()).toISOString().slice(11, 19)} UTC; now`,
    ]);
    expect(status).toMatch(/\n {4}Process: \d+ ExecStart=\/usr\/bin\/kubelet \$KUBELET_KUBECONFIG_ARGS \$KUBELET_CONFIG_ARGS \$KUBELET_KUBEADM_ARGS \$KUBELET_EXTRA_ARGS \(code=exited, status=0\/SUCCESS\)\n/);
    expect((await run('systemctl is-active kubelet')).status).toBe(3);

    // kubeadm gives this node no admin kubeconfig: kubectl tries localhost:8080.
    const k = await run('kubectl get nodes');
    expect(k.status).toBe(1);
    expect(k.out.endsWith('The connection to the server localhost:8080 was refused - did you specify the right host or port?\n')).toBe(true);
    expect(k.out.split('\n').filter((l) => l.includes('memcache.go:265]'))).toHaveLength(5);
    expect(await run('kubectl config current-context')).toEqual({ out: 'error: current-context is not set\n', status: 1 });
    expect((await run('kubectl version')).out).toMatch(/^Client Version: v1\.35\.\d+\nKustomize Version: v\S+\nThe connection to the server localhost:8080 was refused - did you specify the right host or port\?\n$/);

    // `exit` leaves with the last command's status (kubectl's 1), which ssh passes on.
    expect(await run('exit')).toEqual({ out: 'logout\nConnection to worker-1 closed.\n', status: 1 });
    expect(session.prompt()).toBe('learner@control-plane:~$ ');

    expect(nodeReady('worker-1')).toBe('True');
    cluster.advance(60_000);
    expect(nodeReady('worker-1')).toBe('Unknown');
    // The containers run on, unmanaged.
    expect(names((await run('ssh worker-1 crictl ps')).out)).toEqual(running);

    await run('ssh worker-1 sudo systemctl start kubelet');
    cluster.advance(15_000);
    expect(nodeReady('worker-1')).toBe('True');
    expect((await run('ssh worker-1 systemctl is-active kubelet')).out).toBe('active\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('refuses unknown hosts and other users as ssh does', async () => {
    const { run } = await lab();
    expect(await run('ssh nosuch')).toEqual({ out: 'ssh: Could not resolve hostname nosuch: Name or service not known\n', status: 255 });
    expect(await run('ssh root@worker-2')).toEqual({ out: 'root@worker-2: Permission denied (publickey).\n', status: 255 });
  });

  it('runs a command without a terminal: its stderr stays stderr, its status comes back', async () => {
    const { run } = await lab();
    // `ls` on a missing path: GNU ls's message on stderr and status 2, which ssh passes on.
    expect(await run("ssh worker-1 'ls /nope' 2>/dev/null")).toEqual({ out: '', status: 2 });
    expect(await run("ssh worker-1 'ls /nope' 2>&1 >/dev/null")).toEqual({ out: "ls: cannot access '/nope': No such file or directory\n", status: 2 });
    expect(await run('ssh worker-1 hostname | tr a-z A-Z')).toEqual({ out: 'WORKER-1\n', status: 0 });
  });
});

describe('systemctl and the simulation\'s own node controls', () => {
  it('reports a kubelet stopped with `sim node stop` as inactive since that moment', async () => {
    const { run, cluster } = await lab();
    await run('sim node stop control-plane');
    cluster.advance(3_000);
    const active = (await run('systemctl status kubelet')).out.split('\n')[4];
    expect(active).toMatch(/^ {5}Active: inactive \(dead\) since Thu 2026-01-01 \d\d:\d\d:\d\d UTC; 3s ago$/);
    expect((await run('systemctl is-active kubelet')).out).toBe('inactive\n');
    await run('sudo systemctl start kubelet');
    expect((await run('systemctl status kubelet')).out.split('\n')[4]).toMatch(/^ {5}Active: active \(running\) since .*; now$/);
  });
});

describe('containerd stopped', () => {
  it('leaves the containers running; crictl cannot connect until it starts again', async () => {
    const { run } = await lab();
    const before = (await run('ps aux | grep -c containerd-shim')).out;
    await run('sudo systemctl stop containerd');
    const r = await run('crictl ps');
    expect(r.status).toBe(1);
    expect(r.out).toContain('level=fatal msg="validate service connection: validate CRI v1 runtime API for endpoint \\"unix:///run/containerd/containerd.sock\\": rpc error: code = Unavailable');
    // KillMode=process: only the daemon went; the shims (and their containers) stay.
    expect((await run('ps aux | grep -c containerd-shim')).out).toBe(before);
    await run('sudo systemctl start containerd');
    expect((await run('crictl ps')).status).toBe(0);
  });
});

describe('ssh in the page\'s terminal', () => {
  it('shows the remote prompt and history, and Ctrl-D at that prompt logs out of the node only', async () => {
    const cluster = new Cluster({ seed: 3 }).boot();
    const session = new Session({ cluster });
    await loadOptionalCommands(session);
    let screen = '';
    const term = new TerminalSession(session, (t) => (screen += t));
    let exited: number | undefined;
    term.onExit = (status) => (exited = status);
    term.start();
    const type = async (keys: string) => {
      term.input(keys);
      for (let i = 0; i < 30; i++) await macrotask();
    };
    await type('ssh worker-1\r');
    expect(screen.endsWith('learner@worker-1:~$ ')).toBe(true);
    await type('hostname\r');
    expect(session.history.at(-1)).toBe('hostname');
    await type('\x04');
    expect(screen).toContain('logout\r\nConnection to worker-1 closed.\r\n');
    expect(screen.endsWith('learner@control-plane:~$ ')).toBe(true);
    expect(exited).toBeUndefined();
    expect(session.history.at(-1)).toBe('ssh worker-1');
  });
});
