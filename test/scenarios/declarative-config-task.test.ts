/**
 * kubernetes.io task "Declarative Management of Kubernetes Objects Using Configuration Files"
 * (tasks/manage-kubernetes-objects/declarative-config.md), step by step. Expectations: the page's outputs (the
 * last-applied annotation is the page's JSON in one line, as encoding/json writes it with its newline, keys
 * sorted); kubectl v1.35.2's diff (GetModifiedConfiguration(annotate=false): the diff leaves the annotation as it
 * is), apply's Validate texts (pkg/cmd/apply/apply.go).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const SIMPLE = 'https://k8s.io/examples/application/simple_deployment.yaml';
const UPDATE = 'https://k8s.io/examples/application/update_deployment.yaml';

const LAST_APPLIED_SIMPLE = '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"nginx-deployment","namespace":"default"},"spec":{"minReadySeconds":5,"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80}]}]}}}}';
const LAST_APPLIED_UPDATE = '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"nginx-deployment","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"image":"nginx:1.16.1","name":"nginx","ports":[{"containerPort":80}]}]}}}}';

describe('Declarative Management of Kubernetes Objects Using Configuration Files', () => {
  it('diff, apply, scale, apply the update: replicas kept, minReadySeconds cleared, the annotation rewritten', async () => {
    const { run } = await interactiveSession();
    const created = (await run(`kubectl diff -f ${SIMPLE}`)).out;
    expect(created).toMatch(/^diff -u -N \/tmp\/LIVE-\d+\/apps\.v1\.Deployment\.default\.nginx-deployment \/tmp\/MERGED-\d+\/apps\.v1\.Deployment\.default\.nginx-deployment\n/);
    expect(created).toContain('\t1970-01-01 00:00:00.000000000 +0000\n');
    expect(created).toContain('+  minReadySeconds: 5\n');
    expect(created).toContain('+      - image: nginx:1.14.2\n');

    expect((await run(`kubectl apply -f ${SIMPLE}`)).out).toBe('deployment.apps/nginx-deployment created\n');
    const live = (await run(`kubectl get -f ${SIMPLE} -o yaml`)).out;
    expect(live).toContain(`      kubectl.kubernetes.io/last-applied-configuration: |\n        ${LAST_APPLIED_SIMPLE}\n`);
    expect(live).toContain('  spec:\n    minReadySeconds: 5\n');
    // The annotation holds encoding/json's text and its newline.
    expect((await run(`kubectl get deployment nginx-deployment -o jsonpath='{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}'`)).out).toBe(`${LAST_APPLIED_SIMPLE}\n`);

    expect((await run('kubectl scale deployment/nginx-deployment --replicas=2')).out).toBe('deployment.apps/nginx-deployment scaled\n');
    const scaled = (await run('kubectl get deployment nginx-deployment -o yaml')).out;
    expect(scaled).toContain(`    kubectl.kubernetes.io/last-applied-configuration: |\n      ${LAST_APPLIED_SIMPLE}\n`);
    expect(scaled).toContain('spec:\n  minReadySeconds: 5\n  progressDeadlineSeconds: 600\n  replicas: 2\n');

    const d = (await run(`kubectl diff -f ${UPDATE}`)).out;
    expect(d).toContain('\n-  minReadySeconds: 5\n');
    expect(d).toContain('\n-      - image: nginx:1.14.2\n+      - image: nginx:1.16.1\n');
    expect(d).not.toMatch(/^[-+] *replicas/m);
    expect((await run(`kubectl apply -f ${UPDATE}`)).out).toBe('deployment.apps/nginx-deployment configured\n');
    const updated = (await run(`kubectl get -f ${UPDATE} -o yaml`)).out;
    expect(updated).toContain(`        ${LAST_APPLIED_UPDATE}\n`);
    expect(updated).toContain('  spec:\n    progressDeadlineSeconds: 600\n    replicas: 2\n');
    expect(updated).not.toContain('minReadySeconds');
    expect(updated).toContain('        - image: nginx:1.16.1\n');
    expect((await run(`kubectl apply -f ${UPDATE}`)).out).toBe('deployment.apps/nginx-deployment unchanged\n');

    expect((await run('kubectl apply view-last-applied deployment/nginx-deployment')).out).toBe([
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  annotations: {}', '  name: nginx-deployment', '  namespace: default', 'spec:',
      '  selector:', '    matchLabels:', '      app: nginx', '  template:', '    metadata:', '      labels:', '        app: nginx', '    spec:',
      '      containers:', '      - image: nginx:1.16.1', '        name: nginx', '        ports:', '        - containerPort: 80', '',
    ].join('\n'));

    expect((await run(`kubectl delete -f ${UPDATE}`)).out).toBe('deployment.apps "nginx-deployment" deleted from default namespace\n');
    expect((await run('kubectl get deployments')).out).toBe('No resources found in default namespace.\n');
  });

  it('apply --server-side over client-side applies: no conflicts, ownership moves to kubectl (csaupgrade), the annotation follows', async () => {
    const { run } = await interactiveSession();
    await run(`kubectl apply -f ${SIMPLE}`);
    // lastAppliedManager: the image conflicts with kubectl-client-side-apply, but the annotation says kubectl set it.
    expect((await run(`kubectl apply -f ${UPDATE} --server-side`)).out).toBe('deployment.apps/nginx-deployment serverside-applied\n');
    const shown = (await run('kubectl get deployment nginx-deployment -o yaml --show-managed-fields')).out;
    const managers = [...shown.matchAll(/^    manager: (\S+)\n    operation: (\S+)$/gm)].map((m) => `${m[1]}/${m[2]}`).sort();
    expect(managers).toEqual(['kube-controller-manager/Update', 'kubectl-last-applied/Apply', 'kubectl/Apply']);
    // The migrated manager re-applied without minReadySeconds, which nobody else owns: it is gone.
    expect((await run(`kubectl get deployment nginx-deployment -o jsonpath='{.spec.template.spec.containers[0].image}|{.spec.minReadySeconds}'`)).out).toBe('nginx:1.16.1|');
    // lastAppliedUpdater: the configuration kubectl applied, without the annotation (runtime.Encode: a newline).
    expect((await run(`kubectl get deployment nginx-deployment -o jsonpath='{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}'`)).out)
      .toBe('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx-deployment","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"image":"nginx:1.16.1","name":"nginx","ports":[{"containerPort":80}]}]}}}}\n');
    // kubectl owns the image alone now: applying the old one back is no conflict either.
    expect((await run(`kubectl apply -f ${SIMPLE} --server-side`)).out).toBe('deployment.apps/nginx-deployment serverside-applied\n');
    expect((await run(`kubectl get deployment nginx-deployment -o jsonpath='{.spec.template.spec.containers[0].image}|{.spec.minReadySeconds}'`)).out).toBe('nginx:1.14.2|5');
    // Another manager still conflicts over the same field.
    expect((await run(`kubectl apply -f ${UPDATE} --server-side --field-manager=other`)).out).toMatch(/^error: Apply failed with 1 conflict: conflict with "kubectl": \.spec\.template\.spec\.containers\[name="nginx"\]\.image\n/);
  });

  it('--prune wants a selector or --all, and a selector picks the objects of the file too', async () => {
    const { run } = await interactiveSession();
    expect((await run(`kubectl apply -f ${SIMPLE} --prune`)).out).toBe('error: all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector\n');
    expect((await run(`kubectl apply -f ${SIMPLE} --prune --all -l app=nginx`)).out).toBe('error: cannot set --all and --selector at the same time\n');
    expect((await run(`kubectl apply -f ${SIMPLE} --prune -l app=nginx --server-side`)).out).toBe("error: --prune is in alpha and doesn't currently work on objects created by server-side apply\n");
    // The Deployment itself carries no labels: -l app=nginx leaves nothing to apply.
    expect((await run(`kubectl apply -f ${SIMPLE} --prune -l app=nginx`)).out).toBe('error: no objects passed to apply\n');
    expect((await run('kubectl get deployments')).out).toBe('No resources found in default namespace.\n');
  });

  it('--prune deletes what was applied before (last-applied annotation) and is gone from the directory; v1.35 warns about the default allowlist', async () => {
    const { run } = await interactiveSession();
    await run('mkdir cfg');
    await run('kubectl create deployment web --image=nginx --dry-run=client -o yaml > cfg/web.yaml');
    await run('kubectl create configmap conf --from-literal=a=b --dry-run=client -o yaml > cfg/conf.yaml');
    // Not applied: no last-applied annotation, so never pruned.
    await run('kubectl create configmap other --from-literal=a=b');
    expect((await run('kubectl apply -f cfg/')).out).toBe('configmap/conf created\ndeployment.apps/web created\n');
    await run('rm cfg/conf.yaml');
    // prune.GetRESTMappings is told a namespace is set (the kubeconfig's "default" always is), so klog warns;
    // listing v1 Endpoints brings the server's deprecation warning.
    const dry = (await run('kubectl apply -f cfg/ --prune --all --dry-run=client')).out;
    expect(dry).toMatch(/^deployment\.apps\/web configured \(dry run\)\nW\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ prune\.go:71\] Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release\. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag\.\nconfigmap\/conf pruned \(dry run\)\n\u001b\[33;1mWarning:\u001b\[0m v1 Endpoints is deprecated in v1\.33\+; use discovery\.k8s\.io\/v1 EndpointSlice\n$/);
    expect((await run('kubectl get configmap conf -o name')).out).toBe('configmap/conf\n');
    expect((await run('kubectl apply -f cfg/ --prune --all --prune-allowlist=core/v1/ConfigMap')).out).toBe('deployment.apps/web unchanged\nconfigmap/conf pruned\n');
    expect((await run('kubectl get configmaps -o name')).out).toBe('configmap/kube-root-ca.crt\nconfigmap/other\n');
    expect((await run('kubectl apply -f cfg/ --prune --all --prune-allowlist=ConfigMap')).out).toBe('error: invalid GroupVersionKind format: ConfigMap, please follow <group/version/kind>\n');
  });
});
