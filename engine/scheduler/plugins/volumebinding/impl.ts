/**
 * VolumeBinding's checks (volume_binding.go PreFilter/Filter/PreBind, binder.go FindPodVolumes and
 * BindPodVolumes, release-1.35), loaded on first use. Dynamic provisioning is not simulated: a kubeadm cluster
 * has no provisioner, so a WaitForFirstConsumer claim without a matching volume keeps its pod Pending.
 */
import type { KObject } from '../../../api/meta.js';
import { clone } from '../../../api/meta.js';
import type { Client } from '../../../api/client.js';
import { Code, newStatus, type CycleState, type Status } from '../../framework/types.js';
import type { Handle } from '../../framework/handle.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { fits as nodeAffinityFits } from '../nodeaffinity/index.js';
import { ANN_BOUND_BY_CONTROLLER, claimClass, findMatchingVolume } from '../../../controllers/volume/persistentvolume/binder.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const MSG_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
const STATE_KEY = 'VolumeBinding';

interface State {
  bound: KObject[];
  delayed: KObject[];
}

function claimNames(pod: PodInfo): string[] {
  return (((pod.pod.spec as Any)?.volumes ?? []) as Any[]).filter((v) => v.persistentVolumeClaim).map((v) => v.persistentVolumeClaim.claimName);
}

export function preFilter(h: Handle, state: CycleState, pod: PodInfo): { status?: Status } {
  const bound: KObject[] = [];
  const delayed: KObject[] = [];
  let unboundImmediate = false;
  for (const name of claimNames(pod)) {
    const pvc = h.storage?.('persistentvolumeclaims', `${pod.namespace}/${name}`) as Any;
    if (!pvc) return { status: newStatus(Code.UnschedulableAndUnresolvable, `persistentvolumeclaim "${name}" not found`) };
    if (pvc.status?.phase === 'Lost') return { status: newStatus(Code.UnschedulableAndUnresolvable, `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`) };
    if (pvc.metadata.deletionTimestamp) return { status: newStatus(Code.UnschedulableAndUnresolvable, `persistentvolumeclaim "${name}" is being deleted`) };
    // isPVCFullyBound: the volume name and the controller's bind-completed annotation.
    if (pvc.spec?.volumeName && pvc.metadata.annotations?.['pv.kubernetes.io/bind-completed'] !== undefined) {
      bound.push(pvc);
      continue;
    }
    const cls = claimClass(pvc);
    const sc = cls ? (h.storage?.('storageclasses.storage.k8s.io', cls) as Any) : undefined;
    if (sc?.volumeBindingMode === 'WaitForFirstConsumer') delayed.push(pvc);
    else unboundImmediate = true;
  }
  if (unboundImmediate) return { status: newStatus(Code.UnschedulableAndUnresolvable, MSG_UNBOUND_IMMEDIATE) };
  state.write(STATE_KEY, { bound, delayed } satisfies State);
  return {};
}

function volumeFitsNode(pv: Any, node: NodeInfo): boolean {
  const terms = pv?.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return nodeAffinityFits(undefined, terms, node.labels, node.name);
}

function volumesFor(h: Handle): KObject[] {
  return [...(h.storageList?.('persistentvolumes') ?? [])].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

/** The volume for a delayed claim on `node`: the smallest Available match whose node affinity admits the node. */
function matchOnNode(h: Handle, pvc: KObject, node: NodeInfo, taken: Set<string>): KObject | undefined {
  const candidates = volumesFor(h).filter((v) => volumeFitsNode(v, node) && !taken.has(v.metadata.name!));
  return findMatchingVolume(pvc, candidates, false);
}

export function filter(h: Handle, state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
  const s = state.read<State>(STATE_KEY);
  if (!s) return null;
  const reasons: string[] = [];
  for (const pvc of s.bound) {
    const pv = h.storage?.('persistentvolumes', (pvc.spec as Any).volumeName);
    if (pv && !volumeFitsNode(pv, node)) {
      reasons.push(ERR_REASON_NODE_CONFLICT);
      break;
    }
  }
  const taken = new Set<string>();
  for (const pvc of s.delayed) {
    const pv = matchOnNode(h, pvc, node, taken);
    if (!pv) {
      reasons.push(ERR_REASON_BIND_CONFLICT);
      break;
    }
    taken.add(pv.metadata.name!);
  }
  return reasons.length ? newStatus(Code.UnschedulableAndUnresolvable, ...reasons) : null;
}

/** BindPodVolumes for static volumes: each delayed claim's volume gets its claimRef; the PV controller completes the binding. */
export function preBind(h: Handle, client: Client, pod: PodInfo, nodeName: string): void {
  const node = h.cache.nodeList.find((n) => n.name === nodeName);
  if (!node) return;
  const taken = new Set<string>();
  for (const name of claimNames(pod)) {
    const pvc = h.storage?.('persistentvolumeclaims', `${pod.namespace}/${name}`) as Any;
    if (!pvc || pvc.spec?.volumeName) continue;
    const sc = h.storage?.('storageclasses.storage.k8s.io', claimClass(pvc)) as Any;
    if (sc?.volumeBindingMode !== 'WaitForFirstConsumer') continue;
    const pv = matchOnNode(h, pvc, node, taken);
    if (!pv) continue;
    taken.add(pv.metadata.name!);
    const v = clone(pv);
    (v.spec as Any).claimRef = { kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid, apiVersion: 'v1', resourceVersion: pvc.metadata.resourceVersion };
    v.metadata.annotations = { ...(v.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
    try { client.update('persistentvolumes', v); } catch { /* the claim stays unbound; the kubelet waits */ }
  }
}
