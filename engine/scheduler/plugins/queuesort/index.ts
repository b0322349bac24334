/** PrioritySort: higher priority first, then whoever has waited longer (queuesort/priority_sort.go). */
import type { QueuedPodInfo, QueueSortPlugin } from '../../framework/types.js';
import * as names from '../names.js';

export const NAME = names.PrioritySort;

export function less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const p1 = a.info.priority;
  const p2 = b.info.priority;
  return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
}

export function newPlugin(): QueueSortPlugin {
  return { name: NAME, less };
}
