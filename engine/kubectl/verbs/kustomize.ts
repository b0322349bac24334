/**
 * `kubectl kustomize [DIR]`: prints the kustomization's objects as YAML
 * documents (kustomize-build.ts does the build), or writes them to -o PATH;
 * kustomize's deprecation warnings go to stderr first. The -k flag of
 * apply/create/delete/get/... reads the same build (kustomizeObjects).
 */
import type { KObject } from '../../api/meta.js';
import type { Command, Invocation } from '../framework/command.js';
import { loadYaml } from '../../util/yaml-lib.js';
import { toYAML } from '../printers/yaml.js';
import { verbF } from './verb-f.js';

export const ONE_PATH = 'specify one path to kustomization.yaml';

/**
 * The objects of the kustomization in `dir`, with their source for error texts; warnings go to stderr.
 * The kustomize build loads on first use (simulated time waits meanwhile): few sessions use -k.
 */
export async function kustomizeObjects(inv: Invocation, dir: string): Promise<{ source: string; object: KObject }[]> {
  const { fs, cwd } = inv.ctx;
  const release = inv.ctx.cluster.clock.hold();
  let kustomizeBuild: typeof import('./kustomize-build.js').kustomizeBuild;
  try {
    // The resources' files go through the manifest decoder, which needs the YAML library.
    [{ kustomizeBuild }] = await Promise.all([import('./kustomize-build.js'), loadYaml()]);
  } finally {
    release();
  }
  const r = kustomizeBuild(fs, fs.resolve(cwd, dir), dir);
  for (const w of r.warnings) inv.err(w);
  return r.objects.map((object) => ({ source: dir, object }));
}

async function runKustomize(inv: Invocation): Promise<number> {
  if (inv.args.length > 1) throw new Error(ONE_PATH);
  const dir = inv.args[0] ?? '.';
  const objs = await kustomizeObjects(inv, dir);
  const text = objs.map((o) => toYAML(o.object)).join('---\n');
  const out = inv.flags.string('output');
  if (out) inv.ctx.fs.writeFile(inv.ctx.fs.resolve(inv.ctx.cwd, out), text);
  else inv.out(text);
  return 0;
}

export const kustomize: Command = verbF('kustomize', { run: runKustomize });
