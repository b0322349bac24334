import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { kubectlRunner } from '../test-helpers.js';

// Texts from kubectl v1.35.2 (source: kubectl/pkg/cmd/get/get.go, cli-runtime printers) and the real binary.
function setup() {
  const cluster = new Cluster({ seed: 11 }).boot();
  const client = cluster.client();
  client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', labels: { app: 'web', tier: 'fe' } }, data: { a: '1', b: '2' } } as KObject);
  client.create('secrets', 'default', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tok' }, type: 'Opaque', data: { k: 'dg==' } } as KObject);
  cluster.advance(5_000);
  return { cluster, k: kubectlRunner(cluster) };
}

describe('kubectl get', () => {
  it('prints a table with ages and labels', async () => {
    const { k } = setup();
    const r = await k.run(['get', 'cm', 'cfg', '--show-labels', '-L', 'tier']);
    expect(r.stdout).toBe('NAME   DATA   AGE   TIER   LABELS\ncfg    2      5s    fe     app=web,tier=fe\n');
  });

  it('prefixes kinds and separates tables when several types are asked for', async () => {
    const { k } = setup();
    const r = await k.run(['get', 'cm/cfg', 'secret/tok']);
    expect(r.stdout).toBe('NAME            DATA   AGE\nconfigmap/cfg   2      5s\n\nNAME         TYPE     DATA   AGE\nsecret/tok   Opaque   1      5s\n');
  });

  it('reports missing objects and types with kubectl texts', async () => {
    const { k } = setup();
    let r = await k.run(['get', 'cm', 'cfg', 'nope']);
    expect(r.stdout).toBe('NAME   DATA   AGE\ncfg    2      5s\n');
    expect(r.stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
    expect(r.code).toBe(1);
    r = await k.run(['get', 'deploy', 'web']);
    expect(r.stderr).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
    r = await k.run(['get', 'foo']);
    expect(r.stderr).toBe('error: the server doesn\'t have a resource type "foo"\n');
    r = await k.run(['get', 'cm', '-n', 'kube-public', '-l', 'x=y']);
    expect(r.stderr).toBe('No resources found in kube-public namespace.\n');
    expect(r.code).toBe(0);
    r = await k.run(['get', 'pods', 'p', '-A']);
    expect(r.stderr).toBe('error: a resource cannot be retrieved by name across all namespaces\n');
    r = await k.run(['get', 'pods', 'pod/x']);
    expect(r.stderr).toBe("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n");
  });

  it('asks for a resource type', async () => {
    const { k } = setup();
    const r = await k.run(['get']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n');
  });

  it('prints yaml for one object and a List for several', async () => {
    const { k } = setup();
    const one = await k.run(['get', 'secret', 'tok', '-o', 'yaml']);
    expect(one.stdout).toMatch(/^apiVersion: v1\ndata:\n  k: dg==\nkind: Secret\nmetadata:\n  creationTimestamp: "2026-01-01T00:02:0\dZ"\n  name: tok\n  namespace: default\n  resourceVersion: "\d+"\n  uid: [0-9a-f-]+\ntype: Opaque\n$/);
    const many = await k.run(['get', 'secrets', '-o', 'yaml']);
    expect(many.stdout.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n')).toBe(true);
    expect(many.stdout.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
    const names = await k.run(['get', 'cm,secrets', '-o', 'name']);
    expect(names.stdout).toContain('configmap/cfg\n');
    expect(names.stdout).toContain('secret/tok\n');
  });

  it('sorts with --sort-by and hides headers', async () => {
    const { cluster, k } = setup();
    cluster.client().create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aaa' }, data: { a: '1', b: '2', c: '3' } } as KObject);
    const r = await k.run(['get', 'cm', '-l', '!kubernetes.io/x', '--sort-by=.metadata.name', '--no-headers', '-o', 'custom-columns=N:.metadata.name']);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['aaa', 'cfg', 'kube-root-ca.crt'].filter((n) => r.stdout.includes(n)));
  });

  it('streams rows with -w until interrupted', async () => {
    const { cluster, k } = setup();
    cluster.clock.schedule(1_000, () => {
      cluster.client().create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later' }, data: {} } as KObject);
    });
    const r = await k.run(['get', 'cm', '-w', '-l', 'app'], { abortAfterMs: 3_000 });
    // Header and the existing row first; the new object does not match the selector, so nothing else.
    expect(r.stdout).toBe('NAME   DATA   AGE\ncfg    2      5s\n');
    expect(r.code).toBe(0);
    const w = await k.run(['get', 'cm', '--watch-only'], { abortAfterMs: 2_000 });
    expect(w.stdout).toBe('');
    cluster.clock.schedule(500, () => {
      cluster.client().create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'z' }, data: { q: 'x' } } as KObject);
    });
    const w2 = await k.run(['get', 'cm', '--watch-only'], { abortAfterMs: 2_000 });
    expect(w2.stdout).toBe('NAME   DATA   AGE\nz      1      0s\n');
  });

  it('ends -w quietly with status 0 when --request-timeout passes (the HTTP client deadline ends the watch stream)', async () => {
    const { cluster, k } = setup();
    const start = cluster.clock.now();
    // The abort only bounds the test: the timeout ends the watch first.
    const r = await k.run(['get', 'cm', '-w', '-l', 'app', '--request-timeout=2s'], { abortAfterMs: 60_000 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('NAME   DATA   AGE\ncfg    2      5s\n');
    expect(cluster.clock.now() - start).toBeLessThan(60_000);
  });
});
