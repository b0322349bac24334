/**
 * The kubeconfig commands of config-more.ts. Expected texts come from the real
 * kubectl v1.35.2 run over a kubeconfig of the same shape.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { validRequestTimeout } from '../framework/root.js';
import { kubectlRunner } from '../test-helpers.js';

describe('kubectl config (less common subcommands)', () => {
  it('renames, lists, sets and deletes entries with kubectl texts', async () => {
    const k = kubectlRunner(new Cluster({ seed: 5 }).boot());
    expect((await k.run(['config', 'set-context', 'x', '--namespace=dev'])).stdout).toBe('Context "x" created.\n');
    expect((await k.run(['config', 'rename-context', 'x', 'y'])).stdout).toBe('Context "x" renamed to "y".\n');
    expect((await k.run(['config', 'rename-context', 'y', 'kubernetes-admin@kubernetes'])).stderr).toBe(
      'error: cannot rename the context "y", the context "kubernetes-admin@kubernetes" already exists in /root/.kube/config\n',
    );
    expect((await k.run(['config', 'rename-context', 'y', ''])).stderr).toBe('error: You must specify a new non-empty context name\n');
    expect((await k.run(['config', 'set-cluster', 'c1', '--server=https://1.2.3.4'])).stdout).toBe('Cluster "c1" set.\n');
    expect((await k.run(['config', 'set-cluster', 'c1', '--embed-certs'])).stderr).toBe('error: you must specify a --certificate-authority to embed\n');
    expect((await k.run(['config', 'set-credentials', 'u1', '--token=abc'])).stdout).toBe('User "u1" set.\n');
    expect((await k.run(['config', 'set-credentials', 'u1', '--token=abc', '--username=x'])).stderr).toBe(
      'error: you cannot specify more than one authentication method at the same time: --token, --username/--password\n',
    );
    expect((await k.run(['config', 'get-clusters'])).stdout).toBe('NAME\nc1\nkubernetes\n');
    expect((await k.run(['config', 'get-users'])).stdout).toBe('NAME\nkubernetes-admin\nu1\n');
    expect((await k.run(['config', 'set', 'contexts.y.namespace', 'prod'])).stdout).toBe('Property "contexts.y.namespace" set.\n');
    expect((await k.run(['config', 'set', 'clusters.c1.insecure-skip-tls-verify', 'maybe'])).stderr).toBe('error: strconv.ParseBool: parsing "maybe": invalid syntax\n');
    expect((await k.run(['config', 'set', 'clusters.c1.certificate-authority-data', 'abc'])).stderr).toBe('error: error decoding input value: illegal base64 data at input byte 0\n');
    expect((await k.run(['config', 'unset', 'contexts.y.namespace'])).stdout).toBe('Property "contexts.y.namespace" unset.\n');
    expect((await k.run(['config', 'unset', 'contexts.nope.namespace'])).stderr).toBe('error: current map key `nope` is invalid\n');
    await k.run(['config', 'use-context', 'y']);
    const del = await k.run(['config', 'delete-context', 'y']);
    expect(del.stderr).toBe('warning: this removed your active context, use "kubectl config use-context" to select a different one\n');
    expect(del.stdout).toBe('deleted context y from /root/.kube/config\n');
    expect((await k.run(['config', 'delete-user', 'u1'])).stdout).toBe('deleted user u1 from /root/.kube/config\n');
    expect((await k.run(['config', 'delete-cluster', 'nope'])).stderr).toBe('error: cannot delete cluster nope, not in /root/.kube/config\n');
  });

  it('writes a context with the cluster and user fields clientcmd always writes', async () => {
    const k = kubectlRunner(new Cluster({ seed: 5 }).boot());
    await k.run(['config', 'set-context', 'x', '--namespace=dev']);
    expect(k.fs.readFile('/root/.kube/config')).toContain('- context:\n    cluster: ""\n    namespace: dev\n    user: ""\n  name: x\n');
  });
});

describe('--request-timeout (clientcmd ParseTimeout)', () => {
  it('takes whole seconds or a Go duration', () => {
    for (const ok of ['', '0', '5', '1m', '1.5s', '-1s']) expect(validRequestTimeout(ok), ok).toBe(true);
    for (const bad of ['abc', '-1', '1.5', '5x']) expect(validRequestTimeout(bad), bad).toBe(false);
  });
});
