/**
 * Discrepancies found by walking the course lessons as a learner, each pinned
 * to what real Kubernetes v1.35 (and GNU grep 3.8, for the shell) does.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';
import { macrotask, runScript } from '../../engine/shell/script.js';
import { loadOptionalCommands, Session } from '../../engine/shell/session.js';
import { TerminalSession } from '../../engine/shell/terminal.js';
import { WARNING } from '../../engine/shell/interactive-test-helpers.js';
import { Editor } from '../../engine/shell/editor/editor.js';
import { completeKubectl } from '../../engine/kubectl/framework/complete.js';
import { KUBECTL_ROOT } from '../../engine/kubectl/index.js';
import { MemoryFileSystem } from '../../engine/shell/vfs.js';
import { loadContainerApplets } from '../../engine/kubelet/shell.js';

type ContainerStatus = {
  restartCount: number;
  state: { waiting?: { reason?: string }; terminated?: { reason?: string; finishedAt?: string }; running?: unknown };
  lastState: { terminated?: { reason?: string; finishedAt?: string } };
};

function statusOf(client: ReturnType<Cluster['client']>, name: string): ContainerStatus | undefined {
  const s = client.get('pods', 'default', name).status as { containerStatuses?: ContainerStatus[] } | undefined;
  return s?.containerStatuses?.[0];
}

const oomPod = (name: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    nodeName: 'worker-1',
    containers: [{
      name: 'stress', image: 'polinux/stress', command: ['stress'],
      args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
      resources: { requests: { memory: '50Mi' }, limits: { memory: '100Mi' } },
    }],
  },
});

describe('lesson 07: nginx:1.24 exists', () => {
  it('kubectl create deployment web --image=nginx:1.24 rolls out (the tag is on Docker Hub)', async () => {
    const out = await runScript('kubectl create deployment web --image=nginx:1.24 --replicas=4\nsleep 10\nkubectl get deployment web\nkubectl exec deploy/web -- printenv NGINX_VERSION\n');
    expect(out).toContain('web    4/4     4            4           10s');
    // The last nginx:1.24 build (docker-nginx stable before 1.26 moved it to bookworm).
    expect(out).toContain('$ kubectl exec deploy/web -- printenv NGINX_VERSION\n1.24.0\n');
  });
});

describe('lesson 08: a crash-looping container (memory-hog)', () => {
  it('CrashLoopBackOff shows the exit that caused it as lastState', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    client.create('pods', 'default', oomPod('hog'));
    // The second back-off (20 s): three runs (restartCount 2). The sync that finds the container in back-off writes
    // the status it generated first (the third run terminated, OOMKilled); its CrashLoopBackOff goes to the reason
    // cache and shows in the status of the next sync, the one the pod worker requeued for the back-off's expiry.
    let thirdExit: string | undefined;
    const inSecondBackoff = () => {
      const s = statusOf(client, 'hog');
      if (s?.restartCount === 2 && s.state.terminated) thirdExit = s.state.terminated.finishedAt;
      return s?.restartCount === 2 && s.state.waiting?.reason === 'CrashLoopBackOff';
    };
    expect(c.clock.runUntil(inSecondBackoff, 90_000)).toBe(true);
    const s = statusOf(client, 'hog')!;
    // kubelet convertToAPIContainerStatuses: a terminated state replaced by a
    // reason-cache Waiting becomes LastTerminationState, so RESTARTS counts from
    // the third run's exit, not the run before it.
    expect(thirdExit).toBeDefined();
    expect(s.lastState.terminated?.reason).toBe('OOMKilled');
    expect(s.lastState.terminated?.finishedAt).toBe(thirdExit);
    const sinceExit = c.clock.now() - Date.parse(thirdExit!);
    expect(sinceExit).toBeGreaterThanOrEqual(20_000);
    expect(sinceExit).toBeLessThan(32_000);
    expect(c.clock.errors).toEqual([]);
  });

  it('a restart after back-off goes CrashLoopBackOff → Running, never back to ContainerCreating', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    client.create('pods', 'default', oomPod('hog'));
    const seen: string[] = [];
    // Record every waiting reason after the container first ran (imagePullPolicy Always pulls on each restart).
    expect(c.clock.runUntil(() => statusOf(client, 'hog')?.state.running !== undefined, 60_000)).toBe(true);
    c.clock.runUntil(() => {
      const s = statusOf(client, 'hog');
      const r = s?.state.waiting?.reason ?? s?.state.terminated?.reason ?? (s?.state.running ? 'Running' : '');
      if (seen[seen.length - 1] !== r) seen.push(r);
      return (s?.restartCount ?? 0) >= 3;
    }, 120_000);
    expect(seen).not.toContain('ContainerCreating');
    expect(seen).toContain('CrashLoopBackOff');
    expect(seen).toContain('OOMKilled');
    expect(c.clock.errors).toEqual([]);
  });
});

describe('lesson 06: v1 Endpoints is deprecated (KEP-4974)', () => {
  it('kubectl get endpoints prints the API server warning once, above the table', async () => {
    const out = await runScript('kubectl get endpoints kubernetes\nkubectl describe ep kubernetes | head -1\nkubectl get endpoints nope\nkubectl get endpointslices kubernetes\n');
    expect(out).toBe([
      '$ kubectl get endpoints kubernetes',
      `${WARNING} v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice`,
      'NAME         ENDPOINTS         AGE',
      'kubernetes   172.18.0.2:6443   2m',
      '$ kubectl describe ep kubernetes | head -1',
      `${WARNING} v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice`,
      'Name:         kubernetes',
      '$ kubectl get endpoints nope',
      `${WARNING} v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice`,
      'Error from server (NotFound): endpoints "nope" not found',
      '$ kubectl get endpointslices kubernetes',
      'NAME         ADDRESSTYPE   PORTS   ENDPOINTS    AGE',
      'kubernetes   IPv4          6443    172.18.0.2   2m',
      '',
    ].join('\n'));
  });
});

describe('shell: grep context lines (kubectl describe ... | grep -A5 Events)', () => {
  // Expected output: GNU grep 3.8 on the same file.
  const file = "printf 'a\\nb\\nx\\nc\\nd\\ne\\nf\\nx\\ng\\nx\\nh\\n' > g.txt\n";
  it('-A, -B, -n and the -- between groups', async () => {
    const out = await runScript(file + 'grep -A1 x g.txt\ngrep -B2 -n x g.txt\n');
    expect(out).toBe([
      "$ printf 'a\\nb\\nx\\nc\\nd\\ne\\nf\\nx\\ng\\nx\\nh\\n' > g.txt",
      '$ grep -A1 x g.txt', 'x', 'c', '--', 'x', 'g', 'x', 'h',
      '$ grep -B2 -n x g.txt', '1-a', '2-b', '3:x', '--', '6-e', '7-f', '8:x', '9-g', '10:x',
      '',
    ].join('\n'));
  });
  it('-C with several files, -o, -c, and a bad length', async () => {
    const out = await runScript(file + 'grep -C1 a g.txt g.txt\ngrep -o -A1 x g.txt\ngrep -c -A1 x g.txt\ngrep -A x g.txt\necho $?\n');
    expect(out).toBe([
      "$ printf 'a\\nb\\nx\\nc\\nd\\ne\\nf\\nx\\ng\\nx\\nh\\n' > g.txt",
      '$ grep -C1 a g.txt g.txt', 'g.txt:a', 'g.txt-b', '--', 'g.txt:a', 'g.txt-b',
      '$ grep -o -A1 x g.txt', 'x', '--', 'x', 'x',
      '$ grep -c -A1 x g.txt', '3',
      '$ grep -A x g.txt', 'grep: x: invalid context length argument',
      '$ echo $?', '2',
      '',
    ].join('\n'));
  });
});

describe('lesson 08: the HPA walkthrough settles', () => {
  it('one wget loop is a bounded load: php-apache settles near the 50% target instead of pinning every replica at its limit', async () => {
    // kubernetes.io HPA walkthrough: the single load generator drives php-apache to a
    // handful of replicas (7 in the docs' run) whose CPU then sits around the target.
    const out = await runScript([
      'kubectl apply -f examples/php-apache.yaml',
      'kubectl autoscale deployment php-apache --cpu=50% --min=1 --max=10',
      'sleep 20',
      "kubectl run load-generator --image=busybox:1.36 --restart=Never -- /bin/sh -c 'while sleep 0.01; do wget -q -O- http://php-apache; done'",
      'sleep 240',
      "kubectl get hpa php-apache -o jsonpath='{.status.currentReplicas} {.status.currentMetrics[0].resource.current.averageUtilization}{\"\\n\"}'",
    ].join('\n') + '\n');
    const [replicas, utilization] = out.trim().split('\n').pop()!.split(' ').map(Number);
    expect(replicas).toBeGreaterThanOrEqual(4);
    expect(replicas).toBeLessThan(10);
    expect(utilization).toBeGreaterThanOrEqual(40);
    expect(utilization).toBeLessThanOrEqual(60);
  }, 120_000);
});

describe('tab completion of resource types', () => {
  // kubectl's compGetResourceList: `kubectl api-resources -o name --verbs=get`, filtered by prefix.
  const complete = (line: string) => {
    const cluster = new Cluster({ seed: 1 }).boot();
    return completeKubectl(KUBECTL_ROOT, line.split(' '), { cluster, fs: new MemoryFileSystem(), cwd: '/' });
  };
  it('offers api-resources names (group-qualified), not short names', () => {
    expect(complete('kubectl get po')).toEqual(['poddisruptionbudgets.policy', 'pods', 'pods.metrics.k8s.io', 'podtemplates']);
    expect(complete('kubectl get deploy')).toEqual(['deployments.apps']);
    expect(complete('kubectl describe svc')).toEqual([]);
  });
  it('completes the last element of a comma-separated list', () => {
    expect(complete('kubectl get pods,secre')).toEqual(['pods,secrets']);
  });
});

describe('interactive sessions in the terminal (kubelab shell, the page)', () => {
  async function terminal() {
    const cluster = new Cluster({ seed: 1 }).boot();
    const session = new Session({ cluster, terminal: { isTTY: true, columns: 120, rows: 40 } });
    await loadOptionalCommands(session);
    // The page fetches the containers' applets at idle (prefetchLazyCode); `ls` on a TTY lays out its columns with them.
    await loadContainerApplets();
    let screen = '';
    const term = new TerminalSession(session, (t) => { screen += t; }, { columns: 120, rows: 40 });
    term.start();
    // Keys, then simulated time until the terminal is idle again.
    const type = async (keys: string, ms = 30_000) => {
      screen = '';
      term.input(keys);
      const end = cluster.clock.now() + ms;
      while (cluster.clock.now() < end) {
        await macrotask();
        cluster.clock.runUntilTime(Math.min(cluster.clock.nextAt() ?? end, end));
      }
      await macrotask();
      // What the screen shows below the typed line: escape sequences dropped, each \r redraw overwriting its row.
      // eslint-disable-next-line no-control-regex
      return screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n/g, '\n').split('\n').map((row) => row.slice(row.lastIndexOf('\r') + 1)).slice(1).join('\n');
    };
    return { type, cluster };
  }

  it('kubectl run --rm -it … -- sh attaches to the shell; its exit status is kubectl\'s', async () => {
    const { type, cluster } = await terminal();
    expect(await type('kubectl run client --rm -it --image=busybox:1.36 --restart=Never -- sh\r')).toBe(
      "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n/ # ");
    expect(await type('hostname\r')).toBe('client\n/ # ');
    // run.go: the deferred removal prints first, then CheckErr prints the CodeExitError and exits with its code.
    expect(await type('exit 3\r')).toBe('pod "client" deleted from default namespace\npod default/client terminated (Error)\nlearner@control-plane:~$ ');
    expect(await type('echo $?\r')).toBe('3\nlearner@control-plane:~$ ');
    expect(cluster.clock.errors).toEqual([]);
  }, 60_000);

  it('kubectl exec -it … -- sh keeps one shell; Ctrl-C drops the line; exit returns', async () => {
    const { type } = await terminal();
    await type('kubectl run web --image=nginx:1.25\r');
    expect(await type('kubectl exec -it web -- sh\r')).toBe('# ');
    expect(await type('cd /usr/share/nginx/html; ls\r')).toBe('50x.html  index.html\n# ');
    expect(await type('abc\x03')).toBe('# ');
    expect(await type('pwd\r')).toBe('/usr/share/nginx/html\n# ');
    expect(await type('exit\r')).toBe('learner@control-plane:~$ ');
  }, 60_000);

  it('a line typed while kubectl run -it is still starting goes to the container\'s shell once attached', async () => {
    const { type, cluster } = await terminal();
    // Both lines arrive before the pod runs: the second waits in the tty's buffer, as it would on a real terminal.
    // `hostname` ran in the container (its answer, then the container's prompt), not at the next outer prompt.
    expect(await type('kubectl run early --rm -it --image=busybox:1.36 --restart=Never -- sh\rhostname\r')).toMatch(/If you don't see a command prompt, try pressing enter\.\n.*\nearly\n\/ # $/);
    expect(await type('exit\r')).toBe('pod "early" deleted from default namespace\nlearner@control-plane:~$ ');
    expect(cluster.clock.errors).toEqual([]);
  }, 60_000);

  it('kubectl run -it of an image whose process is not a shell attaches to its output, not to a shell', async () => {
    const { type, cluster } = await terminal();
    // nginx is the container's process: the session shows what it prints from now on (nothing, until a request).
    expect(await type('kubectl run web -it --image=nginx:1.25\r')).toBe(
      "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n");
    // The terminal is raw: Ctrl-C reaches nginx through the TTY (echoed as ^C). nginx takes SIGINT as a fast
    // shutdown, the container exits 0, the attach stream ends with it, and the kubelet restarts the container.
    // (The row with ^C and kubectl's "Session ended, resume using 'kubectl attach web -c web -i -t' command when
    // the pod is running" is the one `type` takes for the typed line; the prompt follows it.)
    expect(await type('\x03')).toBe('learner@control-plane:~$ ');
    const status = cluster.client().get('pods', 'default', 'web').status as { phase: string; containerStatuses: Array<{ restartCount: number; lastState: { terminated?: { exitCode: number; reason: string } } }> };
    expect(status.phase).toBe('Running');
    expect(status.containerStatuses[0].restartCount).toBe(1);
    expect(status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(cluster.clock.errors).toEqual([]);
  }, 60_000);

  it('kubectl run -it without --rm (restartPolicy Always) tells how to attach again', async () => {
    const { type } = await terminal();
    await type('kubectl run bb -it --image=busybox:1.36\r');
    // attach.go reattachMessage, printed on stdout when the session ends.
    expect(await type('exit\r')).toBe("Session ended, resume using 'kubectl attach bb -c bb -i -t' command when the pod is running\nlearner@control-plane:~$ ");
  }, 60_000);
});

describe('filters inside containers', () => {
  it('head, tail and grep read a pipe or a file (GNU in nginx, busybox texts in busybox)', async () => {
    const out = await runScript([
      'kubectl run w --image=nginx:1.25',
      'sleep 5',
      "kubectl exec w -- sh -c 'head -3 /usr/share/nginx/html/index.html | tail -1; grep -c nginx /usr/share/nginx/html/index.html; tail -1 /nope'",
      "kubectl run c --rm -i --image=busybox:1.36 --restart=Never -- sh -c 'cat /etc/hosts | grep -n localhost; head -n1 /nope'",
    ].join('\n') + '\n');
    expect(out).toContain([
      '<head>',
      '6',
      "tail: cannot open '/nope' for reading: No such file or directory",
      'command terminated with exit code 1',
    ].join('\n'));
    expect(out).toContain([
      '2:127.0.0.1\tlocalhost',
      '3:::1\tlocalhost ip6-localhost ip6-loopback',
      "head: can't open '/nope': No such file or directory",
    ].join('\n'));
  }, 60_000);
});

describe('kubectl edit in vi: the keys a learner uses to change one value', () => {
  const keys = (e: Editor, ks: string[]) => { for (const k of ks) e.key(k); };
  const doc = 'spec:\n  replicas: 1\n  template:\n    image: nginx:1.25\n';
  it('/pattern, n wraps with vim\'s message, r replaces a character, :wq saves', () => {
    const e = new Editor('/tmp/kubectl-edit-1.yaml', doc);
    keys(e, ['/', 'r', 'e', 'p', '\r']);
    expect([e.row, e.col, e.message]).toEqual([1, 2, '/rep']);
    keys(e, ['n']);
    expect([e.row, e.col, e.message]).toEqual([1, 2, 'search hit BOTTOM, continuing at TOP']);
    keys(e, ['$', 'r', '3']);
    keys(e, ['/', 'n', 'o', 'p', 'e', '\r']);
    expect(e.message).toBe('E486: Pattern not found: nope');
    keys(e, [':', 'w', 'q', '\r']);
    expect(e.text()).toBe('spec:\n  replicas: 3\n  template:\n    image: nginx:1.25\n');
  });
  it('w moves by word, cw changes to the end of the word, u undoes', () => {
    const e = new Editor('/tmp/kubectl-edit-2.yaml', doc);
    keys(e, ['/', 'n', 'g', 'i', 'n', 'x', '\r']);
    expect(e.col).toBe(11);
    keys(e, ['c', 'w', 'h', 't', 't', 'p', 'd', '\x1b']);
    expect(e.lines[3]).toBe('    image: httpd:1.25');
    // vim words: "httpd" ":" "1" "." "25"
    keys(e, ['w', 'w']);
    expect(e.col).toBe(17);
    keys(e, ['u']);
    expect(e.lines[3]).toBe('    image: nginx:1.25');
    keys(e, ['u']);
    expect(e.message).toBe('Already at oldest change');
  });
});

describe('exercise zero-downtime-under-load: http-echo without -text', () => {
  // hashicorp/http-echo main.go: v1.0.0 takes the text from -text or ECHO_TEXT and exits 127 with
  // "Missing -text option or ECHO_TEXT env var!"; v0.2.3 knows only -text ("Missing -text option!").
  it('exits 127 with its own message, and 1.0 answers with ECHO_TEXT', async () => {
    const out = await runScript([
      'kubectl run new --image=hashicorp/http-echo:1.0',
      'kubectl run old --image=hashicorp/http-echo:0.2.3',
      'kubectl run env --image=hashicorp/http-echo:1.0 --env=ECHO_TEXT=hi',
      'sleep 5',
      'kubectl logs new',
      "kubectl get pod new -o jsonpath='{.status.containerStatuses[0].lastState.terminated.exitCode}{\"\\n\"}'",
      'kubectl logs old',
      "curl -s $(kubectl get pod env -o jsonpath='{.status.podIP}'):5678",
      '',
    ].join('\n'));
    expect(out).toContain('$ kubectl logs new\nMissing -text option or ECHO_TEXT env var!\n');
    expect(out).toMatch(/exitCode}\{"\\n"}'\n127\n/);
    expect(out).toContain('$ kubectl logs old\nMissing -text option!\n');
    expect(out).toMatch(/:5678\nhi\n$/);
  });
});

describe('lesson 06: kubectl run -i writes as kubectl-run', () => {
  // kubectl run creates the pod through one path, attached or not, with --field-manager's default
  // "kubectl-run" (the oracle's note on `kubectl run client --rm -it ... -- wget -qO- hostnames`).
  it('the attached pod is managed by kubectl-run, or by --field-manager', async () => {
    const out = await runScript([
      'kubectl run a -i --restart=Never --image=busybox:1.36 -- echo hi',
      'kubectl run b -i --restart=Never --image=busybox:1.36 --field-manager=me -- echo hi',
      "kubectl get pods a b --show-managed-fields -o jsonpath='{range .items[*]}{.metadata.managedFields[0].manager}{\"\\n\"}{end}'",
      '',
    ].join('\n'));
    expect(out).toMatch(/\{end}'\nkubectl-run\nme\n$/);
  });
});
