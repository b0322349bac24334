/**
 * ReplicationController, as the kubernetes.io concept page "ReplicationController"
 * (content/en/docs/concepts/workloads/controllers/replicationcontroller.md) runs it, and the replication
 * controller of kube-controller-manager v1.35 (pkg/controller/replication: the ReplicaSet controller's code run
 * over RCs through a conversion adapter; events from "replication-controller" about the RC). Expected texts:
 * the page's steps and sample outputs, kubectl v1.35's ReplicationControllerDescriber and printers, and the real
 * kubectl v1.35.2 reading the simulated cluster (scripts/real-kubectl/scenarios/replicationcontrollers.sh).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

// names.SimpleNameGenerator: the generateName `nginx-` and five characters of utilrand's alphabet.
const POD_NAME = /^nginx-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

const RC_MANIFEST = (name: string, extra = '') => `cat <<'EOF' > ${name}.yaml
apiVersion: v1
kind: ReplicationController
metadata:
  name: ${name}
spec:
${extra}  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: ${name}
        image: nginx
EOF`;

describe('ReplicationController (concept page)', () => {
  it('runs the page: apply the example, describe it, list its pods by selector', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/controllers/replication.yaml')).out).toBe('replicationcontroller/nginx created\n');

    // "Here, three pods are created, but none is running yet, perhaps because the image is being pulled."
    // (A learner types the next command a moment later; the page's sample shows the pods made by then.)
    await run('sleep 1');
    const first = (await run('kubectl describe replicationcontrollers/nginx')).out.split('\n');
    expect(first.slice(0, 8)).toEqual([
      'Name:         nginx',
      'Namespace:    default',
      'Selector:     app=nginx',
      'Labels:       app=nginx',
      'Annotations:  <none>',
      'Replicas:     3 current / 3 desired',
      'Pods Status:  0 Running / 3 Waiting / 0 Succeeded / 0 Failed',
      'Pod Template:',
    ]);
    const created = first.filter((l) => l.includes('SuccessfulCreate'));
    expect(created).toHaveLength(3);
    for (const l of created) expect(l).toMatch(/^ {2}Normal {2}SuccessfulCreate {2}1s {4}replication-controller {2}Created pod: nginx-[a-z0-9]{5}$/);

    await run('sleep 20');
    // "A little later, the same command may show: Pods Status: 3 Running / 0 Waiting / 0 Succeeded / 0 Failed"
    expect((await run('kubectl describe replicationcontrollers/nginx')).out).toContain('Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n');

    await run('pods=$(kubectl get pods --selector=app=nginx --output=jsonpath={.items..metadata.name})');
    const pods = (await run('echo $pods')).out.trim().split(' ');
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(p).toMatch(POD_NAME);
    expect(pods.map((p) => created.some((l) => l.endsWith(p)))).toEqual([true, true, true]);

    expect((await run('kubectl get rc')).out).toBe('NAME    DESIRED   CURRENT   READY   AGE\nnginx   3         3         3       21s\n');
    expect((await run('kubectl get rc -o wide')).out).toBe(
      'NAME    DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES   SELECTOR\nnginx   3         3         3       21s   nginx        nginx    app=nginx\n',
    );
    expect((await run('kubectl get all')).out).toContain('\nNAME                          DESIRED   CURRENT   READY   AGE\nreplicationcontroller/nginx   3         3         3       21s\n\n');
    expect((await run(`kubectl get pod ${pods[0]} -o jsonpath='{.metadata.ownerReferences[0]}'`)).out)
      .toBe(`{"apiVersion":"v1","blockOwnerDeletion":true,"controller":true,"kind":"ReplicationController","name":"nginx","uid":"${(await run("kubectl get rc nginx -o jsonpath='{.metadata.uid}'")).out}"}`);
    expect((await run("kubectl get rc nginx -o jsonpath='{.status}'")).out)
      .toBe('{"availableReplicas":3,"fullyLabeledReplicas":3,"observedGeneration":1,"readyReplicas":3,"replicas":3}');
  });

  it('scales up and down, replaces a deleted pod, and is served with its scale subresource', async () => {
    const { run } = await interactiveSession();
    await run('kubectl apply -f https://k8s.io/examples/controllers/replication.yaml');
    await run('sleep 20');
    expect((await run('kubectl scale rc nginx --replicas=5')).out).toBe('replicationcontroller/nginx scaled\n');
    await run('sleep 10');
    expect((await run('kubectl get rc nginx --no-headers')).out).toBe('nginx   5     5     5     30s\n');
    expect((await run("kubectl get rc nginx -o jsonpath='{.metadata.generation} {.status.observedGeneration}'")).out).toBe('2 2');
    expect((await run('kubectl get --raw /api/v1/namespaces/default/replicationcontrollers/nginx/scale')).out).toMatch(
      /^\{"kind":"Scale","apiVersion":"autoscaling\/v1",.*"spec":\{"replicas":5\},"status":\{"replicas":5,"selector":"app=nginx"\}\}\n$/,
    );

    const before = (await run("kubectl get pods -l app=nginx -o jsonpath='{.items[*].metadata.name}'")).out.split(' ');
    expect((await run(`kubectl delete pod ${before[0]}`)).out).toBe(`pod "${before[0]}" deleted from default namespace\n`);
    await run('sleep 40');
    const after = (await run("kubectl get pods -l app=nginx -o jsonpath='{.items[*].metadata.name}'")).out.split(' ');
    expect(after).toHaveLength(5);
    expect(after).not.toContain(before[0]);
    const replacement = after.filter((p) => !before.includes(p));
    expect(replacement).toHaveLength(1);
    expect(replacement[0]).toMatch(POD_NAME);

    await run('kubectl scale rc nginx --replicas=1');
    await run('sleep 40');
    expect((await run('kubectl get pods -l app=nginx --no-headers')).out.trim().split('\n')).toHaveLength(1);
    const events = (await run('kubectl describe rc nginx')).out;
    expect(events).toContain('Replicas:     1 current / 1 desired\n');
    expect(events.match(/Normal {2}SuccessfulDelete {2}\S+ +replication-controller {2}Deleted pod: nginx-[a-z0-9]{5}\n/g)).toHaveLength(4);

    // kubectl v1.35's rollout verbs know only Deployments, DaemonSets and StatefulSets.
    const status = await run('kubectl rollout status rc/nginx');
    expect(status.out).toContain('error: no status viewer has been implemented for ReplicationController');
    const restart = await run('kubectl rollout restart rc/nginx');
    expect(restart.out).toContain('error: replicationcontrollers "nginx" restarting is not supported');
  });

  it('expose takes the selector map; delete --cascade=orphan leaves the pods, a new RC adopts them, a plain delete removes them', async () => {
    const { run } = await interactiveSession();
    await run('kubectl apply -f https://k8s.io/examples/controllers/replication.yaml');
    await run('sleep 20');
    expect((await run('kubectl expose rc nginx --port=80 --target-port=8000')).out).toBe('service/nginx exposed\n');
    expect((await run("kubectl get svc nginx -o jsonpath='{.spec.selector} {.spec.ports[0].targetPort}'")).out).toBe('{"app":"nginx"} 8000');

    // A new template changes the RC (a new generation) but none of its pods: an RC never replaces a running pod.
    expect((await run('kubectl set image rc/nginx nginx=nginx:1.27')).out).toBe('replicationcontroller/nginx image updated\n');
    await run('sleep 5');
    expect((await run("kubectl get rc nginx -o jsonpath='{.metadata.generation} {.status.observedGeneration}'")).out).toBe('2 2');
    expect((await run("kubectl get pods -l app=nginx -o jsonpath='{.items[*].spec.containers[0].image}'")).out).toBe('nginx nginx nginx');

    const pods = (await run("kubectl get pods -l app=nginx -o jsonpath='{.items[*].metadata.name}'")).out;
    expect((await run('kubectl delete rc nginx --cascade=orphan')).out).toBe('replicationcontroller "nginx" deleted from default namespace\n');
    await run('sleep 5');
    expect((await run("kubectl get pods -l app=nginx -o jsonpath='{.items[*].metadata.name}'")).out).toBe(pods);
    expect((await run("kubectl get pods -l app=nginx -o jsonpath='{.items[*].metadata.ownerReferences}'")).out).toBe('');

    await run('kubectl apply -f https://k8s.io/examples/controllers/replication.yaml');
    await run('sleep 5');
    expect((await run("kubectl get pods -l app=nginx -o jsonpath='{.items[*].metadata.name}'")).out).toBe(pods);
    expect((await run("kubectl get pods -l app=nginx -o jsonpath='{.items[*].metadata.ownerReferences[0].kind}'")).out)
      .toBe('ReplicationController ReplicationController ReplicationController');
    expect((await run('kubectl get events --field-selector reason=SuccessfulCreate --no-headers')).out.trim().split('\n')).toHaveLength(3);

    expect((await run('kubectl delete rc nginx')).out).toBe('replicationcontroller "nginx" deleted from default namespace\n');
    await run('sleep 40');
    expect((await run('kubectl get pods -l app=nginx')).out + (await run('kubectl get pods -l app=nginx')).out).toContain('No resources found in default namespace.');
  });

  it('a delete through core/v1 without propagationPolicy orphans the pods (DefaultGarbageCollectionPolicy)', async () => {
    const { run } = await interactiveSession();
    await run(RC_MANIFEST('web'));
    expect((await run('kubectl apply -f web.yaml')).out).toBe('replicationcontroller/web created\n');
    // SetDefaults_ReplicationController: selector, labels and replicas from the template.
    expect((await run("kubectl get rc web -o jsonpath='{.spec.selector} {.metadata.labels} {.spec.replicas}'")).out).toBe('{"app":"web"} {"app":"web"} 1');
    await run('sleep 10');
    const pod = (await run("kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}'")).out;
    await run('kubectl delete --raw /api/v1/namespaces/default/replicationcontrollers/web');
    await run('sleep 5');
    expect((await run('kubectl get rc')).out).toContain('No resources found in default namespace.');
    expect((await run("kubectl get pods -l app=web -o jsonpath='{.items[*].metadata.name}|{.items[*].metadata.ownerReferences}'")).out).toBe(`${pod}|`);
  });

  it('a refused pod creation: FailedCreate events about the RC and the ReplicaFailure condition', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create quota q --hard=pods=2');
    await run('sleep 2');
    await run('kubectl apply -f https://k8s.io/examples/controllers/replication.yaml');
    await run('sleep 10');
    expect((await run("kubectl get rc nginx -o jsonpath='{.status.replicas} {.status.conditions[0].type} {.status.conditions[0].status} {.status.conditions[0].reason}'")).out)
      .toBe('2 ReplicaFailure True FailedCreate');
    const d = (await run('kubectl describe rc nginx')).out;
    expect(d).toContain('Conditions:\n  Type             Status  Reason\n  ----             ------  ------\n  ReplicaFailure   True    FailedCreate\n');
    expect(d).toMatch(/Warning {2}FailedCreate .* replication-controller {2}Error creating: pods "nginx-[a-z0-9]{5}" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2\n/);
  });

  it('autoscale rc: the HPA reads the RC through its scale subresource, the selector a label map', async () => {
    const { run } = await interactiveSession();
    await run('kubectl apply -f https://k8s.io/examples/controllers/replication.yaml');
    await run('kubectl set resources rc nginx --requests=cpu=100m');
    // The RC made its 3 pods from the template without requests before the edit, and never replaces pods for a new
    // template: without requests the HPA cannot compute a utilisation. New pods carry the request.
    await run('kubectl delete pods -l app=nginx');
    expect((await run('kubectl autoscale rc nginx --min=4 --max=6 --cpu=50%')).out).toBe('horizontalpodautoscaler.autoscaling/nginx autoscaled\n');
    await run('sleep 90');
    expect((await run('kubectl get hpa nginx --no-headers')).out).toMatch(/^nginx +ReplicationController\/nginx +cpu: \d+%\/50% +4 +6 +4 +90s\n$/);
    expect((await run("kubectl get rc nginx -o jsonpath='{.spec.replicas} {.status.readyReplicas}'")).out).toBe('4 4');
  });

  it('refuses what ValidateReplicationController refuses, with its texts, and stores nothing', async () => {
    const { run } = await interactiveSession();
    await run(RC_MANIFEST('bad', '  selector:\n    app: other\n'));
    const r = await run('kubectl apply -f bad.yaml');
    expect(r.out).toContain('The ReplicationController "bad" is invalid: spec.template.metadata.labels: Invalid value: {"app":"bad"}: `selector` does not match template `labels`');
    await run(RC_MANIFEST('neg', '  replicas: -1\n'));
    const n = await run('kubectl create -f neg.yaml');
    expect(n.out).toContain('The ReplicationController "neg" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect((await run('kubectl get rc')).out).toContain('No resources found in default namespace.');
  });

  it('serves PodTemplates, listed as printPodTemplate prints them', async () => {
    const { run } = await interactiveSession();
    await run(`cat <<'EOF' > pt.yaml
apiVersion: v1
kind: PodTemplate
metadata:
  name: tmpl
template:
  metadata:
    labels:
      app: web
      tier: fe
  spec:
    containers:
    - name: web
      image: nginx
    - name: side
      image: busybox
EOF`);
    expect((await run('kubectl apply -f pt.yaml')).out).toBe('podtemplate/tmpl created\n');
    expect((await run('kubectl get podtemplates')).out).toBe('NAME   CONTAINERS   IMAGES          POD LABELS\ntmpl   web,side     nginx,busybox   app=web,tier=fe\n');
    expect((await run("kubectl get podtemplate tmpl -o jsonpath='{.metadata.generation} {.template.spec.restartPolicy}'")).out).toBe('1 Always');
    await run("kubectl patch podtemplate tmpl --type=merge -p '{\"template\":{\"metadata\":{\"labels\":{\"tier\":\"be\"}}}}'");
    expect((await run("kubectl get podtemplate tmpl -o jsonpath='{.metadata.generation}'")).out).toBe('2');
    expect((await run("kubectl api-resources --api-group=''")).out).toContain(
      'podtemplates                          v1           true         PodTemplate\nreplicationcontrollers   rc           v1           true         ReplicationController\n',
    );
  });
});
