/**
 * The RBAC chunk (loaded on first use by loader.ts): rbac.authorization.k8s.io/v1's
 * strategies (pkg/registry/rbac/*: no status, no generation; bindings' API groups
 * defaulted), their `get` tables, the bootstrap policy, the clusterrole-aggregation
 * controller, the authorizer for impersonated requests, the self-review APIs and
 * TokenRequest. Loading it registers the strategies and tables; nothing is
 * written to the store until a request touches the group (bootstrap.ts says why).
 */
import { registerStrategy } from '../strategy.js';
import '../../kubectl/printers/tables/rbac.js';
import {
  defaultBinding, validateClusterRole, validateClusterRoleBinding, validateClusterRoleBindingUpdate, validateClusterRoleUpdate,
  validateRole, validateRoleBinding, validateRoleBindingUpdate, validateRoleUpdate,
} from './validation.js';

export { authorizingClient, unauthorized, unauthorizedClient, ADMIN_USER, impersonatedUser, checkAuthorized, checkEscalation, checkNonResource, forbiddenError, resourceAttributes } from './impersonation.js';
export { createToken } from './token.js';
export { authenticate } from '../server/authentication.js';
export { certificateClient, clientCertificateUser, presentedCertificate } from '../server/client-certificate.js';
export { materialise, materialised, reconcileBootstrapPolicy } from './bootstrap.js';
export { sortedCompactRules, combineResourceGroup } from '../../kubectl/describe/rbac.js';

registerStrategy('roles.rbac.authorization.k8s.io', { validate: validateRole, validateUpdate: validateRoleUpdate });
registerStrategy('clusterroles.rbac.authorization.k8s.io', { validate: validateClusterRole, validateUpdate: validateClusterRoleUpdate });
registerStrategy('rolebindings.rbac.authorization.k8s.io', { defaults: defaultBinding, validate: validateRoleBinding, validateUpdate: validateRoleBindingUpdate });
registerStrategy('clusterrolebindings.rbac.authorization.k8s.io', { defaults: defaultBinding, validate: validateClusterRoleBinding, validateUpdate: validateClusterRoleBindingUpdate });
