/**
 * kubernetes.io's task "Determine the Reason for Pod Failure"
 * (content/en/docs/tasks/debug/debug-application/determine-reason-pod-failure.md): debug/termination.yaml (debian,
 * `sleep 10 && echo Sleep expired > /dev/termination-log`), the page's `--output=yaml` excerpt
 *
 *         lastState:
 *           terminated:
 *             containerID: ...
 *             exitCode: 0
 *             finishedAt: ...
 *             message: |
 *               Sleep expired
 *
 * and its go-template, then the page's terminationMessagePath and FallbackToLogsOnError sections, as the kubelet's
 * kuberuntime reads them (the file's last 4096 bytes; the last 80 log lines' last 2048 bytes after a non-zero exit).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('Determine the Reason for Pod Failure', () => {
  it('the container writes "Sleep expired" to /dev/termination-log and the status carries it', async () => {
    const { run, cluster } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/debug/termination.yaml')).out).toBe('pod/termination-demo created\n');
    await run('sleep 5');
    expect((await run('kubectl get pod termination-demo')).out).toMatch(/\ntermination-demo {3}1\/1 {5}Running {3}0 {10}\d+s\n$/);
    await run('sleep 15');
    // The pod's restartPolicy is Always: the exited container is restarted, and its exit is lastState.
    const yaml = (await run('kubectl get pod termination-demo --output=yaml')).out;
    expect(yaml).toMatch(/ {4}lastState:\n {6}terminated:\n {8}containerID: containerd:\/\/[0-9a-f]{64}\n {8}exitCode: 0\n {8}finishedAt: "[^"]+"\n {8}message: \|\n {10}Sleep expired\n {8}reason: Completed\n/);
    const tpl = '{{range .status.containerStatuses}}{{.lastState.terminated.message}}{{end}}';
    expect((await run(`kubectl get pod termination-demo -o go-template="${tpl}"`)).out).toBe('Sleep expired\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('terminationMessagePath names another file; FallbackToLogsOnError takes the log after a failure only', async () => {
    const { run } = await interactiveSession();
    const pod = (name: string, extra: string, script: string) => [
      'apiVersion: v1', 'kind: Pod', `metadata: {name: ${name}}`, 'spec:', '  restartPolicy: Never', '  containers:',
      `  - {name: c, image: debian, ${extra} command: [sh, -c, "${script}"]}`,
    ].join('\n');
    const apply = (y: string) => run(`kubectl apply -f - <<'EOF'\n${y}\nEOF`);
    await apply(pod('msg-path-demo', 'terminationMessagePath: /tmp/my-log,', 'echo written to my-log > /tmp/my-log; echo also > /dev/termination-log'));
    await apply(pod('fallback', 'terminationMessagePolicy: FallbackToLogsOnError,', 'seq 1 100; echo boom >&2; exit 3'));
    await apply(pod('fallback-ok', 'terminationMessagePolicy: FallbackToLogsOnError,', 'echo fine'));
    await apply(pod('file-policy', '', 'echo boom; exit 3'));
    await run('sleep 10');
    const msg = async (name: string) => (await run(`kubectl get pod ${name} -o go-template='{{range .status.containerStatuses}}{{.state.terminated.message}}{{end}}'`)).out;
    expect(await msg('msg-path-demo')).toBe('written to my-log\n');
    // The last 80 lines of the log, stdout and stderr as they came: 22..100, then boom.
    const lines = Array.from({ length: 79 }, (_, i) => `${i + 22}\n`).join('');
    expect(await msg('fallback')).toBe(`${lines}boom\n`);
    expect(await msg('fallback-ok')).toBe('<no value>');
    expect(await msg('file-policy')).toBe('<no value>');
    expect((await run('kubectl get pod fallback -o jsonpath={.status.containerStatuses[0].state.terminated.exitCode}')).out).toBe('3');
    // The file's last 4096 bytes only (the task: "The kubelet truncates messages that are longer than 4096 bytes").
    await apply(pod('long', '', 'seq 1 2000 > /dev/termination-log'));
    await run('sleep 5');
    const long = await msg('long');
    const all = Array.from({ length: 2000 }, (_, i) => `${i + 1}\n`).join('');
    expect(long).toBe(all.slice(-4096));
  });
});
