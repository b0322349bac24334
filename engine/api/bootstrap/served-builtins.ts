/**
 * Discovery's rows for the built-in kinds of a kubeadm v1.35 cluster that a fresh lab has no objects of, served once
 * the system views load (with kubectl's first command; kindReady waits for them):
 *  - the reviews kube-apiserver answers without storing anything (pkg/registry/authentication, .../authorization:
 *    create only, registry/reviews.ts).
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
]);
