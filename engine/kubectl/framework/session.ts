/**
 * The kubeconfig. As with real kubectl it is a file: `--kubeconfig`, else the
 * first path in $KUBECONFIG, else $HOME/.kube/config in the learner's virtual
 * filesystem. Until something writes it (`kubectl config set-context ...`,
 * `use-context`), kubectl reads the admin kubeconfig kubeadm writes
 * (/etc/kubernetes/admin.conf, copied to ~/.kube/config by every kubeadm
 * guide): cluster `kubernetes` at https://<control-plane IP>:6443, user
 * `kubernetes-admin`, context `kubernetes-admin@kubernetes`.
 *
 * So `kubectl config set-context --current --namespace=dev` changes the
 * default namespace of every later command of the session, and
 * `cat ~/.kube/config` shows what was written. The shell may seed the file with
 * `defaultKubeconfigYAML(cluster)`.
 */
import type { Cluster } from '../../cluster.js';
import { loadedYaml, YamlNotLoadedError } from '../../util/yaml-lib.js';
import type { ProcessContext } from '../../shell/process.js';
import { ERRNO_TEXT, FsError } from '../../shell/vfs.js';
import { toYAML } from '../printers/yaml.js';

export interface KubeconfigContext {
  name: string;
  context: { cluster?: string; user?: string; namespace?: string; [k: string]: unknown };
}
export interface KubeconfigCluster {
  name: string;
  cluster: { server?: string; 'certificate-authority-data'?: string; [k: string]: unknown };
}
export interface KubeconfigUser {
  name: string;
  user: Record<string, unknown>;
}
export interface Kubeconfig {
  apiVersion: string;
  kind: string;
  clusters: KubeconfigCluster[] | null;
  contexts: KubeconfigContext[] | null;
  'current-context': string;
  preferences?: Record<string, unknown>;
  users: KubeconfigUser[] | null;
  [k: string]: unknown;
}

/** Stand-ins for the PEM data kubeadm embeds (base64 of a PEM header). */
const CA_DATA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURCVENDQWUyZ0F3SUJBZ0lJS3ViZUxhYkNBMEFBCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K';
const CERT_DATA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURLVENDQWhHZ0F3SUJBZ0lJS3ViZUxhYkFkbWluCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K';
const KEY_DATA = 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVBS3ViZUxhYktleQotLS0tLUVORCBSU0EgUFJJVkFURSBLRVktLS0tLQo=';

export const DEFAULT_CONTEXT = 'kubernetes-admin@kubernetes';

/** The client-certificate-data of the admin.conf kubeadm wrote on the node (shell/node-files.ts): the lab's own admin. */
export const labAdminCertificates = new Set<string>();

/** host:port of the API server: the control-plane node's address, port 6443 as kubeadm sets it up. */
export function apiServerHost(cluster: Cluster): string {
  const cp = cluster.nodeConfigs.find((n) => n.role === 'control-plane') ?? cluster.nodeConfigs[0];
  return `${cp?.internalIP ?? '127.0.0.1'}:6443`;
}

export function defaultKubeconfig(cluster: Cluster): Kubeconfig {
  return {
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': CA_DATA, server: `https://${apiServerHost(cluster)}` }, name: 'kubernetes' }],
    contexts: [{ context: { cluster: 'kubernetes', user: 'kubernetes-admin' }, name: DEFAULT_CONTEXT }],
    'current-context': DEFAULT_CONTEXT,
    kind: 'Config',
    preferences: {},
    users: [{ name: 'kubernetes-admin', user: { 'client-certificate-data': CERT_DATA, 'client-key-data': KEY_DATA } }],
  };
}

export function defaultKubeconfigYAML(cluster: Cluster): string {
  return kubeconfigText(defaultKubeconfig(cluster));
}

/**
 * Kubeconfig texts the lab wrote itself (kubeadm's admin.conf, what `kubectl
 * config …` saved), with the values they hold: read back without the YAML
 * library, which a lab loads only when it needs to read YAML someone wrote.
 */
const written = new Map<string, string>();
const WRITTEN_KEPT = 16;

/** The kubeconfig's text as kubectl writes it (toYAML), remembered so that reading it back needs no YAML parser. */
export function kubeconfigText(value: unknown): string {
  const text = toYAML(value);
  written.delete(text);
  written.set(text, JSON.stringify(value));
  if (written.size > WRITTEN_KEPT) written.delete(written.keys().next().value!);
  return text;
}

export class KubeconfigError extends Error {}

/** One kubectl run's view of the kubeconfig file. */
export class KubeSession {
  config: Kubeconfig;
  readonly path: string;
  /** --context overrides the file's current-context for this command only. */
  contextOverride = '';

