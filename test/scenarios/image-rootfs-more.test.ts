/**
 * The trees of nginx's older tags, httpd, redis and ubuntu 22.04 (engine/images/rootfs/README.md): what a learner
 * lists and reads in them, from the package data and the images' repositories (docker-nginx's entrypoint scripts at
 * the commit each tag was last built from, docker-library/httpd's Dockerfile over httpd's own source tree,
 * docker-library/redis's), and the programs the lab runs there still answering.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const lines = (s: string) => s.split('\n').filter(Boolean);

describe('more image file trees', () => {
  it('nginx:1.24 is Debian bullseye without merged /usr, and each tag has its own entrypoint scripts', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl run old --image=nginx:1.24');
    await run('kubectl run new --image=nginx:1.29');
    await run('kubectl run mid --image=nginx:1.27');
    await run('kubectl wait --for=condition=Ready pod/old pod/new pod/mid --timeout=60s');
    expect(lines((await run('kubectl exec old -- cat /etc/os-release')).out)[0]).toBe('PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"');
    // bullseye's debootstrap made /bin a folder: dash's /bin/sh is there, not under /usr.
    expect((await run('kubectl exec old -- ls -l /')).out).toMatch(/^drwxr-xr-x +\d+ root root 4096 Jan {2}1 00:00 bin$/m);
    expect((await run('kubectl exec old -- ls -l /bin/sh')).out).toBe('lrwxrwxrwx 1 root root 4 Jan  1 00:00 /bin/sh -> dash\n');
    expect((await run('kubectl exec new -- ls -l /bin')).out).toBe('lrwxrwxrwx 1 root root 7 Jan  1 00:00 /bin -> usr/bin\n');
    // 1.24's last build (docker-nginx 75d5e98) had the first 15-local-resolvers.envsh, 336 bytes; 1.29's is 389.
    expect((await run('kubectl exec old -- ls -l /docker-entrypoint.d')).out).toBe('total 20\n'
      + '-rwxr-xr-x 1 root root 2125 Jan  1 00:00 10-listen-on-ipv6-by-default.sh\n'
      + '-rwxr-xr-x 1 root root  336 Jan  1 00:00 15-local-resolvers.envsh\n'
      + '-rwxr-xr-x 1 root root 3018 Jan  1 00:00 20-envsubst-on-templates.sh\n'
      + '-rwxr-xr-x 1 root root 4619 Jan  1 00:00 30-tune-worker-processes.sh\n');
    expect((await run('kubectl exec new -- ls -l /docker-entrypoint.d/15-local-resolvers.envsh')).out).toContain(' 389 ');
    expect((await run('kubectl exec old -- grep -c RESOLVERS% /docker-entrypoint.d/15-local-resolvers.envsh')).out).toBe('0\ncommand terminated with exit code 1\n');
    expect((await run('kubectl exec new -- grep -c RESOLVERS% /docker-entrypoint.d/15-local-resolvers.envsh')).out).toBe('1\n');
    // The typo fixed in August 2025 (docker-nginx 95de31b) is in 1.29's script and not in 1.27's.
    expect((await run("kubectl exec new -- grep -c 'listen  .\\[::\\\\]:80' /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh")).out).toBe('1\n');
    expect((await run("kubectl exec mid -- grep -c 'listen  .\\[::\\\\]:80' /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh")).out).toBe('0\ncommand terminated with exit code 1\n');
    const entry = (await run('kubectl exec old -- cat /docker-entrypoint.sh')).out;
    expect(entry.startsWith('#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n')).toBe(true);
    expect(entry.length).toBe(1620);
    expect(entry.endsWith('exec "$@"\n')).toBe(true);
    // Debian bullseye's curl (7.74.0-1.3+deb11u16), and nginx still serves its page.
    expect((await run('kubectl exec old -- ls -l /usr/bin/curl')).out).toBe('-rwxr-xr-x 1 root root 256072 Jan  1 00:00 /usr/bin/curl\n');
    expect((await run('kubectl exec old -- curl -s localhost')).out).toContain('<title>Welcome to nginx!</title>');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('httpd: /usr/local/apache2 as make install left it, its WORKDIR and PATH, and its page', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl run web --image=httpd:2.4');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=60s');
    expect((await run('kubectl exec web -- pwd')).out).toBe('/usr/local/apache2\n');
    expect(lines((await run('kubectl exec web -- ls')).out)).toEqual(['bin', 'build', 'cgi-bin', 'conf', 'error', 'htdocs', 'icons', 'include', 'logs', 'modules']);
    expect((await run('kubectl exec web -- ls -l /usr/local/apache2/htdocs')).out).toBe('total 4\n-rw-r--r-- 1 root root 45 Jan  1 00:00 index.html\n');
    expect((await run('kubectl exec web -- cat htdocs/index.html')).out).toBe('<html><body><h1>It works!</h1></body></html>\n');
    expect((await run('kubectl exec web -- which httpd httpd-foreground')).out).toBe('/usr/local/apache2/bin/httpd\n/usr/local/bin/httpd-foreground\n');
    expect((await run('kubectl exec web -- cat /usr/local/bin/httpd-foreground')).out).toBe(
      '#!/bin/sh\nset -e\n\n# Apache gets grumpy about PID files pre-existing\nrm -f /usr/local/apache2/logs/httpd.pid\n\nexec httpd -DFOREGROUND "$@"\n');
    // install-conf's httpd.conf after the Dockerfile's sed: logs to the container's streams, www-data's server.
    expect(lines((await run("kubectl exec web -- grep -E '^(User|Group|ErrorLog|Listen|LoadModule mpm)|CustomLog /proc' conf/httpd.conf")).out)).toEqual([
      'Listen 80', 'LoadModule mpm_event_module modules/mod_mpm_event.so', 'User www-data', 'Group www-data', 'ErrorLog /proc/self/fd/2', '    CustomLog /proc/self/fd/1 common']);
    expect((await run('kubectl exec web -- grep -c "^#LoadModule rewrite_module" conf/httpd.conf')).out).toBe('1\n');
    expect((await run('kubectl exec web -- ls conf/extra')).out).toContain('httpd-ssl.conf\nhttpd-userdir.conf\nhttpd-vhosts.conf\nproxy-html.conf\n');
    expect((await run('kubectl exec web -- ls logs')).out).toBe('');
    expect((await run('kubectl exec web -- ls -l modules/mod_rewrite.so')).out).toMatch(/^-rwxr-xr-x 1 root root \d+ Jan {2}1 00:00 modules\/mod_rewrite.so\n$/);
    // The Dockerfile gives /usr/local/apache2 itself to www-data.
    expect((await run('kubectl exec web -- ls -l /usr/local')).out).toContain('drwxr-xr-x 12 www-data www-data 4096 Jan  1 00:00 apache2\n');
    expect(lines((await run('kubectl exec web -- env')).out)[0]).toBe('PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    // trixie-slim has no curl; the page is served to another pod.
    expect((await run('kubectl exec web -- curl localhost')).out).toContain('exec: "curl": executable file not found in $PATH');
    await run('kubectl expose pod web --port 80');
    expect((await run('kubectl run c --image=busybox:1.37 --restart=Never --rm -i -- wget -qO- web')).out).toContain('<html><body><h1>It works!</h1></body></html>\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('redis: /usr/local/bin as the build leaves it, /data its WORKDIR, and redis-cli answered', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl run r7 --image=redis:7');
    await run('kubectl run r5 --image=redis:5');
    await run('kubectl wait --for=condition=Ready pod/r7 pod/r5 --timeout=60s');
    await run('sleep 5');
    expect((await run('kubectl exec r7 -- pwd')).out).toBe('/data\n');
    const bin = lines((await run('kubectl exec r7 -- ls -l /usr/local/bin')).out).map((l) => l.replace(/^(\S+)\s+\d+\s+root\s+root\s+\d+ Jan {2}1 00:00 /, '$1 '));
    expect(bin).toEqual(['total 32416', '-rwxr-xr-x docker-entrypoint.sh', '-rwxr-xr-x gosu', '-rwxr-xr-x redis-benchmark', 'lrwxrwxrwx redis-check-aof -> redis-server',
      'lrwxrwxrwx redis-check-rdb -> redis-server', '-rwxr-xr-x redis-cli', 'lrwxrwxrwx redis-sentinel -> redis-server', '-rwxr-xr-x redis-server']);
    expect((await run('kubectl exec r7 -- which redis-cli')).out).toBe('/usr/local/bin/redis-cli\n');
    expect((await run('kubectl exec r7 -- ls -l /')).out).toContain('drwxr-xr-x  2 redis redis 4096 Jan  1 00:00 data\n');
    const entry = (await run('kubectl exec r7 -- cat /usr/local/bin/docker-entrypoint.sh')).out;
    expect(entry.length).toBe(661);
    expect(entry).toContain("\tfind . \\! -user redis -exec chown redis '{}' +\n\texec gosu redis \"$0\" \"$@\"\n");
    expect((await run('kubectl exec r7 -- redis-cli ping')).out).toBe('PONG\n');
    expect((await run('kubectl exec r5 -- redis-cli ping')).out).toBe('PONG\n');
    expect(lines((await run('kubectl exec r5 -- cat /etc/os-release')).out)[0]).toBe('PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"');
    // redis 5 was built without TLS: no libssl of its own beside the base's.
    expect((await run('kubectl exec r5 -- ls /usr/lib/x86_64-linux-gnu/libssl.so.3')).out).toContain('No such file or directory');
    expect((await run('kubectl exec r7 -- ls /usr/lib/x86_64-linux-gnu/libssl.so.3')).out).toBe('/usr/lib/x86_64-linux-gnu/libssl.so.3\n');
    // A program of the image the lab does not run says so.
    expect((await run('kubectl exec r7 -- redis-benchmark -n 1')).out).toBe('kubelab: redis-benchmark is not simulated\ncommand terminated with exit code 1\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('ubuntu:22.04: jammy\'s packages, debootstrap\'s lib32 and libx32 links, no user of its own', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run u --image=ubuntu:22.04 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/u --timeout=60s');
    expect(lines((await run('kubectl exec u -- ls /')).out)).toEqual(['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var']);
    expect((await run('kubectl exec u -- ls -l /libx32')).out).toBe('lrwxrwxrwx 1 root root 10 Jan  1 00:00 /libx32 -> usr/libx32\n');
    expect((await run('kubectl exec u -- cat /etc/os-release')).out).toBe('PRETTY_NAME="Ubuntu 22.04.5 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\n'
      + 'VERSION="22.04.5 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n'
      + 'SUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\n'
      + 'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=jammy\n');
    expect((await run('kubectl exec u -- ls /home')).out).toBe('');
    expect((await run('kubectl exec u -- cat /etc/debian_version')).out).toBe('bookworm/sid\n');
  });
});
