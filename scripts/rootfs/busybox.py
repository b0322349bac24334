import json, sys, os
# docker-library/busybox's glibc variant (Dockerfile.builder): busybox (defconfig + AR, INOTIFYD) with `--install
# /bin` hard links of every applet, Debian's getconf, the libraries ldd names copied into /lib (lib64 -> lib),
# buildroot's skeleton group/passwd/shadow and device table, the users' homes, /usr/bin/env, UTC as localtime.
# Usage: busybox.py BUSYBOX_LINKS DEBIAN_NODES_JSON BUSYBOX_SIZE NSSWITCH_CONF > nodes.json
links = [l.strip() for l in open(sys.argv[1]) if l.strip()]
deb = json.load(open(sys.argv[2]))
D = lambda mode=0o755, uid=0, gid=0: dict(type='d', mode=mode, uid=uid, gid=gid)
F = lambda size, mode=0o644, uid=0, gid=0, text=None: dict(type='f', size=size, mode=mode, uid=uid, gid=gid, **({'text': text} if text else {}))
n = {'/bin': D(), '/bin/busybox': F(int(sys.argv[3]), 0o755), '/bin/getconf': F(deb['/usr/bin/getconf']['size'], 0o755)}
for l in links:
    n['/bin/' + os.path.basename(l)] = dict(type='h', target='/bin/busybox')
n['/lib'] = D(); n['/lib64'] = dict(type='l', target='lib')
for f in ['libc.so.6', 'libm.so.6', 'libresolv.so.2', 'libnss_compat.so.2', 'libnss_dns.so.2', 'libnss_files.so.2', 'libnss_hesiod.so.2', 'libpthread.so.0', 'ld-linux-x86-64.so.2']:
    s = deb['/usr/lib/x86_64-linux-gnu/' + f]
    n['/lib/' + f] = F(s['size'], s['mode'])
ns = open(sys.argv[4]).read()
n.update({'/etc': D(), '/etc/nsswitch.conf': F(len(ns.encode()), text=ns), '/etc/localtime': F(114), '/etc/shadow': F(243, 0o600),
  '/dev': D(), '/tmp': D(0o1777), '/root': D(0o700), '/var': D(), '/var/www': D(0o755, 33, 33), '/var/spool': D(), '/var/spool/mail': D(0o755, 8, 8),
  '/home': D(0o755, 65534, 65534), '/usr': D(), '/usr/sbin': D(0o755, 1, 1), '/usr/bin': D(), '/usr/bin/env': dict(type='l', target='../../bin/env')})
json.dump(n, sys.stdout)
