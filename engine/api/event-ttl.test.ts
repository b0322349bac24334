import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../util/clock.js';
import { DEFAULT_EVENT_TTL_MS, EventTTL } from './event-ttl.js';
import type { KObject } from './meta.js';
import { Store, type StoreEvent } from './store.js';

function event(name: string, count = 1): KObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' }, count } as KObject;
}

describe('event TTL (kube-apiserver --event-ttl)', () => {
  it('defaults to one hour, as kube-apiserver does', () => {
    expect(DEFAULT_EVENT_TTL_MS).toBe(3_600_000);
  });

  it('deletes an Event one TTL after its last write, and watchers see the deletion', () => {
    const clock = new VirtualClock();
    const store = new Store();
    new EventTTL(store, clock);
    const seen: StoreEvent[] = [];
    store.onChange((e) => seen.push(e));
    store.put('events', 'default/a', event('a'));
    store.put('events', 'default/b', event('b'));
    store.put('configmaps', 'default/c', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
    clock.advance(30 * 60_000);
    // The update renews b's lease: it lives one hour from now, not from its creation.
    store.put('events', 'default/b', event('b', 2));
    clock.advance(30 * 60_000 - 1);
    expect(store.get('events', 'default/a')).toBeDefined();
    clock.advance(1);
    expect(store.get('events', 'default/a')).toBeUndefined();
    expect(store.get('events', 'default/b')).toBeDefined();
    expect(seen.filter((e) => e.type === 'DELETED').map((e) => e.object.metadata.name)).toEqual(['a']);
    clock.advance(30 * 60_000);
    expect(store.get('events', 'default/b')).toBeUndefined();
    // Only Events expire.
    expect(store.get('configmaps', 'default/c')).toBeDefined();
    expect(seen.filter((e) => e.type === 'DELETED').map((e) => e.object.metadata.name)).toEqual(['a', 'b']);
  });

  it('does not keep an idle cluster busy, and forgets an Event deleted before it expired', () => {
    const clock = new VirtualClock();
    const store = new Store();
    new EventTTL(store, clock);
    store.put('events', 'default/a', event('a'));
    expect(clock.pendingForeground()).toBe(0);
    store.remove('events', 'default/a');
    // Re-created under the same name later: the first lease must not remove the new object early.
    clock.advance(10 * 60_000);
    store.put('events', 'default/a', event('a'));
    clock.advance(55 * 60_000);
    expect(store.get('events', 'default/a')).toBeDefined();
    clock.advance(5 * 60_000);
    expect(store.get('events', 'default/a')).toBeUndefined();
  });
});
