/**
 * `kubectl attach`: the container's output from the moment of attaching until
 * Ctrl-C or its end. Texts from kubectl/pkg/cmd/attach/attach.go (the two
 * notices are also in the v1.35.2 binary's strings); --help from the real
 * kubectl v1.35.2 (testdata/part-f.json).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { driveClock } from '../../shell/script.js';
import { loadOptionalCommands, Session } from '../../shell/session.js';

const fixture = JSON.parse(readFileSync(new URL('./testdata/part-f.json', import.meta.url), 'utf8')) as { help: Record<string, string> };
const NOTICES = "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n";

async function lab() {
  const cluster = new Cluster({ seed: 11 }).boot();
  const s = new Session({ cluster, terminal: { isTTY: false, columns: 120, rows: 40 } });
  await loadOptionalCommands(s);
  const run = async (line: string, ms = 600_000) => {
    let out = '';
    const r = await driveClock(s.run(line, (t) => (out += t)), cluster.clock, ms, () => s.interrupt());
    return { out, status: r.status };
  };
  return { cluster, run };
}

describe('kubectl attach', () => {
  it('--help is the real binary\'s', async () => {
    const { run } = await lab();
    expect((await run('kubectl attach --help')).out).toBe(fixture.help.attach);
  });

  it('streams new output until Ctrl-C, and until the process ends', async () => {
    const { run, cluster } = await lab();
    await run(`kubectl run tick --image=busybox -- sh -c 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 5; done'`);
    await run('kubectl wait --for=condition=Ready pod/tick');
    // Lines written before attaching are not replayed: tick 1 is only in the logs.
    const r = await run('kubectl attach tick', 12_000);
    expect(r.out).toBe(NOTICES + 'tick 2\ntick 3\n^C\n');
    expect((await run('kubectl attach pod/tick -q', 6_000)).out).toBe('tick 4\n^C\n');
    await run(`kubectl run once --image=busybox --restart=Never -- sh -c 'sleep 8; echo bye'`);
    await run('kubectl wait --for=condition=Ready pod/once');
    expect(await run('kubectl attach once -q')).toEqual({ out: 'bye\n', status: 0 });
    // The kubelet reports the exit at PLEG's next relist (up to 1 s later): until then the pod is still Running.
    cluster.advance(1_000);
    expect((await run('kubectl attach once')).out).toBe('error: cannot attach a container in a completed pod; current phase is Succeeded\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('TTY and argument errors', async () => {
    const { run } = await lab();
    await run(`kubectl run tick --image=busybox -- sleep 3600`);
    await run('kubectl wait --for=condition=Ready pod/tick');
    expect((await run('kubectl attach tick -it', 1_000)).out).toBe('error: Unable to use a TTY - container tick did not allocate one\n' + NOTICES + '^C\n');
    expect((await run('kubectl attach tick -c nope')).out).toBe('error: cannot attach to the container: container nope not found in pod tick\n');
    expect((await run('kubectl attach')).out).toBe('error: at least 1 argument is required for attach\n');
    expect((await run('kubectl attach a b c')).out).toBe('error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 3: [a b c]\n');
    expect((await run('kubectl attach tick --pod-running-timeout=0s')).out).toBe('error: --pod-running-timeout must be higher than zero\n');
    expect((await run('kubectl attach ghost')).out).toBe('Error from server (NotFound): pods "ghost" not found\n');
  });
});

describe('kubectl run -i waits as waitForPod does (podRunningAndReady over a list and watch)', () => {
  it('a Running pod that is not Ready is not attached to: the wait runs out', async () => {
    const { run } = await lab();
    const overrides = JSON.stringify({ spec: { containers: [{ name: 'slow', image: 'nginx:1.27', stdin: true, tty: true, readinessProbe: { exec: { command: ['false'] }, periodSeconds: 2 } }] } });
    const r = await run(`kubectl run slow -it --image=nginx:1.27 --restart=Never --pod-running-timeout=20s --overrides='${overrides}'`);
    expect(r.out).toBe('error: timed out waiting for the condition\n');
  });

  it('a command that ends within a second is still seen Running and Ready, so the session opens before its output', async () => {
    const { run } = await lab();
    // This session's input is no terminal: SetupTTY says so before the notices, and the session goes on without a TTY.
    const r = await run(`kubectl run once -it --rm --image=busybox:1.36 --restart=Never -- sh -c 'sleep 0.5; echo hi'`);
    expect(r.out).toBe(`Unable to use a TTY - input is not a terminal or the right kind of file\n${NOTICES}hi\npod "once" deleted from default namespace\n`);
    expect((await run(`kubectl run hush -it --rm -q --image=busybox:1.36 --restart=Never -- sh -c 'sleep 0.5; echo hi'`)).out).toBe('hi\n');
  });

  it('attaching without a TTY prints the same two notices; --quiet drops them and the deletion line', async () => {
    const { run } = await lab();
    const cmd = `--image=busybox:1.36 --restart=Never -- sh -c 'sleep 1; echo hi'`;
    expect((await run(`kubectl run plain -i --rm ${cmd}`)).out).toBe(`${NOTICES}hi\npod "plain" deleted from default namespace\n`);
    expect((await run(`kubectl run hush -i --rm -q ${cmd}`)).out).toBe('hi\n');
  });

  it('one that has ended before its first status write is never Running: its logs are printed', async () => {
    const { run } = await lab();
    const r = await run('kubectl run quick -i --rm --image=busybox:1.36 --restart=Never -- echo hi');
    expect(r.out).toBe('hi\npod "quick" deleted from default namespace\n');
  });
});

describe('attach failures and kubectl run -i without a TTY (run.go handleAttachPod and Run, v1.35)', () => {
  it('streams from the attach on: v1.35 shows no line printed before it (the pre-attach log came in v1.36); the exit is the pod\'s', async () => {
    const { run } = await lab();
    const r = await run(`kubectl run late -i --rm --image=busybox:1.36 --restart=Never -- sh -c 'echo early; sleep 2; echo late; exit 3'`);
    // waitForExitCode's CodeExitError: its text is printed as it is (no "error: "), with the terminated reason and message.
    expect(r).toEqual({ out: `${NOTICES}late\npod "late" deleted from default namespace\npod default/late terminated (Error)\n`, status: 3 });
  });

  it('an attach that fails falls back to the log: pods/attach refused, then a log the user may read', async () => {
    const { run } = await lab();
    await run('kubectl create serviceaccount dev');
    await run('kubectl create role runner --verb=get,list,watch,create --resource=pods,pods/log');
    await run('kubectl create rolebinding runner --role=runner --serviceaccount=default:dev');
    const r = await run(`kubectl run job -i --restart=Never --image=busybox:1.36 --as=system:serviceaccount:default:dev -- sh -c 'echo started; sleep 2; echo done'`);
    expect(r).toEqual({
      out: NOTICES
        + 'warning: couldn\'t attach to pod/job, falling back to streaming logs: pods "job" is forbidden: User "system:serviceaccount:default:dev" cannot create resource "pods/attach" in API group "" in the namespace "default"\n'
        + 'started\n',
      status: 0,
    });
  });

  it('a container that is not running is the kubelet\'s "container C not found in pod P_NS" (GetAttach)', async () => {
    const { run, cluster } = await lab();
    await run(`kubectl run crash --image=busybox:1.36 -- sh -c 'sleep 1; exit 1'`);
    await run('kubectl wait --for=condition=Ready pod/crash');
    // Exited again after its first, immediate restart: the pod is still Running, its container is not.
    cluster.advance(3_000);
    expect((await run(`kubectl get pod crash -o jsonpath='{.status.phase} {.status.containerStatuses[0].started} {.status.containerStatuses[0].restartCount}'`)).out).toBe('Running false 1');
    const r = await run('kubectl attach crash -q');
    expect(r).toEqual({ out: 'error: unable to upgrade connection: container crash not found in pod crash_default\n', status: 1 });
  });
});
