/**
 * A manifest whose later document is broken. kubectl reads -f sources the way
 * cli-runtime's StreamVisitor does, one document at a time under
 * ContinueOnError: the documents before the broken one are applied, created,
 * deleted or listed, then the error is printed (kubectl v1.35.2 on the text
 * below: `configmap/first created`, then `error: error parsing STDIN: error
 * converting YAML to JSON: yaml: line 5: did not find expected node content`,
 * its line counted from the second document's start). Other files are still
 * read; a document whose metadata does not decode is skipped, not the rest.
 */
import { describe, expect, it } from 'vitest';
import { newTarget } from './fuzz/run.js';
import { ensureKubeadmObjects } from '../../engine/api/bootstrap/kubeadm-objects-gate.js';

const BROKEN_SECOND = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\ndata: {a: b}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second\n  x: [\n';
const PARSE_ERROR = 'error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: did not find expected node content\n';
const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

function configMap(target: ReturnType<typeof newTarget>, name: string) {
  return target.cluster.store.get('configmaps', `default/${name}`);
}

describe('a broken later document', () => {
  it('apply applies the documents before it, whole, then prints the error', async () => {
    const t = newTarget(31);
    const r = await t.runner.run(['apply', '-f', '-'], { stdin: BROKEN_SECOND });
    expect(r.stdout).toBe('configmap/first created\n');
    expect(r.stderr).toBe(PARSE_ERROR);
    expect(r.code).toBe(1);
    expect(configMap(t, 'first')?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeDefined();
    expect(configMap(t, 'second')).toBeUndefined();
    expect(t.cluster.clock.errors).toEqual([]);
  });

  it('create creates them, delete deletes them, get lists them', async () => {
    const t = newTarget(32);
    const c = await t.runner.run(['create', '-f', '-'], { stdin: BROKEN_SECOND });
    expect([c.stdout, c.stderr, c.code]).toEqual(['configmap/first created\n', PARSE_ERROR, 1]);
    const g = await t.runner.run(['get', '-f', '-'], { stdin: BROKEN_SECOND });
    expect(g.stdout).toMatch(/^NAME +DATA +AGE\nfirst +1 +\d+s\n$/);
    expect(g.stderr).toBe(PARSE_ERROR);
    const d = await t.runner.run(['delete', '-f', '-'], { stdin: BROKEN_SECOND });
    expect([d.stdout, d.stderr, d.code]).toEqual(['configmap "first" deleted from default namespace\n', PARSE_ERROR, 1]);
    expect(configMap(t, 'first')).toBeUndefined();
  });

  it('a document that fails validation stops its file; the other files are still read', async () => {
    const t = newTarget(33);
    t.runner.fs.writeFile('/root/a.yaml', `${cm('one')}---\nkind: ConfigMap\nmetadata:\n  name: two\n---\n${cm('three')}`);
    t.runner.fs.writeFile('/root/b.yaml', cm('four'));
    const r = await t.runner.run(['apply', '-f', 'a.yaml', '-f', 'b.yaml']);
    expect(r.stdout).toBe('configmap/one created\nconfigmap/four created\n');
    // StreamVisitor's ValidateSchema error ends a.yaml's stream: `three` is never read.
    expect(r.stderr).toBe('error: error validating "a.yaml": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n');
    expect(configMap(t, 'three')).toBeUndefined();
  });

  it('a document whose metadata does not decode is skipped and the ones after it are applied', async () => {
    const t = newTarget(34);
    const r = await t.runner.run(['apply', '-f', '-'], { stdin: `${cm('one')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: 5\n---\n${cm('three')}` });
    expect(r.stdout).toBe('configmap/one created\nconfigmap/three created\n');
    expect(r.stderr).toBe('error: unable to decode "STDIN": json: cannot unmarshal number into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta\n');
  });

  it('with nothing readable before the error, nothing changes and the error is all that is printed', async () => {
    const t = newTarget(35);
    // kube-system's boot objects, written at the first command that reads a manifest, are not this command's change.
    await ensureKubeadmObjects(t.cluster);
    const before = t.cluster.store.currentRevision();
    const r = await t.runner.run(['apply', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n' });
    expect([r.stdout, r.stderr]).toEqual(['', 'error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: found character that cannot start any token\n']);
    expect(t.cluster.store.currentRevision()).toBe(before);
  });
});

describe('go-yaml\'s line numbers (texts from kubectl v1.35.2)', () => {
  it.each([
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   labels: y\n', 'line 5: mapping values are not allowed in this context'],
    ['apiVersion: v1\nkind: ConfigMap: x\n', 'line 2: mapping values are not allowed in this context'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {a: b\n', "line 5: did not find expected ',' or '}'"],
    ['# c\n\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n  y: 1\n', "line 6: did not find expected ',' or ']'"],
  ])('%j', async (text, expected) => {
    const t = newTarget(36);
    const r = await t.runner.run(['create', '-f', '-'], { stdin: text });
    expect(r.stderr).toBe(`error: error parsing STDIN: error converting YAML to JSON: yaml: ${expected}\n`);
  });
});
