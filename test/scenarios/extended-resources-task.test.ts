/**
 * The kubernetes.io tasks "Advertise Extended Resources for a Node" (tasks/administer-cluster/extended-resource-node)
 * and "Assign Extended Resources to a Container" (tasks/configure-pod-container/extended-resource), step by step.
 * Expectations: the pages' outputs; the kubelet's MachineInfo setter (pkg/kubelet/nodestatus/setters.go: capacity
 * it does not own is kept, allocatable copies capacity and drops extended resources gone from it);
 * ValidateNodeResources and validateResourceRequirements (pkg/apis/core/validation/validation.go, release-1.35:
 * node resource names are not checked, values are; a container's extended resource needs a limit, equal to its
 * request, in whole units); the scheduler's FitError and DefaultPreemption texts; EvictionREST's Status bodies.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const PATCH = (ops: string, node = 'worker-1') =>
  `curl --header "Content-Type: application/json-patch+json" --request PATCH --data '${ops}' http://localhost:8001/api/v1/nodes/${node}/status`;
const ADD_DONGLES = PATCH('[{"op": "add", "path": "/status/capacity/example.com~1dongle", "value": "4"}]');
const REMOVE_DONGLES = PATCH('[{"op": "remove", "path": "/status/capacity/example.com~1dongle"}]');

/** The lines of a `kubectl describe node` section ("Capacity:", "Allocatable:") up to the next heading. */
function section(describe: string, heading: string): string[] {
  const lines = describe.split('\n');
  const start = lines.indexOf(heading);
  expect(start).toBeGreaterThan(-1);
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith(' ')) break;
    out.push(l);
  }
  return out;
}

async function advertised() {
  const session = await interactiveSession();
  const { run } = session;
  await run('kubectl proxy &');
  await run('sleep 1');
  const answer = await run(ADD_DONGLES);
  return { ...session, answer };
}

