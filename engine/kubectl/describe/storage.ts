/**
 * PersistentVolume, PersistentVolumeClaim and StorageClass describers (describePersistentVolume,
 * describePersistentVolumeClaim, describeStorageClass of kubectl/pkg/describe/describe.go, v1.35).
 */
import { accessModesString, claimClass, isDefaultClassAnnotated, volumeClass } from '../printers/tables/storage.js';
import { eventsOf, type DescribeContext } from './context.js';
import { age, annotationsMultiline, describeEvents, formatLabelMap, labelsMultiline, PrefixWriter, tabbed, type Any } from './format.js';

/** Go's %v of a []string: "[a b]". */
const goList = (l: string[] | undefined) => `[${(l ?? []).join(' ')}]`;

function volumeNodeAffinity(w: PrefixWriter, affinity: Any): void {
  w.write(0, 'Node Affinity:\t');
  if (!affinity?.required) { w.write(0, '<none>\n'); return; }
  w.write(0, '\n');
  w.write(1, 'Required Terms:\t');
  const terms: Any[] = affinity.required.nodeSelectorTerms ?? [];
  if (!terms.length) { w.write(0, '<none>\n'); return; }
  w.write(0, '\n');
  terms.forEach((term, i) => {
    w.write(2, `Term ${i}:\t`);
    const reqs: Any[] = term.matchExpressions ?? [];
    if (!reqs.length) { w.write(0, '<none>\n'); return; }
    reqs.forEach((r, j) => {
      if (j) w.write(2, '\t');
      let s = `${r.key} ${String(r.operator ?? '').toLowerCase()}`;
      if (r.values?.length) s += ` [${r.values.join(', ')}]`;
      w.write(0, `${s}\n`);
    });
  });
}

/** The Source block: the PersistentVolumeSource types the course meets, as the pod describer prints them. */
function volumeSource(w: PrefixWriter, spec: Any): void {
  if (spec.hostPath) {
    w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path ?? ''}\n    HostPathType:\t${spec.hostPath.type ?? '<none>'}\n`);
    return;
  }
  if (spec.nfs) {
    w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server ?? ''}\n    Path:\t${spec.nfs.path ?? ''}\n    ReadOnly:\t${spec.nfs.readOnly === true}\n`);
    return;
  }
  if (spec.local) { w.write(2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path ?? ''}\n`); return; }
  if (spec.csi) {
    const c = spec.csi;
    w.write(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${c.driver ?? ''}\n    FSType:\t${c.fsType ?? ''}\n    VolumeHandle:\t${c.volumeHandle ?? ''}\n    ReadOnly:\t${c.readOnly === true}\n`);
    const attrs = c.volumeAttributes ?? {};
    const keys = Object.keys(attrs).sort();
    w.write(0, 'VolumeAttributes:\t');
    if (!keys.length) { w.write(0, '<none>\n'); return; }
    keys.forEach((k, i) => w.write(0, `${i ? '\t' : ''}${k}=${attrs[k]}\n`));
    return;
  }
  w.write(1, '<unknown>\n');
}

