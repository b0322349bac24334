/**
 * kube-proxy's decision, as pure functions: which addresses a Service
 * answers on (ClusterIP, external IPs, LoadBalancer ingress IPs, NodePorts)
 * and which endpoints each of them forwards to. This is what the iptables
 * proxier writes as KUBE-SERVICES / KUBE-SVC-* / KUBE-SEP-* chains; the
 * request path (engine/network/network.ts) reads it.
 *
 * Endpoint choice follows pkg/proxy/topology.go CategorizeEndpoints: ready
 * endpoints; when none is ready, the ones that are serving and terminating
 * (ProxyTerminatingEndpoints, GA in 1.28); with a Local traffic policy only
 * the endpoints on the node itself. No endpoint at all: a REJECT rule
 * (connection refused), except external traffic with policy Local and no
 * local endpoint, which is dropped (the connection times out).
 */

export interface ServicePortSpec { name?: string; port: number; protocol?: string; nodePort?: number; targetPort?: number | string }

export interface ServiceView {
  namespace: string;
  name: string;
  type?: string;
  clusterIP?: string;
  externalName?: string;
  externalIPs?: string[];
  ports: ServicePortSpec[];
  sessionAffinity?: string;
  affinityTimeoutSeconds?: number;
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  ingressIPs: string[];
  healthCheckNodePort?: number;
}

export interface SliceView {
  addressType?: string;
  ports?: { name?: string; port?: number; protocol?: string }[];
  endpoints?: {
    addresses: string[];
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
    nodeName?: string;
    targetRef?: { kind?: string; namespace?: string; name?: string };
  }[];
}

export interface ProxyEndpoint {
  ip: string;
  port: number;
  nodeName?: string;
  pod?: { namespace: string; name: string };
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** One KUBE-SVC chain: a Service port and everything needed to pick a backend. */
export interface ServicePortRule {
  service: string;
  portName: string;
  protocol: string;
  port: number;
  nodePort?: number;
  /** Every endpoint of the port (the selection below filters them). */
  endpoints: ProxyEndpoint[];
  sessionAffinity: boolean;
  affinityTimeoutMs: number;
  externalLocal: boolean;
  internalLocal: boolean;
  /** The Service's addresses, which `iptables` shows as the rules' destinations (engine/network/iptables.ts). */
  svc: ServiceView;
}

/** A node's rule set: destination "ip:port/proto" and "nodeport:port/proto" → the Service port. */
export type ProxyTable = Map<string, ServicePortRule>;

/** v1.DefaultClientIPServiceAffinitySeconds */
export const DEFAULT_AFFINITY_SECONDS = 10800;

export const ruleKey = (ip: string, port: number, protocol = 'TCP') => `${ip}:${port}/${protocol}`;
export const nodePortKey = (port: number, protocol = 'TCP') => `nodeport:${port}/${protocol}`;

/** The rules one Service contributes (none for headless and ExternalName Services). */
export function serviceRules(svc: ServiceView, slices: SliceView[]): { key: string; rule: ServicePortRule }[] {
  if (svc.type === 'ExternalName' || !svc.clusterIP || svc.clusterIP === 'None') return [];
  const out: { key: string; rule: ServicePortRule }[] = [];
  for (const p of svc.ports) {
    const protocol = p.protocol ?? 'TCP';
    const portName = p.name ?? '';
    const endpoints: ProxyEndpoint[] = [];
    for (const s of slices) {
      if (s.addressType && s.addressType !== 'IPv4') continue;
      const sp = (s.ports ?? []).find((x) => (x.name ?? '') === portName && (x.protocol ?? 'TCP') === protocol);
      if (!sp || sp.port === undefined) continue;
      for (const e of s.endpoints ?? []) {
        const c = e.conditions ?? {};
        const ready = c.ready ?? true;
        const ip = e.addresses[0];
        if (!ip) continue;
        endpoints.push({
          ip, port: sp.port, nodeName: e.nodeName,
          pod: e.targetRef?.kind === 'Pod' && e.targetRef.name ? { namespace: e.targetRef.namespace ?? svc.namespace, name: e.targetRef.name } : undefined,
          ready, serving: c.serving ?? ready, terminating: c.terminating ?? false,
        });
      }
    }
    const rule: ServicePortRule = {
      service: `${svc.namespace}/${svc.name}`, portName, protocol, port: p.port, nodePort: p.nodePort, endpoints,
      sessionAffinity: svc.sessionAffinity === 'ClientIP',
      affinityTimeoutMs: (svc.affinityTimeoutSeconds ?? DEFAULT_AFFINITY_SECONDS) * 1000,
      externalLocal: svc.externalTrafficPolicy === 'Local',
      internalLocal: svc.internalTrafficPolicy === 'Local',
      svc,
    };
    out.push({ key: ruleKey(svc.clusterIP, p.port, protocol), rule });
    for (const ip of svc.externalIPs ?? []) out.push({ key: ruleKey(ip, p.port, protocol), rule });
    for (const ip of svc.ingressIPs) out.push({ key: ruleKey(ip, p.port, protocol), rule });
    if (p.nodePort && (svc.type === 'NodePort' || svc.type === 'LoadBalancer')) out.push({ key: nodePortKey(p.nodePort, protocol), rule });
  }
  return out;
}

/**
 * CategorizeEndpoints for one packet: the endpoints it may go to. `external`
 * is NodePort / LoadBalancer / external IP traffic; `node` is where the
 * rules run.
 */
export function usableEndpoints(rule: ServicePortRule, node: string, external: boolean): ProxyEndpoint[] {
  const local = external ? rule.externalLocal : rule.internalLocal;
  const candidates = local ? rule.endpoints.filter((e) => e.nodeName === node) : rule.endpoints;
  const ready = candidates.filter((e) => e.ready);
  if (ready.length > 0) return ready;
  return candidates.filter((e) => e.serving && e.terminating);
}

/** What the rules do with a packet that has no endpoint to go to. */
export function noEndpointVerdict(rule: ServicePortRule, external: boolean): 'reject' | 'drop' {
  // KUBE-EXTERNAL-SERVICES rejects when the Service has no endpoints at all; a Local policy with endpoints elsewhere drops.
  const local = external ? rule.externalLocal : rule.internalLocal;
  if (local && usableEndpoints({ ...rule, externalLocal: false, internalLocal: false }, '', false).length > 0) return 'drop';
  return 'reject';
}
