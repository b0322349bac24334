/**
 * Process namespaces as kubernetes/website's tasks show them:
 * "Share Process Namespace between Containers in a Pod"
 * (content/en/docs/tasks/configure-pod-container/share-process-namespace.md)
 * and the ephemeral debug container of "Debug Running Pods"
 * (content/en/docs/tasks/debug/debug-application/debug-running-pod.md).
 *
 * The page's transcripts were taken with Docker and an older manifest (busybox
 * running `sh`, nginx without its entrypoint scripts) and say "similar to":
 * the columns and the shape are busybox `ps`'s (procps/ps.c, `-o
 * pid,user,time,args`); the PIDs are what a containerd node hands out (pause 1,
 * the first container 7, each process the runtime starts followed by five PIDs
 * of runc's, nginx's workers 28 after its master as its own start log says), and
 * the current manifest's `sleep 3600` and `kubectl exec … -- /bin/sh`.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const session = (lines: string[] = [], seed = 11) => interactiveSession(lines, seed);

/** content/en/examples/pods/share-process-namespace.yaml */
const SHARED_POD = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx' },
  spec: {
    shareProcessNamespace: true,
    containers: [
      { name: 'nginx', image: 'nginx' },
      { name: 'shell', image: 'busybox:1.28', command: ['sleep', '3600'], securityContext: { capabilities: { add: ['SYS_PTRACE'] } }, stdin: true, tty: true },
    ],
  },
};

const HEAD_NGINX_CONF = '\nuser  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\n\nevents {\n    worker_connections  1024;\n';

describe('shareProcessNamespace: true', () => {
  it('shows pause as PID 1 and every container\'s processes; SIGHUP gives nginx new workers; /proc/PID/root reaches nginx\'s files', async () => {
    const { cluster, screen, run, client } = await session(['ps ax', 'kill -HUP 7', 'ps ax', 'head /proc/7/root/etc/nginx/nginx.conf', 'exit']);
    client.create('pods', 'default', SHARED_POD as Any);
    expect((await run('kubectl wait --for=condition=Ready pod/nginx --timeout=120s')).out).toBe('pod/nginx condition met\n');
    const r = await run('kubectl exec -it nginx -c shell -- /bin/sh');
    expect(r.status).toBe(0);
    expect(screen.text).toBe([
      '/ # ps ax',
      'PID   USER     TIME  COMMAND',
      '    1 65535     0:00 /pause',
      '    7 root      0:00 nginx: master process nginx -g daemon off;',
      '   35 101       0:00 nginx: worker process',
      '   36 101       0:00 nginx: worker process',
      '   37 root      0:00 sleep 3600',
      '   43 root      0:00 /bin/sh',
      '   49 root      0:00 ps ax',
      '/ # kill -HUP 7',
      '/ # ps ax',
      'PID   USER     TIME  COMMAND',
      '    1 65535     0:00 /pause',
      '    7 root      0:00 nginx: master process nginx -g daemon off;',
      '   37 root      0:00 sleep 3600',
      '   43 root      0:00 /bin/sh',
      '   50 101       0:00 nginx: worker process',
      '   51 101       0:00 nginx: worker process',
      '   52 root      0:00 ps ax',
      '/ # head /proc/7/root/etc/nginx/nginx.conf',
      HEAD_NGINX_CONF + '/ # exit',
      '',
    ].join('\n'));
    // nginx logs the PIDs it has in the shared namespace, then the reload the shell's signal asked for.
    const logs = (await run('kubectl logs nginx -c nginx')).out.split('\n').map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, ''));
    expect(logs).toContain('[notice] 7#7: start worker process 35');
    expect(logs).toContain('[notice] 7#7: start worker process 36');
    const hup = logs.indexOf('[notice] 7#7: signal 1 (SIGHUP) received from 43, reconfiguring');
    expect(hup).toBeGreaterThan(0);
    expect(logs.slice(hup, hup + 6)).toEqual([
      '[notice] 7#7: signal 1 (SIGHUP) received from 43, reconfiguring',
      '[notice] 7#7: reconfiguring',
      '[notice] 7#7: using the "epoll" event method',
      '[notice] 7#7: start worker processes',
      '[notice] 7#7: start worker process 50',
      '[notice] 7#7: start worker process 51',
    ]);
    expect(logs).toContain('[notice] 7#7: worker process 35 exited with code 0');
    // The reload restarted nothing.
    const st = (client.get('pods', 'default', 'nginx') as Any).status;
    expect(st.containerStatuses.map((c: Any) => c.restartCount)).toEqual([0, 0]);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('a container\'s main process is not PID 1 there: SIGTERM from a neighbour ends `sleep`, and it restarts with a new PID', async () => {
    const { cluster, run, client } = await session();
    client.create('pods', 'default', SHARED_POD as Any);
    await run('kubectl wait --for=condition=Ready pod/nginx --timeout=120s');
    expect((await run('kubectl exec nginx -c shell -- kill 37')).status).toBe(0);
    cluster.advance(2_000);
    const st = (client.get('pods', 'default', 'nginx') as Any).status.containerStatuses.find((c: Any) => c.name === 'shell');
    // Killed by SIGTERM (no handler, not init): 128 + 15.
    expect(st.lastState.terminated).toMatchObject({ exitCode: 143, reason: 'Error' });
    expect(st.restartCount).toBe(1);
    const ps = (await run('kubectl exec nginx -c shell -- ps')).out;
    expect(ps).toMatch(/^ {4}1 65535 {5}0:00 \/pause$/m);
    expect(ps).not.toMatch(/^ {3}37 /m);
    const sleepLine = /^ *(\d+) root {6}0:00 sleep 3600$/m.exec(ps);
    expect(Number(sleepLine![1])).toBeGreaterThan(43);
    expect(cluster.clock.errors).toEqual([]);
  });
});

