/**
 * Container lifecycle hooks, as the kubernetes.io task "Attach Handlers to Container Lifecycle Events" and the
 * concept page "Container Lifecycle Hooks" show them, and as the 1.35 kubelet runs them
 * (pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer, executePreStopHook, killContainer;
 * pkg/kubelet/lifecycle/handlers.go):
 * - startContainer runs postStart after Started and waits for it: the status the worker wrote (ContainerCreating)
 *   stays until the hook is over ("The Container's status is not set to RUNNING until the postStart handler
 *   completes").
 * - a failed postStart is `Warning FailedPostStartHook … PostStartHook failed` (the message is left out of events
 *   since 1.26, kubernetes#119541), then `Normal Killing … FailedPostStartHook`; the container restarts with the
 *   crash back-off, its waiting reason PostStartHookError (the hook's message) and then CrashLoopBackOff.
 * - preStop runs before the stop signal, at most for the grace period, which then loses the whole seconds waited
 *   (never under minimumGracePeriodInSeconds, 2); a failed one is `Warning FailedPreStopHook … PreStopHook failed`
 *   and the stop goes on. Only an httpGet request that fails is a failure, not its status code.
 * - nginx:latest is Debian without psmisc: the task's `while killall -0 nginx` stops at once (`killall: not
 *   found`, and a while loop whose condition never held exits 0), after `nginx -s quit` told the master to shut
 *   down gracefully (SIGQUIT).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

type Run = (line: string) => Promise<{ out: string; status: number }>;

const podWith = (name: string, image: string, container: object, spec: object = {}) =>
  `kubectl run ${name} --image=${image} --restart=Never --overrides='${JSON.stringify({ spec: { containers: [{ name, image, ...container }], ...spec } })}'`;

/** The pod's events as `describe` lists them: reason and message. */
async function events(run: Run, pod: string): Promise<string[]> {
  const out = (await run(`kubectl get events --field-selector involvedObject.name=${pod} --sort-by=.metadata.creationTimestamp -o jsonpath='{range .items[*]}{.type} {.reason}: {.message}{"\\n"}{end}'`)).out;
  return out.split('\n').filter(Boolean);
}

describe('Attach Handlers to Container Lifecycle Events', () => {
  it('the postStart handler writes /usr/share/message before the container is reported running', async () => {
    const { run, screen } = await interactiveSession(['cat /usr/share/message', 'exit']);
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/lifecycle-events.yaml')).out).toBe('pod/lifecycle-demo created\n');
    await run('kubectl wait --for=condition=Ready pod/lifecycle-demo --timeout=120s');
    expect((await run('kubectl get pod lifecycle-demo')).out).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\nlifecycle-demo +1\/1 +Running +0 +\d+s\n$/);
    await run('kubectl exec -it lifecycle-demo -- /bin/bash');
    expect(screen.text).toBe('root@lifecycle-demo:/# cat /usr/share/message\nHello from the postStart handler\nroot@lifecycle-demo:/# exit\nexit\n');
    // A hook that goes well leaves no event of its own.
    expect((await events(run, 'lifecycle-demo')).filter((e) => /Hook/.test(e))).toEqual([]);
  });

  it('deleting the pod runs preStop: nginx -s quit makes the master shut down gracefully, and the hook succeeds', async () => {
    const { run } = await interactiveSession();
    await run('kubectl apply -f https://k8s.io/examples/pods/lifecycle-events.yaml');
    await run('kubectl wait --for=condition=Ready pod/lifecycle-demo --timeout=120s');
    // What the hook runs, by hand: killall is not in the image, and the loop ends at once with status 0.
    expect((await run(`kubectl exec lifecycle-demo -- sh -c 'killall -0 nginx; echo $?'`)).out).toBe('sh: 1: killall: not found\n127\n');
    expect((await run(`kubectl exec lifecycle-demo -- sh -c 'while killall -0 nginx; do sleep 1; done; echo $?'`)).out).toBe('sh: 1: killall: not found\n0\n');
    // nginx's signal process notes itself on stderr; the master logs the SIGQUIT and stops with status 0.
    expect((await run('kubectl exec lifecycle-demo -- nginx -s quit')).out).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] (\d+)#\1: signal process started\n$/);
    await run('sleep 3');
    expect((await run('kubectl logs lifecycle-demo --previous | tail -1')).out).toMatch(/ \[notice\] 1#1: signal 3 \(SIGQUIT\) received from \d+, shutting down\n$/);
    expect((await run(`kubectl get pod lifecycle-demo -o jsonpath='{.status.containerStatuses[0].lastState.terminated.exitCode}'`)).out).toBe('0');
    // The restarted container ran the postStart hook again.
    expect((await run('kubectl exec lifecycle-demo -- cat /usr/share/message')).out).toBe('Hello from the postStart handler\n');
    await run('kubectl wait --for=condition=Ready pod/lifecycle-demo --timeout=120s');
    expect((await run('kubectl delete pod lifecycle-demo --wait=false')).out).toBe('pod "lifecycle-demo" deleted from default namespace\n');
    await run('sleep 2');
    const ev = await events(run, 'lifecycle-demo');
    expect(ev).toContain('Normal Killing: Stopping container lifecycle-demo-container');
    expect(ev.filter((e) => /Hook/.test(e))).toEqual([]);
    expect((await run('kubectl get pod lifecycle-demo')).out).toBe('Error from server (NotFound): pods "lifecycle-demo" not found\n');
  });

  it('nginx -s: each signal name, and no master to signal', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run web --image=nginx:1.27 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=120s');
    expect((await run('kubectl exec web -- nginx -s quit')).out).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] (\d+)#\1: signal process started\n\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[error\] \1#\1: open\(\) "\/var\/run\/nginx.pid" failed \(2: No such file or directory\)\ncommand terminated with exit code 1\n$/);
    expect((await run('kubectl exec web -- nginx -s bogus')).out).toBe('nginx: invalid option: "-s bogus"\ncommand terminated with exit code 1\n');
  });
});

