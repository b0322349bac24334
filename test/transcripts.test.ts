/**
 * Golden transcripts: every test/transcripts/*.txt is exactly what
 * `kubelab script` prints for the `$ ` lines it contains (an optional first
 * line `# kubelab script --seed N --nodes N` gives the options). Expected
 * outputs come from real bash/coreutils and real kubectl, never from our output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript, scriptFromTranscript } from '../engine/shell/script.js';

const DIR = join(__dirname, 'transcripts');

/** A unified-style line diff, enough to see where a transcript went wrong. */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // LCS table; transcripts are small.
  const m = a.length;
  const n = b.length;
  const L: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let i = m - 1; i >= 0; i--) for (let j = n - 1; j >= 0; j--) L[i][j] = a[i] === b[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < m || j < n) {
    if (i < m && j < n && a[i] === b[j]) { out.push(`  ${a[i]}`); i++; j++; }
    else if (i < m && (j >= n || L[i + 1][j] >= L[i][j + 1])) out.push(`- ${JSON.stringify(a[i++]).slice(1, -1)}`);
    else out.push(`+ ${JSON.stringify(b[j++]).slice(1, -1)}`);
  }
  // Keep changed lines with 2 lines of context.
  const keep = new Set<number>();
  out.forEach((l, k) => { if (!l.startsWith('  ')) for (let d = -2; d <= 2; d++) keep.add(k + d); });
  return out.filter((_, k) => keep.has(k)).join('\n');
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();

describe('golden transcripts', () => {
  it('finds transcripts', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const { script, options, body } = scriptFromTranscript(text);
      const actual = await runScript(script, options);
      if (actual !== body) {
        throw new Error(`${file} differs (- expected, + actual):\n${lineDiff(body, actual)}`);
      }
    });
  }
});

describe('lineDiff', () => {
  it('marks removed and added lines', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc')).toBe('  a\n- b\n+ x\n  c');
  });
});
