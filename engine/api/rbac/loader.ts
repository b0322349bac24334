/**
 * The eager side of RBAC: when to load the RBAC chunk (index.ts) and how
 * kubectl's client goes through it. Kept to a few lines so the page's
 * pre-prompt load does not grow; the policy, authorizer and tables load on
 * first use, with the clock held, and the lab prefetches them at idle.
 */
import type { Client } from '../client.js';
import type { Cluster } from '../../cluster.js';
import { lazyModule } from '../../util/lazy-module.js';
import { loadLazyTypes } from '../schema/lazy.js';

const rbac = lazyModule(() => import('./index.js'));

/** The RBAC chunk, with the kinds' field types (schema/lazy.ts, LAZY_ROOTS in generate.ts) the decoder needs. */
export const loadRBAC = (): ReturnType<typeof rbac.load> => Promise.all([rbac.load(), loadLazyTypes()]).then(([m]) => m);
export const rbacLoaded = rbac.loaded;
export const rbacCode = rbac;
/** apiserver.state: the bootstrap policy has been written (bootstrap.ts). */
export const RBAC_MATERIALISED = 'rbac.materialised';

/** A command line that may read or write RBAC objects, authorize as someone else, or ask the review or token APIs. */
export function mayTouchRBAC(argv: string[]): boolean {
  return argv.some((a) => /role|rbac|^--as\b|^--token\b|^auth$|^token$/i.test(a));
}

/**
 * kubectl's client: through the RBAC chunk once it is loaded, as the user `--token` authenticates (a token
 * nothing accepts fails every request with 401), impersonating whom `--as` and `--as-group` say.
 */
export function kubectlClient(cluster: Cluster, client: Client, as: string, asGroups: string[], token = '', certificate?: string): Client {
  const m = rbac.loaded();
  if (!m) return client;
  if (as) return m.authorizingClient(cluster.apiserver, client, m.impersonatedUser(as, asGroups));
  // The TLS handshake's client certificate is tried before any bearer token.
  if (certificate !== undefined) return m.certificateClient(cluster, client, certificate);
  if (!token) return m.authorizingClient(cluster.apiserver, client, undefined);
  const user = m.authenticate(cluster.apiserver, `Bearer ${token}`);
  return user ? m.authorizingClient(cluster.apiserver, client, user) : m.unauthorizedClient(client);
}
