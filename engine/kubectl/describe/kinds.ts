/**
 * Ingress, IngressClass, NetworkPolicy, ServiceCIDR, IPAddress, PriorityClass,
 * LimitRange and ResourceQuota describers (kubectl/pkg/describe/describe.go, release-1.35).
 */
import type { KObject } from '../../api/meta.js';
import { formatQuantity, parseQuantityExact } from '../../api/validation/quantity.js';
import { formatLabels, selectorString } from '../printers/table.js';
import { ingressAddress } from '../printers/tables/kinds.js';
import { eventsOf, type DescribeContext } from './context.js';
import { annotationsMultiline, describeEvents, labelsMultiline, PrefixWriter, rfc1123z, tabbed, type Any } from './format.js';

/** metav1.FormatLabelSelector: "<none>" for an empty selector. */
const selectorText = (sel: Any | undefined): string => selectorString(sel) || '<none>';

// ---------- Ingress ----------

/** serviceBackendStringer: "name:port". */
const serviceBackend = (svc: Any): string => `${svc.name ?? ''}:${svc.port?.number ? svc.port.number : svc.port?.name ?? ''}`;

/** formatEndpointSlices: the ready endpoints of the port, three at most, then "+ N more...". */
function endpointsText(slices: Any[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  const take = (addr: string) => {
    if (list.length === 3) more = true;
    if (!more) list.push(addr);
    count++;
  };
  for (const s of slices) {
    const ready = (e: Any) => e.conditions?.ready !== false;
    if (!s.ports?.length) { for (const e of s.endpoints ?? []) if (ready(e)) take(e.addresses[0]); continue; }
    for (const p of s.ports) {
      if ((p.name ?? '') !== portName) continue;
      for (const e of s.endpoints ?? []) if (ready(e)) take(`${e.addresses[0]}:${p.port}`);
    }
  }
  return more ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

function describeBackend(ctx: DescribeContext, ns: string, b: Any): string {
  if (b?.service) {
    const sb = serviceBackend(b.service);
    let slices: Any[];
    let svc: Any;
    try {
      slices = ctx.client.list('endpointslices.discovery.k8s.io', ns, { labelSelector: `kubernetes.io/service-name=${b.service.name}` }).items as Any[];
      svc = ctx.client.get('services', ns, b.service.name);
    } catch (e) {
      return `${sb} (<error: ${(e as Error).message}>)`;
    }
    let spName = '';
    for (const sp of svc.spec?.ports ?? []) {
      if ((b.service.port?.number && b.service.port.number === sp.port) || (b.service.port?.name && b.service.port.name === sp.name)) spName = sp.name ?? '';
    }
    return `${sb} (${endpointsText(slices, spName)})`;
  }
  if (b?.resource) return `APIGroup: ${b.resource.apiGroup ?? '<none>'}, Kind: ${b.resource.kind ?? ''}, Name: ${b.resource.name ?? ''}`;
  return '';
}

export function describeIngressObject(ing: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = ing.spec ?? {};
  const ns = ing.metadata.namespace ?? '';
  w.write(0, `Name:\t${ing.metadata.name}\n`);
  labelsMultiline(w, 'Labels', ing.metadata.labels);
  w.write(0, `Namespace:\t${ns}\n`);
  w.write(0, `Address:\t${ingressAddress(ing.status?.loadBalancer, true)}\n`);
  w.write(0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
  const def = spec.defaultBackend ? describeBackend(ctx, ns, spec.defaultBackend) : '<default>';
  w.write(0, `Default backend:\t${def}\n`);
  if (spec.tls?.length) {
    w.write(0, 'TLS:\n');
    for (const t of spec.tls) w.write(1, t.secretName ? `${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n` : `SNI routes ${(t.hosts ?? []).join(',')}\n`);
  }
  w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of spec.rules ?? []) {
    if (!rule?.http) continue;
    count++;
    w.write(1, `${rule.host || '*'}\t\n`);
    for (const p of rule.http.paths ?? []) w.write(2, `\t${p.path ?? ''} \t${describeBackend(ctx, ns, p.backend)}\n`);
  }
  if (!count) w.write(1, `*\t*\t${def}\n`);
  annotationsMultiline(w, 'Annotations', ing.metadata.annotations);
  describeEvents(w, eventsOf(ctx, ing), ctx.now);
  return tabbed(w);
}

export function describeIngressClassObject(ic: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ic.metadata.name}\n`);
  labelsMultiline(w, 'Labels', ic.metadata.labels);
  annotationsMultiline(w, 'Annotations', ic.metadata.annotations);
  w.write(0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
  const p = ic.spec?.parameters;
  if (p) {
    w.write(0, 'Parameters:\n');
    if (p.apiGroup != null) w.write(1, `APIGroup:\t${p.apiGroup}\n`);
    w.write(1, `Kind:\t${p.kind ?? ''}\n`);
    w.write(1, `Name:\t${p.name ?? ''}\n`);
  }
  describeEvents(w, eventsOf(ctx, ic), ctx.now);
  return tabbed(w);
}

// ---------- ServiceCIDR and IPAddress ----------

/** describeServiceCIDRV1: the CIDRs joined by ", ", then the conditions' table when there are any. */
export function describeServiceCIDRObject(sc: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${sc.metadata.name}\n`);
  labelsMultiline(w, 'Labels', sc.metadata.labels);
  annotationsMultiline(w, 'Annotations', sc.metadata.annotations);
  w.write(0, `CIDRs:\t${((sc.spec?.cidrs ?? []) as string[]).join(', ')}\n`);
  const conditions = (sc.status?.conditions ?? []) as Any[];
  if (conditions.length) {
    w.write(0, 'Status:\n');
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conditions) w.write(1, `${c.type ?? ''}\t${c.status ?? ''}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  describeEvents(w, eventsOf(ctx, sc), ctx.now);
  return tabbed(w);
}

/** describeIPAddressV1: the parent reference's four fields, when it has one. */
export function describeIPAddressObject(ip: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ip.metadata.name}\n`);
  labelsMultiline(w, 'Labels', ip.metadata.labels);
  annotationsMultiline(w, 'Annotations', ip.metadata.annotations);
  const ref = ip.spec?.parentRef;
  if (ref) {
    w.write(0, 'Parent Reference:\n');
    w.write(1, `Group:\t${ref.group ?? ''}\n`);
    w.write(1, `Resource:\t${ref.resource ?? ''}\n`);
    w.write(1, `Namespace:\t${ref.namespace ?? ''}\n`);
    w.write(1, `Name:\t${ref.name ?? ''}\n`);
  }
  describeEvents(w, eventsOf(ctx, ip), ctx.now);
  return tabbed(w);
}

