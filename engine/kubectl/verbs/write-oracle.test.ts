/**
 * Differences the write oracle (scripts/real-kubectl, writes.sh) found between KubeLab's kubectl and the real
 * kubectl v1.35.2 writing into the same cluster. Expected texts are the real binary's output.
 */
import { describe, expect, it } from 'vitest';
import { runScript, runScriptStreaming } from '../../shell/script.js';
import { jsonUnmarshalError } from '../framework/json-syntax.js';
import type { Cluster } from '../../cluster.js';

const lines = (...l: string[]) => l.join('\n');

describe('write verbs as the real kubectl prints them', () => {
  it('create deployment wraps the server error; create namespace does not', async () => {
    const out = await runScript(lines(
      'kubectl create deployment web --image=nginx:1.26',
      'kubectl create deployment web --image=nginx:1.26',
      'kubectl create configmap c',
      'kubectl create configmap c',
      'kubectl create namespace default',
    ), { seed: 3 });
    expect(out).toContain('$ kubectl create deployment web --image=nginx:1.26\nerror: failed to create deployment: deployments.apps "web" already exists\n');
    expect(out).toContain('$ kubectl create configmap c\nerror: failed to create configmap: configmaps "c" already exists\n');
    expect(out).toContain('$ kubectl create namespace default\nError from server (AlreadyExists): namespaces "default" already exists\n');
  });

  it('patch: a broken JSON document is the server\'s to reject; unknown fields are warned about and dropped', async () => {
    const out = await runScript(lines(
      'kubectl create deployment web --image=nginx:1.26',
      `kubectl patch deployment web -p '{"spec":{"replicas":}'`,
      `kubectl patch deployment web --type=merge -p '{"spec":{"replicas":2}'`,
      `kubectl patch deployment web --type=merge -p '{"spec":{"replicas":2}} x'`,
      `kubectl patch deployment web -p '{"spec":{"replica":2}}'`,
      `kubectl patch deployment web -p 'spec: {replicas: [}'`,
    ), { seed: 3 });
    expect(out).toContain(`$ kubectl patch deployment web -p '{"spec":{"replicas":}'\nError from server (BadRequest): invalid character '}' looking for beginning of value\n`);
    expect(out).toContain(`--type=merge -p '{"spec":{"replicas":2}'\nError from server (BadRequest): error decoding patch: unexpected end of JSON input\n`);
    expect(out).toContain(`--type=merge -p '{"spec":{"replicas":2}} x'\nError from server (BadRequest): error decoding patch: invalid character 'x' after top-level value\n`);
    // The server's warning, printed by kubectl's warning handler (yellow on a terminal) like every other.
    expect(out).toContain(`-p '{"spec":{"replica":2}}'\n\u001b[33;1mWarning:\u001b[0m unknown field "spec.replica"\ndeployment.apps/web patched (no change)\n`);
    expect(out).toContain(`-p 'spec: {replicas: [}'\nerror: unable to parse "spec: {replicas: [}": yaml: did not find expected node content\n`);
  });

  it('delete --wait ends at the instant the object is gone, not at the next poll', async () => {
    const starts: number[] = [];
    let removedAt: number | undefined;
    let out = '';
    await runScriptStreaming(lines('kubectl run one --image=nginx:1.26', 'sleep 20', 'kubectl delete pod one --now', 'true'), {
      seed: 3,
      aroundLine: async (_line, cluster) => {
        if (!starts.length) cluster.apiserver.store.onChange((e) => { if (e.type === 'DELETED' && e.object.metadata.name === 'one') removedAt = cluster.clock.now(); });
        starts.push(cluster.clock.now());
        return undefined;
      },
    }, (t) => (out += t));
    expect(out).toContain('pod "one" deleted');
    expect(removedAt).toBeGreaterThan(starts[2]);
    // The next line starts at the instant the pod went (the real kubectl's watch sees DELETED then), not on a 250 ms poll after it.
    expect(starts[3]).toBe(removedAt);
  });
});

