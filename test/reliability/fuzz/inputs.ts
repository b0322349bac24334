/**
 * Hostile input: manifests (valid ones, then broken in every way a learner or
 * an attacker could: wrong types, huge numbers, unicode, deep nesting, very
 * long strings, duplicate keys, truncation, alias bombs) and command lines
 * (unknown flags, unbalanced quotes, control characters, enormous arguments).
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Shaped like `kubectl create ... --dry-run=client -o yaml` output of kubectl v1.35.2. */
export function baseObjects(name: string): Record<string, Json> {
  return {
    configmap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { key: 'value' } },
    deployment: {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { labels: { app: name }, name },
      spec: { replicas: 1, selector: { matchLabels: { app: name } }, strategy: {}, template: { metadata: { labels: { app: name } }, spec: { containers: [{ image: 'nginx', name: 'nginx', resources: {} }] } } },
    },
    pod: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { run: name }, name }, spec: { containers: [{ image: 'nginx', name, resources: {} }], dnsPolicy: 'ClusterFirst', restartPolicy: 'Always' } },
    service: { apiVersion: 'v1', kind: 'Service', metadata: { labels: { app: name }, name }, spec: { ports: [{ name: '80-80', port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: name }, type: 'ClusterIP' } },
    namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    secret: { apiVersion: 'v1', kind: 'Secret', metadata: { name }, data: { password: 'czNjcjN0' } },
  };
}

export const KINDS = ['configmap', 'deployment', 'pod', 'service', 'namespace', 'secret'] as const;

const nameArb = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'A', 'a_b', '-x', 'x-', '.', '..', 'a/b', '한글', 'x'.repeat(254), '<script>alert(1)</script>', '${HOME}', 'a\u0000b') },
);

/** Values that break type expectations. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 2 ** 63, 9223372036854775807, 2147483648, -2147483649, '', '0', 'true', '1e3', '100Mi', '-5', 'NaN', '∞', [], {}, [null], { '': null }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constant('y'.repeat(70_000)),
  fc.array(fc.constantFrom<Json>(1, 'a', null, {}), { maxLength: 4 }),
);

/** A chain of `depth` nested objects (or arrays) ending in a string. */
export function nested(depth: number, array: boolean): Json {
  let v: Json = 'deep';
  for (let i = 0; i < depth; i++) v = array ? [v] : { n: v };
  return v;
}

export type Mutation =
  | { op: 'set'; path: number[]; value: Json }
  | { op: 'delete'; path: number[] }
  | { op: 'unknown'; path: number[]; key: string }
  | { op: 'nest'; path: number[]; depth: number; array: boolean };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), path: fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), path: fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('unknown' as const), path: fc.array(fc.nat(20), { maxLength: 5 }), key: fc.constantFrom('replica', 'imagePullPolicyy', 'x', 'spec', '$patch', '__proto__', 'constructor') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('nest' as const), path: fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }), depth: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constant(1_000)), array: fc.boolean() }) },
);

/** Walks `path` (indices into each level's keys) and applies the mutation there. */
export function mutate(obj: Json, m: Mutation): Json {
  const root = structuredClone(obj);
  let cur: Json = root;
  const steps = m.op === 'unknown' ? m.path : m.path.slice(0, -1);
  for (const i of steps) {
    if (cur === null || typeof cur !== 'object') break;
    const keys = Object.keys(cur);
    if (!keys.length) break;
    const k = keys[i % keys.length];
    const next: Json = (cur as Record<string, Json>)[k];
    if (next === null || typeof next !== 'object') break;
    cur = next;
  }
  if (cur === null || typeof cur !== 'object') return root;
  const keys = Object.keys(cur);
  const target = m.op === 'unknown' ? m.key : keys.length ? keys[m.path[m.path.length - 1] % keys.length] : 'x';
  const rec = cur as Record<string, Json>;
  if (m.op === 'set') rec[target] = m.value;
  else if (m.op === 'delete') delete rec[target];
  else if (m.op === 'unknown') Object.defineProperty(rec, target, { value: 'surprise', enumerable: true, writable: true, configurable: true });
  else rec[target] = nested(m.depth, m.array);
  return root;
}

