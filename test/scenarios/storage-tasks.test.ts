/**
 * kubernetes.io's storage tasks, typed as the pages type them, in a fresh lab:
 * - "Configure a Pod to Use a Volume for Storage" (content/en/docs/tasks/configure-pod-container/configure-volume-storage.md):
 *   redis with an emptyDir at /data/redis; a file written there outlives the container the page kills.
 * - "Configure a Pod to Use a PersistentVolume for Storage" (configure-persistent-volume-storage.md): a file on the
 *   node, a hostPath PersistentVolume, a claim, nginx serving the file, the same claim mounted twice by subPath, clean-up.
 * Expected texts are the pages' (their example outputs, as copies of the release-1.34 pages show them), the real
 * kubectl v1.35 tables (test/transcripts/real-storage.txt, printed by the real binary), bash's, apt's and
 * kubectl exec's own messages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadVolumeControllers } from '../../engine/controllers/volume/loader.js';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

beforeAll(async () => {
  await loadVolumeControllers();
});

/** A lab of `workers` workers; `typed` are the lines typed into the interactive sessions (kubectl exec -it, run -it) in turn. */
const lab = (typed: string[], workers = 2) => interactiveSession(typed, 5, workers);

/** kubectl v1.35's PersistentVolume and claim tables (the real binary's, test/transcripts/real-storage.txt). */
const PV_HEADER = 'NAME             CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE';

