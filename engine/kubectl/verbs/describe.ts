/**
 * `kubectl describe`: the section layout of kubectl/pkg/describe for Pods and
 * Deployments (others get the generic describer: Name, Namespace, Labels,
 * Annotations and Events), printed through Go's tabwriter (padding 2) with
 * the Events table `Type Reason Age From Message` and "(x3 over 2m)".
 * Names are prefixes, as kubectl matches them when no object has that exact name.
 */
import type { KObject } from '../../api/meta.js';
import { resourceKey, type ResourceInfo } from '../../api/resources.js';
import { isNotFound } from '../../api/errors.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { buildInfos, parseResourceArgs, type Info } from '../framework/builder.js';
import { eventInterval, sortEvents } from '../printers/events.js';
import { formatTabbed } from '../printers/gotabwriter.js';
import { since } from '../printers/duration.js';
import { selectorString, formatLabels } from '../printers/table.js';
import { HELP } from './help-data.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MAX_ANNOTATION_LEN = 140;
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** time.RFC1123Z in UTC: "Thu, 01 Jan 2026 00:02:00 +0000". */
export function rfc1123z(ts: unknown): string {
  if (typeof ts !== 'string') return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return '';
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** PrefixWriter: each level indents two spaces. */
class W {
  text = '';
  write(level: number, s: string): void {
    this.text += '  '.repeat(level) + s;
  }
}

function labelsMultiline(w: W, title: string, labels: Record<string, string> | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) { w.write(0, '<none>\n'); return; }
  keys.forEach((k, i) => {
    if (i) w.write(0, `${initialIndent}\t`);
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

function annotationsMultiline(w: W, title: string, ann: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(ann ?? {}).filter((k) => !SKIP_ANNOTATIONS.has(k)).sort();
  if (!keys.length) { w.write(0, '<none>\n'); return; }
  keys.forEach((k, i) => {
    if (i) w.write(0, '\t');
    const value = ann![k].replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? s.slice(0, MAX_ANNOTATION_LEN - 2) + '...' : s}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
}

function tolerationsMultiline(w: W, title: string, tols: Any[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  const list = [...(tols ?? [])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  if (!list.length) { w.write(0, '<none>\n'); return; }
  list.forEach((t, i) => {
    if (i) w.write(0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, s + '\n');
  });
}

function describeStatus(w: W, name: string, st: Any | undefined): void {
  if (st?.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(st.running.startedAt)}\n`);
  } else if (st?.waiting) {
    w.write(2, `${name}:\tWaiting\n`);
    if (st.waiting.reason) w.write(3, `Reason:\t${st.waiting.reason}\n`);
  } else if (st?.terminated) {
    const t = st.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else w.write(2, `${name}:\tWaiting\n`);
}

function describeProbe(p: Any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const host = g.host ?? '';
    const url = `${(g.scheme ?? 'HTTP').toLowerCase()}://${host}:${g.port}${g.path ?? ''}`;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function sortedResources(r: Record<string, string> | undefined): string[] {
  return Object.keys(r ?? {}).sort();
}

function describeContainers(w: W, label: string, containers: Any[], statuses: Any[] | undefined, space: string, pod?: Any): void {
  const byName = new Map<string, Any>((statuses ?? []).map((s) => [s.name, s]));
  w.write(0, `${space}${label}:${containers.length ? '' : ' <none>'}\n`);
  for (const c of containers) {
    const st = byName.get(c.name);
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
    if (st) w.write(2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (st) w.write(2, `Image ID:\t${st.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p: Any) => `${p.containerPort}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`).join(', ');
    const hostPorts = (c.ports ?? []).map((p: Any) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`).join(', ');
    w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
    w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    if (c.command?.length) { w.write(2, 'Command:\n'); for (const x of c.command) for (const s of String(x).split('\n')) w.write(3, `${s}\n`); }
    if (c.args?.length) { w.write(2, 'Args:\n'); for (const x of c.args) for (const s of String(x).split('\n')) w.write(3, `${s}\n`); }
    if (st) {
      describeStatus(w, 'State', st.state);
      if (st.lastState?.terminated) describeStatus(w, 'Last State', st.lastState);
      w.write(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    const res = c.resources ?? {};
    if (Object.keys(res.limits ?? {}).length) { w.write(2, 'Limits:\n'); for (const k of sortedResources(res.limits)) w.write(3, `${k}:\t${res.limits[k]}\n`); }
    if (Object.keys(res.requests ?? {}).length) { w.write(2, 'Requests:\n'); for (const k of sortedResources(res.requests)) w.write(3, `${k}:\t${res.requests[k]}\n`); }
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if (c.envFrom?.length) {
      w.write(2, 'Environment Variables from:\n');
      for (const e of c.envFrom) {
        const from = e.configMapRef ? ['ConfigMap', e.configMapRef] : e.secretRef ? ['Secret', e.secretRef] : undefined;
        if (!from) continue;
        const optional = from[1].optional === true;
        w.write(3, `${from[1].name}\t${from[0]}${e.prefix ? ` with prefix '${e.prefix}'` : ''}\tOptional: ${optional}\n`);
      }
    }
    w.write(2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
    for (const e of c.env ?? []) {
      if (!e.valueFrom) {
        String(e.value ?? '').split('\n').forEach((s: string, i: number) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
        continue;
      }
      const vf = e.valueFrom;
      if (vf.fieldRef) {
        const v = pod ? fieldValue(pod, vf.fieldRef.fieldPath) : '';
        w.write(3, `${e.name}:\t${v} (${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})\n`);
      } else if (vf.secretKeyRef) {
        w.write(3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${vf.secretKeyRef.optional === true}\n`);
      } else if (vf.configMapKeyRef) {
        w.write(3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${vf.configMapKeyRef.optional === true}\n`);
      } else if (vf.resourceFieldRef) {
        w.write(3, `${e.name}:\t${vf.resourceFieldRef.resource} (${vf.resourceFieldRef.containerName ?? c.name})\n`);
      }
    }
    const mounts = [...(c.volumeMounts ?? [])].sort((a: Any, b: Any) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
    w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw'];
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
  }
}

function fieldValue(pod: Any, path: string): string {
  switch (path) {
    case 'metadata.name': return pod.metadata?.name ?? '';
    case 'metadata.namespace': return pod.metadata?.namespace ?? '';
    case 'metadata.uid': return pod.metadata?.uid ?? '';
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP': return pod.status?.podIP ?? '';
    case 'status.hostIP': return pod.status?.hostIP ?? '';
  }
  return '';
}

function describeVolumes(w: W, volumes: Any[] | undefined, space: string): void {
  if (!volumes?.length) { w.write(0, `${space}Volumes:\t<none>\n`); return; }
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources ?? []) {
        if (s.secret) w.write(2, `SecretName:\t${s.secret.name}\n    Optional:\t${s.secret.optional === true}\n`);
        else if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap) w.write(2, `ConfigMapName:\t${s.configMap.name}\n    Optional:\t${s.configMap.optional === true}\n`);
        else if (s.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds}\n`);
      }
    } else if (v.emptyDir) {
      w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`);
    } else if (v.configMap) {
      w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name}\n    Optional:\t${v.configMap.optional === true}\n`);
    } else if (v.secret) {
      w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName}\n    Optional:\t${v.secret.optional === true}\n`);
    } else if (v.hostPath) {
      w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? ''}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`);
    } else w.write(2, '<unknown>\n');
  }
}

/** The Events section: `<none>`, or the table sorted oldest first. */
export function describeEvents(w: W, events: KObject[] | undefined, now: number): void {
  if (!events) return;
  if (!events.length) { w.write(0, 'Events:\t<none>\n'); return; }
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sortEvents(events) as Any[]) {
    const source = e.source?.component || e.reportingComponent || '';
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${eventInterval(e, now)}\t${source}\t${String(e.message ?? '').trim()}\n`);
  }
}

function eventsFor(inv: Invocation, obj: KObject): KObject[] | undefined {
  if (!inv.flags.bool('show-events')) return undefined;
  const ns = obj.metadata.namespace;
  return inv.client().list('events', ns || undefined).items.filter((e) => {
    const io = (e as Any).involvedObject ?? {};
    return io.name === obj.metadata.name && io.kind === obj.kind && (io.uid === undefined || io.uid === obj.metadata.uid) && (!ns || io.namespace === ns);
  });
}

function podQOS(pod: Any): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const cs: Any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of cs) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) if (!lim[r] || (req[r] && req[r] !== lim[r])) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function describePod(pod: Any, events: KObject[] | undefined, now: number): string {
  const w = new W();
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  w.write(0, `Name:\t${pod.metadata.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace}\n`);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  labelsMultiline(w, 'Labels', pod.metadata.labels);
  annotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, now)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${status.phase ?? ''}\n`);
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  if (status.podIPs?.length) { w.write(0, 'IPs:\n'); for (const ip of status.podIPs) w.write(1, `IP:\t${ip.ip}\n`); } else w.write(0, 'IPs:\t<none>\n');
  const ref = (pod.metadata.ownerReferences ?? []).find((r: Any) => r.controller);
  if (ref) w.write(0, `Controlled By:\t${ref.kind}/${ref.name}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses, '', pod);
  describeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses, '', pod);
  if (spec.readinessGates?.length) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of spec.readinessGates) {
      const c = (status.conditions ?? []).find((x: Any) => x.type === g.conditionType);
      w.write(1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
    }
  }
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes, '');
  w.write(0, `QoS Class:\t${podQOS(pod)}\n`);
  labelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  tolerationsMultiline(w, 'Tolerations', spec.tolerations);
  describeEvents(w, events, now);
  return formatTabbed(w.text, 0, 2);
}

