/**
 * What a pod's and a container's securityContext give the container's processes, as the kubelet hands it to
 * containerd (kuberuntime's determineEffectiveSecurityContext: the container's fields over the pod's) and what
 * the kubelet itself refuses before creating the container (verifyRunAsNonRoot). Only pods that set a
 * securityContext carry one; the shell's applets work out names, groups and capabilities from it when asked.
 */
import type { ImageInfo } from '../images/catalogue.js';

/** A process's identity and privileges, as containerd puts them in the OCI spec. */
export interface ProcessSecurity {
  runAsUser?: number;
  runAsGroup?: number;
  /** The pod's supplementalGroups, then its fsGroup: containerd adds both to the groups from the image's /etc/group. */
  groups?: number[];
  /** supplementalGroupsPolicy Strict: the image's /etc/group adds nothing. */
  strict?: boolean;
  fsGroup?: number;
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
  /** allowPrivilegeEscalation: false sets no_new_privs. */
  noNewPrivs?: boolean;
  readOnlyRootFilesystem?: boolean;
  /** The container's volume mount paths: each its own mount, writable under a read-only root. */
  mounts?: string[];
  /** seccompProfile RuntimeDefault or Localhost: a filter is loaded (the kubelet's default is Unconfined). */
  seccomp?: boolean;
}

interface PodSC { runAsUser?: number; runAsGroup?: number; runAsNonRoot?: boolean; supplementalGroups?: number[]; supplementalGroupsPolicy?: string; fsGroup?: number; seccompProfile?: { type?: string } }
interface ContainerSC { runAsUser?: number; runAsGroup?: number; runAsNonRoot?: boolean; capabilities?: { add?: string[]; drop?: string[] }; privileged?: boolean; allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; seccompProfile?: { type?: string } }
interface PodLike { metadata: { name?: string; namespace?: string; uid?: string }; spec?: { securityContext?: PodSC; volumes?: { name: string; emptyDir?: { medium?: string } }[] } }
interface ContainerLike { name: string; securityContext?: ContainerSC; volumeMounts?: { name: string; mountPath: string; subPath?: string }[] }

/** The container's effective settings; undefined when neither the pod nor the container sets any. */
export function processSecurity(pod: PodLike, c: ContainerLike): ProcessSecurity | undefined {
  const p = pod.spec?.securityContext;
  const s = c.securityContext;
  // The API server defaults every pod's to {}: only one with a field set changes what the processes are.
  if (!(p && Object.keys(p).length) && !(s && Object.keys(s).length)) return undefined;
  const out: ProcessSecurity = {};
  const runAsUser = s?.runAsUser ?? p?.runAsUser;
  const runAsGroup = s?.runAsGroup ?? p?.runAsGroup;
  if (runAsUser !== undefined) out.runAsUser = runAsUser;
  if (runAsGroup !== undefined) out.runAsGroup = runAsGroup;
  const groups = [...(p?.supplementalGroups ?? []), ...(p?.fsGroup !== undefined ? [p.fsGroup] : [])];
  if (groups.length) out.groups = groups;
  if (p?.supplementalGroupsPolicy === 'Strict') out.strict = true;
  if (p?.fsGroup !== undefined) out.fsGroup = p.fsGroup;
  if (s?.capabilities?.add?.length) out.capAdd = s.capabilities.add;
  if (s?.capabilities?.drop?.length) out.capDrop = s.capabilities.drop;
  if (s?.privileged) out.privileged = true;
  if (s?.allowPrivilegeEscalation === false) out.noNewPrivs = true;
  if (s?.readOnlyRootFilesystem) out.readOnlyRootFilesystem = true;
  const seccomp = (s?.seccompProfile ?? p?.seccompProfile)?.type;
  if (seccomp === 'RuntimeDefault' || seccomp === 'Localhost') out.seccomp = true;
  const mounts = (c.volumeMounts ?? []).map((m) => m.mountPath.replace(/\/+$/, ''));
  if (mounts.length) out.mounts = mounts;
  return out;
}

/** Where the container mounts the pod's emptyDir volumes on the node's disk (whole, not a subPath; a Memory one is a tmpfs of its own): undefined when nowhere. */
export function emptyDirMounts(pod: PodLike, c: ContainerLike): string[] | undefined {
  const onDisk = (v: { emptyDir?: { medium?: string } }) => v.emptyDir && !v.emptyDir.medium;
  if (!c.volumeMounts?.length || !pod.spec?.volumes?.some(onDisk)) return undefined;
  const empty = new Set(pod.spec.volumes.filter(onDisk).map((v) => v.name));
  const dirs = c.volumeMounts.filter((m) => empty.has(m.name) && !m.subPath).map((m) => m.mountPath.replace(/\/+$/, ''));
  return dirs.length ? dirs : undefined;
}

/**
 * runAsNonRoot (kuberuntime verifyRunAsNonRoot): an explicit runAsUser 0 breaks it; otherwise the image's USER
 * decides: root, or a name the kubelet cannot tell is not root. The text becomes CreateContainerConfigError's.
 */
export function runAsNonRootError(pod: PodLike, c: ContainerLike, image: ImageInfo): string | undefined {
  const s = c.securityContext;
  const p = pod.spec?.securityContext;
  if (!(s?.runAsNonRoot ?? p?.runAsNonRoot)) return undefined;
  // format.Pod: name_namespace(uid).
  const where = `(pod: "${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})", container: ${c.name})`;
  const runAsUser = s?.runAsUser ?? p?.runAsUser;
  if (runAsUser !== undefined) return runAsUser === 0 ? `container's runAsUser breaks non-root policy ${where}` : undefined;
  if (image.account) return `container has runAsNonRoot and image has non-numeric user (${image.account.name}), cannot verify user is non-root ${where}`;
  return (image.uid ?? 0) === 0 ? `container has runAsNonRoot and image will run as root ${where}` : undefined;
}
