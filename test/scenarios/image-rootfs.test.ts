/**
 * Containers see their image's own file tree (engine/images/rootfs.ts): the listings below are those of the package
 * data the trees were made from (dpkg's file lists of debian trixie's and bookworm's packages: coreutils' ls 158632
 * bytes, dash 129736, bash 1298416 in trixie; docker-library/busybox's glibc build: every applet a hard link of
 * /bin/busybox, Debian's getconf 26920), and commands are its files, found through PATH.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('image file trees', () => {
  it('busybox: its applets are hard links of /bin/busybox, `busybox` lists them, and one the lab does not run says so', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl run b --image=busybox:1.37 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/b --timeout=60s');
    expect((await run('kubectl exec b -- ls /')).out).toBe('bin\ndev\netc\nhome\nlib\nlib64\nproc\nroot\nsys\ntmp\nusr\nvar\n');
    // 405 applet links and busybox itself share the inode.
    expect((await run('kubectl exec b -- ls -l /bin/ls /lib64')).out).toBe(
      '-rwxr-xr-x  406 root     root       1131008 Jan  1 00:00 /bin/ls\n'
      + 'lrwxrwxrwx    1 root     root             3 Jan  1 00:00 /lib64 -> lib\n');
    expect((await run('kubectl exec b -- ls /etc')).out).toBe('group\nhostname\nhosts\nlocaltime\nnsswitch.conf\npasswd\nresolv.conf\nshadow\n');
    expect((await run('kubectl exec b -- which ls wget')).out).toBe('/bin/ls\n/bin/wget\n');
    const help = (await run('kubectl exec b -- busybox')).out;
    expect(help.split('\n')[0]).toBe('BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.');
    expect(help).toContain('Currently defined functions:\n\t[, [[, acpid, add-shell, addgroup, adduser, adjtimex, ar, arch, arp,\n');
    expect(help.endsWith('xz, xzcat, yes, zcat, zcip\n')).toBe(true);
    expect((await run('kubectl exec b -- busybox ls /home')).out).toBe('');
    expect((await run('kubectl exec b -- busybox nosuch')).out).toBe('nosuch: applet not found\ncommand terminated with exit code 127\n');
    expect((await run('kubectl exec b -- tree /')).out).toBe('kubelab: tree is not simulated\ncommand terminated with exit code 1\n');
    expect((await run('kubectl exec b -- /bin/ls /root')).out).toBe('');
    expect((await run('kubectl exec b -- nosuch')).out).toMatch(/exec: "nosuch": executable file not found in \$PATH: unknown\n$/);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('nginx: debian trixie-slim with the image\'s own layer, links and all', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl run web --image=nginx');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=60s');
    expect((await run('kubectl exec web -- ls /')).out.split('\n').filter(Boolean)).toEqual([
      'bin', 'boot', 'dev', 'docker-entrypoint.d', 'docker-entrypoint.sh', 'etc', 'home', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var']);
    expect((await run('kubectl exec web -- ls /docker-entrypoint.d')).out).toBe('10-listen-on-ipv6-by-default.sh\n15-local-resolvers.envsh\n20-envsubst-on-templates.sh\n30-tune-worker-processes.sh\n');
    expect((await run('kubectl exec web -- ls /etc/nginx')).out).toBe('conf.d\nfastcgi_params\nmime.types\nmodules\nnginx.conf\nscgi_params\nuwsgi_params\n');
    expect((await run('kubectl exec web -- ls -l /bin')).out).toBe('lrwxrwxrwx 1 root root 7 Jan  1 00:00 /bin -> usr/bin\n');
    expect((await run('kubectl exec web -- ls -l /var/log/nginx')).out).toBe(
      'total 0\nlrwxrwxrwx 1 root root 11 Jan  1 00:00 access.log -> /dev/stdout\nlrwxrwxrwx 1 root root 11 Jan  1 00:00 error.log -> /dev/stderr\n');
    expect((await run('kubectl exec web -- ls -l /bin/bash')).out).toBe('-rwxr-xr-x 1 root root 1298416 Jan  1 00:00 /bin/bash\n');
    expect((await run('kubectl exec web -- ls -l /usr/bin/dash')).out).toBe('-rwxr-xr-x 1 root root 129736 Jan  1 00:00 /usr/bin/dash\n');
    expect((await run('kubectl exec web -- ls -l /usr/bin/ls')).out).toBe('-rwxr-xr-x 1 root root 158632 Jan  1 00:00 /usr/bin/ls\n');
    // dpkg's alternatives: awk through /etc/alternatives to mawk; which is debianutils'.
    expect((await run('kubectl exec web -- ls -l /usr/bin/awk')).out).toBe('lrwxrwxrwx 1 root root 21 Jan  1 00:00 /usr/bin/awk -> /etc/alternatives/awk\n');
    expect((await run('kubectl exec web -- ls -l /etc/alternatives/awk')).out).toBe('lrwxrwxrwx 1 root root 13 Jan  1 00:00 /etc/alternatives/awk -> /usr/bin/mawk\n');
    expect((await run('kubectl exec web -- which nginx curl sh')).out).toBe('/usr/sbin/nginx\n/usr/bin/curl\n/usr/bin/sh\n');
    expect((await run("kubectl exec web -- sh -c 'command -v ls; type cd; type nosuch'")).out).toBe('/usr/bin/ls\ncd is a shell builtin\nnosuch: not found\ncommand terminated with exit code 127\n');
    expect((await run("kubectl exec web -- bash -c 'type ls'")).out).toBe('ls is /usr/bin/ls\n');
    // The package's own texts are kept for /etc (base-files' debian_version), an ELF file's first bytes for programs.
    expect((await run('kubectl exec web -- cat /etc/debian_version')).out).toBe('13.8\n');
    expect((await run('kubectl exec web -- ls -l /etc/shadow')).out).toBe('-rw-r----- 1 root shadow 474 Jan  1 00:00 /etc/shadow\n');
    expect((await run('kubectl exec web -- ls -l /usr/bin/passwd')).out).toBe('-rwsr-xr-x 1 root root 118168 Jan  1 00:00 /usr/bin/passwd\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('a container writes and removes over its image, which its other containers still see whole', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl create deployment d --image=busybox:1.37 --replicas=2 -- sleep 3600');
    await run('kubectl wait --for=condition=Available deploy/d --timeout=60s');
    const pods = (await run('kubectl get pods -o name')).out.split('\n').filter(Boolean);
    expect(pods).toHaveLength(2);
    expect((await run(`kubectl exec ${pods[0]} -- rm /bin/wget`)).out).toBe('');
    expect((await run(`kubectl exec ${pods[0]} -- touch /etc/mine`)).out).toBe('');
    expect((await run(`kubectl exec ${pods[0]} -- ls /bin/wget`)).out).toBe('ls: /bin/wget: No such file or directory\ncommand terminated with exit code 1\n');
    expect((await run(`kubectl exec ${pods[0]} -- which wget`)).out).toBe('command terminated with exit code 1\n');
    expect((await run(`kubectl exec ${pods[0]} -- ls /etc/mine`)).out).toBe('/etc/mine\n');
    expect((await run(`kubectl exec ${pods[1]} -- ls /bin/wget`)).out).toBe('/bin/wget\n');
    expect((await run(`kubectl exec ${pods[1]} -- ls /etc/mine`)).out).toBe('ls: /etc/mine: No such file or directory\ncommand terminated with exit code 1\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('a volume mounted over an image folder hides the image\'s files there', async () => {
    const { run } = await interactiveSession();
    await run('kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata: {name: v}\nspec:\n  containers:\n  - name: web\n    image: nginx\n    volumeMounts: [{name: d, mountPath: /usr/share/nginx/html}]\n  volumes: [{name: d, emptyDir: {}}]\nEOF');
    await run('kubectl wait --for=condition=Ready pod/v --timeout=60s');
    expect((await run('kubectl exec v -- ls /usr/share/nginx/html')).out).toBe('');
    expect((await run("kubectl exec v -- sh -c 'echo hi > /usr/share/nginx/html/index.html; ls -l /usr/share/nginx/html'")).out).toBe('total 4\n-rw-r--r-- 1 root root 3 Jan  1 00:00 index.html\n');
    expect((await run('kubectl exec v -- ls /etc/nginx/conf.d')).out).toBe('default.conf\n');
  });

  it('debian and ubuntu: their packages\' files, shadow\'s group, ubuntu\'s user', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run de --image=debian:12 -- sleep 3600');
    await run('kubectl run ub --image=ubuntu:24.04 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/de pod/ub --timeout=60s');
    // The full image keeps its documentation (slim images drop it, as dpkg's path excludes do).
    expect((await run('kubectl exec de -- ls /usr/share/doc/dash')).out).toContain('copyright\n');
    expect((await run('kubectl exec ub -- ls -la /home/ubuntu')).out).toBe(
      'total 20\ndrwxr-x--- 2 ubuntu ubuntu 4096 Jan  1 00:00 .\ndrwxr-xr-x 3 root   root   4096 Jan  1 00:00 ..\n'
      + '-rw-r--r-- 1 ubuntu ubuntu  220 Jan  1 00:00 .bash_logout\n-rw-r--r-- 1 ubuntu ubuntu 3771 Jan  1 00:00 .bashrc\n-rw-r--r-- 1 ubuntu ubuntu  807 Jan  1 00:00 .profile\n');
    expect((await run('kubectl exec ub -- stat /')).out).toBe('kubelab: stat is not simulated\ncommand terminated with exit code 1\n');
  });
});
