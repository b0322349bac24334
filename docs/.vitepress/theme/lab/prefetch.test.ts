/**
 * Once the lab is ready, the engine's lazily loaded code is fetched in the
 * background (server.ts, prefetchLazyCode): after it, the lazily loaded
 * printers and verbs run without loading anything.
 */
import { describe, expect, it } from 'vitest';
import { LabServer, PREFETCH_DELAY_MS, prefetchLazyCode } from './server';
import type { EngineMessage } from './protocol';
import { printGeneric } from '../../../../engine/kubectl/printers/output';

describe('prefetching the lazily loaded engine code', () => {
  it('is scheduled once, after the ready prompt', () => {
    const msgs: EngineMessage[] = [];
    const timers: { ms: number; ready: boolean }[] = [];
    const server = new LabServer({ post: (m) => msgs.push(m), realNow: () => 0, schedule: (_fn, ms) => void timers.push({ ms, ready: msgs.some((m) => m.type === 'ready') }) });
    server.handle({ type: 'boot', seed: 1, columns: 80, rows: 24, speed: 1, history: [] });
    server.handle({ type: 'boot', seed: 1, columns: 80, rows: 24, speed: 1, history: [] });
    expect(timers.filter((t) => t.ms === PREFETCH_DELAY_MS)).toEqual([{ ms: PREFETCH_DELAY_MS, ready: true }]);
  });

  it('loads the printers that otherwise load before a command uses them', async () => {
    expect(() => printGeneric({ kind: 'kyaml' }, { a: 1 })).toThrow('printer not loaded');
    await prefetchLazyCode();
    expect(printGeneric({ kind: 'kyaml' }, { a: 1 })).toBe('---\n{\n  a: 1,\n}\n');
  });
});
