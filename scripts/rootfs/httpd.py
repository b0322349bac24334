"""The httpd image's own layer (docker-library/httpd's Dockerfile): the runtime libraries its ldd keeps (nodes from
debtree.py --layer), then httpd's `make install` under /usr/local/apache2 (the Apache layout) with man/ and manual/
removed, and httpd-foreground in /usr/local/bin. From the httpd source at GIT_REF: the docs trees it copies
(error/, icons/, cgi-bin/, htdocs/index.html) with their sizes, the configuration files as install-conf writes
them from docs/conf (configure's layout values, the LoadModule lines for the modules of `--enable-mods-shared=
reallyall`, those of the `most` set uncommented), then the Dockerfile's sed on httpd.conf and httpd-ssl.conf (logs
to /proc/self/fd/1 and 2, User and Group www-data), conf/original/ without it, the build/ and include/ files named
in Makefile.in. The module list is that of the image's httpd.conf; the programs' and modules' sizes are estimates.
Usage: httpd.py GIT_DIR GIT_REF PACKAGES_NODES_JSON HTTPD_FOREGROUND_FILE > nodes.json"""
import json, re, subprocess, sys
from layer import D, write
git, ref, pkfile, fg = sys.argv[1:5]
def run(*a): return subprocess.run(['git', '--git-dir', git, *a], capture_output=True, check=True).stdout
def show(p): return run('show', f'{ref}:{p}').decode('utf-8')
def tree(p):  # (relative path, size, mode) of each file under p
    out = []
    for line in run('ls-tree', '-r', '-l', f'{ref}:{p}').decode().splitlines():
        meta, name = line.split('\t', 1)
        mode, _, _, size = meta.split()
        out.append((name, int(size), 0o755 if mode == '100755' else 0o644))
    return out
P = '/usr/local/apache2'
pk = json.load(open(pkfile))
pk.pop('/etc/passwd', None); pk.pop('/etc/group', None)
F = lambda size, mode=0o644, **kw: dict(type='f', size=size, mode=mode, uid=0, gid=0, **kw)
T = lambda text, mode=0o644: F(len(text.encode()), mode, text=text)
n = {P: D(0o755, 33, 33), P + '/logs': D()}
# MPMs, then the DSO modules in configure's order; True: in the `most` set, loaded by the default httpd.conf.
MPM = [('event', True), ('prefork', False), ('worker', False)]
ON = set('authn_file authn_core authz_host authz_groupfile authz_user authz_core access_compat auth_basic reqtimeout filter mime log_config env headers setenvif version unixd status autoindex dir alias'.split())
DSO = ('authn_file authn_dbm authn_anon authn_dbd authn_socache authn_core authz_host authz_groupfile authz_user authz_dbm '
  'authz_owner authz_dbd authz_core authnz_ldap authnz_fcgi access_compat auth_basic auth_form auth_digest allowmethods isapi '
  'file_cache cache cache_disk cache_socache socache_shmcb socache_dbm socache_memcache socache_redis watchdog macro dbd '
  'bucketeer dumpio echo example_hooks case_filter case_filter_in example_ipc buffer data ratelimit reqtimeout ext_filter '
  'request include filter reflector substitute sed charset_lite deflate xml2enc proxy_html brotli mime ldap log_config '
  'log_debug log_forensic logio lua env mime_magic cern_meta expires headers ident usertrack unique_id setenvif version '
  'remoteip proxy proxy_connect proxy_ftp proxy_http proxy_fcgi proxy_scgi proxy_uwsgi proxy_fdpass proxy_wstunnel proxy_ajp '
  'proxy_balancer proxy_express proxy_hcheck session session_cookie session_crypto session_dbd slotmem_shm slotmem_plain ssl '
  'optional_hook_export optional_hook_import optional_fn_import optional_fn_export dialup http2 proxy_http2 md '
  'lbmethod_byrequests lbmethod_bytraffic lbmethod_bybusyness lbmethod_heartbeat unixd heartbeat heartmonitor dav status '
  'autoindex asis info suexec cgid cgi dav_fs dav_lock vhost_alias negotiation dir imagemap actions speling userdir alias rewrite').split()
BIG = {'ssl': 1010384, 'http2': 1183688, 'md': 1652232, 'lua': 514968, 'proxy': 560456, 'proxy_http2': 415120, 'dav': 298768, 'cache': 287032,
  'proxy_balancer': 186728, 'rewrite': 276352, 'include': 218344, 'ldap': 246496, 'authnz_ldap': 191720, 'proxy_html': 157176, 'sed': 165840,
  'cache_disk': 152824, 'proxy_http': 181120, 'proxy_ftp': 174904, 'dav_fs': 171608, 'session_crypto': 98160, 'proxy_hcheck': 132608}