export interface ManifestCase {
  docs: { kind: (typeof KINDS)[number]; name: string; mutations: Mutation[] }[];
  format: 'yaml' | 'json' | 'jsonlist';
  /** A text-level corruption applied after serialization. */
  text: { op: 'none' } | { op: 'truncate'; at: number } | { op: 'insert'; at: number; what: string } | { op: 'duplicateKey'; at: number } | { op: 'replace'; with: string };
}

/** Alias bombs and other texts that are dangerous to parse rather than to apply. */
export const BOMBS: string[] = [
  // billion laughs: 9 levels of 9 aliases = 387,420,489 strings if expanded
  ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill('*' + 'abcdefghi'[i]).join(',')}]`), 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}'].join('\n'),
  'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: self\n  labels: *m\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: *undefinedalias}\n',
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
  `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
  `${'- '.repeat(3_000)}x\n`,
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tabs}\ndata:\n\tkey: v\n',
  '--- !!binary\nAAAA\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tags}\ndata: {a: !!js/function "function(){}"}\n',
  '%YAML 9.9\n---\na: b\n',
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long}\ndata: {k: "${'z'.repeat(2_000_000)}"}\n`,
  '\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata: {name: bom}\n',
  'apiVersion: v1\nkind: List\nitems: [1, "x", null, {kind: ConfigMap}]\n',
  '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dupjson","name":"other"}}',
  '[]', '{}', 'null', '42', '"str"', '---\n---\n---\n', '\u0000\u0001\u0002',
];

export const manifestCaseArb: fc.Arbitrary<ManifestCase> = fc.record({
  docs: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), name: nameArb, mutations: fc.array(mutationArb, { maxLength: 3 }) }), { minLength: 1, maxLength: 4 }),
  format: fc.constantFrom('yaml' as const, 'json' as const, 'jsonlist' as const),
  text: fc.oneof(
    { weight: 6, arbitrary: fc.constant({ op: 'none' as const }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), what: fc.constantFrom('\t', ':', '- ', '{', '"', "'", '\n  ', '&a ', '*a', '\u0000', '\r', '#', '!!int ', '? ', '|\n', '%') }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicateKey' as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('replace' as const), with: fc.constantFrom(...BOMBS) }) },
  ),
});

/** The documents of a case as objects (before serialization). */
export function caseObjects(c: ManifestCase): Json[] {
  return c.docs.map((d) => c_apply(baseObjects(d.name)[d.kind], d.mutations));
}

function c_apply(o: Json, ms: Mutation[]): Json {
  let v = o;
  for (const m of ms) v = mutate(v, m);
  return v;
}

export function manifestText(c: ManifestCase): string {
  if (c.text.op === 'replace') return c.text.with;
  const objs = caseObjects(c);
  let text: string;
  if (c.format === 'json') text = objs.map((o) => JSON.stringify(o, null, 2)).join('\n');
  else if (c.format === 'jsonlist') text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs });
  else text = objs.map((o) => safeYaml(o)).join('---\n');
  switch (c.text.op) {
    case 'truncate': return text.slice(0, c.text.at % (text.length + 1));
    case 'insert': {
      const at = c.text.at % (text.length + 1);
      return text.slice(0, at) + c.text.what + text.slice(at);
    }
    case 'duplicateKey': {
      const lines = text.split('\n');
      const i = c.text.at % lines.length;
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    default: return text;
  }
}

function safeYaml(o: Json): string {
  try {
    return stringify(o, { aliasDuplicateObjects: false, lineWidth: 0 });
  } catch {
    // yaml refuses some shapes (5,000-deep nesting overflows its stack): JSON is YAML too.
    return JSON.stringify(o) + '\n';
  }
}

// ---- command lines ----

const WORDS = [
  'kubectl', 'kubectl', 'kubectl', 'get', 'describe', 'create', 'apply', 'delete', 'scale', 'label', 'patch', 'replace', 'logs', 'exec', 'run', 'expose', 'set', 'rollout', 'edit', 'top', 'explain', 'config', 'api-resources',
  'pods', 'po', 'deployments', 'deploy/web', 'svc', 'nodes', 'ns', 'all', 'events', 'cm', 'secrets', 'pod/x', 'deployment', 'configmap', 'generic', 'x', 'web', 'nginx',
  '-o', 'yaml', 'json', 'wide', 'name', 'jsonpath={.items[*].metadata.name}', 'jsonpath={', 'go-template={{.}}', 'custom-columns=A:.metadata.name', '-A', '-n', 'kube-system', '--all-namespaces', '-l', 'app=web', 'app in (a,b', '--selector=!!', '-w', '--watch',
  '--replicas=3', '--replicas=-1', '--replicas=99999999999999999999', '--image=nginx', '--image=', '--from-literal=a=b', '--dry-run=client', '--dry-run=bogus', '--grace-period=0', '--force', '--type=merge', '-p', '{"spec":{"replicas":2}}', '{"spec":', '--all', '--now', '--timeout=1s',
  '-f', '-', '/nonexistent', '.', '--', '--unknown-flag', '-Z', '---', '--=', '-', '--v=9', '--output', '--help', '-h',
  'echo', 'cat', 'ls', 'grep', 'sed', 'awk', 'sort', 'head', 'tail', 'wc', 'seq', 'printf', 'sleep', 'timeout', 'watch', 'cd', 'export', 'unset', 'alias', 'history', 'true', 'false', 'test', '[', ']', 'which', 'vi', 'curl', 'nslookup',
  '|', '||', '&&', ';', '&', '>', '>>', '<', '2>&1', '$(', ')', '`', '{', '}', '(', ')', '$HOME', '${', '$((', '1/0', '))', '!!', '!-5', '!x', '*', '?', '~', '#', '\\', '"', "'", '"$x"', "'a b'", 'a"b', "a'b",
  '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  '<<EOF', 'EOF', 'for', 'in', 'do', 'done', 'while', 'until', 'if', 'then', 'fi', 'case', 'esac', 'function', 'f()', 'select',
];