describe('patch --dry-run=client', () => {
  it('patches the object it read, locally: no validation, no unknown-field warning', async () => {
    const out = await runScript(lines(
      'kubectl create deployment web --image=nginx:1.26',
      `kubectl patch deploy web -p '{"spec":{"replicas":-1}}' --dry-run=client`,
      `kubectl patch deploy web -p '{"spec":{"replicas":-1}}' --dry-run=client -o name`,
      `kubectl patch deploy web -p '{"spec":{"replica":1}}' --dry-run=client`,
      `kubectl patch deploy web -p '{"spec":{"replicas":1}}' --dry-run=client`,
    ), { seed: 3 });
    // Real kubectl v1.35.2 against the same cluster (patch.go: getPatchedJSON when the dry run is the client's).
    expect(out).toContain(`--dry-run=client\ndeployment.apps/web patched\n$ kubectl patch deploy web -p '{"spec":{"replicas":-1}}' --dry-run=client -o name\ndeployment.apps/web\n`);
    expect(out).toContain(`-p '{"spec":{"replica":1}}' --dry-run=client\ndeployment.apps/web patched\n`);
    expect(out).toContain(`-p '{"spec":{"replicas":1}}' --dry-run=client\ndeployment.apps/web patched (no change)\n`);
  });
});

describe('apply -f with several files', () => {
  it('expands a pattern; read errors are one aggregate before the server\'s errors, which name their file', async () => {
    const out = await runScript(lines(
      'cat <<EOF > bad.json',
      '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"},}',
      'EOF',
      'cat <<EOF > bad3.json',
      '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j3"}',
      'EOF',
      'cat <<EOF > bad4.json',
      '[{"apiVersion": "v1"}]',
      'EOF',
      `kubectl apply -f '*.json'`,
      `kubectl apply -f '*.nothing'`,
      'cat <<EOF > lower.yaml',
      'apiVersion: v1',
      'kind: pod',
      'metadata:',
      '  name: lower',
      'EOF',
      'kubectl apply -f lower.yaml',
    ), { seed: 3 });
    // Real kubectl v1.35.2 against the same cluster (scripts/real-kubectl/scenarios/errors-manifests.sh).
    expect(out).toContain(`$ kubectl apply -f '*.json'\n[error parsing bad3.json: unexpected EOF, error validating "bad4.json": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false]\nError from server (Invalid): error when creating "bad.json": Pod "j" is invalid: spec.containers: Required value\n`);
    expect(out).toContain(`$ kubectl apply -f '*.nothing'\nerror: the path "*.nothing" does not exist\n`);
    expect(out).toContain('$ kubectl apply -f lower.yaml\nError from server (BadRequest): error when creating "lower.yaml": pod in version "v1" cannot be handled as a Pod: no kind "pod" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"\n');
  });
});

