/**
 * The task "Parallel Processing using Expansions" (kubernetes/website content/en/docs/tasks/job/
 * parallel-processing-expansion.md) with application/job/job-tmpl.yaml as k8s.io/examples serves it. Expected: the
 * page's outputs (`ls jobs/`, `kubectl create -f ./jobs`, the Jobs' and pods' tables, the logs), with kubectl
 * v1.35's job table, which has a STATUS column since v1.30 (printers.go jobColumnDefinitions: Name, Status,
 * Completions, Duration, Age).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const ITEMS = ['apple', 'banana', 'cherry'];

describe('Parallel Processing using Expansions', () => {
  it('expands the template with sed into three Jobs, creates them from the directory and reads their logs', async () => {
    const { run } = await interactiveSession();
    expect((await run('curl -L -s -O https://k8s.io/examples/application/job/job-tmpl.yaml')).out).toBe('');
    expect((await run('grep ITEM job-tmpl.yaml')).out).toBe('  name: process-item-$ITEM\n        command: ["sh", "-c", "echo Processing item $ITEM && sleep 5"]\n');
    // Not yet a manifest the API server takes: $ITEM is no part of a valid name.
    const raw = await run('kubectl create -f job-tmpl.yaml');
    expect(raw.status).toBe(1);
    // (The pod template's job-name labels, which the API server adds, carry the name too.)
    expect(raw.out).toMatch(/^The Job "process-item-\$ITEM" is invalid: \n\* metadata\.name: Invalid value: "process-item-\$ITEM": a lowercase RFC 1123 subdomain must consist of .*\n\* spec\.template\.metadata\.labels: Invalid value: "process-item-\$ITEM": a valid label must be/);

    expect((await run('mkdir ./jobs')).out).toBe('');
    expect((await run('for i in apple banana cherry\ndo\n  cat job-tmpl.yaml | sed "s/\\$ITEM/$i/" > ./jobs/job-$i.yaml\ndone')).status).toBe(0);
    // One per line when not on a terminal; the learner's terminal lays them out in columns.
    expect((await run('ls jobs/ | cat')).out).toBe('job-apple.yaml\njob-banana.yaml\njob-cherry.yaml\n');
    expect((await run('grep -h "item apple" jobs/*')).out).toBe('        command: ["sh", "-c", "echo Processing item apple && sleep 5"]\n');

    expect((await run('kubectl create -f ./jobs')).out).toBe('job.batch/process-item-apple created\njob.batch/process-item-banana created\njob.batch/process-item-cherry created\n');
    await run('sleep 2');
    const running = (await run('kubectl get jobs -l jobgroup=jobexample')).out.split('\n');
    expect(running[0]).toBe('NAME                  STATUS    COMPLETIONS   DURATION   AGE');
    for (const [k, item] of ITEMS.entries()) expect(running[k + 1]).toMatch(new RegExp(`^process-item-${item} +Running +0/1 +2s +2s$`));

    // Followed while they run: each pod's line, and kubectl ends as the last container does (sleep 5).
    const live = await run('kubectl logs -f -l jobgroup=jobexample --prefix');
    expect(live.status).toBe(0);
    expect(live.out.split('\n').sort()).toEqual(['', ...ITEMS.map((i) => expect.stringMatching(new RegExp(`^\\[pod/process-item-${i}-\\w{5}/c\\] Processing item ${i}$`)))]);
    await run('kubectl wait --for=condition=complete job -l jobgroup=jobexample --timeout=60s');
    const done = (await run('kubectl get jobs -l jobgroup=jobexample')).out.split('\n');
    expect(done[0]).toBe('NAME                  STATUS     COMPLETIONS   DURATION   AGE');
    for (const [k, item] of ITEMS.entries()) {
      const m = new RegExp(`^process-item-${item} +Complete +1/1 +(\\d+)s +\\d+s$`).exec(done[k + 1]);
      expect(m, done[k + 1]).not.toBeNull();
      // Pulled, then 5 s of sleep: the page's 12-14 s include a pull of busybox.
      expect(Number(m![1])).toBeGreaterThanOrEqual(6);
      expect(Number(m![1])).toBeLessThanOrEqual(15);
    }

    const pods = (await run('kubectl get pods -l jobgroup=jobexample')).out.split('\n');
    expect(pods[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
    for (const [k, item] of ITEMS.entries()) expect(pods[k + 1]).toMatch(new RegExp(`^process-item-${item}-[bcdfghjklmnpqrstvwxz2456789]{5} +0/1 +Completed +0 +\\d+s$`));

    expect((await run('for p in $(kubectl get pods -l jobgroup=jobexample -o name)\ndo\n  kubectl logs $p\ndone')).out).toBe('Processing item apple\nProcessing item banana\nProcessing item cherry\n');
    // The older form of the page: -f ends once every selected container has ended.
    const follow = await run('kubectl logs -f -l jobgroup=jobexample');
    expect(follow.status).toBe(0);
    expect(follow.out.split('\n').sort()).toEqual(['', 'Processing item apple', 'Processing item banana', 'Processing item cherry']);

    expect((await run('kubectl delete job -l jobgroup=jobexample')).out).toBe([
      'job.batch "process-item-apple" deleted from default namespace',
      'job.batch "process-item-banana" deleted from default namespace',
      'job.batch "process-item-cherry" deleted from default namespace',
      '',
    ].join('\n'));
  });
});
