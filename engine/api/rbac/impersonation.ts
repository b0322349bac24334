/**
 * Requests made as someone else (`kubectl --as=jane --as-group=dev`, the
 * Impersonate-User and Impersonate-Group headers): kube-apiserver's
 * impersonation filter builds the user, and the authorization filter asks
 * Node,RBAC (kubeadm's --authorization-mode) whether that user may make the
 * request. Only impersonated requests are checked here: the learner's own
 * identity (kubernetes-admin in kubeadm:cluster-admins, bound to
 * cluster-admin) and the components (kubelets, controllers, scheduler) are
 * allowed everything, so they pay nothing per request. The Node authorizer
 * is not modelled: an impersonated system:node:<name> is judged by RBAC alone
 * (the system:node ClusterRoleBinding has no subjects, so it gets little).
 */
import type { APIServer } from '../apiserver.js';
import type { Client } from '../client.js';
import type { WriteOptions } from '../apiserver.js';
import { StatusError, qualifiedResource, type StatusReason } from '../errors.js';
import type { KObject } from '../meta.js';
import { lookupResource, type ResourceInfo } from '../resources.js';
import { authorize, roleReferenceRules, rulesFor, SERVICE_ACCOUNT_PREFIX, type UserInfo } from './authorizer.js';
import { materialise } from './bootstrap.js';
import { compactRules, compactString, covers, type PolicyRule, type RequestAttributes } from './rules.js';
import { storeSource } from './source.js';
import { RBAC_GROUP } from './validation.js';

export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const SYSTEM_MASTERS = 'system:masters';

/** kubeadm's admin.conf identity, the terminal's own user. */
export const ADMIN_USER: UserInfo = { name: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', ALL_AUTHENTICATED] };

/**
 * The impersonation filter's user: a ServiceAccount username gets its two groups unless groups were given;
 * every non-anonymous user gets system:authenticated unless it named that group or system:unauthenticated.
 */
export function impersonatedUser(name: string, groups: string[]): UserInfo {
  let g = [...groups];
  if (name.startsWith(SERVICE_ACCOUNT_PREFIX) && g.length === 0) {
    const ns = name.slice(SERVICE_ACCOUNT_PREFIX.length).split(':')[0];
    g = ['system:serviceaccounts', `system:serviceaccounts:${ns}`];
  }
  if (name !== 'system:anonymous' && !g.includes(ALL_AUTHENTICATED) && !g.includes(ALL_UNAUTHENTICATED)) g.push(ALL_AUTHENTICATED);
  return { name, groups: g };
}

/** responsewriters.forbiddenMessage. */
export function forbiddenMessage(user: string, a: RequestAttributes): string {
  if (!a.resourceRequest) return `User ${JSON.stringify(user)} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (a.namespace) return `User ${JSON.stringify(user)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup ?? '')} in the namespace ${JSON.stringify(a.namespace)}`;
  return `User ${JSON.stringify(user)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup ?? '')} at the cluster scope`;
}

/** errors.NewForbidden: `pods "x" is forbidden: ...`, or `pods is forbidden: ...` without a name. */
export function forbiddenError(resource: string, group: string, name: string, why: string): StatusError {
  const qr = qualifiedResource(resource, group);
  const message = name ? `${qr} ${JSON.stringify(name)} is forbidden: ${why}` : `${qr} is forbidden: ${why}`;
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: { name: name || undefined, group: group || undefined, kind: resource }, code: 403 });
}

/**
 * The attributes of a request on a resource. A namespaced resource's `namespace` undefined is the default one (a
 * create that names none); '' is every namespace (a LIST or WATCH across them, judged at the cluster scope).
 */
export function resourceAttributes(info: ResourceInfo, verb: string, namespace: string | undefined, name: string, subresource = ''): RequestAttributes {
  return { verb, resourceRequest: true, apiGroup: info.group, resource: info.resource, subresource, name, namespace: info.namespaced ? namespace ?? 'default' : '' };
}

/** The authorization filter: a denied request's 403, with the authorizer's reason after the message. */
export function checkAuthorized(apiserver: APIServer, user: UserInfo, a: RequestAttributes): void {
  const d = authorize(storeSource(apiserver), user, a);
  if (d.allowed) return;
  const why = forbiddenMessage(user.name, a) + (d.reason ? `: ${d.reason}` : '');
  throw forbiddenError(a.resource ?? '', a.apiGroup ?? '', a.name ?? '', why);
}

/** A request on a path that is no resource (/api, /version, /logs): the filter's `forbidden: User "x" cannot get path "/logs"`. */
export function checkNonResource(apiserver: APIServer, user: UserInfo, a: RequestAttributes): void {
  const d = authorize(storeSource(apiserver), user, a);
  if (d.allowed) return;
  const message = `forbidden: ${forbiddenMessage(user.name, a)}${d.reason ? `: ${d.reason}` : ''}`;
  throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: {}, code: 403 });
}

const FULL_AUTHORITY: PolicyRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }];

const goQuoteList = (a: string[]) => `[${a.map((s) => JSON.stringify(s)).join(' ')}]`;

/** ConfirmNoEscalation: the user's own rules in the namespace must cover what they grant. */
export function confirmNoEscalation(apiserver: APIServer, user: UserInfo, namespace: string, rules: PolicyRule[]): string | undefined {
  const own = rulesFor(storeSource(apiserver), user, namespace);
  const [ok, missing] = covers(own.rules, rules);
  if (ok) return undefined;
  const lines = [...new Set(compactRules(missing).map(compactString))].sort();
  let msg = `user ${JSON.stringify(user.name)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  if (own.errors.length) msg += `; resolution errors: [${own.errors.join(' ')}]`;
  return msg;
}