describe('the last-applied annotation', () => {
  it('apply and set-last-applied store encoding/json text with its newline; a failed edit-last-applied keeps the copy', async () => {
    let cluster: Cluster | undefined;
    const out = await runScriptStreaming(lines(
      'cat > cm.yaml <<EOF2', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: cfg', 'data:', '  a: "<b>"', 'EOF2',
      'cat > cm2.yaml <<EOF2', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: cfg', 'data:', '  a: c', 'EOF2',
      'kubectl apply -f cm.yaml',
      'true',
      'kubectl apply set-last-applied -f cm2.yaml',
      'true',
      'KUBE_EDITOR="sed -i s/c/yy/" kubectl apply edit-last-applied cm/cfg',
    ), { seed: 3, aroundLine: async (_l, c) => { cluster = c; return undefined; } }, () => {});
    void out;
    const stored = () => cluster!.apiserver.get('configmaps', 'default', 'cfg').metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
    // What the real kubectl v1.35.2 stored (the write oracle's comparison of errors-gaps.sh).
    expect(stored()).toBe('{"apiVersion":"v1","data":{"a":"c"},"kind":"ConfigMap","metadata":{"name":"cfg","namespace":"default"}}\n');
  });

  it('apply escapes <, > and & as encoding/json does', async () => {
    let cluster: Cluster | undefined;
    await runScriptStreaming(lines(
      'cat > cm.yaml <<EOF2', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: cfg', '  labels:', '    app: x', 'data:', '  a: "<b>"', 'EOF2',
      'kubectl apply -f cm.yaml',
      'true',
    ), { seed: 3, aroundLine: async (_l, c) => { cluster = c; return undefined; } }, () => {});
    expect(cluster!.apiserver.get('configmaps', 'default', 'cfg').metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'])
      .toBe('{"apiVersion":"v1","data":{"a":"\\u003cb\\u003e"},"kind":"ConfigMap","metadata":{"annotations":{},"labels":{"app":"x"},"name":"cfg","namespace":"default"}}\n');
  });

  it('edit-last-applied tells where the edited copy is when the patch fails', async () => {
    const out = await runScript(lines(
      'kubectl create configmap cfg --from-literal=a=c --save-config',
      'KUBE_EDITOR="sed -i s/c/yy/" kubectl apply edit-last-applied cm/cfg',
    ), { seed: 3 });
    // Real kubectl v1.35.2 (editoptions.go preservedFile), as in errors-gaps.sh.
    expect(out).toMatch(/\nA copy of your changes has been stored to "\/tmp\/kubectl-edit-[0-9]+\.yaml"\nError from server \(NotFound\): configmaps "yyfg" not found\n/);
  });
});

describe('delete --raw', () => {
  it('sends one DELETE to the URI, names and types aside, and prints the server\'s answer', async () => {
    const out = await runScript(lines(
      'kubectl run solo --image=nginx',
      'kubectl create configmap cm --from-literal=a=b',
      'kubectl delete pod solo --raw /api',
      'kubectl delete --raw /api/v1/namespaces/default/configmaps/cm',
      'kubectl delete --raw /api/v1/namespaces/default/configmaps/cm',
      'kubectl delete --raw nope',
      'kubectl delete --raw /api -i',
      'kubectl get pod solo -o name',
    ), { seed: 3 });
    // Real kubectl v1.35.2 (delete.go: --raw skips the builder; rawhttp.RawDelete copies the body to stdout).
    expect(out).toContain('$ kubectl delete pod solo --raw /api\nError from server (MethodNotAllowed): the server does not allow this method on the requested resource\n');
    expect(out).toMatch(/\$ kubectl delete --raw \/api\/v1\/namespaces\/default\/configmaps\/cm\n\{"kind":"Status","apiVersion":"v1","metadata":\{\},"status":"Success","details":\{"name":"cm","kind":"configmaps","uid":"[0-9a-f-]+"\},"code":200\}\n/);
    expect(out).toContain('$ kubectl delete --raw /api/v1/namespaces/default/configmaps/cm\nError from server (NotFound): configmaps "cm" not found\n');
    expect(out).toContain('$ kubectl delete --raw nope\nerror: --raw must be a valid URL path: parse "nope": invalid URI for request\n');
    expect(out).toContain('$ kubectl delete --raw /api -i\nerror: --interactive can not be used with --raw\n');
    expect(out).toContain('$ kubectl get pod solo -o name\npod/solo\n');
  });
});

describe('server-side apply', () => {
  it('creates an object that does not exist yet (applyPatcher.createNewObject)', async () => {
    const out = await runScript(lines(
      "cat <<'YAML' > ssa.yaml", 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: ssa', 'data:', '  a: "1"', 'YAML',
      'kubectl apply --server-side -f ssa.yaml',
      'kubectl apply --server-side -f ssa.yaml',
      'kubectl get cm ssa -o jsonpath={.data.a}',
    ), { seed: 3 });
    expect(out).toContain('$ kubectl apply --server-side -f ssa.yaml\nconfigmap/ssa serverside-applied\n$ kubectl apply --server-side -f ssa.yaml\nconfigmap/ssa serverside-applied\n');
    expect(out).toContain('$ kubectl get cm ssa -o jsonpath={.data.a}\n1');
  });
});

describe('jsonUnmarshalError (encoding/json checkValid)', () => {
  it('names the first bad byte, the end of input, or what follows the value', () => {
    expect(jsonUnmarshalError('{"a":}')).toBe(`invalid character '}' looking for beginning of value`);
    expect(jsonUnmarshalError('{"a":1')).toBe('unexpected end of JSON input');
    expect(jsonUnmarshalError('{"a":1} x')).toBe(`invalid character 'x' after top-level value`);
    expect(jsonUnmarshalError(' {"a":[1,2]} \n')).toBeUndefined();
  });
});
