/**
 * `type: component`: a control-plane component (or a node's kubelet) is
 * running, seen the way an operator sees it: its static pod in kube-system is
 * Running and ready (for the kubelet: its Node is Ready).
 */
import { CONTROL_PLANE_COMPONENTS } from '../../engine/cluster.js';
import { bool, fail, pass, str, type CheckKind } from './context.js';
import { podReady } from './podstate.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const componentCheck: CheckKind = {
  type: 'component',
  params: { name: { type: 'string', required: true }, running: { type: 'boolean' } },
  validate: (p) => ((CONTROL_PLANE_COMPONENTS as readonly string[]).includes(str(p, 'name')) ? undefined : `unknown component ${JSON.stringify(p.name)} (expected one of ${CONTROL_PLANE_COMPONENTS.join(', ')})`),
  create(p) {
    const name = str(p, 'name');
    const want = bool(p, 'running', true);
    return {
      observe(ctx) {
        const c = ctx.cluster.component(name);
        const up = c?.running() ?? false;
        const pods = ctx.client.list('pods', 'kube-system').items.filter((x) => (x.metadata.labels as Any)?.component === name);
        const podText = pods.length ? pods.map((x) => `${x.metadata.name} ${podReady(x) ? 'Running' : ((x.status as Any)?.phase ?? 'Unknown')}`).join(', ') : undefined;
        if (up === want && (!want || pods.some(podReady) || pods.length === 0)) {
          return pass(want
            ? { ko: `${name}이(가) 실행 중입니다${podText ? ` (${podText})` : ''}.`, en: `${name} is running${podText ? ` (${podText})` : ''}.` }
            : { ko: `${name}이(가) 멈춰 있습니다.`, en: `${name} is stopped.` });
        }
        if (want) {
          return fail({ ko: `${name}이(가) 실행 중이 아닙니다 (kube-system에 ${name} Pod가 ${podText ? podText : '없음'}).`, en: `${name} is not running (its pod in kube-system: ${podText ?? 'none'}).` });
        }
        return fail({ ko: `${name}이(가) 아직 실행 중입니다.`, en: `${name} is still running.` });
      },
    };
  },
};