/** The RBAC registry's policy-based storage: a role may grant, and a binding may bind, only what its author holds. */
export function checkEscalation(apiserver: APIServer, user: UserInfo, info: ResourceInfo, namespace: string | undefined, obj: KObject): void {
  if (user.groups.includes(SYSTEM_MASTERS)) return;
  const src = storeSource(apiserver);
  const name = obj.metadata?.name ?? '';
  const ns = info.namespaced ? namespace || obj.metadata?.namespace || 'default' : '';
  const o = obj as unknown as { rules?: PolicyRule[] | null; aggregationRule?: unknown; roleRef?: { kind?: string; name?: string } };
  if (info.resource === 'roles' || info.resource === 'clusterroles') {
    if (authorize(src, user, { verb: 'escalate', resourceRequest: true, apiGroup: RBAC_GROUP, resource: info.resource, name, namespace: ns }).allowed) return;
    const err = confirmNoEscalation(apiserver, user, ns, o.rules ?? []);
    if (err) throw forbiddenError(info.resource, RBAC_GROUP, name, err);
    if (info.resource === 'clusterroles' && o.aggregationRule && confirmNoEscalation(apiserver, user, ns, FULL_AUTHORITY)) {
      throw forbiddenError(info.resource, RBAC_GROUP, name, 'must have cluster-admin privileges to use the aggregationRule');
    }
    return;
  }
  const ref = o.roleRef ?? {};
  const refResource = ref.kind === 'Role' ? 'roles' : 'clusterroles';
  if (authorize(src, user, { verb: 'bind', resourceRequest: true, apiGroup: RBAC_GROUP, resource: refResource, name: ref.name ?? '', namespace: ns }).allowed) return;
  const got = roleReferenceRules(src, ref, ns);
  // The registry's getter reports a missing role by its plural resource.
  if (got.error) throw forbiddenError(info.resource, RBAC_GROUP, name, `${refResource}.${RBAC_GROUP} ${JSON.stringify(ref.name)} not found`);
  const err = confirmNoEscalation(apiserver, user, ns, got.rules);
  if (err) throw forbiddenError(info.resource, RBAC_GROUP, name, err);
}

const RBAC_SUFFIX = `.${RBAC_GROUP}`;

/**
 * kubectl's client as the API server treats it: a request touching rbac.authorization.k8s.io materialises the
 * bootstrap policy first; an impersonated one (`user` set) is authorized, and its RBAC writes checked for escalation.
 */
/** The requests a client makes of the API server (the rest of it is local). */
const REQUESTS = new Set(['get', 'tryGet', 'list', 'watch', 'create', 'update', 'updateStatus', 'patch', 'delete', 'updateScale', 'bind', 'connect']);

/** The authentication filter's 401 for a bearer token nothing accepts (NewUnauthorized("Unauthorized")). */
export function unauthorized(): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized' as StatusReason, code: 401 });
}

