/**
 * Checks on the way there, read from the recorded history (every stored
 * change with its simulated time, every command with its exit code, every
 * injection). Each keeps a cursor, so a tick reads only what is new.
 */
import type { KObject } from '../../engine/api/meta.js';
import { controllerRef } from '../../engine/api/meta.js';
import { resourceKey } from '../../engine/api/resources.js';
import { parseLabelSelector } from '../../engine/api/selectors.js';
import { showValue } from '../fieldpath.js';
import { seconds } from '../messages.js';
import type { HistoryEntry } from '../../engine/cluster.js';
import type { Msg } from '../types.js';
import { baselineKey, bool, fail, num, pass, resourceFor, str, type CheckContext, type CheckKind } from './context.js';
import { conditions, describeGoal, objectMeets, validateConditions, type FieldCondition } from './compare.js';
import { readyAddresses, SERVICE_NAME_LABEL } from './endpoints.js';

const at = (ctx: CheckContext, t: number): Msg => ({ ko: `시작 후 ${seconds(t - ctx.start)}초`, en: `${seconds(t - ctx.start)} s after the start` });

/**
 * A check's place in the recorded history: each observe reads only the entries
 * recorded since the last one, from the learner's start on, until `fn` says
 * it is done with them (returns true).
 */
class HistoryCursor {
  private next = -1;
  readNew(ctx: CheckContext, fn: (h: HistoryEntry) => boolean | void): void {
    if (this.next < ctx.historyStart) this.next = ctx.historyStart;
    while (this.next < ctx.history.length) {
      if (fn(ctx.history[this.next++]) === true) return;
    }
  }
}

/** The conditions' goals, for messages: "path: goal, path: goal". */
function goalsText(conds: FieldCondition[]): Msg {
  return { ko: conds.map((c) => `${c.path}: ${describeGoal(c).ko}`).join(', '), en: conds.map((c) => `${c.path}: ${describeGoal(c).en}`).join(', ') };
}

function validRegex(p: Record<string, unknown>, key: string): string | undefined {
  try {
    new RegExp(str(p, key));
    return undefined;
  } catch (e) {
    return `${key}: ${(e as Error).message}`;
  }
}

/**
 * A kubectl dry run only shows what the command would write: the line did not
 * do it, unless its output is piped into a command that writes it.
 */
function onlyDryRun(line: string): boolean {
  return /(^|\s)--dry-run(?!=none\b)/.test(line) && !/\|\s*kubectl\s+(apply|create|replace)\b/.test(line);
}

