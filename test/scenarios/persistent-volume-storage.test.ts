/**
 * The docs' task "Configure a Pod to Use a PersistentVolume for Storage"
 * (kubernetes/website content/en/docs/tasks/configure-pod-container/configure-persistent-volume-storage.md)
 * and the PV controller, scheduler and kubelet around it, over virtual time. Expected texts are those of
 * Kubernetes v1.35 (pkg/controller/volume/persistentvolume, pkg/scheduler/framework/plugins/volumebinding).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';
import { loadVolumeControllers } from '../../engine/controllers/volume/loader.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

beforeAll(async () => {
  await loadVolumeControllers();
});

const PV: KObject = {
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'task-pv-volume', labels: { type: 'local' } },
  spec: { storageClassName: 'manual', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/data' } },
};
const PVC: KObject = {
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'task-pv-claim' },
  spec: { storageClassName: 'manual', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '3Gi' } } },
};
const pod = (name: string, claim: string, node?: string): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: {
    ...(node ? { nodeName: node } : {}),
    volumes: [{ name: 'task-pv-storage', persistentVolumeClaim: { claimName: claim } }],
    containers: [{ name: 'task-pv-container', image: 'nginx', volumeMounts: [{ mountPath: '/usr/share/nginx/html', name: 'task-pv-storage' }] }],
  },
});

function boot(): { c: Cluster; api: ReturnType<Cluster['client']> } {
  const c = new Cluster({ seed: 3 }).boot();
  c.advance(30_000);
  return { c, api: c.client('test') };
}

const phase = (o: KObject | undefined) => (o?.status as Any)?.phase;
const events = (c: Cluster, name: string) => [...c.store.bucket('events').values()].filter((e) => (e as Any).involvedObject?.name === name) as Any[];

describe('a hostPath PersistentVolume, a claim and two pods (the docs task)', () => {
  it('binds the claim to the volume, and the next pod on the node reads what the first one wrote', () => {
    const { c, api } = boot();
    api.create('persistentvolumes', undefined, PV);
    api.create('persistentvolumeclaims', 'default', PVC);
    expect(c.clock.runUntil(() => phase(api.tryGet('persistentvolumeclaims', 'default', 'task-pv-claim')) === 'Bound', 5_000)).toBe(true);
    const pv = api.get('persistentvolumes', undefined, 'task-pv-volume') as Any;
    const pvc = api.get('persistentvolumeclaims', 'default', 'task-pv-claim') as Any;
    expect(pv.status.phase).toBe('Bound');
    expect(pv.spec.claimRef).toMatchObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'task-pv-claim', uid: pvc.metadata.uid });
    expect(pv.metadata.annotations['pv.kubernetes.io/bound-by-controller']).toBe('yes');
    expect(pvc.spec.volumeName).toBe('task-pv-volume');
    expect(pvc.metadata.annotations).toMatchObject({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    // The claim shows the volume's size, not its request.
    expect(pvc.status).toMatchObject({ phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] });
    // Defaults and the protection finalizers.
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', hostPath: { path: '/mnt/data', type: '' } });
    expect(pv.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);

    api.create('pods', 'default', pod('task-pv-pod', 'task-pv-claim', 'worker-1'));
    expect(c.clock.runUntil(() => phase(api.tryGet('pods', 'default', 'task-pv-pod')) === 'Running', 60_000)).toBe(true);
    const first = c.kubelets.get('worker-1')!.container('default', 'task-pv-pod')!.current!;
    // The mount hides the image's own index.html.
    expect(first.fs.files.get('/usr/share/nginx/html/index.html')).toBeUndefined();
    first.fs.write('/usr/share/nginx/html/index.html', 'Hello from Kubernetes storage\n');

    api.delete('pods', 'default', 'task-pv-pod', { gracePeriodSeconds: 0 });
    expect(c.clock.runUntil(() => !api.tryGet('pods', 'default', 'task-pv-pod'), 60_000)).toBe(true);
    api.create('pods', 'default', pod('task-pv-pod', 'task-pv-claim', 'worker-1'));
    expect(c.clock.runUntil(() => phase(api.tryGet('pods', 'default', 'task-pv-pod')) === 'Running', 60_000)).toBe(true);
    const second = c.kubelets.get('worker-1')!.container('default', 'task-pv-pod')!.current!;
    expect(second).not.toBe(first);
    expect(second.fs.files.get('/usr/share/nginx/html/index.html')).toBe('Hello from Kubernetes storage\n');
    // The node's directory holds it; another node's does not.
    expect(c.kubelets.get('worker-1')!.hostFiles?.readFile('/mnt/data/index.html')).toBe('Hello from Kubernetes storage\n');
    expect(c.kubelets.get('worker-2')!.hostFiles?.readFile('/mnt/data/index.html')).toBeUndefined();
    expect(c.clock.errors).toEqual([]);
  });

  it('keeps a claim in use Terminating until its pod is gone, then releases the Retain volume', () => {
    const { c, api } = boot();
    api.create('persistentvolumes', undefined, PV);
    api.create('persistentvolumeclaims', 'default', PVC);
    api.create('pods', 'default', pod('task-pv-pod', 'task-pv-claim'));
    expect(c.clock.runUntil(() => phase(api.tryGet('pods', 'default', 'task-pv-pod')) === 'Running', 60_000)).toBe(true);
    api.delete('persistentvolumeclaims', 'default', 'task-pv-claim');
    c.advance(30_000);
    const terminating = api.get('persistentvolumeclaims', 'default', 'task-pv-claim');
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    expect(terminating.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    // A bound volume being deleted waits too.
    api.delete('persistentvolumes', undefined, 'task-pv-volume');
    c.advance(5_000);
    expect(api.get('persistentvolumes', undefined, 'task-pv-volume').metadata.deletionTimestamp).toBeDefined();

    api.delete('pods', 'default', 'task-pv-pod', { gracePeriodSeconds: 0 });
    expect(c.clock.runUntil(() => !api.tryGet('persistentvolumeclaims', 'default', 'task-pv-claim'), 30_000)).toBe(true);
    // Released (Retain), then no longer bound, so the pv-protection finalizer goes and the volume with it.
    expect(c.clock.runUntil(() => !api.tryGet('persistentvolumes', undefined, 'task-pv-volume'), 30_000)).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });

  it('leaves a Retain volume Released with its claimRef once the claim is deleted', () => {
    const { c, api } = boot();
    api.create('persistentvolumes', undefined, PV);
    api.create('persistentvolumeclaims', 'default', PVC);
    expect(c.clock.runUntil(() => phase(api.tryGet('persistentvolumes', undefined, 'task-pv-volume')) === 'Bound', 5_000)).toBe(true);
    api.delete('persistentvolumeclaims', 'default', 'task-pv-claim');
    expect(c.clock.runUntil(() => phase(api.tryGet('persistentvolumes', undefined, 'task-pv-volume')) === 'Released', 5_000)).toBe(true);
    c.advance(60_000);
    const pv = api.get('persistentvolumes', undefined, 'task-pv-volume') as Any;
    expect(pv.status.phase).toBe('Released');
    expect(pv.spec.claimRef.name).toBe('task-pv-claim');
    // A new claim of the same name does not get it back.
    api.create('persistentvolumeclaims', 'default', PVC);
    c.advance(20_000);
    expect(phase(api.get('persistentvolumeclaims', 'default', 'task-pv-claim'))).toBe('Pending');
  });

  it('fails a Delete-policy hostPath volume outside /tmp with the hostPath deleter\'s message', () => {
    const { c, api } = boot();
    api.create('persistentvolumes', undefined, { ...PV, spec: { ...(PV.spec as object), persistentVolumeReclaimPolicy: 'Delete' } });
    api.create('persistentvolumeclaims', 'default', PVC);
    expect(c.clock.runUntil(() => phase(api.tryGet('persistentvolumes', undefined, 'task-pv-volume')) === 'Bound', 5_000)).toBe(true);
    api.delete('persistentvolumeclaims', 'default', 'task-pv-claim');
    expect(c.clock.runUntil(() => phase(api.tryGet('persistentvolumes', undefined, 'task-pv-volume')) === 'Failed', 5_000)).toBe(true);
    const msg = 'host_path deleter only supports /tmp/.+ but received provided /mnt/data';
    expect((api.get('persistentvolumes', undefined, 'task-pv-volume').status as Any).message).toBe(msg);
    expect(events(c, 'task-pv-volume').map((e) => [e.type, e.reason, e.message])).toEqual([['Warning', 'VolumeFailedDelete', msg]]);
  });

  it('deletes a Delete-policy hostPath volume under /tmp', () => {
    const { c, api } = boot();
    api.create('persistentvolumes', undefined, { ...PV, spec: { ...(PV.spec as object), persistentVolumeReclaimPolicy: 'Delete', hostPath: { path: '/tmp/data' } } });
    api.create('persistentvolumeclaims', 'default', PVC);
    expect(c.clock.runUntil(() => phase(api.tryGet('persistentvolumes', undefined, 'task-pv-volume')) === 'Bound', 5_000)).toBe(true);
    api.delete('persistentvolumeclaims', 'default', 'task-pv-claim');
    expect(c.clock.runUntil(() => !api.tryGet('persistentvolumes', undefined, 'task-pv-volume'), 10_000)).toBe(true);
  });
});

describe('a claim without a volume', () => {
  it('stays Pending with FailedBinding every 15 s, and its pod stays Pending with the scheduler\'s message', () => {
    const { c, api } = boot();
    api.create('persistentvolumeclaims', 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'lonely' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    api.create('pods', 'default', pod('waiter', 'lonely'));
    api.create('pods', 'default', pod('orphan', 'missing'));
    c.advance(46_000);
    expect(phase(api.get('persistentvolumeclaims', 'default', 'lonely'))).toBe('Pending');
    const binding = events(c, 'lonely');
    expect(binding).toHaveLength(1);
    expect(binding[0]).toMatchObject({ type: 'Normal', reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set', source: { component: 'persistentvolume-controller' } });
    // Once at creation, then at each of three 15 s resyncs.
    expect(binding[0].count).toBe(4);
    const sched = (name: string) => events(c, name).find((e) => e.reason === 'FailedScheduling')?.message;
    expect(sched('waiter')).toBe('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
    expect(sched('orphan')).toBe('0/3 nodes are available: persistentvolumeclaim "missing" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
    expect((api.get('pods', 'default', 'waiter').spec as Any).nodeName).toBeUndefined();

    // A volume that fits binds the claim at the next resync, and the pod is scheduled then.
    api.create('persistentvolumes', undefined, { ...PV, spec: { ...(PV.spec as object), storageClassName: undefined } });
    expect(c.clock.runUntil(() => phase(api.tryGet('persistentvolumeclaims', 'default', 'lonely')) === 'Bound', 16_000)).toBe(true);
    expect(c.clock.runUntil(() => phase(api.tryGet('pods', 'default', 'waiter')) === 'Running', 60_000)).toBe(true);
    expect(c.clock.errors).toEqual([]);
  });

  it('waits for its first consumer under a WaitForFirstConsumer class, then binds on the node the pod goes to', () => {
    const { c, api } = boot();
    api.create('storageclasses.storage.k8s.io', undefined, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local-storage' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' });
    api.create('persistentvolumes', undefined, {
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'local-pv' },
      spec: {
        storageClassName: 'local-storage', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], local: { path: '/mnt/disks/vol1' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['worker-2'] }] }] } },
      },
    });
    api.create('persistentvolumeclaims', 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { storageClassName: 'local-storage', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    c.advance(5_000);
    expect(phase(api.get('persistentvolumeclaims', 'default', 'data'))).toBe('Pending');
    expect(events(c, 'data')[0]).toMatchObject({ reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding' });
    api.create('pods', 'default', pod('user', 'data'));
    expect(c.clock.runUntil(() => phase(api.tryGet('pods', 'default', 'user')) === 'Running', 60_000)).toBe(true);
    expect((api.get('pods', 'default', 'user').spec as Any).nodeName).toBe('worker-2');
    expect((api.get('persistentvolumeclaims', 'default', 'data').spec as Any).volumeName).toBe('local-pv');
  });
});

describe('StorageClasses', () => {
  it('defaults a class, gives new claims the default class, and assigns it to claims made before it', () => {
    const { c, api } = boot();
    api.create('persistentvolumeclaims', 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'early' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const sc = api.create('storageclasses.storage.k8s.io', undefined, {
      apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'example.com/nfs',
    }) as Any;
    expect(sc.reclaimPolicy).toBe('Delete');
    expect(sc.volumeBindingMode).toBe('Immediate');
    const late = api.create('persistentvolumeclaims', 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'late' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    expect((late.spec as Any).storageClassName).toBe('standard');
    // An explicit "" asks for no class and keeps it.
    const none = api.create('persistentvolumeclaims', 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'none' }, spec: { storageClassName: '', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    expect((none.spec as Any).storageClassName).toBe('');
    c.advance(20_000);
    expect((api.get('persistentvolumeclaims', 'default', 'early').spec as Any).storageClassName).toBe('standard');
    // No provisioner runs: the claim waits for it, named on the claim.
    const early = api.get('persistentvolumeclaims', 'default', 'early') as Any;
    expect(early.metadata.annotations['volume.kubernetes.io/storage-provisioner']).toBe('example.com/nfs');
    expect(events(c, 'early').map((e) => e.reason)).toContain('ExternalProvisioning');
  });
});
