/**
 * What etcd opens when its manifest changes (data-dir.ts) loads then, with the clock held: a fresh lab restores a
 * snapshot with the same output, at the same instants, as a lab that had the code loaded.
 */
import { describe, expect, it } from 'vitest';
import { freshLab as freshModules } from '../shell/fresh-lab-test-helpers.js';

const freshLab = (loaded: boolean) => freshModules(5, async () => {
  if (loaded) await Promise.all([import('./data-dir.js'), import('./etcdctl.js'), import('../util/yaml-lib.js').then((m) => m.loadYaml())]);
});

const TLS = '--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key';
const LINES = [
  `kubectl -n kube-system exec etcd-control-plane -- etcdctl --endpoints=https://127.0.0.1:2379 ${TLS} snapshot save /var/lib/etcd/snap.db 2>/dev/null`,
  'kubectl create configmap later --from-literal=a=b',
  'kubectl -n kube-system exec etcd-control-plane -- etcdutl snapshot restore /var/lib/etcd/snap.db --data-dir /var/lib/etcd/restored 2>/dev/null',
  "sudo sed -i 's#path: /var/lib/etcd$#path: /var/lib/etcd/restored#' /etc/kubernetes/manifests/etcd.yaml",
  'sleep 3; kubectl get configmap later; sleep 1; kubectl get configmap later; date +%s',
  'sleep 20; kubectl get pods -n kube-system etcd-control-plane -o jsonpath={.spec.volumes[1].hostPath.path}',
];

describe('the etcd data dir code loads when the manifest changes', () => {
  it('restores at the instant a lab that had it loaded restores', async () => {
    const cold = await freshLab(false);
    const outs: string[] = [];
    for (const line of LINES) outs.push(await cold.run(line));
    expect(outs[4]).toMatch(/^The connection to the server 172\.18\.0\.2:6443 was refused - did you specify the right host or port\?\nError from server \(NotFound\): configmaps "later" not found\n\d+\n$/);
    expect(outs[5]).toBe('/var/lib/etcd/restored');
    const warm = await freshLab(true);
    const warmOuts: string[] = [];
    for (const line of LINES) warmOuts.push(await warm.run(line));
    expect(outs).toEqual(warmOuts);
  });
});