describe('what the API server says of a hook', () => {
  it('a sleep longer than the grace period, two handlers in one hook, and a stopSignal dropped', async () => {
    const { run } = await interactiveSession();
    expect((await run(podWith('nap', 'nginx', { lifecycle: { preStop: { sleep: { seconds: 60 } } } }))).out).toBe(
      'The Pod "nap" is invalid: spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)\n');
    expect((await run(podWith('two', 'nginx', { lifecycle: { postStart: { exec: { command: ['true'] }, sleep: { seconds: 1 } } } }))).out).toBe(
      'The Pod "two" is invalid: spec.containers[0].lifecycle.postStart.sleep: Forbidden: may not specify more than 1 handler type\n');
    await run(podWith('sig', 'nginx', { lifecycle: { stopSignal: 'SIGUSR1', preStop: { sleep: { seconds: 0 } } } }));
    expect((await run(`kubectl get pod sig -o jsonpath='{.spec.containers[0].lifecycle}'`)).out).toBe('{"preStop":{"sleep":{"seconds":0}}}');
  });
});

describe('a postStart hook', () => {
  it('holds the container in ContainerCreating while it runs; the pod runs once it is over', async () => {
    const { run } = await interactiveSession();
    await run(podWith('slow', 'nginx:1.27', { lifecycle: { postStart: { exec: { command: ['sh', '-c', 'sleep 8; echo done > /tmp/hook'] } } } }));
    // The pod's first sync is still in the hook: even its sandbox is not reported yet.
    await run('sleep 6');
    expect((await run('kubectl get pod slow')).out).toMatch(/\nslow +0\/1 +ContainerCreating +0 +/);
    expect((await run(`kubectl get pod slow -o jsonpath='{.status.containerStatuses[0].state}'`)).out).toBe('{"waiting":{"reason":"ContainerCreating"}}');
    await run('sleep 8');
    expect((await run('kubectl get pod slow')).out).toMatch(/\nslow +1\/1 +Running +0 +/);
    expect((await run('kubectl exec slow -- cat /tmp/hook')).out).toBe('done\n');
    const ev = await events(run, 'slow');
    expect(ev.slice(-2)).toEqual(['Normal Created: Container created', 'Normal Started: Container started']);
  });

  it('that fails kills the container, which restarts with the back-off (the concept page\'s badcommand)', async () => {
    const { run } = await interactiveSession();
    await run(podWith('bad', 'nginx', { lifecycle: { postStart: { exec: { command: ['badcommand'] } } } }, { restartPolicy: 'Always' }));
    await run('sleep 4');
    const first = JSON.parse((await run(`kubectl get pod bad -o jsonpath='{.status.containerStatuses[0]}'`)).out);
    expect(first.state.waiting.reason).toBe('PostStartHookError');
    expect(first.state.waiting.message).toMatch(/^Exec lifecycle hook \(\[badcommand\]\) for Container "bad" in Pod "bad_default\([0-9a-f-]{36}\)" failed - error: rpc error: code = Unknown desc = failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "badcommand": executable file not found in \$PATH: unknown, message: ""$/);
    // nginx stops on the kubelet's SIGTERM with status 0.
    expect(first.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    await run('sleep 30');
    const out = (await run('kubectl get pod bad')).out;
    expect(out).toMatch(/\nbad +0\/1 +(CrashLoopBackOff|PostStartHookError) +[2-9] \(\d+s ago\) +/);
    const ev = (await events(run, 'bad')).filter((e) => !/Pull/.test(e));
    expect(ev.slice(1, 5)).toEqual([
      'Normal Created: Container created',
      'Normal Started: Container started',
      'Warning FailedPostStartHook: PostStartHook failed',
      'Normal Killing: FailedPostStartHook',
    ]);
    expect(ev).toContain(`Warning BackOff: Back-off restarting failed container bad in pod bad_default(${(await run(`kubectl get pod bad -o jsonpath='{.metadata.uid}'`)).out})`);
    const described = (await run('kubectl describe pod bad')).out;
    expect(described).toMatch(/ +Warning +FailedPostStartHook +\S+ \(x\d+ over \S+\) +kubelet +spec\.containers\{bad\}: PostStartHook failed\n/);
    expect(described).toMatch(/ +Normal +Killing +\S+ \(x\d+ over \S+\) +kubelet +spec\.containers\{bad\}: FailedPostStartHook\n/);
  });

  it('runs the preStop hook of the container it kills; an httpGet to a closed port and a tcpSocket handler fail', async () => {
    const { run } = await interactiveSession();
    await run(podWith('http', 'nginx:1.27', { lifecycle: { postStart: { httpGet: { port: 8080, path: '/started' } } } }));
    await run(podWith('tcp', 'nginx:1.27', { lifecycle: { postStart: { tcpSocket: { port: 80 } } } }));
    await run(podWith('late', 'nginx:1.27', { lifecycle: { postStart: { exec: { command: ['sh', '-c', 'sleep 1; exit 1'] } }, preStop: { httpGet: { port: 80, path: '/bye' } } } }, { restartPolicy: 'Always' }));
    await run('sleep 6');
    const http = await events(run, 'http');
    expect(http).toContain('Warning FailedPostStartHook: PostStartHook failed');
    expect(http).toContain('Normal Killing: FailedPostStartHook');
    // restartPolicy Never: the container is not restarted, so it stays terminated (no reason-cache waiting state).
    expect((await run(`kubectl get pod http -o jsonpath='{.status.containerStatuses[0].state}'`)).out).toMatch(/^\{"terminated":\{.*"exitCode":0,.*"reason":"Completed"/);
    expect((await run('kubectl get pod http')).out).toMatch(/\nhttp +0\/1 +Completed +0 +/);
    expect(await events(run, 'tcp')).toContain('Warning FailedPostStartHook: PostStartHook failed');
    // The kill ran preStop: its request reached nginx, and only a failed request fails a hook, not a 404.
    expect((await run('kubectl logs late --previous')).out).toMatch(/"GET \/bye HTTP\/1\.1" 404 153 "-" "kube-lifecycle\/1\.35" "-"\n/);
    const late = await events(run, 'late');
    expect(late).toContain('Normal Killing: FailedPostStartHook');
    expect(late.filter((e) => /PreStop/.test(e))).toEqual([]);
  });
});

describe('a failed postStart hook\'s message (Run\'s text, the waiting message of a container that restarts)', () => {
  it('an exec that exits non-zero: ExecSync\'s CodeExitError with stderr, then stdout and stderr quoted', async () => {
    const { run } = await interactiveSession();
    await run(podWith('code', 'nginx:1.27', { lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] } } } }, { restartPolicy: 'Always' }));
    await run(podWith('refused', 'nginx:1.27', { lifecycle: { postStart: { httpGet: { port: 8080, path: '/started' } } } }, { restartPolicy: 'Always' }));
    await run('sleep 5');
    const waiting = async (pod: string) => JSON.parse((await run(`kubectl get pod ${pod} -o jsonpath='{.status.containerStatuses[0].state.waiting}'`)).out);
    const id = async (pod: string) => (await run(`kubectl get pod ${pod} -o jsonpath='{.metadata.uid}'`)).out;
    const ip = (await run(`kubectl get pod refused -o jsonpath='{.status.podIP}'`)).out;
    expect(await waiting('code')).toEqual({ reason: 'PostStartHookError', message: `Exec lifecycle hook ([sh -c echo out; echo err >&2; exit 3]) for Container "code" in Pod "code_default(${await id('code')})" failed - error: command 'sh -c echo out; echo err >&2; exit 3' exited with 3: err\n, message: "out\\nerr\\n"` });
    expect(await waiting('refused')).toEqual({ reason: 'PostStartHookError', message: `HTTP lifecycle hook (/started) for Container "refused" in Pod "refused_default(${await id('refused')})" failed - error: Get "http://${ip}:8080/started": dial tcp ${ip}:8080: connect: connection refused` });
  });
});

