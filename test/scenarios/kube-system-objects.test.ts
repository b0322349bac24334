/**
 * kube-system and kube-public as a kubeadm v1.35 cluster has them right after `kubeadm init` and the joins: one
 * ServiceAccount per kube-controller-manager controller (--use-service-account-credentials), kube-apiserver's
 * ConfigMaps, kubeadm's kubeadm-config, kubelet-config and cluster-info, and the bootstrap token `kubeadm init`
 * made, which the bootstrap signer signs cluster-info with and the token cleaner deletes when it expires.
 * Contents are parsed here with the yaml package and node:crypto, not with the engine's own code.
 */
import { createHmac, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Cluster, type ClusterOptions } from '../../engine/cluster.js';
import { CONTROLLER_SERVICE_ACCOUNTS } from '../../engine/api/bootstrap/kubeadm-objects.js';
import { CONTROLLER_ROLES, NAMESPACE_ROLE_BINDINGS } from '../../engine/api/rbac/policy-data.js';
import { ROOT_CA_CERT } from '../../engine/api/pki.js';
import { lab as nodeLab } from '../../engine/shell/commands/node/test-lab.js';

/** A lab whose lines print what they print, whatever their exit status. */
async function lab(options: ClusterOptions = { seed: 5 }) {
  const l = await nodeLab(options);
  return { cluster: l.cluster, run: async (line: string) => (await l.run(line)).out };
}

const b64 = (s: string) => Buffer.from(s, 'base64').toString();

