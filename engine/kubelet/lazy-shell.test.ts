/**
 * The containers' shell (shell.ts) is not loaded with the page: it comes with the first pull of an image that has a
 * shell (runtime.ts), or failing that at the first shell a container runs (shell-process.ts), the clock held either
 * way. A fresh lab boots and idles without it, and what a container prints, and when, does not depend on whether it
 * was loaded before. Each scenario runs in a fresh module graph, then again in the same graph with it loaded; the
 * transcripts, the screen and the clock's instants must be equal.
 */
import { describe, expect, it, vi } from 'vitest';

type TypedLine = string | { line: string; ctrlCAfterMs: number };
/** A command line, run until it ends or `ms` of simulated time pass (then Ctrl-C, as attach.test.ts stops attach). */
type Step = string | { line: string; ms: number };

async function freshGraph() {
  vi.resetModules();
  const { VirtualClock } = await import('../util/clock.js');
  const helpers = await import('../shell/interactive-test-helpers.js');
  const { driveClock } = await import('../shell/script.js');
  const process = await import('./shell-process.js');
  const { HOME } = await import('../shell/home.js');
  let holds = 0;
  const hold = VirtualClock.prototype.hold;
  vi.spyOn(VirtualClock.prototype, 'hold').mockImplementation(function (this: InstanceType<typeof VirtualClock>) {
    holds++;
    return hold.call(this);
  });
  /** Runs `steps` on a new cluster; `loaded` says, before each step, whether the interpreter was there. */
  const run = async (steps: Step[], typed: TypedLine[] = [], files: Record<string, string> = {}) => {
    const { cluster, screen, session } = await helpers.interactiveSession([...typed], 3);
    for (const [path, text] of Object.entries(files)) session.fs.writeFile(`${HOME}/${path}`, text);
    let out = '';
    const loaded: boolean[] = [];
    for (const step of steps) {
      const { line, ms } = typeof step === 'string' ? { line: step, ms: 600_000 } : step;
      loaded.push(process.containerShellLoaded());
      let text = '';
      const r = await driveClock(session.run(line, (t) => (text += t)), cluster.clock, ms, () => session.interrupt());
      out += `$ ${line}\n${text}[${r.status}] at ${cluster.clock.now()}\n`;
    }
    return { out: `${out}--- screen\n${screen.text}`, loaded, errors: cluster.clock.errors.length };
  };
  return { run, holds: () => holds };
}

/** Runs the scenario fresh, then again with the interpreter loaded. */
async function twice(steps: Step[], typed: TypedLine[] = [], files: Record<string, string> = {}) {
  const g = await freshGraph();
  const fresh = await g.run(steps, typed, files);
  const freshHolds = g.holds();
  const again = await g.run(steps, typed, files);
  vi.restoreAllMocks();
  expect(again.out).toBe(fresh.out);
  expect(fresh.errors).toBe(0);
  expect(fresh.loaded[0]).toBe(false);
  expect(again.loaded.every(Boolean)).toBe(true);
  // The fresh run loaded the interpreter with the clock held; the loaded one did not need to.
  expect(freshHolds).toBeGreaterThan(g.holds() - freshHolds);
  return fresh;
}

const WEB = ['kubectl run web --image=nginx:1.27', 'kubectl wait --for=condition=Ready pod/web'];

