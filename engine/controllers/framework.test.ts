import { describe, expect, it } from 'vitest';
import { apiServerOnly } from '../api/test-helpers.js';
import { clone, type KObject } from '../api/meta.js';
import { Informer, META_AND_SPEC_ONLY, META_ONLY } from './framework.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

describe('Informer indexes', () => {
  it('stay what a rebuild from the cache gives, whichever indexes skip which updates', () => {
    const c = apiServerOnly(9);
    const admin = c.client();
    const inf = new Informer(c.client('test'), c.clock, 'pods');
    const byLabel = (o: KObject) => Object.entries(o.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`);
    const byNode = (o: KObject) => [(o.spec as Any)?.nodeName ?? ''];
    const byPhase = (o: KObject) => [(o.status as Any)?.phase ?? ''];
    inf.addIndexer('label', byLabel, META_ONLY);
    inf.addIndexer('node', byNode, META_AND_SPEC_ONLY);
    inf.addIndexer('phase', byPhase);
    inf.start();
    let seed = 3;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const names = ['a', 'b', 'c', 'd'];
    for (let step = 0; step < 300; step++) {
      const name = names[next(names.length)];
      const cur = admin.tryGet('pods', 'default', name);
      try {
        if (!cur) admin.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: names[next(2)] } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
        else {
          const k = next(4);
          if (k === 0) admin.update('pods', { ...clone(cur), metadata: { ...clone(cur.metadata), labels: { app: names[next(3)] } } });
          else if (k === 1 && !(cur.spec as Any).nodeName) admin.bind('default', name, `n${next(2)}`);
          else if (k === 2) admin.updateStatus('pods', { ...clone(cur), status: { ...(cur.status as object), phase: ['Pending', 'Running'][next(2)] } });
          else admin.delete('pods', 'default', name, { gracePeriodSeconds: 0 });
        }
      } catch { /* conflicts are fine: the next step goes on */ }
      c.advance(100);
      for (const [ix, fn] of [['label', byLabel], ['node', byNode], ['phase', byPhase]] as const) {
        const values = new Set(inf.list().flatMap(fn));
        for (const v of [...values, 'app=a', 'app=b', 'app=c', 'n0', 'n1', '', 'Pending', 'Running']) {
          const want = inf.list().filter((o) => fn(o).includes(v)).map((o) => o.metadata.name).sort();
          expect([ix, v, inf.byIndex(ix, v).map((o) => o.metadata.name).sort()]).toEqual([ix, v, want]);
        }
      }
    }
  });
});