describe('kube-system and kube-public after kubeadm init', () => {
  it("holds one ServiceAccount per controller, each bound to its controller's role", async () => {
    const { run } = await lab();
    const names = (await run(`kubectl get sa -n kube-system -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'`)).trim().split('\n');
    expect(names).toEqual([...CONTROLLER_SERVICE_ACCOUNTS, 'coredns', 'default', 'kube-proxy'].sort());
    expect(names).toHaveLength(40);
    expect(names).toContain('service-cidrs-controller');
    expect(names).not.toContain('selinux-warning-controller');
    expect(names).not.toContain('service-controller');
    // Created as kube-controller-manager started: the boot instant.
    expect((await run('kubectl get sa node-controller -n kube-system -o jsonpath={.metadata.creationTimestamp}'))).toBe('2026-01-01T00:00:00Z');
    // The bootstrap policy binds every one of them: a ClusterRole per controller, and Roles for the two token controllers.
    const roles = new Set(CONTROLLER_ROLES.map(([n]) => n));
    const namespaced = new Set(NAMESPACE_ROLE_BINDINGS.flatMap(([, , , , subjects]) => subjects).filter((s) => s.startsWith('S:kube-system/')).map((s) => s.slice('S:kube-system/'.length)));
    for (const sa of CONTROLLER_SERVICE_ACCOUNTS) expect(roles.has(sa) || namespaced.has(sa), sa).toBe(true);
    expect(await run('kubectl auth can-i create pods -n default --as=system:serviceaccount:kube-system:replicaset-controller')).toBe('yes\n');
    expect(await run('kubectl auth can-i delete secrets -n kube-system --as=system:serviceaccount:kube-system:token-cleaner')).toBe('yes\n');
  });

  it("has kubeadm's ClusterConfiguration and KubeletConfiguration, from the cluster's own options", async () => {
    const { run } = await lab({ seed: 5, podNetwork: { clusterCIDR: '10.100.0.0/16', serviceSubnet: '10.96.0.0/20' } });
    const cc = parse(await run("kubectl -n kube-system get cm kubeadm-config -o jsonpath='{.data.ClusterConfiguration}'"));
    expect(cc).toMatchObject({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'ClusterConfiguration', clusterName: 'kubernetes', certificatesDir: '/etc/kubernetes/pki', imageRepository: 'registry.k8s.io', encryptionAlgorithm: 'RSA-2048' });
    expect(cc.networking).toEqual({ dnsDomain: 'cluster.local', podSubnet: '10.100.0.0/16', serviceSubnet: '10.96.0.0/20' });
    expect(await run('kubectl version | grep Server')).toBe(`Server Version: ${cc.kubernetesVersion}\n`);
    // No --control-plane-endpoint: the kubeconfigs name the advertise address, and the field is left out.
    expect(cc).not.toHaveProperty('controlPlaneEndpoint');

    const kubelet = await run("kubectl -n kube-system get cm kubelet-config -o jsonpath='{.data.kubelet}'");
    expect(parse(kubelet)).toMatchObject({ kind: 'KubeletConfiguration', apiVersion: 'kubelet.config.k8s.io/v1beta1', cgroupDriver: 'systemd', clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', staticPodPath: '/etc/kubernetes/manifests' });
    // What kubeadm wrote to the node's /var/lib/kubelet/config.yaml.
    expect(await run('sudo cat /var/lib/kubelet/config.yaml')).toBe(kubelet);
    // componentconfigs.SignConfigMap: the SHA-256 of the data's values in key order.
    const hash = await run(`kubectl -n kube-system get cm kubelet-config -o jsonpath='{.metadata.annotations.kubeadm\\.kubernetes\\.io/component-config\\.hash}'`);
    expect(hash).toBe(`sha256:${(await import('node:crypto')).createHash('sha256').update(kubelet).digest('hex')}`);
  });

  it("has kube-apiserver's authentication ConfigMaps", async () => {
    const { run } = await lab();
    const data = JSON.parse(await run("kubectl -n kube-system get cm extension-apiserver-authentication -o jsonpath='{.data}'")) as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(['client-ca-file', 'requestheader-allowed-names', 'requestheader-client-ca-file', 'requestheader-extra-headers-prefix', 'requestheader-group-headers', 'requestheader-username-headers']);
    expect(data['client-ca-file']).toBe(ROOT_CA_CERT);
    expect(JSON.parse(data['requestheader-allowed-names'])).toEqual(['front-proxy-client']);
    expect(JSON.parse(data['requestheader-username-headers'])).toEqual(['X-Remote-User']);
    const frontProxy = new X509Certificate(data['requestheader-client-ca-file']);
    expect(frontProxy.subject).toBe('CN=front-proxy-ca');
    expect(frontProxy.ca).toBe(true);
    // One front-proxy CA, as on a kubeadm cluster: what kube-apiserver read from the node's file, which signed the proxy's client.
    expect(data['requestheader-client-ca-file']).toBe(await run('cat /etc/kubernetes/pki/front-proxy-ca.crt'));
    expect(data['client-ca-file']).toBe(await run('cat /etc/kubernetes/pki/ca.crt'));
    const client = new X509Certificate(await run('cat /etc/kubernetes/pki/front-proxy-client.crt'));
    expect(client.subject).toBe('CN=front-proxy-client');
    expect(client.checkIssued(frontProxy)).toBe(true);
    expect(client.checkIssued(new X509Certificate(data['client-ca-file']))).toBe(false);
    expect(await run("kubectl -n kube-system get cm kube-apiserver-legacy-service-account-token-tracking -o jsonpath='{.data.since}'")).toBe('2026-01-01');
  });

  it("publishes kube-apiserver's front-proxy flags: the manifest's --requestheader-* and --client-ca-file are the ConfigMap's keys", async () => {
    const { run } = await lab({ seed: 9 });
    const data = JSON.parse(await run("kubectl -n kube-system get cm extension-apiserver-authentication -o jsonpath='{.data}'")) as Record<string, string>;
    const flagsOf = (text: string) => {
      const command = (parse(text) as { spec: { containers: { command: string[] }[] } }).spec.containers[0].command;
      return new Map(command.slice(1).map((a) => /^--([^=]+)=(.*)$/.exec(a)!.slice(1) as [string, string]));
    };
    const file = flagsOf(await run('sudo cat /etc/kubernetes/manifests/kube-apiserver.yaml'));
    // The mirror pod runs the same command.
    expect(flagsOf(await run('kubectl -n kube-system get pod kube-apiserver-control-plane -o yaml'))).toEqual(file);
    const requestHeader = [...file.keys()].filter((k) => k.startsWith('requestheader-'));
    expect(requestHeader).toEqual(['requestheader-allowed-names', 'requestheader-client-ca-file', 'requestheader-extra-headers-prefix', 'requestheader-group-headers', 'requestheader-username-headers']);
    expect(Object.keys(data).sort()).toEqual(['client-ca-file', ...requestHeader]);
    // A file flag's key holds that file's text; a list flag's its comma-separated values as JSON.
    for (const key of Object.keys(data)) {
      const value = file.get(key)!;
      expect(data[key], key).toBe(key.endsWith('-file') ? await run(`cat ${value}`) : JSON.stringify(value.split(',')));
    }
    // The aggregation layer's client: a certificate the requestheader CA signed, for a name the API server allows.
    const proxyClient = new X509Certificate(await run(`cat ${file.get('proxy-client-cert-file')}`));
    expect(proxyClient.checkIssued(new X509Certificate(data['requestheader-client-ca-file']))).toBe(true);
    expect(JSON.parse(data['requestheader-allowed-names'])).toContain(proxyClient.subject.replace(/^CN=/, ''));
    expect(file.get('proxy-client-key-file')).toBe('/etc/kubernetes/pki/front-proxy-client.key');
    expect(await run(`sudo head -1 ${file.get('proxy-client-key-file')}`)).toBe('-----BEGIN RSA PRIVATE KEY-----\n');
  });

  it("signs cluster-info with `kubeadm init`'s token, whose Secret the token cleaner deletes after 24 h", async () => {
    const { run } = await lab();
    const table = await run('kubectl get secrets -A');
    const m = /^NAMESPACE {5}NAME {21}TYPE {28}DATA {3}AGE\nkube-system {3}bootstrap-token-([a-z0-9]{6}) {3}bootstrap\.kubernetes\.io\/token {3}7 {6}2m\n$/.exec(table);
    expect(m, table).not.toBeNull();
    const id = m![1];
    const secret = JSON.parse(await run(`kubectl -n kube-system get secret bootstrap-token-${id} -o jsonpath='{.data}'`)) as Record<string, string>;
    expect(Object.fromEntries(Object.entries(secret).map(([k, v]) => [k, b64(v)]))).toEqual({
      'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token', description: "The default bootstrap token generated by 'kubeadm init'.",
      expiration: '2026-01-02T00:00:00Z', 'token-id': id, 'token-secret': expect.stringMatching(/^[a-z0-9]{16}$/),
      'usage-bootstrap-authentication': 'true', 'usage-bootstrap-signing': 'true',
    });

    const info = JSON.parse(await run("kubectl -n kube-public get cm cluster-info -o jsonpath='{.data}'")) as Record<string, string>;
    expect(Object.keys(info).sort()).toEqual([`jws-kubeconfig-${id}`, 'kubeconfig']);
    const kubeconfig = parse(info.kubeconfig);
    expect(kubeconfig).toEqual({
      apiVersion: 'v1', kind: 'Config', 'current-context': '', contexts: null, users: null,
      clusters: [{ name: '', cluster: { server: 'https://172.18.0.2:6443', 'certificate-authority-data': Buffer.from(ROOT_CA_CERT).toString('base64') } }],
    });
    // A detached HS256 JWS (RFC 7515 with the payload left out), keyed by the token's secret.
    const [header, payload, signature] = info[`jws-kubeconfig-${id}`].split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', kid: id });
    expect(payload).toBe('');
    const mac = createHmac('sha256', b64(secret['token-secret'])).update(`${header}.${Buffer.from(info.kubeconfig).toString('base64url')}`).digest('base64url');
    expect(signature).toBe(mac);

    // A token of one's own is signed for too, and its signature goes with it.
    const mine = (await run('sudo kubeadm token create --ttl 1h')).trim().split('.')[0];
    await run('sleep 1');
    expect(await run(`kubectl -n kube-public get cm cluster-info -o jsonpath='{.data.jws-kubeconfig-${mine}}' | cut -c1-20`)).toBe('eyJhbGciOiJIUzI1NiIs\n');

    expect(await run('sim ff 24h')).toBe('fast-forwarded 1440m\n');
    expect(await run('kubectl get secrets -A')).toBe('No resources found\n');
    expect(Object.keys(JSON.parse(await run("kubectl -n kube-public get cm cluster-info -o jsonpath='{.data}'")))).toEqual(['kubeconfig']);
    expect(await run('sudo kubeadm token list')).toBe('TOKEN     TTL       EXPIRES   USAGES    DESCRIPTION   EXTRA GROUPS\n');
  });

  it('writes them at the first command that may read them, leaving every other object as it was', async () => {
    const plain = await lab();
    expect(plain.cluster.apiserver.tryGet('configmaps', 'kube-system', 'kubeadm-config')).toBeUndefined();
    await plain.run('kubectl get pods -A');
    expect(plain.cluster.apiserver.tryGet('serviceaccounts', 'kube-system', 'node-controller')).toBeUndefined();
    await plain.run('kubectl create deployment web --image=nginx --replicas=2');
    await plain.run('sleep 5');

    const touched = await lab();
    expect(await touched.run('kubectl get cm -n kube-public')).toMatch(/^NAME {15}DATA {3}AGE\ncluster-info {7}2 {6}2m\nkube-root-ca\.crt {3}1 {6}2m\n$/);
    await touched.run('kubectl create deployment web --image=nginx --replicas=2');
    await touched.run('sleep 5');
    const pods = (c: Cluster) => c.client().list('pods', 'default').items.map((p) => [p.metadata.name, p.metadata.uid]);
    expect(pods(touched.cluster)).toEqual(pods(plain.cluster));
    expect(pods(touched.cluster)).toHaveLength(2);
  });

  it('does not write a token that expired before anyone asked', async () => {
    const { run } = await lab();
    await run('sim ff 24h');
    expect(await run('kubectl get secrets -n kube-system')).toBe('No resources found in kube-system namespace.\n');
    expect(await run("kubectl -n kube-public get cm cluster-info -o jsonpath='{.data}' | grep -c jws-kubeconfig")).toBe('0\n');
  });
});
