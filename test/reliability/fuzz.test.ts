/**
 * Hostile input (issue 7): random and mutated manifests through `kubectl
 * apply -f -` / `create -f -` and straight into the API server, random command
 * lines through the shell. Nothing may throw, every rejection reads like
 * kubectl or bash, a rejected manifest leaves no half-applied object, and no
 * call keeps the page's event loop busy for long. `npm run fuzz` runs the same
 * checks for much longer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KINDS, BOMBS, BUDGET_LINES, baseObjects, commandLineArb, hostileValue, manifestCaseArb, mutate, type ManifestCase } from './fuzz/inputs.js';
import { newShell, newTarget, runApiCase, runManifestCase, type ShellRun } from './fuzz/run.js';
import { macrotask } from '../../engine/shell/script.js';
import { DEFAULT_BUDGET, YIELD_EVERY_STEPS } from '../../engine/shell/interpreter.js';

/*
 * How long a call keeps the page's event loop busy is a speed figure: `npm run bench -- shell` and
 * `npm run fuzz` print it (README → Reliability). Here the same promise is held in steps, which do not
 * depend on the machine: a line hands the event loop back at least once every YIELD_EVERY_STEPS steps
 * and never takes more steps than its budget.
 */
function expectCooperative(r: ShellRun): void {
  expect(r.steps).toBeLessThanOrEqual(DEFAULT_BUDGET.maxSteps + 1);
  // A job counts its step on arrival and then waits if a turn is pending, so with many jobs (a fork
  // bomb's) a stretch's count also holds steps of jobs parked for the next turn: at most twice the cadence.
  expect(r.stepsBetweenYields).toBeLessThanOrEqual(2 * YIELD_EVERY_STEPS);
  if (r.steps > 2 * YIELD_EVERY_STEPS) expect(r.yields).toBeGreaterThanOrEqual(Math.floor(r.steps / (2 * YIELD_EVERY_STEPS)));
}

const SEED = Number(process.env.KUBELAB_FC_SEED ?? 20260101);

