/**
 * What the kubelet (v1.35, containerd 2.1) reports of each container beyond its state: the user containerd
 * made its process, its resources and allocatedResources, its volume mounts; and the generation it saw.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import type { KObject } from '../api/meta.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function pod(name: string, spec: object): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec } as KObject;
}

const get = (c: Cluster, name: string): Any => c.client().get('pods', 'default', name);
const status = (c: Cluster, name: string, container: string): Any => [...(get(c, name).status.initContainerStatuses ?? []), ...get(c, name).status.containerStatuses].find((s: Any) => s.name === container);

/** Lets the images' user files load: the kubelet holds the clock for them from the pod's admission on. */
async function loaded(c: Cluster): Promise<void> {
  for (let i = 0; i < 1000 && c.clock.held(); i++) await new Promise((r) => setTimeout(r, 0));
}

describe('a container status on a v1.35 node', () => {
  it('user: containerd\'s uid, gid and additional gids, from the securityContext and the image\'s /etc/passwd and /etc/group', async () => {
    const c = new Cluster({ seed: 3, bootAgeMs: 10_000 }).boot();
    const sc = { runAsUser: 1000, runAsGroup: 3000, supplementalGroups: [4000] };
    const agnhost = { name: 'ctr', image: 'registry.k8s.io/e2e-test-images/agnhost:2.52', args: ['pause'] };
    // The docs' "Configure a Security Context" pods: Merge adds the image's group-defined-in-image (50000).
    c.client().create('pods', 'default', pod('merge', { securityContext: sc, containers: [agnhost] }));
    c.client().create('pods', 'default', pod('strict', { securityContext: { ...sc, supplementalGroupsPolicy: 'Strict', fsGroup: 2000 }, containers: [agnhost] }));
    // busybox's root is in wheel (10); Debian's nginx root in nothing.
    c.client().create('pods', 'default', pod('root', { containers: [{ name: 'bb', image: 'busybox:1.36', command: ['sleep', '3600'] }, { name: 'web', image: 'nginx:1.27' }] }));
    c.advance(0);
    expect(c.clock.held()).toBe(true);
    await loaded(c);
    c.advance(30_000);
    expect(status(c, 'merge', 'ctr').user).toEqual({ linux: { uid: 1000, gid: 3000, supplementalGroups: [3000, 4000, 50000] } });
    expect(status(c, 'strict', 'ctr').user).toEqual({ linux: { uid: 1000, gid: 3000, supplementalGroups: [2000, 3000, 4000] } });
    expect(status(c, 'root', 'bb').user).toEqual({ linux: { uid: 0, gid: 0, supplementalGroups: [0, 10] } });
    expect(status(c, 'root', 'web').user).toEqual({ linux: { uid: 0, gid: 0, supplementalGroups: [0] } });
    expect(c.clock.errors).toEqual([]);
  });

  it('resources and allocatedResources for a container the runtime has; volumeMounts for every one', () => {
    const c = new Cluster({ seed: 3, bootAgeMs: 10_000 }).boot();
    c.client().create('pods', 'default', pod('p', {
      containers: [
        { name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '1G' } }, volumeMounts: [{ name: 'cfg', mountPath: '/cfg', readOnly: true }] },
        { name: 'bad', image: 'nginx:nope' },
        { name: 'crash', image: 'busybox:1.36', command: ['false'], resources: { limits: { memory: '1G' } } },
      ],
      volumes: [{ name: 'cfg', emptyDir: {} }],
    }));
    c.advance(60_000);
    const token = { name: expect.stringMatching(/^kube-api-access-/), mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true, recursiveReadOnly: 'Disabled' };
    const web = status(c, 'p', 'web');
    expect(web.state.running).toBeDefined();
    expect(web.allocatedResources).toEqual({ cpu: '100m', memory: '64Mi' });
    expect(web.resources).toEqual({ limits: { cpu: '1', memory: '1000000000' }, requests: { cpu: '100m', memory: '64Mi' } });
    expect(web.volumeMounts).toEqual([{ name: 'cfg', mountPath: '/cfg', readOnly: true, recursiveReadOnly: 'Disabled' }, token]);
    // Never created: nothing the runtime reports, only the mounts.
    const bad = status(c, 'p', 'bad');
    expect(bad.state.waiting.reason).toMatch(/ImagePull/);
    expect(Object.keys(bad).filter((k) => ['resources', 'allocatedResources', 'user'].includes(k))).toEqual([]);
    expect(bad.volumeMounts).toEqual([token]);
    // Exited and waiting to restart: the spec's resources as they are (the API server's defaulting copied the limit to the request).
    const crash = status(c, 'p', 'crash');
    expect(crash.state.waiting.reason).toBe('CrashLoopBackOff');
    expect(crash.resources).toEqual({ limits: { memory: '1G' }, requests: { memory: '1G' } });
    expect(crash.user).toBeDefined();
  });

  it('a container that failed to start (StartError) is still the runtime\'s: its ID, resources, allocatedResources and user', async () => {
    // containerd creates the container (its spec names the user) before runc fails to exec the command: the
    // exited container's ContainerStatus (internal/cri/server container_status.go toCRIContainerUser) is what
    // convertToAPIContainerStatuses converts, for the one left Terminated and the one waiting to restart alike.
    const c = new Cluster({ seed: 3, bootAgeMs: 10_000 }).boot();
    const ctr = { image: 'busybox:1.36', command: ['foo'], resources: { requests: { cpu: '100m' }, limits: { memory: '64Mi' } } };
    c.client().create('pods', 'default', pod('never', { restartPolicy: 'Never', securityContext: { runAsUser: 1000, runAsGroup: 3000 }, containers: [{ name: 'c', ...ctr }] }));
    c.client().create('pods', 'default', pod('always', { containers: [{ name: 'c', ...ctr }] }));
    c.advance(0);
    await loaded(c);
    c.advance(30_000);
    const resources = { limits: { memory: '64Mi' }, requests: { cpu: '100m', memory: '64Mi' } };
    const never = status(c, 'never', 'c');
    expect(never.state.terminated).toMatchObject({ exitCode: 128, reason: 'StartError', message: expect.stringContaining('exec: "foo": executable file not found in $PATH') });
    // Not restarted (restartPolicy Never): no RunContainerError over it, and no earlier container.
    expect(never.lastState).toEqual({});
    expect(never.containerID).toBe(never.state.terminated.containerID);
    expect(never.imageID).toMatch(/^docker\.io\/library\/busybox@sha256:/);
    expect(never.resources).toEqual(resources);
    expect(never.allocatedResources).toEqual(resources.requests);
    // busybox's /etc/group puts no one in group 3000: runAsGroup and nothing else.
    expect(never.user).toEqual({ linux: { uid: 1000, gid: 3000, supplementalGroups: [3000] } });
    const always = status(c, 'always', 'c');
    expect(always.state.waiting).toBeDefined();
    expect(always.lastState.terminated.reason).toBe('StartError');
    expect(always.containerID).toBe(always.lastState.terminated.containerID);
    expect(always.resources).toEqual(resources);
    expect(always.user).toEqual({ linux: { uid: 0, gid: 0, supplementalGroups: [0, 10] } });
    expect(c.clock.errors).toEqual([]);
  });

  it('a whole command line written as the one command word is looked up as a file name, quoted the way Go quotes it', async () => {
    // runc's exec.LookPath error prints the name with strconv.Quote, so inner quotes come out escaped.
    const c = new Cluster({ seed: 3, bootAgeMs: 10_000 }).boot();
    c.client().create('pods', 'default', pod('one-word', { restartPolicy: 'Never', containers: [{ name: 'web', image: 'nginx:1.26', command: ['nginx -g "daemon off;"'] }] }));
    c.advance(0);
    await loaded(c);
    c.advance(30_000);
    expect(status(c, 'one-word', 'web').state.terminated.message).toContain('exec: "nginx -g \\"daemon off;\\"": executable file not found in $PATH: unknown');
    expect(c.clock.errors).toEqual([]);
  });

  it('observedGeneration: the status and the kubelet\'s conditions follow the pod\'s generation', () => {
    const c = new Cluster({ seed: 3, bootAgeMs: 10_000 }).boot();
    c.client().create('pods', 'default', pod('p', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    c.advance(30_000);
    const gens = () => [get(c, 'p').status.observedGeneration, ...get(c, 'p').status.conditions.map((x: Any) => x.observedGeneration)];
    expect(gens()).toEqual([1, 1, 1, 1, 1, 1]);
    // A new image is a new generation; the kubelet's next status says it saw it.
    c.client().patch('pods', 'default', 'p', 'strategic', { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } });
    c.advance(30_000);
    expect(get(c, 'p').metadata.generation).toBe(2);
    expect(gens()).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('a status write that leaves observedGeneration out keeps the stored one (preserveOldObservedGeneration)', () => {
    const c = new Cluster({ seed: 3, bootAgeMs: 10_000 }).boot();
    c.client().create('pods', 'default', pod('p', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    c.advance(30_000);
    const cur = get(c, 'p');
    const { observedGeneration: _, ...rest } = cur.status;
    const conditions = cur.status.conditions.map(({ observedGeneration: __, ...x }: Any) => x);
    const written = c.client().updateStatus('pods', { ...cur, status: { ...rest, conditions } }) as Any;
    expect(written.status.observedGeneration).toBe(1);
    expect(written.status.conditions.map((x: Any) => x.observedGeneration)).toEqual([1, 1, 1, 1, 1]);
  });
});
