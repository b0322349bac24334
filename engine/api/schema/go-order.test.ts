import { describe, expect, it } from 'vitest';
import { goOrdered } from './go-order.js';

describe('goOrdered', () => {
  it('writes struct fields in Go declaration order (TypeMeta first) and map keys sorted', () => {
    const pod = {
      status: { phase: 'Running' },
      spec: { nodeName: 'n', containers: [{ image: 'busybox', name: 'c' }] },
      metadata: { labels: { zeta: '1', alpha: '2' }, creationTimestamp: 't', name: 'p', namespace: 'default' },
      apiVersion: 'v1', kind: 'Pod',
    };
    const out = goOrdered('Pod', pod) as typeof pod;
    expect(JSON.stringify(out)).toBe('{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"default","creationTimestamp":"t","labels":{"alpha":"2","zeta":"1"}},"spec":{"containers":[{"name":"c","image":"busybox"}],"nodeName":"n"},"status":{"phase":"Running"}}');
  });

  it('keeps a field no Go struct has after the known ones', () => {
    expect(Object.keys(goOrdered('ConfigMap', { extra: 1, data: {}, kind: 'ConfigMap' }) as object)).toEqual(['kind', 'data', 'extra']);
  });
});
