/**
 * The node's file permissions for the learner (vfs.ts's views): the kernel's checks on each call, root's tree,
 * sudo as root, and every file command's own text when the kernel refuses (GNU coreutils 9.4, bash 5.2,
 * kubectl v1.35, OpenSSL 3.0, kubeadm v1.35).
 */
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from './vfs.js';
import { errno } from './fs-test-helpers.js';
import { lab } from './commands/node/test-lab.js';
import { STATIC_POD_REACTION_MS } from '../sim/manifests.js';

describe('the permission checks (vfs.ts)', () => {
  const tree = () => {
    const fs = new MemoryFileSystem();
    fs.mkdir('/srv/closed', true);
    fs.mkdir('/tmp');
    fs.chmod('/tmp', { mode: 0o1777 });
    fs.chmod('/srv/closed', { mode: 0o700 });
    fs.writeFile('/srv/closed/inside', 'x');
    for (const [name, mode, owner, group] of [['mine', 0o600, 'learner', 'learner'], ['adm', 0o640, 'root', 'adm'], ['other', 0o604, 'root', 'root'], ['secret', 0o600, 'root', 'root']] as const) {
      fs.writeFile(`/srv/${name}`, name);
      fs.chmod(`/srv/${name}`, { mode, owner, group });
    }
    return { fs, learner: fs.as('learner'), root: fs.as('root') };
  };

  it('reads by the owner, group and other bits, with the learner in adm; root reads everything', () => {
    const { learner, root } = tree();
    expect(['mine', 'adm', 'other', 'secret'].map((f) => errno(() => learner.readFile(`/srv/${f}`)))).toEqual(['ok', 'ok', 'ok', 'EACCES']);
    expect(['mine', 'adm', 'other', 'secret'].map((f) => errno(() => root.readFile(`/srv/${f}`)))).toEqual(['ok', 'ok', 'ok', 'ok']);
    // Writing: the owner's bits (rw) only; creating: the folder's write bit.
    expect(['mine', 'adm', 'other'].map((f) => errno(() => learner.writeFile(`/srv/${f}`, 'y')))).toEqual(['ok', 'EACCES', 'EACCES']);
    expect(errno(() => learner.writeFile('/srv/new', ''))).toBe('EACCES');
    expect(errno(() => learner.mkdir('/srv/d'))).toBe('EACCES');
    expect(errno(() => root.writeFile('/srv/new', ''))).toBe('ok');
    expect(root.stat('/srv/new')?.owner).toBe('root');
  });

  it('needs search on every folder above a path: a 0700 folder hides even its name from stat', () => {
    const { learner } = tree();
    expect(errno(() => learner.stat('/srv/closed'))).toBe('ok');
    expect(errno(() => learner.readDir('/srv/closed'))).toBe('EACCES');
    expect(errno(() => learner.stat('/srv/closed/inside'))).toBe('EACCES');
    expect(errno(() => learner.stat('/srv/closed/nothing'))).toBe('EACCES');
    expect(learner.access('/srv/closed/inside', 4)).toBe(false);
    expect(learner.access('/srv/other', 4)).toBe(true);
  });

  it("keeps /tmp's files to their owners (sticky bit: EPERM), and what a user makes there is theirs", () => {
    const { learner, root } = tree();
    root.writeFile('/tmp/roots', 'r');
    learner.writeFile('/tmp/mine', 'm');
    expect(learner.stat('/tmp/mine')).toMatchObject({ owner: 'learner', group: 'learner' });
    expect(errno(() => learner.remove('/tmp/roots'))).toBe('EPERM');
    expect(errno(() => learner.rename('/tmp/roots', '/tmp/moved'))).toBe('EPERM');
    expect(errno(() => learner.remove('/tmp/mine'))).toBe('ok');
    expect(errno(() => root.remove('/tmp/roots'))).toBe('ok');
  });

  it('lets only the owner chmod and only root give a file away', () => {
    const { learner, root } = tree();
    expect(errno(() => learner.chmod('/srv/mine', { mode: 0o644 }))).toBe('ok');
    expect(errno(() => learner.chmod('/srv/mine', { group: 'adm' }))).toBe('ok');
    expect(errno(() => learner.chmod('/srv/mine', { group: 'root' }))).toBe('EPERM');
    expect(errno(() => learner.chmod('/srv/mine', { owner: 'root' }))).toBe('EPERM');
    expect(errno(() => learner.chmod('/srv/other', { mode: 0o666 }))).toBe('EPERM');
    expect(errno(() => root.chmod('/srv/other', { owner: 'learner' }))).toBe('ok');
    expect(learner.stat('/srv/mine')).toMatchObject({ mode: 0o644, owner: 'learner', group: 'adm' });
  });
});

