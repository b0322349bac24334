/**
 * kubeadm's static pod manifests (/etc/kubernetes/manifests on the
 * control-plane node) and the mirror pods the kubelet publishes for them.
 */
import type { KObject } from '../api/meta.js';
import { fnv32a } from '../util/random.js';
import { stableStringify } from '../api/meta.js';
import { DEFAULT_CLUSTER_CIDR, DEFAULT_NODE_CIDR_MASK_SIZE, DEFAULT_SERVICE_SUBNET, type PodNetworkOptions } from '../network/pod-cidr.js';

export const KUBERNETES_VERSION = 'v1.35.0';
export const ETCD_IMAGE = 'registry.k8s.io/etcd:3.6.6-0';
export const STATIC_POD_COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
export type StaticPodComponent = (typeof STATIC_POD_COMPONENTS)[number];

export const ANNOTATION_MIRROR = 'kubernetes.io/config.mirror';
export const ANNOTATION_HASH = 'kubernetes.io/config.hash';
export const ANNOTATION_SOURCE = 'kubernetes.io/config.source';
export const ANNOTATION_SEEN = 'kubernetes.io/config.seen';

const probe = (path: string, port: number, failureThreshold: number, host = '127.0.0.1', scheme = 'HTTPS') =>
  ({ failureThreshold, httpGet: { host, path, port, scheme }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 });

/** A hostPath volume kubeadm gives a component, with the mount at the same path (staticpodutil.NewVolume/NewVolumeMount). */
interface HostMount { name: string; path: string; type: 'DirectoryOrCreate' | 'FileOrCreate'; readOnly: boolean }
const caCerts = (): HostMount[] => [
  { name: 'ca-certs', path: '/etc/ssl/certs', type: 'DirectoryOrCreate', readOnly: true },
  { name: 'etc-ca-certificates', path: '/etc/ca-certificates', type: 'DirectoryOrCreate', readOnly: true },
];
const shareCaCerts = (): HostMount[] => [
  { name: 'usr-local-share-ca-certificates', path: '/usr/local/share/ca-certificates', type: 'DirectoryOrCreate', readOnly: true },
  { name: 'usr-share-ca-certificates', path: '/usr/share/ca-certificates', type: 'DirectoryOrCreate', readOnly: true },
];
const k8sCerts: HostMount = { name: 'k8s-certs', path: '/etc/kubernetes/pki', type: 'DirectoryOrCreate', readOnly: true };

/**
 * kubeadm's hostPath volumes on a Debian-based node (kind's; /etc/pki absent, the flexvolume directory present),
 * volumes sorted by name (VolumeMapToSlice); etcd mounts its data before its certificates.
 */