describe('Advertise Extended Resources for a Node', () => {
  it('PATCHes four dongles into the node\'s capacity; the kubelet\'s next status sync makes them allocatable', async () => {
    const { run, answer } = await advertised();
    // The API server answers with the whole Node as JSON, pretty-printed for curl: its capacity has the dongles.
    const node = JSON.parse(answer.out);
    expect(node.kind).toBe('Node');
    expect(node.status.capacity).toMatchObject({ cpu: '2', 'example.com/dongle': '4' });
    expect(answer.out).toContain('\n    "capacity": {\n      "cpu": "2",\n');
    expect(answer.out).toContain('\n      "example.com/dongle": "4",\n');
    // curl is the field manager of that status write.
    expect(node.metadata.managedFields).toContainEqual(expect.objectContaining({ manager: 'curl', operation: 'Update', subresource: 'status' }));
    // Nothing has copied it to allocatable yet.
    expect(node.status.allocatable['example.com/dongle']).toBeUndefined();

    const describe1 = (await run('kubectl describe node worker-1')).out;
    expect(section(describe1, 'Capacity:')).toContain('  example.com/dongle:  4');

    // The kubelet posts its status every 10 s: it keeps the dongles and copies them to allocatable.
    await run('sleep 10');
    const describe2 = (await run('kubectl describe node worker-1')).out;
    expect(section(describe2, 'Capacity:')).toEqual([
      '  cpu:                 2',
      '  ephemeral-storage:   61202244Ki',
      '  example.com/dongle:  4',
      '  hugepages-1Gi:       0',
      '  hugepages-2Mi:       0',
      '  memory:              4025836Ki',
      '  pods:                110',
    ]);
    expect(section(describe2, 'Allocatable:')).toContain('  example.com/dongle:  4');
    expect((await run(`kubectl get node worker-1 -o jsonpath='{.status.capacity.example\\.com/dongle} {.status.allocatable.example\\.com/dongle}'`)).out).toBe('4 4');
    // Still there after more syncs, and only on that node.
    await run('sleep 30');
    expect((await run(`kubectl get node worker-1 -o jsonpath='{.status.allocatable.example\\.com/dongle}'`)).out).toBe('4');
    expect((await run('kubectl describe node worker-2')).out).not.toContain('dongle');

    // Clean up: the remove leaves capacity at once; allocatable follows at the kubelet's next sync.
    const removed = JSON.parse((await run(REMOVE_DONGLES)).out);
    expect(removed.status.capacity['example.com/dongle']).toBeUndefined();
    await run('sleep 10');
    const grep = await run('kubectl describe node worker-1 | grep dongle');
    expect(grep.out).toBe('');
    expect(grep.status).toBe(1);
  });

  it('refuses a negative or fractional count of an extended resource with ValidateNodeResources\' errors, and stores nothing', async () => {
    const { run } = await advertised();
    const before = (await run(`kubectl get node worker-1 -o jsonpath='{.metadata.resourceVersion}'`)).out;
    const fractional = await run(PATCH('[{"op": "add", "path": "/status/capacity/example.com~1gadget", "value": "1.5"}]'));
    expect(JSON.parse(fractional.out)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Node "worker-1" is invalid: status.capacity.example.com/gadget: Invalid value: "1500m": must be an integer',
      reason: 'Invalid',
      details: { name: 'worker-1', kind: 'Node', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "1500m": must be an integer', field: 'status.capacity.example.com/gadget' }] },
      code: 422,
    });
    const negative = JSON.parse((await run(PATCH('[{"op": "add", "path": "/status/capacity/example.com~1gadget", "value": "-1"}]'))).out);
    expect(negative.message).toBe('Node "worker-1" is invalid: status.capacity.example.com/gadget: Invalid value: "-1": must be greater than or equal to 0');
    expect((await run(`kubectl get node worker-1 -o jsonpath='{.metadata.resourceVersion}'`)).out).toBe(before);
    expect((await run(`kubectl get node worker-1 -o jsonpath='{.status.capacity}'`)).out).not.toContain('gadget');
  });

  it('takes a name that is no valid extended resource name: a node\'s resource names are not validated, only a container\'s', async () => {
    const { run } = await advertised();
    const odd = JSON.parse((await run(PATCH('[{"op": "add", "path": "/status/capacity/example.com~1dong$le", "value": "1.5"}]'))).out);
    // Not an extended resource name, so not an integer resource either: 1.5 is kept as 1500m.
    expect(odd.status.capacity['example.com/dong$le']).toBe('1500m');
    await run('sleep 10');
    expect(section((await run('kubectl describe node worker-1')).out, 'Allocatable:')).toContain('  example.com/dong$le:  1500m');
  });
});

