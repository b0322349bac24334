/**
 * Informer indexes the workload controllers share, so a sync reads the few
 * objects it needs instead of scanning every pod of the cluster (the real
 * controllers use the same trick: PodControllerUIDIndex plus an orphan index).
 */
import { controllerRef, type KObject } from '../../api/meta.js';
import { META_ONLY, type Informer } from '../framework.js';

/** Objects by their controller's UID (`uid:<uid>`), orphans by namespace (`orphan:<ns>`). */
export const CONTROLLER_INDEX = 'kubelab/controller-or-orphan';
/** Objects by namespace. */
export const NAMESPACE_INDEX = 'kubelab/namespace';

const withController = new WeakSet<Informer>();
const withNamespace = new WeakSet<Informer>();

export function controllerIndexValue(o: KObject): string {
  const ref = controllerRef(o);
  return ref ? `uid:${ref.uid}` : `orphan:${o.metadata.namespace ?? ''}`;
}

export function ensureControllerIndex(inf: Informer): void {
  if (withController.has(inf)) return;
  withController.add(inf);
  inf.addIndexer(CONTROLLER_INDEX, (o) => [controllerIndexValue(o)], META_ONLY);
}

export function ensureNamespaceIndex(inf: Informer): void {
  if (withNamespace.has(inf)) return;
  withNamespace.add(inf);
  inf.addIndexer(NAMESPACE_INDEX, (o) => [o.metadata.namespace ?? ''], META_ONLY);
}

/** What `owner` controls plus the orphans of its namespace: every object it might claim. */
export function claimCandidates(inf: Informer, owner: KObject): KObject[] {
  return [
    ...inf.byIndex(CONTROLLER_INDEX, `uid:${owner.metadata.uid}`),
    ...inf.byIndex(CONTROLLER_INDEX, `orphan:${owner.metadata.namespace ?? ''}`),
  ];
}

export function ownedBy(inf: Informer, uid: string): KObject[] {
  return inf.byIndex(CONTROLLER_INDEX, `uid:${uid}`);
}
