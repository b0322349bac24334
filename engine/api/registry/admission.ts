/**
 * The mutating admission plugins a kubeadm cluster runs on pods
 * (kubernetes/kubernetes plugin/pkg/admission, release-1.35):
 * ServiceAccount, DefaultTolerationSeconds and Priority.
 */
import { forbidden } from '../errors.js';
import { deepFreeze, type KObject } from '../meta.js';
import type { StrategyContext } from '../strategy.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const KUBE_API_ACCESS_PREFIX = 'kube-api-access-';
/** One hour plus the 7 s the plugin adds so the kubelet refreshes before the warning window. */
export const SERVICE_ACCOUNT_TOKEN_EXPIRATION = 3607;
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
export const DEFAULT_TOLERATION_SECONDS = 300;
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';

/** The built-in PriorityClasses every cluster has (pkg/apis/scheduling). */
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/*
 * What admission adds is the same for every pod: one frozen copy is shared by all
 * of them (stored objects are immutable; a client clones before changing one),
 * instead of ~15 objects more per pod in a 150,000-pod cluster.
 */
const TOKEN_PROJECTION = deepFreeze({
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: SERVICE_ACCOUNT_TOKEN_EXPIRATION, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ],
});
const NOT_READY_TOLERATION = deepFreeze({ key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
const UNREACHABLE_TOLERATION = deepFreeze({ key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });

/** ServiceAccount admission: names the pod's account and mounts its token. */
export function admitServiceAccount(pod: KObject, ctx: StrategyContext): void {
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return;
  const spec = pod.spec as Any;
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || DEFAULT_SERVICE_ACCOUNT;
  spec.serviceAccount = spec.serviceAccountName;
  const ns = pod.metadata.namespace ?? 'default';
  if (!ctx.lookup('serviceaccounts', ns, spec.serviceAccountName)) {
    throw forbidden('pods', '', admittedName(pod), `error looking up service account ${ns}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`);
  }
  if (spec.automountServiceAccountToken === false) return;
  const sa = ctx.lookup('serviceaccounts', ns, spec.serviceAccountName) as Any;
  if (sa?.automountServiceAccountToken === false && spec.automountServiceAccountToken !== true) return;
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Any[];
  // A pod that already mounts something at the token path keeps its own volume.
  if (containers.some((c) => (c.volumeMounts ?? []).some((m: Any) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH))) return;
  const existing = new Set(((spec.volumes ?? []) as Any[]).map((v) => v.name));
  let name = '';
  do name = KUBE_API_ACCESS_PREFIX + ctx.random.nameSuffix(5); while (existing.has(name));
  spec.volumes = appended(spec.volumes, { name, projected: TOKEN_PROJECTION });
  for (const c of containers) c.volumeMounts = appended(c.volumeMounts, { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH });
}

/**
 * `list` and `item` in a new array of exactly that length: these arrays are stored with every pod, and one
 * grown by push (or built by spreading) reserves 17 slots or more, ~130 bytes a pod each.
 */
function appended<T>(list: T[] | undefined, ...items: T[]): T[] {
  return list ? list.concat(items) : items;
}

/** DefaultTolerationSeconds: pods ride out a NotReady or unreachable node for 300 s before eviction. */
export function admitDefaultTolerationSeconds(pod: KObject): void {
  const spec = pod.spec as Any;
  const tolerations = (spec.tolerations ?? []) as Any[];
  const tolerates = (key: string) => tolerations.some((t) => (t.key === key && (t.effect === 'NoExecute' || !t.effect)) || (!t.key && t.operator === 'Exists' && (!t.effect || t.effect === 'NoExecute')));
  const add: Any[] = [];
  if (!tolerates(TAINT_NODE_NOT_READY)) add.push(NOT_READY_TOLERATION);
  if (!tolerates(TAINT_NODE_UNREACHABLE)) add.push(UNREACHABLE_TOLERATION);
  if (add.length) spec.tolerations = appended(tolerations, ...add);
}

/** The Priority plugin with user PriorityClasses and a global default (registry/priority-admission.ts), once loaded. */
export const priorityAdmission: { run?: (pod: KObject, ctx: StrategyContext) => void } = {};

/** Priority: resolves priorityClassName to a priority (0 when none is named: no global default exists). */
export function admitPriority(pod: KObject, ctx: StrategyContext): void {
  if (priorityAdmission.run) return priorityAdmission.run(pod, ctx);
  const spec = pod.spec as Any;
  const cls = spec.priorityClassName as string | undefined;
  let priority = 0;
  if (cls) {
    if (!(cls in SYSTEM_PRIORITY_CLASSES)) {
      throw forbidden('pods', '', admittedName(pod), `no PriorityClass with name ${cls} was found`);
    }
    priority = SYSTEM_PRIORITY_CLASSES[cls];
  }
  if (spec.priority !== undefined && spec.priority !== priority) {
    throw forbidden('pods', '', admittedName(pod), `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
}

/**
 * The RuntimeClass admission plugin (registry/runtimeclasses.ts), loaded with the tables kubectl loads before its first
 * command and with the pods' own lazily loaded code (lazy-kinds.ts).
 */
export const runtimeClassAdmission: { admit?: (pod: KObject, ctx: StrategyContext) => void } = {};

/** admission.NewForbidden's name: a create's mutating admission runs before the name is generated (then its prefix). */
export function admittedName(obj: KObject): string {
  return obj.metadata.name || obj.metadata.generateName || 'Unknown';
}
