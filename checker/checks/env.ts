/**
 * `type: env`: the value a workload's container gets for an environment
 * variable, resolved the way the kubelet resolves it: `env` entries (the last
 * of a name wins) over `envFrom` sources (the last source wins), each either a
 * literal or a key of a ConfigMap or Secret. A learner who keeps the setting
 * in a ConfigMap has set the variable as surely as one who wrote it inline.
 */
import { fail, pass, resourceFor, str, type CheckContext, type CheckKind } from './context.js';
import { resourceKey } from '../../engine/api/resources.js';
import type { Msg } from '../types.js';
import { base64Decode } from '../../engine/util/base64.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Where a value came from, for messages ("ConfigMap api-config, key DATABASE_URL"). */
type Resolved = { value: string; from?: Msg } | { missing: Msg } | undefined;

function sourceKey(ctx: CheckContext, ns: string, kind: 'ConfigMap' | 'Secret', name: string, key: string, optional: boolean): Resolved {
  const obj = ctx.client.tryGet(kind === 'ConfigMap' ? 'configmaps' : 'secrets', ns, name) as Any | undefined;
  const from = { ko: `${kind} ${name}의 키 ${key}`, en: `${kind} ${name}, key ${key}` };
  if (!obj) return optional ? undefined : { missing: { ko: `${kind} ${name}이(가) 없습니다`, en: `${kind} ${name} does not exist` } };
  const raw = kind === 'ConfigMap' ? obj.data?.[key] : obj.data?.[key] === undefined ? undefined : base64Decode(obj.data[key]);
  if (raw === undefined) return optional ? undefined : { missing: { ko: `${kind} ${name}에 키 ${key}가 없습니다`, en: `${kind} ${name} has no key ${key}` } };
  return { value: raw, from };
}

/** The variable as the container would get it. */
export function resolveEnv(ctx: CheckContext, ns: string, container: Any, variable: string): Resolved {
  const entries = ((container.env ?? []) as Any[]).filter((e) => e.name === variable);
  const e = entries[entries.length - 1];
  if (e) {
    if (e.valueFrom?.configMapKeyRef) return sourceKey(ctx, ns, 'ConfigMap', e.valueFrom.configMapKeyRef.name, e.valueFrom.configMapKeyRef.key, !!e.valueFrom.configMapKeyRef.optional);
    if (e.valueFrom?.secretKeyRef) return sourceKey(ctx, ns, 'Secret', e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key, !!e.valueFrom.secretKeyRef.optional);
    if (e.valueFrom) return { missing: { ko: `${variable}은(는) 파일이나 필드에서 값을 가져옵니다`, en: `${variable} takes its value from a field or a resource` } };
    return { value: e.value ?? '' };
  }
  let found: Resolved;
  for (const src of (container.envFrom ?? []) as Any[]) {
    const prefix: string = src.prefix ?? '';
    if (!variable.startsWith(prefix)) continue;
    const ref = src.configMapRef ?? src.secretRef;
    if (!ref) continue;
    const r = sourceKey(ctx, ns, src.configMapRef ? 'ConfigMap' : 'Secret', ref.name, variable.slice(prefix.length), true);
    if (r) found = r;
  }
  return found;
}

export const envCheck: CheckKind = {
  type: 'env',
  params: { kind: { type: 'string', required: true }, name: { type: 'string', required: true }, namespace: { type: 'string' }, container: { type: 'string' }, variable: { type: 'string', required: true }, equals: { type: 'string' }, matches: { type: 'string' } },
  validate(p) {
    const info = resourceFor(str(p, 'kind'));
    if (!info) return `unknown kind ${JSON.stringify(p.kind)}`;
    if ((p.equals === undefined) === (p.matches === undefined)) return 'needs one of equals or matches';
    if (p.matches !== undefined) {
      try {
        new RegExp(str(p, 'matches'));
      } catch (e) {
        return `matches: ${(e as Error).message}`;
      }
    }
    return ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(info.kind) ? undefined : `kind ${info.kind} has no containers`;
  },
  create(p) {
    const info = resourceFor(str(p, 'kind'))!;
    const name = str(p, 'name');
    const ns = str(p, 'namespace', 'default');
    const containerName = p.container === undefined ? undefined : str(p, 'container');
    const variable = str(p, 'variable');
    const want = p.equals === undefined ? undefined : str(p, 'equals');
    const pattern = p.matches === undefined ? undefined : new RegExp(str(p, 'matches'));
    const goal = want !== undefined ? JSON.stringify(want) : `/${pattern!.source}/`;
    return {
      observe(ctx) {
        const o = ctx.client.tryGet(resourceKey(info), ns, name) as Any | undefined;
        if (!o) return fail({ ko: `네임스페이스 ${ns}에 ${info.kind} ${name}이(가) 없습니다.`, en: `There is no ${info.kind} ${name} in namespace ${ns}.` });
        const spec = info.kind === 'Pod' ? o.spec : o.spec?.template?.spec;
        const containers: Any[] = spec?.containers ?? [];
        const c = containerName ? containers.find((x) => x.name === containerName) : containers[0];
        if (!c) return fail({ ko: `${info.kind} ${name}에 컨테이너 ${containerName}이(가) 없습니다.`, en: `${info.kind} ${name} has no container ${containerName}.` });
        const who = { ko: `${info.kind} ${name}의 컨테이너 ${c.name}`, en: `${info.kind} ${name}'s container ${c.name}` };
        const r = resolveEnv(ctx, ns, c, variable);
        if (!r) return fail({ ko: `${who.ko}에는 환경 변수 ${variable}이(가) 없습니다.`, en: `${who.en} has no environment variable ${variable}.` });
        if ('missing' in r) return fail({ ko: `${who.ko}는 ${variable}을(를) 받지 못합니다: ${r.missing.ko}.`, en: `${who.en} cannot get ${variable}: ${r.missing.en}.` });
        const from = r.from ? { ko: ` (${r.from.ko}에서)`, en: ` (from ${r.from.en})` } : { ko: '', en: '' };
        if (want !== undefined ? r.value !== want : !pattern!.test(r.value)) return fail({ ko: `${who.ko}의 ${variable}은(는) ${JSON.stringify(r.value)}입니다${from.ko}. 목표: ${goal}.`, en: `${who.en} gets ${variable} = ${JSON.stringify(r.value)}${from.en}; the goal: ${goal}.` });
        return pass({ ko: `${who.ko}는 ${variable} = ${r.value}을(를) 받습니다${from.ko}.`, en: `${who.en} gets ${variable} = ${r.value}${from.en}.` });
      },
    };
  },
};
