/**
 * kubernetes.io task "Run a Stateless Application Using a Deployment" (tasks/run-application/
 * run-stateless-application-deployment.md), step by step: deployment.yaml, deployment-update.yaml (nginx:1.16.1),
 * deployment-scale.yaml (4 replicas). Expectations: the page's outputs (names, READY 1/1 Running, the describe
 * fields it shows) and kubectl v1.35.2's DeploymentDescriber (pkg/describe/describe.go: Conditions, then
 * OldReplicaSets/NewReplicaSet, only once there is a ReplicaSet).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const ROW = /^nginx-deployment-([a-z0-9]{8,10})-[a-z0-9]{5} +1\/1 +Running +0 +\d+s$/;

async function pods(run: (l: string) => Promise<{ out: string }>): Promise<string[]> {
  const lines = (await run('kubectl get pods -l app=nginx')).out.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
  return lines.slice(1);
}

describe('Run a Stateless Application Using a Deployment', () => {
  it('creates two nginx:1.14.2 pods, updates them to 1.16.1, scales to four, deletes the Deployment', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/application/deployment.yaml')).out).toBe('deployment.apps/nginx-deployment created\n');
    await run('kubectl rollout status deployment/nginx-deployment --timeout=120s');
    const d = (await run('kubectl describe deployment nginx-deployment')).out;
    const rs = (await run(`kubectl get rs -l app=nginx -o jsonpath='{.items[0].metadata.name}'`)).out;
    expect(d).toMatch(/^Name: {19}nginx-deployment\nNamespace: {14}default\nCreationTimestamp: {6}\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000\nLabels: {17}<none>\nAnnotations: {12}deployment\.kubernetes\.io\/revision: 1\nSelector: {15}app=nginx\nReplicas: {15}2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable\nStrategyType: {11}RollingUpdate\nMinReadySeconds: {8}0\nRollingUpdateStrategy: {2}25% max unavailable, 25% max surge\nPod Template:\n/);
    expect(d).toContain('  Labels:  app=nginx\n  Containers:\n   nginx:\n    Image:         nginx:1.14.2\n    Port:          80/TCP\n    Host Port:     0/TCP\n    Environment:   <none>\n    Mounts:        <none>\n  Volumes:         <none>\n');
    expect(d).toContain('Conditions:\n  Type           Status  Reason\n  ----           ------  ------\n  Available      True    MinimumReplicasAvailable\n  Progressing    True    NewReplicaSetAvailable\n');
    expect(d).toContain(`OldReplicaSets:  <none>\nNewReplicaSet:   ${rs} (2/2 replicas created)\n`);
    expect(d).toMatch(new RegExp(`  Normal  ScalingReplicaSet  \\d+s +deployment-controller  Scaled up replica set ${rs} from 0 to 2\\n$`));

    const first = await pods(run);
    expect(first).toHaveLength(2);
    for (const row of first) expect(row).toMatch(ROW);
    const pod = first[0].split(' ')[0];
    const p = (await run(`kubectl describe pod ${pod}`)).out;
    expect(p).toContain(`Name:             ${pod}\nNamespace:        default\n`);
    expect(p).toMatch(/\nLabels: +app=nginx\n +pod-template-hash=[a-z0-9]+\n/);
    expect(p).toContain(`\nControlled By:  ReplicaSet/${rs}\n`);
    expect(p).toMatch(/\n    Image: +nginx:1\.14\.2\n/);
    expect(p).toMatch(/\n    Port: +80\/TCP\n/);

    expect((await run('kubectl apply -f https://k8s.io/examples/application/deployment-update.yaml')).out).toBe('deployment.apps/nginx-deployment configured\n');
    await run('kubectl rollout status deployment/nginx-deployment --timeout=180s');
    await run('sleep 40');
    const updated = await pods(run);
    expect(updated).toHaveLength(2);
    for (const row of updated) expect(row).toMatch(ROW);
    // New pods from a new ReplicaSet (a new pod-template-hash in the names).
    expect(ROW.exec(updated[0])![1]).not.toBe(ROW.exec(first[0])![1]);
    expect((await run(`kubectl get pods -l app=nginx -o jsonpath='{.items[*].spec.containers[0].image}'`)).out).toBe('nginx:1.16.1 nginx:1.16.1');

    expect((await run('kubectl apply -f https://k8s.io/examples/application/deployment-scale.yaml')).out).toBe('deployment.apps/nginx-deployment configured\n');
    await run('kubectl rollout status deployment/nginx-deployment --timeout=120s');
    const scaled = await pods(run);
    expect(scaled).toHaveLength(4);
    for (const row of scaled) expect(row).toMatch(ROW);
    // Scaling keeps the template: the same ReplicaSet, the two updated pods among the four.
    for (const row of updated) expect(scaled).toContainEqual(expect.stringContaining(row.split(' ')[0]));

    expect((await run('kubectl delete deployment nginx-deployment')).out).toBe('deployment.apps "nginx-deployment" deleted from default namespace\n');
    await run('sleep 40');
    expect((await run('kubectl get pods -l app=nginx')).out).toBe('No resources found in default namespace.\n');
  });
});
