/**
 * What `kubeadm init` (the control-plane node) and `kubeadm join` (a worker) leave on a node, written on the
 * first touch of the node's files (node-files-loader.ts) so a fresh lab carries none of it before its prompt:
 *
 * - /etc/kubernetes: the kubeconfigs of phases/kubeconfig (admin.conf with kubernetes-admin in
 *   kubeadm:cluster-admins, super-admin.conf in system:masters, controller-manager.conf, scheduler.conf, and
 *   kubelet.conf pointing at the kubelet's rotated client certificate, as kubelet-finalize leaves it), each
 *   0600, and pki/ as phases/certs/certlist.go lists it: ca (the cluster CA every pod trusts, api/pki.ts),
 *   apiserver with GetAPIServerAltNames, apiserver-kubelet-client, front-proxy-ca and -client, the etcd CA with
 *   its server, peer and healthcheck-client certificates, apiserver-etcd-client, and the service-account key
 *   pair. Certificates 0644, keys 0600 (certutil.WriteCert, keyutil.WriteKey, which also writes sa.pub).
 * - /var/lib/kubelet: config.yaml (the KubeletConfiguration kubeadm writes), kubeadm-flags.env (v1.35's
 *   flags: only the CRI endpoint, as the kubelet's command line in processes.ts), and pki/ with the
 *   kubelet's self-signed serving pair and its client certificate.
 * - /var/lib/etcd/member on the control-plane node.
 * - A worker has what join writes: pki/ca.crt, kubelet.conf as the kubelet's TLS bootstrap writes it
 *   (default-cluster, default-auth), the empty manifests folder and /var/lib/kubelet.
 *
 * Validity as pkiutil sets it: a CA from CertificateBackdate (5 minutes) before `kubeadm init` until ten years
 * (87600h) after it, a leaf from its CA's notBefore until a year (8760h) after init, which is
 * what `kubeadm certs check-expiration` reports (kubeadm-certs.ts). Keys are not real RSA (util/pkix.ts): their
 * bytes come from a generator seeded by the file's name, so every lab shows the same files and the lab's random
 * source is not touched.
 */
import { apiserverCertificate, ROOT_CA_CERT } from '../api/pki.js';
import { COMPONENT_LOGGING, DNS_SERVICE_IP } from '../addons/kubeadm-addons.js';
import { kubeconfigText, labAdminCertificates } from '../kubectl/framework/session.js';
import { base64Encode } from '../util/base64.js';
import { fnv32a, Random } from '../util/random.js';
import {
  CLUSTER_CA, goCertificate, keyIdOf, parseCertificatePEM, publicKeyPEM, rsaModulus, rsaPrivateKeyPEM,
  type Certificate, type GoIssuer, type RSAKey,
} from '../util/pkix.js';
import type { MemoryFileSystem } from './vfs.js';
import { HOME } from './home.js';
export { writeStartupFiles, startShell, recordHistory, renderPrompt } from './startup-files.js';
import type { Cluster } from '../cluster.js';
import { installPodLogs } from './pod-log-files.js';
import { sizedText } from './binary.js';

/** The node's programs come with its other files (programs.ts), in the same lazily loaded code. */

/** etcd's WAL segments (server/storage/wal: SegmentSizeBytes, 64 * 1000 * 1000, preallocated by fallocate). */
export const WAL_SEGMENT_BYTES = 64_000_000;
/**
 * A member's WAL files: the first segment (wal.Create), and while etcd runs the next one its file pipeline
 * preallocates (0.tmp; removed when etcd closes the WAL, as on SIGTERM).
 */
export const etcdWALFiles = (running: boolean): string[] => ['0000000000000000-0000000000000000.wal', ...(running ? ['0.tmp'] : [])];
export { writeProgramFiles } from './programs.js';

export interface NodeFilesSpec {
  node: string;
  nodeIP: string;
  role: 'control-plane' | 'worker';
  /** The API server's address (kubeadm's LocalAPIEndpoint, no controlPlaneEndpoint). */
  controlPlaneIP: string;
  /** When kubeadm init (and the workers' join) ran: the cluster's first instant. */
  initAt: number;
  /** The cluster whose node this is: its kubelet's and containerd's log files appear under /var/log (pod-log-files.ts). */
  cluster?: Cluster;
}

const HOUR = 3_600_000;
/** kubeadmconstants.CertificateBackdate. */
const BACKDATE = 5 * 60_000;
/** ClusterConfiguration's certificateValidityPeriod and caCertificateValidityPeriod defaults. */
const CERT_VALIDITY = 8760 * HOUR;
const CA_VALIDITY = 87600 * HOUR;
const PKI = '/etc/kubernetes/pki';
const KUBELET_PKI = '/var/lib/kubelet/pki';
const CLIENT_CURRENT = `${KUBELET_PKI}/kubelet-client-current.pem`;