/** kubectl's global flags that take a value, when it is written as the next word (`-n shop`). */
const GLOBAL_FLAGS_WITH_VALUE = new Set(['-n', '--namespace', '--context', '--cluster', '--user', '--kubeconfig', '-s', '--server', '--request-timeout', '--as', '--as-group', '--as-uid', '--token', '-v', '--v', '--cache-dir', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--username', '--password', '--profile', '--profile-output']);

/**
 * The line with kubectl's global flags moved from before the subcommand to
 * the end of its command: `kubectl -n default rollout undo deploy/web` runs
 * what `kubectl rollout undo deploy/web -n default` runs, and an exercise's
 * pattern is written against the second form.
 */
export function flagsAfterVerb(line: string): string {
  return line.split(/(\|\||\||;|&&)/).map((segment) => {
    const words = segment.trim().split(/\s+/);
    const k = words.findIndex((w) => w === 'kubectl' || w.endsWith('/kubectl'));
    if (k < 0) return segment;
    const moved: string[] = [];
    let i = k + 1;
    while (i < words.length && words[i].startsWith('-')) {
      const takesValue = !words[i].includes('=') && GLOBAL_FLAGS_WITH_VALUE.has(words[i]);
      moved.push(...words.slice(i, takesValue ? i + 2 : i + 1));
      i += takesValue ? 2 : 1;
    }
    if (moved.length === 0 || i >= words.length) return segment;
    return ` ${[...words.slice(0, k + 1), ...words.slice(i), ...moved].join(' ')} `;
  }).join('').trim();
}

/** An argument as it would be typed: quoted when it holds spaces or quotes. */
function shellWord(w: string): string {
  return w === '' || /[\s'"$`\\|&;<>()]/.test(w) ? `'${w.replace(/'/g, `'\\''`)}'` : w;
}

/** `type: command`: the learner ran a command line matching `matches` (and it succeeded, for real), or never did (`absent: true`). */
export const commandCheck: CheckKind = {
  type: 'command',
  params: { matches: { type: 'string', required: true }, exitCode: { type: 'number' }, absent: { type: 'boolean' }, describe: { type: 'object' } },
  validate: (p) => validRegex(p, 'matches'),
  create(p) {
    const re = new RegExp(str(p, 'matches'));
    const exit = num(p, 'exitCode') ?? 0;
    const absent = bool(p, 'absent', false);
    const shown = (p.describe as Msg | undefined) ?? { ko: `/${str(p, 'matches')}/`, en: `/${str(p, 'matches')}/` };
    const cursor = new HistoryCursor();
    let found: string | undefined;
    return {
      observe(ctx) {
        cursor.readNew(ctx, (h) => {
          if (found !== undefined) return;
          if (h.kind === 'command' && (re.test(h.line) || re.test(flagsAfterVerb(h.line))) && (exit < 0 || h.exitCode === exit) && !onlyDryRun(h.line)) found = h.line;
          // The kubectl run itself, for a line the pattern cannot see it in (`k rollout undo` with an alias k=kubectl).
          if (h.kind === 'kubectl') {
            const run = flagsAfterVerb(['kubectl', ...h.argv.map(shellWord)].join(' '));
            if (re.test(run) && (exit < 0 || h.exitCode === exit) && !onlyDryRun(run)) found = run;
          }
        });
        if (absent) {
          return found === undefined
            ? pass({ ko: `${shown.ko} 명령은 쓰지 않았습니다.`, en: `No ${shown.en} command was used.` })
            : fail({ ko: `${shown.ko} 명령을 썼습니다: \`${found}\`. 이 과제는 다른 방법으로 풀어야 합니다.`, en: `You ran \`${found}\`; this task asks for another way than ${shown.en}.` });
        }
        return found !== undefined
          ? pass({ ko: `\`${found}\`을(를) 실행했습니다.`, en: `You ran \`${found}\`.` })
          : fail({ ko: `아직 ${shown.ko} 명령을 (성공적으로) 실행하지 않았습니다.`, en: `You have not (successfully) run ${shown.en} yet.` });
      },
    };
  },
};

/** `type: same-object`: the object is the one the learner was given (same UID): changed in place, not deleted and re-created. */
export const sameObjectCheck: CheckKind = {
  type: 'same-object',
  params: { kind: { type: 'string', required: true }, name: { type: 'string', required: true }, namespace: { type: 'string' } },
  validate: (p) => (resourceFor(str(p, 'kind')) ? undefined : `unknown kind ${JSON.stringify(p.kind)}`),
  create(p) {
    const info = resourceFor(str(p, 'kind'))!;
    const name = str(p, 'name');
    const ns = str(p, 'namespace', 'default');
    return {
      observe(ctx) {
        const was = ctx.baseline.get(baselineKey(info, ns, name));
        const cur = ctx.client.tryGet(resourceKey(info), info.namespaced ? ns : undefined, name);
        if (!was) return fail({ ko: `처음에 ${info.kind} ${name}이(가) 없었습니다.`, en: `${info.kind} ${name} did not exist at the start.` });
        if (!cur) return fail({ ko: `${info.kind} ${name}이(가) 삭제되었습니다.`, en: `${info.kind} ${name} has been deleted.` });
        if (cur.metadata.uid !== was) return fail({ ko: `${info.kind} ${name}은(는) 삭제 후 다시 만들어졌습니다 (UID가 바뀜). 목표는 원래 객체를 그대로 바꾸는 것입니다.`, en: `${info.kind} ${name} was deleted and created again (its UID changed); the goal is to change the original object in place.` });
        return pass({ ko: `${info.kind} ${name}은(는) 처음 그 객체입니다 (UID ${was}).`, en: `${info.kind} ${name} is the original object (UID ${was}).` });
      },
    };
  },
};

/**
 * `type: replaced`: pods of a selector were deleted and their controller
 * created the replacements; no pod of that selector was created by hand.
 */
export const replacedCheck: CheckKind = {
  type: 'replaced',
  params: { selector: { type: 'string', required: true }, namespace: { type: 'string' }, min: { type: 'number' } },
  validate(p) {
    try {
      parseLabelSelector(str(p, 'selector'));
      return undefined;
    } catch (e) {
      return `invalid selector: ${(e as Error).message}`;
    }
  },
  create(p) {
    const selText = str(p, 'selector');
    const sel = parseLabelSelector(selText);
    const ns = str(p, 'namespace', 'default');
    const min = num(p, 'min') ?? 1;
    const cursor = new HistoryCursor();
    const deleted: string[] = [];
    let replacements = 0;
    let byHand: string | undefined;
    return {
      observe(ctx) {
        cursor.readNew(ctx, (h) => {
          if (h.kind !== 'change' || h.event.resource !== 'pods') return;
          const o = h.event.object;
          if (o.metadata.namespace !== ns || !sel.matches(o.metadata.labels)) return;
          // A graceful delete sets deletionTimestamp first; the ReplicaSet replaces the pod from that moment.
          const deleting = h.event.type === 'DELETED' || (h.event.type === 'MODIFIED' && !!o.metadata.deletionTimestamp && !h.event.previous?.metadata.deletionTimestamp);
          if (deleting) {
            if (!deleted.includes(o.metadata.name!)) deleted.push(o.metadata.name!);
          } else if (h.event.type === 'ADDED') {
            const ref = controllerRef(o);
            if (!ref) byHand ??= o.metadata.name!;
            else if (deleted.length > 0) replacements++;
          }
        });
        if (byHand) return fail({ ko: `Pod ${byHand}은(는) 손으로 만든 것입니다 (컨트롤러 소유자가 없음). 교체는 ReplicaSet이 하게 두세요.`, en: `Pod ${byHand} was created by hand (it has no controller owner); let the ReplicaSet create the replacement.` });
        if (deleted.length < min) return fail({ ko: `${selText} Pod가 아직 삭제되지 않았습니다.`, en: `No pod matching ${selText} has been deleted yet.` });
        const one = deleted.length === 1;
        const names = deleted.join(', ');
        if (replacements < min) return fail({ ko: `Pod ${names}이(가) 삭제되었지만 아직 대체 Pod가 없습니다.`, en: `${one ? 'Pod' : 'Pods'} ${names} ${one ? 'was' : 'were'} deleted, but no replacement has been created yet.` });
        return pass({ ko: `삭제된 Pod ${names}을(를) 컨트롤러가 새 Pod ${replacements}개로 대체했습니다.`, en: `The controller replaced the deleted ${one ? 'pod' : 'pods'} ${names} with ${replacements} new ${replacements === 1 ? 'pod' : 'pods'}.` });
      },
    };
  },
};

interface Target {
  resource: string;
  kind: string;
  key: string;
  name: string;
}

function target(p: Record<string, unknown>): Target {
  const info = resourceFor(str(p, 'kind'))!;
  const ns = str(p, 'namespace', 'default');
  const name = str(p, 'name');
  return { resource: resourceKey(info), kind: info.kind, key: info.namespaced ? `${ns}/${name}` : name, name };
}

function keyOf(o: KObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!;
}

/** A stored change of the target object. */
function isChangeOf(h: HistoryEntry, t: Target): h is Extract<HistoryEntry, { kind: 'change' }> {
  return h.kind === 'change' && h.event.resource === t.resource && keyOf(h.event.object) === t.key;
}

const objectParams = { kind: { type: 'string' as const, required: true }, name: { type: 'string' as const, required: true }, namespace: { type: 'string' as const }, fields: { type: 'list' as const, required: true } };

function validateObject(p: Record<string, unknown>): string | undefined {
  if (!resourceFor(str(p, 'kind'))) return `unknown kind ${JSON.stringify(p.kind)}`;
  return validateConditions(p.fields);
}

/** `type: ever`: at some moment after the start, the object's fields met the conditions ("the HPA reached 4 replicas"). */
export const everCheck: CheckKind = {
  type: 'ever',
  params: objectParams,
  validate: validateObject,
  create(p) {
    const t = target(p);
    const conds = conditions(p.fields);
    const cursor = new HistoryCursor();
    let reachedAt: number | undefined;
    let best: unknown;
    return {
      observe(ctx) {
        if (reachedAt === undefined) {
          cursor.readNew(ctx, (h) => {
            if (!isChangeOf(h, t) || h.event.type === 'DELETED') return;
            const results = conds.map((c) => objectMeets(h.event.object, c));
            best = results[0]?.value;
            if (!results.every((r) => r.ok)) return;
            reachedAt = h.time;
            return true;
          });
        }
        const goal = goalsText(conds);
        if (reachedAt !== undefined) {
          const w = at(ctx, reachedAt);
          return pass({ ko: `${t.kind} ${t.name}이(가) ${w.ko}에 목표(${goal.ko})에 도달했습니다.`, en: `${t.kind} ${t.name} reached the goal (${goal.en}) ${w.en}.` });
        }
        return fail({ ko: `${t.kind} ${t.name}은(는) 아직 한 번도 목표(${goal.ko})에 도달하지 않았습니다 (마지막 값: ${showValue(best)}).`, en: `${t.kind} ${t.name} has not reached the goal (${goal.en}) yet (last seen: ${showValue(best)}).` });
      },
    };
  },
};

/**
 * `type: always`: from the start on, every stored version of the object met
 * the conditions ("available replicas never fell below 3 during the
 * rollout"). One violation fails it for good; it is not sticky by default.
 */
export const alwaysCheck: CheckKind = {
  type: 'always',
  params: objectParams,
  validate: validateObject,
  create(p) {
    const t = target(p);
    const conds = conditions(p.fields);
    const cursor = new HistoryCursor();
    let violation: Msg | undefined;
    return {
      observe(ctx) {
        if (!violation) {
          cursor.readNew(ctx, (h) => {
            if (!isChangeOf(h, t)) return;
            const w = at(ctx, h.time);
            if (h.event.type === 'DELETED') {
              violation = { ko: `${w.ko}에 ${t.kind} ${t.name}이(가) 삭제되었습니다.`, en: `${t.kind} ${t.name} was deleted ${w.en}.` };
              return true;
            }
            for (const c of conds) {
              const r = objectMeets(h.event.object, c);
              if (!r.ok) {
                const g = describeGoal(c);
                violation = { ko: `${w.ko}에 ${t.kind} ${t.name}의 ${c.path} 값이 ${showValue(r.value)}이었습니다 (항상 ${g.ko}이어야 함).`, en: `${w.en}, ${t.kind} ${t.name} had ${c.path} = ${showValue(r.value)} (it must always be ${g.en}).` };
                return true;
              }
            }
          });
        }
        if (violation) return fail(violation);
        const g = goalsText(conds);
        return pass({ ko: `지금까지 ${t.kind} ${t.name}은(는) 항상 조건(${g.ko})을 지켰습니다.`, en: `So far ${t.kind} ${t.name} has always met ${g.en}.` });
      },
    };
  },
};

/** `type: endpoints-always`: from the start on, the Service never had fewer than `min` ready endpoints. */
export const endpointsAlwaysCheck: CheckKind = {
  type: 'endpoints-always',
  params: { service: { type: 'string', required: true }, namespace: { type: 'string' }, min: { type: 'number' } },
  create(p) {
    const svc = str(p, 'service');
    const ns = str(p, 'namespace', 'default');
    const min = num(p, 'min') ?? 1;
    let cursor = 0;
    const slices = new Map<string, KObject>();
    let violation: Msg | undefined;
    let lowest = Infinity;
    return {
      observe(ctx) {
        // Replays from the cluster's first change: the slices' state at the start is needed to judge the first change after it.
        for (; cursor < ctx.history.length && !violation; cursor++) {
          const h = ctx.history[cursor];
          if (h.kind !== 'change' || h.event.resource !== 'endpointslices.discovery.k8s.io') continue;
          const o = h.event.object;
          if (o.metadata.namespace !== ns || o.metadata.labels?.[SERVICE_NAME_LABEL] !== svc) continue;
          if (h.event.type === 'DELETED') slices.delete(o.metadata.name!);
          else slices.set(o.metadata.name!, o);
          if (cursor < ctx.historyStart) continue;
          const n = readyAddresses(slices.values()).size;
          lowest = Math.min(lowest, n);
          if (n < min) {
            const w = at(ctx, h.time);
            violation = { ko: `${w.ko}에 Service ${svc}의 준비된 엔드포인트가 ${n}개로 줄었습니다 (항상 ${min}개 이상이어야 함). 그 순간 요청이 실패했을 것입니다.`, en: `${w.en}, Service ${svc} had only ${n} ready endpoints (it must never drop below ${min}); requests failed at that moment.` };
          }
        }
        if (violation) return fail(violation);
        if (slices.size === 0 && ctx.history.length > 0 && !ctx.client.tryGet('services', ns, svc)) return fail({ ko: `Service ${svc}이(가) 없습니다.`, en: `There is no Service ${svc}.` });
        const low = Number.isFinite(lowest) ? lowest : readyAddresses(slices.values()).size;
        return pass({ ko: `지금까지 Service ${svc}의 준비된 엔드포인트는 한 번도 ${min}개 아래로 내려가지 않았습니다 (최저 ${low}개).`, en: `So far Service ${svc} never had fewer than ${min} ready endpoints (lowest: ${low}).` });
      },
    };
  },
};