function describePodTemplate(w: W, t: Any | undefined): void {
  w.write(0, 'Pod Template:\n');
  if (!t) { w.write(1, '<unset>'); return; }
  labelsMultiline(w, '  Labels', t.metadata?.labels);
  if (Object.keys(t.metadata?.annotations ?? {}).length) annotationsMultiline(w, '  Annotations', t.metadata.annotations);
  if (t.spec?.serviceAccountName) w.write(1, `Service Account:\t${t.spec.serviceAccountName}\n`);
  if (t.spec?.initContainers?.length) describeContainers(w, 'Init Containers', t.spec.initContainers, undefined, '  ');
  describeContainers(w, 'Containers', t.spec?.containers ?? [], undefined, '  ');
  describeVolumes(w, t.spec?.volumes, '  ');
  if (t.spec?.priorityClassName) w.write(1, `Priority Class Name:\t${t.spec.priorityClassName}\n`);
  labelsMultiline(w, '  Node-Selectors', t.spec?.nodeSelector);
  tolerationsMultiline(w, '  Tolerations', t.spec?.tolerations);
}

function intOrPercent(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

export function describeDeployment(d: Any, replicaSets: Any[], events: KObject[] | undefined, now: number): string {
  const w = new W();
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  labelsMultiline(w, 'Labels', d.metadata.labels);
  annotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(0, `Selector:\t${selectorString(d.spec?.selector)}\n`);
  const s = d.status ?? {};
  w.write(0, `Replicas:\t${d.spec?.replicas ?? 0} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${d.spec?.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}\n`);
  const ru = d.spec?.strategy?.rollingUpdate;
  if (ru) w.write(0, `RollingUpdateStrategy:\t${intOrPercent(ru.maxUnavailable)} max unavailable, ${intOrPercent(ru.maxSurge)} max surge\n`);
  describePodTemplate(w, d.spec?.template);
  if (s.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of s.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const owned = replicaSets.filter((rs) => (rs.metadata.ownerReferences ?? []).some((r: Any) => r.controller && r.uid === d.metadata.uid));
  const hash = (o: Any) => o?.metadata?.labels?.['pod-template-hash'];
  const templateKey = JSON.stringify({ ...d.spec?.template, metadata: { ...d.spec?.template?.metadata, labels: { ...(d.spec?.template?.metadata?.labels ?? {}) } } });
  const newRS = owned.filter((rs) => {
    const t = rs.spec?.template ?? {};
    const labels = { ...(t.metadata?.labels ?? {}) };
    delete labels['pod-template-hash'];
    return JSON.stringify({ ...t, metadata: { ...t.metadata, labels } }) === templateKey && hash(rs) !== undefined;
  });
  const old = owned.filter((rs) => !newRS.includes(rs) && (rs.spec?.replicas ?? 0) > 0);
  if (owned.length) {
    const fmt = (list: Any[]) => list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ') || '<none>';
    w.write(0, `OldReplicaSets:\t${fmt(old)}\n`);
    w.write(0, `NewReplicaSet:\t${fmt(newRS)}\n`);
  }
  describeEvents(w, events, now);
  return formatTabbed(w.text, 0, 2);
}

/** The generic describer for kinds without their own: identity, labels, annotations, events. */
export function describeGeneric(o: Any, info: ResourceInfo, events: KObject[] | undefined, now: number): string {
  const w = new W();
  w.write(0, `Name:\t${o.metadata.name}\n`);
  if (info.namespaced) w.write(0, `Namespace:\t${o.metadata.namespace}\n`);
  labelsMultiline(w, 'Labels', o.metadata.labels);
  annotationsMultiline(w, 'Annotations', o.metadata.annotations);
  describeEvents(w, events, now);
  return formatTabbed(w.text, 0, 2);
}

function describeOne(inv: Invocation, i: Info): string {
  const now = inv.now();
  const o = i.object as Any;
  const events = eventsFor(inv, i.object);
  switch (resourceKey(i.resource)) {
    case 'pods': return describePod(o, events, now);
    case 'deployments.apps': {
      const rss = inv.client().list('replicasets.apps', o.metadata.namespace).items;
      return describeDeployment(o, rss, events, now);
    }
    default: return describeGeneric(o, i.resource, events, now);
  }
}

export const describe: Command = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  ...HELP.describe,
  async run(inv) {
    const f = inv.flags;
    if (inv.args.length === 0 && f.strings('filename').length === 0) {
      throw new Error('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
    }
    const all = f.bool('all-namespaces');
    const parsed = f.strings('filename').length ? undefined : parseResourceArgs(inv.args);
    let infos: Info[] = [];
    const errors: unknown[] = [];
    if (parsed && parsed.names.length && parsed.types.length === 1) {
      // Names are prefixes when no object has exactly that name (kubectl describe pods web → web-7d4b...).
      const r = parsed.types[0];
      for (const n of parsed.names) {
        try {
          const exact = inv.client().get(resourceKey(r), r.namespaced ? inv.namespace : undefined, n);
          infos.push({ resource: r, namespace: exact.metadata.namespace, name: n, object: exact });
        } catch (e) {
          if (!isNotFound(e)) throw e;
          const matches = inv.client().list(resourceKey(r), r.namespaced ? inv.namespace : undefined).items.filter((o) => (o.metadata.name ?? '').startsWith(n));
          if (!matches.length) errors.push(e);
          for (const m of matches) infos.push({ resource: r, namespace: m.metadata.namespace, name: m.metadata.name ?? '', object: m });
        }
      }
    } else {
      const res = await buildInfos(inv, { args: inv.args, filenames: f.strings('filename'), recursive: f.bool('recursive'), labelSelector: f.string('selector'), allNamespaces: all, allowEmptySelector: true, continueOnError: true });
      infos = res.infos;
      errors.push(...res.errors);
      if (!infos.length && !errors.length) {
        inv.err(all || !infos.every((x) => x.resource.namespaced) ? 'No resources found\n' : `No resources found in ${inv.namespace} namespace.\n`);
        return 0;
      }
    }
    inv.out(infos.map((i) => describeOne(inv, i)).join('\n\n'));
    if (errors.length) throw errors.length === 1 ? errors[0] : new AggregateError(errors);
    return 0;
  },
};

export { formatLabels };
