/**
 * The `get` tables of Ingress, IngressClass, NetworkPolicy, PriorityClass,
 * LimitRange and ResourceQuota (printIngress, printIngressClass,
 * printNetworkPolicy, printPriorityClass, printLimitRange, printResourceQuota
 * of pkg/printers/internalversion/printers.go, release-1.35). Loaded on first
 * use (lazy-kinds.ts).
 */
import { since } from '../duration.js';
import { containerCells, formatLabels, formatLabelSelector, registerTable } from '../table.js';
import { replicaSetTable } from './workloads.js';
import { formatQuantity, parseQuantityExact } from '../../../api/validation/quantity.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** loadBalancerWidth: ADDRESS is cut to 16 bytes outside -o wide. */
const LOAD_BALANCER_WIDTH = 16;

/** formatHosts: up to three hosts, then "+ N more...", or "*" when no rule names one. */
export function formatHosts(rules: Any[] | undefined): string {
  const list: string[] = [];
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === 3) more = true;
    if (!more && rule?.host) list.push(rule.host);
  }
  if (!list.length) return '*';
  return more ? `${list.join(',')} + ${(rules ?? []).length - 3} more...` : list.join(',');
}

/** ingressLoadBalancerStatusStringer: the sorted IPs (or hostnames) of status.loadBalancer. */
export function ingressAddress(lb: Any | undefined, wide: boolean): string {
  const set = new Set<string>();
  for (const i of lb?.ingress ?? []) {
    if (i?.ip) set.add(i.ip);
    else if (i?.hostname) set.add(i.hostname);
  }
  const r = [...set].sort().join(',');
  return !wide && r.length > LOAD_BALANCER_WIDTH ? `${r.slice(0, LOAD_BALANCER_WIDTH - 3)}...` : r;
}

registerTable('ingresses.networking.k8s.io', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Class' }, { name: 'Hosts' }, { name: 'Address' }, { name: 'Ports' }, { name: 'Age' }],
  row(o, { now, wide }) {
    const spec = (o.spec ?? {}) as Any;
    const ports = spec.tls?.length ? '80, 443' : '80';
    return [o.metadata.name ?? '', spec.ingressClassName ?? '<none>', formatHosts(spec.rules), ingressAddress((o.status as Any)?.loadBalancer, wide), ports, since(o.metadata.creationTimestamp, now)];
  },
});

registerTable('ingressclasses.networking.k8s.io', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Controller' }, { name: 'Parameters' }, { name: 'Age' }],
  row(o, { now }) {
    const spec = (o.spec ?? {}) as Any;
    const p = spec.parameters;
    const parameters = p ? `${p.kind ?? ''}${p.apiGroup != null ? `.${p.apiGroup}` : ''}/${p.name ?? ''}` : '<none>';
    return [o.metadata.name ?? '', spec.controller ?? '', parameters, since(o.metadata.creationTimestamp, now)];
  },
});

registerTable('networkpolicies.networking.k8s.io', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Pod-Selector' }, { name: 'Age' }],
  row: (o, { now }) => [o.metadata.name ?? '', formatLabelSelector((o.spec as Any)?.podSelector), since(o.metadata.creationTimestamp, now)],
});

registerTable('priorityclasses.scheduling.k8s.io', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Value' }, { name: 'Global-Default' }, { name: 'Age' }, { name: 'PreemptionPolicy' }],
  row(o, { now }) {
    const pc = o as Any;
    return [o.metadata.name ?? '', String(pc.value ?? 0), String(pc.globalDefault === true), since(o.metadata.creationTimestamp, now), pc.preemptionPolicy ?? ''];
  },
});

registerTable('limitranges', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Created At' }],
  // The cell is the metav1.Time itself, which the table carries in its RFC 3339 form.
  row: (o) => [o.metadata.name ?? '', o.metadata.creationTimestamp ?? ''],
});

const quantityText = (v: unknown): string => {
  const q = parseQuantityExact(v);
  return q ? formatQuantity(q) : '0';
};

/** "cpu: 100m/1, pods: 1/2": each hard resource with its use, limits.* in the LIMIT column. */
export function quotaColumns(status: Any | undefined): [string, string] {
  const request: string[] = [];
  const limit: string[] = [];
  for (const r of Object.keys(status?.hard ?? {}).sort()) {
    const cell = `${r}: ${quantityText(status?.used?.[r])}/${quantityText(status?.hard?.[r])}`;
    (r.split('.').length > 1 && r.startsWith('limits.') ? limit : request).push(cell);
  }
  return [request.join(', '), limit.join(', ')];
}

registerTable('resourcequotas', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Request' }, { name: 'Limit' }, { name: 'Age' }],
  row(o, { now }) {
    const [request, limit] = quotaColumns(o.status as Any);
    return [o.metadata.name ?? '', request, limit, since(o.metadata.creationTimestamp, now)];
  },
});

registerTable('replicationcontrollers', replicaSetTable((spec) => formatLabels(spec?.selector)));

// printPodTemplate: no AGE column.
registerTable('podtemplates', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Containers' }, { name: 'Images' }, { name: 'Pod Labels' }],
  row(o) {
    const t = (o as Any).template;
    const [names, images] = containerCells(t?.spec);
    return [o.metadata.name ?? '', names, images, formatLabels(t?.metadata?.labels)];
  },
});
