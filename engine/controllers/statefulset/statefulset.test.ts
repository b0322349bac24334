/**
 * The StatefulSet controller over virtual time, with the docs' "web" StatefulSet (kubernetes/website
 * tutorials/stateful-application/basic-stateful-set.md, without its volumes; nginx instead of nginx-slim,
 * which the image catalogue lacks). Expected texts are those of pkg/controller/statefulset and
 * pkg/apis/apps/validation (release-1.35).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { statefulSetCode } from '../../api/registry/statefulsets.js';
import { lookupResource } from '../../api/resources.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function web(replicas: number, extra: Any = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx', replicas, selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'web' }] }] } },
      ...extra,
    },
  } as KObject;
}

async function cluster(): Promise<Cluster> {
  await statefulSetCode.load();
  return new Cluster({ seed: 3 }).boot();
}

const podNames = (c: Cluster) => c.client().list('pods', 'default').items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort();
const ready = (p: KObject) => ((p.status as Any)?.conditions ?? []).some((x: Any) => x.type === 'Ready' && x.status === 'True');

describe('StatefulSet controller', () => {
  it('creates web-0 then web-1 only once web-0 is Running and Ready, with identity labels, hostname and subdomain', async () => {
    const c = await cluster();
    c.client().create('statefulsets.apps', 'default', web(2));
    c.advance(100);
    expect(podNames(c)).toEqual(['web-0']);
    const p0 = c.client().get('pods', 'default', 'web-0');
    expect((p0.spec as Any).hostname).toBe('web-0');
    expect((p0.spec as Any).subdomain).toBe('nginx');
    expect(p0.metadata.labels!['statefulset.kubernetes.io/pod-name']).toBe('web-0');
    expect(p0.metadata.labels!['apps.kubernetes.io/pod-index']).toBe('0');
    expect(p0.metadata.labels!['controller-revision-hash']).toMatch(/^web-[a-z0-9]+$/);
    await c.clock.runUntil(() => ready(c.client().get('pods', 'default', 'web-0')), 60_000);
    expect(podNames(c)).toEqual(['web-0']);
    c.advance(10);
    expect(podNames(c)).toEqual(['web-0', 'web-1']);
    await c.clock.runUntil(() => (c.client().get('statefulsets.apps', 'default', 'web').status as Any)?.readyReplicas === 2, 60_000);
    const st = c.client().get('statefulsets.apps', 'default', 'web').status as Any;
    expect(st.currentRevision).toBe(st.updateRevision);
    expect(st.availableReplicas).toBe(2);
    const events = c.client().list('events', 'default').items.filter((e: Any) => e.involvedObject?.kind === 'StatefulSet').map((e: Any) => e.message);
    expect(events).toEqual(['create Pod web-0 in StatefulSet web successful', 'create Pod web-1 in StatefulSet web successful']);
    expect(c.clock.errors).toEqual([]);
  });

  it('scales down from the highest ordinal, recreates a deleted pod under its name, and rolls out down to the partition', async () => {
    const c = await cluster();
    c.client().create('statefulsets.apps', 'default', web(3));
    await c.clock.runUntil(() => (c.client().get('statefulsets.apps', 'default', 'web').status as Any)?.readyReplicas === 3, 120_000);
    c.client().delete('pods', 'default', 'web-1');
    await c.clock.runUntil(() => { const p = c.client().tryGet('pods', 'default', 'web-1'); return !!p && !p.metadata.deletionTimestamp && ready(p); }, 120_000);
    c.client().patch('statefulsets.apps', 'default', 'web', 'merge', { spec: { updateStrategy: { rollingUpdate: { partition: 2 } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } });
    await c.clock.runUntil(() => (c.client().get('statefulsets.apps', 'default', 'web').status as Any)?.updatedReplicas === 1 && ready(c.client().get('pods', 'default', 'web-2')), 120_000);
    c.advance(30_000);
    const images = ['web-0', 'web-1', 'web-2'].map((n) => (c.client().get('pods', 'default', n).spec as Any).containers[0].image);
    expect(images).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.28']);
    c.client().patch('statefulsets.apps', 'default', 'web', 'merge', { spec: { replicas: 1 } });
    c.advance(10);
    expect(podNames(c)).toEqual(['web-0', 'web-1']);
    await c.clock.runUntil(() => podNames(c).length === 1, 120_000);
    expect(podNames(c)).toEqual(['web-0']);
    expect(c.clock.errors).toEqual([]);
  });

  it('a StatefulSet deleted with --cascade=orphan leaves its pods, and a new one adopts them (the tutorial\'s non-cascading delete)', async () => {
    const c = await cluster();
    c.client().create('statefulsets.apps', 'default', web(2));
    await c.clock.runUntil(() => (c.client().get('statefulsets.apps', 'default', 'web').status as Any)?.readyReplicas === 2, 120_000);
    c.client().delete('statefulsets.apps', 'default', 'web', { propagationPolicy: 'Orphan' });
    c.advance(5_000);
    expect(podNames(c)).toEqual(['web-0', 'web-1']);
    expect(c.client().get('pods', 'default', 'web-0').metadata.ownerReferences ?? []).toEqual([]);
    const uid = c.client().create('statefulsets.apps', 'default', web(2)).metadata.uid;
    c.advance(100);
    expect(c.client().get('pods', 'default', 'web-1').metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'web', uid, controller: true });
    await c.clock.runUntil(() => (c.client().get('statefulsets.apps', 'default', 'web').status as Any)?.readyReplicas === 2, 60_000);
    expect(podNames(c)).toEqual(['web-0', 'web-1']);
    expect(c.clock.errors).toEqual([]);
  });

  it('refuses a change of serviceName with the real text', async () => {
    const c = await cluster();
    c.client().create('statefulsets.apps', 'default', web(1));
    expect(() => c.client().patch('statefulsets.apps', 'default', 'web', 'merge', { spec: { serviceName: 'other' } })).toThrow(
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
    expect(() => c.client().create('statefulsets.apps', 'default', { ...web(1), metadata: { name: 'db' }, spec: { ...(web(1).spec as Any), selector: { matchLabels: { app: 'db' } } } } as KObject)).toThrow(
      'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`',
    );
  });
});

describe('StatefulSet volumeClaimTemplates', () => {
  it('creates the claim before the pod, named <template>-<set>-<ordinal>, and mounts it in the pod', async () => {
    const c = await cluster();
    c.client().create('statefulsets.apps', 'default', web(1, { volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }));
    c.advance(100);
    const pod: Any = c.client().get('pods', 'default', 'web-0');
    const claim: Any = c.client().get('persistentvolumeclaims', 'default', 'www-web-0');
    expect(claim.metadata.labels).toEqual({ app: 'nginx' });
    expect(Date.parse(claim.metadata.creationTimestamp)).toBeLessThanOrEqual(Date.parse(pod.metadata.creationTimestamp));
    // The claim's volume first; the service account admission appends its projected token volume after it.
    expect(pod.spec.volumes[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } });
    // A kubeadm cluster has no default StorageClass: the claim waits, and so does its pod.
    expect(claim.status?.phase).toBe('Pending');
  });
});
