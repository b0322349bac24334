import { beforeAll, describe, expect, it } from 'vitest';
import { loadYaml } from '../../util/yaml-lib.js';
import { scanJsonValue } from './json-syntax.js';
import { decodeManifestStream, objectKindProblems } from './manifest-stream.js';

/** The first error kubectl v1.35.2 prints for a source (texts recorded from the real binary: `kubectl create -f F --dry-run=client -o name`). */
function firstError(text: string, source = 'f.yaml', validate = true): string | undefined {
  return decodeManifestStream(text, source, validate).find((e) => e.error)?.error?.message;
}

beforeAll(async () => {
  await loadYaml();
});

describe('go-yaml error texts', () => {
  it.each([
    // parser errors print the 0-based line of the token
    ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: indent\n spec:\n  x: 1\n', 'line 4: did not find expected key'],
    ['apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n     image: nginx\n', "line 5: did not find expected '-' indicator"],
    ['apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: web\n    image: nginx\n   - name: b\n', 'line 6: did not find expected key'],
    ['- a\nb: c\n', "line 1: did not find expected '-' indicator"],
    ['a: ]\n', 'did not find expected node content'],
    ['a: [1, 2\nb: 3\n', "line 1: did not find expected ',' or ']'"],
    // scanner errors print the 1-based line
    ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n\tlabels:\n    app: web\n', 'line 5: found a tab character that violates indentation'],
    ['apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tab\n', 'line 4: found character that cannot start any token'],
    ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: "quote\nspec:\n  containers:\n  - name: web\n    image: nginx\n', 'line 9: found unexpected end of stream'],
    ['apiVersion: v1\nkind Pod\nmetadata:\n  name: x\n', "line 3: could not find expected ':'"],
    ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: a\n    b: c\n', 'line 6: mapping values are not allowed in this context'],
    ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: @x\n', 'line 4: found character that cannot start any token'],
  ])('%j', (text, want) => {
    expect(firstError(text)).toBe(`error parsing f.yaml: error converting YAML to JSON: yaml: ${want}`);
  });

  it('counts lines from the document after its --- line, after the documents before it were read', () => {
    const entries = decodeManifestStream('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n data: {}\n', 'm.yaml');
    expect(entries[0].object?.metadata.name).toBe('a');
    expect(entries[1].error?.message).toBe('error parsing m.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key');
  });

  it('refuses a separator line with more on it, losing the document before it', () => {
    expect(decodeManifestStream('kind: ConfigMap\n----\napiVersion: v1\n', 's.yaml').map((e) => e.error?.message)).toEqual(['error parsing s.yaml: invalid Yaml document separator: -']);
  });

  it('leaves block scalars alone, under a key or a list item (kubectl v1.35.2 reads this one as pod/b)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n  - name: c\n    command:\n    - sh\n    - |\n      echo one\n      while true; do sleep 1; done\n    args: |\n      plain words\n      \tand a tab\n';
    expect(firstError(text)).toBeUndefined();
  });

  it('refuses a mapping or a sequence as a map key, written as fmt\'s %#v (recorded: kubectl create -f --dry-run=client)', () => {
    const bad = (t: string) => firstError(t)?.replace('error parsing f.yaml: error converting YAML to JSON: yaml: ', '');
    expect(bad('? {a: 1}\n: x\n')).toBe('invalid map key: map[interface {}]interface {}{"a":1}');
    expect(bad('a: 1\n? [1, 2]\n: x\n')).toBe('invalid map key: []interface {}{1, 2}');
    expect(bad('kind: x\n? {b: [true, null, 1.5, 2.0], a: "x y", 10: z, c: {d: 1}}\n: x\n'))
      .toBe('invalid map key: map[interface {}]interface {}{"a":"x y", "b":[]interface {}{true, interface {}(nil), 1.5, 2}, "c":map[interface {}]interface {}{"d":1}, 10:"z"}');
    // A key nested fifty deep (the fuzz run's deep keys had overflowed the stack) is refused the same way.
    const deep = '? ' + '{a: '.repeat(50) + '1' + '}'.repeat(50) + '\n: x\n';
    expect(bad(deep)).toBe(`invalid map key: ${'map[interface {}]interface {}{"a":'.repeat(50)}1${'}'.repeat(50)}`);
  });

  it('keeps the last of duplicate keys (sigs.k8s.io/yaml is not strict)', () => {
    expect(decodeManifestStream('apiVersion: v1\nkind: Pod\nmetadata:\n  name: dup\n  name: dup2\n', 'd.yaml')[0].object?.metadata.name).toBe('dup2');
  });
});

describe('JSON streams', () => {
  it('reports Go encoding/json errors with the byte offset', () => {
    expect(firstError('{\n  "apiVersion": "v1",\n  "kind": "Pod"\n  "metadata": {"name": "j2"}\n}\n', 'j.json')).toBe(`error parsing j.json: json: offset 43: invalid character '"' after object key:value pair`);
    expect(firstError('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j3"}\n', 'j.json')).toBe('error parsing j.json: unexpected EOF');
  });

  it('reads a value JSON refuses as YAML when fewer than two values came first', () => {
    expect(decodeManifestStream('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"},}\n', 'j.json')[0].object?.metadata.name).toBe('j');
  });

  it('returns the bare JSON error after two values', () => {
    const text = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}\n{"x": tru}\n';
    expect(decodeManifestStream(text, 'j.json').map((e) => e.object?.metadata.name ?? e.error?.message)).toEqual(['a', 'b', "error parsing j.json: invalid character '}' in literal true (expecting 'e')"]);
  });

  it('scans one value and names the offending byte', () => {
    expect(scanJsonValue('{"a": 1} x', 0)).toEqual({ ok: true, end: 8 });
    expect(scanJsonValue('{"a": "\\x"}', 0)).toEqual({ ok: false, eof: false, message: "invalid character 'x' in string escape code", offset: 9 });
  });
});

describe('apiVersion and kind', () => {
  it('validates as kubectl/pkg/validation getObjectKind does', () => {
    expect(objectKindProblems({ metadata: {} })).toEqual(['apiVersion not set', 'kind not set']);
    expect(objectKindProblems({ apiVersion: 1, kind: 5 })).toEqual(["apiVersion isn't string type", "kind isn't string type"]);
    expect(objectKindProblems({ apiVersion: 'a/b/c', kind: 'Pod' })).toEqual(['unexpected GroupVersion string: a/b/c']);
    expect(objectKindProblems('x')).toEqual(['invalid object to validate']);
  });

  it('stops the stream on a validation error, and only skips an undecodable document when not validating', () => {
    const text = 'apiVersion: v1\nmetadata:\n  name: nokind\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n';
    expect(firstError(text, 'n.yaml')).toBe('error validating "n.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false');
    const loose = decodeManifestStream(text, 'n.yaml', false);
    expect(loose.map((e) => e.object?.metadata.name ?? e.error?.message)).toEqual([`unable to decode "n.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"nokind"}}'`, 'b']);
  });
});
