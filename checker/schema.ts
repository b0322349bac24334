/**
 * The exercise schema and its validator. An exercise file is YAML; every
 * error names the file, the line and the reason ("exercises/x.yaml:12:
 * tasks[0].checks[1]: unknown check type "deployement""), so a malformed
 * exercise fails the tests where an author can fix it.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { parseAllDocuments } from 'yaml';
import { CHECK_KINDS, NOT_STICKY_BY_DEFAULT } from './checks/index.js';
import type { ParamSpec } from './checks/context.js';
import { parseDuration } from './duration.js';
import type { Area, CheckSpec, Difficulty, Exercise, InjectionAction, InjectionSpec, Msg, TaskSpec, WrongAttempt } from './types.js';

export interface SchemaError {
  file: string;
  line: number;
  reason: string;
}

export class ExerciseError extends Error {
  constructor(readonly errors: SchemaError[]) {
    super(errors.map((e) => `${e.file}:${e.line}: ${e.reason}`).join('\n'));
  }
}

export const AREAS: Area[] = ['failure-recovery', 'rolling-update', 'scaling', 'services', 'architecture'];
export const DIFFICULTIES: Difficulty[] = ['easy', 'medium', 'hard'];
export const INJECTION_ACTIONS: InjectionAction[] = ['stop-node', 'start-node', 'stop-component', 'start-component', 'kill-container', 'delete-pod', 'hang', 'leak-memory', 'fail-readiness', 'send-load', 'stop-load'];
/** Check keys every kind understands; the rest are the kind's parameters. */
const COMMON_CHECK_KEYS = ['id', 'type', 'for', 'sticky', 'after', 'within', 'title'];
/** How long a check's state must hold when the exercise does not say (simulated). */
export const DEFAULT_HOLD_MS = 10_000;
/** How long `kubelab check` keeps checking after the last line when the exercise does not say. */
export const DEFAULT_CHECK_WINDOW_MS = 180_000;
const ID_RE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export interface LoadOptions {
  /** Valid lesson slugs (docs/.vitepress/config.ts LESSONS); not checked when absent. */
  lessons?: readonly string[];
}

/** Parses and validates one exercise file; throws ExerciseError listing every problem found. */
export function loadExercise(file: string, text: string, opts: LoadOptions = {}): Exercise {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const errors: SchemaError[] = [];
  const lineOf = (n: YamlNode | Pair | null | undefined): number => {
    const off = (n as YamlNode | null)?.range?.[0] ?? ((n as Pair | null)?.key as YamlNode | null)?.range?.[0] ?? 0;
    return lc.linePos(off).line;
  };
  for (const e of doc.errors) errors.push({ file, line: e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line, reason: e.message.split('\n')[0] });
  if (errors.length) throw new ExerciseError(errors);
  const v = new Validator(file, lineOf, errors);
  const root = doc.contents as YamlNode | null;
  const ex = v.exercise(root, opts);
  if (errors.length || !ex) throw new ExerciseError(errors.length ? errors : [{ file, line: 1, reason: 'not an exercise' }]);
  const expected = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  if (ex.id !== expected) throw new ExerciseError([{ file, line: lineOf(v.keyNode(root, 'id')), reason: `id ${JSON.stringify(ex.id)} does not match the file name ${JSON.stringify(expected)}` }]);
  return ex;
}

class Validator {
  constructor(private readonly file: string, private readonly lineOf: (n: YamlNode | Pair | null | undefined) => number, private readonly errors: SchemaError[]) {}

  err(n: YamlNode | Pair | null | undefined, where: string, reason: string): undefined {
    this.errors.push({ file: this.file, line: this.lineOf(n), reason: where ? `${where}: ${reason}` : reason });
    return undefined;
  }

  keyNode(map: YamlNode | null, key: string): YamlNode | null {
    if (!map || !isMap(map)) return map;
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    return (pair?.key as YamlNode) ?? map;
  }

