/**
 * Other ways a learner reaches an exercise's goal than its reference solution:
 * they pass, and what the checker says about them reads true.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExercise } from '../checker/schema.js';
import { formatResult, runExercise } from '../checker/run.js';
import type { Exercise } from '../checker/types.js';

const lessons = [...readFileSync(new URL('../docs/.vitepress/config.ts', import.meta.url), 'utf8').matchAll(/slug: '([^']+)'/g)].map((m) => m[1]);
const exercise = (id: string): Exercise => loadExercise(`exercises/${id}.yaml`, readFileSync(new URL(`../exercises/${id}.yaml`, import.meta.url), 'utf8'), { lessons });

describe('exercises solved another way', () => {
  it('delete-hung-pod: a rollout restart replaces every pod through the ReplicaSets, and the feedback counts them in the plural', async () => {
    const ex = exercise('delete-hung-pod');
    const { result, transcript } = await runExercise(ex, ['kubectl rollout restart deployment web', 'kubectl rollout status deployment web', 'sleep 20']);
    const text = formatResult(ex, result);
    expect(result.passed, `${transcript}\n${text}`).toBe(true);
    expect(text).toMatch(/replaced-by-rs: The controller replaced the deleted pods web-\S+, web-\S+, web-\S+ with \d+ new pods\./);
  });

  it('node-down-keep-serving: deleting the dead node\'s pods without waiting for the kubelet gets replacements in time', async () => {
    const ex = exercise('node-down-keep-serving');
    const { result, transcript } = await runExercise(ex, ['sleep 80', 'kubectl delete pods --field-selector spec.nodeName=worker-1 --wait=false', 'sleep 30']);
    expect(result.passed, `${transcript}\n${formatResult(ex, result)}`).toBe(true);
  });

  it('liveness-probe-hung: a probe that restarts at the first failure (failureThreshold 1) and a tcpSocket readiness probe in readiness-slow-start', async () => {
    // The liveness probe first runs on its worker's tick after nginx listens, so a threshold of 1 does not kill each new
    // container at its start (it did while probes ran at the container's start).
    const live = exercise('liveness-probe-hung');
    const a = await runExercise(live, [
      `kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","livenessProbe":{"httpGet":{"path":"/","port":80},"periodSeconds":3,"failureThreshold":1}}]}}}}'`,
      'kubectl rollout status deployment/web', 'sleep 120']);
    expect(a.result.passed, `${a.transcript}\n${formatResult(live, a.result)}`).toBe(true);
    // nginx opens port 80 only after the 20 s warm-up, so a TCP check is as good a readiness probe as an HTTP one.
    const slow = exercise('readiness-slow-start');
    const b = await runExercise(slow, [
      "sed -i 's|^        ports:|        readinessProbe:\\n          tcpSocket:\\n            port: 80\\n        ports:|' web-v2.yaml",
      'kubectl apply -f web-v2.yaml', 'kubectl rollout status deployment/web', 'sleep 20']);
    expect(b.result.passed, `${b.transcript}\n${formatResult(slow, b.result)}`).toBe(true);
  });
});
