/**
 * `type: object`: an object (by kind and name, or the objects a selector
 * picks) exists or not, and its fields meet conditions.
 */
import { parseLabelSelector } from '../../engine/api/selectors.js';
import { resourceKey } from '../../engine/api/resources.js';
import { showValue } from '../fieldpath.js';
import { fail, pass, str, bool, resourceFor, listObjects, type CheckKind } from './context.js';
import { conditions, describeGoal, objectMeets, validateConditions } from './compare.js';

export const objectCheck: CheckKind = {
  type: 'object',
  params: { kind: { type: 'string', required: true }, name: { type: 'string' }, selector: { type: 'string' }, namespace: { type: 'string' }, exists: { type: 'boolean' }, fields: { type: 'list' } },
  validate(p) {
    if (!resourceFor(str(p, 'kind'))) return `unknown kind ${JSON.stringify(p.kind)}`;
    if (p.name === undefined && p.selector === undefined) return 'needs a name or a selector';
    if (p.selector !== undefined) {
      try {
        parseLabelSelector(str(p, 'selector'));
      } catch (e) {
        return `invalid selector: ${(e as Error).message}`;
      }
    }
    return validateConditions(p.fields);
  },
  create(p) {
    const info = resourceFor(str(p, 'kind'))!;
    const name = p.name === undefined ? undefined : str(p, 'name');
    const selector = p.selector === undefined ? undefined : str(p, 'selector');
    const ns = str(p, 'namespace', 'default');
    const exists = bool(p, 'exists', true);
    const conds = conditions(p.fields);
    const label = name ? `${info.kind} ${name}` : `${info.kind} (${selector})`;
    return {
      observe(ctx) {
        const objs = name
          ? [ctx.client.tryGet(resourceKey(info), info.namespaced ? ns : undefined, name)].filter((x) => x !== undefined)
          : listObjects(ctx, info, ns, selector);
        const live = objs.filter((o) => !o!.metadata.deletionTimestamp);
        if (!exists) {
          if (live.length === 0) return pass({ ko: `${label}이(가) 없습니다.`, en: `${label} does not exist.` });
          return fail({ ko: `${label}이(가) 아직 있습니다 (${live.map((o) => o!.metadata.name).join(', ')}).`, en: `${label} still exists (${live.map((o) => o!.metadata.name).join(', ')}).` });
        }
        if (live.length === 0) {
          const where = info.namespaced ? { ko: ` (네임스페이스 ${ns})`, en: ` in namespace ${ns}` } : { ko: '', en: '' };
          // With fields to meet, say them: a task that also has a check of the object's state (a Deployment's
          // replicas) would otherwise show the same line twice when the object is missing.
          const goals = conds.map((c) => { const g = describeGoal(c); return { ko: `${c.path} = ${g.ko}`, en: `${c.path} = ${g.en}` }; });
          if (goals.length === 0) return fail({ ko: `${label}이(가) 없습니다${where.ko}.`, en: `There is no ${label}${where.en}.` });
          return fail({ ko: `${label}이(가) 없습니다${where.ko}. 목표: ${goals.map((g) => g.ko).join(', ')}.`, en: `There is no ${label}${where.en}; the goal: ${goals.map((g) => g.en).join(', ')}.` });
        }
        for (const o of live) {
          for (const c of conds) {
            const r = objectMeets(o, c);
            if (!r.ok) {
              const g = describeGoal(c);
              return fail({ ko: `${info.kind} ${o!.metadata.name}의 ${c.path} 값은 ${showValue(r.value)}입니다. 목표: ${g.ko}.`, en: `${info.kind} ${o!.metadata.name} has ${c.path} = ${showValue(r.value)}; the goal: ${g.en}.` });
            }
          }
        }
        const shown = conds.map((c) => `${c.path} = ${showValue(objectMeets(live[0], c).value)}`).join(', ');
        return pass({ ko: `${label}: ${shown || '있음'}`, en: `${label}: ${shown || 'exists'}` });
      },
    };
  },
};
