/**
 * `npm run fuzz`: the long run of test/reliability/fuzz.test.ts. Feeds random
 * and mutated manifests to `kubectl apply|create -f -`, random objects to the
 * API server and random command lines to the shell, until the time is up.
 * Prints how many cases were tried, the longest event-loop block seen, and
 * every failure with the fast-check seed that replays it.
 *
 *   npm run fuzz -- --minutes 15
 *   npm run fuzz -- --seed 7 --minutes 1
 */
import { loadImageCode } from '../engine/kubelet/programs.js';
import { preloadLikeALab } from '../test/preload.js';
import fc from 'fast-check';
import { baseObjects, commandLineArb, hostileValue, KINDS, manifestCaseArb, mutate } from '../test/reliability/fuzz/inputs.js';
import { newShell, newTarget, runApiCase, runManifestCase } from '../test/reliability/fuzz/run.js';

// The histories drive the clock directly: the whole catalogue is in from the start, as under test/setup.ts.
// As the tests' setup: without the Service registry's allocations a Service written straight to the API server gets no ClusterIP.
await Promise.all([loadImageCode(), preloadLikeALab()]);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const minutes = Number(arg('minutes') ?? 10);
/** Prints each command line before it runs (to find one that stalls). */
const trace = process.argv.includes('--trace');
let seed = Number(arg('seed') ?? Date.now() % 0x7fffffff);
const deadline = Date.now() + minutes * 60_000;
const started = Date.now();
const counts = { manifests: 0, api: 0, lines: 0 };
const worst = { manifestMs: 0, manifestText: 0, lineMs: 0, line: '', roundMs: 0, roundSeed: 0 };
const failures: string[] = [];
const ROUND = 100;
const RESOURCES = ['configmaps', 'pods', 'services', 'namespaces', 'secrets', 'deployments.apps', 'nodes', 'replicasets.apps', 'endpoints'];

function report<T>(kind: string, r: fc.RunDetails<T>): void {
  if (!r.failed) return;
  const msg = String(r.errorInstance instanceof Error ? r.errorInstance.message : r.errorInstance).split('\n').slice(0, 4).join('\n  ');
  failures.push(`${kind}: fast-check seed ${r.seed} path ${r.counterexamplePath}\n  ${msg}\n  counterexample: ${JSON.stringify(r.counterexample).slice(0, 500)}`);
  console.log(`FAILED ${failures[failures.length - 1]}`);
}

// At least one round, so --minutes 0 runs just the round of --seed.
do {
  // A fresh cluster per round, so one round's objects do not crowd the next.
  const roundStarted = Date.now();
  const target = newTarget(seed);
  const m = await fc.check(
    fc.asyncProperty(manifestCaseArb, fc.constantFrom('apply' as const, 'create' as const, 'apply-server-side' as const), async (c, verb) => {
      counts.manifests++;
      const r = await runManifestCase(target, c, verb);
      if (r.blockedMs > worst.manifestMs) Object.assign(worst, { manifestMs: r.blockedMs, manifestText: r.textLength });
    }),
    { numRuns: ROUND, seed },
  );
  report('manifest', m);
  const objectArb = fc.oneof(
    fc.record({ kind: fc.constantFrom(...KINDS), muts: fc.array(fc.record({ op: fc.constant('set' as const), path: fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }), value: hostileValue }), { maxLength: 4 }) })
      .map(({ kind, muts }) => muts.reduce((o, mu) => mutate(o, mu), baseObjects('api-fuzz')[kind]) as unknown),
    fc.anything({ maxDepth: 4 }),
    fc.jsonValue({ maxDepth: 5 }),
  );
  const a = fc.check(fc.property(fc.constantFrom(...RESOURCES), objectArb, (resource, input) => { counts.api++; runApiCase(target.cluster, resource, input); }), { numRuns: ROUND * 3, seed });
  report('api', a);
  const shell = await newShell(target.cluster);
  const l = await fc.check(
    fc.asyncProperty(commandLineArb, async (line) => {
      counts.lines++;
      if (trace) console.log(`line ${JSON.stringify(line.slice(0, 300))}`);
      const r = await shell.run(line);
      if (r.blockedMs > worst.lineMs) Object.assign(worst, { lineMs: r.blockedMs, line: line.slice(0, 80) });
    }),
    { numRuns: ROUND, seed },
  );
  report('command line', l);
  if (target.cluster.clock.errors.length) failures.push(`seed ${seed}: a component threw ${String(target.cluster.clock.errors[0])}`);
  // The slowest round's seed replays it (--seed N --minutes 0 runs that one round), with --trace to find a line that waits.
  if (Date.now() - roundStarted > worst.roundMs) Object.assign(worst, { roundMs: Date.now() - roundStarted, roundSeed: seed });
  console.log(`${counts.manifests + counts.api + counts.lines} cases (${counts.manifests} manifests, ${counts.api} API objects, ${counts.lines} command lines), ${failures.length} failures, ${Math.round((Date.now() - started) / 1000)} s (round seed ${seed})`);
  seed = (seed * 48271 + 1) % 0x7fffffff;
} while (Date.now() < deadline);

console.log(JSON.stringify({
  cases: counts.manifests + counts.api + counts.lines, ...counts, failures: failures.length,
  worstManifestBlockMs: Math.round(worst.manifestMs), worstManifestInputChars: worst.manifestText,
  worstLineBlockMs: Math.round(worst.lineMs), worstLine: worst.line, slowestRoundMs: worst.roundMs, slowestRoundSeed: worst.roundSeed, wallSeconds: Math.round((Date.now() - started) / 1000),
}));
process.exit(failures.length ? 1 : 0);