  /** The map's entries, reporting keys that are not allowed. */
  fields(n: YamlNode | null, where: string, allowed: string[] | undefined, required: string[] = []): Map<string, YamlNode | null> | undefined {
    if (!n || !isMap(n)) return this.err(n, where, 'must be a mapping');
    const out = new Map<string, YamlNode | null>();
    for (const p of n.items) {
      const k = isScalar(p.key) ? String(p.key.value) : undefined;
      if (k === undefined) {
        this.err(p.key as YamlNode, where, 'keys must be plain names');
        continue;
      }
      if (allowed && !allowed.includes(k)) {
        this.err(p.key as YamlNode, where, `unknown key ${JSON.stringify(k)} (expected one of ${allowed.join(', ')})`);
        continue;
      }
      out.set(k, (p.value as YamlNode) ?? null);
    }
    for (const r of required) if (!out.has(r)) this.err(n, where, `missing required key ${JSON.stringify(r)}`);
    return out;
  }

  str(n: YamlNode | null | undefined, where: string, opts: { pattern?: RegExp; oneOf?: readonly string[]; nonEmpty?: boolean } = {}): string | undefined {
    if (!n || !isScalar(n) || typeof n.value !== 'string') return this.err(n, where, 'must be a string');
    const s = n.value;
    if ((opts.nonEmpty ?? true) && s.trim() === '') return this.err(n, where, 'must not be empty');
    if (opts.pattern && !opts.pattern.test(s)) return this.err(n, where, `${JSON.stringify(s)} must match ${opts.pattern}`);
    if (opts.oneOf && !opts.oneOf.includes(s)) return this.err(n, where, `${JSON.stringify(s)} is not one of ${opts.oneOf.join(', ')}`);
    return s;
  }

  num(n: YamlNode | null | undefined, where: string, min = 0): number | undefined {
    if (!n || !isScalar(n) || typeof n.value !== 'number' || !Number.isFinite(n.value)) return this.err(n, where, 'must be a number');
    if (n.value < min) return this.err(n, where, `must be at least ${min}`);
    return n.value;
  }

  duration(n: YamlNode | null | undefined, where: string): number | undefined {
    const v = n && isScalar(n) ? n.value : undefined;
    const ms = parseDuration(v);
    if (ms === undefined) return this.err(n, where, `${JSON.stringify(v ?? null)} is not a duration (write 30s, 2m, 1m30s or 500ms)`);
    return ms;
  }

  msg(n: YamlNode | null | undefined, where: string): Msg | undefined {
    const f = this.fields(n ?? null, where, ['ko', 'en'], ['ko', 'en']);
    if (!f) return undefined;
    const ko = f.has('ko') ? this.str(f.get('ko'), `${where}.ko`) : undefined;
    const en = f.has('en') ? this.str(f.get('en'), `${where}.en`) : undefined;
    return ko !== undefined && en !== undefined ? { ko, en } : undefined;
  }

  list(n: YamlNode | null | undefined, where: string, min = 0): YamlNode[] | undefined {
    if (!n || !isSeq(n)) return this.err(n, where, 'must be a list');
    if (n.items.length < min) return this.err(n, where, `needs at least ${min} entr${min === 1 ? 'y' : 'ies'}`);
    return n.items as YamlNode[];
  }

