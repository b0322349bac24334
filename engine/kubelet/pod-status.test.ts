import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { containerStatusJSON, qosClass } from './pod-status.js';

const T = Date.UTC(2026, 0, 1, 0, 0, 10);

describe('pod status pieces', () => {
  it('a container status has no members for what is unset (JSON omitempty), in the same order as always', () => {
    const s = containerStatusJSON({
      name: 'c', init: false, image: 'docker.io/library/busybox:1.36', imageID: 'docker.io/library/busybox@sha256:ab', restartCount: 1, ready: false, started: false,
      containerID: 'c2', terminated: { exitCode: 1, reason: 'Error', startedAt: T, finishedAt: T + 1000, containerID: 'c2' },
      lastTerminated: { exitCode: 137, reason: 'OOMKilled', message: 'oom', startedAt: T - 5000, finishedAt: T - 4000, containerID: '' },
    });
    expect(Object.keys(s)).toEqual(['containerID', 'image', 'imageID', 'lastState', 'name', 'ready', 'restartCount', 'started', 'state']);
    expect(JSON.stringify(s.state)).toBe('{"terminated":{"containerID":"containerd://c2","exitCode":1,"finishedAt":"2026-01-01T00:00:11Z","reason":"Error","startedAt":"2026-01-01T00:00:10Z"}}');
    expect(JSON.stringify(s.lastState)).toBe('{"terminated":{"exitCode":137,"finishedAt":"2026-01-01T00:00:06Z","message":"oom","reason":"OOMKilled","startedAt":"2026-01-01T00:00:05Z"}}');
    const waiting = containerStatusJSON({ name: 'c', init: false, image: 'nginx:1.25', imageID: '', restartCount: 0, ready: false, started: false, waiting: { reason: 'ContainerCreating' } });
    expect(Object.keys(waiting)).toEqual(['image', 'imageID', 'lastState', 'name', 'ready', 'restartCount', 'started', 'state']);
    expect(waiting.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
  });

  it('the QoS class follows the spec it is asked about', () => {
    const spec = (requests?: Record<string, string>, limits?: Record<string, string>): Pod => ({ spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests, limits } }] } });
    const best = spec();
    expect(qosClass(best)).toBe('BestEffort');
    expect(qosClass(best)).toBe('BestEffort');
    expect(qosClass(spec({ cpu: '100m' }))).toBe('Burstable');
    expect(qosClass(spec({ cpu: '100m', memory: '64Mi' }, { cpu: '100m', memory: '64Mi' }))).toBe('Guaranteed');
    expect(qosClass({ ...best, spec: { ...best.spec!, containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } })).toBe('Guaranteed');
  });
});
