/**
 * `kubectl debug POD`: the decisions as pure functions (profiles.go's Apply
 * for ephemeral containers and pod copies, generatePodCopyWithDebugContainer),
 * client-side errors recorded from the real kubectl v1.35.2 (KUBECONFIG=/dev/null,
 * no server needed), and the waiting/attach path through kubectl itself.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { kubectlRunner } from '../test-helpers.js';
import type { Invocation } from '../framework/command.js';
import { nodeDebugPod } from './debug.js';
import { applyProfile, generateEphemeralContainer, generatePodCopy, twoWayElement, type DebugPodOptions, type KeepFlags } from './debug-pod.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const NO_KEEP: KeepFlags = { labels: false, annotations: false, liveness: false, readiness: false, startup: false, initContainers: true };

function opts(o: Partial<DebugPodOptions> = {}): DebugPodOptions {
  return {
    image: 'busybox:1.28', container: '', target: '', pullPolicy: '', env: [], stdin: false, tty: false, args: [], argsOnly: false,
    profile: 'legacy', quiet: true, attach: false, copyTo: 'copy', replace: false, sameNode: false, setImages: new Map(), keep: NO_KEEP, ...o,
  };
}

/** An Invocation just rich enough for the name generator (seeded) and output. */
function fakeInv(): Invocation & { printed: string } {
  const cluster = new Cluster({ seed: 3 });
  const inv: Any = { ctx: { cluster }, printed: '', out(t: string) { inv.printed += t; }, err(t: string) { inv.printed += t; } };
  return inv;
}

const probe = { httpGet: { path: '/', port: 80 } };
const source = (): KObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', labels: { app: 'web' }, annotations: { note: 'x' }, resourceVersion: '9' },
  spec: {
    nodeName: 'worker-1',
    initContainers: [{ name: 'init', image: 'busybox:1.28' }],
    containers: [{ name: 'web', image: 'nginx:1.27', livenessProbe: probe, readinessProbe: probe, startupProbe: probe }, { name: 'side', image: 'busybox:1.28' }],
    ephemeralContainers: [{ name: 'old', image: 'busybox:1.28' }],
  },
  status: { phase: 'Running' },
});

describe('profiles.go Apply', () => {
  const forEphemeral = (profile: string) => {
    const c: Any = { name: 'd' };
    applyProfile(profile, { metadata: {}, spec: {} }, c, 'ephemeral', NO_KEEP);
    return c.securityContext;
  };
  it('changes an ephemeral container as each profile does', () => {
    expect(forEphemeral('legacy')).toBeUndefined();
    expect(forEphemeral('general')).toEqual({ capabilities: { add: ['SYS_PTRACE'] } });
    expect(forEphemeral('baseline')).toBeUndefined();
    expect(forEphemeral('restricted')).toEqual({ runAsNonRoot: true, capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } });
    expect(forEphemeral('netadmin')).toEqual({ capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } });
    expect(forEphemeral('sysadmin')).toEqual({ privileged: true });
  });
  it('generateDebugContainer: the fields kubectl sends, the target, args-only and env', () => {
    const ec = generateEphemeralContainer('debugger-abcde', opts({ target: 'web', stdin: true, tty: true, args: ['sleep', '1d'], env: [{ name: 'A', value: '1' }], pullPolicy: 'Always', profile: 'general' }), source());
    expect(ec).toEqual({
      name: 'debugger-abcde', image: 'busybox:1.28', command: ['sleep', '1d'], env: [{ name: 'A', value: '1' }], resources: {},
      terminationMessagePolicy: 'File', imagePullPolicy: 'Always', stdin: true, tty: true, targetContainerName: 'web',
      securityContext: { capabilities: { add: ['SYS_PTRACE'] } },
    });
    expect(generateEphemeralContainer('d', opts({ args: ['-c', 'x'], argsOnly: true }), source()).args).toEqual(['-c', 'x']);
  });
});

