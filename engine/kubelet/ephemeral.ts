/**
 * Ephemeral containers on the kubelet's side (pkg/kubelet/kuberuntime
 * computePodActions, release-1.35): an ephemeral container added to a running
 * pod's spec is started once, after the regular containers, and never
 * restarted; its status goes to status.ephemeralContainerStatuses, without the
 * `started` the probe manager sets only for regular and init containers.
 */
import type { Container as ContainerSpec, Pod } from 'kubernetes-types/core/v1';
import { containerStatusJSON, type ContainerView } from './pod-status.js';

/** The ephemeral containers of a pod spec the kubelet has no record of yet, in spec order. */
export function newEphemeralSpecs(pod: Pod, known: readonly { spec: { name: string } }[]): ContainerSpec[] {
  const list = pod.spec?.ephemeralContainers ?? [];
  if (!list.length) return [];
  const have = new Set(known.map((k) => k.spec.name));
  return list.filter((ec) => !have.has(ec.name)) as ContainerSpec[];
}

/**
 * Whether the pod worker should (try to) start this ephemeral container now:
 * never once it has run or failed to start (no restart, whatever the pod's
 * restartPolicy), and only while the pod is not being torn down.
 */
export function ephemeralNeedsStart(cr: { current?: unknown; startFailure?: unknown; pulling: boolean }, podTerminal: boolean): boolean {
  return !podTerminal && !cr.current && !cr.startFailure && !cr.pulling;
}

/** One entry of status.ephemeralContainerStatuses. */
export function ephemeralStatusJSON(v: ContainerView): Record<string, unknown> {
  // Readiness belongs to the probe manager, which knows only regular and init containers.
  const out = containerStatusJSON({ ...v, ready: false });
  delete out.started;
  return out;
}
