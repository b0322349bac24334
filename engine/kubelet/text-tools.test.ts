/**
 * A container's text filters and `$(…)` through the container shell. Every expected output below is what
 * busybox 1.35's ash (and applets) and dash with GNU coreutils, sed and mawk print for the same script on
 * this machine (`busybox sh -c …` with the applets first on PATH; `dash -c …`).
 */
import { describe, expect, it } from 'vitest';
import { ContainerFS, finishShell, Shell, type ShellHost } from './shell.js';
import { VirtualClock } from '../util/clock.js';

const BUSYBOX = ['sh', 'echo', 'false', 'printf', 'cat', 'sleep', 'seq', 'sort', 'uniq', 'cut', 'tr', 'sed', 'awk', 'base64', 'tee', 'basename', 'dirname', 'tac', 'rev', 'paste'];
// Debian's userland has no rev (util-linux's bsdextrautils is not in the slim images).
const DEBIAN = BUSYBOX.filter((b) => b !== 'rev');

async function sh(flavour: 'busybox' | 'bash', script: string) {
  const clock = new VirtualClock();
  const host: ShellHost = {
    env: {}, hostname: 'box', flavour, fs: new ContainerFS(), now: () => clock.now(),
    hasBinary: (n) => (flavour === 'busybox' ? BUSYBOX : DEBIAN).includes(n), processes: () => [], kill: () => false,
  };
  let stdout = '';
  let stderr = '';
  const gen = new Shell(host).run(['sh', '-c', script], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  const r = await finishShell(gen, clock, Infinity);
  return { stdout, stderr, status: r.value, durationMs: r.durationMs };
}

const SCRIPT = [
  'for i in $(seq 1 4); do echo $((i % 2)); done | sort | uniq -c',
  'echo aGVsbG8= | base64 -d; echo; echo hello | base64',
  'echo abc | tr a-z A-Z; echo x | sed s/x/y/; echo 1 2 | awk "{print \\$2}"',
  'printf "a:b\\nc:d\\n" > /tmp/pw; cut -d: -f1 /tmp/pw',
  'basename /a/b/c.txt .txt; printf "1\\n2\\n" | tac; echo q | tee /tmp/q2; cat /tmp/q2',
].join('; ');
const OUTPUT = '      2 0\n      2 1\nhello\naGVsbG8K\nABC\ny\n2\na\nc\nc\n2\n1\nq\nq\n';

describe('text filters inside a container', () => {
  it('sort | uniq -c, seq in $(…), base64, tr, sed, awk, cut on a file, tac and tee as busybox prints them', async () => {
    expect(await sh('busybox', SCRIPT)).toMatchObject({ stdout: OUTPUT, stderr: '', status: 0 });
    expect(await sh('busybox', 'echo abc | rev')).toMatchObject({ stdout: 'cba\n', stderr: '', status: 0 });
  });

  it('as dash with GNU coreutils prints them in a Debian image, which has no rev', async () => {
    expect(await sh('bash', SCRIPT)).toMatchObject({ stdout: OUTPUT, stderr: '', status: 0 });
    expect(await sh('bash', 'echo abc | rev')).toMatchObject({ stdout: '', stderr: 'sh: 1: rev: not found\n', status: 127 });
  });
});

describe("a text filter's missing file", () => {
  const script = (tool: string, args: string) => `echo | ${tool} ${args}; echo "rc $?"`;
  const CASES: [string, string][] = [['sort', '/nope'], ['uniq', '/nope'], ['cut', '-d: -f1 /nope'], ['sed', 'p /nope'], ['awk', '{print} /nope'], ['tac', '/nope'], ['base64', '/nope'], ['tee', '/nope/x']];
  // busybox 1.35's applets, and GNU coreutils 9.1, GNU sed 4.9 and mawk 1.3.4 with LC_ALL=C, on this machine.
  const BUSYBOX_SAYS = [
    'sort: /nope: No such file or directory\nrc 2\n',
    "uniq: can't open '/nope': No such file or directory\nrc 1\n",
    'cut: /nope: No such file or directory\nrc 1\n',
    'sed: /nope: No such file or directory\nrc 1\n',
    'awk: /nope: No such file or directory\nrc 1\n',
    'tac: /nope: No such file or directory\nrc 1\n',
    'base64: /nope: No such file or directory\nrc 1\n',
    'tee: /nope/x: No such file or directory\n\nrc 1\n',
  ];
  const GNU_SAYS = [
    'sort: cannot read: /nope: No such file or directory\nrc 2\n',
    'uniq: /nope: No such file or directory\nrc 1\n',
    'cut: /nope: No such file or directory\nrc 1\n',
    "sed: can't read /nope: No such file or directory\nrc 2\n",
    'awk: cannot open /nope (No such file or directory)\nrc 2\n',
    "tac: failed to open '/nope' for reading: No such file or directory\nrc 1\n",
    'base64: /nope: No such file or directory\nrc 1\n',
    'tee: /nope/x: No such file or directory\n\nrc 1\n',
  ];

  it('is worded as busybox words it', async () => {
    for (const [i, [tool, args]] of CASES.entries()) {
      const r = await sh('busybox', script(tool, args));
      expect(r.stderr + r.stdout).toBe(BUSYBOX_SAYS[i]);
    }
  });

  it('is worded as the GNU tools word it without a locale, in a Debian image', async () => {
    for (const [i, [tool, args]] of CASES.entries()) {
      const r = await sh('bash', script(tool, args));
      expect(r.stderr + r.stdout).toBe(GNU_SAYS[i]);
    }
  });
});

describe('$(…) in a container shell', () => {
  it('runs as a subshell: its exit ends only it, and what it waits for takes its virtual time', async () => {
    expect(await sh('busybox', 'x=$(sleep 2; echo hi; exit 3); echo "$x"; echo after')).toEqual({ stdout: 'hi\nafter\n', stderr: '', status: 0, durationMs: 2000 });
  });

  it('gives an assignment alone its status, and makes every assignment of the line', async () => {
    expect(await sh('busybox', 'x=$(exit 3); echo "$?"; y=$(false); echo $?; a=1 b=$(echo 2); echo $a $b')).toMatchObject({ stdout: '3\n1\n1 2\n', status: 0 });
    expect(await sh('bash', 'x=$(exit 3); echo "$?"; y=$(false); echo $?; a=1 b=$(echo 2); echo $a $b')).toMatchObject({ stdout: '3\n1\n1 2\n', status: 0 });
  });

  it('runs once, in order, and not inside single quotes', async () => {
    expect(await sh('busybox', "echo $(echo a) '$(echo b)' \"$(echo c)\" $(echo a)")).toMatchObject({ stdout: 'a $(echo b) c a\n' });
  });
});

describe('double quotes', () => {
  it('keep an escaped dollar sign literal', async () => {
    expect(await sh('busybox', 'X=1; echo "\\$X x\\"y $X"')).toMatchObject({ stdout: '$X x"y 1\n', stderr: '', status: 0 });
  });
});
