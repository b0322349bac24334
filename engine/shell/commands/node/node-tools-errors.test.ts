/**
 * The node tools' refusals of bad command lines, against what the real tools
 * printed (engine/shell/fixtures/node-tools-errors.json, recorded by
 * scripts/shell-fixtures/record-node-tools.ts from procps-ng 4.0.2, coreutils
 * 9.1 and iproute2 6.1.0; nothing in it is typed by hand).
 */
import { describe, expect, it } from 'vitest';
import FIXTURE from '../../fixtures/node-tools-errors.json';
import { lab } from './test-lab.js';

interface Case { argv: string[]; stdout: string; stderr: string; status: number }

/**
 * The node runs procps-ng 4.0.4, whose free usage has one option more than 4.0.2's (src/free.c at v4.0.4:
 * " -L, --line          show output on a single line", after -l).
 */
const procps404 = (text: string) => text.replace(/( -l, --lohi {10}show detailed low and high memory statistics\n)/, '$1 -L, --line          show output on a single line\n');

describe('node tools\' errors, as recorded', async () => {
  const { run } = await lab();
  for (const c of (FIXTURE as { cases: Case[] }).cases) {
    it(c.argv.join(' '), async () => {
      const r = await run(c.argv.join(' '));
      expect(r.out).toBe(procps404(c.stdout + c.stderr));
      expect(r.status).toBe(c.status);
    });
  }
});