/** A stream of bytes from `seed`: the simulation's own generator on a seed of the name, not the lab's random source. */
function bytesFrom(seed: string): () => number {
  const random = new Random(fnv32a(seed));
  return () => random.int(256);
}

/** pkiutil.NewSignedCert's serial: uniform in [1, MaxInt64). */
function serialFrom(seed: string): number[] {
  const b = bytesFrom(`serial:${seed}`);
  const s = Array.from({ length: 8 }, b);
  s[0] &= 0x7f;
  s[7] |= 1;
  return s;
}

interface Pair { cert: string; key: string }

class Writer {
  constructor(private readonly fs: MemoryFileSystem, private readonly at: number) {}

  dir(path: string, mode = 0o755): void {
    if (!this.fs.stat(path)) this.fs.mkdir(path, true);
    this.fs.setMeta(path, mode, 'root', this.at);
  }

  /** A file kubeadm (root) wrote, unless something already wrote one there. */
  file(path: string, content: string, mode: number, owner = 'root'): void {
    if (this.fs.stat(path)) return;
    this.fs.writeFile(path, content);
    this.fs.setMeta(path, mode, owner, this.at);
  }

  /** A symbolic link root made, unless something is already there. */
  link(target: string, path: string): void {
    if (this.fs.lstat(path)) return;
    this.fs.symlink(target, path);
    this.fs.setMeta(path, 0o777, 'root', this.at);
  }

  pair(base: string, p: Pair): void {
    this.file(`${base}.crt`, p.cert, 0o644);
    this.file(`${base}.key`, p.key, 0o600);
  }
}

/** The certificates kubeadm makes, from one moment and one node. */
class Authority {
  readonly notBefore: number;
  readonly notAfter: number;
  readonly caNotAfter: number;

  constructor(private readonly spec: Pick<NodeFilesSpec, 'node' | 'initAt'>) {
    this.notBefore = spec.initAt - BACKDATE;
    this.notAfter = spec.initAt + CERT_VALIDITY;
    this.caNotAfter = spec.initAt + CA_VALIDITY;
  }

  private key(name: string): { key: RSAKey; pem: string } {
    const random = bytesFrom(`${this.spec.node}:${name}`);
    const key = rsaModulus(2048, random);
    return { key, pem: rsaPrivateKeyPEM(key, random) };
  }

  /** A self-signed CA (pkiutil.NewCertificateAuthority) and what it signs with. */
  ca(name: string, cn: string): Pair & { issuer: GoIssuer } {
    const { key, pem } = this.key(name);
    const secret = `kubelab-${name}`;
    const cert = goCertificate({ subject: [['CN', cn]], key, serial: serialFrom(name), notBefore: this.notBefore, notAfter: this.caNotAfter, usages: [], dns: [cn], secret });
    return { cert, key: pem, issuer: { subject: [['CN', cn]], keyId: keyIdOf(key), secret } };
  }

  leaf(name: string, issuer: GoIssuer, subject: [string, string][], usages: string[], dns: string[] = [], ip: string[] = [], notBefore = this.notBefore, notAfter = this.notAfter): Pair {
    const { key, pem } = this.key(name);
    // RemoveDuplicateAltNames sorts the DNS names (sets.List) and keeps the addresses' order.
    return { cert: goCertificate({ subject, key, serial: serialFrom(`${this.spec.node}:${name}`), notBefore, notAfter, usages, dns: [...new Set(dns)].sort(), ip, issuer }), key: pem };
  }

  /** The cluster CA's key: the modulus of ca.crt's public key. */
  clusterCAKey(): string {
    const ca = parseCertificatePEM(ROOT_CA_CERT) as Certificate;
    return rsaPrivateKeyPEM(ca.key, bytesFrom('ca'));
  }

  /**
   * The kubelet's own serving pair (certutil.GenerateSelfSignedCertKey, its cert dir having none): a CA
   * `NODE-ca@UNIX` and a leaf `NODE@UNIX` for the node's name, both from an hour before it started for a year;
   * kubelet.crt holds the leaf, then the CA.
   */
  kubeletServing(): Pair {
    const { node, initAt } = this.spec;
    const from = initAt - HOUR;
    const until = from + 365 * 24 * HOUR;
    const stamp = Math.floor(initAt / 1000);
    const caKey = this.key('kubelet-ca').key;
    const caSubject: [string, string][] = [['CN', `${node}-ca@${stamp}`]];
    const secret = `kubelab-kubelet-ca:${node}`;
    const ca = goCertificate({ subject: caSubject, key: caKey, serial: serialFrom(`${node}:kubelet-ca`), notBefore: from, notAfter: until, usages: [], secret });
    const leaf = this.leaf('kubelet', { subject: caSubject, keyId: keyIdOf(caKey), secret }, [['CN', `${node}@${stamp}`]], ['server auth'], [node], [], from, until);
    return { cert: leaf.cert + ca, key: leaf.key };
  }
}

