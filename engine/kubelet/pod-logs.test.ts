/**
 * GET pods/{name}/log on the server side. Expected texts are the v1.35
 * sources': LogLocation/validateContainer (pkg/registry/core/pod/strategy.go),
 * the kubelet's validateContainerLogStatus (pkg/kubelet/kubelet_pods.go), and
 * the API server's failed dial to the kubelet (a plain error, a 500 without a
 * reason). Waiting on image pulls reads "image can't be pulled" / "trying and
 * failing to pull image", not the reason itself.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import type { KObject } from '../api/meta.js';
import { isStatusError } from '../api/errors.js';
import { podLogs } from './pod-logs.js';
import { kubeletHostOf } from './kubelet-server.js';

function pod(c: Cluster, name: string): KObject {
  return c.client().get('pods', 'default', name);
}

function logError(c: Cluster, name: string, opts: Parameters<typeof podLogs>[2] = {}): { code: number; reason: string; message: string } | undefined {
  try {
    podLogs(kubeletHostOf(c), pod(c, name), opts, c.clock.now());
    return undefined;
  } catch (e) {
    if (!isStatusError(e)) throw e;
    return { code: e.code, reason: e.reason, message: e.message };
  }
}

function run(c: Cluster, name: string, spec: Record<string, unknown>): void {
  c.client().create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });
}

describe('pods/log', () => {
  it('answers with the API server\'s and the kubelet\'s texts', () => {
    const c = new Cluster({ seed: 4 }).boot();
    run(c, 'bad', { containers: [{ name: 'app', image: 'nginx:does-not-exist' }] });
    run(c, 'two', { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx' }], initContainers: [{ name: 'i', image: 'busybox', command: ['true'] }] });
    run(c, 'huge', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '500' } } }] });
    c.advance(1_000);
    // Not scheduled: LogLocation has no node to send the request to, and the answer is empty.
    expect(podLogs(kubeletHostOf(c), pod(c, 'huge'), {}, c.clock.now()).text).toBe('');
    expect(logError(c, 'two')).toEqual({ code: 400, reason: 'BadRequest', message: 'a container name must be specified for pod two, choose one of: [i a b]' });
    expect(logError(c, 'two', { container: 'zz' })?.message).toBe('container zz is not valid for pod two');
    c.advance(20_000);
    expect(logError(c, 'bad')?.message).toMatch(/^container "app" in pod "bad" is waiting to start: (image can't be pulled|trying and failing to pull image)$/);
    c.clock.runUntil(() => JSON.stringify(pod(c, 'bad').status).includes('ImagePullBackOff'), 120_000);
    expect(logError(c, 'bad')?.message).toBe('container "app" in pod "bad" is waiting to start: trying and failing to pull image');
    expect(logError(c, 'two', { container: 'a', previous: true })?.message).toBe('previous terminated container "a" in pod "two" not found');
  });

  it('cuts at limitBytes and keeps the tail', () => {
    const c = new Cluster({ seed: 4 }).boot();
    run(c, 'talk', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'echo one; echo two; echo three; sleep 3600'] }] });
    c.advance(30_000);
    const read = (opts: Parameters<typeof podLogs>[2]) => podLogs(kubeletHostOf(c), pod(c, 'talk'), opts, c.clock.now()).text;
    expect(read({})).toBe('one\ntwo\nthree\n');
    expect(read({ tailLines: 2 })).toBe('two\nthree\n');
    expect(read({ limitBytes: 6 })).toBe('one\ntw');
    expect(read({ sinceSeconds: 1 })).toBe('');
  });

  it('a stopped kubelet refuses the connection; a machine without power does not answer', () => {
    const c = new Cluster({ seed: 4 }).boot();
    run(c, 'web', { nodeName: 'worker-1', containers: [{ name: 'web', image: 'nginx' }] });
    c.advance(30_000);
    const ip = ((c.client().get('nodes', undefined, 'worker-1').status as { addresses: { type: string; address: string }[] }).addresses.find((a) => a.type === 'InternalIP'))!.address;
    c.kubelets.get('worker-1')!.stop();
    expect(logError(c, 'web', { tailLines: 5, timestamps: true })).toEqual({
      code: 500, reason: '',
      message: `Get "https://${ip}:10250/containerLogs/default/web/web?tailLines=5&timestamps=true": dial tcp ${ip}:10250: connect: connection refused`,
    });
    c.kubelets.get('worker-1')!.powerOff();
    expect(logError(c, 'web')?.message).toBe(`Get "https://${ip}:10250/containerLogs/default/web/web": dial tcp ${ip}:10250: connect: no route to host`);
  });
});