describe('the patch for a --container that is already an ephemeral container', () => {
  it('holds only the differences, removed fields as null (CreateTwoWayMergePatch)', () => {
    const old = { name: 'dbg', image: 'busybox:1.28', command: ['sleep', '1d'], resources: {}, terminationMessagePath: '/dev/termination-log' };
    const now = { name: 'dbg', image: 'busybox:1.36', resources: {} };
    expect(twoWayElement(old, now)).toEqual({ name: 'dbg', command: null, terminationMessagePath: null, image: 'busybox:1.36' });
  });
  it('makes the server refuse a changed one', async () => {
    const cluster = new Cluster({ seed: 4 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['run', 'web', '--image=nginx']);
    cluster.advance(10_000);
    expect((await k.run(['debug', 'web', '--image=busybox:1.28', '-c', 'dbg', '--profile=general', '--', 'sleep', '1d'])).code).toBe(0);
    const r = await k.run(['debug', 'web', '--image=busybox:1.28', '-c', 'dbg', '--profile=general']);
    // The server's message ends with its own newline; MultilineError adds another (a blank line follows).
    expect(r.stderr).toBe('The Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be changed\n\n');
  });
});

describe('the node debugging pod per profile (profiles.go, node style)', () => {
  const node = (profile: string) => nodeDebugPod({ podName: 'p', node: 'worker-1', container: 'debugger', image: 'busybox', pullPolicy: '', env: [], stdin: false, tty: false, args: [], argsOnly: false, profile }).spec as Any;
  it('legacy and general: the host root at /host and the host namespaces', () => {
    for (const p of ['legacy', 'general']) {
      const spec = node(p);
      expect(spec.volumes).toEqual([{ name: 'host-root', hostPath: { path: '/' } }]);
      expect(spec.containers[0].volumeMounts).toEqual([{ name: 'host-root', mountPath: '/host' }]);
      expect([spec.hostNetwork, spec.hostPID, spec.hostIPC]).toEqual([true, true, true]);
    }
  });
  it('baseline and restricted: no host access; netadmin: host namespaces and network capabilities; sysadmin: privileged with both', () => {
    expect(node('baseline')).not.toHaveProperty('hostNetwork');
    expect(node('baseline')).not.toHaveProperty('volumes');
    expect(node('restricted').containers[0].securityContext).toEqual({ runAsNonRoot: true, capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } });
    const net = node('netadmin');
    expect([net.hostNetwork, net.volumes, net.containers[0].securityContext]).toEqual([true, undefined, { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } }]);
    const sys = node('sysadmin');
    expect([sys.hostPID, sys.volumes?.length, sys.containers[0].securityContext]).toEqual([true, 1, { privileged: true }]);
  });
});

