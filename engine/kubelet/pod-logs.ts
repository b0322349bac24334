/**
 * GET pods/{name}/log, server side: the API server's LogLocation (which
 * container, which node), its dial to the node's kubelet on :10250, and the
 * kubelet's GetKubeletContainerLogs (which instance of the container, then
 * tailLines, sinceSeconds/sinceTime, timestamps and limitBytes as the CRI log
 * reader applies them). kubectl logs and the oracle's HTTP front both read
 * logs through here, so the errors a learner meets are the server's.
 */
import { badRequest } from '../api/errors.js';
import type { KObject } from '../api/meta.js';
import { rfc3339Micro } from '../util/time.js';
import { utf8Length, utf8Prefix } from '../util/utf8.js';
import { dialKubelet, type KubeletHost } from './kubelet-server.js';
import type { Container, LogLine } from './runtime.js';

export interface PodLogOptions {
  container?: string;
  previous?: boolean;
  follow?: boolean;
  timestamps?: boolean;
  sinceSeconds?: number;
  /** ms since the epoch; the API server passes it on to the kubelet in whole seconds (time.RFC3339). */
  sinceTime?: number;
  tailLines?: number;
  limitBytes?: number;
}

export interface PodLogStream {
  /** The log as the kubelet writes it out: lines with "\n", cut at limitBytes. */
  text: string;
  /** With follow: later output, as it is written, until the returned function is called or the container ends. */
  follow?(write: (text: string) => void, ended: () => void): () => void;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** validateContainer (pkg/registry/core/pod/strategy.go): an empty name picks the only container. */
export function validateLogContainer(pod: KObject, container: string | undefined): string {
  const spec = (pod.spec ?? {}) as Any;
  const name = pod.metadata.name ?? '';
  // VisitContainers' order: init containers, containers, ephemeral containers.
  const all: string[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].map((c: Any) => c.name);
  if (!container) {
    const containers = spec.containers ?? [];
    if (containers.length === 1) return containers[0].name;
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
  }
  if (!all.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

/** url.Values.Encode of the log options LogLocation forwards (keys sorted). */
function logQuery(opts: PodLogOptions): string {
  const q: [string, string][] = [];
  if (opts.follow) q.push(['follow', 'true']);
  if (opts.limitBytes !== undefined) q.push(['limitBytes', String(opts.limitBytes)]);
  if (opts.previous) q.push(['previous', 'true']);
  if (opts.sinceSeconds !== undefined) q.push(['sinceSeconds', String(opts.sinceSeconds)]);
  if (opts.sinceTime !== undefined) q.push(['sinceTime', encodeURIComponent(rfc3339Micro(opts.sinceTime).replace(/\.\d+Z$/, 'Z'))]);
  if (opts.tailLines !== undefined) q.push(['tailLines', String(opts.tailLines)]);
  if (opts.timestamps) q.push(['timestamps', 'true']);
  return q.length ? '?' + q.map(([k, v]) => `${k}=${v}`).join('&') : '';
}

/** GetKubeletContainerLogs' validateContainerLogStatus: which container instance, from the pod's status. */
function logContainerID(pod: KObject, container: string, previous: boolean): string {
  const status = (pod.status ?? {}) as Any;
  const name = pod.metadata.name ?? '';
  const cs = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? []), ...(status.ephemeralContainerStatuses ?? [])].find((s: Any) => s.name === container);
  const fail = (why: string) => badRequest(`container "${container}" in pod "${name}" ${why}`);
  if (!cs) throw fail('is not available');
  const last = cs.lastState?.terminated;
  const { waiting, running, terminated } = cs.state ?? {};
  if (previous) {
    if (!last?.containerID) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    return last.containerID;
  }
  if (running) return cs.containerID ?? '';
  if (terminated) {
    if (terminated.containerID) return terminated.containerID;
    if (last?.containerID) return last.containerID;
    throw fail('is terminated');
  }
  if (last) {
    if (!last.containerID) throw fail('is terminated');
    return last.containerID;
  }
  if (waiting) {
    if (waiting.reason === 'ErrImagePull') throw fail("is waiting to start: image can't be pulled");
    if (waiting.reason === 'ImagePullBackOff') throw fail('is waiting to start: trying and failing to pull image');
    throw fail(`is waiting to start: ${waiting.reason ?? ''}`);
  }
  throw fail('is waiting to start - no logs yet');
}

function logLine(l: LogLine, timestamps: boolean): string {
  // The CRI log file keeps nanoseconds: the simulation's times are whole milliseconds.
  return `${timestamps ? rfc3339Micro(l.time).replace(/(\.\d{6})Z$/, '$1000Z') + ' ' : ''}${l.text}\n`;
}

/**
 * The log of one container of `pod`, as GET pods/{name}/log answers at `now`. Throws the StatusError the API
 * server or the kubelet answers with; an unscheduled pod has no log location and answers with nothing.
 */
export function podLogs(host: KubeletHost, pod: KObject, opts: PodLogOptions, now: number): PodLogStream {
  const container = validateLogContainer(pod, opts.container);
  const nodeName = (pod.spec as Any | undefined)?.nodeName as string | undefined;
  if (!nodeName) return { text: '' };
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const kubelet = dialKubelet(host, nodeName, (hostPort) => `Get "https://${hostPort}/containerLogs/${ns}/${name}/${container}${logQuery(opts)}": `);
  const id = logContainerID(pod, container, !!opts.previous);
  const rec = kubelet.container(ns, name, container);
  const inst: Container | undefined = [rec?.current, rec?.previous].find((c) => c && `containerd://${c.id}` === id) ?? (opts.previous ? rec?.previous : rec?.current);
  if (!inst) return { text: '' };
  let lines = inst.logs;
  // ReadLogs: from the tail's start, skipping what is older than `since`, through a writer limited to limitBytes.
  if (opts.tailLines !== undefined) lines = opts.tailLines <= 0 ? [] : lines.slice(-opts.tailLines);
  const since = opts.sinceSeconds !== undefined ? now - opts.sinceSeconds * 1000 : opts.sinceTime !== undefined ? Math.floor(opts.sinceTime / 1000) * 1000 : undefined;
  if (since !== undefined) lines = lines.filter((l) => l.time >= since);
  const timestamps = !!opts.timestamps;
  let left = opts.limitBytes ?? Infinity;
  const limited = (t: string): string => {
    if (left === Infinity) return t;
    const out = left <= 0 ? '' : utf8Prefix(t, left);
    left -= utf8Length(out);
    return out;
  };
  const text = limited(lines.map((l) => logLine(l, timestamps)).join(''));
  // ReadLogs follows only a running container: at the end of an exited one's log the stream ends.
  if (!opts.follow || opts.previous || inst.state !== 'running') return { text };
  return {
    text,
    follow: (write, ended) => inst.subscribe((l) => {
      const t = limited(logLine(l, timestamps));
      if (t) write(t);
    }, ended),
  };
}
