/**
 * kubernetes.io task "Update API Objects in Place Using kubectl patch" (tasks/manage-kubernetes-objects/
 * update-api-object-kubectl-patch.md), step by step. Expectations: the page's outputs; the merged lists' order
 * from apimachinery strategicpatch (mergeSlice, normalizeElementOrder) as kubectl v1.35.2 `patch --local` shows
 * it; the parse error as real kubectl v1.35.2 prints it; the scale patch's `scale.autoscaling/NAME patched` from
 * the page's subresource section.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const POD_ROW = (ready: string) => new RegExp(`^patch-demo-[a-z0-9]{8,10}-[a-z0-9]{5} +${ready} +Running +0 +\\d+s$`);

async function podRows(run: (l: string) => Promise<{ out: string }>): Promise<string[]> {
  const lines = (await run('kubectl get pods')).out.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
  return lines.slice(1);
}

describe('Update API Objects in Place Using kubectl patch', () => {
  it('strategic merge patch adds a container (first), replaces tolerations; a JSON merge patch replaces the containers', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/application/deployment-patch.yaml')).out).toBe('deployment.apps/patch-demo created\n');
    await run('kubectl rollout status deployment/patch-demo --timeout=120s');
    const before = await podRows(run);
    expect(before).toHaveLength(2);
    for (const row of before) expect(row).toMatch(POD_ROW('1/1'));

    await run(`printf 'spec:\\n  template:\\n    spec:\\n      containers:\\n      - name: patch-demo-ctr-2\\n        image: redis\\n' > patch-file.yaml`);
    expect((await run('kubectl patch deployment patch-demo --patch-file patch-file.yaml')).out).toBe('deployment.apps/patch-demo patched\n');
    const yaml = (await run('kubectl get deployment patch-demo --output yaml')).out;
    // The page: redis (the patch's container) comes before the nginx one; both untagged, so imagePullPolicy Always.
    expect(yaml).toContain([
      '      containers:',
      '      - image: redis',
      '        imagePullPolicy: Always',
      '        name: patch-demo-ctr-2',
      '        resources: {}',
      '        terminationMessagePath: /dev/termination-log',
      '        terminationMessagePolicy: File',
      '      - image: nginx',
      '        imagePullPolicy: Always',
      '        name: patch-demo-ctr',
    ].join('\n'));
    await run('kubectl rollout status deployment/patch-demo --timeout=180s');
    await run('sleep 40');
    const after = await podRows(run);
    expect(after).toHaveLength(2);
    for (const row of after) expect(row).toMatch(POD_ROW('2/2'));
    const oldNames = before.map((r) => r.split(' ')[0]);
    const newNames = after.map((r) => r.split(' ')[0]);
    expect(newNames.some((n) => oldNames.includes(n))).toBe(false);
    expect((await run(`kubectl get pod ${newNames[0]} -o jsonpath='{.spec.containers[*].image}'`)).out).toBe('redis nginx');

    await run(`printf 'spec:\\n  template:\\n    spec:\\n      tolerations:\\n      - effect: NoSchedule\\n        key: disktype\\n        value: ssd\\n' > patch-file-tolerations.yaml`);
    expect((await run('kubectl patch deployment patch-demo --patch-file patch-file-tolerations.yaml')).out).toBe('deployment.apps/patch-demo patched\n');
    // Tolerations carry no patch strategy: the list is replaced, not merged.
    expect((await run('kubectl get deployment patch-demo --output yaml')).out).toContain('      tolerations:\n      - effect: NoSchedule\n        key: disktype\n        value: ssd\nstatus:\n');

    await run(`printf 'spec:\\n  template:\\n    spec:\\n      containers:\\n      - name: patch-demo-ctr-3\\n        image: gcr.io/google-samples/node-hello:1.0\\n' > patch-file-2.yaml`);
    expect((await run('kubectl patch deployment patch-demo --type merge --patch-file patch-file-2.yaml')).out).toBe('deployment.apps/patch-demo patched\n');
    expect((await run('kubectl get deployment patch-demo --output yaml')).out).toContain('      containers:\n      - image: gcr.io/google-samples/node-hello:1.0\n        imagePullPolicy: IfNotPresent\n        name: patch-demo-ctr-3\n        resources: {}\n');
    await run('kubectl rollout status deployment/patch-demo --timeout=180s');
    await run('sleep 40');
    const merged = await podRows(run);
    expect(merged).toHaveLength(2);
    for (const row of merged) expect(row).toMatch(POD_ROW('1/1'));
    const ip = (await run(`kubectl get pod ${merged[0].split(' ')[0]} -o jsonpath='{.status.podIP}'`)).out;
    await run('kubectl run client --image=busybox --restart=Never -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/client --timeout=120s');
    expect((await run(`kubectl exec client -- wget -qO- ${ip}:8080`)).out).toBe('Hello Kubernetes!');
  });

  it('retainKeys: a merge patch to Recreate is refused while rollingUpdate is set; $retainKeys clears it', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/application/deployment-retainkeys.yaml')).out).toBe('deployment.apps/retainkeys-demo created\n');
    await run(`printf 'spec:\\n  strategy:\\n    type: Recreate\\n' > patch-file-no-retainkeys.yaml`);
    expect((await run('kubectl patch deployment retainkeys-demo --type merge --patch-file patch-file-no-retainkeys.yaml')).out)
      .toBe("The Deployment \"retainkeys-demo\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'\n");
    expect((await run(`kubectl get deployment retainkeys-demo -o jsonpath='{.spec.strategy}'`)).out).toBe('{"rollingUpdate":{"maxSurge":"30%","maxUnavailable":"25%"},"type":"RollingUpdate"}');
    await run(`printf 'spec:\\n  strategy:\\n    $retainKeys:\\n    - type\\n    type: Recreate\\n' > patch-file-retainkeys.yaml`);
    expect((await run('kubectl patch deployment retainkeys-demo --patch-file patch-file-retainkeys.yaml')).out).toBe('deployment.apps/retainkeys-demo patched\n');
    expect((await run('kubectl get deployment retainkeys-demo --output yaml')).out).toContain('spec:\n  progressDeadlineSeconds: 600\n  replicas: 1\n  revisionHistoryLimit: 10\n  selector:\n    matchLabels:\n      app: nginx\n  strategy:\n    type: Recreate\n  template:\n');
  });

  it('the alternate forms: a JSON patch file and inline JSON are equivalent; the one-line YAML with literal \\n does not parse', async () => {
    const { run } = await interactiveSession();
    await run('kubectl apply -f https://k8s.io/examples/application/deployment-patch.yaml');
    await run(`printf '{"spec": {"template": {"spec": {"containers": [{"name": "patch-demo-ctr-2", "image": "redis"}]}}}}' > patch-file.json`);
    expect((await run('kubectl patch deployment patch-demo --patch-file patch-file.json')).out).toBe('deployment.apps/patch-demo patched\n');
    expect((await run(`kubectl patch deployment patch-demo --patch '{"spec": {"template": {"spec": {"containers": [{"name": "patch-demo-ctr-2","image": "redis"}]}}}}'`)).out).toBe('deployment.apps/patch-demo patched (no change)\n');
    // Real kubectl v1.35.2: the shell passes backslash-n literally; %q doubles the backslashes; go-yaml names no line.
    expect((await run(`kubectl patch deployment patch-demo --patch 'spec:\\n template:\\n  spec:\\n   containers:\\n   - name: patch-demo-ctr-2\\n     image: redis'`)).out)
      .toBe('error: unable to parse "spec:\\\\n template:\\\\n  spec:\\\\n   containers:\\\\n   - name: patch-demo-ctr-2\\\\n     image: redis": yaml: mapping values are not allowed in this context\n');
    expect((await run(`kubectl get deployment patch-demo -o jsonpath='{.spec.template.spec.containers[*].name}'`)).out).toBe('patch-demo-ctr-2 patch-demo-ctr');
    expect((await run('kubectl patch deployment patch-demo --patch-file nope.yaml')).out).toBe('error: unable to read patch file: open nope.yaml: no such file or directory\n');
  });

  it("patches the scale subresource: the printer names the Scale", async () => {
    const { run } = await interactiveSession();
    await run('kubectl apply -f https://k8s.io/examples/application/deployment.yaml');
    await run('kubectl rollout status deployment/nginx-deployment --timeout=120s');
    expect((await run(`kubectl patch deployment nginx-deployment --subresource='scale' --type='merge' -p '{"spec":{"replicas":3}}'`)).out).toBe('scale.autoscaling/nginx-deployment patched\n');
    await run('kubectl rollout status deployment/nginx-deployment --timeout=120s');
    const rows = (await run('kubectl get pods -l app=nginx')).out.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/^nginx-deployment-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running +0 +\d+s$/);
    expect((await run(`kubectl get deployment nginx-deployment -o jsonpath='{.spec.replicas} {.status.availableReplicas} {.status.readyReplicas} {.status.replicas}'`)).out).toBe('3 3 3 3');
    // The status subresource ignores a spec change; nothing else is served.
    expect((await run(`kubectl patch deployment nginx-deployment --subresource='status' --type='merge' -p '{"spec":{"replicas":1}}'`)).out).toBe('deployment.apps/nginx-deployment patched (no change)\n');
  });
});
