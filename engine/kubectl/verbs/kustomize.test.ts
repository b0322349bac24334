/**
 * kubectl kustomize and -k. Every expected output was printed by the real
 * kubectl v1.35.2 (kustomize v5.7) over the same folders
 * (testdata/kustomize-cases.json, testdata/gen-kustomize.mjs); --help from the
 * same binary (testdata/part-f.json).
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { kubectlRunner } from '../test-helpers.js';
import { contentHash } from './kustomize-build.js';
import { sha256Hex } from '../../util/sha256.js';

const help = (JSON.parse(readFileSync(new URL('./testdata/part-f.json', import.meta.url), 'utf8')) as { help: Record<string, string> }).help;
const { cases } = JSON.parse(readFileSync(new URL('./testdata/kustomize-cases.json', import.meta.url), 'utf8')) as { cases: Record<string, { files: Record<string, string>; stdout: string; stderr: string; code: number }> };

function lab() {
  const cluster = new Cluster({ seed: 5 }).boot();
  return { cluster, k: kubectlRunner(cluster) };
}

describe('kubectl kustomize', () => {
  it('--help is the real binary\'s', async () => {
    expect((await lab().k.run(['kustomize', '--help'])).output).toBe(help.kustomize);
  });

  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: as kubectl v1.35.2 prints it`, async () => {
      const { k } = lab();
      for (const [p, text] of Object.entries(c.files)) k.fs.writeFile(`/root/kz/${p}`, text);
      const r = await k.run(['kustomize', 'kz']);
      expect(r.stdout).toBe(c.stdout);
      expect(r.stderr).toBe(c.stderr.split('<DIR>').join('/root/kz'));
      expect(r.code).toBe(c.code);
    });
  }

  it('-o writes the build to a file; more than one folder is refused', async () => {
    const { k } = lab();
    const c = cases['overlay-over-base'];
    for (const [p, text] of Object.entries(c.files)) k.fs.writeFile(`/root/kz/${p}`, text);
    expect((await k.run(['kustomize', 'kz', '-o', 'out.yaml'])).output).toBe('');
    expect(k.fs.readFile('/root/out.yaml')).toBe(c.stdout);
    expect((await k.run(['kustomize', 'a', 'b'])).output).toBe('error: specify one path to kustomization.yaml\n');
  });

  it('hashes as kustomize\'s hasher (sha256 checked against node:crypto)', () => {
    for (const s of ['', 'abc', '{"data":{"A":"1"},"kind":"ConfigMap","name":""}', 'é'.repeat(100)]) expect(sha256Hex(s)).toBe(createHash('sha256').update(s).digest('hex'));
    expect(contentHash({ kind: 'ConfigMap', data: { A: '1' } })).toBe('89g4tffbfk');
  });
});

describe('-k DIR on apply, get, delete', () => {
  it('applies, lists and deletes the build', async () => {
    const { k, cluster } = lab();
    const c = cases['prefix-namespace-commonLabels-images'];
    for (const [p, text] of Object.entries(c.files)) k.fs.writeFile(`/root/kz/${p}`, text);
    await k.run(['create', 'namespace', 'lab']);
    const warn = "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n";
    expect((await k.run(['apply', '-k', 'kz'])).output).toBe(warn + 'service/dev-web created\ndeployment.apps/dev-web created\n');
    expect((await k.run(['get', '-k', 'kz', '-o', 'name'])).stdout).toBe('service/dev-web\ndeployment.apps/dev-web\n');
    expect((await k.run(['get', 'deploy', 'dev-web', '-n', 'lab', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).output).toBe('nginx:1.26');
    expect((await k.run(['delete', '-k', 'kz'])).stdout).toBe('service "dev-web" deleted from lab namespace\ndeployment.apps "dev-web" deleted from lab namespace\n');
    expect((await k.run(['apply', '-k', 'kz', '-f', 'x.yaml'])).output).toBe('error: only one of -f or -k can be specified\n');
    expect((await k.run(['apply', '-k', 'kz', '-R'])).output).toBe("error: the -k flag can't be used with -f or -R\n");
    expect((await k.run(['apply', '-k', 'nodir'])).output).toBe("error: must build at directory: not a valid directory: evalsymlink failure on 'nodir' : lstat /root/nodir: no such file or directory\n");
    expect(cluster.clock.errors).toEqual([]);
  });
});
