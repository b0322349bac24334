/**
 * The metav1.Table kube-apiserver answers a request that accepts one (`kubectl get`'s
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), with the cells of the kind's
 * table handler: what the real-kubectl front serves, and what `kubectl get -v=8` shows.
 */
import type { KObject } from '../../api/meta.js';
import { resourceKey, type ResourceInfo } from '../../api/resources.js';
import { listOrder, tableFor } from './table.js';

/** The Table kube-apiserver would send for these objects (metav1.Table, includeObject as asked). */
export function tableOf(info: ResourceInfo, objs: KObject[], now: number, includeObject: string, resourceVersion?: string): unknown {
  const h = tableFor(resourceKey(info));
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: resourceVersion ? { resourceVersion } : {},
    columnDefinitions: h.columns.map((c) => ({
      name: c.name,
      type: 'string',
      format: c.format ?? '',
      description: '',
      priority: c.priority ?? 0,
    })),
    rows: (listOrder.apply ? listOrder.apply(objs.map((object) => ({ resource: info, object }))).map((i) => i.object) : objs).map((o) => ({
      cells: h.row(o, { now, wide: true }),
      ...(includeObject === 'None' ? {} : {
        object: includeObject === 'Object'
          ? o
          : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
      }),
    })),
  };
}

