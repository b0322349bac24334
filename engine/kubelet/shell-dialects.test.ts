/**
 * The container shell in a terminal (`kubectl exec -it POD -- sh`): each shell words its errors its own way.
 * Expected texts are what dash 0.5.12, bash 5.2 and busybox 1.35 print for the lines
 * `foo`, `echo hi`, `foo`, `cd /x` typed one by one into an interactive shell on a terminal (`script -qc 'dash -i'`):
 * dash numbers its messages with the lines read so far, bash and ash name no line.
 * The `-c` forms are compared with recorded output in engine/shell/commands/real-tools.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ContainerFS, finishShell, Shell, type InteractiveState, type ShellHost } from './shell.js';
import { VirtualClock } from '../util/clock.js';

async function typed(flavour: ShellHost['flavour'], name: string, lines: string[]) {
  const host: ShellHost = {
    env: {}, hostname: 'web', flavour, fs: new ContainerFS(), now: () => 0,
    hasBinary: (n) => ['sh', 'bash', 'echo', 'cd'].includes(n), processes: () => [], kill: () => false,
  };
  const shell = new Shell(host, name);
  const state: InteractiveState = { vars: {}, cwd: '/', last: 0 };
  let out = '';
  const statuses: number[] = [];
  for (const line of lines) {
    const r = await finishShell(shell.interactiveLine(line, state, { stdout: (t) => (out += t), stderr: (t) => (out += t) }), new VirtualClock(0), Infinity);
    statuses.push(r.value!.status);
  }
  return { out, statuses };
}

const LINES = ['foo', 'echo hi', 'foo', 'cd /x'];

describe('interactive container shells', () => {
  it("dash (a Debian image's sh) counts the lines typed", async () => {
    expect(await typed('bash', 'sh', LINES)).toEqual({
      out: 'sh: 1: foo: not found\nhi\nsh: 3: foo: not found\nsh: 4: cd: can\'t cd to /x\n',
      statuses: [127, 0, 127, 2],
    });
  });

  it('bash names no line in a terminal', async () => {
    expect(await typed('bash', 'bash', LINES)).toEqual({
      out: 'bash: foo: command not found\nhi\nbash: foo: command not found\nbash: cd: /x: No such file or directory\n',
      statuses: [127, 0, 127, 1],
    });
  });

  it('busybox ash names no line in a terminal', async () => {
    expect(await typed('busybox', 'sh', LINES)).toEqual({
      out: "sh: foo: not found\nhi\nsh: foo: not found\nsh: cd: can't cd to /x: No such file or directory\n",
      statuses: [127, 0, 127, 2],
    });
  });

  // In a terminal (`script -qc 'dash -i'`): foo, echo hi, foo, cd /x, if then, foo, foo.
  it('a line that does not parse is abandoned and the shell goes on; dash does not count it', async () => {
    const r = await typed('bash', 'sh', [...LINES, 'if then', 'foo', 'foo']);
    expect(r.out).toBe('sh: 1: foo: not found\nhi\nsh: 3: foo: not found\nsh: 4: cd: can\'t cd to /x\n'
      + 'sh: 5: Syntax error: "then" unexpected\nsh: 5: foo: not found\nsh: 6: foo: not found\n');
    expect(r.statuses).toEqual([127, 0, 127, 2, 2, 127, 127]);
  });

  // In a terminal: if then, echo ${x:?}, echo $((1/0)), local x (bash: the first three).
  it('syntax, expansion and arithmetic errors in a terminal', async () => {
    const errors = ['if then', 'echo ${x:?}', 'echo $((1/0))', 'local x'];
    expect((await typed('bash', 'bash', errors.slice(0, 3))).out).toBe("bash: syntax error near unexpected token `then'\n"
      + 'bash: x: parameter null or not set\nbash: 1/0: division by 0 (error token is "0")\n');
    expect((await typed('busybox', 'sh', errors)).out).toBe('sh: syntax error: unexpected "then"\nsh: x: parameter not set or null\n'
      + 'sh: divide by zero\nsh: local: not in a function\n');
    expect((await typed('bash', 'sh', errors.slice(1))).out).toBe('sh: 1: x: parameter not set or null\n'
      + 'sh: 2: arithmetic expression: division by zero: "1/0"\nsh: 3: local: not in a function\n');
  });

  it('a nested `sh -c` is a process of its own: its exit ends only it', async () => {
    const r = await typed('busybox', 'sh', ["sh -c 'exit 3'; echo $?"]);
    expect(r.out).toBe('3\n');
  });

  // GNU ls 9.1 and busybox 1.35 over the same three entries (497 and 615 bytes, a directory); the simulated
  // files all carry one fixed time, so the time column is left out of the comparison.
  it("ls -l: GNU's columns in a Debian image, busybox's fixed ones", async () => {
    const listing = async (flavour: ShellHost['flavour']) => {
      const host: ShellHost = {
        env: {}, hostname: 'web', flavour, fs: new ContainerFS({ '/h/50x.html': 'x'.repeat(497), '/h/index.html': 'x'.repeat(615) }), now: () => 0,
        hasBinary: (n) => ['sh', 'ls'].includes(n), processes: () => [], kill: () => false,
      };
      host.fs.mkdirp('/h/d');
      let out = '';
      await finishShell(new Shell(host).run(['sh', '-c', 'ls -l /h; ls -l /h/index.html'], { stdout: (t) => (out += t), stderr: (t) => (out += t) }), new VirtualClock(0), Infinity);
      return out.replace(/ Jan  1 00:00 /g, ' TIME ');
    };
    expect(await listing('bash')).toBe('total 12\n-rw-r--r-- 1 root root  497 TIME 50x.html\ndrwxr-xr-x 2 root root 4096 TIME d\n'
      + '-rw-r--r-- 1 root root  615 TIME index.html\n-rw-r--r-- 1 root root 615 TIME /h/index.html\n');
    expect(await listing('busybox')).toBe('total 12\n-rw-r--r--    1 root     root           497 TIME 50x.html\ndrwxr-xr-x    2 root     root          4096 TIME d\n'
      + '-rw-r--r--    1 root     root           615 TIME index.html\n-rw-r--r--    1 root     root           615 TIME /h/index.html\n');
  });

  // busybox 1.35's wc applet (`busybox wc …`) over a file holding "a b\nc\n"; GNU's is in the recorded fixture.
  it("busybox wc pads every count to 9 unless one count of one input is printed", async () => {
    const host: ShellHost = {
      env: {}, hostname: 'web', flavour: 'busybox', fs: new ContainerFS({ '/tmp/w': 'a b\nc\n' }), now: () => 0,
      hasBinary: (n) => ['sh', 'wc', 'cat'].includes(n), processes: () => [], kill: () => false,
    };
    let out = '';
    await finishShell(new Shell(host).run(['sh', '-c', 'wc -l /tmp/w; wc /tmp/w; cat /tmp/w | wc -l; cat /tmp/w | wc; wc -l /tmp/w /tmp/w; wc -l /nope'],
      { stdout: (t) => (out += t), stderr: (t) => (out += t) }), new VirtualClock(0), Infinity);
    expect(out).toBe('2 /tmp/w\n        2         3         6 /tmp/w\n2\n        2         3         6\n'
      + '        2 /tmp/w\n        2 /tmp/w\n        4 total\nwc: /nope: No such file or directory\n');
  });

  it('hostname -i is the address /etc/hosts gives the pod; id and nginx -v/-t as the images print them', async () => {
    const run = async (flavour: ShellHost['flavour'], line: string) => {
      const host: ShellHost = {
        env: { NGINX_VERSION: '1.29.3' }, hostname: 'web', flavour, fs: new ContainerFS({ '/etc/hosts': '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.244.1.3\tweb\n' }), now: () => 0,
        hasBinary: (n) => ['sh', 'hostname', 'id', 'nginx'].includes(n), processes: () => [], kill: () => false,
      };
      let out = '';
      await finishShell(new Shell(host).run(['sh', '-c', line], { stdout: (t) => (out += t), stderr: (t) => (out += `E:${t}`) }), new VirtualClock(0), Infinity);
      return out;
    };
    expect(await run('bash', 'hostname; hostname -i; id')).toBe('web\n10.244.1.3\nuid=0(root) gid=0(root) groups=0(root)\n');
    expect(await run('busybox', 'hostname -i; id')).toBe('10.244.1.3\nuid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
    expect(await run('bash', 'nginx -v; nginx -t')).toBe('E:nginx version: nginx/1.29.3\nE:nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n'
      + 'nginx: configuration file /etc/nginx/nginx.conf test is successful\n');
  });
});
