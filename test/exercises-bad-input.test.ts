/**
 * Bad input (issue 6): a learner who floods the cluster, runs the solution
 * twice or deletes everything gets correct check results and no crash, and a
 * failing check still says what it saw.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExercise } from '../checker/schema.js';
import { formatResult, runExercise } from '../checker/run.js';
import type { Exercise, ExerciseResult } from '../checker/types.js';

const load = (id: string): Exercise => loadExercise(`exercises/${id}.yaml`, readFileSync(new URL(`../exercises/${id}.yaml`, import.meta.url), 'utf8'));

function check(r: ExerciseResult, id: string) {
  for (const t of r.tasks) for (const c of t.checks) if (c.id === id) return c;
  throw new Error(`no check ${id}`);
}

const FLOOD = [
  'kubectl create deployment flood --image=nginx:1.26 --replicas=150',
  'for i in $(seq 1 40); do kubectl run flood-$i --image=busybox:1.36 -- sleep 3600 >/dev/null; done',
  'kubectl get pods | grep -c Pending',
];

describe('exercises under bad input', () => {
  for (const id of ['scale-kubectl', 'service-clusterip-dns', 'rollout-to-revision']) {
    it(`${id}: running the solution twice still passes`, async () => {
      const ex = load(id);
      const { result, transcript, engineErrors } = await runExercise(ex, [...ex.solution, ...ex.solution]);
      expect(result.passed, `${transcript}\n${formatResult(ex, result)}`).toBe(true);
      expect(engineErrors).toEqual([]);
    });
  }

  it('scale-kubectl: a flood that fills every node makes the check fail with the scheduler\'s reason, and passes once it is gone', async () => {
    const ex = load('scale-kubectl');
    const flood = ['kubectl create deployment flood --image=nginx:1.26 --replicas=300', 'sleep 60'];
    const during = await runExercise(ex, [...flood, ...ex.solution.filter((l) => !l.includes('rollout status'))], { checkWindowMs: 30_000 });
    // Two workers take 110 pods each (the kubelet's maxPods): shop's new replicas find no room.
    expect(during.result.passed).toBe(false);
    expect(check(during.result, 'shop-five').msg.en).toMatch(/^Deployment shop has 2\/5 ready replicas .*Too many pods/);
    expect(during.engineErrors).toEqual([]);
    const after = await runExercise(ex, [...flood, ...ex.solution.filter((l) => !l.includes('rollout status')), 'kubectl delete deployment flood', 'kubectl rollout status deployment/shop --timeout=5m'], { checkWindowMs: 120_000 });
    expect(after.result.passed, `${after.transcript}\n${formatResult(ex, after.result)}`).toBe(true);
    expect(after.engineErrors).toEqual([]);
  }, 120_000);

  it('service-selector-mismatch: a flood alone fixes nothing, and the check says why', async () => {
    const ex = load('service-selector-mismatch');
    const { result, engineErrors } = await runExercise(ex, FLOOD, { checkWindowMs: 30_000 });
    expect(result.passed).toBe(false);
    const c = check(result, 'backend-endpoints');
    expect(c.status).toBe('fail');
    expect(c.msg.en).toBe('Service backend has no ready endpoints: its selector app=back-end matches no pod in namespace default.');
    expect(engineErrors).toEqual([]);
  }, 120_000);

  it('imagepull-typo: deleting everything fails the check with what is missing', async () => {
    const ex = load('imagepull-typo');
    const { result, transcript, engineErrors } = await runExercise(ex, ['kubectl delete all --all', 'sleep 30'], { checkWindowMs: 30_000 });
    expect(transcript).toContain('deployment.apps "web" deleted');
    expect(result.passed).toBe(false);
    expect(check(result, 'web-ready').msg.en).toBe('There is no Deployment web in namespace default.');
    expect(engineErrors).toEqual([]);
  }, 120_000);

  it('etcd-backup-restore: before the restore, each failing check of the task says something of its own', async () => {
    const ex = load('etcd-backup-restore');
    const { result, engineErrors } = await runExercise(ex, ['sleep 5'], { checkWindowMs: 10_000 });
    expect(check(result, 'orders-back').msg.en).toBe('There is no Deployment orders in namespace default.');
    // The object check of the same Deployment names the field it wants (it printed the line above a second time).
    expect(check(result, 'orders-restored').msg).toEqual({
      ko: "Deployment orders이(가) 없습니다 (네임스페이스 default). 목표: metadata.annotations['team'] = payments.",
      en: "There is no Deployment orders in namespace default; the goal: metadata.annotations['team'] = payments.",
    });
    for (const t of result.tasks) {
      const failing = t.checks.filter((c) => c.status !== 'pass').map((c) => c.msg.en);
      expect(new Set(failing).size).toBe(failing.length);
    }
    expect(engineErrors).toEqual([]);
  }, 120_000);
});
