/** Deployments, ReplicaSets, DaemonSets, ControllerRevisions and HorizontalPodAutoscalers (printDeployment, printReplicaSet, printDaemonSet, printControllerRevision, printHorizontalPodAutoscaler). */
import type { KObject } from '../../../api/meta.js';
import { since } from '../duration.js';
import { containerCells, formatLabels, formatLabelSelector, registerTable, selectorString, type TableHandler } from '../table.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const n = (v: unknown) => String(typeof v === 'number' ? v : 0);

registerTable('deployments.apps', {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Ready' }, { name: 'Up-to-date' }, { name: 'Available' }, { name: 'Age' },
    { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }, { name: 'Selector', priority: 1 },
  ],
  row(o: KObject, { now }) {
    const d = o as Any;
    const [names, images] = containerCells(d.spec?.template?.spec);
    return [
      o.metadata.name ?? '', `${n(d.status?.readyReplicas)}/${n(d.spec?.replicas)}`, n(d.status?.updatedReplicas), n(d.status?.availableReplicas),
      since(o.metadata.creationTimestamp, now), names, images, selectorString(d.spec?.selector),
    ];
  },
});

/** printReplicaSet's table; printReplicationController's is the same with `selector` printing an RC's label map. */
export function replicaSetTable(selector: (spec: Any | undefined) => string): TableHandler {
  return {
    columns: [
      { name: 'Name', format: 'name' }, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, { name: 'Age' },
      { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }, { name: 'Selector', priority: 1 },
    ],
    row(o, { now }) {
      const r = o as Any;
      const [names, images] = containerCells(r.spec?.template?.spec);
      return [
        o.metadata.name ?? '', n(r.spec?.replicas), n(r.status?.replicas), n(r.status?.readyReplicas), since(o.metadata.creationTimestamp, now),
        names, images, selector(r.spec),
      ];
    },
  };
}

registerTable('replicasets.apps', replicaSetTable((spec) => formatLabelSelector(spec?.selector)));

registerTable('daemonsets.apps', {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, { name: 'Up-to-date' }, { name: 'Available' },
    { name: 'Node Selector' }, { name: 'Age' },
    { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }, { name: 'Selector', priority: 1 },
  ],
  row(o, { now }) {
    const d = o as Any;
    const s = d.status ?? {};
    const [names, images] = containerCells(d.spec?.template?.spec);
    return [
      o.metadata.name ?? '', n(s.desiredNumberScheduled), n(s.currentNumberScheduled), n(s.numberReady), n(s.updatedNumberScheduled), n(s.numberAvailable),
      formatLabels(d.spec?.template?.spec?.nodeSelector), since(o.metadata.creationTimestamp, now), names, images, formatLabelSelector(d.spec?.selector),
    ];
  },
});

registerTable('controllerrevisions.apps', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Controller' }, { name: 'Revision' }, { name: 'Age' }],
  row(o, { now }) {
    // formatResourceName with the kind: the lower-cased GroupKind, "daemonset.apps/kube-proxy".
    const ref = o.metadata.ownerReferences?.find((r) => r.controller);
    const group = ref?.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
    const controller = ref ? `${ref.kind}${group ? '.' + group : ''}`.toLowerCase() + `/${ref.name}` : '<none>';
    return [o.metadata.name ?? '', controller, String((o as Any).revision ?? 0), since(o.metadata.creationTimestamp, now)];
  },
});

/** formatHPAMetrics: "cpu: 80%/50%", "cpu: <unknown>/50%", two shown then " + N more...". */
export function formatHPAMetrics(specs: Any[] | undefined, statuses: Any[] | undefined): string {
  if (!specs?.length) return '<none>';
  const list: string[] = [];
  const max = 2;
  let count = 0;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i];
    const st = statuses?.[i];
    let text: string | undefined;
    switch (spec.type) {
      case 'Resource':
      case 'ContainerResource': {
        const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const cur = spec.type === 'Resource' ? st?.resource : st?.containerResource;
        if (src?.target?.averageValue !== undefined) {
          const current = cur ? String(cur.current?.averageValue ?? '<unknown>') : '<unknown>';
          text = `${src.name}: ${current}/${src.target.averageValue}`;
        } else {
          const current = cur?.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}%` : '<unknown>';
          const target = src?.target?.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>';
          text = `${src?.name}: ${current}/${target}`;
        }
        break;
      }
      case 'Pods': {
        const current = st?.pods ? String(st.pods.current?.averageValue) : '<unknown>';
        text = `${current}/${spec.pods?.target?.averageValue}`;
        break;
      }
      case 'Object': {
        const t = spec.object?.target ?? {};
        if (t.averageValue !== undefined) {
          const current = st?.object?.current?.averageValue !== undefined ? String(st.object.current.averageValue) : '<unknown>';
          text = `${current}/${t.averageValue} (avg)`;
        } else {
          const current = st?.object?.current?.value !== undefined ? String(st.object.current.value) : '<unknown>';
          text = `${current}/${t.value}`;
        }
        break;
      }
      case 'External': {
        const t = spec.external?.target ?? {};
        if (t.averageValue !== undefined) {
          const current = st?.external?.current?.averageValue !== undefined ? String(st.external.current.averageValue) : '<unknown>';
          text = `${current}/${t.averageValue} (avg)`;
        } else {
          const current = st?.external?.current?.value !== undefined ? String(st.external.current.value) : '<unknown>';
          text = `${current}/${t.value}`;
        }
        break;
      }
      default:
        text = '<unknown type>';
    }
    if (list.length < max) list.push(text);
    count++;
  }
  const ret = list.join(', ');
  return count > max ? `${ret} + ${count - max} more...` : ret;
}

registerTable('horizontalpodautoscalers.autoscaling', {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Reference' }, { name: 'Targets' }, { name: 'MinPods' }, { name: 'MaxPods' }, { name: 'Replicas' }, { name: 'Age' },
  ],
  row(o, { now }) {
    const h = o as Any;
    const ref = h.spec?.scaleTargetRef ?? {};
    return [
      o.metadata.name ?? '', `${ref.kind ?? ''}/${ref.name ?? ''}`, formatHPAMetrics(h.spec?.metrics, h.status?.currentMetrics),
      h.spec?.minReplicas !== undefined ? String(h.spec.minReplicas) : '<unset>', n(h.spec?.maxReplicas), n(h.status?.currentReplicas),
      since(o.metadata.creationTimestamp, now),
    ];
  },
});
