/**
 * sudo 1.9.15p5, su (util-linux) and env (GNU coreutils 9.4) on the control-plane node, with the texts the real
 * programs print (checked against sudo 1.9.13 and util-linux 2.38 on Debian with Ubuntu's sudoers, and sudo
 * 1.9.15p5's source where they differ: its usage lines), and kubectl v1.35.2's without a kubeconfig.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './test-lab.js';
import { Cluster } from '../../../cluster.js';
import { macrotask } from '../../script.js';
import { TerminalSession } from '../../terminal.js';
import { loadOptionalCommands, Session } from '../../session.js';
import { AUTH_FAIL_DELAY_MS, SUDO_USAGE } from './sudo.js';

const SECURE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin';
const SUDO_IDS = 'SUDO_USER=learner\nSUDO_UID=1000\nSUDO_GID=1000\n';
const REFUSED = 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n';
/** kubectl v1.35.2 with no kubeconfig: `get` logs five failed discoveries (klog header, then the error), then gives up. */
const NO_CONFIG = new RegExp(`^(E\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ memcache\\.go:265\\] "Unhandled Error" err="couldn't get current server API group list: Get \\\\"http://localhost:8080/api\\?timeout=32s\\\\": dial tcp 127\\.0\\.0\\.1:8080: connect: connection refused"\\n){5}${REFUSED.replace(/[.?]/g, '\\$&')}$`);
const NODES = /^NAME +STATUS +ROLES +AGE +VERSION\ncontrol-plane +Ready +control-plane /;

