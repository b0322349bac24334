/**
 * The files kubeadm leaves on the nodes (node-files.ts): what `ls`, `cat`, `openssl x509` and kubectl with each
 * kubeconfig show on the control-plane node, and what a worker has.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './commands/node/test-lab.js';

const PKI = [
  'apiserver-etcd-client.crt', 'apiserver-etcd-client.key', 'apiserver-kubelet-client.crt', 'apiserver-kubelet-client.key', 'apiserver.crt', 'apiserver.key',
  'ca.crt', 'ca.key', 'etcd', 'front-proxy-ca.crt', 'front-proxy-ca.key', 'front-proxy-client.crt', 'front-proxy-client.key', 'sa.key', 'sa.pub',
];

describe("kubeadm's files on the nodes", () => {
  it('lists /etc/kubernetes and its pki as kubeadm init leaves them, with their modes and owner', async () => {
    const { run } = await lab();
    expect((await run('ls -1 /etc/kubernetes')).out.split('\n').filter(Boolean)).toEqual(
      ['admin.conf', 'controller-manager.conf', 'kubelet.conf', 'manifests', 'pki', 'scheduler.conf', 'super-admin.conf']);
    expect((await run('ls -1 /etc/kubernetes/pki')).out.split('\n').filter(Boolean)).toEqual(PKI);
    expect((await run('ls -1 /etc/kubernetes/pki/etcd')).out.split('\n').filter(Boolean)).toEqual(
      ['ca.crt', 'ca.key', 'healthcheck-client.crt', 'healthcheck-client.key', 'peer.crt', 'peer.key', 'server.crt', 'server.key']);
    const modes = (await run('ls -l /etc/kubernetes /etc/kubernetes/pki /etc/kubernetes/manifests')).out;
    expect(modes).toMatch(/^-rw------- 1 root root +\d+ Jan  1 00:00 admin\.conf$/m);
    expect(modes).toMatch(/^-rw------- 1 root root +\d+ Jan  1 00:00 kubelet\.conf$/m);
    expect(modes).toMatch(/^drwxr-xr-x 3 root root 4096 Jan  1 00:00 pki$/m);
    expect(modes).toMatch(/^-rw-r--r-- 1 root root 1107 Jan  1 00:00 ca\.crt$/m);
    expect(modes).toMatch(/^-rw------- 1 root root 1679 Jan  1 00:00 ca\.key$/m);
    expect(modes).toMatch(/^-rw------- 1 root root +\d+ Jan  1 00:00 sa\.pub$/m);
    expect(modes).toMatch(/^-rw------- 1 root root +\d+ Jan  1 00:00 etcd\.yaml$/m);
    // The guides' copy belongs to the learner; the home's own files keep their modes.
    expect((await run('ls -l ~/.kube/config ~/pod.yaml')).out).toMatch(/^-rw------- 1 learner learner \d+ Jan  1 00:00 \/home\/learner\/\.kube\/config\n-rw-r--r-- 1 learner learner/);
    expect((await run('ls /var/lib')).out).toBe('etcd\nkubelet\n');
    expect((await run('sudo ls /var/lib/kubelet /var/lib/kubelet/pki /var/lib/etcd/member')).out).toBe(
      '/var/lib/etcd/member:\nsnap\nwal\n\n/var/lib/kubelet:\ncheckpoints\nconfig.yaml\ndevice-plugins\nkubeadm-flags.env\npki\nplugins\nplugins_registry\npod-resources\npods\n\n'
      + '/var/lib/kubelet/pki:\nkubelet-client-2026-01-01-00-00-00.pem\nkubelet-client-current.pem\nkubelet.crt\nkubelet.key\n');
    expect((await run('sudo cat /var/lib/kubelet/kubeadm-flags.env')).out).toBe('KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"\n');
    expect((await run('sudo grep -E "clientCAFile|staticPodPath|resolvConf" /var/lib/kubelet/config.yaml')).out).toBe(
      '    clientCAFile: /etc/kubernetes/pki/ca.crt\nresolvConf: /run/systemd/resolve/resolv.conf\nstaticPodPath: /etc/kubernetes/manifests\n');
  });

  it('prints the apiserver certificate as openssl does: subject, issuer, backdated dates, key usage and SANs', async () => {
    const { run } = await lab();
    expect((await run('openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -subject -issuer -dates')).out).toBe(
      'subject=CN = kube-apiserver\nissuer=CN = kubernetes\nnotBefore=Dec 31 23:55:00 2025 GMT\nnotAfter=Jan  1 00:00:00 2027 GMT\n');
    const text = (await run('openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -text')).out;
    expect(text).toContain(`        X509v3 extensions:
            X509v3 Key Usage: critical
                Digital Signature, Key Encipherment
            X509v3 Extended Key Usage: 
                TLS Web Server Authentication
            X509v3 Basic Constraints: critical
                CA:FALSE
            X509v3 Authority Key Identifier: 
                58:BC:8A:15:E6:60:54:26:00:37:43:10:8F:0B:14:F6:96:67:80:66
            X509v3 Subject Alternative Name: 
                DNS:control-plane, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP Address:10.96.0.1, IP Address:172.18.0.2
`);
    // ca.crt is the CA every pod trusts (kube-root-ca.crt), its key identifier what the leaves name.
    expect((await run('openssl x509 -in /etc/kubernetes/pki/ca.crt -noout -text | grep -A1 "Subject Key"')).out).toContain('58:BC:8A:15:E6:60:54:26:00:37:43:10:8F:0B:14:F6:96:67:80:66');
    expect((await run('[ "$(kubectl get cm kube-root-ca.crt -o jsonpath="{.data.ca\\.crt}")" = "$(cat /etc/kubernetes/pki/ca.crt)" ] && echo same')).out).toBe('same\n');
    expect((await run('openssl x509 -in /etc/kubernetes/pki/etcd/server.crt -noout -subject -issuer -text | grep -E "^(subject|issuer)|DNS:"')).out).toBe(
      'subject=CN = control-plane\nissuer=CN = etcd-ca\n                DNS:control-plane, DNS:localhost, IP Address:172.18.0.2, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1\n');
    expect((await run('openssl x509 -in /etc/kubernetes/pki/apiserver-kubelet-client.crt -noout -subject')).out).toBe('subject=O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client\n');
    expect((await run('openssl x509 -in /etc/kubernetes/pki/front-proxy-ca.crt -noout -subject -enddate')).out).toBe('subject=CN = front-proxy-ca\nnotAfter=Dec 30 00:00:00 2035 GMT\n');
    // The front proxy's client (kube-apiserver's --proxy-client-cert-file) is signed by that CA: its authority key is the CA's own.
    expect((await run('openssl x509 -in /etc/kubernetes/pki/front-proxy-client.crt -noout -subject -issuer')).out).toBe('subject=CN = front-proxy-client\nissuer=CN = front-proxy-ca\n');
    expect((await run('openssl x509 -in /etc/kubernetes/pki/front-proxy-client.crt -noout -text | grep -A1 "Extended Key Usage"')).out).toBe(
      '            X509v3 Extended Key Usage: \n                TLS Web Client Authentication\n');
    const keyId = async (file: string, ext: string) => (await run(`openssl x509 -in /etc/kubernetes/pki/${file} -noout -text | grep -A1 "${ext} Key Identifier" | tail -1`)).out.trim();
    const caKeyId = await keyId('front-proxy-ca.crt', 'Subject');
    expect(caKeyId).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(await keyId('front-proxy-client.crt', 'Authority')).toBe(caKeyId);
    expect(caKeyId).not.toBe(await keyId('ca.crt', 'Subject'));
    expect((await run('sudo head -1 /etc/kubernetes/pki/apiserver.key /etc/kubernetes/pki/sa.pub')).out).toBe(
      '==> /etc/kubernetes/pki/apiserver.key <==\n-----BEGIN RSA PRIVATE KEY-----\n\n==> /etc/kubernetes/pki/sa.pub <==\n-----BEGIN PUBLIC KEY-----\n');
  });

  it("holds kubeadm's kubeconfigs with real data: each authenticates as its certificate's subject", async () => {
    const { run } = await lab();
    const admin = (await run('sudo cat /etc/kubernetes/admin.conf')).out;
    expect(admin).not.toContain('DATA+OMITTED');
    expect(admin).toMatch(/^apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\S+\n    server: https:\/\/172\.18\.0\.2:6443\n  name: kubernetes\n/);
    expect(admin).toMatch(/\nkind: Config\nusers:\n- name: kubernetes-admin\n  user:\n    client-certificate-data: LS0t\S+\n    client-key-data: LS0t\S+\n$/);
    expect((await run('cat ~/.kube/config')).out).toBe(admin);
    await run('sudo grep client-certificate-data /etc/kubernetes/admin.conf | cut -d" " -f6 | base64 -d > /tmp/admin.crt');
    expect((await run('openssl x509 -in /tmp/admin.crt -noout -subject -issuer')).out).toBe('subject=O = kubeadm:cluster-admins, CN = kubernetes-admin\nissuer=CN = kubernetes\n');
    expect((await run('kubectl auth whoami')).out).toBe('ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n');
    expect((await run('sudo kubectl --kubeconfig /etc/kubernetes/admin.conf get ns default -o name')).out).toBe('namespace/default\n');
    for (const [file, user, groups] of [
      ['scheduler.conf', 'system:kube-scheduler', '[system:authenticated]'],
      ['controller-manager.conf', 'system:kube-controller-manager', '[system:authenticated]'],
      ['super-admin.conf', 'kubernetes-super-admin', '[system:masters system:authenticated]'],
      ['kubelet.conf', 'system:node:control-plane', '[system:nodes system:authenticated]'],
    ]) {
      const out = (await run(`sudo kubectl --kubeconfig /etc/kubernetes/${file} auth whoami`)).out;
      expect(out).toContain(`Username                                            ${user}\nGroups                                              ${groups}\n`);
      expect(out).toMatch(/Extra: authentication\.kubernetes\.io\/credential-id   \[X509SHA256=[0-9a-f]{64}\]/);
    }
    expect((await run('sudo kubectl --kubeconfig /etc/kubernetes/scheduler.conf get secrets -A')).out).toBe(
      'Error from server (Forbidden): secrets is forbidden: User "system:kube-scheduler" cannot list resource "secrets" in API group "" at the cluster scope\n');
    // kubectl config view leaves the data out as the real one does; --raw shows it.
    const view = (await run('kubectl config view')).out;
    expect(view).toContain('    certificate-authority-data: DATA+OMITTED\n');
    expect(view).toContain('    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n');
    expect((await run('kubectl config view --raw')).out).toBe(admin);
  });

  it('gives a worker what kubeadm join and the TLS bootstrap write, not the control-plane PKI', async () => {
    const { run } = await lab();
    expect((await run('ssh worker-1 ls -l /etc/kubernetes /etc/kubernetes/pki /etc/kubernetes/manifests')).out).toMatch(
      /^\/etc\/kubernetes:\ntotal 12\n-rw------- 1 root root +\d+ Jan  1 00:00 kubelet\.conf\ndrwxr-xr-x 2 root root 4096 Jan  1 00:00 manifests\ndrwxr-xr-x 2 root root 4096 Jan  1 00:00 pki\n\n\/etc\/kubernetes\/manifests:\ntotal 0\n\n\/etc\/kubernetes\/pki:\ntotal 4\n-rw-r--r-- 1 root root 1107 Jan  1 00:00 ca\.crt\n$/);
    const conf = (await run('ssh worker-1 sudo cat /etc/kubernetes/kubelet.conf')).out;
    expect(conf).toContain('  name: default-cluster\ncontexts:\n- context:\n    cluster: default-cluster\n    namespace: default\n    user: default-auth\n  name: default-context\ncurrent-context: default-context\n');
    expect(conf).toContain('    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem\n');
    expect((await run('ssh worker-2 sudo openssl x509 -in /var/lib/kubelet/pki/kubelet-client-current.pem -noout -subject -issuer')).out).toBe(
      'subject=O = system:nodes, CN = system:node:worker-2\nissuer=CN = kubernetes\n');
    expect((await run('ssh worker-1 ls /etc/kubernetes/admin.conf /home/learner/.kube/config')).out).toBe(
      "ls: cannot access '/etc/kubernetes/admin.conf': No such file or directory\nls: cannot access '/home/learner/.kube/config': No such file or directory\n");
    expect((await run('ssh worker-1 ls /var/lib')).out).toBe('kubelet\n');
  });

  it('keeps what the learner changed and reports the dates the files hold', async () => {
    const { run } = await lab();
    await run('echo mine | sudo tee /etc/kubernetes/scheduler.conf >/dev/null');
    expect((await run('sudo cat /etc/kubernetes/scheduler.conf; ls -l /etc/kubernetes/scheduler.conf')).out).toMatch(/^mine\n-rw------- 1 root root 5 /);
    const expiry = (await run('sudo kubeadm certs check-expiration')).out;
    expect(expiry).toMatch(/^apiserver +Jan 01, 2027 00:00 UTC /m);
    expect(expiry).toMatch(/^etcd-ca +Dec 30, 2035 00:00 UTC /m);
    expect((await run('openssl x509 -in /etc/kubernetes/pki/etcd/ca.crt -noout -enddate; openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -enddate')).out).toBe(
      'notAfter=Dec 30 00:00:00 2035 GMT\nnotAfter=Jan  1 00:00:00 2027 GMT\n');
    // The renewal manager reads the files: a removed one is missing, a replaced one shows its own date.
    await run('sudo rm /etc/kubernetes/pki/apiserver.crt; sudo cp /etc/kubernetes/pki/ca.crt /etc/kubernetes/pki/front-proxy-ca.crt');
    const after = (await run('sudo kubeadm certs check-expiration')).out;
    expect(after).toMatch(/^!MISSING! apiserver\s*$/m);
    expect(after).toMatch(/^front-proxy-ca +Dec 30, 2035 00:00 UTC +9y +no/m);
    expect(after).toMatch(/^etcd-server +Jan 01, 2027 00:00 UTC +364d +etcd-ca +no/m);
  });
});
