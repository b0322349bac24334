/**
 * The learner's shell reads bash's start-up files as an Ubuntu 24.04 node's does (startup-files.ts): the files are
 * the packages' (md5sums of bash 5.2.21-2ubuntu4's and base-files 13ubuntu10.1's files), and what they set is what
 * bash would have after reading them.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import { driveClock } from './script.js';
import { loadOptionalCommands, Session } from './session.js';
import { LEARNER_PS1, renderPrompt } from './startup-files.js';

async function learner(opts: { tty?: boolean } = {}) {
  const cluster = new Cluster({ seed: 5 }).boot();
  const session = new Session({ cluster, terminal: { isTTY: true, columns: 80, rows: 24 }, startup: true });
  await loadOptionalCommands(session);
  const run = async (line: string, tty = opts.tty ?? false) => {
    let out = '';
    await driveClock(session.run(line, (t) => (out += t), { tty }), cluster.clock, 600_000, () => session.interrupt());
    return out;
  };
  return { session, run };
}

const GREEN_PROMPT = '\x1b]0;learner@control-plane: ~\x07\x1b[01;32mlearner@control-plane\x1b[00m:\x1b[01;34m~\x1b[00m$ ';

describe("the learner's start-up files", () => {
  it('are the packages’ files, in the learner’s home as useradd -m copies them, with the kubectl completion line added', async () => {
    const { run } = await learner();
    expect(await run('md5sum /etc/skel/.bashrc /etc/skel/.profile /etc/skel/.bash_logout /etc/bash.bashrc /etc/profile.d/01-locale-fix.sh')).toBe(
      '1f98b8f3f3c8f8927eca945d59dcc1c6  /etc/skel/.bashrc\nf4e81ade7d6f9fb342541152d08e7a97  /etc/skel/.profile\n22bfb8c1dd94b5f3813a2b25da67463f  /etc/skel/.bash_logout\n'
      + '3aa8b92d1dd6ddf4daaedc019662f1dc  /etc/bash.bashrc\n870346d97b16faac4a371b04ffe4cc2f  /etc/profile.d/01-locale-fix.sh\n');
    // base-files' own md5sums (DEBIAN/md5sums) for the files its postinst copies to /etc/profile and root's home.
    expect(await run('sudo md5sum /etc/profile /root/.bashrc /root/.profile')).toBe(
      '9926b56bc6e576d4ad206dd82d38deff  /etc/profile\ncf277664b1771217d7006acdea006db1  /root/.bashrc\nd68ce7c7d7d2bb7d48aeb2f137b828e4  /root/.profile\n');
    expect(await run('diff /etc/skel/.bashrc ~/.bashrc; cmp /etc/skel/.profile ~/.profile && ls -l ~/.sudo_as_admin_successful | cut -d" " -f1,3,5')).toBe(
      '117a118\n> source <(kubectl completion bash)\n-rw-r--r-- learner 0\n');
  });

  it('run before the first line: PS1, the aliases, history and less settings, LS_COLORS and kubectl completion', async () => {
    const { session, run } = await learner();
    expect(session.prompt()).toBe(GREEN_PROMPT);
    expect(await run('echo "$PS1"')).toBe(LEARNER_PS1 + '\n');
    expect(session.prompt()).toBe(GREEN_PROMPT);
    expect(await run('alias')).toBe(`alias alert='notify-send --urgency=low -i "$([ $? = 0 ] && echo terminal || echo error)" "$(history|tail -n1|sed -e '\\''s/^\\s*[0-9]\\+\\s*//;s/[;&|]\\s*alert$//'\\'')"'
