/**
 * ssh (OpenSSH on Ubuntu 24.04) between the cluster's nodes: `ssh NODE`
 * opens a login shell there (its prompt, hostname and files; crictl,
 * systemctl and ps act on that node) until `exit` ("logout", then ssh's
 * "Connection to NODE closed."); `ssh NODE COMMAND` runs one command there.
 * Nodes are reached by name (/etc/hosts lists them) or InternalIP, with the
 * learner's key: other users are refused. A worker has no admin kubeconfig,
 * so kubectl there talks to localhost:8080 as the real one does without one.
 */
import type { Cluster } from '../../../cluster.js';
import { DEFAULT_EPOCH_MS } from '../../../util/clock.js';
import { createHomeFileSystem, HOME } from '../../home.js';
import { Session } from '../../session.js';
import type { MemoryFileSystem } from '../../vfs.js';
import type { CommandSpec, ProcessContext, VirtualFileSystem } from '../../process.js';
import { USER } from '../misc.js';
import { currentNodeName, nodeHost } from './host.js';
import { kubectlWithoutKubeconfig } from './kubectl-no-config.js';

const fileSystems = new WeakMap<Cluster, Map<string, VirtualFileSystem>>();

/** The usage text of OpenSSH 9.6 (ssh.c usage()). */
export const SSH_USAGE = `usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]
           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]
           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]
           [-J destination] [-L address] [-l login_name] [-m mac_spec]
           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]
           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]
           destination [command [argument ...]]
`;

/** Options that take a value (ssh.c's getopt string). */
const WITH_VALUE = new Set('BbcDEeFIiJLlmOoPpRSWw'.split(''));
const FLAGS = new Set('46AaCfGgKkMNnqsTtVvXxYy'.split(''));

/** The files of a node other than the one the terminal opened on: a worker that joined with kubeadm. */
function workerFileSystem(cluster: Cluster, node: string): VirtualFileSystem {
  const nodes = cluster.nodeConfigs.map((n) => ({ name: n.name, internalIP: n.internalIP }));
  const self = cluster.nodeConfigs.find((n) => n.name === node);
  const cp = cluster.nodeConfigs.find((n) => n.role === 'control-plane') ?? cluster.nodeConfigs[0];
  const fs: MemoryFileSystem = createHomeFileSystem(() => cluster.clock.now(), nodes, {
    node, nodeIP: self?.internalIP ?? '', role: 'worker', controlPlaneIP: cp?.internalIP ?? '', initAt: cluster.options.epochMs ?? DEFAULT_EPOCH_MS, cluster,
  });
  // kubeadm join writes kubelet.conf, not admin.conf (node-files.ts); nobody copied a kubeconfig or the examples to this home.
  for (const f of [`${HOME}/deployment.yaml`, `${HOME}/service.yaml`, `${HOME}/pod.yaml`, `${HOME}/configmap.yaml`]) fs.remove(f);
  fs.remove(`${HOME}/examples`, true);
  fs.writeFile('/etc/hostname', `${node}\n`);
  const hosts = fs.readFile('/etc/hosts') ?? '';
  fs.writeFile('/etc/hosts', hosts.replace('127.0.1.1 control-plane', `127.0.1.1 ${node}`));
  return fs;
}

function nodeFileSystem(ctx: ProcessContext, node: string): VirtualFileSystem {
  let m = fileSystems.get(ctx.cluster);
  if (!m) fileSystems.set(ctx.cluster, (m = new Map()));
  // The terminal opens on the control-plane node: the first ssh from there tells whose files those are.
  const here = currentNodeName(ctx);
  if (!m.has(here)) m.set(here, (ctx.fs as MemoryFileSystem).base ?? ctx.fs);
  let fs = m.get(node);
  if (!fs) m.set(node, (fs = workerFileSystem(ctx.cluster, node)));
  shareHostFiles(ctx.cluster, node, fs);
  return fs;
}

/** The node's files are where its pods' hostPath volumes live: what a pod wrote there is here, and the kubelet uses these from now on. */
function shareHostFiles(cluster: Cluster, node: string, fs: VirtualFileSystem): void {
  const kubelet = cluster.kubelets.get(node);
  if (!kubelet || kubelet.hostFiles === fs) return;
  const from = kubelet.hostFiles;
  const copy = (dir: string): void => {
    for (const name of from!.readDir(dir) ?? []) {
      const p = dir === '/' ? `/${name}` : `${dir}/${name}`;
      if (from!.stat(p)?.type === 'dir') {
        fs.mkdir(p, true);
        copy(p);
      } else fs.writeFile(p, from!.readFile(p) ?? '');
    }
  };
  if (from) copy('/');
  kubelet.hostFiles = fs;
}

export const ssh: CommandSpec = {
  name: 'ssh',
  summary: 'OpenSSH remote login client',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let login: string | undefined;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i];
      if (a === '--') { i++; break; }
      if (!a.startsWith('-') || a === '-') break;
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        if (WITH_VALUE.has(ch)) {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) { ctx.stderr.write(`option requires an argument -- ${ch}\n${SSH_USAGE}`); return 255; }
          if (ch === 'l') login = v;
          break;
        }
        if (!FLAGS.has(ch)) { ctx.stderr.write(`unknown option -- ${ch}\n${SSH_USAGE}`); return 255; }
      }
    }
    const dest = args[i];
    if (dest === undefined) { ctx.stderr.write(SSH_USAGE); return 255; }
    const command = args.slice(i + 1);
    const at = dest.lastIndexOf('@');
    // Root (`sudo ssh`, a root shell) logs in as root, for whom no worker holds a key.
    const user = at >= 0 ? dest.slice(0, at) : login ?? ctx.fs.user ?? USER;
    const host = at >= 0 ? dest.slice(at + 1) : dest;
    const cluster = ctx.cluster;
    const target = cluster?.nodeConfigs.find((n) => n.name === host || n.internalIP === host)
      ?? (host === 'localhost' || host === '127.0.0.1' ? cluster?.nodeConfigs.find((n) => n.name === currentNodeName(ctx)) : undefined);
    if (!target || !ctx.host?.open) {
      ctx.stderr.write(`ssh: Could not resolve hostname ${host}: Name or service not known\n`);
      return 255;
    }
    const h = nodeHost(cluster, target.name);
    if (!h?.kubelet.poweredOn()) {
      // The node is on the same network segment: the kernel gives up when no one answers ARP (about 3 s).
      await ctx.sleep(3_000);
      ctx.stderr.write(`ssh: connect to host ${host} port 22: No route to host\n`);
      return 255;
    }
    if (user !== USER) {
      ctx.stderr.write(`${user}@${host}: Permission denied (publickey).\n`);
      return 255;
    }
    const fs = nodeFileSystem(ctx, target.name);
    const shell = ctx.host.open(target.name, fs, (spec) => (spec.name === 'kubectl' ? kubectlWithoutKubeconfig(spec) : spec));
    if (command.length === 0) {
      ctx.host.login?.(shell);
      return 0;
    }
    // The remote shell runs the words joined, as sshd hands them to the user's shell; without -t sshd allocates
    // no terminal, and the command's stderr comes back as ssh's own.
    const r = await shell.run(command.join(' '), ctx.stdout, { stderr: ctx.stderr, tty: false });
    return r.status;
  },
};
