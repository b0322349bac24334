/**
 * Once the lab is ready, the engine's lazily loaded code is fetched in the
 * background (server.ts, prefetchLazyCode): after it, the lazily loaded
 * printers and verbs run without loading anything.
 */
import { describe, expect, it } from 'vitest';
import { LabServer, PREFETCH_DELAY_MS, prefetchLazyCode } from './server';
import type { EngineMessage } from './protocol';
import { printGeneric } from '../../../../engine/kubectl/printers/output';
import { ContainerFS, Shell, type ShellHost } from '../../../../engine/kubelet/shell';
import { goJSONLoaded } from '../../../../engine/api/schema/go-json-loader';
import { preloadContainerCommand } from '../../../../engine/network/commands/index';
import { lazyKindsLoaded } from '../../../../engine/api/registry/lazy-kinds';
import { internet } from '../../../../engine/network/internet/hosts';

describe('prefetching the lazily loaded engine code', () => {
  it('is scheduled once, after the ready prompt', () => {
    const msgs: EngineMessage[] = [];
    const timers: { ms: number; ready: boolean }[] = [];
    const server = new LabServer({ post: (m) => msgs.push(m), realNow: () => 0, schedule: (_fn, ms) => void timers.push({ ms, ready: msgs.some((m) => m.type === 'ready') }) });
    server.handle({ type: 'boot', seed: 1, columns: 80, rows: 24, speed: 1, history: [] });
    server.handle({ type: 'boot', seed: 1, columns: 80, rows: 24, speed: 1, history: [] });
    expect(timers.filter((t) => t.ms === PREFETCH_DELAY_MS)).toEqual([{ ms: PREFETCH_DELAY_MS, ready: true }]);
  });

  it("loads the printers that otherwise load before a command uses them, and the containers' expr and date that suspend a container's shell while they load", async () => {
    const host: ShellHost = { env: {}, hostname: 'box', flavour: 'busybox', fs: new ContainerFS(), now: () => 0, hasBinary: () => true, processes: () => [], kill: () => false };
    const expr = () => new Shell(host).run(['expr', '1', '+', '1'], { stdout: () => {}, stderr: () => {} }).next();
    expect(() => printGeneric({ kind: 'kyaml' }, { a: 1 })).toThrow('printer not loaded');
    expect(expr().value).toHaveProperty('load');
    expect(goJSONLoaded()).toBe(false);
    expect(lazyKindsLoaded()).toBe(false);
    expect(internet.loaded()).toBeUndefined();
    await prefetchLazyCode();
    // https://k8s.io/examples/... answers without fetching anything more (offline too).
    expect(internet.loaded()?.exampleFile('pods/simple-pod.yaml')).toContain('kind: Pod');
    expect(goJSONLoaded()).toBe(true);
    // The lazily served kinds' field types and API code (a PVC from any client then gets its defaults).
    expect(lazyKindsLoaded()).toBe(true);
    // busybox's ping, which a container's shell otherwise waits for.
    expect(preloadContainerCommand(['ping'])).toBeUndefined();
    expect(printGeneric({ kind: 'kyaml' }, { a: 1 })).toBe('---\n{\n  a: 1,\n}\n');
    expect(expr()).toEqual({ done: true, value: 0 });
  });
});