describe('sudo resets the environment (env_reset, secure_path, the built-in env_keep and env_check lists)', () => {
  it('gives the command root\'s HOME, USER, LOGNAME, SHELL, MAIL, the secure PATH and the SUDO_ variables, keeping only TERM and LANG', async () => {
    const { run } = await lab();
    expect(await run('sudo env')).toEqual({
      out: `PATH=${SECURE_PATH}\nTERM=xterm-256color\nLANG=C.UTF-8\nMAIL=/var/mail/root\nLOGNAME=root\nUSER=root\nHOME=/root\nSHELL=/bin/bash\nSUDO_COMMAND=/usr/bin/env\n${SUDO_IDS}`,
      status: 0,
    });
    // printenv sees the same; the command is logged with its full path and arguments.
    expect(await run('sudo printenv HOME SUDO_COMMAND KUBECONFIG')).toEqual({ out: '/root\n/usr/bin/printenv HOME SUDO_COMMAND KUBECONFIG\n', status: 1 });
    // A value env_check finds unsafe ('/' or '%') is dropped; a name only the learner exported is not kept.
    expect((await run('export TERM=/tmp/evil LANGUAGE=en LS_COLORS=di=34 MINE=1; sudo env | grep -E "^(TERM|LANGUAGE|LS_COLORS|MINE)="')).out).toBe('LANGUAGE=en\nLS_COLORS=di=34\nTERM=unknown\n');
  });

  it('-E keeps the learner\'s environment but for PATH, USER and LOGNAME; VAR=value and --preserve-env=list come last', async () => {
    const { run } = await lab();
    expect((await run('sudo -E env')).out).toBe(
      `HOME=/home/learner\nUSER=root\nLOGNAME=root\nSHELL=/bin/bash\nPATH=${SECURE_PATH}\nTERM=xterm-256color\nLANG=C.UTF-8\nKUBECONFIG=/home/learner/.kube/config\nPWD=/home/learner\nSHLVL=1\nSUDO_COMMAND=/usr/bin/env\n${SUDO_IDS}`,
    );
    expect((await run('sudo -H -E printenv HOME')).out).toBe('/root\n');
    expect((await run('sudo A=1 --preserve-env=KUBECONFIG,UNSET env')).out).toBe(
      `PATH=${SECURE_PATH}\nTERM=xterm-256color\nLANG=C.UTF-8\nMAIL=/var/mail/root\nLOGNAME=root\nUSER=root\nHOME=/root\nSHELL=/bin/bash\nSUDO_COMMAND=/usr/bin/env\n${SUDO_IDS}KUBECONFIG=/home/learner/.kube/config\nA=1\n`,
    );
    expect(await run('sudo --preserve-env=A=1 env')).toEqual({ out: `sudo: invalid environment variable name: A=1\n${SUDO_USAGE}`, status: 1 });
  });

  it('so kubectl as root finds no kubeconfig (localhost:8080) until it is named, kept or copied to root\'s home', async () => {
    const { run } = await lab();
    const bare = await run('sudo kubectl get pods');
    expect(bare.status).toBe(1);
    expect(bare.out).toMatch(NO_CONFIG);
    for (const line of [
      'sudo kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes',
      'sudo -E kubectl get nodes',
      'sudo KUBECONFIG=/etc/kubernetes/admin.conf kubectl get nodes',
      'sudo --preserve-env=KUBECONFIG kubectl get nodes',
      // The learner's own home has the kubeadm guide's copy.
      'sudo -u learner kubectl get nodes',
    ]) expect((await run(line)).out, line).toMatch(NODES);
    // The learner's shell is untouched.
    expect((await run('kubectl get nodes')).out).toMatch(NODES);
    expect((await run('sudo sh -c "kubectl get nodes 2>&1 | tail -1"')).out).toBe(REFUSED);
    await run('sudo mkdir -p /root/.kube; sudo cp /etc/kubernetes/admin.conf /root/.kube/config');
    expect((await run('sudo kubectl get nodes')).out).toMatch(NODES);
  });

  it('runs as another user with -u, and refuses an unknown one before anything runs', async () => {
    const { run } = await lab();
    expect(await run('sudo -u nobody id; sudo -u nobody printenv HOME SHELL MAIL; sudo -u "#0" whoami')).toEqual({
      out: 'uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n/nonexistent\n/usr/sbin/nologin\n/var/mail/nobody\nroot\n',
      status: 0,
    });
    expect(await run('sudo -u learner printenv USER HOME; sudo -u nobody cat /etc/kubernetes/admin.conf')).toEqual({
      out: 'learner\n/home/learner\ncat: /etc/kubernetes/admin.conf: Permission denied\n', status: 1,
    });
    // Root has no key the workers accept.
    expect(await run('sudo ssh worker-1 hostname')).toEqual({ out: 'root@worker-1: Permission denied (publickey).\n', status: 255 });
    expect(await run('sudo -u bob touch /root/bob')).toEqual({ out: 'sudo: unknown user bob\nsudo: error initializing audit plugin sudoers_audit\n', status: 1 });
    expect((await run('sudo ls /root')).out).toBe('');
  });

  it('prints sudo\'s own texts for a missing command, a builtin, bad options and no command', async () => {
    const { run } = await lab();
    expect(await run('sudo nosuch')).toEqual({ out: 'sudo: nosuch: command not found\n', status: 1 });
    expect(await run('sudo cd /root')).toEqual({
      out: 'sudo: cd: command not found\nsudo: "cd" is a shell built-in command, it cannot be run directly.\nsudo: the -s option may be used to run a privileged shell.\nsudo: the -D option may be used to run a command in a specific directory.\n',
      status: 1,
    });
    // A function of the learner's shell is not a program sudo can find.
    expect(await run('myls() { ls; }; sudo myls')).toEqual({ out: 'sudo: myls: command not found\n', status: 1 });
    expect(await run('sudo -x')).toEqual({ out: `sudo: invalid option -- 'x'\n${SUDO_USAGE}`, status: 1 });
    expect(await run('sudo --bogus')).toEqual({ out: `sudo: unrecognized option '--bogus'\n${SUDO_USAGE}`, status: 1 });
    expect(await run('sudo -u')).toEqual({ out: `sudo: option requires an argument -- 'u'\n${SUDO_USAGE}`, status: 1 });
    expect(await run('sudo -i -s')).toEqual({ out: `sudo: you may not specify both the -i and -s options\n${SUDO_USAGE}`, status: 1 });
    expect(await run('sudo -i -E true')).toEqual({ out: `sudo: you may not specify both the -i and -E options\n${SUDO_USAGE}`, status: 1 });
    expect(await run('sudo -V -l')).toEqual({ out: `sudo: Only one of the -e, -h, -i, -K, -l, -s, -v or -V options may be specified\n${SUDO_USAGE}`, status: 1 });
    for (const line of ['sudo', 'sudo A=1', 'sudo -u root']) expect(await run(line), line).toEqual({ out: SUDO_USAGE, status: 1 });
    expect(SUDO_USAGE.split('\n')[4]).toBe('usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]');
    expect(await run('sudo -V')).toEqual({
      out: 'Sudo version 1.9.15p5\nSudoers policy plugin version 1.9.15p5\nSudoers file grammar version 50\nSudoers I/O plugin version 1.9.15p5\nSudoers audit plugin version 1.9.15p5\n',
      status: 0,
    });
    expect(await run('sudo -k; sudo -k whoami')).toEqual({ out: 'root\n', status: 0 });
    // sudoers' defaults allow no -C (but 3), -R, -D or -T.
    expect(await run('sudo -D /tmp pwd; sudo -D /tmp nosuch; sudo -R /tmp pwd')).toEqual({
      out: 'sudo: you are not permitted to use the -D option with /usr/bin/pwd\nsudo: you are not permitted to use the -D option with nosuch\nsudo: you are not permitted to use the -R option with pwd\n',
      status: 1,
    });
    expect(await run('sudo -C 5 true; sudo -T 5 whoami; sudo -T 5 nosuch; sudo -C 3 whoami')).toEqual({
      out: 'sudo: you are not permitted to use the -C option\nsudo: sorry, you are not allowed set a command timeout\nsudo: nosuch: command not found\nroot\n',
      status: 0,
    });
    expect(await run('sudo -C 2 true')).toEqual({ out: `sudo: the argument to -C must be a number greater than or equal to 3\n${SUDO_USAGE}`, status: 1 });
    expect((await run('sudo -g adm whoami')).out).toBe('learner\n');
    const help = await run('sudo -h');
    expect(help.out.startsWith(`sudo - execute a command as another user\n\n${SUDO_USAGE}\nOptions:\n  -A, --askpass                 use a helper program for password prompting\n`)).toBe(true);
    expect(help.out).toContain('  -D, --chdir=directory         change the working directory before running\n                                command\n');
  });

  it('runs -i and -s commands through the shell, with the quoted command in SUDO_COMMAND, -i in root\'s home', async () => {
    const { run } = await lab();
    expect((await run('cd /tmp; sudo -i printenv SUDO_COMMAND PWD "a b"')).out).toBe('/bin/bash -c printenv SUDO_COMMAND PWD a\\ b\n/root\n');
    expect((await run('cd /tmp; sudo -s printenv SUDO_COMMAND PWD HOME')).out).toBe('/bin/bash -c printenv SUDO_COMMAND PWD HOME\n/tmp\n/root\n');
    // '$' is not quoted: root's shell expands it.
    expect((await run("sudo -i echo '$HOME' '$(whoami)'")).out).toBe('/root $(whoami)\n');
    expect(await run('sudo -u nobody -i')).toEqual({ out: 'This account is currently not available.\n', status: 1 });
  });
});

