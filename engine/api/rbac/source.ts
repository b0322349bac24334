/** The authorizer's view of the API server's store (its informers' listers, in kube-apiserver). */
import type { APIServer } from '../apiserver.js';
import type { KObject } from '../meta.js';
import type { PolicySource } from './authorizer.js';
import { CLUSTER_ROLE_BINDINGS_KEY, CLUSTER_ROLES_KEY, ROLE_BINDINGS_KEY, ROLES_KEY } from './bootstrap.js';

export function storeSource(apiserver: APIServer): PolicySource {
  const store = apiserver.store;
  return {
    clusterRoleBindings: () => store.bucket(CLUSTER_ROLE_BINDINGS_KEY).values(),
    *roleBindings(namespace: string): Iterable<KObject> {
      for (const b of store.bucket(ROLE_BINDINGS_KEY).values()) if (b.metadata.namespace === namespace) yield b;
    },
    clusterRole: (name) => store.get(CLUSTER_ROLES_KEY, name),
    role: (namespace, name) => store.get(ROLES_KEY, `${namespace}/${name}`),
  };
}