describe('kubectl attach to a shell that is the container\'s main process', () => {
  it('types into that shell (no new process): the page\'s `kubectl attach -it nginx -c shell` with busybox running `sh`', async () => {
    const { screen, run, client } = await session(['ps ax', 'exit']);
    const pod = JSON.parse(JSON.stringify(SHARED_POD));
    // The page's earlier manifest: busybox's own command (`sh`), stdin and a TTY.
    delete pod.spec.containers[1].command;
    client.create('pods', 'default', pod);
    await run('kubectl wait --for=condition=Ready pod/nginx --timeout=120s');
    await run('kubectl attach -it nginx -c shell');
    expect(screen.text).toBe([
      '/ # ps ax',
      'PID   USER     TIME  COMMAND',
      '    1 65535     0:00 /pause',
      '    7 root      0:00 nginx: master process nginx -g daemon off;',
      '   35 101       0:00 nginx: worker process',
      '   36 101       0:00 nginx: worker process',
      '   37 root      0:00 sh',
      '   43 root      0:00 ps ax',
      '/ # exit',
      '',
    ].join('\n'));
  });
});

describe('a PID namespace of its own (the default)', () => {
  it('shows the container\'s main process as PID 1, exec\'d processes after runc\'s PIDs; PID 1 ignores signals it has no handler for', async () => {
    const { cluster, screen, run, client } = await session(['ps', 'echo $$', 'ps | grep sleep', 'kill 1', 'kill -9 1', 'kill 99', 'exit']);
    await run('kubectl run box --image=busybox:1.28 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/box --timeout=120s');
    expect((await run('kubectl exec box -- ps')).out).toBe('PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 ps\n');
    await run('kubectl exec -it box -- sh');
    expect(screen.text).toBe([
      '/ # ps',
      'PID   USER     TIME  COMMAND',
      '    1 root      0:00 sleep 3600',
      '   13 root      0:00 sh',
      '   19 root      0:00 ps',
      '/ # echo $$',
      '13',
      '/ # ps | grep sleep',
      '    1 root      0:00 sleep 3600',
      '   21 root      0:00 grep sleep',
      '/ # kill 1',
      '/ # kill -9 1',
      '/ # kill 99',
      'sh: can\'t kill pid 99: No such process',
      '/ # exit',
      '',
    ].join('\n'));
    cluster.advance(5_000);
    const st = (client.get('pods', 'default', 'box') as Any).status.containerStatuses[0];
    expect(st.restartCount).toBe(0);
    expect(st.state.running).toBeDefined();
    // The exec'd shell left: its PID went with it.
    expect((await run('kubectl exec box -- ps')).out).toBe('PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n   22 root      0:00 ps\n');
  });
});

