/**
 * The pod a TYPE/NAME argument stands for (AttachablePodForObject) and the
 * container a command means when none is named: what logs, exec, attach and
 * port-forward share, apart from the verbs themselves (logs loads on first use).
 */
import { badRequest } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { buildInfos } from '../framework/builder.js';
import type { Invocation } from '../framework/command.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The builder's ResourceNames("pods", arg) then AttachablePodForObject: the pod
 * itself, or the first (oldest active) pod the workload selects.
 */
export async function podForObject(inv: Invocation, arg: string): Promise<KObject> {
  const res = await buildInfos(inv, { args: [arg], namesOfType: 'pods' });
  const obj = res.infos[0].object;
  if (obj.kind === 'Pod') return obj;
  return podsOf(inv, obj as Any)[0];
}

export function containerNames(pod: Any, all: boolean): string[] {
  const main = (pod.spec?.containers ?? []).map((c: Any) => c.name);
  return all ? [...(pod.spec?.initContainers ?? []).map((c: Any) => c.name), ...main] : main;
}

/** Which container: -c, the default-container annotation, or the only/first one (with kubectl's note). */
export function pickContainer(inv: Invocation, pod: Any, requested: string): string {
  if (requested) {
    const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: Any) => c.name);
    if (!all.includes(requested)) {
      throw badRequest(`container ${requested} is not valid for pod ${pod.metadata.name}`);
    }
    return requested;
  }
  const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const names = containerNames(pod, false);
  if (def && names.includes(def)) return def;
  if (names.length > 1) inv.err(`Defaulted container "${names[0]}" out of: ${[...names, ...(pod.spec?.initContainers ?? []).map((c: Any) => `${c.name} (init)`)].join(', ')}\n`);
  return names[0];
}

/** The pods a workload selects, the one kubectl picks first at the front. */
export function podsOf(inv: Invocation, obj: Any): KObject[] {
  let selector: Record<string, string> | undefined;
  if (obj.kind === 'Service') selector = obj.spec?.selector;
  else selector = obj.spec?.selector?.matchLabels ?? obj.spec?.selector;
  if (!selector || !Object.keys(selector).length) throw new Error(`cannot attach to ${obj.kind}: selector for ${obj.kind} is empty`);
  const sel = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = inv.client().list('pods', obj.metadata.namespace, { labelSelector: sel }).items.filter((p) => !p.metadata.deletionTimestamp);
  if (!pods.length) throw new Error('timed out waiting for the condition');
  // kubectl sorts by podutils.ActivePods: running and ready pods first, then the oldest.
  const rank = (p: Any) => (p.status?.phase === 'Running' ? 0 : 1);
  return pods.sort((a, b) => rank(a) - rank(b) || String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
}
