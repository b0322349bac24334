/**
 * The reviews kube-apiserver answers at once and stores nowhere (release-1.35): authentication.k8s.io/v1 TokenReview
 * (pkg/registry/authentication/tokenreview) and SelfSubjectReview (.../selfsubjectreview); authorization.k8s.io/v1
 * SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview and SelfSubjectRulesReview
 * (pkg/registry/authorization/*, validated by pkg/apis/authorization/validation). Their REST storage has Create only:
 * every other verb is go-restful's 405. The answers come from the same authenticator and authorizer the API server
 * uses on requests (server/authentication.ts, rbac/authorizer.ts); the requester is the request's user
 * (WriteOptions.user: kubectl's `--as` or `--token`, a pod's token), the kubeconfig's admin when none is given.
 * Loaded when kubectl is about to write one (lazy-kinds.ts) or `kubectl auth` asks.
 */
import type { APIServer, WriteOptions } from '../apiserver.js';
import { badRequest, field, invalid, type FieldError } from '../errors.js';
import { clone, type KObject } from '../meta.js';
import { lookupResource, type ResourceInfo } from '../resources.js';
import type { UserInfo } from '../rbac/authorizer.js';
import { ADMIN_USER } from '../rbac/impersonation.js';
import { accessReviewStatus, selfSubjectRulesReview, userInfoOf } from '../rbac/reviews.js';
import { authenticateToken, type TokenRefusal } from '../server/authentication.js';
import { SERVICE_ACCOUNT_ISSUER } from '../service-account-token.js';
import { rfc3339 } from '../../util/time.js';
// Their discovery rows come first: the loop below finds each kind's there.
import { createOnly } from '../bootstrap/served-builtins.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const TOKEN_REVIEWS = 'tokenreviews.authentication.k8s.io';
export const SELF_SUBJECT_REVIEWS = 'selfsubjectreviews.authentication.k8s.io';
export const SUBJECT_ACCESS_REVIEWS = 'subjectaccessreviews.authorization.k8s.io';
export const LOCAL_SUBJECT_ACCESS_REVIEWS = 'localsubjectaccessreviews.authorization.k8s.io';
export const SELF_SUBJECT_ACCESS_REVIEWS = 'selfsubjectaccessreviews.authorization.k8s.io';
export const SELF_SUBJECT_RULES_REVIEWS = 'selfsubjectrulesreviews.authorization.k8s.io';

interface ReviewRequest { s: APIServer; info: ResourceInfo; namespace: string | undefined; obj: Any; user: UserInfo }

/**
 * The create handler's part before the REST storage: the body decoded as the kind (strict about unknown fields, as
 * kubectl asks), its namespace made the request's, apiVersion and kind set.
 */
function decoded(s: APIServer, info: ResourceInfo, namespace: string | undefined, input: KObject, opts: WriteOptions): Any {
  const obj = clone(s.check(info, input, opts)) as Any;
  if (!obj.metadata || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) obj.metadata = {};
  obj.apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  obj.kind = info.kind;
  if (s.goJSON) s.goJSON(info, obj, false);
  const own = obj.metadata.namespace;
  const requested = info.namespaced ? namespace ?? own : undefined;
  if (own && requested && own !== requested) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  if (requested) obj.metadata.namespace = requested;
  else delete obj.metadata.namespace;
  return obj;
}

/** The review as kube-apiserver writes it back: TypeMeta, metadata, spec (when the kind has one), then status. */
function answer(obj: Any, status: Any, spec = obj.spec): KObject {
  return { kind: obj.kind, apiVersion: obj.apiVersion, metadata: obj.metadata, ...(spec !== undefined ? { spec } : {}), status } as KObject;
}

// ---------- authentication.k8s.io ----------

/** tokenreview.REST.Create: the token through the API server's authenticators, for the audiences asked (its own by default). */
function tokenReview({ s, obj }: ReviewRequest): KObject {
  const spec = (obj.spec ?? {}) as Any;
  if (!spec.token) throw badRequest('token is required for TokenReview in authentication');
  const audiences: string[] = spec.audiences?.length ? spec.audiences : [SERVICE_ACCOUNT_ISSUER];
  const r = authenticateToken(s, String(spec.token), audiences);
  const status: Any = {};
  if (r.user) status.authenticated = true;
  // UserInfo is a struct: written even when empty.
  status.user = r.user ? userInfoOf(r.user) : {};
  if (r.user && r.audiences?.length) status.audiences = r.audiences;
  if (r.invalid) status.error = r.refusal ? `[${INVALID_TOKEN}, ${refusalText(r.refusal)}]` : INVALID_TOKEN;
  return answer(obj, status);
}

/**
 * The request authenticator's error: bearertoken.go's "invalid bearer token" when no token authenticator gave one, and
 * with the service-account authenticator's own (pkg/serviceaccount/claims.go, jwt.go) the union's aggregate of both.
 */
const INVALID_TOKEN = 'invalid bearer token';

/** Go's %q of a []string. */
const goQuoted = (a: string[]) => `[${a.map((x) => JSON.stringify(x)).join(' ')}]`;

function refusalText(r: TokenRefusal): string {
  switch (r[0]) {
    case 'expired': return 'service account token has expired';
    case 'notYet': return 'service account token is not valid yet';
    case 'invalidated': return 'service account token has been invalidated';
    case 'audiences': return `token audiences ${goQuoted(r[1])} is invalid for the target audiences ${goQuoted(r[2])}`;
    // The API server's ServiceAccount getter reads its storage: the registry's NotFound.
    case 'saGone': return `serviceaccounts "${r[1]}" not found`;
    case 'uid': return r[1] === 'sa' ? `service account UID (${r[2]}) does not match claim (${r[3]})` : `${r[1]} UID (${r[2]}) does not match service account ${r[1]} ref claim (${r[3]})`;
  }
}