describe('the containers\' shell, loaded on first use', () => {
  it('is not loaded by a lab that boots and idles (no boot pod runs a shell or an exec probe), and comes with the first pull of an image that has one', async () => {
    const g = await freshGraph();
    const r = await g.run(['kubectl get pods -A', 'sleep 120', 'kubectl get pods -A -o wide', ...WEB, 'kubectl logs web']);
    vi.restoreAllMocks();
    // Not before any line up to the wait for nginx, whose pull (its image has a shell) brought it.
    expect(r.loaded).toEqual([false, false, false, false, false, true]);
    expect(r.out).toMatch(/\$ kubectl logs web\n\/docker-entrypoint\.sh: /);
  });

  it("is among the code the page prefetches once the prompt is ready", async () => {
    vi.resetModules();
    const { containerShellLoaded } = await import('./shell-process.js');
    const { prefetchLazyCode } = await import('../../docs/.vitepress/theme/lab/server.js');
    expect(containerShellLoaded()).toBe(false);
    await prefetchLazyCode();
    expect(containerShellLoaded()).toBe(true);
  });

  it('a shell process whose interpreter is not there yet suspends its driver until it is, then runs as before', async () => {
    vi.resetModules();
    const { ShellProcess, finishShell, containerShellLoaded } = await import('./shell-process.js');
    const { ContainerFS } = await import('./container-fs.js');
    const { VirtualClock } = await import('../util/clock.js');
    const clock = new VirtualClock();
    const host = { env: {}, hostname: 'box', flavour: 'busybox' as const, fs: new ContainerFS(), now: () => clock.now(), hasBinary: () => true, processes: () => [], kill: () => false };
    const run = () => {
      let out = '';
      const f = finishShell(new ShellProcess(host).run(['sh', '-c', 'echo $((6*7)); sleep 2; echo done'], { stdout: (t) => { out += t; }, stderr: (t) => { out += t; } }), clock, 60_000);
      return { f, out: () => out };
    };
    expect(containerShellLoaded()).toBe(false);
    const first = run();
    expect(first.f).toBeInstanceOf(Promise);
    expect(clock.held()).toBe(true);
    expect(await first.f).toEqual({ value: 0, durationMs: 2000, cut: false });
    expect(clock.held()).toBe(false);
    const again = run();
    expect(again.f).toEqual({ value: 0, durationMs: 2000, cut: false });
    expect([first.out(), again.out()]).toEqual(['42\ndone\n', '42\ndone\n']);
  });

  it('kubectl exec, exec -it and cp', async () => {
    const r = await twice([...WEB, 'kubectl cp web:/etc/hostname hn', 'cat hn', 'kubectl exec web -- sh -c \'echo $HOSTNAME; sleep 2; echo $((6*7))\'',
      'kubectl exec -it web -- bash', 'kubectl exec web -- ls /tmp', 'kubectl exec web -- sh -c \'exit 4\''],
    ['cd /tmp && echo typed > t.txt', 'cat t.txt; pwd', 'exit']);
    expect(r.out).toContain("$ kubectl exec web -- sh -c 'echo $HOSTNAME; sleep 2; echo $((6*7))'\nweb\n42\n[0]");
    expect(r.out).toContain('$ kubectl exec web -- ls /tmp\nt.txt\n[0]');
    expect(r.out).toMatch(/\$ kubectl exec web -- sh -c 'exit 4'\ncommand terminated with exit code 4\n\[4\]/);
    expect(r.out).toContain('root@web:/tmp# cat t.txt; pwd\ntyped\n/tmp\n');
  });

  it('kubectl run -it --rm', async () => {
    const r = await twice(['kubectl run tmp -it --rm --restart=Never --image=busybox:1.36 -- sh', 'kubectl get pods'], ['hostname', 'echo $((1+2)) > /tmp/x; cat /tmp/x', 'exit 3']);
    expect(r.out).toContain('/ # hostname\ntmp\n/ # echo $((1+2)) > /tmp/x; cat /tmp/x\n3\n/ # exit 3\n');
    expect(r.out).toMatch(/pod "tmp" deleted from default namespace\npod default\/tmp terminated \(Error\)\n\[3\]/);
  });

  it('kubectl debug -it', async () => {
    const r = await twice([...WEB, 'kubectl debug -it web --image=busybox:1.28 --target=web', 'sleep 5', 'kubectl get pod web -o jsonpath={.status.ephemeralContainerStatuses[0].state.terminated.reason}'],
      ['wget -qO- localhost | grep title', 'ps', 'exit']);
    expect(r.out).toContain('/ # wget -qO- localhost | grep title\n<title>Welcome to nginx!</title>\n');
    expect(r.out).toMatch(/\$ kubectl get pod web -o jsonpath=\S+\nCompleted\[0\]/);
  });

  it('a main process that loops and one that exits at once, kubectl attach, logs and status', async () => {
    const r = await twice([
      // First, as in the real-kubectl `pods` scenario: a shell that exits at once, before the kubelet's sync that
      // started it has written the pod's status (the interpreter came with the image's pull).
      `kubectl run crash --image=busybox:1.36 -- sh -c 'exit 1'`,
      `kubectl run tick --image=busybox:1.36 -- sh -c 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 5; done'`,
      `kubectl run once --image=busybox:1.36 --restart=Never -- sh -c 'echo bye; exit 3'`,
      'kubectl wait --for=condition=Ready pod/tick',
      { line: 'kubectl attach tick', ms: 12_000 },
      'sleep 5',
      'kubectl get pods',
      'kubectl logs tick --timestamps',
      'kubectl logs once --timestamps',
      'kubectl get pod once -o jsonpath={.status.containerStatuses[0].state.terminated}',
      'kubectl get events --field-selector involvedObject.name=once -o custom-columns=REASON:.reason,FIRST:.firstTimestamp',
      'sleep 20',
      `kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.resourceVersion}{range .status.conditions[*]} {.type}={.status}@{.lastTransitionTime}{end}{"\\n"}{end}'`,
    ]);
    expect(r.out).toMatch(/\$ kubectl attach tick\n(.*\n)*tick \d+\ntick \d+\n\^C\n/);
    expect(r.out).toMatch(/once +0\/1 +Error +0 /);
    expect(r.out).toMatch(/"exitCode":3,"finishedAt":"([^"]+)","reason":"Error","startedAt":"\1"/);
    // crash never was ready: its ContainersNotReady condition dates from the pod's first status.
    expect(r.out).toMatch(/\ncrash \d+ PodReadyToStartContainers=True@(\S+) Initialized=True@(\S+) Ready=False@\2 ContainersReady=False@\2 /);
  });

  it('exec probes and exec hooks', async () => {
    const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: probed
spec:
  terminationGracePeriodSeconds: 10
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    lifecycle:
      postStart:
        exec:
          command: ["sh", "-c", "sleep 3; touch /tmp/ready"]
      preStop:
        exec:
          command: ["sh", "-c", "echo stopping > /proc/1/fd/1; sleep 4"]
    readinessProbe:
      exec:
        command: ["cat", "/tmp/ready"]
      periodSeconds: 2
    livenessProbe:
      exec:
        command: ["sh", "-c", "[ -f /tmp/ready ] && echo alive"]
      periodSeconds: 3
      failureThreshold: 2
`;
    const r = await twice(['kubectl apply -f probed.yaml', 'sleep 40', 'kubectl get pod probed',
      `kubectl get pod probed -o jsonpath='{range .status.conditions[*]}{.type}={.status}@{.lastTransitionTime}{" "}{end}'`,
      'kubectl get events --field-selector involvedObject.name=probed -o custom-columns=REASON:.reason,MESSAGE:.message,FIRST:.firstTimestamp,LAST:.lastTimestamp,COUNT:.count',
      'kubectl delete pod probed --wait=false', 'sleep 3', 'kubectl get pod probed', 'sleep 8', 'kubectl get pod probed'], [], { 'probed.yaml': manifest });
    expect(r.out).toMatch(/probed +1\/1 +Running +0 /);
    // Ready 3 s after the start: the postStart hook's sleep, then the readiness probe's cat.
    expect(r.out).toContain('Ready=True@2026-01-01T00:02:04Z');
    expect(r.out).toMatch(/\$ sleep 3\n\[0\] at \d+\n\$ kubectl get pod probed\nNAME +READY +STATUS +RESTARTS +AGE\nprobed +\d\/1 +Terminating/);
    // The hook's 4 s, then sleep ignores SIGTERM as PID 1: the grace period's 10 s end it.
    expect(r.out).toMatch(/\$ sleep 8\n\[0\] at \d+\n\$ kubectl get pod probed\nError from server \(NotFound\): pods "probed" not found\n/);
  });
});