describe('Configure a Pod to Use a Volume for Storage', () => {
  it('keeps the file written under the emptyDir when redis-server is killed and its container restarts', async () => {
    const { run, screen, cluster } = await lab([
      'cd /data/redis/', 'echo Hello > test-file',
      'apt-get install procps', 'ps aux', 'kill 1', 'sleep 1',
      'cd /data/redis/', 'ls', 'exit',
    ]);
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/storage/redis.yaml')).out).toBe('pod/redis created\n');
    await run('sleep 20');
    // The page: "redis     1/1       Running   0          13s".
    expect((await run('kubectl get pod redis')).out).toMatch(/^NAME {4}READY {3}STATUS {4}RESTARTS {3}AGE\nredis {3}1\/1 {5}Running {3}0 {10}20s\n$/);
    const uid = (await run('kubectl get pod redis -o jsonpath={.metadata.uid}')).out;
    // The shell dies with redis-server (PID 1): kubectl exec reports the SIGKILL.
    expect((await run('kubectl exec -it redis -- /bin/bash')).out).toBe('command terminated with exit code 137\n');
    await run('sleep 5');
    // The page's watch: "redis 0/1 Completed 0 6m" then "redis 1/1 Running 1 6m": redis-server exits 0 on SIGTERM.
    expect((await run('kubectl get pod redis -o jsonpath={.status.containerStatuses[0].lastState.terminated.reason},{.status.containerStatuses[0].restartCount}')).out).toBe('Completed,1');
    await run('kubectl exec -it redis -- /bin/bash');
    // The image's WORKDIR is /data: the page's prompts "root@redis:/data# cd /data/redis/" and "root@redis:/data/redis#".
    expect(screen.text).toContain('root@redis:/data# cd /data/redis/\nroot@redis:/data/redis# echo Hello > test-file\n');
    // No internet in the lab: apt-get cannot fetch procps (apt's "Unable to locate package"), so the image's own
    // lack of ps stays (bash's "command not found"); the page's `ps aux` cannot be reproduced here.
    expect(screen.text).toContain('root@redis:/data/redis# apt-get install procps\nReading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\nE: Unable to locate package procps\n');
    expect(screen.text).toContain('root@redis:/data/redis# ps aux\nbash: ps: command not found\n');
    // A bash killed with its container does not say "exit"; the second session lists the file (the page: "test-file").
    expect(screen.text).toContain('root@redis:/data/redis# kill 1\nroot@redis:/data/redis# sleep 1\nroot@redis:/data# cd /data/redis/\nroot@redis:/data/redis# ls\ntest-file\nroot@redis:/data/redis# exit\nexit\n');
    // The emptyDir is the kubelet's directory for the pod on its node, and goes with the pod.
    const node = (await run('kubectl get pod redis -o jsonpath={.spec.nodeName}')).out;
    const dir = `/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~empty-dir/redis-storage`;
    expect((await run(`ssh ${node} sudo cat ${dir}/test-file`)).out).toBe('Hello\n');
    expect((await run('kubectl delete pod redis')).out).toBe('pod "redis" deleted from default namespace\n');
    expect((await run(`ssh ${node} sudo ls ${dir}`)).out).toBe(`ls: cannot access '${dir}': No such file or directory\n`);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('shares an emptyDir between a pod\'s containers', async () => {
    const { run } = await lab([]);
    await run(`kubectl run two --image=busybox:1.36 --overrides='{"spec":{"volumes":[{"name":"shared","emptyDir":{}}],"containers":[{"name":"writer","image":"busybox:1.36","command":["sh","-c","echo from-writer > /out/msg; sleep 3600"],"volumeMounts":[{"name":"shared","mountPath":"/out"}]},{"name":"reader","image":"busybox:1.36","command":["sleep","3600"],"volumeMounts":[{"name":"shared","mountPath":"/in"}]}]}}'`);
    await run('sleep 15');
    expect((await run('kubectl exec two -c reader -- cat /in/msg')).out).toBe('from-writer\n');
  });
});

describe('Configure a Pod to Use a PersistentVolume for Storage', () => {
  it('serves the file made on the node from a hostPath volume, mounts the claim twice by subPath, and releases the volume', async () => {
    // The page wants a one-node cluster: here one worker (the control-plane node is tainted, as kubeadm leaves it).
    const { run, screen, cluster } = await lab([
      'curl http://localhost/', 'exit',
      'curl http://localhost/', 'exit',
      'curl http://localhost/', 'cat /etc/nginx/nginx.conf | grep keepalive_timeout', 'exit',
    ], 1);
    await run('ssh worker-1');
    await run('sudo mkdir /mnt/data');
    await run(`sudo sh -c "echo 'Hello from Kubernetes storage' > /mnt/data/index.html"`);
    expect((await run('cat /mnt/data/index.html')).out).toBe('Hello from Kubernetes storage\n');
    expect((await run('exit')).out).toBe('logout\nConnection to worker-1 closed.\n');

    expect((await run('kubectl apply -f https://k8s.io/examples/pods/storage/pv-volume.yaml')).out).toBe('persistentvolume/task-pv-volume created\n');
    await run('sleep 4');
    expect((await run('kubectl get pv task-pv-volume')).out).toBe(`${PV_HEADER}\ntask-pv-volume   10Gi       RWO            Retain           Available           manual         <unset>                          4s\n`);
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/storage/pv-claim.yaml')).out).toBe('persistentvolumeclaim/task-pv-claim created\n');
    await run('sleep 2');
    expect((await run('kubectl get pv task-pv-volume')).out).toBe(
      'NAME             CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM                   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n'
      + 'task-pv-volume   10Gi       RWO            Retain           Bound    default/task-pv-claim   manual         <unset>                          6s\n');
    expect((await run('kubectl get pvc task-pv-claim')).out).toBe(
      'NAME            STATUS   VOLUME           CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n'
      + 'task-pv-claim   Bound    task-pv-volume   10Gi       RWO            manual         <unset>                 2s\n');

    expect((await run('kubectl apply -f https://k8s.io/examples/pods/storage/pv-pod.yaml')).out).toBe('pod/task-pv-pod created\n');
    await run('sleep 10');
    expect((await run('kubectl get pod task-pv-pod')).out).toMatch(/^task-pv-pod {3}1\/1 {5}Running {3}0 {10}10s$/m);
    await run('kubectl exec -it task-pv-pod -- /bin/bash');
    // nginx images carry curl: the page's apt steps are not needed. "Hello from Kubernetes storage".
    expect(screen.text).toContain('root@task-pv-pod:/# curl http://localhost/\nHello from Kubernetes storage\nroot@task-pv-pod:/# exit\nexit\n');
    expect((await run('kubectl delete pod task-pv-pod')).out).toBe('pod "task-pv-pod" deleted from default namespace\n');

    // "Mounting the same PersistentVolume in two places": the page's `sudo mv /mnt/data/index.html html` runs in
    // the login's home, so the file lands in ~/html and /mnt/data/html stays empty: nginx answers 403 there.
    await run('ssh worker-1');
    await run('sudo mkdir /mnt/data/html');
    await run('sudo mv /mnt/data/index.html html');
    // /mnt/data is root's (sudo mkdir): the learner writes there through sudo.
    await run(`sudo tee /mnt/data/nginx.conf >/dev/null <<EOF
user  nginx;
worker_processes  auto;
http {
    keepalive_timeout  60;
}
EOF`);
    await run('exit');
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/storage/pv-duplicate.yaml')).out).toBe('pod/test created\n');
    await run('sleep 10');
    expect((await run('kubectl get pod test')).out).toMatch(/^test {3}1\/1 {5}Running {3}0 {10}10s$/m);
    await run('kubectl exec -it test -- /bin/bash');
    // nginx's own error page (ngx_http_special_response.c, CRLF line ends).
    expect(screen.text).toContain('root@test:/# curl http://localhost/\n<html>\r\n<head><title>403 Forbidden</title></head>\r\n');
    // Put where the page means it, the file is served; the config is the node's file.
    await run('ssh worker-1 sudo mv html /mnt/data/html/index.html');
    await run('kubectl exec -it test -- /bin/bash');
    expect(screen.text).toContain('root@test:/# curl http://localhost/\nHello from Kubernetes storage\nroot@test:/# cat /etc/nginx/nginx.conf | grep keepalive_timeout\n    keepalive_timeout  60;\n');

    // Clean up: a Retain volume whose claim is gone is Released, still naming it.
    await run('kubectl delete pod test');
    expect((await run('kubectl delete pvc task-pv-claim')).out).toBe('persistentvolumeclaim "task-pv-claim" deleted from default namespace\n');
    expect((await run('kubectl get pv task-pv-volume --no-headers')).out).toMatch(/^task-pv-volume {3}10Gi {3}RWO {3}Retain {3}Released {3}default\/task-pv-claim {3}manual {3}<unset> {9}\d+s\n$/);
    expect((await run('kubectl delete pv task-pv-volume')).out).toBe('persistentvolume "task-pv-volume" deleted\n');
    await run('ssh worker-1');
    expect((await run('sudo rm /mnt/data/html/index.html; sudo rm /mnt/data/nginx.conf; sudo rmdir /mnt/data/html; sudo rmdir /mnt/data; ls /mnt')).out).toBe('');
    await run('exit');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('gives the processes of a pod using a volume annotated pv.beta.kubernetes.io/gid that group, not the pod\'s spec ("Access control")', async () => {
    const { run, cluster } = await lab([], 1);
    await run(`kubectl apply -f - <<'EOF'
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv1
  annotations:
    pv.beta.kubernetes.io/gid: "1234"
spec:
  storageClassName: manual
  capacity:
    storage: 10Gi
  accessModes:
    - ReadWriteOnce
  hostPath:
    path: "/mnt/data"
EOF`);
    await run('kubectl apply -f https://k8s.io/examples/pods/storage/pv-claim.yaml');
    await run('kubectl apply -f https://k8s.io/examples/pods/storage/pv-pod.yaml');
    await run('sleep 15');
    // GNU id in the nginx image: root's own group, then the volume's.
    expect((await run('kubectl exec task-pv-pod -- id')).out).toBe('uid=0(root) gid=0(root) groups=0(root),1234\n');
    expect((await run('kubectl get pod task-pv-pod -o jsonpath={.spec.securityContext}')).out).toBe('{}');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('on a lab of several nodes reads the directory of the node the pod runs on: the learner\'s own is another one', async () => {
    const { run, screen } = await lab(['curl -s -o /dev/null -w "%{http_code}\\n" http://localhost/', 'exit']);
    // The terminal is the control-plane node, which is tainted: the pod goes to a worker, whose /mnt/data is empty.
    await run('sudo mkdir /mnt/data');
    await run(`sudo sh -c "echo 'Hello from Kubernetes storage' > /mnt/data/index.html"`);
    await run('kubectl apply -f https://k8s.io/examples/pods/storage/pv-volume.yaml');
    await run('kubectl apply -f https://k8s.io/examples/pods/storage/pv-claim.yaml');
    await run('kubectl apply -f https://k8s.io/examples/pods/storage/pv-pod.yaml');
    await run('sleep 15');
    expect((await run('kubectl get pod task-pv-pod -o jsonpath={.spec.nodeName}')).out).toMatch(/^worker-\d$/);
    await run('kubectl exec -it task-pv-pod -- /bin/bash');
    expect(screen.text).toContain('http://localhost/\n403\n');
  });
});
