/**
 * GET pods/NAME/log as kube-apiserver serves it: the PodLogOptions its query
 * carries, read into the engine's server-side log path (kubelet/pod-logs.ts),
 * so the API server's and the kubelet's errors are the ones `kubectl logs`
 * meets. `follow` is not served: the answer ends with what is there.
 */
import type { Cluster } from '../../cluster.js';
import type { KObject } from '../meta.js';
import { podLogs, type PodLogOptions } from '../../kubelet/pod-logs.js';
import { kubeletHostOf } from '../../kubelet/kubelet-server.js';

/** The query's PodLogOptions (sinceTime as the ms it names). */
export function podLogOptions(q: URLSearchParams): PodLogOptions {
  const int = (k: string) => (q.get(k) === null ? undefined : Number(q.get(k)));
  const sinceTime = q.get('sinceTime');
  return {
    container: q.get('container') ?? undefined, previous: q.get('previous') === 'true', timestamps: q.get('timestamps') === 'true',
    sinceSeconds: int('sinceSeconds'), sinceTime: sinceTime ? Date.parse(sinceTime) : undefined, tailLines: int('tailLines'), limitBytes: int('limitBytes'),
  };
}

export function podLogText(cluster: Cluster, pod: KObject, q: URLSearchParams): string {
  return podLogs(kubeletHostOf(cluster), pod, podLogOptions(q), cluster.clock.now()).text;
}
