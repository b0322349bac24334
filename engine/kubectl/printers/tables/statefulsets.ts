/**
 * StatefulSets (printStatefulSet of pkg/printers/internalversion/printers.go, release-1.35). Loaded with the
 * StatefulSet code (kubectl loads it before a command that may list one), so a fresh lab does not carry it.
 */
import { since } from '../duration.js';
import { containerCells, registerTable } from '../table.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const n = (v: unknown) => String(typeof v === 'number' ? v : 0);

registerTable('statefulsets.apps', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Ready' }, { name: 'Age' }, { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }],
  row(o, { now }) {
    const s = o as Any;
    return [o.metadata.name ?? '', `${n(s.status?.readyReplicas)}/${n(s.spec?.replicas)}`, since(o.metadata.creationTimestamp, now), ...containerCells(s.spec?.template?.spec)];
  },
});
