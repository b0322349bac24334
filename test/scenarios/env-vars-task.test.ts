/**
 * kubernetes.io's tasks on a container's environment and command line, their commands in order: "Define
 * Environment Variables for a Container" (tasks/inject-data-application/define-environment-variable-container.md),
 * "Define Dependent Environment Variables" (define-interdependent-environment-variables.md) and "Define a Command
 * and Arguments for a Container" (define-command-argument-container.md). `$(NAME)` follows Kubernetes' expansion
 * (third_party/forked/golang/expansion): `$$` escapes, a name not defined yet stays as written, and only what the
 * kubelet passes is defined (kubelet_pods.go makeEnvironmentVariables, ExpandContainerCommandAndArgs).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const pod = (name: string, lines: string[]) => `printf '${['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, 'spec:', '  restartPolicy: OnFailure', '  containers:', ...lines].join('\\n')}\\n' | kubectl apply -f -`;

describe('Define Environment Variables for a Container', () => {
  it('envars.yaml: printenv in the container lists DEMO_GREETING and DEMO_FAREWELL', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/inject/envars.yaml')).out).toBe('pod/envar-demo created\n');
    await run('kubectl wait --for=condition=Ready pod/envar-demo');
    expect((await run('kubectl get pods -l purpose=demonstrate-envars')).out).toMatch(/^NAME {9}READY {3}STATUS {4}RESTARTS {3}AGE\nenvar-demo {3}1\/1 {5}Running {3}0 {10}\d+s\n$/);
    const env = (await run('kubectl exec envar-demo -- printenv')).out;
    expect(env).toMatch(/^DEMO_GREETING=Hello from the environment$/m);
    expect(env).toMatch(/^DEMO_FAREWELL=Such a sweet sorrow$/m);
    expect(env).toMatch(/^HOSTNAME=envar-demo$/m);
    expect(env).toMatch(/^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);
  });

  it('$(NAME) in args takes the values env defines (the page\'s image is bash, not in the catalogue: busybox\'s echo here)', async () => {
    const { run } = await interactiveSession();
    await run(pod('print-greeting', ['  - name: env-print-demo', '    image: busybox:1.28', '    env:', '    - name: GREETING', '      value: "Warm greetings to"', '    - name: HONORIFIC', '      value: "The Most Honorable"', '    - name: NAME', '      value: "Kubernetes"', '    command: ["echo"]', '    args: ["$(GREETING) $(HONORIFIC) $(NAME)"]']));
    await run('sleep 20');
    expect((await run('kubectl logs print-greeting')).out).toBe('Warm greetings to The Most Honorable Kubernetes\n');
  });
});

describe('Define Dependent Environment Variables', () => {
  it('dependent-envars.yaml: a reference defined earlier resolves, a later one stays, $$ escapes', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/inject/dependent-envars.yaml')).out).toBe('pod/dependent-envars-demo created\n');
    await run('kubectl wait --for=condition=Ready pod/dependent-envars-demo');
    expect((await run('kubectl get pods dependent-envars-demo')).out).toMatch(/\ndependent-envars-demo {3}1\/1 {5}Running {3}0 {10}\d+s\n$/);
    // The page's output, with the empty line `echo -en '\n'` writes first.
    expect((await run('kubectl logs pod/dependent-envars-demo')).out).toBe('\nUNCHANGED_REFERENCE=$(PROTOCOL)://172.17.0.1:80\nSERVICE_ADDRESS=https://172.17.0.1:80\nESCAPED_REFERENCE=$(PROTOCOL)://172.17.0.1:80\n');
  });

  it('only the kubelet\'s variables expand: not the image\'s ENV or the runtime\'s PATH and HOSTNAME; Service links do; $ before anything else stays', async () => {
    const { run } = await interactiveSession();
    await run(pod('refs', [
      '  - name: c', '    image: busybox:1.28', '    env:', '    - name: A', '      value: "$(PATH)|$(HOSTNAME)|$(KUBERNETES_SERVICE_HOST)|$(B)|$$$$(A)|$x|$(|cost $5"',
      '    - name: B', '      value: "b"', '    - name: C', '      value: "$(A)"', '    command: ["sh", "-c", "echo \\"$A\\"; echo \\"$C\\"; echo $(B)"]',
    ]));
    await run('sleep 20');
    const out = (await run('kubectl logs refs')).out;
    expect(out).toBe('$(PATH)|$(HOSTNAME)|10.96.0.1|$(B)|$$(A)|$x|$(|cost $5\n$(PATH)|$(HOSTNAME)|10.96.0.1|$(B)|$$(A)|$x|$(|cost $5\nb\n');
  });
});

describe('Define a Command and Arguments for a Container', () => {
  it('commands.yaml: printenv HOSTNAME KUBERNETES_PORT, then Completed', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/commands.yaml')).out).toBe('pod/command-demo created\n');
    await run('sleep 20');
    expect((await run('kubectl get pods')).out).toMatch(/\ncommand-demo {3}0\/1 {5}Completed {3}0 {10}\d+s\n$/);
    expect((await run('kubectl logs command-demo')).out).toBe('command-demo\ntcp://10.96.0.1:443\n');
  });

  it('an env var as an argument, and a command run in a shell', async () => {
    const { run } = await interactiveSession();
    await run(pod('message', ['  - name: c', '    image: debian', '    env:', '    - name: MESSAGE', '      value: "hello world"', '    command: ["/bin/echo"]', '    args: ["$(MESSAGE)"]']));
    await run(pod('loop', ['  - name: c', '    image: debian', '    command: ["/bin/sh"]', '    args: ["-c", "while true; do echo hello; sleep 10;done"]']));
    await run('sleep 25');
    expect((await run('kubectl logs message')).out).toBe('hello world\n');
    expect((await run('kubectl logs loop')).out).toBe('hello\nhello\nhello\n');
  });
});
