/**
 * The `get` tables of storage.k8s.io/v1 CSIDriver, VolumeAttachment, CSIStorageCapacity and VolumeAttributesClass
 * and of resource.k8s.io/v1 (printCSIDriver, printVolumeAttachment, printCSIStorageCapacity,
 * printVolumeAttributesClass, printDeviceClass, printResourceClaim, printResourceClaimTemplate, printResourceSlice of
 * pkg/printers/internalversion/printers.go, release-1.35). Loaded with the other kinds' tables (lazy-kinds.ts).
 */
import type { KObject } from '../../../api/meta.js';
import { since } from '../duration.js';
import { registerTable } from '../table.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NAME = { name: 'Name', format: 'name' as const };
const AGE = { name: 'Age' };
const age = (o: KObject, now: number) => since(o.metadata.creationTimestamp, now);
const spec = (o: KObject) => ((o as Any).spec ?? {}) as Any;

registerTable('csidrivers.storage.k8s.io', {
  columns: [NAME, { name: 'AttachRequired' }, { name: 'PodInfoOnMount' }, { name: 'StorageCapacity' }, { name: 'TokenRequests' }, { name: 'RequiresRepublish' }, { name: 'Modes' }, AGE],
  row(o, { now }) {
    const s = spec(o);
    const modes = ((s.volumeLifecycleModes ?? []) as string[]).join(',') || '<none>';
    const tokenRequests = s.tokenRequests ? ((s.tokenRequests as Any[]).map((t) => t?.audience ?? '')).join(',') : '<unset>';
    return [o.metadata.name ?? '', String(s.attachRequired ?? true), String(s.podInfoOnMount ?? false), String(s.storageCapacity ?? false), tokenRequests, String(s.requiresRepublish ?? false), modes, age(o, now)];
  },
});

registerTable('volumeattachments.storage.k8s.io', {
  columns: [NAME, { name: 'Attacher', format: 'name' }, { name: 'PV' }, { name: 'Node' }, { name: 'Attached' }, AGE],
  row(o, { now }) {
    const s = spec(o);
    return [o.metadata.name ?? '', String(s.attacher ?? ''), String(s.source?.persistentVolumeName ?? ''), String(s.nodeName ?? ''), String((o as Any).status?.attached === true), age(o, now)];
  },
});

// No Age column: printCSIStorageCapacity has none.
registerTable('csistoragecapacities.storage.k8s.io', {
  columns: [NAME, { name: 'StorageClassName' }, { name: 'Capacity' }],
  row: (o) => [o.metadata.name ?? '', String((o as Any).storageClassName ?? ''), (o as Any).capacity != null ? String((o as Any).capacity) : '<unset>'],
});

registerTable('volumeattributesclasses.storage.k8s.io', {
  columns: [NAME, { name: 'DriverName' }, AGE],
  row: (o, { now }) => [o.metadata.name ?? '', String((o as Any).driverName ?? ''), age(o, now)],
});

registerTable('deviceclasses.resource.k8s.io', { columns: [NAME, AGE], row: (o, { now }) => [o.metadata.name ?? '', age(o, now)] });
registerTable('resourceclaimtemplates.resource.k8s.io', { columns: [NAME, AGE], row: (o, { now }) => [o.metadata.name ?? '', age(o, now)] });

/** resourceClaimState: deleted, then pending, or allocated and reserved. */
function resourceClaimState(o: KObject): string {
  const status = ((o as Any).status ?? {}) as Any;
  const states: string[] = [];
  if (o.metadata.deletionTimestamp) states.push('deleted');
  if (status.allocation == null) {
    if (!o.metadata.deletionTimestamp) states.push('pending');
  } else {
    states.push('allocated');
    if ((status.reservedFor ?? []).length) states.push('reserved');
  }
  return states.join(',');
}

registerTable('resourceclaims.resource.k8s.io', {
  columns: [NAME, { name: 'State' }, AGE],
  row: (o, { now }) => [o.metadata.name ?? '', resourceClaimState(o), age(o, now)],
});

registerTable('resourceslices.resource.k8s.io', {
  columns: [NAME, { name: 'Node' }, { name: 'Driver' }, { name: 'Pool' }, AGE],
  row(o, { now }) {
    const s = spec(o);
    return [o.metadata.name ?? '', String(s.nodeName ?? ''), String(s.driver ?? ''), String(s.pool?.name ?? ''), age(o, now)];
  },
});
