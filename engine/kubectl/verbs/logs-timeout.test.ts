import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { kubectlRunner } from '../test-helpers.js';
import { LOG_STREAM_DEADLINE } from './logs.js';

describe('kubectl logs -f --request-timeout', () => {
  it('prints the lines so far, then fails with the HTTP client deadline once it passes', async () => {
    const cluster = new Cluster({ seed: 3 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['run', 'solo', '--image=nginx:1.27']);
    cluster.advance(30_000);
    const start = cluster.clock.now();
    const r = await k.run(['logs', '-f', 'solo', '--request-timeout=2s'], { abortAfterMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Configuration complete; ready for start up');
    expect(r.stderr).toBe(`error: ${LOG_STREAM_DEADLINE}\n`);
    // The runner may step the clock once more before it sees the command end.
    expect(cluster.clock.now() - start).toBeGreaterThanOrEqual(2_000);
    expect(cluster.clock.now() - start).toBeLessThan(60_000);
    expect(cluster.clock.errors).toEqual([]);
  });
});
