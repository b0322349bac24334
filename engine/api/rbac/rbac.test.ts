import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { kubectlRunner } from '../../kubectl/test-helpers.js';
import { CLUSTER_ROLE_BINDINGS_KEY, CLUSTER_ROLES_KEY, ROLE_BINDINGS_KEY, ROLES_KEY } from './bootstrap.js';

describe('RBAC in a cluster', () => {
  it('the bootstrap policy appears on the first request that touches the group, stamped with the boot time', async () => {
    const cluster = new Cluster({ seed: 3 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['get', 'pods', '-A']);
    expect(cluster.store.bucket(CLUSTER_ROLES_KEY).size).toBe(0);
    const before = cluster.store.currentRevision();
    const r = await k.run(['get', 'clusterroles']);
    expect(r.code).toBe(0);
    // 31 of policy.go, 38 controller roles, kubeadm's get-nodes and system:coredns; bindings and namespaced ones likewise.
    expect(cluster.store.bucket(CLUSTER_ROLES_KEY).size).toBe(71);
    expect(cluster.store.bucket(CLUSTER_ROLE_BINDINGS_KEY).size).toBe(57);
    expect(cluster.store.bucket(ROLES_KEY).size).toBe(11);
    expect(cluster.store.bucket(ROLE_BINDINGS_KEY).size).toBe(11);
    expect(cluster.store.currentRevision()).toBe(before + 71 + 57 + 11 + 11);
    const bootedAt = cluster.apiserver.get('namespaces', undefined, 'kube-system').metadata.creationTimestamp;
    expect(cluster.apiserver.get(CLUSTER_ROLES_KEY, undefined, 'cluster-admin').metadata.creationTimestamp).toBe(bootedAt);
    // The aggregated roles are filled: view reads pods, edit writes them, admin writes roles.
    const rules = (name: string) => JSON.stringify((cluster.apiserver.get(CLUSTER_ROLES_KEY, undefined, name) as { rules?: unknown }).rules);
    expect(rules('view')).toContain('"pods"');
    expect(rules('admin')).toContain('"roles"');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('impersonated requests are authorized by RBAC; the escalation check refuses what the author does not hold', async () => {
    const cluster = new Cluster({ seed: 4 }).boot();
    const k = kubectlRunner(cluster);
    expect((await k.run(['create', 'role', 'rb-maker', '--verb=create', '--resource=rolebindings,roles'])).code).toBe(0);
    await k.run(['create', 'rolebinding', 'jane-maker', '--role=rb-maker', '--user=jane']);
    const listed = await k.run(['get', 'pods', '--as=jane']);
    expect(listed.code).toBe(1);
    expect(listed.output).toBe('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n');
    const nodes = await k.run(['get', 'nodes', '--as=jane']);
    expect(nodes.output).toBe('Error from server (Forbidden): nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope\n');
    const role = await k.run(['create', 'role', 'r', '--verb=get', '--resource=pods', '--as=jane']);
    expect(role.output).toBe('Error from server (Forbidden): roles.rbac.authorization.k8s.io "r" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["get"]}\n');
    expect((await k.run(['auth', 'can-i', 'create', 'roles', '--as=jane'])).output).toBe('yes\n');
    const no = await k.run(['auth', 'can-i', 'list', 'pods', '--as=jane']);
    expect([no.output, no.code]).toEqual(['no\n', 1]);
    expect((await k.run(['auth', 'can-i', 'list', 'pods'])).output).toBe('yes\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('a patch that would grant what its author does not hold is refused as the create was, and the role is unchanged', async () => {
    const cluster = new Cluster({ seed: 6 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['create', 'role', 'role-editor', '--verb=get,patch', '--resource=roles']);
    await k.run(['create', 'rolebinding', 'jane-edits', '--role=role-editor', '--user=jane']);
    await k.run(['create', 'role', 'target', '--verb=get', '--resource=roles']);
    const r = await k.run(['patch', 'role', 'target', '--as=jane', '--type=json', '-p', '[{"op":"add","path":"/rules/-","value":{"apiGroups":[""],"resources":["secrets"],"verbs":["list"]}}]']);
    expect(r.code).toBe(1);
    expect(r.output).toBe('Error from server (Forbidden): roles.rbac.authorization.k8s.io "target" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["list"]}\n');
    expect(JSON.stringify((cluster.apiserver.get(ROLES_KEY, 'default', 'target') as { rules?: unknown }).rules)).not.toContain('secrets');
    // What jane holds she may grant: get on roles.
    const ok = await k.run(['patch', 'role', 'target', '--as=jane', '-p', '{"metadata":{"labels":{"a":"b"}}}']);
    expect(ok.output).toBe('role.rbac.authorization.k8s.io/target patched\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('the aggregation controller adds a labelled ClusterRole’s rules to view', async () => {
    const cluster = new Cluster({ seed: 5 }).boot();
    const k = kubectlRunner(cluster);
    await k.run(['create', 'clusterrole', 'widgets', '--verb=get', '--resource=configmaps', '--resource-name=widgets']);
    await k.run(['label', 'clusterrole', 'widgets', 'rbac.authorization.k8s.io/aggregate-to-view=true']);
    cluster.advance(1000);
    const view = JSON.stringify((cluster.apiserver.get(CLUSTER_ROLES_KEY, undefined, 'view') as { rules?: unknown }).rules);
    expect(view).toContain('"resourceNames":["widgets"]');
    const edit = JSON.stringify((cluster.apiserver.get(CLUSTER_ROLES_KEY, undefined, 'edit') as { rules?: unknown }).rules);
    expect(edit).toContain('"resourceNames":["widgets"]');
  });

  it('create token: a JWT with the API server’s claims, and NotFound for a missing ServiceAccount', async () => {
    const cluster = new Cluster({ seed: 6 }).boot();
    const k = kubectlRunner(cluster);
    const r = await k.run(['create', 'token', 'default', '--duration=2h', '--audience=vault']);
    const [header, payload, sig] = r.stdout.trim().split('.');
    const decode = (s: string) => JSON.parse(atob(s.replace(/-/g, '+').replace(/_/g, '/')));
    expect(decode(header).alg).toBe('RS256');
    const claims = decode(payload);
    expect(Object.keys(claims)).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
    expect(claims.aud).toEqual(['vault']);
    expect(claims.iss).toBe('https://kubernetes.default.svc.cluster.local');
    expect(claims.sub).toBe('system:serviceaccount:default:default');
    expect(claims.exp - claims.iat).toBe(7200);
    expect(claims['kubernetes.io'].serviceaccount.uid).toBe(cluster.apiserver.get('serviceaccounts', 'default', 'default').metadata.uid);
    expect(sig).toHaveLength(342);
    expect((await k.run(['create', 'token', 'nosuch'])).output).toBe('error: failed to create token: serviceaccounts "nosuch" not found\n');
  });
});
