/**
 * The files etcdctl and etcdutl see in the etcd container: kubeadm's hostPath volumes (/var/lib/etcd and
 * /etc/kubernetes/pki/etcd, mounted at the same paths) are the node's directories, so what they read there is the
 * node's file and what they write appears on the node; any other path is the container's own. The kubelet here
 * mounts claims and emptyDirs into a container's files, not a pod's hostPath volumes, so the tools resolve them.
 */
import type { Cluster } from '../cluster.js';
import type { ExecOrigin } from '../kubelet/runtime.js';
import { ContainerFS } from '../kubelet/container-fs.js';
import type { VirtualFileSystem } from '../shell/process.js';
import { namespacePrefix } from '../api/meta.js';

export interface ToolFiles {
  read(path: string): string | undefined;
  isDir(path: string): boolean;
  /** Files and directories under `dir` (full paths). */
  under(dir: string): string[];
  write(path: string, content: string, mode?: number): void;
  mkdirp(path: string, mode?: number): void;
}

interface Mount { mountPath: string; hostPath: string }

const normalize = (p: string) => ContainerFS.normalize('/', p);

/** The pod's hostPath mounts of its first container, longest first. */
function hostMounts(cluster: Cluster, from: ExecOrigin): Mount[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const spec = cluster.store.get('pods', namespacePrefix(from.namespace) + from.podName)?.spec as any;
  const volumes = (spec?.volumes ?? []) as { name: string; hostPath?: { path: string } }[];
  const mounts: Mount[] = [];
  for (const m of (spec?.containers?.[0]?.volumeMounts ?? []) as { name: string; mountPath: string }[]) {
    const v = volumes.find((x) => x.name === m.name);
    if (v?.hostPath) mounts.push({ mountPath: normalize(m.mountPath), hostPath: normalize(v.hostPath.path) });
  }
  return mounts.sort((a, b) => b.mountPath.length - a.mountPath.length);
}

export function toolFiles(cluster: Cluster, from: ExecOrigin, fs: ContainerFS, cwd: string): ToolFiles & { abs(p: string): string } {
  const node: VirtualFileSystem | undefined = cluster.kubelets.get(from.node)?.hostFiles;
  const mounts = node ? hostMounts(cluster, from) : [];
  const abs = (p: string) => ContainerFS.normalize(cwd, p);
  const onNode = (p: string): string | undefined => {
    const full = abs(p);
    const m = mounts.find((x) => full === x.mountPath || full.startsWith(`${x.mountPath}/`));
    return m ? m.hostPath + full.slice(m.mountPath.length) : undefined;
  };
  return {
    abs,
    read: (p) => {
      const n = onNode(p);
      if (n === undefined) return fs.files.get(abs(p));
      return node!.stat(n)?.type === 'file' ? node!.readFile(n) : undefined;
    },
    isDir: (p) => {
      const n = onNode(p);
      return n === undefined ? fs.dirs.has(abs(p)) : node!.stat(n)?.type === 'dir';
    },
    under: (dir) => {
      const n = onNode(dir);
      if (n === undefined) return [...fs.files.keys(), ...fs.dirs].filter((p) => p.startsWith(`${abs(dir)}/`));
      return (node!.readDir(n) ?? []).map((name) => `${abs(dir)}/${name}`);
    },
    write: (p, content, mode) => {
      const n = onNode(p);
      if (n === undefined) { fs.write(abs(p), content); return; }
      node!.writeFile(n, content);
      if (mode !== undefined) node!.chmod?.(n, { mode });
    },
    mkdirp: (p, mode) => {
      const n = onNode(p);
      if (n === undefined) { fs.mkdirp(abs(p)); return; }
      const fresh = !node!.stat(n);
      node!.mkdir(n, true);
      if (fresh && mode !== undefined) node!.chmod?.(n, { mode });
    },
  };
}
