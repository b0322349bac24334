/**
 * `type: requests`: of the requests the exercise's load sent to a Service
 * (through the network, see load.ts), at most `maxFailures` failed — "no
 * request failed during the rollout". Needs a `send-load` injection.
 */
import { seconds } from '../messages.js';
import { fail, num, pass, str, unknown, type CheckKind } from './context.js';

export const requestsCheck: CheckKind = {
  type: 'requests',
  params: { service: { type: 'string', required: true }, namespace: { type: 'string' }, maxFailures: { type: 'number' }, min: { type: 'number' } },
  create(p) {
    const key = `${str(p, 'namespace', 'default')}/${str(p, 'service')}`;
    const max = num(p, 'maxFailures') ?? 0;
    const min = num(p, 'min') ?? 20;
    let cursor = 0;
    let sent = 0;
    let failed = 0;
    let first: { time: number; outcome: string } | undefined;
    return {
      observe(ctx) {
        const recs = ctx.load?.requests;
        if (!recs) return unknown({ ko: '이 연습에는 부하가 없습니다.', en: 'This exercise sends no load.' });
        for (; cursor < recs.length; cursor++) {
          const r = recs[cursor];
          if (r.service !== key || r.time < ctx.start) continue;
          sent++;
          if (!r.ok) {
            failed++;
            first ??= { time: r.time, outcome: r.outcome };
          }
        }
        if (failed > max && first) {
          const at = seconds(first.time - ctx.start);
          return fail({ ko: `${key}로 보낸 요청 ${sent}개 중 ${failed}개가 실패했습니다 (처음 실패: 시작 후 ${at}초, ${first.outcome}).`, en: `${failed} of ${sent} requests to ${key} failed (first: ${first.outcome}, ${at} s after the start).` });
        }
        if (sent < min) return fail({ ko: `${key}로 보낸 요청이 아직 ${sent}개뿐입니다 (판정에 ${min}개 필요).`, en: `Only ${sent} requests have been sent to ${key} so far (${min} needed to judge).` });
        return pass({ ko: `${key}로 보낸 요청 ${sent}개 중 실패는 ${failed}개입니다.`, en: `${failed} of ${sent} requests to ${key} failed.` });
      },
    };
  },
};
