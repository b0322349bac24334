/**
 * kube-controller-manager's resource claim controller loads on first use: at the first pod that names a
 * ResourceClaim (first-use.ts), with resource.k8s.io served, so a lab without DRA never fetches its code.
 */
import { FirstUseControllers } from '../first-use.js';
import { lazyModule } from '../../util/lazy-module.js';
import { kindReady } from '../../api/registry/lazy-kinds.js';
import type { Controller } from '../manager.js';
import type { KObject } from '../../api/meta.js';

export interface ResourceClaimModule { ResourceClaimController: new () => Controller }

const resourceClaim = lazyModule<ResourceClaimModule>(async () => {
  await kindReady('resourceclaims.resource.k8s.io');
  return import('./resourceclaim.js');
});

const namesClaims = (pod: KObject) => !!(pod.spec as { resourceClaims?: unknown[] } | undefined)?.resourceClaims?.length;

export function resourceClaimControllerLoader(): FirstUseControllers<ResourceClaimModule> {
  return new FirstUseControllers('resourceclaim-controller', ['pods'], resourceClaim, (m) => [new m.ResourceClaimController()], namesClaims);
}