describe("the learner's terminal on the control-plane node", () => {
  it("owns its home; root owns the rest, /root 0700 and /tmp 1777, as on Ubuntu", async () => {
    const { run } = await lab();
    const out = (await run('ls -ld / /etc /root /tmp /home/learner ~/.kube ~/.kube/config ~/pod.yaml')).out;
    expect(out).toMatch(/^drwxr-xr-x +\d+ root +root +4096 .* \/$/m);
    expect(out).toMatch(/^drwxr-xr-x +\d+ root +root +4096 .* \/etc$/m);
    expect(out).toMatch(/^drwx------ +\d+ root +root +4096 .* \/root$/m);
    expect(out).toMatch(/^drwxrwxrwt +\d+ root +root +4096 .* \/tmp$/m);
    expect(out).toMatch(/^drwxr-x--- +\d+ learner learner 4096 .* \/home\/learner$/m);
    expect(out).toMatch(/^-rw------- +1 learner learner +\d+ .* \/home\/learner\/\.kube\/config$/m);
    expect(out).toMatch(/^-rw-r--r-- +1 learner learner +\d+ .* \/home\/learner\/pod\.yaml$/m);
    expect(await run('whoami; sudo whoami; sudo id')).toEqual({ out: 'learner\nroot\nuid=0(root) gid=0(root) groups=0(root)\n', status: 0 });
    // env runs its command as the same user: only sudo changes it.
    expect(await run('env whoami; env cat /etc/kubernetes/admin.conf')).toEqual({ out: 'learner\ncat: /etc/kubernetes/admin.conf: Permission denied\n', status: 1 });
  });

  it("copies admin.conf the kubeadm way: only with sudo, and the chown gives the copy back", async () => {
    const { run } = await lab();
    await run('rm ~/.kube/config');
    expect(await run('mkdir -p $HOME/.kube; cp -i /etc/kubernetes/admin.conf $HOME/.kube/config')).toEqual(
      { out: "cp: cannot open '/etc/kubernetes/admin.conf' for reading: Permission denied\n", status: 1 });
    expect((await run('ls ~/.kube')).out).toBe('');
    expect(await run('sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config; ls -l ~/.kube/config')).toMatchObject({ out: expect.stringMatching(/^-rw------- 1 root root \d+ /), status: 0 });
    // Root's 0600 copy: the learner's kubectl cannot read it yet.
    expect(await run('kubectl get ns default -o name')).toEqual(
      { out: 'error: error loading config file "/home/learner/.kube/config": open /home/learner/.kube/config: permission denied\n', status: 1 });
    expect(await run('chown $(id -u):$(id -g) $HOME/.kube/config')).toEqual(
      { out: "chown: changing ownership of '/home/learner/.kube/config': Operation not permitted\n", status: 1 });
    expect(await run('sudo chown $(id -u):$(id -g) $HOME/.kube/config; ls -l ~/.kube/config')).toMatchObject({ out: expect.stringMatching(/^-rw------- 1 learner learner \d+ /), status: 0 });
    expect(await run('kubectl get ns default -o name')).toEqual({ out: 'namespace/default\n', status: 0 });
    expect((await run('diff <(sudo cat /etc/kubernetes/admin.conf) ~/.kube/config && echo same')).out).not.toContain('Permission');
  });

  it("answers each command's refusal in that command's own words", async () => {
    const { run } = await lab();
    const cases: Array<[string, string, number]> = [
      ['cat /etc/kubernetes/admin.conf', 'cat: /etc/kubernetes/admin.conf: Permission denied\n', 1],
      ['head -1 /etc/kubernetes/pki/ca.key', "head: cannot open '/etc/kubernetes/pki/ca.key' for reading: Permission denied\n", 1],
      ['tail -1 /etc/kubernetes/super-admin.conf', "tail: cannot open '/etc/kubernetes/super-admin.conf' for reading: Permission denied\n", 1],
      ['grep server /etc/kubernetes/admin.conf', 'grep: /etc/kubernetes/admin.conf: Permission denied\n', 2],
      ['less /etc/kubernetes/admin.conf', '/etc/kubernetes/admin.conf: Permission denied\n', 1],
      ['cp /etc/kubernetes/pki/sa.key /tmp/', "cp: cannot open '/etc/kubernetes/pki/sa.key' for reading: Permission denied\n", 1],
      ['cp ~/pod.yaml /etc/kubernetes/', "cp: cannot create regular file '/etc/kubernetes/pod.yaml': Permission denied\n", 1],
      ['mv /etc/kubernetes/manifests/kube-scheduler.yaml /tmp/', "mv: cannot move '/etc/kubernetes/manifests/kube-scheduler.yaml' to '/tmp/kube-scheduler.yaml': Permission denied\n", 1],
      ['mv ~/pod.yaml /etc/', "mv: cannot move '/home/learner/pod.yaml' to '/etc/pod.yaml': Permission denied\n", 1],
      ['rm /etc/hosts', "rm: cannot remove '/etc/hosts': Permission denied\n", 1],
      ['rm -r /etc/kubernetes/manifests', "rm: cannot remove '/etc/kubernetes/manifests/etcd.yaml': Permission denied\n"
        + "rm: cannot remove '/etc/kubernetes/manifests/kube-apiserver.yaml': Permission denied\n"
        + "rm: cannot remove '/etc/kubernetes/manifests/kube-controller-manager.yaml': Permission denied\n"
        + "rm: cannot remove '/etc/kubernetes/manifests/kube-scheduler.yaml': Permission denied\n", 1],
      ['mkdir /etc/foo', 'mkdir: cannot create directory ‘/etc/foo’: Permission denied\n', 1],
      ['mkdir -p /etc/foo/bar', 'mkdir: cannot create directory ‘/etc/foo’: Permission denied\n', 1],
      ['touch /etc/foo', "touch: cannot touch '/etc/foo': Permission denied\n", 1],
      ['touch /etc/hosts', "touch: cannot touch '/etc/hosts': Permission denied\n", 1],
      ['chmod 644 /etc/kubernetes/admin.conf', "chmod: changing permissions of '/etc/kubernetes/admin.conf': Operation not permitted\n", 1],
      ['chown learner /etc/hosts', "chown: changing ownership of '/etc/hosts': Operation not permitted\n", 1],
      ['chown :root ~/pod.yaml', "chown: changing group of '/home/learner/pod.yaml': Operation not permitted\n", 1],
      ['chmod 600 /nope', "chmod: cannot access '/nope': No such file or directory\n", 1],
      ['chown bob ~/pod.yaml', 'chown: invalid user: ‘bob’\n', 1],
      // nobody is in the node's /etc/passwd (id and sudo -u know it): the kernel refuses the gift.
      ['chown nobody ~/pod.yaml', "chown: changing ownership of '/home/learner/pod.yaml': Operation not permitted\n", 1],
      ['echo x > /etc/x', 'bash: /etc/x: Permission denied\n', 1],
      ['echo x >> /etc/hosts', 'bash: /etc/hosts: Permission denied\n', 1],
      ['wc -l < /etc/kubernetes/admin.conf', 'bash: /etc/kubernetes/admin.conf: Permission denied\n', 1],
      ['cd /root', 'bash: cd: /root: Permission denied\n', 1],
      ['cd /var/lib/kubelet/pki', 'bash: cd: /var/lib/kubelet/pki: Permission denied\n', 1],
      ['ls /root', "ls: cannot open directory '/root': Permission denied\n", 2],
      ['ls /var/lib/kubelet/config.yaml', "ls: cannot access '/var/lib/kubelet/config.yaml': Permission denied\n", 2],
      ['kubectl apply -f /etc/kubernetes/manifests/etcd.yaml', 'error: open /etc/kubernetes/manifests/etcd.yaml: permission denied\n', 1],
      ['kubectl apply -f /var/lib/kubelet/config.yaml', 'error: lstat /var/lib/kubelet/config.yaml: permission denied\n', 1],
      ['kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes', 'error: error loading config file "/etc/kubernetes/admin.conf": open /etc/kubernetes/admin.conf: permission denied\n', 1],
      ['kubeadm token list', 'failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: permission denied\nTo see the stack trace of this error execute with --v=5 or higher\n', 1],
    ];
    for (const [line, out, status] of cases) expect(await run(line), line).toEqual({ out, status });
    // `OWNER:` and a new file of another user take that user's login group from /etc/passwd (nobody's is nogroup).
    expect((await run('touch /tmp/n; sudo chown nobody: /tmp/n; sudo -u nobody touch /tmp/m; ls -l /tmp/n /tmp/m | cut -d" " -f3,4')).out).toBe('nobody nogroup\nnobody nogroup\n');
    expect((await run('openssl x509 -in /etc/kubernetes/pki/apiserver.key -noout')).out).toMatch(
      /^Could not open file or uri for loading certificate from \/etc\/kubernetes\/pki\/apiserver\.key\n.*\n.*:error:8000000D:system library:BIO_new_file:Permission denied:.*calling fopen\(\/etc\/kubernetes\/pki\/apiserver\.key, rb\)\n/);
    expect((await run('kubeadm init')).out).toContain('\t[ERROR IsPrivilegedUser]: user is not running as root\n');
    // Nothing changed: what the learner may read still reads, and sudo does what was refused.
    expect(await run('[ -r /etc/kubernetes/admin.conf ] || echo unreadable; [ -r /etc/kubernetes/pki/ca.crt ] && echo readable')).toEqual({ out: 'unreadable\nreadable\n', status: 0 });
    expect(await run('sudo touch /etc/foo; sudo chmod 600 /etc/foo; ls -l /etc/foo; sudo rm /etc/foo')).toMatchObject({ out: expect.stringMatching(/^-rw------- 1 root root 0 /), status: 0 });
    expect((await run('ls /etc/kubernetes/manifests')).out).toBe('etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\n');
  });

  it("stops the scheduler only with lesson 04's sudo mv, and the manifest keeps root's 0600 on its way back", async () => {
    const { run, cluster } = await lab();
    const scheduler = () => cluster.client().tryGet('pods', 'kube-system', 'kube-scheduler-control-plane');
    expect((await run('mv /etc/kubernetes/manifests/kube-scheduler.yaml /tmp/')).status).toBe(1);
    cluster.advance(STATIC_POD_REACTION_MS + 2_000);
    expect(scheduler()).toBeDefined();
    expect(await run('sudo mv /etc/kubernetes/manifests/kube-scheduler.yaml /tmp/')).toEqual({ out: '', status: 0 });
    cluster.advance(STATIC_POD_REACTION_MS + 2_000);
    expect(scheduler()).toBeUndefined();
    expect((await run('ls -l /tmp/kube-scheduler.yaml')).out).toMatch(/^-rw------- 1 root root /);
    // In the sticky /tmp only root may take it back.
    expect(await run('mv /tmp/kube-scheduler.yaml /etc/kubernetes/manifests/')).toEqual(
      { out: "mv: cannot move '/tmp/kube-scheduler.yaml' to '/etc/kubernetes/manifests/kube-scheduler.yaml': Operation not permitted\n", status: 1 });
    expect(await run('rm /tmp/kube-scheduler.yaml')).toEqual({ out: "rm: cannot remove '/tmp/kube-scheduler.yaml': Operation not permitted\n", status: 1 });
    expect(await run('sudo mv /tmp/kube-scheduler.yaml /etc/kubernetes/manifests/')).toEqual({ out: '', status: 0 });
    cluster.advance(STATIC_POD_REACTION_MS + 5_000);
    expect(scheduler()).toBeDefined();
    expect((await run('ls -l /etc/kubernetes/manifests/kube-scheduler.yaml')).out).toMatch(/^-rw------- 1 root root /);
    expect(cluster.clock.errors).toEqual([]);
  });
});
