/**
 * The node's programs are files where Ubuntu 24.04's packages put them (programs.ts), and the shell runs what the
 * files are: by path, through PATH and bash's hash table, from env, sudo and timeout. Texts and statuses are
 * bash 5.2's (checked with bash 5.2.15).
 */
import { describe, expect, it } from 'vitest';
import { lab } from './commands/node/test-lab.js';
import { completeLine } from './complete.js';

describe('the node\'s programs as files (programs.ts, binary.ts)', () => {
  it('lists them in /usr/bin, /usr/sbin and /usr/local/bin with their packages\' owners, modes and sizes', async () => {
    const { run } = await lab();
    expect((await run('ls -l /usr/bin/kubectl /usr/bin/sudo /usr/sbin/ip /usr/bin/vi /etc/alternatives/vi')).out).toBe([
      'lrwxrwxrwx 1 root root       18 Jan  1 00:00 /etc/alternatives/vi -> /usr/bin/vim.basic',
      '-rwxr-xr-x 1 root root 58601656 Jan  1 00:00 /usr/bin/kubectl',
      '-rwsr-xr-x 1 root root   281624 Jan  1 00:00 /usr/bin/sudo',
      'lrwxrwxrwx 1 root root       20 Jan  1 00:00 /usr/bin/vi -> /etc/alternatives/vi',
      'lrwxrwxrwx 1 root root        7 Jan  1 00:00 /usr/sbin/ip -> /bin/ip',
      '',
    ].join('\n'));
    expect(await run('ls -l /usr/bin/kubelet /bin/crictl')).toEqual({ out: expect.stringMatching(/^-rwxr-xr-x 1 root root \d+ Jan  1 00:00 \/bin\/crictl\n-rwxr-xr-x 1 root root \d+ Jan  1 00:00 \/usr\/bin\/kubelet\n$/), status: 0 });
    expect(await run('ls /usr/local; ls /usr/local/bin')).toEqual({ out: 'bin\nsbin\nsim\n', status: 0 });
    // iptables (nft) as the package and update-alternatives leave it: two links to the multi-call binary.
    expect(await run('readlink /usr/sbin/iptables /etc/alternatives/iptables /usr/sbin/iptables-nft; which iptables-save find stat')).toEqual({
      out: '/etc/alternatives/iptables\n/usr/sbin/iptables-nft\nxtables-nft-multi\n/usr/sbin/iptables-save\n/usr/bin/find\n/usr/bin/stat\n', status: 0,
    });
    // The bytes begin with an ELF header; `test -x` agrees with the mode.
    expect((await run('head -c 4 /usr/bin/ls')).out).toBe('\x7fELF');
    expect(await run('test -x /bin/ls && test -f /usr/bin/kubeadm && test -x /usr/sbin/ip; echo $?')).toEqual({ out: '0\n', status: 0 });
  });

  it('runs a program by its path, a copy of it, and from env, sudo and timeout', async () => {
    const { run } = await lab();
    expect(await run('/usr/bin/kubectl version --client')).toEqual({ out: 'Client Version: v1.35.2\nKustomize Version: v5.7.1\n', status: 0 });
    expect(await run('/bin/ls -d /tmp')).toEqual({ out: '/tmp\n', status: 0 });
    expect(await run('cp /usr/bin/id ./myid; ./myid -un; ls -l myid')).toEqual({ out: expect.stringMatching(/^learner\n-rwxr-xr-x 1 learner learner 48144 /), status: 0 });
    expect(await run('env /usr/bin/id -un')).toEqual({ out: 'learner\n', status: 0 });
    expect(await run('sudo /usr/bin/id')).toEqual({ out: 'uid=0(root) gid=0(root) groups=0(root)\n', status: 0 });
    expect(await run('timeout 1 /bin/sleep 5; echo $?')).toEqual({ out: '124\n', status: 0 });
    expect(await run('echo /tmp | xargs /bin/ls -d')).toEqual({ out: '/tmp\n', status: 0 });
    expect(await run('kubelet --version; /usr/bin/true; echo $?')).toEqual({ out: 'Kubernetes v1.35.0\n0\n', status: 0 });
  });

  it('answers what cannot run as bash and the kernel do', async () => {
    const { run } = await lab();
    await run('touch plain; mkdir d; printf \'#!/bin/nope\\necho x\\n\' > bad; printf \'#!/etc/hosts\\n\' > notexec; chmod +x bad notexec');
    expect(await run('./plain; echo $?')).toEqual({ out: 'bash: ./plain: Permission denied\n126\n', status: 0 });
    expect(await run('./d; echo $?')).toEqual({ out: 'bash: ./d: Is a directory\n126\n', status: 0 });
    expect(await run('./missing; /usr/bin/nothere; echo $?')).toEqual({ out: 'bash: ./missing: No such file or directory\nbash: /usr/bin/nothere: No such file or directory\n127\n', status: 0 });
    expect(await run('./bad; echo $?')).toEqual({ out: 'bash: ./bad: cannot execute: required file not found\n127\n', status: 0 });
    expect(await run('./notexec; echo $?')).toEqual({ out: 'bash: ./notexec: /etc/hosts: bad interpreter: Permission denied\n126\n', status: 0 });
    expect(await run('env ./plain; env ./missing; echo $?')).toEqual({ out: 'env: ‘./plain’: Permission denied\nenv: ‘./missing’: No such file or directory\n127\n', status: 0 });
    expect(await run('sudo ./plain; echo $?')).toEqual({ out: 'sudo: ./plain: command not found\n1\n', status: 0 });
    // timeout and xargs exec the program themselves (execvp), and say so in their own words.
    expect(await run('timeout 1 ./plain; timeout 1 nothere; echo $?')).toEqual({ out: 'timeout: failed to run command ‘./plain’: Permission denied\ntimeout: failed to run command ‘nothere’: No such file or directory\n127\n', status: 0 });
    expect(await run('echo x | xargs ./plain; echo $?; echo x | xargs ./missing; echo $?')).toEqual({ out: 'xargs: ./plain: Permission denied\n126\nxargs: ./missing: No such file or directory\n127\n', status: 0 });
  });

  it('finds a bare name through the files on PATH and bash\'s hash table', async () => {
    const { run } = await lab();
    // Without the execute bit the file is still what PATH finds: exec says why it cannot run.
    expect(await run('sudo chmod -x /usr/bin/ls; ls; echo $?; sudo chmod +x /usr/bin/ls')).toEqual({ out: 'bash: /usr/bin/ls: Permission denied\n126\n', status: 0 });
    // Not hashed yet: gone from PATH is "command not found".
    expect(await run('sudo mv /usr/bin/crictl /tmp/; crictl ps; echo $?')).toEqual({ out: 'bash: crictl: command not found\n127\n', status: 0 });
    // Hashed: bash tries the path it remembers, as real bash does after a program moves; `hash -r` forgets it.
    await run('kubectl version --client');
    expect(await run('type kubectl; sudo rm /usr/bin/kubectl; kubectl get pods; echo $?')).toEqual({
      out: 'kubectl is hashed (/usr/bin/kubectl)\nbash: /usr/bin/kubectl: No such file or directory\n127\n', status: 0,
    });
    expect(await run('hash -r; kubectl; echo $?; which kubectl; echo $?')).toEqual({ out: 'bash: kubectl: command not found\n127\n1\n', status: 0 });
    // A program put in /usr/local/bin comes before /usr/bin's.
    expect(await run('sudo cp /usr/bin/whoami /usr/local/bin/id; hash -r; id; type id')).toEqual({ out: 'learner\nid is hashed (/usr/local/bin/id)\n', status: 0 });
    expect(await run('PATH=/nowhere; ls; echo $?')).toEqual({ out: 'bash: ls: command not found\n127\n', status: 0 });
  });

  it('has which, type, command -v, hash and completion agree on where each program is', async () => {
    const { run, session } = await lab();
    for (const name of ['kubectl', 'kubeadm', 'crictl', 'ls', 'ip', 'awk', 'sim', 'sudo']) {
      const which = (await run(`which ${name}`)).out;
      expect(which).toMatch(/^\/usr\/(local\/)?s?bin\//);
      expect((await run(`command -v ${name}`)).out).toBe(which);
      expect((await run(`type -P ${name}`)).out).toBe(which);
      expect((await run(`type ${name}`)).out).toBe(`${name} is ${which}`);
      expect((await run(`test -x ${which.trim()}; echo $?`)).out).toBe('0\n');
    }
    expect((await run('which ip awk sim')).out).toBe('/usr/sbin/ip\n/usr/bin/awk\n/usr/local/bin/sim\n');
    expect((await run('type -a ip echo')).out).toBe('ip is /usr/sbin/ip\nip is /usr/bin/ip\nip is /sbin/ip\nip is /bin/ip\necho is a shell builtin\necho is /usr/bin/echo\necho is /bin/echo\n');
    expect((await run('type -at ls; type -p echo; echo $?')).out).toBe('file\nfile\n0\n');
    expect(await run('hash -r; hash')).toEqual({ out: 'hash: hash table empty\n', status: 0 });
    expect(await run('ls >/dev/null; ls >/dev/null; hash id; hash; hash -t ls; hash -l')).toEqual({
      out: 'hits\tcommand\n   2\t/usr/bin/ls\n   0\t/usr/bin/id\n/usr/bin/ls\nbuiltin hash -p /usr/bin/ls ls\nbuiltin hash -p /usr/bin/id id\n', status: 0,
    });
    expect(await run('hash nope; hash -d nope; hash -x')).toEqual({
      out: 'bash: hash: nope: not found\nbash: hash: nope: not found\nbash: hash: -x: invalid option\nhash: usage: hash [-lr] [-p pathname] [-dt] [name ...]\n', status: 2,
    });
    expect(completeLine(session, 'kube', 4).candidates).toEqual(['kubeadm', 'kubectl', 'kubelet']);
    await run('sudo chmod -x /usr/bin/kubelet');
    expect(completeLine(session, 'kube', 4).candidates).toEqual(['kubeadm', 'kubectl']);
  });

  it('runs scripts: a #! line names the interpreter, without one bash runs it; $0 and the arguments are the script\'s', async () => {
    const { run } = await lab();
    await run('printf \'#!/bin/bash\\necho "$0 $1 $#"\\n\' > s.sh; printf \'echo "plain $0 $1"\\n\' > p.sh; chmod +x s.sh p.sh');
    expect(await run('./s.sh a b; ./p.sh z; bash s.sh c; sh -c \'echo $0 $1\' x y')).toEqual({ out: './s.sh a 2\nplain ./p.sh z\ns.sh c 1\nx y\n', status: 0 });
    expect(await run('printf \'#!/usr/bin/env bash\\necho env-run $1\\n\' > e.sh; chmod +x e.sh; ./e.sh q')).toEqual({ out: 'env-run q\n', status: 0 });
  });
});