/** A terminal as the page drives it: keys in, the screen out, the clock moved by hand. */
async function terminal() {
  const cluster = new Cluster({ seed: 3 }).boot();
  const session = new Session({ cluster });
  await loadOptionalCommands(session);
  let screen = '';
  const term = new TerminalSession(session, (t) => (screen += t));
  term.start();
  // What was drawn from `from` on, without the line editor's cursor moves and video attributes, rows ended by \n.
  const since = (from: number) => screen.slice(from).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r+\n/g, '\n');
  // A few turns, then (loading a command's code on first use takes real time) until the line has finished or the
  // screen ends with `waitFor`; `false` for a line that waits on the clock.
  const settle = async (from: number, waitFor?: string | false) => {
    for (let i = 0; i < 30; i++) await macrotask();
    const waiting = () => (waitFor === undefined ? session.busy : waitFor !== false && !since(from).endsWith(waitFor));
    for (const end = Date.now() + 10_000; waiting() && Date.now() < end;) await macrotask();
  };
  const type = async (keys: string, waitFor?: string | false) => {
    const from = screen.length;
    term.input(keys);
    await settle(from, waitFor);
    return since(from);
  };
  return { cluster, type, settle, since, drawn: () => screen.length };
}

describe('root shells on the terminal', () => {
  it('sudo -i: root\'s login shell in /root with root\'s prompt; exit ("logout") gives the learner\'s shell back as it was', async () => {
    const { type } = await terminal();
    await type('cd /tmp; export MINE=1\r');
    expect(await type('sudo -i\r')).toBe('sudo -i\nroot@control-plane:~# ');
    expect(await type('pwd; whoami; echo $HOME $USER $MINE $KUBECONFIG\r')).toBe('pwd; whoami; echo $HOME $USER $MINE $KUBECONFIG\n/root\nroot\n/root root\nroot@control-plane:~# ');
    // Root reads root's files; its kubectl has no kubeconfig until one is copied into its home.
    expect(await type('head -c 10 /etc/kubernetes/admin.conf; echo\r')).toContain('apiVersion');
    expect(await type('kubectl get ns 2>&1 | tail -1\r')).toContain(REFUSED);
    expect(await type('cd /etc\r')).toBe('cd /etc\nroot@control-plane:/etc# ');
    // Tab completes in root's shell: its directory, and root's files.
    expect(await type('ls kubern\t')).toBe('ls kubernetes/');
    expect(await type('pk\t')).toBe('pki/');
    expect(await type('\x03')).toContain('root@control-plane:/etc# ');
    expect(await type('exit\r')).toBe('exit\nlogout\nlearner@control-plane:/tmp$ ');
    expect(await type('echo $MINE $HOME; cat /root/.bashrc\r')).toBe(
      'echo $MINE $HOME; cat /root/.bashrc\n1 /home/learner\ncat: /root/.bashrc: Permission denied\nlearner@control-plane:/tmp$ ',
    );
  });

  it('sudo -s stays in the directory with HOME=/root; sudo su is a non-login shell, sudo su - a login one; Ctrl-D leaves them', async () => {
    const { type } = await terminal();
    expect(await type('sudo -s\r')).toBe('sudo -s\nroot@control-plane:/home/learner# ');
    expect(await type('echo $HOME $SUDO_COMMAND\r')).toContain('/root /bin/bash\n');
    expect(await type('exit\r')).toBe('exit\nexit\nlearner@control-plane:~$ ');
    expect(await type('sudo su\r')).toBe('sudo su\nroot@control-plane:/home/learner# ');
    // su keeps sudo's environment and sets HOME and SHELL; the PAM session gives /etc/environment's PATH.
    expect(await type('echo $HOME $SUDO_COMMAND $PATH\r')).toContain('/root /usr/bin/su /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin\n');
    expect(await type('\x04')).toBe('exit\nlearner@control-plane:~$ ');
    expect(await type('sudo su -\r')).toBe('sudo su -\nroot@control-plane:~# ');
    expect(await type('env\r')).toBe(
      'env\nTERM=xterm-256color\nHOME=/root\nSHELL=/bin/bash\nUSER=root\nLOGNAME=root\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin\nLANG=C.UTF-8\nMAIL=/var/mail/root\nPWD=/root\nSHLVL=1\nroot@control-plane:~# ',
    );
    expect(await type('exit\r')).toBe('exit\nlogout\nlearner@control-plane:~$ ');
  });

  it('su asks for root\'s password without echoing it and fails after pam_unix\'s delay', async () => {
    const { type, cluster, settle, since, drawn } = await terminal();
    expect(await type('su\r', 'Password: ')).toBe('su\nPassword: ');
    const at = cluster.clock.now();
    // The line waits on the clock for pam_unix's delay.
    expect(await type('hunter2\r', false)).toBe('\n');
    const from = drawn();
    cluster.advance(AUTH_FAIL_DELAY_MS - 1);
    await settle(from, false);
    expect(since(from)).toBe('');
    cluster.advance(1);
    await settle(from);
    expect(cluster.clock.now() - at).toBe(AUTH_FAIL_DELAY_MS);
    expect(since(from)).toBe('su: Authentication failure\nlearner@control-plane:~$ ');
    expect(await type('echo $?; history | tail -2\r')).not.toContain('hunter2');
    // A pipe on standard input is what PAM reads, even at the terminal: no question waits there.
    const piped = drawn();
    await type('echo wrong | su\r', false);
    cluster.advance(AUTH_FAIL_DELAY_MS);
    await settle(piped);
    expect(since(piped)).toBe('echo wrong | su\nPassword: su: Authentication failure\nlearner@control-plane:~$ ');
  });
});

