/**
 * The shell's runaway lines (test/reliability/fuzz/inputs.ts BUDGET_LINES): how
 * much CPU each takes before the interpreter stops it at its budget (aim: about
 * a second), and the longest stretch of CPU work between two turns of the event
 * loop (aim: < 100 ms). Then the same for a few hundred random command lines and
 * manifests. The tests hold the interpreter to its yield cadence in steps;
 * these are the times that cadence gives on this machine.
 */
import fc from 'fast-check';
import { BUDGET_LINES, commandLineArb, manifestCaseArb } from '../test/reliability/fuzz/inputs.js';
import { newShell, newTarget, runManifestCase } from '../test/reliability/fuzz/run.js';
import { report } from './report.js';

const round = (x: number) => Math.round(x * 10) / 10;

export default async function main(): Promise<void> {
  for (const line of BUDGET_LINES) {
    const { cluster } = newTarget(17);
    const shell = await newShell(cluster);
    const r = await shell.run(line);
    report('shell-runaway-line', { line: line.slice(0, 40), steps: r.steps, yields: r.yields, cpuMs: round(r.cpuMs), wallMs: round(r.ms), longestStretchCpuMs: round(r.blockedCpuMs) });
  }
  const { cluster, runner } = newTarget(16);
  const shell = await newShell(cluster);
  const lines = fc.sample(commandLineArb, { numRuns: 300, seed: 20260101 });
  let worstLine = { cpuMs: 0, line: '' };
  for (const line of lines) {
    const r = await shell.run(line);
    if (r.blockedCpuMs > worstLine.cpuMs) worstLine = { cpuMs: r.blockedCpuMs, line: line.slice(0, 60) };
  }
  report('shell-random-lines', { lines: lines.length, longestStretchCpuMs: round(worstLine.cpuMs), worstLine: worstLine.line });
  const cases = fc.sample(fc.tuple(manifestCaseArb, fc.constantFrom('apply' as const, 'create' as const)), { numRuns: 300, seed: 20260101 });
  let worstManifest = { ms: 0, chars: 0 };
  for (const [c, verb] of cases) {
    const r = await runManifestCase({ cluster, runner }, c, verb);
    if (r.blockedMs > worstManifest.ms) worstManifest = { ms: r.blockedMs, chars: r.textLength };
  }
  report('kubectl-hostile-manifests', { manifests: cases.length, longestStretchWallMs: round(worstManifest.ms), itsInputChars: worstManifest.chars });
}