describe('Assign Extended Resources to a Container', () => {
  it('runs the pod that asks for 3 of the 4 dongles and leaves the one that asks for 2 more Pending with FailedScheduling', async () => {
    const { run } = await advertised();
    await run('sleep 10');
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/resource/extended-resource-pod.yaml')).out).toBe('pod/extended-resource-demo created\n');
    await run('kubectl wait --for=condition=Ready pod/extended-resource-demo --timeout=120s');
    const first = (await run('kubectl get pod extended-resource-demo')).out.split('\n');
    expect(first[0].split(/\s+/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(first[1].split(/\s+/).slice(0, 4)).toEqual(['extended-resource-demo', '1/1', 'Running', '0']);
    // Only worker-1 has dongles.
    expect((await run(`kubectl get pod extended-resource-demo -o jsonpath='{.spec.nodeName}'`)).out).toBe('worker-1');

    const describe = (await run('kubectl describe pod extended-resource-demo')).out;
    expect(describe).toContain('    Limits:\n      example.com/dongle:  3\n    Requests:\n      example.com/dongle:  3\n');
    // Extended resources do not count for the QoS class: cpu and memory only.
    expect(describe).toContain('QoS Class:                   BestEffort\n');
    // The node's allocated resources list the extended one without a percentage.
    expect((await run('kubectl describe node worker-1')).out).toMatch(/\n {2}example\.com\/dongle {2}3 {10}3\n/);

    expect((await run('kubectl apply -f https://k8s.io/examples/pods/resource/extended-resource-pod-2.yaml')).out).toBe('pod/extended-resource-demo-2 created\n');
    await run('sleep 5');
    const pending = (await run('kubectl describe pod extended-resource-demo-2')).out;
    expect(pending).toContain('Conditions:\n  Type           Status\n  PodScheduled   False \n');
    // v1.35's FitError: the filters' reasons by count, then the post-filters' (DynamicResources, DefaultPreemption):
    // worker-1 has 1 dongle left and a pod of the same priority (no victim), worker-2 none at all, the control
    // plane a taint.
    const event = pending.split('\n').find((l) => l.includes('FailedScheduling'))!;
    expect(event.trim().split(/\s{2,}/)).toEqual([
      'Warning', 'FailedScheduling', expect.stringMatching(/^\d+s$/), 'default-scheduler',
      '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient example.com/dongle. no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    ]);
    const second = (await run('kubectl get pod extended-resource-demo-2')).out.split('\n')[1].split(/\s+/);
    expect(second.slice(0, 4)).toEqual(['extended-resource-demo-2', '0/1', 'Pending', '0']);

    // Clean up; with the first pod gone the second fits.
    expect((await run('kubectl delete pod extended-resource-demo')).out).toBe('pod "extended-resource-demo" deleted from default namespace\n');
    await run('kubectl wait --for=condition=Ready pod/extended-resource-demo-2 --timeout=120s');
    expect((await run(`kubectl get pod extended-resource-demo-2 -o jsonpath='{.spec.nodeName}'`)).out).toBe('worker-1');
    expect((await run('kubectl delete pod extended-resource-demo-2')).out).toBe('pod "extended-resource-demo-2" deleted from default namespace\n');
  });

  it('rejects extended resources that are overcommitted, fractional or badly named with validateResourceRequirements\' errors', async () => {
    const { run, client } = await interactiveSession();
    const pod = (name: string, resources: object) =>
      `kubectl run ${name} --image=nginx --overrides='${JSON.stringify({ spec: { containers: [{ name, image: 'nginx', resources }] } })}'`;
    expect((await run(pod('no-limit', { requests: { 'example.com/dongle': '1' } }))).out)
      .toBe('The Pod "no-limit" is invalid: spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources\n');
    expect((await run(pod('unequal', { requests: { 'example.com/dongle': '1' }, limits: { 'example.com/dongle': '2' } }))).out)
      .toBe('The Pod "unequal" is invalid: spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/dongle limit of 2\n');
    // A limit alone defaults the request to it: both are whole-unit checked.
    expect((await run(pod('fraction', { limits: { 'example.com/dongle': '1.5' } }))).out).toBe([
      'The Pod "fraction" is invalid: ',
      '* spec.containers[0].resources.limits[example.com/dongle]: Invalid value: "1500m": must be an integer',
      '* spec.containers[0].resources.requests[example.com/dongle]: Invalid value: "1500m": must be an integer',
      '',
    ].join('\n'));
    const qualified = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    expect((await run(pod('badname', { limits: { 'example.com/dong$le': '1' } }))).out).toBe([
      'The Pod "badname" is invalid: ',
      `* spec.containers[0].resources.limits[example.com/dong$le]: Invalid value: "example.com/dong$le": ${qualified}`,
      '* spec.containers[0].resources.limits[example.com/dong$le]: Invalid value: "example.com/dong$le": doesn\'t follow extended resource name standard',
      `* spec.containers[0].resources.requests[example.com/dong$le]: Invalid value: "example.com/dong$le": ${qualified}`,
      '* spec.containers[0].resources.requests[example.com/dong$le]: Invalid value: "example.com/dong$le": doesn\'t follow extended resource name standard',
      '',
    ].join('\n'));
    // An unqualified name fails both validateResourceName and the container's own check.
    expect((await run(pod('dongle', { limits: { dongle: '1' } }))).out).toBe([
      'The Pod "dongle" is invalid: ',
      '* spec.containers[0].resources.limits[dongle]: Invalid value: "dongle": must be a standard resource type or fully qualified',
      '* spec.containers[0].resources.limits[dongle]: Invalid value: "dongle": must be a standard resource for containers',
      '* spec.containers[0].resources.requests[dongle]: Invalid value: "dongle": must be a standard resource type or fully qualified',
      '* spec.containers[0].resources.requests[dongle]: Invalid value: "dongle": must be a standard resource for containers',
      '',
    ].join('\n'));
    expect(client.list('pods', 'default').items).toEqual([]);
  });
});
