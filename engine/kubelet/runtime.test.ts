import { describe, expect, it } from 'vitest';
import { lookupImage } from '../images/catalogue.js';
import { VirtualClock } from '../util/clock.js';
import { Random } from '../util/random.js';
import { containerArgv } from './programs.js';
import { ContainerRuntime, type Container, type StartOptions } from './runtime.js';

function start(rt: ContainerRuntime, image: string, name: string, argv?: string[]): Container {
  const r = lookupImage(image);
  if (!r.ok) throw new Error(r.error);
  const opts: StartOptions = {
    podUID: `uid-${name}`, podName: name, namespace: 'default', podIP: '10.244.1.2', name: 'c', attempt: 0,
    image: r.image, argv: argv ?? containerArgv(r.image, undefined, undefined), env: {}, memoryLimit: 64 * 1024 * 1024,
  };
  const s = rt.start(opts);
  if (!s.ok) throw new Error(s.error);
  return s.container;
}

describe('container runtime', () => {
  it('keeps no log, controls or timers for a container that never needs them, and makes them when it does', () => {
    const clock = new VirtualClock();
    const rt = new ContainerRuntime(clock, new Random(1), 'node-1');
    const a = start(rt, 'registry.k8s.io/pause:3.10', 'a');
    const b = start(rt, 'registry.k8s.io/pause:3.10', 'b');
    expect(a.logs).toEqual([]);
    // One shared empty list until a line is written.
    expect(a.logs).toBe(b.logs);
    expect(Object.isFrozen(a.logs)).toBe(true);
    a.log('hello');
    expect(a.logs.map((l) => l.text)).toEqual(['hello']);
    expect(b.logs).toEqual([]);
    expect(a.cpuMilli()).toBe(b.cpuMilli());
    // pause's program depends on the image alone: one frozen program for every pause container.
    expect(a.program).toBe(b.program);
    expect(Object.isFrozen(a.program)).toBe(true);
    expect(a.program.ports).toEqual([]);
    // A leak injected later grows memory from that moment and the limit's OOM kill follows.
    const before = a.memoryBytes();
    a.inj.leakBytesPerSec = 1024 * 1024;
    a.inj.leakSince = clock.now();
    rt.checkMemory(a);
    clock.advance(10_000);
    expect(a.memoryBytes()).toBe(before + 10 * 1024 * 1024);
    expect(b.memoryBytes()).toBe(before);
    clock.advance(120_000);
    expect([a.state, a.reason, b.state]).toEqual(['exited', 'OOMKilled', 'running']);
    expect(a.timers).toEqual([]);
  });

  it('gives each container its own argv of the image default', () => {
    const r = lookupImage('registry.k8s.io/pause:3.10');
    if (!r.ok) throw new Error(r.error);
    const argv = containerArgv(r.image, undefined, undefined);
    expect(argv).toEqual([...r.image.entrypoint, ...r.image.cmd]);
    expect(containerArgv(r.image, undefined, undefined)).not.toBe(argv);
    expect(containerArgv(r.image, ['sleep'], ['10'])).toEqual(['sleep', '10']);
  });
});
