/**
 * A terminal attached to a container's TTY is raw (`kubectl run -it`, `kubectl exec -it … -- sh -c …`): output
 * arrives as the process writes it, and Ctrl-C is a character for the container. Its TTY echoes ^C and signals
 * the foreground process group; ash and dash running -c catch SIGINT and exit with 130 once their waiting
 * command has died (dash's onint; re-raising the signal does nothing to a container's PID 1). kubectl then
 * reports the end as it does for any exit: `--rm` deletes the pod, `run` says the pod terminated (Error), exec
 * says `command terminated with exit code 130`.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../shell/interactive-test-helpers.js';

async function setUp() {
  const s = await interactiveSession();
  const ctrlCAt = (ms: number) => s.cluster.clock.schedule(ms, () => s.session.interrupt());
  return { ...s, ctrlCAt };
}

describe('a terminal attached to a container TTY', () => {
  it("kubectl run -it --rm: the HPA walkthrough's load generator streams OK! and ends on Ctrl-C", async () => {
    const { run, ctrlCAt, client } = await setUp();
    await run('kubectl create deployment php-apache --image=registry.k8s.io/hpa-example');
    await run('kubectl expose deploy php-apache --port=80');
    await run('kubectl wait --for=condition=Available deploy/php-apache --timeout=120s');
    ctrlCAt(15_000);
    const r = await run('kubectl run -i --tty load-generator --rm --image=busybox:1.28 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"');
    // php-apache answers "OK!" without a newline: the raw TTY shows the answers side by side as they come.
    expect(r.out).toMatch(/^All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt\.\nIf you don't see a command prompt, try pressing enter\.\n(OK!){5,}\^Cpod "load-generator" deleted from default namespace\npod default\/load-generator terminated \(Error\)\n$/);
    expect(r.status).toBe(130);
    expect(client.tryGet('pods', 'default', 'load-generator')).toBeUndefined();
  });

  it('kubectl exec -it … -- sh -c: a loop ends on Ctrl-C with exit code 130', async () => {
    const { run, ctrlCAt } = await setUp();
    await run('kubectl run bb --image=busybox -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/bb --timeout=60s');
    ctrlCAt(2_500);
    const r = await run('kubectl exec -it bb -- sh -c "while true; do echo hi; sleep 1; done"');
    expect(r.out).toBe('hi\nhi\nhi\n^Ccommand terminated with exit code 130\n');
    expect(r.status).toBe(130);
  });

  it('kubectl run -it nginx: Ctrl-C is nginx\'s fast shutdown; the session ends and the container restarts', async () => {
    const { run, ctrlCAt, client } = await setUp();
    ctrlCAt(20_000);
    const r = await run('kubectl run web -it --image=nginx:1.25');
    expect(r.out).toBe("All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n"
      + "^CSession ended, resume using 'kubectl attach web -c web -i -t' command when the pod is running\n");
    expect(r.status).toBe(0);
    await run('sleep 5');
    const st = (client.get('pods', 'default', 'web').status as { containerStatuses: Array<{ restartCount: number }> }).containerStatuses[0];
    expect(st.restartCount).toBe(1);
  });

  it('without -t, Ctrl-C stops kubectl itself (the terminal is not raw)', async () => {
    const { run, ctrlCAt } = await setUp();
    await run('kubectl run bb --image=busybox -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/bb --timeout=60s');
    ctrlCAt(2_500);
    const r = await run('kubectl exec bb -- sh -c "while true; do echo hi; sleep 1; done"');
    expect(r.out).toBe('hi\nhi\nhi\n^C\n');
    expect(r.status).toBe(130);
  });
});
