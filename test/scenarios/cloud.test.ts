import { describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import { clone, type KObject } from '../../engine/api/meta.js';
import type { Client } from '../../engine/api/client.js';

type Ingress = { ip?: string; ipMode?: string }[] | undefined;

function lbService(name: string): KObject {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name },
    spec: { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] },
  };
}

function ingress(client: Client, name: string): Ingress {
  return (client.get('services', 'default', name).status as { loadBalancer?: { ingress?: Ingress } } | undefined)?.loadBalancer?.ingress;
}

function eventsFor(client: Client, name: string): { reason: string; message: string; source?: { component?: string } }[] {
  return client.list('events', 'default').items
    .filter((e) => (e.involvedObject as { kind: string; name: string }).kind === 'Service' && (e.involvedObject as { name: string }).name === name)
    .map((e) => ({ reason: e.reason as string, message: e.message as string, source: e.source as { component?: string } }));
}

describe('cloud-controller-manager', () => {
  it('gives a LoadBalancer Service an external IP after provisioning, and releases it when the type changes', () => {
    const c = new Cluster({ seed: 21, profile: 'cloud' }).boot();
    const client = c.client();
    client.create('services', 'default', lbService('shop'));
    c.advance(1_000);
    expect(ingress(client, 'shop')).toBeUndefined();
    expect(eventsFor(client, 'shop').map((e) => e.reason)).toEqual(['EnsuringLoadBalancer']);
    c.advance(10_000);
    expect(ingress(client, 'shop')).toEqual([{ ip: '203.0.113.10', ipMode: 'VIP' }]);
    expect(client.get('services', 'default', 'shop').metadata.finalizers).toEqual(['service.kubernetes.io/load-balancer-cleanup']);
    expect(eventsFor(client, 'shop')).toEqual([
      { reason: 'EnsuringLoadBalancer', message: 'Ensuring load balancer', source: { component: 'service-controller' } },
      { reason: 'EnsuredLoadBalancer', message: 'Ensured load balancer', source: { component: 'service-controller' } },
    ]);

    // A second one gets the next address.
    client.create('services', 'default', lbService('blog'));
    c.advance(10_000);
    expect(ingress(client, 'blog')).toEqual([{ ip: '203.0.113.11', ipMode: 'VIP' }]);

    // LoadBalancer -> ClusterIP: the load balancer goes, with the finalizer and the address.
    const svc = clone(client.get('services', 'default', 'shop'));
    const spec = svc.spec as { type: string; ports: { nodePort?: number }[]; allocateLoadBalancerNodePorts?: boolean; externalTrafficPolicy?: string };
    spec.type = 'ClusterIP';
    // What a manifest for a ClusterIP Service would not have.
    for (const p of spec.ports) delete p.nodePort;
    delete spec.allocateLoadBalancerNodePorts;
    delete spec.externalTrafficPolicy;
    client.update('services', svc);
    c.advance(2_000);
    expect(ingress(client, 'shop')).toBeUndefined();
    expect(client.get('services', 'default', 'shop').metadata.finalizers).toBeUndefined();
    expect(eventsFor(client, 'shop').slice(2).map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'Type: LoadBalancer -> ClusterIP',
      'DeletingLoadBalancer: Deleting load balancer',
      'DeletedLoadBalancer: Deleted load balancer',
    ]);

    // Deleting a LoadBalancer Service waits for the cleanup, then it is gone and its address is free again.
    client.delete('services', 'default', 'blog');
    c.advance(2_000);
    expect(client.tryGet('services', 'default', 'blog')).toBeUndefined();
    client.create('services', 'default', lbService('again'));
    c.advance(10_000);
    expect(ingress(client, 'again')).toEqual([{ ip: '203.0.113.10', ipMode: 'VIP' }]);
    expect(c.clock.errors).toEqual([]);
  });

  it('leaves a LoadBalancer Service <pending> on bare metal', () => {
    const c = new Cluster({ seed: 22, profile: 'bare-metal' }).boot();
    const client = c.client();
    expect(c.cloudControllerManager.running()).toBe(false);
    client.create('services', 'default', lbService('shop'));
    c.advance(120_000);
    expect(ingress(client, 'shop')).toBeUndefined();
    expect(eventsFor(client, 'shop')).toEqual([]);
    expect(client.get('services', 'default', 'shop').metadata.finalizers).toBeUndefined();
    client.delete('services', 'default', 'shop');
    expect(client.tryGet('services', 'default', 'shop')).toBeUndefined();
  });

  it('labels nodes with what the cloud knows about them', () => {
    const c = new Cluster({ seed: 23, profile: 'cloud' }).boot();
    const client = c.client();
    for (const n of client.list('nodes').items) {
      expect(n.metadata.labels).toMatchObject({
        'topology.kubernetes.io/region': 'sim-region-1',
        'topology.kubernetes.io/zone': 'zone-a',
        'failure-domain.beta.kubernetes.io/zone': 'zone-a',
        'node.kubernetes.io/instance-type': 's-2vcpu-4gb',
        'beta.kubernetes.io/instance-type': 's-2vcpu-4gb',
      });
      expect((n.spec as { providerID?: string }).providerID).toBe(`kubelab://sim/zone-a/${n.metadata.name}`);
    }
    const bare = new Cluster({ seed: 23, profile: 'bare-metal' }).boot().client();
    for (const n of bare.list('nodes').items) {
      expect(n.metadata.labels?.['topology.kubernetes.io/zone']).toBeUndefined();
      expect((n.spec as { providerID?: string }).providerID).toBeUndefined();
    }
  });
});