// ---------- NetworkPolicy ----------

/** time.Time's String() in UTC, as "Created on:" prints a metav1.Time. */
function goTimeString(ts: unknown): string {
  if (typeof ts !== 'string' || !ts) return '0001-01-01 00:00:00 +0000 UTC';
  return `${ts.slice(0, 10)} ${ts.slice(11, 19)} +0000 UTC`;
}

function portLines(w: PrefixWriter, ports: Any[] | undefined, indent: string): void {
  if (!ports?.length) { w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`); return; }
  for (const p of ports) {
    const proto = p.protocol ?? 'TCP';
    const port = p.port ?? '<nil>';
    w.write(0, p.endPort == null ? `${indent}To Port: ${port}/${proto}\n` : `${indent}To Port Range: ${port}-${p.endPort}/${proto}\n`);
  }
}

function peerLines(w: PrefixWriter, peers: Any[] | undefined, indent: string, title: string, none: string): void {
  if (!peers?.length) { w.write(0, `${indent}${none}\n`); return; }
  for (const peer of peers) {
    w.write(0, `${indent}${title}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(1, `${indent}NamespaceSelector: ${selectorText(peer.namespaceSelector)}\n`);
      w.write(1, `${indent}PodSelector: ${selectorText(peer.podSelector)}\n`);
    } else if (peer.podSelector) w.write(1, `${indent}PodSelector: ${selectorText(peer.podSelector)}\n`);
    else if (peer.namespaceSelector) w.write(1, `${indent}NamespaceSelector: ${selectorText(peer.namespaceSelector)}\n`);
    else if (peer.ipBlock) {
      w.write(1, `${indent}IPBlock:\n`);
      w.write(2, `${indent}CIDR: ${peer.ipBlock.cidr ?? ''}\n`);
      w.write(2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

function ruleLines(w: PrefixWriter, rules: Any[] | undefined, peersKey: 'from' | 'to', isolated: string, title: string, none: string): void {
  const indent = '    ';
  if (!rules?.length) { w.write(0, `${indent}${isolated}\n`); return; }
  rules.forEach((rule, i) => {
    portLines(w, rule.ports, indent);
    peerLines(w, rule[peersKey], indent, title, none);
    if (i !== rules.length - 1) w.write(0, `${indent}----------\n`);
  });
}

export function describeNetworkPolicyObject(np: Any): string {
  const w = new PrefixWriter();
  const spec = np.spec ?? {};
  w.write(0, `Name:\t${np.metadata.name}\n`);
  w.write(0, `Namespace:\t${np.metadata.namespace}\n`);
  w.write(0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
  labelsMultiline(w, 'Labels', np.metadata.labels);
  annotationsMultiline(w, 'Annotations', np.metadata.annotations);
  w.write(0, 'Spec:\n');
  w.write(1, 'PodSelector: ');
  const sel = spec.podSelector ?? {};
  if (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length) w.write(2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
  else w.write(2, `${selectorText(sel)}\n`);
  const types: string[] = spec.policyTypes ?? [];
  if (types.includes('Ingress')) {
    w.write(1, 'Allowing ingress traffic:\n');
    ruleLines(w, spec.ingress, 'from', '<none> (Selected pods are isolated for ingress connectivity)', 'From', 'From: <any> (traffic not restricted by source)');
  } else w.write(1, 'Not affecting ingress traffic\n');
  if (types.includes('Egress')) {
    w.write(1, 'Allowing egress traffic:\n');
    ruleLines(w, spec.egress, 'to', '<none> (Selected pods are isolated for egress connectivity)', 'To', 'To: <any> (traffic not restricted by destination)');
  } else w.write(1, 'Not affecting egress traffic\n');
  w.write(1, `Policy Types: ${types.length ? types.join(', ') : '<none>'}\n`);
  return tabbed(w);
}

// ---------- PriorityClass ----------

export function describePriorityClassObject(pc: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${pc.metadata.name}\n`);
  w.write(0, `Value:\t${pc.value ?? 0}\n`);
  w.write(0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
  w.write(0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
  w.write(0, `Description:\t${pc.description ?? ''}\n`);
  w.write(0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
  describeEvents(w, eventsOf(ctx, pc), ctx.now);
  return tabbed(w);
}

// ---------- LimitRange and ResourceQuota ----------

const q = (v: unknown): string => {
  const p = parseQuantityExact(v);
  return p ? formatQuantity(p) : '0';
};

/** describeLimitRangeSpec: one row per item and resource, "-" where the item sets nothing. */
export function limitRangeRows(w: PrefixWriter, spec: Any, prefix: string): void {
  for (const item of spec?.limits ?? []) {
    const lists = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
    const names = new Set<string>();
    for (const l of lists) for (const k of Object.keys(l ?? {})) names.add(k);
    for (const k of [...names].sort()) {
      const cells = lists.map((l) => (l && k in l ? q(l[k]) : '-'));
      w.write(0, `${prefix}${item.type ?? ''}\t${k}\t${cells.join('\t')}\n`);
    }
  }
}

export function describeLimitRangeObject(lr: Any): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${lr.metadata.name}\n`);
  w.write(0, `Namespace:\t${lr.metadata.namespace}\n`);
  w.write(0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  limitRangeRows(w, lr.spec, '');
  return tabbed(w);
}

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

/** A used quantity printed in the hard one's format when they differ (describeQuota). */
function usedText(used: unknown, hard: unknown): string {
  const u = parseQuantityExact(used) ?? { milli: 0n, format: 'DecimalSI' as const };
  const h = parseQuantityExact(hard);
  if (!h || h.format === u.format) return formatQuantity(u);
  // resource.NewQuantity(used.Value(), hard.Format): whole units, rounded up.
  const units = u.milli >= 0n ? (u.milli + 999n) / 1000n : u.milli / 1000n;
  return formatQuantity({ milli: units * 1000n, format: h.format });
}

export function describeResourceQuotaObject(rq: Any): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${rq.metadata.name}\n`);
  w.write(0, `Namespace:\t${rq.metadata.namespace}\n`);
  const scopes: string[] = [...(rq.spec?.scopes ?? [])].sort();
  if (scopes.length) {
    w.write(0, `Scopes:\t${scopes.join(', ')}\n`);
    for (const s of scopes) if (SCOPE_HELP[s]) w.write(0, ` * ${SCOPE_HELP[s]}\n`);
  }
  w.write(0, 'Resource\tUsed\tHard\n');
  w.write(0, '--------\t----\t----\n');
  const hard = rq.status?.hard ?? {};
  for (const r of Object.keys(hard).sort()) w.write(0, `${r}\t${usedText(rq.status?.used?.[r], hard[r])}\t${q(hard[r])}\n`);
  return tabbed(w);
}

/** DescribeResourceQuotas and DescribeLimitRanges: the namespace describer's summaries. */
export function namespaceQuotaSummary(w: PrefixWriter, quotas: KObject[]): void {
  if (!quotas.length) { w.write(0, 'No resource quota.\n'); return; }
  w.write(0, 'Resource Quotas\n');
  for (const rq of [...quotas].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1)) as Any[]) {
    w.write(1, `Name:\t${rq.metadata.name}\n`);
    const scopes: string[] = [...(rq.spec?.scopes ?? [])].sort();
    if (scopes.length) {
      w.write(1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(1, `* ${SCOPE_HELP[s]}\n`);
    }
    w.write(1, 'Resource\tUsed\tHard\n');
    w.write(1, '--------\t---\t---\n');
    const hard = rq.status?.hard ?? {};
    for (const r of Object.keys(hard).sort()) w.write(1, `${r}\t${q(rq.status?.used?.[r])}\t${q(hard[r])}\n`);
  }
}

export function namespaceLimitRangeSummary(w: PrefixWriter, ranges: KObject[]): void {
  if (!ranges.length) { w.write(0, 'No LimitRange resource.\n'); return; }
  w.write(0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of ranges) limitRangeRows(w, lr.spec as Any, ' ');
}
