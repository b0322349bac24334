"""The redis image's own layer (docker-library's Dockerfile): the runtime libraries the build marks manual (its ldd
of /usr/local, as nodes from debtree.py --layer, or none), gosu, `make install`'s programs in /usr/local/bin with
redis-check-aof, redis-check-rdb and redis-sentinel made links to redis-server (the md5 loop), the entrypoint script
COPY'd there (its text from the repository) and /data, redis's (999:999). The programs' sizes are estimates.
Usage: redis.py PACKAGES_NODES_JSON|- ENTRYPOINT_FILE 'SERVER CLI BENCHMARK GOSU' > nodes.json"""
import json, sys
from layer import D, L, write
pk = json.load(open(sys.argv[1])) if sys.argv[1] != '-' else {}
entry = open(sys.argv[2]).read()
server, cli, bench, gosu = (int(x) for x in sys.argv[3].split())
F = lambda size, mode=0o755, **kw: dict(type='f', size=size, mode=mode, uid=0, gid=0, **kw)
n = {
 '/usr/local/bin/docker-entrypoint.sh': F(len(entry.encode()), text=entry), '/usr/local/bin/gosu': F(gosu),
 '/usr/local/bin/redis-server': F(server), '/usr/local/bin/redis-cli': F(cli), '/usr/local/bin/redis-benchmark': F(bench),
 '/usr/local/bin/redis-check-aof': L('redis-server'), '/usr/local/bin/redis-check-rdb': L('redis-server'), '/usr/local/bin/redis-sentinel': L('redis-server'),
 '/data': D(0o755, 999, 999),
}
pk.pop('/etc/passwd', None); pk.pop('/etc/group', None)
write(pk, n)