/** selfsubjectreview.REST.Create: who the request's user is, stamped with the time it was asked. */
function selfSubjectReview({ s, info, user }: ReviewRequest): KObject {
  return { kind: info.kind, apiVersion: `${info.group}/${info.version}`, metadata: { creationTimestamp: rfc3339(s.clock.now()) }, status: { userInfo: userInfoOf(user) } } as KObject;
}

// ---------- authorization.k8s.io ----------

/** ValidateSubjectAccessReviewSpec (and the self review's, which has no subject). */
function validateAccessSpec(spec: Any, withSubject: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const resource = spec.resourceAttributes;
  const nonResource = spec.nonResourceAttributes;
  if (resource != null && nonResource != null) errs.push(field.invalid('spec.nonResourceAttributes', nonResource, 'cannot be specified in combination with resourceAttributes'));
  if (resource == null && nonResource == null) errs.push(field.invalid('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  if (withSubject && !spec.user && !(spec.groups?.length)) errs.push(field.invalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
  return errs;
}

/** The metadata a review may carry: nothing the client set but managedFields (and a local review's namespace). */
function validateEmptyMetadata(meta: Any, detail: string, allowed: string[]): FieldError[] {
  const rest = Object.keys(meta).filter((k) => !allowed.includes(k) && k !== 'managedFields' && meta[k] !== undefined);
  return rest.length ? [field.invalid('metadata', meta, detail)] : [];
}

/**
 * ValidateSubjectAccessReview and its kin fail with the internal object's kind, which decoding leaves empty:
 * `.authorization.k8s.io "" is invalid`, which kubectl prints as "The request is invalid".
 */
function refuse(errs: FieldError[]): void {
  if (errs.length) throw invalid('', 'authorization.k8s.io', '', errs);
}

/** The subject a SubjectAccessReview names (AuthorizationAttributesFrom). */
function subjectOf(spec: Any): UserInfo {
  return { name: String(spec.user ?? ''), groups: [...(spec.groups ?? [])], ...(spec.uid ? { uid: String(spec.uid) } : {}), ...(spec.extra ? { extra: spec.extra } : {}) };
}

function subjectAccessReview({ s, obj }: ReviewRequest): KObject {
  const spec = (obj.spec ?? {}) as Any;
  refuse([...validateAccessSpec(spec, true), ...validateEmptyMetadata(obj.metadata, 'must be empty', [])]);
  return answer(obj, accessReviewStatus(s, subjectOf(spec), spec));
}

function localSubjectAccessReview({ s, obj, namespace }: ReviewRequest): KObject {
  const spec = (obj.spec ?? {}) as Any;
  const ns = obj.metadata.namespace ?? '';
  const errs = [...validateAccessSpec(spec, true), ...validateEmptyMetadata(obj.metadata, 'must be empty except for namespace', ['namespace'])];
  if (spec.resourceAttributes != null && (spec.resourceAttributes.namespace ?? '') !== ns) errs.push(field.invalid('spec.resourceAttributes.namespace', spec.resourceAttributes.namespace ?? '', 'must match metadata.namespace'));
  if (spec.nonResourceAttributes != null) errs.push(field.invalid('spec.nonResourceAttributes', spec.nonResourceAttributes, 'disallowed on this kind of request'));
  refuse(errs);
  const requested = namespace ?? ns;
  if (!requested) throw badRequest(`namespace is required on this type: ${requested}`);
  if (requested !== ns) throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${requested}`);
  return answer(obj, accessReviewStatus(s, subjectOf(spec), spec));
}

function selfSubjectAccessReview({ s, obj, user }: ReviewRequest): KObject {
  const spec = (obj.spec ?? {}) as Any;
  refuse([...validateAccessSpec(spec, false), ...validateEmptyMetadata(obj.metadata, 'must be empty', [])]);
  return answer(obj, accessReviewStatus(s, user, spec));
}

/** selfsubjectrulesreview.REST.Create: a new review holding only the rules, spec and metadata left empty. */
function selfSubjectRulesReviewOf({ s, obj, user }: ReviewRequest): KObject {
  const namespace = (obj.spec as Any | undefined)?.namespace;
  if (!namespace) throw badRequest('no namespace on request');
  return answer({ ...obj, metadata: {} }, selfSubjectRulesReview(s, user, namespace), {});
}

const REVIEWS: Record<string, (r: ReviewRequest) => KObject> = {
  [TOKEN_REVIEWS]: tokenReview,
  [SELF_SUBJECT_REVIEWS]: selfSubjectReview,
  [SUBJECT_ACCESS_REVIEWS]: subjectAccessReview,
  [LOCAL_SUBJECT_ACCESS_REVIEWS]: localSubjectAccessReview,
  [SELF_SUBJECT_ACCESS_REVIEWS]: selfSubjectAccessReview,
  [SELF_SUBJECT_RULES_REVIEWS]: selfSubjectRulesReviewOf,
};

for (const [key, review] of Object.entries(REVIEWS)) {
  const info = lookupResource(key);
  if (info) createOnly(key, (s, namespace, input, opts) => review({ s, info, namespace, obj: decoded(s, info, namespace, input, opts), user: opts.user ?? ADMIN_USER }));
}
