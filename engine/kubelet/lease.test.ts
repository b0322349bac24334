import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import type { KObject } from '../api/meta.js';
import { NODE_LEASE_RENEW_INTERVAL_MS } from './kubelet.js';

const LEASES = 'leases.coordination.k8s.io';
type LeaseSpec = { holderIdentity: string; renewTime: string; leaseDurationSeconds: number };
const spec = (l: KObject) => l.spec as LeaseSpec;
/** microsecond RFC 3339, as metav1.MicroTime marshals */
const micro = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z');

describe('kubelet: node Lease renewals', () => {
  it('renews every 10 s, also after someone else changed the Lease or deleted it, and not while the API server is down', () => {
    const c = new Cluster({ seed: 5, bootAgeMs: 0 }).boot();
    const client = c.client();
    const get = () => client.get(LEASES, 'kube-node-lease', 'worker-1');
    const first = get();
    expect(spec(first)).toMatchObject({ holderIdentity: 'worker-1', leaseDurationSeconds: 40 });

    // Each renewal writes the renewal instant.
    c.advance(NODE_LEASE_RENEW_INTERVAL_MS);
    const t1 = Date.parse(spec(get()).renewTime);
    expect(spec(get()).renewTime).toBe(micro(t1));
    expect(t1).toBeGreaterThan(Date.parse(spec(first).renewTime));

    // Someone else writes the Lease: the kubelet's next renewal still lands (and keeps their change).
    const edited = JSON.parse(JSON.stringify(get()));
    edited.metadata.labels = { touched: 'yes' };
    client.update(LEASES, edited);
    c.advance(NODE_LEASE_RENEW_INTERVAL_MS);
    const t2 = Date.parse(spec(get()).renewTime);
    expect(t2 - t1).toBe(NODE_LEASE_RENEW_INTERVAL_MS);
    expect(get().metadata.labels).toEqual({ touched: 'yes' });

    // Deleted: the next renewal creates it again, owned by the Node.
    client.delete(LEASES, 'kube-node-lease', 'worker-1');
    expect(client.tryGet(LEASES, 'kube-node-lease', 'worker-1')).toBeUndefined();
    c.advance(NODE_LEASE_RENEW_INTERVAL_MS);
    const again = get();
    expect(again.metadata.uid).not.toBe(first.metadata.uid);
    expect(again.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'worker-1', uid: client.get('nodes', undefined, 'worker-1').metadata.uid }]);
    const t3 = Date.parse(spec(again).renewTime);
    expect(t3 - t2).toBe(NODE_LEASE_RENEW_INTERVAL_MS);

    // API server down for 25 s: no renewals; back up: the next one lands on time.
    c.stopComponent('kube-apiserver');
    c.advance(25_000);
    c.startComponent('kube-apiserver');
    c.advance(NODE_LEASE_RENEW_INTERVAL_MS);
    const t4 = Date.parse(spec(get()).renewTime);
    expect(t4 - t3).toBe(3 * NODE_LEASE_RENEW_INTERVAL_MS);
    expect(c.clock.errors).toEqual([]);
  });
});
