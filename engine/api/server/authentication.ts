/**
 * kube-apiserver's authentication filter for a request without a client
 * certificate: a bearer token is tried by the service-account authenticator
 * (pkg/serviceaccount: this cluster's key, kubeadm's issuer, the API server's
 * audience, not expired, and for a bound token the pod, secret and
 * ServiceAccount still there with the same uid); a token nothing accepts is
 * a 401; no token at all is the anonymous user (kubeadm leaves
 * --anonymous-auth on).
 */
import type { APIServer } from '../apiserver.js';
import type { UserInfo } from '../rbac/authorizer.js';
import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED } from '../rbac/impersonation.js';
import { SERVICE_ACCOUNT_ISSUER, verifiedClaims } from '../service-account-token.js';

export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: [ALL_UNAUTHENTICATED] };

/** go-jose's jwt.DefaultLeeway, which the validator allows around exp and nbf. */
const LEEWAY_S = 60;
/** claims.go: a bound pod being deleted keeps its tokens valid this long past its deletionTimestamp. */
const DELETED_POD_GRACE_S = 60;

/** The user a request's Authorization header names: undefined when a token was sent and nothing accepted it (401). */
export function authenticate(apiserver: APIServer, authorization: string | undefined): UserInfo | undefined {
  if (authorization === undefined) return ANONYMOUS;
  const m = /^bearer\s+(\S+)\s*$/i.exec(authorization.trim());
  // A header that is no bearer token leaves the token authenticators nothing to try: the request is anonymous.
  if (!m) return ANONYMOUS;
  return authenticateToken(apiserver, m[1]).user;
}

/** What the token authenticators make of a bearer token: the user and the audiences it is good for, or why not. */
export interface TokenAuthentication { user?: UserInfo; audiences?: string[]; error?: string }

/**
 * The bearer-token authenticator for `audiences` (the API server's own unless a TokenReview names others): a token
 * that is not this cluster's JWT is only an "invalid bearer token"; the service-account authenticator's own error
 * joins it in the union's aggregate once the token is this issuer's.
 */
export function authenticateToken(apiserver: APIServer, token: string, audiences: string[] = [SERVICE_ACCOUNT_ISSUER]): TokenAuthentication {
  const c = verifiedClaims(token);
  if (!c || c.iss !== SERVICE_ACCOUNT_ISSUER) return { error: INVALID_TOKEN };
  const refused = (why: string): TokenAuthentication => ({ error: `[${INVALID_TOKEN}, ${why}]` });
  const now = apiserver.clock.now() / 1000;
  if (c.exp === undefined || now > c.exp + LEEWAY_S) return refused('service account token has expired');
  if (c.nbf !== undefined && now < c.nbf - LEEWAY_S) return refused('service account token is not valid yet');
  const granted = (c.aud ?? []).filter((a) => audiences.includes(a));
  if (!granted.length) return refused(`token audiences ${goQuoted(c.aud ?? [])} is invalid for the target audiences ${goQuoted(audiences)}`);
  const k = c['kubernetes.io'];
  const ns = k?.namespace;
  if (!ns || !k.serviceaccount?.name) return { error: INVALID_TOKEN };
  // claims.go: what the token names must still exist with the uid it had.
  const sa = apiserver.tryGet('serviceaccounts', ns, k.serviceaccount.name);
  if (!sa) return refused(`serviceaccounts "${k.serviceaccount.name}" not found`);
  if (k.serviceaccount.uid && sa.metadata.uid !== k.serviceaccount.uid) return refused(`service account UID (${sa.metadata.uid}) does not match claim (${k.serviceaccount.uid})`);
  if (k.pod) {
    const pod = apiserver.tryGet('pods', ns, k.pod.name ?? '');
    if (!pod) return refused(INVALIDATED);
    if (pod.metadata.uid !== k.pod.uid) return refused(`pod UID (${pod.metadata.uid}) does not match service account pod ref claim (${k.pod.uid})`);
    const deleted = pod.metadata.deletionTimestamp;
    if (deleted && Date.parse(deleted) / 1000 < now - DELETED_POD_GRACE_S) return refused(INVALIDATED);
  }
  if (k.secret) {
    const secret = apiserver.tryGet('secrets', ns, k.secret.name ?? '');
    if (!secret) return refused(INVALIDATED);
    if (secret.metadata.uid !== k.secret.uid) return refused(`secret UID (${secret.metadata.uid}) does not match service account secret ref claim (${k.secret.uid})`);
  }
  // ServiceAccountInfo.UserInfo: the pod a bound token names, the token's JTI as its credential id, and its node.
  const extra: Record<string, string[]> = {};
  if (k.pod?.name && k.pod.uid) {
    extra['authentication.kubernetes.io/pod-name'] = [k.pod.name];
    extra['authentication.kubernetes.io/pod-uid'] = [k.pod.uid];
  }
  if (c.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${c.jti}`];
  if (k.node?.name) {
    extra['authentication.kubernetes.io/node-name'] = [k.node.name];
    if (k.node.uid) extra['authentication.kubernetes.io/node-uid'] = [k.node.uid];
  }
  const user = { name: `system:serviceaccount:${ns}:${k.serviceaccount.name}`, uid: sa.metadata.uid, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, ALL_AUTHENTICATED], extra };
  return { user, audiences: granted };
}

/** bearertoken.go's error when no token authenticator gave one. */
const INVALID_TOKEN = 'invalid bearer token';
const INVALIDATED = 'service account token has been invalidated';

/** Go's %q of a []string. */
const goQuoted = (a: string[]) => `[${a.map((s) => JSON.stringify(s)).join(' ')}]`;
