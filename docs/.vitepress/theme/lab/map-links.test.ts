import { describe, expect, it } from 'vitest';
import { MAX_LINKS_PER_SERVICE, serviceLinks } from './map-links';

describe('serviceLinks', () => {
  it('links each Service to the drawn pods behind its ready endpoints, flowing when under load', () => {
    const svc = (name: string, endpoints: string[], loadRps = 0) => ({ namespace: 'default', name, type: 'ClusterIP', clusterIP: '10.96.0.10', endpoints, loadRps });
    const links = serviceLinks(
      [svc('web', ['default/a', 'default/gone'], 20), svc('hidden', ['default/a'])],
      (k) => (k === 'default/web' ? { x: 0, y: 0 } : undefined),
      (k) => (k === 'default/a' ? { x: 10, y: 20 } : undefined),
    );
    expect(links).toEqual([{ key: 'default/web>default/a', x1: 0, y1: 0, x2: 10, y2: 20, flowing: true }]);
  });

  it('caps the lines per Service', () => {
    const eps = Array.from({ length: 100 }, (_, i) => `default/p${i}`);
    const links = serviceLinks([{ namespace: 'default', name: 's', type: 'ClusterIP', clusterIP: '', endpoints: eps, loadRps: 0 }], () => ({ x: 0, y: 0 }), () => ({ x: 1, y: 1 }));
    expect(links.length).toBe(MAX_LINKS_PER_SERVICE);
  });
});
