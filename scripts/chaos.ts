/**
 * `npm run chaos`: the long run of the chaos property (test/reliability/chaos.test.ts
 * runs a few hundred histories; this runs thousands). Prints how many histories
 * (cluster seeds) passed, how many simulated hours they covered, and every
 * failure with what is needed to replay it.
 *
 *   npm run chaos -- --minutes 15           run for 15 minutes of wall time
 *   npm run chaos -- --runs 2000 --seed 7   run 2000 histories from fast-check seed 7
 *   npm run chaos -- --steps 40             longer histories (default 24 steps)
 *   npm run chaos -- --replay '<json>'      replay one printed failure
 */
import { loadImageCode } from '../engine/kubelet/programs.js';
import { preloadLikeALab } from '../test/preload.js';
import fc from 'fast-check';
import { historyArb, runHistory, type Action } from '../test/reliability/chaos/history.js';

// The histories drive the clock directly: the whole catalogue is in from the start, as under test/setup.ts.
// As the tests' setup: without the Service registry's allocations a Service written straight to the API server gets no ClusterIP.
await Promise.all([loadImageCode(), preloadLikeALab()]);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const replay = arg('replay');
if (replay) {
  const { seed, actions } = JSON.parse(replay) as { seed: number; actions: Action[] };
  const r = runHistory(seed, actions);
  console.log(`replayed seed ${seed}: passed, ${(r.simulatedMs / 3_600_000).toFixed(2)} simulated hours, history hash ${r.historyHash.toString(16)}`);
  process.exit(0);
}

const minutes = Number(arg('minutes') ?? (arg('runs') ? Infinity : 10));
const maxRuns = Number(arg('runs') ?? Infinity);
const steps = Number(arg('steps') ?? 24);
let fcSeed = Number(arg('seed') ?? Date.now() % 0x7fffffff);
const deadline = Date.now() + minutes * 60_000;
const ROUND = 50;

let passed = 0;
let simulatedMs = 0;
let writes = 0;
let requests = 0;
let answered = 0;
let determinismChecks = 0;
const failures: string[] = [];
const started = Date.now();

while (Date.now() < deadline && passed + failures.length < maxRuns) {
  const numRuns = Math.min(ROUND, maxRuns - passed - failures.length);
  let inRound = 0;
  const result = fc.check(
    fc.property(historyArb(steps), ({ seed, actions }) => {
      const r = runHistory(seed, actions);
      // One history in ten is played twice: the same seed must give the same history byte for byte.
      if (inRound++ % 10 === 0) {
        determinismChecks++;
        const again = runHistory(seed, actions, { replayWatches: false });
        if (again.historyHash !== r.historyHash) throw new Error(`seed ${seed}: two runs of the same history differ (${r.historyHash.toString(16)} vs ${again.historyHash.toString(16)})`);
      }
      simulatedMs += r.simulatedMs;
      writes += r.writes;
      requests += r.requests;
      answered += r.answered;
    }),
    { numRuns, seed: fcSeed, interruptAfterTimeLimit: Math.max(1000, deadline - Date.now()), markInterruptAsFailure: false },
  );
  if (result.failed) {
    const [cex] = result.counterexample ?? [];
    failures.push(`fast-check seed ${result.seed} path ${result.counterexample ? result.counterexamplePath : '-'}\n  ${String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance).split('\n')[0]}\n  replay: npm run chaos -- --replay '${JSON.stringify(cex)}'`);
    console.log(`FAILED: ${failures[failures.length - 1]}`);
    passed += Math.max(0, result.numRuns - 1);
  } else {
    passed += result.numRuns;
  }
  fcSeed = (fcSeed * 48271 + 1) % 0x7fffffff;
  console.log(`${passed} histories passed, ${failures.length} failed, ${(simulatedMs / 3_600_000).toFixed(1)} simulated hours, ${requests} Service requests judged, ${Math.round((Date.now() - started) / 1000)} s`);
  if (result.interrupted) break;
}

console.log(JSON.stringify({
  histories: passed + failures.length, passed, failed: failures.length, simulatedHours: Number((simulatedMs / 3_600_000).toFixed(1)),
  writes, serviceRequests: requests, serviceRequestsAnswered: answered, determinismChecks, stepsPerHistory: steps, wallSeconds: Math.round((Date.now() - started) / 1000),
}));
process.exit(failures.length ? 1 : 0);