describe('su without a terminal, and as root', () => {
  it('reads the password from standard input, and names an unknown user or an account without a shell', async () => {
    const { run, cluster } = await lab();
    const at = cluster.clock.now();
    expect(await run('echo wrong | su')).toEqual({ out: 'Password: su: Authentication failure\n', status: 1 });
    expect(cluster.clock.now() - at).toBe(AUTH_FAIL_DELAY_MS);
    expect(await run('sudo su bob')).toEqual({ out: 'su: user bob does not exist or the user entry does not contain all the required fields\n', status: 1 });
    expect(await run('sudo su nobody')).toEqual({ out: 'This account is currently not available.\n', status: 1 });
    expect(await run('sudo su -x')).toEqual({ out: "su: invalid option -- 'x'\nTry 'su --help' for more information.\n", status: 1 });
    expect(await run('sudo su -c "whoami; pwd" ; sudo su - -c pwd; sudo su learner -c "echo \\$USER \\$HOME"')).toEqual({ out: 'root\n/home/learner\n/root\nlearner /home/learner\n', status: 0 });
  });
});

describe('env (GNU coreutils 9.4)', () => {
  it('passes NAME=VALUE to the command and prints exported variables only (bash does not export HOSTNAME)', async () => {
    const { run } = await lab();
    expect(await run('env A=1 B=2 sh -c \'echo $A$B\'; env KUBECONFIG=/x printenv KUBECONFIG')).toEqual({ out: '12\n/x\n', status: 0 });
    expect((await run('Y=2; env | grep -c "^Y="; export Y; env | grep "^Y="; echo $HOSTNAME; env | grep -c HOSTNAME; unset Y')).out).toBe('0\nY=2\ncontrol-plane\n0\n');
    expect(await run('FOO=bar printenv FOO; printenv FOO')).toEqual({ out: 'bar\n', status: 1 });
    expect((await run('env -u HOME -u KUBECONFIG PATH=/bin')).out).toBe('USER=learner\nLOGNAME=learner\nSHELL=/bin/bash\nPATH=/bin\nTERM=xterm-256color\nLANG=C.UTF-8\nPWD=/home/learner\nSHLVL=1\n');
  });

  it('-i starts empty (execvp then searches /bin:/usr/bin); -C, -0 and the errors are coreutils\'', async () => {
    const { run } = await lab();
    expect(await run('env -i; env - A=1; env -i A=1 env')).toEqual({ out: 'A=1\nA=1\n', status: 0 });
    expect((await run('env -i whoami')).out).toBe('learner\n');
    expect(await run('env -i PATH=/nonexist whoami')).toEqual({ out: "env: ‘whoami’: No such file or directory\n", status: 127 });
    expect(await run('env nosuch')).toEqual({ out: 'env: ‘nosuch’: No such file or directory\n', status: 127 });
    expect(await run('env -i A=1 -- env')).toEqual({ out: 'env: ‘--’: No such file or directory\n', status: 127 });
    expect(await run('env -C /tmp pwd')).toEqual({ out: '/tmp\n', status: 0 });
    expect(await run('env -C /nope pwd')).toEqual({ out: "env: cannot change directory to '/nope': No such file or directory\n", status: 125 });
    expect(await run('env -C /tmp')).toEqual({ out: "env: must specify command with --chdir (-C)\nTry 'env --help' for more information.\n", status: 125 });
    expect(await run('env -0 true')).toEqual({ out: "env: cannot specify --null (-0) with command\nTry 'env --help' for more information.\n", status: 125 });
    expect(await run('env -0 -i A=1 B=2')).toEqual({ out: 'A=1\0B=2\0', status: 0 });
    expect(await run('env -i A=1 -0')).toEqual({ out: 'env: ‘-0’: No such file or directory\n', status: 127 });
    expect(await run('env -x')).toEqual({ out: "env: invalid option -- 'x'\nTry 'env --help' for more information.\n", status: 125 });
    expect(await run('env -u')).toEqual({ out: "env: option requires an argument -- 'u'\nTry 'env --help' for more information.\n", status: 125 });
    expect(await run('env -u A=B true')).toEqual({ out: 'env: cannot unset ‘A=B’: Invalid argument\n', status: 125 });
    // The command runs as the same user: only sudo changes it.
    expect(await run('env whoami; env cat /etc/kubernetes/admin.conf')).toEqual({ out: 'learner\ncat: /etc/kubernetes/admin.conf: Permission denied\n', status: 1 });
  });
});

