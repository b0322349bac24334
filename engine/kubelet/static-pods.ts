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

/**
 * The port kubeadm's probes name (staticpodutil, kubernetes#132776, v1.34): the container declares it as `probe-port`
 * and every probe of the component points at that name.
 */
const PROBE_PORT = 'probe-port';

/** staticpodutil.LivenessProbe and StartupProbe (ReadinessProbe drops initialDelaySeconds and probes every second). */
const probe = (path: string, failureThreshold: number, host = '127.0.0.1', scheme = 'HTTPS') =>
  ({ failureThreshold, httpGet: { host, path, port: PROBE_PORT, scheme }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 });
const readinessProbe = (path: string, host = '127.0.0.1', scheme = 'HTTPS') =>
  ({ failureThreshold: 3, httpGet: { host, path, port: PROBE_PORT, scheme }, periodSeconds: 1, timeoutSeconds: 15 });

/** kubeadmutil.ArgumentsToCommand: the binary, then `--name=value` sorted by name. */
const command = (binary: string, args: Record<string, string>) =>
  [binary, ...Object.keys(args).sort().map((k) => `--${k}=${args[k]}`)];

const PKI = '/etc/kubernetes/pki';

/**
 * kube-apiserver's front-proxy flags as kubeadm's getAPIServerCommand sets them ("add it unconditionally with
 * recommended values"); kube-apiserver publishes them in kube-system's extension-apiserver-authentication ConfigMap.
 */
export const REQUEST_HEADER_FLAGS = {
  'requestheader-allowed-names': 'front-proxy-client',
  'requestheader-client-ca-file': `${PKI}/front-proxy-ca.crt`,
  'requestheader-extra-headers-prefix': 'X-Remote-Extra-',
  'requestheader-group-headers': 'X-Remote-Group',
  'requestheader-username-headers': 'X-Remote-User',
} as const;

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

/** Each component's probe port (kubeadm's constants: etcd's metrics listener, the API server's bind port, the two health ports). */
const PROBE_PORTS: Record<StaticPodComponent, number> = { etcd: 2381, 'kube-apiserver': 6443, 'kube-controller-manager': 10257, 'kube-scheduler': 10259 };

/** The node kubeadm init ran on: etcd is named after it (the member name and its --initial-cluster entry). */
export interface StaticPodHost { name: string; internalIP: string }

/**
 * The static Pod kubeadm v1.35 writes for `component` (phases/controlplane/manifests.go GetStaticPodSpecs,
 * phases/etcd/local.go GetEtcdPodSpec, staticpodutil.ComponentPod), with nothing the API server or the kubelet
 * adds: those defaults (terminationMessagePath, dnsPolicy, the NoExecute toleration…) appear on the mirror pod only.
 * `network` is the pod network kubeadm was given (--pod-network-cidr, and a node mask only when set:
 * kubeadm passes --node-cidr-mask-size only from the configuration's extraArgs).
 */
