/**
 * `type: pods`: the pods a label selector picks (not counting those being
 * deleted or finished) are all running and ready, there are as many as asked,
 * and (optionally) they run on nodes with a given label.
 */
import type { KObject } from '../../engine/api/meta.js';
import { parseLabelSelector } from '../../engine/api/selectors.js';
import { bool, fail as failFor, num, pass, str, join, type CheckKind } from './context.js';
import { podProblems, podReady } from './podstate.js';
import { endSentence } from './deployment.js';
import type { Msg } from '../types.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const podsCheck: CheckKind = {
  type: 'pods',
  params: { selector: { type: 'string', required: true }, namespace: { type: 'string' }, count: { type: 'number' }, min: { type: 'number' }, max: { type: 'number' }, ready: { type: 'boolean' }, nodeSelector: { type: 'string' } },
  validate(p) {
    try {
      parseLabelSelector(str(p, 'selector'));
      if (p.nodeSelector !== undefined) parseLabelSelector(str(p, 'nodeSelector'));
    } catch (e) {
      return `invalid selector: ${(e as Error).message}`;
    }
    return undefined;
  },
  create(p) {
    const selector = str(p, 'selector');
    const ns = str(p, 'namespace', 'default');
    const count = num(p, 'count');
    const min = num(p, 'min') ?? count ?? 1;
    const max = num(p, 'max') ?? count;
    const ready = bool(p, 'ready', true);
    const nodeSel = p.nodeSelector === undefined ? undefined : parseLabelSelector(str(p, 'nodeSelector'));
    const nodeSelText = str(p, 'nodeSelector');
    return {
      observe(ctx) {
        const all = ctx.client.list('pods', ns, { labelSelector: selector }).items;
        const pods = all.filter((x) => !x.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes((x.status as Any)?.phase));
        const n = pods.length;
        // A controller replaces pods the kubelet rejects (nodeName pinned to a node they do not fit): say so, or the
        // learner only hears of the pods still waiting.
        const failed = all.filter((x) => (x.status as Any)?.phase === 'Failed');
        const fail = (m: Msg) => failFor(failed.length ? join([m, failedPods(failed)]) : m);
        const goal = max === min ? `${min}` : max === undefined ? `${min}+` : `${min}-${max}`;
        if (n < min || (max !== undefined && n > max)) {
          const extra = podProblems(pods, ctx.now);
          return fail(join([{ ko: `${selector}에 해당하는 Pod가 ${n}개입니다 (목표: ${goal}개).`, en: `${n} pods match ${selector} (goal: ${goal}).` }, ...extra.map(dot)]));
        }
        if (ready) {
          const notReady = pods.filter((x) => !podReady(x));
          if (notReady.length) {
            return fail(join([{ ko: `${selector} Pod ${n}개 중 ${n - notReady.length}개만 준비되었습니다.`, en: `Only ${n - notReady.length} of ${n} pods matching ${selector} are ready.` }, ...podProblems(notReady, ctx.now).map(dot)]));
          }
        }
        if (nodeSel) {
          const labels = new Map<string, Record<string, string> | undefined>();
          for (const node of ctx.client.list('nodes', undefined).items) labels.set(node.metadata.name!, node.metadata.labels);
          const off = pods.filter((x: KObject) => {
            const nn = (x.spec as Any)?.nodeName;
            return !nn || !nodeSel.matches(labels.get(nn));
          });
          if (off.length) {
            const p0 = off[0];
            const where = (p0.spec as Any)?.nodeName ?? '<none>';
            return fail({ ko: `Pod ${p0.metadata.name}이(가) 노드 ${where}에 있습니다. 모든 Pod가 ${nodeSelText} 레이블이 있는 노드에 있어야 합니다.`, en: `Pod ${p0.metadata.name} is on node ${where}; every pod should be on a node labelled ${nodeSelText}.` });
          }
        }
        const nodes = [...new Set(pods.map((x) => (x.spec as Any)?.nodeName).filter(Boolean))].sort().join(', ');
        return pass({ ko: `${selector} Pod ${n}개가 ${ready ? '모두 준비되었습니다' : '있습니다'} (노드: ${nodes || '없음'}).`, en: `${n} pods match ${selector}${ready ? ', all ready' : ''} (nodes: ${nodes || 'none'}).` });
      },
    };
  },
};

/** "12 pods matching the selector failed; the latest, x, was rejected: NodeAffinity (…)." */
function failedPods(failed: KObject[]): Msg {
  const latest = [...failed].sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp))).pop()!;
  const st = latest.status as Any;
  const why = [st?.reason, st?.message].filter(Boolean).join(': ') || 'Failed';
  const n = failed.length;
  return {
    ko: `Pod ${n}개가 Failed 상태입니다. 가장 최근 것은 ${latest.metadata.name}: ${why}.`,
    en: `${n} ${n === 1 ? 'pod has' : 'pods have'} failed; the latest, ${latest.metadata.name}: ${endSentence(why)}`,
  };
}

function dot(m: Msg): Msg {
  return { ko: endSentence(m.ko), en: endSentence(m.en.charAt(0).toUpperCase() + m.en.slice(1)) };
}
