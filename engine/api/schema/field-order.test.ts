/**
 * Every kind the API server serves is written in its Go struct's field order (go-order.ts), so every struct a served
 * kind reaches needs its line in field-order.json: a kind added without regenerating the table (scripts/go-types)
 * would be served with its keys as the store holds them.
 */
import { describe, expect, it } from 'vitest';
import order from './field-order.json';
import { SCHEMA } from './index.js';
import { goOrdered, goRootOf } from './go-order.js';
import { loadLazyKinds } from '../registry/lazy-kinds.js';
import { apiVersionOf, SERVED } from '../resources.js';

function reachable(root: string): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const t of Object.values(SCHEMA.types[key]?.f ?? {})) {
      const named = t.replace(/^(\[\]|\{\})+/, '');
      if (named.startsWith('@')) visit(named.slice(1));
    }
  };
  visit(root);
  return [...seen];
}

describe('field-order.json', () => {
  it('has the field order of every struct of every served kind, the lazily served ones and CustomResourceDefinition included', async () => {
    await loadLazyKinds();
    await import('../registry/crd/decode.js');
    const kinds = SERVED.filter((r) => !r.virtual && !r.crd);
    // The lazily served groups are among them once their code has loaded.
    expect(kinds.map((r) => `${apiVersionOf(r)} ${r.kind}`)).toEqual(expect.arrayContaining([
      'apiregistration.k8s.io/v1 APIService', 'flowcontrol.apiserver.k8s.io/v1 FlowSchema', 'v1 ComponentStatus', 'resource.k8s.io/v1 ResourceSlice',
      'apiextensions.k8s.io/v1 CustomResourceDefinition', 'authorization.k8s.io/v1 SelfSubjectRulesReview', 'events.k8s.io/v1 Event',
    ]));
    const missing: string[] = [];
    for (const r of kinds) {
      const root = goRootOf(r.kind, apiVersionOf(r));
      if (!root || !SCHEMA.types[root]) { missing.push(`${apiVersionOf(r)} ${r.kind}: no Go type`); continue; }
      for (const key of reachable(root)) if (!(key in order)) missing.push(`${apiVersionOf(r)} ${r.kind}: ${key}`);
    }
    expect(missing).toEqual([]);
  });

  it('orders an events.k8s.io/v1 Event by its own struct, not core/v1 Event\'s, and a CustomResourceDefinition by apiextensions\' types', async () => {
    await import('../registry/crd/decode.js');
    const event = { note: 'n', reason: 'r', regarding: { name: 'p', kind: 'Pod' }, metadata: { name: 'e' }, eventTime: null, apiVersion: 'events.k8s.io/v1', kind: 'Event' };
    // events/v1 types.go: TypeMeta, ObjectMeta, eventTime, series, reportingController, reportingInstance, action, reason, regarding, related, note.
    expect(Object.keys(goOrdered('Event', event) as object)).toEqual(['kind', 'apiVersion', 'metadata', 'eventTime', 'reason', 'regarding', 'note']);
    const crd = {
      status: { storedVersions: ['v1'], acceptedNames: { kind: 'CronTab', plural: 'crontabs' }, conditions: [] },
      spec: { versions: [{ storage: true, served: true, name: 'v1' }], scope: 'Namespaced', names: { plural: 'crontabs', kind: 'CronTab' }, group: 'stable.example.com' },
      metadata: { name: 'crontabs.stable.example.com' }, kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1',
    };
    const out = goOrdered('CustomResourceDefinition', crd) as typeof crd;
    // apiextensions/v1 types.go: CustomResourceDefinitionSpec{group, names, scope, versions}, CustomResourceDefinitionNames{plural, singular, shortNames, kind, ...}.
    expect(JSON.stringify(out)).toBe('{"kind":"CustomResourceDefinition","apiVersion":"apiextensions.k8s.io/v1","metadata":{"name":"crontabs.stable.example.com"},'
      + '"spec":{"group":"stable.example.com","names":{"plural":"crontabs","kind":"CronTab"},"scope":"Namespaced","versions":[{"name":"v1","served":true,"storage":true}]},'
      + '"status":{"conditions":[],"acceptedNames":{"plural":"crontabs","kind":"CronTab"},"storedVersions":["v1"]}}');
  });
});
