/**
 * What kube-apiserver does with a request before it reaches a resource, for
 * the oracle's front: the impersonation filter (Impersonate-User,
 * Impersonate-Group headers, which kubectl's --as and --as-group set), the
 * authorization filter (RBAC; only impersonated requests are checked, as in
 * the engine), and the endpoints that are not stored resources: the
 * reviews of authorization.k8s.io and authentication.k8s.io (the engine's
 * api/registry/reviews.ts, as the request's user) and TokenRequest (POST serviceaccounts/NAME/token). The RBAC group is
 * materialised by the first request that touches it, as in the engine.
 */
import type http from 'node:http';
import type { Cluster } from '../../engine/cluster.js';
import { isStatusError } from '../../engine/api/errors.js';
import { lookupResource } from '../../engine/api/resources.js';
import { loadRBAC } from '../../engine/api/rbac/loader.js';
import type { UserInfo } from '../../engine/api/rbac/authorizer.js';
import { attributesOf } from '../../engine/api/server/request-info.js';

const rbac = await loadRBAC();

type Answer = { code: number; body: unknown };

/** The impersonated user, or undefined for the kubeconfig's own (kubernetes-admin). */
export function impersonation(req: http.IncomingMessage): UserInfo | undefined {
  const name = req.headers['impersonate-user'];
  if (typeof name !== 'string' || !name) return undefined;
  const groups = req.headersDistinct?.['impersonate-group'] ?? [];
  return rbac.impersonatedUser(name, groups);
}

/** The authorization filter's 403 for a denied impersonated request (undefined: let it through). */
export function guard(cluster: Cluster, req: http.IncomingMessage, user: UserInfo | undefined, path: string, url: URL): Answer | undefined {
  // A resource path of the group, not its discovery document (which every kubectl run reads).
  if (user || /^\/apis\/rbac\.authorization\.k8s\.io\/v1\/./.test(path)) rbac.materialise(cluster.apiserver);
  if (!user) return undefined;
  const a = attributesOf(req.method ?? 'GET', path, url);
  const info = a.resourceRequest ? lookupResource(a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource!) : undefined;
  try {
    if (info) rbac.checkAuthorized(cluster.apiserver, user, rbac.resourceAttributes(info, a.verb, a.namespace, a.name ?? '', a.subresource));
    else if (a.resourceRequest) rbac.checkAuthorized(cluster.apiserver, user, a);
    else rbac.checkNonResource(cluster.apiserver, user, a);
  } catch (e) {
    if (isStatusError(e)) return { code: e.status.code, body: e.status };
    throw e;
  }
  return undefined;
}

/** An impersonated write of a role or binding: the escalation check the RBAC storage makes. */
export function checkEscalation(cluster: Cluster, user: UserInfo | undefined, key: string, namespace: string | undefined, obj: unknown): Answer | undefined {
  const info = lookupResource(key);
  if (!user || !info || info.group !== 'rbac.authorization.k8s.io') return undefined;
  try {
    rbac.checkEscalation(cluster.apiserver, user, info, namespace, obj as never);
  } catch (e) {
    if (isStatusError(e)) return { code: e.status.code, body: e.status };
    throw e;
  }
  return undefined;
}

const ADMIN = rbac.ADMIN_USER;
await import('../../engine/api/registry/reviews.js');
const REVIEW_PATH = /^\/apis\/(authorization\.k8s\.io|authentication\.k8s\.io)\/v1\/(?:namespaces\/([^/]+)\/)?(\w+reviews)$/;

/** POSTs that create no stored object: the self-reviews and TokenRequest. */
export function serveReview(cluster: Cluster, path: string, body: string, user: UserInfo | undefined): Answer | undefined {
  const who = user ?? ADMIN;
  const parse = () => JSON.parse(body || '{}') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  // The reviews, as the engine's API server answers them (engine/api/registry/reviews.ts).
  const review = REVIEW_PATH.exec(path);
  if (review) {
    try {
      return { code: 201, body: cluster.apiserver.create(`${review[3]}.${review[1]}`, review[2], parse() as never, { user: who }) };
    } catch (e) {
      if (isStatusError(e)) return { code: e.status.code, body: e.status };
      throw e;
    }
  }
  const token = /^\/api\/v1\/namespaces\/([^/]+)\/serviceaccounts\/([^/]+)\/token$/.exec(path);
  if (token) {
    const o = parse();
    try {
      return { code: 201, body: rbac.createToken(cluster.apiserver, token[1], token[2], o.spec ?? {}) };
    } catch (e) {
      if (isStatusError(e)) return { code: e.status.code, body: e.status };
      throw e;
    }
  }
  return undefined;
}