describe('SHLVL (bash 5.2 adjust_shell_level) through bash, sudo and su', () => {
  it('is 1 in the login shell and exported; a child bash sees one more, dash and sudo\'s reset environment none', async () => {
    const { run } = await lab();
    expect((await run('echo $SHLVL; env | grep SHLVL; bash -c \'echo $SHLVL\'; echo \'echo $SHLVL\' | bash; sh -c \'echo $SHLVL\'')).out).toBe('1\nSHLVL=1\n2\n2\n1\n');
    // sudo's env_reset drops SHLVL (in neither env_keep nor env_check); -E keeps it.
    expect((await run('sudo bash -c \'echo $SHLVL\'; sudo -E bash -c \'echo $SHLVL\'; sudo -s echo \'$SHLVL\'')).out).toBe('1\n2\n1\n');
    // Not a number counts as 0, below 0 gives 0, 1000 and more start again at 1 with bash's warning.
    expect((await run('SHLVL=abc bash -c \'echo $SHLVL\'; SHLVL=-5 bash -c \'echo $SHLVL\'; SHLVL=\' 4 \' bash -c \'echo $SHLVL\'')).out).toBe('1\n0\n5\n');
    expect(await run('SHLVL=999 bash -c \'echo $SHLVL\'')).toEqual({ out: 'bash: warning: shell level (1000) too high, resetting to 1\n1\n', status: 0 });
    expect((await run('export -n SHLVL; bash -c \'echo $SHLVL\'; echo $SHLVL')).out).toBe('1\n1\n');
  });

  it('is 1 in sudo -i, sudo -s and sudo su - shells; su without - keeps the caller\'s and adds one', async () => {
    const { type } = await terminal();
    await type('sudo -i\r');
    expect(await type('echo $SHLVL\r')).toBe('echo $SHLVL\n1\nroot@control-plane:~# ');
    // Root's su keeps the environment (SHLVL=1) without `-`.
    await type('su\r');
    expect(await type('echo $SHLVL\r')).toBe('echo $SHLVL\n2\nroot@control-plane:~# ');
    await type('exit\r');
    await type('su -\r');
    expect(await type('echo $SHLVL\r')).toBe('echo $SHLVL\n1\nroot@control-plane:~# ');
  });
});

describe('umask of what sudo runs (sudoers.c: sudoers\' umask 0022 with the invoker\'s bits added)', () => {
  it('gives root and any other target 0022 under the learner\'s 0002, and keeps a stricter mask of the learner\'s', async () => {
    const { run } = await lab();
    expect((await run('umask; sudo sh -c umask; sudo -u nobody sh -c umask')).out).toBe('0002\n0022\n0022\n');
    expect((await run('cd /tmp; sudo -u nobody touch f; sudo touch g; sudo -u nobody mkdir d; ls -ld f g d | cut -c1-10')).out).toBe('drwxr-xr-x\n-rw-r--r--\n-rw-r--r--\n');
    expect((await run('umask 027; sudo sh -c umask; sudo -u nobody touch /tmp/h; ls -l /tmp/h | cut -c1-10')).out).toBe('0027\n-rw-r-----\n');
  });

  it('holds in root\'s sudo -s shell', async () => {
    const { type } = await terminal();
    await type('sudo -s\r');
    expect(await type('umask\r')).toBe('umask\n0022\nroot@control-plane:/home/learner# ');
  });
});
