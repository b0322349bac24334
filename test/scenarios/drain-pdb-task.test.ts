/**
 * The kubernetes.io tasks "Specifying a Disruption Budget for your Application" (tasks/run-application/configure-pdb)
 * and "Safely Drain a Node" (tasks/administer-cluster/safely-drain-node), step by step.
 * Expectations: the pages' outputs; kubectl v1.35's pkg/drain (filters.go's texts, evictPods' retry and timeout
 * messages, waitForDelete's context error) and cmd/drain; EvictionREST (pkg/registry/core/pod/storage/eviction.go:
 * a bare Success Status, the 429 with its DisruptionBudget cause, the name check); the disruption controller's status.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession, WARNING } from '../../engine/shell/interactive-test-helpers.js';

const ZOOKEEPER = `kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: zk
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: zookeeper
  template:
    metadata:
      labels:
        app.kubernetes.io/name: zookeeper
    spec:
      containers:
      - name: zk
        image: nginx
EOF`;
const MIN_AVAILABLE = 'https://k8s.io/examples/policy/zookeeper-pod-disruption-budget-minavailable.yaml';
const MAX_UNAVAILABLE = 'https://k8s.io/examples/policy/zookeeper-pod-disruption-budget-maxunavailable.yaml';
const PDB_HEADER = 'NAME     MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE';
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

type Run = Awaited<ReturnType<typeof interactiveSession>>['run'];

/** Pod name → node of the zookeeper pods. */
async function zookeeperPods(run: Run): Promise<Map<string, string>> {
  const out = (await run(`kubectl get pods -l app.kubernetes.io/name=zookeeper -o jsonpath='{range .items[*]}{.metadata.name} {.spec.nodeName}{"\\n"}{end}'`)).out;
  return new Map(out.trim().split('\n').map((l) => l.split(' ') as [string, string]));
}

/** Three zookeeper pods Ready under zk-pdb (minAvailable 2). */
async function protectedZookeeper() {
  const session = await interactiveSession([], 1);
  const { run } = session;
  await run(ZOOKEEPER);
  await run(`kubectl apply -f ${MIN_AVAILABLE}`);
  await run('sleep 30');
  return session;
}

