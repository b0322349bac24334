import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';

/*
 * pkg/apis/core/validation (release-1.35) validateLifecycle → validateHandler: one handler type (each further one
 * Forbidden, in the order exec, httpGet, tcpSocket, grpc, sleep), validateExecAction, validateHTTPGetAction (path
 * required, ValidatePortNumOrName, the schemes of supportedHTTPSchemes), validateSleepAction with
 * PodLifecycleSleepActionAllowZero (GA and locked on in 1.34: 0 passes, the message is the "non-negative" one);
 * validateInitContainers forbids lifecycle on an init container that is not a sidecar. podutil's
 * dropContainerStopSignals: ContainerStopSignals is alpha, off by default in 1.35, so stopSignal is dropped.
 */
describe('container lifecycle hooks the API server refuses or changes', () => {
  const cluster = new Cluster({ seed: 1 }).boot();
  const client = cluster.client();
  let n = 0;
  const create = (container: object, spec: object = {}) => {
    try {
      const pod = client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${++n}` }, spec: { containers: [{ name: 'c', image: 'nginx', ...container }], ...spec } } as never);
      return pod as unknown as { metadata: { name: string }; spec: { containers: { lifecycle?: unknown }[] } };
    } catch (e) {
      return (e as Error).message.replace(/^Pod "p\d+" is invalid: /, '');
    }
  };

  it('needs exactly one handler type', () => {
    expect(create({ lifecycle: { postStart: {} } })).toBe('spec.containers[0].lifecycle.postStart: Required value: must specify a handler type');
    expect(create({ lifecycle: { preStop: { exec: { command: ['true'] }, httpGet: { port: 80 }, sleep: { seconds: 1 } } } })).toBe(
      '[spec.containers[0].lifecycle.preStop.httpGet: Forbidden: may not specify more than 1 handler type, spec.containers[0].lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type]');
    expect(create({ lifecycle: { postStart: { exec: {} } } })).toBe('spec.containers[0].lifecycle.postStart.exec.command: Required value');
  });

  it('checks an httpGet hook as a probe\'s: port number or name, scheme (the path defaults to /)', () => {
    expect(create({ lifecycle: { preStop: { httpGet: { port: 0 } } } })).toBe('spec.containers[0].lifecycle.preStop.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive');
    expect(create({ lifecycle: { preStop: { httpGet: { port: 'no_such' } } } })).toMatch(/^spec\.containers\[0\]\.lifecycle\.preStop\.httpGet\.port: Invalid value: "no_such": /);
    expect(create({ lifecycle: { postStart: { httpGet: { port: 80, scheme: 'FTP' } } } })).toBe('spec.containers[0].lifecycle.postStart.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"');
    const ok = create({ lifecycle: { preStop: { httpGet: { port: 80 } } } });
    expect(typeof ok === 'string' ? ok : ok.spec.containers[0].lifecycle).toEqual({ preStop: { httpGet: { port: 80, path: '/', scheme: 'HTTP' } } });
  });

  it('keeps a sleep within the grace period; 0 seconds is allowed', () => {
    expect(create({ lifecycle: { preStop: { sleep: { seconds: 31 } } } })).toBe('spec.containers[0].lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)');
    expect(create({ lifecycle: { preStop: { sleep: { seconds: 5 } } } }, { terminationGracePeriodSeconds: 2 })).toBe('spec.containers[0].lifecycle.preStop.sleep: Invalid value: 5: must be non-negative and less than terminationGracePeriodSeconds (2)');
    expect(create({ lifecycle: { postStart: { sleep: { seconds: -1 } } } })).toBe('spec.containers[0].lifecycle.postStart.sleep: Invalid value: -1: must be non-negative and less than terminationGracePeriodSeconds (30)');
    expect(typeof create({ lifecycle: { preStop: { sleep: { seconds: 0 } } } })).toBe('object');
    expect(typeof create({ lifecycle: { preStop: { sleep: { seconds: 30 } } } })).toBe('object');
  });

  it('accepts a tcpSocket handler (kept for old objects; the kubelet cannot run it)', () => {
    expect(typeof create({ lifecycle: { postStart: { tcpSocket: { port: 80 } } } })).toBe('object');
    expect(create({ lifecycle: { postStart: { tcpSocket: { port: 70000 } } } })).toBe('spec.containers[0].lifecycle.postStart.tcpSocket.port: Invalid value: 70000: must be between 1 and 65535, inclusive');
  });

  it('forbids hooks on init containers other than sidecars, and checks a sidecar\'s', () => {
    expect(create({}, { initContainers: [{ name: 'i', image: 'busybox', lifecycle: { postStart: { exec: { command: ['true'] } } } }] })).toBe(
      'spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always');
    expect(create({}, { initContainers: [{ name: 'i', image: 'busybox', restartPolicy: 'Always', lifecycle: { preStop: {} } }] })).toBe(
      'spec.initContainers[0].lifecycle.preStop: Required value: must specify a handler type');
  });

  it('drops stopSignal (ContainerStopSignals is off), and a lifecycle it leaves empty', () => {
    const only = create({ lifecycle: { stopSignal: 'SIGUSR1' } });
    expect(typeof only === 'string' ? only : only.spec.containers[0].lifecycle).toBeUndefined();
    const withHook = create({ lifecycle: { stopSignal: 'SIGBOGUS', preStop: { sleep: { seconds: 1 } } } });
    expect(typeof withHook === 'string' ? withHook : withHook.spec.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 1 } } });
  });

  it('checks a Deployment template\'s hooks too', () => {
    let msg = '';
    try {
      client.create('deployments.apps', 'default', {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
        spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx', lifecycle: { preStop: { sleep: { seconds: 60 } } } }] } } },
      } as never);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toBe('Deployment.apps "d" is invalid: spec.template.spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)');
  });
});
