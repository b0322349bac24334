/**
 * The pods/eviction subresource as kube-apiserver serves it (pkg/registry/core/pod/storage/eviction.go,
 * release-1.35). A pod that is Pending, finished or already terminating is deleted without looking at
 * budgets. Otherwise the PodDisruptionBudgets of its namespace that select it decide: more than one is an
 * error; with one, an unready pod may go when the budget is met (or its unhealthyPodEvictionPolicy is
 * AlwaysAllow), and a ready one only when status.disruptionsAllowed is above 0, which the eviction decrements
 * while it records the pod in status.disruptedPods, in the same status write (checkAndDecrement). Then the pod
 * gets the DisruptionTarget condition (reason EvictionByEvictionAPI) and is deleted with the eviction's
 * DeleteOptions (addConditionAndDeletePod); a dry run writes nothing.
 */
import type { Client } from './client.js';
import type { DeleteOptions } from './apiserver.js';
import { clone, type KObject } from './meta.js';
import { forbidden, StatusError, type Status } from './errors.js';
import { labelSelectorAsSelector } from './selectors.js';
import { updatePodCondition } from './pod-condition.js';
import { rfc3339 } from '../util/time.js';

export const EVICTION_REASON = 'EvictionByEvictionAPI';
export const EVICTION_MESSAGE = 'Eviction API: evicting';
export const PDB_VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";
export const MULTIPLE_PDBS = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
/** policyv1.DisruptionBudgetCause. */
export const DISRUPTION_BUDGET_CAUSE = 'DisruptionBudget';
/** MaxDisruptedPodSize: past this many unconfirmed evictions a budget refuses more. */
export const MAX_DISRUPTED_POD_SIZE = 2000;
const PDBS = 'poddisruptionbudgets.policy';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** errors.NewTooManyRequests with a DisruptionBudget cause; a Retry-After only when the budget is still being processed. */
export function tooManyRequests(cause: string, retryAfterSeconds = 0): StatusError {
  const status = {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: PDB_VIOLATION, reason: 'TooManyRequests',
    details: { causes: [{ type: DISRUPTION_BUDGET_CAUSE, message: cause }], ...(retryAfterSeconds ? { retryAfterSeconds } : {}) }, code: 429,
  };
  return new StatusError(status as unknown as Status);
}

/** The `metav1.Status` with code 500 the handler answers for a pod under several budgets. */
function multipleBudgets(): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: MULTIPLE_PDBS, reason: '', code: 500 } as Status);
}

/** canIgnorePDB. */
function canIgnorePDB(pod: Any): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

function isPodReady(pod: Any): boolean {
  return (pod.status?.conditions ?? []).some((c: Any) => c.type === 'Ready' && c.status === 'True');
}

/** getPodDisruptionBudgets: a nil or empty selector picks nothing here. */
function budgetsOf(client: Client, pod: KObject): KObject[] {
  return client.list(PDBS, pod.metadata.namespace).items.filter((pdb) => {
    try {
      const sel = labelSelectorAsSelector((pdb.spec as Any)?.selector);
      return !sel.empty() && sel.matches(pod.metadata.labels);
    } catch {
      return false;
    }
  });
}

/** checkAndDecrement: throws the refusal, or takes one disruption and records the pod (not on a dry run). */
function checkAndDecrement(client: Client, podName: string, pdb: KObject, dryRun: boolean, now: number): void {
  const status = (pdb.status ?? {}) as Any;
  const name = pdb.metadata.name!;
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) throw tooManyRequests(`The disruption budget ${name} is still being processed by the server.`, 10);
  if ((status.disruptionsAllowed ?? 0) < 0) throw forbidden('poddisruptionbudget', 'policy', name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw forbidden('poddisruptionbudget', 'policy', name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if ((status.disruptionsAllowed ?? 0) === 0) {
    throw tooManyRequests(`The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
  }
  if (dryRun) return;
  const next = clone(pdb) as Any;
  next.status.disruptionsAllowed -= 1;
  if (next.status.disruptionsAllowed === 0) {
    // pdbhelper.UpdateDisruptionAllowedCondition: the condition turns False/InsufficientPods with the last disruption.
    const conds: Any[] = (next.status.conditions ??= []);
    const c = conds.find((x) => x.type === 'DisruptionAllowed');
    const cond = { type: 'DisruptionAllowed', status: 'False', ...(next.status.observedGeneration ? { observedGeneration: next.status.observedGeneration } : {}), lastTransitionTime: c?.status === 'False' ? c.lastTransitionTime : rfc3339(now), reason: 'InsufficientPods', message: '' };
    if (c) conds[conds.indexOf(c)] = cond;
    else conds.push(cond);
  }
  (next.status.disruptedPods ??= {})[podName] = rfc3339(now);
  client.updateStatus(PDBS, next, AS_APISERVER);
}

/** The eviction REST handler writes the budget's and the pod's status with the API server's own client: its manager is kube-apiserver's. */
const AS_APISERVER = { fieldManager: 'kube-apiserver' };

/** Evicts namespace/name at `now`; throws the API server's error (NotFound, TooManyRequests, …). */
export function evictPod(client: Client, namespace: string, name: string, options: DeleteOptions, now: number): void {
  const pod = client.get('pods', namespace, name);
  let deleteOptions = options;
  if (!canIgnorePDB(pod)) {
    const pdbs = budgetsOf(client, pod);
    if (pdbs.length > 1) throw multipleBudgets();
    const pdb = pdbs[0];
    if (pdb) {
      const status = (pdb.status ?? {}) as Any;
      const unready = !isPodReady(pod);
      const policy = (pdb.spec as Any)?.unhealthyPodEvictionPolicy;
      if (unready && (policy === 'AlwaysAllow' || ((status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0))) {
        // An unready pod does not count as healthy: it goes without a decrement, if it is still the version judged.
        if (!options.preconditions?.resourceVersion) deleteOptions = { ...options, preconditions: { ...options.preconditions, resourceVersion: pod.metadata.resourceVersion } };
      } else {
        checkAndDecrement(client, name, pdb, !!options.dryRun, now);
      }
    }
  }
  if (!options.dryRun) {
    try {
      const fresh = clone(client.get('pods', namespace, name)) as KObject;
      // The condition is added to the latest pod only if it is the version the preconditions name.
      const rv = deleteOptions.preconditions?.resourceVersion;
      if (rv && rv !== fresh.metadata.resourceVersion) throw new Error('precondition');
      updatePodCondition(fresh, { type: 'DisruptionTarget', status: 'True', reason: EVICTION_REASON, message: EVICTION_MESSAGE }, rfc3339(now));
      const updated = client.updateStatus('pods', fresh, AS_APISERVER);
      // We made that version: the delete's precondition follows it.
      if (rv) deleteOptions = { ...deleteOptions, preconditions: { ...deleteOptions.preconditions, resourceVersion: updated.metadata.resourceVersion } };
    } catch {
      // Not found or a conflict: the delete that follows says what happened.
    }
  }
  client.delete('pods', namespace, name, deleteOptions);
}
