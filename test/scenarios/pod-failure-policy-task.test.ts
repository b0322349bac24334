/**
 * The task "Handling retriable and non-retriable pod failures with Pod failure policy" (kubernetes/website
 * content/en/docs/tasks/job/pod-failure-policy.md), with the files k8s.io/examples serves
 * (controllers/job-pod-failure-policy-failjob.yaml, -ignore.yaml, -config-issue.yaml). Expected: the page's texts —
 * FailureTarget then Failed, reason PodFailurePolicy, `Container main for pod default/… failed with exit code 42
 * matching FailJob rule at index 0` after about 30 s; a drained pod not counted as failed; `Pod default/… has
 * condition ConfigIssue matching FailJob rule at index 0` once the learner's condition is on the deleted pod, which
 * the kubelet turns Failed though it never left Pending (since v1.27: the status manager's TerminatePod).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

type Condition = { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string };
type JobList = { items: { status: { conditions?: Condition[]; failed?: number; succeeded?: number; active?: number } }[] };

describe('Pod failure policy', () => {
  it('FailJob on exit code 42: the Job fails after about 30 s, FailureTarget first, with no retries', async () => {
    const { run, cluster } = await interactiveSession();
    await run('curl -LO https://k8s.io/examples/controllers/job-pod-failure-policy-failjob.yaml');
    expect((await run('kubectl create -f job-pod-failure-policy-failjob.yaml')).out).toBe('job.batch/job-pod-failure-policy-failjob created\n');
    const start = cluster.clock.now();
    await run('kubectl wait --for=condition=failed job/job-pod-failure-policy-failjob --timeout=120s');
    // "After around 30s the entire Job should be terminated": the pull, then sleep 30.
    const took = (cluster.clock.now() - start) / 1000;
    expect(took).toBeGreaterThanOrEqual(30);
    expect(took).toBeLessThan(40);

    const list = parse((await run('kubectl get jobs -l job-name=job-pod-failure-policy-failjob -o yaml')).out) as JobList;
    const conditions = list.items[0].status.conditions!;
    expect(conditions.map((c) => [c.type, c.status, c.reason])).toEqual([['FailureTarget', 'True', 'PodFailurePolicy'], ['Failed', 'True', 'PodFailurePolicy']]);
    expect(conditions[0].message).toMatch(/^Container main for pod default\/job-pod-failure-policy-failjob-[bcdfghjklmnpqrstvwxz2456789]{5} failed with exit code 42 matching FailJob rule at index 0$/);
    expect(conditions[1].message).toBe(conditions[0].message);
    // No pod was retried: at most the two that ran side by side.
    expect(list.items[0].status.failed).toBeLessThanOrEqual(2);
    expect((await run('kubectl get pods -l job-name=job-pod-failure-policy-failjob -o jsonpath=\'{range .items[*]}{.status.containerStatuses[0].state.terminated.exitCode}{" "}{end}\'')).out).toMatch(/^(42 )+$/);
    const logs = (await run('kubectl logs -l job-name=job-pod-failure-policy-failjob')).out.split('\n');
    expect(logs[0]).toBe("Hello world! I'm going to exit with 42 to simulate a software bug.");

    expect((await run('kubectl delete jobs/job-pod-failure-policy-failjob')).out).toBe('job.batch "job-pod-failure-policy-failjob" deleted from default namespace\n');
    await run('sleep 5');
    // "The cluster automatically cleans up the Pods."
    expect((await run('kubectl get pods -l job-name=job-pod-failure-policy-failjob')).out).toBe('No resources found in default namespace.\n');
  });

  it('without the policy the same Job retries its pods up to backoffLimit 6, which takes minutes', async () => {
    const { run, cluster } = await interactiveSession();
    await run('curl -LO https://k8s.io/examples/controllers/job-pod-failure-policy-failjob.yaml');
    await run(`sed -e '/podFailurePolicy:/,$d' -e 's/name: job-pod-failure-policy-failjob/name: job-backoff/' job-pod-failure-policy-failjob.yaml > job-backoff.yaml`);
    expect((await run('kubectl create -f job-backoff.yaml')).out).toBe('job.batch/job-backoff created\n');
    const start = cluster.clock.now();
    await run('kubectl wait --for=condition=failed job/job-backoff --timeout=600s');
    // "it would take 6 retries of the Pod, taking at least 2 minutes"
    expect((cluster.clock.now() - start) / 1000).toBeGreaterThan(120);
    const failed = (parse((await run('kubectl get job job-backoff -o yaml')).out) as JobList['items'][0]).status;
    expect(failed.conditions!.find((c) => c.type === 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    // The 7th failure ends it; the pod still running beside it is then deleted, and counted failed too.
    expect(failed.failed).toBeGreaterThanOrEqual(7);
    expect(failed.failed).toBeLessThanOrEqual(8);
  });

  it('Ignore on DisruptionTarget: a pod evicted by a drain is not counted, and the Job goes on to succeed', async () => {
    const { run } = await interactiveSession();
    await run('curl -LO https://k8s.io/examples/controllers/job-pod-failure-policy-ignore.yaml');
    expect((await run('kubectl create -f job-pod-failure-policy-ignore.yaml')).out).toBe('job.batch/job-pod-failure-policy-ignore created\n');
    await run('sleep 10');
    await run(`nodeName=$(kubectl get pods -l job-name=job-pod-failure-policy-ignore -o jsonpath='{.items[0].spec.nodeName}')`);
    const evicted = (await run(`kubectl get pods -l job-name=job-pod-failure-policy-ignore -o jsonpath='{.items[0].metadata.name}'`)).out;
    const drain = await run('kubectl drain nodes/$nodeName --ignore-daemonsets --grace-period=0');
    expect(drain.status).toBe(0);
    expect(drain.out).toMatch(/^node\/worker-\d cordoned\n/);
    expect(drain.out).toContain(`evicting pod default/${evicted}\n`);
    expect(drain.out).toContain(`pod/${evicted} evicted\n`);
    expect(drain.out).toMatch(/node\/worker-\d drained\n$/);

    await run('sleep 2');
    const status = (parse((await run('kubectl get jobs -l job-name=job-pod-failure-policy-ignore -o yaml')).out) as JobList).items[0].status;
    // backoffLimit is 0, yet the Job neither failed nor counted the pod.
    expect(status.failed).toBeUndefined();
    expect(status.conditions).toBeUndefined();
    // The ignored failure still delays the replacement (the pod failure back-off counts every failed pod), and
    // while it waits manageJob reports no active pods, as the real one does.
    await run('sleep 15');
    expect((await run(`kubectl get job job-pod-failure-policy-ignore -o jsonpath='{.status.active}'`)).out).toBe('2');

    expect((await run('kubectl uncordon nodes/$nodeName')).out).toMatch(/^node\/worker-\d uncordoned\n$/);
    await run('kubectl wait --for=condition=complete job/job-pod-failure-policy-ignore --timeout=300s');
    const done = (parse((await run('kubectl get jobs -l job-name=job-pod-failure-policy-ignore -o yaml')).out) as JobList).items[0].status;
    expect(done.succeeded).toBe(4);
    expect(done.failed).toBeUndefined();
    expect(done.conditions!.map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    await run('kubectl delete jobs/job-pod-failure-policy-ignore');
  });

  it('FailJob on a custom pod condition: the learner marks a pending pod ConfigIssue and deletes it', async () => {
    const { run } = await interactiveSession();
    await run('curl -LO https://k8s.io/examples/controllers/job-pod-failure-policy-config-issue.yaml');
    expect((await run('kubectl create -f job-pod-failure-policy-config-issue.yaml')).out).toBe('job.batch/job-pod-failure-policy-config-issue created\n');
    await run('sleep 20');
    type PodList = { items: { metadata: { name: string }; status: { phase: string; containerStatuses: { image: string; state: { waiting?: { reason: string; message: string }; terminated?: { exitCode: number; reason: string; message: string; startedAt: unknown; finishedAt: unknown } } }[]; conditions: Condition[] } }[] };
    const pods = parse((await run('kubectl get pods -l job-name=job-pod-failure-policy-config-issue -o yaml')).out) as PodList;
    expect(pods.items).toHaveLength(2);
    for (const p of pods.items) {
      expect(p.status.phase).toBe('Pending');
      expect(p.status.containerStatuses[0].image).toBe('non-existing-repo/non-existing-image:example');
      expect(p.status.containerStatuses[0].state.waiting!.reason).toBe('ImagePullBackOff');
      expect(p.status.containerStatuses[0].state.waiting!.message).toMatch(/^Back-off pulling image "non-existing-repo\/non-existing-image:example"/);
    }

    await run(`cat <<EOF > patch.yaml
status:
  conditions:
  - type: ConfigIssue
    status: "True"
    reason: "NonExistingImage"
    lastTransitionTime: "$(date -u +"%Y-%m-%dT%H:%M:%SZ")"
EOF`);
    expect((await run('cat patch.yaml')).out).toMatch(/^status:\n {2}conditions:\n {2}- type: ConfigIssue\n {4}status: "True"\n {4}reason: "NonExistingImage"\n {4}lastTransitionTime: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n$/);
    await run(`podName=$(kubectl get pods -l job-name=job-pod-failure-policy-config-issue -o jsonpath='{.items[0].metadata.name}')`);
    const podName = (await run('echo $podName')).out.trim();
    expect((await run('kubectl patch pod $podName --subresource=status --patch-file=patch.yaml')).out).toBe(`pod/${podName} patched\n`);
    expect((await run(`kubectl get pod $podName -o jsonpath='{.status.conditions[?(@.type=="ConfigIssue")].reason}'`)).out).toBe('NonExistingImage');

    // The pod never started: deleting it ends it at once, Failed, and the Job controller then lets it go.
    expect((await run('kubectl delete pods/$podName')).out).toBe(`pod "${podName}" deleted from default namespace\n`);
    await run('sleep 2');
    const list = parse((await run('kubectl get jobs -l job-name=job-pod-failure-policy-config-issue -o yaml')).out) as JobList;
    const failed = list.items[0].status.conditions!.find((c) => c.type === 'Failed')!;
    expect(failed).toMatchObject({ status: 'True', reason: 'PodFailurePolicy', message: `Pod default/${podName} has condition ConfigIssue matching FailJob rule at index 0` });
    expect((await run('kubectl get pods -l job-name=job-pod-failure-policy-config-issue')).out).toBe('No resources found in default namespace.\n');
    await run('kubectl delete jobs/job-pod-failure-policy-config-issue');
  });

  it('a deleted pod that never started is Failed, its container terminated with status unknown', async () => {
    const { run } = await interactiveSession();
    // A finalizer keeps the pod to look at once the kubelet is done with it.
    await run(`kubectl run stuck --image=non-existing-repo/non-existing-image:example --restart=Never --overrides='{"metadata":{"finalizers":["example.com/keep"]}}'`);
    await run('sleep 10');
    await run('kubectl delete pod stuck --wait=false');
    await run('sleep 2');
    const pod = parse((await run('kubectl get pod stuck -o yaml')).out) as PodList0;
    expect(pod.status.phase).toBe('Failed');
    expect(pod.status.containerStatuses[0].state).toEqual({ terminated: { exitCode: 137, finishedAt: null, message: 'The container could not be located when the pod was terminated', reason: 'ContainerStatusUnknown', startedAt: null } });
    // kubectl shows Terminating only for a phase that is not terminal: the container's reason instead.
    expect((await run('kubectl get pod stuck --no-headers')).out).toMatch(/^stuck +0\/1 +ContainerStatusUnknown +0 +\d+s\n$/);
  });
});

type PodList0 = { status: { phase: string; containerStatuses: { state: unknown }[] } };