describe('generatePodCopyWithDebugContainer', () => {
  it('legacy: drops only the labels; the node, ephemeral containers and status go, the rest stays', () => {
    const { copy, container } = generatePodCopy(fakeInv(), source(), opts({ container: 'dbg' }));
    expect(container).toBe('dbg');
    expect(copy.metadata).toEqual({ name: 'copy', namespace: 'default', annotations: { note: 'x' } });
    expect(copy.spec.nodeName).toBeUndefined();
    expect(copy.spec.ephemeralContainers).toBeUndefined();
    expect(copy.spec.shareProcessNamespace).toBeUndefined();
    expect(copy.spec.initContainers).toHaveLength(1);
    expect(copy.spec.containers[0].livenessProbe).toEqual(probe);
    expect(copy.spec.containers[2]).toEqual({ name: 'dbg', resources: {}, terminationMessagePolicy: 'File', image: 'busybox:1.28' });
    expect(copy.status).toBeUndefined();
  });
  it('general: labels, annotations, probes and (with --keep-init-containers=false) init containers go; processes shared', () => {
    const { copy } = generatePodCopy(fakeInv(), source(), opts({ container: 'dbg', profile: 'general', keep: { ...NO_KEEP, initContainers: false } }));
    expect(copy.metadata.labels).toBeUndefined();
    expect(copy.metadata.annotations).toBeUndefined();
    expect(copy.spec.initContainers).toBeUndefined();
    expect(copy.spec.containers[0]).toEqual({ name: 'web', image: 'nginx:1.27' });
    expect(copy.spec.shareProcessNamespace).toBe(true);
    expect(copy.spec.containers[2].securityContext).toEqual({ capabilities: { add: ['SYS_PTRACE'] } });
  });
  it('general with every --keep flag keeps them; --same-node keeps the node; --share-processes=false wins', () => {
    const keep = { labels: true, annotations: true, liveness: true, readiness: true, startup: true, initContainers: true };
    const { copy } = generatePodCopy(fakeInv(), source(), opts({ container: 'dbg', profile: 'general', keep, sameNode: true, shareProcesses: false }));
    expect(copy.metadata.labels).toEqual({ app: 'web' });
    expect(copy.metadata.annotations).toEqual({ note: 'x' });
    expect(copy.spec.containers[0].startupProbe).toEqual(probe);
    expect(copy.spec.nodeName).toBe('worker-1');
    expect(copy.spec.shareProcessNamespace).toBe(false);
  });
  it('an existing container is changed in place: image, command (args cleared), stdin and tty', () => {
    const src = source();
    (src.spec as Any).containers[1].args = ['old'];
    const { copy, container } = generatePodCopy(fakeInv(), src, opts({ container: 'side', image: 'busybox:1.36', args: ['sh'], stdin: true, tty: true }));
    expect(container).toBe('side');
    expect(copy.spec.containers).toHaveLength(2);
    expect(copy.spec.containers[1]).toEqual({ name: 'side', image: 'busybox:1.36', command: ['sh'], stdin: true, tty: true });
  });
  it('--set-image NAME=IMAGE and *=IMAGE, without a debug container; a new container needs an image', () => {
    const { copy, container } = generatePodCopy(fakeInv(), source(), opts({ image: '', setImages: new Map([['*', 'nginx:1.25'], ['side', 'busybox:1.36']]) }));
    expect(container).toBe('');
    expect(copy.spec.containers.map((c: Any) => c.image)).toEqual(['nginx:1.25', 'busybox:1.36']);
    expect(copy.metadata.labels).toEqual({ app: 'web' });
    expect(() => generatePodCopy(fakeInv(), source(), opts({ image: '', container: 'new' }))).toThrow('you must specify image when creating new container');
  });
  it('names the new container debugger-xxxxx, printed unless --quiet', () => {
    const inv = fakeInv();
    const { container } = generatePodCopy(inv, source(), opts({ quiet: false }));
    expect(container).toMatch(/^debugger-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(inv.printed).toBe(`Defaulting debug container name to ${container}.\n`);
  });
});

describe('kubectl debug through kubectl', () => {
  // Recorded from the real kubectl v1.35.2 with KUBECONFIG=/dev/null.
  it.each([
    ['debug web --copy-to=x', 'error: you must specify --image, --set-image or command arguments.\n'],
    ['debug web --image=busybox --copy-to=x --target=a', 'error: --target is incompatible with --copy-to. Use --share-processes instead.\n'],
    ['debug web --image=busybox -t', 'error: -i/--stdin is required for containers with -t/--tty=true\n'],
    ['debug web --image=busybox --set-image=a=b', 'error: --set-image may only be used with --copy-to.\n'],
    ['debug web --image=busybox --profile=foo', 'error: unknown profile: foo\n'],
  ])('%s', async (line, expected) => {
    const k = kubectlRunner(new Cluster({ seed: 1 }).boot());
    const r = await k.run(line.split(' '));
    expect(r.stderr).toBe(expected);
    expect(r.code).toBe(1);
  });

  it('-f FILE debugs the pods the file names', async () => {
    const cluster = new Cluster({ seed: 4 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['run', 'web', '--image=nginx']);
    cluster.advance(10_000);
    k.fs.writeFile('/root/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n');
    const r = await k.run(['debug', '-f', 'pod.yaml', '--image=busybox:1.28', '-c', 'dbg', '--profile=general']);
    expect(r).toMatchObject({ code: 0, output: '' });
    expect((cluster.client().get('pods', 'default', 'web').spec as Any).ephemeralContainers.map((c: Any) => c.name)).toEqual(['dbg']);
  });

  it('-i waits for the container, warning with each waiting message (a missing image never runs)', async () => {
    const cluster = new Cluster({ seed: 4 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['run', 'web', '--image=nginx']);
    cluster.advance(10_000);
    // ErrImagePull shows at the pod worker's 10-15 s requeue after the failed pull, ImagePullBackOff at the one after
    // the second failure (the 20 s back-off): up to about 45 s.
    const r = await k.run(['debug', 'web', '-i', '--image=busybox:9.99', '-c', 'dbg', '--profile=general'], { abortAfterMs: 60_000 });
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Warning: container dbg: rpc error: code = NotFound desc = failed to pull and unpack image "docker\.io\/library\/busybox:9\.99"/);
    expect(r.stderr).toContain('Warning: container dbg: Back-off pulling image "busybox:9.99"');
    const st = (cluster.client().get('pods', 'default', 'web').status as Any).ephemeralContainerStatuses[0];
    expect(st.state.waiting.reason).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('the pod deleted while waiting: the watch\'s DELETED becomes a NotFound without a name', async () => {
    const cluster = new Cluster({ seed: 4 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['run', 'web', '--image=nginx']);
    cluster.advance(10_000);
    cluster.clock.schedule(3_000, () => cluster.client().delete('pods', 'default', 'web', { gracePeriodSeconds: 0 }));
    const r = await k.run(['debug', 'web', '-i', '--image=busybox:9.99', '-c', 'dbg', '--profile=general', '--quiet'], { abortAfterMs: 60_000 });
    expect(r.stderr).toBe('Error from server (NotFound): pods "" not found\n');
    expect(r.code).toBe(1);
  });

  it('-it without a terminal behind stdin says so, then streams what the container prints', async () => {
    const cluster = new Cluster({ seed: 4 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['run', 'web', '--image=nginx']);
    cluster.advance(10_000);
    const r = await k.run(['debug', 'web', '-it', '--image=busybox:1.28', '-c', 'dbg', '--profile=general', '--', 'sh', '-c', 'echo hi; sleep 3600'], { abortAfterMs: 20_000 });
    expect(r.stderr).toBe('Unable to use a TTY - input is not a terminal or the right kind of file\n'
      + 'All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\n'
      + "If you don't see a command prompt, try pressing enter.\n");
    expect(cluster.clock.errors).toEqual([]);
  });

  // Recorded from the real kubectl v1.35.2 (KUBECONFIG=/dev/null) with the same files.
  it.each([
    ['debug web --image=busybox --custom=/tmp/nope.json', 'error: must pass a container spec json file for custom profile: open /tmp/nope.json: no such file or directory\n'],
    ['debug web --image=busybox --custom=/tmp/cimg.json', 'error: name, command, image, lifecycle and volume devices are not modifiable via custom profile\n'],
    ['debug web --image=busybox --custom=/tmp/carr.yaml', 'error: /tmp/carr.yaml does not contain a valid container spec: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type v1.Container\n'],
    ['debug web --image=busybox --custom=/tmp/cbad.yaml', 'error: /tmp/cbad.yaml does not contain a valid container spec: error converting YAML to JSON: yaml: line 1: did not find expected node content\n'],
    ['debug web --image=busybox --custom=/tmp', 'error: must pass a container spec json file for custom profile: read /tmp: is a directory\n'],
    ['debug web --image=busybox --profile=bad --custom=/tmp/nope.json', 'error: unknown profile: bad\n'],
  ])('%s', async (line, expected) => {
    const k = kubectlRunner(new Cluster({ seed: 1 }).boot());
    k.fs.writeFile('/tmp/cimg.json', '{"image":"x"}');
    k.fs.writeFile('/tmp/carr.yaml', '- a\n- b\n');
    k.fs.writeFile('/tmp/cbad.yaml', 'env: [\n');
    const r = await k.run(line.split(' '));
    expect(r.stderr).toBe(expected);
    expect(r.code).toBe(1);
  });

  it('--custom merges the partial container spec after the profile (env by name, securityContext as a map)', async () => {
    const cluster = new Cluster({ seed: 4 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['run', 'web', '--image=nginx']);
    cluster.advance(10_000);
    k.fs.writeFile('/root/custom.yaml', 'env:\n- name: A\n  value: "1"\nsecurityContext:\n  runAsUser: 0\n');
    const r = await k.run(['debug', 'web', '--image=busybox:1.28', '-c', 'dbg', '--profile=general', '--custom=custom.yaml', '--env=B=2']);
    expect(r.code).toBe(0);
    const ec = (cluster.client().get('pods', 'default', 'web').spec as Any).ephemeralContainers[0];
    // strategicpatch mergeSlice's normalizeElementOrder: a patch item the original lacks goes before the original's
    // own (kubectl v1.35.2 patch --local, the same StrategicMergePatch, puts a new port before the live one).
    expect(ec.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(ec.securityContext).toEqual({ capabilities: { add: ['SYS_PTRACE'] }, runAsUser: 0 });
  });
});
