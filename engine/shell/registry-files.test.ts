/**
 * Bare names are found through the files on PATH (programs.ts), so a command the shell registers without a file
 * there would answer "command not found": every registered program must have one.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './commands/node/test-lab.js';

describe('the registry and the files on PATH', () => {
  it('every program the shell offers is a file on PATH', async () => {
    const { session, run } = await lab(1);
    const names = session.registry.names();
    const r = await run(names.map((n) => `command -v ${n} >/dev/null || echo "no file: ${n}"`).join('; '));
    expect(r.out).toBe('');
    expect(names).toEqual(expect.arrayContaining(['kubectl', 'find', 'sha256sum', 'iptables']));
  });
});
