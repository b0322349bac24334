/**
 * The human-readable table printer (cli-runtime HumanReadablePrinter with
 * decorateTable): header upper-cased, NAMESPACE first with -A, `kind/` prefix
 * on the name column when several kinds are printed, label columns (-L) and
 * LABELS (--show-labels) last, no header for a table without rows, and no
 * header repeat for later rows with the same columns (watch).
 */
import type { KObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resources.js';
import { formatLabels, tableFor, visibleColumns, type RowOptions, type TableHandler } from './table.js';
import type { TabWriter } from './tabwriter.js';

export interface HumanOptions {
  wide: boolean;
  noHeaders: boolean;
  withNamespace: boolean;
  withKind: boolean;
  showLabels: boolean;
  labelColumns: string[];
  /** --output-watch-events: an EVENT column first. */
  eventColumn?: boolean;
}

/** Characters that cut a cell short (cellBreakChars): the rest becomes "...". */
const CELL_BREAK = /[\f\n\r]/;

function cellText(s: string): string {
  if (!CELL_BREAK.test(s)) return s;
  const i = s.search(CELL_BREAK);
  return s.slice(0, i) + '...';
}

export class HumanPrinter {
  private printedHeaders = false;
  private readonly handler: TableHandler;
  private readonly cols: number[];
  /** Shared by the rows printed at one `now` (handlers only read it). */
  private rowOptions: RowOptions | undefined;

  constructor(readonly info: ResourceInfo, readonly resourceKey: string, readonly opts: HumanOptions) {
    this.handler = tableFor(resourceKey);
    this.cols = visibleColumns(this.handler, opts.wide);
  }

  headers(): string[] {
    const h: string[] = [];
    if (this.opts.eventColumn) h.push('EVENT');
    if (this.opts.withNamespace) h.push('NAMESPACE');
    for (const i of this.cols) h.push(this.handler.columns[i].name.toUpperCase());
    for (const l of this.opts.labelColumns) h.push(l.split('/').pop()!.toUpperCase());
    if (this.opts.showLabels) h.push('LABELS');
    return h;
  }

  row(obj: KObject, now: number, eventType?: string): string[] {
    const opts = this.opts;
    if (this.rowOptions?.now !== now) this.rowOptions = { now, wide: opts.wide };
    const cells = this.handler.row(obj, this.rowOptions);
    const out: string[] = [];
    if (opts.eventColumn) out.push(formatEventType(eventType ?? 'ADDED'));
    if (opts.withNamespace) out.push(obj.metadata.namespace ?? '');
    const cols = this.cols;
    for (let k = 0; k < cols.length; k++) {
      const i = cols[k];
      let c = cells[i] ?? '';
      if (opts.withKind && this.handler.columns[i].format === 'name') {
        c = `${this.info.kind.toLowerCase()}${this.info.group ? '.' + this.info.group : ''}/${c}`;
      }
      out.push(cellText(c));
    }
    if (opts.labelColumns.length || opts.showLabels) {
      const labels = obj.metadata.labels ?? {};
      for (const l of opts.labelColumns) out.push(labels[l] ?? '');
      if (opts.showLabels) out.push(formatLabels(labels));
    }
    return out;
  }

  /** Writes rows (and the header the first time rows appear). */
  print(objs: KObject[], w: TabWriter, now: number, eventType?: string): void {
    if (objs.length === 0) return;
    this.printHeader(w);
    for (let i = 0; i < objs.length; i++) w.writeCells(this.row(objs[i], now, eventType));
  }

  /** print of a single object, without wrapping it in an array per row. */
  printOne(obj: KObject, w: TabWriter, now: number): void {
    this.printHeader(w);
    w.writeCells(this.row(obj, now));
  }

  private printHeader(w: TabWriter): void {
    if (!this.opts.noHeaders && !this.printedHeaders) w.writeCells(this.headers());
    this.printedHeaders = true;
  }
}

const EVENT_TYPES: Record<string, string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ', ERROR: 'ERROR   ' };

function formatEventType(t: string): string {
  return EVENT_TYPES[t] ?? t;
}