export function describePersistentVolumeObject(pv: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = pv.spec ?? {};
  w.write(0, `Name:\t${pv.metadata.name}\n`);
  labelsMultiline(w, 'Labels', pv.metadata.labels);
  annotationsMultiline(w, 'Annotations', pv.metadata.annotations);
  w.write(0, `Finalizers:\t${goList(pv.metadata.finalizers)}\n`);
  w.write(0, `StorageClass:\t${volumeClass(pv)}\n`);
  w.write(0, pv.metadata.deletionTimestamp ? `Status:\tTerminating (lasts ${age(pv.metadata.deletionTimestamp, ctx.now)})\n` : `Status:\t${pv.status?.phase ?? ''}\n`);
  w.write(0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`);
  w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`);
  if (spec.volumeMode !== undefined) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  w.write(0, `Capacity:\t${spec.capacity?.storage ?? '0'}\n`);
  volumeNodeAffinity(w, spec.nodeAffinity);
  w.write(0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(0, 'Source:\n');
  volumeSource(w, spec);
  describeEvents(w, eventsOf(ctx, pv), ctx.now);
  return tabbed(w);
}

export function describePersistentVolumeClaimObject(pvc: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = pvc.spec ?? {};
  w.write(0, `Name:\t${pvc.metadata.name}\n`);
  w.write(0, `Namespace:\t${pvc.metadata.namespace}\n`);
  w.write(0, `StorageClass:\t${claimClass(pvc)}\n`);
  w.write(0, pvc.metadata.deletionTimestamp ? `Status:\tTerminating (lasts ${age(pvc.metadata.deletionTimestamp, ctx.now)})\n` : `Status:\t${pvc.status?.phase ?? ''}\n`);
  w.write(0, `Volume:\t${spec.volumeName ?? ''}\n`);
  labelsMultiline(w, 'Labels', pvc.metadata.labels);
  annotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
  w.write(0, `Finalizers:\t${goList(pvc.metadata.finalizers)}\n`);
  const bound = !!spec.volumeName;
  w.write(0, `Capacity:\t${bound ? pvc.status?.capacity?.storage ?? '0' : ''}\n`);
  w.write(0, `Access Modes:\t${bound ? accessModesString(pvc.status?.accessModes) : ''}\n`);
  if (spec.volumeMode !== undefined) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(0, 'DataSource:\n');
    if (spec.dataSource.apiGroup !== undefined) w.write(1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(1, `Kind:\t${spec.dataSource.kind ?? ''}\n`);
    w.write(1, `Name:\t${spec.dataSource.name ?? ''}\n`);
  }
  // getPodsForPVC: the namespace's pods that name the claim in a volume, sorted by name.
  let users: string[] = [];
  try {
    users = (ctx.client.list('pods', pvc.metadata.namespace).items as Any[])
      .filter((p) => (p.spec?.volumes ?? []).some((v: Any) => v.persistentVolumeClaim?.claimName === pvc.metadata.name))
      .map((p) => p.metadata.name as string).sort();
  } catch { /* printed without users */ }
  w.write(0, 'Used By:\t');
  if (!users.length) w.write(0, '<none>\n');
  users.forEach((u, i) => w.write(0, `${i ? '\t' : ''}${u}\n`));
  describeEvents(w, eventsOf(ctx, pvc), ctx.now);
  return tabbed(w);
}

export function describeStorageClassObject(sc: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${sc.metadata.name}\n`);
  w.write(0, `IsDefaultClass:\t${isDefaultClassAnnotated(sc) ? 'Yes' : 'No'}\n`);
  w.write(0, `Annotations:\t${formatLabelMap(sc.metadata.annotations)}\n`);
  w.write(0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
  w.write(0, `Parameters:\t${formatLabelMap(sc.parameters)}\n`);
  w.write(0, `AllowVolumeExpansion:\t${typeof sc.allowVolumeExpansion === 'boolean' ? (sc.allowVolumeExpansion ? 'True' : 'False') : '<unset>'}\n`);
  if (!sc.mountOptions?.length) w.write(0, 'MountOptions:\t<none>\n');
  else {
    w.write(0, 'MountOptions:\n');
    for (const o of sc.mountOptions) w.write(1, `${o}\n`);
  }
  if (sc.reclaimPolicy !== undefined) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode !== undefined) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  describeEvents(w, eventsOf(ctx, sc), ctx.now);
  return tabbed(w);
}

/** describeVolumeAttributesClass: the class's driver and parameters, annotations as one line. */
export function describeVolumeAttributesClassObject(vac: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${vac.metadata.name}\n`);
  w.write(0, `Annotations:\t${formatLabelMap(vac.metadata.annotations)}\n`);
  w.write(0, `DriverName:\t${vac.driverName ?? ''}\n`);
  w.write(0, `Parameters:\t${formatLabelMap(vac.parameters)}\n`);
  describeEvents(w, eventsOf(ctx, vac), ctx.now);
  return tabbed(w);
}
