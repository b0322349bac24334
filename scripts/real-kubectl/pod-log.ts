/**
 * GET pods/{name}/log for the oracle's front: the engine's own answer
 * (engine/api/server/pod-log.ts: the query's PodLogOptions read into the
 * server-side log path), so the real kubectl meets the same log text and the
 * same API server and kubelet errors as ours does.
 */
import type { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';
import { podLogText } from '../../engine/api/server/pod-log.js';
import { shiftStamp } from './server.js';

/**
 * The log text; follow is not served (the stream ends with what is there). The front shows the cluster `delta`
 * ms later than the virtual clock (server.ts shiftTimes): --timestamps stamps move with it. A --since-time is
 * the learner's, written in virtual time, and is compared with the virtual times of the lines as it is.
 */
export function podLogOf(cluster: Cluster, pod: KObject, q: URLSearchParams, delta: number): string {
  const text = podLogText(cluster, pod, q);
  return q.get('timestamps') === 'true' ? text.replace(/^(\d{4}-\d\d-\d\dT[\d:.]+Z) /gm, (_, t: string) => `${shiftStamp(t, delta)} `) : text;
}
