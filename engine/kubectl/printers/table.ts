/**
 * Table handlers as data (pkg/printers/internalversion AddHandlers): per
 * resource, the column definitions (priority 1 = only with -o wide) and a
 * function from one object and "now" to one row of cells. `kubectl get`,
 * `-o wide`, watch rows and the page's cluster map all use these.
 */
import type { KObject } from '../../api/meta.js';
import { since } from './duration.js';

export interface Column {
  /** As in the Go source ("Up-to-date"); headers print it upper-cased. */
  name: string;
  /** 0: always shown; 1: only with -o wide. */
  priority?: number;
  /** "name" marks the column that gets the `kind/` prefix. */
  format?: 'name';
}

export interface RowOptions {
  now: number;
  wide: boolean;
}

export interface TableHandler {
  columns: Column[];
  /** Cells for every column, wide ones included (the printer drops what it does not show). */
  row(obj: KObject, opts: RowOptions): string[];
}

/** A list's rows in the order a kind's server-side printer gives them (printFlowSchemaList), set where it loads. */
export const listOrder: { apply?: <T extends { resource: { resource: string; group: string }; object: KObject }>(infos: T[]) => T[] } = {};

const handlers = new Map<string, TableHandler>();

/** Registers the handler for a resource key ("pods", "deployments.apps"). */
export function registerTable(resourceKey: string, h: TableHandler): void {
  handlers.set(resourceKey, h);
}

/** printObjectMeta: what kubectl shows for a kind without its own handler. */
export const DEFAULT_TABLE: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Age' }],
  row: (o, { now }) => [o.metadata.name ?? '', since(o.metadata.creationTimestamp, now)],
};

export function tableFor(resourceKey: string): TableHandler {
  return handlers.get(resourceKey) ?? DEFAULT_TABLE;
}

export function visibleColumns(h: TableHandler, wide: boolean): number[] {
  const idx: number[] = [];
  h.columns.forEach((c, i) => { if (wide || !c.priority) idx.push(i); });
  return idx;
}

/** labels.FormatLabels: "a=b,c=d" sorted by key, or "<none>". */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

interface LabelSelectorLike {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key. */
export function selectorString(sel: LabelSelectorLike | undefined | null): string {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${sel.matchLabels![k]}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In': reqs.push({ key: e.key, text: `${e.key} in (${vals})` }); break;
      case 'NotIn': reqs.push({ key: e.key, text: `${e.key} notin (${vals})` }); break;
      case 'Exists': reqs.push({ key: e.key, text: e.key }); break;
      case 'DoesNotExist': reqs.push({ key: e.key, text: `!${e.key}` }); break;
    }
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: like selectorString but "<none>" when empty. */
export function formatLabelSelector(sel: LabelSelectorLike | undefined | null): string {
  const s = selectorString(sel);
  return s === '' ? '<none>' : s;
}

/** layoutContainerCells: container names and images, comma-joined. */
export function containerCells(spec: { containers?: { name?: string; image?: string }[] } | undefined): [string, string] {
  const cs = spec?.containers ?? [];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}
