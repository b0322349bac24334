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

  it('suggests commands in the order kubectl adds them, not sorted', async () => {
    expect((await k.run(['se'])).stderr).toBe('error: unknown command "se" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n\tcp\n');
    expect((await k.run(['ap'])).stderr).toBe('error: unknown command "ap" for "kubectl"\n\nDid you mean this?\n\ttop\n\tcp\n\tapply\n\tapi-versions\n\tapi-resources\n');
  });

  it('answers a group as DefaultSubCommandRun does: unknown words are a usage error, no word prints help on stderr', async () => {
    const r = await k.run(['config', 'foo', 'bar']);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: `error: unknown command "foo bar"\nSee 'kubectl config -h' for help and examples\n` });
    const top = await k.run(['top']);
    expect(top.code).toBe(1);
    expect(top.stdout).toBe('');
    expect(top.stderr).toMatch(/^Display resource \(CPU\/memory\) usage\.\n[^]*\nUsage:\n  kubectl top \[flags\] \[options\]\n/);
    // certificate has its own Run printing help: any words, exit 0.
    const cert = await k.run(['certificate', 'foo']);
    expect(cert.code).toBe(0);
    expect(cert.stdout).toMatch(/^Modify certificate resources\.\n/);
  });

  it('prints help topics, and an unknown topic with the root usage on stderr', async () => {
    const r = await k.run(['help', 'foo']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Unknown help topic \[`foo`\]\n\n\nBasic Commands \(Beginner\):\n  create          Create a resource from a file or from stdin\n/);
    expect((await k.run(['help', 'version'])).stdout).toBe((await k.run(['version', '--help'])).stdout);
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
