/**
 * A pod's ResourceClaims on a v1.35 kubeadm cluster without DRA drivers, as kube-scheduler's DynamicResources plugin
 * and kube-controller-manager's resource claim controller (pkg/controller/resourceclaim) handle them:
 *  - a pod whose claim does not exist yet waits at the plugin's PreEnqueue: no scheduling attempt, so no PodScheduled
 *    condition and no event, until the claim is created (a ResourceClaim Add event with the plugin's hint);
 *  - a claim from a ResourceClaimTemplate is made by the controller (`<pod>-<claim>-xxxxx`, owned by the pod, with the
 *    resource.kubernetes.io/pod-claim-name annotation and the template's labels) and recorded in the pod's
 *    status.resourceClaimStatuses by a server-side apply of "ResourceClaimController"; a missing template gives the
 *    controller's FailedResourceClaimCreation event (source resource_claim), retried with the work queue's back-off;
 *  - a DeviceClass created later wakes the pod at once (DeviceClass Add is registered), not at the 5-minute flush.
 * Texts from release-1.35's dynamic-resource-allocation/resourceclaim (Name, IsForPod) and the controller's
 * handleClaim/syncPod; lister NotFound errors name the resource in the singular.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';
import { generateNameFor } from '../../engine/controllers/resourceclaim/resourceclaim.js';

const file = (name: string, text: string) => `cat > ${name} <<'EOF'\n${text}EOF`;

const claim = file('claim.yaml', 'apiVersion: resource.k8s.io/v1\nkind: ResourceClaim\nmetadata:\n  name: single-gpu\nspec:\n  devices:\n    requests:\n    - name: gpu\n      exactly:\n        deviceClassName: gpu.example.com\n');
const deviceClass = file('class.yaml', 'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata:\n  name: gpu.example.com\nspec:\n  selectors:\n  - cel:\n      expression: device.driver == "gpu.example.com"\n');
const template = file('template.yaml', 'apiVersion: resource.k8s.io/v1\nkind: ResourceClaimTemplate\nmetadata:\n  name: gpu-template\nspec:\n  metadata:\n    labels:\n      team: ml\n  spec:\n    devices:\n      requests:\n      - name: gpu\n        exactly:\n          deviceClassName: gpu.example.com\n');
const pod = (name: string, claimRef: string) => file(`${name}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n    resources:\n      claims:\n      - name: gpu\n  resourceClaims:\n  - name: gpu\n    ${claimRef}\n`);

const UNSCHEDULABLE_NO_CLASS = '0/3 nodes are available: request gpu: device class gpu.example.com does not exist. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
const UNSCHEDULABLE_NO_DEVICE = '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 cannot allocate all claims. still not schedulable, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

describe('DRA: a pod waits for its ResourceClaims', () => {
  it('a missing claim holds the pod before any scheduling attempt; creating it wakes the pod', async () => {
    const { run } = await interactiveSession();
    await run(pod('gpu-pod', 'resourceClaimName: single-gpu'));
    expect((await run('kubectl create -f gpu-pod.yaml')).out).toBe('pod/gpu-pod created\n');
    await run('sleep 5');
    expect((await run(`kubectl get pod gpu-pod -o jsonpath='{.status.phase}|{.status.conditions}'`)).out).toBe('Pending|');
    expect((await run('kubectl describe pod gpu-pod')).out).toMatch(/\nEvents:\s+<none>\n$/);

    await run(claim);
    await run('kubectl create -f claim.yaml');
    await run('sleep 1');
    expect((await run(`kubectl get pod gpu-pod -o jsonpath='{.status.conditions[0].message}'`)).out).toBe(UNSCHEDULABLE_NO_CLASS);

    // DeviceClass Add is one of the plugin's events: the pod is tried again after its back-off, not after 5 minutes.
    await run(deviceClass);
    await run('kubectl create -f class.yaml');
    await run('sleep 2');
    expect((await run(`kubectl get pod gpu-pod -o jsonpath='{.status.conditions[0].message}'`)).out).toBe(UNSCHEDULABLE_NO_DEVICE);
  });

  it('a template\'s claim is made by kube-controller-manager and recorded in the pod\'s status', async () => {
    const { run } = await interactiveSession();
    await run(pod('pod0', 'resourceClaimTemplateName: gpu-template'));
    await run('kubectl create -f pod0.yaml');
    await run('sleep 3');
    expect((await run('kubectl get pod pod0')).out).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\npod0\s+0\/1\s+Pending\s+0\s+3s\n$/);
    const events = (await run(`kubectl get events --field-selector involvedObject.name=pod0 -o jsonpath='{range .items[*]}{.type} {.reason} {.source.component} {.count}: {.message}{"\\n"}{end}'`)).out;
    const line = events.trim().split('\n');
    expect(line).toHaveLength(1);
    expect(line[0]).toMatch(/^Warning FailedResourceClaimCreation resource_claim (\d+): PodResourceClaim gpu: resource claim template "gpu-template": resourceclaimtemplate\.resource\.k8s\.io "gpu-template" not found$/);
    // The work queue's back-off (5 ms doubling): ten tries in the first 2.6 s, the next at 5.1 s.
    expect(Number(/ (\d+): /.exec(line[0])![1])).toBe(10);
    expect((await run('kubectl get resourceclaims')).out).toBe('No resources found in default namespace.\n');

    await run(template);
    await run('kubectl create -f template.yaml');
    await run('sleep 3');
    const claims = (await run(`kubectl get resourceclaims -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.labels.team} {.metadata.annotations} {.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.ownerReferences[0].controller} {.metadata.ownerReferences[0].blockOwnerDeletion}{"\\n"}{end}'`)).out;
    expect(claims).toMatch(/^pod0-gpu-[a-z0-9]{5} ml \{"resource.kubernetes.io\/pod-claim-name":"gpu"\} Pod\/pod0 true true\n$/);
    const name = claims.split(' ')[0];
    expect((await run(`kubectl get pod pod0 -o jsonpath='{.status.resourceClaimStatuses}'`)).out).toBe(`[{"name":"gpu","resourceClaimName":"${name}"}]`);
    expect((await run(`kubectl get pod pod0 --show-managed-fields -o jsonpath='{range .metadata.managedFields[*]}{.manager} {.operation} {.subresource}{"\\n"}{end}'`)).out)
      .toContain('ResourceClaimController Apply status\n');
    expect((await run(`kubectl get pod pod0 -o jsonpath='{.status.conditions[0].message}'`)).out).toBe(UNSCHEDULABLE_NO_CLASS);

    // The claim belongs to the pod: the garbage collector deletes it with the pod.
    await run('kubectl delete pod pod0 --wait=false');
    await run('sleep 2');
    expect((await run('kubectl get resourceclaims')).out).toBe('No resources found in default namespace.\n');
  });

  it('a restarted scheduler watches the claims again', async () => {
    const { run } = await interactiveSession();
    await run(pod('gpu-pod', 'resourceClaimName: single-gpu'));
    await run('kubectl create -f gpu-pod.yaml');
    await run('sleep 2');
    await run('sim component stop kube-scheduler');
    await run('sleep 2');
    await run('sim component start kube-scheduler');
    await run('sleep 5');
    expect((await run(`kubectl get pod gpu-pod -o jsonpath='{.status.conditions}'`)).out).toBe('');
    await run(claim);
    await run('kubectl create -f claim.yaml');
    await run('sleep 1');
    expect((await run(`kubectl get pod gpu-pod -o jsonpath='{.status.conditions[0].message}'`)).out).toBe(UNSCHEDULABLE_NO_CLASS);
  });

  it('gives each pod of a Deployment its own claim, once', async () => {
    const { run } = await interactiveSession();
    await run(template);
    await run('kubectl create -f template.yaml');
    await run(file('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gpu\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: gpu\n  template:\n    metadata:\n      labels:\n        app: gpu\n    spec:\n      containers:\n      - name: c\n        image: busybox:1.36\n        command: ["sleep", "3600"]\n        resources:\n          claims:\n          - name: gpu\n      resourceClaims:\n      - name: gpu\n        resourceClaimTemplateName: gpu-template\n'));
    await run('kubectl create -f deploy.yaml');
    await run('sleep 3');
    const owners = (await run(`kubectl get resourceclaims -o jsonpath='{range .items[*]}{.metadata.ownerReferences[0].name}{"\\n"}{end}'`)).out.trim().split('\n').sort();
    const pods = (await run(`kubectl get pods -l app=gpu -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'`)).out.trim().split('\n').sort();
    expect(pods).toHaveLength(3);
    expect(owners).toEqual(pods);
    expect((await run(`kubectl get pods -l app=gpu -o jsonpath='{.items[*].status.phase}'`)).out).toBe('Pending Pending Pending');
  });

  it('cuts a long base name in proportion, leaving room for the five generated characters', () => {
    expect(generateNameFor('web-0', 'gpu')).toBe('web-0-gpu-');
    const long = generateNameFor('a'.repeat(50), 'b'.repeat(20));
    // 72 characters of base: each part keeps its share of 57.
    expect(long).toBe(`${'a'.repeat(39)}-${'b'.repeat(15)}`);
    expect(long.length + 5).toBeLessThanOrEqual(63);
  });
});
