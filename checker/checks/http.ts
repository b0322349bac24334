/**
 * `type: http`: a request through the cluster network answers, from where a
 * client would send it: a node, a pod (picked by selector, as `kubectl exec`
 * into it would), or outside the cluster. The URL's host is a DNS name
 * (resolved from the origin, with the pod's search path), an IP, or a
 * placeholder: `{nodeIP}` (a worker's InternalIP) or `{externalIP:svc}` (the
 * LoadBalancer address of Service svc in `namespace`).
 */
import type { Origin } from '../../engine/network/network.js';
import { describeOutcome } from '../load.js';
import { fail, num, pass, str, unknown, type CheckKind } from './context.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const URL_RE = /^http:\/\/([^/:]+|\{[^}]+\})(?::([0-9]+))?(\/.*)?$/;

export const httpCheck: CheckKind = {
  type: 'http',
  params: { url: { type: 'string', required: true }, from: { type: 'string' }, selector: { type: 'string' }, namespace: { type: 'string' }, status: { type: 'number' }, bodyMatches: { type: 'string' } },
  validate(p) {
    if (!URL_RE.test(str(p, 'url'))) return `url ${JSON.stringify(p.url)} must look like http://host[:port]/path`;
    const from = str(p, 'from', 'node');
    if (!['node', 'outside', 'pod'].includes(from)) return `from must be node, outside or pod`;
    if (from === 'pod' && p.selector === undefined) return 'from: pod needs a selector';
    return undefined;
  },
  create(p) {
    const url = str(p, 'url');
    const m = URL_RE.exec(url)!;
    const from = str(p, 'from', 'node');
    const ns = str(p, 'namespace', 'default');
    const want = num(p, 'status') ?? 200;
    const body = p.bodyMatches === undefined ? undefined : new RegExp(str(p, 'bodyMatches'));
    // Every message starts with where the request came from, so the English text is capitalised here.
    const where = from === 'outside' ? { ko: '클러스터 밖에서', en: 'From outside the cluster' } : from === 'pod' ? { ko: `${ns}의 Pod(${str(p, 'selector')})에서`, en: `From a pod (${str(p, 'selector')}) in ${ns}` } : { ko: '노드에서', en: 'From a node' };
    return {
      observe(ctx) {
        const net = ctx.cluster.network;
        let origin: Origin = {};
        if (from === 'node') origin = { node: ctx.cluster.nodeConfigs[0].name };
        if (from === 'pod') {
          const pods = ctx.client.list('pods', ns, { labelSelector: str(p, 'selector') }).items.filter((x) => (x.status as Any)?.phase === 'Running' && !x.metadata.deletionTimestamp);
          if (pods.length === 0) return fail({ ko: `요청을 보낼 Pod(${str(p, 'selector')})가 ${ns}에 없습니다.`, en: `There is no running pod (${str(p, 'selector')}) in ${ns} to send the request from.` });
          const pod = pods[0];
          origin = { node: (pod.spec as Any).nodeName, pod: { namespace: ns, name: pod.metadata.name!, ip: (pod.status as Any).podIP } };
        }
        let host = m[1];
        const port = m[2] ? Number(m[2]) : 80;
        const path = m[3] ?? '/';
        if (host === '{nodeIP}') {
          const worker = ctx.cluster.nodeConfigs.find((n) => n.role !== 'control-plane') ?? ctx.cluster.nodeConfigs[0];
          host = worker.internalIP;
        } else if (host.startsWith('{externalIP:')) {
          const svcName = host.slice('{externalIP:'.length, -1);
          const svc = ctx.client.tryGet('services', ns, svcName) as Any | undefined;
          const ip = svc?.status?.loadBalancer?.ingress?.[0]?.ip;
          if (!svc) return fail({ ko: `Service ${svcName}이(가) 없습니다.`, en: `There is no Service ${svcName}.` });
          if (!ip) return fail({ ko: `Service ${svcName}에 외부 IP가 없습니다 (EXTERNAL-IP <pending> 또는 LoadBalancer 타입이 아님).`, en: `Service ${svcName} has no external IP (EXTERNAL-IP is <pending>, or it is not of type LoadBalancer).` });
          host = ip;
        }
        const shown = url.replace(m[1], host);
        if (!/^[0-9.]+$/.test(host)) {
          if (from === 'outside') return unknown({ ko: '클러스터 밖에서는 클러스터 DNS 이름을 쓸 수 없습니다.', en: 'Cluster DNS names cannot be used from outside the cluster.' });
          const r = net.resolve(host, origin);
          if (!r.ok) return fail({ ko: `${where.ko} ${host} 이름을 찾지 못했습니다 (${r.error === 'nxdomain' ? 'NXDOMAIN: 그런 이름이 없음' : 'DNS 시간 초과'}).`, en: `${where.en}, ${host} does not resolve (${r.error === 'nxdomain' ? 'NXDOMAIN: no such name' : 'DNS timed out'}).` });
          host = r.addresses[0];
        }
        const o = net.exchange(origin, host, port, { method: 'GET', path, userAgent: 'kubelab-checker' });
        const d = describeOutcome(o);
        if (o.kind === 'response' && o.status === want && (!body || body.test(o.body))) {
          return pass({ ko: `${where.ko} ${shown} 요청이 ${d.text}로 응답했습니다.`, en: `${where.en}, ${shown} answered ${d.text}.` });
        }
        const extra = o.kind === 'response' && o.status === want ? { ko: ' (내용이 기대와 다름)', en: ' (not the expected content)' } : { ko: '', en: '' };
        return fail({ ko: `${where.ko} ${shown} 요청 결과: ${d.text}${extra.ko}.`, en: `${where.en}, ${shown} gave: ${d.text}${extra.en}.` });
      },
    };
  },
};
