/**
 * What a describer reads besides its object: the client for related objects
 * (pods, ReplicaSets, leases, slices) and the events about the object, found
 * as searchEvents does, by an involvedObject field selector.
 */
import type { Client } from '../../api/client.js';
import type { KObject } from '../../api/meta.js';
import type { Any } from './format.js';

export interface DescribeContext {
  client: Client;
  /** Virtual time, for ages. */
  now: number;
  /** --show-events (default true). */
  showEvents: boolean;
}

export interface EventRef {
  name: string;
  /** "" for cluster-scoped objects: events of every namespace are searched. */
  namespace: string;
  kind?: string;
  uid?: string;
}

/** searchEvents: events whose involvedObject has this name, namespace, kind and uid (kind/uid only when given). */
export function searchEvents(ctx: DescribeContext, ref: EventRef): KObject[] {
  const terms = [`involvedObject.name=${ref.name}`, `involvedObject.namespace=${ref.namespace}`];
  if (ref.kind) terms.push(`involvedObject.kind=${ref.kind}`);
  if (ref.uid) terms.push(`involvedObject.uid=${ref.uid}`);
  try {
    return ctx.client.list('events', ref.namespace || undefined, { fieldSelector: terms.join(',') }).items;
  } catch {
    // The describers ignore an events error and print the rest (events, _ = searchEvents(...)).
    return [];
  }
}

/** The events of an object as most describers ask for them (its own kind and uid), or undefined with --show-events=false. */
export function eventsOf(ctx: DescribeContext, o: Any): KObject[] | undefined {
  if (!ctx.showEvents) return undefined;
  return searchEvents(ctx, { name: o.metadata.name, namespace: o.metadata.namespace ?? '', kind: o.kind, uid: o.metadata.uid });
}

export interface PodCounts { running: number; waiting: number; succeeded: number; failed: number }

/** getPodStatusForController: phases of the selected pods this controller owns. */
export function podStatusForController(ctx: DescribeContext, namespace: string, selector: string, uid: string): PodCounts {
  const counts: PodCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  const pods = ctx.client.list('pods', namespace, { labelSelector: selector }).items as Any[];
  for (const p of pods) {
    const ref = (p.metadata.ownerReferences ?? []).find((r: Any) => r.controller === true);
    if (!ref || ref.uid !== uid) continue;
    switch (p.status?.phase) {
      case 'Running': counts.running++; break;
      case 'Pending': counts.waiting++; break;
      case 'Succeeded': counts.succeeded++; break;
      case 'Failed': counts.failed++; break;
    }
  }
  return counts;
}