describe('a preStop hook', () => {
  it('that fails is an event, and the container is stopped all the same', async () => {
    const { run } = await interactiveSession();
    await run(podWith('fails', 'nginx:1.27', { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo nope >&2; exit 3'] } } } }));
    await run(podWith('refused', 'nginx:1.27', { lifecycle: { preStop: { httpGet: { port: 9999 } } } }));
    await run('kubectl wait --for=condition=Ready pod/fails pod/refused --timeout=120s');
    await run('kubectl delete pod fails refused --wait=false');
    await run('sleep 3');
    for (const pod of ['fails', 'refused']) {
      const ev = await events(run, pod);
      expect(ev.slice(-2)).toEqual([`Normal Killing: Stopping container ${pod}`, 'Warning FailedPreStopHook: PreStopHook failed']);
      expect((await run(`kubectl get pod ${pod}`)).out).toBe(`Error from server (NotFound): pods "${pod}" not found\n`);
    }
  });

  it('is waited for at most the grace period; the stop then gets the 2 s minimum', async () => {
    const { run } = await interactiveSession();
    // busybox's sleep as PID 1 ignores SIGTERM: only the SIGKILL at the end of the stop's grace ends it.
    await run(podWith('sleeper', 'busybox:1.36', { command: ['sleep', '3600'], lifecycle: { preStop: { sleep: { seconds: 5 } } } }, { terminationGracePeriodSeconds: 5 }));
    await run(podWith('stuck', 'busybox:1.36', { command: ['sleep', '3600'], lifecycle: { preStop: { exec: { command: ['sleep', '100'] } } } }, { terminationGracePeriodSeconds: 5 }));
    await run('kubectl wait --for=condition=Ready pod/sleeper pod/stuck --timeout=120s');
    await run('kubectl delete pod sleeper stuck --wait=false');
    await run('sleep 6');
    // 5 s of hook, then SIGTERM, and SIGKILL 2 s later.
    expect((await run('kubectl get pods sleeper stuck -o name')).out).toBe('pod/sleeper\npod/stuck\n');
    await run('sleep 2');
    expect((await run('kubectl get pods sleeper stuck -o name')).out).toBe('Error from server (NotFound): pods "sleeper" not found\nError from server (NotFound): pods "stuck" not found\n');
    // The exec still running when the container died failed with it (the sleep hook just ends).
    expect((await events(run, 'stuck')).slice(-1)).toEqual(['Warning FailedPreStopHook: PreStopHook failed']);
    expect((await events(run, 'sleeper')).filter((e) => /Hook/.test(e))).toEqual([]);
  });

  it('does not run for a container that is no longer running', async () => {
    const { run } = await interactiveSession();
    await run(podWith('done', 'busybox:1.36', { command: ['sh', '-c', 'exit 0'], lifecycle: { preStop: { exec: { command: ['sh', '-c', 'exit 1'] } } } }));
    await run('sleep 5');
    await run('kubectl delete pod done');
    expect((await events(run, 'done')).filter((e) => /Killing|Hook/.test(e))).toEqual([]);
  });
});
