import sys, re, json, os
def parse(fn):
    pk = {}
    cur = {}
    key=None
    for line in open(fn, encoding='utf-8', errors='replace'):
        line=line.rstrip('\n')
        if not line:
            if cur: 
                n=cur['Package']
                if n not in pk or vcmp(cur, pk[n]): pk[n]=cur
            cur={}; continue
        if line[0] in ' \t': continue
        k,_,v=line.partition(':'); cur[k]=v.strip()
    if cur: pk[cur['Package']]=cur
    return pk
def vcmp(a,b): return False
def load(dist):
    # The release, then its updates and security suites where they were downloaded beside it (noble-updates,
    # jammy-updates, bullseye-updates and bullseye-security): a later suite's version is the newer one.
    pk=parse(f'{dist}-Packages')
    for suite in ('updates', 'security'):
        if os.path.exists(f'{dist}-{suite}-Packages'): pk.update(parse(f'{dist}-{suite}-Packages'))
    return pk
def closure(pk, extra=()):
    want=[n for n,p in pk.items() if p.get('Essential')=='yes' or p.get('Priority')=='required']+list(extra)
    provides={}
    for n,p in pk.items():
        for pr in p.get('Provides','').split(','):
            pr=pr.strip().split(' ')[0]
            if pr: provides.setdefault(pr,[]).append(n)
    got=set(); stack=list(want)
    while stack:
        n=stack.pop()
        if n in got: continue
        if n not in pk:
            if n in provides: 
                cand=[c for c in provides[n] if c in got]
                if not cand: stack.append(provides[n][0])
                continue
            print('missing',n,file=sys.stderr); continue
        got.add(n)
        p=pk[n]
        for f in ('Depends','Pre-Depends'):
            for dep in p.get(f,'').split(','):
                dep=dep.strip()
                if not dep: continue
                alts=[a.strip().split(' ')[0].split(':')[0] for a in dep.split('|')]
                if any(a in got for a in alts): continue
                a=alts[0]
                stack.append(a)
    return got
if __name__=='__main__':
    dist=sys.argv[1]; extra=sys.argv[2:]
    pk=load(dist)
    got=closure(pk, extra)
    for n in sorted(got): print(n, pk[n]['Version'], pk[n]['Filename'], pk[n].get('Installed-Size'))
