/**
 * kubeadm v1.35.0, as installed with the cluster on every node: the commands a
 * learner runs on a working control-plane node (version, token, certs
 * check-expiration, config print and images list), and the refusals of the
 * commands that would rebuild the node (init's preflight errors, reset's
 * confirmation). Help and errors follow cobra as kubeadm configures it
 * (kubeadm-cli.ts).
 */
import type { Client } from '../../../api/client.js';
import { COREDNS_IMAGE } from '../../../addons/kubeadm-addons.js';
import { clusterConfiguration, materialise } from '../../../api/bootstrap/kubeadm-objects.js';
import { kubeadmObjects } from '../../../api/bootstrap/kubeadm-objects-gate.js';
import { DEFAULT_SERVICE_SUBNET } from '../../../network/pod-cidr.js';
import { ETCD_IMAGE, KUBERNETES_VERSION } from '../../../kubelet/static-pods.js';
import { serverVersion } from '../../../kubectl/verbs/version.js';
import { toYAML } from '../../../kubectl/printers/yaml.js';
import type { FlagDef } from '../../../kubectl/framework/flags.js';
import type { CommandSpec, ProcessContext } from '../../process.js';
import { lineReader } from '../answer.js';
import { currentNodeName, kubeletUnit, newPid, nodeHost, sandboxes } from './host.js';
import { checkExpiration, fetchClusterConfiguration } from './kubeadm-certs.js';
import { execute, KubeadmError, subCmdRun, subCmdRunE, type Invocation, type KubeadmCommand } from './kubeadm-cli.js';
import { DEFAULT_ADMIN_KUBECONFIG, DEFAULT_GROUP, generateToken, runCreate, runDelete, runList } from './kubeadm-tokens.js';
import { klogHeader } from './klog.js';

/** What the lab's kubeadm answers for the commands of the real one it does not run. */
const NOT_SIMULATED = 'this command is not simulated in this lab (kubeadm here runs version, token, certs check-expiration, config print, config images list, and the preflight checks of init and join)';
const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10.1';
const STABLE_URL = 'https://dl.k8s.io/release/stable-1.txt';

/** kubeadm's client; what `kubeadm init` wrote to kube-system and kube-public is there by then (api/bootstrap/kubeadm-objects.ts). */
function client(ctx: ProcessContext): Client {
  materialise(ctx.cluster);
  return ctx.cluster.client(`kubeadm/${KUBERNETES_VERSION} (linux/amd64) kubernetes/${serverVersion().gitCommit.slice(0, 7)}`);
}

// ---------- flags ----------

