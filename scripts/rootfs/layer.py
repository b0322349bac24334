"""What the image-layer scripts (nginx.py, redis.py, httpd.py) share: node constructors and the step that lays the
image's own files over its packages' and adds the folders above them, then writes the nodes."""
import json, sys
D = lambda mode=0o755, uid=0, gid=0: dict(type='d', mode=mode, uid=uid, gid=gid)
L = lambda t: dict(type='l', target=t)

def write(pk, own):
    """`own` over the packages' nodes `pk`, every missing parent folder root's 0755, as JSON on stdout."""
    for p, v in own.items(): pk[p] = v
    for p in list(pk):
        q = p
        while q != '/':
            q = q.rsplit('/', 1)[0] or '/'
            if q != '/' and q not in pk: pk[q] = D()
    json.dump(pk, sys.stdout)
