/**
 * GET pods/{name}/log for the oracle's front: the query kubectl sends
 * (PodLogOptions as url parameters) read into the engine's own server-side
 * log path (engine/kubelet/pod-logs.ts), so the real kubectl meets the same
 * log text and the same API server and kubelet errors as ours does.
 */
import type { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';
import { podLogs } from '../../engine/kubelet/pod-logs.js';
import { kubeletHostOf } from '../../engine/kubelet/kubelet-server.js';
import { shiftStamp } from './server.js';

function int(q: URLSearchParams, k: string): number | undefined {
  const v = q.get(k);
  return v === null ? undefined : Number(v);
}

/**
 * The log text; follow is not served (the stream ends with what is there). The front shows the cluster `delta`
 * ms later than the virtual clock (server.ts shiftTimes): --timestamps stamps move with it. A --since-time is
 * the learner's, written in virtual time, and is compared with the virtual times of the lines as it is.
 */
export function podLogOf(cluster: Cluster, pod: KObject, q: URLSearchParams, delta: number): string {
  const sinceTime = q.get('sinceTime');
  const text = podLogs(
    kubeletHostOf(cluster),
    pod,
    {
      container: q.get('container') ?? undefined,
      previous: q.get('previous') === 'true',
      timestamps: q.get('timestamps') === 'true',
      sinceSeconds: int(q, 'sinceSeconds'),
      sinceTime: sinceTime ? Date.parse(sinceTime) : undefined,
      tailLines: int(q, 'tailLines'),
      limitBytes: int(q, 'limitBytes'),
    },
    cluster.clock.now(),
  ).text;
  return q.get('timestamps') === 'true' ? text.replace(/^(\d{4}-\d\d-\d\dT[\d:.]+Z) /gm, (_, t: string) => `${shiftStamp(t, delta)} `) : text;
}
