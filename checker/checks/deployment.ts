/**
 * `type: deployment`: the Deployment has finished rolling out and every
 * replica is ready (optionally: with this many replicas, running this image).
 * This is what `kubectl rollout status` waits for, plus readiness of all.
 */
import { labelSelectorAsSelector } from '../../engine/api/selectors.js';
import { fail, pass, str, num, join, type CheckKind } from './context.js';
import { podProblems } from './podstate.js';
import type { Msg } from '../types.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const NO_DEPLOYMENT = (name: string, ns: string): Msg => ({
  ko: `네임스페이스 ${ns}에 Deployment ${name}이(가) 없습니다.`,
  en: `There is no Deployment ${name} in namespace ${ns}.`,
});

export const deploymentCheck: CheckKind = {
  type: 'deployment',
  params: { name: { type: 'string', required: true }, namespace: { type: 'string' }, replicas: { type: 'number' }, image: { type: 'string' }, container: { type: 'string' } },
  create(p) {
    const name = str(p, 'name');
    const ns = str(p, 'namespace', 'default');
    const want = num(p, 'replicas');
    const image = p.image === undefined ? undefined : str(p, 'image');
    const containerName = p.container === undefined ? undefined : str(p, 'container');
    return {
      observe(ctx) {
        const d = ctx.client.tryGet('deployments.apps', ns, name) as Any | undefined;
        if (!d) return fail(NO_DEPLOYMENT(name, ns));
        const desired: number = d.spec?.replicas ?? 1;
        if (want !== undefined && desired !== want) {
          return fail({ ko: `Deployment ${name}의 replicas는 ${desired}입니다. 목표는 ${want}입니다.`, en: `Deployment ${name} asks for ${desired} replicas; the goal is ${want}.` });
        }
        const containers: Any[] = d.spec?.template?.spec?.containers ?? [];
        const c = containerName ? containers.find((x) => x.name === containerName) : containers[0];
        if (image !== undefined && c?.image !== image) {
          return fail({ ko: `Deployment ${name}의 컨테이너 ${c?.name ?? containerName}은(는) 이미지 ${c?.image ?? '<없음>'}을(를) 씁니다. 목표는 ${image}입니다.`, en: `Deployment ${name}'s container ${c?.name ?? containerName} uses image ${c?.image ?? '<none>'}; the goal is ${image}.` });
        }
        const st = d.status ?? {};
        const ready = st.readyReplicas ?? 0;
        const updated = st.updatedReplicas ?? 0;
        const available = st.availableReplicas ?? 0;
        const total = st.replicas ?? 0;
        const observed = (st.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
        const done = observed && updated === desired && total === desired && available === desired && ready === desired;
        const what = image ?? c?.image;
        if (done) {
          return pass({ ko: `Deployment ${name}의 레플리카 ${ready}/${desired}개가 준비되었습니다 (이미지 ${what}).`, en: `Deployment ${name} has ${ready}/${desired} ready replicas (image ${what}).` });
        }
        const head: Msg = {
          ko: `Deployment ${name}의 준비된 레플리카는 ${ready}/${desired}개입니다 (최신 ${updated}개, 사용 가능 ${available}개${total > desired ? `, 전체 ${total}개` : ''}).`,
          en: `Deployment ${name} has ${ready}/${desired} ready replicas (${updated} up to date, ${available} available${total > desired ? `, ${total} in total` : ''}).`,
        };
        const sel = labelSelectorAsSelector(d.spec?.selector);
        const pods = ctx.client.list('pods', ns).items.filter((p) => sel.matches(p.metadata.labels));
        const problems = podProblems(pods, ctx.now);
        const progress = (st.conditions ?? []).find((x: Any) => x.type === 'Progressing' && x.status === 'False');
        const parts = [head, ...problems.map((m) => ({ ko: endSentence(m.ko), en: endSentence(m.en.charAt(0).toUpperCase() + m.en.slice(1)) }))];
        if (progress) parts.push({ ko: `롤아웃이 멈췄습니다: ${progress.message}`, en: `The rollout has stalled: ${progress.message}` });
        return fail(join(parts));
      },
    };
  },
};

/** A scheduler or kubelet message may end with its own period ("...for incoming pod."). */
export function endSentence(s: string): string {
  return s.endsWith('.') ? s : `${s}.`;
}
