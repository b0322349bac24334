/**
 * RetryGenerateName (KEP-4420, GA in v1.32): a create whose generated name is
 * taken draws a new one, up to 8 attempts, before it answers AlreadyExists.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../cluster.js';
import { MAX_NAME_GENERATION_CREATE_ATTEMPTS } from './apiserver.js';
import { isStatusError } from './errors.js';
import type { KObject } from './meta.js';
import { loadKinds } from './registry/kinds.js';

beforeAll(() => loadKinds());

function withSuffixes(suffixes: string[]): Cluster {
  const c = new Cluster({ seed: 1, nodes: [], freeze: false, recordHistory: false });
  c.startComponent('etcd');
  c.startComponent('kube-apiserver');
  c.client().create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  const random = (c.apiserver as unknown as { random: { nameSuffix: (n?: number) => string } }).random;
  random.nameSuffix = () => suffixes.shift() ?? 'zzzzz';
  return c;
}

const cm = (): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } });

describe('generateName', () => {
  it('draws again when the generated name is taken', () => {
    const c = withSuffixes(['aaaaa', 'aaaaa', 'aaaaa', 'bbbbb']);
    expect(c.client().create('configmaps', 'default', cm()).metadata.name).toBe('cfg-aaaaa');
    expect(c.client().create('configmaps', 'default', cm()).metadata.name).toBe('cfg-bbbbb');
  });

  it('answers AlreadyExists after 8 taken names, and never retries a name the client chose', () => {
    expect(MAX_NAME_GENERATION_CREATE_ATTEMPTS).toBe(8);
    const c = withSuffixes(Array(1 + MAX_NAME_GENERATION_CREATE_ATTEMPTS).fill('aaaaa'));
    c.client().create('configmaps', 'default', cm());
    const before = c.store.currentRevision();
    let err: unknown;
    try {
      c.client().create('configmaps', 'default', cm());
    } catch (e) {
      err = e;
    }
    expect(isStatusError(err) && err.message).toBe('configmaps "cfg-aaaaa" already exists');
    expect(c.store.currentRevision()).toBe(before);
    const named = withSuffixes([]);
    named.client().create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fixed' } });
    expect(() => named.client().create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fixed' } })).toThrow('configmaps "fixed" already exists');
  });

  // createWithGenerateNameRetry (registry/generic/registry/store.go) runs the whole create per attempt: validating
  // admission, so ResourceQuota's charge, comes again with each name drawn; the taken attempt's charge stays.
  it('is admitted, and charged to quota, once per attempt', () => {
    const c = withSuffixes(['aaaaa', 'aaaaa', 'bbbbb']);
    const admin = c.client();
    const q = admin.create('resourcequotas', 'default', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'count/configmaps': '10' } } });
    // What the quota controller would write (it does not run here).
    admin.updateStatus('resourcequotas', { ...q, status: { hard: { 'count/configmaps': '10' }, used: { 'count/configmaps': '0' } } });
    admin.create('configmaps', 'default', cm());
    expect(admin.create('configmaps', 'default', cm()).metadata.name).toBe('cfg-bbbbb');
    expect((admin.get('resourcequotas', 'default', 'q').status as { used: unknown }).used).toEqual({ 'count/configmaps': '3' });
  });
});
