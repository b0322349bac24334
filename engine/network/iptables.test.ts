import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainHash, nodeTables, probability, saveRule, servicePorts, type Table } from './iptables.js';
import { serviceRules, type ProxyTable, type ServiceView, type SliceView } from './rules.js';

/** servicePortChainName's formula, computed here on its own: base32 (RFC 4648 alphabet) of SHA-256, first 16 characters. */
function expectedHash(text: string): string {
  const bytes = createHash('sha256').update(text).digest();
  let bits = '';
  for (const b of bytes.subarray(0, 10)) bits += b.toString(2).padStart(8, '0');
  return bits.match(/.{5}/g)!.map((x) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[parseInt(x, 2)]).join('');
}

const svc = (extra: Partial<ServiceView> = {}): ServiceView => ({ namespace: 'default', name: 'web', type: 'ClusterIP', clusterIP: '10.96.0.20', ports: [{ port: 80 }], ingressIPs: [], ...extra });
const slice = (ips: [string, string][], ready = true): SliceView => ({
  addressType: 'IPv4', ports: [{ name: '', port: 8080, protocol: 'TCP' }],
  endpoints: ips.map(([ip, node]) => ({ addresses: [ip], nodeName: node, conditions: { ready, serving: ready, terminating: false } })),
});
const tableOf = (...services: [ServiceView, SliceView[]][]): ProxyTable => {
  const t: ProxyTable = new Map();
  for (const [s, slices] of services) for (const r of serviceRules(s, slices)) t.set(r.key, r.rule);
  return t;
};
const NET = { node: 'worker-1', podCIDR: '10.244.1.0/24', clusterCIDR: '10.244.0.0/16' };
/** iptables-save's lines of one table. */
const save = (tables: Table[], name: string) => tables.find((t) => t.name === name)!.chains.flatMap((c) => c.rules.map((r) => saveRule(c.name, r)));
const chains = (tables: Table[], name: string) => tables.find((t) => t.name === name)!.chains.map((c) => c.name);

describe('kube-proxy chain names', () => {
  it('hash "namespace/name[:port]" and the lower-case protocol (and the endpoint) as servicePortChainName does', () => {
    expect(chainHash('default/webtcp')).toBe(expectedHash('default/webtcp'));
    expect(chainHash('default/webtcp10.244.1.2:8080')).toBe(expectedHash('default/webtcp10.244.1.2:8080'));
    // The names every kubeadm cluster shows for its API server and DNS Services.
    expect(chainHash('default/kubernetes:httpstcp')).toBe('NPX46M4PTMTKRN6Y');
    expect(chainHash('kube-system/kube-dns:dnsudp')).toBe('TCOU7JCQXEZGVUNU');
    const t = nodeTables(tableOf([svc(), [slice([['10.244.1.2', 'worker-1']])]]), NET);
    expect(chains(t, 'nat')).toEqual(expect.arrayContaining([`KUBE-SVC-${expectedHash('default/webtcp')}`, `KUBE-SEP-${expectedHash('default/webtcp10.244.1.2:8080')}`]));
  });
});

