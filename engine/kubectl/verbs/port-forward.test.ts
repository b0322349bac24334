/**
 * kubectl port-forward: client-go's port parsing, the Service-to-pod port
 * translation of portforward.go, and a forward reached by curl in the same terminal.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { driveClock } from '../../shell/script.js';
import { loadOptionalCommands, Session } from '../../shell/session.js';
import { listenAddresses, parsePorts, podPorts, servicePorts } from './port-forward.js';

describe('parsePorts', () => {
  it('reads LOCAL:REMOTE, REMOTE and :REMOTE (a random local port)', () => {
    expect(parsePorts(['8080:80', '443', ':5000'])).toEqual([{ local: 8080, remote: 80 }, { local: 443, remote: 443 }, { local: 0, remote: 5000 }]);
  });
  it.each([
    ['1:2:3', "invalid port format '1:2:3'"],
    ['abc', `error parsing local port 'abc': strconv.ParseUint: parsing "abc": invalid syntax`],
    ['80:99999', `error parsing remote port '99999': strconv.ParseUint: parsing "99999": value out of range`],
    ['80:0', 'remote port must be > 0'],
  ])('%s → %s', (p, msg) => {
    expect(() => parsePorts([p])).toThrow(msg);
  });
});

describe('port translation', () => {
  const pod = { metadata: { name: 'web-1' }, spec: { containers: [{ ports: [{ name: 'http', containerPort: 8080 }] }] } };
  const svc = { metadata: { name: 'web' }, spec: { ports: [{ name: 'web', port: 80, targetPort: 'http' }, { port: 81, targetPort: 9090 }, { port: 82 }] } };
  it('names a pod port by name', () => {
    expect(podPorts(['http', '9000:http', '7000'], pod)).toEqual(['8080', '9000:8080', '7000']);
    expect(() => podPorts(['metrics'], pod)).toThrow("Pod 'web-1' does not have a named port 'metrics'");
    // The v1.35.2 binary looks an empty remote port up as a name (`kubectl port-forward solo 80:`).
    expect(() => podPorts(['80:'], pod)).toThrow("Pod 'web-1' does not have a named port ''");
  });
  it('turns Service ports into the target ports of the pod', () => {
    expect(servicePorts(['80', '5000:81', '82', 'web'], svc, pod)).toEqual(['80:8080', '5000:9090', '82', '80:8080']);
    expect(() => servicePorts(['83'], svc, pod)).toThrow('Service web does not have a service port 83');
    expect(() => servicePorts(['nope'], svc, pod)).toThrow("Service 'web' does not have a named port 'nope'");
  });
  it('listens on both loopbacks for localhost', () => {
    expect(listenAddresses(['localhost']).map((l) => `${l.protocol} ${l.shown}`)).toEqual(['tcp4 127.0.0.1', 'tcp6 [::1]']);
    expect(listenAddresses(['0.0.0.0']).map((l) => l.shown)).toEqual(['0.0.0.0']);
  });
});

describe('kubectl port-forward in a terminal', () => {
  it('answers curl localhost:PORT from the pod, and frees the port on Ctrl-C', async () => {
    const cluster = new Cluster({ seed: 9 }).boot();
    const s = new Session({ cluster, terminal: { isTTY: true, columns: 80, rows: 24 } });
    await loadOptionalCommands(s);
    // One screen, as a terminal has: a background job writes to it while later lines run.
    let screen = '';
    const run = async (line: string, maxMs = 600_000) => {
      const from = screen.length;
      await driveClock(s.run(line, (t) => (screen += t)), cluster.clock, maxMs, () => s.interrupt());
      return screen.slice(from);
    };
    await run('kubectl run web --image=nginx');
    expect(await run('kubectl port-forward pod/web 8080:80')).toBe('error: unable to forward port because pod is not running. Current status=Pending\n');
    await run('kubectl wait --for=condition=Ready pod/web');
    await run('sleep 20');
    expect(await run('curl -s localhost:8080')).toBe('');
    // In the foreground it holds the line; the script's time limit stands in for Ctrl-C.
    const fg = await run('kubectl port-forward pod/web 8080:80', 5_000);
    expect(fg).toBe('Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n^C\n');
    expect(cluster.network.loopbackForwards.size).toBe(0);
    expect(await run('kubectl port-forward pod/web 8080:80 &')).toBe('[1] 1001\nForwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n');
    const page = await run('curl -s localhost:8080');
    expect(page.slice(0, 45)).toBe('Handling connection for 8080\n<!DOCTYPE html>\n');
    expect(cluster.clock.errors).toEqual([]);
  });
});
