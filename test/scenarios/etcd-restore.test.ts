/**
 * The kubeadm restore of an etcd snapshot (https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/
 * #restoring-an-etcd-cluster), over virtual time: `etcdctl snapshot save` into the /var/lib/etcd hostPath, later
 * changes, `etcdutl snapshot restore` into a new data dir, then /etc/kubernetes/manifests/etcd.yaml pointed at it.
 * The kubelet recreates the etcd static pod, etcd opens that directory, and every informer relists: what was created
 * after the snapshot is gone (its containers stopped on their nodes), what was deleted is back and Running.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';
import { hostDataDir } from '../../engine/etcd/data-dir.js';
import { staticPodManifest } from '../../engine/kubelet/static-pods.js';
import type { Cluster } from '../../engine/cluster.js';

const EXEC = 'kubectl -n kube-system exec etcd-control-plane --';
const CTL = `${EXEC} etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key`;
const MANIFEST = '/etc/kubernetes/manifests/etcd.yaml';
/** The etcd-data volume's hostPath in kubeadm's manifest (the only `path: /var/lib/etcd` line). */
const pointAt = (dir: string) => `sudo sed -i 's#path: /var/lib/etcd$#path: ${dir}#' ${MANIFEST}`;

/** Containers still running on any node for pods whose name starts with `prefix`. */
function running(cluster: Cluster, prefix: string): string[] {
  const out: string[] = [];
  for (const k of cluster.kubelets.values()) for (const c of k.runtime.containers.values()) if (c.state === 'running' && c.opts.podName.startsWith(prefix)) out.push(c.opts.podName);
  return out;
}

