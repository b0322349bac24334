/**
 * The tasks "Perform a Rolling Update on a DaemonSet" and "Perform a Rollback on a DaemonSet"
 * (kubernetes/website content/en/docs/tasks/manage-daemon/update-daemon-set.md and rollback-daemon-set.md), step by
 * step with the files k8s.io/examples serves (controllers/fluentd-daemonset.yaml, fluentd-daemonset-update.yaml).
 * Expected texts: the pages' outputs, and kubectl v1.35's own where the pages show older ones: rollout status's
 * lines are DaemonSetStatusViewer's (pkg/polymorphichelpers/rollout_status.go: `Waiting for daemon set %q rollout
 * to finish: %d out of %d new pods have been updated...`, `… %d of %d updated pods are available...`, `daemon set
 * %q successfully rolled out`), rollout history's are printHistory's (history.go) under the name printer's
 * `daemonset.apps/NAME `, and the ControllerRevision table is the server's (printControllerRevision: NAME,
 * CONTROLLER as `daemonset.apps/NAME`, REVISION, AGE).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';
import type { KObject } from '../../engine/api/meta.js';

const DS = 'fluentd-elasticsearch';
const UPDATED = /^Waiting for daemon set "fluentd-elasticsearch" rollout to finish: (\d) out of (\d) new pods have been updated\.\.\.$/;
const AVAILABLE = /^Waiting for daemon set "fluentd-elasticsearch" rollout to finish: (\d) of (\d) updated pods are available\.\.\.$/;
const OBSERVED = 'Waiting for daemon set spec update to be observed...';
const DONE = 'daemon set "fluentd-elasticsearch" successfully rolled out';

/** Checks rollout status's lines: each one kubectl prints, their counts never going back, ending rolled out. */
function expectRolloutLines(out: string, desired: number): void {
  const lines = out.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines[lines.length - 1]).toBe(DONE);
  let updated = 0;
  for (const l of lines.slice(0, -1)) {
    const u = UPDATED.exec(l);
    const a = AVAILABLE.exec(l);
    expect(u || a || l === OBSERVED, l).toBeTruthy();
    if (u) {
      expect(Number(u[2])).toBe(desired);
      expect(Number(u[1])).toBeGreaterThanOrEqual(updated);
      updated = Number(u[1]);
    }
    if (a) expect(Number(a[2])).toBe(desired);
  }
}

type PodLike = KObject & { spec: { nodeName?: string; containers: { image: string }[] }; status?: { conditions?: { type: string; status: string }[] } };
const ready = (p: PodLike) => !p.metadata.deletionTimestamp && !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