  lines(n: YamlNode | null | undefined, where: string, min = 1): string[] | undefined {
    const items = this.list(n, where, min);
    if (!items) return undefined;
    const out: string[] = [];
    items.forEach((it, i) => {
      const s = this.str(it, `${where}[${i}]`);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  exercise(root: YamlNode | null, opts: LoadOptions): Exercise | undefined {
    const f = this.fields(root, '', ['id', 'title', 'intro', 'lesson', 'area', 'difficulty', 'minutes', 'setup', 'tasks', 'solution', 'wrong', 'checkWindow'], ['id', 'title', 'intro', 'lesson', 'area', 'difficulty', 'minutes', 'setup', 'tasks', 'solution']);
    if (!f) return undefined;
    const id = this.str(f.get('id'), 'id', { pattern: ID_RE });
    const title = this.msg(f.get('title'), 'title');
    const intro = this.msg(f.get('intro'), 'intro');
    const lesson = this.str(f.get('lesson'), 'lesson', { oneOf: opts.lessons });
    const area = this.str(f.get('area'), 'area', { oneOf: AREAS }) as Area | undefined;
    const difficulty = this.str(f.get('difficulty'), 'difficulty', { oneOf: DIFFICULTIES }) as Difficulty | undefined;
    const minutes = this.num(f.get('minutes'), 'minutes', 1);
    const setup = f.has('setup') ? this.setup(f.get('setup')!) : undefined;
    const injectionIds = new Set((setup?.inject ?? []).map((i) => i.id).filter((x): x is string => !!x));
    const checkIds = new Map<string, YamlNode | null>();
    const tasks: TaskSpec[] = [];
    const taskNodes = f.has('tasks') ? this.list(f.get('tasks'), 'tasks', 1) : undefined;
    const taskIds = new Set<string>();
    taskNodes?.forEach((t, i) => {
      const task = this.task(t, `tasks[${i}]`, injectionIds, checkIds);
      if (!task) return;
      if (taskIds.has(task.id)) this.err(t, `tasks[${i}].id`, `duplicate task id ${JSON.stringify(task.id)}`);
      taskIds.add(task.id);
      tasks.push(task);
    });
    const solution = f.has('solution') ? this.lines(f.get('solution'), 'solution') : undefined;
    const wrong: WrongAttempt[] = [];
    if (f.has('wrong')) {
      this.list(f.get('wrong'), 'wrong')?.forEach((w, i) => {
        const wf = this.fields(w, `wrong[${i}]`, ['lines', 'fails', 'why'], ['lines', 'fails']);
        if (!wf) return;
        const lines = wf.has('lines') ? this.lines(wf.get('lines'), `wrong[${i}].lines`) : undefined;
        const fails = wf.has('fails') ? this.str(wf.get('fails'), `wrong[${i}].fails`) : undefined;
        if (fails !== undefined && !checkIds.has(fails)) this.err(wf.get('fails'), `wrong[${i}].fails`, `no check has the id ${JSON.stringify(fails)} (checks: ${[...checkIds.keys()].join(', ')})`);
        const why = wf.has('why') ? this.msg(wf.get('why'), `wrong[${i}].why`) : undefined;
        if (lines && fails) wrong.push({ lines, fails, ...(why ? { why } : {}) });
      });
    }
    const checkWindow = f.has('checkWindow') ? this.duration(f.get('checkWindow'), 'checkWindow') : DEFAULT_CHECK_WINDOW_MS;
    if (!id || !title || !intro || !lesson || !area || !difficulty || minutes === undefined || !setup || !solution || checkWindow === undefined) return undefined;
    return { id, title, intro, lesson, area, difficulty, minutes, setup, tasks, solution, wrong, checkWindow };
  }

  setup(n: YamlNode | null): Exercise['setup'] | undefined {
    const f = this.fields(n, 'setup', ['cluster', 'apply', 'files', 'run', 'wait', 'inject']);
    if (!f) return undefined;
    const out: Exercise['setup'] = { wait: 0, inject: [] };
    if (f.has('cluster')) {
      const c = this.fields(f.get('cluster')!, 'setup.cluster', ['workers', 'workerCPU', 'workerMemory', 'profile']);
      if (c) {
        out.cluster = {};
        if (c.has('workers')) out.cluster.workers = this.num(c.get('workers'), 'setup.cluster.workers', 1);
        if (c.has('workerCPU')) out.cluster.workerCPU = this.str(c.get('workerCPU'), 'setup.cluster.workerCPU');
        if (c.has('workerMemory')) out.cluster.workerMemory = this.str(c.get('workerMemory'), 'setup.cluster.workerMemory');
        if (c.has('profile')) out.cluster.profile = this.str(c.get('profile'), 'setup.cluster.profile', { oneOf: ['cloud', 'bare-metal'] }) as 'cloud' | 'bare-metal';
      }
    }
    if (f.has('apply')) {
      const text = this.str(f.get('apply'), 'setup.apply');
      if (text !== undefined) {
        const base = this.lineOf(f.get('apply')) - 1;
        for (const d of parseAllDocuments(text)) {
          const e = 'errors' in d ? d.errors[0] : undefined;
          if (e) this.errors.push({ file: this.file, line: base + (e.linePos?.[0]?.line ?? 1), reason: `setup.apply: ${e.message.split('\n')[0]}` });
        }
        out.apply = text;
      }
    }
    if (f.has('files')) {
      const ff = this.fields(f.get('files')!, 'setup.files', undefined);
      if (ff) {
        out.files = {};
        for (const [k, v] of ff) {
          const s = this.str(v, `setup.files.${k}`);
          if (s !== undefined) out.files[k] = s;
        }
      }
    }
    if (f.has('run')) out.run = this.lines(f.get('run'), 'setup.run');
    if (f.has('wait')) out.wait = this.duration(f.get('wait'), 'setup.wait') ?? 0;
    if (f.has('inject')) {
      this.list(f.get('inject'), 'setup.inject')?.forEach((it, i) => {
        const w = `setup.inject[${i}]`;
        const g = this.fields(it, w, ['at', 'action', 'target', 'selector', 'namespace', 'rate', 'id', 'count', 'every'], ['at', 'action']);
        if (!g) return;
        const at = g.has('at') ? this.duration(g.get('at'), `${w}.at`) : undefined;
        const action = g.has('action') ? (this.str(g.get('action'), `${w}.action`, { oneOf: INJECTION_ACTIONS }) as InjectionAction | undefined) : undefined;
        const spec: InjectionSpec = { at: at ?? 0, action: action ?? 'stop-node' };
        if (g.has('target')) spec.target = this.str(g.get('target'), `${w}.target`);
        if (g.has('selector')) spec.selector = this.str(g.get('selector'), `${w}.selector`);
        if (g.has('namespace')) spec.namespace = this.str(g.get('namespace'), `${w}.namespace`);
        if (g.has('rate')) spec.rate = this.num(g.get('rate'), `${w}.rate`);
        if (g.has('count')) spec.count = this.num(g.get('count'), `${w}.count`, 1);
        if (g.has('every')) spec.every = this.duration(g.get('every'), `${w}.every`);
        if (spec.every !== undefined && spec.every < 1000) this.err(g.get('every'), `${w}.every`, 'must be at least 1s');
        if (g.has('id')) spec.id = this.str(g.get('id'), `${w}.id`, { pattern: ID_RE });
        const needsTarget = ['stop-node', 'start-node', 'stop-component', 'start-component', 'send-load', 'stop-load'].includes(spec.action);
        if (action && needsTarget && !spec.target) this.err(it, w, `${action} needs a target`);
        if (action && !needsTarget && !spec.selector) this.err(it, w, `${action} needs a selector`);
        if (action && (action === 'leak-memory' || action === 'send-load') && spec.rate === undefined) this.err(it, w, `${action} needs a rate`);
        if (at !== undefined && action) out.inject.push(spec);
      });
    }
    return out;
  }

  task(n: YamlNode | null, where: string, injectionIds: Set<string>, checkIds: Map<string, YamlNode | null>): TaskSpec | undefined {
    const f = this.fields(n, where, ['id', 'text', 'checks', 'hints', 'explanation'], ['id', 'text', 'checks', 'hints', 'explanation']);
    if (!f) return undefined;
    const id = this.str(f.get('id'), `${where}.id`, { pattern: ID_RE });
    const text = this.msg(f.get('text'), `${where}.text`);
    const checks: CheckSpec[] = [];
    this.list(f.get('checks'), `${where}.checks`, 1)?.forEach((c, i) => {
      const spec = this.check(c, `${where}.checks[${i}]`, injectionIds);
      if (!spec) return;
      if (checkIds.has(spec.id)) this.err(c, `${where}.checks[${i}].id`, `duplicate check id ${JSON.stringify(spec.id)}`);
      checkIds.set(spec.id, c);
      checks.push(spec);
    });
    const hints: Msg[] = [];
    this.list(f.get('hints'), `${where}.hints`, 1)?.forEach((h, i) => {
      const m = this.msg(h, `${where}.hints[${i}]`);
      if (m) hints.push(m);
    });
    const explanation = this.msg(f.get('explanation'), `${where}.explanation`);
    if (!id || !text || !explanation) return undefined;
    return { id, text, checks, hints, explanation };
  }

  check(n: YamlNode | null, where: string, injectionIds: Set<string>): CheckSpec | undefined {
    const f = this.fields(n, where, undefined, ['id', 'type']);
    if (!f) return undefined;
    const id = this.str(f.get('id'), `${where}.id`, { pattern: ID_RE });
    const type = this.str(f.get('type'), `${where}.type`);
    const kind = type ? CHECK_KINDS.get(type) : undefined;
    if (type && !kind) return this.err(f.get('type'), `${where}.type`, `unknown check type ${JSON.stringify(type)} (expected one of ${[...CHECK_KINDS.keys()].join(', ')})`);
    if (!kind || !id) return undefined;
    const params: Record<string, unknown> = {};
    let ok = true;
    for (const [k, v] of f) {
      if (COMMON_CHECK_KEYS.includes(k)) continue;
      const p: ParamSpec | undefined = kind.params[k];
      if (!p) {
        this.err(this.keyNode(n, k), `${where}`, `check type ${type} has no parameter ${JSON.stringify(k)} (it takes ${[...Object.keys(kind.params), ...COMMON_CHECK_KEYS].join(', ')})`);
        ok = false;
        continue;
      }
      const value = v ? v.toJSON() : null;
      const t = Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value === 'object' ? 'object' : typeof value;
      if (p.type !== 'any' && t !== p.type) {
        this.err(v, `${where}.${k}`, `must be a ${p.type}`);
        ok = false;
        continue;
      }
      params[k] = value;
    }
    for (const [k, p] of Object.entries(kind.params)) {
      if (p.required && !(k in params) && ok) {
        this.err(n, where, `check type ${type} needs ${JSON.stringify(k)}`);
        ok = false;
      }
    }
    if (ok && kind.validate) {
      const why = kind.validate(params);
      if (why) {
        this.err(n, where, why);
        ok = false;
      }
    }
    const hold = f.has('for') ? this.duration(f.get('for'), `${where}.for`) : DEFAULT_HOLD_MS;
    let sticky = !NOT_STICKY_BY_DEFAULT.has(kind.type);
    if (f.has('sticky')) {
      const s = f.get('sticky');
      if (!s || !isScalar(s) || typeof s.value !== 'boolean') this.err(s, `${where}.sticky`, 'must be true or false');
      else sticky = s.value;
    }
    let after: string | undefined;
    if (f.has('after')) {
      after = this.str(f.get('after'), `${where}.after`);
      if (after !== undefined && !injectionIds.has(after)) this.err(f.get('after'), `${where}.after`, `no injection has the id ${JSON.stringify(after)}`);
    }
    const title = f.has('title') ? this.msg(f.get('title'), `${where}.title`) : undefined;
    const within = f.has('within') ? this.duration(f.get('within'), `${where}.within`) : undefined;
    if (!ok || hold === undefined) return undefined;
    return { id, type: kind.type, for: hold, sticky, ...(after ? { after } : {}), ...(within !== undefined ? { within } : {}), ...(title ? { title } : {}), params, line: this.lineOf(n) };
  }
}
