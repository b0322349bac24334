/** Services, Endpoints, EndpointSlices, Nodes, Namespaces, Events, ConfigMaps, Secrets, ServiceAccounts, Leases. */
import type { KObject } from '../../../api/meta.js';
import { since } from '../duration.js';
import { formatLabels, registerTable } from '../table.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LOAD_BALANCER_WIDTH = 16;

function loadBalancerStatus(s: Any | undefined, wide: boolean): string {
  const set = new Set<string>();
  for (const i of s?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  let r = [...set].sort().join(',');
  if (!wide && r.length > LOAD_BALANCER_WIDTH) r = r.slice(0, LOAD_BALANCER_WIDTH - 3) + '...';
  return r;
}

export function serviceExternalIP(svc: Any, wide: boolean): string {
  const ext: string[] = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(svc.status?.loadBalancer, wide);
      if (ext.length) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
  }
  return '<unknown>';
}

export function servicePorts(ports: Any[] | undefined): string {
  return (ports ?? []).map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

registerTable('services', {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Type' }, { name: 'Cluster-IP' }, { name: 'External-IP' }, { name: 'Port(s)' }, { name: 'Age' },
    { name: 'Selector', priority: 1 },
  ],
  row(o, { now, wide }) {
    const s = o as Any;
    const ports = servicePorts(s.spec?.ports);
    return [
      o.metadata.name ?? '', s.spec?.type ?? '', s.spec?.clusterIPs?.[0] ?? '<none>', serviceExternalIP(s, wide), ports === '' ? '<none>' : ports,
      since(o.metadata.creationTimestamp, now), formatLabels(s.spec?.selector),
    ];
  },
});

/** formatEndpoints: up to three ip:port, then " + N more...". */
export function formatEndpoints(ep: Any): string {
  const subsets: Any[] = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs: Any[] = ss.addresses ?? [];
    if (!(ss.ports ?? []).length) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) { more = true; break; }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) { more = true; break; }
        list.push(a.ip.includes(':') ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

registerTable('endpoints', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Endpoints' }, { name: 'Age' }],
  row: (o, { now }) => [o.metadata.name ?? '', formatEndpoints(o), since(o.metadata.creationTimestamp, now)],
});

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

registerTable('endpointslices.discovery.k8s.io', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'AddressType' }, { name: 'Ports' }, { name: 'Endpoints' }, { name: 'Age' }],
  row(o, { now }) {
    const s = o as Any;
    const max = 3;
    const ports: string[] = [];
    let pc = 0;
    let pmore = false;
    for (const p of s.ports ?? []) {
      if (ports.length < max) ports.push(p.port !== undefined && p.port !== null ? String(p.port) : p.name !== undefined ? p.name : '*');
      else if (ports.length === max) pmore = true;
      pc++;
    }
    const eps: string[] = [];
    let ec = 0;
    let emore = false;
    for (const e of s.endpoints ?? []) {
      for (const a of e.addresses ?? []) {
        if (eps.length < max) eps.push(a);
        else if (eps.length === max) emore = true;
        ec++;
      }
    }
    return [o.metadata.name ?? '', s.addressType ?? '', listWithMore(ports, pmore, pc, max), listWithMore(eps, emore, ec, max), since(o.metadata.creationTimestamp, now)];
  },
});

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role, sorted. */
export function nodeRoles(labels: Record<string, string> | undefined): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  const out = [...roles].sort().join(',');
  return out || '<none>';
}

export function nodeStatus(node: Any): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).find((c: Any) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (!status.length) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: Any, type: string): string {
  return (node.status?.addresses ?? []).find((a: Any) => a.type === type)?.address ?? '<none>';
}

registerTable('nodes', {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Status' }, { name: 'Roles' }, { name: 'Age' }, { name: 'Version' },
    { name: 'Internal-IP', priority: 1 }, { name: 'External-IP', priority: 1 }, { name: 'OS-Image', priority: 1 },
    { name: 'Kernel-Version', priority: 1 }, { name: 'Container-Runtime', priority: 1 },
  ],
  row(o, { now }) {
    const nd = o as Any;
    const info = nd.status?.nodeInfo ?? {};
    return [
      o.metadata.name ?? '', nodeStatus(nd), nodeRoles(o.metadata.labels), since(o.metadata.creationTimestamp, now), info.kubeletVersion ?? '',
      nodeAddress(nd, 'InternalIP'), nodeAddress(nd, 'ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>',
    ];
  },
});

registerTable('namespaces', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Status' }, { name: 'Age' }],
  row: (o, { now }) => [o.metadata.name ?? '', String((o.status as Any)?.phase ?? ''), since(o.metadata.creationTimestamp, now)],
});

function microSince(t: unknown, now: number): string {
  return since(t, now);
}

/** The event row (printEvent): LAST SEEN falls back to the first time, then to eventTime. */
export function eventRow(e: Any, now: number): { lastSeen: string; firstSeen: string; count: number; object: string } {
  let firstSeen = since(e.firstTimestamp, now);
  if (!e.firstTimestamp) firstSeen = microSince(e.eventTime, now);
  let lastSeen = since(e.lastTimestamp, now);
  if (!e.lastTimestamp) lastSeen = firstSeen;
  let count: number = e.count ?? 0;
  if (e.series) {
    lastSeen = microSince(e.series.lastObservedTime, now);
    count = e.series.count;
  } else if (count === 0) count = 1;
  const io = e.involvedObject ?? {};
  const object = io.name ? `${String(io.kind ?? '').toLowerCase()}/${io.name}` : String(io.kind ?? '').toLowerCase();
  return { lastSeen, firstSeen, count, object };
}

function eventSource(e: Any): string {
  const src = e.source ?? {};
  const component = src.component || e.reportingComponent || '';
  const host = src.host || e.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

registerTable('events', {
  columns: [
    { name: 'Last Seen' }, { name: 'Type' }, { name: 'Reason' }, { name: 'Object' }, { name: 'Subobject', priority: 1 }, { name: 'Source', priority: 1 },
    { name: 'Message' }, { name: 'First Seen', priority: 1 }, { name: 'Count', priority: 1 }, { name: 'Name', priority: 1, format: 'name' },
  ],
  row(o, { now }) {
    const e = o as Any;
    const r = eventRow(e, now);
    return [r.lastSeen, e.type ?? '', e.reason ?? '', r.object, e.involvedObject?.fieldPath ?? '', eventSource(e), String(e.message ?? '').trim(), r.firstSeen, String(r.count), o.metadata.name ?? ''];
  },
});

registerTable('configmaps', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Data' }, { name: 'Age' }],
  row: (o: KObject, { now }) => [o.metadata.name ?? '', String(Object.keys((o.data as object) ?? {}).length + Object.keys((o.binaryData as object) ?? {}).length), since(o.metadata.creationTimestamp, now)],
});

registerTable('secrets', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Type' }, { name: 'Data' }, { name: 'Age' }],
  row: (o, { now }) => [o.metadata.name ?? '', String(o.type ?? ''), String(Object.keys((o.data as object) ?? {}).length), since(o.metadata.creationTimestamp, now)],
});

registerTable('serviceaccounts', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Secrets' }, { name: 'Age' }],
  row: (o, { now }) => [o.metadata.name ?? '', String(((o.secrets as unknown[]) ?? []).length), since(o.metadata.creationTimestamp, now)],
});

registerTable('leases.coordination.k8s.io', {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Holder' }, { name: 'Age' }],
  row: (o, { now }) => [o.metadata.name ?? '', String((o.spec as Any)?.holderIdentity ?? ''), since(o.metadata.creationTimestamp, now)],
});
