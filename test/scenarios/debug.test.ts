/**
 * `kubectl debug` as kubernetes/website's "Debug Running Pods" task does it
 * (content/en/docs/tasks/debug/debug-application/debug-running-pod.md):
 * an ephemeral busybox container in a running nginx pod, which shares the
 * pod's network namespace; removing it again is refused by the API server;
 * `--copy-to` makes a changed copy of the pod. Expected texts come from
 * kubectl/pkg/cmd/debug (v1.35.2) and pkg/apis/core/validation.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';
import { StatusError } from '../../engine/api/errors.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const session = (lines: string[] = [], seed = 7) => interactiveSession(lines, seed);

const LEGACY_WARNING = '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n';
const NOTICE = 'All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don\'t see a command prompt, try pressing enter.\n';

describe('kubectl debug with an ephemeral container', () => {
  it('runs busybox in a running nginx pod: attach, localhost reaches nginx, exec works, never restarted', async () => {
    const { cluster, screen, run, client } = await session(['wget -qO- localhost | grep title', 'hostname', 'exit']);
    await run('kubectl run web --image=nginx');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=60s');
    const r = await run('kubectl debug -it web --image=busybox:1.28 --target=web');
    // Validate's texts first (debug.go), then the generated name, then attach's notice.
    expect(r.out).toMatch(new RegExp(
      '^Targeting container "web"\\. If you don\'t see processes from this container it may be because the container runtime doesn\'t support this feature\\.\\n'
      + LEGACY_WARNING.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      + 'Defaulting debug container name to (debugger-[bcdfghjklmnpqrstvwxz2456789]{5})\\.\\n'
      + NOTICE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      + 'Session ended, the ephemeral container will not be restarted but may be reattached using \'kubectl attach web -c \\1 -i -t\' if it is still running\\n$'));
    const name = /debugger-[a-z0-9]{5}/.exec(r.out)![0];
    // The shell is in the pod's network namespace: localhost is nginx, the hostname is the pod's.
    expect(screen.text).toBe('/ # wget -qO- localhost | grep title\n<title>Welcome to nginx!</title>\n/ # hostname\nweb\n/ # exit\n');

    const pod = client.get('pods', 'default', 'web') as Any;
    expect(pod.spec.ephemeralContainers).toEqual([{
      image: 'busybox:1.28', imagePullPolicy: 'IfNotPresent', name, resources: {}, stdin: true, targetContainerName: 'web',
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', tty: true,
    }]);
    // Leaving the shell ended the container; it stays terminated (no restart, whatever restartPolicy says).
    cluster.advance(60_000);
    const st = (client.get('pods', 'default', 'web') as Any).status;
    expect(st.ephemeralContainerStatuses).toHaveLength(1);
    expect(st.ephemeralContainerStatuses[0]).toMatchObject({ name, image: 'docker.io/library/busybox:1.28', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(st.ephemeralContainerStatuses[0].started).toBeUndefined();
    expect(st.phase).toBe('Running');
    const reasons = client.list('events', 'default').items
      .filter((e: Any) => e.involvedObject.fieldPath === `spec.ephemeralContainers{${name}}`).map((e: Any) => e.reason);
    expect(reasons).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);

    // A second debug container without a terminal: exec into it works, and it too reaches nginx on localhost.
    const r2 = await run('kubectl debug web --image=busybox:1.28 -c shell --profile=general -- sleep 1d');
    expect(r2.out).toBe('');
    cluster.advance(5_000);
    const ex = await run('kubectl exec web -c shell -- wget -qO- localhost');
    expect(ex.out).toContain('<title>Welcome to nginx!</title>');
    const sec = (client.get('pods', 'default', 'web') as Any).spec.ephemeralContainers[1];
    expect(sec.securityContext).toEqual({ capabilities: { add: ['SYS_PTRACE'] } });
    expect(sec.command).toEqual(['sleep', '1d']);

    const d = await run('kubectl describe pod web');
    expect(d.out).toContain('Ephemeral Containers:\n');
    expect(d.out).toMatch(/ {2}shell:\n[\s\S]*?State: {10}Running\n[\s\S]*?Ready: {10}False\n/);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('refuses to remove or change an ephemeral container, with the API server\'s texts', async () => {
    const { cluster, run, client } = await session();
    await run('kubectl run web --image=nginx');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=60s');
    await run('kubectl debug web --image=busybox:1.28 -c dbg --profile=general -- sleep 1d');
    const pod = JSON.parse(JSON.stringify(client.get('pods', 'default', 'web')));
    const rv = cluster.store.currentRevision();
    let err: unknown;
    try {
      client.update('pods', { ...pod, spec: { ...pod.spec, ephemeralContainers: [] } }, { subresource: 'ephemeralcontainers' });
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).status.message).toBe('Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be removed\n');
    err = undefined;
    try {
      client.patch('pods', 'default', 'web', 'json', [{ op: 'replace', path: '/spec/ephemeralContainers/0/image', value: 'busybox:1.36' }], { subresource: 'ephemeralcontainers' });
    } catch (e) { err = e; }
    expect((err as StatusError).status.message).toMatch(/^Pod "web" is invalid: spec\.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be changed\n/);
    // Through the pod itself, spec.ephemeralContainers is as immutable as the rest of the spec.
    err = undefined;
    try {
      client.update('pods', { ...pod, spec: { ...pod.spec, ephemeralContainers: [] } });
    } catch (e) { err = e; }
    expect((err as StatusError).status.message).toMatch(/^Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than/);
    expect(cluster.store.currentRevision()).toBe(rv);
    // kubectl reports the server's 422 as CheckErr does.
    const dup = await run('kubectl debug web --image=busybox:1.28 -c web --profile=general');
    expect(dup.out).toBe('The Pod "web" is invalid: spec.ephemeralContainers[1].name: Duplicate value: "web"\n');
    const bad = await run('kubectl debug web --image=busybox:1.28 -c x --target=nope --profile=general');
    expect(bad.out).toContain('The Pod "web" is invalid: spec.ephemeralContainers[1].targetContainerName: Not found: "nope"\n');
  });
});

describe('kubectl debug --copy-to', () => {
  it('creates the copy with the general profile\'s changes and attaches to its new container', async () => {
    const { cluster, run, client, screen } = await session(['echo in-copy', 'exit']);
    await run('kubectl run web --image=nginx --labels=app=web');
    await run('kubectl annotate pod web note=x');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=60s');
    const r = await run('kubectl debug web -it --copy-to=web-debug --image=busybox:1.28 --profile=general');
    expect(r.out).toMatch(/^Defaulting debug container name to debugger-[a-z0-9]{5}\.\n/);
    expect(r.out).toContain(NOTICE);
    expect(r.out).toMatch(/Session ended, resume using 'kubectl attach web-debug -c debugger-[a-z0-9]{5} -i -t' command when the pod is running\n$/);
    expect(screen.text).toBe('/ # echo in-copy\nin-copy\n/ # exit\n');
    const copy = client.get('pods', 'default', 'web-debug') as Any;
    expect(copy.metadata.labels).toBeUndefined();
    expect(copy.metadata.annotations).toBeUndefined();
    expect(copy.spec.shareProcessNamespace).toBe(true);
    expect(copy.spec.containers.map((c: Any) => c.name)).toEqual(['web', expect.stringMatching(/^debugger-/)]);
    expect(copy.spec.containers[1]).toMatchObject({ image: 'busybox:1.28', stdin: true, tty: true, securityContext: { capabilities: { add: ['SYS_PTRACE'] } } });
    expect(client.get('pods', 'default', 'web')).toBeDefined();
    expect(cluster.clock.errors).toEqual([]);
  });

  it('--set-image with --same-node and --replace swaps the pod for a copy on the same node', async () => {
    const { cluster, run, client } = await session();
    await run('kubectl run web --image=nginx --labels=app=web');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=60s');
    const node = (client.get('pods', 'default', 'web') as Any).spec.nodeName;
    const r = await run('kubectl debug web --copy-to=web-2 --set-image=*=nginx:1.25 --same-node --replace');
    expect(r.out).toBe(LEGACY_WARNING);
    cluster.advance(30_000);
    expect(client.tryGet('pods', 'default', 'web')).toBeUndefined();
    const copy = client.get('pods', 'default', 'web-2') as Any;
    expect(copy.spec.nodeName).toBe(node);
    expect(copy.spec.containers[0].image).toBe('nginx:1.25');
    // A --set-image-only copy returns before the profile: the legacy profile would have dropped the labels.
    expect(copy.metadata.labels).toEqual({ app: 'web' });
    expect(copy.status.phase).toBe('Running');
  });
});

describe('kubectl debug node/NAME', () => {
  it('-it attaches to the node debugging pod\'s shell; no reattach hint for a restartPolicy Never pod', async () => {
    const { cluster, run, client, screen } = await session(['echo on-node', 'exit']);
    const r = await run('kubectl debug node/worker-1 -it --image=busybox:1.28 --profile=general');
    expect(r.out).toMatch(/^Creating debugging pod node-debugger-worker-1-[bcdfghjklmnpqrstvwxz2456789]{5} with container debugger on node worker-1\.\n/);
    expect(r.out.endsWith(NOTICE)).toBe(true);
    expect(screen.text).toBe('/ # echo on-node\non-node\n/ # exit\n');
    const pod = client.list('pods', 'default').items.find((p) => p.metadata.name!.startsWith('node-debugger-worker-1-')) as Any;
    expect(pod.spec).toMatchObject({ nodeName: 'worker-1', hostNetwork: true, hostPID: true, hostIPC: true, restartPolicy: 'Never' });
    cluster.advance(10_000);
    expect((client.get('pods', 'default', pod.metadata.name) as Any).status.phase).toBe('Succeeded');
    expect(cluster.clock.errors).toEqual([]);
  });
});
