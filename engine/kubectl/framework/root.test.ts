import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { kubectlRunner } from '../test-helpers.js';

// Expected texts come from the real kubectl v1.35.2 binary.
describe('kubectl root', () => {
  const cluster = new Cluster({ seed: 3 }).boot();
  const k = kubectlRunner(cluster);

  it('rejects an unknown verb with suggestions', async () => {
    const r = await k.run(['vers']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: unknown command "vers" for "kubectl"\n\nDid you mean this?\n\tversion\n');
  });

  it('rejects unknown flags with the usage hint', async () => {
    const r = await k.run(['version', '--foo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: unknown flag: --foo\nSee 'kubectl version --help' for usage.\n");
  });

  it('prints versions', async () => {
    const r = await k.run(['version', '--client']);
    expect(r.stdout).toBe('Client Version: v1.35.2\nKustomize Version: v5.7.1\n');
    const full = await k.run(['version']);
    expect(full.stdout).toMatch(/^Client Version: v1\.35\.2\nKustomize Version: v5\.7\.1\nServer Version: v1\.35\.\d+\n$/);
  });

  it('prints version --help in kubectl layout', async () => {
    const r = await k.run(['version', '--help']);
    expect(r.stdout).toBe(`Print the client and server version information for the current context.

Examples:
  # Print the client and server versions for the current context
  kubectl version

Options:
    --client=false:
	If true, shows client version only (no server required).

    -o, --output='':
	One of 'yaml' or 'json'.

Usage:
  kubectl version [flags] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`);
  });

  it('reports a stopped API server as kubectl does', async () => {
    const c = new Cluster({ seed: 4 }).boot();
    c.stopComponent('kube-apiserver');
    const r = await kubectlRunner(c).run(['version']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('The connection to the server 172.18.0.2:6443 was refused - did you specify the right host or port?\n');
    expect(r.stdout).toBe('Client Version: v1.35.2\nKustomize Version: v5.7.1\n');
  });
});