describe('Perform a Rolling Update on a DaemonSet', () => {
  it('creates the RollingUpdate DaemonSet, applies the update and sets the image, one node at a time', async () => {
    const { run, client } = await interactiveSession([], 7, 2);
    // Checked before the DaemonSet exists, on the manifest alone.
    expect((await run(`kubectl apply -f https://k8s.io/examples/controllers/fluentd-daemonset.yaml --dry-run=client -o go-template='{{.spec.updateStrategy.type}}{{"\\n"}}'`)).out).toBe('RollingUpdate\n');
    expect((await run('kubectl apply -f https://k8s.io/examples/controllers/fluentd-daemonset.yaml')).out).toBe('daemonset.apps/fluentd-elasticsearch created\n');
    expect((await run(`kubectl get ds/fluentd-elasticsearch -o go-template='{{.spec.updateStrategy.type}}{{"\\n"}}' -n kube-system`)).out).toBe('RollingUpdate\n');
    const first = await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system');
    expect(first.status).toBe(0);
    // Tolerating the control plane's taint: a pod on each of the three nodes.
    expectRolloutLines(first.out, 3);

    const pods = () => client.list('pods', 'kube-system', { labelSelector: 'name=fluentd-elasticsearch' }).items as PodLike[];
    expect(pods().map((p) => p.spec.nodeName).sort()).toEqual(['control-plane', 'worker-1', 'worker-2']);

    expect((await run('kubectl apply -f https://k8s.io/examples/controllers/fluentd-daemonset-update.yaml')).out).toBe('daemonset.apps/fluentd-elasticsearch configured\n');
    // maxUnavailable: 1 — while the pods are replaced, no more than one node is without a ready pod.
    let replaced = false;
    for (let s = 0; s < 120 && !replaced; s++) {
      const nodes = new Set(pods().filter(ready).map((p) => p.spec.nodeName));
      expect(nodes.size).toBeGreaterThanOrEqual(2);
      await run('sleep 1');
      const now = pods();
      replaced = now.length === 3 && now.every((p) => ready(p) && (p.spec as { containers: { resources?: unknown }[] }).containers[0].resources !== undefined);
    }
    expect(replaced).toBe(true);
    const second = await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system');
    expect(second.out).toBe(`${DONE}\n`);

    expect((await run('kubectl set image ds/fluentd-elasticsearch fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v2.6.0 -n kube-system')).out).toBe('daemonset.apps/fluentd-elasticsearch image updated\n');
    const third = await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system');
    expectRolloutLines(third.out, 3);
    // It waited through the pods' replacement: it saw at least one of them not yet updated.
    expect(third.out).toMatch(/[0-2] out of 3 new pods have been updated/);
    expect(pods().map((p) => p.spec.containers[0].image)).toEqual(Array(3).fill('quay.io/fluentd_elasticsearch/fluentd:v2.6.0'));

    const wide = (await run('kubectl get pods -l name=fluentd-elasticsearch -o wide -n kube-system')).out.split('\n');
    expect(wide[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$/);
    expect(wide.slice(1, -1).map((l) => l.split(/ +/).slice(1, 3).join(' '))).toEqual(Array(3).fill('1/1 Running'));

    expect((await run('kubectl delete ds fluentd-elasticsearch -n kube-system')).out).toBe('daemonset.apps "fluentd-elasticsearch" deleted from kube-system namespace\n');
  });

  it('kubectl edit, with maxSurge 1 and minReadySeconds 10: a new pod beside the old one, which goes once the new one has been ready 10 s', async () => {
    const { run, client, cluster } = await interactiveSession([], 7, 2);
    await run('kubectl apply -f https://k8s.io/examples/controllers/fluentd-daemonset.yaml');
    await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system');
    expect((await run(`kubectl patch ds fluentd-elasticsearch -n kube-system -p '{"spec":{"minReadySeconds":10,"updateStrategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}'`)).out).toBe('daemonset.apps/fluentd-elasticsearch patched\n');
    // Not the template: no new revision, nothing replaced. The pods have to have been ready 10 s to be available
    // (an unavailable old pod would get its new one at once, whatever maxSurge says).
    await run('sleep 15');
    expect((await run(`kubectl get ds fluentd-elasticsearch -n kube-system -o jsonpath='{.status.updatedNumberScheduled}/{.status.numberAvailable}'`)).out).toBe('3/3');
    // The editor, as KUBE_EDITOR names it, changes the image in the file kubectl edit hands it.
    expect((await run(`KUBE_EDITOR='sed -i s/fluentd:v5.0.1/fluentd:v2.6.0/' kubectl edit ds/fluentd-elasticsearch -n kube-system`)).out).toBe('daemonset.apps/fluentd-elasticsearch edited\n');

    const pods = () => client.list('pods', 'kube-system', { labelSelector: 'name=fluentd-elasticsearch' }).items as PodLike[];
    const isNew = (p: PodLike) => p.spec.containers[0].image.endsWith(':v2.6.0');
    const readyAt = new Map<string, number>();
    const goneAt = new Map<string, number>();
    const oldOn = new Map(pods().map((p) => [p.metadata.name!, p.spec.nodeName!]));
    let mostOnANode = 0;
    let mostSurged = 0;
    for (let s = 0; s < 150; s++) {
      const now = pods();
      const byNode = new Map<string, number>();
      for (const p of now) byNode.set(p.spec.nodeName ?? '', (byNode.get(p.spec.nodeName ?? '') ?? 0) + 1);
      mostOnANode = Math.max(mostOnANode, ...byNode.values());
      // maxSurge 1: one node at a time has its new pod beside an old one not yet deleted.
      const live = new Map<string, number>();
      for (const p of now) if (!p.metadata.deletionTimestamp) live.set(p.spec.nodeName ?? '', (live.get(p.spec.nodeName ?? '') ?? 0) + 1);
      mostSurged = Math.max(mostSurged, [...live.values()].filter((n) => n === 2).length);
      // maxUnavailable 0: every node keeps a ready pod throughout.
      expect(new Set(now.filter(ready).map((p) => p.spec.nodeName)).size).toBe(3);
      for (const p of now) if (isNew(p) && ready(p) && !readyAt.has(p.spec.nodeName!)) readyAt.set(p.spec.nodeName!, cluster.clock.now());
      for (const [name, node] of oldOn) if (!goneAt.has(node) && !now.some((p) => p.metadata.name === name && !p.metadata.deletionTimestamp)) goneAt.set(node, cluster.clock.now());
      if (goneAt.size === 3) break;
      await run('sleep 1');
    }
    expect(mostOnANode).toBe(2);
    expect(mostSurged).toBe(1);
    expect(goneAt.size).toBe(3);
    for (const [node, t] of goneAt) expect(t - readyAt.get(node)!, node).toBeGreaterThanOrEqual(10_000);
    // A node whose old pod is still terminating counts as not updated yet (the status looks at its oldest pod).
    expectRolloutLines((await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system')).out, 3);
  });

  it('a rollout stuck on a node without room for the new pod goes on once a pod there is deleted', async () => {
    const { run, client } = await interactiveSession([], 7, 2);
    await run('kubectl apply -f https://k8s.io/examples/controllers/fluentd-daemonset.yaml');
    await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system');
    // What worker-2 has left of its CPU, all but 50m of it taken by one pod: the updated template requests 100m.
    const node = client.get('nodes', undefined, 'worker-2') as KObject & { status: { allocatable: { cpu: string } } };
    const cpuMilli = (q: string) => (q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000);
    let requested = 0;
    for (const p of client.list('pods', undefined).items as (PodLike & { spec: { containers: { resources?: { requests?: { cpu?: string } } }[] } })[]) {
      if (p.spec.nodeName !== 'worker-2') continue;
      for (const c of p.spec.containers) requested += cpuMilli(c.resources?.requests?.cpu ?? '0');
    }
    const free = cpuMilli(node.status.allocatable.cpu) - requested;
    const overrides = { spec: { nodeName: 'worker-2', containers: [{ name: 'hog', image: 'registry.k8s.io/pause:3.10.1', resources: { requests: { cpu: `${free - 50}m` } } }] } };
    expect((await run(`kubectl run hog --image=registry.k8s.io/pause:3.10.1 --overrides='${JSON.stringify(overrides)}'`)).out).toBe('pod/hog created\n');
    await run('sleep 5');
    expect((await run('kubectl apply -f https://k8s.io/examples/controllers/fluentd-daemonset-update.yaml')).out).toBe('daemonset.apps/fluentd-elasticsearch configured\n');
    const stuck = await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system --timeout=90s');
    expect(stuck.status).toBe(1);
    // The new pod for worker-2 is made (it counts as updated: the controller knows its node by its affinity) but
    // cannot be scheduled; maxUnavailable 1 then holds the other nodes' old pods back.
    const lines = stuck.out.split('\n');
    expect(lines.slice(-2)).toEqual(['error: timed out waiting for the condition', '']);
    expect(lines[lines.length - 3]).toMatch(/^Waiting for daemon set "fluentd-elasticsearch" rollout to finish: (\d out of 3 new pods have been updated|\d of 3 updated pods are available)\.\.\.$/);
    // The page's way to find the node: it has no fluentd pod running.
    const wide = (await run('kubectl get pods -l name=fluentd-elasticsearch -o wide -n kube-system')).out;
    expect(wide).toMatch(/\n\S+ +0\/1 +Pending +0 +\S+ +<none> +<none> +<none> +<none>\n/);
    // The other nodes are out of the DaemonSet pod's reach: NodeAffinity's PreFilter names its node alone.
    const pending = (client.list('pods', 'kube-system', { labelSelector: 'name=fluentd-elasticsearch' }).items as PodLike[]).find((p) => !p.spec.nodeName)!;
    expect((await run(`kubectl get events -n kube-system --field-selector involvedObject.name=${pending.metadata.name} -o jsonpath='{.items[*].message}'`)).out)
      .toMatch(/^0\/3 nodes are available: 1 Insufficient cpu, 2 node\(s\) didn't satisfy plugin\(s\) \[NodeAffinity\]\. no new claims to deallocate, preemption: 0\/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling\./);

    expect((await run('kubectl delete pod hog')).out).toBe('pod "hog" deleted from default namespace\n');
    expect((await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system')).out).toMatch(new RegExp(`${DONE}\\n$`));
  });
});

describe('Perform a Rollback on a DaemonSet', () => {
  it("--record's change cause is the command line as cobra parses it: the words, then each flag by its long name", async () => {
    const { run } = await interactiveSession([], 7, 2);
    await run('curl -sLO https://k8s.io/examples/controllers/fluentd-daemonset.yaml');
    await run('kubectl create -f fluentd-daemonset.yaml');
    // kubectl v1.35.2 with --local as well prints this with ` --local=true` after the file name.
    const r = await run(`kubectl set image -f fluentd-daemonset.yaml fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v2.6.0 --record -n kube-system -o jsonpath='{.metadata.annotations.kubernetes\\.io/change-cause}'`);
    expect(r.out).toBe('Flag --record has been deprecated, --record will be removed in the future\n'
      + 'kubectl set image fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v2.6.0 --filename=fluentd-daemonset.yaml --record=true --namespace=kube-system --output=jsonpath={.metadata.annotations.kubernetes\\.io/change-cause}');
    // --record=false records nothing, but the flag's notice still comes, first.
    const off = (await run('kubectl apply -f fluentd-daemonset.yaml --record=false')).out.split('\n');
    expect(off[0]).toBe('Flag --record has been deprecated, --record will be removed in the future');
    expect(off[1]).toMatch(/^Warning: resource daemonsets\/fluentd-elasticsearch is missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation/);
    expect(off[2]).toBe('daemonset.apps/fluentd-elasticsearch configured');
  });

  it('lists the revisions, shows one, rolls back to revision 1, which becomes revision 4', async () => {
    const { run, client } = await interactiveSession([], 7, 2);
    await run('kubectl apply -f https://k8s.io/examples/controllers/fluentd-daemonset.yaml');
    await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system');
    // --record (deprecated, still there): the command line becomes the DaemonSet's change-cause annotation, which
    // the revision made next copies.
    const APPLIED = 'kubectl apply --filename=https://k8s.io/examples/controllers/fluentd-daemonset-update.yaml --record=true';
    const SET = 'kubectl set image ds/fluentd-elasticsearch fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v2.6.0 --namespace=kube-system --record=true';
    expect((await run('kubectl apply -f https://k8s.io/examples/controllers/fluentd-daemonset-update.yaml --record')).out).toBe(
      'Flag --record has been deprecated, --record will be removed in the future\ndaemonset.apps/fluentd-elasticsearch configured\n');
    await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system');
    expect((await run('kubectl set image ds/fluentd-elasticsearch fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v2.6.0 -n kube-system --record')).out).toBe(
      'Flag --record has been deprecated, --record will be removed in the future\ndaemonset.apps/fluentd-elasticsearch image updated\n');
    await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system');
    expect((await run(`kubectl get ds fluentd-elasticsearch -n kube-system -o jsonpath='{.metadata.annotations.kubernetes\\.io/change-cause}'`)).out).toBe(SET);

    expect((await run('kubectl rollout history daemonset fluentd-elasticsearch -n kube-system')).out).toBe(
      `daemonset.apps/fluentd-elasticsearch \nREVISION  CHANGE-CAUSE\n1         <none>\n2         ${APPLIED}\n3         ${SET}\n\n`);
    const one = (await run('kubectl rollout history daemonset fluentd-elasticsearch -n kube-system --revision=1')).out;
    expect(one.split('\n').slice(0, 6)).toEqual([
      'daemonset.apps/fluentd-elasticsearch with revision #1',
      'Pod Template:',
      '  Labels:\tname=fluentd-elasticsearch',
      '  Containers:',
      '   fluentd-elasticsearch:',
      '    Image:\tquay.io/fluentd_elasticsearch/fluentd:v5.0.1',
    ]);
    expect((await run('kubectl rollout history daemonset fluentd-elasticsearch -n kube-system --revision=7')).out).toBe('error: unable to find the specified revision\n');

    expect((await run('kubectl rollout undo daemonset fluentd-elasticsearch --to-revision=1 -n kube-system')).out).toBe('daemonset.apps/fluentd-elasticsearch rolled back\n');
    const undo = await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system');
    expectRolloutLines(undo.out, 3);
    const images = (client.list('pods', 'kube-system', { labelSelector: 'name=fluentd-elasticsearch' }).items as PodLike[]).map((p) => p.spec.containers[0].image);
    expect(images).toEqual(Array(3).fill('quay.io/fluentd_elasticsearch/fluentd:v5.0.1'));

    // Revisions only roll forward: revision 1's ControllerRevision is now revision 4.
    const revisions = (await run('kubectl get controllerrevision -l name=fluentd-elasticsearch -n kube-system')).out.split('\n');
    expect(revisions[0]).toMatch(/^NAME +CONTROLLER +REVISION +AGE$/);
    const rows = revisions.slice(1, -1).map((l) => l.split(/ +/));
    expect(rows.map((r) => r[2]).sort()).toEqual(['2', '3', '4']);
    for (const r of rows) {
      expect(r[0]).toMatch(/^fluentd-elasticsearch-[bcdfghjklmnpqrstvwxz2456789]+$/);
      expect(r[1]).toBe('daemonset.apps/fluentd-elasticsearch');
    }
    expect((await run('kubectl rollout history daemonset fluentd-elasticsearch -n kube-system')).out).toBe(
      `daemonset.apps/fluentd-elasticsearch \nREVISION  CHANGE-CAUSE\n2         ${APPLIED}\n3         ${SET}\n4         <none>\n\n`);
    // Without --to-revision the previous one is picked.
    expect((await run('kubectl rollout undo daemonset fluentd-elasticsearch -n kube-system')).out).toBe('daemonset.apps/fluentd-elasticsearch rolled back\n');
    await run('kubectl rollout status ds/fluentd-elasticsearch -n kube-system');
    expect((await run(`kubectl get ds ${DS} -n kube-system -o jsonpath='{.spec.template.spec.containers[0].image}'`)).out).toBe('quay.io/fluentd_elasticsearch/fluentd:v2.6.0');
  });
});
