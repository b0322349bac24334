/** `bin/kubelab.mjs` end to end, as a separate Node process. Expected outputs are real bash's for the same lines. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(__dirname, '..', 'bin', 'kubelab.mjs');

function kubelab(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 120_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('kubelab CLI', () => {
  it('script - runs stdin line by line and prints the transcript', () => {
    const script = ['echo hi | tr a-z A-Z', 'a=$(date +%s); sleep 2; b=$(date +%s); echo $((b - a))', 'echo "open', 'close"', 'printf no-newline', 'nosuch'].join('\n') + '\n';
    const r = kubelab(['script', '-'], script);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        '$ echo hi | tr a-z A-Z',
        'HI',
        '$ a=$(date +%s); sleep 2; b=$(date +%s); echo $((b - a))',
        '2',
        '$ echo "open',
        '> close"',
        'open',
        'close',
        '$ printf no-newline',
        'no-newline',
        '$ nosuch',
        'bash: nosuch: command not found',
        '',
      ].join('\n'),
    );
  });

  it('script is deterministic for a seed and reports an unreadable file with exit 1', () => {
    const a = kubelab(['script', '--seed', '7', '-'], 'kubectl get pods -A -o name | wc -l\n');
    const b = kubelab(['script', '--seed', '7', '-'], 'kubectl get pods -A -o name | wc -l\n');
    expect(a.stdout).toBe(b.stdout);
    const missing = kubelab(['script', '/no/such/file']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('kubelab: cannot read /no/such/file: No such file or directory\n');
  });

  it('version prints kubelab and the emulated Kubernetes version', () => {
    const r = kubelab(['version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^kubelab version: 0\.1\.0\nKubernetes version: v1\.35\.\d+ \(emulated; kubectl v1\.35\.\d+\)\n$/);
  });
});