describe('manifests through kubectl', () => {
  it('random and mutated manifests: kubectl-style errors, nothing half-applied', async () => {
    const target = newTarget(11);
    const codes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(manifestCaseArb, fc.constantFrom('apply' as const, 'create' as const, 'apply-server-side' as const), async (c, verb) => {
        const r = await runManifestCase(target, c, verb);
        codes.add(r.code);
        expect([0, 1]).toContain(r.code);
      }),
      { numRuns: 150, seed: SEED },
    );
    expect(target.cluster.clock.errors).toEqual([]);
    // The generator reaches both sides: manifests the API server takes and ones it refuses.
    expect([...codes].sort()).toEqual([0, 1]);
  });

  it.each(BOMBS.map((text, i) => [i, text] as const))('hostile text #%i is refused with a kubectl error or applied whole', async (_i, text) => {
    const target = newTarget(12);
    const c: ManifestCase = { docs: [], format: 'yaml', text: { op: 'replace', with: text } };
    for (const verb of ['apply', 'create'] as const) {
      const r = await runManifestCase(target, c, verb);
      expect([0, 1]).toContain(r.code);
      if (r.code !== 0) expect(r.stderr).toMatch(/^(error: |Error from server|The \w+ "[^"]*" is invalid)/);
    }
  });

  it('the billion-laughs bomb is refused with go-yaml\'s words', async () => {
    const target = newTarget(13);
    const r = await runManifestCase(target, { docs: [], format: 'yaml', text: { op: 'replace', with: BOMBS[0] } }, 'apply');
    // kubectl v1.35.2 on the same text.
    expect(r.stderr).toBe('error: error parsing STDIN: error converting YAML to JSON: yaml: document contains excessive aliasing\n');
  });

  it('a later document that fails to parse leaves the store unchanged or with whole objects only', async () => {
    const target = newTarget(14);
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\ndata: {a: b}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second\n  x: [\n';
    const r = await runManifestCase(target, { docs: [], format: 'yaml', text: { op: 'replace', with: text } }, 'apply');
    expect(r.code).not.toBe(0);
    // kubectl v1.35.2 prints this for the broken second document (its line 5 counts from the document start).
    expect(r.stderr).toMatch(/^error: error parsing STDIN: error converting YAML to JSON: yaml: line \d+: /);
    expect(target.cluster.store.get('configmaps', 'default/second')).toBeUndefined();
    // As kubectl v1.35.2 does, the first document is applied (test/reliability/multi-document.test.ts has the rest).
    expect(target.cluster.store.get('configmaps', 'default/first')).toBeDefined();
  });
});

describe('found by npm run fuzz', () => {
  it('standard input opened for writing (`0>file`) fails to read as bash 5.2 and GNU tools say', async () => {
    const { cluster } = newTarget(21);
    const shell = await newShell(cluster);
    expect(await shell.run('grep kubectl 0>+; echo $?')).toMatchObject({ out: 'grep: (standard input): Bad file descriptor\n2\n' });
    expect((await shell.run('cat 0>x; head -1 0>z')).out).toBe("cat: -: Bad file descriptor\nhead: error reading 'standard input': Bad file descriptor\n");
  });

  it('a job left waiting for simulated time costs later lines nothing (the 51 s round of `--seed 1841933560`: `watch … &`)', async () => {
    const { cluster } = newTarget(22);
    const shell = await newShell(cluster);
    expect((await shell.run("watch -n 1 'echo tick >> ticks' &")).out).toMatch(/^\[1\] \d+\n/);
    // The harness used to turn the event loop 100,000 times after every later line, waiting for this job to end.
    const t = await shell.run('true');
    expect(t.waitTurns).toBeLessThanOrEqual(2);
    expect(shell.session.shell.backgroundJobs).toBe(1);
    // A job that works is still waited for, turn by turn, until it is done (its steps are the line's cost).
    const busy = await shell.run('{ i=0; while [ $i -lt 300 ]; do i=$((i+1)); done; } &');
    expect(busy.waitTurns).toBeGreaterThanOrEqual(Math.floor(300 / YIELD_EVERY_STEPS));
    expect(busy.steps).toBeGreaterThan(300);
    expect(shell.session.shell.backgroundJobs).toBe(1);
    // The waiting job is alive: a line that moves simulated time runs it (once at its start, then each second).
    expect((await shell.run('wc -l < ticks; sleep 2; wc -l < ticks')).out).toMatch(/^1\n3\n/);
  });

  it('an invalid name with a quote in it is quoted as Go\'s %q does (cmdutil\'s "The %s %q is invalid")', async () => {
    const { runner } = newTarget(20);
    const r = await runner.run(['apply', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "\\""\n' });
    expect(r.stderr).toMatch(/^The ConfigMap "\\"" is invalid: metadata\.name: Invalid value: "\\"": a lowercase RFC 1123 subdomain /);
  });
});

describe('the API server, without kubectl in front', () => {
  const resources = ['configmaps', 'pods', 'services', 'namespaces', 'secrets', 'deployments.apps', 'nodes', 'replicasets.apps', 'endpoints'];
  it('answers any object with a Status error or a stored object, never an exception', () => {
    const { cluster } = newTarget(15);
    const objectArb = fc.oneof(
      fc.record({ kind: fc.constantFrom(...KINDS), muts: fc.array(fc.record({ op: fc.constant('set' as const), path: fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }), value: hostileValue }), { maxLength: 4 }) })
        .map(({ kind, muts }) => muts.reduce((o, m) => mutate(o, m), baseObjects('api-fuzz')[kind]) as unknown),
      fc.anything({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 5 }),
    );
    fc.assert(fc.property(fc.constantFrom(...resources), objectArb, (resource, input) => runApiCase(cluster, resource, input)), { numRuns: 300, seed: SEED });
    expect(cluster.clock.errors).toEqual([]);
  });
});

describe('command lines through the shell', () => {
  it('random lines: no exception, no JavaScript error text, the event loop handed back as the steps go', async () => {
    const { cluster } = newTarget(16);
    const shell = await newShell(cluster);
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(commandLineArb, { minLength: 1, maxLength: 4 }), async (lines) => {
        for (const line of lines) {
          const r = await shell.run(line);
          steps += r.steps;
          expectCooperative(r);
        }
      }),
      { numRuns: 60, seed: SEED },
    );
    expect(cluster.clock.errors).toEqual([]);
    expect(steps).toBeGreaterThan(0);
  });

  it.each(BUDGET_LINES)('%s stops at the shell\'s budget with its message, not an exception', async (line) => {
    const { cluster } = newTarget(17);
    const shell = await newShell(cluster);
    const r = await shell.run(line);
    // The step budget's message, bash's own FUNCNEST text (bash 5.2: "f: maximum function nesting level exceeded (1000)"),
    // the capped brace count, (the fork bomb runs in the background) bash's job line, or the nesting limit.
    expect(r.out).toMatch(/^kubelab: stopped after \d+ commands in one line|^bash: [^:]+: maximum function nesting level exceeded \(\d+\)$|^100000$|^\[1\] \d+$|^bash: maximum nesting level exceeded$/m);
    // The interpreter yields every few steps and stops the line, background jobs included, at its budget.
    expectCooperative(r);
  });

  it('Ctrl-C stops a busy loop at once, and the session takes the next line', async () => {
    const { cluster } = newTarget(19);
    const shell = await newShell(cluster);
    let out = '';
    const running = shell.session.run('while true; do :; done', (t) => (out += t));
    // A few turns of the event loop: a loop that never yielded would not let this code run until its budget was spent.
    for (let i = 0; i < 3; i++) await macrotask();
    shell.session.interrupt();
    const r = await running;
    expect(r.status).toBe(130);
    expect(out).toBe('^C\n');
    expect((await shell.run('echo $?')).out).toBe('130\n');
  });
});

describe('a Deployment of two billion replicas (the stall of `npm run fuzz -- --seed 20260101`)', () => {
  it('creates pods at the controller manager\'s client rate, so simulated time moves and a waiting line ends', async () => {
    const { cluster } = newTarget(18);
    const shell = await newShell(cluster);
    // The fuzzer's manifest had replicas: 2060975139; the ReplicaSet controller used to create them all at one simulated instant.
    expect((await shell.run('kubectl create deployment huge --image=nginx --replicas=2060975139')).out).toBe('deployment.apps/huge created\n');
    const before = cluster.clock.now();
    const r = await shell.run('sleep 10');
    expect(r.status).toBe(0);
    expect(cluster.clock.now() - before).toBeGreaterThanOrEqual(10_000);
    const pods = [...cluster.store.bucket('pods').values()].filter((p) => p.metadata.name?.startsWith('huge-')).length;
    // --kube-api-burst 30 at once, then --kube-api-qps 20 a second: about 230 after 10 s.
    expect(pods).toBeGreaterThanOrEqual(200);
    expect(pods).toBeLessThanOrEqual(231);
    // The line the fuzzer stalled on: watch re-runs a missing command until something stops it.
    const w = await shell.run('timeout 5 watch replace pods --output export');
    // procps' watch runs it with `sh -c`: dash's words.
    expect(w.out).toContain('sh: 1: replace: not found');
    expect(w.status).toBe(124);
    expect(cluster.clock.errors).toEqual([]);
  });
});
