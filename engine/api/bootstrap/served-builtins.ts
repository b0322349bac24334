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
import { r, serve } from '../resources.js';

const CREATE_ONLY = { verbs: ['create'] };

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
