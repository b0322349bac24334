import { describe, expect, it } from 'vitest';
import { settle, type SettleState } from './settle.js';
import { ExerciseError, loadExercise } from './schema.js';
import { readPath } from './fieldpath.js';
import { describeGoal, valueMeets } from './checks/compare.js';
import type { Observation } from './types.js';

const ok: Observation = { status: 'pass', msg: { ko: '좋음', en: 'good' } };
const bad: Observation = { status: 'fail', msg: { ko: '나쁨', en: 'bad' } };

describe('settle', () => {
  it('passes only after the state held for `for` ms, then stays passed (sticky)', () => {
    const spec = { id: 'c', for: 10_000, sticky: true };
    const st: SettleState = {};
    expect(settle(spec, st, ok, 1_000, 0).status).toBe('fail');
    expect(settle(spec, st, ok, 5_000, 0).settling).toEqual({ heldMs: 4_000, forMs: 10_000 });
    expect(settle(spec, st, ok, 11_000, 0).status).toBe('pass');
    expect(settle(spec, st, bad, 12_000, 0).status).toBe('pass');
  });

  it('a break restarts the hold; non-sticky checks follow the state', () => {
    const spec = { id: 'c', for: 10_000, sticky: false };
    const st: SettleState = {};
    settle(spec, st, ok, 0, 0);
    settle(spec, st, bad, 5_000, 0);
    expect(settle(spec, st, ok, 12_000, 0).status).toBe('fail');
    expect(settle(spec, st, ok, 22_000, 0).status).toBe('pass');
    expect(settle(spec, st, bad, 23_000, 0).status).toBe('fail');
  });

  it('cannot pass before its injection, and holds from the injection on', () => {
    const spec = { id: 'c', for: 10_000, sticky: true };
    const st: SettleState = {};
    const r = settle(spec, st, ok, 30_000, 0, { what: { ko: 'x', en: 'node worker-1 goes down' } });
    expect(r.status).toBe('fail');
    expect(r.msg.en).toBe('Not yet: this can only pass after node worker-1 goes down.');
    expect(settle(spec, st, ok, 35_000, 0, { happenedAt: 32_000, what: r.msg }).status).toBe('fail');
    expect(settle(spec, st, ok, 44_000, 0, { happenedAt: 32_000, what: r.msg }).status).toBe('fail');
    expect(settle(spec, st, ok, 45_000, 0, { happenedAt: 32_000, what: r.msg }).status).toBe('pass');
  });

  it('fails for good once `within` has passed', () => {
    const spec = { id: 'c', for: 0, sticky: true, within: 60_000 };
    const r = settle(spec, {}, ok, 70_000, 0, { happenedAt: 5_000, what: ok.msg });
    expect(r.status).toBe('fail');
    expect(r.msg.en).toMatch(/^Not done within the 60 s allowed/);
  });

  it('unknown stays unknown and explains itself', () => {
    const r = settle({ id: 'c', for: 0, sticky: true }, {}, { status: 'unknown', msg: { ko: 'a', en: 'API down' } }, 0, 0);
    expect(r).toMatchObject({ status: 'unknown', msg: { en: 'API down' } });
  });
});

