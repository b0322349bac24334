/**
 * The runnable examples of kubernetes.io's workload concept pages (content/en/docs/concepts/workloads/controllers/
 * replicaset.md, daemonset.md, deployment.md), their commands as the pages give them. Expected texts are the pages',
 * in v1.35's formats where the pages are older, as noted at each check: describe leaves out
 * kubectl.kubernetes.io/last-applied-configuration (pkg/describe skipAnnotations) and prints `key: value`; v1.35's
 * ScalingReplicaSet events say "from N to M"; `rollout status` names the Deployment; `rollout undo` is a client-side
 * template patch, so no DeploymentRollback event; `OldReplicaSets` lists every old set, scaled to 0 or not
 * (GetAllReplicaSetsInChunks' second list).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('ReplicaSet (concept page)', () => {
  it('keeps three gb-frontend pods it owns, and acquires then deletes matching bare pods', async () => {
    const { run, cluster } = await interactiveSession();
    expect((await run('kubectl apply -f https://kubernetes.io/examples/controllers/frontend.yaml')).out).toBe('replicaset.apps/frontend created\n');
    // gb-frontend is a 140 MB pull here: the page's 6 s are the time its cluster took.
    await run('sleep 20');
    // "NAME DESIRED CURRENT READY AGE / frontend 3 3 3 6s"
    expect((await run('kubectl get rs')).out).toBe('NAME       DESIRED   CURRENT   READY   AGE\nfrontend   3         3         3       20s\n');
    const d = (await run('kubectl describe rs/frontend')).out;
    expect(d).toContain('Name:         frontend\nNamespace:    default\nSelector:     tier=frontend\nLabels:       app=guestbook\n              tier=frontend\nAnnotations:  <none>\nReplicas:     3 current / 3 desired\nPods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed\nPod Template:\n  Labels:  tier=frontend\n  Containers:\n   php-redis:\n    Image:         us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5\n    Port:          <none>\n    Host Port:     <none>\n');
    const created = [...d.matchAll(/Normal {2}SuccessfulCreate {2}20s {3}replicaset-controller {2}Created pod: (frontend-[a-z0-9]{5})\n/g)].map((m) => m[1]);
    expect(created).toHaveLength(3);
    const pods = (await run('kubectl get pods')).out;
    expect(pods.split('\n')[0]).toBe('NAME             READY   STATUS    RESTARTS   AGE');
    for (const p of created) expect(pods).toContain(`${p}   1/1     Running   0          20s\n`);
    // "with the frontend ReplicaSet's info set in the metadata's ownerReferences field"
    const uid = (await run('kubectl get rs frontend -o jsonpath={.metadata.uid}')).out;
    expect((await run(`kubectl get pods ${created[0]} -o yaml`)).out).toContain(`  generateName: frontend-\n  generation: 1\n  labels:\n    tier: frontend\n  name: ${created[0]}\n  namespace: default\n  ownerReferences:\n  - apiVersion: apps/v1\n    blockOwnerDeletion: true\n    controller: true\n    kind: ReplicaSet\n    name: frontend\n    uid: ${uid}\n`);

    // "The new Pods will be acquired by the ReplicaSet, and then immediately terminated"
    expect((await run('kubectl apply -f https://kubernetes.io/examples/pods/pod-rs.yaml')).out).toBe('pod/pod1 created\npod/pod2 created\n');
    await run('sleep 30');
    expect((await run('kubectl get pods --no-headers -o custom-columns=NAME:.metadata.name')).out).toBe(`${[...created].sort().join('\n')}\n`);
    expect((await run('kubectl get events --field-selector reason=SuccessfulDelete -o custom-columns=MSG:.message --no-headers')).out).toBe('Deleted pod: pod1\nDeleted pod: pod2\n');

    // Pods first, then the ReplicaSet: it owns them and makes only one more.
    await run('kubectl delete rs frontend');
    await run('sleep 40');
    await run('kubectl apply -f https://kubernetes.io/examples/pods/pod-rs.yaml');
    await run('sleep 27');
    expect((await run('kubectl apply -f https://kubernetes.io/examples/controllers/frontend.yaml')).out).toBe('replicaset.apps/frontend created\n');
    await run('sleep 9');
    expect((await run('kubectl get pods')).out).toMatch(/^NAME {13}READY {3}STATUS {4}RESTARTS {3}AGE\nfrontend-[a-z0-9]{5} {3}1\/1 {5}Running {3}0 {10}9s\npod1 {13}1\/1 {5}Running {3}0 {10}36s\npod2 {13}1\/1 {5}Running {3}0 {10}36s\n$/);
    expect((await run('kubectl get pod pod1 -o jsonpath={.metadata.ownerReferences[0].name}')).out).toBe('frontend');
    expect(cluster.clock.errors).toEqual([]);
  });
});

describe('DaemonSet (concept page)', () => {
  it('runs fluentd-elasticsearch on every node, the control plane included by its toleration', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/controllers/daemonset.yaml')).out).toBe('daemonset.apps/fluentd-elasticsearch created\n');
    await run('sleep 30');
    expect((await run('kubectl get ds fluentd-elasticsearch -n kube-system')).out).toBe('NAME                    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\nfluentd-elasticsearch   3         3         3       3            3           <none>          30s\n');
    const nodes = (await run('kubectl get pods -n kube-system -l name=fluentd-elasticsearch -o custom-columns=NODE:.spec.nodeName,STATUS:.status.phase --no-headers --sort-by=.spec.nodeName')).out;
    expect(nodes).toBe('control-plane   Running\nworker-1        Running\nworker-2        Running\n');
    // Without the control-plane toleration the DaemonSet leaves that node out.
    await run(`kubectl patch ds fluentd-elasticsearch -n kube-system --type=json -p='[{"op":"remove","path":"/spec/template/spec/tolerations"}]'`);
    await run('sleep 90');
    expect((await run('kubectl get ds fluentd-elasticsearch -n kube-system -o jsonpath={.status.desiredNumberScheduled}')).out).toBe('2');
  });
});

describe('Deployments (concept page)', () => {
  it('creates, updates, rolls back, scales proportionally, pauses and resumes nginx-deployment', async () => {
    const { run, cluster } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/controllers/nginx-deployment.yaml')).out).toBe('deployment.apps/nginx-deployment created\n');
    // The page shows "nginx-deployment 0/3 0 0 1s", a status from before the controller's first sync; by the time the
    // next kubectl runs the controller has made the ReplicaSet and counted its 3 pods as up to date (none available yet).
    expect((await run('kubectl get deployments')).out).toBe('NAME               READY   UP-TO-DATE   AVAILABLE   AGE\nnginx-deployment   0/3     3            0           0s\n');
    expect((await run('kubectl rollout status deployment/nginx-deployment')).out).toMatch(/Waiting for deployment "nginx-deployment" rollout to finish: \d of 3 updated replicas are available...\ndeployment "nginx-deployment" successfully rolled out\n$/);
    expect((await run('kubectl get deployments')).out).toMatch(/^NAME {15}READY {3}UP-TO-DATE {3}AVAILABLE {3}AGE\nnginx-deployment {3}3\/3 {5}3 {12}3 {11}\d+s\n$/);
    const rs1 = /^(nginx-deployment-[a-z0-9]+) +3 +3 +3 +\d+s$/m.exec((await run('kubectl get rs')).out)?.[1];
    expect(rs1).toBeDefined();
    const hash1 = rs1!.slice('nginx-deployment-'.length);
    const labels = (await run('kubectl get pods --show-labels')).out.trim().split('\n');
    expect(labels[0]).toBe('NAME                                READY   STATUS    RESTARTS   AGE   LABELS');
    expect(labels.slice(1).map((l) => l.split(/\s+/).at(-1))).toEqual(Array(3).fill(`app=nginx,pod-template-hash=${hash1}`));

    // Updating: one new pod up, one old pod down, until the old set is at 0.
    expect((await run('kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1')).out).toBe('deployment.apps/nginx-deployment image updated\n');
    expect((await run('kubectl rollout status deployment/nginx-deployment')).out).toMatch(/deployment "nginx-deployment" successfully rolled out\n$/);
    const rs = (await run('kubectl get rs')).out;
    const rs2 = /^(nginx-deployment-[a-z0-9]+) +3 +3 +3 +\d+s$/m.exec(rs)?.[1];
    expect(rs).toMatch(new RegExp(`^${rs1} +0 +0 +0 +\\d+s$`, 'm'));
    const d = (await run('kubectl describe deployments')).out;
    expect(d).toContain('Labels:                 app=nginx\nAnnotations:            deployment.kubernetes.io/revision: 2\nSelector:               app=nginx\nReplicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\nStrategyType:           RollingUpdate\nMinReadySeconds:        0\nRollingUpdateStrategy:  25% max unavailable, 25% max surge\n');
    expect(d).toContain(`OldReplicaSets:  ${rs1} (0/0 replicas created)\nNewReplicaSet:   ${rs2} (3/3 replicas created)\n`);
    const events = [...d.matchAll(/Normal {2}ScalingReplicaSet {2}\S+ +deployment-controller {2}(.*)\n/g)].map((m) => m[1]);
    expect(events).toEqual([
      `Scaled up replica set ${rs1} from 0 to 3`,
      `Scaled up replica set ${rs2} from 0 to 1`,
      `Scaled down replica set ${rs1} from 3 to 2`,
      `Scaled up replica set ${rs2} from 1 to 2`,
      `Scaled down replica set ${rs1} from 2 to 1`,
      `Scaled up replica set ${rs2} from 2 to 3`,
      `Scaled down replica set ${rs1} from 1 to 0`,
    ]);

    // The typo nginx:1.161: the rollout stops at one new pod, stuck pulling.
    await run('kubectl set image deployment/nginx-deployment nginx=nginx:1.161');
    const stuck = await run('timeout 20 kubectl rollout status deployment/nginx-deployment');
    expect(stuck.status).toBe(124);
    expect(stuck.out).toMatch(/Waiting for deployment "nginx-deployment" rollout to finish: 1 out of 3 new replicas have been updated...\n$/);
    const rs3 = /^(nginx-deployment-[a-z0-9]+) +1 +1 +0 +\d+s$/m.exec((await run('kubectl get rs')).out)?.[1];
    expect(rs3).toBeDefined();
    expect((await run('kubectl get pods')).out).toMatch(new RegExp(`^${rs3}-[a-z0-9]{5} +0/1 +ImagePullBackOff +0 +\\d+s$`, 'm'));
    expect((await run('kubectl describe deployment')).out).toContain('Replicas:               3 desired | 1 updated | 4 total | 3 available | 1 unavailable\n');

    // History and rollback.
    expect((await run('kubectl rollout history deployment/nginx-deployment')).out).toBe('deployment.apps/nginx-deployment \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n3         <none>\n\n');
    expect((await run('kubectl rollout history deployment/nginx-deployment --revision=2')).out).toContain(`deployment.apps/nginx-deployment with revision #2\nPod Template:\n  Labels:\tapp=nginx\n\tpod-template-hash=${rs2!.slice('nginx-deployment-'.length)}\n  Containers:\n   nginx:\n    Image:\tnginx:1.16.1\n    Port:\t80/TCP\n`);
    expect((await run('kubectl rollout undo deployment/nginx-deployment')).out).toBe('deployment.apps/nginx-deployment rolled back\n');
    await run('kubectl rollout status deployment/nginx-deployment');
    expect((await run('kubectl get deployment nginx-deployment')).out).toMatch(/^NAME {15}READY {3}UP-TO-DATE {3}AVAILABLE {3}AGE\nnginx-deployment {3}3\/3 {5}3 {12}3 {11}\d+s\n$/);
    const after = (await run('kubectl describe deployment nginx-deployment')).out;
    expect(after).toContain('Annotations:            deployment.kubernetes.io/revision: 4\n');
    expect(after).toContain('    Image:         nginx:1.16.1\n');
    expect(after).toMatch(new RegExp(`Scaled down replica set ${rs3} from 1 to 0\\n$`));
    expect(after).not.toContain('DeploymentRollback');

    // Scaling, and proportional scaling mid-rollout (maxSurge 3, maxUnavailable 2): 5 new and 8 old, then 7 and 11.
    expect((await run('kubectl scale deployment/nginx-deployment --replicas=10')).out).toBe('deployment.apps/nginx-deployment scaled\n');
    await run('kubectl rollout status deployment/nginx-deployment');
    await run(`kubectl patch deployment nginx-deployment -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":3,"maxUnavailable":2}}}}'`);
    expect((await run('kubectl set image deployment/nginx-deployment nginx=nginx:sometag')).out).toBe('deployment.apps/nginx-deployment image updated\n');
    await run('sleep 9');
    let sets = (await run('kubectl get rs')).out;
    const rs4 = /^(nginx-deployment-[a-z0-9]+) +5 +5 +0 +9s$/m.exec(sets)?.[1];
    expect(rs4).toBeDefined();
    expect(sets).toMatch(new RegExp(`^${rs2} +8 +8 +8 +\\d+s$`, 'm'));
    await run('kubectl scale deployment/nginx-deployment --replicas=15');
    await run('sleep 5');
    sets = (await run('kubectl get rs')).out;
    expect(sets).toMatch(new RegExp(`^${rs4} +7 +7 +0 +\\d+s$`, 'm'));
    expect(sets).toMatch(new RegExp(`^${rs2} +11 +11 +11 +\\d+s$`, 'm'));

    // Pausing: template changes wait for the resume, which rolls them out as one new ReplicaSet.
    await run('kubectl rollout undo deployment/nginx-deployment --to-revision=1');
    await run('kubectl scale deployment/nginx-deployment --replicas=3');
    await run('kubectl rollout status deployment/nginx-deployment');
    expect((await run('kubectl rollout pause deployment/nginx-deployment')).out).toBe('deployment.apps/nginx-deployment paused\n');
    const paused = (await run('kubectl get rs --no-headers')).out;
    expect((await run('kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1')).out).toBe('deployment.apps/nginx-deployment image updated\n');
    expect((await run('kubectl set resources deployment/nginx-deployment -c=nginx --limits=cpu=200m,memory=512Mi')).out).toBe('deployment.apps/nginx-deployment resource requirements updated\n');
    await run('sleep 10');
    expect((await run('kubectl get rs --no-headers')).out.replace(/\d+s\n/g, '\n')).toBe(paused.replace(/\d+s\n/g, '\n'));
    expect((await run('kubectl rollout undo deployment/nginx-deployment')).out).toBe("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n");
    expect((await run('kubectl rollout resume deployment/nginx-deployment')).out).toBe('deployment.apps/nginx-deployment resumed\n');
    await run('kubectl rollout status deployment/nginx-deployment');
    expect((await run('kubectl get rs --no-headers')).out.split('\n').filter(Boolean)).toHaveLength(paused.split('\n').filter(Boolean).length + 1);
    expect(cluster.clock.errors).toEqual([]);
  });
});
