/**
 * predicateAdmitHandler.Admit (pkg/kubelet/lifecycle/predicate.go), the verdict only: the checks every pod bound
 * to the node meets before the kubelet runs it, in upstream's order. The OS checks come first (evicting other pods
 * could not help them); then the scheduler's AdmissionCheck with every failure, of which the first counts
 * (noderesources.Fits: pods, cpu, memory, ephemeral-storage, extended resources; NodeAffinity; NodeName;
 * NodePorts); then the kubelet's own taint check, which minds NoExecute taints only. Worded and written by
 * admission.ts, with which it loads.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../api/meta.js';
import { NodeInfo } from '../scheduler/framework/node-info.js';
import { podInfoOf } from '../scheduler/framework/pod-info.js';
import { matchRequiredNodeAffinity } from '../scheduler/helpers/nodeaffinity.js';
import { findMatchingUntoleratedTaint } from '../scheduler/helpers/taints.js';
import { fitsRequest, type InsufficientResource } from '../scheduler/plugins/noderesources/fit.js';
import * as NodePorts from '../scheduler/plugins/nodeports/index.js';

/** runtime.GOOS of every simulated kubelet. */
const NODE_OS = 'linux';

/** A pod the kubelet has admitted, as its pod map holds it. */
export interface AdmittedPod {
  pod: Pod & KObject;
  finished: boolean;
}

/** Why a pod is not admitted: the resource it lacks (InsufficientResourceError), or the failed check's reason. */
export type AdmitFailure = InsufficientResource | string;

/**
 * The first failed check, or undefined when the pod may run. `others` are the pods admitted before it; finished
 * ones hold nothing (filterOutInactivePods).
 */
export function admitFailure(node: KObject, pod: Pod & KObject, others: Iterable<AdmittedPod>): AdmitFailure | undefined {
  const osLabel = pod.metadata.labels?.['kubernetes.io/os'];
  if (osLabel !== undefined && osLabel !== NODE_OS) return 'PodOSSelectorNodeLabelDoesNotMatch';
  if (pod.spec?.os && pod.spec.os.name !== NODE_OS) return 'PodOSNotSupported';
  const info = podInfoOf(pod);
  const nodeInfo = new NodeInfo(node.metadata.name!);
  nodeInfo.setNode(node);
  // A pod the scheduler bound fitted the resources and host ports of its cache, which holds the same pods: summing
  // the node's pods again for each would cost a node of 10,000 pods (KWOK's shape) 50 million additions.
  const bound = pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'True');
  if (!bound) {
    for (const other of others) if (!other.finished && other.pod.metadata.uid !== pod.metadata.uid) nodeInfo.addPod(podInfoOf(other.pod));
    // removeMissingExtendedResources: an extended resource (a qualified name outside kubernetes.io) the node does
    // not advertise is left to cluster-level resources, so a pod bound by hand to such a node gets in.
    const scalar = info.requests.scalar;
    const requests = scalar ? { ...info.requests, scalar: new Map([...scalar].filter(([name]) => !name.includes('/') || name.includes('kubernetes.io/') || nodeInfo.allocatable.scalar?.has(name))) } : info.requests;
    const [short] = fitsRequest(requests, nodeInfo);
    if (short) return short;
  }
  // The plugins' names, as literals: each name imported from the page's code would cost it an export.
  if (!matchRequiredNodeAffinity(info.nodeSelector, info.requiredNodeAffinity, nodeInfo.labels, nodeInfo.name)) return 'NodeAffinity';
  // nodename.Fits; the kubelet is only given pods bound to its node, so this holds unless the node was renamed.
  if (info.nodeName && info.nodeName !== nodeInfo.name) return 'NodeName';
  if (!bound && !NodePorts.fits(info.hostPorts, nodeInfo.usedPorts)) return 'NodePorts';
  // Static pods, which skip the taint check, do not come here: the kubelet admits them from their manifests.
  return findMatchingUntoleratedTaint(nodeInfo.taints, info.tolerations, (t) => t.effect === 'NoExecute') ? 'TaintToleration' : undefined;
}
