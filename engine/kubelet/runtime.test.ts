import { describe, expect, it } from 'vitest';
import { lookupImage } from '../images/catalogue.js';
import { VirtualClock } from '../util/clock.js';
import { Random } from '../util/random.js';
import { containerArgv } from './programs.js';
import { ContainerRuntime, type Container, type StartOptions } from './runtime.js';
import { pageAligned } from './eviction.js';

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

  it('keeps the working set through starts, exits, a leak and its end, equal to a sum of every running container', () => {
    const clock = new VirtualClock();
    const rt = new ContainerRuntime(clock, new Random(1), 'node-1');
    const sum = () => [...rt.containers.values()].reduce((n, c) => n + (c.state === 'running' ? pageAligned(c.memoryBytes()) : 0), 0);
    const random = new Random(7);
    const started: Container[] = [];
    const readings: number[] = [];
    for (let i = 0; i < 200; i++) {
      const step = random.int(10);
      const running = started.filter((c) => c.state === 'running');
      if (step < 5 || running.length === 0) started.push(start(rt, i % 3 ? 'registry.k8s.io/pause:3.10' : 'nginx:1.27', `p${i}`));
      else if (step < 8) rt.exit(running[random.int(running.length)], 0, 'Completed');
      else if (step === 8) {
        // A leak for a while (memory moving with time), then its end: the sum is kept again only after a full count.
        const c = running[random.int(running.length)];
        c.inj.leakBytesPerSec = 4096;
        c.inj.leakSince = clock.now();
        rt.checkMemory(c);
        clock.advance(1000);
        expect(rt.containersWorkingSet()).toBe(sum());
        c.inj.leakBase = c.memoryBytes() - c.image.memoryBytes - c.program.extraMemoryBytes;
        c.inj.leakBytesPerSec = 0;
        rt.checkMemory(c);
      } else {
        const done = started.filter((c) => c.state === 'exited');
        if (done.length) rt.remove(done[random.int(done.length)].id);
      }
      // Read at some steps only, as the eviction manager does every 10 s: the kept sum must follow what it skipped.
      if (random.int(3) === 0) {
        readings.push(rt.containersWorkingSet());
        expect(readings.at(-1)).toBe(sum());
      }
    }
    expect(readings.length).toBeGreaterThan(40);
    expect(new Set(readings).size).toBeGreaterThan(10);
  });
});