/**
 * Lines that run the shell up to its step budget (50,000 commands) or expand
 * 100,000 words. They end with the budget's message, but the shell does not
 * yield to the page while it runs them: seconds of freeze (see the README's
 * Reliability section). Measured separately so the bound for every other line
 * stays meaningful.
 */
export const BUDGET_LINES = [
  ':(){ :|:& };:',
  'while true; do :; done',
  'for i in $(seq 1 1000000); do echo $i; done | tail -1',
  'f() { f; }; f',
  'echo ' + '{a,b}'.repeat(30) + ' | wc -w',
  'x=' + '$((1+'.repeat(3_000) + '1' + '))'.repeat(3_000),
];

export const commandLineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { minLength: 1, maxLength: 10 }).map((ws) => ws.join(' ')) },
  { weight: 1, arbitrary: fc.constantFrom(
    'kubectl get pods ' + 'x'.repeat(200_000),
    'echo ' + 'a '.repeat(50_000),
    'kubectl ' + '--v=1 '.repeat(10_000),
    'kubectl get pods -o jsonpath=' + '{'.repeat(5_000),
    'kubectl get pods -l ' + 'a=b,'.repeat(5_000) + 'a=b',
    'echo "' + '$('.repeat(2_000),
    'yes | head -3',
    'echo $(( 2**63 )) $(( 1/0 )) $(( -9223372036854775808 / -1 ))',
    'printf "%s%s%s%s%n"',
    'kubectl get pods --sort-by=.metadata.name --sort-by={{',
    'cat <<EOF\n' + 'line\n'.repeat(10) + 'EOF',
    'echo \u001b[31mred\u001b[0m \u0007 \u0008 \u007f',
    "kubectl create configmap c --from-literal='\u0000=\u0001'",
    'kubectl run x --image=nginx -- ' + 'arg '.repeat(2_000),
  ) },
);