  /** `missingIsEmpty`: the config commands' GetStartingConfig, for which a missing --kubeconfig file is an empty config. */
  constructor(private readonly ctx: Pick<ProcessContext, 'fs' | 'env' | 'cwd' | 'cluster'>, kubeconfigFlag = '', missingIsEmpty = false) {
    const home = ctx.env.HOME || '/root';
    const fromEnv = (ctx.env.KUBECONFIG ?? '').split(':').filter(Boolean)[0];
    const p = kubeconfigFlag || fromEnv || `${home}/.kube/config`;
    this.path = ctx.fs.resolve(ctx.cwd, p);
    let text;
    try {
      text = ctx.fs.readFile(this.path);
    } catch (e) {
      // clientcmd's Load: a file it cannot read is an error (only a missing one is skipped), os.ReadFile's *PathError within.
      if (!(e instanceof FsError)) throw e;
      throw new KubeconfigError(`error loading config file "${p}": open ${p}: ${ERRNO_TEXT[e.code].toLowerCase()}`);
    }
    if (text === undefined) {
      if (kubeconfigFlag && !missingIsEmpty) throw new KubeconfigError(`stat ${kubeconfigFlag}: no such file or directory`);
      this.config = kubeconfigFlag
        ? { apiVersion: 'v1', kind: 'Config', clusters: null, contexts: null, 'current-context': '', users: null } as Kubeconfig
        : defaultKubeconfig(ctx.cluster);
    } else {
      this.config = normalize(safeParse(text));
    }
  }

  currentContextName(): string {
    return this.contextOverride || this.config['current-context'] || '';
  }

  context(name = this.currentContextName()): KubeconfigContext | undefined {
    return (this.config.contexts ?? []).find((c) => c.name === name);
  }

  /** The namespace of the current context, or "default". */
  namespace(): string {
    return this.context()?.context.namespace || 'default';
  }

  /** The user (`--user`, else the context's) when it presents a client certificate other than kubeadm's admin one. */
  certificateUser(userFlag: string): KubeconfigUser | undefined {
    const name = userFlag || this.context()?.context.user;
    const u = (this.config.users ?? []).find((x) => x.name === name);
    const data = u?.user['client-certificate-data'];
    return u && (u.user['client-certificate'] || (typeof data === 'string' && data && data !== CERT_DATA && !labAdminCertificates.has(data))) ? u : undefined;
  }

  server(): string {
    const clusterName = this.context()?.context.cluster;
    const c = (this.config.clusters ?? []).find((x) => x.name === clusterName);
    return c?.cluster.server ?? '';
  }

  /** Writes the file back as clientcmd does (sorted keys, empty preferences dropped). */
  save(): void {
    const { preferences, ...rest } = this.config;
    const toWrite: Record<string, unknown> = { ...rest };
    // clientcmd's v1 types always write a context's cluster and user and a cluster's server, empty or not.
    if (rest.contexts) toWrite.contexts = rest.contexts.map((c) => ({ ...c, context: { cluster: '', user: '', ...c.context } }));
    if (rest.clusters) toWrite.clusters = rest.clusters.map((c) => ({ ...c, cluster: { server: '', ...c.cluster } }));
    if (preferences && Object.keys(preferences).length) toWrite.preferences = preferences;
    const dir = this.path.slice(0, this.path.lastIndexOf('/')) || '/';
    if (!this.ctx.fs.stat(dir)) this.ctx.fs.mkdir(dir, true);
    this.ctx.fs.writeFile(this.path, kubeconfigText(toWrite));
  }
}

/** The file's value; a text the lab did not write needs the YAML library (YamlNotLoadedError until it has loaded). */
function safeParse(text: string): unknown {
  const known = written.get(text);
  if (known !== undefined) return JSON.parse(known);
  const yaml = loadedYaml();
  if (!yaml) throw new YamlNotLoadedError();
  try {
    return yaml.parse(text);
  } catch {
    return {};
  }
}

function normalize(raw: unknown): Kubeconfig {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    ...o,
    apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : 'v1',
    kind: typeof o.kind === 'string' ? o.kind : 'Config',
    clusters: Array.isArray(o.clusters) ? (o.clusters as KubeconfigCluster[]) : null,
    contexts: Array.isArray(o.contexts) ? (o.contexts as KubeconfigContext[]) : null,
    'current-context': typeof o['current-context'] === 'string' ? (o['current-context'] as string) : '',
    users: Array.isArray(o.users) ? (o.users as KubeconfigUser[]) : null,
  };
}
