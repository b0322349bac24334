/**
 * ping inside a pod (busybox's) and on the learner's node (iputils'): pods and nodes answer, a Service's
 * virtual IP never does (kube-proxy rewrites only its TCP/UDP ports). The TTL says how many hosts routed
 * the reply: none on one node's bridge, two between nodes over flannel. Texts: busybox 1.35's ping
 * (`busybox ping -c 2 127.0.0.1`, and an address nobody has), iputils' layout.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { KObject } from '../../engine/api/meta.js';
import { boot, busyboxPod, execIn, service } from './network-helpers.js';
import { runScript } from '../../engine/shell/script.js';
import { preloadContainerCommand } from '../../engine/network/commands/index.js';

const ip = (c: ReturnType<typeof boot>, kind: 'pods' | 'services', name: string) => {
  const o = c.client().get(kind, 'default', name) as KObject & { status: { podIP: string }; spec: { clusterIP: string } };
  return kind === 'pods' ? o.status.podIP : o.spec.clusterIP;
};

describe('ping', () => {
  // busybox's ping loads on first use; execIn runs a command to its end at once.
  beforeAll(() => preloadContainerCommand(['ping']));

  it("busybox ping in a pod: a pod on the same node (ttl 64), on another (62), a node (63), a Service's IP (nothing)", () => {
    const c = boot(5);
    const client = c.client();
    client.create('pods', 'default', busyboxPod('a', 'busybox:1.36', 'worker-1'));
    client.create('pods', 'default', busyboxPod('b', 'busybox:1.36', 'worker-1'));
    client.create('pods', 'default', busyboxPod('x', 'busybox:1.36', 'worker-2'));
    client.create('services', 'default', service('svc', {}));
    c.advance(30_000);
    const line = (r: { stdout: string }) => r.stdout.split('\n');
    const same = execIn(c, 'a', ['ping', '-c', '2', ip(c, 'pods', 'b')]);
    expect(line(same)[0]).toBe(`PING ${ip(c, 'pods', 'b')} (${ip(c, 'pods', 'b')}): 56 data bytes`);
    expect(line(same)[1]).toMatch(new RegExp(`^64 bytes from ${ip(c, 'pods', 'b').replace(/\./g, '\\.')}: seq=0 ttl=64 time=0\\.\\d{3} ms$`));
    expect(line(same)[2]).toMatch(/: seq=1 ttl=64 time=/);
    expect(line(same).slice(3, 6)).toEqual(['', `--- ${ip(c, 'pods', 'b')} ping statistics ---`, '2 packets transmitted, 2 packets received, 0% packet loss']);
    expect(line(same)[6]).toMatch(/^round-trip min\/avg\/max = 0\.\d{3}\/0\.\d{3}\/0\.\d{3} ms$/);
    expect(same.exitCode).toBe(0);
    expect(execIn(c, 'a', ['ping', '-c', '1', ip(c, 'pods', 'x')]).stdout).toMatch(/seq=0 ttl=62 /);
    const worker2 = (client.get('nodes', undefined, 'worker-2') as KObject & { status: { addresses: { type: string; address: string }[] } }).status.addresses[0].address;
    expect(execIn(c, 'a', ['ping', '-c', '1', worker2]).stdout).toMatch(/seq=0 ttl=63 /);
    const svc = execIn(c, 'a', ['ping', '-c', '2', 'svc']);
    expect(svc.stdout).toBe(`PING svc (${ip(c, 'services', 'svc')}): 56 data bytes\n\n--- svc ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n`);
    expect(svc.exitCode).toBe(1);
    const bad = execIn(c, 'a', ['ping', '-c', '1', 'nope']);
    expect(bad.stderr).toBe("ping: bad address 'nope'\n");
  });

  it("the node's ping (iputils): pods answer through flannel, a ClusterIP does not", async () => {
    const out = await runScript([
      'kubectl run p --image=busybox:1.36 --overrides=\'{"spec":{"nodeName":"worker-1"}}\' -- sleep 3600',
      'kubectl expose pod p --port=80',
      'sleep 20',
      'ping -c 2 $(kubectl get pod p -o jsonpath={.status.podIP})',
      'ping -c 1 $(kubectl get svc p -o jsonpath={.spec.clusterIP}); echo "exit $?"',
    ].join('\n') + '\n');
    expect(out).toMatch(/PING (10\.244\.\d+\.\d+) \(\1\) 56\(84\) bytes of data\.\n64 bytes from \1: icmp_seq=1 ttl=63 time=0\.\d{3} ms\n64 bytes from \1: icmp_seq=2 ttl=63 time=0\.\d{3} ms\n\n--- \1 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 1001ms\nrtt min\/avg\/max\/mdev = [0-9.]+\/[0-9.]+\/[0-9.]+\/[0-9.]+ ms\n/);
    expect(out).toMatch(/PING (10\.\d+\.\d+\.\d+) \(\1\) 56\(84\) bytes of data\.\n\n--- \1 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\nexit 1\n/);
  });
});