/** A client whose bearer token nothing accepts: the authentication filter answers every request 401 before anything else. */
export function unauthorizedClient(client: Client): Client {
  const refuse = () => {
    throw unauthorized();
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      return typeof prop === 'string' && REQUESTS.has(prop) ? refuse : Reflect.get(target, prop, receiver);
    },
  });
}

export function authorizingClient(apiserver: APIServer, client: Client, user: UserInfo | undefined): Client {
  const touch = (resource: string) => {
    if (resource.endsWith(RBAC_SUFFIX)) materialise(apiserver);
  };
  if (user) materialise(apiserver);
  const check = (resource: string, verb: string, namespace: string | undefined, name: string, subresource = '') => {
    touch(resource);
    if (!user) return;
    const info = lookupResource(resource);
    if (!info) return;
    checkAuthorized(apiserver, user, resourceAttributes(info, verb, namespace, name, subresource));
  };
  const c = client as unknown as Record<string, (...a: unknown[]) => unknown>;
  const wrap: Record<string, (...a: unknown[]) => unknown> = {
    get: (r, ns, name) => { check(r as string, 'get', ns as string, name as string); return c.get(r, ns, name); },
    tryGet: (r, ns, name) => { check(r as string, 'get', ns as string, name as string); return c.tryGet(r, ns, name); },
    // Without a namespace, a LIST or WATCH spans them all (`-A`).
    list: (r, ns, opts) => { check(r as string, 'list', (ns as string | undefined) ?? '', ''); return c.list(r, ns, opts); },
    watch: (r, ns, opts, h, close) => { check(r as string, 'watch', (ns as string | undefined) ?? '', ''); return c.watch(r, ns, opts, h, close); },
    create: (r, ns, obj, opts) => {
      const o = obj as KObject;
      const namespace = (ns as string | undefined) || o.metadata?.namespace || undefined;
      check(r as string, 'create', namespace, '');
      const info = lookupResource(r as string);
      if (user && info && (r as string).endsWith(RBAC_SUFFIX)) checkEscalation(apiserver, user, info, namespace, o);
      // The reviews answer for the request's user.
      return c.create(r, ns, obj, user ? { ...(opts as WriteOptions | undefined), user } : opts);
    },
    update: (r, obj, opts) => {
      const o = obj as KObject;
      check(r as string, 'update', o.metadata?.namespace, o.metadata?.name ?? '', (opts as { subresource?: string } | undefined)?.subresource);
      const info = lookupResource(r as string);
      if (user && info && (r as string).endsWith(RBAC_SUFFIX)) checkEscalation(apiserver, user, info, o.metadata?.namespace, o);
      return c.update(r, obj, user ? { ...(opts as WriteOptions | undefined), user } : opts);
    },
    updateStatus: (r, obj, opts) => { const o = obj as KObject; check(r as string, 'update', o.metadata?.namespace, o.metadata?.name ?? '', 'status'); return c.updateStatus(r, obj, opts); },
    patch: (r, ns, name, type, p, opts) => {
      const o = opts as { subresource?: string; dryRun?: boolean } | undefined;
      check(r as string, 'patch', ns as string, name as string, o?.subresource);
      const info = lookupResource(r as string);
      if (user && info && (r as string).endsWith(RBAC_SUFFIX) && !o?.subresource) {
        // The registry's update wraps the patched object in the escalation check: the object the patch makes is judged.
        const patched = c.patch(r, ns, name, type, p, { ...(o ?? {}), dryRun: true }) as KObject;
        checkEscalation(apiserver, user, info, ns as string | undefined, patched);
      }
      return c.patch(r, ns, name, type, p, opts);
    },
    delete: (r, ns, name, opts) => { check(r as string, 'delete', ns as string, name as string); return c.delete(r, ns, name, opts); },
    connect: (r, ns, name, sub, verb) => { check(r as string, verb as string, ns as string, name as string, sub as string); return c.connect(r, ns, name, sub, verb); },
    bind: (ns, pod, node, opts) => { check('pods', 'create', ns as string, pod as string, 'binding'); return c.bind(ns, pod, node, opts); },
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in wrap) return wrap[prop];
      return Reflect.get(target, prop, receiver);
    },
  });
}
