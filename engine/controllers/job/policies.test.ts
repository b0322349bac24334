/**
 * The Job features that are GA in v1.35 beyond the basics: podFailurePolicy,
 * backoffLimitPerIndex / maxFailedIndexes, successPolicy, and the interim
 * FailureTarget / SuccessCriteriaMet conditions before Failed / Complete.
 * Expected texts are those of pkg/controller/job (release-1.35):
 * pod_failure_policy.go, success_policy.go, indexed_job_utils.go, job_controller.go.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { parseTime } from '../../util/time.js';
import { loadBatchControllers } from './loader.js';
import { kubectlRunner } from '../../kubectl/test-helpers.js';
import { formatIndexes, indexBackoffRemaining, isIndexFailed, matchPodFailurePolicy, matchSuccessPolicy, newIndexFailureCounts, parseIndexes } from './decisions.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

beforeAll(async () => {
  await loadBatchControllers();
});

function failedPod(name: string, statuses: Any[], extra: Any = {}): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', annotations: extra.annotations },
    status: { phase: 'Failed', containerStatuses: statuses, initContainerStatuses: extra.init, conditions: extra.conditions },
  };
}
const exited = (name: string, exitCode: number, finishedAt = '2026-01-01T00:00:00Z') => ({ name, state: { terminated: { exitCode, finishedAt } } });

describe('pod failure policy decisions (matchPodFailurePolicy)', () => {
  const policy = {
    rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [1, 2] } },
      { action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } },
    ],
  };

  it('FailJob names the container, the pod, the exit code and the rule index', () => {
    const m = matchPodFailurePolicy(policy, failedPod('x', [exited('side', 0), exited('main', 42)]));
    expect(m).toEqual({ action: 'FailJob', count: true, message: 'Container main for pod default/x failed with exit code 42 matching FailJob rule at index 1' });
  });

  it('the first matching rule decides; exit code 0 and running containers never match', () => {
    const disrupted = failedPod('x', [exited('main', 42)], { conditions: [{ type: 'DisruptionTarget', status: 'True' }] });
    expect(matchPodFailurePolicy(policy, disrupted)).toEqual({ action: 'Ignore', count: false });
    // 42 in another container: the FailJob rule names main, so NotIn [1,2] (Count) matches.
    expect(matchPodFailurePolicy(policy, failedPod('x', [exited('other', 42)]))).toEqual({ action: 'Count', count: true });
    expect(matchPodFailurePolicy(policy, failedPod('x', [exited('main', 1)]))).toEqual({ action: 'FailIndex', count: true });
    expect(matchPodFailurePolicy(policy, failedPod('x', [exited('main', 2)]))).toEqual({ count: true });
    expect(matchPodFailurePolicy(policy, failedPod('x', [{ name: 'main', state: { running: {} } }, exited('c', 0)]))).toEqual({ count: true });
    expect(matchPodFailurePolicy(undefined, failedPod('x', [exited('main', 42)]))).toEqual({ count: true });
  });

  it('looks at init containers after the containers; a pod condition rule names the condition', () => {
    const init = failedPod('x', [], { init: [exited('main', 42)] });
    expect(matchPodFailurePolicy(policy, init).message).toBe('Container main for pod default/x failed with exit code 42 matching FailJob rule at index 1');
    const byCondition = { rules: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] };
    const p = failedPod('y', [exited('main', 137)], { conditions: [{ type: 'Ready', status: 'False' }, { type: 'DisruptionTarget', status: 'True' }] });
    expect(matchPodFailurePolicy(byCondition, p).message).toBe('Pod default/y has condition DisruptionTarget matching FailJob rule at index 0');
  });
});

describe('per-index and success policy decisions', () => {
  const job = (spec: Any): KObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { completionMode: 'Indexed', completions: 4, ...spec } });

  it('an index fails when its failures reach backoffLimitPerIndex, or at once on a FailIndex rule', () => {
    const p = (count: string, code = 3) => failedPod('x', [exited('main', code)], { annotations: { 'batch.kubernetes.io/job-index-failure-count': count } });
    expect(isIndexFailed(job({ backoffLimitPerIndex: 1 }), p('0'))).toBe(false);
    expect(isIndexFailed(job({ backoffLimitPerIndex: 1 }), p('1'))).toBe(true);
    const failIndex = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }, { action: 'Ignore', onExitCodes: { operator: 'In', values: [4] } }] };
    expect(isIndexFailed(job({ backoffLimitPerIndex: 5, podFailurePolicy: failIndex }), p('0'))).toBe(true);
    expect(isIndexFailed(job({ backoffLimitPerIndex: 0, podFailurePolicy: failIndex }), p('0', 4))).toBe(false);
    // The replacement carries the count on; an ignored failure goes to the ignored count.
    expect(newIndexFailureCounts(job({ backoffLimitPerIndex: 2 }), p('1'))).toEqual([2, 0]);
    expect(newIndexFailureCounts(job({ backoffLimitPerIndex: 2, podFailurePolicy: failIndex }), p('1', 4))).toEqual([1, 1]);
    expect(newIndexFailureCounts(job({ backoffLimitPerIndex: 2 }), undefined)).toEqual([0, 0]);
    // An index's back-off: 10 s after its first failure, 20 s after its second (the annotation's count plus one).
    const at = Date.parse('2026-01-01T00:00:00Z');
    expect(indexBackoffRemaining(p('0'), at + 4000)).toBe(6000);
    expect(indexBackoffRemaining(p('1'), at)).toBe(20_000);
  });

  it('a success policy is met by all its indexes, by succeededCount of them, or by a count alone', () => {
    const done = (s: string) => parseIndexes(s, 10);
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-2' }] }, 10, done('0,1'))).toBeUndefined();
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-2' }] }, 10, done('0-2,7'))).toBe('Matched rules at index 0');
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '5' }, { succeededIndexes: '0-4', succeededCount: 2 }] }, 10, done('1,3'))).toBe('Matched rules at index 1');
    expect(matchSuccessPolicy({ rules: [{ succeededCount: 3 }] }, 10, done('0,4,8'))).toBe('Matched rules at index 0');
    // Indexes beyond completions leave the rule empty: it is skipped.
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '12-14' }] }, 10, done('0-9'))).toBeUndefined();
    expect(matchSuccessPolicy({ rules: [{ succeededCount: 1 }] }, 10, done(''))).toBeUndefined();
  });

  it('writes index lists as orderedIntervals.String does: a pair as "a,b", three or more as a range', () => {
    expect(formatIndexes(new Set([1, 3, 4, 5, 7, 8]))).toBe('1,3-5,7,8');
    expect(formatIndexes(new Set())).toBe('');
  });
});

function boot(): Cluster {
  return new Cluster({ seed: 21 }).boot();
}

function makeJob(c: Cluster, name: string, spec: Any, command: string[]): void {
  c.client().create('jobs.batch', 'default', {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
    spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', command }] } } },
  });
}

const getJob = (c: Cluster, name: string) => c.client().get('jobs.batch', 'default', name) as Any;
const podsOf = (c: Cluster, name: string) => (c.client().list('pods', 'default', { labelSelector: `job-name=${name}` }).items as Any[])
  .sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : a.metadata.creationTimestamp > b.metadata.creationTimestamp ? 1 : 0));
const conds = (j: Any) => (j.status.conditions ?? []).map((x: Any) => `${x.type}/${x.reason ?? ''}`);
function jobEvents(c: Cluster, name: string): Any[] {
  return (c.client().list('events', 'default').items as Any[])
    .filter((e) => e.involvedObject.kind === 'Job' && e.involvedObject.name === name)
    .sort((a, b) => parseTime(a.firstTimestamp)! - parseTime(b.firstTimestamp)!);
}

describe('podFailurePolicy over virtual time', () => {
  const policy = {
    rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
    ],
  };

  it('FailJob: FailureTarget with the rule message, the running pod deleted, Failed only once it terminated', () => {
    const c = boot();
    // Index 0 exits 42; index 1 runs on and ignores SIGTERM, so it takes its 30 s grace period to go.
    const script = ['sh', '-c', 'if [ "$JOB_COMPLETION_INDEX" = 0 ]; then sleep 2; exit 42; fi; trap "" TERM; sleep 3600'];
    makeJob(c, 'pfp', { completionMode: 'Indexed', parallelism: 2, completions: 2, backoffLimit: 6, podFailurePolicy: policy }, script);
    c.clock.runUntil(() => conds(getJob(c, 'pfp')).includes('FailureTarget/PodFailurePolicy'), 60_000);
    let j = getJob(c, 'pfp');
    const failedPod = podsOf(c, 'pfp').find((p) => p.metadata.labels['batch.kubernetes.io/job-completion-index'] === '0');
    const target = j.status.conditions.find((x: Any) => x.type === 'FailureTarget');
    expect(target.message).toBe(`Container main for pod default/${failedPod.metadata.name} failed with exit code 42 matching FailJob rule at index 1`);
    expect(conds(j)).toEqual(['FailureTarget/PodFailurePolicy']);
    c.advance(3_000);
    j = getJob(c, 'pfp');
    expect(j.status.terminating).toBe(1);
    expect(conds(j)).toEqual(['FailureTarget/PodFailurePolicy']);
    expect(jobEvents(c, 'pfp').map((e) => e.reason)).toEqual(['SuccessfulCreate', 'SuccessfulCreate', 'SuccessfulDelete']);
    c.advance(60_000);
    j = getJob(c, 'pfp');
    expect(conds(j)).toEqual(['FailureTarget/PodFailurePolicy', 'Failed/PodFailurePolicy']);
    expect(j.status.conditions[1].message).toBe(target.message);
    expect(j.status.active).toBeUndefined();
    expect(j.status.terminating).toBe(0);
    // The exit-42 pod and the one stopped for it.
    expect(j.status.failed).toBe(2);
    expect(j.status.uncountedTerminatedPods).toEqual({});
    expect(jobEvents(c, 'pfp').pop()).toMatchObject({ type: 'Warning', reason: 'PodFailurePolicy', message: target.message });
    expect(c.clock.errors).toEqual([]);
  });

  it('FailJob stops the Job at the first matching failure, whatever backoffLimit allows: no replacement pod', () => {
    const c = boot();
    makeJob(c, 'once', { parallelism: 1, completions: 2, backoffLimit: 6, podFailurePolicy: policy }, ['sh', '-c', 'exit 42']);
    c.advance(60_000);
    expect(conds(getJob(c, 'once'))).toEqual(['FailureTarget/PodFailurePolicy', 'Failed/PodFailurePolicy']);
    expect(podsOf(c, 'once')).toHaveLength(1);
    expect(getJob(c, 'once').status.failed).toBe(1);
    expect(c.clock.errors).toEqual([]);
  });

  it('Ignore: failures a rule ignores do not count toward backoffLimit, and the pod is replaced', () => {
    const c = boot();
    const ignore3 = { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }] };
    makeJob(c, 'ign', { backoffLimit: 0, podFailurePolicy: ignore3 }, ['sh', '-c', 'exit 3']);
    c.advance(60_000);
    const j = getJob(c, 'ign');
    expect(podsOf(c, 'ign').length).toBeGreaterThanOrEqual(3);
    expect(j.status.failed).toBeUndefined();
    expect(conds(j).filter((x: string) => /Failed|FailureTarget/.test(x))).toEqual([]);
    // Without the policy the same pod fails the Job at once.
    makeJob(c, 'noign', { backoffLimit: 0 }, ['sh', '-c', 'exit 3']);
    c.advance(30_000);
    expect(conds(getJob(c, 'noign'))).toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
    expect(c.clock.errors).toEqual([]);
  });
});

describe('a disruption under podFailurePolicy', () => {
  it('Ignore on DisruptionTarget: a pod evicted by a NoExecute taint is replaced without counting toward backoffLimit 0', () => {
    const c = boot();
    const policy = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] };
    makeJob(c, 'evict', { backoffLimit: 0, podFailurePolicy: policy }, ['sleep', '3600']);
    c.clock.runUntil(() => podsOf(c, 'evict')[0]?.status?.phase === 'Running', 30_000);
    const first = podsOf(c, 'evict')[0];
    c.client().patch('nodes', undefined, first.spec.nodeName, 'merge', { spec: { taints: [{ key: 'maintenance', value: 'now', effect: 'NoExecute' }] } });
    c.advance(90_000);
    const j = getJob(c, 'evict');
    const pods = podsOf(c, 'evict');
    expect(pods.find((p) => p.metadata.uid === first.metadata.uid)).toBeUndefined();
    expect(pods.filter((p) => p.status.phase === 'Running')).toHaveLength(1);
    expect(j.status.failed).toBeUndefined();
    expect(j.status.active).toBe(1);
    expect(conds(j).filter((x: string) => /Failed|FailureTarget/.test(x))).toEqual([]);
    expect(c.clock.errors).toEqual([]);
  });
});

describe('kubectl drain under podFailurePolicy (tasks/job/pod-failure-policy: ignore Pod disruptions)', () => {
  it('the eviction marks the pod DisruptionTarget (EvictionByEvictionAPI), so an Ignore rule replaces it without a failure', async () => {
    const c = boot();
    const policy = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] };
    makeJob(c, 'drained', { backoffLimit: 0, podFailurePolicy: policy }, ['sleep', '3600']);
    c.clock.runUntil(() => podsOf(c, 'drained')[0]?.status?.phase === 'Running', 30_000);
    const first = podsOf(c, 'drained')[0];
    const seen: Any[] = [];
    c.client().watch('pods', 'default', {}, (ev: Any) => { if (ev.object?.metadata?.uid === first.metadata.uid) seen.push(ev.object); });
    // drain follows each eviction on the virtual clock: the clock moves while it waits.
    let done = false;
    const run = kubectlRunner(c).run(['drain', first.spec.nodeName, '--ignore-daemonsets', '--grace-period=0']).then((x) => { done = true; return x; });
    for (let i = 0; i < 400 && !done; i++) {
      c.advance(250);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const r = await run;
    expect(r.stdout).toContain(`pod/${first.metadata.name} evicted`);
    const marked = seen.map((p) => (p.status.conditions ?? []).find((x: Any) => x.type === 'DisruptionTarget')).find(Boolean);
    // eviction.go's condition observes the pod's generation (CalculatePodConditionObservedGeneration).
    expect(marked).toEqual({ type: 'DisruptionTarget', observedGeneration: first.metadata.generation, status: 'True', lastProbeTime: null, lastTransitionTime: expect.any(String), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
    c.advance(60_000);
    const j = getJob(c, 'drained');
    expect(j.status.failed).toBeUndefined();
    expect(conds(j).filter((x: string) => /Failed|FailureTarget/.test(x))).toEqual([]);
    expect(podsOf(c, 'drained').filter((p) => p.status.phase === 'Running')).toHaveLength(1);
    expect(c.clock.errors).toEqual([]);
  });
});

describe('backoffLimitPerIndex over virtual time', () => {
  const failOddIndexes = ['sh', '-c', 'if [ "$JOB_COMPLETION_INDEX" = 1 ]; then exit 1; fi; if [ "$JOB_COMPLETION_INDEX" = 3 ]; then exit 1; fi; exit 0'];

  it('retries a failing index backoffLimitPerIndex times with the failure count annotation, then fails the Job with FailedIndexes', () => {
    const c = boot();
    makeJob(c, 'per', { completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimitPerIndex: 1 }, failOddIndexes);
    expect(getJob(c, 'per').spec.backoffLimit).toBe(2147483647);
    c.advance(120_000);
    const j = getJob(c, 'per');
    expect(j.status.completedIndexes).toBe('0,2');
    expect(j.status.failedIndexes).toBe('1,3');
    expect(j.status.succeeded).toBe(2);
    expect(j.status.failed).toBe(4);
    expect(conds(j)).toEqual(['FailureTarget/FailedIndexes', 'Failed/FailedIndexes']);
    expect(j.status.conditions[1].message).toBe('Job has failed indexes');
    const index1 = podsOf(c, 'per').filter((p) => p.metadata.labels['batch.kubernetes.io/job-completion-index'] === '1');
    expect(index1.map((p) => p.metadata.annotations['batch.kubernetes.io/job-index-failure-count'])).toEqual(['0', '1']);
    // The replacement waits out the index's 10 s back-off from the first pod's finish.
    const finished = parseTime(index1[0].status.containerStatuses[0].state.terminated.finishedAt)!;
    const created = parseTime(index1[1].metadata.creationTimestamp)!;
    expect(created - finished).toBeGreaterThanOrEqual(10_000);
    expect(created - finished).toBeLessThan(12_000);
    expect(jobEvents(c, 'per').pop()).toMatchObject({ type: 'Warning', reason: 'FailedIndexes', message: 'Job has failed indexes' });
    expect(c.clock.errors).toEqual([]);
  });

  it('FailIndex: a matching failure fails its index at once; the other indexes run on and the Job ends with FailedIndexes', () => {
    const c = boot();
    const policy = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }] };
    const script = ['sh', '-c', 'if [ "$JOB_COMPLETION_INDEX" = 2 ]; then exit 42; fi; if [ "$JOB_COMPLETION_INDEX" = 1 ]; then exit 1; fi; sleep 1'];
    makeJob(c, 'fi', { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 3, podFailurePolicy: policy }, script);
    c.advance(30_000);
    let j = getJob(c, 'fi');
    // Index 2 failed for good; index 1 (exit 1, no rule) is retried after its back-off.
    expect(j.status.failedIndexes).toBe('2');
    expect(j.status.completedIndexes).toBe('0');
    expect(podsOf(c, 'fi').filter((p) => p.metadata.labels['batch.kubernetes.io/job-completion-index'] === '2')).toHaveLength(1);
    expect(podsOf(c, 'fi').filter((p) => p.metadata.labels['batch.kubernetes.io/job-completion-index'] === '1').length).toBeGreaterThanOrEqual(2);
    c.advance(300_000);
    j = getJob(c, 'fi');
    expect(j.status.failedIndexes).toBe('1,2');
    expect(conds(j)).toEqual(['FailureTarget/FailedIndexes', 'Failed/FailedIndexes']);
    // Index 1 ran backoffLimitPerIndex + 1 times, each replacement one failure further on.
    const index1 = podsOf(c, 'fi').filter((p) => p.metadata.labels['batch.kubernetes.io/job-completion-index'] === '1');
    expect(index1.map((p) => p.metadata.annotations['batch.kubernetes.io/job-index-failure-count'])).toEqual(['0', '1', '2', '3']);
    expect(c.clock.errors).toEqual([]);
  });

  it('fails the Job as soon as more indexes failed than maxFailedIndexes', () => {
    const c = boot();
    makeJob(c, 'maxf', { completionMode: 'Indexed', completions: 4, parallelism: 2, backoffLimitPerIndex: 0, maxFailedIndexes: 0 }, failOddIndexes);
    c.advance(60_000);
    const j = getJob(c, 'maxf');
    expect(conds(j)).toEqual(['FailureTarget/MaxFailedIndexesExceeded', 'Failed/MaxFailedIndexesExceeded']);
    expect(j.status.conditions[1].message).toBe('Job has exceeded the specified maximal number of failed indexes');
    expect(j.status.failedIndexes).toBe('1');
    // Indexes 2 and 3 never started: the Job failed while 0 and 1 ran.
    expect(podsOf(c, 'maxf').map((p) => p.metadata.labels['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1']);
    expect(c.clock.errors).toEqual([]);
  });
});

describe('successPolicy over virtual time', () => {
  it('SuccessCriteriaMet (reason SuccessPolicy) when the leader index succeeds, the others terminated, then Complete', () => {
    const c = boot();
    const leaderOnly = ['sh', '-c', 'if [ "$JOB_COMPLETION_INDEX" = 0 ]; then exit 0; fi; sleep 3600'];
    makeJob(c, 'lead', { completionMode: 'Indexed', completions: 3, parallelism: 3, successPolicy: { rules: [{ succeededIndexes: '0' }] } }, leaderOnly);
    c.clock.runUntil(() => conds(getJob(c, 'lead')).includes('SuccessCriteriaMet/SuccessPolicy'), 60_000);
    let j = getJob(c, 'lead');
    expect(j.status.conditions[0]).toMatchObject({ type: 'SuccessCriteriaMet', status: 'True', reason: 'SuccessPolicy', message: 'Matched rules at index 0' });
    expect(j.status.completionTime).toBeUndefined();
    expect(podsOf(c, 'lead').filter((p) => p.metadata.deletionTimestamp)).toHaveLength(2);
    c.advance(60_000);
    j = getJob(c, 'lead');
    expect(j.status.conditions.map((x: Any) => `${x.type}/${x.reason}/${x.message}`)).toEqual([
      'SuccessCriteriaMet/SuccessPolicy/Matched rules at index 0', 'Complete/SuccessPolicy/Matched rules at index 0',
    ]);
    expect(j.status.completionTime).toBe(j.status.conditions[1].lastTransitionTime);
    expect(j.status.completedIndexes).toBe('0');
    expect(j.status.succeeded).toBe(1);
    expect(j.status.terminating).toBe(0);
    expect(podsOf(c, 'lead')).toHaveLength(1);
    expect(jobEvents(c, 'lead').pop()).toMatchObject({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
    expect(c.clock.errors).toEqual([]);
  });
});

describe('spec.managedBy', () => {
  it('leaves a Job another controller manages alone; kubernetes.io/job-controller is this one', () => {
    const c = boot();
    makeJob(c, 'external', { managedBy: 'example.com/batch' }, ['sh', '-c', 'exit 0']);
    makeJob(c, 'ours', { managedBy: 'kubernetes.io/job-controller' }, ['sh', '-c', 'exit 0']);
    c.advance(30_000);
    expect(podsOf(c, 'external')).toEqual([]);
    expect(getJob(c, 'external').status).toEqual({});
    expect(conds(getJob(c, 'ours'))).toEqual(['SuccessCriteriaMet/', 'Complete/']);
    expect(c.clock.errors).toEqual([]);
  });
});