export function staticPodManifest(component: StaticPodComponent, node: StaticPodHost, network: PodNetworkOptions = {}): KObject {
  const nodeIP = node.internalIP;
  const image = component === 'etcd' ? ETCD_IMAGE : `registry.k8s.io/${component}:${KUBERNETES_VERSION}`;
  const serviceSubnet = network.serviceSubnet ?? DEFAULT_SERVICE_SUBNET;
  let container: Record<string, unknown>;
  const annotations: Record<string, string> = {};
  switch (component) {
    case 'etcd':
      annotations['kubeadm.kubernetes.io/etcd.advertise-client-urls'] = `https://${nodeIP}:2379`;
      container = {
        command: command('etcd', {
          'advertise-client-urls': `https://${nodeIP}:2379`, 'cert-file': `${PKI}/etcd/server.crt`, 'client-cert-auth': 'true',
          'data-dir': '/var/lib/etcd', 'feature-gates': 'InitialCorruptCheck=true', 'initial-advertise-peer-urls': `https://${nodeIP}:2380`,
          'initial-cluster': `${node.name}=https://${nodeIP}:2380`, 'key-file': `${PKI}/etcd/server.key`,
          'listen-client-urls': `https://127.0.0.1:2379,https://${nodeIP}:2379`, 'listen-metrics-urls': 'http://127.0.0.1:2381',
          'listen-peer-urls': `https://${nodeIP}:2380`, name: node.name, 'peer-cert-file': `${PKI}/etcd/peer.crt`,
          'peer-client-cert-auth': 'true', 'peer-key-file': `${PKI}/etcd/peer.key`, 'peer-trusted-ca-file': `${PKI}/etcd/ca.crt`,
          'snapshot-count': '10000', 'trusted-ca-file': `${PKI}/etcd/ca.crt`, 'watch-progress-notify-interval': '5s',
        }),
        livenessProbe: probe('/livez', 8, '127.0.0.1', 'HTTP'),
        readinessProbe: readinessProbe('/readyz', '127.0.0.1', 'HTTP'),
        startupProbe: probe('/readyz', 24, '127.0.0.1', 'HTTP'),
        resources: { requests: { cpu: '100m', memory: '100Mi' } },
      };
      break;
    case 'kube-apiserver':
      annotations['kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint'] = `${nodeIP}:6443`;
      container = {
        command: command('kube-apiserver', {
          'advertise-address': nodeIP, 'allow-privileged': 'true', 'authorization-mode': 'Node,RBAC', 'client-ca-file': `${PKI}/ca.crt`,
          'enable-admission-plugins': 'NodeRestriction', 'enable-bootstrap-token-auth': 'true', 'etcd-cafile': `${PKI}/etcd/ca.crt`,
          'etcd-certfile': `${PKI}/apiserver-etcd-client.crt`, 'etcd-keyfile': `${PKI}/apiserver-etcd-client.key`, 'etcd-servers': 'https://127.0.0.1:2379',
          'kubelet-client-certificate': `${PKI}/apiserver-kubelet-client.crt`, 'kubelet-client-key': `${PKI}/apiserver-kubelet-client.key`,
          'kubelet-preferred-address-types': 'InternalIP,ExternalIP,Hostname',
          'proxy-client-cert-file': `${PKI}/front-proxy-client.crt`, 'proxy-client-key-file': `${PKI}/front-proxy-client.key`,
          ...REQUEST_HEADER_FLAGS,
          'secure-port': '6443', 'service-account-issuer': 'https://kubernetes.default.svc.cluster.local', 'service-account-key-file': `${PKI}/sa.pub`,
          'service-account-signing-key-file': `${PKI}/sa.key`, 'service-cluster-ip-range': serviceSubnet,
          'tls-cert-file': `${PKI}/apiserver.crt`, 'tls-private-key-file': `${PKI}/apiserver.key`,
        }),
        livenessProbe: probe('/livez', 8, nodeIP),
        readinessProbe: readinessProbe('/readyz', nodeIP),
        startupProbe: probe('/livez', 24, nodeIP),
        resources: { requests: { cpu: '250m' } },
      };
      break;
    case 'kube-controller-manager': {
      const conf = '/etc/kubernetes/controller-manager.conf';
      container = {
        command: command('kube-controller-manager', {
          'allocate-node-cidrs': 'true', 'authentication-kubeconfig': conf, 'authorization-kubeconfig': conf, 'bind-address': '127.0.0.1',
          'client-ca-file': `${PKI}/ca.crt`, 'cluster-cidr': network.clusterCIDR ?? DEFAULT_CLUSTER_CIDR, 'cluster-name': 'kubernetes',
          'cluster-signing-cert-file': `${PKI}/ca.crt`, 'cluster-signing-key-file': `${PKI}/ca.key`, controllers: '*,bootstrapsigner,tokencleaner',
          kubeconfig: conf, 'leader-elect': 'true',
          ...(network.nodeCIDRMaskSize !== undefined && network.nodeCIDRMaskSize !== DEFAULT_NODE_CIDR_MASK_SIZE ? { 'node-cidr-mask-size': String(network.nodeCIDRMaskSize) } : {}),
          'requestheader-client-ca-file': REQUEST_HEADER_FLAGS['requestheader-client-ca-file'], 'root-ca-file': `${PKI}/ca.crt`,
          'service-account-private-key-file': `${PKI}/sa.key`, 'service-cluster-ip-range': serviceSubnet, 'use-service-account-credentials': 'true',
        }),
        livenessProbe: probe('/healthz', 8),
        startupProbe: probe('/healthz', 24),
        resources: { requests: { cpu: '200m' } },
      };
      break;
    }
    default: {
      const conf = '/etc/kubernetes/scheduler.conf';
      container = {
        command: command('kube-scheduler', { 'authentication-kubeconfig': conf, 'authorization-kubeconfig': conf, 'bind-address': '127.0.0.1', kubeconfig: conf, 'leader-elect': 'true' }),
        livenessProbe: probe('/livez', 8),
        readinessProbe: readinessProbe('/readyz'),
        startupProbe: probe('/livez', 24),
        resources: { requests: { cpu: '100m' } },
      };
    }
  }
  const mounts = HOST_MOUNTS[component];
  const volumeMounts = mounts.map((m) => ({ mountPath: m.path, name: m.name, ...(m.readOnly ? { readOnly: true } : {}) }));
  const volumes = [...mounts].sort((a, b) => (a.name < b.name ? -1 : 1)).map((m) => ({ hostPath: { path: m.path, type: m.type }, name: m.name }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: component, namespace: 'kube-system', labels: { component, tier: 'control-plane' }, annotations },
    spec: {
      containers: [{
        name: component, image, imagePullPolicy: 'IfNotPresent', ...container,
        ports: [{ containerPort: PROBE_PORTS[component], name: PROBE_PORT, protocol: 'TCP' }],
        volumeMounts,
      }],
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      volumes,
    },
  };
}

/** What the kubelet's applyDefaults adds to a pod read from a file: a toleration of every NoExecute taint. */
const STATIC_POD_TOLERATION = { effect: 'NoExecute', operator: 'Exists' };

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
    spec: { ...(manifest.spec as object), nodeName, tolerations: [...((manifest.spec as { tolerations?: object[] }).tolerations ?? []), STATIC_POD_TOLERATION] },
  };
}