alias egrep='egrep --color=auto'
alias fgrep='fgrep --color=auto'
alias grep='grep --color=auto'
alias l='ls -CF'
alias la='ls -A'
alias ll='ls -alF'
alias ls='ls --color=auto'
`);
    expect(await run('echo $HISTCONTROL $HISTSIZE $HISTFILESIZE $HISTFILE; echo "$LESSOPEN|$LESSCLOSE"; echo ${LS_COLORS:0:40}')).toBe(
      'ignoreboth 1000 2000 /home/learner/.bash_history\n| /usr/bin/lesspipe %s|/usr/bin/lesspipe %s %s\nrs=0:di=01;34:ln=01;36:mh=00:pi=40;33:so\n');
    expect(await run('shopt histappend checkwinsize globstar; type -t __start_kubectl; complete -p kubectl')).toBe(
      'histappend     \ton\ncheckwinsize   \ton\nglobstar       \toff\nfunction\ncomplete -o default -F __start_kubectl kubectl\n');
    // cd moves \w; PS1 is the shell's own variable.
    await run('cd /etc');
    expect(session.prompt()).toBe(GREEN_PROMPT.replace(/~/g, '/etc'));
    await run("PS1='[\\u \\W]\\$ '");
    expect(session.prompt()).toBe('[learner etc]$ ');
  });

  it('HISTCONTROL=ignoreboth: a line that starts with a space, or repeats the one before, is not recorded', async () => {
    const { session, run } = await learner();
    for (const l of ['echo a', 'echo a', ' echo secret', 'echo b', 'echo a']) await run(l);
    expect(session.history).toEqual(['echo a', 'echo b', 'echo a']);
    await run('HISTCONTROL=; HISTSIZE=2');
    await run('echo a');
    expect(session.history).toEqual(['HISTCONTROL=; HISTSIZE=2', 'echo a']);
  });

  it('ls and grep colour only on the terminal: not in a pipe, nor when the line is not at a terminal', async () => {
    const { run } = await learner({ tty: true });
    expect(await run('ls -d /etc examples')).toBe('\x1b[0m\x1b[01;34m/etc\x1b[0m  \x1b[01;34mexamples\x1b[0m\n');
    expect(await run('ls -d /etc examples | cat')).toBe('/etc\nexamples\n');
    expect(await run('ls -d /etc examples', false)).toBe('/etc\nexamples\n');
    // dircolors' database colours archives (an extension) where ls's built-in colours do not; `\ls` skips the alias.
    expect(await run('touch a.tar.gz; ls a.tar.gz; \\ls a.tar.gz; LS_COLORS= \\ls --color=always a.tar.gz')).toBe(
      '\x1b[0m\x1b[01;31ma.tar.gz\x1b[0m\na.tar.gz\na.tar.gz\n');
    // grep's default GREP_COLORS, as GNU grep writes them (recorded): matches 01;31, file names 35, numbers 32, separators 36.
    await run("printf 'apple pie\\nbanana\\napple tart apple\\n' > a; printf 'no\\napple\\n' > b");
    expect(await run('grep -n apple a b')).toBe('\x1b[35m\x1b[Ka\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K\x1b[32m\x1b[K1\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K\x1b[01;31m\x1b[Kapple\x1b[m\x1b[K pie\n'
      + '\x1b[35m\x1b[Ka\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K\x1b[32m\x1b[K3\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K\x1b[01;31m\x1b[Kapple\x1b[m\x1b[K tart \x1b[01;31m\x1b[Kapple\x1b[m\x1b[K\n'
      + '\x1b[35m\x1b[Kb\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K\x1b[32m\x1b[K2\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K\x1b[01;31m\x1b[Kapple\x1b[m\x1b[K\n');
    expect(await run('grep -v -C1 banana a')).toBe('apple pie\n\x1b[01;31m\x1b[Kbanana\x1b[m\x1b[K\napple tart apple\n');
    expect(await run('grep apple a | cat; TERM=dumb grep pie a')).toBe('apple pie\napple tart apple\napple pie\n');
  });

  it('the sudo hint shows until sudo has been used once; root is not in group sudo and never sees it', async () => {
    const { run } = await learner();
    await run('ssh worker-1 rm .sudo_as_admin_successful');
    expect(await run('ssh worker-1')).toBe('To run a command as administrator (user "root"), use "sudo <command>".\nSee "man sudo_root" for details.\n\n');
    expect(await run('sudo -n true; ls -l .sudo_as_admin_successful | cut -d" " -f1,3')).toBe('-rw-r--r-- learner\n');
    expect(await run('exit')).toBe('logout\nConnection to worker-1 closed.\n');
    expect(await run('ssh worker-1')).toBe('');
    await run('exit');
    expect(await run('sudo -i')).toBe('');
    expect(await run('echo "$PS1"; shopt login_shell; groups')).toBe('\\[\\e]0;\\u@\\h: \\w\\a\\]${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ \nlogin_shell    \ton\nroot\n');
  });
});

describe('bash pieces the start-up files use', () => {
  it('shopt: -s/-u/-q/-p/-o, and its errors', async () => {
    const s = new Session({});
    let out = '';
    await s.run('shopt -s nosuch; echo $?; shopt -q histappend; echo $?; shopt -oq posix; echo $?; shopt -s histappend; shopt -p histappend dotglob; shopt -u -s x; shopt -z; echo $?; shopt -po posix', (t) => (out += t));
    expect(out).toBe('bash: shopt: nosuch: invalid shell option name\n1\n1\n1\nshopt -s histappend\nshopt -u dotglob\nbash: shopt: cannot set and unset shell options simultaneously\nbash: shopt: -z: invalid option\nshopt: usage: shopt [-pqsu] [-o] [optname ...]\n2\nset +o posix\n');
  });

  it('return ends a sourced file with its status; outside a function or sourced file it is an error', async () => {
    const s = new Session({});
    let out = '';
    await s.run("printf 'echo one\\nreturn 3\\necho two\\n' > /tmp/r.sh; . /tmp/r.sh; echo rc=$?; return; echo $?", (t) => (out += t));
    expect(out).toBe("one\nrc=3\nbash: return: can only `return' from a function or sourced script\n1\n");
  });

  it('renders prompts as bash decodes them', () => {
    const get = (n: string) => ({ debian_chroot: 'jail' } as Record<string, string>)[n];
    expect(renderPrompt('${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ ', 'root', 'control-plane', '/root/x', '/root', get)).toBe('(jail)root@control-plane:~/x# ');
    expect(renderPrompt('\\s-\\v\\$ \\101\\\\', 'learner', 'a.b', '/', '/home/learner', () => undefined)).toBe('bash-5.2$ A\\');
  });
});