const KUBECONFIG: FlagDef = {
  name: 'kubeconfig', type: 'string', default: DEFAULT_ADMIN_KUBECONFIG,
  usage: 'The kubeconfig file to use when talking to the cluster. If the flag is not set, a set of standard locations can be searched for an existing kubeconfig file.',
};
const CONFIG: FlagDef = { name: 'config', type: 'string', usage: 'Path to a kubeadm configuration file.' };
const OUTPUT_FLAGS: FlagDef[] = [
  { name: 'allow-missing-template-keys', type: 'bool', default: true, usage: 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.' },
  { name: 'output', shorthand: 'o', type: 'string', default: 'text', usage: 'Output format. One of: text|json|yaml|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file.' },
  { name: 'show-managed-fields', type: 'bool', usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
];
/** The root's flags: --rootfs and the klog flags kubeadm keeps visible. */
const ROOT_FLAGS: (FlagDef & { varName?: string })[] = [
  { name: 'add-dir-header', type: 'bool', usage: 'If true, adds the file directory to the header of the log messages' },
  { name: 'log-file', type: 'string', usage: 'If non-empty, use this log file (no effect when -logtostderr=true)' },
  { name: 'log-file-max-size', type: 'string', varName: 'uint', defaultText: '1800', usage: 'Defines the maximum size a log file can grow to (no effect when -logtostderr=true). Unit is megabytes. If the value is 0, the maximum file size is unlimited.' },
  { name: 'one-output', type: 'bool', usage: 'If true, only write logs to their native severity level (vs also writing to each lower severity level; no effect when -logtostderr=true)' },
  { name: 'rootfs', type: 'string', usage: "[EXPERIMENTAL] The path to the 'real' host root filesystem." },
  { name: 'skip-headers', type: 'bool', usage: 'If true, avoid header prefixes in the log messages' },
  { name: 'skip-log-headers', type: 'bool', usage: 'If true, avoid headers when opening log files (no effect when -logtostderr=true)' },
  { name: 'v', shorthand: 'v', type: 'string', varName: 'Level', usage: 'number for the log level verbosity' },
];

// ---------- texts ----------

const ROOT_LONG = `

    ┌──────────────────────────────────────────────────────────┐
    │ KUBEADM                                                  │
    │ Easily bootstrap a secure Kubernetes cluster             │
    │                                                          │
    │ Please give us feedback at:                              │
    │ https://github.com/kubernetes/kubeadm/issues             │
    └──────────────────────────────────────────────────────────┘

Example usage:

    Create a two-machine cluster with one control-plane node
    (which controls the cluster), and one worker node
    (where your workloads, like Pods and Deployments run).

    ┌──────────────────────────────────────────────────────────┐
    │ On the first machine:                                    │
    ├──────────────────────────────────────────────────────────┤
    │ control-plane# kubeadm init                              │
    └──────────────────────────────────────────────────────────┘

    ┌──────────────────────────────────────────────────────────┐
    │ On the second machine:                                   │
    ├──────────────────────────────────────────────────────────┤
    │ worker# kubeadm join <arguments-returned-from-init>      │
    └──────────────────────────────────────────────────────────┘

    You can then repeat the second step on as many other machines as you like.

`;

const TOKEN_LONG = `
This command manages bootstrap tokens. It is optional and needed only for advanced use cases.

In short, bootstrap tokens are used for establishing bidirectional trust between a client and a server.
A bootstrap token can be used when a client (for example a node that is about to join the cluster) needs
to trust the server it is talking to. Then a bootstrap token with the "signing" usage can be used.
bootstrap tokens can also function as a way to allow short-lived authentication to the API Server
(the token serves as a way for the API Server to trust the client), for example for doing the TLS Bootstrap.

What is a bootstrap token more exactly?
 - It is a Secret in the kube-system namespace of type "bootstrap.kubernetes.io/token".
 - A bootstrap token must be of the form "[a-z0-9]{6}.[a-z0-9]{16}". The former part is the public token ID,
   while the latter is the Token Secret and it must be kept private at all circumstances!
 - The name of the Secret must be named "bootstrap-token-(token-id)".

You can read more about bootstrap tokens here:
  https://kubernetes.io/docs/admin/bootstrap-tokens/
`;

const TOKEN_CREATE_LONG = `
This command will create a bootstrap token for you.
You can specify the usages for this token, the "time to live" and an optional human friendly description.

The [token] is the actual token to write.
This should be a securely generated random token of the form "[a-z0-9]{6}.[a-z0-9]{16}".
If no [token] is given, kubeadm will generate a random token instead.
`;

const TOKEN_GENERATE_LONG = `
This command will print out a randomly-generated bootstrap token that can be used with
the "init" and "join" commands.

You don't have to use this command in order to generate a token. You can do so
yourself as long as it is in the format "[a-z0-9]{6}.[a-z0-9]{16}". This
command is provided for convenience to generate tokens in the given format.

You can also use "kubeadm init" without specifying a token and it will
generate and print one for you.
`;

const CONFIG_LONG = `There is a ConfigMap in the kube-system namespace called "kubeadm-config" that kubeadm uses to store internal configuration about the
cluster. kubeadm CLI v1.8.0+ automatically creates this ConfigMap with the config used with 'kubeadm init'.
If you initialized your cluster using kubeadm v1.7.x or lower, you must use the 'kubeadm init phase upload-config' command to
create this ConfigMap. This is required so that 'kubeadm upgrade' can configure your upgraded cluster correctly.`;

const TIMEOUTS = `timeouts:
  controlPlaneComponentHealthCheck: 4m0s
  discovery: 5m0s
  etcdAPICall: 2m0s
  kubeletHealthCheck: 4m0s
  kubernetesAPICall: 1m0s
  tlsBootstrap: 5m0s
  upgradeManifests: 5m0s
`;

/** `kubeadm config print init-defaults` (v1beta4): placeholders for the token, address and node name. */
const INIT_DEFAULTS = `apiVersion: kubeadm.k8s.io/v1beta4
bootstrapTokens:
- groups:
  - ${DEFAULT_GROUP}
  token: abcdef.0123456789abcdef
  ttl: 24h0m0s
  usages:
  - signing
  - authentication
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 1.2.3.4
  bindPort: 6443
nodeRegistration:
  criSocket: unix:///var/run/containerd/containerd.sock
  imagePullPolicy: IfNotPresent
  imagePullSerial: true
  name: node
  taints: null
${TIMEOUTS}---
${clusterConfiguration(KUBERNETES_VERSION.slice(1), DEFAULT_SERVICE_SUBNET)}`;

/** `kubeadm config print join-defaults`: the node name is the host's (SetJoinDynamicDefaults). */
const joinDefaults = (nodeName: string) => `apiVersion: kubeadm.k8s.io/v1beta4
caCertPath: /etc/kubernetes/pki/ca.crt
discovery:
  bootstrapToken:
    apiServerEndpoint: kube-apiserver:6443
    token: abcdef.0123456789abcdef
    unsafeSkipCAVerification: true
  tlsBootstrapToken: abcdef.0123456789abcdef
kind: JoinConfiguration
nodeRegistration:
  criSocket: unix:///var/run/containerd/containerd.sock
  imagePullPolicy: IfNotPresent
  imagePullSerial: true
  name: ${nodeName}
  taints: null
${TIMEOUTS}`;

// ---------- helpers ----------

/** A klog line of kubeadm's own process. */
function klogWarning(ctx: ProcessContext, pid: number, source: string, msg: string): void {
  ctx.stderr.write(`${klogHeader('W', ctx.cluster.clock.now(), pid, source)}${msg}\n`);
}

function processPid(ctx: ProcessContext): number {
  const h = nodeHost(ctx.cluster, currentNodeName(ctx));
  return h ? newPid(h) : 4242;
}

/**
 * KubernetesReleaseVersion for a label such as "stable-1": the lab has no route to dl.k8s.io, so kubeadm warns
 * and falls back to its own version, as on any offline machine.
 */
function resolveVersion(ctx: ProcessContext, pid: number, requested: string): string {
  if (/^v?\d+\.\d+\.\d+/.test(requested)) return requested.startsWith('v') ? requested : `v${requested}`;
  const url = requested === 'stable-1' ? STABLE_URL : `https://dl.k8s.io/release/${requested}.txt`;
  klogWarning(ctx, pid, 'version.go:108', `could not fetch a Kubernetes version from the internet: unable to get URL "${url}": Get "${url}": dial tcp: lookup dl.k8s.io on 127.0.0.53:53: no such host`);
  klogWarning(ctx, pid, 'version.go:109', `falling back to the local client version: ${KUBERNETES_VERSION}`);
  return KUBERNETES_VERSION;
}

function notSimulated(): never {
  throw new KubeadmError(NOT_SIMULATED);
}

function onlyTextOutput(inv: Invocation): void {
  const o = inv.flags.string('output');
  if (o !== 'text') notSimulated();
}

// ---------- commands ----------

function runVersion({ ctx, flags }: Invocation): number {
  const v = serverVersion();
  const info = { major: v.major, minor: v.minor, gitVersion: v.gitVersion, gitCommit: v.gitCommit, gitTreeState: v.gitTreeState, buildDate: v.buildDate, goVersion: v.goVersion, compiler: v.compiler, platform: v.platform };
  const output = flags.string('output');
  switch (output) {
    case '':
      ctx.stdout.write(`kubeadm version: &version.Info{Major:"${info.major}", Minor:"${info.minor}", EmulationMajor:"", EmulationMinor:"", MinCompatibilityMajor:"", MinCompatibilityMinor:"", GitVersion:"${info.gitVersion}", GitCommit:"${info.gitCommit}", GitTreeState:"${info.gitTreeState}", BuildDate:"${info.buildDate}", GoVersion:"${info.goVersion}", Compiler:"${info.compiler}", Platform:"${info.platform}"}\n`);
      return 0;
    case 'short':
      ctx.stdout.write(`${info.gitVersion}\n`);
      return 0;
    case 'yaml':
      ctx.stdout.write(`${toYAML({ clientVersion: info })}\n`);
      return 0;
    case 'json':
      ctx.stdout.write(`${JSON.stringify({ clientVersion: info }, null, 2)}\n`);
      return 0;
    default:
      throw new KubeadmError(`invalid output format: ${output}`);
  }
}

function runImagesList(inv: Invocation): number {
  onlyTextOutput(inv);
  const { ctx, flags } = inv;
  const version = resolveVersion(ctx, processPid(ctx), flags.string('kubernetes-version'));
  const repo = flags.string('image-repository');
  const images = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'].map((c) => `${repo}/${c}:${version}`);
  // CoreDNS, pause and etcd are pinned by kubeadm's constants whatever the Kubernetes version.
  const pinned = [COREDNS_IMAGE, PAUSE_IMAGE, ETCD_IMAGE].map((i) => i.replace(/^registry\.k8s\.io/, repo));
  ctx.stdout.write([...images, ...pinned].map((i) => i + '\n').join(''));
  return 0;
}

/** The preflight errors of a node kubeadm already set up (checks.go): ports its components hold, files it wrote. */
function preflightErrors(ctx: ProcessContext, checks: ('ports' | 'manifests' | 'kubelet' | 'etcd-dir' | 'join-files')[]): string[] {
  const node = currentNodeName(ctx);
  const h = nodeHost(ctx.cluster, node);
  const running = new Set(h ? sandboxes(ctx.cluster, h).flatMap((s) => s.containers.filter((c) => c.state === 'running').map((c) => c.name)) : []);
  // RunRootCheckOnly: kubeadm fails fast, before its other checks, for a user that is not root.
  if (ctx.fs.user && ctx.fs.user !== 'root') return ['[ERROR IsPrivilegedUser]: user is not running as root'];
  const exists = (p: string) => ctx.fs.readFile(p) !== undefined;
  const errors: string[] = [];
  const port = (n: number) => errors.push(`[ERROR Port-${n}]: Port ${n} is in use`);
  const file = (p: string) => exists(p) && errors.push(`[ERROR FileAvailable-${p.replace(/\//g, '-')}]: ${p} already exists`);
  for (const check of checks) {
    if (check === 'ports') {
      if (running.has('kube-apiserver')) port(6443);
      if (running.has('kube-scheduler')) port(10259);
      if (running.has('kube-controller-manager')) port(10257);
    } else if (check === 'manifests') {
      for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd']) file(`/etc/kubernetes/manifests/${c}.yaml`);
    } else if (check === 'kubelet') {
      if (h && kubeletUnit(ctx.cluster, h).active) port(10250);
    } else if (check === 'etcd-dir') {
      if (running.has('etcd')) errors.push('[ERROR DirAvailable--var-lib-etcd]: /var/lib/etcd is not empty');
    } else if (check === 'join-files') {
      if ((ctx.fs.readDir('/etc/kubernetes/manifests') ?? []).length) errors.push('[ERROR DirAvailable--etc-kubernetes-manifests]: /etc/kubernetes/manifests is not empty');
      file('/etc/kubernetes/kubelet.conf');
    }
  }
  return errors;
}

function preflightFailure(errors: string[]): never {
  throw new KubeadmError(`error execution phase preflight: [preflight] Some fatal errors occurred:\n${errors.map((e) => `\t${e}\n`).join('')}[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\``);
}

function runInit({ ctx, flags }: Invocation): number {
  const version = resolveVersion(ctx, processPid(ctx), flags.string('kubernetes-version'));
  ctx.stdout.write(`[init] Using Kubernetes version: ${version}\n[preflight] Running pre-flight checks\n`);
  const errors = preflightErrors(ctx, ['ports', 'manifests', 'kubelet', 'etcd-dir']);
  if (errors.length) preflightFailure(errors);
  notSimulated();
}

function runJoin({ ctx, flags, args }: Invocation): number {
  if (!args.length && !flags.string('token') && !flags.string('discovery-token') && !flags.string('discovery-file') && !flags.string('config')) notSimulated();
  ctx.stdout.write('[preflight] Running pre-flight checks\n');
  const errors = preflightErrors(ctx, ['join-files', 'kubelet']);
  if (!errors[0]?.includes('IsPrivilegedUser') && ctx.fs.readFile('/etc/kubernetes/pki/ca.crt') !== undefined) errors.push('[ERROR FileAvailable--etc-kubernetes-pki-ca.crt]: /etc/kubernetes/pki/ca.crt already exists');
  if (errors.length) preflightFailure(errors);
  notSimulated();
}

/** `kubeadm reset` asks first (unless --force); anything but "y" aborts. The lab does not tear its node down. */
async function runReset({ ctx, flags }: Invocation): Promise<number> {
  const pid = processPid(ctx);
  const { out, found } = fetchClusterConfiguration(client(ctx), 'reset');
  ctx.stdout.write(out);
  if (!found) klogWarning(ctx, pid, 'reset.go:106', '[reset] Unable to fetch the kubeadm-config ConfigMap from cluster: failed to get config map: configmaps "kubeadm-config" not found');
  if (!flags.bool('force')) {
    klogWarning(ctx, pid, 'preflight.go:56', "[reset] WARNING: Changes made to this host by 'kubeadm init' or 'kubeadm join' will be reverted.");
    ctx.stdout.write('[reset] Are you sure you want to proceed? [y/N]: ');
    if (((await lineReader(ctx)()) ?? '').trim().toLowerCase() !== 'y') throw new KubeadmError('aborted reset operation');
  }
  notSimulated();
}

// ---------- the tree ----------

const notSimulatedCommand = (name: string, short: string, extra: Partial<KubeadmCommand> = {}): KubeadmCommand => ({ name, short, run: () => notSimulated(), ...extra });

const tokenCreate: KubeadmCommand = {
  name: 'create', short: 'Create bootstrap tokens on the server', long: TOKEN_CREATE_LONG, useArgs: '[token]', disableFlagsInUseLine: true,
  flags: [
    { name: 'certificate-key', type: 'string', usage: "When used together with '--print-join-command', print the full 'kubeadm join' flag needed to join the cluster as a control-plane. To create a new certificate key you must use 'kubeadm init phase upload-certs --upload-certs'." },
    CONFIG,
    { name: 'description', type: 'string', usage: 'A human friendly description of how this token is used.' },
    { name: 'groups', type: 'stringSlice', default: [DEFAULT_GROUP], usage: 'Extra groups that this token will authenticate as when used for authentication. Must match "\\\\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\\\z"' },
    { name: 'print-join-command', type: 'bool', usage: "Instead of printing only the token, print the full 'kubeadm join' flag needed to join the cluster using the token." },
    { name: 'ttl', type: 'duration', default: 24 * 3_600_000, usage: "The duration before the token is automatically deleted (e.g. 1s, 2m, 3h). If set to '0', the token will never expire" },
    { name: 'usages', type: 'stringSlice', default: ['signing', 'authentication'], usage: 'Describes the ways in which this token can be used. You can pass --usages multiple times or provide a comma separated list of options. Valid options: [signing,authentication]' },
  ],
  run: (inv) => {
    if (inv.flags.string('certificate-key') || inv.flags.string('config') || inv.flags.bool('dry-run')) notSimulated();
    return runCreate(inv, client(inv.ctx));
  },
};

const token: KubeadmCommand = {
  name: 'token', short: 'Manage bootstrap tokens', long: TOKEN_LONG,
  persistent: [{ name: 'dry-run', type: 'bool', usage: 'Whether to enable dry-run mode or not' }, KUBECONFIG],
  run: subCmdRunE('token'),
  subcommands: [
    tokenCreate,
    {
      name: 'delete', short: 'Delete bootstrap tokens on the server', useArgs: '[token-value] ...', disableFlagsInUseLine: true,
      long: `
This command will delete a list of bootstrap tokens for you.

The [token-value] is the full Token of the form "[a-z0-9]{6}.[a-z0-9]{16}" or the
Token ID of the form "[a-z0-9]{6}" to delete.
`,
      run: (inv) => (inv.flags.bool('dry-run') ? notSimulated() : runDelete(inv, client(inv.ctx))),
    },
    {
      name: 'generate', short: 'Generate and print a bootstrap token, but do not create it on the server', long: TOKEN_GENERATE_LONG,
      run: ({ ctx }) => (ctx.stdout.write(generateToken(ctx) + '\n'), 0),
    },
    {
      name: 'list', short: 'List bootstrap tokens on the server', long: '\nThis command will list all bootstrap tokens for you.\n', flags: OUTPUT_FLAGS,
      run: (inv) => (onlyTextOutput(inv), inv.flags.bool('dry-run') ? notSimulated() : runList(inv, client(inv.ctx))),
    },
  ],
};

const certs: KubeadmCommand = {
  name: 'certs', short: 'Commands related to handling kubernetes certificates', aliases: ['certificates'],
  run: subCmdRun(() => [root, certs]),
  subcommands: [
    notSimulatedCommand('certificate-key', 'Generate certificate keys', { noArgs: true }),
    {
      name: 'check-expiration', short: 'Check certificates expiration for a Kubernetes cluster', long: 'Checks expiration for the certificates in the local PKI managed by kubeadm.', noArgs: true,
      flags: [{ name: 'cert-dir', type: 'string', default: '/etc/kubernetes/pki', usage: 'The path where to save the certificates' }, CONFIG, KUBECONFIG, ...OUTPUT_FLAGS],
      run: (inv) => {
        onlyTextOutput(inv);
        if (inv.flags.string('config') || inv.flags.string('cert-dir') !== '/etc/kubernetes/pki') notSimulated();
        inv.ctx.stdout.write(checkExpiration(inv.ctx, client(inv.ctx)));
        return 0;
      },
    },
    notSimulatedCommand('generate-csr', 'Generate keys and certificate signing requests', { noArgs: true }),
    notSimulatedCommand('renew', 'Renew certificates for a Kubernetes cluster'),
  ],
};

const config: KubeadmCommand = {
  name: 'config', short: 'Manage configuration for a kubeadm cluster persisted in a ConfigMap in the cluster', long: CONFIG_LONG,
  persistent: [KUBECONFIG],
  run: subCmdRunE('config'),
  subcommands: [
    {
      name: 'images', short: 'Interact with container images used by kubeadm', run: subCmdRunE('images'),
      subcommands: [
        {
          name: 'list', short: 'Print a list of images kubeadm will use. The configuration file is used in case any images or image repositories are customized', noArgs: true,
          long: 'Print a list of images kubeadm will use. The configuration file is used in case any images or image repositories are customized',
          flags: [
            CONFIG,
            { name: 'feature-gates', type: 'string', usage: 'A set of key=value pairs that describe feature gates for various features. Options are:\nControlPlaneKubeletLocalMode=true|false (BETA - default=true)\nNodeLocalCRISocket=true|false (BETA - default=true)\nPublicKeysECDSA=true|false (DEPRECATED - default=false)\nRootlessControlPlane=true|false (ALPHA - default=false)' },
            { name: 'image-repository', type: 'string', default: 'registry.k8s.io', usage: 'Choose a container registry to pull control plane images from' },
            { name: 'kubernetes-version', type: 'string', default: 'stable-1', usage: 'Choose a specific Kubernetes version for the control plane.' },
            ...OUTPUT_FLAGS,
          ],
          run: (inv) => (inv.flags.string('config') ? notSimulated() : runImagesList(inv)),
        },
        notSimulatedCommand('pull', 'Pull images used by kubeadm', { noArgs: true }),
      ],
    },
    notSimulatedCommand('migrate', 'Read an older version of the kubeadm configuration API types from a file, and output the similar config object for the newer version', { noArgs: true }),
    {
      name: 'print', short: 'Print configuration', long: 'This command prints configurations for subcommands provided.\nFor details, see: https://pkg.go.dev/k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm#section-directories',
      run: subCmdRunE('print'),
      subcommands: [
        {
          name: 'init-defaults', short: "Print default init configuration, that can be used for 'kubeadm init'", noArgs: true,
          long: 'This command prints objects such as the default init configuration that is used for \'kubeadm init\'.\n\nNote that sensitive values like the Bootstrap Token fields are replaced with placeholder values like "abcdef.0123456789abcdef" in order to pass validation but\nnot perform the real computation for creating a token.',
          flags: [{ name: 'component-configs', type: 'stringSlice', usage: 'A comma-separated list for component config API objects to print the default values for. Available values: [KubeProxyConfiguration KubeletConfiguration]. If this flag is not set, no component configs will be printed.' }],
          run: ({ ctx, flags }) => (flags.strings('component-configs').length ? notSimulated() : (ctx.stdout.write(INIT_DEFAULTS), 0)),
        },
        {
          name: 'join-defaults', short: "Print default join configuration, that can be used for 'kubeadm join'", noArgs: true,
          long: 'This command prints objects such as the default join configuration that is used for \'kubeadm join\'.\n\nNote that sensitive values like the Bootstrap Token fields are replaced with placeholder values like "abcdef.0123456789abcdef" in order to pass validation but\nnot perform the real computation for creating a token.',
          run: ({ ctx }) => (ctx.stdout.write(joinDefaults(currentNodeName(ctx))), 0),
        },
      ],
    },
    notSimulatedCommand('validate', 'Read a file containing the kubeadm configuration API and report any validation problems', { noArgs: true }),
  ],
};

const root: KubeadmCommand = {
  name: 'kubeadm', short: 'kubeadm: easily bootstrap a secure Kubernetes cluster', long: ROOT_LONG,
  persistent: ROOT_FLAGS,
  subcommands: [
    { name: 'alpha', short: 'Kubeadm experimental sub-commands' },
    certs,
    notSimulatedCommand('completion', 'Output shell completion code for the specified shell (bash or zsh)'),
    config,
    {
      name: 'init', short: 'Run this command in order to set up the Kubernetes control plane',
      flags: [
        CONFIG,
        { name: 'ignore-preflight-errors', type: 'stringSlice', usage: 'A list of checks whose errors will be shown as warnings. Example: \'IsPrivilegedUser,Swap\'. Value \'all\' ignores errors from all checks.' },
        { name: 'kubernetes-version', type: 'string', default: 'stable-1', usage: 'Choose a specific Kubernetes version for the control plane.' },
        { name: 'pod-network-cidr', type: 'string', usage: 'Specify range of IP addresses for the pod network. If set, the control plane will automatically allocate CIDRs for every node.' },
        { name: 'apiserver-advertise-address', type: 'string', usage: 'The IP address the API Server will advertise it\'s listening on. If not set the default network interface will be used.' },
        { name: 'control-plane-endpoint', type: 'string', usage: 'Specify a stable IP address or DNS name for the control plane.' },
        { name: 'cri-socket', type: 'string', usage: 'Path to the CRI socket to connect. If empty kubeadm will try to auto-detect this value; use this option only if you have more than one CRI installed or if you have non-standard CRI socket.' },
        { name: 'upload-certs', type: 'bool', usage: 'Upload control-plane certificates to the kubeadm-certs Secret.' },
      ],
      run: (inv) => (inv.flags.string('config') || inv.flags.strings('ignore-preflight-errors').length ? notSimulated() : runInit(inv)),
    },
    {
      name: 'join', short: 'Run this on any machine you wish to join an existing cluster', useArgs: '[api-server-endpoint]',
      flags: [
        CONFIG,
        { name: 'token', type: 'string', usage: 'Use this token for both discovery-token and tls-bootstrap-token when those values are not provided.' },
        { name: 'discovery-token', type: 'string', usage: 'For token-based discovery, the token used to validate cluster information fetched from the API server.' },
        { name: 'discovery-token-ca-cert-hash', type: 'stringSlice', usage: 'For token-based discovery, validate that the root CA public key matches this hash (format: "<type>:<value>").' },
        { name: 'discovery-token-unsafe-skip-ca-verification', type: 'bool', usage: 'For token-based discovery, allow joining without --discovery-token-ca-cert-hash pinning.' },
        { name: 'discovery-file', type: 'string', usage: 'For file-based discovery, a file or URL from which to load cluster information.' },
        { name: 'control-plane', type: 'bool', usage: 'Create a new control plane instance on this node' },
        { name: 'certificate-key', type: 'string', usage: 'Use this key to decrypt the certificate secrets uploaded by init. The certificate key is a hex encoded string that is an AES key of size 32 bytes.' },
        { name: 'ignore-preflight-errors', type: 'stringSlice', usage: 'A list of checks whose errors will be shown as warnings. Example: \'IsPrivilegedUser,Swap\'. Value \'all\' ignores errors from all checks.' },
      ],
      run: (inv) => (inv.flags.strings('ignore-preflight-errors').length ? notSimulated() : runJoin(inv)),
    },
    notSimulatedCommand('kubeconfig', 'Kubeconfig file utilities'),
    {
      name: 'reset', short: "Performs a best effort revert of changes made to this host by 'kubeadm init' or 'kubeadm join'",
      flags: [{ name: 'force', shorthand: 'f', type: 'bool', usage: 'Reset the node without prompting for confirmation.' }, KUBECONFIG],
      run: runReset,
    },
    token,
    notSimulatedCommand('upgrade', 'Upgrade your cluster smoothly to a newer version with this command'),
    { name: 'version', short: 'Print the version of kubeadm', noArgs: true, flags: [{ name: 'output', shorthand: 'o', type: 'string', usage: "Output format; available options are 'yaml', 'json' and 'short'" }], run: runVersion },
  ],
};

export const kubeadm: CommandSpec = {
  name: 'kubeadm',
  summary: 'easily bootstrap a secure Kubernetes cluster',
  run: async (ctx) => {
    // The boot objects' module is imported here directly; loading it through its lazy handle too lets the bootstrap
    // token controllers, which start at the first token Secret, find it there and start at that instant rather than
    // after a load (which a `sim ff` right after would jump past).
    if (!kubeadmObjects.loaded()) {
      const release = ctx.cluster.clock.hold();
      try { await kubeadmObjects.load(); } finally { release(); }
    }
    return execute(root, ctx, ctx.argv.slice(1));
  },
};
