/**
 * The lazily loaded verbs (lazy.ts) are the same commands as their modules
 * build: same names, help, flags and subcommands, a run exactly where the
 * module has one, and the loaded command's output.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { Command } from '../framework/command.js';
import { kubectlRunner } from '../test-helpers.js';
import * as lazy from './lazy.js';

/** The command tree as data: every field but the code, and whether each command runs. */
function shape(c: Command): unknown {
  const { run, subcommands, completeArgs, ...data } = c;
  return { ...data, runs: typeof run === 'function', completes: typeof completeArgs === 'function', subcommands: subcommands?.map(shape) };
}

const MODULES: [keyof typeof lazy, () => Promise<Command>][] = [
  ['describe', () => import('./describe.js').then((m) => m.describe)],
  ['explain', () => import('./explain.js').then((m) => m.explain)],
  ['apiResources', () => import('./api-resources.js').then((m) => m.apiResources)],
  ['apiVersions', () => import('./api-resources.js').then((m) => m.apiVersions)],
  ['rollout', () => import('./rollout.js').then((m) => m.rollout)],
  ['set', () => import('./set.js').then((m) => m.set)],
  ['top', () => import('./top.js').then((m) => m.top)],
  ['diff', () => import('./diff.js').then((m) => m.diff)],
  ['autoscale', () => import('./autoscale.js').then((m) => m.autoscale)],
  ['drain', () => import('./drain.js').then((m) => m.drain)],
  ['taint', () => import('./taint.js').then((m) => m.taint)],
  ['wait', () => import('./wait.js').then((m) => m.wait)],
  ['replace', () => import('./replace.js').then((m) => m.replace)],
  ['edit', () => import('./edit.js').then((m) => m.edit)],
  ['auth', () => import('./auth.js').then((m) => m.auth)],
  ['cp', () => import('./cp.js').then((m) => m.cp)],
  ['logs', () => import('./logs.js').then((m) => m.logs)],
  ['debug', () => import('./debug.js').then((m) => m.debug)],
  ['config', () => import('./config.js').then((m) => m.config)],
  ['create', () => import('./create.js').then((m) => m.create)],
];

const LISTS: [keyof typeof lazy, () => Promise<Command[]>][] = [
  ['CREATE_UNSERVED', () => import('./create-unserved.js').then((m) => m.CREATE_UNSERVED)],
  ['SECRET_SUBCOMMANDS', () => import('./create-unserved.js').then((m) => m.SECRET_SUBCOMMANDS)],
];

describe('lazily loaded verbs', () => {
  for (const [name, load] of LISTS) {
    it(`${name} declares the commands create-unserved.ts builds`, async () => {
      expect((lazy[name] as Command[]).map(shape)).toEqual((await load()).map(shape));
    });
  }

  for (const [name, load] of MODULES) {
    it(`${name} declares the command its module builds`, async () => {
      expect(shape(lazy[name] as Command)).toEqual(shape(await load()));
    });
  }

  it('run the loaded command (kubectl v1.35.2 texts)', async () => {
    const c = new Cluster({ seed: 3 }).boot();
    const k = kubectlRunner(c);
    expect(await k.run(['auth', 'can-i', 'get', 'pods'])).toMatchObject({ code: 0, stdout: 'yes\n' });
    const cp = await k.run(['cp', 'a']);
    expect(cp.stderr).toBe('error: source and destination are required\n');
    const ex = await k.run(['explain']);
    expect(ex.stderr).toBe('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n');
    expect(ex.code).toBe(1);
    expect((await k.run(['create', 'job', 'j', '--image=busybox', '--dry-run=client', '-o', 'name'])).stdout).toBe('job.batch/j\n');
    expect((await k.run(['rollout', 'status', 'deployment/coredns', '-n', 'kube-system'])).stdout).toBe('deployment "coredns" successfully rolled out\n');
    expect(c.clock.held()).toBe(false);
  });
});