describe('dircolors (coreutils 9.4)', () => {
  // Recorded from GNU dircolors on a file database (the texts are 9.1's and 9.4's alike).
  it('turns a database into LS_COLORS for sh and csh, escapes what the shell would read, and reports bad lines', async () => {
    const s = new Session({});
    let out = '';
    const run = async (l: string) => { out = ''; await s.run(l, (t) => (out += t)); return out; };
    await run("printf 'TERM xterm*\\n.a\\x27b 01;31 # x\\n*x:y=z 1\\nOPTIONS -F\\nDIR 01;3\\\\4\\n' > /tmp/dc");
    expect(await run('dircolors -b /tmp/dc')).toBe("LS_COLORS='*.a'\\''b=01;31:*x\\:y\\=z=1:di=01;3\\4:';\nexport LS_COLORS\n");
    expect(await run('SHELL=/bin/tcsh dircolors /tmp/dc')).toBe("setenv LS_COLORS '*.a'\\''b=01;31:*x\\:y\\=z=1:di=01;3\\4:'\n");
    expect(await run('TERM=dumb dircolors -b')).toBe("LS_COLORS='';\nexport LS_COLORS\n");
    expect(await run("printf 'TERM xterm*\\nDIR 01;33\\nFOO 1\\n' > /tmp/dc2; dircolors -b /tmp/dc2; echo $?")).toBe('dircolors: /tmp/dc2:3: unrecognized keyword FOO\n1\n');
    expect(await run('dircolors -p x; dircolors -b -p; SHELL= dircolors')).toBe(
      "dircolors: extra operand ‘x’\nfile operands cannot be combined with --print-database (-p)\nTry 'dircolors --help' for more information.\n"
      + "dircolors: the options to output non shell syntax,\nand to select a shell syntax are mutually exclusive\nTry 'dircolors --help' for more information.\n"
      + 'dircolors: no SHELL environment variable, and no shell type option given\n');
    expect(await run('dircolors -p | head -3; dircolors -p | wc -l')).toBe(
      '# Configuration file for dircolors, a utility to help you set the\n# LS_COLORS environment variable used by GNU ls with the --color option.\n# Copyright (C) 1996-2023 Free Software Foundation, Inc.\n236\n');
  });
});
