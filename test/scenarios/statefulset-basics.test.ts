/**
 * kubernetes.io's "StatefulSet Basics" tutorial (content/en/docs/tutorials/stateful-application/basic-stateful-set.md),
 * its commands as the page gives them, the watches it runs in a second terminal run in the background. Expected
 * texts are the page's, with v1.35's where the page is older (quoted at each check):
 * - The page assumes dynamic provisioning and a default StorageClass; "If your cluster is not configured to
 *   provision storage dynamically, you will have to manually provision two 1 GiB volumes". The lab is a kubeadm
 *   cluster with neither, so the claims wait for volumes (the PV controller's FailedBinding, the scheduler's
 *   "pod has unbound immediate PersistentVolumeClaims") until hostPath volumes are made by hand, as the page says.
 *   A hostPath volume is the node's own directory: a pod that comes back on another node finds its index.html gone
 *   and nginx answers 403, the page's own note ("If you instead see 403 Forbidden responses ... hostPath volumes").
 * - `kubectl get pods --watch` prints v1.35's columns; a PersistentVolumeClaim that binds after the pod was made adds
 *   the scheduler's PodScheduled=False update as one more Pending line.
 * - The OnDelete patch fails on a v1.35 server: updateStrategy has no retainKeys, so the defaulted rollingUpdate stays
 *   (kubernetes/website#47038); `"rollingUpdate":null` (the fix that issue settled on) goes through.
 * - web-parallel.yaml after the cascading delete and `kubectl delete service nginx` creates both objects (the page's
 *   "service/nginx updated" / "statefulset.apps/web updated" would need them to exist).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const PV = (i: number) => `printf 'apiVersion: v1\\nkind: PersistentVolume\\nmetadata:\\n  name: pv-web-${i}\\nspec:\\n  capacity:\\n    storage: 1Gi\\n  accessModes: ["ReadWriteOnce"]\\n  hostPath:\\n    path: /mnt/data${i}\\n' | kubectl apply -f -`;
const IMAGES = `for p in 0 1 2; do kubectl get pod "web-$p" --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo; done`;
const IMAGE = (p: number) => `kubectl get pod web-${p} --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'`;
const CURL = `for i in 0 1; do kubectl exec -i -t "web-$i" -- curl http://localhost/; done`;

type Run = (line: string) => Promise<{ out: string; status: number }>;

/** The watch a second terminal runs while `lines` run in this one; its output once it is stopped. */
async function watching(run: Run, watch: string, lines: string[], waitSeconds: number): Promise<string> {
  await run(`${watch} > watch.txt &`);
  for (const l of lines) await run(l);
  await run(`sleep ${waitSeconds}`);
  await run('kill %1');
  return (await run('cat watch.txt')).out;
}

/** Each watch line as [pod, READY, STATUS]. */
function rows(watch: string): [string, string, string][] {
  return watch.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/).slice(0, 3) as [string, string, string]);
}

const firstIndex = (r: [string, string, string][], pod: string, status?: string) => r.findIndex(([p, , s]) => p === pod && (status === undefined || s === status));