describe('scripts as processes', () => {
  it('ash execs the last command of `sh -c`: the container\'s PID 1 becomes `sleep 3600`', async () => {
    const { run } = await session();
    await run("kubectl run app --image=busybox:1.28 -- sh -c 'echo The app is running! && sleep 3600'");
    await run('kubectl wait --for=condition=Ready pod/app --timeout=120s');
    expect((await run('kubectl exec app -- ps')).out).toBe('PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 ps\n');
    // The same inside an exec: `sh -c '…; ps'` is the exec'd process and ps replaces it.
    expect((await run("kubectl exec app -- sh -c 'echo hi; ps'")).out).toBe('hi\nPID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n   13 root      0:00 ps\n');
  });

  it('a loop forks a process for every command it runs: ps shows the current `sleep`, with a PID that grows', async () => {
    const { cluster, run } = await session();
    await run("kubectl run loop --image=busybox:1.28 -- sh -c 'while true; do sleep 5; done'");
    await run('kubectl wait --for=condition=Ready pod/loop --timeout=120s');
    const rows = (out: string) => out.trim().split('\n').slice(1).map((l) => /^ *(\d+) root {6}0:00 (.*)$/.exec(l)!.slice(1));
    const first = rows((await run('kubectl exec loop -- ps')).out);
    expect(first.map((r) => r[1])).toEqual(['sh -c while true; do sleep 5; done', 'sleep 5', 'ps']);
    expect(first[0][0]).toBe('1');
    const sleepPid = Number(first[1][0]);
    // The first sleep came right after runc's PIDs (7); the exec'd ps is the next PID after the current sleep.
    expect(sleepPid).toBeGreaterThanOrEqual(7);
    expect(Number(first[2][0])).toBe(sleepPid + 1);
    cluster.advance(10_000);
    const later = rows((await run('kubectl exec loop -- ps')).out);
    // Two more sleeps since, after the exec's ps and runc's five PIDs.
    expect(later[1]).toEqual([String(sleepPid + 1 + 5 + 2), 'sleep 5']);
    expect(cluster.clock.errors).toEqual([]);
  });
});

describe('kubectl debug --target', () => {
  it('joins the pause container\'s process namespace (the page\'s ephemeral-demo)', async () => {
    const { cluster, screen, run } = await session(['ps', 'exit']);
    await run('kubectl run ephemeral-demo --image=registry.k8s.io/pause:3.1 --restart=Never');
    await run('kubectl wait --for=condition=Ready pod/ephemeral-demo --timeout=120s');
    const r = await run('kubectl debug -it ephemeral-demo --image=busybox:1.28 --target=ephemeral-demo');
    expect(r.out).toContain('Targeting container "ephemeral-demo".');
    expect(screen.text).toBe('/ # ps\nPID   USER     TIME  COMMAND\n    1 root      0:00 /pause\n    7 root      0:00 sh\n   13 root      0:00 ps\n/ # exit\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('sees nginx\'s master and workers and reads its files; without --target only its own shell', async () => {
    const { screen, run } = await session(['ps', 'head -3 /proc/1/root/etc/nginx/nginx.conf', 'exit', 'ps', 'exit']);
    await run('kubectl run web --image=nginx');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=120s');
    await run('kubectl debug -it web --image=busybox:1.28 --target=web');
    await run('kubectl debug -it web --image=busybox:1.28');
    expect(screen.text).toBe([
      '/ # ps',
      'PID   USER     TIME  COMMAND',
      '    1 root      0:00 nginx: master process nginx -g daemon off;',
      '   29 101       0:00 nginx: worker process',
      '   30 101       0:00 nginx: worker process',
      '   31 root      0:00 sh',
      '   37 root      0:00 ps',
      '/ # head -3 /proc/1/root/etc/nginx/nginx.conf',
      '',
      'user  nginx;',
      'worker_processes  auto;',
      '/ # exit',
      '/ # ps',
      'PID   USER     TIME  COMMAND',
      '    1 root      0:00 sh',
      '    7 root      0:00 ps',
      '/ # exit',
      '',
    ].join('\n'));
  });
});
