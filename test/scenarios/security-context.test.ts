/**
 * kubernetes/website's task "Configure a Security Context for a Pod or Container"
 * (content/en/docs/tasks/configure-pod-container/security-context.md), its
 * manifests served as https://k8s.io/examples/pods/security/… serves them.
 *
 * The page's outputs: busybox `ps` with user 1000, the emptyDir `demo`
 * `drwxrwsrwx 2 root 2000` (fsGroup), `testfile` owned by 1000 and 2000, `id`
 * as `uid=1000 gid=3000 groups=2000,3000,4000`, and /proc/1/status's
 * capability sets 00000000a80425fb (containerd's defaults) and
 * 00000000aa0435fb (NET_ADMIN and SYS_TIME added). The `ls -l` and `id`
 * columns are busybox's (recorded from busybox 1.35 on this machine with
 * setpriv: `drwxrwsrwx    2 root     2000          4096 …`); the times are the
 * simulation's one file time.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const EXAMPLES = 'https://k8s.io/examples/pods/security';

describe('Set the security context for a Pod', () => {
  it('runs as 1000:3000 with fsGroup 2000 and supplementalGroups 4000; the emptyDir is setgid 2000', async () => {
    const { screen, run } = await interactiveSession(['ps', 'cd /data', 'ls -l', 'cd demo', 'echo hello > testfile', 'ls -l', 'id', 'whoami', 'touch /x', 'exit']);
    expect((await run(`kubectl apply -f ${EXAMPLES}/security-context.yaml`)).out).toBe('pod/security-context-demo created\n');
    await run('kubectl wait --for=condition=Ready pod/security-context-demo --timeout=120s');
    await run('kubectl exec -it security-context-demo -- sh');
    expect(screen.text).toBe([
      '/ $ ps',
      'PID   USER     TIME  COMMAND',
      '    1 1000      0:00 sleep 1h',
      '    7 1000      0:00 sh',
      '   13 1000      0:00 ps',
      '/ $ cd /data',
      '/data $ ls -l',
      'total 4',
      'drwxrwsrwx    2 root     2000          4096 Jan  1 00:00 demo',
      '/data $ cd demo',
      '/data/demo $ echo hello > testfile',
      '/data/demo $ ls -l',
      'total 4',
      '-rw-r--r--    1 1000     2000             6 Jan  1 00:00 testfile',
      '/data/demo $ id',
      'uid=1000 gid=3000 groups=2000,3000,4000',
      '/data/demo $ whoami',
      'whoami: unknown uid 1000',
      '/data/demo $ touch /x',
      'touch: /x: Permission denied',
      '/data/demo $ exit',
      '',
    ].join('\n'));
  });
});

describe('Set the security context for a Container', () => {
  it("the container's runAsUser 2000 overrides the pod's 1000", async () => {
    const { run } = await interactiveSession();
    await run(`kubectl apply -f ${EXAMPLES}/security-context-2.yaml`);
    await run('kubectl wait --for=condition=Ready pod/security-context-demo-2 --timeout=120s');
    expect((await run('kubectl exec security-context-demo-2 -- ps aux')).out).toBe('PID   USER     TIME  COMMAND\n    1 2000      0:00 ./hello-app\n    7 2000      0:00 ps aux\n');
  });
});

describe('Set capabilities for a Container', () => {
  const caps = async (file: string, pod: string) => {
    const { run } = await interactiveSession();
    await run(`kubectl apply -f ${EXAMPLES}/${file}`);
    await run(`kubectl wait --for=condition=Ready pod/${pod} --timeout=120s`);
    return (await run(`kubectl exec ${pod} -- cat /proc/1/status`)).out.split('\n').filter((l) => /^(Name|Uid|Cap|NoNewPrivs)/.test(l));
  };

  it("without capabilities: containerd's default set, permitted and effective for root", async () => {
    expect(await caps('security-context-3.yaml', 'security-context-demo-3')).toEqual([
      'Name:\thello-app', 'Uid:\t0\t0\t0\t0',
      'CapInh:\t0000000000000000', 'CapPrm:\t00000000a80425fb', 'CapEff:\t00000000a80425fb', 'CapBnd:\t00000000a80425fb', 'CapAmb:\t0000000000000000',
      'NoNewPrivs:\t0',
    ]);
  });

  it('NET_ADMIN and SYS_TIME added: bits 12 and 25 set', async () => {
    expect(await caps('security-context-4.yaml', 'security-context-demo-4')).toEqual([
      'Name:\thello-app', 'Uid:\t0\t0\t0\t0',
      'CapInh:\t0000000000000000', 'CapPrm:\t00000000aa0435fb', 'CapEff:\t00000000aa0435fb', 'CapBnd:\t00000000aa0435fb', 'CapAmb:\t0000000000000000',
      'NoNewPrivs:\t0',
    ]);
  });
});

describe('runAsNonRoot', () => {
  it('an image that runs as root: the kubelet refuses to create the container (CreateContainerConfigError)', async () => {
    const { run, client } = await interactiveSession();
    await run(`kubectl run web --image=nginx --overrides='{"spec":{"securityContext":{"runAsNonRoot":true}}}'`);
    await run('sleep 20');
    const pod = client.get('pods', 'default', 'web') as { metadata: { uid: string }; status: { containerStatuses: { state: { waiting: { reason: string; message: string } } }[] } };
    expect(pod.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: `container has runAsNonRoot and image will run as root (pod: "web_default(${pod.metadata.uid})", container: web)`,
    });
  });
});

describe('Implicit group memberships defined in /etc/group in the container image', () => {
  it('Merge (the default) adds the image\'s group 50000 for its user 1000; Strict leaves it out', async () => {
    const { screen, run } = await interactiveSession(['id', 'cat /etc/group', 'exit']);
    await run(`kubectl apply -f ${EXAMPLES}/security-context-5.yaml`);
    await run('kubectl wait --for=condition=Ready pod/security-context-demo --timeout=120s');
    await run('kubectl exec -it security-context-demo -- sh');
    const lines = screen.text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['/ $ id', 'uid=1000(user-defined-in-image) gid=3000 groups=3000,4000,50000(group-defined-in-image)']);
    expect(lines.slice(-4)).toEqual(['user-defined-in-image:x:1000:', 'group-defined-in-image:x:50000:user-defined-in-image', '/ $ exit', '']);
    await run('kubectl delete pod security-context-demo --now');
    await run(`kubectl apply -f ${EXAMPLES}/security-context-6.yaml`);
    await run('kubectl wait --for=condition=Ready pod/security-context-demo --timeout=120s');
    expect((await run('kubectl exec -it security-context-demo -- id')).out).toBe('uid=1000(user-defined-in-image) gid=3000 groups=3000,4000\n');
  });
});

describe('the image\'s own /etc/group without a securityContext', () => {
  it('alpine\'s root is in every group alpine-baselayout lists root in; busybox\'s in wheel', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run alp --image=alpine:3.21 -- sleep 3600');
    await run('kubectl run box --image=busybox:1.28 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/alp pod/box --timeout=120s');
    expect((await run('kubectl exec alp -- id')).out).toBe('uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n');
    expect((await run('kubectl exec box -- id')).out).toBe('uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
    expect((await run('kubectl exec alp -- whoami')).out).toBe('root\n');
  });
});

describe('readOnlyRootFilesystem', () => {
  it('the root refuses writes with EROFS; a volume mounted in it takes them', async () => {
    const { screen, run, client } = await interactiveSession(['echo hi > /x', 'touch /tmp/y', 'mkdir /z', 'echo hi > /cache/x', 'cat /cache/x', 'exit']);
    client.create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ro' },
      spec: {
        volumes: [{ name: 'cache', emptyDir: {} }],
        containers: [{ name: 'ro', image: 'busybox:1.28', command: ['sleep', '3600'], volumeMounts: [{ name: 'cache', mountPath: '/cache' }], securityContext: { readOnlyRootFilesystem: true } }],
      },
    } as never);
    await run('kubectl wait --for=condition=Ready pod/ro --timeout=120s');
    await run('kubectl exec -it ro -- sh');
    expect(screen.text).toBe([
      '/ # echo hi > /x',
      "sh: can't create /x: Read-only file system",
      '/ # touch /tmp/y',
      'touch: /tmp/y: Read-only file system',
      '/ # mkdir /z',
      "mkdir: can't create directory '/z': Read-only file system",
      '/ # echo hi > /cache/x',
      '/ # cat /cache/x',
      'hi',
      '/ # exit',
      '',
    ].join('\n'));
  });
});

describe('an emptyDir without fsGroup', () => {
  it('is a 0777 directory of root\'s', async () => {
    const { run, client } = await interactiveSession();
    client.create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ed' },
      spec: { volumes: [{ name: 'cache', emptyDir: {} }], containers: [{ name: 'ed', image: 'busybox:1.28', command: ['sleep', '3600'], volumeMounts: [{ name: 'cache', mountPath: '/cache' }] }] },
    } as never);
    await run('kubectl wait --for=condition=Ready pod/ed --timeout=120s');
    expect((await run("kubectl exec ed -- sh -c 'ls -l / | grep cache'")).out).toBe('drwxrwxrwx    2 root     root          4096 Jan  1 00:00 cache\n');
  });
});