describe('StatefulSet Basics (kubernetes.io tutorial)', () => {
  it('creates, names, resolves, scales, updates and deletes the web StatefulSet as the page shows', async () => {
    const { run, screen, cluster } = await interactiveSession([
      'nslookup web-0.nginx',
      'nslookup web-1.nginx',
      'exit',
    ]);

    // Without a provisioner the claim waits for a volume, and the pod for its claim.
    expect((await run('kubectl apply -f https://k8s.io/examples/application/web/web.yaml')).out).toBe('service/nginx created\nstatefulset.apps/web created\n');
    await run('sleep 5');
    expect((await run('kubectl describe pvc www-web-0')).out).toMatch(/Normal {2}FailedBinding {2}\d+s {4}persistentvolume-controller {2}no persistent volumes available for this claim and no storage class is set\n$/);
    expect((await run('kubectl get pod web-0')).out).toMatch(/^NAME {4}READY {3}STATUS {4}RESTARTS {3}AGE\nweb-0 {3}0\/1 {5}Pending {3}0 {10}5s\n$/);
    expect((await run('kubectl get events --field-selector reason=FailedScheduling -o jsonpath={.items[0].message}')).out)
      .toBe('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
    await run('kubectl delete -f https://k8s.io/examples/application/web/web.yaml');
    await run('kubectl delete pvc www-web-0');
    await run('sleep 5');

    // "manually provision two 1 GiB volumes" (five: the page scales to five later).
    for (let i = 0; i < 5; i++) expect((await run(PV(i))).out).toBe(`persistentvolume/pv-web-${i} created\n`);

    // Ordered Pod creation: web-1 is not launched until web-0 is Running and Ready.
    let watch = await watching(run, 'kubectl get pods --watch -l app=nginx', ['kubectl apply -f https://k8s.io/examples/application/web/web.yaml'], 60);
    expect(watch.split('\n')[0]).toBe('NAME    READY   STATUS    RESTARTS   AGE');
    let r = rows(watch);
    expect(r[0]).toEqual(['web-0', '0/1', 'Pending']);
    expect(firstIndex(r, 'web-0', 'ContainerCreating')).toBeGreaterThan(0);
    expect(firstIndex(r, 'web-1')).toBeGreaterThan(firstIndex(r, 'web-0', 'Running'));
    expect(firstIndex(r, 'web-1', 'Running')).toBe(r.length - 1);

    // "NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE / nginx ClusterIP None <none> 80/TCP" and "NAME READY AGE / web 2/2".
    expect((await run('kubectl get service nginx')).out).toMatch(/^NAME {4}TYPE {8}CLUSTER-IP {3}EXTERNAL-IP {3}PORT\(S\) {3}AGE\nnginx {3}ClusterIP {3}None {9}<none> {8}80\/TCP {4}\d+s\n$/);
    expect((await run('kubectl get statefulset web')).out).toMatch(/^NAME {3}READY {3}AGE\nweb {4}2\/2 {5}\d+s\n$/);
    expect((await run('kubectl get pods -l app=nginx')).out).toMatch(/^NAME {4}READY {3}STATUS {4}RESTARTS {3}AGE\nweb-0 {3}1\/1 {5}Running {3}0 {10}\d+s\nweb-1 {3}1\/1 {5}Running {3}0 {10}\d+s\n$/);

    // Stable network identities.
    expect((await run(`for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done`)).out).toBe('web-0\nweb-1\n');
    const ip = async (p: string) => (await run(`kubectl get pod ${p} -o jsonpath={.status.podIP}`)).out;
    const [ip0, ip1] = [await ip('web-0'), await ip('web-1')];
    const before = screen.text.length;
    await run('kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm');
    // busybox 1.28's nslookup, as the page prints it (the page's cluster had its DNS Service at 10.0.0.10).
    const session = screen.text.slice(before);
    for (const [name, addr] of [['web-0.nginx', ip0], ['web-1.nginx', ip1]]) {
      expect(session).toContain(`nslookup ${name}\nServer:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      ${name}\nAddress 1: ${addr}\n`);
    }

    // Deleting the pods: the controller makes them again, with the same names.
    watch = await watching(run, 'kubectl get pod --watch -l app=nginx', ['kubectl delete pod -l app=nginx'], 30);
    r = rows(watch);
    expect(firstIndex(r, 'web-0', 'Terminating')).toBeGreaterThan(1);
    expect(r.slice(firstIndex(r, 'web-0', 'Pending')).filter(([, , s]) => s === 'Running').map(([p]) => p)).toEqual(['web-0', 'web-1']);
    expect((await run(`for i in 0 1; do kubectl exec web-$i -- sh -c 'hostname'; done`)).out).toBe('web-0\nweb-1\n');

    // Writing to stable storage: "NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS ... www-web-0 Bound ... 1Gi RWO" (v1.35 adds VOLUMEATTRIBUTESCLASS).
    expect((await run('kubectl get pvc -l app=nginx')).out).toMatch(/^NAME {8}STATUS {3}VOLUME {5}CAPACITY {3}ACCESS MODES {3}STORAGECLASS {3}VOLUMEATTRIBUTESCLASS {3}AGE\nwww-web-0 {3}Bound {4}pv-web-\d {3}1Gi {8}RWO {27}<unset> {17}\d+s\nwww-web-1 {3}Bound {4}pv-web-\d/);
    expect((await run(`for i in 0 1; do kubectl exec "web-$i" -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'; done`)).out).toBe('');
    expect((await run(CURL)).out).toBe('web-0\nweb-1\n');
    const node = async (p: string) => (await run(`kubectl get pod ${p} -o jsonpath={.spec.nodeName}`)).out;
    const writtenOn = new Map([['web-0', await node('web-0')], ['web-1', await node('web-1')]]);
    // What a pod serves is what its volume holds on the node it runs on: index.html where it was written, else
    // nginx 1.13's 403 for the empty hostPath directory.
    const forbidden = '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body bgcolor="white">\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx/1.13.3</center>\r\n</body>\r\n</html>\r\n';
    const served = async () => {
      let out = '';
      for (const p of ['web-0', 'web-1']) out += writtenOn.get(p) === await node(p) ? `${p}\n` : forbidden;
      return out;
    };

    // Scaling up: web-2, web-3 and web-4 one after the other, each once its predecessor is Running and Ready.
    watch = await watching(run, 'kubectl get pods --watch -l app=nginx', ['kubectl scale sts web --replicas=5'], 60);
    r = rows(watch);
    for (const [prev, next] of [['web-2', 'web-3'], ['web-3', 'web-4']]) expect(firstIndex(r, next)).toBeGreaterThan(firstIndex(r, prev, 'Running'));
    expect(firstIndex(r, 'web-4', 'Running')).toBe(r.length - 1);

    // Scaling down: web-4 is gone before web-3 is deleted.
    watch = await watching(run, 'kubectl get pods --watch -l app=nginx', [`kubectl patch sts web -p '{"spec":{"replicas":3}}'`], 60);
    r = rows(watch);
    expect(firstIndex(r, 'web-3', 'Terminating')).toBeGreaterThan(firstIndex(r, 'web-4', 'Terminating'));
    expect(r.filter(([, , s]) => s === 'Terminating').map(([p]) => p).filter((p, i, a) => a.indexOf(p) === i)).toEqual(['web-4', 'web-3']);
    // "There are still five PersistentVolumeClaims and five PersistentVolumes."
    expect((await run('kubectl get pvc -l app=nginx --no-headers')).out.match(/ Bound /g)).toHaveLength(5);

    // RollingUpdate: in reverse ordinal order.
    watch = await watching(run, 'kubectl get pod -l app=nginx --watch', [`kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]'`], 90);
    r = rows(watch);
    const terminated = r.filter(([, , s]) => s === 'Terminating').map(([p]) => p).filter((p, i, a) => a.indexOf(p) === i);
    expect(terminated).toEqual(['web-2', 'web-1', 'web-0']);
    expect(firstIndex(r, 'web-1', 'Terminating')).toBeGreaterThan(firstIndex(r.slice(3), 'web-2', 'Running') + 3);
    expect((await run(IMAGES)).out).toBe('registry.k8s.io/nginx-slim:0.24\n'.repeat(3));
    // The defaulted rollingUpdate has a partition, so kubectl reports a partitioned roll out (polymorphichelpers' StatefulSetStatusViewer).
    expect((await run('kubectl rollout status sts/web')).out).toBe('partitioned roll out complete: 3 new pods have been updated...\n');

    // Staging an update.
    expect((await run(`kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}'`)).out).toBe('statefulset.apps/web patched\n');
    expect((await run(`kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.21"}]'`)).out).toBe('statefulset.apps/web patched\n');
    expect((await run('kubectl delete pod web-2')).out).toBe('pod "web-2" deleted from default namespace\n');
    await run('sleep 20');
    expect((await run(IMAGE(2))).out).toBe('registry.k8s.io/nginx-slim:0.24');
    // Rolling out a canary.
    await run(`kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'`);
    expect((await run('kubectl rollout status sts/web')).out).toMatch(/partitioned roll out complete: 1 new pods have been updated...\n$/);
    expect((await run(IMAGE(2))).out).toBe('registry.k8s.io/nginx-slim:0.21');
    await run('kubectl delete pod web-1');
    await run('sleep 20');
    expect((await run(IMAGE(1))).out).toBe('registry.k8s.io/nginx-slim:0.24');
    // Phased roll out.
    await run(`kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}'`);
    expect((await run('kubectl rollout status sts/web')).out).toMatch(/partitioned roll out complete: 3 new pods have been updated...\n$/);
    expect((await run(IMAGES)).out).toBe('registry.k8s.io/nginx-slim:0.21\n'.repeat(3));

    // OnDelete: the page's patch keeps the defaulted rollingUpdate and is refused, changing nothing.
    const refused = await run(`kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete"}}}'`);
    expect(refused).toEqual({ out: `The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":0,"MaxUnavailable":1}: only allowed for updateStrategy 'RollingUpdate'\n`, status: 1 });
    expect((await run(`kubectl get sts web -o jsonpath='{.spec.updateStrategy.type}'`)).out).toBe('RollingUpdate');
    expect((await run(`kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'`)).out).toBe('statefulset.apps/web patched\n');
    expect(await run('kubectl rollout status sts/web')).toEqual({ out: 'error: rollout status is only available for RollingUpdate strategy type\n', status: 1 });

    // Non-cascading delete: the pods stay; web-0 deleted by hand is not relaunched until the StatefulSet is back.
    expect((await run('kubectl delete statefulset web --cascade=orphan')).out).toBe('statefulset.apps "web" deleted from default namespace\n');
    expect((await run('kubectl get pods -l app=nginx --no-headers -o custom-columns=NAME:.metadata.name')).out).toBe('web-0\nweb-1\nweb-2\n');
    await run('kubectl delete pod web-0');
    expect((await run('kubectl get pods -l app=nginx --no-headers -o custom-columns=NAME:.metadata.name')).out).toBe('web-1\nweb-2\n');
    watch = await watching(run, 'kubectl get pods --watch -l app=nginx', ['kubectl apply -f https://k8s.io/examples/application/web/web.yaml'], 60);
    r = rows(watch);
    // web-0 relaunched, then web-2 (beyond replicas 2) terminated.
    expect(firstIndex(r, 'web-2', 'Terminating')).toBeGreaterThan(firstIndex(r, 'web-0', 'Running'));
    expect((await run('kubectl get pods -l app=nginx --no-headers -o custom-columns=NAME:.metadata.name')).out).toBe('web-0\nweb-1\n');

    expect((await run(CURL)).out).toBe(await served());

    // Cascading delete, then the StatefulSet and Service again.
    watch = await watching(run, 'kubectl get pods --watch -l app=nginx', ['kubectl delete statefulset web'], 60);
    expect(rows(watch).filter(([, , s]) => s === 'Terminating').length).toBeGreaterThanOrEqual(2);
    expect((await run('kubectl get pods -l app=nginx')).out).toBe('No resources found in default namespace.\n');
    expect((await run('kubectl delete service nginx')).out).toBe('service "nginx" deleted from default namespace\n');
    expect((await run('kubectl apply -f https://k8s.io/examples/application/web/web.yaml')).out).toBe('service/nginx created\nstatefulset.apps/web created\n');
    await run('sleep 60');
    expect((await run(CURL)).out).toBe(await served());
    expect((await run('kubectl delete service nginx')).out).toBe('service "nginx" deleted from default namespace\n');
    expect((await run('kubectl delete statefulset web')).out).toBe('statefulset.apps "web" deleted from default namespace\n');
    await run('sleep 60');

    // Parallel pod management: the three new pods start without waiting for one another.
    expect((await run('kubectl apply -f https://k8s.io/examples/application/web/web-parallel.yaml')).out).toBe('service/nginx created\nstatefulset.apps/web created\n');
    await run('sleep 30');
    watch = await watching(run, 'kubectl get pod -l app=nginx --watch', ['kubectl scale statefulset/web --replicas=5'], 30);
    r = rows(watch);
    const running2 = firstIndex(r, 'web-2', 'Running');
    expect(firstIndex(r, 'web-3')).toBeLessThan(running2);
    expect(firstIndex(r, 'web-4')).toBeLessThan(running2);

    // Clean up: the claims outlive the StatefulSet; deleting them is up to you.
    await run('kubectl delete sts web');
    await run('kubectl delete svc nginx');
    await run('sleep 60');
    expect((await run('kubectl get pvc --no-headers')).out.match(/^www-web-\d {3}Bound /gm)).toHaveLength(5);
    expect((await run('kubectl delete pvc www-web-0 www-web-1 www-web-2 www-web-3 www-web-4')).out).toBe([0, 1, 2, 3, 4].map((i) => `persistentvolumeclaim "www-web-${i}" deleted from default namespace\n`).join(''));
    expect((await run('kubectl get pvc')).out).toBe('No resources found in default namespace.\n');
    expect(cluster.clock.errors).toEqual([]);
  });
});
