import { describe, expect, it } from 'vitest';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KObject } from '../../api/meta.js';
import { Graph } from './graph.js';
import { decide, ownerState, type OwnerState } from './owners.js';

const ref = (uid: string, block = true): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid, controller: true, blockOwnerDeletion: block });
const obj = (uid: string, extra: Partial<KObject['metadata']> = {}): KObject => ({ metadata: { name: uid, namespace: 'default', uid, ...extra } });

describe('ownerState', () => {
  it('is dangling when the owner is absent or is another object with the same name', () => {
    expect(ownerState(ref('a'), undefined)).toBe('dangling');
    expect(ownerState(ref('a'), obj('b'))).toBe('dangling');
  });
  it('is waiting when the owner is being deleted in the foreground, else solid', () => {
    expect(ownerState(ref('a'), obj('a', { deletionTimestamp: 'T', finalizers: ['foregroundDeletion'] }))).toBe('waitingForDependentsDeletion');
    expect(ownerState(ref('a'), obj('a', { deletionTimestamp: 'T', finalizers: ['orphan'] }))).toBe('solid');
    expect(ownerState(ref('a'), obj('a'))).toBe('solid');
  });
});

describe('decide (attemptToDeleteItem)', () => {
  const s = (uid: string, state: OwnerState, block = true) => ({ ref: ref(uid, block), state });
  it('leaves an object whose owners all stand', () => {
    expect(decide(obj('x'), [s('a', 'solid')], false)).toEqual({ action: 'none' });
  });
  it('drops only the references to owners that are gone when one still stands', () => {
    expect(decide(obj('x'), [s('a', 'solid'), s('b', 'dangling'), s('c', 'waitingForDependentsDeletion')], false))
      .toEqual({ action: 'removeOwnerReferences', uids: ['b', 'c'] });
  });
  it('deletes in the background when every owner is gone', () => {
    expect(decide(obj('x'), [s('a', 'dangling')], true)).toEqual({ action: 'delete', propagationPolicy: 'Background' });
  });
  it('deletes in the foreground when an owner waits and the object has dependents of its own', () => {
    expect(decide(obj('x'), [s('a', 'waitingForDependentsDeletion')], true)).toEqual({ action: 'delete', propagationPolicy: 'Foreground' });
    expect(decide(obj('x'), [s('a', 'waitingForDependentsDeletion')], false)).toEqual({ action: 'delete', propagationPolicy: 'Background' });
  });
  it('honours a finalizer the object already has', () => {
    expect(decide(obj('x', { finalizers: ['orphan'] }), [s('a', 'dangling')], false)).toEqual({ action: 'delete', propagationPolicy: 'Orphan' });
  });
});

describe('Graph', () => {
  it('links dependents to owners and asks to check them when an owner goes', () => {
    const g = new Graph();
    expect(g.observe('replicasets.apps', obj('rs')).attemptToDelete).toEqual([]);
    expect(g.observe('pods', obj('p1', { ownerReferences: [ref('rs')] })).attemptToDelete).toEqual([]);
    // An owner not seen yet: the dependent is checked against the API server.
    expect(g.observe('pods', obj('p2', { ownerReferences: [ref('ghost')] })).attemptToDelete).toEqual(['p2']);
    expect(g.remove(obj('rs')).attemptToDelete).toEqual(['p1']);
  });
  it('queues an owner entering foreground deletion with its dependents, and again when a blocking dependent leaves', () => {
    const g = new Graph();
    g.observe('replicasets.apps', obj('rs'));
    g.observe('pods', obj('p1', { ownerReferences: [ref('rs')] }));
    expect(g.observe('replicasets.apps', obj('rs', { deletionTimestamp: 'T', finalizers: ['foregroundDeletion'] })).attemptToDelete).toEqual(['p1', 'rs']);
    expect(g.remove(obj('p1', { ownerReferences: [ref('rs')] })).attemptToDelete).toEqual(['rs']);
  });
  it('queues an orphaning owner for attemptToOrphan', () => {
    const g = new Graph();
    g.observe('deployments.apps', obj('d'));
    expect(g.observe('deployments.apps', obj('d', { deletionTimestamp: 'T', finalizers: ['orphan'] })).attemptToOrphan).toEqual(['d']);
  });
  // A graph that rescanned its dependents per change would take minutes here, past the test's timeout.
  it('handles 150,000 dependents of one owner', () => {
    const g = new Graph();
    g.observe('replicasets.apps', obj('rs'));
    for (let i = 0; i < 150_000; i++) g.observe('pods', obj(`p${i}`, { ownerReferences: [ref('rs')] }));
    const out = g.remove(obj('rs'));
    expect(out.attemptToDelete).toHaveLength(150_000);
  });
});