describe('Specifying a Disruption Budget for your Application', () => {
  it('creates zk-pdb from the example, counts the pods it selects, and reports its status', async () => {
    const { run } = await interactiveSession();
    expect((await run(`kubectl apply -f ${MIN_AVAILABLE}`)).out).toBe('poddisruptionbudget.policy/zk-pdb created\n');
    // No matching pods yet.
    await run('sleep 7');
    expect((await run('kubectl get poddisruptionbudgets')).out).toBe(`${PDB_HEADER}\nzk-pdb   2               N/A               0                     7s\n`);

    await run(ZOOKEEPER);
    await run('kubectl wait --for=condition=Available deployment/zk --timeout=120s');
    await run('sleep 1');
    const table = (await run('kubectl get poddisruptionbudgets')).out.split('\n');
    expect(table[0]).toBe(PDB_HEADER);
    expect(table[1].split(/\s+/).slice(0, 4)).toEqual(['zk-pdb', '2', 'N/A', '1']);

    const yaml = (await run('kubectl get poddisruptionbudgets zk-pdb -o yaml')).out;
    expect(yaml).toMatch(/^apiVersion: policy\/v1\nkind: PodDisruptionBudget\nmetadata:\n {2}annotations:\n/);
    expect(yaml).toContain('  generation: 1\n  name: zk-pdb\n');
    expect(yaml.slice(yaml.indexOf('\nstatus:\n'))).toMatch(new RegExp([
      '', 'status:', '  conditions:',
      '  - lastTransitionTime: "[-0-9T:]+Z"', '    message: ""', '    observedGeneration: 1', '    reason: SufficientPods', '    status: "True"', '    type: DisruptionAllowed',
      '  currentHealthy: 3', '  desiredHealthy: 2', '  disruptionsAllowed: 1', '  expectedPods: 3', '  observedGeneration: 1', '',
    ].join('\\n') + '$'));

    // The maxUnavailable example over it: apply's three-way merge drops minAvailable; the same meaning for 3 pods.
    expect((await run(`kubectl apply -f ${MAX_UNAVAILABLE}`)).out).toBe('poddisruptionbudget.policy/zk-pdb configured\n');
    await run('sleep 1');
    expect((await run('kubectl get pdb zk-pdb --no-headers')).out.split(/\s+/).slice(0, 4)).toEqual(['zk-pdb', 'N/A', '1', '1']);
    expect((await run(`kubectl get pdb zk-pdb -o jsonpath='{.metadata.generation} {.status.observedGeneration} {.status.desiredHealthy} {.status.disruptionsAllowed}'`)).out).toBe('2 2 2 1');

    // unhealthyPodEvictionPolicy: the two supported values, nothing else.
    expect((await run(`kubectl patch pdb zk-pdb --type=merge -p '{"spec":{"unhealthyPodEvictionPolicy":"AlwaysAllow"}}'`)).out).toBe('poddisruptionbudget.policy/zk-pdb patched\n');
    expect((await run(`kubectl get pdb zk-pdb -o jsonpath='{.spec.unhealthyPodEvictionPolicy}'`)).out).toBe('AlwaysAllow');
    expect((await run(`kubectl patch pdb zk-pdb --type=merge -p '{"spec":{"unhealthyPodEvictionPolicy":"Never"}}'`)).out)
      .toBe('The PodDisruptionBudget "zk-pdb" is invalid: spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"\n');

    // When the pods are gone the budget has nothing to count: InsufficientPods.
    await run('kubectl scale deployment zk --replicas=0');
    await run('sleep 40');
    const empty = (await run('kubectl get pdb zk-pdb -o yaml')).out;
    expect(empty).toContain('    reason: InsufficientPods\n    status: "False"\n    type: DisruptionAllowed\n  currentHealthy: 0\n  desiredHealthy: 0\n  disruptionsAllowed: 0\n  expectedPods: 0\n');
  });
  it('unhealthyPodEvictionPolicy: IfHealthyBudget (the default) keeps an unready pod while the budget is short, AlwaysAllow lets it go', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run z1 --image=nginx --labels=app=z');
    await run('kubectl run z2 --image=nginx --labels=app=z');
    await run(`kubectl run sick --image=nginx --labels=app=z --overrides='{"spec":{"containers":[{"name":"sick","image":"nginx","readinessProbe":{"exec":{"command":["false"]}}}]}}'`);
    await run('kubectl create pdb z --selector=app=z --min-available=3');
    await run('sleep 30');
    await run('kubectl proxy &');
    await run('sleep 1');
    const evictSick = async () => JSON.parse((await run(`curl -s -H 'Content-type: application/json' http://127.0.0.1:8001/api/v1/namespaces/default/pods/sick/eviction -d '{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"sick"}}'`)).out);
    expect((await evictSick()).details).toEqual({ causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget z needs 3 healthy pods and has 2 currently' }] });
    await run(`kubectl patch pdb z --type=merge -p '{"spec":{"unhealthyPodEvictionPolicy":"AlwaysAllow"}}'`);
    await run('sleep 1');
    expect(await evictSick()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    // A Ready pod still needs an allowed disruption.
    const ready = JSON.parse((await run(`curl -s -H 'Content-type: application/json' http://127.0.0.1:8001/api/v1/namespaces/default/pods/z1/eviction -d '{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"z1"}}'`)).out);
    expect([ready.code, ready.reason]).toEqual([429, 'TooManyRequests']);
  });
});

describe('Safely Drain a Node', () => {
  it('kubectl drain --ignore-daemonsets cordons, evicts, retries what the budget forbids every 5 s, and drains; uncordon undoes the cordon', async () => {
    const { run } = await protectedZookeeper();
    const pods = await zookeeperPods(run);
    const byNode = new Map<string, string[]>();
    for (const [pod, node] of pods) byNode.set(node, [...(byNode.get(node) ?? []), pod].sort());
    // The node with two of the three: the budget lets only one go until its replacement is Ready.
    const [node, two] = [...byNode].find(([, list]) => list.length === 2)!;
    const proxyPod = (await run(`kubectl get pods -n kube-system -l k8s-app=kube-proxy --field-selector spec.nodeName=${node} -o jsonpath='{.items[0].metadata.name}'`)).out;

    const drain = await run(`kubectl drain --ignore-daemonsets ${node}`);
    expect(drain.status).toBe(0);
    const lines = drain.out.split('\n').slice(0, -1);
    expect(lines[0]).toBe(`node/${node} cordoned`);
    expect(lines[1]).toBe(`${WARNING} ignoring DaemonSet-managed Pods: kube-system/${proxyPod}`);
    expect(lines.at(-1)).toBe(`node/${node} drained`);
    // Each pod is evicted once in the end; the refused one is announced at every attempt, 5 s apart.
    const retries = lines.filter((l) => l.startsWith('error when evicting'));
    expect(retries.length).toBeGreaterThan(0);
    const refused = /pods\/"(\S+)"/.exec(retries[0])![1];
    expect(two).toContain(refused);
    expect(retries).toEqual(retries.map(() => `error when evicting pods/"${refused}" -n "default" (will retry after 5s): ${VIOLATION}`));
    expect(lines.filter((l) => l === `evicting pod default/${refused}`)).toHaveLength(retries.length + 1);
    for (const p of two) expect(lines.filter((l) => l === `pod/${p} evicted`)).toHaveLength(1);
    const first = two.find((p) => p !== refused)!;
    expect(lines.indexOf(`evicting pod default/${first}`)).toBeLessThan(lines.indexOf(retries[0]));
    expect(lines.indexOf(`pod/${first} evicted`)).toBeLessThan(lines.indexOf(`pod/${refused} evicted`));
    // Nothing of the budget's pods is left on the node; the node takes no new pods.
    expect([...(await zookeeperPods(run)).values()]).not.toContain(node);
    const nodes = (await run('kubectl get nodes')).out;
    expect(nodes).toMatch(new RegExp(`\\n${node} +Ready,SchedulingDisabled +<none> `));

    expect((await run(`kubectl uncordon ${node}`)).out).toBe(`node/${node} uncordoned\n`);
    expect((await run('kubectl get nodes')).out).toMatch(new RegExp(`\\n${node} +Ready +<none> `));
    expect((await run(`kubectl uncordon ${node}`)).out).toBe(`node/${node} already uncordoned\n`);
  });

  it('the Eviction API through kubectl proxy: 201 with a Success Status, 429 with the budget\'s cause, 400 for a name that is not the URL\'s', async () => {
    const { run } = await protectedZookeeper();
    const [p1, p2] = [...(await zookeeperPods(run)).keys()];
    await run('kubectl proxy &');
    await run('sleep 1');
    const evict = async (pod: string, name = pod) => {
      await run(`echo '{"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "${name}", "namespace": "default"}}' > eviction.json`);
      return (await run(`curl -v -H 'Content-type: application/json' http://127.0.0.1:8001/api/v1/namespaces/default/pods/${pod}/eviction -d @eviction.json`)).out;
    };
    const body = (out: string) => JSON.parse(out.slice(out.indexOf('\n{') + 1, out.lastIndexOf('}') + 1));

    const granted = await evict(p1);
    expect(granted).toContain('< HTTP/1.1 201 Created\n');
    expect(body(granted)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    // The pod is on its way out with the DisruptionTarget condition the eviction added.
    expect((await run(`kubectl get pod ${p1} -o jsonpath='{.status.conditions[?(@.type=="DisruptionTarget")].reason}'`)).out).toBe('EvictionByEvictionAPI');

    const refused = await evict(p2);
    expect(refused).toContain('< HTTP/1.1 429 Too Many Requests\n');
    expect(body(refused)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: VIOLATION, reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget zk-pdb needs 2 healthy pods and has 2 currently' }] },
      code: 429,
    });
    expect((await run(`kubectl get pod ${p2} -o jsonpath='{.metadata.deletionTimestamp}'`)).out).toBe('');

    const misnamed = await evict(p2, 'quux');
    expect(misnamed).toContain('< HTTP/1.1 400 Bad Request\n');
    expect(body(misnamed)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'name in URL does not match name in Eviction object', reason: 'BadRequest', code: 400 });

    // Once the replacement is Ready the budget allows one disruption again.
    await run('sleep 30');
    expect(body(await evict(p2)).status).toBe('Success');
  });

  it('refuses bare pods and emptyDir pods without --force and --delete-emptydir-data, gives up at --timeout, and --disable-eviction deletes past the budget', async () => {
    const { run } = await protectedZookeeper();
    await run('kubectl create deployment cache --image=nginx');
    await run(`kubectl patch deployment cache --type=json -p '[{"op":"add","path":"/spec/template/spec/volumes","value":[{"name":"tmp","emptyDir":{}}]}]'`);
    // A bare pod that ignores SIGTERM (sleep as PID 1) takes its whole 30 s grace period to go.
    await run('kubectl run slow --image=busybox --restart=Never --overrides=\'{"spec":{"nodeName":"worker-1"}}\' -- sleep 3600');
    await run('kubectl run bare --image=nginx --restart=Never --overrides=\'{"spec":{"nodeName":"worker-2"}}\'');
    await run('sleep 20');
    const cacheNode = (await run(`kubectl get pods -l app=cache -o jsonpath='{.items[0].spec.nodeName}'`)).out;
    const cachePod = (await run(`kubectl get pods -l app=cache -o jsonpath='{.items[0].metadata.name}'`)).out;
    const other = cacheNode === 'worker-1' ? 'worker-2' : 'worker-1';
    const bareOnCacheNode = cacheNode === 'worker-1' ? 'slow' : 'bare';

    // filters.go: each refusal with its pods, in one aggregate; nothing is evicted, the node stays cordoned.
    const refused = await run(`kubectl drain --ignore-daemonsets ${cacheNode}`);
    expect(refused.status).toBe(1);
    const unmanaged = `cannot delete cannot delete Pods that declare no controller (use --force to override): default/${bareOnCacheNode}`;
    const local = `cannot delete Pods with local storage (use --delete-emptydir-data to override): default/${cachePod}`;
    const errs = refused.out.split('\n');
    expect(errs[0]).toBe(`node/${cacheNode} cordoned`);
    expect(errs[1]).toMatch(new RegExp(`^error: unable to drain node "${cacheNode}" due to error: \\[.*\\], continuing command\\.\\.\\.$`));
    for (const e of [unmanaged, local]) expect(errs[1]).toContain(e);
    expect(errs.slice(2, 4)).toEqual(['There are pending nodes to be drained:', ` ${cacheNode}`]);
    expect(errs.slice(4, 6).sort()).toEqual([unmanaged, local].sort());
    expect(refused.out).not.toContain('evicting pod');
    expect((await run(`kubectl get pod ${cachePod} -o jsonpath='{.spec.nodeName}'`)).out).toBe(cacheNode);
    await run(`kubectl uncordon ${cacheNode}`);

    // worker-1 with --force: "slow" outlasts --timeout=10s (waitForDelete ends with the context's error).
    const timedOut = await run('kubectl drain --ignore-daemonsets --delete-emptydir-data --force --timeout=10s worker-1');
    expect(timedOut.status).toBe(1);
    expect(timedOut.out).toContain(`${WARNING} deleting Pods that declare no controller: default/slow`);
    expect(timedOut.out).toContain('evicting pod default/slow\n');
    const waitErr = 'error when waiting for pod "slow" in namespace "default" to terminate: context deadline exceeded';
    expect(timedOut.out).toContain(`There are pending pods in node "worker-1" when an error occurred: ${waitErr}\npod/slow\n`);
    expect(timedOut.out).toContain(`error: unable to drain node "worker-1" due to error: ${waitErr}, continuing command...\nThere are pending nodes to be drained:\n worker-1\n${waitErr}\n`);
    await run('kubectl uncordon worker-1');
    await run('sleep 40');

    // --disable-eviction: plain deletes, which no budget checks: every zookeeper pod on the node goes at once.
    const zkOnOther = [...(await zookeeperPods(run))].filter(([, n]) => n === other).map(([p]) => p);
    const deleted = await run(`kubectl drain --ignore-daemonsets --delete-emptydir-data --force --disable-eviction ${other}`);
    expect(deleted.status).toBe(0);
    expect(deleted.out).not.toContain('evicting pod');
    expect(deleted.out).not.toContain(VIOLATION);
    for (const p of zkOnOther) expect(deleted.out).toContain(`pod/${p} deleted\n`);
    expect(deleted.out.endsWith(`node/${other} drained\n`)).toBe(true);
  });

  it('--disable-eviction --timeout: deletePods\' one wait ends with the bare context error, which kubectl prints as error: …', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run slow --image=busybox --restart=Never --overrides=\'{"spec":{"nodeName":"worker-1"}}\' -- sleep 3600');
    await run('sleep 15');
    const r = await run('kubectl drain --force --disable-eviction --timeout=5s --pod-selector=run=slow worker-1');
    expect(r.status).toBe(1);
    expect(r.out).toBe([
      'node/worker-1 cordoned',
      `${WARNING} deleting Pods that declare no controller: default/slow`,
      'There are pending pods in node "worker-1" when an error occurred: context deadline exceeded',
      'pod/slow',
      'error: unable to drain node "worker-1" due to error: context deadline exceeded, continuing command...',
      'There are pending nodes to be drained:',
      ' worker-1',
      'error: context deadline exceeded',
      '',
    ].join('\n'));
  });
});
