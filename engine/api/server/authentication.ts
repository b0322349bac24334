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

/**
 * Why pkg/serviceaccount refused a token of this issuer, with what its error names (registry/reviews.ts writes the
 * texts): expired, not yet valid, audiences (the token's, the wanted), a ServiceAccount gone, a uid that no longer
 * matches (whose: sa, pod or secret; the object's, the claim's), a bound object gone or deleted (invalidated).
 */
export type TokenRefusal = ['expired' | 'notYet' | 'invalidated'] | ['audiences', string[], string[]] | ['saGone', string] | ['uid', 'sa' | 'pod' | 'secret', string, string];

/** What the token authenticators make of a bearer token: the user and the audiences it is good for; `invalid` when not. */
export interface TokenAuthentication { user?: UserInfo; audiences?: string[]; invalid?: boolean; refusal?: TokenRefusal }

/** The bearer-token authenticator for `audiences` (the API server's own unless a TokenReview names others). */
export function authenticateToken(apiserver: APIServer, token: string, audiences: string[] = [SERVICE_ACCOUNT_ISSUER]): TokenAuthentication {
  const c = verifiedClaims(token);
  // Not this cluster's JWT: no authenticator says more than the bearer-token wrapper's "invalid bearer token".
  if (!c || c.iss !== SERVICE_ACCOUNT_ISSUER) return { invalid: true };
  const refused = (refusal: TokenRefusal): TokenAuthentication => ({ invalid: true, refusal });
  const now = apiserver.clock.now() / 1000;
  if (c.exp === undefined || now > c.exp + LEEWAY_S) return refused(['expired']);
  if (c.nbf !== undefined && now < c.nbf - LEEWAY_S) return refused(['notYet']);
  const granted = (c.aud ?? []).filter((a) => audiences.includes(a));
  if (!granted.length) return refused(['audiences', c.aud ?? [], audiences]);
  const k = c['kubernetes.io'];
  const ns = k?.namespace;
  if (!ns || !k.serviceaccount?.name) return { invalid: true };
  // claims.go: what the token names must still exist with the uid it had.
  const sa = apiserver.tryGet('serviceaccounts', ns, k.serviceaccount.name);
  if (!sa) return refused(['saGone', k.serviceaccount.name]);
  if (k.serviceaccount.uid && sa.metadata.uid !== k.serviceaccount.uid) return refused(['uid', 'sa', sa.metadata.uid ?? '', k.serviceaccount.uid]);
  for (const [kind, ref] of [['secret', k.secret], ['pod', k.pod]] as const) {
    if (!ref) continue;
    const obj = apiserver.tryGet(kind === 'pod' ? 'pods' : 'secrets', ns, ref.name ?? '');
    if (!obj) return refused(['invalidated']);
    if (obj.metadata.uid !== ref.uid) return refused(['uid', kind, obj.metadata.uid ?? '', ref.uid ?? '']);
    const deleted = obj.metadata.deletionTimestamp;
    if (deleted && Date.parse(deleted) / 1000 < now - DELETED_POD_GRACE_S) return refused(['invalidated']);
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
