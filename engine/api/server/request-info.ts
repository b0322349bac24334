/**
 * The RequestInfoResolver (k8s.io/apiserver pkg/endpoints/request): what a
 * request's method and path ask for, in the attributes the authorizer judges.
 */
import { SERVED as RESOURCES } from '../resources.js';
import type { RequestAttributes } from '../rbac/rules.js';

// Parts after the subresource (a proxy's path) are the request's own business, not the authorizer's.
const PATH = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?(?:\/.*)?$/;

/** The RequestInfoResolver's attributes of a request. */
export function attributesOf(method: string, path: string, url: URL): RequestAttributes {
  // The self-reviews are resources (create-only) of their groups, at cluster scope.
  const review = /^\/apis\/(authorization\.k8s\.io|authentication\.k8s\.io)\/v1\/(selfsubjectaccessreviews|selfsubjectrulesreviews|selfsubjectreviews)$/.exec(path);
  if (review) return { verb: verbOf(method, false, url), resourceRequest: true, apiGroup: review[1], resource: review[2], name: '', subresource: '', namespace: '' };
  const m = PATH.exec(path);
  const known = m && RESOURCES.some((r) => r.resource === m[5] && r.group === (m[2] ?? '') && r.version === (m[1] ?? m[3]));
  if (!m || !known) {
    // A namespace object's own path: /api/v1/namespaces/NAME.
    const ns = /^\/api\/v1\/namespaces\/([^/]+)(?:\/(status|finalize))?$/.exec(path);
    if (!ns) return { verb: method.toLowerCase(), resourceRequest: false, path };
    return { verb: verbOf(method, true, url), resourceRequest: true, apiGroup: '', resource: 'namespaces', name: ns[1], subresource: ns[2] ?? '', namespace: ns[1] };
  }
  const [, , group = '', , namespace = '', resource, name = '', subresource = ''] = m;
  return { verb: verbOf(method, !!name, url), resourceRequest: true, apiGroup: group, resource, name, subresource, namespace };
}

function verbOf(method: string, named: boolean, url: URL): string {
  const watch = url.searchParams.get('watch');
  switch (method) {
    // A non-resource request keeps its method as its verb (HEAD /version is "head"); a resource's HEAD is a GET.
    case 'GET': case 'HEAD': return watch === 'true' || watch === '1' ? 'watch' : named ? 'get' : 'list';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return named ? 'delete' : 'deletecollection';
    default: return method.toLowerCase();
  }
}

