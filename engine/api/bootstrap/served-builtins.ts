/**
 * Discovery's rows for the built-in kinds of a kubeadm v1.35 cluster that a fresh lab has no objects of, served once
 * the system views load (with kubectl's first command; kindReady waits for them):
 *  - the reviews kube-apiserver answers without storing anything (pkg/registry/authentication, .../authorization:
 *    create only, registry/reviews.ts);
 *  - storage.k8s.io/v1 CSIDriver, CSIStorageCapacity, VolumeAttachment and VolumeAttributesClass (GA in v1.34, its
 *    API on by default since), registry/storage-kinds.ts;
 *  - resource.k8s.io/v1, Dynamic Resource Allocation (GA in v1.34: the DynamicResourceAllocation gate and the v1
 *    API are on by default), registry/resource-kinds.ts.
 * Short names and verbs as the registries' ShortNames() and REST storage interfaces give them.
 */
import type { AlternateVersion } from '../apiserver.js';
import { methodNotAllowed, serviceUnavailable } from '../errors.js';
import { r, serve } from '../resources.js';
import { ALTERNATES } from '../strategy.js';

const CREATE_ONLY = { verbs: ['create'] };

/** go-restful's answer to a method the resource's only route (POST) does not take. */
const notAllowed = (): never => {
  throw methodNotAllowed('the server does not allow this method on the requested resource');
};

/**
 * A resource whose REST storage has Create alone and stores nothing (the reviews): the API server hands its verbs to
 * this entry (ALTERNATES), every one but create refused; `create` answers the request.
 */
export function createOnly(key: string, create: AlternateVersion['create']): void {
  ALTERNATES.set(key, {
    get: notAllowed, tryGet: notAllowed, list: notAllowed, update: notAllowed, patch: notAllowed, delete: notAllowed, watch: notAllowed,
    create,
    // Nothing is stored, so no field manager has anything to say about it.
    withManagedFields: (_s, obj) => obj,
  });
}

/** The reviews are answered by registry/reviews.ts, which whatever creates one awaits (kindReady); until then, a 503. */
const REVIEWS = ['tokenreviews.authentication.k8s.io', 'selfsubjectreviews.authentication.k8s.io', 'localsubjectaccessreviews.authorization.k8s.io',
  'selfsubjectaccessreviews.authorization.k8s.io', 'selfsubjectrulesreviews.authorization.k8s.io', 'subjectaccessreviews.authorization.k8s.io'];
for (const key of REVIEWS) {
  createOnly(key, () => {
    throw serviceUnavailable('the server is currently unable to handle the request');
  });
}

serve([
  r('selfsubjectreviews', 'SelfSubjectReview', 'authentication.k8s.io', 'v1', false, [], CREATE_ONLY),
  r('tokenreviews', 'TokenReview', 'authentication.k8s.io', 'v1', false, [], CREATE_ONLY),
  r('localsubjectaccessreviews', 'LocalSubjectAccessReview', 'authorization.k8s.io', 'v1', true, [], CREATE_ONLY),
  r('selfsubjectaccessreviews', 'SelfSubjectAccessReview', 'authorization.k8s.io', 'v1', false, [], CREATE_ONLY),
  r('selfsubjectrulesreviews', 'SelfSubjectRulesReview', 'authorization.k8s.io', 'v1', false, [], CREATE_ONLY),
  r('subjectaccessreviews', 'SubjectAccessReview', 'authorization.k8s.io', 'v1', false, [], CREATE_ONLY),
  r('csidrivers', 'CSIDriver', 'storage.k8s.io', 'v1', false),
  r('csistoragecapacities', 'CSIStorageCapacity', 'storage.k8s.io', 'v1', true),
  r('volumeattachments', 'VolumeAttachment', 'storage.k8s.io', 'v1', false, [], { statusSubresource: true }),
  r('volumeattributesclasses', 'VolumeAttributesClass', 'storage.k8s.io', 'v1', false, ['vac']),
  r('deviceclasses', 'DeviceClass', 'resource.k8s.io', 'v1', false),
  r('resourceclaims', 'ResourceClaim', 'resource.k8s.io', 'v1', true, [], { statusSubresource: true }),
  r('resourceclaimtemplates', 'ResourceClaimTemplate', 'resource.k8s.io', 'v1', true),
  r('resourceslices', 'ResourceSlice', 'resource.k8s.io', 'v1', false),
]);