const HOST_MOUNTS: Record<StaticPodComponent, HostMount[]> = {
  etcd: [
    { name: 'etcd-data', path: '/var/lib/etcd', type: 'DirectoryOrCreate', readOnly: false },
    { name: 'etcd-certs', path: '/etc/kubernetes/pki/etcd', type: 'DirectoryOrCreate', readOnly: false },
  ],
  'kube-apiserver': [...caCerts(), k8sCerts, ...shareCaCerts()],
  'kube-controller-manager': [
    ...caCerts(),
    { name: 'flexvolume-dir', path: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', type: 'DirectoryOrCreate', readOnly: false },
    k8sCerts,
    { name: 'kubeconfig', path: '/etc/kubernetes/controller-manager.conf', type: 'FileOrCreate', readOnly: true },
    ...shareCaCerts(),
  ],
  'kube-scheduler': [{ name: 'kubeconfig', path: '/etc/kubernetes/scheduler.conf', type: 'FileOrCreate', readOnly: true }],
};

/**
 * `network` is the pod network kubeadm was given (--pod-network-cidr, and a node mask only when set:
 * kubeadm passes --node-cidr-mask-size only from the configuration's extraArgs).
 */
export function staticPodManifest(component: StaticPodComponent, nodeIP: string, network: PodNetworkOptions = {}): KObject {
  const image = component === 'etcd' ? ETCD_IMAGE : `registry.k8s.io/${component}:${KUBERNETES_VERSION}`;
  const common = { imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
  let container: Record<string, unknown>;
  const annotations: Record<string, string> = {};
  switch (component) {
    case 'etcd':
      annotations['kubeadm.kubernetes.io/etcd.advertise-client-urls'] = `https://${nodeIP}:2379`;
      container = {
        name: 'etcd', image, ...common,
        command: ['etcd', `--advertise-client-urls=https://${nodeIP}:2379`, '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--client-cert-auth=true', '--data-dir=/var/lib/etcd', '--feature-gates=InitialCorruptCheck=true', `--initial-advertise-peer-urls=https://${nodeIP}:2380`, `--initial-cluster=control-plane=https://${nodeIP}:2380`, '--key-file=/etc/kubernetes/pki/etcd/server.key', `--listen-client-urls=https://127.0.0.1:2379,https://${nodeIP}:2379`, '--listen-metrics-urls=http://127.0.0.1:2381', `--listen-peer-urls=https://${nodeIP}:2380`, '--name=control-plane', '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-client-cert-auth=true', '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key', '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--snapshot-count=10000', '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--watch-progress-notify-interval=5s'],
        livenessProbe: probe('/livez', 2381, 8, '127.0.0.1', 'HTTP'),
        readinessProbe: { ...probe('/readyz', 2381, 3, '127.0.0.1', 'HTTP'), periodSeconds: 1 },
        startupProbe: probe('/readyz', 2381, 24, '127.0.0.1', 'HTTP'),
        resources: { requests: { cpu: '100m', memory: '100Mi' } },
      };
      break;
    case 'kube-apiserver':
      annotations['kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint'] = `${nodeIP}:6443`;
      container = {
        name: 'kube-apiserver', image, ...common,
        command: ['kube-apiserver', `--advertise-address=${nodeIP}`, '--allow-privileged=true', '--authorization-mode=Node,RBAC', '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--enable-admission-plugins=NodeRestriction', '--enable-bootstrap-token-auth=true', '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt', '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt', '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key', '--etcd-servers=https://127.0.0.1:2379', '--secure-port=6443', '--service-account-issuer=https://kubernetes.default.svc.cluster.local', '--service-account-key-file=/etc/kubernetes/pki/sa.pub', '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key', `--service-cluster-ip-range=${network.serviceSubnet ?? DEFAULT_SERVICE_SUBNET}`, '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt', '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key'],
        livenessProbe: probe('/livez', 6443, 8, nodeIP),
        readinessProbe: { ...probe('/readyz', 6443, 3, nodeIP), periodSeconds: 1, initialDelaySeconds: undefined },
        startupProbe: probe('/livez', 6443, 24, nodeIP),
        resources: { requests: { cpu: '250m' } },
      };
      break;
    case 'kube-controller-manager':
      container = {
        name: 'kube-controller-manager', image, ...common,
        command: ['kube-controller-manager', '--allocate-node-cidrs=true', '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf', '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf', '--bind-address=127.0.0.1', '--client-ca-file=/etc/kubernetes/pki/ca.crt', `--cluster-cidr=${network.clusterCIDR ?? DEFAULT_CLUSTER_CIDR}`, '--cluster-name=kubernetes', '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt', '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key', '--controllers=*,bootstrapsigner,tokencleaner', '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true', ...(network.nodeCIDRMaskSize !== undefined && network.nodeCIDRMaskSize !== DEFAULT_NODE_CIDR_MASK_SIZE ? [`--node-cidr-mask-size=${network.nodeCIDRMaskSize}`] : []), '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt', '--root-ca-file=/etc/kubernetes/pki/ca.crt', '--service-account-private-key-file=/etc/kubernetes/pki/sa.key', `--service-cluster-ip-range=${network.serviceSubnet ?? DEFAULT_SERVICE_SUBNET}`, '--use-service-account-credentials=true'],
        livenessProbe: probe('/healthz', 10257, 8),
        startupProbe: probe('/healthz', 10257, 24),
        resources: { requests: { cpu: '200m' } },
      };
      break;
    default:
      container = {
        name: 'kube-scheduler', image, ...common,
        command: ['kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'],
        livenessProbe: probe('/livez', 10259, 8),
        readinessProbe: { ...probe('/readyz', 10259, 3), periodSeconds: 1, initialDelaySeconds: undefined, timeoutSeconds: 15 },
        startupProbe: probe('/livez', 10259, 24),
        resources: { requests: { cpu: '100m' } },
      };
  }
  const mounts = HOST_MOUNTS[component];
  container.volumeMounts = mounts.map((m) => ({ mountPath: m.path, name: m.name, ...(m.readOnly ? { readOnly: true } : {}) }));
  const volumes = [...mounts].sort((a, b) => (a.name < b.name ? -1 : 1)).map((m) => ({ hostPath: { path: m.path, type: m.type }, name: m.name }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: component, namespace: 'kube-system', labels: { component, tier: 'control-plane' }, annotations },
    spec: {
      containers: [JSON.parse(JSON.stringify(container))],
      volumes,
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    },
  };
}

/** The config hash the kubelet stamps on a static pod (a hash of the manifest). */
export function manifestHash(manifest: KObject): string {
  const s = stableStringify(manifest);
  return [0, 1, 2, 3].map((i) => fnv32a(`${i}${s}`).toString(16).padStart(8, '0')).join('');
}

/** The mirror pod object the kubelet creates for a static pod. */
export function mirrorPod(manifest: KObject, nodeName: string, nodeUID: string | undefined, seen: string): KObject {
  const hash = manifestHash(manifest);
  const m = manifest.metadata;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${m.name}-${nodeName}`,
      namespace: m.namespace,
      labels: { ...(m.labels ?? {}) },
      annotations: { ...(m.annotations ?? {}), [ANNOTATION_HASH]: hash, [ANNOTATION_MIRROR]: hash, [ANNOTATION_SEEN]: seen, [ANNOTATION_SOURCE]: 'file' },
      ownerReferences: nodeUID ? [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUID, controller: true }] : undefined,
    },
    spec: { ...(manifest.spec as object), nodeName },
  };
}
