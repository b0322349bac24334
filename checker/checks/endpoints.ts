/**
 * `type: endpoints`: a Service has ready endpoints (at least `min`, at most
 * `max`), read from its EndpointSlices as kube-proxy reads them. When there
 * are none it says why: no such Service, no selector, or a selector that
 * matches no pod (or only pods that are not ready).
 */
import type { KObject } from '../../engine/api/meta.js';
import { controllerRef } from '../../engine/api/meta.js';
import { parseLabelSelector, selectorFromSet, type Selector } from '../../engine/api/selectors.js';
import { bool, fail, num, pass, str, type CheckKind, type CheckContext } from './context.js';
import { describeOutcome } from '../load.js';
import { podReady } from './podstate.js';
import type { Msg } from '../types.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** Ready endpoint addresses of one Service's slices. */
export function readyAddresses(slices: Iterable<KObject>): Set<string> {
  const out = new Set<string>();
  for (const s of slices) {
    for (const e of ((s as Any).endpoints ?? []) as Any[]) {
      if (e.conditions?.ready === false) continue;
      for (const a of e.addresses ?? []) out.add(a);
    }
  }
  return out;
}

export function serviceSelectorText(svc: Any): string {
  return Object.entries(svc.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
}

/** Why a Service has no ready endpoints. */
export function whyNoEndpoints(ctx: CheckContext, svc: Any, ns: string): Msg {
  const name = svc.metadata.name;
  const sel = svc.spec?.selector;
  if (!sel || Object.keys(sel).length === 0) return { ko: `Service ${name}에는 selector가 없습니다.`, en: `Service ${name} has no selector.` };
  const pods = ctx.client.list('pods', ns).items.filter((p) => selectorFromSet(sel).matches(p.metadata.labels) && !p.metadata.deletionTimestamp);
  const text = serviceSelectorText(svc);
  if (pods.length === 0) return { ko: `selector ${text}에 맞는 Pod가 네임스페이스 ${ns}에 하나도 없습니다.`, en: `its selector ${text} matches no pod in namespace ${ns}.` };
  const ready = pods.filter(podReady).length;
  return { ko: `selector ${text}에 맞는 Pod ${pods.length}개 중 준비된 것이 ${ready}개입니다.`, en: `its selector ${text} matches ${pods.length} pods, ${ready} of them ready.` };
}

export const endpointsCheck: CheckKind = {
  type: 'endpoints',
  params: { service: { type: 'string', required: true }, namespace: { type: 'string' }, min: { type: 'number' }, max: { type: 'number' }, answer: { type: 'boolean' }, pods: { type: 'string' } },
  validate(p) {
    if (p.pods === undefined) return undefined;
    try {
      parseLabelSelector(str(p, 'pods'));
      return undefined;
    } catch (e) {
      return `pods: invalid selector: ${(e as Error).message}`;
    }
  },
  create(p) {
    const answer = bool(p, 'answer', false);
    const name = str(p, 'service');
    const ns = str(p, 'namespace', 'default');
    const min = num(p, 'min') ?? 1;
    const max = num(p, 'max');
    // The pods the endpoints must be (a Deployment's, by its labels): a Service may select them any way it likes.
    const podsText = p.pods === undefined ? undefined : str(p, 'pods');
    const podsSel = podsText === undefined ? undefined : parseLabelSelector(podsText);
    return {
      observe(ctx) {
        const svc = ctx.client.tryGet('services', ns, name) as Any | undefined;
        if (!svc) return fail({ ko: `네임스페이스 ${ns}에 Service ${name}이(가) 없습니다.`, en: `There is no Service ${name} in namespace ${ns}.` });
        const slices = ctx.client.list('endpointslices.discovery.k8s.io', ns, { labelSelector: `${SERVICE_NAME_LABEL}=${name}` }).items;
        const n = readyAddresses(slices).size;
        if (podsSel && n > 0) {
          const stranger = strangerEndpoint(ctx, slices, ns, podsSel);
          if (stranger) return fail({ ko: `Service ${name}의 엔드포인트 ${stranger.ip}은(는) ${stranger.what.ko}입니다. 엔드포인트는 ${podsText} Pod여야 합니다.`, en: `Service ${name}'s endpoint ${stranger.ip} is ${stranger.what.en}; the endpoints should be the pods matching ${podsText}.` });
        }
        if (answer && n > 0) {
          const bad = silentEndpoints(ctx, slices);
          if (bad) return fail({ ko: `Service ${name}의 준비된 엔드포인트 ${n}개 중 Pod ${bad.pod}(${bad.ip})이(가) 응답하지 않습니다: ${bad.outcome}. 요청 일부가 실패합니다.`, en: `Of Service ${name}'s ${n} ready endpoints, pod ${bad.pod} (${bad.ip}) does not answer: ${bad.outcome}. Some requests fail.` });
        }
        if (n >= min && (max === undefined || n <= max)) return pass({ ko: `Service ${name}의 준비된 엔드포인트는 ${n}개입니다.`, en: `Service ${name} has ${n} ready endpoints.` });
        if (n === 0) {
          const why = whyNoEndpoints(ctx, svc, ns);
          return fail({ ko: `Service ${name}에 준비된 엔드포인트가 없습니다: ${why.ko}`, en: `Service ${name} has no ready endpoints: ${why.en}` });
        }
        const goal = max === undefined ? `${min}+` : min === max ? `${min}` : `${min}-${max}`;
        return fail({ ko: `Service ${name}의 준비된 엔드포인트는 ${n}개입니다 (목표: ${goal}개).`, en: `Service ${name} has ${n} ready endpoints (goal: ${goal}).` });
      },
    };
  },
};

/** The first ready endpoint that is not one of the pods the selector picks, and what it is instead. */
function strangerEndpoint(ctx: CheckContext, slices: KObject[], ns: string, sel: Selector): { ip: string; what: Msg } | undefined {
  for (const s of slices) {
    for (const e of ((s as Any).endpoints ?? []) as Any[]) {
      if (e.conditions?.ready === false) continue;
      const ip: string = e.addresses?.[0] ?? '?';
      const ref = e.targetRef;
      if (ref?.kind !== 'Pod') return { ip, what: { ko: 'Pod가 아닌 주소', en: 'not a pod' } };
      const pod = ctx.client.tryGet('pods', ref.namespace ?? ns, ref.name);
      if (pod && sel.matches(pod.metadata.labels)) continue;
      const labels = Object.entries(pod?.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).sort().join(',') || '-';
      const owner = pod && controllerRef(pod) ? { ko: '', en: '' } : { ko: ', 소유한 컨트롤러 없음', en: ', with no controller owning it' };
      return { ip, what: { ko: `Pod ${ref.name}(레이블 ${labels}${owner.ko})`, en: `pod ${ref.name} (labels ${labels}${owner.en})` } };
    }
  }
  return undefined;
}

/** The first ready endpoint that does not answer a request sent straight to it from a node, if any. */
function silentEndpoints(ctx: CheckContext, slices: KObject[]): { pod: string; ip: string; outcome: string } | undefined {
  const node = ctx.cluster.nodeConfigs[0].name;
  for (const s of slices) {
    const port = ((s as Any).ports ?? [])[0]?.port ?? 80;
    for (const e of ((s as Any).endpoints ?? []) as Any[]) {
      if (e.conditions?.ready === false) continue;
      for (const ip of e.addresses ?? []) {
        const d = describeOutcome(ctx.cluster.network.exchange({ node }, ip, port, { method: 'GET', path: '/', userAgent: 'kubelab-checker' }));
        if (!d.ok) return { pod: e.targetRef?.name ?? ip, ip, outcome: d.text };
      }
    }
  }
  return undefined;
}