for m, _ in MPM: n[f'{P}/modules/mod_mpm_{m}.so'] = F(380000 if m == 'event' else 260000, 0o755)
for m in DSO: n[f'{P}/modules/mod_{m}.so'] = F(BIG.get(m, 46000 + (sum(map(ord, m)) % 64) * 1024), 0o755)
n[f'{P}/modules/httpd.exp'] = F(15128)
for b, s in [('ab', 275720), ('apachectl', 3423), ('apxs', 23709), ('checkgid', 35880), ('dbmmanage', 8823), ('envvars', 1073), ('envvars-std', 1073),
             ('fcgistarter', 72880), ('htcacheclean', 204208), ('htdbm', 129104), ('htdigest', 48288), ('htpasswd', 118096), ('httpd', 2713944),
             ('httxt2dbm', 35488), ('logresolve', 35400), ('rotatelogs', 83912)]:
    n[f'{P}/bin/{b}'] = F(s, 0o755)
for rel, size, mode in tree('docs/error'): n[f'{P}/error/{rel}'] = F(size, mode)
for rel, size, mode in tree('docs/icons'): n[f'{P}/icons/{rel}'] = F(size, mode)
for rel, size, mode in tree('docs/cgi-examples'): n[f'{P}/cgi-bin/{rel}'] = F(size, mode)
n[f'{P}/htdocs/index.html'] = T(show('docs/docroot/index.html'))
# build/: the .mk files, config.nice, mkdir.sh, instdso.sh and config_vars.mk (install-build).
for rel, size, mode in tree('build'):
    if rel.endswith('.mk') and '/' not in rel: n[f'{P}/build/{rel}'] = F(size)
for b in ('mkdir.sh', 'instdso.sh'): n[f'{P}/build/{b}'] = F(len(show('build/' + b).encode()), 0o755)
n[f'{P}/build/config.nice'] = F(1138, 0o755); n[f'{P}/build/config_vars.mk'] = F(11262)
# include/: INSTALL_HEADERS of Makefile.in, with configure's ap_config_auto.h and ap_config_layout.h.
mk = show('Makefile.in')
hdrs = re.search(r'^INSTALL_HEADERS = \\\n((?:\t.*\\\n)*\t.*\n)', mk, re.M).group(1).split()
for h in hdrs:
    h = h.replace('\\', '').replace('$(srcdir)/', '').replace('$(OS_DIR)', 'unix')
    if not h: continue
    if h == 'include/*.h':
        for rel, size, mode in tree('include'):
            if rel.endswith('.h') and '/' not in rel: n[f'{P}/include/{rel}'] = F(size)
    else:
        n[f'{P}/include/{h.rsplit("/", 1)[1]}'] = F(len(show(h).encode()))
n[f'{P}/include/ap_config_auto.h'] = F(10713); n[f'{P}/include/ap_config_layout.h'] = F(1722)
# conf/: install-conf from docs/conf/*.in with configure's values for the Apache layout.
VALS = {'@exp_iconsdir@': P + '/icons', '@exp_manualdir@': P + '/manual', '@rel_runtimedir@': 'logs', '@exp_errordir@': P + '/error',
        '@exp_cgidir@': P + '/cgi-bin', '@exp_htdocsdir@': P + '/htdocs', '@exp_logfiledir@': P + '/logs', '@exp_runtimedir@': P + '/logs',
        '@exp_sysconfdir@': P + '/conf', '@rel_logfiledir@': 'logs', '@rel_sysconfdir@': 'conf', '@@ServerRoot@@': P, '@@Port@@': '80', '@@SSLPort@@': '443'}
def conf(name):
    t = show('docs/conf/' + name + '.in')
    for k, v in VALS.items(): t = t.replace(k, v)
    if '@@LoadModule@@' in t:
        lines = [f"{'' if on else '#'}LoadModule mpm_{m}_module modules/mod_mpm_{m}.so" for m, on in MPM]
        for m in DSO:
            l = f"{'' if m in ON else '#'}LoadModule {m}_module modules/mod_{m}.so"
            if m == 'cgid': lines += ['<IfModule !mpm_prefork_module>', '\t' + l, '</IfModule>']
            elif m == 'cgi': lines += ['<IfModule mpm_prefork_module>', '\t' + l, '</IfModule>']
            else: lines.append(l)
        head, _, tail = t.partition('@@LoadModule@@\n')
        t = head + '\n'.join(lines) + '\n' + tail.replace('@@LoadModule@@\n', '')
    return t
def docker(t):
    for a, b in [(r'^(\s*CustomLog)\s+\S+', r'\1 /proc/self/fd/1'), (r'^(\s*ErrorLog)\s+\S+', r'\1 /proc/self/fd/2'), (r'^(\s*TransferLog)\s+\S+', r'\1 /proc/self/fd/1'),
                 (r'^(\s*User)\s+daemon\s*$', r'\1 www-data'), (r'^(\s*Group)\s+daemon\s*$', r'\1 www-data')]:
        t = re.sub(a, b, t, flags=re.M)
    return t
for rel, size, mode in tree('docs/conf'):
    if rel.endswith('.conf.in'):
        name = rel[:-3]; t = conf(name)
        n[f'{P}/conf/original/{name}'] = F(len(t.encode()))  # its text is conf/'s but for the Dockerfile's sed: not kept
        n[f'{P}/conf/{name}'] = T(docker(t) if name in ('httpd.conf', 'extra/httpd-ssl.conf') else t)
    elif rel in ('magic', 'mime.types'): n[f'{P}/conf/{rel}'] = F(size)
f = open(fg).read()
n['/usr/local/bin/httpd-foreground'] = T(f, 0o755)
write(pk, n)
