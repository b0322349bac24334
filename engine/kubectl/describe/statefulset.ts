/** The StatefulSet describer (StatefulSetDescriber, describeStatefulSet, describeVolumeClaimTemplates of kubectl's describe.go at v0.35.2: no Service Name, Pod Management Policy or retention policy lines yet). */
import type { KObject } from '../../api/meta.js';
import { selectorString } from '../printers/table.js';
import { describePodTemplate } from './containers.js';
import { eventsOf, podStatusForController, type DescribeContext, type PodCounts } from './context.js';
import { annotationsMultiline, describeEvents, labelsMultiline, PrefixWriter, rfc1123z, tabbed, type Any } from './format.js';

/** describeVolumeClaimTemplates; the access modes print as a Go slice. */
function volumeClaimTemplates(w: PrefixWriter, templates: Any[] | undefined): void {
  if (!templates?.length) {
    w.write(0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(0, 'Volume Claims:\n');
  for (const pvc of templates) {
    w.write(1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
    // GetPersistentVolumeClaimClass: the beta annotation first, then the field.
    w.write(1, `StorageClass:\t${pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? ''}\n`);
    labelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ');
    labelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ');
    const storage = pvc.spec?.resources?.requests?.storage;
    w.write(1, `Capacity:\t${storage ?? '<default>'}\n`);
    w.write(1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

export function renderStatefulSet(ps: Any, pods: PodCounts, events: KObject[] | undefined, now: number): string {
  const w = new PrefixWriter();
  const spec = ps.spec ?? {};
  w.write(0, `Name:\t${ps.metadata.name}\n`);
  w.write(0, `Namespace:\t${ps.metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(ps.metadata.creationTimestamp)}\n`);
  w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
  labelsMultiline(w, 'Labels', ps.metadata.labels);
  annotationsMultiline(w, 'Annotations', ps.metadata.annotations);
  w.write(0, `Replicas:\t${spec.replicas ?? 0} desired | ${ps.status?.replicas ?? 0} total\n`);
  w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ru && ru.partition !== undefined) {
    w.write(1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  w.write(0, `Pods Status:\t${pods.running} Running / ${pods.waiting} Waiting / ${pods.succeeded} Succeeded / ${pods.failed} Failed\n`);
  describePodTemplate(w, spec.template);
  volumeClaimTemplates(w, spec.volumeClaimTemplates);
  describeEvents(w, events, now);
  return tabbed(w);
}

export function describeStatefulSetObject(ps: Any, ctx: DescribeContext): string {
  const pods = podStatusForController(ctx, ps.metadata.namespace, selectorString(ps.spec?.selector), ps.metadata.uid);
  return renderStatefulSet(ps, pods, eventsOf(ctx, ps), ctx.now);
}
