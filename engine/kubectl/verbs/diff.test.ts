/**
 * kubectl diff: the unified diff (expected hunks produced by GNU diffutils 3.8
 * `diff -u` on the same inputs), the Secret masker, and a diff of a live
 * Deployment against its changed manifest (exit 1), an unchanged one (exit 0)
 * and an error (exit 2, CheckDiffErr).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { kubectlRunner } from '../test-helpers.js';
import { diffFileName, diffTime, maskSecrets, unifiedHunks } from './diff.js';

const lines = (s: string) => s.split('').join('\n') + '\n';

describe('unifiedHunks (GNU diff -u)', () => {
  it('splits changes more than 6 lines apart into hunks with 3 lines of context', () => {
    expect(unifiedHunks(lines('abcdefghijklmn'), lines('aBcdefghijklMnO'))).toBe(
      '@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -10,5 +10,6 @@\n j\n k\n l\n-m\n+M\n n\n+O\n');
  });
  it('joins changes closer than that into one hunk', () => {
    expect(unifiedHunks(lines('abcdefgh'), lines('abcXdefYgh'))).toBe('@@ -1,8 +1,10 @@\n a\n b\n c\n+X\n d\n e\n f\n+Y\n g\n h\n');
  });
  it('treats an absent file as empty (-N)', () => {
    expect(unifiedHunks('', 'x\ny\n')).toBe('@@ -0,0 +1,2 @@\n+x\n+y\n');
    expect(unifiedHunks('x\ny\n', '')).toBe('@@ -1,2 +0,0 @@\n-x\n-y\n');
  });
  it('is empty for equal texts', () => {
    expect(unifiedHunks('a\nb\n', 'a\nb\n')).toBe('');
  });
});

describe('names and times', () => {
  it('names files as InfoObject.Name()', () => {
    expect(diffFileName('apps', 'v1', 'Deployment', 'default', 'web')).toBe('apps.v1.Deployment.default.web');
    expect(diffFileName('', 'v1', 'Service', 'default', 'web')).toBe('v1.Service.default.web');
  });
  it('prints file times with nanoseconds', () => {
    expect(diffTime(Date.UTC(2026, 0, 1, 0, 2, 0, 500))).toBe('2026-01-01 00:02:00.500000000 +0000');
    expect(diffTime(0)).toBe('1970-01-01 00:00:00.000000000 +0000');
  });
});

describe('maskSecrets', () => {
  it('hides values, marking the changed ones before and after', () => {
    const [a, b] = maskSecrets({ kind: 'Secret', data: { same: 'YQ==', changed: 'Yg==', gone: 'Yw==' } }, { kind: 'Secret', data: { same: 'YQ==', changed: 'ZA==', added: 'ZQ==' } });
    expect(a!.data).toEqual({ same: '***', changed: '*** (before)', gone: '***' });
    expect(b!.data).toEqual({ same: '***', changed: '*** (after)', added: '***' });
  });
  it('leaves other kinds alone', () => {
    const cm = { kind: 'ConfigMap', data: { a: 'b' } };
    expect(maskSecrets(cm, cm)[0]).toBe(cm);
  });
});

describe('kubectl diff -f', () => {
  const manifest = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: ${image}\n`;
  it('shows what apply would change and exits 1; nothing and 0 when applied; 2 on errors', async () => {
    const cluster = new Cluster({ seed: 4 }).boot();
    const k = kubectlRunner(cluster);
    k.fs.writeFile('/root/web.yaml', manifest('nginx:1.25'));
    expect((await k.run(['apply', '-f', 'web.yaml'])).stdout).toBe('deployment.apps/web created\n');
    const same = await k.run(['diff', '-f', 'web.yaml']);
    expect(same).toMatchObject({ code: 0, output: '' });
    k.fs.writeFile('/root/web.yaml', manifest('nginx:1.26'));
    const changed = await k.run(['diff', '-f', 'web.yaml']);
    expect(changed.code).toBe(1);
    const out = changed.stdout.split('\n');
    expect(out[0]).toMatch(/^diff -u -N \/tmp\/LIVE-[0-9]+\/apps\.v1\.Deployment\.default\.web \/tmp\/MERGED-[0-9]+\/apps\.v1\.Deployment\.default\.web$/);
    expect(out[1]).toMatch(/^--- \/tmp\/LIVE-[0-9]+\/apps\.v1\.Deployment\.default\.web\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000$/);
    expect(out.filter((l) => /^[-+] /.test(l) || /^[-+]\s/.test(l))).toEqual(['-  generation: 1', '+  generation: 2', '-      - image: nginx:1.25', '+      - image: nginx:1.26']);
    // Only a dry run: the live object is untouched.
    expect(((cluster.client('t').get('deployments.apps', 'default', 'web').spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image)).toBe('nginx:1.25');
    expect(await k.run(['diff'])).toMatchObject({ code: 2, stderr: 'error: must specify one of -f and -k\n' });
    expect(await k.run(['diff', '-f', 'nope.yaml'])).toMatchObject({ code: 2, stderr: 'error: the path "nope.yaml" does not exist\n' });
  });
});
