/** Set-up shared by tests that need the API server alone: no nodes, no controllers, no scheduler. */
import { expect } from 'vitest';
import { Cluster } from '../cluster.js';
import { StatusError } from './errors.js';

/** etcd and kube-apiserver running, with the default namespace and its default ServiceAccount (which pod admission wants). */
export function apiServerOnly(seed: number): Cluster {
  const c = new Cluster({ seed, nodes: [], recordHistory: false });
  c.startComponent('etcd');
  c.startComponent('kube-apiserver');
  const admin = c.client();
  admin.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  admin.create('serviceaccounts', 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
  return c;
}

/** Runs a write that must fail and checks that the store did not move; returns the API server's error. */
export function rejected(c: Cluster, fn: () => unknown): StatusError {
  const before = c.store.currentRevision();
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(StatusError);
  expect(c.store.currentRevision()).toBe(before);
  return err as StatusError;
}
