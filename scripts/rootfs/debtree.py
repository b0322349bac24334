"""Builds a Debian/Ubuntu image's file tree from the .deb files of its packages (their data archives, as dpkg
unpacks them), with merged /usr, a slim image's dpkg path excludes, and what maintainer scripts make that the
lab shows (alternatives, /etc/passwd and /etc/group, /etc/shadow and /etc/gshadow). Usage:
  debtree.py DEB_DIR [--slim] [--split-usr] [--layer]  > tree.json
--split-usr: a release's image from before merged /usr (Debian 11 and older: /bin, /sbin and /lib are folders)."""
import sys, os, subprocess, tarfile, io, re, fnmatch, json

SLIM_EXCLUDE = ['/usr/share/doc/*', '/usr/share/groff/*', '/usr/share/info/*', '/usr/share/linda/*', '/usr/share/lintian/overrides/*', '/usr/share/locale/*', '/usr/share/man/*']
SLIM_INCLUDE = ['/usr/share/doc/*/copyright', '/usr/share/locale/locale.alias', '/usr/share/locale/languages', '/usr/share/locale/all_languages']
MERGED = {} if '--split-usr' in sys.argv else {'/bin': '/usr/bin', '/sbin': '/usr/sbin', '/lib': '/usr/lib', '/lib64': '/usr/lib64'}
UIDS = {'root': 0, 'daemon': 1, 'bin': 2, 'sys': 3, 'adm': 4, 'tty': 5, 'disk': 6, 'lp': 7, 'mail': 8, 'news': 9, 'uucp': 10, 'man': 12, 'proxy': 13, 'kmem': 15, 'dialout': 20, 'fax': 21, 'voice': 22, 'cdrom': 24, 'floppy': 25, 'tape': 26, 'sudo': 27, 'audio': 29, 'dip': 30, 'www-data': 33, 'backup': 34, 'operator': 37, 'list': 38, 'irc': 39, 'src': 40, 'shadow': 42, 'utmp': 43, 'video': 44, 'sasl': 45, 'plugdev': 46, 'staff': 50, 'games': 60, 'users': 100, 'nogroup': 65534, 'nobody': 65534, '_apt': 42}

def norm(p):
    p = '/' + p.lstrip('.').lstrip('/')
    p = p.rstrip('/') or '/'
    for a, b in MERGED.items():
        if p == a or p.startswith(a + '/'):
            return b + p[len(a):]
    return p

def excluded(p, slim):
    if not slim: return False
    if any(fnmatch.fnmatch(p, g) for g in SLIM_INCLUDE): return False
    return any(fnmatch.fnmatch(p, g) for g in SLIM_EXCLUDE)

