/**
 * PersistentVolumes, PersistentVolumeClaims and StorageClasses (printPersistentVolume,
 * printPersistentVolumeClaim, printStorageClass of pkg/printers/internalversion/printers.go, release-1.35).
 * Loaded with the storage strategies, before a command that names one of these kinds (framework/root.ts).
 */
import { since } from '../duration.js';
import { registerTable } from '../table.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MODES: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];

/** helper.GetAccessModesAsString: the modes present, in this fixed order. */
export function accessModesString(modes: string[] | undefined): string {
  return MODES.filter(([m]) => modes?.includes(m)).map(([, s]) => s).join(',');
}

/** GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
export function claimClass(pvc: Any): string {
  return pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
}

/** GetPersistentVolumeClass: the same for a volume. */
export function volumeClass(pv: Any): string {
  return pv.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pv.spec?.storageClassName ?? '';
}

export function isDefaultClassAnnotated(sc: Any): boolean {
  const a = sc.metadata?.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

registerTable('persistentvolumes', {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Capacity' }, { name: 'Access Modes' }, { name: 'Reclaim Policy' }, { name: 'Status' }, { name: 'Claim' },
    { name: 'StorageClass' }, { name: 'VolumeAttributesClass' }, { name: 'Reason' }, { name: 'Age' }, { name: 'VolumeMode', priority: 1 },
  ],
  row(o, { now }) {
    const pv = o as Any;
    const ref = pv.spec?.claimRef;
    const phase = pv.metadata.deletionTimestamp ? 'Terminating' : pv.status?.phase ?? '';
    return [
      o.metadata.name ?? '', String(pv.spec?.capacity?.storage ?? '0'), accessModesString(pv.spec?.accessModes), pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phase, ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '', volumeClass(pv), pv.spec?.volumeAttributesClassName ?? '<unset>', pv.status?.reason ?? '',
      since(o.metadata.creationTimestamp, now), pv.spec?.volumeMode ?? '<unset>',
    ];
  },
});

registerTable('persistentvolumeclaims', {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Status' }, { name: 'Volume' }, { name: 'Capacity' }, { name: 'Access Modes' }, { name: 'StorageClass' },
    { name: 'VolumeAttributesClass' }, { name: 'Age' }, { name: 'VolumeMode', priority: 1 },
  ],
  row(o, { now }) {
    const pvc = o as Any;
    const bound = !!pvc.spec?.volumeName;
    const phase = pvc.metadata.deletionTimestamp ? 'Terminating' : pvc.status?.phase ?? '';
    return [
      o.metadata.name ?? '', phase, pvc.spec?.volumeName ?? '', bound ? String(pvc.status?.capacity?.storage ?? '0') : '', bound ? accessModesString(pvc.status?.accessModes) : '',
      claimClass(pvc), pvc.spec?.volumeAttributesClassName ?? '<unset>', since(o.metadata.creationTimestamp, now), pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
});

registerTable('storageclasses.storage.k8s.io', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Provisioner' }, { name: 'ReclaimPolicy' }, { name: 'VolumeBindingMode' }, { name: 'AllowVolumeExpansion' }, { name: 'Age' }],
  row(o, { now }) {
    const sc = o as Any;
    return [
      (o.metadata.name ?? '') + (isDefaultClassAnnotated(sc) ? ' (default)' : ''), sc.provisioner ?? '', sc.reclaimPolicy ?? 'Delete', sc.volumeBindingMode ?? 'Immediate',
      String(sc.allowVolumeExpansion === true), since(o.metadata.creationTimestamp, now),
    ];
  },
});
