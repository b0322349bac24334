/** Deployment, ReplicaSet and DaemonSet describers (describeDeployment, describeReplicaSet, describeDaemonSet). */
import type { KObject } from '../../api/meta.js';
import { formatLabelSelector, selectorString } from '../printers/table.js';
import { describePodTemplate } from './containers.js';
import { eventsOf, podStatusForController, type DescribeContext, type PodCounts } from './context.js';
import { annotationsMultiline, controllerOf, describeEvents, formatLabelMap, labelsMultiline, PrefixWriter, rfc1123z, tabbed, type Any } from './format.js';

function conditionsTable(w: PrefixWriter, conditions: Any[] | undefined): void {
  if (!conditions?.length) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

function podsStatus(c: PodCounts): string {
  return `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;
}

export function renderReplicaSet(rs: Any, pods: PodCounts, events: KObject[] | undefined, now: number): string {
  return renderReplicaSetLike(rs, formatLabelSelector(rs.spec?.selector), controllerOf(rs), pods, events, now);
}

/**
 * describeReplicaSet's page; describeReplicationController prints the same without "Controlled By" (`controlledBy`
 * undefined), its selector a label map.
 */
function renderReplicaSetLike(o: Any, selector: string, controlledBy: string | undefined, pods: PodCounts, events: KObject[] | undefined, now: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${o.metadata.name}\n`);
  w.write(0, `Namespace:\t${o.metadata.namespace}\n`);
  w.write(0, `Selector:\t${selector}\n`);
  labelsMultiline(w, 'Labels', o.metadata.labels);
  annotationsMultiline(w, 'Annotations', o.metadata.annotations);
  if (controlledBy) w.write(0, `Controlled By:\t${controlledBy}\n`);
  w.write(0, `Replicas:\t${o.status?.replicas ?? 0} current / ${o.spec?.replicas ?? 0} desired\n`);
  w.write(0, `Pods Status:\t${podsStatus(pods)}\n`);
  describePodTemplate(w, o.spec?.template);
  conditionsTable(w, o.status?.conditions);
  describeEvents(w, events, now);
  return tabbed(w);
}

export function describeReplicaSetObject(rs: Any, ctx: DescribeContext): string {
  const pods = podStatusForController(ctx, rs.metadata.namespace, selectorString(rs.spec?.selector), rs.metadata.uid);
  return renderReplicaSet(rs, pods, eventsOf(ctx, rs), ctx.now);
}

export function describeReplicationControllerObject(rc: Any, ctx: DescribeContext): string {
  const pods = podStatusForController(ctx, rc.metadata.namespace, selectorString({ matchLabels: rc.spec?.selector }), rc.metadata.uid);
  return renderReplicaSetLike(rc, formatLabelMap(rc.spec?.selector), undefined, pods, eventsOf(ctx, rc), ctx.now);
}

export function renderDaemonSet(ds: Any, pods: PodCounts, events: KObject[] | undefined, now: number): string {
  const w = new PrefixWriter();
  const s = ds.status ?? {};
  w.write(0, `Name:\t${ds.metadata.name}\n`);
  w.write(0, `Namespace:\t${ds.metadata.namespace}\n`);
  w.write(0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabelMap(ds.spec?.template?.spec?.nodeSelector)}\n`);
  labelsMultiline(w, 'Labels', ds.metadata.labels);
  annotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${s.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${s.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${s.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${s.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${s.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${podsStatus(pods)}\n`);
  describePodTemplate(w, ds.spec?.template);
  describeEvents(w, events, now);
  return tabbed(w);
}

export function describeDaemonSetObject(ds: Any, ctx: DescribeContext): string {
  const pods = podStatusForController(ctx, ds.metadata.namespace, selectorString(ds.spec?.selector), ds.metadata.uid);
  return renderDaemonSet(ds, pods, eventsOf(ctx, ds), ctx.now);
}

/** The ReplicaSet whose template equals the Deployment's (ignoring pod-template-hash), as deploymentutil.FindNewReplicaSet picks it. */
function templateKey(t: Any | undefined): string {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return canonicalJSON({ ...t, metadata: { ...t?.metadata, labels } });
}

function canonicalJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().filter((k) => (v as Any)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJSON((v as Any)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

export function renderDeployment(d: Any, oldRSs: Any[], newRSs: Any[], events: KObject[] | undefined, now: number): string {
  const w = new PrefixWriter();
  const s = d.status ?? {};
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  labelsMultiline(w, 'Labels', d.metadata.labels);
  annotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(0, `Selector:\t${selectorString(d.spec?.selector)}\n`);
  w.write(0, `Replicas:\t${d.spec?.replicas ?? 0} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${d.spec?.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}\n`);
  const ru = d.spec?.strategy?.rollingUpdate;
  if (ru) w.write(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? ''} max unavailable, ${ru.maxSurge ?? ''} max surge\n`);
  describePodTemplate(w, d.spec?.template);
  conditionsTable(w, s.conditions);
  if (oldRSs.length || newRSs.length) {
    const fmt = (list: Any[]) => list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ') || '<none>';
    w.write(0, `OldReplicaSets:\t${fmt(oldRSs)}\n`);
    w.write(0, `NewReplicaSet:\t${fmt(newRSs)}\n`);
  }
  describeEvents(w, events, now);
  return tabbed(w);
}

/**
 * deploymentutil.GetAllReplicaSets: the ReplicaSets this Deployment controls,
 * the new one (oldest with the current template) apart.
 */
export function splitReplicaSets(d: Any, replicaSets: Any[]): { oldRSs: Any[]; newRSs: Any[] } {
  const owned = replicaSets.filter((rs) => (rs.metadata.ownerReferences ?? []).some((r: Any) => r.controller === true && r.uid === d.metadata.uid));
  const byAge = [...owned].sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '') || (a.metadata.name < b.metadata.name ? -1 : 1));
  const key = templateKey(d.spec?.template);
  const newRS = byAge.find((rs) => templateKey(rs.spec?.template) === key);
  // describe prints every old ReplicaSet, scaled to zero or not (the second list of FindOldReplicaSets), oldest first.
  const oldRSs = byAge.filter((rs) => rs !== newRS);
  return { oldRSs, newRSs: newRS ? [newRS] : [] };
}

export function describeDeploymentObject(d: Any, ctx: DescribeContext): string {
  const events = eventsOf(ctx, d);
  const rss = ctx.client.list('replicasets.apps', d.metadata.namespace, { labelSelector: selectorString(d.spec?.selector) }).items as Any[];
  const { oldRSs, newRSs } = splitReplicaSets(d, rss);
  return renderDeployment(d, oldRSs, newRSs, events, ctx.now);
}
