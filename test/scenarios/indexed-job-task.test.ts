/**
 * The task "Indexed Job for Parallel Processing with Static Work Assignment" (kubernetes/website
 * content/en/docs/tasks/job/indexed-parallel-processing-static.md) with the files k8s.io/examples serves
 * (application/job/indexed-job.yaml, indexed-job-vol.yaml). Expected: the page's `kubectl describe jobs/indexed-job`
 * (Completion Mode, Completed Indexes, the pod template with the init container's script, SuccessfulCreate events)
 * and its `kubectl logs` output (`xuq` for index 4: bash's array picks `xyz`, busybox's rev reverses it). Since
 * v1.28 an Indexed Job's pods are named after their index (`indexed-job-4-…`, the page shows older names) and carry
 * the index as the annotation and the label batch.kubernetes.io/job-completion-index (PodIndexLabel, GA in v1.32).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';
import type { KObject } from '../../engine/api/meta.js';

const REVERSED = ['oof', 'rab', 'zab', 'xuq', 'zyx'];

describe('Indexed Job for Parallel Processing with Static Work Assignment', () => {
  it('runs 5 indexes 3 at a time; each pod reverses the word its index picks', async () => {
    const { run, client } = await interactiveSession();
    expect((await run('kubectl apply -f https://kubernetes.io/examples/application/job/indexed-job.yaml')).out).toBe('job.batch/indexed-job created\n');
    // Parallelism 3: three pods at first, the next two as the first ones complete.
    await run('sleep 1');
    expect((await run(`kubectl get pods -l job-name=indexed-job -o jsonpath='{range .items[*]}{.metadata.labels.batch\\.kubernetes\\.io/job-completion-index}{" "}{end}'`)).out).toBe('0 1 2 ');
    await run('kubectl wait --for=condition=complete job/indexed-job --timeout=120s');

    const describe = (await run('kubectl describe jobs/indexed-job')).out;
    const uid = client.get('jobs.batch', 'default', 'indexed-job').metadata.uid!;
    const head = describe.split('\n');
    expect(head.slice(0, 11)).toEqual([
      'Name:               indexed-job',
      'Namespace:          default',
      `Selector:           batch.kubernetes.io/controller-uid=${uid}`,
      `Labels:             batch.kubernetes.io/controller-uid=${uid}`,
      '                    batch.kubernetes.io/job-name=indexed-job',
      `                    controller-uid=${uid}`,
      '                    job-name=indexed-job',
      'Annotations:        <none>',
      'Parallelism:        3',
      'Completions:        5',
      'Completion Mode:    Indexed',
    ]);
    expect(describe).toContain('\nPods Statuses:      0 Active (0 Ready) / 5 Succeeded / 0 Failed\nCompleted Indexes:  0-4\nPod Template:\n');
    expect(describe).toContain([
      '  Init Containers:',
      '   input:',
      '    Image:      docker.io/library/bash',
      '    Port:       <none>',
      '    Host Port:  <none>',
      '    Command:',
      '      bash',
      '      -c',
      '      items=(foo bar baz qux xyz)',
      '      echo ${items[$JOB_COMPLETION_INDEX]} > /input/data.txt',
      // The script's last newline: describe prints each of its lines, the empty last one too (the page trims it).
      '      ',
      '    Environment:  <none>',
      '    Mounts:',
      '      /input from input (rw)',
      '  Containers:',
      '   worker:',
      '    Image:      docker.io/library/busybox',
      '    Port:       <none>',
      '    Host Port:  <none>',
      '    Command:',
      '      rev',
      '      /input/data.txt',
      '    Environment:  <none>',
      '    Mounts:',
      '      /input from input (rw)',
      '  Volumes:',
      '   input:',
      "    Type:          EmptyDir (a temporary directory that shares a pod's lifetime)",
    ].join('\n'));
    const created = describe.split('\n').filter((l) => l.includes('SuccessfulCreate'));
    expect(created).toHaveLength(5);
    for (const [i, l] of created.entries()) expect(l).toMatch(new RegExp(`^  Normal  SuccessfulCreate  \\S+ +job-controller  Created pod: indexed-job-${i}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(describe).toMatch(/\n {2}Normal {2}Completed {9}\S+ +job-controller {2}Job completed\n$/);

    const pods = client.list('pods', 'default', { labelSelector: 'job-name=indexed-job' }).items as KObject[];
    for (const p of pods) {
      const index = p.metadata.annotations!['batch.kubernetes.io/job-completion-index'];
      expect(p.metadata.labels!['batch.kubernetes.io/job-completion-index']).toBe(index);
      expect(p.metadata.name).toMatch(new RegExp(`^indexed-job-${index}-`));
      // The Job controller adds JOB_COMPLETION_INDEX to every container, from the label with PodIndexLabel
      // (addCompletionIndexEnvVariable); the kubelet fills it in through the downward API.
      const env = (p.spec as { initContainers: { env: unknown[] }[] }).initContainers[0].env;
      expect(env).toEqual([{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
      const logs = await run(`kubectl logs ${p.metadata.name} # Change this to match the name of a Pod from that Job`);
      expect(logs.out).toBe(`Defaulted container "worker" out of: worker, input (init)\n${REVERSED[Number(index)]}\n`);
    }
    expect(pods).toHaveLength(5);
    expect((await run('kubectl get pods -l job-name=indexed-job --no-headers')).out.split('\n').slice(0, -1).map((l) => l.split(/ +/).slice(1, 4).join(' '))).toEqual(Array(5).fill('0/1 Completed 0'));
  });

  it('the downward API volume form: the index file holds the number alone, which rev prints back', async () => {
    const { run } = await interactiveSession();
    await run('kubectl apply -f https://kubernetes.io/examples/application/job/indexed-job-vol.yaml');
    await run('kubectl wait --for=condition=complete job/indexed-job --timeout=120s');
    expect((await run(`kubectl get job indexed-job -o jsonpath='{.status.completedIndexes} {.status.succeeded}'`)).out).toBe('0-4 5');
    const names = (await run(`kubectl get pods -l job-name=indexed-job -o jsonpath='{.items[*].metadata.name}'`)).out.split(' ').sort();
    for (const [i, name] of names.entries()) {
      expect(name).toMatch(new RegExp(`^indexed-job-${i}-`));
      // The file has no newline after the digit, nor has rev's output: containerd logs the last line as a full one.
      expect((await run(`kubectl logs ${name}`)).out).toBe(`${i}\n`);
    }
  });

  it("bash's arrays and busybox's rev, as the init and worker containers use them", async () => {
    const { run } = await interactiveSession();
    await run(`kubectl run arr --image=docker.io/library/bash --restart=Never --env=JOB_COMPLETION_INDEX=3 -- -c 'items=(foo bar "baz qux" xyz); echo \${items[$JOB_COMPLETION_INDEX]} \${#items[@]} "\${items[2]}" \${items[-1]} $items'`);
    await run(`kubectl run ash --image=docker.io/library/busybox --restart=Never -- sh -c 'echo abc > /tmp/x; rev /tmp/x; rev /nope'`);
    await run('sleep 10');
    expect((await run('kubectl logs arr')).out).toBe('xyz 4 baz qux xyz foo\n');
    expect((await run('kubectl logs ash')).out).toBe('cba\nrev: /nope: No such file or directory\n');
    expect((await run(`kubectl get pod ash -o jsonpath='{.status.containerStatuses[0].state.terminated.exitCode}'`)).out).toBe('1');
    // The bash image is Alpine with bash added: its sh is busybox's ash, which has no arrays.
    await run(`kubectl run alpine-sh --image=docker.io/library/bash --restart=Never --command -- sh -c 'echo \${a[1]}'`);
    await run('sleep 5');
    expect((await run('kubectl logs alpine-sh')).out).toBe('sh: syntax error: bad substitution\n');
  });
});
