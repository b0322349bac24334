"""docker-nginx's entrypoint scripts as one image's Dockerfile copied them: /docker-entrypoint.sh and the
/docker-entrypoint.d scripts, texts and sizes from the repository at the commit the image was last built from.
Usage: nginx-entrypoint.py GIT_DIR COMMIT FOLDER > nodes.json   (FOLDER: stable/debian or mainline/debian)"""
import json, subprocess, sys
git, commit, folder = sys.argv[1:4]
def show(path):
    return subprocess.run(['git', '--git-dir', git, 'show', f'{commit}:{folder}/{path}'], capture_output=True, check=True).stdout.decode('utf-8')
names = subprocess.run(['git', '--git-dir', git, 'ls-tree', '--name-only', f'{commit}:{folder}'], capture_output=True, check=True).stdout.decode().split()
F = lambda text: dict(type='f', size=len(text.encode()), mode=0o755, uid=0, gid=0, text=text)
n = {'/docker-entrypoint.d': dict(type='d', mode=0o755, uid=0, gid=0), '/docker-entrypoint.sh': F(show('docker-entrypoint.sh'))}
for name in names:
    if name[:2].isdigit() and (name.endswith('.sh') or name.endswith('.envsh')):
        n['/docker-entrypoint.d/' + name] = F(show(name))
json.dump(n, sys.stdout)