/**
 * /etc/kubernetes/pki/front-proxy-ca of the control-plane node `node` (certs.KubeadmCertFrontProxyCA): the one
 * certificate both that file and kube-apiserver's extension-apiserver-authentication ConfigMap
 * (requestheader-client-ca-file, read from the file its flag names) show.
 */
export const frontProxyCA = (node: string, initAt: number) => new Authority({ node, initAt }).ca('front-proxy-ca', 'front-proxy-ca');

/** A kubeconfig as clientcmd writes it (v1.35: `preferences` omitted when empty), with its cluster's CA embedded. */
function kubeconfig(server: string, cluster: string, user: string, context: string, auth: Record<string, string>, namespace?: string): string {
  return kubeconfigText({
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': base64Encode(ROOT_CA_CERT), server }, name: cluster }],
    contexts: [{ context: { cluster, ...(namespace ? { namespace } : {}), user }, name: context }],
    'current-context': context,
    kind: 'Config',
    users: [{ name: user, user: auth }],
  });
}

const embedded = (p: Pair) => ({ 'client-certificate-data': base64Encode(p.cert), 'client-key-data': base64Encode(p.key) });

/** kubeadm's KubeletConfiguration (v1beta1 with its defaults left out, systemd-resolved's uplink file as resolvConf). */
export const KUBELET_CONFIG = `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
clusterDNS:
- ${DNS_SERVICE_IP}
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionPressureTransitionPeriod: 0s
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
${COMPONENT_LOGGING}memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
resolvConf: /run/systemd/resolve/resolv.conf
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;

/** kubeadm v1.35's kubelet flags file (phases/kubelet/flags.go): the CRI socket; no pause image since kubernetes#133778. */
const KUBEADM_FLAGS = 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"\n';

/** The kubelet's files: its configuration, flags and certificates, and the kubelet.conf that reaches them. */
function kubeletFiles(w: Writer, a: Authority, spec: NodeFilesSpec, client: Pair): void {
  w.dir('/var/lib/kubelet', 0o700);
  for (const d of ['checkpoints', 'device-plugins', 'plugins', 'plugins_registry', 'pod-resources', 'pods']) w.dir(`/var/lib/kubelet/${d}`, d === 'pods' ? 0o750 : 0o755);
  w.file('/var/lib/kubelet/config.yaml', KUBELET_CONFIG, 0o644);
  w.file('/var/lib/kubelet/kubeadm-flags.env', KUBEADM_FLAGS, 0o644);
  w.dir(KUBELET_PKI);
  w.pair(`${KUBELET_PKI}/kubelet`, a.kubeletServing());
  // The kubelet's certificate store (client-go's certificate_store.go): the pair (certificate then key in one file)
  // named by when the kubelet wrote it, time.Now() in Go's "2006-01-02-15-04-05", at its start with kubeadm init (the
  // certificate's notBefore is kubeadm's, 5 minutes backdated); kubelet-client-current.pem links to its absolute path.
  const pair = `${KUBELET_PKI}/kubelet-client-${new Date(spec.initAt).toISOString().replace(/[-:T]/g, '-').slice(0, 19)}.pem`;
  w.file(pair, client.cert + client.key, 0o600);
  w.link(pair, CLIENT_CURRENT);
}

/** Writes the node's kubeadm files into `fs` (those a learner already wrote stay as they are). */
export function writeNodeFiles(fs: MemoryFileSystem, spec: NodeFilesSpec): void {
  const w = new Writer(fs, spec.initAt);
  const a = new Authority(spec);
  const server = `https://${spec.controlPlaneIP}:6443`;
  const nodeUser = `system:node:${spec.node}`;
  if (spec.cluster) installPodLogs(fs, spec.cluster, spec.node, spec.initAt);
  w.dir('/etc/kubernetes');
  w.dir('/etc/kubernetes/manifests');
  w.dir(PKI);
  w.file(`${PKI}/ca.crt`, ROOT_CA_CERT, 0o644);
  if (spec.role === 'worker') {
    const client = a.leaf('kubelet-client', CLUSTER_CA, [['O', 'system:nodes'], ['CN', nodeUser]], ['client auth']);
    w.file('/etc/kubernetes/kubelet.conf', kubeconfig(server, 'default-cluster', 'default-auth', 'default-context', { 'client-certificate': CLIENT_CURRENT, 'client-key': CLIENT_CURRENT }, 'default'), 0o600);
    kubeletFiles(w, a, spec, client);
    return;
  }
  w.file(`${PKI}/ca.key`, a.clusterCAKey(), 0o600);
  const { dnsNames, ipAddresses } = apiserverCertificate(spec.node, spec.nodeIP);
  w.pair(`${PKI}/apiserver`, a.leaf('apiserver', CLUSTER_CA, [['CN', 'kube-apiserver']], ['server auth'], [...dnsNames], [...ipAddresses]));
  w.pair(`${PKI}/apiserver-kubelet-client`, a.leaf('apiserver-kubelet-client', CLUSTER_CA, [['O', 'kubeadm:cluster-admins'], ['CN', 'kube-apiserver-kubelet-client']], ['client auth']));
  const frontProxy = frontProxyCA(spec.node, spec.initAt);
  w.pair(`${PKI}/front-proxy-ca`, frontProxy);
  w.pair(`${PKI}/front-proxy-client`, a.leaf('front-proxy-client', frontProxy.issuer, [['CN', 'front-proxy-client']], ['client auth']));
  w.dir(`${PKI}/etcd`);
  const etcd = a.ca('etcd-ca', 'etcd-ca');
  w.pair(`${PKI}/etcd/ca`, etcd);
  // GetEtcdAltNames and GetEtcdPeerAltNames: the node's name and localhost, its address and both loopbacks.
  for (const name of ['server', 'peer']) {
    w.pair(`${PKI}/etcd/${name}`, a.leaf(`etcd-${name}`, etcd.issuer, [['CN', spec.node]], ['server auth', 'client auth'], [spec.node, 'localhost'], [spec.nodeIP, '127.0.0.1', '::1']));
  }
  w.pair(`${PKI}/etcd/healthcheck-client`, a.leaf('etcd-healthcheck-client', etcd.issuer, [['CN', 'kube-etcd-healthcheck-client']], ['client auth']));
  w.pair(`${PKI}/apiserver-etcd-client`, a.leaf('apiserver-etcd-client', etcd.issuer, [['CN', 'kube-apiserver-etcd-client']], ['client auth']));
  const sa = rsaModulus(2048, bytesFrom(`${spec.node}:sa`));
  w.file(`${PKI}/sa.key`, rsaPrivateKeyPEM(sa, bytesFrom(`${spec.node}:sa.key`)), 0o600);
  w.file(`${PKI}/sa.pub`, publicKeyPEM(sa), 0o600);
  // phases/kubeconfig: one client certificate per kubeconfig, `USER@CLUSTER` contexts.
  const conf = (file: string, user: string, groups: string[]) => {
    const pair = a.leaf(file, CLUSTER_CA, [...groups.map((g): [string, string] => ['O', g]), ['CN', user]], ['client auth']);
    w.file(`/etc/kubernetes/${file}`, kubeconfig(server, 'kubernetes', user, `${user}@kubernetes`, embedded(pair)), 0o600);
    return pair;
  };
  const admin = conf('admin.conf', 'kubernetes-admin', ['kubeadm:cluster-admins']);
  labAdminCertificates.add(base64Encode(admin.cert));
  conf('super-admin.conf', 'kubernetes-super-admin', ['system:masters']);
  conf('controller-manager.conf', 'system:kube-controller-manager', []);
  conf('scheduler.conf', 'system:kube-scheduler', []);
  // kubeadm's copy for kubelet-finalize, which then points kubelet.conf at the kubelet's rotated pair.
  const kubeletClient = a.leaf('kubelet-client', CLUSTER_CA, [['O', 'system:nodes'], ['CN', nodeUser]], ['client auth']);
  w.file('/etc/kubernetes/kubelet.conf', kubeconfig(server, 'kubernetes', nodeUser, `${nodeUser}@kubernetes`, { 'client-certificate': CLIENT_CURRENT, 'client-key': CLIENT_CURRENT }), 0o600);
  for (const f of fs.readDir('/etc/kubernetes/manifests') ?? []) fs.setMeta(`/etc/kubernetes/manifests/${f}`, 0o600, 'root', spec.initAt);
  kubeletFiles(w, a, spec, kubeletClient);
  w.dir('/var/lib/etcd', 0o700);
  for (const d of ['member', 'member/snap', 'member/wal']) w.dir(`/var/lib/etcd/${d}`, 0o700);
  for (const f of etcdWALFiles(true)) w.file(`/var/lib/etcd/member/wal/${f}`, sizedText(WAL_SEGMENT_BYTES), 0o600);
  // The guides' `sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config` and `chown $(id -u):$(id -g)`.
  if (fs.stat(`${HOME}/.kube`)) w.file(`${HOME}/.kube/config`, fs.readFile('/etc/kubernetes/admin.conf')!, 0o600, 'learner');
}
