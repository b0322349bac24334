/**
 * PodDisruptionBudgets (printPodDisruptionBudget of pkg/printers/internalversion/printers.go, release-1.35):
 * an unset minAvailable or maxUnavailable shows N/A. Loaded on first use with the policy/v1 kinds
 * (kubectl/framework/root.ts), so a fresh lab's entry does not carry it.
 */
import { since } from '../duration.js';
import { registerTable } from '../table.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** IntOrString.String(): an int as digits, a string as it is. */
const intOrString = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));

registerTable('poddisruptionbudgets.policy', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Min Available' }, { name: 'Max Unavailable' }, { name: 'Allowed Disruptions' }, { name: 'Age' }],
  row(o, { now }) {
    const p = o as Any;
    return [o.metadata.name ?? '', intOrString(p.spec?.minAvailable), intOrString(p.spec?.maxUnavailable), String(p.status?.disruptionsAllowed ?? 0), since(o.metadata.creationTimestamp, now)];
  },
});