describe('a Service\'s nat rules', () => {
  it('sends a 3-endpoint Service to each endpoint with probabilities 1/3, 1/2, then the rest, as iptables-save prints them', () => {
    expect([probability(3), probability(2), probability(4)]).toEqual(['0.33333333349', '0.50000000000', '0.25000000000']);
    const t = nodeTables(tableOf([svc(), [slice([['10.244.2.3', 'worker-2'], ['10.244.1.3', 'worker-1'], ['10.244.1.4', 'worker-1']])]]), NET);
    const svcChain = `KUBE-SVC-${expectedHash('default/webtcp')}`;
    const sep = (ip: string) => `KUBE-SEP-${expectedHash(`default/webtcp${ip}:8080`)}`;
    expect(save(t, 'nat').filter((l) => l.startsWith(`-A ${svcChain} `))).toEqual([
      `-A ${svcChain} ! -s 10.244.0.0/16 -d 10.96.0.20/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`,
      `-A ${svcChain} -m comment --comment "default/web -> 10.244.1.3:8080" -m statistic --mode random --probability 0.33333333349 -j ${sep('10.244.1.3')}`,
      `-A ${svcChain} -m comment --comment "default/web -> 10.244.1.4:8080" -m statistic --mode random --probability 0.50000000000 -j ${sep('10.244.1.4')}`,
      `-A ${svcChain} -m comment --comment "default/web -> 10.244.2.3:8080" -j ${sep('10.244.2.3')}`,
    ]);
    expect(save(t, 'nat').filter((l) => l.startsWith(`-A ${sep('10.244.2.3')} `))).toEqual([
      `-A ${sep('10.244.2.3')} -s 10.244.2.3/32 -m comment --comment "default/web" -j KUBE-MARK-MASQ`,
      `-A ${sep('10.244.2.3')} -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.2.3:8080`,
    ]);
    expect(save(t, 'nat')).toContain(`-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j ${svcChain}`);
  });

  it('gives a NodePort Service a KUBE-EXT chain reached from KUBE-NODEPORTS, localhost first', () => {
    const np = svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    const ext = `KUBE-EXT-${expectedHash('default/webtcp')}`;
    const lines = save(nodeTables(tableOf([np, [slice([['10.244.1.2', 'worker-1']])]]), NET), 'nat');
    expect(lines.filter((l) => l.startsWith('-A KUBE-NODEPORTS') || l.startsWith(`-A ${ext}`))).toEqual([
      `-A KUBE-EXT-${expectedHash('default/webtcp')} -m comment --comment "masquerade traffic for default/web external destinations" -j KUBE-MARK-MASQ`,
      `-A ${ext} -j KUBE-SVC-${expectedHash('default/webtcp')}`,
      `-A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m comment --comment "default/web" -m tcp --dport 30080 -m nfacct --nfacct-name  localhost_nps_accepted_pkts -j ${ext}`,
      `-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web" -m tcp --dport 30080 -j ${ext}`,
    ]);
    expect(lines.at(-1)).not.toContain('KUBE-NODEPORTS');
    expect(lines.filter((l) => l.startsWith('-A KUBE-SERVICES')).at(-1)).toBe('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  });

  it('sends a Local LoadBalancer Service to the node\'s own endpoints through KUBE-SVL, and drops external traffic on a node without one', () => {
    const lb = svc({ type: 'LoadBalancer', ports: [{ port: 80, nodePort: 30080 }], ingressIPs: ['203.0.113.10'], externalTrafficPolicy: 'Local', healthCheckNodePort: 32000 });
    const table = tableOf([lb, [slice([['10.244.1.2', 'worker-1'], ['10.244.2.2', 'worker-2']])]]);
    const svl = `KUBE-SVL-${expectedHash('default/webtcp')}`;
    const ext = `KUBE-EXT-${expectedHash('default/webtcp')}`;
    const here = nodeTables(table, NET);
    expect(save(here, 'nat')).toContain(`-A KUBE-SERVICES -d 203.0.113.10/32 -p tcp -m comment --comment "default/web loadbalancer IP" -m tcp --dport 80 -j ${ext}`);
    expect(save(here, 'nat').filter((l) => l.startsWith(`-A ${ext}`) || l.startsWith(`-A ${svl}`))).toEqual([
      `-A ${ext} -s 10.244.0.0/16 -m comment --comment "pod traffic for default/web external destinations" -j KUBE-SVC-${expectedHash('default/webtcp')}`,
      `-A ${ext} -m comment --comment "masquerade LOCAL traffic for default/web external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      `-A ${ext} -m comment --comment "route LOCAL traffic for default/web external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-${expectedHash('default/webtcp')}`,
      `-A ${ext} -j ${svl}`,
      `-A ${svl} -m comment --comment "default/web -> 10.244.1.2:8080" -j KUBE-SEP-${expectedHash('default/webtcp10.244.1.2:8080')}`,
    ]);
    expect(save(here, 'filter')).toContain('-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web health check node port" -m tcp --dport 32000 -j ACCEPT');
    const cp = nodeTables(table, { ...NET, node: 'control-plane', podCIDR: '10.244.0.0/24' });
    expect(chains(cp, 'nat')).not.toContain(svl);
    expect(save(cp, 'filter')).toEqual(expect.arrayContaining([
      '-A KUBE-EXTERNAL-SERVICES -d 203.0.113.10/32 -p tcp -m comment --comment "default/web has no local endpoints" -m tcp --dport 80 -j DROP',
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP',
    ]));
  });

  it('rejects in the filter table, and writes no nat chain, for a Service without endpoints', () => {
    const t = nodeTables(tableOf([svc({ ports: [{ name: 'http', port: 80 }] }), [slice([['10.244.1.2', 'worker-1']], false)]]), NET);
    expect(save(t, 'filter')).toContain('-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable');
    expect(chains(t, 'nat').filter((c) => /^KUBE-(SVC|SEP)-/.test(c))).toEqual([]);
  });

  it('pins clients with the recent match when the Service has ClientIP affinity', () => {
    const t = nodeTables(tableOf([svc({ sessionAffinity: 'ClientIP', affinityTimeoutSeconds: 600 }), [slice([['10.244.1.2', 'worker-1']])]]), NET);
    const sep = `KUBE-SEP-${expectedHash('default/webtcp10.244.1.2:8080')}`;
    expect(save(t, 'nat')).toEqual(expect.arrayContaining([
      `-A KUBE-SVC-${expectedHash('default/webtcp')} -m comment --comment "default/web -> 10.244.1.2:8080" -m recent --rcheck --seconds 600 --reap --name ${sep} --mask 255.255.255.255 --rsource -j ${sep}`,
      `-A ${sep} -p tcp -m comment --comment "default/web" -m recent --set --name ${sep} --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.2:8080`,
    ]));
  });

  it('lists each Service port once, in name order', () => {
    const t = tableOf([svc({ name: 'b', externalIPs: ['192.0.2.1'] }), []], [svc({ name: 'a', clusterIP: '10.96.0.21' }), []]);
    expect(servicePorts(t).map((r) => r.service)).toEqual(['default/a', 'default/b']);
  });
});
