/**
 * TokenRequest (POST serviceaccounts/NAME/token, pkg/registry/core/serviceaccount/storage/token.go
 * and pkg/serviceaccount/claims.go, release-1.35): a JWT signed RS256 by the
 * service-account key, issued by kubeadm's --service-account-issuer.
 *
 * The signature and key id are not an RSA signature: they are bytes of the
 * right length from a generator seeded by the cluster and the token's claims,
 * so the same request at the same instant gives the same token (the engine is
 * deterministic) and the text has a real token's shape (a 2048-bit key signs
 * 256 bytes: 342 base64url characters).
 */
import { badRequest, conflict, field, invalid, notFound } from '../errors.js';
import type { APIServer } from '../apiserver.js';
import type { KObject } from '../meta.js';
import { issueServiceAccountToken, SERVICE_ACCOUNT_ISSUER } from '../service-account-token.js';
import { rfc3339 } from '../../util/time.js';

/** SetDefaults_TokenRequestSpec. */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

export interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind: string; apiVersion?: string; name: string; uid?: string };
}

type Ref = { name?: string; uid?: string };
const ref = (o: KObject): Ref => ({ name: o.metadata.name, uid: o.metadata.uid });

/** Creates the TokenRequest for ServiceAccount namespace/name: the object the API server returns. */
export function createToken(apiserver: APIServer, namespace: string, name: string, spec: TokenRequestSpec): KObject {
  const sa = apiserver.tryGet('serviceaccounts', namespace, name);
  if (!sa) throw notFound('serviceaccounts', '', name);
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) throw invalid('TokenRequest', 'authentication.k8s.io', name, [field.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes')]);
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) throw invalid('TokenRequest', 'authentication.k8s.io', name, [field.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds')]);
  const audiences = spec.audiences?.length ? spec.audiences : [SERVICE_ACCOUNT_ISSUER];
  const boundRefs: { pod?: Ref; node?: Ref; secret?: Ref } = {};
  const bound = spec.boundObjectRef;
  if (bound) {
    const resource = bound.kind === 'Pod' ? 'pods' : bound.kind === 'Secret' ? 'secrets' : bound.kind === 'Node' ? 'nodes' : '';
    if (!resource) throw badRequest(`cannot bind token for serviceaccount "${name}" to object of kind "${bound.kind}"`);
    const obj = apiserver.tryGet(resource, resource === 'nodes' ? undefined : namespace, bound.name);
    if (!obj) throw notFound(resource, '', bound.name);
    if (bound.uid && bound.uid !== obj.metadata.uid) throw conflict(bound.kind, '', bound.name, `the UID in the bound object reference (${bound.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    if (resource === 'pods') {
      boundRefs.pod = ref(obj);
      // ServiceAccountTokenPodNodeInfo: a token bound to a scheduled pod names its node too.
      const nodeName = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
      const node = nodeName ? apiserver.tryGet('nodes', undefined, nodeName) : undefined;
      if (node) boundRefs.node = ref(node);
    } else if (resource === 'secrets') boundRefs.secret = ref(obj);
    else boundRefs.node = ref(obj);
  }
  const nowMs = apiserver.clock.now();
  const now = Math.floor(nowMs / 1000);
  const token = issueServiceAccountToken({
    namespace, serviceAccount: ref(sa), audiences, expirationSeconds, bound: bound ? boundRefs : undefined, nowMs, seed: `${namespace}/${name}@${nowMs}#${audiences.join(',')}`,
  });
  const specOut: Record<string, unknown> = { audiences, expirationSeconds, boundObjectRef: bound ? { kind: bound.kind, apiVersion: bound.apiVersion ?? 'v1', name: bound.name, ...(bound.uid ? { uid: bound.uid } : {}) } : null };
  return {
    kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace },
    spec: specOut, status: { token, expirationTimestamp: rfc3339((now + expirationSeconds) * 1000) },
  } as KObject;
}
