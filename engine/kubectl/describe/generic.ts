/** genericDescriber: kinds without their own describer (Event, Lease): identity, then every field of the object. */
import type { KObject } from '../../api/meta.js';
import { eventsOf, type DescribeContext } from './context.js';
import { annotationsMultiline, describeEvents, labelsMultiline, PrefixWriter, tabbed, unstructuredContent, type Any } from './format.js';

const SKIPPED = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);

export function renderGeneric(o: Any, events: KObject[] | undefined, now: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${o.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${o.metadata.namespace ?? ''}\n`);
  labelsMultiline(w, 'Labels', o.metadata.labels);
  annotationsMultiline(w, 'Annotations', o.metadata.annotations);
  unstructuredContent(w, 0, o, '', SKIPPED);
  describeEvents(w, events, now);
  return tabbed(w);
}

export function describeGenericObject(o: Any, ctx: DescribeContext): string {
  return renderGeneric(o, eventsOf(ctx, o), ctx.now);
}
