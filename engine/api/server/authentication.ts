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
  return serviceAccountUser(apiserver, m[1]);
}

function serviceAccountUser(apiserver: APIServer, token: string): UserInfo | undefined {
  const c = verifiedClaims(token);
  if (!c || c.iss !== SERVICE_ACCOUNT_ISSUER || !c.aud?.includes(SERVICE_ACCOUNT_ISSUER)) return undefined;
  const now = apiserver.clock.now() / 1000;
  if (c.exp === undefined || now > c.exp + LEEWAY_S || (c.nbf !== undefined && now < c.nbf - LEEWAY_S)) return undefined;
  const k = c['kubernetes.io'];
  const ns = k?.namespace;
  if (!ns || !k.serviceaccount?.name) return undefined;
  const sa = apiserver.tryGet('serviceaccounts', ns, k.serviceaccount.name);
  if (!sa || (k.serviceaccount.uid && sa.metadata.uid !== k.serviceaccount.uid)) return undefined;
  if (k.pod) {
    const pod = apiserver.tryGet('pods', ns, k.pod.name ?? '');
    if (!pod || pod.metadata.uid !== k.pod.uid) return undefined;
    const deleted = pod.metadata.deletionTimestamp;
    if (deleted && Date.parse(deleted) / 1000 < now - DELETED_POD_GRACE_S) return undefined;
  }
  if (k.secret) {
    const secret = apiserver.tryGet('secrets', ns, k.secret.name ?? '');
    if (!secret || secret.metadata.uid !== k.secret.uid) return undefined;
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
  return { name: `system:serviceaccount:${ns}:${k.serviceaccount.name}`, uid: sa.metadata.uid, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, ALL_AUTHENTICATED], extra };
}
