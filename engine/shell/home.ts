/**
 * The node's filesystem as the learner finds it: a kubeadm control-plane node
 * on Ubuntu 24.04, logged in as a regular user who ran kubeadm's "To start
 * using your cluster" steps (so ~/.kube/config exists), with example
 * manifests in the home folder. Manifests are valid for Kubernetes v1.35.
 */
import { MemoryFileSystem } from './vfs.js';
import { nodeUpstreamResolver } from '../network/dns.js';
import { lazyModule } from '../util/lazy-module.js';
import type { NodeFilesSpec } from './node-files.js';

export const HOME = '/home/learner';
/** The learner's account on the node (uid 1000, in adm and sudo). */
export const USER = 'learner';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: hello
  labels:
    app: hello
spec:
  containers:
  - name: hello
    image: busybox:1.36
    command: ["sh", "-c", "echo Hello from the pod && sleep 3600"]
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  APP_MODE: production
  APP_COLOR: blue
`;

/** The HPA walkthrough's CPU-bound PHP server: it needs a CPU request so utilisation can be computed. */
const PHP_APACHE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  selector:
    matchLabels:
      run: php-apache
  template:
    metadata:
      labels:
        run: php-apache
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports:
        - containerPort: 80
        resources:
          limits:
            cpu: 500m
          requests:
            cpu: 200m
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
  labels:
    run: php-apache
spec:
  ports:
  - port: 80
  selector:
    run: php-apache
`;

/** Allocates 250M while its limit is 100Mi, so it is OOMKilled until the limit is raised (scale-up). */
const MEMORY_HOG = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: memory-hog
spec:
  replicas: 1
  selector:
    matchLabels:
      app: memory-hog
  template:
    metadata:
      labels:
        app: memory-hog
    spec:
      containers:
      - name: stress
        image: polinux/stress
        command: ["stress"]
        args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]
        resources:
          requests:
            memory: 50Mi
          limits:
            memory: 100Mi
`;

const OS_RELEASE = `PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
`;

export function hostsFile(nodes: { name: string; internalIP: string }[]): string {
  return `127.0.0.1 localhost
127.0.1.1 control-plane

# The following lines are desirable for IPv6 capable hosts
::1     ip6-localhost ip6-loopback
fe00::0 ip6-localnet
ff00::0 ip6-mcastprefix
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
${nodes.map((n) => `${n.internalIP} ${n.name}`).join('\n')}
`;
}

/** systemd-resolved's stub-resolv.conf (resolved-resolv-conf.c), as Ubuntu 24.04 writes it. */
const STUB_RESOLV_CONF = `# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).
# Do not edit.
#
# This file might be symlinked as /etc/resolv.conf. If you're looking at
# /etc/resolv.conf and seeing this text, you have followed the symlink.
#
# This is a dynamic resolv.conf file for connecting local clients to the
# internal DNS stub resolver of systemd-resolved. This file lists all
# configured search domains.
#
# Run "resolvectl status" to see details about the uplink DNS servers
# currently in use.
#
# Third party programs should typically not access this file directly, but only
# through the symlink at /etc/resolv.conf. To manage man:resolv.conf(5) in a
# different way, replace this symlink by a static file or a different symlink.
#
# See man:systemd-resolved.service(8) for details about the supported modes of
# operation for /etc/resolv.conf.

nameserver 127.0.0.53
options edns0 trust-ad
search .
`;

/** systemd-resolved's /run/systemd/resolve/resolv.conf: the uplink servers themselves. */
const uplinkResolvConf = (server: string) => `# This is /run/systemd/resolve/resolv.conf managed by man:systemd-resolved(8).
# Do not edit.
#
# This file might be symlinked as /etc/resolv.conf. If you're looking at
# /etc/resolv.conf and seeing this text, you have followed the symlink.
#
# This is a dynamic resolv.conf file for connecting local clients directly to
# all known uplink DNS servers. This file lists all configured search domains.
#
# Third party programs should typically not access this file directly, but only
# through the symlink at /etc/resolv.conf. To manage man:resolv.conf(5) in a
# different way, replace this symlink by a static file or a different symlink.
#
# See man:systemd-resolved.service(8) for details about the supported modes of
# operation for /etc/resolv.conf.

