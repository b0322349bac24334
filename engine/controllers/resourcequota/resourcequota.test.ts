/**
 * The resource quota controller in a booted cluster: status.hard and
 * status.used are filled for a new quota, charged by admission as pods come,
 * given back when a pod goes; and what kube-apiserver and kubeadm set up for
 * priorities (the two system PriorityClasses, the control plane's and CoreDNS's
 * priorityClassName and priority).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { loadQuotaController } from './loader.js';
import { calculateUsed, countedResource } from './resourcequota.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

beforeAll(async () => {
  await loadQuotaController();
});

const pod = (name: string, cpu?: string): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx', ...(cpu ? { resources: { requests: { cpu }, limits: { cpu } } } : {}) }] },
});

describe('resource quota controller', () => {
  it('counts, is charged on admission, and gives back on delete', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const admin = c.client();
    admin.create('resourcequotas', 'default', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '3', 'requests.cpu': '1', 'count/configmaps': '10' } } } as KObject);
    c.advance(1000);
    const status = () => admin.get('resourcequotas', 'default', 'q').status as Any;
    // kube-root-ca.crt is already in the namespace.
    expect(status()).toEqual({ hard: { pods: '3', 'requests.cpu': '1', 'count/configmaps': '10' }, used: { 'count/configmaps': '1', pods: '0', 'requests.cpu': '0' } });
    admin.create('pods', 'default', pod('a', '300m'));
    admin.create('pods', 'default', pod('b', '300m'));
    expect(status().used).toEqual({ 'count/configmaps': '1', pods: '2', 'requests.cpu': '600m' });
    c.advance(5000);
    admin.delete('pods', 'default', 'a', { gracePeriodSeconds: 0 });
    c.advance(5000);
    expect(status().used).toEqual({ 'count/configmaps': '1', pods: '1', 'requests.cpu': '300m' });
    expect(c.clock.errors).toEqual([]);
  });

  it('maps quota names to what they count', () => {
    expect(['pods', 'limits.memory', 'count/pods', 'services.nodeports', 'secrets', 'count/deployments.apps', 'requests.storage'].map(countedResource))
      .toEqual(['pods', 'pods', 'pods', 'services', 'secrets', 'deployments.apps', undefined]);
    const used = calculateUsed({ metadata: {}, spec: {} } as KObject, { pods: '2', memory: '1Gi' }, (r) => (r === 'pods' ? [
      { metadata: {}, spec: { containers: [{ resources: { requests: { memory: '128Mi' } } }] }, status: { phase: 'Running' } },
      { metadata: {}, spec: { containers: [{ resources: { requests: { memory: '128Mi' } } }] }, status: { phase: 'Succeeded' } },
    ] as KObject[] : []), 0);
    expect(used).toEqual({ memory: '128Mi', pods: '1' });
  });
});

describe('system priority classes', () => {
  it('are created at start, and kubeadm\'s pods keep their priorities', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const admin = c.client();
    const pcs = admin.list('priorityclasses.scheduling.k8s.io').items as Any[];
    expect(pcs.map((p) => [p.metadata.name, p.value, p.preemptionPolicy])).toEqual([
      ['system-cluster-critical', 2000000000, 'PreemptLowerPriority'],
      ['system-node-critical', 2000001000, 'PreemptLowerPriority'],
    ]);
    const pods = admin.list('pods', 'kube-system').items as Any[];
    const of = (prefix: string) => pods.filter((p) => p.metadata.name.startsWith(prefix)).map((p) => [p.spec.priorityClassName, p.spec.priority]);
    expect(of('coredns-')).toEqual([['system-cluster-critical', 2000000000], ['system-cluster-critical', 2000000000]]);
    expect(of('kube-apiserver-')).toEqual([['system-node-critical', 2000001000]]);
    expect(of('etcd-')).toEqual([['system-node-critical', 2000001000]]);
    expect(of('kube-proxy-').every(([cls, p]) => cls === 'system-node-critical' && p === 2000001000)).toBe(true);
  });
});
