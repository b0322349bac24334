"""nodes.json (path -> node) to the lab's tree text: a line per directory ("/path[ mode][ uid:gid]") followed by its
files ("name size[ mode][ uid:gid]"), links ("name>target") and hard links ("name=/path")."""
import json, sys, os
def own(n):
    return f" {n['uid']}:{n['gid']}" if (n.get('uid', 0), n.get('gid', 0)) != (0, 0) else ''
def emit(nodes):
    kids = {}
    for p in nodes:
        if p == '/': continue
        kids.setdefault(os.path.dirname(p), []).append(p)
    out = []
    texts = {}
    def walk(d):
        n = nodes.get(d, {'mode': 0o755})
        m = n.get('mode', 0o755)
        out.append(d + (f" {m:o}" if m != 0o755 or own(n) else '') + own(n))
        sub = []
        for p in sorted(kids.get(d, [])):
            c = nodes[p]; name = os.path.basename(p)
            if c['type'] == 'd': sub.append(p); continue
            if c['type'] == 'l': out.append(f"{name}>{c['target']}")
            elif c['type'] == 'h': out.append(f"{name}={c['target']}")
            else:
                mm = c.get('mode', 0o644)
                out.append(f"{name} {c['size']}" + (f" {mm:o}" if mm != 0o644 or own(c) else '') + own(c))
                if 'text' in c: texts[p] = c['text']
        for p in sub: walk(p)
    walk('/')
    return '\n'.join(out) + '\n', texts
if __name__ == '__main__':
    nodes = json.load(open(sys.argv[1]))
    drop = set(sys.argv[2].split(',')) if len(sys.argv) > 2 else set()
    for p in list(nodes):
        if p in drop: del nodes[p]
    tree, texts = emit(nodes)
    json.dump({'tree': tree, 'texts': texts}, sys.stdout, ensure_ascii=False, separators=(',', ':'))