def main():
    debdir = sys.argv[1]; slim = '--slim' in sys.argv
    nodes = {}  # path -> dict(type, mode, uid, gid, size, target, text)
    alts = {}
    texts = {}
    def add(p, **kw):
        nodes[p] = kw
    for fn in sorted(os.listdir(debdir)):
        if not fn.endswith('.deb'): continue
        full = os.path.join(debdir, fn)
        data = subprocess.run(['dpkg-deb', '--fsys-tarfile', full], capture_output=True).stdout
        t = tarfile.open(fileobj=io.BytesIO(data))
        for m in t.getmembers():
            p = norm(m.name)
            if p == '/': continue
            if excluded(p, slim) and not m.isdir(): continue
            if m.isdir() and any(fnmatch.fnmatch(p, g) for g in SLIM_EXCLUDE) and slim: continue
            uid = UIDS.get(m.uname, m.uid); gid = UIDS.get(m.gname, m.gid)
            if m.isdir():
                if p in MERGED: continue
                old = nodes.get(p)
                if not old: add(p, type='d', mode=m.mode & 0o7777, uid=uid, gid=gid)
            elif m.issym():
                if '/' + m.name.lstrip('./').rstrip('/') in MERGED: continue
                add(p, type='l', target=m.linkname)
            elif m.islnk():
                add(p, type='h', target=norm(m.linkname))
            else:
                n = dict(type='f', mode=m.mode & 0o7777, uid=uid, gid=gid, size=m.size)
                if m.size <= 6000 and '.asc' not in p and '.gpg' not in p and (p.startswith('/etc/') or p in ('/usr/lib/os-release',) or p.startswith('/usr/share/base-passwd/')):
                    b = t.extractfile(m).read()
                    if b'\0' not in b:
                        try: n['text'] = b.decode('utf-8')
                        except UnicodeDecodeError: pass
                add(p, **n)
        # alternatives from the postinst
        ctl = subprocess.run(['dpkg-deb', '-I', full, 'postinst'], capture_output=True).stdout.decode('utf-8', 'replace')
        ctl = ctl.replace('\\\n', ' ')
        for mm in re.finditer(r'update-alternatives\s+--install\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d+)([^\n;]*)', ctl):
            link, name, path, prio, rest = mm.groups()
            if '$' in link + name + path: continue
            slaves = re.findall(r'--slave\s+(\S+)\s+(\S+)\s+(\S+)', rest)
            if name not in alts or int(prio) > alts[name][2]:
                alts[name] = (link, path, int(prio), slaves)
    for name, (link, path, prio, slaves) in alts.items():
        for l, n, pth in [(link, name, path)] + [(s[0], s[1], s[2]) for s in slaves]:
            if '$' in l + n + pth: continue
            add('/etc/alternatives/' + n, type='l', target=pth)
            if not excluded(norm(l), slim) or True:
                add(norm(l), type='l', target='/etc/alternatives/' + n)
    # base-passwd's postinst copies the masters; shadow's makes /etc/shadow and /etc/gshadow
    for f in ('passwd', 'group'):
        src = nodes.get('/usr/share/base-passwd/' + f + '.master')
        if src and 'text' in src:
            add('/etc/' + f, type='f', mode=0o644, uid=0, gid=0, size=len(src['text'].encode()), text=src['text'])
    # shadow's postinst (pwconv, grpconv): every account locked, changed on the image's day (an estimate)
    if '/etc/passwd' in nodes and '--layer' not in sys.argv:
        day = 20400
        sh = ''.join(f"{l.split(':')[0]}:*:{day}:0:99999:7:::\n" for l in nodes['/etc/passwd']['text'].splitlines() if l)
        gs = ''.join(f"{l.split(':')[0]}:*::{l.split(':')[3]}\n" for l in nodes['/etc/group']['text'].splitlines() if l)
        add('/etc/shadow', type='f', mode=0o640, uid=0, gid=42, size=len(sh), text=sh)
        add('/etc/gshadow', type='f', mode=0o640, uid=0, gid=42, size=len(gs), text=gs)
    for p, d in sorted(nodes.items()):
        parent = os.path.dirname(p)
        while parent not in nodes and parent != '/':
            nodes[parent] = dict(type='d', mode=0o755, uid=0, gid=0)
            parent = os.path.dirname(parent)
    if '--layer' in sys.argv:
        nodes.pop('/etc/passwd', None); nodes.pop('/etc/group', None)
        json.dump({p: n for p, n in sorted(nodes.items())}, sys.stdout); return
    for a, b in MERGED.items():
        nodes[a] = dict(type='l', target=b[1:])
    for d in ('/dev', '/proc', '/sys', '/run', '/tmp', '/home', '/root', '/mnt', '/media', '/opt', '/srv', '/boot') + (('/usr/lib64',) if MERGED else ()):
        nodes.setdefault(d, dict(type='d', mode=0o1777 if d == '/tmp' else 0o700 if d == '/root' else 0o755, uid=0, gid=0))
    json.dump({p: n for p, n in sorted(nodes.items())}, sys.stdout)

main()