describe('restoring an etcd snapshot on a kubeadm control plane', () => {
  it('brings the cluster back to the snapshot: later objects gone, deleted ones Running again, nodes Ready', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl create deployment kept --image=nginx --replicas=2');
    await run('kubectl create deployment removed --image=nginx');
    await run('kubectl rollout status deploy/kept');
    await run('kubectl rollout status deploy/removed');
    expect((await run(`${CTL} snapshot save /var/lib/etcd/snap.db 2>/dev/null`)).out).toBe('Snapshot saved at /var/lib/etcd/snap.db\nServer version 3.6.0\n');
    const snapRevision = cluster.store.currentRevision();

    await run('kubectl create deployment later --image=nginx');
    await run('kubectl rollout status deploy/later');
    await run('kubectl delete deployment removed');
    await run('sleep 40');
    expect(running(cluster, 'later-')).toHaveLength(1);
    expect(running(cluster, 'removed-')).toEqual([]);
    const laterRevision = cluster.store.currentRevision();

    const restored = await run(`${EXEC} etcdutl snapshot restore /var/lib/etcd/snap.db --data-dir /var/lib/etcd/restored`);
    expect(restored.status).toBe(0);
    // A watch open meanwhile ends when etcd goes away (kube-apiserver's watch cache terminates its watchers).
    await run('kubectl get pods -w > /tmp/watch.txt &');
    await run(pointAt('/var/lib/etcd/restored'));
    await run('sleep 2');
    expect((await run('kubectl get pods')).out).toBe('The connection to the server 172.18.0.2:6443 was refused - did you specify the right host or port?\n');
    expect((await run('jobs')).out).toBe('');
    await run('sleep 30');

    expect(cluster.store.currentRevision()).toBeGreaterThan(snapRevision);
    expect(cluster.store.currentRevision()).toBeLessThan(laterRevision);
    const deploys = (await run('kubectl get deploy -o custom-columns=NAME:.metadata.name,READY:.status.readyReplicas --no-headers')).out;
    expect(deploys.split('\n').filter(Boolean).map((l) => l.split(/\s+/))).toEqual([['kept', '2'], ['removed', '1']]);
    const pods = (await run('kubectl get pods --no-headers')).out.split('\n').filter(Boolean);
    expect(pods.map((l) => l.split(/\s+/)[0].replace(/-[a-z0-9]+-[a-z0-9]{5}$/, ''))).toEqual(['kept', 'kept', 'removed']);
    expect(pods.every((l) => /\s1\/1\s+Running\s/.test(l))).toBe(true);
    // On the nodes: the later Deployment's container stopped, the deleted one's started again.
    expect(running(cluster, 'later-')).toEqual([]);
    expect(running(cluster, 'removed-')).toHaveLength(1);
    expect((await run('kubectl get nodes --no-headers')).out.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[1])).toEqual(['Ready', 'Ready', 'Ready']);
    // The etcd static pod is a new one (the manifest's hash is its UID); its mirror shows the restored hostPath.
    const etcd = (await run('kubectl -n kube-system get pod etcd-control-plane -o jsonpath={.metadata.annotations.kubernetes\\.io/config\\.hash}{.spec.volumes[*].hostPath.path}')).out;
    expect(etcd).not.toContain('/var/lib/etcd/restored/etc');
    expect(etcd.endsWith('/etc/kubernetes/pki/etcd /var/lib/etcd/restored')).toBe(true);
    expect((await run('sudo crictl ps --name etcd -q')).out.split('\n').filter(Boolean)).toHaveLength(1);
    // etcd's own start, in its JSON lines on stderr: the restored member restarts at the snapshot's revision.
    const log = (await run('kubectl -n kube-system logs etcd-control-plane')).out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log.map((l) => `${l.caller} ${l.msg}`)).toEqual([
      'etcdmain/etcd.go:64 Running: ', 'embed/etcd.go:139 configuring peer listeners', 'embed/etcd.go:147 configuring client listeners',
      'storage/backend.go:80 opened backend db', 'etcdserver/bootstrap.go:600 restarting local member', 'mvcc/kvstore.go:408 kvstore restored',
      'etcdserver/server.go:590 starting etcd server', 'embed/etcd.go:293 now serving peer/client/metrics',
      'etcdserver/server.go:1821 published local member to cluster through raft', 'embed/serve.go:138 ready to serve client requests',
      'embed/serve.go:138 ready to serve client requests', 'embed/serve.go:284 serving client traffic securely', 'embed/serve.go:284 serving client traffic securely']);
    expect(log[3].path).toBe('/var/lib/etcd/member/snap/db');
    expect(log.every((l) => l.level === 'info' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(l.ts as string))).toBe(true);
    expect(Number(log[5]['current-rev'])).toBeGreaterThanOrEqual(snapRevision);
    expect(log[12]).toMatchObject({ traffic: 'grpc+http', address: '172.18.0.2:2379' });
    // The WAL etcd appends to there: the segment etcdutl made, and the next one its file pipeline preallocates.
    expect((await run('sudo ls -l /var/lib/etcd/restored/member/wal')).out).toBe([
      'total 125000', '-rw------- 1 root root 64000000 Jan  1 00:02 0.tmp', '-rw------- 1 root root 64000000 Jan  1 00:02 0000000000000000-0000000000000000.wal', ''].join('\n'));
    // The directory etcd left keeps the state it had: pointing back at it brings that state back.
    expect((await run('sudo ls /var/lib/etcd/member/snap')).out).toBe('db\n');
    await run(`sudo sed -i 's#path: /var/lib/etcd/restored$#path: /var/lib/etcd#' ${MANIFEST}`);
    await run('sleep 40');
    expect((await run('kubectl get deploy --no-headers -o name')).out).toBe('deployment.apps/kept\ndeployment.apps/later\n');
    expect(running(cluster, 'later-')).toHaveLength(1);
    expect(running(cluster, 'removed-')).toEqual([]);
    expect(cluster.clock.errors).toEqual([]);
  }, 60_000);

  it('--bump-revision with --mark-compacted: the log says so, and the revision never goes back', async () => {
    const { run, cluster } = await interactiveSession();
    await run(`${CTL} snapshot save /var/lib/etcd/snap.db 2>/dev/null`);
    const snap = cluster.store.currentRevision();
    await run('kubectl create configmap later --from-literal=a=b');
    expect((await run(`${EXEC} etcdutl snapshot restore /var/lib/etcd/snap.db --data-dir /var/lib/etcd/bumped --bump-revision 1000`)).out)
      .toBe('Error: --mark-compacted required if --revision-bump > 0\ncommand terminated with exit code 128\n');
    const r = await run(`${EXEC} etcdutl snapshot restore /var/lib/etcd/snap.db --data-dir /var/lib/etcd/bumped --bump-revision 1000 --mark-compacted`);
    expect(r.out.split('\n').map((l) => l.split('\t').slice(2, 4).join(' '))).toEqual([
      'snapshot/v3_snapshot.go:305 restoring snapshot', 'schema/membership.go:138 Trimming membership information from the backend...',
      'snapshot/v3_snapshot.go:396 bumping latest revision', 'snapshot/v3_snapshot.go:413 marking revision compacted',
      'membership/cluster.go:424 added member', 'snapshot/v3_snapshot.go:333 restored snapshot', '']);
    expect(r.out).toContain(`\tbumping latest revision\t{"latest-revision": ${snap}, "bump-amount": 1000, "new-latest-revision": ${snap + 1000}}\n`);
    expect(r.out).toContain(`\tmarking revision compacted\t{"revision": ${snap + 1000}}\n`);
    expect((await run(`${EXEC} etcdutl snapshot status /var/lib/etcd/bumped/member/snap/db -w json`)).out).toMatch(new RegExp(`"revision":${snap + 1000},`));
    // The manifest moved out, edited and moved back: etcd stops, then starts on the new directory.
    await run(`sudo mv ${MANIFEST} /root/etcd.yaml`);
    await run('sleep 5');
    await run(`sudo sed -i 's#path: /var/lib/etcd$#path: /var/lib/etcd/bumped#' /root/etcd.yaml`);
    await run(`sudo mv /root/etcd.yaml ${MANIFEST}`);
    await run('sleep 30');
    expect((await run('kubectl get configmap later')).out).toBe('Error from server (NotFound): configmaps "later" not found\n');
    const rv = Number((await run('kubectl create configmap again -o jsonpath={.metadata.resourceVersion}')).out);
    expect(rv).toBeGreaterThan(snap + 1000);
  }, 60_000);

  it('an edited static pod: the old pod\'s container stays Exited, under its own sandbox and log folder, until the container GC', async () => {
    const { run } = await interactiveSession();
    const before = (await run('sudo crictl ps --name etcd -q')).out.trim();
    const oldHash = (await run('kubectl -n kube-system get pod etcd-control-plane -o jsonpath="{.metadata.annotations.kubernetes\\.io/config\\.hash}"')).out;
    await run(`sudo sed -i 's/--snapshot-count=10000/--snapshot-count=5000/' ${MANIFEST}`);
    await run('sleep 8');
    const rows = (await run('sudo crictl ps -a --name etcd')).out.split('\n').filter(Boolean).slice(1).map((l) => l.split(/\s{2,}/));
    expect(rows.map((r) => [r[3], r[5]])).toEqual([['Running', '0'], ['Exited', '0']]);
    expect(rows[1][0]).toBe(before.slice(0, 13));
    expect(rows[0][6]).not.toBe(rows[1][6]);
    expect((await run('sudo crictl pods --name etcd')).out.split('\n').filter(Boolean).slice(1).map((l) => l.split(/\s{2,}/)[2])).toEqual(['Ready', 'NotReady']);
    // (The new mirror pod: at the kubelet's next sync once the API server answers again.)
    await run('sleep 5');
    const newHash = (await run('kubectl -n kube-system get pod etcd-control-plane -o jsonpath="{.metadata.annotations.kubernetes\\.io/config\\.hash}"')).out;
    expect(newHash).not.toBe(oldHash);
    expect((await run('sudo ls /var/log/pods | grep etcd')).out).toBe([`kube-system_etcd-control-plane_${oldHash}`, `kube-system_etcd-control-plane_${newHash}`].sort().join('\n') + '\n');
    // The container GC runs every minute (MinAge 0, MaxPerPodContainer 1): a pod no longer in the config loses them all.
    await run('sleep 60');
    expect((await run('sudo crictl ps -a --name etcd -q')).out.split('\n').filter(Boolean)).toHaveLength(1);
    expect((await run('sudo ls /var/log/pods | grep etcd')).out).toBe(`kube-system_etcd-control-plane_${newHash}\n`);
  }, 60_000);

  it('an edit that keeps the data dir restarts etcd on the same data; a missing directory is a new, empty etcd', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl create configmap mine --from-literal=a=b');
    const before = (await run('kubectl -n kube-system get pod etcd-control-plane -o jsonpath={.metadata.uid}')).out;
    await run(`sudo sed -i 's/--snapshot-count=10000/--snapshot-count=5000/' ${MANIFEST}`);
    await run('sleep 30');
    expect((await run('kubectl get configmap mine -o name')).out).toBe('configmap/mine\n');
    const after = (await run('kubectl -n kube-system get pod etcd-control-plane -o jsonpath={.metadata.uid}{.spec.containers[0].command}')).out;
    expect(after.startsWith(before)).toBe(false);
    expect(after).toContain('"--snapshot-count=5000"');

    // The classic slip: a data dir restored inside the container (not under the hostPath) and the hostPath pointed
    // at a node path that does not exist. DirectoryOrCreate makes it; etcd starts a new member there, empty.
    expect((await run(`${EXEC} etcdutl snapshot restore /var/lib/etcd/nope.db --data-dir /var/lib/etcd-from-backup`)).out)
      .toBe('Error: open /var/lib/etcd/nope.db: no such file or directory\ncommand terminated with exit code 1\n');
    await run(pointAt('/var/lib/etcd-from-backup'));
    await run('sleep 30');
    expect((await run('kubectl get configmap mine')).out).toBe('Error from server (NotFound): configmaps "mine" not found\n');
    expect((await run('sudo stat -c "%a %U" /var/lib/etcd-from-backup /var/lib/etcd-from-backup/member')).out).toBe('755 root\n700 root\n');
    expect(cluster.store.currentRevision()).toBeLessThan(20);
    // Put back: the original data dir, with what it held.
    await run(`sudo sed -i 's#path: /var/lib/etcd-from-backup$#path: /var/lib/etcd#' ${MANIFEST}`);
    await run('sleep 40');
    expect((await run('kubectl get configmap mine -o name')).out).toBe('configmap/mine\n');
    expect((await run('kubectl get nodes --no-headers')).out.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[1])).toEqual(['Ready', 'Ready', 'Ready']);
    expect(cluster.clock.errors).toEqual([]);
  }, 60_000);

  it('a hostPath of type Directory that does not exist keeps etcd down; DirectoryOrCreate makes it, for an empty etcd', async () => {
    const { run } = await interactiveSession();
    await run(`sudo sed -i -e 's#path: /var/lib/etcd$#path: /var/lib/nowhere#' -e '/path: \\/var\\/lib\\/nowhere/{n;s/DirectoryOrCreate/Directory/}' ${MANIFEST}`);
    expect((await run(`sudo grep -A1 nowhere ${MANIFEST}`)).out).toBe('      path: /var/lib/nowhere\n      type: Directory\n');
    await run('sleep 30');
    expect((await run('kubectl get ns')).out).toBe('The connection to the server 172.18.0.2:6443 was refused - did you specify the right host or port?\n');
    expect((await run('sudo ls -d /var/lib/nowhere')).out).toBe("ls: cannot access '/var/lib/nowhere': No such file or directory\n");
    await run(`sudo sed -i 's/type: Directory$/type: DirectoryOrCreate/' ${MANIFEST}`);
    await run('sleep 30');
    // DirectoryOrCreate made it: a new, empty etcd, where kube-apiserver's own controllers put back what they keep
    // (the default namespace with the kubernetes Service within 10 s, the system namespaces within a minute) and
    // nothing else.
    await run('sleep 30');
    expect((await run('kubectl get ns,svc -A -o name')).out)
      .toBe('namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\nservice/kubernetes\n');
    expect((await run('kubectl get nodes')).out).toBe('No resources found\n');
  }, 60_000);

  it('an etcd that came back empty: what kube-apiserver\'s controllers put back, what a restart of the kubelet or of kube-apiserver does', async () => {
    const { run, cluster } = await interactiveSession();
    const names = async (line: string) => (await run(line)).out.split('\n').filter(Boolean);
    // kubeadm's member: its WAL's first segment and the next one, 64 MB each and preallocated (wal.SegmentSizeBytes).
    expect((await run('sudo du -sh /var/lib/etcd')).out).toBe('123M\t/var/lib/etcd\n');
    expect(await names('sudo ls -1 /var/lib/etcd/member/wal')).toEqual(['0.tmp', '0000000000000000-0000000000000000.wal']);
    await run(pointAt('/var/lib/etcd-empty'));
    await run('sleep 10');
    // The member it left closed its WAL (the pipeline's 0.tmp removed); the new one made its own.
    expect(await names('sudo ls -1 /var/lib/etcd/member/wal')).toEqual(['0000000000000000-0000000000000000.wal']);
    expect(await names('sudo ls -1 /var/lib/etcd-empty/member/wal')).toEqual(['0.tmp', '0000000000000000-0000000000000000.wal']);
    const log = (await names('sudo crictl logs $(sudo crictl ps --name etcd -q) 2>&1')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log.filter((l) => /^(re)?starting (local member|etcd server)$/.test(l.msg as string)).map((l) => [l.caller, l.msg, l['cluster-version']]))
      .toEqual([['etcdserver/bootstrap.go:500', 'starting local member', undefined], ['etcdserver/server.go:599', 'starting etcd server', 'to_be_decided']]);
    expect(await names('kubectl get ns -o name')).toEqual(['namespace/default']);
    // The system namespaces controller: at kube-apiserver's start and every minute after (it started at boot).
    await run('sleep 60');
    expect(await names('kubectl get ns -o name')).toEqual(['namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system']);
    expect((await run('kubectl get ns kube-system --show-labels --no-headers')).out).toMatch(/\skubernetes\.io\/metadata\.name=kube-system\n$/);
    // The kubernetes Service's EndpointSlice is the API server's too.
    expect(await names('kubectl get endpointslices -o name')).toEqual(['endpointslice.discovery.k8s.io/kubernetes']);
    // Leader election and the API server's identity create their Leases again; the kubelets do not: their Nodes are
    // gone (a kubelet registers once per process), and a node Lease needs its Node as owner (SetNodeOwnerFunc).
    const leases = await names('kubectl get leases -A --no-headers -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name');
    expect(leases.map((l) => l.split(/\s+/).join('/'))).toEqual([
      'kube-system/apiserver-6vzvajxlkf7lcarzgdc4jnyaru', 'kube-system/cloud-controller-manager', 'kube-system/kube-controller-manager', 'kube-system/kube-scheduler']);
    expect((await run('kubectl get nodes')).out).toBe('No resources found\n');
    // No Node, no mirror pods (syncPod's GetNode fails), though the static pods run.
    expect((await run('kubectl get pods -A')).out).toBe('No resources found\n');
    expect((await run('sudo crictl ps --name etcd -q')).out.split('\n').filter(Boolean)).toHaveLength(1);
    // kube-apiserver's post-start hooks ran when it started, long before: nothing puts their objects back yet.
    expect((await run('kubectl get priorityclasses')).out).toBe('No resources found\n');
    expect((await run('kubectl get clusterroles')).out).toBe('No resources found\n');

    // A restarted kubelet registers its Node again; then its Lease and its mirror pods follow.
    await run('sudo systemctl restart kubelet');
    await run('sleep 15');
    expect(await names('kubectl get nodes -o name')).toEqual(['node/control-plane']);
    expect(await names('kubectl get leases -n kube-node-lease -o name')).toEqual(['lease.coordination.k8s.io/control-plane']);
    expect(await names('kubectl get pods -n kube-system -o name')).toEqual([
      'pod/etcd-control-plane', 'pod/kube-apiserver-control-plane', 'pod/kube-controller-manager-control-plane', 'pod/kube-scheduler-control-plane']);

    // A restarted kube-apiserver runs its post-start hooks again: the system PriorityClasses and the bootstrap RBAC
    // policy; kubeadm's own bindings (kubeadm init wrote them) stay gone.
    await run('sudo mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/');
    await run('sleep 20');
    await run('sudo mv /root/kube-apiserver.yaml /etc/kubernetes/manifests/');
    await run('sleep 30');
    expect(await names('kubectl get priorityclasses -o name')).toEqual(['priorityclass.scheduling.k8s.io/system-cluster-critical', 'priorityclass.scheduling.k8s.io/system-node-critical']);
    expect((await run('kubectl get clusterrolebinding system:kube-scheduler -o name')).out).toBe('clusterrolebinding.rbac.authorization.k8s.io/system:kube-scheduler\n');
    expect((await run('kubectl get clusterrole admin -o jsonpath={.rules[0].verbs}')).out).not.toBe('');
    expect((await run('kubectl get clusterrolebinding kubeadm:cluster-admins')).out)
      .toBe('Error from server (NotFound): clusterrolebindings.rbac.authorization.k8s.io "kubeadm:cluster-admins" not found\n');
    expect(cluster.clock.errors).toEqual([]);
  }, 60_000);
});

describe('etcd data dir from the static pod', () => {
  it('follows --data-dir through the container\'s hostPath mounts', () => {
    const m = staticPodManifest('etcd', { name: 'control-plane', internalIP: '172.18.0.2' });
    expect(hostDataDir(m)).toEqual({ dir: '/var/lib/etcd', volume: { path: '/var/lib/etcd', type: 'DirectoryOrCreate' } });
    const spec = m.spec as { containers: { command: string[] }[] };
    const cmd = spec.containers[0].command;
    cmd[cmd.indexOf('--data-dir=/var/lib/etcd')] = '--data-dir=/var/lib/etcd/from-backup/';
    expect(hostDataDir(m).dir).toBe('/var/lib/etcd/from-backup');
    cmd[cmd.indexOf('--data-dir=/var/lib/etcd/from-backup/')] = '--data-dir=/var/lib/etcd-from-backup';
    expect(hostDataDir(m)).toEqual({});
  });
});
