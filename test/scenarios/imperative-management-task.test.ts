/**
 * kubernetes.io tasks "Managing Kubernetes Objects Using Imperative Commands" (imperative-command.md) and
 * "Imperative Management of Kubernetes Objects Using Configuration Files" (imperative-config.md), step by step.
 * Expectations: the pages' commands and kubectl v1.35.2's texts: replace --force prints the deletion as
 * DeleteOptions.PrintObj does (`from NAMESPACE namespace`); create --edit is editoptions.go's EditBeforeCreateMode
 * (an unchanged file creates nothing: "Edit cancelled, no changes made.").
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const SIMPLE = 'https://k8s.io/examples/application/simple_deployment.yaml';
const UPDATE = 'https://k8s.io/examples/application/update_deployment.yaml';

describe('Imperative Management of Kubernetes Objects Using Configuration Files', () => {
  it('create -f, get -o yaml to a file, replace -f, replace --force, delete -f', async () => {
    const { run } = await interactiveSession();
    expect((await run(`kubectl create -f ${SIMPLE}`)).out).toBe('deployment.apps/nginx-deployment created\n');
    // create keeps no last-applied configuration (the page's warning about mixing create with apply).
    expect((await run(`kubectl get -f ${SIMPLE} -o jsonpath='{.metadata.annotations}'`)).out).toBe('');
    expect((await run(`kubectl create -f ${SIMPLE}`)).out).toBe(`Error from server (AlreadyExists): error when creating "${SIMPLE}": deployments.apps "nginx-deployment" already exists\n`);

    await run('kubectl get deployment/nginx-deployment -o yaml > deployment_nginx-deployment.yaml');
    await run("sed -i 's/minReadySeconds: 5/minReadySeconds: 10/' deployment_nginx-deployment.yaml");
    expect((await run('kubectl replace -f deployment_nginx-deployment.yaml')).out).toBe('deployment.apps/nginx-deployment replaced\n');
    expect((await run(`kubectl get deployment nginx-deployment -o jsonpath='{.spec.minReadySeconds}'`)).out).toBe('10');
    // The saved copy's resourceVersion is stale now: the update conflicts.
    expect((await run('kubectl replace -f deployment_nginx-deployment.yaml')).out).toMatch(/^Error from server \(Conflict\): error when replacing "deployment_nginx-deployment\.yaml": Operation cannot be fulfilled on deployments\.apps "nginx-deployment": the object has been modified; please apply your changes to the latest version and try again\n$/);

    // replace drops what the file leaves out (minReadySeconds), unlike apply.
    expect((await run(`kubectl replace -f ${UPDATE}`)).out).toBe('deployment.apps/nginx-deployment replaced\n');
    expect((await run(`kubectl get deployment nginx-deployment -o jsonpath='{.spec.minReadySeconds}|{.spec.template.spec.containers[0].image}'`)).out).toBe('|nginx:1.16.1');

    const uid = (await run(`kubectl get deployment nginx-deployment -o jsonpath='{.metadata.uid}'`)).out;
    expect((await run(`kubectl replace --force -f ${SIMPLE}`)).out).toBe('deployment.apps "nginx-deployment" deleted from default namespace\ndeployment.apps/nginx-deployment replaced\n');
    expect((await run(`kubectl get deployment nginx-deployment -o jsonpath='{.metadata.uid}'`)).out).not.toBe(uid);
    expect((await run(`kubectl replace --force --dry-run=client -f ${SIMPLE}`)).out).toBe('error: --dry-run can not be used when --force is set\n');

    expect((await run(`kubectl delete -f ${SIMPLE}`)).out).toBe('deployment.apps "nginx-deployment" deleted from default namespace\n');
    expect((await run(`kubectl get -f ${SIMPLE}`)).out).toBe('Error from server (NotFound): deployments.apps "nginx-deployment" not found\n');
  });
});

describe('Managing Kubernetes Objects Using Imperative Commands', () => {
  it('create service | set selector --local | create -f -: the Service selects environment=qa only', async () => {
    const { run } = await interactiveSession();
    expect((await run(`kubectl create service clusterip my-svc --clusterip="None" -o yaml --dry-run=client | kubectl set selector --local -f - 'environment=qa' -o yaml | kubectl create -f -`)).out).toBe('service/my-svc created\n');
    const svc = (await run('kubectl get service my-svc -o yaml')).out;
    expect(svc).toContain('  labels:\n    app: my-svc\n  name: my-svc\n');
    expect(svc).toContain('spec:\n  clusterIP: None\n  clusterIPs:\n  - None\n');
    expect(svc).toContain('  selector:\n    environment: qa\n  sessionAffinity: None\n  type: ClusterIP\n');
  });

  it('create --edit -f opens the file first: the edit is created, an unchanged file creates nothing', async () => {
    const { run } = await interactiveSession();
    await run(`kubectl create service clusterip my-svc --clusterip="None" -o yaml --dry-run=client > /tmp/srv.yaml`);
    expect((await run('cat /tmp/srv.yaml')).out).toBe('apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: my-svc\n  name: my-svc\nspec:\n  clusterIP: None\n  selector:\n    app: my-svc\n  type: ClusterIP\nstatus:\n  loadBalancer: {}\n');
    const r = await run('KUBE_EDITOR=true kubectl create --edit -f /tmp/srv.yaml');
    expect(r.out).toBe('Edit cancelled, no changes made.\n');
    expect((await run('kubectl get services -o name')).out).toBe('service/kubernetes\n');
    expect((await run(`KUBE_EDITOR="sed -i s/app:\\ my-svc/environment:\\ qa/" kubectl create --edit -f /tmp/srv.yaml`)).out).toBe('service/my-svc created\n');
    expect((await run(`kubectl get service my-svc -o jsonpath='{.metadata.labels} {.spec.selector}'`)).out).toBe('{"environment":"qa"} {"environment":"qa"}');
    // The edited copy is removed once it was created.
    expect((await run('ls /tmp')).out).not.toMatch(/kubectl-edit-/);
  });

  it('create deployment, then delete it by type/name', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl create deployment nginx --image nginx')).out).toBe('deployment.apps/nginx created\n');
    expect((await run('kubectl delete deployment/nginx')).out).toBe('deployment.apps "nginx" deleted from default namespace\n');
  });
});