nameserver ${server}
search .
`;

/** What kubeadm wrote on the node (admin.conf and ~/.kube/config, the PKI, /var/lib/kubelet): written at the first touch of its files. */
export const nodeFilesCode = lazyModule(() => import('./node-files.js'));

/**
 * A fresh filesystem with the learner's home and the node's /etc; `kubeadm` says which node's kubeadm files it
 * holds (by default the first node's, a control plane set up now).
 */
export function createHomeFileSystem(now: () => number, nodes: { name: string; internalIP: string }[] = [{ name: 'control-plane', internalIP: '172.18.0.2' }], kubeadm?: NodeFilesSpec): MemoryFileSystem {
  const fs = new MemoryFileSystem(now);
  const ip = nodes[0]?.internalIP ?? '172.18.0.2';
  const spec = kubeadm ?? { node: nodes[0]?.name ?? 'control-plane', nodeIP: ip, role: 'control-plane', controlPlaneIP: ip, initAt: now() };
  for (const d of ['/etc/kubernetes/manifests', '/run/systemd/resolve', '/mnt', '/tmp', '/root', '/usr/bin', '/usr/lib', '/usr/lib64', '/usr/sbin', '/var/log', HOME]) fs.mkdir(d, true);
  // Ubuntu's merged /usr: the old top-level folders are links into it.
  for (const d of ['bin', 'lib', 'lib64', 'sbin']) fs.symlink(`usr/${d}`, `/${d}`);
  // Root's tree as on Ubuntu; the learner's home, and what is written into it from here, the learner's.
  fs.chmod('/tmp', { mode: 0o1777 });
  fs.chmod('/root', { mode: 0o700 });
  fs.chmod(HOME, { mode: 0o750, owner: USER, group: USER });
  for (const d of [`${HOME}/.kube`, `${HOME}/examples`]) fs.mkdir(d);
  fs.writeFile('/etc/hostname', 'control-plane\n');
  fs.writeFile('/etc/hosts', hostsFile(nodes));
  fs.writeFile('/etc/os-release', OS_RELEASE);
  // systemd-resolved's two files: the stub for the node's own programs (/etc/resolv.conf links to it), the uplink one
  // for the kubelet, which kubeadm points at it.
  fs.writeFile('/run/systemd/resolve/stub-resolv.conf', STUB_RESOLV_CONF);
  fs.symlink('../run/systemd/resolve/stub-resolv.conf', '/etc/resolv.conf');
  fs.writeFile('/run/systemd/resolve/resolv.conf', uplinkResolvConf(nodeUpstreamResolver(nodes[0]?.internalIP ?? '172.18.0.2')));
  // The playground's crictl is pointed at containerd (without it every crictl command warns that it guesses the endpoint).
  fs.writeFile('/etc/crictl.yaml', 'runtime-endpoint: unix:///run/containerd/containerd.sock\nimage-endpoint: unix:///run/containerd/containerd.sock\n');
  fs.writeFile(`${HOME}/deployment.yaml`, DEPLOYMENT);
  fs.writeFile(`${HOME}/service.yaml`, SERVICE);
  fs.writeFile(`${HOME}/pod.yaml`, POD);
  fs.writeFile(`${HOME}/configmap.yaml`, CONFIGMAP);
  fs.writeFile(`${HOME}/examples/php-apache.yaml`, PHP_APACHE);
  fs.writeFile(`${HOME}/examples/memory-hog.yaml`, MEMORY_HOG);
  fs.pendingFill = (f) => {
    const m = nodeFilesCode.loaded();
    m?.writeNodeFiles(f, spec);
    m?.writeProgramFiles(f, spec.initAt);
    m?.writeStartupFiles(f, spec.initAt, HOME, USER);
    return !!m;
  };
  return fs;
}

export const EXAMPLE_MANIFESTS = { 'deployment.yaml': DEPLOYMENT, 'service.yaml': SERVICE, 'pod.yaml': POD, 'configmap.yaml': CONFIGMAP, 'examples/php-apache.yaml': PHP_APACHE, 'examples/memory-hog.yaml': MEMORY_HOG };
