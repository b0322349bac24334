/**
 * The self-review APIs kubectl's `auth` commands call:
 * authorization.k8s.io/v1 SelfSubjectAccessReview (`can-i VERB RESOURCE`) and
 * SelfSubjectRulesReview (`can-i --list`), authentication.k8s.io/v1
 * SelfSubjectReview (`whoami`). They answer for the requesting user, so an
 * impersonated request answers for the impersonated user.
 */
import type { APIServer } from '../apiserver.js';
import { authorize, rulesFor, type UserInfo } from './authorizer.js';
import { materialise } from './bootstrap.js';
import type { PolicyRule, RequestAttributes } from './rules.js';
import { storeSource } from './source.js';
import { SYSTEM_MASTERS } from './impersonation.js';

export interface AccessReviewSpec {
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; resource?: string; subresource?: string; name?: string };
  nonResourceAttributes?: { path?: string; verb?: string };
}

export interface AccessReviewStatus { allowed: boolean; reason?: string }

/**
 * An access review's status: the decision of a kubeadm API server's authorizer chain for the request described.
 * system:masters is allowed everything first (the privileged-group authorizer, no reason); then Node and RBAC.
 */
export function accessReviewStatus(apiserver: APIServer, user: UserInfo, spec: AccessReviewSpec): AccessReviewStatus {
  if (user.groups.includes(SYSTEM_MASTERS)) return { allowed: true };
  materialise(apiserver);
  const r = spec.resourceAttributes;
  const attrs: RequestAttributes = r
    ? { verb: r.verb ?? '', resourceRequest: true, apiGroup: r.group ?? '', resource: r.resource ?? '', subresource: r.subresource ?? '', name: r.name ?? '', namespace: r.namespace ?? '' }
    : { verb: spec.nonResourceAttributes?.verb ?? '', resourceRequest: false, path: spec.nonResourceAttributes?.path ?? '' };
  const d = authorize(storeSource(apiserver), user, attrs);
  return d.reason ? { allowed: d.allowed, reason: d.reason } : { allowed: d.allowed };
}

export interface RulesReviewStatus {
  resourceRules: { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }[];
  nonResourceRules: { verbs: string[]; nonResourceURLs?: string[] }[];
  incomplete: boolean;
  evaluationError?: string;
}

/** SelfSubjectRulesReview: every rule that applies in the namespace, resource rules and URL rules apart (system:masters: everything). */
export function selfSubjectRulesReview(apiserver: APIServer, user: UserInfo, namespace: string): RulesReviewStatus {
  if (user.groups.includes(SYSTEM_MASTERS)) return { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false };
  materialise(apiserver);
  const { rules, errors } = rulesFor(storeSource(apiserver), user, namespace);
  const status: RulesReviewStatus = { resourceRules: [], nonResourceRules: [], incomplete: errors.length > 0 };
  for (const r of rules as PolicyRule[]) {
    if (r.nonResourceURLs?.length) status.nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
    else status.resourceRules.push({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) });
  }
  if (errors.length) status.evaluationError = errors.join(', ');
  return status;
}

/** authentication/v1 UserInfo as encoding/json writes it (omitempty throughout; extra's keys sorted, as a map's). */
export function userInfoOf(user: UserInfo): Record<string, unknown> {
  const userInfo: Record<string, unknown> = { username: user.name };
  if (user.uid) userInfo.uid = user.uid;
  if (user.groups.length) userInfo.groups = user.groups;
  const extra = user.extra ?? {};
  if (Object.keys(extra).length) userInfo.extra = Object.fromEntries(Object.keys(extra).sort().map((k) => [k, extra[k]]));
  return userInfo;
}