describe('field paths and conditions', () => {
  const d = { spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx:1.26', env: [{ name: 'X', value: '1' }], resources: { limits: { memory: '512Mi' } } }] } } }, metadata: { annotations: { 'deployment.kubernetes.io/revision': '3' } } };
  it('reads indexes, wildcards, filters and quoted keys', () => {
    expect(readPath(d, 'spec.template.spec.containers[0].image')).toEqual(['nginx:1.26']);
    expect(readPath(d, 'spec.template.spec.containers[*].name')).toEqual(['a']);
    expect(readPath(d, 'spec.template.spec.containers[0].env[?(@.name=="X")].value')).toEqual(['1']);
    expect(readPath(d, "metadata.annotations['deployment.kubernetes.io/revision']")).toEqual(['3']);
    expect(readPath(d, 'spec.nothing.here')).toEqual([]);
  });
  it('walks into an annotation that holds JSON, as kubectl apply\'s last-applied-configuration does', () => {
    const d = { metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Deployment","spec":{"replicas":4}}\n', 'a/b': 'plain {' } } };
    expect(readPath(d, "metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'].spec.replicas")).toEqual([4]);
    expect(readPath(d, "metadata.annotations['a/b'].x")).toEqual([]);
    expect(readPath(d, "metadata.annotations['a/b']")).toEqual(['plain {']);
  });
  it('compares quantities by value', () => {
    expect(valueMeets('512Mi', { path: '', atLeast: '320Mi' })).toBe(true);
    expect(valueMeets('1Gi', { path: '', atLeast: '512Mi' })).toBe(true);
    expect(valueMeets('256Mi', { path: '', atLeast: '320Mi' })).toBe(false);
    expect(valueMeets('500m', { path: '', atMost: '1' })).toBe(true);
  });
  it('states a oneOf goal with each value once (rolling-max-surge lists 1 and "1")', () => {
    expect(describeGoal({ path: '', oneOf: [1, '1'] })).toEqual({ ko: '1', en: '1' });
    expect(describeGoal({ path: '', oneOf: [0, '0', '0%'] })).toEqual({ ko: '0, 0% 중 하나', en: 'one of 0, 0%' });
  });
});

describe('schema errors name the file, the line and the reason', () => {
  const base = (extra: string) => `id: x
title: {ko: a, en: b}
intro: {ko: a, en: b}
lesson: 05-pods
area: failure-recovery
difficulty: easy
minutes: 5
setup: {}
tasks:
  - id: t
    text: {ko: a, en: b}
    hints: [{ko: a, en: b}]
    explanation: {ko: a, en: b}
    checks:
${extra}
solution: [kubectl get pods]
`;
  const errorsOf = (text: string, lessons?: string[]) => {
    try {
      loadExercise('exercises/x.yaml', text, { lessons });
    } catch (e) {
      return (e as ExerciseError).errors;
    }
    return [];
  };

  it('accepts a valid file', () => {
    expect(errorsOf(base('      - {id: c, type: deployment, name: web}'))).toEqual([]);
  });
  it('an unknown check type', () => {
    expect(errorsOf(base('      - id: c\n        type: deployement\n        name: web'))).toEqual([
      { file: 'exercises/x.yaml', line: 16, reason: 'tasks[0].checks[0].type: unknown check type "deployement" (expected one of deployment, pods, object, endpoints, command, same-object, replaced, ever, always, endpoints-always, component, file, http, requests, env)' },
    ]);
  });
  it('a missing parameter, a bad duration, an unknown lesson', () => {
    const errs = errorsOf(base('      - id: c\n        type: deployment\n        for: soon').replace('05-pods', '99-nope'), ['05-pods']);
    expect(errs.map((e) => `${e.line}: ${e.reason}`)).toEqual([
      '4: lesson: "99-nope" is not one of 05-pods',
      '15: tasks[0].checks[0]: check type deployment needs "name"',
      '17: tasks[0].checks[0].for: "soon" is not a duration (write 30s, 2m, 1m30s or 500ms)',
    ]);
  });
  it('YAML syntax errors with their line', () => {
    const errs = errorsOf('id: x\ntitle: {ko: a\n');
    expect(errs[0].file).toBe('exercises/x.yaml');
    expect(errs[0].line).toBeGreaterThanOrEqual(2);
  });
  it('a wrong attempt naming no check', () => {
    const errs = errorsOf(base('      - {id: c, type: deployment, name: web}') + 'wrong:\n  - lines: [x]\n    fails: nope\n');
    expect(errs).toEqual([{ file: 'exercises/x.yaml', line: 19, reason: 'wrong[0].fails: no check has the id "nope" (checks: c)' }]);
  });
});
