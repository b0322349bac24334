/**
 * `kubectl exec -it POD -- sh` keeps one shell open in the container: `cd`,
 * variables and `$?` carry over between lines, and the prompt is the image
 * shell's own (busybox ash `\w # `, Debian bash `root@HOST:\w# `, dash `# `).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { driveClock } from '../../shell/script.js';
import { loadOptionalCommands, Session } from '../../shell/session.js';
import type { TerminalInfo } from '../../shell/process.js';
import { shellPrompt } from './exec.js';

interface Screen { text: string }

/** A terminal that types `lines` into the interactive session and records what a learner would see. */
function scriptedTerminal(lines: string[], screen: Screen): TerminalInfo {
  return {
    isTTY: true, columns: 80, rows: 24,
    async interactive(prompt, onLine, promptAfter) {
      let p = prompt;
      for (const l of lines) {
        screen.text += p + l + '\n';
        const out = await onLine(l);
        if (out === null) return;
        screen.text += out;
        p = promptAfter ? promptAfter() : prompt;
      }
    },
  };
}

async function session(lines: string[]) {
  const cluster = new Cluster({ seed: 7 }).boot();
  const screen: Screen = { text: '' };
  const s = new Session({ cluster, terminal: scriptedTerminal(lines, screen) });
  await loadOptionalCommands(s);
  const run = async (line: string) => {
    let out = '';
    const r = await driveClock(s.run(line, (t) => (out += t)), cluster.clock, 600_000, () => s.interrupt());
    return { out, status: r.status };
  };
  return { cluster, screen, run };
}

describe('kubectl exec -it: a persistent shell', () => {
  it('keeps cd, variables and $? between lines in a busybox pod', async () => {
    const { screen, run, cluster } = await session(['cd /tmp', 'pwd', 'X=42', 'echo $X', 'false', 'echo $?', 'touch f; ls', 'exit 3']);
    await run('kubectl run bb --image=busybox -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/bb --timeout=60s');
    const r = await run('kubectl exec -it bb -- sh');
    expect(screen.text).toBe('/ # cd /tmp\n/tmp # pwd\n/tmp\n/tmp # X=42\n/tmp # echo $X\n42\n/tmp # false\n/tmp # echo $?\n1\n/tmp # touch f; ls\nf\n/tmp # exit 3\n');
    expect(r.out).toBe('command terminated with exit code 3\n');
    expect(r.status).toBe(3);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('shows bash\'s prompt with the pod name in a Debian-based image, and says exit', async () => {
    const { screen, run } = await session(['cd', 'pwd', 'exit']);
    await run('kubectl run web --image=nginx');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=60s');
    const r = await run('kubectl exec -it web -- bash');
    expect(screen.text).toBe('root@web:/# cd\nroot@web:~# pwd\n/root\nroot@web:~# exit\n');
    expect(r.out).toBe('exit\n');
    expect(r.status).toBe(0);
  });
});

describe('shellPrompt', () => {
  it.each([
    ['sh', 'busybox', '/', '/ # '],
    ['sh', 'busybox', '/root', '~ # '],
    ['sh', 'busybox', '/root/x', '~/x # '],
    ['sh', 'bash', '/tmp', '# '],
    ['bash', 'bash', '/usr/share', 'root@p:/usr/share# '],
  ] as const)('%s on %s in %s → %j', (shell, flavour, cwd, want) => {
    expect(shellPrompt(shell, flavour, cwd, { HOSTNAME: 'p' })).toBe(want);
  });
});
